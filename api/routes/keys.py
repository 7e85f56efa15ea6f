"""Managing API keys over HTTP (admin only): list, create, revoke; each change goes to the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from api.auth import AdminDep
from api.deps import AuditDep
from api.keys import KeyStore
from api.models_admin import KeyCreate, KeyCreated, KeyOut
from api.problems import PROBLEM_RESPONSES, ApiProblem
from api.request_ids import current_request_id

router = APIRouter(prefix="/keys", tags=["keys"])


def get_keys(request: Request) -> KeyStore:
    return request.app.state.keys


KeysDep = Annotated[KeyStore, Depends(get_keys)]
KeyId = Annotated[str, Path(min_length=1, max_length=64, description="the key's id, as the list shows it")]


@router.get("", response_model=list[KeyOut], summary="List every API key with its role; never a key's text.")
def list_keys(_: AdminDep, store: KeysDep) -> list[KeyOut]:
    """Every key, oldest first, with its role and when it was created or revoked."""
    return [KeyOut.of(key) for key in store.keys()]


@router.post("", response_model=KeyCreated, status_code=201,
             summary="Create an API key; its text is in this answer and never shown again.")
def create_key(who: AdminDep, store: KeysDep, audit: AuditDep, body: KeyCreate) -> KeyCreated:
    """A new key with the given name and role; only its hash is kept."""
    key, text = store.create(body.name, body.role)
    audit.record(actor=who.actor, action="key.create", target=key.id, request_id=current_request_id(),
                 changes={"name": key.name, "role": key.role.value})
    return KeyCreated(**KeyOut.of(key).model_dump(), key=text)


@router.delete("/{key_id}", response_model=KeyOut, responses={404: PROBLEM_RESPONSES[404]},
               summary="Revoke an API key: requests with it are refused from now on.")
def revoke_key(who: AdminDep, store: KeysDep, audit: AuditDep, key_id: KeyId) -> KeyOut:
    """Revokes the key; revoking a revoked key changes nothing and answers it as it is."""
    known = {key.id: key for key in store.keys()}
    if key_id not in known:
        raise ApiProblem(404, "Unknown key", f"no API key has the id '{key_id}'", parameter="key_id",
                         extra={"key_id": key_id})
    if not known[key_id].active:
        return KeyOut.of(known[key_id])
    key = store.revoke(key_id)
    audit.record(actor=who.actor, action="key.revoke", target=key.id, request_id=current_request_id(),
                 changes={"revoked": key.revoked})
    return KeyOut.of(key)
