"""What the write side of the API accepts and answers: imports, exports, API keys and the audit log."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from api.keys import NAME_MAX_LENGTH, ApiKey, InvalidKeyName, Role, checked_name
from api.problems import FieldError, Problem
from graphmodel.audit import AuditEntry
from graphmodel.messages import said
from importers.load import ImportReport
from importers.load_plan import Change
from importers.read import Problem as WorkbookProblem

OWNER_MAX_LENGTH = 200
MAX_AUDIT_PAGE = 500
CHANGE_ACTIONS = {"+": "created", "~": "changed", "-": "removed"}


# -- imports -----------------------------------------------------------------------------
class ImportOptions(BaseModel):
    """Query parameters of `POST /imports`: the options of `govgraph import`."""

    model_config = ConfigDict(extra="forbid")

    write: bool = Field(False, description="write the changes; by default only report what would change")
    prune: bool = Field(False, description="remove records this owner imported earlier that the workbook no "
                                           "longer has")
    owner: str | None = Field(None, min_length=1, max_length=OWNER_MAX_LENGTH, pattern=r"\S",
                              description="who owns the imported records; default: the file name without suffix")
    force: bool = Field(False, description="overwrite records edited by hand or owned by another import")


class WorkbookIssue(BaseModel):
    """A problem, warning or conflict, located as a spreadsheet user finds it."""

    sheet: str = Field(description="the chart sheet: units, people, memberships, relations or mandates")
    row: int | None = Field(description="the row number the spreadsheet shows (header = 1); null: the whole sheet")
    column: str | None = Field(description="the column; null: the whole row")
    value: str | None = Field(description="the offending cell or record id, when there is one")
    message: str
    where: str = Field(description="the sheet as the user named it: 'chart.xlsx, sheet units' or 'units.csv'")

    @classmethod
    def of(cls, problem: WorkbookProblem) -> WorkbookIssue:
        """The problem in the request's language (`message`, `where`); sheet, column and value as the workbook
        has them."""
        value = None if problem.value is None else str(problem.value)
        return cls(sheet=problem.sheet, row=problem.row, column=problem.column, value=value,
                   message=said(problem.message), where=said(problem.where or problem.sheet))


class WorkbookFieldError(FieldError):
    """One problem of an uploaded workbook, as an item of a problem's `errors`."""

    sheet: str
    row: int | None
    column: str | None
    value: str | None

    @classmethod
    def of(cls, problem: WorkbookProblem) -> WorkbookFieldError:
        issue = WorkbookIssue.of(problem)
        return cls(location="body", parameter="file", message=problem.said(), sheet=issue.sheet, row=issue.row,
                   column=issue.column, value=issue.value)


class WorkbookProblemDetails(Problem):
    """An uploaded workbook that cannot be imported: every problem, with sheet, row and column."""

    errors: list[WorkbookFieldError] | None = None  # type: ignore[assignment]


class SheetChanges(BaseModel):
    read: int = Field(description="rows read from the sheet")
    created: int
    changed: int
    unchanged: int
    removed: int = Field(description="records this owner imported earlier that the sheet no longer has; removed "
                                     "only with prune")


class DiffLine(BaseModel):
    """One record the import creates, changes or removes."""

    action: Literal["created", "changed", "removed"]
    where: str = Field(description="sheet and row, e.g. 'chart.xlsx, sheet units row 4'")
    subject: str = Field(description="the record: a node id, or an edge as 'source -TYPE-> target'")
    details: str = Field("", description="for a change: which properties change, from what to what")
    needs_prune: bool = Field(False, description="a removal that happens only with prune")

    @classmethod
    def of(cls, change: Change) -> DiffLine:
        return cls(action=CHANGE_ACTIONS[change.mark], where=change.where, subject=change.subject,
                   details=change.details, needs_prune=change.needs_prune)


class ImportAnswer(BaseModel):
    """The validation report and the diff of an uploaded workbook, and whether it was written."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "file": "lag-suicidprevention.xlsx", "owner": "lag-suicidprevention", "dry_run": True, "written": False,
        "prune": False, "force": False, "changes": 2, "unpruned": 0,
        "counts": {"units": {"read": 1, "created": 1, "changed": 0, "unchanged": 0, "removed": 0},
                   "people": {"read": 1, "created": 0, "changed": 1, "unchanged": 0, "removed": 0}},
        "diff": [{"action": "created", "where": "lag-suicidprevention.xlsx, sheet units row 2",
                  "subject": "lag:suicidprevention", "details": "", "needs_prune": False},
                 {"action": "changed", "where": "lag-suicidprevention.xlsx, sheet people row 2",
                  "subject": "person:johanna-rask", "details": "title: 'Läkare' -> 'Överläkare'",
                  "needs_prune": False}],
        "conflicts": [], "warnings": [],
    }]})

    file: str = Field(description="the uploaded file's name")
    owner: str = Field(description="the owner the records are imported under")
    dry_run: bool = Field(description="true: nothing was written, the answer says what would change")
    written: bool = Field(description="true: the changes were written, in one transaction")
    prune: bool
    force: bool
    changes: int = Field(description="records created, changed or (with prune) removed")
    unpruned: int = Field(description="records no longer in the workbook that stay because prune was not asked")
    counts: dict[str, SheetChanges] = Field(description="per sheet")
    diff: list[DiffLine]
    conflicts: list[WorkbookIssue] = Field(description="records that clash with the graph; with any, nothing "
                                                       "is written (force overwrites those that can be)")
    warnings: list[WorkbookIssue] = Field(description="things in the workbook that were ignored")

    @classmethod
    def of(cls, report: ImportReport, *, file: str, force: bool,
           warnings: list[WorkbookProblem]) -> ImportAnswer:
        counts = {sheet: SheetChanges(**vars(sheet_counts)) for sheet, sheet_counts in report.counts.items()}
        return cls(file=file, owner=report.owner, dry_run=report.dry_run, written=report.written,
                   prune=report.prune, force=force, changes=report.changes, unpruned=report.unpruned,
                   counts=counts, diff=[DiffLine.of(change) for change in report.diff],
                   conflicts=[WorkbookIssue.of(problem) for problem in report.conflicts],
                   warnings=[WorkbookIssue.of(problem) for problem in warnings])


# -- exports -----------------------------------------------------------------------------
class ExportFormat(StrEnum):
    """The export formats: the importer's workbook, GraphML, and Popolo-style JSON."""

    workbook = "workbook"
    graphml = "graphml"
    json = "json"


class ExportSelection(BaseModel):
    """Query parameters of `GET /exports/{format}`: the selection options of `govgraph export`."""

    model_config = ConfigDict(extra="forbid")

    around: str | None = Field(None, min_length=1, max_length=300,
                               description="export the node with this id and its neighbours")
    depth: int | None = Field(None, ge=0, le=10, description="with around: how many edges away (default 1)")
    region: str | None = Field(None, min_length=1, max_length=300,
                               description="export this territory's share of the graph")
    include_contact: bool | None = Field(None, description="with an API key: include people's e-mail and phone. "
                                                           "By default only the workbook (the administrator's "
                                                           "own data, read back by imports) holds them; GraphML "
                                                           "and JSON, made to be shared, only when this is true, "
                                                           "as `govgraph export --include-contact`. Anonymous "
                                                           "exports never hold them")


class PopoloExport(BaseModel):
    """The JSON export: Popolo-style organizations, persons, posts and memberships."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "organizations": [{"id": "lag:suicidprevention", "name": "LAG Suicidprevention", "classification": "lag",
                           "parent_id": "npo:psykisk-halsa"}],
        "persons": [{"id": "person:johanna-rask", "name": "Johanna Rask", "fictional": True,
                     "email": "johanna.rask@example.se"}],
        "posts": [],
        "memberships": [{"person_id": "person:johanna-rask", "organization_id": "lag:suicidprevention",
                         "role": "member", "start_date": "2023-03-01"}],
    }]})

    organizations: list[dict[str, Any]]
    persons: list[dict[str, Any]]
    posts: list[dict[str, Any]]
    memberships: list[dict[str, Any]]


# -- keys --------------------------------------------------------------------------------
class KeyOut(BaseModel):
    """An API key as listed: never its text or hash."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "k3x9q2m7a1b4", "name": "intranet", "role": "reader", "created": "2025-03-01T09:30:00+00:00",
        "revoked": None}]})

    id: str
    name: str
    role: Role
    created: str = Field(description="when the key was created (UTC, ISO 8601)")
    revoked: str | None = Field(description="when it was revoked; null while it is active")

    @classmethod
    def of(cls, key: ApiKey) -> KeyOut:
        return cls(**key.as_json())


class KeyCreate(BaseModel):
    """The body of `POST /keys`."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"name": "intranet",
                                                                               "role": "reader"}]})

    name: str = Field(min_length=1, max_length=NAME_MAX_LENGTH, pattern=r"\S",
                      description="who or what uses the key; no control or format characters (Unicode "
                                  "categories Cc, Cf, Zl, Zp), surrounding spaces are dropped")
    role: Role = Field(Role.reader, description="reader, editor (imports) or admin (keys, audit, erasure)")

    @field_validator("name", mode="before")
    @classmethod
    def _printable_name(cls, value: object) -> object:
        """Said before the length and pattern checks, so the answer names the character and its place."""
        if not isinstance(value, str):
            return value
        try:
            return checked_name(value)
        except InvalidKeyName as error:
            raise PydanticCustomError("key_name", "{reason}", {"reason": str(error)}) from None


class KeyCreated(KeyOut):
    """A new key with its text, which is shown this once and cannot be shown again."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "k3x9q2m7a1b4", "name": "intranet", "role": "reader", "created": "2025-03-01T09:30:00+00:00",
        "revoked": None, "key": "gg_k3x9q2m7a1b4_" + "x" * 43}]})

    key: str = Field(description="the key's text: send it as `Authorization: Bearer <key>` or `X-API-Key`")


# -- audit -------------------------------------------------------------------------------
class AuditQuery(BaseModel):
    """Query parameters of `GET /audit`."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(50, ge=1, le=MAX_AUDIT_PAGE, description="at most this many entries")
    offset: int = Field(0, ge=0, le=10_000_000, description="skip this many of the newest entries first")
    action: str | None = Field(None, min_length=1, max_length=100,
                               description="only entries of this action, e.g. import, key.create, key.revoke")


class AuditRecord(BaseModel):
    id: int
    at: str = Field(description="when (UTC, ISO 8601)")
    actor: str = Field(description="who: 'key:<id> (<name>)' through the API, 'cli:<user>' from the command line")
    action: str
    target: str | None = Field(description="what was acted on: a file name, a key id, a node id")
    request_id: str | None = Field(description="the API request that made the change, if one did")
    changes: dict[str, Any] = Field(description="what changed")

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditRecord:
        return cls(**entry.as_json())


class AuditPage(BaseModel):
    """A page of the audit log, newest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "total": 1, "limit": 50, "offset": 0,
        "items": [{"id": 1, "at": "2025-03-01T09:30:00+00:00", "actor": "key:k3x9q2m7a1b4 (intranet editor)",
                     "action": "import", "target": "lag-suicidprevention.xlsx",
                     "request_id": "4f1c2a0e9b7d4c55a1e2f3b4c5d6e7f8",
                     "changes": {"owner": "lag-suicidprevention", "changes": 2,
                                 "counts": {"units": {"created": 1, "changed": 0, "removed": 0}}}}],
    }]})

    total: int = Field(description="entries matching the filter, on all pages")
    limit: int
    offset: int
    items: list[AuditRecord]
