"""New case ids are numbered inside the append transaction, so openers at once never clash.

:meth:`~ujikon.store.sql.SqlEventLog.append_numbered` picks the next number of a prefix
after the chain-head lock (SQLite: ``BEGIN IMMEDIATE``) and writes what the builder
makes of it in the same transaction. Checked on the store alone, then through
:meth:`~ujikon.service.cases.Service.open_case` and ``import_case`` from many threads and from
separate processes (``spawn``), on SQLite and PostgreSQL: every open succeeds, the ids
are consecutive from 0001, and the chain verifies.
"""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from toolkit import SAMPLES, Clock, add_users, make_service

from ujikon.domain.events import GENESIS_HASH, NewEvent
from ujikon.errors import ConflictError, RuleViolation
from ujikon.law import load_catalogue
from ujikon.service.caseplan import load_plan
from ujikon.service.cases import Service
from ujikon.store import AppendBatch, AppendPlan, IndexEntry, SqlEventLog, open_store
from ujikon.store.api import SearchDoc

SPAWN = multiprocessing.get_context("spawn")
WAIT_S = 120
PROACTIVE = {"trigger": {"kind": "proactive"}}


def _event(subject: str, n: int = 0) -> NewEvent:
    return NewEvent(
        subject=subject,
        action="case.opened",
        actor="siti",
        role="officer",
        recorded_at=datetime.now(UTC),
        payload={"n": n},
    )


def _opening(prefix: str, into: list[int]) -> Callable[[int], AppendPlan]:
    """A builder that opens ``{prefix}{number:04d}/1`` and notes the number."""

    def build(number: int) -> AppendPlan:
        into.append(number)
        subject = f"{prefix}{number:04d}/1"
        return AppendPlan(
            [AppendBatch(subject, 0, [_event(subject, number)])],
            [IndexEntry("case", subject, "draft")],
        )

    return build


# -- the store ---------------------------------------------------------------------------


def test_append_numbered_starts_at_one_and_follows_the_highest(event_log: SqlEventLog) -> None:
    got: list[int] = []
    event_log.append_numbered("case:UK-2026-", _opening("case:UK-2026-", got))
    assert got == [1]
    for subject in (
        "case:UK-2026-0007/1",
        "case:UK-2026-0007/2",  # a later revision keeps its number
        "case:UK-2026-0003/1",
        "case:UK-2025-0042/1",  # another year
        "case:uk-2026-0099/1",  # another prefix (SQLite's LIKE would take it)
        "case:UK-2026-xyz",  # no number
        "case:UK-2026",  # shorter than the prefix
    ):
        event_log.append([AppendBatch(subject, 0, [_event(subject)])])
    event_log.append_numbered("case:UK-2026-", _opening("case:UK-2026-", got))
    event_log.append_numbered("case:UK-2025-", _opening("case:UK-2025-", got))
    event_log.append_numbered("case:X_", _opening("case:X_", got))  # `_` is no wildcard
    assert got == [1, 8, 43, 1]
    assert event_log.version("case:UK-2026-0008/1") == 1
    assert [e.key for e in event_log.index("case")] == [
        "case:UK-2025-0043/1",
        "case:UK-2026-0001/1",
        "case:UK-2026-0008/1",
        "case:X_0001/1",
    ]
    assert event_log.verify_chain().ok


def test_append_numbered_counts_past_four_digits(event_log: SqlEventLog) -> None:
    subject = "case:UK-2026-9999/1"
    event_log.append([AppendBatch(subject, 0, [_event(subject)])])
    got: list[int] = []
    event_log.append_numbered("case:UK-2026-", _opening("case:UK-2026-", got))
    event_log.append_numbered("case:UK-2026-", _opening("case:UK-2026-", got))
    assert got == [10000, 10001]


def test_append_numbered_sees_numbers_another_writer_stored(store_url: str) -> None:
    got: list[int] = []
    with open_store(store_url, create=True) as first, open_store(store_url) as second:
        first.append_numbered("case:UK-2026-", _opening("case:UK-2026-", got))
        subject = "case:UK-2026-0041/1"  # e.g. an import that numbered on its own
        second.append([AppendBatch(subject, 0, [_event(subject)])])
        first.append_numbered("case:UK-2026-", _opening("case:UK-2026-", got))
        second.append_numbered("case:UK-2026-", _opening("case:UK-2026-", got))
        first.append_numbered("case:UK-2026-", _opening("case:UK-2026-", got))
        assert got == [1, 42, 43, 44]


def _replace_log(log: SqlEventLog, subjects: list[str]) -> None:
    """Empty the log behind its back (as a restore of another database would), then store
    one event for each of ``subjects``."""
    with log.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM events"))
        conn.execute(sa.text("UPDATE chain_head SET seq = 0, hash = :h"), {"h": GENESIS_HASH})
    for subject in subjects:
        log.append([AppendBatch(subject, 0, [_event(subject, 99)])])


def test_append_numbered_rereads_a_log_that_was_replaced(event_log: SqlEventLog) -> None:
    got: list[int] = []
    event_log.append([AppendBatch("user:siti", 0, [_event("user:siti")])])
    event_log.append_numbered("case:UK-2026-", _opening("case:UK-2026-", got))
    event_log.append_numbered("case:UK-2026-", _opening("case:UK-2026-", got))
    assert got == [1, 2]
    # Longer than before, but another event at every seq: all is read again.
    _replace_log(event_log, ["case:UK-2026-0007/1", "user:budi", "user:rina", "user:agus"])
    event_log.append_numbered("case:UK-2026-", _opening("case:UK-2026-", got))
    # Shorter than before.
    _replace_log(event_log, ["case:UK-2026-0003/1"])
    event_log.append_numbered("case:UK-2026-", _opening("case:UK-2026-", got))
    assert got == [1, 2, 8, 4]


def test_append_numbered_writes_search_documents_in_the_same_transaction(
    event_log: SqlEventLog,
) -> None:
    def build(number: int) -> AppendPlan:
        subject = f"case:UK-2026-{number:04d}/1"
        return AppendPlan(
            [AppendBatch(subject, 0, [_event(subject)])],
            search=[SearchDoc("case", f"UK-2026-{number:04d}/1", "Rekam medis", "pegawai")],
        )

    stored = event_log.append_numbered("case:UK-2026-", build)
    assert [e.subject for e in stored] == ["case:UK-2026-0001/1"]
    assert [hit.key for hit in event_log.search("case", ["rekam"])] == ["UK-2026-0001/1"]


def test_append_numbered_stores_nothing_when_the_builder_raises(event_log: SqlEventLog) -> None:
    def refuse(number: int) -> AppendPlan:
        raise RuleViolation("ground-needs-item", "Pasal 17", f"tidak {number}", f"not {number}")

    with pytest.raises(RuleViolation):
        event_log.append_numbered("case:UK-2026-", refuse)
    assert event_log.head().seq == 0
    got: list[int] = []
    event_log.append_numbered("case:UK-2026-", _opening("case:UK-2026-", got))
    assert got == [1]


def test_append_numbered_still_checks_the_versions_of_other_subjects(
    event_log: SqlEventLog,
) -> None:
    event_log.append([AppendBatch("user:siti", 0, [_event("user:siti")])])

    def build(number: int) -> AppendPlan:
        subject = f"case:UK-2026-{number:04d}/1"
        return AppendPlan(
            [
                AppendBatch(subject, 0, [_event(subject)]),
                AppendBatch("user:siti", 0, [_event("user:siti")]),  # stale
            ]
        )

    with pytest.raises(ConflictError) as clash:
        event_log.append_numbered("case:UK-2026-", build)
    assert (clash.value.expected, clash.value.actual) == (0, 1)
    assert event_log.head().seq == 1
    assert event_log.subjects("case:") == []


def test_append_numbered_refuses_an_empty_prefix_or_a_stray_event(event_log: SqlEventLog) -> None:
    with pytest.raises(ValueError, match="prefix"):
        event_log.append_numbered("", _opening("", []))

    def stray(number: int) -> AppendPlan:
        return AppendPlan([AppendBatch(f"case:UK-2026-{number:04d}/1", 0, [_event("case:X")])])

    with pytest.raises(ValueError, match="in the batch of"):
        event_log.append_numbered("case:UK-2026-", stray)
    assert event_log.head().seq == 0


def test_append_numbered_from_many_threads_never_repeats(event_log: SqlEventLog) -> None:
    threads, each = 8, 10
    got: list[int] = []
    errors: list[str] = []
    barrier = threading.Barrier(threads)

    def work() -> None:
        try:
            barrier.wait(timeout=WAIT_S)
            for _ in range(each):
                event_log.append_numbered("case:UK-2026-", _opening("case:UK-2026-", got))
        except BaseException:
            errors.append(traceback.format_exc())

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=WAIT_S)
    assert not errors, "\n".join(errors)
    assert sorted(got) == list(range(1, threads * each + 1))
    assert len(event_log.subjects("case:UK-2026-")) == threads * each
    assert event_log.verify_chain().ok


# -- the service -------------------------------------------------------------------------


def test_a_withdrawn_case_keeps_its_number(store_url: str) -> None:
    service = make_service(store_url)
    try:
        add_users(service)
        first = service.open_case("siti", PROACTIVE)
        service.act("siti", first.ref, "withdraw", {"reason": "Salah buka"})
        second = service.open_case("siti", PROACTIVE)
        assert (first.case_id, second.case_id) == ("UK-2026-0001", "UK-2026-0002")
        assert {row.case_id for row in service.list_cases()} == {"UK-2026-0001", "UK-2026-0002"}
    finally:
        service.log.close()


def test_opens_and_imports_from_many_threads_all_get_consecutive_ids(store_url: str) -> None:
    service = make_service(store_url)
    try:
        add_users(service)
        plan = load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml")
        threads, each = 10, 4
        ids: list[str] = []
        errors: list[str] = []
        barrier = threading.Barrier(threads)

        def work(position: int) -> None:
            try:
                barrier.wait(timeout=WAIT_S)
                for _ in range(each):
                    if position % 2:
                        ids.append(service.import_case("siti", plan).case_id)
                    else:
                        ids.append(service.open_case("wulan", PROACTIVE).case_id)
            except BaseException:
                errors.append(traceback.format_exc())

        workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=WAIT_S)
        assert not errors, "\n".join(errors)
        expected = [f"UK-2026-{n:04d}" for n in range(1, threads * each + 1)]
        assert sorted(ids) == expected
        assert [row.case_id for row in service.list_cases()] == expected
        report = service.log.verify_chain()
        assert report.ok, report.reason
    finally:
        service.log.close()


def _open_many(url: str, who: str, count: int, barrier: Any, results: Any) -> None:
    """Open ``count`` cases as ``who`` through a service of this process's own."""
    try:
        service = Service(open_store(url), load_catalogue(), clock=Clock())
        try:
            barrier.wait(timeout=WAIT_S)
            ids = [service.open_case(who, PROACTIVE).case_id for _ in range(count)]
            results.put(("ok", who, ids))
        finally:
            service.log.close()
    except BaseException:
        results.put(("error", who, traceback.format_exc()))


@pytest.mark.slow
def test_openers_in_separate_processes_all_succeed_with_consecutive_ids(store_url: str) -> None:
    service = make_service(store_url)
    try:
        add_users(service)
    finally:
        service.log.close()
    names, each = ["siti", "wulan", "agus", "rina"], 8
    barrier = SPAWN.Barrier(len(names))
    results = SPAWN.Queue()
    workers = [
        SPAWN.Process(target=_open_many, args=(store_url, name, each, barrier, results))
        for name in names
    ]
    for worker in workers:
        worker.start()
    try:
        outcomes = [results.get(timeout=WAIT_S * 2) for _ in workers]
    finally:
        for worker in workers:
            worker.join(timeout=WAIT_S)
            if worker.is_alive():  # pragma: no cover - only when something hangs
                worker.kill()
    errors = [outcome[2] for outcome in outcomes if outcome[0] == "error"]
    assert not errors, "\n".join(errors)
    ids = sorted(case_id for outcome in outcomes for case_id in outcome[2])
    assert ids == [f"UK-2026-{n:04d}" for n in range(1, len(names) * each + 1)]
    with open_store(store_url) as log:
        assert [entry.key for entry in log.index("case")] == ids
        report = log.verify_chain()
        assert report.ok, report.reason
