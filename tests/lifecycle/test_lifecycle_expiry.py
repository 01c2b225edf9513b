"""Periods that run out (UU 14/2008 Pasal 20): ``run_lifecycle`` expires them, once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from lifecycle_support import PERMANENT, World, until, until_condition

import ujikon.service.cases as service_module
from ujikon.domain.states import CaseState
from ujikon.errors import ConflictError, InputError, PermissionDenied, RuleViolation
from ujikon.service.lifecycle import period_index_fields, run_lifecycle, scan_periods
from ujikon.service.register import dik_as_of

NEW_YEAR = date(2027, 1, 1)


def expired_refs(world: World, as_of: date | None = None, acting: str = "budi") -> list[str]:
    return [o.item.ref for o in run_lifecycle(world.service, acting, as_of).expired]


def test_an_exemption_until_31_december_holds_on_it_and_opens_on_1_january(
    world_both: World,
) -> None:
    world = world_both
    tender = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    world.at(date(2026, 12, 31))
    report = run_lifecycle(world.service, "budi")
    assert report.as_of == date(2026, 12, 31)
    assert report.expired == []
    assert world.state(tender) is CaseState.DECREED
    assert [(i.ref, i.days_left(report.as_of)) for i in report.ending] == [(tender, 0)]

    world.at(NEW_YEAR)
    report = run_lifecycle(world.service, "budi")
    assert [o.item.ref for o in report.expired] == [tender]
    assert report.ok and report.ending == []
    case = world.case(tender)
    assert case.state is CaseState.EXPIRED
    assert case.expiry is not None and case.expiry.as_of == NEW_YEAR
    assert "31 Desember 2026" in case.expiry.note and "1 Januari 2027" in case.expiry.note
    assert [e.actor for e in world.service.history(tender)][-1] == "budi"


def test_the_expiry_records_the_first_open_day_whatever_day_the_run_happens(
    world: World,
) -> None:
    tender = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    world.at(date(2027, 1, 20))  # the timer was off for three weeks
    assert expired_refs(world) == [tender]
    expiry = world.case(tender).expiry
    assert expiry is not None and expiry.as_of == NEW_YEAR


def test_a_second_run_and_an_earlier_date_expire_nothing_more(world_both: World) -> None:
    world = world_both
    first = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    second = world.decreed("Rencana lelang aset", "17e1", until("2027-01-02"))
    world.decreed("Rekam medis pegawai", "17h2", PERMANENT)
    world.at(date(2027, 1, 5))
    assert expired_refs(world) == [first, second]
    events = world.events()
    assert expired_refs(world) == []
    assert expired_refs(world, date(2027, 1, 2)) == []
    assert expired_refs(world, date(2027, 1, 3)) == []
    assert world.events() == events
    assert world.service.log.verify_chain().ok


def test_an_earlier_date_first_then_a_later_one_expires_only_what_has_ended(world: World) -> None:
    first = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    second = world.decreed("Rencana lelang aset", "17e1", until("2027-01-02"))
    world.at(date(2027, 1, 5))
    assert expired_refs(world, date(2027, 1, 2)) == [first]
    assert world.state(second) is CaseState.DECREED
    assert expired_refs(world) == [second]


def test_the_register_after_the_run_leaves_the_case_out_and_keeps_its_history(
    world: World,
) -> None:
    tender = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    medical = world.decreed("Rekam medis pegawai", "17h2", PERMANENT)
    world.at(date(2027, 1, 2))
    assert expired_refs(world) == [tender]
    assert [r.case_ref for r in dik_as_of(world.service, date(2027, 1, 2))] == [medical]
    # What the register was before the end does not change with the expiry recorded later.
    assert [r.case_ref for r in dik_as_of(world.service, date(2026, 12, 31))] == [tender, medical]


def test_permanent_and_open_conclusions_never_expire(world: World) -> None:
    medical = world.decreed("Rekam medis pegawai", "17h2", PERMANENT)
    opened = world.decreed("Kontrak pekerjaan jalan", "17b", None, outcome="open")
    world.at(date(2040, 1, 1))
    report = run_lifecycle(world.service, "budi")
    assert report.expired == [] and report.ending == [] and report.conditions == []
    assert world.state(medical) is CaseState.DECREED
    assert world.state(opened) is CaseState.DECREED


def test_an_end_condition_is_listed_not_expired_until_its_latest_date_passes(
    world: World,
) -> None:
    inquiry = world.decreed(
        "Berkas penyidikan PPNS",
        "17a1",
        until_condition("Sampai penyidikan dihentikan", "2027-01-31"),
    )
    deed = world.decreed(
        "Akta wasiat yang dititipkan", "17g", until_condition("Sampai pewaris wafat")
    )
    world.at(date(2027, 1, 31))
    report = run_lifecycle(world.service, "budi")
    assert report.expired == []
    assert [i.ref for i in report.conditions] == [inquiry, deed]
    assert report.conditions[0].condition == "Sampai penyidikan dihentikan"
    assert world.state(inquiry) is CaseState.DECREED

    # The latest date is a ceiling the register already applies: past it, the case expires.
    world.at(date(2027, 2, 1))
    report = run_lifecycle(world.service, "budi")
    assert [o.item.ref for o in report.expired] == [inquiry]
    assert [i.ref for i in report.conditions] == [deed]
    expiry = world.case(inquiry).expiry
    assert expiry is not None and expiry.as_of == date(2027, 2, 1)
    assert "paling lambat" in expiry.note
    assert world.state(deed) is CaseState.DECREED


@pytest.mark.parametrize("acting", ["dewi", "siti", "hendra"])
def test_an_auditor_officer_or_head_is_refused_by_role_may_act_and_nothing_is_stored(
    world: World, acting: str
) -> None:
    tender = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    world.at(date(2027, 1, 2))
    head = world.service.log.head()
    with pytest.raises(RuleViolation) as refused:
        run_lifecycle(world.service, acting)
    assert refused.value.rule == "role-may-act"
    assert "expire" in refused.value.message_en and "admin, ppid" in refused.value.message_en
    assert world.service.log.head() == head
    assert world.state(tender) is CaseState.DECREED


def test_the_admin_may_run_it_and_an_unknown_user_may_not(world: World) -> None:
    tender = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    world.at(date(2027, 1, 2))
    with pytest.raises(PermissionDenied):
        run_lifecycle(world.service, "nobody")
    assert expired_refs(world, acting="admin") == [tender]


def test_a_day_after_today_is_refused(world: World) -> None:
    world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    head = world.service.log.head()
    with pytest.raises(InputError, match="future"):
        run_lifecycle(world.service, "budi", date(2027, 1, 2))
    assert world.service.log.head() == head


def test_a_case_expired_by_someone_else_meanwhile_is_skipped_and_the_run_goes_on(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    second = world.decreed("Rencana lelang aset", "17e1", until("2026-12-31"))
    world.at(NEW_YEAR)
    other = world.other_service()
    real_act = world.service.act

    def act_after_a_colleague(acting: str | None, ref: str, *a: Any) -> Any:
        if ref == first and other.get_case(ref).state is CaseState.DECREED:
            other.act("rina", ref, "expire", {"as_of": NEW_YEAR, "note": "Dicatat manual."})
        return real_act(acting, ref, *a)

    monkeypatch.setattr(world.service, "act", act_after_a_colleague)
    try:
        report = run_lifecycle(world.service, "budi")
    finally:
        other.log.close()
    assert [o.item.ref for o in report.skipped] == [first]
    assert "expired" in report.skipped[0].detail
    assert [o.item.ref for o in report.expired] == [second]
    assert report.ok
    assert [e.actor for e in world.service.history(first)].count("rina") == 1


def test_a_conflict_on_append_is_skipped_when_the_case_was_expired_meanwhile(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    second = world.decreed("Rencana lelang aset", "17e1", until("2026-12-31"))
    world.at(NEW_YEAR)
    other = world.other_service()
    log = world.service.log
    real_append = log.append
    raced: list[str] = []

    def append_after_a_colleague(batches: Any, *a: Any, **kw: Any) -> Any:
        subject = batches[0].subject
        if not raced and subject.endswith(first):
            raced.append(subject)
            other.act("rina", first, "expire", {"as_of": NEW_YEAR, "note": "Dicatat manual."})
        return real_append(batches, *a, **kw)

    monkeypatch.setattr(log, "append", append_after_a_colleague)
    try:
        report = run_lifecycle(world.service, "budi")
    finally:
        other.log.close()
    assert raced
    assert [o.item.ref for o in report.skipped] == [first]
    assert "ConflictError" in report.skipped[0].detail
    assert [o.item.ref for o in report.expired] == [second]
    assert report.ok
    assert log.verify_chain().ok


def test_a_case_that_fails_for_another_reason_fails_the_run_but_not_the_others(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    second = world.decreed("Rencana lelang aset", "17e1", until("2026-12-31"))
    world.at(NEW_YEAR)
    real_act = world.service.act

    def refuse_one(acting: str | None, ref: str, *a: Any) -> Any:
        if ref == first:
            raise InputError("payload of 'expire'", "rusak / broken")
        return real_act(acting, ref, *a)

    monkeypatch.setattr(world.service, "act", refuse_one)
    report = run_lifecycle(world.service, "budi")
    assert not report.ok
    assert [(o.item.ref, o.status) for o in report.failed] == [(first, "failed")]
    assert "broken" in report.failed[0].detail
    assert [o.item.ref for o in report.expired] == [second]
    assert world.state(first) is CaseState.DECREED


def test_repeated_conflicts_on_a_case_still_due_are_skipped_for_the_next_run(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    tender = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    world.at(NEW_YEAR)

    def always_conflict(acting: str | None, ref: str, *a: Any) -> Any:
        raise ConflictError(f"case:{ref}", 9, 10)

    monkeypatch.setattr(world.service, "act", always_conflict)
    report = run_lifecycle(world.service, "budi")
    assert report.ok
    assert [o.item.ref for o in report.skipped] == [tender]
    assert "next run" in report.skipped[0].detail
    monkeypatch.undo()
    assert expired_refs(world) == [tender]


def test_a_decreed_revision_behind_a_retest_in_progress_expires(world_both: World) -> None:
    world = world_both
    tender = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    retest = world.service.act(
        "siti", tender, "retest", {"reason": "Perpanjangan", "trigger": {"kind": "proactive"}}
    )
    world.at(NEW_YEAR)
    assert expired_refs(world) == [tender]
    assert world.state(tender) is CaseState.EXPIRED
    assert world.state(retest.ref) is CaseState.DRAFT
    # The retest goes on from the expired revision (Pasal 20: closed again by a new test).
    assert world.case(retest.ref).previous_revision == 1


def test_the_case_list_still_shows_the_retest_after_its_old_revision_expires(
    world: World,
) -> None:
    tender = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    retest = world.service.act(
        "siti", tender, "retest", {"reason": "Perpanjangan", "trigger": {"kind": "proactive"}}
    )
    world.at(NEW_YEAR)
    run_lifecycle(world.service, "budi")
    assert [s.ref for s in world.service.list_cases()] == [retest.ref]


def test_the_scan_folds_nothing_when_the_index_carries_the_period(
    world_both: World, index_kind: str
) -> None:
    """Without the period in the index (the service as it stands) each decreed row is
    folded once; with it, none (the cases due are folded by ``service.act`` alone)."""
    world = world_both
    for n in range(4):
        world.decreed(f"Dokumen lelang {n}", "17b", until("2027-06-30"))
    world.decreed("Rekam medis pegawai", "17h2", PERMANENT)
    carries_period = all("period_kind" in e.data for e in world.service.log.index("case"))
    if index_kind == "period-index":
        assert carries_period
    scan = scan_periods(world.service)
    assert len(scan.items) == 4
    assert scan.folded == (0 if carries_period else 5)


def test_the_service_index_fields_match_the_lifecycle_when_present(world: World) -> None:
    tender = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    entry = service_module.case_index_entry(world.case(tender))
    if "period_kind" not in entry.data:
        pytest.skip("service.case_index_entry does not carry the period yet")
    fields = period_index_fields(world.case(tender))
    assert {k: entry.data[k] for k in fields} == fields
