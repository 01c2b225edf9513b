"""The tail of the log has witnesses outside the database.

Deleting the last events and moving ``chain_head`` back leaves a chain that is
consistent with itself: the chain alone cannot tell. Three witnesses outside the
database can, and ``audit verify`` asks each of them:

* the **checkpoint file** ``<workspace>/chain-head.log`` (one hash-linked line
  ``seq hash time link`` after every commit): every line must be a prefix of the chain,
  and the chain must not end before the last line;
* every **decree PDF under sk/**, found by listing the folder (not by asking the log):
  the log must record it (its SHA-256 in a ``decree.issued``), and the chain head its
  embedded decision carries must be a prefix of the chain;
* every recorded decree's **cases**: each case the decree lists must have been decreed
  by it in the log.

The cuts are made as someone with write access to the database would (SQL), on SQLite
and PostgreSQL, with the checkpoint file kept, removed, or cut to match.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from ujikon.service.audit import EXIT_EVENT_PROBLEM, verify_workspace
from ujikon.store.witness import CHECKPOINT_FILE, read_checkpoints


def _seq_of(ws: Any, action: str) -> int:
    return next(e.seq for e in ws.log.read_all() if e.action == action)


@contextmanager
def _cut(ws: Any, tamper: Any, from_seq: int, checkpoints: str = "keep") -> Iterator[None]:
    """Delete every event from ``from_seq`` on and point ``chain_head`` at the one before;
    ``checkpoints``: ``keep`` the file, ``remove`` it, or ``truncate`` it to the lines
    before the cut (an attacker who controls the file too). Everything is put back."""
    hand = tamper(ws.log)
    path: Path = ws.workdir / CHECKPOINT_FILE
    saved = path.read_bytes() if path.exists() else None
    with hand.restored():
        hand.run("DELETE FROM events WHERE seq >= :s", s=from_seq)
        last = hand.row(from_seq - 1)
        hand.run(
            "UPDATE chain_head SET seq = :s, hash = :h WHERE id = 1",
            s=from_seq - 1,
            h=last["hash"],
        )
        if checkpoints == "remove":
            path.unlink(missing_ok=True)
        elif checkpoints == "truncate":
            kept = [
                line
                for line in (saved or b"").decode().splitlines(keepends=True)
                if int(line.split()[0]) < from_seq
            ]
            path.write_text("".join(kept))
        try:
            assert ws.log.verify_chain().ok, "the cut chain is consistent with itself"
            yield
        finally:
            if saved is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(saved)


def _codes(report: Any) -> list[str]:
    return [p.code for p in report.problems]


# -- the checkpoint file ---------------------------------------------------------------------


def test_issuing_writes_a_checkpoint_of_the_head(issued: Any) -> None:
    found = read_checkpoints(issued.workdir / CHECKPOINT_FILE)
    assert found.problems == ()
    last = found.checkpoints[-1]
    head = issued.log.head()
    assert (last.seq, last.hash) == (head.seq, head.hash)


def test_every_commit_through_the_workspace_is_witnessed(small: Any) -> None:
    """Opened as the CLI opens it (``Workspace.open``), every append leaves a line."""
    before = small.log.head().seq
    small.cli("--as", "siti", "case", "new", "--trigger", "proactive", "--summary", "Data kontrak")
    small.cli(
        "--as", "siti", "case", "new", "--trigger", "proactive", "--summary", "Data kontrak 2"
    )
    found = read_checkpoints(small.workdir / CHECKPOINT_FILE)
    head = small.log.head()
    assert head.seq > before
    assert found.problems == ()
    assert [c.seq for c in found.checkpoints][-1] == head.seq
    assert found.checkpoints[-1].hash == head.hash
    assert len(found.checkpoints) == 2
    assert verify_workspace(small.log, small.workdir).ok


def test_the_case_events_of_a_decree_cut_are_caught_by_the_checkpoint(
    issued: Any, tamper: Any
) -> None:
    first_case = _seq_of(issued, "case.decreed")
    with _cut(issued, tamper, first_case):
        report = verify_workspace(issued.log, issued.workdir)
        data = issued.cli_json("audit", "verify", code=EXIT_EVENT_PROBLEM)
        case_id = issued.cases[0].split("/")[0]
        shown = issued.flat(issued.cli("--as", "dewi", "case", "show", case_id).stdout)
    assert not report.ok
    first = report.first_problem
    assert first is not None and (first.kind, first.code) == ("event", "checkpoint_ahead")
    assert first.seq == first_case
    assert report.exit_code == EXIT_EVENT_PROBLEM
    assert data["first_problem"]["code"] == "checkpoint_ahead"
    # The log now says the case is only approved: audit verify is where that is caught.
    assert "approved" in shown.lower() or "disetujui" in shown.lower()


@pytest.mark.parametrize("what", ["case.decreed", "case.decreed+1"])
def test_without_the_checkpoint_the_decree_names_its_missing_cases(
    issued: Any, tamper: Any, what: str
) -> None:
    first_case = _seq_of(issued, "case.decreed")
    start = first_case + (1 if what.endswith("+1") else 0)
    with _cut(issued, tamper, start, checkpoints="remove"):
        report = verify_workspace(issued.log, issued.workdir)
    assert "decree_case_missing" in _codes(report), report.problems
    missing = [p for p in report.problems if p.code == "decree_case_missing"]
    assert all(p.decree == issued.number for p in missing)
    gone = issued.cases[start - first_case :]
    assert len(missing) == len(gone)
    for problem, ref in zip(missing, gone, strict=True):
        assert ref in problem.message
    assert report.exit_code == EXIT_EVENT_PROBLEM


@pytest.mark.parametrize("where", ["decree.issued", "anchor"])
def test_a_decree_file_the_log_does_not_know_is_found_by_listing_sk(
    issued: Any, tamper: Any, where: str
) -> None:
    """The whole issue transaction cut (and, with ``anchor``, the event the decree's
    embedded chain head names too), the checkpoint file removed: the PDF in sk/ says so."""
    record = issued.desk.get(issued.decree_id).issue
    start = _seq_of(issued, "decree.issued") if where == "decree.issued" else record.chain_seq
    with _cut(issued, tamper, start, checkpoints="remove"):
        report = verify_workspace(issued.log, issued.workdir)
        text = issued.flat(issued.cli("audit", "verify", code=EXIT_EVENT_PROBLEM).stdout)
    assert not report.ok
    first = report.first_problem
    assert first is not None and first.code == "unrecorded_decree", report.problems
    assert first.file == str(issued.pdf.relative_to(issued.workdir))
    assert first.decree == issued.number
    assert f"seq {record.chain_seq}" in first.message
    if where == "anchor":
        assert f"{start - 1} event" in first.message
    assert "0 berkas SK" not in text or "TIDAK UTUH" in text
    assert text.startswith("TIDAK UTUH / NOT INTACT:")


def test_events_after_the_last_decree_cut_are_caught_by_the_checkpoint(
    issued: Any, tamper: Any
) -> None:
    head = issued.log.head()
    saved_rows = tamper(issued.log).rows()
    path = issued.workdir / CHECKPOINT_FILE
    saved_file = path.read_bytes()
    try:
        issued.cli(
            "--as", "siti", "case", "new", "--trigger", "proactive", "--summary", "Sesudah SK"
        )
        with _cut(issued, tamper, head.seq + 1):
            report = verify_workspace(issued.log, issued.workdir)
        assert _codes(report)[:1] == ["checkpoint_ahead"], report.problems
        # What audit verify cannot see: whoever also rewrites the checkpoint file (cut to
        # match) and leaves the decrees alone removes the events after the last decree
        # without a trace. README, "What audit verify detects / does not detect".
        with _cut(issued, tamper, head.seq + 1, checkpoints="truncate"):
            issued.service.rebuild_index()  # and the projections made to agree
            assert verify_workspace(issued.log, issued.workdir).ok
    finally:
        tamper(issued.log).restore(saved_rows, (head.seq, head.hash))
        path.write_bytes(saved_file)
        issued.service.rebuild_index()


def test_history_after_the_decree_rewritten_is_caught_by_the_checkpoint(
    issued: Any, tamper: Any
) -> None:
    """A rewrite after the last decree and re-chained: no decree anchor covers it, the
    checkpoint does."""
    seq = _seq_of(issued, "case.decreed")
    hand = tamper(issued.log)
    path = issued.workdir / CHECKPOINT_FILE
    saved = path.read_bytes()
    with hand.restored():
        hand.edit_payload(seq, {"decree_date": "2020-01-01"})
        hand.rechain(seq)
        assert issued.log.verify_chain().ok
        report = verify_workspace(issued.log, issued.workdir)
    path.write_bytes(saved)
    first = report.first_problem
    assert first is not None and first.code == "checkpoint_mismatch", report.problems
    assert first.seq == issued.log.head().seq


def test_a_checkpoint_line_edited_breaks_the_links(issued: Any) -> None:
    path = issued.workdir / CHECKPOINT_FILE
    saved = path.read_bytes()
    lines = saved.decode().splitlines(keepends=True)
    seq, _digest, *rest = lines[0].split(" ")
    forged = hashlib.sha256(b"lain").hexdigest()
    try:
        path.write_text(" ".join([seq, forged, *rest]) + "".join(lines[1:]))
        report = verify_workspace(issued.log, issued.workdir)
    finally:
        path.write_bytes(saved)
    codes = _codes(report)
    assert "checkpoint_mismatch" in codes or "checkpoint_broken" in codes, report.problems
    assert not report.ok


def test_a_checkpoint_file_that_is_not_one_is_named(issued: Any) -> None:
    path = issued.workdir / CHECKPOINT_FILE
    saved = path.read_bytes()
    try:
        path.write_bytes(saved + b"bukan baris checkpoint\n")
        report = verify_workspace(issued.log, issued.workdir)
    finally:
        path.write_bytes(saved)
    assert _codes(report) == ["checkpoint_broken"], report.problems
    assert report.problems[0].file == CHECKPOINT_FILE


def test_the_decree_embeds_the_chain_head_it_was_issued_on(issued: Any) -> None:
    from ujikon.service.audit import embedded_decision

    record = issued.desk.get(issued.decree_id).issue
    decision = embedded_decision(issued.pdf)
    assert decision is not None
    assert decision["chain"] == {"seq": record.chain_seq, "head": record.chain_head}
    assert json.dumps(decision["decree"]["number"]) == json.dumps(issued.number)


def test_an_evidence_pack_of_a_cut_log_is_refused(issued: Any, tamper: Any, tmp_path: Path) -> None:
    """A pack is self-consistent whatever the log lost; so packing asks the same witnesses."""
    from ujikon.service.audit import AuditFailed
    from ujikon.service.evidence import write_pack

    first_case = _seq_of(issued, "case.decreed")
    out = tmp_path / "bukti.zip"
    with _cut(issued, tamper, first_case), pytest.raises(AuditFailed) as caught:
        write_pack(issued.service, issued.workdir, out)
    assert caught.value.problem.code == "checkpoint_ahead"
    assert not out.exists()
    cut = _cut(issued, tamper, _seq_of(issued, "decree.issued"), checkpoints="remove")
    with cut, pytest.raises(AuditFailed) as unrecorded:
        write_pack(issued.service, issued.workdir, out)
    assert unrecorded.value.problem.code == "unrecorded_decree"


def test_a_line_being_written_is_not_read_as_a_torn_one(tmp_path: Path) -> None:
    """A reader waits for the appender's lock: it never sees half a checkpoint line (audit
    verify running beside issuing reported "the last line is incomplete" now and then)."""
    import fcntl
    import os
    import threading
    import time

    from ujikon.store.witness import HeadWitness

    path = tmp_path / CHECKPOINT_FILE
    witness = HeadWitness(path)
    witness.record(1, "a" * 64)
    line = path.read_bytes()
    handle = os.open(path, os.O_WRONLY | os.O_APPEND)
    fcntl.flock(handle, fcntl.LOCK_EX)
    os.write(handle, line[: len(line) // 2])  # an appender half way through its line
    result: list[Any] = []
    reader = threading.Thread(target=lambda: result.append(read_checkpoints(path)))
    reader.start()
    time.sleep(0.2)
    assert not result, "the reader must wait for the appender"
    os.write(handle, line[len(line) // 2 :])
    fcntl.flock(handle, fcntl.LOCK_UN)
    os.close(handle)
    reader.join(timeout=5)
    (read,) = result
    assert not [p for p in read.problems if "tidak lengkap" in p[1]], read.problems
