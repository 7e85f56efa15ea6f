"""The language of each request: its `?lang=`, else its `Accept-Language`, else Swedish.

Set for everything the request runs (hop explanations, the explorer's
messages), as plain ASGI middleware, and named in `Content-Language`. `lang`
is taken out of the query string here, so that every resource accepts it
although their query models refuse parameters they do not know.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphmodel.messages import negotiate, speaking


def request_language(scope: Scope) -> tuple[str, bytes]:
    """The request's language, and its query string without `lang`."""
    raw = scope.get("query_string", b"")
    if b"lang=" not in raw:
        return negotiate(None, _accepted(scope)), raw
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    asked = next((value for name, value in pairs if name == "lang"), None)
    rest = urlencode([(name, value) for name, value in pairs if name != "lang"], encoding="latin-1")
    return negotiate(asked, _accepted(scope)), rest.encode("latin-1")


def _accepted(scope: Scope) -> str | None:
    return next((value.decode("latin-1") for name, value in scope.get("headers", ())
                 if name == b"accept-language"), None)


class LanguageMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang, query = request_language(scope)
        scope = {**scope, "query_string": query}

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Language", lang)
                headers.append("Vary", "Accept-Language")
            await send(message)

        with speaking(lang):
            await self.app(scope, receive, send_with_language)
