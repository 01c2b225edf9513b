"""The working-day calendar: its properties, scenarios that read like the law, the
shipped *cuti bersama*, and the body's own days off in the log (SQLite and PostgreSQL).

Every concrete date below was counted by hand on the calendar of the year (the national
holidays of the SKB, which the ``holidays`` package carries, and the cuti bersama of the
SKB / Keppres in ``ujikon/law/data/cuti_bersama.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from toolkit import add_users, make_service

from ujikon.domain.calendar import (
    DAY_OFF_ADDED,
    DAYS_OFF_SUBJECT,
    STATUTORY_PERIODS,
    BodyDayOff,
    DayOff,
    DayOffSource,
    PeriodKey,
    WorkingCalendar,
    statutory_deadline,
)
from ujikon.errors import ConflictError, InputError, RuleViolation
from ujikon.service.calendar import (
    CalendarDesk,
    load_cuti_bersama,
    national_holidays,
    parse_cuti_bersama,
)
from ujikon.service.cases import Service


def real_calendar(*years: int, extra: Iterable[DayOff] = ()) -> WorkingCalendar:
    """The calendar of ``years`` as ujikon ships it, plus ``extra`` days off."""
    shipped = load_cuti_bersama()
    return WorkingCalendar.of(
        [
            *national_holidays(years),
            *(d for y in years for d in shipped.days_off(y)),
            *extra,
        ]
    )


def body_day(day: date, reason: str = "Hari Jadi Kabupaten Sukamaju") -> DayOff:
    return DayOff(day, reason, DayOffSource.BODY)


SHIPPED_YEARS = (2024, 2025, 2026)
REAL = real_calendar(*SHIPPED_YEARS, 2027)
"""Built once: national holidays 2024-2027, cuti bersama 2024-2026."""

FIRST, LAST = date(2024, 1, 1), date(2026, 10, 31)
"""Starts whose periods (up to 60 working days) end within the shipped years."""

starts = st.dates(min_value=FIRST, max_value=LAST)
counts = st.integers(min_value=0, max_value=60)
random_calendars = st.frozensets(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)), max_size=200
).map(lambda days: WorkingCalendar(days))
calendars = st.one_of(st.just(REAL), random_calendars)


# -- properties ---------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(calendar=calendars, start=starts, n=st.integers(min_value=1, max_value=60))
def test_a_deadline_is_always_a_working_day(calendar: WorkingCalendar, start: date, n: int) -> None:
    due = calendar.add_working_days(start, n)
    assert calendar.is_working_day(due)
    assert due > start


@settings(max_examples=300, deadline=None)
@given(calendar=calendars, start=starts, n=counts)
def test_adding_n_then_counting_back_gives_n(
    calendar: WorkingCalendar, start: date, n: int
) -> None:
    due = calendar.add_working_days(start, n)
    assert calendar.working_days_between(start, due) == n
    assert calendar.working_days_between(due, start) == -n


@settings(max_examples=300, deadline=None)
@given(calendar=calendars, start=starts, n=counts)
def test_deadlines_grow_with_n(calendar: WorkingCalendar, start: date, n: int) -> None:
    assert calendar.add_working_days(start, n) < calendar.add_working_days(start, n + 1)


@settings(max_examples=200, deadline=None)
@given(calendar=calendars, a=starts, b=starts)
def test_counting_matches_a_day_by_day_count(calendar: WorkingCalendar, a: date, b: date) -> None:
    low, high = sorted((a, b))
    by_hand = sum(
        1
        for k in range(1, (high - low).days + 1)
        if calendar.is_working_day(low + timedelta(days=k))
    )
    assert calendar.working_days_between(low, high) == by_hand


@settings(max_examples=200, deadline=None)
@given(calendar=calendars, start=starts, n=counts)
def test_the_skipped_days_and_the_counted_days_fill_the_period(
    calendar: WorkingCalendar, start: date, n: int
) -> None:
    deadline = calendar.deadline(start, n)
    if n == 0:
        assert deadline.due == start and deadline.skipped == ()
        return
    assert n + len(deadline.skipped) == (deadline.due - start).days
    assert all(not calendar.is_working_day(s.day) for s in deadline.skipped)
    assert all(start < s.day < deadline.due for s in deadline.skipped)


@settings(max_examples=200, deadline=None)
@given(calendar=calendars, day=starts)
def test_next_working_day_is_the_first_on_or_after(calendar: WorkingCalendar, day: date) -> None:
    found = calendar.next_working_day(day)
    assert calendar.is_working_day(found)
    assert found >= day
    assert calendar.working_days_between(day, found) == (0 if found == day else 1)


# -- the calendar itself ------------------------------------------------------------------------


def test_weekends_and_days_off_are_not_working_days() -> None:
    calendar = WorkingCalendar(frozenset({date(2026, 11, 25)}), {date(2026, 11, 25): "Uji"})
    assert calendar.is_working_day(date(2026, 11, 24))
    assert not calendar.is_working_day(date(2026, 11, 25))
    assert calendar.reason_off(date(2026, 11, 25)) == "Uji"
    assert calendar.reason_off(date(2026, 11, 28)) == ""  # a plain Saturday
    assert calendar.reason_off(date(2026, 11, 24)) is None
    assert calendar.next_working_day(date(2026, 11, 28)) == date(2026, 11, 30)


def test_the_calendar_is_immutable_and_hashable() -> None:
    names = {date(2026, 11, 25): "Uji"}
    calendar = WorkingCalendar(frozenset(names), names)
    names[date(2026, 11, 25)] = "diubah"
    assert calendar.names[date(2026, 11, 25)] == "Uji"
    assert hash(calendar) == hash(WorkingCalendar(frozenset(names)))
    with pytest.raises(TypeError):
        calendar.names[date(2026, 11, 26)] = "x"  # type: ignore[index]


def test_a_name_for_a_working_day_is_refused() -> None:
    with pytest.raises(ValueError, match="not days off"):
        WorkingCalendar(frozenset(), {date(2026, 11, 25): "Uji"})


def test_a_period_cannot_be_counted_backwards() -> None:
    with pytest.raises(ValueError):
        REAL.add_working_days(date(2026, 11, 25), -1)


def test_two_sources_on_one_day_keep_both_names() -> None:
    christmas = date(2026, 12, 25)
    calendar = real_calendar(2026, extra=[body_day(christmas, "Libur kantor")])
    assert calendar.names[christmas] == "Hari Raya Natal / Christmas Day; Libur kantor"


def test_the_statutory_periods_are_those_of_the_law() -> None:
    table = {p.key: (p.working_days, p.article) for p in STATUTORY_PERIODS.values()}
    assert table == {
        PeriodKey.REQUEST_ANSWER: (10, "UU 14/2008 Pasal 22 ayat (7)"),
        PeriodKey.REQUEST_EXTENSION: (7, "UU 14/2008 Pasal 22 ayat (8)"),
        PeriodKey.OBJECTION_FILING: (30, "UU 14/2008 Pasal 35 dan Pasal 36 ayat (1)"),
        PeriodKey.OBJECTION_ANSWER: (30, "UU 14/2008 Pasal 36 ayat (2)"),
        PeriodKey.DISPUTE_FILING: (14, "UU 14/2008 Pasal 37 ayat (2)"),
    }


# -- scenarios that read like the law -----------------------------------------------------------


def test_a_request_received_on_the_friday_before_eid_is_due_on_8_april_2026() -> None:
    """Idul Fitri 1447 H fell on Saturday 21 and Sunday 22 March 2026. The Friday before,
    20 March, was itself cuti bersama (a request can still arrive, e.g. by e-mail). Day 0
    does not count, whatever it is; the days off that follow are 23-24 March (cuti
    bersama) and 3 April (Wafat Yesus Kristus); ten working days end on 8 April."""
    deadline = statutory_deadline(REAL, "request-answer", date(2026, 3, 20))
    assert deadline.due == date(2026, 4, 8)
    reasons = {s.day: s.reason for s in deadline.skipped}
    assert reasons[date(2026, 3, 21)].startswith("Hari Raya Idul Fitri")
    assert reasons[date(2026, 3, 23)].startswith("Cuti bersama Hari Raya Idul Fitri 1447")
    assert reasons[date(2026, 3, 24)].startswith("Cuti bersama Hari Raya Idul Fitri 1447")
    assert reasons[date(2026, 4, 3)].startswith("Wafat Yesus Kristus")
    assert reasons[date(2026, 3, 28)] == ""  # a plain Saturday


def test_a_request_received_on_the_last_working_friday_before_eid() -> None:
    """Received Friday 13 March 2026: two working days (16, 17 March), then eight days
    without one (18 cuti bersama Nyepi, 19 Nyepi, 20 cuti bersama, 21-22 Idul Fitri, 23-24
    cuti bersama), then 25 March... Ten working days end on Monday 6 April (3 April is
    Good Friday); the one extension of Pasal 22(8) adds seven more: Wednesday 15 April."""
    answer = statutory_deadline(REAL, PeriodKey.REQUEST_ANSWER, date(2026, 3, 13))
    assert answer.due == date(2026, 4, 6)
    assert [s.day for s in answer.skipped if not s.weekend] == [
        date(2026, 3, 18),
        date(2026, 3, 19),
        date(2026, 3, 20),
        date(2026, 3, 23),
        date(2026, 3, 24),
        date(2026, 4, 3),
    ]
    extended = statutory_deadline(REAL, PeriodKey.REQUEST_EXTENSION, answer.due)
    assert extended.due == date(2026, 4, 15)


def test_a_deadline_across_the_year_end_skips_christmas_cuti_bersama_and_new_year() -> None:
    """Received Monday 22 December 2025: 23, 24 December count; 25 (Natal) and 26
    (cuti bersama Natal) do not; 29-31 December count; 1 January 2026 does not; 2, 5, 6, 7
    and 8 January count: due Thursday 8 January 2026."""
    deadline = statutory_deadline(REAL, PeriodKey.REQUEST_ANSWER, date(2025, 12, 22))
    assert deadline.due == date(2026, 1, 8)
    assert [s.day for s in deadline.skipped if not s.weekend] == [
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2026, 1, 1),
    ]


def test_the_body_s_own_day_off_moves_a_deadline() -> None:
    start = date(2026, 3, 13)
    plain = statutory_deadline(REAL, PeriodKey.REQUEST_ANSWER, start)
    with_anniversary = statutory_deadline(
        REAL.with_days_off([body_day(date(2026, 4, 1))]), PeriodKey.REQUEST_ANSWER, start
    )
    assert (plain.due, with_anniversary.due) == (date(2026, 4, 6), date(2026, 4, 7))
    assert date(2026, 4, 1) in {s.day for s in with_anniversary.skipped}


def test_an_objection_answer_runs_thirty_working_days_across_the_year_end() -> None:
    """An objection received Monday 1 December 2025: 17 working days to 24 December, then
    25 (Natal) and 26 (cuti bersama) off, 29-31 December, 1 January 2026 off, then 2 and
    5-9 January, and the thirtieth on Thursday 15 January 2026 (the day before Isra
    Mikraj)."""
    deadline = statutory_deadline(REAL, PeriodKey.OBJECTION_ANSWER, date(2025, 12, 1))
    assert deadline.due == date(2026, 1, 15)
    assert REAL.working_days_between(date(2025, 12, 1), date(2025, 12, 24)) == 17


# -- the shipped cuti bersama -------------------------------------------------------------------


def test_the_shipped_years_each_name_their_decree() -> None:
    shipped = load_cuti_bersama()
    assert set(SHIPPED_YEARS) <= set(shipped.years)
    for entry in shipped.years.values():
        assert "SKB" in entry.decree or "Keputusan Presiden" in entry.decree
        assert entry.days


@pytest.mark.parametrize("year", SHIPPED_YEARS)
def test_the_shipped_cuti_bersama_agree_with_the_holidays_package(year: int) -> None:
    """Two independent readings of the same decrees: ours, and the ``holidays``
    package's "government" category."""
    ours = {d.day for d in load_cuti_bersama().days_off(year)}
    theirs = set(holidays.country_holidays("ID", years=year, categories=("government",)))
    assert ours == theirs


@pytest.mark.parametrize(
    ("day", "fault"),
    [
        ("2026-03-21", "weekend"),
        ("2025-12-26", "is not in 2026"),
    ],
)
def test_a_wrong_cuti_bersama_file_is_refused(day: str, fault: str) -> None:
    text = (
        "version: test\nyears:\n  2026:\n    decree: SKB Nomor 1 Tahun 2025\n"
        f"    days:\n      - {{date: {day}, name: Cuti bersama uji}}\n"
    )
    with pytest.raises(ValueError, match=fault):
        parse_cuti_bersama(text, "uji.yaml")


def test_a_day_listed_twice_is_refused() -> None:
    text = (
        "version: test\nyears:\n  2026:\n    decree: SKB Nomor 1 Tahun 2025\n    days:\n"
        "      - {date: 2026-03-20, name: Cuti bersama uji}\n"
        "      - {date: 2026-03-20, name: Cuti bersama uji}\n"
    )
    with pytest.raises(ValueError, match="twice"):
        parse_cuti_bersama(text, "uji.yaml")


# -- the body's days off, in the log (SQLite and PostgreSQL) ------------------------------------


@pytest.fixture
def service(store_url: str) -> Iterator[Service]:
    svc = make_service(store_url)
    add_users(svc)
    try:
        yield svc
    finally:
        svc.log.close()


def test_an_admin_records_a_day_off_and_deadlines_move(service: Service) -> None:
    desk = CalendarDesk(service)
    before, _ = desk.deadline(date(2026, 3, 13), period="request-answer")
    entry = desk.add_day_off("admin", {"day": date(2026, 4, 1), "reason": "HUT Kabupaten"})
    assert entry.source is DayOffSource.BODY
    after, _ = desk.deadline(date(2026, 3, 13), period="request-answer")
    assert (before.due, after.due) == (date(2026, 4, 6), date(2026, 4, 7))
    events = service.log.read(DAYS_OFF_SUBJECT)
    assert [(e.action, e.actor, e.subject_version) for e in events] == [(DAY_OFF_ADDED, "admin", 1)]
    assert events[0].payload == {"data": {"day": "2026-04-01", "reason": "HUT Kabupaten"}}
    desk.add_day_off("admin", {"day": date(2026, 4, 2), "reason": "Cuti tambahan daerah"})
    assert service.log.version(DAYS_OFF_SUBJECT) == 2
    view = desk.days_off(2026)
    assert [d.day for d in view.days_off if d.source is DayOffSource.BODY] == [
        date(2026, 4, 1),
        date(2026, 4, 2),
    ]


@pytest.mark.parametrize("who", ["siti", "rina", "hendra", "dewi"])
def test_only_an_admin_records_a_day_off(service: Service, who: str) -> None:
    desk = CalendarDesk(service)
    with pytest.raises(RuleViolation) as refused:
        desk.add_day_off(who, {"day": date(2026, 4, 1), "reason": "HUT Kabupaten"})
    assert refused.value.rule == "admin-manages-workspace"
    assert service.log.version(DAYS_OFF_SUBJECT) == 0
    assert desk.body_days_off() == []


@pytest.mark.parametrize(
    "day",
    [date(2026, 4, 4), date(2026, 4, 3), date(2026, 3, 23)],
    ids=["saturday", "national-holiday", "cuti-bersama"],
)
def test_a_day_that_is_already_off_is_not_recorded(service: Service, day: date) -> None:
    with pytest.raises(InputError, match="already not a working day"):
        CalendarDesk(service).add_day_off("admin", BodyDayOff(day=day, reason="Libur"))
    assert service.log.version(DAYS_OFF_SUBJECT) == 0


def test_a_stale_writer_gets_a_conflict_and_nothing_is_stored(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = CalendarDesk(service)
    stale = desk._body_state()
    desk.add_day_off("admin", {"day": date(2026, 4, 1), "reason": "HUT Kabupaten"})
    monkeypatch.setattr(desk, "_body_state", lambda: stale)
    with pytest.raises(ConflictError) as conflict:
        desk.add_day_off("admin", {"day": date(2026, 4, 2), "reason": "Libur daerah"})
    assert (conflict.value.expected, conflict.value.actual) == (0, 1)
    assert service.log.version(DAYS_OFF_SUBJECT) == 1


def test_a_deadline_into_a_year_without_cuti_bersama_says_so(service: Service) -> None:
    deadline, view = CalendarDesk(service).deadline(date(2026, 12, 22), 10)
    assert deadline.due == date(2027, 1, 11)
    assert view.missing_years == (2027,)
    _, within = CalendarDesk(service).deadline(date(2026, 3, 13), 10)
    assert within.missing_years == ()


def test_neither_or_both_of_days_and_period_is_an_input_error(service: Service) -> None:
    desk = CalendarDesk(service)
    with pytest.raises(InputError):
        desk.deadline(date(2026, 3, 13))
    with pytest.raises(InputError):
        desk.deadline(date(2026, 3, 13), 10, "request-answer")
    with pytest.raises(InputError, match="request-answer"):
        desk.deadline(date(2026, 3, 13), period="keberatan")
