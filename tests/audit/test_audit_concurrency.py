"""``audit verify`` while other processes append.

``tests/store/test_concurrency.py`` already shows that appenders in several processes
leave no gap and no fork (checked once they have finished). What it does not show is
the auditor's side: a verification that runs *during* the appends must see one
consistent snapshot -- never a false alarm from rows committed half-way through its
walk, or from a chain head read later than the rows -- and each pass must see at least
as much as the one before.

The appenders also write the checkpoint file (``chain-head.log``) after each commit, as
a workspace opened by the CLI does: a verification reads it before taking its snapshot,
so a line written meanwhile never names a head its snapshot lacks.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ujikon.domain.events import NewEvent
from ujikon.service.audit import verify_workspace
from ujikon.store import AppendBatch, open_store
from ujikon.store.witness import CHECKPOINT_FILE, HeadWitness, read_checkpoints

SPAWN = multiprocessing.get_context("spawn")
WORKERS = 3
RUN_S = 3.0
WAIT_S = 120


def _append_for(
    url: str, workdir: str, who: str, seconds: float, barrier: Any, results: Any
) -> None:
    """Append to the worker's own subject, one event per transaction, for ``seconds``,
    witnessing each commit in the checkpoint file."""
    try:
        subject = f"beban:{who}"
        log = open_store(url, witness=HeadWitness(Path(workdir) / CHECKPOINT_FILE))
        try:
            barrier.wait(timeout=WAIT_S)
            end = time.monotonic() + seconds
            version = 0
            while time.monotonic() < end:
                event = NewEvent(
                    subject=subject,
                    action="case.identified",
                    actor=who.lower(),
                    role="officer",
                    recorded_at=datetime.now(UTC),
                    payload={"n": version, "teks": "uji serentak " * 20},
                )
                log.append([AppendBatch(subject, version, [event])])
                version += 1
            results.put(("ok", who, version))
        finally:
            log.close()
    except BaseException:
        results.put(("error", who, traceback.format_exc()))


def test_verify_while_processes_append(store_url: str, tmp_path: Path) -> None:
    with open_store(store_url, create=True):
        pass
    barrier = SPAWN.Barrier(WORKERS + 1)
    results = SPAWN.Queue()
    names = [f"W{i}" for i in range(WORKERS)]
    workers = [
        SPAWN.Process(
            target=_append_for, args=(store_url, str(tmp_path), name, RUN_S, barrier, results)
        )
        for name in names
    ]
    for worker in workers:
        worker.start()
    log = open_store(store_url)
    passes: list[int] = []
    try:
        barrier.wait(timeout=WAIT_S)
        while any(worker.is_alive() for worker in workers):
            report = verify_workspace(log, tmp_path)
            assert report.ok, report.problems
            passes.append(report.events)
        outcomes = [results.get(timeout=WAIT_S) for _ in workers]
        for worker in workers:
            worker.join(timeout=WAIT_S)
        errors = [o[2] for o in outcomes if o[0] == "error"]
        assert not errors, "\n".join(errors)
        total = sum(o[2] for o in outcomes)
        final = verify_workspace(log, tmp_path)
        assert final.ok and final.events == total == log.head().seq
        witnessed = read_checkpoints(tmp_path / CHECKPOINT_FILE)
        assert witnessed.problems == ()
        assert witnessed.checkpoints[-1].seq == total
        assert final.checkpoints == len(witnessed.checkpoints) > 1
        assert [e.seq for e in log.read_all(batch_size=101)] == list(range(1, total + 1))
    finally:
        for worker in workers:
            if worker.is_alive():  # pragma: no cover - only when something hangs
                worker.kill()
        log.close()
    assert len(passes) >= 2, "verification ran while the appenders were appending"
    assert passes == sorted(passes)
    assert passes[-1] <= total
