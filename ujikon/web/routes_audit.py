"""The auditor's pages, read-only everywhere, and the check of an uploaded decree PDF.

- ``/audit``: the event log, filtered (:class:`ujikon.service.audit.LogFilter`), 100 events a
  page, newest or oldest first; ``?format=csv`` downloads the filtered log.
- ``/audit/verify``: the hash chain and every issued decree's file
  (:func:`ujikon.service.audit.verify_workspace`), the first problem explained.
- ``/audit/pack``: an evidence pack (:func:`ujikon.service.evidence.write_pack`) built into a
  temporary folder, sent as a download and removed.
- ``/register``: the DIK as of a date (:func:`ujikon.service.register.dik_as_of`), each row
  marked when it ends within 30 or 31–90 days of that date, optionally only those
  (``ending_within=30|90``); ``/register/export`` writes it as CSV, XLSX or PDF
  (:func:`ujikon.service.register.export`).
- ``/verify``: an uploaded PDF checked as ``ujikon verify`` does
  (:func:`ujikon.service.verification.verify_decree_file`), against this workspace's log and,
  when present, its development CA.

Nothing here appends an event: the POST forms run a check or build a download.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

from fastapi import APIRouter, Depends, Form, Query
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response, StreamingResponse

from ujikon.domain.access import Capability
from ujikon.domain.events import StoredEvent
from ujikon.domain.roles import Role
from ujikon.errors import InputError
from ujikon.service import (
    LOG_CSV_COLUMNS,
    AuditFailed,
    AuditReport,
    LogFilter,
    PackRequest,
    Problem,
    event_row,
    log_csv_row,
    parse_day,
)
from ujikon.web.deps import Viewer, checked_form, current_viewer
from ujikon.web.listing import listed
from ujikon.web.render import page
from ujikon.web.state import WebState, web_state

if TYPE_CHECKING:
    from ujikon.service import Format, RegisterRow

__all__ = ["PAGE_SIZE", "event_summary", "router"]

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 100
"""Events on one page of the log."""
_WINDOW_MAX = 10_000
"""Newest-first pages up to this many events from the end are found in one pass (a
window of at most this many events in memory); deeper pages count first, then slice."""
_MAX_TEXT = 200
REGISTER_DOWNLOADS = ("csv", "xlsx", "pdf")
_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
_PDF_MAGIC = b"%PDF-"
_COPY_CHUNK = 1 << 20


# --------------------------------------------------------------------------- helpers


def _text(value: str | None) -> str:
    return (value or "").strip()[:_MAX_TEXT]


def _field_of(where: str, fields: tuple[str, ...], default: str) -> str:
    """The form field an :class:`InputError` names (``--since/--until`` → ``until``)."""
    named = [f for f in fields if re.search(rf"(?<![a-z_]){re.escape(f)}(?![a-z_])", where)]
    if len(named) == 1:
        return named[0]
    if named and default in named:
        return default
    return named[-1] if named else default


def _message(exc: InputError) -> str:
    return exc.message.removeprefix(f"{exc.where}: ")


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "x"


def _download(path: Path, folder: Path, filename: str, media_type: str) -> FileResponse:
    """``path`` as an attachment; ``folder`` (which holds it) is removed once it is sent."""
    return FileResponse(
        path,
        media_type=media_type,
        filename=filename,
        content_disposition_type="attachment",
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


# --------------------------------------------------------------------------- the log

_SUMMARY_KEYS = (
    "number",
    "summary",
    "reason",
    "comments",
    "note",
    "information",
    "outcome",
    "username",
    "key_name",
    "name",
)


def _shorten(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def event_summary(row: dict[str, Any]) -> str:
    """A line about an event: the state it moved from and to, and its main text."""
    parts: list[str] = []
    source, dest = row["from"], row["to"]
    if source and dest and source != dest:
        parts.append(f"{source} → {dest}")
    data = row["payload"].get("data") if isinstance(row["payload"], dict) else None
    if isinstance(data, dict):
        for key in _SUMMARY_KEYS:
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                parts.append(_shorten(value))
                break
    return " · ".join(parts)


def _page_of(
    events: Callable[[], Iterator[StoredEvent]], number: int, newest_first: bool
) -> tuple[list[StoredEvent], int]:
    """The events of page ``number`` (from 1) and how many match in all, streamed."""
    skip = (number - 1) * PAGE_SIZE
    total = 0
    if not newest_first:
        found: list[StoredEvent] = []
        for event in events():
            if skip <= total < skip + PAGE_SIZE:
                found.append(event)
            total += 1
        return found, total
    if number * PAGE_SIZE <= _WINDOW_MAX:
        window: deque[StoredEvent] = deque(maxlen=number * PAGE_SIZE)
        for event in events():
            window.append(event)
            total += 1
        return list(window)[: max(0, len(window) - skip)][::-1], total
    total = sum(1 for _ in events())
    first = max(0, total - number * PAGE_SIZE)
    return list(islice(events(), first, max(first, total - skip)))[::-1], total


_LOG_FIELDS = ("case", "actor", "role", "action", "since", "until")


def _log_filter(values: dict[str, str], errors: dict[str, str]) -> LogFilter | None:
    days: dict[str, date | None] = {}
    for name in ("since", "until"):
        try:
            days[name] = parse_day(values[name], name)
        except InputError as exc:
            errors[name] = _message(exc)
    if errors:
        return None
    try:
        return LogFilter(
            case=values["case"].upper() or None,
            actor=values["actor"].lower() or None,
            role=values["role"] or None,
            action=values["action"] or None,
            since=days["since"],
            until=days["until"],
        )
    except InputError as exc:
        errors[_field_of(exc.where, _LOG_FIELDS, "until")] = _message(exc)
        return None


def _csv_download(state: WebState, flt: LogFilter) -> StreamingResponse:
    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(LOG_CSV_COLUMNS)
        yield "\ufeff" + buffer.getvalue()
        for event in state.app.audit.events(flt):
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(log_csv_row(event_row(event)))
            yield buffer.getvalue()

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="log-audit.csv"'},
    )


@router.get("/audit", response_class=HTMLResponse)
def audit_log(
    request: Request,
    viewer: Annotated[Viewer, Depends(current_viewer)],
    case: str = "",
    actor: str = "",
    role: str = "",
    action: str = "",
    since: str = "",
    until: str = "",
    order: str = "newest",
    page_number: Annotated[str, Query(alias="page")] = "1",
    fmt: Annotated[str, Query(alias="format")] = "",
) -> Response:
    state = web_state(request)
    state.app.cases.require(viewer.actor, Capability.READ_AUDIT_LOG)
    values = {
        "case": _text(case),
        "actor": _text(actor),
        "role": _text(role),
        "action": _text(action),
        "since": _text(since),
        "until": _text(until),
    }
    errors: dict[str, str] = {}
    flt = _log_filter(values, errors)
    if fmt not in ("", "html", "csv"):
        raise InputError("format", f"'{fmt[:20]}': csv atau/or html")
    if fmt == "csv" and flt is not None:
        return _csv_download(state, flt)
    newest_first = order != "oldest"
    number = int(page_number) if page_number.isdigit() and int(page_number) > 0 else 1
    rows: list[dict[str, Any]] = []
    total = 0
    if flt is not None:
        found, total = _page_of(lambda: state.app.audit.events(flt), number, newest_first)
        rows = [event_row(e) for e in found]
        for row in rows:
            row["summary"] = event_summary(row)
    pages = max(1, -(-total // PAGE_SIZE))
    query = {k: v for k, v in values.items() if v}
    if not newest_first:
        query["order"] = "oldest"

    def link(**change: Any) -> str:
        from urllib.parse import urlencode

        return "/audit?" + urlencode({**query, **change})

    return page(
        request,
        "web/audit/log.html",
        status=422 if errors else 200,
        values=values,
        errors=errors,
        roles=[r.value for r in Role],
        order="newest" if newest_first else "oldest",
        rows=rows,
        total=total,
        page_number=number,
        pages=pages,
        link=link,
        filtered=bool(query.keys() - {"order"}),
    )


# --------------------------------------------------------------------------- verify the chain

_MEANING: dict[str, tuple[str, str]] = {
    "hash_mismatch": (
        "Isi event ini (payload, pelaku, peran, waktu …) tidak lagi menghasilkan hash yang "
        "dicatat: event diubah langsung di basis data setelah dicatat.",
        "This event's content (payload, actor, role, time …) no longer gives the hash it "
        "was recorded with: it was changed in the database after it was recorded.",
    ),
    "broken_link": (
        "Event ini tidak lagi menunjuk ke hash event sebelumnya: urutan event diubah, atau "
        "event disisipkan atau ditulis ulang.",
        "This event no longer points to the hash of the one before: events were reordered, "
        "inserted or rewritten.",
    ),
    "gap": (
        "Nomor urut melompat: sebuah event dihapus atau nomor urutnya diubah.",
        "The sequence skips a number: an event was deleted or renumbered.",
    ),
    "head_mismatch": (
        "Kepala rantai tidak menyebut event terakhir: event terakhir dihapus atau kepala "
        "rantai diubah.",
        "The chain head does not name the last event: the latest events were deleted or "
        "the head was changed.",
    ),
    "unreadable": (
        "Event tersimpan tidak dapat dibaca sebagai event yang lengkap.",
        "A stored event cannot be read as a complete event.",
    ),
    "anchor_mismatch": (
        "Riwayat sebelum SK ini ditulis ulang (dan dirantai ulang) setelah SK terbit: "
        "kepala rantai yang dicetak di SK tidak cocok lagi.",
        "The history before this decree was rewritten (and re-chained) after the decree "
        "was issued: the chain head printed on it no longer matches.",
    ),
    "missing": (
        "Berkas PDF SK yang diterbitkan tidak ada lagi di ruang kerja.",
        "The issued decree's PDF is no longer in the workspace.",
    ),
    "file_hash_mismatch": (
        "Berkas PDF SK diubah atau diganti sejak diterbitkan.",
        "The decree's PDF was changed or replaced since it was issued.",
    ),
}


def _meaning(problem: Problem | None) -> tuple[str, str] | None:
    return _MEANING.get(problem.code) if problem is not None else None


def _verify_page(
    request: Request, report: AuditReport | None, *, status: int = 200
) -> HTMLResponse:
    state = web_state(request)
    return page(
        request,
        "web/audit/verify_chain.html",
        status=status,
        head=state.app.cases.log.head(),
        report=report,
        problem=report.first_problem if report is not None else None,
        meaning=_meaning(report.first_problem) if report is not None else None,
    )


@router.get("/audit/verify", response_class=HTMLResponse)
def audit_verify_form(
    request: Request, viewer: Annotated[Viewer, Depends(current_viewer)]
) -> HTMLResponse:
    web_state(request).app.cases.require(viewer.actor, Capability.READ_AUDIT_LOG)
    return _verify_page(request, None)


@router.post("/audit/verify", response_class=HTMLResponse)
def audit_verify(
    request: Request, viewer: Annotated[Viewer, Depends(checked_form)]
) -> HTMLResponse:
    state = web_state(request)
    state.app.cases.require(viewer.actor, Capability.READ_AUDIT_LOG)
    report = state.app.audit.verify()
    if not report.ok:
        logger.warning("audit verify by %s: %s", viewer.username, report.problems[0].line())
    return _verify_page(request, report)


# --------------------------------------------------------------------------- evidence packs

_PACK_FIELDS = ("kind", "decree", "since", "until")


def _pack_form(
    request: Request,
    values: dict[str, str],
    *,
    errors: dict[str, str] | None = None,
    failure: AuditFailed | None = None,
    status: int = 200,
) -> HTMLResponse:
    state = web_state(request)
    decrees = [d.number for d in state.app.audit.issued_decrees()]
    return page(
        request,
        "web/audit/pack.html",
        status=status,
        values=values,
        errors=errors or {},
        failure=failure,
        decrees=decrees,
    )


@router.get("/audit/pack", response_class=HTMLResponse)
def audit_pack_form(
    request: Request, viewer: Annotated[Viewer, Depends(current_viewer)]
) -> HTMLResponse:
    web_state(request).app.cases.require(viewer.actor, Capability.EXPORT_EVIDENCE)
    values = {"kind": "all", "decree": "", "since": "", "until": "", "allow_broken": ""}
    return _pack_form(request, values)


@router.post("/audit/pack")
def audit_pack(
    request: Request,
    viewer: Annotated[Viewer, Depends(checked_form)],
    kind: Annotated[str, Form()] = "all",
    decree: Annotated[str, Form()] = "",
    since: Annotated[str, Form()] = "",
    until: Annotated[str, Form()] = "",
    allow_broken: Annotated[str, Form()] = "",
) -> Response:
    state = web_state(request)
    state.app.cases.require(viewer.actor, Capability.EXPORT_EVIDENCE)
    values = {
        "kind": kind if kind in ("all", "decree", "range") else "all",
        "decree": _text(decree),
        "since": _text(since),
        "until": _text(until),
        "allow_broken": "1" if allow_broken else "",
    }
    errors: dict[str, str] = {}
    try:
        wanted = _pack_request(values)
    except InputError as exc:
        errors[_field_of(exc.where, _PACK_FIELDS, "kind")] = _message(exc)
        return _pack_form(request, values, errors=errors, status=422)
    folder = Path(tempfile.mkdtemp(prefix="ujikon-pack-"))
    try:
        result = state.app.audit.write_pack(
            folder / "pack.zip",
            wanted,
            allow_broken=bool(values["allow_broken"]),
        )
    except AuditFailed as failed:
        shutil.rmtree(folder, ignore_errors=True)
        return _pack_form(request, values, failure=failed, status=422)
    except InputError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        errors[_field_of(exc.where, _PACK_FIELDS, "kind")] = _message(exc)
        return _pack_form(request, values, errors=errors, status=422)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    logger.info(
        "evidence pack for %s: %s, %d events, sha256 %s",
        viewer.username,
        wanted.kind,
        result.events,
        result.sha256,
    )
    what = {
        "all": "lengkap",
        "decree": f"SK-{wanted.decree or ''}",
        "range": f"{values['since'] or 'awal'}_{values['until'] or 'akhir'}",
    }[wanted.kind]
    name = f"paket-bukti-{_safe_name(what)}-{state.app.cases.today().isoformat()}.zip"
    response = _download(result.path, folder, name, "application/zip")
    response.headers["X-Ujikon-Pack-Sha256"] = result.sha256
    return response


def _pack_request(values: dict[str, str]) -> PackRequest:
    """What the form asks to pack (:class:`PackRequest` checks the combination)."""
    kind = values["kind"]
    if kind == "decree":
        if not values["decree"]:
            raise InputError("decree", "isi nomor SK / give a decree number")
        return PackRequest(decree=values["decree"])
    if kind == "range":
        since, until = parse_day(values["since"], "since"), parse_day(values["until"], "until")
        if since is None and until is None:
            raise InputError(
                "since", "isi sekurangnya satu tanggal / give at least one of the dates"
            )
        return PackRequest(since=since, until=until)
    return PackRequest()


# --------------------------------------------------------------------------- the register


_REGISTER_FIELDS = ("as_of", "unit", "ground", "ending_within")


def _register_query(
    state: WebState,
    as_of: str,
    unit: str,
    ground: str,
    ending_within: str,
    errors: dict[str, str],
) -> tuple[dict[str, str], date | None]:
    from ujikon.service import ENDING_WITHIN

    values = {
        "as_of": _text(as_of),
        "unit": _text(unit),
        "ground": _text(ground),
        "ending_within": _text(ending_within),
    }
    if values["ending_within"] and values["ending_within"] not in {str(d) for d in ENDING_WITHIN}:
        given, days = values["ending_within"][:10], [str(d) for d in ENDING_WITHIN]
        errors["ending_within"] = (
            f"'{given}': pilih {' atau '.join(days)} hari / choose {' or '.join(days)} days"
        )
    today = state.app.cases.today()
    try:
        day = parse_day(values["as_of"], "as_of") or today
    except InputError as exc:
        errors["as_of"] = _message(exc)
        return values, None
    if day > today:
        errors["as_of"] = (
            f"{day.isoformat()} ada di masa depan; DIK hanya dapat dibaca sampai hari ini "
            f"({today.isoformat()}) / is in the future; the register can be read up to today"
        )
        return values, None
    values["as_of"] = day.isoformat()
    return values, None if errors else day


def _register_filters(values: dict[str, str]) -> dict[str, Any]:
    """The keyword arguments of ``dik_as_of`` / ``register_info`` from the form's values."""
    return {
        "unit": values["unit"] or None,
        "ground": values["ground"] or None,
        "ending_within": int(values["ending_within"]) if values["ending_within"] else None,
    }


_REGISTER_SORTS: dict[str, Callable[[RegisterRow], Any]] = {
    "no": lambda r: r.no,
    "information": lambda r: r.information.casefold(),
    "document": lambda r: r.document.casefold(),
    "unit": lambda r: r.owning_unit.casefold(),
    "ground": lambda r: r.grounds,
    # the earliest last day first; a permanent period (no last day) after every dated one
    "period": lambda r: (r.period_end is None, r.period_end or date.max),
    "decree": lambda r: (r.decree_date, r.decree_number),
}
"""The register's columns a page sorts by (its own numbering, ``no``, by default)."""


@router.get("/register", response_class=HTMLResponse)
def register_page(
    request: Request,
    viewer: Annotated[Viewer, Depends(current_viewer)],
    as_of: str = "",
    unit: str = "",
    ground: str = "",
    ending_within: str = "",
    q: Annotated[str, Query(max_length=_MAX_TEXT)] = "",
    sort: Annotated[str, Query(max_length=20)] = "no",
    order: Annotated[str, Query(max_length=4)] = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    from ujikon.service import ENDING_WITHIN

    state = web_state(request)
    state.app.cases.require(viewer.actor, Capability.READ_REGISTER)
    errors: dict[str, str] = {}
    values, day = _register_query(state, as_of, unit, ground, ending_within, errors)
    text = _text(q)
    rows: list[RegisterRow] = []
    info = None
    if day is not None:
        filters = _register_filters(values)
        try:
            rows = state.app.register.rows(day, **filters, text=text)
            info = state.app.register.info(day, **filters, text=text)
        except InputError as exc:
            errors[_field_of(exc.where, _REGISTER_FIELDS, "ground")] = _message(exc)
    shown, paging = listed(
        rows,
        _REGISTER_SORTS,
        sort,
        order,
        page_number,
        default="no",
        tiebreak=lambda r: r.no,
        query={**values, "q": text},
    )
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in {**values, "q": text}.items() if v})
    return page(
        request,
        "web/audit/register.html",
        status=422 if errors else 200,
        values=values,
        errors=errors,
        day=day,
        info=info,
        rows=shown,
        paging=paging,
        q=text,
        export_query=query,
        formats=REGISTER_DOWNLOADS,
        ending_choices=ENDING_WITHIN,
    )


@router.get("/register/export")
def register_export(
    request: Request,
    viewer: Annotated[Viewer, Depends(current_viewer)],
    fmt: Annotated[str, Query(alias="format")] = "csv",
    as_of: str = "",
    unit: str = "",
    ground: str = "",
    ending_within: str = "",
    q: Annotated[str, Query(max_length=_MAX_TEXT)] = "",
) -> Response:
    """The register the page shows (its filters and its search), every row, in its own
    order: a download is the document, not one page of a sorted screen."""
    state = web_state(request)
    state.app.cases.require(viewer.actor, Capability.READ_REGISTER)
    if fmt not in REGISTER_DOWNLOADS:
        raise InputError("format", f"'{fmt[:20]}': {', '.join(REGISTER_DOWNLOADS)}")
    errors: dict[str, str] = {}
    values, day = _register_query(state, as_of, unit, ground, ending_within, errors)
    if day is None:
        where = next(iter(errors))
        raise InputError(where, errors[where])
    filters = _register_filters(values)
    text = _text(q)
    rows = state.app.register.rows(day, **filters, text=text)
    info = state.app.register.info(day, **filters, text=text)
    folder = Path(tempfile.mkdtemp(prefix="ujikon-dik-"))
    target = folder / f"DIK_{day.isoformat()}.{fmt}"
    try:
        state.app.register.export(rows, info, cast("Format", fmt), target)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return _download(target, folder, target.name, _MEDIA[fmt])


# --------------------------------------------------------------------------- verify a PDF


def _dev_ca(state: WebState) -> Path | None:
    ca = state.workspace.dev_ca
    return ca if ca.is_file() else None


def _trust_root_names(state: WebState) -> list[str]:
    return [p.name for p in state.app.verification.trust_roots()]


def _verify_form(
    request: Request,
    *,
    error: str = "",
    verdict: Any = None,
    filename: str = "",
    status: int = 200,
) -> HTMLResponse:
    state = web_state(request)
    return page(
        request,
        "web/audit/verify_pdf.html",
        status=status,
        dev_ca=_dev_ca(state) is not None,
        trust_roots=_trust_root_names(state),
        max_mb=state.settings.max_upload_bytes / (1024 * 1024),
        error=error,
        verdict=verdict,
        filename=filename,
    )


async def uploaded_file(request: Request) -> UploadFile | None:
    """The form's ``file`` part, if it is a file (the form is parsed once per request)."""
    form = await request.form()
    part = form.get("file")
    return part if isinstance(part, UploadFile) else None


@router.get("/verify", response_class=HTMLResponse)
def verify_form(
    request: Request, viewer: Annotated[Viewer, Depends(current_viewer)]
) -> HTMLResponse:
    web_state(request).app.cases.require(viewer.actor, Capability.VERIFY_DOCUMENTS)
    return _verify_form(request)


@router.post("/verify", response_class=HTMLResponse)
def verify_upload(
    request: Request,
    viewer: Annotated[Viewer, Depends(checked_form)],
    upload: Annotated[UploadFile | None, Depends(uploaded_file)],
) -> HTMLResponse:
    state = web_state(request)
    state.app.cases.require(viewer.actor, Capability.VERIFY_DOCUMENTS)
    filename = _shorten(upload.filename or "", 120) if upload is not None else ""
    if upload is None or (not filename and not upload.size):
        return _verify_form(request, error="Pilih berkas PDF. / Choose a PDF file.", status=422)
    upload.file.seek(0)
    if upload.file.read(len(_PDF_MAGIC)) != _PDF_MAGIC:
        return _verify_form(
            request,
            error="Berkas ini bukan PDF (tidak diawali %PDF-). / This file is not a PDF "
            "(it does not start with %PDF-).",
            filename=filename,
            status=422,
        )
    upload.file.seek(0)
    handle, name = tempfile.mkstemp(prefix="ujikon-verify-", suffix=".pdf")
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as target:
            shutil.copyfileobj(upload.file, target, _COPY_CHUNK)
        # The workspace's trust roots (keys/trusted/), never its development CA: a
        # decree signed with development keys is "intact but signer not trusted" here,
        # as on the command line without --trust.
        roots = state.app.verification.trust_roots()
        try:
            verdict = state.app.verification.verify_file(path, roots)
        except InputError as exc:
            return _verify_form(request, error=_message(exc), filename=filename, status=422)
    finally:
        path.unlink(missing_ok=True)
    return _verify_form(request, verdict=verdict, filename=filename)


# -- the self-assessment (monev) ------------------------------------------------------------


@router.get("/monev", response_class=HTMLResponse)
def monev_page(
    request: Request,
    viewer: Annotated[Viewer, Depends(current_viewer)],
    year: Annotated[str, Query(max_length=8)] = "",
) -> HTMLResponse:
    """The self-assessment for the Komisi Informasi's monitoring (penilaian mandiri, Perki
    1/2022), as ``ujikon monev assess`` scores it from the log, beside the year before; read
    by those who read the whole log (PPID Utama, Atasan PPID, auditor)."""
    state = web_state(request)
    state.app.cases.require(viewer.actor, Capability.READ_AUDIT_LOG)
    this_year = state.app.cases.today().year
    errors: dict[str, str] = {}
    chosen = this_year
    if year.strip():
        text = year.strip()
        if text.isdigit() and 2000 <= int(text) <= this_year:
            chosen = int(text)
        else:
            errors["year"] = (
                f"Tahun '{text[:8]}' tidak dapat dinilai: tulis tahun 2000 s.d. {this_year}. / "
                f"Year '{text[:8]}' cannot be assessed: give a year from 2000 to {this_year}."
            )
    result = None
    if not errors:
        try:
            result = state.app.monev.assess(chosen)
        except InputError as exc:
            errors["_form"] = _message(exc)
    return page(
        request,
        "web/audit/monev.html",
        status=422 if errors else 200,
        result=result,
        year=year.strip() or str(chosen),
        errors=errors,
    )
