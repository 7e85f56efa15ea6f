"""Uploading an organisation chart: checked and diffed by default, written in one transaction when asked.

The upload is read from the request stream through a byte budget, so a body
over `upload_max_bytes` is refused as soon as the budget runs out instead of
being spooled whole to disk first; that is why the form is parsed here and
not declared as a FastAPI `File()` parameter. The checks and the write are
the ones `govgraph import` makes, in the one sequence both use
(`importers.workbook_import.import_workbook`): an unchanged chart is known by
its digest, a changed one checked and written by its changed rows.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO, Annotated, Any

from fastapi import APIRouter, Query, Request
from neo4j.exceptions import ConstraintError, DriverError, IncompleteCommit, Neo4jError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from api.auth import Caller, EditorDep
from api.deps import AuditDep, GraphDep, SettingsDep
from api.models_admin import (
    ImportAnswer,
    ImportOptions,
    WorkbookFieldError,
    WorkbookProblemDetails,
)
from api.problems import PROBLEM_MEDIA_TYPE, PROBLEM_RESPONSES, ApiProblem
from api.request_ids import current_request_id
from graphmodel.audit import AuditLog
from graphmodel.engine import EngineError, Graph
from graphmodel.messages import replaced, said, text
from importers.import_digests import ImportDigests, import_digests
from importers.load import ImportConflict, ImportReport, InvalidChart
from importers.read import Problem, Workbook, WorkbookError, WorkbookTooLarge, read_workbook
from importers.workbook_import import ImportOutcome, import_workbook
from importers.zip_guard import (
    DAMAGED,
    MAX_UNPACKED_BYTES,
    ArchiveError,
    ArchiveTooLarge,
    ZipLimits,
    check_declared,
    copy_member,
)

router = APIRouter(prefix="/imports", tags=["imports"])

UPLOAD_FIELD = "file"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
ARCHIVE_SUFFIX = ".zip"
ENVELOPE_BYTES = 64 * 1024  # multipart boundaries and part headers around the file
MAX_FORM_FIELDS = 20
UNZIPPED_FACTOR = 20  # CSV text packs well; more than this is a zip bomb, not a chart
COPY_CHUNK = 1024 * 1024
MAX_NAME_LENGTH = 200
RETRY_AFTER = {"Retry-After": "5"}

UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": [UPLOAD_FIELD],
    "properties": {UPLOAD_FIELD: {"type": "string", "format": "binary",
                                  "description": "an .xlsx workbook (the `govgraph import` format), or a .zip "
                                                 "of its .csv files"}},
}}}}}


def _problem(description: str) -> dict[str, Any]:
    return {**PROBLEM_RESPONSES[422], "description": description}


IMPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    409: _problem("written only when asked: records clash with the graph, the graph changed meanwhile, or "
                  "another import kept writing the same records at the same time (send it again)"),
    413: _problem("the upload is larger than the upload_max_bytes setting"),
    415: _problem("the upload is not multipart/form-data, or the file is neither .xlsx nor .zip"),
    422: {"model": WorkbookProblemDetails, "content": {PROBLEM_MEDIA_TYPE: {}},
          "description": "the workbook is invalid: every problem with sheet, row and column"},
}


@router.post("", response_model=ImportAnswer, responses=IMPORT_RESPONSES, openapi_extra=UPLOAD_BODY,
             summary="Check an organisation chart and show its diff; write it in one transaction when asked.")
async def import_chart(request: Request, who: EditorDep, graph: GraphDep, settings: SettingsDep, audit: AuditDep,
                       options: Annotated[ImportOptions, Query()]) -> ImportAnswer:
    """Upload a chart (form field `file`): the validation report and the diff; with `write=true` also written.

    Without `write` nothing is written. With it, the changes are written in
    one transaction, all or nothing, and recorded in the audit log. An
    invalid workbook is a 422 listing every problem; conflicts with the
    graph stop a write with a 409 listing them, and so does another import
    writing the same records at the same moment, once retrying has not got
    past it (send it again); an engine failure during the write is a 503.
    Whatever stops it, the graph is left as it was.
    """
    request_id = current_request_id()
    with tempfile.TemporaryDirectory(prefix="govgraph-upload-") as staging:
        upload = await received_upload(request, limit=settings.upload_max_bytes)
        try:
            path = await run_in_threadpool(stage_upload, upload, Path(staging), settings.upload_max_bytes)
        finally:
            await upload.close()
        answer, report = await run_in_threadpool(checked_import, graph, path, options, file=path_name(upload),
                                                 digests=import_digests(settings))
    if report.written:
        await run_in_threadpool(record_import, audit, who, answer, report, request_id)
    return answer


# -- receiving the upload ----------------------------------------------------------------------
def too_large(limit: int) -> ApiProblem:
    return ApiProblem(413, "Upload too large", text("import.api.upload_too_large", limit=limit), parameter=UPLOAD_FIELD)


def invalid_upload(status: int, title: str, detail: str) -> ApiProblem:
    return ApiProblem(status, title, detail, parameter=UPLOAD_FIELD)


async def received_upload(request: Request, *, limit: int) -> UploadFile:
    """The uploaded file, read from the stream until the budget of `limit` bytes (plus the form's envelope)."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise invalid_upload(415, "Unsupported media type", text("import.api.not_multipart", field=UPLOAD_FIELD))
    allowed = limit + ENVELOPE_BYTES
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > allowed:
        raise too_large(limit)
    parser = MultiPartParser(request.headers, _within(request, allowed, limit), max_files=1,
                             max_fields=MAX_FORM_FIELDS)
    try:
        form = await parser.parse()
    except MultiPartException as error:
        raise invalid_upload(422, "Invalid upload", text("import.api.unreadable_form", reason=error.message)) from None
    upload = form.get(UPLOAD_FIELD)
    if not isinstance(upload, UploadFile):
        await form.close()
        raise invalid_upload(422, "Invalid upload", text("import.api.no_file", field=UPLOAD_FIELD))
    if upload.size is not None and upload.size > limit:
        await form.close()
        raise too_large(limit)
    return upload


async def _within(request: Request, allowed: int, limit: int):
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > allowed:
            raise too_large(limit)
        yield chunk


def path_name(upload: UploadFile) -> str:
    """The uploaded file's own name, without any folders a client put in front of it."""
    name = PurePosixPath((upload.filename or "").replace("\\", "/")).name
    name = "".join(character for character in name if character.isprintable()).strip()
    if not name or name in (".", ".."):
        raise invalid_upload(422, "Invalid upload", text("import.api.no_file_name", field=UPLOAD_FIELD))
    stem, suffix = os.path.splitext(name)
    return stem[:MAX_NAME_LENGTH] + suffix[:MAX_NAME_LENGTH]


def unpack_limits(limit: int) -> ZipLimits:
    """What a .zip upload may unpack to: `UNZIPPED_FACTOR` times the upload limit, and never more than a chart."""
    return ZipLimits(max_unpacked=min(limit * UNZIPPED_FACTOR, MAX_UNPACKED_BYTES))


def stage_upload(upload: UploadFile, staging: Path, limit: int) -> Path:
    """The upload as `govgraph import` reads it: the workbook file, or a folder of the zip's CSV files."""
    name = path_name(upload)
    suffix = Path(name).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        target = staging / name
        with target.open("wb") as stream:
            shutil.copyfileobj(upload.file, stream, COPY_CHUNK)
        return target
    if suffix == ARCHIVE_SUFFIX and Path(name).stem:
        target = staging / Path(name).stem
        extract_csv_files(upload.file, target, unpack_limits(limit), name)
        return target
    raise invalid_upload(415, "Unsupported file type", text("import.api.not_a_chart_file", file=name))


def extract_csv_files(stream: IO[bytes], folder: Path, limits: ZipLimits, name: str) -> None:
    """The archive's .csv files (at any depth) into `folder`: refused by the sizes it declares before any is
    unpacked, and stopped by the bytes it really unpacks to (see `importers.zip_guard`)."""
    try:
        with zipfile.ZipFile(stream) as archive:
            check_declared(archive, name, limits)
            members = [info for info in archive.infolist() if _is_csv(info)]
            names = [PurePosixPath(info.filename).name for info in members]
            if not members:
                raise invalid_upload(422, "Invalid upload", text("import.api.no_csv_files", file=name))
            twice = sorted({file for file in names if names.count(file) > 1})
            if twice:
                raise invalid_upload(422, "Invalid upload",
                                     text("import.api.csv_file_twice", file=name, files=", ".join(twice)))
            folder.mkdir()
            budget = limits.max_unpacked
            for info, file in zip(members, names):
                with (folder / file).open("wb") as target:
                    budget = copy_member(archive, info, target, budget=budget, name=name, limits=limits)
    except ArchiveTooLarge as error:
        raise invalid_upload(413, "Upload too large", said(error.phrase)) from None
    except ArchiveError as error:
        raise invalid_upload(422, "Invalid upload", text("import.api.not_a_zip", file=name,
                                                         reason=said(error.phrase))) from None
    except DAMAGED as error:
        raise invalid_upload(422, "Invalid upload",
                             text("import.api.not_a_zip", file=name, reason=str(error))) from None


def _is_csv(info: zipfile.ZipInfo) -> bool:
    path = PurePosixPath(info.filename)
    hidden = path.name.startswith(".") or "__MACOSX" in path.parts
    return not info.is_dir() and not hidden and path.suffix.lower() == ".csv"


# -- checking and writing --------------------------------------------------------------------
def checked_import(graph: Graph, path: Path, options: ImportOptions, *, file: str,
                   digests: ImportDigests | None = None) -> tuple[ImportAnswer, ImportReport]:
    """What `govgraph import` does with the file (`importers.workbook_import.import_workbook`): an unchanged
    chart known by its digest, a changed one checked and written by its changed rows, any other checked whole."""
    workbook = _read(path, file)
    outcome = _import(graph, digests, workbook, options)
    if outcome.report is None:
        problems = _without_staging(outcome.problems, path)
        raise ApiProblem(422, "Invalid workbook", _counted("import.api.invalid", problems, file=file),
                         parameter=UPLOAD_FIELD, extra={"errors": _field_errors(problems)})
    report = outcome.report
    if options.write and report.conflicts:
        raise ApiProblem(409, "Import conflicts", _counted("import.api.conflicts", report.conflicts),
                         parameter=UPLOAD_FIELD, extra={"errors": _field_errors(report.conflicts)})
    answer = ImportAnswer.of(report, file=file, force=options.force,
                             warnings=_without_staging(outcome.warnings, path))
    return answer, report


def _read(path: Path, file: str) -> Workbook:
    try:
        return read_workbook(path)
    except WorkbookTooLarge as error:
        raise invalid_upload(413, "Upload too large", said(error.phrase.replacing(str(path), file))) from None
    except WorkbookError as error:
        raise invalid_upload(422, "Invalid upload", said(error.phrase.replacing(str(path), file))) from None


def _import(graph: Graph, digests: ImportDigests | None, workbook: Workbook, options: ImportOptions) -> ImportOutcome:
    try:
        return import_workbook(graph, digests, workbook, owner=options.owner or workbook.stem, force=options.force,
                               prune=options.prune, dry_run=not options.write)
    except IncompleteCommit:
        raise ApiProblem(503, "Engine unavailable", text("import.api.commit_unknown"), headers=RETRY_AFTER) from None
    except ConstraintError as error:
        raise ApiProblem(409, "Graph changed", text("import.api.changed_while_written", reason=error.message)) from None
    except ImportConflict as error:  # an EngineError, but the engine is well: others wrote the same records
        raise ApiProblem(409, "Import conflict", said(error.phrase), parameter=UPLOAD_FIELD) from None
    except InvalidChart as invalid:  # checked against the graph as it was before a retry; it changed since
        raise ApiProblem(409, "Graph changed", _counted("import.api.graph_changed", invalid.problems),
                         parameter=UPLOAD_FIELD, extra={"errors": _field_errors(invalid.problems)}) from None
    except (DriverError, Neo4jError, EngineError, OSError) as error:
        raise ApiProblem(503, "Engine unavailable", text("import.api.engine_failed", error=type(error).__name__),
                         headers=RETRY_AFTER) from None


def _without_staging(problems: list[Problem], path: Path) -> list[Problem]:
    """Problems as the caller can read them: the server's staging folder left out of the messages."""
    folder = f"{path.parent}{os.sep}"
    return [dataclasses.replace(problem, message=replaced(problem.message, folder, "")) for problem in problems]


def _field_errors(problems: list[Problem]) -> list[dict[str, Any]]:
    return [WorkbookFieldError.of(problem).model_dump() for problem in problems]


def _counted(key: str, items: list, **values: object) -> str:
    """The message `key`.one or `key`.many, as the count of `items` asks, in the request's language."""
    return text(f"{key}.{'one' if len(items) == 1 else 'many'}", count=len(items), **values)


def record_import(audit: AuditLog, who: Caller, answer: ImportAnswer, report: ImportReport, request_id: str) -> None:
    counts = {sheet: {"created": counts.created, "changed": counts.changed,
                      "removed": counts.removed if report.prune else 0}
              for sheet, counts in report.counts.items()}
    audit.record(actor=who.actor, action="import", target=answer.file, request_id=request_id,
                 changes={"owner": report.owner, "prune": report.prune, "force": answer.force,
                          "changes": report.changes, "counts": counts})
