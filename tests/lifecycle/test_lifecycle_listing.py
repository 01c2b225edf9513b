"""What ends next: the 0-30 and 31-90 day lists, and the cases that wait on a condition."""

from __future__ import annotations

from datetime import date

from lifecycle_support import PERMANENT, World, until, until_condition

from ujikon.service.lifecycle import run_lifecycle

AS_OF = date(2026, 12, 1)


def test_the_windows_count_days_to_the_last_day_with_both_boundaries_in(
    world_both: World,
) -> None:
    world = world_both
    refs = {
        days: world.decreed(f"Dokumen {days} hari", "17b", until(end))
        for days, end in [
            (91, "2027-03-02"),
            (0, "2026-12-01"),
            (30, "2026-12-31"),
            (90, "2027-03-01"),
            (31, "2027-01-01"),
        ]
    }
    world.at(AS_OF)
    report = run_lifecycle(world.service, "budi")
    assert report.expired == []
    (first, last, soon), (first2, last2, later) = report.windows
    assert (first, last, first2, last2) == (0, 30, 31, 90)
    assert [i.ref for i in soon] == [refs[0], refs[30]]
    assert [i.ref for i in later] == [refs[31], refs[90]]
    assert [i.days_left(AS_OF) for i in soon + later] == [0, 30, 31, 90]
    assert refs[91] not in {i.ref for i in report.ending}


def test_the_lists_show_case_title_unit_grounds_and_the_indonesian_date(world: World) -> None:
    tender = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-25"), by="wulan")
    world.at(AS_OF)
    doc = run_lifecycle(world.service, "budi").as_json()
    assert doc["as_of"] == "2026-12-01" and doc["as_of_id"] == "1 Desember 2026"
    assert doc["ok"] is True and doc["expired"] == []
    (row,) = doc["ending_in_0_30_days"]
    assert row == {
        "case": tender,
        "title": "Dokumen penawaran tender",
        "unit": "BPKAD",
        "grounds": ["17b"],
        "period_kind": "until_date",
        "end_date": "2026-12-25",
        "end_date_id": "25 Desember 2026",
        "days_left": 24,
        "condition": None,
    }
    assert doc["ending_in_31_90_days"] == []
    assert doc["check_condition"] == []


def test_end_conditions_are_listed_to_check_and_their_latest_date_counts_as_ending(
    world_both: World,
) -> None:
    world = world_both
    land = world.decreed(
        "Rencana pengadaan tanah",
        "17e4",
        until_condition("Sampai penetapan lokasi diumumkan", "2026-12-20"),
    )
    inquiry = world.decreed(
        "Berkas penyidikan PPNS",
        "17a1",
        until_condition("Sampai penyidikan dihentikan", "2030-12-31"),
    )
    world.decreed("Rekam medis pegawai", "17h2", PERMANENT)
    world.at(AS_OF)
    report = run_lifecycle(world.service, "budi")
    assert report.expired == []
    assert [i.ref for i in report.conditions] == [land, inquiry]
    assert [i.condition for i in report.conditions] == [
        "Sampai penetapan lokasi diumumkan",
        "Sampai penyidikan dihentikan",
    ]
    assert [i.ref for i in report.ending] == [land]
    doc = report.as_json()
    assert [r["end_date_id"] for r in doc["check_condition"]] == [
        "20 Desember 2026",
        "31 Desember 2030",
    ]


def test_what_was_expired_is_not_listed_again(world: World) -> None:
    tender = world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31"))
    auction = world.decreed("Rencana lelang aset", "17e1", until("2027-01-20"))
    world.at(date(2027, 1, 1))
    report = run_lifecycle(world.service, "budi")
    assert [o.item.ref for o in report.expired] == [tender]
    assert [i.ref for i in report.ending] == [auction]
    assert report.ending[0].days_left(report.as_of) == 19
