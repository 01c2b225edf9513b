"""The case pages: the list, the PPID Utama's review queue, opening a case, the case
view with the forms of the steps the viewer may take now, saving a draft, and the
differences between two records of a case.

Every read names the viewer to the service (rule ``own-unit``: another unit's case is
a 404, whatever the route); every step is fired through ``Service.act`` as the viewer,
whose rules refuse what the law or the viewer's role forbids. A refused step comes back
as the same page (422) with the typed fields and the refusal next to its field.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ujikon.domain import payloads as p
from ujikon.domain.access import Capability
from ujikon.domain.case import Case, parse_case_ref
from ujikon.domain.decide import allowed_triggers
from ujikon.domain.events import StoredEvent
from ujikon.domain.history import rerecorded_diffs, revision_diffs, revision_of, words_in
from ujikon.domain.labels import PATH_STEPS
from ujikon.domain.lint import lint_case
from ujikon.domain.roles import Role
from ujikon.domain.states import CaseState
from ujikon.domain.upcast import upcast
from ujikon.domain.workflow import ACTIONS, STATE_AFTER_STEP, STATE_BEFORE_STEP, allowed_roles
from ujikon.errors import InputError, NotFound, PermissionDenied, RuleViolation
from ujikon.service import Application, CaseSummary, Precedent, Service
from ujikon.web import case_forms as cf
from ujikon.web.deps import Viewer, checked_form, current_viewer
from ujikon.web.listing import PAGE_SIZE, listed
from ujikon.web.render import deadlines_of, objection_deadlines_of, page
from ujikon.web.state import web_state

__all__ = ["PAGE_SIZE", "router"]

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

PRECEDENTS_PER_GROUND = 3
"""Precedents suggested for each cited ground on the case view."""


async def _form_items(request: Request) -> list[tuple[str, str]]:
    """The text fields of a posted form (read once; the CSRF check reads the same)."""
    form = await request.form()
    return [(k, v) for k, v in form.multi_items() if isinstance(v, str)]


FormItems = Annotated[list[tuple[str, str]], Depends(_form_items)]
Reader = Annotated[Viewer, Depends(current_viewer)]
Writer = Annotated[Viewer, Depends(checked_form)]


def _service(request: Request) -> Service:
    return web_state(request).app.cases


def _drafts(request: Request) -> cf.DraftStore:
    return cf.DraftStore(_service(request).log)


def _context() -> dict[str, Any]:
    """What every case template may use to label choices."""
    return {
        "choices": cf.CHOICES,
        "choice": cf.choice_label,
        "trigger_label": cf.trigger_label,
        "numbered": cf.numbered_label,
        "max_rows": cf.MAX_ROWS,
        "action_label": cf.action_label,
        "field_words": cf.field_words,
        "role_label": cf.role_label,
        "steps_order": list(p.Step),
    }


# -- the lists -------------------------------------------------------------------------------


def _state_of(text: str) -> CaseState | None:
    if not text:
        return None
    try:
        return CaseState(text)
    except ValueError:
        known = ", ".join(s.value for s in CaseState)
        raise InputError(
            "state", f"tahap tidak dikenal / unknown state '{text[:40]}' ({known})"
        ) from None


_SORTS: dict[str, Callable[[CaseSummary], Any]] = {
    "updated": lambda r: r.updated_at,
    "number": lambda r: r.case_id,
    "title": lambda r: r.title.casefold(),
    "unit": lambda r: r.unit.casefold(),
    "state": lambda r: list(CaseState).index(r.state),
}
"""The columns a case list sorts by."""

_NEWEST_FIRST = frozenset({"updated"})


@router.get("/cases", response_class=HTMLResponse)
def case_list(
    request: Request,
    viewer: Reader,
    state: Annotated[str, Query(max_length=40)] = "",
    unit: Annotated[str, Query(max_length=200)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    sort: Annotated[str, Query(max_length=20)] = "updated",
    order: Annotated[str, Query(max_length=4)] = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    service = _service(request)
    chosen = _state_of(state)
    everything = service.list_cases(viewer=viewer.actor)
    rows = service.list_cases(chosen, unit or None, viewer=viewer.actor, text=q)
    shown, paging = listed(
        rows,
        _SORTS,
        sort,
        order,
        page_number,
        default="updated",
        tiebreak=lambda r: r.case_id,
        descending_first=_NEWEST_FIRST,
        query={"q": q, "state": chosen.value if chosen else "", "unit": unit},
    )
    return page(
        request,
        "web/cases/list.html",
        rows=shown,
        paging=paging,
        deadlines=deadlines_of(request, shown),
        objection_due=objection_deadlines_of(request, shown),
        states=list(CaseState),
        units=sorted({r.unit for r in everything if r.unit}),
        state=chosen.value if chosen else "",
        unit=unit,
        q=q,
        may_open=viewer.actor.role in allowed_roles("open", None),
    )


_NO_DEADLINE = date.max
"""Where a case without an answer deadline sorts by deadline: after every dated one."""


@router.get("/review", response_class=HTMLResponse)
def review_queue(
    request: Request,
    viewer: Reader,
    q: Annotated[str, Query(max_length=200)] = "",
    sort: Annotated[str, Query(max_length=20)] = "updated",
    order: Annotated[str, Query(max_length=4)] = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """The cases in review, the longest waiting first unless sorted otherwise; each with
    its answer deadline as the dashboard marks it."""
    if viewer.actor.role is not Role.PPID:
        raise PermissionDenied(
            "Antrean tinjauan hanya untuk PPID Utama. / The review queue is the PPID Utama's."
        )
    rows = _service(request).list_cases(CaseState.IN_REVIEW, viewer=viewer.actor, text=q)
    due = deadlines_of(request, rows)
    sorts: dict[str, Callable[[CaseSummary], Any]] = {
        "updated": _SORTS["updated"],
        "number": _SORTS["number"],
        "title": _SORTS["title"],
        "unit": _SORTS["unit"],
        "due": lambda r: due[r.case_id].due if r.case_id in due else _NO_DEADLINE,
    }
    shown, paging = listed(
        rows,
        sorts,
        sort,
        order,
        page_number,
        default="updated",
        tiebreak=lambda r: r.case_id,
        query={"q": q},
    )
    return page(
        request,
        "web/cases/review.html",
        rows=shown,
        paging=paging,
        q=q,
        deadlines={r.case_id: due[r.case_id] for r in shown if r.case_id in due},
        objection_due=objection_deadlines_of(request, shown),
    )


# -- opening a case ----------------------------------------------------------------------------


def _may_open(request: Request, viewer: Viewer) -> None:
    """The page of a role that opens no case is refused, before its form is read (the
    service's rule role-may-act refuses the act itself whatever the page does)."""
    _service(request).require(viewer.actor, Capability.READ_CASES)
    if viewer.actor.role not in allowed_roles("open", None):
        raise PermissionDenied(
            f"Peran '{viewer.actor.role.value}' tidak membuka kasus. / "
            f"Role '{viewer.actor.role.value}' opens no case."
        )


def _new_page(request: Request, form: cf.StepForm, status: int = 200) -> HTMLResponse:
    return page(request, "web/cases/new.html", status=status, form=form, **_context())


@router.get("/cases/new", response_class=HTMLResponse)
def new_case_form(request: Request, viewer: Reader) -> HTMLResponse:
    _may_open(request, viewer)
    return _new_page(request, cf.StepForm("open"))


@router.post("/cases/new")
def new_case(request: Request, viewer: Writer, items: FormItems) -> Response:
    _may_open(request, viewer)
    form = cf.read_form("open", items)
    payload = form.payload()
    if isinstance(payload, p.OpenCase):
        try:
            case = _service(request).open_case(viewer.actor, payload)
        except (RuleViolation, InputError) as exc:
            form.refuse(exc)
        else:
            viewer.session.flash(
                "ok", f"Kasus {case.case_id} dibuka.", f"Case {case.case_id} opened."
            )
            return RedirectResponse(f"/cases/{case.case_id}", status_code=303)
    return _new_page(request, form, 422)


# -- the case view -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryLine:
    """One event of the case's history as the page shows it."""

    seq: int
    revision: int
    at: datetime
    actor: str
    role: str
    action: str
    source: str
    dest: str
    said: str
    to_step: str


@dataclass(frozen=True)
class StepPill:
    trigger: str
    number: str
    label_id: str
    label_en: str
    status: str
    """``done``, ``current``, ``todo``, or ``skip`` (a decree for information concluded
    open: it is released, not set by decree)."""


def _story(events: list[StoredEvent]) -> list[StoryLine]:
    out = []
    for e in events:
        payload = upcast(e.action, e.payload_version, e.payload)
        data = payload.get("data")
        data = data if isinstance(data, dict) else {}
        out.append(
            StoryLine(
                seq=e.seq,
                revision=revision_of(e),
                at=e.recorded_at,
                actor=e.actor,
                role=e.role,
                action=e.action,
                source=str(payload.get("from", "")),
                dest=str(payload.get("to", "")),
                said=words_in(e.action, data),
                to_step=str(data.get("to_step", "")),
            )
        )
    return out


def _progress(case: Case) -> list[StepPill]:
    """The whole path of ``case`` (:data:`~ujikon.domain.labels.PATH_STEPS`): the reason,
    the five recorded steps, submission, approval and the decree, each done, current or
    still to come."""
    order = list(CaseState)
    state = case.state
    at = order.index(state)
    withdrawn = state is CaseState.WITHDRAWN
    status: dict[str, str] = {"open": "done"}
    for step in p.Step:
        if withdrawn:
            status[step.value] = "done" if step in case.steps else "todo"
        elif at >= order.index(STATE_AFTER_STEP[step]):
            status[step.value] = "done"
        elif state is STATE_BEFORE_STEP[step]:
            status[step.value] = "current"
        else:
            status[step.value] = "todo"
    reviewed = case.approved_by is not None
    withholds = case.conclusion is None or case.conclusion.outcome.withholds
    status["submit"] = (
        "done"
        if reviewed or (not withdrawn and at >= order.index(CaseState.IN_REVIEW))
        else "current"
        if state is CaseState.CONCLUDED
        else "todo"
    )
    status["approve"] = (
        "done" if reviewed else "current" if state is CaseState.IN_REVIEW else "todo"
    )
    status["include_in_decree"] = (
        "done"
        if case.decree is not None
        else "skip"
        if not withholds
        else "current"
        if state is CaseState.APPROVED
        else "todo"
    )
    return [
        StepPill(trigger, number, text_id, text_en, status[trigger])
        for trigger, number, text_id, text_en in PATH_STEPS
    ]


def _precedents(app: Application, case: Case, viewer: Viewer) -> list[tuple[str, list[Precedent]]]:
    """Decided cases citing the same grounds, only those the viewer may read."""
    out: list[tuple[str, list[Precedent]]] = []
    for ground in case.grounds.ground_ids() if case.grounds else []:
        try:
            found = app.precedents.search("", ground=ground, limit=10, viewer=viewer.actor)
        except InputError:
            continue
        shown = [p for p in found.precedents if p.ref.split("/", 1)[0] != case.case_id]
        out.append((ground, shown[:PRECEDENTS_PER_GROUND]))
    return out


def _recorded_again(events: list[StoredEvent], revision: int) -> bool:
    actions = [
        e.action
        for e in events
        if e.subject.endswith(f"/{revision}") and e.action in {ACTIONS[s.value] for s in p.Step}
    ]
    return len(actions) != len(set(actions))


def _case_page(
    request: Request,
    viewer: Viewer,
    ref: str,
    *,
    failed: cf.StepForm | None = None,
    status: int = 200,
) -> HTMLResponse:
    service = _service(request)
    case = service.get_case(ref, viewer=viewer.actor)
    revisions = service.revisions(case.case_id, viewer=viewer.actor)
    history = service.history(case.case_id, viewer=viewer.actor)
    latest = max(c.revision for c in revisions)
    current = case.revision == latest
    drafts = _drafts(request)
    offered = allowed_triggers(case, viewer.actor) if current else []
    today = service.today()
    forms = []
    for trigger in offered:
        if trigger not in cf.STEP_FORMS or not cf.has_subject(trigger, case):
            continue
        if failed is not None and failed.trigger == trigger:
            forms.append(failed)
        else:
            draft = drafts.load(viewer.username, case.case_id, trigger)
            forms.append(cf.initial_form(trigger, case, draft))
    unplaced = failed if failed is not None and failed not in forms else None
    # Only what is withheld goes into a decree of exempt information: an approved case
    # concluded open leads to giving the information, not to a decree.
    withholds = case.conclusion is not None and case.conclusion.outcome.withholds
    diff_links = [
        (c.previous_revision, c.revision) for c in revisions if c.previous_revision is not None
    ]
    diff_links += [
        (c.revision, c.revision) for c in revisions if _recorded_again(history, c.revision)
    ]
    return page(
        request,
        "web/cases/view.html",
        status=status,
        case=case,
        current=current,
        latest=latest,
        revisions=revisions,
        story=_story(history),
        progress=_progress(case),
        forms=forms,
        by_decree="include_in_decree" in offered and withholds,
        concluded_open=case.state is CaseState.APPROVED and not withholds,
        unplaced=unplaced,
        refused=failed if failed is not None and failed in forms else None,
        warnings=lint_case(case, service.catalogue),
        precedents=_precedents(web_state(request).app, case, viewer),
        catalogue=service.catalogue,
        diff_links=sorted(set(diff_links)),
        limits=web_state(request).app.deadlines.of_case(case, today),
        today=today,
        **_context(),
    )


def _ref(case_id: str, revision: int | None) -> str:
    return f"{case_id}/{revision}" if revision else case_id


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_view(
    request: Request,
    case_id: str,
    viewer: Reader,
    rev: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> HTMLResponse:
    return _case_page(request, viewer, _ref(case_id, rev))


def _posted_revision(items: list[tuple[str, str]]) -> int | None:
    for name, value in items:
        if name == "revision" and value.isdigit() and 0 < len(value) < 7:
            return int(value)
    return None


def _known_trigger(trigger: str) -> None:
    if trigger not in cf.STEP_FORMS:
        raise NotFound("langkah/step", trigger[:40], ", ".join(cf.STEP_FORMS))


@router.post("/cases/{case_id}/act/{trigger}")
def case_act(
    request: Request, case_id: str, trigger: str, viewer: Writer, items: FormItems
) -> Response:
    _known_trigger(trigger)
    service = _service(request)
    case = service.get_case(_ref(case_id, _posted_revision(items)), viewer=viewer.actor)
    form = cf.read_form(trigger, items, case)
    payload = form.payload()
    if payload is None and form.errors and trigger in cf.STEP_FORMS:
        # The schema refused some fields: what the law's rules say of the others comes in
        # the same answer, so one submit shows every problem.
        form.add_refusals(service.step_problems(viewer.actor, case.ref, trigger, form.data))
    if payload is not None:
        try:
            after = service.act(viewer.actor, case.ref, trigger, payload)
        except (RuleViolation, InputError) as exc:
            form.refuse(exc)
        else:
            _drafts(request).clear(viewer.username, case.case_id, trigger)
            text_id, text_en = cf.trigger_label(trigger)
            viewer.session.flash(
                "ok", f"Tercatat: {text_id} ({after.ref}).", f"Recorded: {text_en} ({after.ref})."
            )
            # Land on the next step's form, not at the top of a long page.
            following = sorted(
                (
                    t
                    for t in allowed_triggers(after, viewer.actor)
                    if t in cf.STEP_FORMS and cf.has_subject(t, after)
                ),
                key=cf.STEP_FORMS.index,
            )
            anchor = f"#step-{following[0]}" if following else ""
            return RedirectResponse(f"/cases/{after.case_id}{anchor}", status_code=303)
    return _case_page(request, viewer, case.ref, failed=form, status=422)


@router.post("/cases/{case_id}/draft/{trigger}")
def case_draft(
    request: Request, case_id: str, trigger: str, viewer: Writer, items: FormItems
) -> Response:
    _known_trigger(trigger)
    case = _service(request).get_case(case_id, viewer=viewer.actor)
    if trigger not in allowed_triggers(case, viewer.actor):
        raise PermissionDenied(
            f"Langkah '{trigger}' bukan langkah Anda sekarang pada {case.ref}; draf tidak "
            f"disimpan. / Step '{trigger}' is not yours to take now on {case.ref}; no draft "
            "was saved."
        )
    _drafts(request).save(viewer.username, case.case_id, trigger, cf.read_values(trigger, items))
    viewer.session.flash(
        "ok",
        "Draf disimpan; langkah belum dicatat.",
        "Draft saved; the step is not recorded yet.",
    )
    return RedirectResponse(f"/cases/{case.case_id}#step-{trigger}", status_code=303)


# -- differences -----------------------------------------------------------------------------------


@router.get("/cases/{case_id}/diff", response_class=HTMLResponse)
def case_diff(
    request: Request,
    case_id: str,
    viewer: Reader,
    from_: Annotated[int | None, Query(alias="from", ge=1, le=100_000)] = None,
    to: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> HTMLResponse:
    service = _service(request)
    parsed = parse_case_ref(case_id)
    if parsed is None or parsed.revision is not None:
        raise InputError("case id", f"'{case_id[:40]}' is not a case id like UK-2026-0001")
    revisions = {c.revision: c for c in service.revisions(parsed.case_id, viewer=viewer.actor)}
    new = revisions.get(to) if to else revisions[max(revisions)]
    if new is None:
        raise NotFound("revisi/revision", f"{parsed.case_id}/{to}")
    old_revision = from_ or new.previous_revision or new.revision
    old = revisions.get(old_revision)
    if old is None:
        raise NotFound("revisi/revision", f"{parsed.case_id}/{old_revision}")
    if old.revision == new.revision:
        steps = rerecorded_diffs(service.history(new.ref, viewer=viewer.actor))
    else:
        steps = revision_diffs(
            service.history(old.ref, viewer=viewer.actor),
            service.history(new.ref, viewer=viewer.actor),
            new.revision,
            old.revision,
        )
    return page(
        request,
        "web/cases/diff.html",
        case=new,
        old=old,
        new=new,
        revisions=sorted(revisions),
        steps=steps,
        **_context(),
    )
