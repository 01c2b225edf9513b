"""Throughput of the ujikon event store on SQLite and PostgreSQL, against raw sqlite3.

Measures, per backend:

* ``append 1/tx``     -- ``--events`` events, one ``append`` (one transaction) each;
* ``1/tx +witness``   -- the same with the checkpoint file written after every commit
  (:class:`~ujikon.store.witness.HeadWitness`, what a workspace opened by the CLI does);
  the difference per commit is printed as the witness's cost;
* ``append 1000/tx``  -- ``--events`` events, 1000 per ``append`` (10 subjects × 100);
* ``read_all``        -- streaming every event of a ``--read-events`` log;
* ``verify_chain``    -- recomputing every hash of that log.

and the same work done with the plain ``sqlite3`` module (WAL, ``synchronous=NORMAL``,
the same hashed canonical-JSON rows, one commit per row / per 1000 rows), so the cost
of SQLAlchemy, validation and locking is visible as a ratio in the same run.

Run::

    .venv/bin/python bench/bench_store.py                 # 20k appends, 100k read
    .venv/bin/python bench/bench_store.py --events 2000 --read-events 10000 --no-pg

PostgreSQL: ``--pg-url`` or ``UJIKON_TEST_PG_URL`` (default
``postgresql://postgres@127.0.0.1:5432/test``); the bench works in a schema of its own
and drops it afterwards. If the server does not answer, its rows are left out.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

try:
    import ujikon  # noqa: F401
except ModuleNotFoundError:  # run from a checkout without an install
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ujikon.canonical import canonical_json
from ujikon.domain.events import GENESIS_HASH, NewEvent, event_hash, format_utc
from ujikon.store import AppendBatch, SqlEventLog, open_store
from ujikon.store.witness import HeadWitness, read_checkpoints

logger = logging.getLogger("bench_store")

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
T0 = datetime(2026, 11, 25, 1, 0, 0, tzinfo=UTC)


@dataclass
class Result:
    backend: str
    measure: str
    events: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else float("inf")


def payload(n: int) -> dict[str, Any]:
    """A payload about the size of a real step (~400 bytes of JSON)."""
    return {
        "n": n,
        "ground": "17b",
        "article": "UU 14/2008 Pasal 17 huruf b",
        "harm": "Membuka informasi ini dapat mengganggu proses penegakan hukum yang sedang "
        "berjalan, termasuk identitas saksi dan rencana penyidikan.",
        "parts": ["lampiran 2", "halaman 4-7"],
        "period_years": 5,
        "public_interest": {"weight": 2, "notes": "kepentingan publik terbatas"},
    }


def new_events(count: int, subjects: int, start: int = 0) -> list[NewEvent]:
    return [
        NewEvent(
            subject=f"case:B-{(start + i) % subjects:04d}",
            action="case.assessed_harm",
            actor="siti",
            role="officer",
            recorded_at=T0 + timedelta(microseconds=start + i),
            payload=payload(start + i),
        )
        for i in range(count)
    ]


def timed(backend: str, measure: str, events: int, work: Callable[[], object]) -> Result:
    began = time.perf_counter()
    work()
    result = Result(backend, measure, events, time.perf_counter() - began)
    print(f"  {backend:<10} {measure:<15} {events:>8} events  {result.rate:>10,.0f} /s", flush=True)
    return result


# --------------------------------------------------------------------------- ujikon


class Appender:
    """Tracks subject versions so that every append expects the right one."""

    def __init__(self, log: SqlEventLog) -> None:
        self.log = log
        self.versions: dict[str, int] = {}

    def one_per_tx(self, events: list[NewEvent]) -> None:
        for event in events:
            version = self.versions.get(event.subject, 0)
            self.log.append([AppendBatch(event.subject, version, [event])])
            self.versions[event.subject] = version + 1

    def many_per_tx(self, events: list[NewEvent], per_tx: int) -> None:
        for start in range(0, len(events), per_tx):
            grouped: dict[str, list[NewEvent]] = {}
            for event in events[start : start + per_tx]:
                grouped.setdefault(event.subject, []).append(event)
            batches = []
            for subject, items in grouped.items():
                version = self.versions.get(subject, 0)
                batches.append(AppendBatch(subject, version, items))
                self.versions[subject] = version + len(items)
            self.log.append(batches)


def witness_cost(
    backend: str, log: SqlEventLog, appender: Appender, events: int, folder: Path
) -> Result:
    """One commit per event, in alternating rounds with and without the checkpoint file
    written after each commit (so that drift of the machine falls on both alike); prints
    the difference per commit, returns the rounds with the witness."""
    checkpoints = folder / f"chain-head-{backend}.log"
    witness = HeadWitness(checkpoints)
    rounds = max(2, min(20, events // 100))
    per_round = max(1, events // rounds)
    spent = {True: 0.0, False: 0.0}
    start = 3_000_000
    for number in range(rounds * 2):
        with_witness = number % 2 == 1
        batch = new_events(per_round, subjects=100, start=start)
        start += per_round
        log.attach_witness(witness if with_witness else None)
        began = time.perf_counter()
        appender.one_per_tx(batch)
        spent[with_witness] += time.perf_counter() - began
    log.attach_witness(None)
    lines = read_checkpoints(checkpoints)
    count = rounds * per_round
    assert not lines.problems and len(lines.checkpoints) == count
    extra_us = (spent[True] - spent[False]) / count * 1e6
    print(
        f"  {backend:<10} {'1/tx +witness':<15} {count:>8} events  {count / spent[True]:>10,.0f} /s"
        f"  (without: {count / spent[False]:,.0f} /s; witness {extra_us:+.0f} µs per commit, "
        f"{(spent[True] / spent[False] - 1) * 100:+.1f} %, "
        f"{checkpoints.stat().st_size / count:.0f} bytes per line)",
        flush=True,
    )
    return Result(backend, "1/tx +witness", count, spent[True])


def bench_ujikon(
    backend: str, url: str, events: int, read_events: int, folder: Path
) -> list[Result]:
    results: list[Result] = []
    log = open_store(url, create=True)
    try:
        appender = Appender(log)
        single = new_events(events, subjects=100)
        results.append(timed(backend, "append 1/tx", events, lambda: appender.one_per_tx(single)))
        results.append(witness_cost(backend, log, appender, events, folder))
        # 1000 events a call: 10 subjects of 100 each (different subjects than above)
        bulk = new_events(events, subjects=10, start=1_000_000)
        results.append(
            timed(backend, "append 1000/tx", events, lambda: appender.many_per_tx(bulk, 1000))
        )
        missing = read_events - log.head().seq
        done = log.head().seq
        while missing > 0:
            chunk = min(missing, 10_000)
            appender.many_per_tx(new_events(chunk, subjects=10, start=2_000_000 + done), 1000)
            missing -= chunk
            done += chunk
        total = log.head().seq

        def read() -> None:
            count = sum(1 for _ in log.read_all(batch_size=1000))
            assert count == total, (count, total)

        def verify() -> None:
            report = log.verify_chain()
            assert report.ok and report.events == total, report

        results.append(timed(backend, "read_all", total, read))
        results.append(timed(backend, "verify_chain", total, verify))
    finally:
        log.close()
    return results


# --------------------------------------------------------------------------- raw sqlite3

RAW_SCHEMA = """
CREATE TABLE events (
    seq INTEGER PRIMARY KEY, subject TEXT NOT NULL, subject_version INTEGER NOT NULL,
    action TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
    recorded_at TEXT NOT NULL, payload TEXT NOT NULL, payload_version INTEGER NOT NULL,
    prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (subject, subject_version)
)
"""
RAW_INSERT = "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


class RawSqlite:
    """The same rows, written and checked with nothing but ``sqlite3``."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute(RAW_SCHEMA)
        self.seq = 0
        self.prev = GENESIS_HASH
        self.versions: dict[str, int] = {}

    def row(self, event: NewEvent) -> tuple[Any, ...]:
        self.seq += 1
        version = self.versions.get(event.subject, 0) + 1
        self.versions[event.subject] = version
        digest = event_hash(
            seq=self.seq,
            subject=event.subject,
            subject_version=version,
            action=event.action,
            actor=event.actor,
            role=event.role,
            recorded_at=event.recorded_at,
            payload=event.payload,
            payload_version=event.payload_version,
            prev_hash=self.prev,
        )
        row = (
            self.seq,
            event.subject,
            version,
            event.action,
            event.actor,
            event.role,
            format_utc(event.recorded_at),
            canonical_json(event.payload),
            event.payload_version,
            self.prev,
            digest,
        )
        self.prev = digest
        return row

    def insert(self, events: list[NewEvent], per_tx: int) -> None:
        for start in range(0, len(events), per_tx):
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany(RAW_INSERT, [self.row(e) for e in events[start : start + per_tx]])
            self.db.execute("COMMIT")

    def rows(self) -> Iterator[tuple[Any, ...]]:
        cursor = self.db.execute("SELECT * FROM events ORDER BY seq")
        while batch := cursor.fetchmany(1000):
            yield from batch

    def read(self) -> int:
        count = 0
        for row in self.rows():
            json.loads(row[7])
            datetime.fromisoformat(row[6])
            count += 1
        return count

    def verify(self) -> int:
        prev, expected = GENESIS_HASH, 1
        for (
            seq,
            subject,
            version,
            action,
            actor,
            role,
            recorded,
            body,
            payload_version,
            prev_hash,
            digest,
        ) in self.rows():
            computed = event_hash(
                seq=seq,
                subject=subject,
                subject_version=version,
                action=action,
                actor=actor,
                role=role,
                recorded_at=datetime.fromisoformat(recorded),
                payload=json.loads(body),
                payload_version=payload_version,
                prev_hash=prev_hash,
            )
            assert seq == expected and prev_hash == prev and computed == digest, seq
            prev, expected = digest, expected + 1
        return expected - 1


def bench_raw(folder: Path, events: int, read_events: int) -> list[Result]:
    raw = RawSqlite(folder / "raw.db")
    single = new_events(events, subjects=100)
    bulk = new_events(events, subjects=10, start=1_000_000)
    results = [
        timed("sqlite3", "append 1/tx", events, lambda: raw.insert(single, 1)),
        timed("sqlite3", "append 1000/tx", events, lambda: raw.insert(bulk, 1000)),
    ]
    if read_events > raw.seq:
        raw.insert(new_events(read_events - raw.seq, 10, start=2_000_000), 1000)
    total = raw.seq
    results.append(timed("sqlite3", "read_all", total, raw.read))
    results.append(timed("sqlite3", "verify_chain", total, raw.verify))
    raw.db.close()
    return results


# --------------------------------------------------------------------------- PostgreSQL


@contextmanager
def pg_schema(base_url: str) -> Iterator[str | None]:
    """A throw-away schema's URL, or ``None`` if PostgreSQL does not answer."""
    try:
        import psycopg
    except ModuleNotFoundError:
        yield None
        return
    libpq = base_url.replace("postgresql+psycopg://", "postgresql://")
    schema = f"ujikon_bench_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(libpq, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.Error as exc:
        print(f"  (PostgreSQL does not answer, skipped: {' '.join(str(exc).split())})")
        yield None
        return
    separator = "&" if "?" in base_url else "?"
    try:
        yield f"{base_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(libpq, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


# --------------------------------------------------------------------------- main


def table(results: list[Result]) -> str:
    baseline = {r.measure: r.rate for r in results if r.backend == "sqlite3"}
    lines = [
        f"{'backend':<10} {'measure':<15} {'events':>8} {'seconds':>8} {'events/s':>10} "
        f"{'vs sqlite3':>10}",
        "-" * 66,
    ]
    for r in results:
        ratio = r.rate / baseline[r.measure] if r.measure in baseline else float("nan")
        lines.append(
            f"{r.backend:<10} {r.measure:<15} {r.events:>8} {r.seconds:>8.2f} "
            f"{r.rate:>10,.0f} {ratio:>9.2f}×"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=20_000, help="events per append test")
    parser.add_argument(
        "--read-events", type=int, default=100_000, help="log size for read_all / verify_chain"
    )
    parser.add_argument("--pg-url", default=os.environ.get("UJIKON_TEST_PG_URL") or DEFAULT_PG_URL)
    parser.add_argument("--no-pg", action="store_true", help="leave PostgreSQL out")
    parser.add_argument("--dir", type=Path, help="where the SQLite files go (default: a temp dir)")
    args = parser.parse_args(argv)

    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="ujikon-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        print(
            f"SQLite files in {folder}; {args.events} events per append test, "
            f"{args.read_events} events read and verified"
        )
        results += bench_raw(folder, args.events, args.read_events)
        results += bench_ujikon(
            "sqlite", f"sqlite:///{folder / 'ujikon.db'}", args.events, args.read_events, folder
        )
        if not args.no_pg:
            with pg_schema(args.pg_url) as url:
                if url is not None:
                    results += bench_ujikon(
                        "postgresql", url, args.events, args.read_events, folder
                    )
    print()
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
