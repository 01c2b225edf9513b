"""Rulings that open information (UU 14/2008 Pasal 11(2), 18(1)): once the Atasan PPID,
the Komisi Informasi or a court has opened information, no later test may withhold it —
neither a retest of the same case nor a new case about the same information. On both
backends, through the service, on the fixed clock of the lifecycle tests."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from lifecycle_support import PERMANENT, World
from toolkit import case_plan, case_steps, walk

from ujikon.domain.states import CaseState
from ujikon.errors import RuleViolation

TITLE = "Hasil pemeriksaan kesehatan pegawai 2026"
KI_RULING = {
    "authority": "komisi_informasi",
    "ruling_reference": "012/XII/KIP-PS-A/2026",
    "ruling_date": "2026-11-25",
    "summary": "Majelis memerintahkan informasi dibuka.",
}


def _walk_to_conclusion(world: World, ref: str) -> None:
    """Record every step of ``case_plan(TITLE, ...)`` but the conclusion and submit."""
    steps = case_steps(TITLE, "17h2", PERMANENT)
    walk(lambda t, d: world.service.act("siti", ref, t, d), steps, until="weighed")


def _conclusion(world: World, ref: str, information: str | None = None) -> RuleViolation:
    plan = case_plan(TITLE, "17h2", PERMANENT)
    conclude = next(s.payload for s in plan.steps if s.trigger == "conclude")
    before = world.events()
    with pytest.raises(RuleViolation) as refused:
        world.service.act("siti", ref, "conclude", conclude)
    assert world.events() == before, "a refused conclusion stored something"
    return refused.value


def test_a_ki_ruling_that_opens_information_blocks_a_later_exemption(world: World) -> None:
    opened = world.decreed(TITLE, "17h2", PERMANENT)
    world.service.act("hendra", opened, "overturn", KI_RULING)
    # Months later another officer tests the same document again, as a new case.
    world.at(date(2027, 2, 1))
    later = world.service.open_case("siti", {"trigger": {"kind": "proactive"}}).ref
    _walk_to_conclusion(world, later)
    refused = _conclusion(world, later)
    assert refused.rule == "not-exemptible" and "Pasal 11 ayat (2)" in refused.article
    assert refused.field == "outcome"
    assert "012/XII/KIP-PS-A/2026" in refused.message_id and opened in refused.message_id
    assert "Komisi Informasi" in refused.message_en
    assert world.state(later) is CaseState.WEIGHED


def test_an_objection_answer_that_opens_blocks_a_later_import(world: World) -> None:
    ref = world.decreed(TITLE, "17h2", PERMANENT)
    world.service.act(
        "budi",
        ref,
        "file_objection",
        {
            "reference": "KEB-03/2026",
            "objector": "Serikat Pekerja",
            "answer_date": "2026-11-25",
            "filed_on": "2026-11-25",
            "reasons": "Menyangkut kelayakan jabatan publik.",
        },
    )
    world.service.act(
        "hendra",
        ref,
        "answer_objection",
        {
            "objection_reference": "KEB-03/2026",
            "outcome": "opened",
            "reference": "800/21/Setda/XI/2026",
            "answered_on": "2026-11-25",
            "reasons": "Hasil pemeriksaan menyangkut kelayakan jabatan, bukan riwayat medis.",
        },
    )
    assert world.state(ref) is CaseState.OVERTURNED
    before = world.events()
    with pytest.raises(RuleViolation) as refused:
        world.service.import_case(None, case_plan(TITLE, "17h2", PERMANENT))
    assert refused.value.rule == "not-exemptible"
    assert "Atasan PPID" in refused.value.message_id
    assert world.events() == before


def test_another_part_of_the_same_document_can_still_be_tested(world: World) -> None:
    opened = world.decreed(TITLE, "17h2", PERMANENT)
    world.service.act("hendra", opened, "overturn", KI_RULING)
    plan = case_plan(TITLE, "17h2", PERMANENT)
    steps = []
    for step in plan.steps:
        payload = step.payload
        if step.trigger == "identify":
            payload = {**payload, "information": "Nomor rekening bank pegawai pada lampiran 2"}
        steps.append(dataclasses.replace(step, payload=payload))
    other = world.service.import_case(None, dataclasses.replace(plan, steps=tuple(steps)))
    assert other.state is CaseState.IN_REVIEW


def test_a_retest_opened_before_the_ruling_cannot_withhold_again(world: World) -> None:
    first = world.decreed(TITLE, "17h2", PERMANENT)
    retest = world.service.act(
        "siti", first, "retest", {"reason": "Reviu tahunan", "trigger": {"kind": "proactive"}}
    )
    world.service.act("hendra", first, "overturn", KI_RULING)
    _walk_to_conclusion(world, retest.ref)
    refused = _conclusion(world, retest.ref)
    assert refused.rule == "not-exemptible" and first in refused.message_id
