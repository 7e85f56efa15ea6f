"""The language of each request: its `?lang=`, else its `Accept-Language`, else Swedish.

Set for everything the request runs (hop explanations, the explorer's
messages), as plain ASGI middleware, and named in `Content-Language`.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphmodel.messages import negotiate, speaking


def request_language(scope: Scope) -> str:
    asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [None])[0]
    accepted = next((value.decode("latin-1") for name, value in scope.get("headers", ())
                     if name == b"accept-language"), None)
    return negotiate(asked, accepted)


class LanguageMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang = request_language(scope)

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Language", lang)
                headers.append("Vary", "Accept-Language")
            await send(message)

        with speaking(lang):
            await self.app(scope, receive, send_with_language)
