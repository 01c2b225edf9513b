"""``lifecycle run`` over a log of 100,000 decreed cases: finding what ended, expiring it.

Building the log is measured apart. Three cases (a dated period on 17b, an end
condition with its latest date on 17a1, a permanent 17h2) are walked once through the
service in memory (import, approve, include in a decree); their events are cloned under
new case ids, with the period's end date varied, and appended through the store in
batches of ``--batch`` cases (hash chain and all, as any append) together with the case
index rows the service would write. Of the cases, 60% have a dated period, 10% an end
condition and 30% are permanent; ``--due`` of them (2% by default) have a last day
before the as-of date, the other dated ones end within the next five years.

Then, on that log, as of the build's "today":

* ``scan``          -- :func:`ujikon.service.lifecycle.scan_periods` alone: read the index rows of
  decreed cases (and of cases in progress), turn them into period items;
* ``run (expire)``  -- :func:`ujikon.service.lifecycle.run_lifecycle`: the scan, then one
  ``service.act(..., "expire")`` per case due (load, decide, append with index and
  search rows), then the lists of what ends within 30/90 days;
* ``run again``     -- the same call once more: nothing is due any more (idempotent),
  so this is finding candidates plus the upcoming listing.

``--index plain`` writes the index rows exactly as ``service.case_index_entry`` does today
(without the period): the scan then folds every decreed case once, which is what the
proposed index fields (:func:`ujikon.service.lifecycle.period_index_fields`) avoid.

Run::

    .venv/bin/python bench/bench_lifecycle.py                      # 100k cases, SQLite
    .venv/bin/python bench/bench_lifecycle.py --backend postgres   # UJIKON_TEST_PG_URL
    .venv/bin/python bench/bench_lifecycle.py --cases 20000 --index plain
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

try:
    import ujikon  # noqa: F401
except ModuleNotFoundError:  # run from a checkout without an install
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ujikon.domain.case import Case, case_subject, fold
from ujikon.domain.events import NewEvent
from ujikon.law import load_catalogue
from ujikon.service.caseplan import CasePlan, PlannedStep
from ujikon.service.cases import Service, case_index_entry
from ujikon.service.lifecycle import period_index_fields, run_lifecycle, scan_periods
from ujikon.store import open_store
from ujikon.store.api import AppendBatch, IndexEntry

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
AS_OF = date(2026, 11, 25)

UNITS = (
    "Badan Kepegawaian dan Pengembangan SDM",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Satuan Polisi Pamong Praja",
    "Dinas Sosial",
    "Sekretariat Daerah",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Badan Perencanaan Pembangunan Daerah",
    "Dinas Kesehatan",
)
USERS = [
    ("siti", "officer", "Bagian Hukum"),
    ("budi", "ppid", "Diskominfo"),
]


class Clock:
    """Starts at 2026-11-25 09:00 WIB, one millisecond per reading."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


def _service(url: str) -> Service:
    service = Service(open_store(url, create=True), load_catalogue(), clock=Clock())
    service.add_user(None, {"username": "admin", "role": "admin"})
    for username, role, unit in USERS:
        service.add_user("admin", {"username": username, "role": role, "unit": unit})
    return service


def _plan(title: str, ground: str, period: dict[str, Any]) -> CasePlan:
    steps: list[tuple[str, dict[str, Any]]] = [
        (
            "identify",
            {
                "document": {
                    "title": title,
                    "owning_unit": UNITS[0],
                    "dated": "2026-06-01",
                    "form": "electronic",
                },
                "information": f"Informasi dalam {title}",
                "scope": "whole",
            },
        ),
        ("cite_grounds", {"citations": [{"ground": ground, "analysis": "Analisis. " * 8}]}),
        ("assess_harm", {"harms": [{"ground": ground, "harm": "Kerugian nyata. " * 8}]}),
        (
            "weigh_public_interest",
            {"interests": ["Akuntabilitas"], "balance": "Ditimbang. " * 8, "outweighs": "harm"},
        ),
        ("conclude", {"outcome": "exempt", "period": period}),
        ("submit", {"note": "Mohon ditinjau."}),
    ]
    return CasePlan(
        source=f"<{title}>",
        open={"trigger": {"kind": "proactive"}, "summary": title},
        open_by=None,
        steps=tuple(PlannedStep(t, d, None, t) for t, d in steps),
        by="siti",
    )


TEMPLATES = {
    "date": _plan(
        "Dokumen penawaran tender", "17b", {"kind": "until_date", "end_date": "2029-12-31"}
    ),
    "condition": _plan(
        "Berkas penyidikan PPNS",
        "17a1",
        {
            "kind": "until_condition",
            "condition": "Sampai penyidikan selesai",
            "end_date": "2050-12-31",
        },
    ),
    "permanent": _plan("Rekam medis pegawai", "17h2", {"kind": "permanent"}),
}


def templates() -> dict[str, list[NewEvent]]:
    """The events of each template case, walked to ``decreed`` once (in memory)."""
    service = _service("sqlite://")
    out: dict[str, list[NewEvent]] = {}
    for name, plan in TEMPLATES.items():
        case = service.import_case(None, plan)
        service.act("budi", case.case_id, "approve", {"comments": "Disetujui."})
        service.act(
            "budi",
            case.case_id,
            "include_in_decree",
            {"decree_number": "188.4/001/PPID/XI/2026", "decree_date": service.today()},
        )
        out[name] = [
            NewEvent(
                subject=e.subject,
                action=e.action,
                actor=e.actor,
                role=e.role,
                recorded_at=e.recorded_at,
                payload=e.payload,
                payload_version=e.payload_version,
            )
            for e in service.log.read(case.subject)
        ]
    service.log.close()
    return out


def clone(events: list[NewEvent], case_id: str, n: int, end: date | None) -> list[NewEvent]:
    subject = case_subject(case_id, 1)
    out = []
    for event in events:
        payload: dict[str, Any] = {**event.payload, "data": dict(event.payload["data"])}
        data = payload["data"]
        if event.action == "case.opened":
            data["case_id"] = case_id
        elif event.action == "case.identified":
            data["document"] = {
                **data["document"],
                "owning_unit": UNITS[n % len(UNITS)],
                "title": f"{data['document']['title']} {n}",
            }
        elif event.action == "case.concluded" and end is not None:
            data["period"] = {**data["period"], "end_date": end.isoformat()}
        out.append(event.model_copy(update={"subject": subject, "payload": payload}))
    return out


def _index_row(case: Case, with_periods: bool) -> IndexEntry:
    entry = case_index_entry(case)
    if not with_periods:
        return entry
    return IndexEntry(
        entry.kind, entry.key, entry.state, {**entry.data, **period_index_fields(case)}
    )


def build(url: str, cases: int, due: float, batch: int, with_periods: bool) -> tuple[Service, int]:
    """The log of ``cases`` decreed cases; returns the service and how many are due."""
    service = _service(url)
    walked = templates()
    rng = random.Random(2026)
    pending: list[AppendBatch] = []
    rows: list[IndexEntry] = []
    ended = frozenset(rng.sample(range(cases), round(cases * due)))
    for n in range(cases):
        case_id = f"UK-2026-{n + 1:06d}"
        draw = rng.random()
        if n in ended:
            kind, end = "date", AS_OF - timedelta(days=rng.randint(1, 30))
        elif draw < 0.60:
            kind, end = "date", AS_OF + timedelta(days=rng.randint(0, 5 * 365))
        elif draw < 0.70:
            kind, end = "condition", AS_OF + timedelta(days=rng.randint(10 * 365, 30 * 365))
        else:
            kind, end = "permanent", None
        events = clone(walked[kind], case_id, n, end)
        case = fold(events)
        assert case is not None
        pending.append(AppendBatch(case.subject, 0, events))
        rows.append(_index_row(case, with_periods))
        if len(pending) == batch:
            service.log.append(pending, rows)
            pending, rows = [], []
    if pending:
        service.log.append(pending, rows)
    return service, len(ended)


@contextmanager
def pg_schema(base_url: str) -> Iterator[str]:
    """A throw-away schema's URL on the PostgreSQL server at ``base_url``."""
    import psycopg

    libpq = base_url.replace("postgresql+psycopg://", "postgresql://")
    schema = f"ujikon_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in base_url else "?"
    try:
        yield f"{base_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(libpq, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def timed(work: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def bench(url: str, backend: str, args: argparse.Namespace) -> None:
    with_periods = args.index == "periods"
    seconds, (service, due) = timed(
        lambda: build(url, args.cases, args.due, args.batch, with_periods)
    )
    events = service.log.head().seq
    print(
        f"{backend}: built {args.cases} decreed cases ({events} events, {due} due) in "
        f"{seconds:.1f} s; index rows {'with' if with_periods else 'without'} the period\n"
    )
    print(
        f"{'work':<16}{'seconds':>9}{'expired':>9}{'expired/s':>11}{'cases/s':>11}"
        f"{'log events/s':>14}  notes"
    )

    def line(label: str, secs: float, expired: int, note: str) -> None:
        per = f"{expired / secs:>11,.0f}" if expired else f"{'-':>11}"
        print(
            f"{label:<16}{secs:>9.2f}{expired:>9}{per}{args.cases / secs:>11,.0f}"
            f"{events / secs:>14,.0f}  {note}",
            flush=True,
        )

    secs, scan = timed(lambda: scan_periods(service))
    line("scan", secs, 0, f"{len(scan.items)} items with an end, {scan.folded} folded")
    secs, report = timed(lambda: run_lifecycle(service, "budi", AS_OF))
    assert report.ok and len(report.expired) == due, (len(report.expired), due)
    soon, later = (len(items) for _, _, items in report.windows)
    line(
        "run (expire)",
        secs,
        len(report.expired),
        f"+{service.log.head().seq - events} events; ending in 0-30 d: {soon}, 31-90 d: {later}",
    )
    events = service.log.head().seq
    secs, again = timed(lambda: run_lifecycle(service, "budi", AS_OF))
    assert again.expired == [] and service.log.head().seq == events
    line("run again", secs, 0, f"nothing due; {len(again.conditions)} to check a condition")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident memory of the process: {peak:.0f} MB")
    service.log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="decreed cases (100000)")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--due", type=float, default=0.02, help="share ended before (0.02)")
    parser.add_argument("--batch", type=int, default=1000, help="cases per append (1000)")
    parser.add_argument(
        "--index",
        choices=("periods", "plain"),
        default="periods",
        help="index rows with the period (proposed) or as the service writes them today",
    )
    parser.add_argument("--pg-url", default=os.environ.get("UJIKON_TEST_PG_URL") or DEFAULT_PG_URL)
    args = parser.parse_args()
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="ujikon-bench-") as tmp:
            bench(f"sqlite:///{Path(tmp) / 'ujikon.db'}", "sqlite", args)
    else:
        with pg_schema(args.pg_url) as url:
            bench(url, "postgresql", args)


if __name__ == "__main__":
    main()
