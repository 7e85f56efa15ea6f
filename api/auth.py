"""Who is calling: an API key (as a bearer token or in `X-API-Key`) with its role, or an anonymous reader.

Anonymous callers may read the structure when the `anonymous_read` setting
allows it (the default), never people's contact details. A key that is
malformed, unknown or revoked is refused outright rather than treated as
anonymous, so a caller learns at once that their key stopped working.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.keys import ApiKey, Role
from api.problems import ApiProblem
from api.security import retry_after

bearer = HTTPBearer(auto_error=False, description="an API key from `govgraph keys create`")
key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="an API key from `govgraph keys create`")
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="govgraph"'}


@dataclass(frozen=True)
class Caller:
    key: ApiKey | None

    @property
    def authenticated(self) -> bool:
        return self.key is not None

    @property
    def actor(self) -> str:
        """How the audit log names the caller."""
        return f"key:{self.key.id} ({self.key.name})" if self.key else "anonymous"

    def may(self, role: Role) -> bool:
        return self.key is not None and self.key.role.allows(role)


def presented_key(credentials: HTTPAuthorizationCredentials | None, header_key: str | None) -> str | None:
    if credentials is not None:
        return credentials.credentials
    return header_key


async def caller(request: Request,
           credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
           header_key: Annotated[str | None, Security(key_header)]) -> Caller:
    who = identified(request, presented_key(credentials, header_key))
    wait = request.app.state.rate_limiter.wait_needed(who.key.id if who.key else f"address:{client_address(request)}")
    if wait:
        raise ApiProblem(429, "Too many requests", f"this caller may make {request.app.state.settings.rate_limit} "
                                                   f"requests a minute; retry in {retry_after(wait)} s",
                         headers={"Retry-After": retry_after(wait)})
    return who


def identified(request: Request, text: str | None) -> Caller:
    if text is None:
        if not request.app.state.settings.anonymous_read:
            raise ApiProblem(401, "Unauthorized", "this service needs an API key to read", headers=CHALLENGE)
        return Caller(None)
    # A primary-key lookup in a local SQLite file: quicker than handing it to a worker thread.
    key = request.app.state.keys.authenticate(text)
    if key is None:
        raise ApiProblem(401, "Unauthorized", "the API key is not valid: unknown, mistyped or revoked",
                         headers=CHALLENGE)
    return Caller(key)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


CallerDep = Annotated[Caller, Depends(caller)]


def requires(role: Role):
    """A dependency admitting only callers whose key has `role` or a higher one."""

    async def admitted(who: CallerDep) -> Caller:
        if who.key is None:
            raise ApiProblem(401, "Unauthorized", f"this needs an API key with the {role.value} role",
                             headers=CHALLENGE)
        if not who.may(role):
            raise ApiProblem(403, "Forbidden", f"this needs the {role.value} role; the key "
                                               f"'{who.key.id}' has the {who.key.role.value} role")
        return who

    return admitted


ReaderDep = Annotated[Caller, Depends(requires(Role.reader))]
EditorDep = Annotated[Caller, Depends(requires(Role.editor))]
AdminDep = Annotated[Caller, Depends(requires(Role.admin))]
