"""The DIK as it stood on a date, replayed from the log (see conftest for the timeline)."""

from __future__ import annotations

from datetime import date

import pytest
from register_support import T1, T2, T3, T4, Timeline

from ujikon.errors import InputError
from ujikon.service.register import dik_as_of


def ids(timeline: Timeline, as_of: date, **filters: str) -> list[str]:
    return timeline.ids(dik_as_of(timeline.service, as_of, **filters))


def test_nothing_is_in_the_register_before_the_first_decree(timeline: Timeline) -> None:
    assert ids(timeline, date(2026, 11, 30)) == []


def test_decreed_exemptions_enter_on_the_decree_date(timeline: Timeline) -> None:
    # W was decreed too but concluded open; N was approved and never decreed.
    assert ids(timeline, T1) == ["P", "U", "X", "O", "R"]


def test_a_case_decreed_later_is_not_in_an_earlier_register(timeline: Timeline) -> None:
    assert "L" not in ids(timeline, date(2027, 1, 10))
    assert "L" in ids(timeline, T2)


def test_an_until_date_period_runs_to_its_last_day_without_any_expiry_event(
    timeline: Timeline,
) -> None:
    assert "U" in ids(timeline, date(2026, 12, 31))
    assert "U" not in ids(timeline, date(2027, 1, 1))
    assert timeline.service.get_case(timeline.refs["U"]).state.value == "decreed"


def test_an_expired_case_leaves_on_the_day_of_its_expiry(timeline: Timeline) -> None:
    assert "X" in ids(timeline, date(2027, 1, 31))
    assert "X" not in ids(timeline, T3)


def test_an_overturned_case_leaves_on_the_day_of_the_ruling(timeline: Timeline) -> None:
    assert "O" in ids(timeline, date(2027, 1, 31))
    assert "O" not in ids(timeline, T3)


def test_a_retest_replaces_its_old_revision_only_once_decreed(timeline: Timeline) -> None:
    # Retested and approved on T2, but the old revision stands until the new one's decree.
    assert ids(timeline, T2) == ["P", "X", "O", "R", "L", "V"]
    later = dik_as_of(timeline.service, T3)
    assert timeline.ids(later) == ["P", "R2", "L", "V"]
    row = next(r for r in later if r.case_ref == timeline.refs["R2"])
    assert row.outcome == "partly_exempt"
    assert "Butir 3 (rencana mutasi)" in row.conclusion
    assert row.decree_number == timeline.numbers["SK4"]


def test_a_revoked_decree_takes_its_items_out_from_the_revocation(timeline: Timeline) -> None:
    assert "V" in ids(timeline, date(2027, 2, 28))
    assert "V" not in ids(timeline, T4)


def test_a_permanent_exemption_stays(timeline: Timeline) -> None:
    for day in (T1, T2, T3, T4, date(2040, 1, 1)):
        assert "P" in ids(timeline, day)


def test_today_matches_the_cases_as_they_stand(timeline: Timeline) -> None:
    today = timeline.service.today()
    assert ids(timeline, today) == ["P", "R2", "L"]


def test_rows_carry_the_annex_columns_and_the_decree(timeline: Timeline) -> None:
    (row,) = [r for r in dik_as_of(timeline.service, T1) if r.case_ref == timeline.refs["X"]]
    assert row.no == 3
    assert row.information == "Informasi dalam Berkas penyidikan PPNS"
    assert row.document == "Berkas penyidikan PPNS"
    assert row.owning_unit == "Satpol PP"
    assert row.grounds == ("17a1",)
    assert row.legal_basis == ("UU 14/2008 Pasal 17 huruf a angka 1",)
    assert row.consequence == "Kerugian nyata bila Berkas penyidikan PPNS dibuka."
    assert row.public_interest == "Akuntabilitas. Pertimbangan atas Berkas penyidikan PPNS."
    assert row.conclusion == "Dikecualikan"
    assert row.period == "Sampai penyidikan selesai, paling lambat 31 Desember 2030"
    assert row.period_end == date(2030, 12, 31)
    assert row.decree_number == timeline.numbers["SK1"]
    assert row.decree_date == T1
    assert row.as_json()["decree_date"] == "2026-12-01"


@pytest.mark.parametrize(
    ("unit", "expected"),
    [("BKPSDM", ["P", "L"]), ("  bkpsdm ", ["P", "L"]), ("Setda", ["R", "V"]), ("Nope", [])],
)
def test_filter_by_owning_unit(timeline: Timeline, unit: str, expected: list[str]) -> None:
    assert ids(timeline, T2, unit=unit) == expected


@pytest.mark.parametrize(
    ("ground", "expected"),
    [
        ("17h", ["P", "O", "L"]),
        ("Pasal 17 huruf h", ["P", "O", "L"]),
        ("17h2", ["P"]),
        ("17a", ["X"]),
        ("17i", ["R"]),
        ("17c", []),
    ],
)
def test_filter_by_ground_letter_or_item(
    timeline: Timeline, ground: str, expected: list[str]
) -> None:
    assert ids(timeline, T2, ground=ground) == expected


def test_filters_combine(timeline: Timeline) -> None:
    assert ids(timeline, T2, unit="BKPSDM", ground="17h5") == ["L"]


def test_an_unknown_ground_is_refused(timeline: Timeline) -> None:
    with pytest.raises(InputError, match="17x"):
        dik_as_of(timeline.service, T2, ground="17x")
