"""Many issuers at once, each with a draft of its own: every one succeeds, the numbers
are consecutive from 001, the chain verifies -- from threads of one process and from
separate processes, on SQLite and PostgreSQL.

The number is taken inside the append transaction (under the lock every appender queues
on), so nobody is refused with "Conflict on decree-serial:2026" and nobody retries. Draft
ids (``D-2026-0001``…) are numbered the same way.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from toolkit import KEY_PASSPHRASE, approved_case
from toolkit.decrees import DecreeBench as Bench

from ujikon.service.audit import verify_workspace

ISSUERS = 8
SAMPLES_EXEMPT = [
    "01-rekam-medis-pegawai.yaml",
    "02-berkas-penyidikan-ppns.yaml",
    "03-dokumen-penawaran-tender.yaml",
    "04-rencana-pengadaan-tanah.yaml",
    "05-data-wajib-pajak.yaml",
    "06-nota-dinas-rapat-pimpinan.yaml",
    "07-rekening-penerima-bansos.yaml",
]

ISSUER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from ujikon.service.decrees import DecreeDesk
    from ujikon.law import load_catalogue
    from ujikon.service.cases import Service
    from ujikon.store import open_store

    url, workdir, decree_id, passphrase, gate = sys.argv[1:]
    desk = DecreeDesk(Service(open_store(url), load_catalogue()), Path(workdir))
    Path(gate, decree_id).touch()  # ready
    while not Path(gate, "go").exists():
        time.sleep(0.005)
    result = desk.issue("budi", decree_id, {"ppid": passphrase.encode()})
    print(result.decree.issue.number)
    """
)


def _drafts(bench: Bench) -> list[str]:
    """``ISSUERS`` drafts, each over a case of its own."""
    refs = list(bench.cases)
    while len(refs) < ISSUERS:
        refs.append(approved_case(bench.service, SAMPLES_EXEMPT[len(refs) % len(SAMPLES_EXEMPT)]))
    return [bench.desk.draft("budi", [ref]).decree_id for ref in refs[:ISSUERS]]


def _check(bench: Bench, drafts: list[str]) -> None:
    decrees = {d.decree_id: d for d in bench.desk.all()}
    serials = sorted(decrees[d].issue.serial for d in drafts)  # type: ignore[union-attr]
    assert serials == list(range(1, ISSUERS + 1))
    numbers = sorted(decrees[d].issue.number for d in drafts)  # type: ignore[union-attr]
    assert [n.split("/")[1] for n in numbers] == [f"{i:03d}" for i in range(1, ISSUERS + 1)]
    assert bench.service.log.verify_chain().ok
    report = verify_workspace(bench.service.log, bench.workdir)
    assert report.ok, report.problems
    assert report.decree_files_ok == ISSUERS
    sk = bench.workdir / "sk"
    assert sorted(p.suffix for p in sk.rglob("*") if p.is_file()) == [".pdf"] * ISSUERS


def test_eight_issuers_in_threads_all_succeed(bench: Bench) -> None:
    drafts = _drafts(bench)
    errors: list[BaseException] = []
    barrier = threading.Barrier(ISSUERS)

    def issue(decree_id: str) -> None:
        try:
            barrier.wait(timeout=60)
            bench.desk.issue("budi", decree_id, bench.passphrases)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    elapsed = time.perf_counter() - started
    assert errors == [], [str(e) for e in errors]
    _check(bench, drafts)
    print(f"\n{ISSUERS} issuers (threads, {bench.service.log.dialect}): {elapsed:.2f} s")


def test_eight_issuers_in_processes_all_succeed(bench: Bench, tmp_path: Path) -> None:
    drafts = _drafts(bench)
    gate = tmp_path / "gate"
    gate.mkdir()
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                ISSUER,
                bench.url,
                str(bench.workdir),
                decree_id,
                KEY_PASSPHRASE,
                str(gate),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={k: v for k, v in os.environ.items() if k != "UJIKON_CRASH_AT"},
        )
        for decree_id in drafts
    ]
    deadline = time.monotonic() + 120
    while len(list(gate.iterdir())) < ISSUERS and time.monotonic() < deadline:
        time.sleep(0.01)  # every process has imported ujikon and opened the store
    start = time.perf_counter()
    (gate / "go").touch()
    outputs = [proc.communicate(timeout=300) for proc in procs]
    elapsed = time.perf_counter() - start
    failed = [err for proc, (_out, err) in zip(procs, outputs, strict=True) if proc.returncode]
    assert failed == [], failed
    _check(bench, drafts)
    printed = sorted(out.strip() for out, _err in outputs)
    assert len(set(printed)) == ISSUERS
    print(f"\n{ISSUERS} issuers (processes, {bench.service.log.dialect}): {elapsed:.2f} s")


def test_eight_drafters_at_once_get_consecutive_ids(bench: Bench) -> None:
    refs = bench.cases
    got: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(ISSUERS)

    def draft() -> None:
        try:
            barrier.wait(timeout=60)
            got.append(bench.desk.draft("budi", refs).decree_id)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=draft) for _ in range(ISSUERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(got) == [f"D-2026-{i:04d}" for i in range(1, ISSUERS + 1)]
    assert bench.service.log.verify_chain().ok


def test_a_number_taken_without_the_issuing_lock_is_signed_again_under_it(bench: Bench) -> None:
    """Someone who does not queue on the issuing lock (an older ujikon) takes number 001
    between the rendering and the recording: the PDF is signed once more with 002 under the
    append lock -- no conflict, no retry, and the file says 002."""
    from datetime import UTC, datetime

    from ujikon.domain.decree import serial_subject
    from ujikon.domain.events import NewEvent
    from ujikon.service.audit import embedded_decision
    from ujikon.store import AppendBatch

    draft = bench.desk.draft("budi", None)
    log = bench.service.log
    year = bench.service.today().year
    real = log.append_under_lock
    taken: list[int] = []

    def first_someone_else(build, **kwargs):  # type: ignore[no-untyped-def]
        subject = serial_subject(year)
        event = NewEvent(
            subject=subject,
            action="decree.number_assigned",
            actor="budi",
            role="ppid",
            recorded_at=datetime.now(UTC),
            payload={"data": {"decree_id": "D-LAMA", "number": "lama", "serial": 1}},
        )
        log.append([AppendBatch(subject, log.version(subject), [event])])
        taken.append(1)
        return real(build, **kwargs)

    log.append_under_lock = first_someone_else  # type: ignore[method-assign]
    try:
        result = bench.desk.issue("budi", draft.decree_id, bench.passphrases)
    finally:
        del log.append_under_lock  # type: ignore[method-assign]
    assert taken == [1]
    assert result.decree.issue is not None and result.decree.issue.serial == 2
    decision = embedded_decision(result.path)
    assert decision is not None and decision["decree"]["number"] == result.decree.issue.number
    assert "/002/" in result.decree.issue.number
    assert log.verify_chain().ok
