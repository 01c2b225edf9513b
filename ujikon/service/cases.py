"""The use cases: the one API that the CLI and the web call.

Each writing use case is load → decide → append: it folds the subject's events from
the store, asks the domain (pure) which events the action records, and appends them
with the version it loaded (optimistic concurrency: a writer who loaded an older
version gets :class:`~ujikon.errors.ConflictError` and nothing is stored). The index
rows that lists read are written in the same transaction as the events.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError

from ujikon.domain import payloads as p
from ujikon.domain.access import Capability, may, may_read_case
from ujikon.domain.calendar import WorkingCalendar
from ujikon.domain.case import Case, CaseRef, apply, case_subject, fold, parse_case_ref
from ujikon.domain.decide import (
    NEEDS_CALENDAR,
    decide,
    decide_open,
    parse_payload,
)
from ujikon.domain.decide import step_problems as domain_step_problems
from ujikon.domain.events import NewEvent, StoredEvent
from ujikon.domain.opened import OpenedInformation
from ujikon.domain.roles import Actor, Role
from ujikon.domain.rules import RULES, RuleContext
from ujikon.domain.states import DECIDED_STATES, CaseState
from ujikon.domain.users import (
    AddUser,
    UpdateUser,
    User,
    apply_user,
    decide_add_user,
    decide_password_set,
    decide_set_active,
    decide_update_user,
    user_subject,
)
from ujikon.domain.workflow import PAYLOADS, allowed_roles
from ujikon.errors import InputError, NotFound, PermissionDenied, RuleViolation, schema_text
from ujikon.law import Catalogue
from ujikon.service.caseplan import CasePlan
from ujikon.service.search_docs import case_search_doc, search_writes
from ujikon.service.writer import LogWriter
from ujikon.store.api import AppendBatch, AppendPlan, EventLog, IndexEntry

__all__ = [
    "CASE_NOT_FOUND_HINT",
    "INTERNAL",
    "WIB",
    "Acting",
    "CaseSummary",
    "InternalRead",
    "Service",
]

logger = logging.getLogger(__name__)

Acting = str | Actor | None
"""Who acts in a use case: a user name (resolved from the log), an :class:`Actor` the
caller resolved already with :meth:`Service.actor` (a web request's viewer), or nobody."""

WIB = ZoneInfo("Asia/Jakarta")
"""The default time zone of a body; its date is "today" for the rules."""

CASE_NOT_FOUND_HINT = (
    "Lihat `ujikon case list`; petugas hanya melihat kasus unitnya (aturan own-unit). / "
    "See `ujikon case list`; an officer sees their own unit's cases only (rule own-unit)."
)
"""The hint of every "case not found", whether the case does not exist or the viewer may
not see it: one wording for both."""


class InternalRead(Enum):
    """The type of :data:`INTERNAL`."""

    READ = "internal"


INTERNAL = InternalRead.READ
"""The ``viewer`` of a read that one use case makes for another (a decree listing its
cases, the register, a digest), checked by that use case itself. A person's read names the
person: their user name, or ``None`` when nobody was named, which is refused."""


@dataclass(frozen=True)
class CaseSummary:
    """One line of the case list (the ``case`` index)."""

    case_id: str
    revision: int
    state: CaseState
    title: str
    unit: str
    opened_by: str
    updated_at: str
    grounds: tuple[str, ...]
    outcome: str | None
    request_dated: date | None = None
    """When the case answers a request: the day the request was received."""
    answer_extended: bool = False
    """The answer was extended by 7 working days (Pasal 22(8))."""
    objection_filed_on: date | None = None
    """The earliest objection still awaiting the Atasan PPID's answer: when it came in."""
    objections_pending: int = 0
    returned_comments: str | None = None
    """The reviewer's comments when the case was returned for revision and not yet
    submitted again (``None`` otherwise): the lists mark it "Dikembalikan"."""
    request_reference: str = ""
    """The request's (or the Commission order's) number the test answers."""
    document: str = ""
    """The document's title and number, once identified."""

    def matches(self, text: str) -> bool:
        """Whether ``text`` (any case) is in the case number, title, request number,
        document, unit or grounds: what a list's search box looks in."""
        wanted = text.casefold().strip()
        if not wanted:
            return True
        haystack = " ".join(
            (self.ref, self.title, self.request_reference, self.document, self.unit,
             " ".join(self.grounds))
        )  # fmt: skip
        return all(word in haystack.casefold() for word in wanted.split())

    @property
    def ref(self) -> str:
        return f"{self.case_id}/{self.revision}"


def _utc_now() -> datetime:
    return datetime.now(UTC)


CASE_INDEX_FORMAT = "2"
"""The shape of a case-list row (:func:`case_index_entry`); ``ujikon init`` rebuilds the
list from the log when the workspace's rows have an older one (2: the reviewer's
comments of a return, the request number and the document, for the lists' marks and
search)."""


def case_index_entry(case: Case) -> IndexEntry:
    period = case.conclusion.period if case.conclusion else None
    pending = case.pending_objections
    return IndexEntry(
        kind="case",
        key=case.case_id,
        state=case.state.value,
        data={
            "revision": case.revision,
            "title": case.title,
            "unit": case.unit,
            "opened_by": case.opened_by,
            "updated_at": case.updated_at.isoformat(),
            "grounds": case.grounds.ground_ids() if case.grounds else [],
            "outcome": case.conclusion.outcome.value if case.conclusion else None,
            "period_kind": period.kind.value if period else None,
            "period_end": period.end_date.isoformat() if period and period.end_date else None,
            "period_condition": (period.condition or None) if period else None,
            "answer_extended": case.answer_extension is not None,
            "request_dated": (
                case.trigger.dated.isoformat()
                if case.trigger.kind is p.TriggerKind.REQUEST and case.trigger.dated
                else None
            ),
            "objection_filed_on": (
                min(o.filing.filed_on for o in pending).isoformat() if pending else None
            ),
            "objections_pending": len(pending),
            "returned_comments": _returned_comments(case),
            "request_reference": case.trigger.reference,
            "document": (
                " ".join(
                    part
                    for part in (
                        case.identification.document.title,
                        case.identification.document.reference,
                    )
                    if part
                )
                if case.identification
                else ""
            ),
        },
    )


def _returned_comments(case: Case) -> str | None:
    """The comments of the return the drafter still has to answer, if any."""
    last = case.reviews[-1] if case.reviews else None
    if last is None or last.kind != "returned":
        return None
    if case.state in DECIDED_STATES or case.state in _NOT_DRAFTING:
        return None
    return last.comments


_NOT_DRAFTING = frozenset({CaseState.IN_REVIEW, CaseState.APPROVED, CaseState.WITHDRAWN})


def _summary(entry: IndexEntry) -> CaseSummary:
    d = entry.data
    return CaseSummary(
        case_id=entry.key,
        revision=int(d["revision"]),
        state=CaseState(entry.state),
        title=str(d["title"]),
        unit=str(d.get("unit", "")),
        opened_by=str(d.get("opened_by", "")),
        updated_at=str(d.get("updated_at", "")),
        grounds=tuple(d.get("grounds", [])),
        outcome=d.get("outcome"),
        request_dated=date.fromisoformat(d["request_dated"]) if d.get("request_dated") else None,
        answer_extended=bool(d.get("answer_extended")),
        objection_filed_on=(
            date.fromisoformat(d["objection_filed_on"]) if d.get("objection_filed_on") else None
        ),
        objections_pending=int(d.get("objections_pending") or 0),
        returned_comments=d.get("returned_comments"),
        request_reference=str(d.get("request_reference") or ""),
        document=str(d.get("document") or ""),
    )


class Service:
    """ujikon's use cases over one workspace's event log."""

    def __init__(
        self,
        log: EventLog,
        catalogue: Catalogue,
        *,
        clock: Callable[[], datetime] = _utc_now,
        tz: ZoneInfo = WIB,
        case_prefix: str = "UK",
    ) -> None:
        self.log = log
        self.writer = LogWriter(log)
        """The one commit path (:mod:`ujikon.service.writer`): every area appends through it."""
        self.catalogue = catalogue
        self.clock = clock
        self.tz = tz
        if not re.fullmatch(r"[A-Z][A-Z0-9]{0,9}", case_prefix):
            raise InputError("case_prefix", f"'{case_prefix}' must be 1-10 capital letters/digits")
        self.case_prefix = case_prefix

    # -- time -------------------------------------------------------------------------

    def now(self) -> datetime:
        moment = self.clock()
        if moment.tzinfo is None:
            raise ValueError("the clock must give timezone-aware times")
        return moment.astimezone(UTC)

    def today(self, moment: datetime | None = None) -> date:
        """The body's calendar date (WIB by default) at ``moment`` (now)."""
        return (moment or self.now()).astimezone(self.tz).date()

    # -- users ------------------------------------------------------------------------

    def users(self) -> list[User]:
        out: list[User] = []
        for subject in self.log.subjects("user:"):
            user: User | None = None
            for event in self.log.read(subject):
                user = apply_user(user, event)
            if user is not None:
                out.append(user)
        return out

    def user(self, username: str) -> User:
        user: User | None = None
        for event in self.log.read(user_subject(username)):
            user = apply_user(user, event)
        if user is None:
            raise NotFound("pengguna/user", username, "Lihat `ujikon user list`.")
        return user

    def actor(self, username: Acting) -> Actor:
        """The acting user, as the domain sees them.

        An :class:`Actor` is one the caller resolved already, through this method, for
        the request or command it serves: it is used as it is, so one request rebuilds its
        user from the log once, however many use cases it calls.

        :raises PermissionDenied: no user given, unknown, or deactivated.
        """
        if isinstance(username, Actor):
            return username
        if not username:
            raise PermissionDenied(
                "Siapa yang bertindak? Berikan --as NAMA atau UJIKON_USER. / "
                "Who is acting? Give --as NAME or set UJIKON_USER."
            )
        try:
            user = self.user(username)
        except NotFound:
            raise PermissionDenied(
                f"Pengguna '{username}' tidak terdaftar di ruang kerja ini (`ujikon user list`). / "
                f"User '{username}' is not registered in this workspace."
            ) from None
        if not user.active:
            raise PermissionDenied(f"Pengguna '{username}' dinonaktifkan. / User is deactivated.")
        return user.as_actor()

    def add_user(self, acting: Acting, data: AddUser | dict[str, Any]) -> User:
        """Register a user. The first user is an admin registered by nobody."""
        try:
            payload = data if isinstance(data, AddUser) else AddUser.model_validate(data)
        except ValidationError as exc:
            raise InputError("user", _validation_text(exc)) from None
        existing = self.users()
        actor = self.actor(acting) if existing else None
        event = decide_add_user(payload, actor, existing, self.now())
        self.writer.commit_events([AppendBatch(event.subject, 0, [event])])
        return self.user(payload.username)

    def update_user(self, acting: Acting, username: str, data: UpdateUser | dict[str, Any]) -> User:
        """Change ``username``'s full name, NIP, jabatan, role or unit (an admin), as an event."""
        try:
            payload = data if isinstance(data, UpdateUser) else UpdateUser.model_validate(data)
        except ValidationError as exc:
            raise InputError("user", _validation_text(exc)) from None
        actor = self.actor(acting)
        target = self.user(username)
        event = decide_update_user(target, payload, actor, self.users(), self.now())
        self._commit_user_event(event)
        return self.user(username)

    def set_user_active(
        self, acting: Acting, username: str, active: bool, reason: str = ""
    ) -> User:
        """Deactivate (or reactivate) ``username`` (an admin): a deactivated user can neither
        log in nor act, and their web sessions end at once, on every worker (from the
        command line too); the history keeps their name on what they did."""
        actor = self.actor(acting)
        target = self.user(username)
        event = decide_set_active(target, active, actor, self.users(), self.now(), reason.strip())
        self._commit_user_event(event)
        if not active:
            self.end_sessions(username)
        return self.user(username)

    def end_sessions(self, username: str) -> int:
        """End every web session of ``username`` (kept in the store beside the log, see
        :mod:`ujikon.service.sessions`); how many ended."""
        return self.log.sessions.delete_user(username)

    def _commit_user_event(self, event: NewEvent) -> None:
        """Append one ``user.*`` event after the user's latest (the writer checks the version)."""
        self.writer.commit_events(
            [AppendBatch(event.subject, self.log.version(event.subject), [event])]
        )

    def require(self, username: Acting, capability: Capability) -> Actor:
        """The acting user, if their role holds ``capability``.

        :raises PermissionDenied: naming the capability and the roles that hold it.
        """
        actor = self.actor(username)
        if not may(actor, capability):
            from ujikon.domain.access import CAPABILITIES

            holders = ", ".join(sorted(r.value for r in CAPABILITIES[capability]))
            raise PermissionDenied(
                f"Peran '{actor.role.value}' ({actor.username}) tidak berwenang "
                f"{capability.label_id}; yang berwenang: {holders}. / "
                f"Role '{actor.role.value}' may not {capability.label_en}; allowed: {holders}."
            )
        return actor

    def set_password(self, acting: Acting, username: str, password: str) -> int:
        """Set ``username``'s log-in password (an admin for anyone, a user for themself);
        every web session of theirs ends (how many: the answer).

        The argon2id hash goes to the store's ``meta`` table; the log records only that
        it was set. ``acting`` may be ``None`` only while the workspace has one user (the
        first admin setting their own password).
        """
        from ujikon.service import passwords

        target = self.user(username)
        everyone = self.users()
        actor = None if acting is None and len(everyone) == 1 else self.actor(acting)
        passwords.check_strength(username, password)
        event = decide_password_set(target, actor, self.now())
        self._commit_user_event(event)
        self.log.set_meta(passwords.meta_key(username), passwords.hash_password(password))
        return self.end_sessions(username)

    def has_password(self, username: str) -> bool:
        from ujikon.service import passwords

        return self.log.get_meta(passwords.meta_key(username)) is not None

    def authenticate(self, username: str, password: str) -> Actor | None:
        """The user, if ``password`` is theirs and they are active; else ``None``."""
        from ujikon.service import passwords

        stored = self.log.get_meta(passwords.meta_key(username)) if username else None
        if not passwords.verify_password(stored, password):
            return None
        try:
            user = self.user(username)
        except NotFound:
            return None
        if not user.active:
            return None
        if stored is not None and passwords.needs_rehash(stored):
            self.log.set_meta(passwords.meta_key(username), passwords.hash_password(password))
        return user.as_actor()

    # -- reading cases ----------------------------------------------------------------

    def reader(self, viewer: Acting, capability: Capability = Capability.READ_CASES) -> Actor:
        """The acting user of a read, if their role may read what ``capability`` names.

        Every read use case names its viewer; ``None`` (no ``--as``/``UJIKON_USER``, no
        session) and an unknown or deactivated user are refused, as for a write.

        :raises PermissionDenied: no user, unknown, deactivated, or the role may not.
        """
        return self.require(viewer, capability)

    def _viewer(self, viewer: Acting | InternalRead) -> Actor | None:
        """``INTERNAL`` (the default of the read methods) is another use case reading for
        itself (a decree listing its cases, the register, a digest); any other value is a
        person, checked: ``None`` is nobody, and nobody reads a case."""
        if isinstance(viewer, InternalRead):
            return None
        return self.reader(viewer, Capability.READ_CASES)

    @staticmethod
    def _hidden(ref: str) -> NotFound:
        """The one answer for a case that does not exist *and* for one the viewer may not
        see (rule ``own-unit``): the same words whichever it is, so that guessing ids tells
        nothing."""
        return NotFound("kasus/case", ref, CASE_NOT_FOUND_HINT)

    @staticmethod
    def _parsed(ref: str) -> CaseRef:
        parsed = parse_case_ref(ref)
        if parsed is None:
            raise InputError(
                "case id", f"'{ref[:40]}' is not a case id like UK-2026-0001 or UK-2026-0001/2"
            )
        return parsed

    def _latest_revision(self, case_id: str) -> int:
        subjects = self.log.subjects(f"case:{case_id}/")
        revisions = [int(s.rsplit("/", 1)[1]) for s in subjects]
        if not revisions:
            raise self._hidden(case_id)
        return max(revisions)

    def get_case(self, ref: str, *, viewer: Acting | InternalRead = INTERNAL) -> Case:
        """A case by ``UK-2026-0001`` (its latest revision) or ``UK-2026-0001/1``.

        With ``viewer`` (a person: every CLI command and web route names one), a case the
        viewer may not see (rule ``own-unit``) is reported exactly as one that does not
        exist, so that guessing ids tells nothing.
        """
        who = self._viewer(viewer)
        parsed = self._parsed(ref)
        shown = str(parsed)
        revision = parsed.revision or self._latest_revision(parsed.case_id)
        case = fold(self.log.read(case_subject(parsed.case_id, revision)))
        if case is None:
            raise self._hidden(shown)
        if who is not None and not may_read_case(who, case.unit):
            raise self._hidden(shown)
        return case

    def revisions(self, case_id: str, *, viewer: Acting | InternalRead = INTERNAL) -> list[Case]:
        """Every revision of a case, oldest first."""
        parsed = self._parsed(case_id)
        if not isinstance(viewer, InternalRead):
            self.get_case(parsed.case_id, viewer=viewer)
        latest = self._latest_revision(parsed.case_id)
        out: list[Case] = []
        for revision in range(1, latest + 1):
            case = fold(self.log.read(case_subject(parsed.case_id, revision)))
            if case is not None:
                out.append(case)
        return out

    def list_cases(
        self,
        state: CaseState | None = None,
        unit: str | None = None,
        *,
        viewer: Acting | InternalRead = INTERNAL,
        text: str = "",
    ) -> list[CaseSummary]:
        """The latest revision of every case, from the index kept beside the log (with
        ``viewer``: only the cases they may see; with ``text``: only those it matches,
        see :meth:`CaseSummary.matches`)."""
        who = self._viewer(viewer)
        entries = self.log.index("case", state.value if state else None)
        rows = [_summary(e) for e in entries]
        if unit:
            rows = [r for r in rows if r.unit == unit]
        if text.strip():
            rows = [r for r in rows if r.matches(text)]
        if who is not None:
            rows = [r for r in rows if may_read_case(who, r.unit)]
        return rows

    def history(self, ref: str, *, viewer: Acting | InternalRead = INTERNAL) -> list[StoredEvent]:
        """Every event of every revision of the case, in log order."""
        parsed = self._parsed(ref)
        if not isinstance(viewer, InternalRead):
            # The latest revision decides who sees the story of every revision: a case
            # keeps its unit from one revision to the next.
            self.get_case(parsed.case_id, viewer=viewer)
        if parsed.revision is not None:
            events = self.log.read(case_subject(parsed.case_id, parsed.revision))
            if not events:
                raise self._hidden(str(parsed))
            return events
        latest = self._latest_revision(parsed.case_id)
        events = [
            e for r in range(1, latest + 1) for e in self.log.read(case_subject(parsed.case_id, r))
        ]
        return sorted(events, key=lambda e: e.seq)

    # -- writing cases ----------------------------------------------------------------

    def _append_new_case(
        self, year: int, decide_case: Callable[[str], tuple[list[NewEvent], Case]]
    ) -> Case:
        """Store a new case under the next id of ``year`` (``UK-2026-0001`` first, then the
        highest so far + 1; a withdrawn case keeps its number), with its index row and
        search documents.

        The store picks the number inside its append transaction, under the lock every
        appender queues on, so two openers at once never get one id and none retries.
        ``decide_case`` turns the id into the case's events and the case after them; it
        runs under that lock, so it only decides (it reads nothing from the log).
        """
        prefix = f"{self.case_prefix}-{year}-"
        decided: list[Case] = []

        def build(number: int) -> AppendPlan:
            events, case = decide_case(f"{prefix}{number:04d}")
            decided.append(case)
            search, unsearch = search_writes([case], self.catalogue)
            return AppendPlan(
                [AppendBatch(case.subject, 0, events)], [case_index_entry(case)], search, unsearch
            )

        self.writer.commit_numbered(f"case:{prefix}", build)
        return decided[-1]

    def open_case(self, acting: Acting, data: BaseModel | dict[str, Any]) -> Case:
        """Open a new case (step 1: why the test runs); it gets the next id of the year."""
        actor = self.actor(acting)
        payload = parse_payload("open", data)
        assert isinstance(payload, p.OpenCase)
        now = self.now()
        today = self.today(now)

        def opened(case_id: str) -> tuple[list[NewEvent], Case]:
            events = decide_open(case_id, payload, actor, self.catalogue, now, today)
            case = fold(events)
            assert case is not None
            return events, case

        return self._append_new_case(today.year, opened)

    def act(
        self,
        acting: Acting,
        ref: str,
        trigger: str,
        data: BaseModel | dict[str, Any] | None = None,
    ) -> Case:
        """Fire ``trigger`` on the case with its payload; returns the case afterwards.

        :raises RuleViolation: a legal rule refused; nothing was stored.
        :raises ConflictError: the case changed since it was loaded; nothing was stored.
        """
        actor = self.actor(acting)
        self._refuse_role_before_lookup(actor, trigger, data)
        case = self.get_case(ref)
        if actor.role is Role.OFFICER and not may_read_case(actor, case.unit):
            raise self._hidden(str(self._parsed(ref)))
        previous = self._retested(case)
        now = self.now()
        today = self.today(now)
        if trigger in PAYLOADS and trigger != "open":
            data = parse_payload(trigger, data)  # once: the calendar and the rules read it
        calendar = self.working_calendar(trigger, data, today)
        opened = self.opened_by_ruling(previous) if trigger == "conclude" else ()
        events = decide(
            case, trigger, data, actor, self.catalogue, now, today, previous, calendar, opened
        )
        return self._commit(case, events, previous)

    def step_problems(
        self, viewer: Acting, ref: str, trigger: str, data: dict[str, Any]
    ) -> list[RuleViolation]:
        """What the step's rules say of the fields of ``data`` that fit their schema, when
        the schema refused others (see :func:`ujikon.domain.decide.step_problems`): a
        form shows them with the schema's messages in one answer. Records nothing.

        :raises NotFound: no such case, or one ``viewer`` may not see (rule own-unit).
        """
        actor = self.reader(viewer)
        case = self.get_case(ref, viewer=actor)
        today = self.today()
        opened = self.opened_by_ruling(self._retested(case)) if trigger == "conclude" else ()
        return domain_step_problems(
            case, trigger, data, actor, self.catalogue, today, opened=opened
        )

    def _retested(self, case: Case) -> Case | None:
        """The revision ``case`` retests, if it is a retest."""
        if case.previous_revision is None:
            return None
        return self.get_case(f"{case.case_id}/{case.previous_revision}")

    def _refuse_role_before_lookup(
        self, actor: Actor, trigger: str, data: BaseModel | dict[str, Any] | None
    ) -> None:
        """Rule ``role-may-act`` where it holds whatever the case, for a role that reads
        no case (the administrator): refused before the case is looked up, so that its
        answer is the same for an existing case and a missing one. (For the others the
        lookup answers first: another unit's case is "not found" to an officer.)"""
        if may(actor, Capability.READ_CASES):
            return
        if (
            trigger not in PAYLOADS
            or trigger == "open"
            or actor.role in allowed_roles(trigger, None)
        ):
            return
        refused = RULES["role-may-act"].check(
            RuleContext(
                trigger=trigger,
                payload=parse_payload(trigger, data),
                actor=actor,
                catalogue=self.catalogue,
                today=self.today(),
            )
        )
        if refused is not None:
            raise refused

    def opened_by_ruling(self, also: Case | None = None) -> tuple[OpenedInformation, ...]:
        """The information that rulings opened (objection answers, Komisi Informasi and
        court rulings: the overturned cases of the case list, and ``also`` when it was
        overturned: a revision whose retest is now the listed one), for not-exemptible."""
        out: list[OpenedInformation] = []
        overturned = [
            self.get_case(f"{row.key}/{int(row.data['revision'])}")
            for row in self.log.index("case", CaseState.OVERTURNED.value)
        ]
        if also is not None and also.state is CaseState.OVERTURNED:
            overturned.append(also)
        for case in overturned:
            if case.identification is None or case.overturn is None:
                continue
            ruling = case.overturn
            out.append(
                OpenedInformation(
                    case.ref,
                    case.identification,
                    ruling.authority,
                    ruling.ruling_reference,
                    ruling.ruling_date,
                )
            )
        return tuple(out)

    def working_calendar(
        self, trigger: str, data: BaseModel | dict[str, Any] | None, today: date
    ) -> WorkingCalendar | None:
        """The body's working calendar over the years the payload's dates and today touch,
        for a trigger whose rules count working days; ``None`` for the others (and for a
        payload that does not parse, which ``decide`` refuses by name)."""
        if trigger not in NEEDS_CALENDAR:
            return None
        try:
            model = parse_payload(trigger, data)
        except InputError:
            return None
        days = [v for v in model.__dict__.values() if isinstance(v, date)] + [today]
        from ujikon.service.calendar import CalendarDesk

        years = range(min(days).year, max(days).year + 2)
        return CalendarDesk(self).view(years).calendar

    def _commit(self, case: Case | None, events: Sequence[NewEvent], *related: Case | None) -> Case:
        """Append the events (grouped by subject) and the index, in one transaction.

        ``case`` and ``related`` are the revisions as loaded: their versions are the ones
        the append expects. Returns ``case`` after its events (for a retest, the new
        revision, whose events come last).
        """
        loaded = {c.subject: c for c in (case, *related) if c is not None}
        by_subject: dict[str, list[NewEvent]] = {}
        for event in events:
            by_subject.setdefault(event.subject, []).append(event)
        batches = []
        folded_cases: list[Case] = []
        for subject, group in by_subject.items():
            current = loaded.get(subject)
            expected = current.version if current is not None else 0
            batches.append(AppendBatch(subject, expected, group))
            folded = current.model_copy(deep=True) if current is not None else None
            for event in group:
                folded = apply(folded, event)
            assert folded is not None
            folded_cases.append(folded)
        # The newest revision is the one the case list shows and the caller acts on next
        # (after a retest, the new revision; after withdrawing a retest, that revision).
        newest = max(folded_cases, key=lambda c: c.revision)
        # The precedent-search documents of the revisions touched ride in the same
        # transaction (written if decided, removed if not).
        search, unsearch = search_writes(folded_cases, self.catalogue)
        # Acting on an older revision (expiring it while its retest is in draft) must not
        # put that older revision back in the case list over the newer one.
        index = [] if newest.highest_revision > newest.revision else [case_index_entry(newest)]
        self.writer.commit(AppendPlan(batches, index, search, unsearch))
        return newest

    def import_case(self, acting: Acting, plan: CasePlan) -> Case:
        """Walk a whole case through its steps from a plan, all or nothing.

        Every step is decided in memory first; only when all pass are the events
        appended, in one transaction. A refused step names the step and its rule.
        """
        default_actor = plan.by or acting
        opener = self.actor(plan.actor_for(0, default_actor))
        now = self.now()
        today = self.today(now)
        open_payload = parse_payload("open", plan.open)
        assert isinstance(open_payload, p.OpenCase)
        if acting:
            # Whoever runs the import opens a case, whatever recorders the file names
            # (``by``): rule role-may-act applies to them too -- an auditor opens none.
            refused = RULES["role-may-act"].check(
                RuleContext(
                    trigger="open",
                    payload=open_payload,
                    actor=self.actor(acting),
                    catalogue=self.catalogue,
                    today=today,
                )
            )
            if refused is not None:
                raise refused
        # The steps' recorders are looked up now: the steps are decided under the store's
        # lock, which allows no reading. An unknown one is refused at its step, as before.
        known: dict[str | None, Actor | PermissionDenied] = {}

        def recorder_key(position: int) -> str | None:
            who = plan.actor_for(position, default_actor)
            return who.username if isinstance(who, Actor) else who

        for position in range(1, len(plan.steps) + 1):
            name = recorder_key(position)
            if name not in known:
                try:
                    known[name] = self.actor(plan.actor_for(position, default_actor))
                except PermissionDenied as exc:
                    known[name] = exc
        # Likewise what the rules read beyond the case: the rulings that opened
        # information (not-exemptible) and the calendar of steps that count working days.
        opened = self.opened_by_ruling()
        calendars = {
            position: self.working_calendar(step.trigger, step.payload, today)
            for position, step in enumerate(plan.steps, start=1)
        }

        def walked(case_id: str) -> tuple[list[NewEvent], Case]:
            events = decide_open(case_id, open_payload, opener, self.catalogue, now, today)
            case = fold(events)
            assert case is not None
            all_events = list(events)
            for position, step in enumerate(plan.steps, start=1):
                actor = known[recorder_key(position)]
                if isinstance(actor, PermissionDenied):
                    raise actor
                try:
                    new = decide(
                        case,
                        step.trigger,
                        step.payload,
                        actor,
                        self.catalogue,
                        now,
                        today,
                        calendar=calendars[position],
                        opened=opened,
                    )
                except InputError as exc:
                    raise InputError(f"{plan.source}: {step.where}", exc.message) from None
                except RuleViolation as exc:
                    raise exc.located(f"{plan.source}: {step.where}") from None
                for event in new:
                    case = apply(case, event)
                all_events.extend(new)
            return all_events, case

        return self._append_new_case(today.year, walked)

    def rebuild_index(self) -> int:
        """Rebuild the case list and the precedent-search documents from the log alone;
        returns how many cases the list holds.

        Folds one case revision at a time (the store streams subject by subject), so
        memory holds one case, the index rows and the search documents, not the whole log.
        """
        latest: dict[str, IndexEntry] = {}
        docs = []

        def keep(case: Case | None) -> None:
            if case is None:
                return
            doc = case_search_doc(case, self.catalogue)
            if doc is not None:
                docs.append(doc)
            held = latest.get(case.case_id)
            if held is None or int(held.data["revision"]) <= case.revision:
                latest[case.case_id] = case_index_entry(case)

        current: Case | None = None
        subject = ""
        for event in self.log.read_subjects("case:"):
            if event.subject != subject:
                keep(current)
                current, subject = None, event.subject
            current = apply(current, event)
        keep(current)
        self.log.replace_index("case", list(latest.values()))
        self.log.replace_search("case", docs)
        return len(latest)


def _validation_text(exc: ValidationError) -> str:
    return schema_text(exc.errors(), "(input)")
