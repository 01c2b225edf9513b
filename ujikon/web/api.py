"""The JSON API under ``/api``: every use case of the service, for programs.

Log in with ``POST /api/session`` and send the token as ``Authorization: Bearer <token>``
(a page's cookie session works too, with ``X-CSRF-Token`` on every write). Each route
parses its input with pydantic (a request that does not fit is a 422), calls one
service or decree-desk method, and answers JSON; authorisation is the service's, exactly
as on the pages: reading a case names the viewer (an officer sees their unit's cases
only; another unit's case is a 404), other reads first ask ``Service.require``, and every
write names the acting user so that the rules refuse (422 with ``rule``, ``article`` and
``field``). Errors become HTTP answers in one place, :mod:`ujikon.web.errors`.

A case's triggers are one route each (``POST /api/cases/{case_id}/identify`` ...), so
that the OpenAPI document gives each its own payload. ``include_in_decree`` has none: a
case enters a decree when the decree is issued (``POST /api/decrees/{id}/issue``), never
by naming a decree number by hand.
"""

from __future__ import annotations

import inspect
import itertools
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, File, Path, Query, UploadFile
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator, BaseModel
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from ujikon.domain import payloads as p
from ujikon.domain.access import (
    DECREE_NOT_FOUND_HINT,
    Capability,
    may,
    may_read_case,
    may_see_decree,
)
from ujikon.domain.body import BodyProfile
from ujikon.domain.case import Case
from ujikon.domain.decide import allowed_triggers
from ujikon.domain.decree import Decree, DecreeState
from ujikon.domain.events import StoredEvent
from ujikon.domain.lint import lint_case
from ujikon.domain.roles import Actor, Role
from ujikon.domain.states import CaseState
from ujikon.domain.users import AddUser
from ujikon.domain.workflow import PAYLOADS
from ujikon.errors import InputError, NotFound
from ujikon.law import Catalogue, Ground, normalise_ground_id
from ujikon.service import LogFilter, decree_filename, event_row
from ujikon.web.api_models import (
    AnswerDeadlineOut,
    ApiError,
    AuditPage,
    AuditReportOut,
    BodyProfileIn,
    CaseDeadlinesOut,
    CaseOut,
    CaseReceipt,
    CaseSummaryOut,
    DraftDecreeIn,
    EventOut,
    IssueDecreeIn,
    KeyOut,
    LoginIn,
    Me,
    NewUserIn,
    ObjectionDeadlineOut,
    PasswordIn,
    RegisterOut,
    RegisterRowOut,
    RevokeDecreeIn,
    SessionOut,
    SignatureOut,
    StateLabel,
    UserOut,
    ValidationProblem,
    VerifyOut,
)
from ujikon.web.deps import Viewer, current_viewer
from ujikon.web.login import log_in
from ujikon.web.routes_auth import client_address
from ujikon.web.state import WebState, web_state

__all__ = ["API_TRIGGERS", "BEARER", "router"]

router = APIRouter(prefix="/api")

API_TRIGGERS: tuple[str, ...] = tuple(t for t in PAYLOADS if t not in {"open", "include_in_decree"})
"""The triggers a client fires on a case, one route each; ``open`` is ``POST /api/cases``
and ``include_in_decree`` belongs to issuing a decree."""

BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="The token of `POST /api/session`, as `Authorization: Bearer <token>`.",
)
"""Declares the scheme in the OpenAPI document; :func:`current_viewer` does the check."""


def api_viewer(
    request: Request,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> Viewer:
    """The logged-in user of an API request (401 without a valid token or session)."""
    return current_viewer(request)


Authed = Annotated[Viewer, Depends(api_viewer)]

# -- documented answers ---------------------------------------------------------------------------

_ERROR_TEXT = {
    400: "Refused (e.g. a signing key the passphrase does not open)",
    401: "Not logged in, or the token ended",
    403: "The role may not do this (or the CSRF header is missing on a cookie session)",
    404: "No such thing, or not the viewer's to see (rule own-unit)",
    409: "Someone changed it first; nothing was stored",
    429: "Too many failed log-ins; see Retry-After",
}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    out: dict[int | str, dict[str, Any]] = {
        code: {"model": ApiError, "description": _ERROR_TEXT[code]} for code in codes
    }
    out[422] = {
        "model": ApiError | ValidationProblem,
        "description": "Refused by a legal rule (rule, article, field), or input that does "
        "not fit its schema",
    }
    return out


_READ = _errors(401, 403)
_READ_ONE = _errors(401, 403, 404)
_WRITE = _errors(401, 403, 404, 409)

_PDF: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        "description": "The PDF",
    }
}

# -- parameters -----------------------------------------------------------------------------------

CaseId = Annotated[
    str,
    Path(
        pattern=r"^[A-Za-z][A-Za-z0-9]{0,9}-\d{4}-\d{4,6}$",
        description="The case id, e.g. UK-2026-0001",
        examples=["UK-2026-0001"],
    ),
]
Revision = Annotated[
    int | None,
    Query(ge=1, le=100_000, description="A revision of the case; the latest when omitted"),
]
DecreeId = Annotated[
    str,
    Path(
        pattern=r"^[Dd]-\d{4}-\d{4,6}$",
        description="The decree's draft id, e.g. D-2026-0001",
        examples=["D-2026-0001"],
    ),
]
Username = Annotated[
    str, Path(pattern=r"^[a-z][a-z0-9._-]{1,39}$", examples=["siti"], description="A user name")
]

_EARLIEST = date(1900, 1, 1)
_LATEST = date(9000, 12, 31)


def _sane_day(value: date | None) -> date | None:
    if value is not None and not _EARLIEST <= value <= _LATEST:
        raise ValueError(f"tanggal di luar {_EARLIEST}..{_LATEST} / date out of range")
    return value


Day = Annotated[date | None, AfterValidator(_sane_day)]


# -- helpers --------------------------------------------------------------------------------------


def _deadlines_out(state: WebState, case: Case) -> CaseDeadlinesOut:
    today = state.app.cases.today()
    found = state.app.deadlines.of_case(case, today)
    answer = found.answer
    return CaseDeadlinesOut(
        as_of=today,
        answer=None
        if answer is None
        else AnswerDeadlineOut(
            received=answer.received,
            due=answer.due,
            working_days_left=answer.working_days_left,
            extended=answer.extended,
            status=answer.status,
            label=StateLabel(id=answer.label_id, en=answer.label_en),
        ),
        objections=[
            ObjectionDeadlineOut(
                reference=view.record.reference,
                filed_on=view.record.filing.filed_on,
                filing_due=view.timeline.filing_due,
                answer_due=view.timeline.answer_due,
                answer_left=view.timeline.answer_left,
                answered=not view.record.pending,
                answered_late=view.timeline.answered_late,
                dispute_due=view.timeline.dispute_due,
                status=view.timeline.status,
            )
            for view in found.objections
        ],
    )


def _case_out(state: WebState, case: Case, actor: Actor) -> CaseOut:
    catalogue = state.app.cases.catalogue
    always = frozenset(c.id for c in catalogue.always_available)
    return CaseOut(
        **dict(case),
        allowed_triggers=[t for t in allowed_triggers(case, actor) if t in API_TRIGGERS],
        review_flags=case.flags(always),
        warnings=lint_case(case, catalogue),
        deadlines=_deadlines_out(state, case),
    )


def _event_out(event: StoredEvent) -> EventOut:
    return EventOut.model_validate(event_row(event))


def _ref(case_id: str, revision: int | None) -> str:
    return case_id if revision is None else f"{case_id}/{revision}"


# -- session --------------------------------------------------------------------------------------


@router.post(
    "/session",
    tags=["session"],
    summary="Log in: a bearer token",
    responses=_errors(403, 429),
)
def create_session(request: Request, credentials: LoginIn) -> SessionOut:
    """Log in with a user name and password (rate limited as the log-in form is: too
    many failures answer 429 with ``Retry-After``). A wrong name or password is a 403
    that does not say which was wrong."""
    state = web_state(request)
    actor, session = log_in(
        state, credentials.username, credentials.password, client_address(request), "token"
    )
    return SessionOut(
        token=session.id,
        username=actor.username,
        role=actor.role,
        unit=actor.unit,
        expires_in=int(state.sessions.policy.idle),
    )


@router.delete(
    "/session",
    tags=["session"],
    summary="Log out: the token ends",
    status_code=204,
    response_class=Response,
    responses=_errors(401, 403),
)
def delete_session(request: Request, viewer: Authed) -> Response:
    web_state(request).sessions.drop(viewer.session.id)
    return Response(status_code=204)


@router.get("/me", tags=["session"], summary="Who is logged in", responses=_READ)
def me(request: Request, viewer: Authed) -> Me:
    actor = viewer.actor
    user = web_state(request).app.cases.user(actor.username)
    return Me(
        username=actor.username,
        role=actor.role,
        role_label=StateLabel(id=actor.role.label_id, en=actor.role.label_en),
        unit=actor.unit,
        full_name=user.full_name,
        capabilities=[c.value for c in Capability if may(actor, c)],
    )


# -- the law --------------------------------------------------------------------------------------


@router.get(
    "/law/grounds",
    tags=["law"],
    summary="The statute catalogue: every ground of Pasal 17",
    responses=_READ,
)
def law_grounds(request: Request, viewer: Authed) -> Catalogue:
    return web_state(request).app.cases.catalogue


@router.get(
    "/law/grounds/{ground_id}",
    tags=["law"],
    summary="One ground of the catalogue",
    responses=_READ_ONE,
)
def law_ground(
    request: Request,
    viewer: Authed,
    ground_id: Annotated[
        str,
        Path(
            min_length=1,
            max_length=60,
            description='A ground, e.g. 17h2 (or "Pasal 17 huruf h angka 2")',
            examples=["17h2"],
        ),
    ],
) -> Ground:
    catalogue = web_state(request).app.cases.catalogue
    found = catalogue.ground(normalise_ground_id(ground_id))
    if found is None:
        raise NotFound("dasar/ground", ground_id[:60], "Lihat / see GET /api/law/grounds.")
    return found


# -- cases ----------------------------------------------------------------------------------------


@router.get("/cases", tags=["cases"], summary="The cases the viewer may see", responses=_READ)
def list_cases(
    request: Request,
    viewer: Authed,
    state: Annotated[CaseState | None, Query(description="Only cases in this state")] = None,
    unit: Annotated[str | None, Query(max_length=200, description="Only this unit")] = None,
) -> list[CaseSummaryOut]:
    rows = web_state(request).app.cases.list_cases(state, unit, viewer=viewer.actor)
    return [
        CaseSummaryOut(
            case_id=r.case_id,
            revision=r.revision,
            ref=r.ref,
            state=r.state.value,
            title=r.title,
            unit=r.unit,
            opened_by=r.opened_by,
            updated_at=r.updated_at,
            grounds=list(r.grounds),
            outcome=r.outcome,
        )
        for r in rows
    ]


@router.post(
    "/cases",
    tags=["cases"],
    summary="Open a case (step 1: why the test runs)",
    status_code=201,
    responses=_WRITE,
)
def open_case(request: Request, response: Response, viewer: Authed, payload: p.OpenCase) -> CaseOut:
    state = web_state(request)
    case = state.app.cases.open_case(viewer.actor, payload)
    response.headers["Location"] = f"/api/cases/{case.case_id}"
    return _case_out(state, case, viewer.actor)


@router.get(
    "/cases/{case_id}",
    tags=["cases"],
    summary="A case (its latest revision, or ?revision=)",
    responses=_READ_ONE,
)
def get_case(
    request: Request, viewer: Authed, case_id: CaseId, revision: Revision = None
) -> CaseOut:
    state = web_state(request)
    case = state.app.cases.get_case(_ref(case_id, revision), viewer=viewer.actor)
    return _case_out(state, case, viewer.actor)


@router.get(
    "/cases/{case_id}/history",
    tags=["cases"],
    summary="Every event of the case (or of one revision), in log order",
    responses=_READ_ONE,
)
def case_history(
    request: Request, viewer: Authed, case_id: CaseId, revision: Revision = None
) -> list[EventOut]:
    events = web_state(request).app.cases.history(_ref(case_id, revision), viewer=viewer.actor)
    return [_event_out(e) for e in events]


@router.get(
    "/cases/{case_id}/revisions",
    tags=["cases"],
    summary="Every revision of the case, oldest first",
    responses=_READ_ONE,
)
def case_revisions(request: Request, viewer: Authed, case_id: CaseId) -> list[CaseOut]:
    state = web_state(request)
    cases = state.app.cases.revisions(case_id.upper(), viewer=viewer.actor)
    return [_case_out(state, c, viewer.actor) for c in cases]


def _fire(trigger: str, model: type[BaseModel]) -> None:
    """Add ``POST /api/cases/{case_id}/<trigger>`` taking ``model`` as its body."""

    def fire(
        request: Request, viewer: Viewer, case_id: str, payload: BaseModel
    ) -> CaseOut | CaseReceipt:
        state = web_state(request)
        case = state.app.cases.act(viewer.actor, case_id, trigger, payload)
        actor = viewer.actor
        if may(actor, Capability.READ_CASES) and may_read_case(actor, case.unit):
            return _case_out(state, case, actor)
        return CaseReceipt(
            case_id=case.case_id, revision=case.revision, ref=case.ref, state=case.state.value
        )

    param = inspect.Parameter
    fire.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            param("request", param.POSITIONAL_OR_KEYWORD, annotation=Request),
            param("viewer", param.POSITIONAL_OR_KEYWORD, annotation=Authed),
            param("case_id", param.POSITIONAL_OR_KEYWORD, annotation=CaseId),
            param("payload", param.POSITIONAL_OR_KEYWORD, annotation=Annotated[model, Body()]),
        ],
        return_annotation=CaseOut | CaseReceipt,
    )
    doc = inspect.getdoc(model) or ""
    router.add_api_route(
        f"/cases/{{case_id}}/{trigger}",
        fire,
        methods=["POST"],
        name=f"case_{trigger}",
        operation_id=f"case_{trigger}",
        tags=["cases"],
        summary=f"Fire '{trigger}' on the case's latest revision",
        description=(
            f"{doc}\n\nThe body is the payload of `{trigger}`. Answers the case afterwards "
            "(after a retest: its new revision); a refusal by a legal rule is a 422 naming "
            "the rule, its article and the field. A viewer whose role reads no case gets "
            "only the new state."
        ).strip(),
        response_model=CaseOut | CaseReceipt,
        responses=_WRITE,
    )


for _trigger in API_TRIGGERS:
    _fire(_trigger, PAYLOADS[_trigger])


@router.post("/cases/{case_id}/{trigger}", include_in_schema=False)
def unknown_trigger(viewer: Authed, case_id: str, trigger: str) -> Response:
    raise NotFound(
        "langkah/trigger", trigger[:40], "Langkah / triggers: " + ", ".join(API_TRIGGERS)
    )


# -- decrees --------------------------------------------------------------------------------------


@router.get("/decrees", tags=["decrees"], summary="Every decree", responses=_READ)
def list_decrees(
    request: Request,
    viewer: Authed,
    state: Annotated[DecreeState | None, Query(description="Only decrees in this state")] = None,
) -> list[Decree]:
    web = web_state(request)
    web.app.cases.require(viewer.actor, Capability.READ_DECREES)
    return [
        d
        for d in web.app.decrees.all()
        if (state is None or d.state is state) and may_see_decree(viewer.actor, d)
    ]


@router.post(
    "/decrees",
    tags=["decrees"],
    summary="Draft a decree over approved cases",
    status_code=201,
    responses=_WRITE,
)
def draft_decree(
    request: Request, response: Response, viewer: Authed, draft: DraftDecreeIn
) -> Decree:
    decree = web_state(request).app.decrees.draft(viewer.actor, draft.cases, draft.note)
    response.headers["Location"] = f"/api/decrees/{decree.decree_id}"
    return decree


@router.get("/decrees/{decree_id}", tags=["decrees"], summary="A decree", responses=_READ_ONE)
def get_decree(request: Request, viewer: Authed, decree_id: DecreeId) -> Decree:
    return _visible_decree(request, viewer, decree_id)


def _visible_decree(request: Request, viewer: Viewer, decree_id: str) -> Decree:
    """The decree, if the viewer may see it; a draft they may not see is "not found" in
    the words of an id that no decree has (drafts are the decree makers' working papers)."""
    web = web_state(request)
    web.app.cases.require(viewer.actor, Capability.READ_DECREES)
    try:
        decree = web.app.decrees.get(decree_id)
    except NotFound:
        decree = None
    if decree is None or not may_see_decree(viewer.actor, decree):
        raise NotFound("SK/decree", decree_id, DECREE_NOT_FOUND_HINT)
    return decree


@router.get(
    "/decrees/{decree_id}/pdf",
    tags=["decrees"],
    summary="The issued, signed PDF",
    response_class=FileResponse,
    responses={**_READ_ONE, **_PDF},
)
def decree_pdf(request: Request, viewer: Authed, decree_id: DecreeId) -> FileResponse:
    web = web_state(request)
    decree = _visible_decree(request, viewer, decree_id)
    if decree.issue is None:
        raise NotFound("PDF SK/decree PDF", decree_id, "Belum diterbitkan / not issued yet.")
    root = web.app.decrees.workdir.resolve()
    path = (root / decree.issue.file).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise NotFound("PDF SK/decree PDF", decree.issue.file, "Berkas hilang / file missing.")
    return FileResponse(
        path, media_type="application/pdf", filename=decree_filename(decree.issue.number)
    )


@router.get(
    "/decrees/{decree_id}/preview",
    tags=["decrees"],
    summary="A draft as it would be issued today (unsigned, watermarked)",
    response_class=Response,
    responses={**_READ_ONE, **_PDF},
)
def decree_preview(request: Request, viewer: Authed, decree_id: DecreeId) -> Response:
    web = web_state(request)
    web.app.cases.require(viewer.actor, Capability.DRAFT_DECREES)
    return Response(web.app.decrees.preview(decree_id), media_type="application/pdf")


@router.post(
    "/decrees/{decree_id}/issue",
    tags=["decrees"],
    summary="Place your signatures: number and sign a draft, or sign one awaiting you",
    responses=_errors(400, 401, 403, 404, 409),
)
def issue_decree(
    request: Request, viewer: Authed, decree_id: DecreeId, issue: IssueDecreeIn
) -> Decree:
    """Each signer signs from their own account (rule ``signer-own-account``): give your
    own key's passphrase by key name (never stored); another signer's key is refused.
    While a signer of the profile is still to sign, the decree is ``signing``; the last
    signature issues it and its cases become ``decreed`` in the same transaction."""
    passphrases = {key: value.encode("utf-8") for key, value in issue.passphrases.items()}
    return web_state(request).app.decrees.issue(viewer.actor, decree_id, passphrases).decree


@router.post(
    "/decrees/{decree_id}/revoke",
    tags=["decrees"],
    summary="Revoke an issued decree",
    responses=_WRITE,
)
def revoke_decree(
    request: Request, viewer: Authed, decree_id: DecreeId, revoke: RevokeDecreeIn
) -> Decree:
    return web_state(request).app.decrees.revoke(
        viewer.actor, decree_id, revoke.reason, revoke.replaced_by
    )


@router.post(
    "/decrees/{decree_id}/discard",
    tags=["decrees"],
    summary="Abandon a draft decree",
    responses=_WRITE,
)
def discard_decree(request: Request, viewer: Authed, decree_id: DecreeId) -> Decree:
    return web_state(request).app.decrees.discard(viewer.actor, decree_id)


# -- register, audit, verify ----------------------------------------------------------------------


@router.get(
    "/register",
    tags=["register"],
    summary="The register of exempt information (DIK) as it stood on a date",
    responses=_READ,
)
def register(
    request: Request,
    viewer: Authed,
    as_of: Annotated[Day, Query(description="The day (WIB); today when omitted")] = None,
    unit: Annotated[str | None, Query(max_length=200, description="Owning unit")] = None,
    ground: Annotated[
        str | None,
        Query(max_length=40, description="A letter (17h: any of its items) or a ground (17h2)"),
    ] = None,
) -> RegisterOut:
    app = web_state(request).app
    app.cases.require(viewer.actor, Capability.READ_REGISTER)
    day = as_of or app.cases.today()
    rows = app.register.rows(day, unit or None, ground or None)
    return RegisterOut(
        as_of=day,
        unit=unit or None,
        ground=ground or None,
        rows=[RegisterRowOut.model_validate(r.as_json()) for r in rows],
    )


@router.get(
    "/audit/log",
    tags=["audit"],
    summary="The event log, filtered, a page at a time",
    responses=_READ,
)
def audit_log(
    request: Request,
    viewer: Authed,
    case: Annotated[
        str | None,
        Query(
            pattern=r"^[A-Za-z][A-Za-z0-9]{0,9}-\d{4}-\d{4,6}(/\d{1,6})?$",
            examples=["UK-2026-0001"],
        ),
    ] = None,
    actor: Annotated[str | None, Query(pattern=r"^[a-z][a-z0-9._-]{1,39}$")] = None,
    role: Role | None = None,
    action: Annotated[
        str | None,
        Query(pattern=r"^[a-z_.]{1,60}$", description="An action or its beginning: case."),
    ] = None,
    since: Annotated[Day, Query(description="From this day (WIB)")] = None,
    until: Annotated[Day, Query(description="Up to this day (WIB), included")] = None,
    after_seq: Annotated[int, Query(ge=0, le=2**53, description="Events after this seq")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AuditPage:
    app = web_state(request).app
    service = app.cases
    service.require(viewer.actor, Capability.READ_AUDIT_LOG)
    flt = LogFilter(
        case=case,
        actor=actor,
        role=role.value if role is not None else None,
        action=action,
        since=since,
        until=until,
    )
    if flt.case is None:
        events: Iterator[StoredEvent] = (
            e for e in service.log.read_all(after_seq=after_seq) if flt.matches(e)
        )
    else:
        events = (e for e in app.audit.events(flt) if e.seq > after_seq)
    page = list(itertools.islice(events, limit + 1))
    more = len(page) > limit
    page = page[:limit]
    return AuditPage(
        events=[_event_out(e) for e in page],
        next_after_seq=page[-1].seq if more else None,
        filter=flt.describe(),
    )


@router.get(
    "/audit/verify",
    tags=["audit"],
    summary="Recompute the hash chain and check every issued decree's anchor and file",
    responses=_READ,
)
def audit_verify(request: Request, viewer: Authed) -> AuditReportOut:
    web = web_state(request)
    web.app.cases.require(viewer.actor, Capability.READ_AUDIT_LOG)
    report = web.app.audit.verify()
    return AuditReportOut.model_validate(report.to_json())


@router.post(
    "/verify",
    tags=["audit"],
    summary="Check an uploaded decree PDF: signatures, content, and this workspace's log",
    responses=_READ,
)
def verify_upload(
    request: Request,
    viewer: Authed,
    file: Annotated[UploadFile, File(description="A signed decree (PDF)")],
) -> VerifyOut:
    web = web_state(request)
    web.app.cases.require(viewer.actor, Capability.VERIFY_DOCUMENTS)
    data = file.file.read()
    if not data.startswith(b"%PDF-"):
        raise InputError("file", "bukan berkas PDF / not a PDF file")
    name = (file.filename or "upload.pdf")[-200:].encode("utf-8", "replace").decode("utf-8")
    # The roots of the page's check (``keys/trusted/``): the development CA only if the
    # body put it there on purpose, as ``ujikon verify`` trusts it only when named.
    roots = web.app.verification.trust_roots()
    with tempfile.TemporaryDirectory(prefix="ujikon-verify-") as tmp:
        path = FilePath(tmp) / "upload.pdf"
        path.write_bytes(data)
        try:
            verdict = web.app.verification.verify_file(path, roots)
        except InputError as exc:  # about the uploaded file, not the server's copy of it
            reason = exc.message.removeprefix(f"{exc.where}: ")
            raise InputError("file", reason.replace(str(path), name)) from None
    pdf = verdict.pdf
    summary = [line.replace(str(path), name) for line in verdict.summary_lines()]
    return VerifyOut(
        ok=verdict.ok,
        file=name,
        sha256=pdf.sha256,
        size=pdf.size,
        number=verdict.number,
        signed=pdf.signed,
        signatures=[
            SignatureOut(
                signer=s.signer_name,
                subject=s.signer_subject,
                kind=s.kind,
                intact=s.intact,
                trusted=s.trusted,
                is_dev=s.is_dev,
                timestamp=s.timestamp_time.isoformat() if s.timestamp_time else None,
            )
            for s in pdf.signatures
        ],
        modified_after_signing=pdf.modified_after_signing,
        decision_matches_qr=verdict.decision_matches_qr,
        log_status=verdict.log_status,
        log_notes=list(verdict.log_notes),
        revocation=verdict.revocation,
        summary=summary,
    )


# -- administration -------------------------------------------------------------------------------


@router.get("/users", tags=["admin"], summary="Every user", responses=_READ)
def list_users(request: Request, viewer: Authed) -> list[UserOut]:
    service = web_state(request).app.cases
    service.require(viewer.actor, Capability.MANAGE_USERS)
    return [
        UserOut(**dict(u), has_password=service.has_password(u.username)) for u in service.users()
    ]


@router.post(
    "/users",
    tags=["admin"],
    summary="Add a user (and set their password)",
    status_code=201,
    responses=_WRITE,
)
def add_user(request: Request, response: Response, viewer: Authed, new: NewUserIn) -> UserOut:
    """Only an administrator adds users (rule ``admin-manages-users``)."""
    from ujikon.service import check_password_strength

    service = web_state(request).app.cases
    if new.password is not None:
        check_password_strength(new.username, new.password)  # before anything is stored
    user = service.add_user(viewer.actor, AddUser(**new.model_dump(exclude={"password"})))
    if new.password is not None:
        service.set_password(viewer.actor, user.username, new.password)
    response.headers["Location"] = "/api/users"
    return UserOut(**dict(user), has_password=service.has_password(user.username))


@router.put(
    "/users/{username}/password",
    tags=["admin"],
    summary="Set a user's password (an administrator, or the user themself)",
    status_code=204,
    response_class=Response,
    responses=_WRITE,
)
def set_password(request: Request, viewer: Authed, username: Username, new: PasswordIn) -> Response:
    """Every session of that user ends, this one too when it is their own: log in again."""
    state = web_state(request)
    state.app.cases.set_password(viewer.actor, username, new.password)  # ends the sessions
    return Response(status_code=204)


@router.get(
    "/body",
    tags=["admin"],
    summary="The body's profile (letterhead, numbering, signers)",
    responses=_READ,
)
def get_body(request: Request, viewer: Authed) -> BodyProfile | None:
    web = web_state(request)
    web.app.cases.require(viewer.actor, Capability.MANAGE_BODY)
    return web.app.decrees.profile()


@router.put(
    "/body",
    tags=["admin"],
    summary="Replace the body's profile",
    responses=_WRITE,
)
def put_body(request: Request, viewer: Authed, profile: BodyProfileIn) -> BodyProfile:
    """Only an administrator sets it (rule ``admin-manages-workspace``)."""
    return web_state(request).app.decrees.set_profile(viewer.actor, profile)


@router.get("/keys", tags=["admin"], summary="The signing keys installed", responses=_READ)
def list_keys(request: Request, viewer: Authed) -> list[KeyOut]:
    web = web_state(request)
    web.app.cases.require(viewer.actor, Capability.MANAGE_KEYS)
    return [KeyOut.model_validate(k) for k in web.app.decrees.installed_keys()]
