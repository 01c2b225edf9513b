"""`ujikon case object` and `ujikon case answer-objection`: objections (keberatan,
UU 14/2008 Pasal 35-37) from the command line, with their working-day limits shown."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from cli_support import Cli, OpenCase, decree, flat, walk

from ujikon.domain.calendar import WorkingCalendar
from ujikon.service.calendar import CalendarDesk
from ujikon.service.cases import WIB
from ujikon.service.workspace import Workspace


def _today() -> date:
    """Today where the body is (WIB): the service's "today", not the machine's."""
    return datetime.now(WIB).date()


def _calendar(cli: Cli) -> WorkingCalendar:
    service = Workspace.locate(cli.workspace).open()
    try:
        today = _today()
        return CalendarDesk(service).view(range(today.year - 1, today.year + 2)).calendar
    finally:
        service.log.close()


def _decreed(ready: Cli, open_case: OpenCase) -> str:
    case_id = open_case()
    walk(ready, case_id, "siti")
    ready("case", "approve", case_id, "--comment", "Setuju", user="budi")
    decree(ready, case_id)
    return case_id


def _working_days_back(calendar: WorkingCalendar, n: int) -> date:
    """The day from which today is the ``n``-th working day."""
    day = _today()
    while calendar.working_days_between(day, _today()) < n:
        day -= timedelta(days=1)
    return day


def _object(cli: Cli, case_id: str, answer_date: date, **kw: str) -> list[str]:
    return [
        "case", "object", case_id, "--reference", kw.get("reference", "KEB-01/2026"),
        "--objector", "Forum Pemantau", "--answer-date", answer_date.isoformat(),
        "--answer-reference", "045.2/PPID", "--filed-on", _today().isoformat(),
        "--reasons", "Pemohon menilai informasi kesehatan menyangkut kelayakan jabatan.",
    ]  # fmt: skip


def test_cli_objection_recorded_with_its_answer_due(ready: Cli, open_case: OpenCase) -> None:
    case_id = _decreed(ready, open_case)
    calendar = _calendar(ready)
    answered = _working_days_back(calendar, 5)
    ready(*_object(ready, case_id, answered), user="budi")
    shown = ready.json("case", "show", case_id, user="budi")
    [objection] = shown["deadlines"]["objections"]
    due = calendar.add_working_days(_today(), 30)
    assert objection["answer_due"] == due.isoformat()
    assert objection["status"] == "ok" and objection["working_days_left"] == 30
    text = flat(ready("case", "show", case_id, user="budi").stdout)
    assert "Keberatan / Objection KEB-01/2026" in text and "Pasal 36(2)" in text
    [row] = [r for r in ready.json("case", "list", user="budi") if r["case_id"] == case_id]
    assert row["objections_pending"] == 1 and row["objection_answer_due"] == due.isoformat()


def test_cli_objection_on_working_day_31_is_refused_naming_the_article(
    ready: Cli, open_case: OpenCase
) -> None:
    case_id = _decreed(ready, open_case)
    before = ready.events(case_id)
    answered = _working_days_back(_calendar(ready), 31)
    refused = ready(*_object(ready, case_id, answered), user="budi", code=3)
    said = flat(refused.output)
    assert "objection-in-time" in said and "Pasal 36 ayat (1)" in said
    assert "hari kerja ke-31" in said and "Field: filed_on" in said
    assert ready.events(case_id) == before


def test_cli_officer_cannot_record_an_objection(ready: Cli, open_case: OpenCase) -> None:
    case_id = _decreed(ready, open_case)
    answered = _working_days_back(_calendar(ready), 2)
    refused = ready(*_object(ready, case_id, answered), user="siti", code=3)
    assert "role-may-act" in flat(refused.output)


def test_cli_head_orders_information_opened(ready: Cli, open_case: OpenCase) -> None:
    case_id = _decreed(ready, open_case)
    ready(*_object(ready, case_id, _working_days_back(_calendar(ready), 3)), user="budi")
    opened = ready.json(
        "case", "answer-objection", case_id, "--outcome", "opened",
        "--reference", "800/12/Setda/2026", "--date", _today().isoformat(),
        "--reasons", "Informasi menyangkut jabatan publik (Pasal 18 ayat (2)).",
        user="hendra",
    )  # fmt: skip
    assert opened["state"] == "overturned"
    assert opened["overturn"]["authority"] == "atasan_ppid"
    assert opened["overturn"]["ruling_reference"] == "800/12/Setda/2026"
    retest = ready(
        "case", "retest", case_id, "--reason", "Uji ulang", "--trigger", "proactive",
        user="siti", code=3,
    )  # fmt: skip
    assert "not-exemptible" in flat(retest.output)


def test_cli_upheld_objection_shows_the_dispute_window(ready: Cli, open_case: OpenCase) -> None:
    case_id = _decreed(ready, open_case)
    calendar = _calendar(ready)
    ready(*_object(ready, case_id, _working_days_back(calendar, 3)), user="budi")
    ready(
        "case", "answer-objection", case_id, "--objection", "keb-01/2026", "--outcome", "upheld",
        "--reference", "800/13/Setda/2026", "--date", _today().isoformat(),
        "--reasons", "Riwayat kesehatan tetap dilindungi.", user="hendra",
    )  # fmt: skip
    [objection] = ready.json("case", "show", case_id, user="budi")["deadlines"]["objections"]
    assert objection["outcome"] == "upheld" and objection["status"] == "answered"
    assert objection["dispute_due"] == calendar.add_working_days(_today(), 14).isoformat()
    assert "sengketa ke KI" in flat(ready("case", "show", case_id, user="budi").stdout)


def test_cli_answer_without_objection_named_needs_one_pending(
    ready: Cli, open_case: OpenCase
) -> None:
    case_id = _decreed(ready, open_case)
    refused = ready(
        "case", "answer-objection", case_id, "--outcome", "upheld", "--reference", "1",
        "--date", _today().isoformat(), "--reasons", "Tetap.", user="hendra", code=2,
    )  # fmt: skip
    assert "--objection" in flat(refused.output)
