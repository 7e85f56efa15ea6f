"""The language of each request: its `?lang=`, else its `Accept-Language`, else Swedish.

Set for everything the request runs (hop explanations, the explorer's
messages) by the one response middleware (`api.request_ids`), and named in
`Content-Language`. `lang` is taken out of the query string there, so that every
resource accepts it although their query models refuse parameters they do not know.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from starlette.types import Scope

from graphmodel.messages import negotiate


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
