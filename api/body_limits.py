"""Request bodies bounded before any route parses them: at most `MAX_BODY_BYTES`, JSON nested at most `MAX_JSON_DEPTH`.

Every route that takes a body takes a small JSON document (a Cypher query and
its parameters, a stored query's parameters, a key's name), so a body is read
up to the limit and no further: a larger one is a 413 whether or not it
declares its length, and memory holds at most the limit. JSON nested deeper
than any parameter needs is a 422 before the parser recurses into it. The
upload route reads its own multipart body through its own, larger budget and
is left alone here. Plain ASGI middleware, like `api.request_ids`.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem_response

MAX_BODY_BYTES = 1_000_000
MAX_JSON_DEPTH = 32
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# What json_depth says of a document deeper than Python's parser recurses.
BOTTOMLESS = 1_000_000


class BodyTooLarge(Exception):
    pass


def json_depth(body: bytes) -> int:
    """How deeply the document's arrays and objects nest; 0 for a body that is no JSON (the route says so)."""
    try:
        document = json.loads(body)
    except RecursionError:
        return BOTTOMLESS
    except ValueError:
        return 0
    deepest, stack = 0, [(document, 0)]
    while stack:  # a loop, not recursion: the document may be as deep as the parser allows
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            stack.extend((item, depth) for item in (value.values() if isinstance(value, dict) else value))
    return deepest


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, exempt: tuple[str, ...] = (), max_bytes: int = MAX_BODY_BYTES,
                 max_depth: int = MAX_JSON_DEPTH) -> None:
        self.app = app
        self.exempt = exempt
        self.max_bytes = max_bytes
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS or scope["path"].startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        try:
            body = await self._bounded_body(request, receive)
        except BodyTooLarge:
            await self._refuse(request, 413, "Request too large",
                               f"the request body is larger than {self.max_bytes} bytes; it was not read further",
                               scope, receive, send)
            return
        if _is_json(request) and json_depth(body) > self.max_depth:
            await self._refuse(request, 422, "Invalid request",
                               f"the JSON body nests arrays and objects more than {self.max_depth} deep",
                               scope, receive, send, parameter="body")
            return
        await self.app(scope, _replay(body, receive), send)

    async def _bounded_body(self, request: Request, receive: Receive) -> bytes:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise BodyTooLarge
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away; let the route see that
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                raise BodyTooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    @staticmethod
    async def _refuse(request: Request, status: int, title: str, detail: str, scope: Scope, receive: Receive,
                      send: Send, **extra: str) -> None:
        response = problem_response(request, status, title, detail, **extra)
        if status == 413:
            response.headers["Connection"] = "close"
        await response(scope, receive, send)


def _is_json(request: Request) -> bool:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return not media_type or media_type == "application/json" or media_type.endswith("+json")


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the route the body already read, then whatever the client sends next."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed
