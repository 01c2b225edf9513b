"""The current case: a projection folded from its events, never stored on its own.

:func:`fold` rebuilds a case revision from its events; :func:`apply` adds one event.
Nothing here decides anything: what may happen is :mod:`ujikon.domain.decide`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ujikon.domain import payloads as p
from ujikon.domain.events import NewEvent
from ujikon.domain.objection import ObjectionRecord
from ujikon.domain.roles import Role
from ujikon.domain.states import CaseState
from ujikon.domain.upcast import upcast
from ujikon.domain.workflow import TRIGGER_OF_ACTION

__all__ = [
    "Case",
    "CaseRef",
    "DecreeRef",
    "Flag",
    "ReviewEntry",
    "StepRecord",
    "apply",
    "case_subject",
    "fold",
    "parse_case_ref",
]

_CASE_ID = re.compile(r"^[A-Z][A-Z0-9]{0,9}-\d{4}-\d{4,6}$")
_SUBJECT = re.compile(r"^case:(?P<id>[^/]+)/(?P<rev>\d+)$")


class CaseRef(BaseModel):
    """A case id with an optional revision: ``UK-2026-0001`` or ``UK-2026-0001/2``."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    revision: int | None = None

    def __str__(self) -> str:
        return self.case_id if self.revision is None else f"{self.case_id}/{self.revision}"


def parse_case_ref(text: str) -> CaseRef | None:
    """``UK-2026-0001`` or ``UK-2026-0001/2`` (case-insensitive); ``None`` if not of that form."""
    raw = text.strip().upper()
    case_id, _, rev = raw.partition("/")
    if not _CASE_ID.match(case_id):
        return None
    if rev and not rev.isdigit():
        return None
    return CaseRef(case_id=case_id, revision=int(rev) if rev else None)


def case_subject(case_id: str, revision: int) -> str:
    """The log subject of one revision of a case: ``case:UK-2026-0001/1``."""
    return f"case:{case_id}/{revision}"


class StepRecord(BaseModel):
    by: str
    role: Role
    at: datetime


class ReviewEntry(BaseModel):
    kind: Literal["submitted", "returned", "revised", "approved"]
    by: str
    role: Role
    at: datetime
    to_step: p.Step | None = None
    comments: str = ""


class DecreeRef(BaseModel):
    number: str
    dated: date


class Flag(BaseModel):
    """Something a reviewer should look at; it does not refuse anything by itself."""

    code: str
    article: str
    message_id: str
    message_en: str


class Case(BaseModel):
    """One revision of a case as it stands after its events."""

    model_config = ConfigDict(validate_assignment=False)

    case_id: str
    revision: int
    state: CaseState
    version: int = 0
    """How many events of this revision are folded in (the store's subject version)."""
    catalogue_version: str
    opened_by: str
    opened_at: datetime
    updated_at: datetime
    unit: str = ""
    summary: str = ""
    trigger: p.TriggerContext
    previous_revision: int | None = None
    retest_reason: str = ""
    next_revision: int | None = None
    """A newer revision under test or decided (cleared if that retest is withdrawn)."""
    highest_revision: int = 0
    """The highest revision number this one has opened (a withdrawn retest keeps its number)."""
    superseded_by: int | None = None
    """The revision whose decree replaced this one's."""
    register_findings: list[p.RegisterFinding] = []
    """What ``register import`` found wrong in the old register's row this case came from."""

    identification: p.Identify | None = None
    grounds: p.CiteGrounds | None = None
    harm: p.AssessHarm | None = None
    weighing: p.WeighPublicInterest | None = None
    conclusion: p.Conclude | None = None
    steps: dict[p.Step, StepRecord] = {}
    reviews: list[ReviewEntry] = []
    drafters: list[str] = []
    """Everybody who opened the case or recorded a step of this revision (rule four-eyes)."""
    approved_by: str | None = None
    approved_at: datetime | None = None
    decree: DecreeRef | None = None
    expiry: p.Expire | None = None
    overturn: p.Overturn | None = None
    withdrawal: p.Withdraw | None = None
    answer_extension: p.ExtendAnswer | None = None
    """The one extension of the answer to the request (Pasal 22(8)), when given."""
    objections: list[ObjectionRecord] = []
    """Objections against this revision's decision (Pasal 35-36), in the order filed."""

    def objection(self, reference: str) -> ObjectionRecord | None:
        """The objection registered under ``reference`` (compared without case or spaces)."""
        key = _reference_key(reference)
        return next((o for o in self.objections if _reference_key(o.reference) == key), None)

    @property
    def pending_objections(self) -> list[ObjectionRecord]:
        return [o for o in self.objections if o.pending]

    @property
    def subject(self) -> str:
        return case_subject(self.case_id, self.revision)

    @property
    def ref(self) -> str:
        return f"{self.case_id}/{self.revision}"

    @property
    def title(self) -> str:
        if self.identification is not None:
            return self.identification.document.title
        return self.summary or "(belum diidentifikasi / not identified yet)"

    def step_payload(self, step: p.Step) -> BaseModel | None:
        return {
            p.Step.IDENTIFY: self.identification,
            p.Step.CITE_GROUNDS: self.grounds,
            p.Step.ASSESS_HARM: self.harm,
            p.Step.WEIGH_PUBLIC_INTEREST: self.weighing,
            p.Step.CONCLUDE: self.conclusion,
        }[step]

    def flags(self, always_available: frozenset[str]) -> list[Flag]:
        """What the reviewer should be shown, given the Pasal 11(1) category ids."""
        out: list[Flag] = []
        ident = self.identification
        if (
            ident is not None
            and ident.scope is p.Scope.WHOLE
            and ident.document.category in always_available
        ):
            out.append(
                Flag(
                    code="whole-document-11-1",
                    article="UU 14/2008 Pasal 11 ayat (1)",
                    message_id=(
                        "Seluruh dokumen yang wajib tersedia setiap saat diusulkan dikecualikan; "
                        "periksa apakah cukup sebagian yang dihitamkan."
                    ),
                    message_en=(
                        "A whole document of a kind that must be available at all times is "
                        "to be withheld; check whether blacking out a part would do."
                    ),
                )
            )
        return out


def _reference_key(reference: str) -> str:
    return "".join(reference.split()).casefold()


def _record(case: Case, event: NewEvent) -> StepRecord:
    return StepRecord(by=event.actor, role=Role(event.role), at=event.recorded_at)


def _add_drafter(case: Case, username: str) -> None:
    if username not in case.drafters:
        case.drafters = sorted([*case.drafters, username])


_STEP_FIELD: dict[str, tuple[p.Step, str, type[BaseModel]]] = {
    "identify": (p.Step.IDENTIFY, "identification", p.Identify),
    "cite_grounds": (p.Step.CITE_GROUNDS, "grounds", p.CiteGrounds),
    "assess_harm": (p.Step.ASSESS_HARM, "harm", p.AssessHarm),
    "weigh_public_interest": (p.Step.WEIGH_PUBLIC_INTEREST, "weighing", p.WeighPublicInterest),
    "conclude": (p.Step.CONCLUDE, "conclusion", p.Conclude),
}


def _opened(event: NewEvent, data: dict[str, Any]) -> Case:
    return Case(
        case_id=data["case_id"],
        revision=data["revision"],
        state=CaseState.DRAFT,
        version=0,
        catalogue_version=data["catalogue_version"],
        opened_by=event.actor,
        opened_at=event.recorded_at,
        updated_at=event.recorded_at,
        unit=data.get("unit", ""),
        summary=data.get("summary", ""),
        trigger=p.TriggerContext.model_validate(data["trigger"]),
        previous_revision=data.get("previous_revision"),
        retest_reason=data.get("retest_reason", ""),
        register_findings=[
            p.RegisterFinding.model_validate(f) for f in data.get("register_findings", [])
        ],
        drafters=[event.actor],
    )


def apply(case: Case | None, event: NewEvent) -> Case:
    """Fold one event into ``case`` (``None`` before ``case.opened``); returns the case."""
    payload = upcast(event.action, event.payload_version, event.payload)
    data: dict[str, Any] = payload["data"]
    if event.action == "case.opened":
        if case is not None:
            raise ValueError(f"case.opened on an existing case {case.ref}")
        case = _opened(event, data)
    elif case is None:
        raise ValueError(f"{event.action} before case.opened on {event.subject}")
    else:
        _apply_to(case, event, data)
    case.state = CaseState(payload["to"])
    case.version += 1
    case.updated_at = event.recorded_at
    return case


def _apply_to(case: Case, event: NewEvent, data: dict[str, Any]) -> None:
    if event.action == "case.retest_withdrawn":
        case.next_revision = None
        return
    if event.action == "case.superseded":
        case.superseded_by = data["revision"]
        return
    trigger = TRIGGER_OF_ACTION[event.action]
    if trigger in _STEP_FIELD:
        step, field, model = _STEP_FIELD[trigger]
        setattr(case, field, model.model_validate(data))
        case.steps = {**case.steps, step: _record(case, event)}
        _add_drafter(case, event.actor)
        return
    entry = dict(by=event.actor, role=Role(event.role), at=event.recorded_at)
    if trigger == "submit":
        _add_drafter(case, event.actor)
        case.reviews = [
            *case.reviews,
            ReviewEntry(kind="submitted", comments=data["note"], **entry),
        ]
    elif trigger in ("return_for_revision", "revise"):
        kind: Literal["returned", "revised"] = (
            "returned" if trigger == "return_for_revision" else "revised"
        )
        if trigger == "revise":
            _add_drafter(case, event.actor)
        comments = data.get("comments", data.get("note", ""))
        case.reviews = [
            *case.reviews,
            ReviewEntry(kind=kind, to_step=p.Step(data["to_step"]), comments=comments, **entry),
        ]
    elif trigger == "approve":
        case.approved_by = event.actor
        case.approved_at = event.recorded_at
        case.reviews = [
            *case.reviews,
            ReviewEntry(kind="approved", comments=data["comments"], **entry),
        ]
    elif trigger == "include_in_decree":
        case.decree = DecreeRef(number=data["decree_number"], dated=data["decree_date"])
    elif trigger == "expire":
        case.expiry = p.Expire.model_validate(data)
    elif trigger == "retest":
        case.next_revision = data["new_revision"]
        case.highest_revision = max(case.highest_revision, data["new_revision"])
    elif trigger == "overturn":
        case.overturn = p.Overturn.model_validate(data)
    elif trigger == "withdraw":
        case.withdrawal = p.Withdraw.model_validate(data)
    elif trigger == "extend_answer":
        case.answer_extension = p.ExtendAnswer.model_validate(data)
    elif trigger == "file_objection":
        filing = p.FileObjection.model_validate(data)
        record = ObjectionRecord(
            filing=filing, recorded_by=event.actor, recorded_at=event.recorded_at
        )
        case.objections = [*case.objections, record]
    elif trigger == "answer_objection":
        answer = p.AnswerObjection.model_validate(data)
        key = _reference_key(answer.objection_reference)
        case.objections = [
            o.model_copy(update={"answer": answer, "answered_by": event.actor})
            if _reference_key(o.reference) == key and o.pending
            else o
            for o in case.objections
        ]
        if answer.outcome is p.ObjectionOutcome.OPENED:
            # Pasal 36(2): the Atasan PPID's order opens the information, as a ruling would.
            case.overturn = p.Overturn(
                authority=p.Authority.HEAD,
                ruling_reference=answer.reference,
                ruling_date=answer.answered_on,
                summary=answer.reasons,
            )
    else:  # pragma: no cover - TRIGGER_OF_ACTION and this function are kept in step by tests
        raise ValueError(f"no projection for {event.action}")


def fold(events: Iterable[NewEvent]) -> Case | None:
    """The case after all ``events`` of one revision, or ``None`` if there are none."""
    case: Case | None = None
    for event in events:
        case = apply(case, event)
    return case
