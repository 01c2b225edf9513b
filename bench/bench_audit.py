"""``ujikon audit verify`` over a long log: events per second and peak memory, against a
bare loop recomputing the same SHA-256 chain in the same run.

The log is built fast, not through the service: a SQLite store made by
``open_store(create=True)``, then raw ``INSERT``s of properly hashed rows (canonical
JSON, each linked to the one before, ~400-byte payloads as in ``bench_store``) and the
chain head set to the last one.

Each measure then runs in a fresh process of its own, so its peak resident memory
(``ru_maxrss`` from ``wait4``) is its own; its CPU seconds are printed beside the wall
time (the steadier figure on a machine other work shares):

* ``idle``              -- the interpreter with ujikon's store imported and opened: the floor;
* ``audit verify``      -- :func:`ujikon.service.audit.verify_workspace` (the use case behind the
  command): the streamed chain walk, then the decrees (none here);
* ``ujikon audit verify`` -- the command itself, start-up included;
* ``chain walk``        -- :meth:`~ujikon.store.sql.SqlEventLog.verify_chain` alone: the
  hash chain of check 1 without the decrees, witnesses and projections around it;
* ``bare: stored text`` -- ``sqlite3`` and ``hashlib`` only: the canonical hash input
  spliced from the stored columns (the payload text as stored), hashed, linked -- the
  "verify a SHA-256 chain from stored text" row of ``/work/shared/perf-baseline.md``;
* ``bare: re-parse JSON`` -- the same, parsing each payload and writing canonical JSON
  again (what any verifier that does not trust the stored text must do; the
  "re-parsing JSON" row of the baseline);
* ``audit verify + tracemalloc`` -- the use case again under ``tracemalloc``: the peak of
  Python allocations, which must not grow with the log (slower: not a speed figure).

Run::

    .venv/bin/python bench/bench_audit.py                   # 1,000,000 events
    .venv/bin/python bench/bench_audit.py --events 100000   # quicker
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

try:
    import ujikon  # noqa: F401
except ModuleNotFoundError:  # run from a checkout without an install
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ujikon.canonical import canonical_json
from ujikon.domain.events import GENESIS_HASH, event_hash, format_utc

T0 = datetime(2026, 11, 25, 1, 0, 0, tzinfo=UTC)
ACTIONS = ("case.identified", "case.grounds_cited", "case.harm_assessed", "case.concluded")
INSERT = "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
SELECT = (
    "SELECT seq, subject, subject_version, action, actor, role, recorded_at, payload, "
    "payload_version, prev_hash, hash FROM events ORDER BY seq"
)


def payload(n: int) -> dict[str, Any]:
    """A payload about the size of a real step (~400 bytes of JSON), as in bench_store."""
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


# --------------------------------------------------------------------------- building


def build(db: Path, events: int, subjects: int) -> float:
    """A store with ``events`` hashed events; returns the seconds it took."""
    from ujikon.store import open_store

    began = time.perf_counter()
    open_store(f"sqlite:///{db}", create=True).close()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    prev = GENESIS_HASH
    rows: list[tuple[Any, ...]] = []
    for seq in range(1, events + 1):
        subject = f"case:B-{seq % subjects:05d}/1"
        version = (seq - 1) // subjects + 1
        moment = T0 + timedelta(milliseconds=seq)
        action = ACTIONS[seq % len(ACTIONS)]
        body = payload(seq)
        digest = event_hash(
            seq=seq,
            subject=subject,
            subject_version=version,
            action=action,
            actor="siti",
            role="officer",
            recorded_at=moment,
            payload=body,
            payload_version=1,
            prev_hash=prev,
        )
        rows.append(
            (seq, subject, version, action, "siti", "officer", format_utc(moment),
             canonical_json(body), 1, prev, digest)
        )  # fmt: skip
        prev = digest
        if len(rows) == 20_000:
            conn.executemany(INSERT, rows)
            rows.clear()
            if sys.stdout.isatty():
                print(f"\r  building: {seq:,} / {events:,}", end="", flush=True)
    conn.executemany(INSERT, rows)
    conn.execute("UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1", (events, prev))
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    if sys.stdout.isatty():
        print(f"\r  building: {events:,} / {events:,}", flush=True)
    return time.perf_counter() - began


# --------------------------------------------------------------------------- measures (children)


def _dumps(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def bare_text(db: Path) -> int:
    """The chain rechecked from the stored text: no JSON parsed, nothing but hashlib."""
    import hashlib

    conn = sqlite3.connect(db)
    prev, expected = GENESIS_HASH, 1
    cursor = conn.execute(SELECT)
    while batch := cursor.fetchmany(2000):
        for seq, subject, version, action, actor, role, at, body, pv, prev_hash, digest in batch:
            text = (
                f'{{"action":{_dumps(action)},"actor":{_dumps(actor)},"payload":{body},'
                f'"payload_version":{pv},"prev_hash":"{prev_hash}","recorded_at":"{at}",'
                f'"role":{_dumps(role)},"seq":{seq},"subject":{_dumps(subject)},'
                f'"subject_version":{version}}}'
            )
            computed = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if seq != expected or prev_hash != prev or computed != digest:
                raise SystemExit(f"bare loop: chain broken at seq {seq}")
            prev, expected = digest, expected + 1
    conn.close()
    return expected - 1


def bare_json(db: Path) -> int:
    """The same, re-parsing each payload and time and writing canonical JSON again."""
    conn = sqlite3.connect(db)
    prev, expected = GENESIS_HASH, 1
    cursor = conn.execute(SELECT)
    while batch := cursor.fetchmany(2000):
        for seq, subject, version, action, actor, role, at, body, pv, prev_hash, digest in batch:
            computed = event_hash(
                seq=seq,
                subject=subject,
                subject_version=version,
                action=action,
                actor=actor,
                role=role,
                recorded_at=datetime.fromisoformat(at),
                payload=json.loads(body),
                payload_version=pv,
                prev_hash=prev_hash,
            )
            if seq != expected or prev_hash != prev or computed != digest:
                raise SystemExit(f"bare loop: chain broken at seq {seq}")
            prev, expected = digest, expected + 1
    conn.close()
    return expected - 1


def audit_verify(db: Path) -> int:
    from ujikon.service.audit import verify_workspace
    from ujikon.store import open_store

    log = open_store(f"sqlite:///{db}")
    try:
        report = verify_workspace(log, db.parent)
    finally:
        log.close()
    if not report.ok:
        raise SystemExit(f"audit verify: {report.problems[0].line()}")
    return report.events


def chain_walk(db: Path) -> int:
    from ujikon.store import open_store

    log = open_store(f"sqlite:///{db}")
    try:
        report = log.verify_chain()
    finally:
        log.close()
    if not report.ok:
        raise SystemExit(f"chain walk: seq {report.first_bad_seq}: {report.reason}")
    return report.events


def idle(db: Path) -> int:
    from ujikon.store import open_store

    log = open_store(f"sqlite:///{db}")
    seq = log.head().seq
    log.close()
    return seq


def cli(db: Path) -> int:
    """The command as a user runs it: imports, start-up and output included."""
    import contextlib
    import io

    began = time.perf_counter()
    from ujikon.cli.main import main as ujikon_main

    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        try:
            ujikon_main(
                ["--workspace", str(db.parent), "--db", f"sqlite:///{db}", "audit", "verify"]
            )
        except SystemExit as done:
            if done.code not in (0, None):
                raise SystemExit(f"ujikon audit verify exited {done.code}") from None
    print(
        f"cli: {captured.getvalue().strip()} ({time.perf_counter() - began:.2f} s)", file=sys.stderr
    )
    return int(captured.getvalue().split(": ", 1)[1].split(" ", 1)[0])


CHILDREN = {
    "idle": idle,
    "verify": audit_verify,
    "chain": chain_walk,
    "cli": cli,
    "bare-text": bare_text,
    "bare-json": bare_json,
}


def _peak_rss() -> int:
    """This process's peak resident memory (``VmHWM``: per address space, so not
    inherited from the parent as ``ru_maxrss`` is across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def child(mode: str, db: Path, trace: bool) -> None:
    """Run one measure in this process; print its figures as JSON."""
    if mode != "cli":  # imports are not part of the measure (the CLI's are)
        import ujikon.service.audit
        import ujikon.store.sql  # noqa: F401
    if trace:
        import tracemalloc

        tracemalloc.start()
    began, began_cpu = time.perf_counter(), time.process_time()
    events = CHILDREN[mode](db)
    seconds = time.perf_counter() - began
    result: dict[str, Any] = {
        "events": events,
        "seconds": seconds,
        "cpu_seconds": time.process_time() - began_cpu,
        "peak_rss": _peak_rss(),
    }
    if trace:
        import tracemalloc

        result["traced_peak"] = tracemalloc.get_traced_memory()[1]
    print(json.dumps(result))


# --------------------------------------------------------------------------- running


def run(argv: list[str], label: str) -> dict[str, Any]:
    """Run a child process: its own figures, its wall time and what it said on stderr."""
    began = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    result: dict[str, Any] = {"label": label, "wall": time.perf_counter() - began}
    lines = proc.stdout.strip().splitlines()
    if lines and lines[-1].startswith("{"):
        result.update(json.loads(lines[-1]))
    result["said"] = proc.stderr.strip()
    result["exit"] = proc.returncode
    if proc.returncode != 0:
        print(f"  {label}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}", file=sys.stderr)
    return result


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value / 2**20:,.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the log")
    parser.add_argument("--subjects", type=int, default=5000, help="case subjects")
    parser.add_argument("--dir", type=Path, help="work here (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc pass")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db, args.trace)
        return

    folder = args.dir or Path(tempfile.mkdtemp(prefix="ujikon-bench-audit-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "ujikon.db"
    if db.exists():
        db.unlink()
    print(f"bench_audit: {args.events:,} events in {db}")
    built = build(db, args.events, args.subjects)
    size = db.stat().st_size
    print(
        f"  built in {built:.1f} s ({args.events / built:,.0f} events/s), "
        f"{size / 2**20:,.0f} MiB ({size / max(args.events, 1):.0f} bytes/event)"
    )

    me = [sys.executable, str(Path(__file__).resolve())]
    plan: list[tuple[str, list[str]]] = [
        (label, [*me, "--child", mode, "--db", str(db)])
        for label, mode in (
            ("idle", "idle"),
            ("audit verify", "verify"),
            ("chain walk", "chain"),
            ("ujikon audit verify", "cli"),
            ("bare: stored text", "bare-text"),
            ("bare: re-parse JSON", "bare-json"),
        )
    ]
    if not args.no_trace:
        plan.append(
            ("audit verify + tracemalloc", [*me, "--child", "verify", "--db", str(db), "--trace"])
        )
    results = []
    for label, argv in plan:
        print(f"  running {label} …", flush=True)
        results.append(run(argv, label))

    by = {r["label"]: r for r in results}
    text_rate = args.events / by["bare: stored text"].get("seconds", float("nan"))
    json_rate = args.events / by["bare: re-parse JSON"].get("seconds", float("nan"))
    print()
    print(
        f"{'measure':<28} {'events':>10} {'seconds':>9} {'CPU s':>7} {'events/s':>11} "
        f"{'vs text':>8} {'vs JSON':>8} {'peak RSS MiB':>13} {'py peak MiB':>12}"
    )
    for r in results:
        seconds = r.get("seconds", r["wall"])
        events = r.get("events", 0) if r["label"] != "idle" else 0
        rate = events / seconds if events and seconds else None
        print(
            f"{r['label']:<28} {events:>10,} {seconds:>9.2f} {r.get('cpu_seconds', 0.0):>7.2f} "
            f"{'-' if rate is None else f'{rate:,.0f}':>11} "
            f"{'-' if rate is None else f'{rate / text_rate:.2f}x':>8} "
            f"{'-' if rate is None else f'{rate / json_rate:.2f}x':>8} "
            f"{_mib(r.get('peak_rss')):>13} {_mib(r.get('traced_peak')):>12}"
            + ("" if r["exit"] == 0 else f"  EXIT {r['exit']}")
        )
    print(f"\n{by['ujikon audit verify'].get('said', '')[:200]}")
    if args.json:
        args.json.write_text(
            json.dumps({"events": args.events, "build_s": built, "results": results}, indent=2)
        )
    if not args.keep and args.dir is None:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
