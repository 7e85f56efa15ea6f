"""Reading the audit log (admin only). The log is append-only: no route edits or deletes an entry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.auth import AdminDep
from api.deps import AuditDep
from api.models_admin import AuditPage, AuditQuery, AuditRecord

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=AuditPage, summary="Read the audit log, newest first, a page at a time.")
def read_audit(_: AdminDep, audit: AuditDep, page: Annotated[AuditQuery, Query()]) -> AuditPage:
    """Who changed what and when: imports, key changes and erasures, optionally of one action."""
    entries = audit.entries(limit=page.limit, offset=page.offset, action=page.action)
    return AuditPage(total=audit.count(action=page.action), limit=page.limit, offset=page.offset,
                     items=[AuditRecord.of(entry) for entry in entries])
