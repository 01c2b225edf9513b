"""``ujikon calendar …`` in-process (Typer's runner), on SQLite and PostgreSQL.

The runner's environment pins the look of the output and points ``UJIKON_DB`` at the
store under test, so every command of a test works on the same database.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from toolkit import BODY_NAME
from toolkit.cli import Cli, flat

from ujikon.domain.calendar import DAYS_OFF_SUBJECT
from ujikon.store import open_store


@pytest.fixture
def cli(store_url: str, tmp_path: Path) -> Cli:
    """A workspace whose store is at ``store_url``, with an admin and an officer (siti)."""
    users = [("siti", "officer", "Bagian Hukum")]
    return Cli.on(tmp_path / "ws", store_url, columns=120).init(users, body_name=BODY_NAME)


def _stored(store_url: str) -> int:
    log = open_store(store_url)
    try:
        return log.version(DAYS_OFF_SUBJECT)
    finally:
        log.close()


def test_deadline_prints_the_date_in_indonesian_and_english(cli: Cli) -> None:
    result = cli("calendar", "deadline", "--from", "2026-03-20", "--working-days", "10")
    text = flat(result.stdout)
    assert "Tenggat: Rabu, 8 April 2026" in text
    assert "Deadline: Wednesday, 8 April 2026" in text
    assert "Jumat, 20 Maret 2026 / Friday, 20 March 2026" in text
    assert "Hari Raya Idul Fitri / Eid al-Fitr" in text
    assert "Cuti bersama Hari Raya Idul Fitri 1447 Hijriah" in text
    assert "Wafat Yesus Kristus / Good Friday" in text
    assert "akhir pekan / weekend" in text
    assert "Peringatan" not in result.output


def test_deadline_as_json(cli: Cli) -> None:
    data = cli.json("calendar", "deadline", "--from", "2025-12-22", "--working-days", "10")
    assert data["due"] == "2026-01-08"
    assert (data["due_id"], data["due_en"]) == ("Kamis, 8 Januari 2026", "Thursday, 8 January 2026")
    assert data["period"] is None
    assert [s["date"] for s in data["skipped"] if not s["weekend"]] == [
        "2025-12-25",
        "2025-12-26",
        "2026-01-01",
    ]
    assert data["skipped"][1]["reason"].startswith("Cuti bersama Kelahiran Yesus Kristus")
    assert data["warnings"] == []


def test_deadline_of_a_statutory_period_names_its_article(cli: Cli) -> None:
    data = cli.json("calendar", "deadline", "--from", "2026-03-13", "--period", "request-answer")
    assert data["due"] == "2026-04-06"
    assert data["working_days"] == 10
    assert data["period"]["article"] == "UU 14/2008 Pasal 22 ayat (7)"
    text = flat(
        cli("calendar", "deadline", "--from", "2026-04-06", "--period", "request-extension").stdout
    )
    assert "Pasal 22 ayat (8)" in text
    assert "Tenggat: Rabu, 15 April 2026" in text


def test_deadline_into_a_year_without_cuti_bersama_warns(cli: Cli) -> None:
    result = cli("calendar", "deadline", "--from", "2026-12-22", "--working-days", "10")
    assert "Senin, 11 Januari 2027" in result.stdout
    assert "cuti bersama tahun 2027 belum tercatat" in flat(result.stderr)
    data = cli.json("calendar", "deadline", "--from", "2026-12-22", "--working-days", "10")
    assert data["missing_cuti_bersama_years"] == [2027]


@pytest.mark.parametrize(
    "options",
    [
        [],
        ["--working-days", "10", "--period", "request-answer"],
        ["--working-days", "-1"],
        ["--period", "keberatan"],
    ],
    ids=["neither", "both", "negative", "unknown-period"],
)
def test_deadline_needs_one_count(cli: Cli, options: list[str]) -> None:
    cli("calendar", "deadline", "--from", "2026-03-13", *options, code=2)


def test_days_off_lists_every_source(cli: Cli) -> None:
    data = cli.json("calendar", "days-off", "--year", "2026")
    by_day = {d["date"]: d for d in data["days_off"]}
    assert by_day["2026-03-19"]["source"] == "national"
    assert by_day["2026-03-19"]["name"] == "Hari Suci Nyepi"
    assert by_day["2026-03-18"]["source"] == "cuti_bersama"
    assert sum(d["source"] == "cuti_bersama" for d in data["days_off"]) == 8
    assert data["warnings"] == []
    text = flat(cli("calendar", "days-off", "--year", "2026").stdout)
    assert "libur nasional / national holiday" in text
    assert "cuti bersama / joint leave" in text


def test_days_off_of_a_year_without_cuti_bersama_warns(cli: Cli) -> None:
    data = cli.json("calendar", "days-off", "--year", "2027")
    assert {d["source"] for d in data["days_off"]} == {"national"}
    assert data["missing_cuti_bersama_years"] == [2027]


def test_an_admin_adds_a_day_off_and_the_deadline_moves(cli: Cli, store_url: str) -> None:
    before = cli.json("calendar", "deadline", "--from", "2026-03-13", "--working-days", "10")
    result = cli(
        "calendar", "add-day-off", "2026-04-01", "--reason", "Hari Jadi Kabupaten Sukamaju",
        user="admin",
    )  # fmt: skip
    assert "Rabu, 1 April 2026 / Wednesday, 1 April 2026" in flat(result.stdout)
    after = cli.json("calendar", "deadline", "--from", "2026-03-13", "--working-days", "10")
    assert (before["due"], after["due"]) == ("2026-04-06", "2026-04-07")
    reasons = {s["date"]: s["reason"] for s in after["skipped"]}
    assert reasons["2026-04-01"] == "Hari Jadi Kabupaten Sukamaju"
    listed = cli.json("calendar", "days-off", "--year", "2026")["days_off"]
    assert [d["date"] for d in listed if d["source"] == "body"] == ["2026-04-01"]
    assert _stored(store_url) == 1


def test_an_officer_adding_a_day_off_is_refused_and_nothing_is_stored(
    cli: Cli, store_url: str
) -> None:
    result = cli(
        "calendar", "add-day-off", "2026-04-01", "--reason", "Hari Jadi Kabupaten", user="siti",
        code=3,
    )  # fmt: skip
    text = flat(result.output)
    assert "admin-manages-workspace" in text
    assert "Only an admin may record the body's days off" in text
    assert _stored(store_url) == 0
    listed = cli.json("calendar", "days-off", "--year", "2026")["days_off"]
    assert not [d for d in listed if d["source"] == "body"]


def test_adding_a_day_off_needs_an_acting_user(cli: Cli, store_url: str) -> None:
    cli("calendar", "add-day-off", "2026-04-01", "--reason", "Hari Jadi", code=6)
    assert _stored(store_url) == 0


def test_a_weekend_day_off_is_an_input_error(cli: Cli, store_url: str) -> None:
    result = cli("calendar", "add-day-off", "2026-04-04", "--reason", "Sabtu", user="admin", code=2)
    assert "already not a working day" in flat(result.output)
    assert _stored(store_url) == 0
