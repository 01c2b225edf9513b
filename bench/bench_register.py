"""Exporting the DIK of 10,000 items in each format, and the PDF against WeasyPrint alone.

Building the data is measured apart from the export. The sample cases that conclude
*exempt* or *partly exempt* are walked once through the service (import, approve,
decree); their events are then cloned under new case ids, with the owning unit and the
information varied, and appended through the store in batches of ``--batch`` cases
(hash chain and all, as any append). Then, on that log:

* ``dik_as_of``   -- :func:`ujikon.service.register.dik_as_of`: stream the log subject by
  subject, fold every decreed revision up to the date, keep those in force, make rows;
* ``csv`` / ``xlsx`` / ``html`` / ``pdf`` -- :func:`ujikon.service.register.export` of those rows
  to a file (write to a temporary name, rename);
* ``pdf: html``   -- rendering the register's HTML (Jinja2) for the PDF;
* ``pdf: weasyprint alone`` -- ``weasyprint.HTML(string=<that HTML>).write_pdf()`` with
  the same URL fetcher: what the library costs alone for the same document.

Run: ``.venv/bin/python bench/bench_register.py [--items 10000] [--formats csv xlsx html pdf]``
"""

from __future__ import annotations

import argparse
import resource
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

from ujikon.domain.case import case_subject
from ujikon.domain.events import NewEvent
from ujikon.law import load_catalogue
from ujikon.service.caseplan import load_plan
from ujikon.service.cases import Service
from ujikon.service.demo import PROFILE, sample_files
from ujikon.service.demo import USERS as DEMO_USERS
from ujikon.service.register import (
    FORMATS,
    dik_as_of,
    export,
    html_to_pdf,
    register_info,
    render_html,
)
from ujikon.store import open_store
from ujikon.store.api import AppendBatch

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
    for user in DEMO_USERS:
        service.add_user("admin", user)
    return service


def templates() -> list[list[NewEvent]]:
    """The events of every withheld sample case, walked to ``decreed`` once (in memory)."""
    service = _service("sqlite://")
    out = []
    for path in sample_files():
        if path.name.startswith(("08", "9")):  # concluded open, or refused on purpose
            continue
        case = service.import_case(None, load_plan(path))
        service.act("budi", case.case_id, "approve", {"comments": "Disetujui."})
        service.act(
            "budi",
            case.case_id,
            "include_in_decree",
            {"decree_number": "188.4/001/PPID/XI/2026", "decree_date": service.today()},
        )
        events = service.log.read(case.subject)
        out.append(
            [
                NewEvent(
                    subject=e.subject,
                    action=e.action,
                    actor=e.actor,
                    role=e.role,
                    recorded_at=e.recorded_at,
                    payload=e.payload,
                    payload_version=e.payload_version,
                )
                for e in events
            ]
        )
    service.log.close()
    return out


def clone(events: list[NewEvent], case_id: str, n: int) -> list[NewEvent]:
    subject = case_subject(case_id, 1)
    out = []
    for event in events:
        payload: dict[str, Any] = {**event.payload, "data": dict(event.payload["data"])}
        data = payload["data"]
        if event.action == "case.opened":
            data["case_id"] = case_id
        elif event.action == "case.identified":
            data["document"] = {**data["document"], "owning_unit": UNITS[n % len(UNITS)]}
            data["information"] = f"[{n}] {data['information']}"
        out.append(event.model_copy(update={"subject": subject, "payload": payload}))
    return out


def build(root: Path, items: int, batch: int) -> Service:
    from ujikon.service.decrees import DecreeDesk

    service = _service(f"sqlite:///{root / 'ujikon.db'}")
    DecreeDesk(service, root).set_profile("admin", PROFILE)  # the register's heading
    walked = templates()
    year = service.today().year
    pending: list[AppendBatch] = []
    for n in range(items):
        case_id = f"BN-{year}-{n + 1:05d}"
        events = clone(walked[n % len(walked)], case_id, n)
        pending.append(AppendBatch(case_subject(case_id, 1), 0, events))
        if len(pending) == batch:
            service.log.append(pending)
            pending = []
    if pending:
        service.log.append(pending)
    return service


def timed(work: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def line(label: str, seconds: float, rows: int, extra: str = "") -> None:
    rate = rows / seconds if seconds else float("inf")
    print(f"{label:<26}{seconds:>10.2f}{rate:>12.0f}  {extra}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500, help="cases per append")
    parser.add_argument("--formats", nargs="*", default=list(FORMATS), choices=FORMATS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        seconds, service = timed(lambda: build(root, args.items, args.batch))
        events = service.log.head().seq
        print(f"built {args.items} decreed cases ({events} events) in {seconds:.1f} s\n")
        print(f"{'work':<26}{'seconds':>10}{'rows/s':>12}  notes")
        as_of = service.today()
        seconds, rows = timed(lambda: dik_as_of(service, as_of))
        assert len(rows) == args.items, len(rows)
        line("dik_as_of (replay log)", seconds, len(rows), f"{events / seconds:.0f} events/s")
        info = register_info(service, as_of)
        for fmt in args.formats:
            target = root / f"dik.{fmt}"
            seconds, _ = timed(lambda fmt=fmt, target=target: export(rows, info, fmt, target))
            size = target.stat().st_size / 1e6
            line(f"export {fmt}", seconds, len(rows), f"{size:.1f} MB")
        if "pdf" in args.formats:
            seconds, html = timed(lambda: "".join(render_html(rows, info, for_pdf=True)))
            line("pdf: html (Jinja2)", seconds, len(rows), f"{len(html) / 1e6:.1f} MB")
            seconds, pdf = timed(lambda: html_to_pdf(html))
            line("pdf: weasyprint alone", seconds, len(rows), f"{len(pdf) / 1e6:.1f} MB")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\npeak resident memory of the process: {peak:.0f} MB")
        service.log.close()


if __name__ == "__main__":
    main()
