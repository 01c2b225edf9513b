"""Deciding: a trigger, its payload and an actor, run through the case machine.

The machine is built by the ``transitions`` library from ``TRANSITIONS`` exactly as
declared; its conditions are the rule ids of :mod:`ujikon.domain.rules`, resolved on
a small model object that records the first rule that refuses. A trigger that is
not allowed from the current state becomes the rule that explains why
(``steps-in-order``, ``reopen-by-new-test``, ``decree-needs-approved``,
``not-exemptible``).

Every function here is pure: it takes the case, the catalogue, the actor and the
time, and returns the events to append. Nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from transitions import Machine, MachineError

from ujikon.domain import payloads as p
from ujikon.domain.calendar import WorkingCalendar
from ujikon.domain.case import Case, apply, case_subject
from ujikon.domain.events import NewEvent
from ujikon.domain.opened import OpenedInformation
from ujikon.domain.roles import Actor
from ujikon.domain.rules import RULES, RuleContext, violation
from ujikon.domain.states import DECIDED_STATES, CaseState
from ujikon.domain.workflow import (
    ACTIONS,
    PAYLOADS,
    TRANSITIONS,
    allowed_roles,
)
from ujikon.errors import InputError, RuleViolation, schema_text
from ujikon.law import Catalogue

__all__ = [
    "NEEDS_CALENDAR",
    "allowed_triggers",
    "decide",
    "decide_open",
    "decide_supersede",
    "field_refusals",
    "next_steps",
    "parse_payload",
    "step_problems",
    "walk",
]

NEEDS_CALENDAR = frozenset({"file_objection"})
"""Triggers whose rules count working days (the caller passes the body's calendar)."""

_ROUTE = "to:"
_OUTCOME = "outcome:"


class _Run:
    """The model the machine drives for one decision."""

    def __init__(self, state: CaseState, ctx: RuleContext) -> None:
        self.state: CaseState = state
        self.ctx = ctx
        self.violation: RuleViolation | None = None

    def __getattr__(self, name: str) -> Callable[..., bool]:
        if name in RULES:
            return lambda *_: self._check(name)
        if name.startswith(_ROUTE):
            target = name[len(_ROUTE) :]
            return lambda *_: getattr(self.ctx.payload, "to_step", None) == p.Step(target)
        if name.startswith(_OUTCOME):
            wanted = name[len(_OUTCOME) :]
            return lambda *_: str(getattr(self.ctx.payload, "outcome", "")) == wanted
        raise AttributeError(name)

    def _check(self, rule_id: str) -> bool:
        found = RULES[rule_id].check(self.ctx)
        if found is not None and self.violation is None:
            self.violation = found
        return found is None


def _machine(model: _Run) -> Machine:
    return Machine(
        model=model,
        states=CaseState,
        transitions=TRANSITIONS,
        initial=model.state,
        auto_transitions=False,
        ignore_invalid_triggers=False,
        model_attribute="state",
    )


def parse_payload(trigger: str, data: BaseModel | dict[str, Any] | None) -> BaseModel:
    """The payload model of ``trigger`` from a dict (or the model itself).

    :raises InputError: naming every field that does not fit, with the reason.
    """
    kind = PAYLOADS.get(trigger)
    if kind is None:
        raise InputError("trigger", f"langkah tidak dikenal / unknown step '{trigger}'")
    if isinstance(data, kind):
        return data
    if isinstance(data, BaseModel):
        data = data.model_dump()
    try:
        return kind.model_validate(data or {})
    except ValidationError as exc:
        problems = schema_text(exc.errors(), "(payload)")
        raise InputError(f"payload of '{trigger}'", problems) from None


def _event(
    subject: str,
    trigger: str,
    actor: Actor,
    now: datetime,
    source: CaseState,
    dest: CaseState,
    data: dict[str, Any],
) -> NewEvent:
    return NewEvent(
        subject=subject,
        action=ACTIONS[trigger],
        actor=actor.username,
        role=actor.role.value,
        recorded_at=now,
        payload={"from": source.value, "to": dest.value, "data": data},
    )


def decide_open(
    case_id: str,
    payload: p.OpenCase,
    actor: Actor,
    catalogue: Catalogue,
    now: datetime,
    today: date,
    *,
    register_findings: Sequence[p.RegisterFinding] = (),
) -> list[NewEvent]:
    """The event that opens revision 1 of a new case (step 1: why the test runs).

    ``register_findings`` are handed by ``register import`` alone (no face's form or API
    carries them): what the old register's row got wrong, kept on the case.
    """
    ctx = RuleContext(
        trigger="open", payload=payload, actor=actor, catalogue=catalogue, today=today
    )
    for rule_id in ("role-may-act", "trigger-recorded"):
        refused = RULES[rule_id].check(ctx)
        if refused is not None:
            raise refused
    data = {
        "case_id": case_id,
        "revision": 1,
        "catalogue_version": catalogue.version,
        "unit": actor.unit,
        "summary": payload.summary,
        "trigger": payload.trigger.model_dump(mode="json"),
    }
    if register_findings:
        data["register_findings"] = [f.model_dump(mode="json") for f in register_findings]
    return [
        _event(case_subject(case_id, 1), "open", actor, now, CaseState.DRAFT, CaseState.DRAFT, data)
    ]


def _out_of_order(case: Case, trigger: str) -> RuleViolation:
    """Why ``trigger`` cannot fire from the case's state, as the rule that says so."""
    state = case.state
    if trigger == "retest" and state is CaseState.OVERTURNED:
        return violation(
            "not-exemptible",
            f"Kasus {case.ref} dibatalkan oleh putusan sehingga informasinya terbuka "
            "(Pasal 11(2)); tidak dapat dikecualikan lagi lewat pengujian ulang.",
            f"Case {case.ref} was overturned by a ruling, so its information is open "
            "(Pasal 11(2)); it cannot be withheld again by a retest.",
        )
    if trigger in ("file_objection", "answer_objection"):
        return violation(
            "objection-against-withholding",
            f"Kasus {case.ref} berstatus '{state.value}' ({state.label_id}); keberatan hanya "
            "dapat dicatat atas keputusan yang telah disetujui atau ditetapkan dan masih "
            "mengecualikan informasi.",
            f"Case {case.ref} is '{state.value}' ({state.label_en}); an objection is recorded "
            "only against a decision approved or decreed that still withholds the information.",
        )
    if trigger == "include_in_decree":
        return violation(
            "decree-needs-approved",
            f"Kasus {case.ref} berstatus '{state.value}' ({state.label_id}), belum disetujui.",
            f"Case {case.ref} is '{state.value}' ({state.label_en}), not approved.",
        )
    if state in DECIDED_STATES and trigger != "retest":
        return violation(
            "reopen-by-new-test",
            f"Kasus {case.ref} sudah {state.label_id}; isinya tidak dapat diubah. Buka "
            f"pengujian ulang: `ujikon case retest {case.case_id}`.",
            f"Case {case.ref} is {state.label_en}; its record cannot be edited. Open a new "
            f"test: `ujikon case retest {case.case_id}`.",
        )
    allowed = ", ".join(next_steps(case.state)) or "-"
    return violation(
        "steps-in-order",
        f"Kasus {case.ref} berada pada tahap '{state.value}' ({state.label_id}); "
        f"'{trigger}' tidak dapat dilakukan sekarang. Langkah yang sah: {allowed}.",
        f"Case {case.ref} is at '{state.value}' ({state.label_en}); '{trigger}' cannot be "
        f"taken now. Allowed next: {allowed}.",
    )


def decide(
    case: Case,
    trigger: str,
    payload: BaseModel | dict[str, Any] | None,
    actor: Actor,
    catalogue: Catalogue,
    now: datetime,
    today: date,
    previous: Case | None = None,
    calendar: WorkingCalendar | None = None,
    opened: Sequence[OpenedInformation] = (),
) -> list[NewEvent]:
    """The events that ``trigger`` records on ``case``, or the rule that refuses it.

    ``previous`` is the revision this one retests, when it has one: withdrawing a
    retest also frees the old revision to be retested again. ``calendar`` is the body's
    working calendar, needed by the triggers in :data:`NEEDS_CALENDAR`; ``opened`` the
    information other cases' rulings opened, needed by ``conclude`` (rule not-exemptible).

    :raises RuleViolation: a guard refused, or the trigger is out of order.
    :raises InputError: the payload does not fit its schema.
    """
    if trigger not in ACTIONS or trigger == "open":
        raise InputError("trigger", f"langkah tidak dikenal / unknown step '{trigger}'")
    model = parse_payload(trigger, payload)
    ctx = _rule_context(case, trigger, model, actor, catalogue, today, calendar, opened)
    # Before the machine: whose case it is decides whether the actor may touch it at all.
    refused = RULES["own-unit"].check(ctx)
    if refused is not None:
        raise refused
    run = _Run(case.state, ctx)
    _machine(run)
    try:
        fired = getattr(run, trigger)()
    except MachineError:
        raise _out_of_order(case, trigger) from None
    if not fired:
        refusal = run.violation or violation(  # pragma: no branch - a route always names a step
            "steps-in-order", "Langkah ditolak.", "The step was refused."
        )
        if refusal.field is not None:
            # A refusal about a field: the other fields' refusals come with it, so that a
            # form shows every problem of one submission at once.
            refusal = refusal.with_also(field_refusals(ctx, case.state))
        raise refusal
    dest = CaseState(run.state)
    data = model.model_dump(mode="json")
    if trigger != "retest":
        events = [_event(case.subject, trigger, actor, now, case.state, dest, data)]
        if (
            trigger == "withdraw"
            and previous is not None
            and previous.next_revision == case.revision
        ):
            events.append(_note(previous, "case.retest_withdrawn", case, actor, now))
        return events
    new_revision = max(case.revision, case.highest_revision) + 1
    retest = model
    assert isinstance(retest, p.Retest)
    old = _event(
        case.subject,
        trigger,
        actor,
        now,
        case.state,
        case.state,
        {**data, "new_revision": new_revision},
    )
    new_case = _event(
        case_subject(case.case_id, new_revision),
        "open",
        actor,
        now,
        CaseState.DRAFT,
        CaseState.DRAFT,
        {
            "case_id": case.case_id,
            "revision": new_revision,
            "previous_revision": case.revision,
            "retest_reason": retest.reason,
            "catalogue_version": catalogue.version,
            "unit": case.unit,
            "summary": case.summary or case.title,
            "trigger": retest.trigger.model_dump(mode="json"),
        },
    )
    return [old, new_case]


_NOT_ABOUT_FIELDS = frozenset({"role-may-act", "own-unit", "steps-in-order", "four-eyes"})
"""Rules about who acts or when: a form's fields cannot satisfy them."""


def field_refusals(
    ctx: RuleContext, state: CaseState, *, partial: bool = False
) -> list[RuleViolation]:
    """Every refusal the rules of ``ctx.trigger`` (from ``state``) make about a field of
    the payload, in the order of the step's conditions: what a form shows at once.

    With ``partial`` (a payload missing the fields its schema refused), a rule that cannot
    read it is passed over: the schema's own message stands for that field. A whole
    payload gets no such leniency: a rule failing on it is a fault to see."""
    names: list[str] = []
    for move in TRANSITIONS:
        sources = move["source"] if isinstance(move["source"], list) else [move["source"]]
        if move["trigger"] != ctx.trigger or state not in sources:
            continue
        for name in move.get("conditions", []):
            if name in RULES and name not in _NOT_ABOUT_FIELDS and name not in names:
                names.append(name)
    found: list[RuleViolation] = []
    for name in names:
        try:
            refusal = RULES[name].check(ctx)
        except (AttributeError, KeyError, TypeError, ValueError):
            if not partial:
                raise
            continue
        if refusal is not None:
            found.extend(v for v in refusal.all() if v.field is not None)
    return found


def step_problems(
    case: Case,
    trigger: str,
    data: dict[str, Any],
    actor: Actor,
    catalogue: Catalogue,
    today: date,
    calendar: WorkingCalendar | None = None,
    opened: Sequence[OpenedInformation] = (),
) -> list[RuleViolation]:
    """What the step's rules say of the fields of ``data`` that fit their schema, when the
    schema refused others: a form then shows the rules' refusals beside the schema's in
    one answer. Records nothing; :func:`decide` remains the only judge of a step.
    """
    kind = PAYLOADS.get(trigger)
    if kind is None:
        return []
    values: dict[str, Any] = {}
    for name, info in kind.model_fields.items():
        if name not in data:
            if not info.is_required():
                values[name] = info.get_default(call_default_factory=True)
            continue
        shape: Any = (
            Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
        )
        try:
            values[name] = TypeAdapter(shape).validate_python(data[name])
        except ValidationError:
            continue
    partial = kind.model_construct(**values)
    ctx = _rule_context(case, trigger, partial, actor, catalogue, today, calendar, opened)
    return field_refusals(ctx, case.state, partial=True)


def _rule_context(
    case: Case,
    trigger: str,
    payload: BaseModel,
    actor: Actor,
    catalogue: Catalogue,
    today: date,
    calendar: WorkingCalendar | None,
    opened: Sequence[OpenedInformation],
) -> RuleContext:
    return RuleContext(
        trigger=trigger,
        payload=payload,
        actor=actor,
        catalogue=catalogue,
        today=today,
        case=case,
        calendar=calendar,
        opened=tuple(opened),
    )


def _note(previous: Case, action: str, current: Case, actor: Actor, now: datetime) -> NewEvent:
    """An event on an older revision about a newer one; the older keeps its state."""
    return NewEvent(
        subject=previous.subject,
        action=action,
        actor=actor.username,
        role=actor.role.value,
        recorded_at=now,
        payload={
            "from": previous.state.value,
            "to": previous.state.value,
            "data": {"revision": current.revision},
        },
    )


def decide_supersede(previous: Case, current: Case, actor: Actor, now: datetime) -> NewEvent:
    """Mark ``previous`` as replaced once ``current`` (its retest) is decreed."""
    return _note(previous, "case.superseded", current, actor, now)


def next_steps(state: CaseState) -> list[str]:
    """Triggers whose source includes ``state``, in declaration order, without repeats."""
    out: list[str] = []
    for t in TRANSITIONS:
        sources = t["source"] if isinstance(t["source"], list) else [t["source"]]
        if state in sources and t["trigger"] not in out:
            out.append(t["trigger"])
    return out


def allowed_triggers(case: Case, actor: Actor) -> list[str]:
    """What ``actor`` could try next on ``case`` (state and role only, not the payload)."""
    return [t for t in next_steps(case.state) if actor.role in allowed_roles(t, case.state)]


def walk(case: Case, events: list[NewEvent]) -> Case:
    """``case`` with ``events`` of its own subject folded in (a copy; the input is kept)."""
    out = case.model_copy(deep=True)
    for event in events:
        if event.subject == case.subject:
            out = apply(out, event)
    return out
