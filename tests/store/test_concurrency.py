"""Appenders in separate processes: one wins a race, none forks the chain.

Real processes (``spawn``, as on Windows and macOS), each opening the store by URL,
released together by a barrier. Run on SQLite (``BEGIN IMMEDIATE``) and PostgreSQL
(the locked ``chain_head`` row).
"""

from __future__ import annotations

import multiprocessing
import traceback
from datetime import UTC, datetime
from typing import Any

import pytest

from ujikon.domain.events import NewEvent
from ujikon.errors import ConflictError
from ujikon.store import AppendBatch, open_store

SPAWN = multiprocessing.get_context("spawn")
WAIT_S = 120


def _event(subject: str, n: int, who: str) -> NewEvent:
    return NewEvent(
        subject=subject,
        action="case.identified",
        actor=who,
        role="officer",
        recorded_at=datetime.now(UTC),
        payload={"n": n, "oleh": who},
    )


def _race_one(url: str, who: str, barrier: Any, results: Any) -> None:
    """Append one event to ``case:RACE`` expecting version 1, right after the barrier."""
    try:
        log = open_store(url)
        try:
            barrier.wait(timeout=WAIT_S)
            try:
                stored = log.append([AppendBatch("case:RACE", 1, [_event("case:RACE", 1, who)])])
                results.put(("ok", who, stored[0].seq))
            except ConflictError as exc:
                results.put(("conflict", who, (exc.expected, exc.actual)))
        finally:
            log.close()
    except BaseException:
        results.put(("error", who, traceback.format_exc()))


def _append_many(url: str, who: str, count: int, barrier: Any, results: Any) -> None:
    """Append ``count`` events to the worker's own subject, one per transaction."""
    try:
        subject = f"case:{who}"
        log = open_store(url)
        try:
            barrier.wait(timeout=WAIT_S)
            for version in range(count):
                log.append([AppendBatch(subject, version, [_event(subject, version, who)])])
            results.put(("ok", who, count))
        finally:
            log.close()
    except BaseException:
        results.put(("error", who, traceback.format_exc()))


def _run(target: Any, args_per_worker: list[tuple[Any, ...]]) -> list[tuple[str, str, Any]]:
    barrier = SPAWN.Barrier(len(args_per_worker))
    results = SPAWN.Queue()
    workers = [
        SPAWN.Process(target=target, args=(*args, barrier, results)) for args in args_per_worker
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
    assert all(worker.exitcode == 0 for worker in workers)
    return outcomes


def test_two_processes_race_for_one_subject(store_url: str) -> None:
    with open_store(store_url, create=True) as log:
        log.append([AppendBatch("case:RACE", 0, [_event("case:RACE", 0, "setup")])])

    outcomes = _run(_race_one, [(store_url, "siti"), (store_url, "budi")])

    kinds = sorted(outcome[0] for outcome in outcomes)
    assert kinds == ["conflict", "ok"], outcomes
    winner = next(o for o in outcomes if o[0] == "ok")
    loser = next(o for o in outcomes if o[0] == "conflict")
    assert winner[2] == 2
    assert loser[2] == (1, 2)
    with open_store(store_url) as log:
        events = log.read("case:RACE")
        assert [e.subject_version for e in events] == [1, 2]
        assert events[1].actor == winner[1]
        assert log.head().seq == 2
        assert log.verify_chain().ok


@pytest.mark.slow
def test_many_processes_append_without_gap_or_fork(store_url: str) -> None:
    workers, each = 4, 300
    with open_store(store_url, create=True):
        pass

    names = [f"W{i}" for i in range(workers)]
    outcomes = _run(_append_many, [(store_url, name, each) for name in names])
    assert sorted(outcome[1] for outcome in outcomes) == names

    with open_store(store_url) as log:
        total = workers * each
        seqs = [event.seq for event in log.read_all(batch_size=97)]
        assert seqs == list(range(1, total + 1))
        for name in names:
            versions = [event.subject_version for event in log.read(f"case:{name}")]
            assert versions == list(range(1, each + 1))
        assert log.head().seq == total
        report = log.verify_chain()
        assert report.ok, report.reason
        assert report.events == total
