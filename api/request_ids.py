"""A request id on every response and on every log line written while the request runs, with the security headers.

A caller's own `X-Request-ID` is kept when it is a plain token, so a request
can be followed from the calling system into our log; otherwise one is made.
Written as plain ASGI middleware: it adds no per-request task or body copy.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.language import request_language
from api.security import add_security_headers
from graphmodel.messages import speaking

HEADER = "X-Request-ID"
_CALLER_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
access_log = logging.getLogger("govgraph.api.access")


def current_request_id() -> str:
    return _request_id.get()


def request_id_from(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if _CALLER_ID.match(text):
                return text
    return uuid.uuid4().hex


class ResponseHeadersMiddleware:
    """One wrapper of `send` for every response: its request id, its language, the security headers, the access log."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope)
        lang, query = request_language(scope)
        scope = {**scope, "query_string": query}
        token = _request_id.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                if HEADER not in headers:
                    headers.append(HEADER, request_id)
                headers.setdefault("Content-Language", lang)
                headers.append("Vary", "Accept-Language")
                add_security_headers(headers)
            await send(message)

        try:
            with speaking(lang):
                await self.app(scope, receive, send_with_headers)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            access_log.info("%s %s %s %d %.1fms", request_id, scope["method"], scope["path"], status, elapsed)
            _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record, so a log format can show it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True
