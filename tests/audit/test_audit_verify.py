"""``ujikon audit verify``: the whole chain and every issued decree, or the first thing
that does not match -- after editing, deleting and reordering events in the database
itself, on SQLite and PostgreSQL, through the use case and through the CLI."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from ujikon.service.audit import EXIT_EVENT_PROBLEM, EXIT_FILE_PROBLEM, verify_workspace

# -- intact ---------------------------------------------------------------------------------


def test_intact_log_and_decree(issued: Any) -> None:
    report = verify_workspace(issued.log, issued.workdir)
    head = issued.log.head()
    assert report.ok, report.problems
    assert (report.events, report.head_seq, report.head_hash) == (head.seq, head.seq, head.hash)
    assert (report.decrees, report.decree_files_ok) == (1, 1)

    text = issued.flat(issued.cli("audit", "verify").stdout)
    assert (
        f"Utuh / intact: {head.seq} event, head {head.hash} (seq {head.seq}) "
        "(+ 1 berkas SK cocok / decree files match)"
    ) in text
    data = issued.cli_json("audit", "verify")
    assert data["ok"] is True
    assert data["head"] == {"seq": head.seq, "hash": head.hash}
    assert data["problems"] == [] and data["exit_code"] == 0


def test_empty_log_is_intact(small: Any, tmp_path: Any) -> None:
    from ujikon.store import open_store

    log = open_store(f"sqlite:///{tmp_path / 'empty.db'}", create=True)
    try:
        report = verify_workspace(log, tmp_path)
    finally:
        log.close()
    assert report.ok and report.events == 0 and report.head_hash == "0" * 64


def test_progress_is_reported_per_batch(small: Any) -> None:
    seen: list[int] = []
    report = small.log.verify_chain(batch_size=7, progress=seen.append)
    assert report.ok
    assert seen == sorted(seen) and seen[-1] == report.events
    assert len(seen) == report.events // 7 + 1
    counted: list[int] = []
    assert verify_workspace(small.log, small.workdir, counted.append).ok
    assert counted[-1] == report.events


# -- the database edited behind ujikon's back ------------------------------------------------


def _named(ws: Any, seq: int, code: str) -> None:
    """The use case and the CLI (text and JSON) all name event ``seq`` and how."""
    report = verify_workspace(ws.log, ws.workdir)
    assert not report.ok
    first = report.first_problem
    assert first is not None
    assert (first.kind, first.seq, first.code) == ("event", seq, code), first
    assert report.events == seq - 1, "every event before the bad one passed"
    assert report.exit_code == EXIT_EVENT_PROBLEM

    result = ws.cli("audit", "verify", code=EXIT_EVENT_PROBLEM)
    text = ws.flat(result.stdout)
    assert text.startswith(f"TIDAK UTUH / NOT INTACT: event seq {seq}: "), text
    data = ws.cli_json("audit", "verify", code=EXIT_EVENT_PROBLEM)
    assert data["ok"] is False
    assert data["first_problem"]["seq"] == seq
    assert data["first_problem"]["code"] == code


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("payload", None),  # a word of the reasoning changed
        ("actor", "budi"),  # somebody else did it
        ("role", "ppid"),
        ("recorded_at", "2026-11-24T02:00:00.000000Z"),  # backdated
        ("recorded_at", "2026-11-25 02:00:05"),  # not even in the stored form
        ("payload", "{not json"),
    ],
    ids=["payload", "actor", "role", "backdated", "time-form", "payload-not-json"],
)
def test_an_edited_event_is_named(small: Any, tamper: Any, column: str, value: Any) -> None:
    hand = tamper(small.log)
    if column == "payload" and value is None:
        hand.edit_payload(12, {"analysis": "diubah diam-diam"})
    else:
        hand.edit(12, column, value)
    _named(small, 12, "hash_mismatch")


def test_a_deleted_event_is_named(small: Any, tamper: Any) -> None:
    tamper(small.log).delete(9)
    _named(small, 9, "gap")
    assert (
        "seq 9 tidak ada, berikutnya 10"
        in verify_workspace(small.log, small.workdir).problems[0].message
    )


def test_the_last_event_deleted_is_named(small: Any, tamper: Any) -> None:
    seq, _hash = tamper(small.log).head()
    tamper(small.log).delete(seq)
    _named(small, seq, "head_mismatch")


def test_two_events_reordered_are_named(small: Any, tamper: Any) -> None:
    tamper(small.log).swap(6, 7)
    _named(small, 6, "broken_link")


def test_an_edit_rehashed_is_still_caught_by_the_link(small: Any, tamper: Any) -> None:
    """Recomputing the edited event's own hash is not enough: the next one's link breaks."""
    hand = tamper(small.log)
    hand.edit_payload(5, {"summary": "ditulis ulang"})
    rows = hand.rows()
    _seq, head = hand.head()
    hand.rechain(5)
    # Put back every hash after 5: only event 5 is consistent with itself.
    with hand.engine.begin() as conn:
        import sqlalchemy as sa

        for row in rows[5:]:
            conn.execute(
                sa.text("UPDATE events SET prev_hash = :p, hash = :h WHERE seq = :s"),
                {"p": row["prev_hash"], "h": row["hash"], "s": row["seq"]},
            )
        conn.execute(sa.text("UPDATE chain_head SET hash = :h WHERE id = 1"), {"h": head})
    _named(small, 6, "broken_link")


# -- decrees ----------------------------------------------------------------------------------


def test_a_missing_decree_file_is_named(issued: Any) -> None:
    moved = issued.pdf.with_name("elsewhere.bin")
    os.replace(issued.pdf, moved)
    try:
        report = verify_workspace(issued.log, issued.workdir)
        result = issued.cli("audit", "verify", code=EXIT_FILE_PROBLEM)
    finally:
        os.replace(moved, issued.pdf)
    first = report.first_problem
    assert first is not None and (first.kind, first.code) == ("file", "missing")
    assert first.decree == issued.number
    assert report.exit_code == EXIT_FILE_PROBLEM
    text = issued.flat(result.stdout)
    assert "TIDAK UTUH / NOT INTACT: berkas / file sk/" in text
    assert "Rantai utuh / chain intact" in text and "0/1 berkas SK cocok" in text


def test_an_interrupted_issue_is_explained(issued: Any) -> None:
    pending = issued.pdf.with_name(issued.pdf.name + ".123-abcd.tmp")
    os.replace(issued.pdf, pending)
    try:
        report = verify_workspace(issued.log, issued.workdir)
    finally:
        os.replace(pending, issued.pdf)
    assert report.first_problem is not None
    assert pending.name in report.first_problem.message


def test_an_altered_decree_file_is_named(issued: Any) -> None:
    original = issued.pdf.read_bytes()
    issued.pdf.write_bytes(original + b"\n% tambahan\n")
    try:
        report = verify_workspace(issued.log, issued.workdir)
        data = issued.cli_json("audit", "verify", code=EXIT_FILE_PROBLEM)
    finally:
        issued.pdf.write_bytes(original)
    first = report.first_problem
    assert first is not None and (first.kind, first.code) == ("file", "file_hash_mismatch")
    assert data["first_problem"]["file"] == str(issued.pdf.relative_to(issued.workdir))
    assert verify_workspace(issued.log, issued.workdir).ok


def test_history_rewritten_before_a_decree_is_caught_by_its_anchor(
    issued: Any, tamper: Any
) -> None:
    """Rewrite an old event and recompute every hash after it: the chain is consistent
    again, but the decree recorded the head as it was -- and says so."""
    record = issued.desk.get(issued.decree_id).issue
    assert record is not None and record.chain_seq > 10
    hand = tamper(issued.log)
    with hand.restored():
        hand.edit_payload(10, {"analysis": "riwayat ditulis ulang"})
        hand.rechain(10)
        assert issued.log.verify_chain().ok  # the chain alone cannot tell
        report = verify_workspace(issued.log, issued.workdir)
        data = issued.cli_json("audit", "verify", code=EXIT_EVENT_PROBLEM)
    # The checkpoint file (chain-head.log) witnessed the old head too, and says so first.
    assert [p.code for p in report.problems][:1] == ["checkpoint_mismatch"]
    first = next(p for p in report.problems if p.code == "anchor_mismatch")
    assert (first.kind, first.code, first.seq) == ("decree", "anchor_mismatch", record.chain_seq)
    assert first.decree == issued.number
    assert "anchor_mismatch" in [p["code"] for p in data["problems"]]
    assert verify_workspace(issued.log, issued.workdir).ok


def test_the_decree_event_itself_edited_is_an_event_problem(issued: Any, tamper: Any) -> None:
    hand = tamper(issued.log)
    seq = next(e.seq for e in issued.log.read_all() if e.action == "decree.issued")
    with hand.restored():
        row = hand.row(seq)
        payload = json.loads(row["payload"])
        payload["data"]["pdf_sha256"] = "0" * 64
        hand.edit(seq, "payload", json.dumps(payload))
        report = verify_workspace(issued.log, issued.workdir)
    assert report.first_problem is not None
    assert (report.first_problem.seq, report.first_problem.code) == (seq, "hash_mismatch")
    assert report.decrees == 0, "files are not judged against records that no longer hold"


def test_a_progress_bar_on_a_terminal(small: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import ujikon.cli.audit as cli_audit

    monkeypatch.setattr(cli_audit, "PROGRESS_MIN_EVENTS", 1)
    total = small.log.head().seq
    result = small.cli("audit", "verify", FORCE_COLOR="1", TERM="xterm", NO_COLOR=None)
    assert result.stdout.startswith("Utuh / intact:")
    bar = small.flat(result.stderr)
    assert "Memeriksa rantai / checking the chain" in bar and f"{total}/{total}" in bar
    quiet = small.cli("audit", "verify", "--json", FORCE_COLOR="1", TERM="xterm", NO_COLOR=None)
    assert json.loads(quiet.stdout)["ok"] is True and "Memeriksa" not in quiet.stderr
    plain = small.cli("audit", "verify")  # not a terminal: no bar
    assert plain.stderr == ""
