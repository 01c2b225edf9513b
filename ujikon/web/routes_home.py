"""The home page: what each role has to do now.

A decree awaiting a signature leads the page of the one who signs it next ("SK menunggu
tanda tangan Anda", rule ``signer-own-account``); the other decree makers see it waiting.

The PPID Utama and the Atasan PPID, who register and answer objections, see the
objections awaiting the Atasan PPID's answer on the cases they may read, earliest limit
first (Pasal 36(2)); every case table marks an objection's limit beside the request's.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ujikon.domain.access import Capability, may
from ujikon.domain.body import SignerRole
from ujikon.domain.roles import Role
from ujikon.domain.states import CaseState
from ujikon.domain.workflow import allowed_roles
from ujikon.web.deps import Viewer, current_viewer
from ujikon.web.render import deadlines_of, objection_deadlines_of, page
from ujikon.web.state import web_state

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_OBJECTION_ROLES = allowed_roles("file_objection", None) | allowed_roles("answer_objection", None)
"""Who is shown the objections awaiting an answer."""


@router.get("/", response_class=HTMLResponse)
def home(request: Request, viewer: Annotated[Viewer, Depends(current_viewer)]) -> HTMLResponse:
    state = web_state(request)
    actor = viewer.actor
    cases = (
        state.app.cases.list_cases(viewer=actor.username)
        if may(actor, Capability.READ_CASES)
        else []
    )
    by_state = Counter(c.state for c in cases)
    mine = [c for c in cases if c.opened_by == actor.username] if actor.role is Role.OFFICER else []
    queue = [c for c in cases if c.state is CaseState.IN_REVIEW] if actor.role is Role.PPID else []
    approved = (
        [c for c in cases if c.state is CaseState.APPROVED] if actor.role is Role.PPID else []
    )
    open_work = [
        c
        for c in cases
        if c.state
        not in {
            CaseState.DECREED,
            CaseState.EXPIRED,
            CaseState.OVERTURNED,
            CaseState.WITHDRAWN,
            CaseState.IN_REVIEW,
            CaseState.APPROVED,
        }
    ]
    objection_due = objection_deadlines_of(request, cases)
    awaiting = (
        sorted(
            ((c, objection_due[c.case_id]) for c in cases if c.case_id in objection_due),
            key=lambda row: (row[1].due, row[0].case_id),
        )
        if actor.role in _OBJECTION_ROLES
        else []
    )
    ending: list[tuple[int, object]] = []
    if cases:
        today = state.app.cases.today()
        seen = {actor.unit} if actor.role is Role.OFFICER else None
        for item in state.app.lifecycle.periods().items:
            left = item.days_left(today)
            if (
                item.revoked
                or left is None
                or left > 90
                or (seen is not None and item.unit not in seen)
            ):
                continue
            ending.append((left, item))
    to_sign: list[object] = []
    others_sign: list[object] = []
    if may(actor, Capability.ISSUE_DECREES):
        desk = state.app.decrees
        profile = desk.profile()
        for decree in desk.awaiting(actor):
            signs = desk.signs_next(actor, decree, profile)
            (to_sign if signs else others_sign).append(decree)
    return page(
        request,
        "web/home.html",
        to_sign=to_sign,
        signer_roles={role.value: role.labels for role in SignerRole},
        others_sign=others_sign,
        ending=ending,
        cases=cases,
        by_state=[(s, by_state.get(s, 0)) for s in CaseState if by_state.get(s, 0)],
        mine=mine,
        open_work=sorted(open_work, key=lambda c: c.updated_at),
        deadlines=deadlines_of(request, cases),
        objection_due=objection_due,
        awaiting=awaiting,
        objection_roles=actor.role in _OBJECTION_ROLES,
        queue=queue,
        approved=approved,
        returned=[c for c in cases if c.returned_comments is not None],
    )
