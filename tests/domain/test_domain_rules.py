"""One test per legal rule (domain.md, "Rules the software checks", and the extra rules of
``ujikon.domain.rules``): each shows the rule refusing the bad case, naming its rule, its
article and the wrong field, and letting the good case through.

Then the procedure around the rules: return for revision, revise, retest, withdraw, and
the ways officers write a ground.
"""

from __future__ import annotations

import inspect
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ujikon.domain import body as body_module
from ujikon.domain import calendar as calendar_module
from ujikon.domain import decide as decide_module
from ujikon.domain import decree as decree_module
from ujikon.domain import roles as roles_module
from ujikon.domain import rules as rules_module
from ujikon.domain import users as users_module
from ujikon.domain.case import fold
from ujikon.domain.decide import allowed_triggers, decide, decide_open, next_steps, parse_payload
from ujikon.domain.payloads import OpenCase, Step
from ujikon.domain.roles import Actor, Role
from ujikon.domain.rules import RULES
from ujikon.domain.states import CaseState as S
from ujikon.domain.users import AddUser, User, apply_user, decide_add_user
from ujikon.domain.workflow import (
    ACTIONS,
    PERMISSIONS,
    STATE_AFTER_STEP,
    STATE_BEFORE_STEP,
    TRANSITIONS,
)
from ujikon.errors import InputError, RuleViolation
from ujikon.law import load_catalogue

DOMAIN_MD = Path(__file__).resolve().parents[2].parent / "shared" / "domain.md"

ORDER = list(S)
BEFORE_DECREE = [
    S.DRAFT,
    S.IDENTIFIED,
    S.GROUNDS_CITED,
    S.HARM_ASSESSED,
    S.WEIGHED,
    S.CONCLUDED,
    S.IN_REVIEW,
    S.APPROVED,
]
DRAFTING = BEFORE_DECREE[:6]

ANALYSIS = "Informasi memenuhi unsur dasar ini karena isinya diuraikan dalam lampiran."
HARM = "Pembukaan menimbulkan kerugian nyata yang diuraikan dalam lembar uji."

TAX_SECRECY = {
    "kind": "UU",
    "number": "6",
    "year": 1983,
    "article": "Pasal 34",
    "title": "Ketentuan Umum dan Tata Cara Perpajakan",
}
"""The tax-secrecy article of the general tax procedures law (domain.md, 17j)."""


def cite(*grounds: str, **extra: Any) -> dict[str, Any]:
    """A cite_grounds payload for ``grounds``; 17j gets the tax-secrecy statute."""
    citations = []
    for g in grounds:
        entry: dict[str, Any] = {"ground": g, "analysis": f"{ANALYSIS} ({g})"}
        if g == "17j":
            entry["statute"] = dict(TAX_SECRECY)
        citations.append(entry)
    return {"citations": citations, **extra}


def harms(*grounds: str) -> dict[str, Any]:
    return {"harms": [{"ground": g, "harm": f"{HARM} ({g})"} for g in grounds]}


def conclusion(kind: str = "permanent", **period: Any) -> dict[str, Any]:
    return {
        "outcome": "exempt",
        "period": {"kind": kind, **period},
        "reasoning": "Kepentingan yang dilindungi lebih besar.",
    }


def on_grounds(flow: Any, state: S, *grounds: str, **payloads: dict[str, Any]) -> Any:
    """A case walked to ``state`` with ``grounds`` cited (and a harm for each)."""
    overrides = {"cite_grounds": cite(*grounds), "assess_harm": harms(*grounds), **payloads}
    return flow.to(state, overrides)


# =====================================================================================
# The rules of domain.md
# =====================================================================================


def test_ground_must_exist(flow: Any) -> None:
    case = flow.to(S.IDENTIFIED)
    exc = flow.refuse(
        case,
        "cite_grounds",
        cite("17k"),
        rule="ground-must-exist",
        article="Pasal 17",
        field="citations[0].ground",
    )
    assert "17k" in exc.message_id and "17k" in exc.message_en
    # Pasal 18 is not a ground, wherever it stands in the list.
    flow.refuse(
        case,
        "cite_grounds",
        cite("17h2", "Pasal 18 ayat 1"),
        rule="ground-must-exist",
        article="Pasal 17",
        field="citations[1].ground",
    )
    # A near miss gets a suggestion.
    exc = flow.refuse(
        case,
        "cite_grounds",
        cite("17h9"),
        rule="ground-must-exist",
        article="Pasal 17",
        field="citations[0].ground",
    )
    assert "Did you mean" in exc.message_en and "Mungkin maksud Anda" in exc.message_id
    # The same ground twice (written two ways) is one ground cited twice.
    flow.refuse(
        case,
        "cite_grounds",
        cite("17h2", "Pasal 17 huruf h angka 2"),
        rule="ground-must-exist",
        article="Pasal 17",
        field="citations[1].ground",
    )

    done = flow.fire(case, "cite_grounds")
    assert done.state is S.GROUNDS_CITED
    assert done.grounds is not None and done.grounds.ground_ids() == ["17h2"]


@pytest.mark.parametrize("letter", ["17a", "17c", "17e", "17f", "17h", "Pasal 17 huruf h"])
def test_ground_needs_item(flow: Any, letter: str) -> None:
    case = flow.to(S.IDENTIFIED)
    exc = flow.refuse(
        case,
        "cite_grounds",
        cite(letter),
        rule="ground-needs-item",
        article="Pasal 17 huruf a, c, e, f, h",
        field="citations[0].ground",
    )
    bare = letter if letter.startswith("17") else "17h"
    assert f"{bare}1" in exc.message_en  # the items are listed
    done = flow.fire(case, "cite_grounds", cite(f"{bare}2"))
    assert done.grounds is not None and done.grounds.ground_ids() == [f"{bare}2"]


@pytest.mark.parametrize("letter", ["17b", "17d", "17g", "17i"])
def test_ground_needs_item_accepts_letters_without_items(flow: Any, letter: str) -> None:
    case = flow.fire(flow.to(S.IDENTIFIED), "cite_grounds", cite(letter))
    assert case.state is S.GROUNDS_CITED


@pytest.mark.parametrize(
    ("statute", "field"),
    [
        (None, "citations[0].statute"),
        ({**TAX_SECRECY, "kind": "PP"}, "citations[0].statute.kind"),
        ({**TAX_SECRECY, "kind": "Perpres"}, "citations[0].statute.kind"),
        ({**TAX_SECRECY, "kind": "Permen"}, "citations[0].statute.kind"),
        ({**TAX_SECRECY, "kind": "Perda"}, "citations[0].statute.kind"),
        ({**TAX_SECRECY, "kind": "other"}, "citations[0].statute.kind"),
        ({**TAX_SECRECY, "number": ""}, "citations[0].statute.number"),
        ({**TAX_SECRECY, "year": None}, "citations[0].statute.year"),
        ({**TAX_SECRECY, "article": ""}, "citations[0].statute.article"),
    ],
)
def test_17j_needs_statute(flow: Any, statute: dict[str, Any] | None, field: str) -> None:
    case = flow.to(S.IDENTIFIED)
    citation: dict[str, Any] = {"ground": "17j", "analysis": ANALYSIS}
    if statute is not None:
        citation["statute"] = statute
    flow.refuse(
        case,
        "cite_grounds",
        {"citations": [citation]},
        rule="17j-needs-statute",
        article="Pasal 17 huruf j",
        field=field,
    )

    done = flow.fire(case, "cite_grounds", cite("17j"))
    assert done.grounds is not None
    assert done.grounds.citations[0].statute is not None
    assert done.grounds.citations[0].statute.cite().startswith("UU 6/1983 Pasal 34")


def test_17j_needs_statute_accepts_perppu_and_names_the_citation(flow: Any) -> None:
    case = flow.to(S.IDENTIFIED)
    bad = cite("17h2", "17j")
    del bad["citations"][1]["statute"]
    flow.refuse(
        case,
        "cite_grounds",
        bad,
        rule="17j-needs-statute",
        article="Pasal 17 huruf j",
        field="citations[1].statute",
    )
    perppu = {"kind": "Perppu", "number": "1", "year": 2020, "article": "Pasal 27"}
    ok = {"citations": [{"ground": "17j", "statute": perppu, "analysis": ANALYSIS}]}
    assert flow.fire(case, "cite_grounds", ok).state is S.GROUNDS_CITED


NEVER_EXEMPT = [c.id for c in load_catalogue().never_exemptible]
"""Pasal 18(1) and 11(2): every category the catalogue lists (test_law_catalogue names them)."""


def _of_category(flow: Any, category: str, *grounds: str, scope: str = "part") -> Any:
    identify = flow.valid("identify")
    identify["document"]["category"] = category
    if scope == "whole":
        identify.update(scope="whole", parts=[], whole_justification="Seluruh dokumen diuji.")
    return on_grounds(flow, S.WEIGHED, *grounds, identify=identify)


def _refused_either_way(flow: Any, case: Any) -> None:
    for outcome in ("exempt", "partly_exempt"):
        parts = flow.valid("conclude")["parts_withheld"] if outcome == "partly_exempt" else []
        bad = flow.valid("conclude", outcome=outcome, parts_withheld=parts)
        exc = flow.refuse(
            case, "conclude", bad, rule="not-exemptible", article="Pasal 18 ayat (1)",
            field="outcome",
        )  # fmt: skip
        assert "Pasal 11 ayat (2)" in exc.article
        assert "sebagian pun" in exc.message_id


@pytest.mark.parametrize("category", NEVER_EXEMPT)
def test_not_exemptible_the_substance_of_a_pasal_18_document(
    flow: Any, catalogue: Any, category: str
) -> None:
    """A ground of the ruling, decision or policy itself (17i here) is refused, for the
    whole or a part; the conclusion must be open."""
    assert catalogue.is_never_exemptible(category)
    case = _of_category(flow, category, "17i")
    _refused_either_way(flow, case)
    done = flow.fire(case, "conclude", {"outcome": "open", "reasoning": "Wajib terbuka."})
    assert done.state is S.CONCLUDED
    assert done.conclusion is not None and not done.conclusion.outcome.withholds


@pytest.mark.parametrize("category", NEVER_EXEMPT)
@pytest.mark.parametrize("scope", ["part", "whole"])
def test_not_exemptible_not_even_a_part_on_a_personal_ground(
    flow: Any, category: str, scope: str
) -> None:
    """Sample 91: a Perbup's table of allowances cited as 17h3 would hide the policy itself.
    Which part is a person's own piece and which the document's substance cannot be read
    from the record, so no part of a Pasal 18(1) document is exempted; a third party's data
    in it is tested as information of its own."""
    case = _of_category(flow, category, "17h2", scope=scope)
    _refused_either_way(flow, case)
    exc = flow.refuse(
        case, "conclude", flow.valid("conclude"), rule="not-exemptible",
        article="Pasal 18 ayat (1)", field="outcome",
    )  # fmt: skip
    assert "informasi tersendiri" in exc.message_id


@pytest.mark.parametrize(
    ("ground", "flag"),
    [
        ("17h2", "subject_consent"),
        ("17h3", "concerns_public_office"),
        ("17g", "subject_consent"),
        ("17g", "concerns_public_office"),
    ],
)
def test_consent_lifts_17g_17h(flow: Any, ground: str, flag: str) -> None:
    case = flow.to(S.IDENTIFIED)
    flow.refuse(
        case,
        "cite_grounds",
        cite(ground, **{flag: True}),
        rule="consent-lifts-17g-17h",
        article="Pasal 18 ayat (2)",
        field="citations[0].ground",
    )
    flow.refuse(
        case,
        "cite_grounds",
        cite("17i", ground, **{flag: True}),
        rule="consent-lifts-17g-17h",
        article="Pasal 18 ayat (2)",
        field="citations[1].ground",
    )

    # Consent does not lift the other grounds; without consent 17g/17h stand.
    assert flow.fire(case, "cite_grounds", cite("17i", **{flag: True})).state is S.GROUNDS_CITED
    assert flow.fire(case, "cite_grounds", cite(ground)).state is S.GROUNDS_CITED


@pytest.mark.parametrize("placeholder", ["-", "idem", "s.d.a.", "(tidak dinyatakan)"])
def test_harm_per_ground_a_placeholder_is_no_harm_stated(flow: Any, placeholder: str) -> None:
    case = on_grounds(flow, S.GROUNDS_CITED, "17h2")
    exc = flow.refuse(
        case,
        "assess_harm",
        {"harms": [{"ground": "17h2", "harm": placeholder}]},
        rule="harm-per-ground",
        article="Pasal 2 ayat (4)",
        field="harms[0].harm",
    )
    assert "bukan uraian" in exc.message_id


def test_harm_per_ground(flow: Any) -> None:
    case = on_grounds(flow, S.GROUNDS_CITED, "17h2", "17h1")
    article = "Pasal 2 ayat (4)"
    flow.refuse(
        case, "assess_harm", harms("17h2"), rule="harm-per-ground", article=article, field="harms"
    )
    flow.refuse(
        case,
        "assess_harm",
        harms("17h2", "17h1", "17a1"),
        rule="harm-per-ground",
        article=article,
        field="harms[2].ground",
    )
    flow.refuse(
        case,
        "assess_harm",
        harms("17h2", "17h2", "17h1"),
        rule="harm-per-ground",
        article=article,
        field="harms[1].ground",
    )
    exc = flow.refuse(
        case,
        "assess_harm",
        harms("17h1"),
        rule="harm-per-ground",
        article="Pasal 19",
        field="harms",
    )
    assert "17h2" in exc.message_id

    done = flow.fire(case, "assess_harm", harms("17h1", "Pasal 17 huruf h angka 2"))
    assert done.state is S.HARM_ASSESSED
    assert done.harm is not None and {h.ground for h in done.harm.harms} == {"17h1", "17h2"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"interests": []}, "interests"),
        ({"interests": ["", "  "]}, "interests"),
        ({"balance": ""}, "balance"),
        ({"balance": "   "}, "balance"),
    ],
)
def test_public_interest_weighed(flow: Any, change: dict[str, Any], field: str) -> None:
    case = flow.to(S.HARM_ASSESSED)
    flow.refuse(
        case,
        "weigh_public_interest",
        flow.valid("weigh_public_interest", **change),
        rule="public-interest-weighed",
        article="Pasal 2 ayat (4)",
        field=field,
    )
    done = flow.fire(case, "weigh_public_interest")
    assert done.state is S.WEIGHED
    assert done.weighing is not None and done.weighing.interests


def test_exempt_only_if_harm_outweighs(flow: Any) -> None:
    weigh = flow.valid("weigh_public_interest", outweighs="public_interest")
    case = flow.to(S.WEIGHED, {"weigh_public_interest": weigh})
    for outcome in ("exempt", "partly_exempt"):
        parts = flow.valid("conclude")["parts_withheld"] if outcome == "partly_exempt" else []
        flow.refuse(
            case,
            "conclude",
            flow.valid("conclude", outcome=outcome, parts_withheld=parts),
            rule="exempt-only-if-harm-outweighs",
            article="Pasal 2 ayat (4)",
            field="outcome",
        )
    opened = flow.fire(case, "conclude", {"outcome": "open", "reasoning": "Dibuka seluruhnya."})
    assert opened.state is S.CONCLUDED

    # Where the harm weighs more, the exemption stands.
    withheld = flow.fire(flow.to(S.WEIGHED), "conclude", conclusion())
    assert withheld.conclusion is not None and withheld.conclusion.outcome.value == "exempt"


def test_partial_names_parts(flow: Any) -> None:
    case = flow.to(S.WEIGHED)
    flow.refuse(
        case,
        "conclude",
        flow.valid("conclude", parts_withheld=[]),
        rule="partial-names-parts",
        article="Perki 1/2021",
        field="parts_withheld",
    )
    flow.refuse(
        case,
        "conclude",
        flow.valid("conclude", outcome="exempt"),
        rule="partial-names-parts",
        article="Perki 1/2021",
        field="parts_withheld",
    )
    done = flow.fire(case, "conclude")
    assert done.conclusion is not None
    assert done.conclusion.parts_withheld == flow.valid("conclude")["parts_withheld"]
    assert done.conclusion.redaction.value == "blacken"


@pytest.mark.parametrize("ground", ["17a1", "17b", "17c2", "17d", "17e6", "17f2"])
def test_period_not_permanent_17a_f(flow: Any, ground: str) -> None:
    case = on_grounds(flow, S.WEIGHED, ground)
    exc = flow.refuse(
        case,
        "conclude",
        conclusion("permanent"),
        rule="period-not-permanent-17a-f",
        article="Pasal 20 ayat (1)",
        field="period.kind",
    )
    assert ground in exc.message_en
    until = conclusion(
        "until_condition", condition="sampai putusan berkekuatan hukum tetap", end_date="2036-12-31"
    )
    done = flow.fire(case, "conclude", until)
    assert done.conclusion is not None and done.conclusion.period is not None
    assert done.conclusion.period.kind.value == "until_condition"


def test_period_not_permanent_17a_f_with_a_personal_ground_too(flow: Any) -> None:
    mixed = on_grounds(flow, S.WEIGHED, "17h2", "17a2")
    exc = flow.refuse(
        mixed,
        "conclude",
        conclusion("permanent"),
        rule="period-not-permanent-17a-f",
        article="Pasal 20",
        field="period.kind",
    )
    assert "17a2" in exc.message_en and "17h2" not in exc.message_en
    # 17g-17j may be permanent, when the officer says so.
    for ground in ("17g", "17h2", "17i", "17j"):
        done = flow.fire(on_grounds(flow, S.WEIGHED, ground), "conclude", conclusion("permanent"))
        assert done.state is S.CONCLUDED


@pytest.mark.parametrize(
    ("state", "trigger"),
    [
        (S.DRAFT, "cite_grounds"),
        (S.DRAFT, "conclude"),
        (S.IDENTIFIED, "assess_harm"),
        (S.GROUNDS_CITED, "weigh_public_interest"),
        (S.HARM_ASSESSED, "conclude"),
        (S.WEIGHED, "submit"),
        (S.CONCLUDED, "approve"),
        (S.IDENTIFIED, "identify"),
        (S.IN_REVIEW, "conclude"),
        (S.DRAFT, "revise"),
        (S.WITHDRAWN, "identify"),
    ],
)
def test_steps_in_order(flow: Any, state: S, trigger: str) -> None:
    case = flow.to(state)
    exc = flow.refuse(case, trigger, rule="steps-in-order", article="Pasal 19", field=None)
    assert state.value in exc.message_en
    assert "Perki 1/2021" in exc.article
    # In order, every step passes.
    walked = flow.to(S.DRAFT)
    for step in (
        "identify",
        "cite_grounds",
        "assess_harm",
        "weigh_public_interest",
        "conclude",
        "submit",
    ):
        assert step in next_steps(walked.state)
        walked = flow.fire(walked, step)
    assert walked.state is S.IN_REVIEW


def test_four_eyes(flow: Any, siti: Actor, budi: Actor, rina: Actor) -> None:
    # budi (PPID Utama) recorded a step of siti's case: he may not approve it.
    case = flow.to(S.IN_REVIEW, actors={"assess_harm": budi})
    assert case.drafters == ["budi", "siti"]
    flow.refuse(
        case, "approve", actor=budi, rule="four-eyes", article="pemisahan tugas", field=None
    )
    approved = flow.fire(case, "approve", actor=rina)
    assert approved.state is S.APPROVED and approved.approved_by == "rina"

    # Opening or submitting a case is drafting it too. (A case budi opens belongs to his
    # unit, so his colleague rina records its steps: rule own-unit keeps siti out.)
    for role in ("open", "submit"):
        steps = ("identify", "cite_grounds", "assess_harm", "weigh_public_interest", "conclude")
        by_rina = {t: rina for t in (*steps, "submit")} if role == "open" else {}
        drafted = flow.to(S.IN_REVIEW, actors={**by_rina, role: budi})
        assert "budi" in drafted.drafters
        flow.refuse(drafted, "approve", actor=budi, rule="four-eyes", article="design.md")

    # The ordinary case: siti drafts, budi approves.
    plain = flow.fire(flow.to(S.IN_REVIEW), "approve", actor=budi)
    assert plain.approved_by == "budi" and "budi" not in plain.drafters


@pytest.mark.parametrize(
    "state", [S.DRAFT, S.CONCLUDED, S.IN_REVIEW, S.DECREED, S.EXPIRED, S.WITHDRAWN]
)
def test_decree_needs_approved(flow: Any, head: Actor, state: S) -> None:
    case = flow.to(state)
    flow.refuse(
        case, "include_in_decree", rule="decree-needs-approved", article="Perki 1/2021", field=None
    )
    approved = flow.to(S.APPROVED)
    decreed = flow.fire(approved, "include_in_decree", actor=head)
    assert decreed.state is S.DECREED
    assert decreed.decree is not None
    assert decreed.decree.number == "188.4/012/PPID/XI/2026"
    assert decreed.decree.dated == date(2026, 11, 25)


_EDITS = [
    "identify",
    "cite_grounds",
    "assess_harm",
    "weigh_public_interest",
    "conclude",
    "submit",
    "revise",
    "return_for_revision",
    "approve",
    "withdraw",
    "expire",
]


@pytest.mark.parametrize(
    ("state", "trigger"),
    [
        (state, trigger)
        for state in (S.DECREED, S.EXPIRED, S.OVERTURNED)
        for trigger in _EDITS
        if (state, trigger) != (S.DECREED, "expire")
    ],  # expiring a decreed case is legal
)
def test_reopen_by_new_test(flow: Any, state: S, trigger: str) -> None:
    case = flow.to(state)
    exc = flow.refuse(case, trigger, rule="reopen-by-new-test", article="Pasal 20", field=None)
    assert "retest" in exc.message_en
    if state is not S.OVERTURNED:
        old = flow.fire(case, "retest")
        assert old.state is state and old.next_revision == 2


def test_reopen_by_new_test_refuses_a_second_retest(flow: Any) -> None:
    old = flow.fire(flow.to(S.DECREED), "retest")
    exc = flow.refuse(old, "retest", rule="reopen-by-new-test", article="Pasal 20", field=None)
    assert "/2" in exc.message_en


# =====================================================================================
# The other rules of rules.py (and users.py)
# =====================================================================================


@pytest.mark.parametrize(
    ("state", "trigger", "actor"),
    [
        (S.IN_REVIEW, "approve", "siti"),
        (S.IN_REVIEW, "return_for_revision", "siti"),
        (S.DRAFT, "identify", "sekda"),
        (S.CONCLUDED, "submit", "admin"),
        (S.APPROVED, "include_in_decree", "siti"),
        (S.DECREED, "overturn", "siti"),
        (S.DECREED, "retest", "sekda"),
        (S.DRAFT, "withdraw", "admin"),
    ],
)
def test_role_may_act(
    flow: Any, actors: dict[str, Actor], state: S, trigger: str, actor: str
) -> None:
    case = flow.to(state)
    who = actors[actor]
    assert who.role not in PERMISSIONS[trigger]
    exc = flow.refuse(
        case, trigger, actor=who, rule="role-may-act", article="Perki 1/2021", field=None
    )
    assert actor in exc.message_en and who.role.value in exc.message_id
    permitted = next(a for a in actors.values() if a.role in PERMISSIONS[trigger])
    if trigger == "approve":
        permitted = actors["budi"]
    assert flow.decide(case, trigger, actor=permitted)


def test_own_unit(flow: Any, agus: Actor, siti: Actor, budi: Actor) -> None:
    """An officer records steps only on their own unit's cases; the PPID Utama on any."""
    case = flow.open(siti)
    assert case.unit == siti.unit != agus.unit
    exc = flow.refuse(case, "identify", actor=agus, rule="own-unit", article="Pasal 13", field=None)
    assert case.unit in exc.message_id and agus.unit in exc.message_en
    assert flow.decide(case, "identify", actor=siti)
    assert flow.decide(case, "identify", actor=budi)


def test_extension_once(flow: Any) -> None:
    """Pasal 22(7)-(8): only an answer to a request has a deadline; it is extended once,
    by a notice dated no earlier than the request's receipt (12 November 2026)."""
    case = flow.to(S.GROUNDS_CITED)
    extended = flow.fire(case, "extend_answer")
    assert extended.state is S.GROUNDS_CITED
    assert extended.answer_extension is not None
    assert extended.answer_extension.notice_reference == "045.1/PPID/XI/2026"
    again = flow.refuse(extended, "extend_answer", rule="extension-once", article="Pasal 22")
    assert "satu kali" in again.message_id and "once" in again.message_en
    early = flow.valid("extend_answer", notice_date="2026-11-11")
    flow.refuse(
        flow.to(S.DRAFT), "extend_answer", early, rule="extension-once",
        article="Pasal 22", field="notice_date",
    )  # fmt: skip
    proactive = flow.open(data={"trigger": {"kind": "proactive"}}, case_id="UK-2026-0002")
    flow.refuse(proactive, "extend_answer", rule="extension-once", article="Pasal 22", field=None)


def _source_of(trigger: str) -> S:
    for t in TRANSITIONS:
        if t["trigger"] == trigger:
            source: S = t["source"][0] if isinstance(t["source"], list) else t["source"]
            return source
    raise AssertionError(trigger)


@pytest.mark.parametrize("trigger", [t for t in ACTIONS if t != "open"])
def test_role_may_act_auditor_fires_nothing(flow: Any, dewi: Actor, trigger: str) -> None:
    assert all(Role.AUDITOR not in roles for roles in PERMISSIONS.values())
    # From a state where the trigger is legal, the refusal names the role.
    case = flow.to(_source_of(trigger))
    flow.refuse(case, trigger, actor=dewi, rule="role-may-act", article="Perki 1/2021")
    # From any state at all, the auditor is refused (by the role, or by the order).
    for state in S:
        here = flow.to(state)
        assert allowed_triggers(here, dewi) == []
        with pytest.raises(RuleViolation):
            flow.decide(here, trigger, actor=dewi)


@pytest.mark.parametrize("who", ["dewi", "sekda", "admin"])
def test_role_may_act_on_open(
    flow: Any, actors: dict[str, Actor], check_rule: Any, who: str
) -> None:
    with pytest.raises(RuleViolation) as info:
        flow.open(actors[who])
    check_rule(info.value, "role-may-act", "Perki 1/2021", None)
    for drafter in ("siti", "budi"):
        assert flow.open(actors[drafter], case_id="UK-2026-0002").opened_by == drafter


@pytest.mark.parametrize(
    ("trigger_ctx", "field"),
    [
        ({"kind": "request", "dated": "2026-11-12"}, "trigger.reference"),
        ({"kind": "request", "reference": "045/PPID/XI/2026"}, "trigger.dated"),
        (
            {"kind": "request", "reference": "045/PPID/XI/2026", "dated": "2026-11-26"},
            "trigger.dated",
        ),
        ({"kind": "ki_order", "dated": "2026-10-01"}, "trigger.reference"),
        ({"kind": "ki_order", "reference": "015/VI/KIP-PS-A/2026"}, "trigger.dated"),
    ],
)
def test_trigger_recorded(
    flow: Any, check_rule: Any, trigger_ctx: dict[str, Any], field: str
) -> None:
    with pytest.raises(RuleViolation) as info:
        flow.open(data={"trigger": trigger_ctx})
    check_rule(info.value, "trigger-recorded", "Perki 1/2021", field)
    # The same on a retest.
    decreed = flow.to(S.DECREED)
    flow.refuse(
        decreed,
        "retest",
        {"reason": "Permohonan baru.", "trigger": trigger_ctx},
        rule="trigger-recorded",
        article="Perki 1/2021",
        field=field,
    )

    for good in (
        {"kind": "proactive"},
        {"kind": "request", "reference": "045/PPID/XI/2026", "dated": "2026-11-25"},
        {"kind": "ki_order", "reference": "015/VI/KIP-PS-A/2026", "dated": "2026-10-01"},
    ):
        case = flow.open(data={"trigger": good}, case_id="UK-2026-0003")
        assert case.trigger.kind.value == good["kind"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"parts": []}, "parts"),
        ({"document": {"category": "rahasia_negara"}}, "document.category"),
        ({"document": {"dated": "2026-11-26"}}, "document.dated"),
    ],
)
def test_information_identified_exactly(flow: Any, change: dict[str, Any], field: str) -> None:
    case = flow.to(S.DRAFT)
    bad = flow.valid("identify")
    for key, value in change.items():
        if isinstance(value, dict):
            bad[key] = {**bad[key], **value}
        else:
            bad[key] = value
    flow.refuse(
        case,
        "identify",
        bad,
        rule="information-identified-exactly",
        article="Perki 1/2021",
        field=field,
    )
    done = flow.fire(case, "identify")
    assert done.identification is not None and done.identification.parts


def test_whole_document_justified(flow: Any, catalogue: Any) -> None:
    case = flow.to(S.DRAFT)
    agreement = flow.valid("identify", scope="whole", parts=[])
    agreement["document"] = {
        **agreement["document"],
        "category": "third_party_agreement",
        "title": "Perjanjian kerja sama dengan RSUD",
    }
    flow.refuse(
        case,
        "identify",
        agreement,
        rule="whole-document-justified",
        article="Pasal 11 ayat (1)",
        field="whole_justification",
    )
    always = frozenset(c.id for c in catalogue.always_available)

    justified = flow.fire(
        case,
        "identify",
        {
            **agreement,
            "whole_justification": "Seluruh isi perjanjian adalah data medis pasien perorangan.",
        },
    )
    assert justified.state is S.IDENTIFIED
    assert [f.code for f in justified.flags(always)] == ["whole-document-11-1"]

    part = flow.fire(case, "identify", {**agreement, "scope": "part", "parts": ["Lampiran II"]})
    assert part.flags(always) == []
    # A whole document of an ordinary kind needs no justification.
    whole = flow.fire(case, "identify", flow.valid("identify", scope="whole", parts=[]))
    assert whole.state is S.IDENTIFIED and whole.flags(always) == []


@pytest.mark.parametrize(
    ("period", "field"),
    [
        (None, "period"),
        ({"kind": "until_date"}, "period.end_date"),
        ({"kind": "until_condition"}, "period.condition"),
        ({"kind": "until_date", "end_date": "2026-11-25"}, "period.end_date"),
        (
            {"kind": "until_condition", "condition": "sampai pensiun", "end_date": "2026-01-01"},
            "period.end_date",
        ),
        ({"kind": "permanent", "end_date": "2030-01-01"}, "period.kind"),
        ({"kind": "permanent", "condition": "sampai pegawai meninggal"}, "period.kind"),
    ],
)
def test_period_stated(flow: Any, period: dict[str, Any] | None, field: str) -> None:
    case = flow.to(S.WEIGHED)
    flow.refuse(
        case,
        "conclude",
        flow.valid("conclude", period=period),
        rule="period-stated",
        article="Pasal 20",
        field=field,
    )
    assert flow.fire(case, "conclude").conclusion is not None
    dated = flow.fire(
        case,
        "conclude",
        flow.valid("conclude", period={"kind": "until_date", "end_date": "2026-11-26"}),
    )
    assert dated.state is S.CONCLUDED


@pytest.mark.parametrize(
    "condition", ["selama jangka waktu tertentu", "sampai batas waktu yang ditentukan"]
)
def test_period_stated_a_condition_that_sets_no_term(flow: Any, condition: str) -> None:
    case = flow.to(S.WEIGHED)
    flow.refuse(
        case,
        "conclude",
        flow.valid("conclude", period={"kind": "until_condition", "condition": condition}),
        rule="period-stated",
        article="Pasal 20",
        field="period.condition",
    )
    event = flow.valid(
        "conclude", period={"kind": "until_condition", "condition": "sampai penyidikan selesai"}
    )
    assert flow.fire(case, "conclude", event).state is S.CONCLUDED


def test_period_stated_open_has_no_period(flow: Any) -> None:
    weigh = flow.valid("weigh_public_interest", outweighs="public_interest")
    case = flow.to(S.WEIGHED, {"weigh_public_interest": weigh})
    flow.refuse(
        case,
        "conclude",
        {"outcome": "open", "period": {"kind": "permanent"}},
        rule="period-stated",
        article="Pasal 20",
        field="period",
    )
    assert flow.fire(case, "conclude", {"outcome": "open"}).state is S.CONCLUDED


def test_period_within_ceiling(flow: Any, today: date) -> None:
    case = on_grounds(flow, S.WEIGHED, "17a1")
    limit = today.replace(year=today.year + 30)
    beyond = limit + timedelta(days=1)
    exc = flow.refuse(
        case,
        "conclude",
        conclusion("until_date", end_date=beyond.isoformat()),
        rule="period-within-ceiling",
        article="PP 61/2010",
        field="period.end_date",
    )
    assert limit.isoformat() in exc.message_en
    flow.refuse(
        case,
        "conclude",
        conclusion(
            "until_condition", condition="sampai penyidikan selesai", end_date=beyond.isoformat()
        ),
        rule="period-within-ceiling",
        article="PP 61/2010",
        field="period.end_date",
    )
    # An end condition on a capped ground also names the latest date it may run to.
    flow.refuse(
        case,
        "conclude",
        conclusion("until_condition", condition="sampai penyidikan selesai"),
        rule="period-within-ceiling",
        article="PP 61/2010",
        field="period.end_date",
    )
    assert flow.fire(case, "conclude", conclusion("until_date", end_date=limit.isoformat()))
    # A ground without a recorded ceiling is not capped by this rule.
    free = on_grounds(flow, S.WEIGHED, "17b")
    far = conclusion("until_date", end_date=today.replace(year=today.year + 50).isoformat())
    assert flow.fire(free, "conclude", far).state is S.CONCLUDED


def test_period_has_ended(flow: Any) -> None:
    after, end = flow.after_period, flow.period_end
    dated = flow.to(
        S.DECREED,
        {
            "conclude": flow.valid(
                "conclude", period={"kind": "until_date", "end_date": end.isoformat()}
            )
        },
    )
    flow.refuse(
        dated,
        "expire",
        {"as_of": end.isoformat()},
        today=after,
        rule="period-has-ended",
        article="Pasal 20",
        field="as_of",
    )
    flow.refuse(
        dated,
        "expire",
        {"as_of": (after + timedelta(days=1)).isoformat()},
        today=after,
        rule="period-has-ended",
        article="Pasal 20",
        field="as_of",
    )
    expired = flow.fire(dated, "expire", {"as_of": after.isoformat()}, today=after)
    assert expired.state is S.EXPIRED and expired.expiry is not None

    # A permanent exemption cannot expire.
    permanent = flow.to(S.DECREED)
    flow.refuse(
        permanent,
        "expire",
        {"as_of": after.isoformat()},
        today=after,
        rule="period-has-ended",
        article="Pasal 20",
        field=None,
    )

    # A condition ends when the evidence of it is recorded.
    until = flow.valid(
        "conclude", period={"kind": "until_condition", "condition": "sampai pegawai pensiun"}
    )
    conditional = flow.to(S.DECREED, {"conclude": until})
    flow.refuse(
        conditional,
        "expire",
        {"as_of": "2026-11-25"},
        rule="period-has-ended",
        article="Pasal 20",
        field="as_of",
    )
    done = flow.fire(
        conditional,
        "expire",
        {"as_of": "2026-11-25", "note": "SK pensiun Nomor 800/55/BKPSDM/2026"},
    )
    assert done.state is S.EXPIRED


def test_admin_manages_users(now: datetime) -> None:
    article = "Perki 1/2021"
    with pytest.raises(RuleViolation) as info:
        decide_add_user(AddUser(username="siti", role=Role.OFFICER), None, [], now)
    assert info.value.rule == "admin-manages-users" and info.value.field == "role"
    assert article in info.value.article

    first = decide_add_user(AddUser(username="admin", role=Role.ADMIN), None, [], now)
    admin_user = apply_user(None, first)
    assert admin_user.added_by == "admin" and first.role == "admin"
    users: list[User] = [admin_user]

    officer = Actor(username="siti", role=Role.OFFICER)
    with pytest.raises(RuleViolation) as info:
        decide_add_user(AddUser(username="agus", role=Role.OFFICER), officer, users, now)
    assert info.value.rule == "admin-manages-users" and info.value.field is None
    with pytest.raises(RuleViolation) as info:
        decide_add_user(AddUser(username="agus", role=Role.OFFICER), None, users, now)
    assert info.value.rule == "admin-manages-users"
    with pytest.raises(RuleViolation) as info:
        decide_add_user(
            AddUser(username="admin", role=Role.PPID), admin_user.as_actor(), users, now
        )
    assert info.value.rule == "admin-manages-users" and info.value.field == "username"

    new_user = AddUser(username="agus", role=Role.OFFICER, nip="19800101 200501 1 001")
    added = decide_add_user(new_user, admin_user.as_actor(), users, now)
    agus = apply_user(None, added)
    assert agus.added_by == "admin" and agus.as_actor().role is Role.OFFICER
    assert info.value.message_id and info.value.message_en


# =====================================================================================
# The registry itself
# =====================================================================================


def _literal_rule_ids(function: Any) -> set[str]:
    source = inspect.getsource(function)
    return {rid for rid in RULES if f'"{rid}"' in source}


def _rule_ids_outside_the_machine() -> set[str]:
    """The rules the domain decides outside the case machine: users, the body's profile
    and days off (by the constants of :mod:`ujikon.domain.roles`), decrees."""
    named = {
        name: value
        for name, value in vars(roles_module).items()
        if name.startswith("ADMIN_MANAGES_") and isinstance(value, str)
    }
    used = set(_literal_rule_ids(decree_module))
    for module in (users_module, body_module, calendar_module):
        source = inspect.getsource(module)
        used |= {value for name, value in named.items() if name in source}
    return used


def test_no_dead_rules() -> None:
    used = {
        c for t in TRANSITIONS for c in t["conditions"] if not c.startswith(("to:", "outcome:"))
    }
    used |= _literal_rule_ids(decide_module.decide_open)
    used |= _literal_rule_ids(decide_module.decide)
    used |= _literal_rule_ids(decide_module._out_of_order)
    used |= _rule_ids_outside_the_machine()
    assert sorted(set(RULES) - used) == [], "rules that no transition or decision uses"
    assert sorted(used - set(RULES)) == [], "conditions that are not rules"


@pytest.fixture(scope="module")
def domain_rule_table() -> dict[str, str]:
    if not DOMAIN_MD.exists():
        pytest.skip(f"{DOMAIN_MD} not found (shared/ is not beside the repository)")
    text = DOMAIN_MD.read_text(encoding="utf-8")
    match = re.search(r"^## Rules the software checks.*?$(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, "domain.md has no '## Rules the software checks' section"
    table = dict(re.findall(r"^\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|", match.group(1), re.M))
    assert len(table) >= 14, table
    return table


def test_domain_md_rules_exist(domain_rule_table: dict[str, str]) -> None:
    missing = sorted(set(domain_rule_table) - set(RULES))
    assert missing == [], f"rules of domain.md with no function in RULES: {missing}"


def test_domain_md_rules_cite_the_same_articles(domain_rule_table: dict[str, str]) -> None:
    for rule_id, article in domain_rule_table.items():
        registered = RULES[rule_id].article
        for number in re.findall(r"Pasal (\d+)", article):
            assert re.search(rf"Pasal {number}\b", registered), (rule_id, article, registered)
        if "Perki 1/2021" in article:
            assert "Perki 1/2021" in registered, (rule_id, registered)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_documented_and_bilingual(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert rule.id == rule_id
    assert inspect.getdoc(rule.check), f"{rule.check.__name__} has no docstring"
    assert rule.article.strip() and rule.summary_id.strip() and rule.summary_en.strip()
    assert rule.summary_id != rule.summary_en
    assert rule.check.__module__ == rules_module.__name__


# =====================================================================================
# The procedure around the rules
# =====================================================================================


@pytest.mark.parametrize("to_step", list(Step))
def test_return_for_revision(flow: Any, budi: Actor, to_step: Step) -> None:
    case = flow.to(S.IN_REVIEW)
    comments = f"Langkah {to_step.value} perlu diperbaiki: uraian belum konkret."
    back = flow.fire(case, "return_for_revision", {"to_step": to_step.value, "comments": comments})
    assert back.state is STATE_BEFORE_STEP[to_step]
    last = back.reviews[-1]
    assert (last.kind, last.to_step, last.comments, last.by) == (
        "returned",
        to_step,
        comments,
        "budi",
    )
    assert [r.kind for r in back.reviews] == ["submitted", "returned"]
    assert "budi" not in back.drafters

    # The officer redoes the named step and every later one, in order.
    later = list(Step)[list(Step).index(to_step) :]
    for skipped in ["submit", *[s.value for s in later[1:]]]:
        flow.refuse(back, skipped, rule="steps-in-order", article="Pasal 19")
    redone = back
    for step in later:
        redone = flow.fire(redone, step.value)
        assert redone.state is STATE_AFTER_STEP[step]
    redone = flow.fire(redone, "submit")
    approved = flow.fire(redone, "approve", actor=budi)
    assert [r.kind for r in approved.reviews] == ["submitted", "returned", "submitted", "approved"]
    assert approved.reviews[1].comments == comments


def test_return_for_revision_needs_ppid_and_comments(flow: Any, siti: Actor) -> None:
    case = flow.to(S.IN_REVIEW)
    flow.refuse(
        case, "return_for_revision", actor=siti, rule="role-may-act", article="Perki 1/2021"
    )
    with pytest.raises(InputError):
        flow.decide(case, "return_for_revision", {"to_step": "identify", "comments": "  "})
    with pytest.raises(InputError):
        flow.decide(case, "return_for_revision", {"to_step": "submit", "comments": "x"})


@pytest.mark.parametrize("state", DRAFTING[1:])
@pytest.mark.parametrize("to_step", list(Step))
def test_revise_goes_back_never_forward(flow: Any, state: S, to_step: Step) -> None:
    case = flow.to(state)
    data = {"to_step": to_step.value, "note": "Memperbaiki langkah."}
    target = STATE_BEFORE_STEP[to_step]
    if ORDER.index(target) < ORDER.index(state):
        back = flow.fire(case, "revise", data)
        assert back.state is target
        assert back.reviews[-1].kind == "revised" and back.reviews[-1].to_step is to_step
        # Nothing recorded is lost; the steps are redone from there.
        assert back.identification == case.identification
        assert back.conclusion == case.conclusion
    else:
        flow.refuse(
            case, "revise", data, rule="steps-in-order", article="Pasal 19", field="to_step"
        )


@pytest.mark.parametrize("state", [S.DRAFT, S.IN_REVIEW, S.APPROVED])
def test_revise_not_outside_drafting(flow: Any, state: S) -> None:
    flow.refuse(flow.to(state), "revise", rule="steps-in-order", article="Pasal 19")


@pytest.mark.parametrize("state", [S.DECREED, S.EXPIRED])
def test_retest_opens_a_linked_revision(flow: Any, siti: Actor, budi: Actor, state: S) -> None:
    old = flow.to(state)
    events = flow.decide(old, "retest")
    assert [e.action for e in events] == ["case.retest_opened", "case.opened"]
    assert [e.subject for e in events] == ["case:UK-2026-0001/1", "case:UK-2026-0001/2"]
    flow.events.extend(events)
    closed = fold(flow.events_of(old))
    new = fold([events[1]])
    assert closed is not None and new is not None
    assert closed.state is state and closed.next_revision == 2
    assert new.ref == "UK-2026-0001/2" and new.previous_revision == 1
    assert new.state is S.DRAFT and new.next_revision is None
    assert new.retest_reason == flow.valid("retest")["reason"]
    assert new.trigger.kind.value == "proactive"
    assert new.identification is None and new.drafters == ["siti"]

    # The old revision cannot be retested twice, nor edited; the new one is a full test.
    flow.refuse(closed, "retest", rule="reopen-by-new-test", article="Pasal 20", field=None)
    flow.refuse(closed, "identify", rule="reopen-by-new-test", article="Pasal 20")
    redecreed = flow.to(S.DECREED, case=new)
    assert redecreed.revision == 2 and redecreed.previous_revision == 1
    third = flow.decide(redecreed, "retest")
    assert third[1].subject == "case:UK-2026-0001/3"


def test_retest_of_overturned_is_not_exemptible(flow: Any) -> None:
    overturned = flow.to(S.OVERTURNED)
    assert overturned.overturn is not None
    exc = flow.refuse(
        overturned, "retest", rule="not-exemptible", article="Pasal 11 ayat (2)", field=None
    )
    assert "Pasal 11(2)" in exc.message_en


@pytest.mark.parametrize("state", list(S))
def test_withdraw(flow: Any, state: S, budi: Actor) -> None:
    case = flow.to(state)
    if state in (S.IN_REVIEW, S.APPROVED):
        # Once submitted, only the PPID Utama withdraws it, not the drafter.
        flow.refuse(case, "withdraw", rule="role-may-act", article="Perki 1/2021")
        gone = flow.fire(case, "withdraw", actor=budi)
        assert gone.state is S.WITHDRAWN
    elif state in BEFORE_DECREE:
        gone = flow.fire(case, "withdraw")
        assert gone.state is S.WITHDRAWN and gone.withdrawal is not None
        assert next_steps(gone.state) == []
    elif state is S.WITHDRAWN:
        flow.refuse(case, "withdraw", rule="steps-in-order", article="Pasal 19")
    else:
        flow.refuse(case, "withdraw", rule="reopen-by-new-test", article="Pasal 20")


@pytest.mark.parametrize(
    "spelling",
    [
        "17h2",
        "17H2",
        "Pasal 17 huruf h angka 2",
        "PASAL 17 HURUF H ANGKA 2",
        "pasal 17 huruf H angka 2",
        "17(h)(2)",
        "17 h 2",
        "17.h.2",
        "Ps. 17 huruf h angka 2",
        "UU 14/2008 Pasal 17 huruf h angka 2",
        "UU No. 14 Tahun 2008 Pasal 17 huruf h angka 2",
        "  Pasal  17   huruf h  angka 2 ",
    ],
)
def test_ground_spellings_are_accepted(flow: Any, spelling: str) -> None:
    case = flow.fire(flow.to(S.IDENTIFIED), "cite_grounds", cite(spelling))
    assert case.grounds is not None and case.grounds.ground_ids() == ["17h2"]
    harmed = flow.fire(case, "assess_harm", harms(spelling))
    assert harmed.harm is not None and harmed.harm.harms[0].ground == "17h2"


# =====================================================================================
# Odds and ends of deciding
# =====================================================================================


def test_events_record_the_move(flow: Any) -> None:
    case = flow.to(S.WEIGHED)
    [event] = flow.decide(case, "conclude")
    assert event.action == ACTIONS["conclude"] == "case.concluded"
    assert event.payload["from"] == "weighed" and event.payload["to"] == "concluded"
    assert event.actor == "siti" and event.role == "officer"
    assert event.subject == case.subject


def test_unknown_trigger_and_bad_payload_are_input_errors(
    flow: Any, siti: Actor, catalogue: Any
) -> None:
    case = flow.to(S.DRAFT)
    for trigger in ("open", "publish", ""):
        with pytest.raises(InputError):
            flow.decide(case, trigger, {}, actor=siti)
    with pytest.raises(InputError) as info:
        flow.decide(case, "identify", {"scope": "half"})
    assert "document" in str(info.value) and "scope" in str(info.value)
    with pytest.raises(InputError):
        flow.decide(flow.to(S.IDENTIFIED), "cite_grounds", {"citations": []})
    with pytest.raises(InputError):
        flow.decide(case, "identify", {**flow.valid("identify"), "secret": True})
    model = parse_payload("identify", flow.valid("identify"))
    assert parse_payload("identify", model) is model
    assert decide(case, "identify", model, siti, catalogue, flow.now, flow.today)


def test_decide_open_records_the_catalogue_version(flow: Any, catalogue: Any, siti: Actor) -> None:
    payload = parse_payload("open", flow.valid("open"))
    assert isinstance(payload, OpenCase)
    [event] = decide_open("UK-2026-0009", payload, siti, catalogue, flow.now, flow.today)
    case = fold([event])
    assert case is not None
    assert case.catalogue_version == catalogue.version
    assert case.unit == siti.unit and case.drafters == ["siti"] and case.version == 1


# -- every refusal of one submission at once ------------------------------------------------


def test_an_empty_balance_and_no_interest_are_refused_together(flow: Any) -> None:
    """Pasal 2(4): both halves of the balance are named in one refusal, not one per try."""
    case = flow.to(S.HARM_ASSESSED)
    refused = flow.refuse(
        case,
        "weigh_public_interest",
        flow.valid("weigh_public_interest", interests=[], balance=""),
        rule="public-interest-weighed",
        article="Pasal 2 ayat (4)",
        field="interests",
    )
    assert [(v.rule, v.field) for v in refused.all()] == [
        ("public-interest-weighed", "interests"),
        ("public-interest-weighed", "balance"),
    ]


def test_a_conclusion_refused_for_its_parts_names_its_period_too(flow: Any) -> None:
    """A partial exemption without parts and without a period: rules partial-names-parts
    (Perki 1/2021) and period-stated (Pasal 20) answer in the same refusal."""
    case = flow.to(S.WEIGHED)
    refused = flow.refuse(
        case,
        "conclude",
        flow.valid("conclude", parts_withheld=[], period=None),
        rule="partial-names-parts",
        article="Perki 1/2021",
        field="parts_withheld",
    )
    assert {(v.rule, v.field) for v in refused.all()} >= {
        ("partial-names-parts", "parts_withheld"),
        ("period-stated", "period"),
    }


def test_a_refusal_about_who_acts_carries_no_field_refusals(flow: Any, dewi: Actor) -> None:
    """Rule role-may-act answers alone: the fields are not the actor's to fix."""
    case = flow.to(S.HARM_ASSESSED)
    refused = flow.refuse(
        case,
        "weigh_public_interest",
        flow.valid("weigh_public_interest", interests=[], balance=""),
        actor=dewi,
        rule="role-may-act",
        article="Perki 1/2021",
        field=None,
    )
    assert refused.also == ()
