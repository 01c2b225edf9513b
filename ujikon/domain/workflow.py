"""The procedure of the consequence test, declared once as data.

Read this file to know the law's order (UU 14/2008 Pasal 2(4), 19, 20; Perki 1/2021):
``TRANSITIONS`` lists every move a case can make, from which state to which, and the
legal rules (by id, see :mod:`ujikon.domain.rules`) that must hold for it. The list
is handed as it stands to the ``transitions`` library (:mod:`ujikon.domain.decide`)
and drawn by ``ujikon workflow diagram``. ``PERMISSIONS`` says which role may fire
each trigger, and ``PAYLOADS`` which record each trigger takes.

Conditions named ``to:<step>`` and ``outcome:<value>`` are not rules but routes: a case
returned or revised goes back to the state just before the named step; an objection's
answer that orders the information opened ends the case as overturned.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ujikon.domain import payloads as p
from ujikon.domain.roles import Role
from ujikon.domain.states import CaseState as S

__all__ = [
    "ACTIONS",
    "PAYLOADS",
    "PERMISSIONS",
    "STATE_AFTER_STEP",
    "STATE_BEFORE_STEP",
    "STATE_PERMISSIONS",
    "STEP_TRIGGERS",
    "TRANSITIONS",
    "TRIGGER_OF_ACTION",
    "allowed_roles",
]

STATE_BEFORE_STEP: dict[p.Step, S] = {
    p.Step.IDENTIFY: S.DRAFT,
    p.Step.CITE_GROUNDS: S.IDENTIFIED,
    p.Step.ASSESS_HARM: S.GROUNDS_CITED,
    p.Step.WEIGH_PUBLIC_INTEREST: S.HARM_ASSESSED,
    p.Step.CONCLUDE: S.WEIGHED,
}
"""Where a case stands when a step is next; a return "to a step" lands here."""

STATE_AFTER_STEP: dict[p.Step, S] = {
    p.Step.IDENTIFY: S.IDENTIFIED,
    p.Step.CITE_GROUNDS: S.GROUNDS_CITED,
    p.Step.ASSESS_HARM: S.HARM_ASSESSED,
    p.Step.WEIGH_PUBLIC_INTEREST: S.WEIGHED,
    p.Step.CONCLUDE: S.CONCLUDED,
}

STEP_TRIGGERS: tuple[str, ...] = tuple(step.value for step in p.Step)
"""The recording steps, in the law's order; their trigger names are the step names."""

_DRAFTING = [S.DRAFT, S.IDENTIFIED, S.GROUNDS_CITED, S.HARM_ASSESSED, S.WEIGHED, S.CONCLUDED]
_BEFORE_DECREE = [*_DRAFTING, S.IN_REVIEW, S.APPROVED]


def _returns(trigger: str, guards: list[str], source: S | None = None) -> list[dict[str, Any]]:
    """One transition per step a case can be sent back to, each routed by ``to:<step>``.

    With no ``source``, a step can be gone back to from every drafting state in which
    it has already been recorded (``revise``); otherwise from ``source`` alone.
    """
    order = list(S)
    routes = []
    for step in p.Step:
        if source is None:
            first = order.index(STATE_AFTER_STEP[step])
            sources: S | list[S] = [s for s in _DRAFTING if order.index(s) >= first]
        else:
            sources = source
        routes.append(
            {
                "trigger": trigger,
                "source": sources,
                "dest": STATE_BEFORE_STEP[step],
                "conditions": [*guards, f"to:{step.value}"],
            }
        )
    return routes


TRANSITIONS: list[dict[str, Any]] = [
    # Perki 1/2021, steps 2-7, strictly in this order (rule steps-in-order).
    {
        "trigger": "identify",
        "source": S.DRAFT,
        "dest": S.IDENTIFIED,
        "conditions": [
            "role-may-act",
            "information-identified-exactly",
            "whole-document-justified",
        ],
    },
    {
        "trigger": "cite_grounds",
        "source": S.IDENTIFIED,
        "dest": S.GROUNDS_CITED,
        "conditions": [
            "role-may-act",
            "ground-must-exist",
            "ground-needs-item",
            "17j-needs-statute",
            "consent-lifts-17g-17h",
        ],
    },
    {
        "trigger": "assess_harm",
        "source": S.GROUNDS_CITED,
        "dest": S.HARM_ASSESSED,
        "conditions": ["role-may-act", "harm-per-ground"],
    },
    {
        "trigger": "weigh_public_interest",
        "source": S.HARM_ASSESSED,
        "dest": S.WEIGHED,
        "conditions": ["role-may-act", "public-interest-weighed"],
    },
    {
        "trigger": "conclude",
        "source": S.WEIGHED,
        "dest": S.CONCLUDED,
        "conditions": [
            "role-may-act",
            "not-exemptible",
            "exempt-only-if-harm-outweighs",
            "partial-names-parts",
            "period-stated",
            "period-not-permanent-17a-f",
            "period-within-ceiling",
        ],
    },
    {
        "trigger": "submit",
        "source": S.CONCLUDED,
        "dest": S.IN_REVIEW,
        "conditions": ["role-may-act", "steps-in-order"],
    },
    # The drafter may go back to a step already recorded, before submitting.
    *_returns("revise", ["role-may-act", "steps-in-order"]),
    # The PPID Utama reviews.
    *_returns("return_for_revision", ["role-may-act"], S.IN_REVIEW),
    {
        "trigger": "approve",
        "source": S.IN_REVIEW,
        "dest": S.APPROVED,
        "conditions": ["role-may-act", "four-eyes"],
    },
    {
        "trigger": "include_in_decree",
        "source": S.APPROVED,
        "dest": S.DECREED,
        "conditions": ["role-may-act", "decree-needs-approved"],
    },
    # After the decree (Pasal 20): periods end, rulings overturn, new tests reopen.
    {
        "trigger": "expire",
        "source": S.DECREED,
        "dest": S.EXPIRED,
        "conditions": ["role-may-act", "period-has-ended"],
    },
    {
        "trigger": "retest",
        "source": [S.DECREED, S.EXPIRED],
        "dest": None,
        "conditions": ["role-may-act", "reopen-by-new-test", "trigger-recorded"],
    },
    {
        "trigger": "overturn",
        "source": S.DECREED,
        "dest": S.OVERTURNED,
        "conditions": ["role-may-act"],
    },
    {
        "trigger": "withdraw",
        "source": _BEFORE_DECREE,
        "dest": S.WITHDRAWN,
        "conditions": ["role-may-act"],
    },
    # Pasal 22(8): the answer to a request may be extended once, with written notice;
    # the test goes on where it stands.
    {
        "trigger": "extend_answer",
        "source": _BEFORE_DECREE,
        "dest": None,
        "conditions": ["role-may-act", "extension-once"],
    },
    # Objections (keberatan, Pasal 35-36): against a decision that withholds, once the
    # PPID Utama has approved it (the answer to the requester) or after the decree. The
    # Atasan PPID upholds it (the case stays as it is) or orders the information opened.
    {
        "trigger": "file_objection",
        "source": [S.APPROVED, S.DECREED],
        "dest": None,
        "conditions": ["role-may-act", "objection-against-withholding", "objection-in-time"],
    },
    {
        "trigger": "answer_objection",
        "source": [S.APPROVED, S.DECREED],
        "dest": S.OVERTURNED,
        "conditions": ["role-may-act", "objection-answered", "outcome:opened"],
    },
    {
        "trigger": "answer_objection",
        "source": [S.APPROVED, S.DECREED],
        "dest": None,
        "conditions": ["role-may-act", "objection-answered", "outcome:upheld"],
    },
]

_DRAFTERS = frozenset({Role.OFFICER, Role.PPID})

PERMISSIONS: dict[str, frozenset[Role]] = {
    "open": _DRAFTERS,
    "identify": _DRAFTERS,
    "cite_grounds": _DRAFTERS,
    "assess_harm": _DRAFTERS,
    "weigh_public_interest": _DRAFTERS,
    "conclude": _DRAFTERS,
    "submit": _DRAFTERS,
    "revise": _DRAFTERS,
    "return_for_revision": frozenset({Role.PPID}),
    "approve": frozenset({Role.PPID}),
    "include_in_decree": frozenset({Role.PPID, Role.HEAD}),
    "expire": frozenset({Role.PPID, Role.ADMIN}),
    "retest": _DRAFTERS,
    "overturn": frozenset({Role.PPID, Role.HEAD}),
    "withdraw": _DRAFTERS,
    "extend_answer": _DRAFTERS,
    # The PPID registers an objection addressed to the Atasan PPID; only the Atasan PPID
    # answers it (Pasal 35(1), 36(2)).
    "file_objection": frozenset({Role.PPID, Role.HEAD}),
    "answer_objection": frozenset({Role.HEAD}),
}
"""Which roles may fire each trigger (rule role-may-act). Auditors may fire none."""

STATE_PERMISSIONS: dict[tuple[str, S], frozenset[Role]] = {
    # Once submitted, a case is the PPID Utama's to withdraw, not the drafter's.
    ("withdraw", S.IN_REVIEW): frozenset({Role.PPID}),
    ("withdraw", S.APPROVED): frozenset({Role.PPID}),
}
"""Where the state narrows ``PERMISSIONS`` for a trigger."""


def allowed_roles(trigger: str, state: S | None) -> frozenset[Role]:
    """The roles that may fire ``trigger`` on a case in ``state``."""
    if state is not None and (trigger, state) in STATE_PERMISSIONS:
        return STATE_PERMISSIONS[(trigger, state)]
    return PERMISSIONS.get(trigger, frozenset())


PAYLOADS: dict[str, type[BaseModel]] = {
    "open": p.OpenCase,
    "identify": p.Identify,
    "cite_grounds": p.CiteGrounds,
    "assess_harm": p.AssessHarm,
    "weigh_public_interest": p.WeighPublicInterest,
    "conclude": p.Conclude,
    "submit": p.Submit,
    "revise": p.Revise,
    "return_for_revision": p.ReturnForRevision,
    "approve": p.Review,
    "include_in_decree": p.IncludeInDecree,
    "expire": p.Expire,
    "retest": p.Retest,
    "overturn": p.Overturn,
    "withdraw": p.Withdraw,
    "extend_answer": p.ExtendAnswer,
    "file_objection": p.FileObjection,
    "answer_objection": p.AnswerObjection,
}

ACTIONS: dict[str, str] = {
    "open": "case.opened",
    "identify": "case.identified",
    "cite_grounds": "case.grounds_cited",
    "assess_harm": "case.harm_assessed",
    "weigh_public_interest": "case.public_interest_weighed",
    "conclude": "case.concluded",
    "submit": "case.submitted",
    "revise": "case.revised",
    "return_for_revision": "case.returned",
    "approve": "case.approved",
    "include_in_decree": "case.decreed",
    "expire": "case.expired",
    "retest": "case.retest_opened",
    "overturn": "case.overturned",
    "withdraw": "case.withdrawn",
    "extend_answer": "case.answer_extended",
    "file_objection": "case.objection_filed",
    "answer_objection": "case.objection_answered",
}
"""The event each trigger records."""

TRIGGER_OF_ACTION: dict[str, str] = {action: trigger for trigger, action in ACTIONS.items()}
