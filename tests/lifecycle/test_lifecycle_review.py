"""The yearly review of the DIK: one retest per item in force on 1 January, once."""

from __future__ import annotations

from datetime import date

import pytest
from lifecycle_support import PERMANENT, World, until, until_condition

from ujikon.domain.payloads import TriggerKind
from ujikon.domain.states import CaseState
from ujikon.errors import InputError, PermissionDenied
from ujikon.service.lifecycle import review_reason, start_review


def _register(world: World) -> dict[str, str]:
    """Items of three units, and cases that are not in the register on 1 January 2027."""
    refs = {
        "medical": world.decreed("Rekam medis pegawai", "17h2", PERMANENT, by="siti"),
        "auction": world.decreed("Rencana lelang aset", "17e1", until("2027-06-30"), by="wulan"),
        "inquiry": world.decreed(
            "Berkas penyidikan PPNS",
            "17a1",
            until_condition("Sampai penyidikan dihentikan", "2030-12-31"),
            by="wulan",
        ),
        "accounts": world.decreed("Rekening penerima bansos", "17h3", PERMANENT, by="agus"),
        # Not in force on 1 January 2027:
        "tender": world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31")),
        "contract": world.decreed("Kontrak pekerjaan jalan", "17b", None, outcome="open"),
        "minutes": world.approved("Daftar hadir rapat", "17i", PERMANENT),
    }
    world.at(date(2027, 1, 4))
    return refs


REVIEWED = ("medical", "auction", "inquiry", "accounts")


def test_the_review_opens_one_retest_per_item_in_force_and_keeps_units(world: World) -> None:
    refs = _register(world)
    report = start_review(world.service, "budi", 2027)
    assert report.ok and report.skipped == []
    assert sorted(o.item.ref for o in report.opened) == sorted(refs[k] for k in REVIEWED)
    assert report.by_unit() == [
        ("BPKAD", 2, 0, 0),
        ("Bagian Hukum", 1, 0, 0),
        ("Dinas Sosial", 1, 0, 0),
    ]
    for outcome in report.opened:
        old = world.case(outcome.item.ref)
        assert outcome.new_ref is not None
        new = world.case(outcome.new_ref)
        assert (new.revision, new.previous_revision, new.state) == (2, 1, CaseState.DRAFT)
        assert new.unit == old.unit == outcome.item.unit
        assert new.retest_reason == "Reviu tahunan DIK 2027" == review_reason(2027)
        assert new.trigger.kind is TriggerKind.PROACTIVE and "2027" in new.trigger.note
        assert new.opened_by == "budi"
        assert old.state is CaseState.DECREED and old.next_revision == 2
    for key in ("tender", "contract", "minutes"):
        assert world.case(refs[key]).next_revision is None


def test_a_second_run_opens_nothing_and_reports_each_item_skipped(world_both: World) -> None:
    world = world_both
    _register(world)
    first = start_review(world.service, "budi", 2027)
    events = world.events()
    again = start_review(world.service, "budi", 2027)
    assert again.ok and again.opened == []
    assert sorted(o.item.ref for o in again.skipped) == sorted(o.item.ref for o in first.opened)
    assert all("already opened" in o.detail for o in again.skipped)
    assert [(u, o, s) for u, o, s, _ in again.by_unit()] == [
        ("BPKAD", 0, 2),
        ("Bagian Hukum", 0, 1),
        ("Dinas Sosial", 0, 1),
    ]
    assert world.events() == events


def test_a_case_with_another_retest_under_way_is_skipped_not_doubled(world: World) -> None:
    refs = _register(world)
    other = world.service.act(
        "siti",
        refs["medical"],
        "retest",
        {"reason": "Permohonan baru", "trigger": {"kind": "proactive"}},
    )
    report = start_review(world.service, "budi", 2027)
    skipped = {o.item.ref: o.detail for o in report.skipped}
    assert list(skipped) == [refs["medical"]]
    assert other.ref in skipped[refs["medical"]]
    assert len(report.opened) == 3


def test_a_withdrawn_review_retest_is_not_opened_again(world: World) -> None:
    refs = _register(world)
    first = start_review(world.service, "budi", 2027)
    opened = next(o.new_ref for o in first.opened if o.item.ref == refs["accounts"])
    assert opened is not None
    world.service.act("budi", opened, "withdraw", {"reason": "Tidak perlu ditinjau."})
    again = start_review(world.service, "budi", 2027)
    assert again.opened == []
    detail = next(o.detail for o in again.skipped if o.item.ref == refs["accounts"])
    assert "withdrawn" in detail


def test_a_review_prepared_in_december_takes_what_will_be_in_force_on_1_january(
    world: World,
) -> None:
    tender = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    medical = world.decreed("Rekam medis pegawai", "17h2", PERMANENT)
    world.at(date(2026, 12, 15))
    report = start_review(world.service, "budi", 2027)
    assert [o.item.ref for o in report.opened] == [medical]
    assert world.case(tender).next_revision is None
    # The revision the review opened is not reviewed again by the same review.
    again = start_review(world.service, "budi", 2027)
    assert again.opened == [] and [o.item.ref for o in again.skipped] == [medical]


def test_an_item_no_longer_in_force_now_is_skipped(world: World) -> None:
    refs = _register(world)
    world.service.act(
        "budi",
        refs["accounts"],
        "overturn",
        {
            "authority": "komisi_informasi",
            "ruling_reference": "KI/01/2027",
            "ruling_date": "2027-01-04",
        },
    )
    report = start_review(world.service, "budi", 2027)
    detail = next(o.detail for o in report.skipped if o.item.ref == refs["accounts"])
    assert "overturned" in detail
    assert len(report.opened) == 3


@pytest.mark.parametrize("acting", ["siti", "dewi", "hendra", "admin"])
def test_only_the_ppid_utama_starts_the_review_and_a_refusal_stores_nothing(
    world: World, acting: str
) -> None:
    _register(world)
    head = world.service.log.head()
    with pytest.raises(PermissionDenied, match="PPID Utama"):
        start_review(world.service, acting, 2027)
    assert world.service.log.head() == head


def test_a_year_out_of_range_is_refused(world: World) -> None:
    with pytest.raises(InputError, match="--year"):
        start_review(world.service, "budi", 2029)
    with pytest.raises(InputError, match="--year"):
        start_review(world.service, "budi", 2009)
