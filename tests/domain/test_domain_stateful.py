"""Random walks through the case machine (hypothesis ``RuleBasedStateMachine``).

Random people (every role, the auditor included) fire random triggers with payloads
that are mostly valid, sometimes wrong in a legal way and sometimes malformed. A
trigger either returns events, which are folded in and chained, or raises a
``RuleViolation``/``InputError`` and changes nothing. After every step the machine
checks what must always hold:

(a) no state without every earlier step's record (and the records are the fresh ones:
    the harms match the grounds cited, an exemption never follows a balance for the
    public, a never-exemptible document is never withheld, 17a-f never permanent);
(b) each projection equals ``fold`` over the events produced so far;
(c) the hash chain over those events links and recomputes;
(d) a refused trigger produces no event and leaves the case unchanged;
(e) an approver is never among the drafters.
"""

from __future__ import annotations

import copy
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from ujikon.canonical import canonical_json, sha256_hex
from ujikon.domain.access import may_record_on_case
from ujikon.domain.calendar import WorkingCalendar
from ujikon.domain.case import Case, fold
from ujikon.domain.decide import decide, decide_open, next_steps, parse_payload, walk
from ujikon.domain.events import GENESIS_HASH, NewEvent, StoredEvent, event_hash_input
from ujikon.domain.payloads import Authority, OpenCase, Step
from ujikon.domain.roles import Actor, Role
from ujikon.domain.rules import RULES
from ujikon.domain.states import CaseState as S
from ujikon.domain.workflow import ACTIONS, PERMISSIONS, TRIGGER_OF_ACTION
from ujikon.errors import InputError, RuleViolation
from ujikon.law import Catalogue

TRIGGERS = [t for t in ACTIONS if t != "open"]
DRAFTING_TRIGGERS = {*(s.value for s in Step), "submit"}

FORWARD: dict[S, list[str]] = {
    S.DRAFT: ["identify"],
    S.IDENTIFIED: ["cite_grounds"],
    S.GROUNDS_CITED: ["assess_harm"],
    S.HARM_ASSESSED: ["weigh_public_interest"],
    S.WEIGHED: ["conclude"],
    S.CONCLUDED: ["submit"],
    S.IN_REVIEW: ["approve"],
    S.APPROVED: ["include_in_decree", "include_in_decree", "file_objection"],
    S.DECREED: ["expire", "retest", "overturn", "file_objection", "answer_objection"],
    S.EXPIRED: ["retest"],
    S.OVERTURNED: ["retest"],
    S.WITHDRAWN: ["withdraw"],
}
"""The move that carries a case on, tried most often so that walks get far."""

STEPS_NEEDED: dict[S, int] = {
    S.DRAFT: 0,
    S.IDENTIFIED: 1,
    S.GROUNDS_CITED: 2,
    S.HARM_ASSESSED: 3,
    S.WEIGHED: 4,
    S.CONCLUDED: 5,
    S.IN_REVIEW: 5,
    S.APPROVED: 5,
    S.DECREED: 5,
    S.EXPIRED: 5,
    S.OVERTURNED: 5,
    S.WITHDRAWN: 0,
}
"""How many of the five recorded steps a case in each state must hold (in order)."""

REFUSED_OUT_OF_ORDER = {
    "steps-in-order",
    "reopen-by-new-test",
    "decree-needs-approved",
    "not-exemptible",
    "objection-against-withholding",
}

GROUND_POOL = [
    "17h2",
    "17h1",
    "17h3",
    "17a1",
    "17b",
    "17e4",
    "17g",
    "17i",
    "17j",
    "Pasal 17 huruf h angka 2",
]
BAD_GROUNDS = ["17h", "17a", "17k", "18", "17j1"]
CATEGORIES = [
    "other",
    "other",
    "other",
    "third_party_agreement",
    "court_ruling",
    "opened_by_ruling",
    "rahasia",
]
WAIT = st.sampled_from([True, True, False])
"""Whether time passes until a dated period ends before ``expire`` (mostly yes)."""
TAX_SECRECY = {"kind": "UU", "number": "6", "year": 1983, "article": "Pasal 34"}


class CaseMachine(RuleBasedStateMachine):
    """One workspace: cases, their events, and the hash chain over them."""

    calendar: WorkingCalendar | None = None

    def __init__(self, catalogue: Catalogue, actors: dict[str, Actor], valid: dict[str, Any]):
        super().__init__()
        self.catalogue = catalogue
        self.actors = actors
        self.valid = valid
        self.today = date(2026, 11, 25)
        self.now = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)
        self.cases: dict[str, Case] = {}
        self.log: list[NewEvent] = []
        self.chain: list[StoredEvent] = []
        self.versions: Counter[str] = Counter()
        self.next_case = 1

    # --- plumbing ----------------------------------------------------------------------

    def _clock(self) -> datetime:
        self.now += timedelta(seconds=7)
        return self.now

    def _record(self, events: list[NewEvent]) -> None:
        for event in events:
            self.log.append(event)
            self.versions[event.subject] += 1
            fields: dict[str, Any] = {
                "seq": len(self.chain) + 1,
                "subject": event.subject,
                "subject_version": self.versions[event.subject],
                "action": event.action,
                "actor": event.actor,
                "role": event.role,
                "recorded_at": event.recorded_at,
                "payload": event.payload,
                "payload_version": event.payload_version,
                "prev_hash": self.chain[-1].hash if self.chain else GENESIS_HASH,
            }
            digest = sha256_hex(canonical_json(event_hash_input(**fields)))
            self.chain.append(StoredEvent(**fields, hash=digest))
        for subject in dict.fromkeys(e.subject for e in events):
            own = [e for e in events if e.subject == subject]
            if subject in self.cases:
                self.cases[subject] = walk(self.cases[subject], own)
            else:
                opened = fold(own)
                assert opened is not None
                self.cases[subject] = opened

    def _open(self, actor: Actor, trigger: dict[str, Any]) -> None:
        case_id = f"UK-2026-{self.next_case:04d}"
        self.next_case += 1
        payload = parse_payload("open", {"trigger": trigger, "summary": "Rekam medis pegawai"})
        assert isinstance(payload, OpenCase)
        self._record(
            decide_open(case_id, payload, actor, self.catalogue, self._clock(), self.today)
        )

    # --- payloads ------------------------------------------------------------------------

    def _payload(self, trigger: str, case: Case, data: st.DataObject) -> Any:
        """Mostly valid for ``case``; sometimes legally wrong; now and then malformed."""
        roll = data.draw(st.integers(0, 19), label="payload roll")
        if roll == 19:
            return data.draw(st.sampled_from([None, {"bogus": 1}, {"to_step": "nowhere"}]))
        wrong = roll >= 15
        base = copy.deepcopy(self.valid[trigger])
        pick = data.draw
        if trigger == "identify":
            category = pick(st.sampled_from(CATEGORIES))
            base["document"]["category"] = category
            if pick(st.booleans()):
                base["scope"], base["parts"] = "whole", []
                if pick(st.booleans()):
                    base["whole_justification"] = "Seluruh isi adalah data medis perorangan."
            if wrong:
                base["parts"] = []
                base["scope"] = "part"
                base["document"]["dated"] = pick(st.sampled_from(["2026-01-10", "2099-01-01"]))
        elif trigger == "cite_grounds":
            pool = GROUND_POOL + (BAD_GROUNDS if wrong else [])
            grounds = pick(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))
            citations = []
            for g in grounds:
                entry: dict[str, Any] = {"ground": g, "analysis": f"Analisis {g}."}
                if g == "17j" and not (wrong and pick(st.booleans())):
                    entry["statute"] = dict(TAX_SECRECY)
                citations.append(entry)
            base = {"citations": citations}
            if wrong:
                base[pick(st.sampled_from(["subject_consent", "concerns_public_office"]))] = True
        elif trigger == "assess_harm":
            cited = case.grounds.ground_ids() if case.grounds else ["17h2"]
            grounds = list(cited)
            if wrong:
                grounds = pick(st.lists(st.sampled_from([*cited, "17a1", "17i"]), max_size=3))
                grounds = grounds or ["17b"]
            base = {"harms": [{"ground": g, "harm": f"Kerugian nyata ({g})."} for g in grounds]}
        elif trigger == "weigh_public_interest":
            base["outweighs"] = pick(st.sampled_from(["harm", "public_interest"]))
            if wrong:
                base[pick(st.sampled_from(["interests", "balance"]))] = (
                    [] if pick(st.booleans()) else ""
                )
                if base["interests"] == "":
                    base["interests"] = [""]
        elif trigger == "conclude":
            base = self._conclusion(case, wrong, data)
        elif trigger in ("revise", "return_for_revision"):
            base["to_step"] = pick(st.sampled_from([s.value for s in Step]))
            if wrong and trigger == "return_for_revision":
                base["comments"] = ""
        elif trigger == "include_in_decree":
            if wrong:
                del base["decree_number"]
        elif trigger == "expire":
            back = pick(st.sampled_from([0, 0, 0, 1, 30]))
            base["as_of"] = (self.today - timedelta(days=back)).isoformat()
            if wrong:
                base["as_of"] = (self.today + timedelta(days=1)).isoformat()
            elif pick(st.booleans()):
                base["note"] = ""
        elif trigger == "retest":
            if wrong:
                base["trigger"] = {"kind": pick(st.sampled_from(["request", "ki_order"]))}
        elif trigger == "withdraw" and wrong:
            base["reason"] = ""
        elif trigger == "overturn":
            base["ruling_date"] = self.today.isoformat()
        elif trigger == "file_objection":
            back = pick(st.sampled_from([0, 3, 20, 60]), label="answer days back")
            base["answer_date"] = (self.today - timedelta(days=back)).isoformat()
            base["filed_on"] = self.today.isoformat()
            base["reference"] = f"KEB-{len(case.objections) + 1}"
            if wrong:
                base["filed_on"] = (self.today + timedelta(days=1)).isoformat()
        elif trigger == "answer_objection":
            pending = case.pending_objections
            base["objection_reference"] = pending[0].reference if pending else "KEB-0"
            base["answered_on"] = self.today.isoformat()
            base["outcome"] = pick(st.sampled_from(["upheld", "opened"]), label="outcome")
            if wrong:
                base["objection_reference"] = "KEB-unknown"
        return base

    def _conclusion(self, case: Case, wrong: bool, data: st.DataObject) -> dict[str, Any]:
        pick = data.draw
        outcome = pick(st.sampled_from(["partly_exempt", "exempt", "open"]))
        base: dict[str, Any] = {"outcome": outcome, "reasoning": "Kesimpulan uji."}
        if outcome == "partly_exempt":
            base["parts_withheld"] = ["Lampiran 3"]
        if outcome != "open":
            grounds = case.grounds.ground_ids() if case.grounds else []
            bounded = any(
                g is not None and not g.period.permanent_allowed
                for g in (self.catalogue.ground(x) for x in grounds)
            )
            kinds = ["until_date"] if bounded else ["until_date", "permanent"]
            kind = pick(st.sampled_from(kinds))
            days = pick(st.sampled_from([60, 1, 400, 3000]))
            base["period"] = {"kind": kind}
            if kind == "until_date":
                base["period"]["end_date"] = (self.today + timedelta(days=days)).isoformat()
        if wrong:
            mutation = pick(st.integers(0, 4))
            if mutation == 0:
                base["period"] = None
            elif mutation == 1:
                base["period"] = {"kind": "permanent"}
            elif mutation == 2:
                base["parts_withheld"] = []
            elif mutation == 3:
                late = self.today + timedelta(days=365 * 31)
                base["period"] = {"kind": "until_date", "end_date": late.isoformat()}
            else:
                base["period"] = {"kind": "until_condition", "condition": ""}
        return base

    # --- the moves -----------------------------------------------------------------------

    @initialize(opener=st.sampled_from(["siti", "agus", "budi"]))
    def open_case(self, opener: str) -> None:
        self._open(self.actors[opener], {"kind": "proactive", "note": "Reviu DIK tahunan"})

    @rule(data=st.data())
    def act(self, data: st.DataObject) -> None:
        move = data.draw(st.integers(0, 19), label="move")
        if move in (17, 18):
            days = data.draw(st.sampled_from([1, 30, 400, 2000]), label="days pass")
            self.today += timedelta(days=days)
            self.now += timedelta(days=days)
            return
        if move == 19 and len(self.cases) < 4:
            self._open(self.actors["agus"], {"kind": "proactive"})
            return
        subjects = sorted(self.cases, key=lambda s: (self.cases[s].opened_at, s))
        newest = data.draw(st.booleans(), label="newest case")
        subject = subjects[-1] if newest else data.draw(st.sampled_from(subjects))
        case = self.cases[subject]

        legal = next_steps(case.state)
        roll = data.draw(st.integers(0, 9), label="trigger roll")
        if roll < 7:
            trigger = data.draw(st.sampled_from(FORWARD[case.state]), label="trigger")
        elif roll < 9 and legal:
            trigger = data.draw(st.sampled_from(legal), label="trigger")
        else:
            trigger = data.draw(st.sampled_from(TRIGGERS), label="trigger")

        permitted = [a for a in self.actors.values() if a.role in PERMISSIONS[trigger]]
        if trigger == "approve" and data.draw(st.booleans(), label="reviewer is fresh"):
            permitted = [a for a in permitted if a.username not in case.drafters] or permitted
        elif trigger in DRAFTING_TRIGGERS:
            permitted = [a for a in permitted if a.username != "rina"]  # rina stays a reviewer
        # Mostly someone whose duty covers the case's unit (rule own-unit).
        permitted = [a for a in permitted if may_record_on_case(a, case.unit)] or permitted
        if data.draw(st.integers(0, 9), label="actor roll") < 7:
            actor = data.draw(st.sampled_from(permitted), label="actor")
        else:
            actor = data.draw(
                st.sampled_from(sorted(self.actors.values(), key=lambda a: a.username))
            )

        period = case.conclusion.period if case.conclusion else None
        if trigger == "expire" and period and period.end_date and data.draw(WAIT, label="wait"):
            # Time passes until the period has run out.
            self.today = max(self.today, period.end_date + timedelta(days=1))
            self.now = max(self.now, datetime.combine(self.today, self.now.timetz()))
        payload = self._payload(trigger, case, data)
        self._fire(case, trigger, payload, actor)

    def _fire(self, case: Case, trigger: str, payload: Any, actor: Actor) -> None:
        before = case.model_dump()
        logged = len(self.log)
        try:
            events = decide(
                case,
                trigger,
                payload,
                actor,
                self.catalogue,
                self._clock(),
                self.today,
                calendar=self.calendar,
            )
        except RuleViolation as exc:
            # (d) nothing happened, and the refusal names a known rule and its article.
            assert case.model_dump() == before
            assert len(self.log) == logged
            assert exc.rule in RULES and exc.article == RULES[exc.rule].article
            assert exc.message_id and exc.message_en
            if not may_record_on_case(actor, case.unit):
                # Whose case it is comes first: another unit learns nothing of its state.
                assert exc.rule == "own-unit", exc
                return
            legal = trigger in next_steps(case.state)
            if not legal:
                assert exc.rule in REFUSED_OUT_OF_ORDER, exc
            elif actor.role not in PERMISSIONS[trigger]:
                assert exc.rule == "role-may-act", exc
            return
        except InputError:
            assert case.model_dump() == before
            assert len(self.log) == logged
            return
        assert case.model_dump() == before, "decide changed its input"
        assert actor.role is not Role.AUDITOR
        assert may_record_on_case(actor, case.unit)
        assert actor.role in PERMISSIONS[trigger]
        assert trigger in next_steps(case.state)
        assert events and events[0].subject == case.subject
        assert events[0].action == ACTIONS[trigger]
        assert events[0].payload["from"] == case.state.value
        if trigger == "approve":
            assert actor.username not in case.drafters
        self._record(events)

    # --- invariants ----------------------------------------------------------------------

    @invariant()
    def a_no_state_without_its_steps(self) -> None:
        for case in self.cases.values():
            steps = [case.step_payload(step) for step in Step]
            needed = STEPS_NEEDED[case.state]
            missing = [s.value for s, got in zip(Step, steps[:needed], strict=False) if got is None]
            assert not missing, f"{case.ref} is {case.state.value} without {missing}"
            assert set(case.steps) >= set(list(Step)[:needed])
            if case.state in (S.APPROVED, S.DECREED, S.EXPIRED, S.OVERTURNED):
                assert case.approved_by is not None
            opened_on_objection = (
                case.overturn is not None and case.overturn.authority is Authority.HEAD
            )
            if case.state in (S.DECREED, S.EXPIRED, S.OVERTURNED) and not opened_on_objection:
                assert case.decree is not None
            if case.state is S.OVERTURNED:
                assert case.overturn is not None
            if needed >= 3:
                assert case.grounds is not None and case.harm is not None
                assert {h.ground for h in case.harm.harms} == set(case.grounds.ground_ids())
            if needed >= 5:
                self._conclusion_is_lawful(case)

    def _conclusion_is_lawful(self, case: Case) -> None:
        conclusion, weighing = case.conclusion, case.weighing
        assert conclusion is not None and weighing is not None
        assert case.identification is not None and case.grounds is not None
        if not conclusion.outcome.withholds:
            assert conclusion.period is None
            return
        assert weighing.outweighs.value == "harm"
        assert not self.catalogue.is_never_exemptible(case.identification.document.category)
        assert conclusion.period is not None
        if conclusion.period.kind.value == "permanent":
            for gid in case.grounds.ground_ids():
                ground = self.catalogue.ground(gid)
                assert ground is not None and ground.period.permanent_allowed

    @invariant()
    def b_projection_is_the_fold(self) -> None:
        for subject, case in self.cases.items():
            folded = fold(e for e in self.log if e.subject == subject)
            assert folded is not None
            assert folded.model_dump() == case.model_dump()
            assert case.version == self.versions[subject]

    @invariant()
    def c_hash_chain_verifies(self) -> None:
        prev = GENESIS_HASH
        versions: Counter[str] = Counter()
        for seq, stored in enumerate(self.chain, start=1):
            assert stored.seq == seq and stored.prev_hash == prev
            versions[stored.subject] += 1
            assert stored.subject_version == versions[stored.subject]
            again = StoredEvent.model_validate_json(stored.model_dump_json())
            fields = again.model_dump(exclude={"hash"})
            assert sha256_hex(canonical_json(event_hash_input(**fields))) == stored.hash
            prev = stored.hash
        assert len(self.chain) == len(self.log)

    @invariant()
    def e_approver_is_not_a_drafter(self) -> None:
        for case in self.cases.values():
            if case.approved_by is not None:
                assert case.approved_by not in case.drafters, case.ref
            for event in self.log:
                if event.subject == case.subject:
                    assert event.role != Role.AUDITOR.value
                    assert Role(event.role) in PERMISSIONS[TRIGGER_OF_ACTION[event.action]]


def test_domain_random_walks(
    catalogue: Catalogue,
    actors: dict[str, Actor],
    payloads: dict[str, Any],
    working_calendar: WorkingCalendar,
) -> None:
    class Workspace(CaseMachine):
        calendar = working_calendar

        def __init__(self) -> None:
            super().__init__(catalogue, actors, payloads)

    run_state_machine_as_test(
        Workspace,
        settings=settings(
            max_examples=60,
            stateful_step_count=30,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
