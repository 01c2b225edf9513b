"""``ujikon audit log``: the history filtered by case, actor, role, action and WIB dates,
as a table, JSON or CSV -- streamed, never loaded whole."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from ujikon.domain.events import StoredEvent
from ujikon.errors import InputError
from ujikon.service.audit import LogFilter, event_row, iter_events

AUDITOR = "dewi"
"""The acting user of the reading commands: an auditor reads the whole log."""


def _seqs(ws: Any, **criteria: Any) -> list[int]:
    return [e.seq for e in iter_events(ws.log, LogFilter(**criteria))]


def _all(ws: Any) -> list[StoredEvent]:
    return list(ws.log.read_all())


def test_no_filter_is_the_whole_log_in_order(small: Any) -> None:
    assert _seqs(small) == list(range(1, small.log.head().seq + 1))


def test_by_case_every_revision_or_one(small: Any) -> None:
    events = _all(small)
    first = [e.seq for e in events if e.subject.startswith("case:UK-2026-0001/")]
    assert first and _seqs(small, case="UK-2026-0001") == first
    assert _seqs(small, case="uk-2026-0001/1") == first
    assert _seqs(small, case="UK-2026-0001/2") == []
    assert _seqs(small, case="UK-2026-0099") == []


def test_by_actor_role_and_action_prefix(small: Any) -> None:
    events = _all(small)
    assert _seqs(small, actor="wulan") == [e.seq for e in events if e.actor == "wulan"]
    assert _seqs(small, role="admin") == [e.seq for e in events if e.role == "admin"]
    cases = [e.seq for e in events if e.action.startswith("case.")]
    assert _seqs(small, action="case.") == cases
    assert _seqs(small, action="case.withdrawn") == [
        e.seq for e in events if e.action == "case.withdrawn"
    ]
    both = _seqs(small, actor="siti", action="case.identified")
    assert len(both) == 1


def test_by_wib_dates(small: Any) -> None:
    before = small.log.head().seq
    small.clock.next_day()  # 26 November 2026
    small.service.open_case("siti", {"trigger": {"kind": "proactive"}, "summary": "Besok"})
    small.clock.next_day()  # 27 November 2026
    small.service.open_case("agus", {"trigger": {"kind": "proactive"}, "summary": "Lusa"})
    day1, day2, day3 = date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)
    assert _seqs(small, since=day1, until=day1) == list(range(1, before + 1))
    assert _seqs(small, since=day2, until=day2) == [before + 1]
    assert _seqs(small, since=day2) == [before + 1, before + 2]
    assert _seqs(small, until=day2) == list(range(1, before + 2))
    assert _seqs(small, since=day3, actor="siti") == []


def test_a_wib_day_starts_at_midnight_jakarta_time() -> None:
    flt = LogFilter(since=date(2026, 11, 25), until=date(2026, 11, 25))
    assert flt.start is not None and flt.start.isoformat() == "2026-11-24T17:00:00+00:00"
    assert flt.end is not None and flt.end.isoformat() == "2026-11-25T17:00:00+00:00"


@pytest.mark.parametrize(
    ("criteria", "where"),
    [
        ({"case": "bukan-kasus"}, "--case"),
        ({"role": "boss"}, "--role"),
        ({"since": date(2026, 12, 1), "until": date(2026, 11, 1)}, "--since/--until"),
    ],
)
def test_bad_criteria_are_input_errors(criteria: dict[str, Any], where: str) -> None:
    with pytest.raises(InputError) as caught:
        LogFilter(**criteria)
    assert caught.value.where == where


class _CountingLog:
    """A log that counts how many events it has handed out."""

    def __init__(self, log: Any) -> None:
        self.log = log
        self.given = 0

    def read_all(self, after_seq: int = 0, batch_size: int = 1000) -> Iterator[StoredEvent]:
        for event in self.log.read_all(after_seq, batch_size):
            self.given += 1
            yield event


def test_filtering_streams(small: Any) -> None:
    counting = _CountingLog(small.log)
    stream = iter_events(counting, LogFilter(action="user."), batch_size=3)  # type: ignore[arg-type]
    first = next(stream)
    assert first.seq == 1 and counting.given == 1
    rest = list(stream)
    assert counting.given == small.log.head().seq
    assert [e.action for e in [first, *rest]] == ["user.added"] * 8


# -- the command ----------------------------------------------------------------------


def test_table(small: Any) -> None:
    result = small.cli("--as", AUDITOR, "audit", "log", "--actor", "wulan", COLUMNS="200")
    text = small.flat(result.stdout)
    count = len(_seqs(small, actor="wulan"))
    assert f"Log audit / audit log ({count} event)" in text
    for header in ("Seq", "Waktu (WIB) / Time", "Aksi / Action", "Dari→ke / From→to", "Hash"):
        assert header in text
    assert "wulan (officer)" in text
    assert "2026-11-25 09:00:" in text  # 02:00 UTC is 09:00 WIB
    withdrawn = next(e for e in _all(small) if e.action == "case.withdrawn")
    assert withdrawn.hash[:10] in text
    assert "case.withdrawn case:UK-2026-0002/1 draft→withdrawn" in text
    narrow = small.flat(small.cli("--as", AUDITOR, "audit", "log", "--actor", "wulan").stdout)
    assert withdrawn.hash[:10] in narrow, "seq, time and hash are never folded"


def test_json_is_the_rows_of_the_use_case(small: Any) -> None:
    data = small.cli_json("--as", AUDITOR, "audit", "log", "--case", "UK-2026-0002")
    expected = [
        json.loads(json.dumps(event_row(e), default=str))
        for e in iter_events(small.log, LogFilter(case="UK-2026-0002"))
    ]
    assert data == expected
    assert [(r["from"], r["to"]) for r in data] == [
        ("draft", "draft"),
        ("draft", "withdrawn"),
    ]
    assert small.cli_json("--as", AUDITOR, "audit", "log", "--actor", "nobody") == []


def test_csv_to_a_file_and_to_stdout(small: Any, tmp_path: Any) -> None:
    target = tmp_path / "log.csv"
    result = small.cli("--as", AUDITOR, "audit", "log", "--role", "officer", "--csv", str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    officer = _seqs(small, role="officer")
    assert [int(r["seq"]) for r in rows] == officer
    assert f"{len(officer)} event ditulis ke / events written to" in result.stdout
    assert {r["role"] for r in rows} == {"officer"}
    assert json.loads(rows[0]["payload"])["data"]["case_id"] == "UK-2026-0001"
    assert len(rows[0]["hash"]) == 64
    assert not list(tmp_path.glob(".*.tmp"))

    piped = small.cli("--as", AUDITOR, "audit", "log", "--role", "officer", "--csv", "-")
    assert [int(r["seq"]) for r in csv.DictReader(io.StringIO(piped.stdout))] == officer


def test_bad_options(small: Any, tmp_path: Any) -> None:
    assert (
        small.cli("--as", AUDITOR, "audit", "log", "--json", "--csv", "x.csv", code=2).exit_code
        == 2
    )
    text = small.flat(
        small.cli("--as", AUDITOR, "audit", "log", "--since", "25/11/2026", code=2).output
    )
    assert "--since" in text and "YYYY-MM-DD" in text
    assert "--role" in small.flat(
        small.cli("--as", AUDITOR, "audit", "log", "--role", "boss", code=2).output
    )
    missing = tmp_path / "no" / "such" / "log.csv"
    small.cli("--as", AUDITOR, "audit", "log", "--csv", str(missing), code=2)
