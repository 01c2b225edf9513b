"""Projection rebuild: folding a log of realistic case events back into cases.

Builds a SQLite workspace holding ``--events`` events (whole cases: opened, the five
steps, submitted, approved; ~8 events a case) by running the real domain decisions,
then measures, in the same run:

* ``fold in memory``  -- :func:`ujikon.domain.case.apply` over the events already in
  memory (the domain's own cost);
* ``read_all``        -- streaming the events out of SQLite (the store's own cost);
* ``rebuild_index``   -- the use case: stream + fold + rewrite the case index.

so the ratio of the use case to its two parts is visible.

Run: ``.venv/bin/python bench/bench_projection.py [--events 100000]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

try:
    import ujikon  # noqa: F401
except ModuleNotFoundError:  # run from a checkout without an install
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ujikon.domain.case import apply, fold
from ujikon.domain.decide import decide, decide_open
from ujikon.domain.events import NewEvent
from ujikon.domain.payloads import OpenCase
from ujikon.domain.roles import Actor, Role
from ujikon.law import load_catalogue
from ujikon.service.cases import Service
from ujikon.store import AppendBatch, open_store

OFFICER = Actor(username="siti", role=Role.OFFICER, unit="Bagian Hukum")
PPID = Actor(username="budi", role=Role.PPID)
TODAY = date(2026, 11, 25)
T0 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)

STEPS: list[tuple[Actor, str, dict[str, object]]] = [
    (
        OFFICER,
        "identify",
        {
            "document": {
                "title": "Berkas kepegawaian",
                "owning_unit": "BKPSDM",
                "dated": "2026-01-10",
                "form": "electronic",
            },
            "information": "Hasil pemeriksaan kesehatan pegawai dalam berkas kepegawaian",
            "scope": "part",
            "parts": ["Lampiran 4"],
        },
    ),
    (
        OFFICER,
        "cite_grounds",
        {
            "citations": [
                {"ground": "17h2", "analysis": "Riwayat dan kondisi kesehatan seseorang. " * 4}
            ]
        },
    ),
    (
        OFFICER,
        "assess_harm",
        {"harms": [{"ground": "17h2", "harm": "Stigma dan diskriminasi terhadap pegawai. " * 4}]},
    ),
    (
        OFFICER,
        "weigh_public_interest",
        {
            "interests": ["Akuntabilitas kepegawaian"],
            "balance": "Kerugian lebih besar. " * 4,
            "outweighs": "harm",
        },
    ),
    (
        OFFICER,
        "conclude",
        {
            "outcome": "partly_exempt",
            "parts_withheld": ["Lampiran 4"],
            "period": {"kind": "permanent"},
        },
    ),
    (OFFICER, "submit", {}),
    (PPID, "approve", {"comments": "Disetujui."}),
]


def case_events(n: int) -> list[NewEvent]:
    catalogue = load_catalogue()
    now = T0 + timedelta(seconds=n)
    events = decide_open(
        f"UK-2026-{n:06d}",
        OpenCase.model_validate({"trigger": {"kind": "proactive"}}),
        OFFICER,
        catalogue,
        now,
        TODAY,
    )
    case = fold(events)
    assert case is not None
    for actor, trigger, payload in STEPS:
        new = decide(case, trigger, payload, actor, catalogue, now, TODAY)
        for event in new:
            case = apply(case, event)
        events.extend(new)
    return events


def timed(label: str, work):  # type: ignore[no-untyped-def]
    tracemalloc.start()
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return label, seconds, peak, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    cases = max(1, args.events // (len(STEPS) + 1))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        log = open_store(url, create=True)
        start = time.perf_counter()
        template = case_events(0)
        per_case = len(template)
        all_events: list[NewEvent] = []
        batch: list[AppendBatch] = []
        for n in range(1, cases + 1):
            events = [
                e.model_copy(
                    update={
                        "subject": f"case:UK-2026-{n:06d}/1",
                        "payload": _renumber(e.payload, n),
                    }
                )
                for e in template
            ]
            all_events.extend(events)
            batch.append(AppendBatch(events[0].subject, 0, events))
            if len(batch) == 125:
                log.append(batch)
                batch = []
        if batch:
            log.append(batch)
        total = log.head().seq
        print(
            f"built {cases} cases, {total} events ({per_case}/case) in "
            f"{time.perf_counter() - start:.1f} s"
        )

        def fold_memory() -> int:
            held: dict[str, object] = {}
            for e in all_events:
                held[e.subject] = apply(held.get(e.subject), e)  # type: ignore[arg-type]
            return len(held)

        def stream() -> int:
            return sum(1 for _ in log.read_all())

        service = Service(log, load_catalogue())
        rows = [
            timed("fold in memory", fold_memory),
            timed("read_all (SQLite)", stream),
            timed("rebuild_index", service.rebuild_index),
        ]
        use_case = rows[2][1]
        print(
            f"{'measure':<20}{'events':>9}{'seconds':>9}{'events/s':>11}"
            f"{'peak MiB':>10}{'share of rebuild':>18}"
        )
        for label, seconds, peak, _ in rows:
            print(
                f"{label:<20}{total:>9}{seconds:>9.2f}{total / seconds:>11,.0f}"
                f"{peak / 2**20:>10.1f}{seconds / use_case:>17.0%}"
            )
        log.close()


def _renumber(payload: dict[str, object], n: int) -> dict[str, object]:
    data = payload.get("data")
    if isinstance(data, dict) and "case_id" in data:
        return {**payload, "data": {**data, "case_id": f"UK-2026-{n:06d}"}}
    return payload


if __name__ == "__main__":
    main()
