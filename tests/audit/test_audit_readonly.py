"""Auditors read everything and change nothing.

Every writing use case of :class:`~ujikon.service.cases.Service` and
:class:`~ujikon.service.decrees.DecreeDesk` (each one that takes an ``acting`` user) is tried as
the auditor ``dewi`` at a moment when it *could* be done -- the case in the state the
trigger starts from, the payload valid -- and must be refused by a rule
(``role-may-act``, ``admin-manages-users``, ``admin-manages-workspace``) with nothing
stored: no event, no index row, no file. A refusal by ``role-may-act`` from the case
machine also proves the payload parsed and the state allowed the trigger: that guard
runs only then.

Two public methods take no acting user and are deliberately not role-checked, because
they record no fact: ``Service.rebuild_index`` rewrites the case list (a projection)
from the log -- anyone with database access could recompute the same rows -- and
``DecreeDesk.finish_pending`` gives a signed PDF whose hash the log already holds the
name the log already records. The test shows that running them stores no event.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from toolkit import SAMPLES

from ujikon.errors import RuleViolation
from ujikon.service.caseplan import load_plan
from ujikon.service.cases import Service
from ujikon.service.decrees import DecreeDesk

AUDITOR = "dewi"

WRITERS = {
    "Service.add_user",
    "Service.set_password",
    "Service.update_user",
    "Service.set_user_active",
    "Service.open_case",
    "Service.act",
    "Service.import_case",
    "DecreeDesk.set_profile",
    "DecreeDesk.register_key",
    "DecreeDesk.install_dev_keys",
    "DecreeDesk.import_key",
    "DecreeDesk.draft",
    "DecreeDesk.issue",
    "DecreeDesk.revoke",
    "DecreeDesk.discard",
}
"""The use cases that write on behalf of an acting user; each is walked below."""

MAINTENANCE = {"Service.rebuild_index", "DecreeDesk.finish_pending"}
"""Public methods that write no event and take no acting user (see the module doc)."""

TRIGGERS = {
    "identify",
    "cite_grounds",
    "assess_harm",
    "weigh_public_interest",
    "conclude",
    "submit",
    "revise",
    "return_for_revision",
    "approve",
    "include_in_decree",
    "expire",
    "retest",
    "overturn",
    "withdraw",
    "extend_answer",
    "file_objection",
    "answer_objection",
}


def test_every_writing_use_case_is_walked() -> None:
    """A new use case with an ``acting`` user fails here until it is added to the walk."""
    acting = {
        f"{cls.__name__}.{name}"
        for cls in (Service, DecreeDesk)
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_") and "acting" in inspect.signature(member).parameters
    }
    assert acting == WRITERS, (
        "a use case takes an acting user but is not walked by test_auditor_changes_nothing: "
        f"{sorted(acting ^ WRITERS)}"
    )


def test_every_trigger_is_walked() -> None:
    from ujikon.domain.workflow import PAYLOADS

    assert set(PAYLOADS) - {"open"} == TRIGGERS


class _Watch:
    """Asserts that a call is refused by a rule and leaves the workspace as it was."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.refused: dict[str, str] = {}

    def _state(self) -> tuple[Any, ...]:
        log = self.ws.log
        files = sorted(
            (str(p.relative_to(self.ws.workdir)), p.stat().st_size)
            for p in self.ws.workdir.rglob("*")
            if p.is_file() and p.suffix not in (".db-wal", ".db-shm")
            and not p.name.endswith(("-wal", "-shm", ".db"))
        )  # fmt: skip
        return log.head(), log.index("case"), log.index("decree"), files

    def refuses(self, what: str, call: Callable[[], Any], *rules: str) -> None:
        before = self._state()
        with pytest.raises(RuleViolation) as caught:
            call()
        assert caught.value.rule in rules, f"{what}: refused by {caught.value.rule}"
        assert self._state() == before, f"{what}: something was stored"
        self.refused[what] = caught.value.rule


def test_auditor_changes_nothing(issued: Any, dev_keys: Any) -> None:
    service: Service = issued.service
    desk: DecreeDesk = issued.desk
    watch = _Watch(issued)
    role = ("role-may-act",)

    # Users and the workspace.
    watch.refuses(
        "Service.add_user",
        lambda: service.add_user(AUDITOR, {"username": "mata", "role": "auditor"}),
        "admin-manages-users",
    )
    watch.refuses(
        "Service.set_password",
        lambda: service.set_password(AUDITOR, "siti", "sandi-baru-auditor-1"),
        "admin-manages-users",
    )
    watch.refuses(
        "Service.update_user",
        lambda: service.update_user(AUDITOR, "siti", {"unit": "Inspektorat"}),
        "admin-manages-users",
    )
    watch.refuses(
        "Service.set_user_active",
        lambda: service.set_user_active(AUDITOR, "siti", False),
        "admin-manages-users",
    )
    watch.refuses(
        "DecreeDesk.set_profile",
        lambda: desk.set_profile(AUDITOR, {"place": "Kota Lain"}),
        "admin-manages-workspace",
    )
    ca = dev_keys
    watch.refuses(
        "DecreeDesk.register_key",
        lambda: desk.register_key(AUDITOR, ca.signers[0]),
        "admin-manages-workspace",
    )
    watch.refuses(
        "DecreeDesk.install_dev_keys",
        lambda: desk.install_dev_keys(AUDITOR, [("ppid", "Auditor")], b"kata-sandi-audit"),
        "admin-manages-workspace",
    )
    watch.refuses(
        "DecreeDesk.import_key",
        lambda: desk.import_key(AUDITOR, ca.signers[0].path, "ppid", b"kata-sandi-audit"),
        "admin-manages-workspace",
    )

    # Opening and importing cases.
    opening = {"trigger": {"kind": "proactive"}, "summary": "Uji oleh auditor"}
    watch.refuses("Service.open_case", lambda: service.open_case(AUDITOR, opening), *role)
    plan = load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml")
    unattributed = dataclasses.replace(plan, by=None)
    watch.refuses("Service.import_case", lambda: service.import_case(AUDITOR, unattributed), *role)
    # The file names its own recorder (by: siti): the auditor who runs it is refused all
    # the same -- importing is opening a case, and an auditor opens none.
    assert plan.by == "siti"
    watch.refuses(
        "Service.import_case (by: siti)", lambda: service.import_case(AUDITOR, plan), *role
    )

    # Every step of a case, each tried when it is the step to take.
    case_id = service.open_case("siti", opening).case_id
    steps = {step.trigger: step.payload for step in plan.steps}

    def act(trigger: str, payload: Any) -> None:
        watch.refuses(
            f"Service.act:{trigger}", lambda: service.act(AUDITOR, case_id, trigger, payload), *role
        )

    for trigger in ("identify", "cite_grounds", "assess_harm", "weigh_public_interest"):
        act(trigger, steps[trigger])
        service.act("siti", case_id, trigger, steps[trigger])
    act("revise", {"to_step": "identify", "note": "oleh auditor"})
    act(
        "extend_answer",
        {"notice_reference": "01/AUD", "notice_date": "2026-11-25", "reason": "Oleh auditor."},
    )
    act("conclude", steps["conclude"])
    service.act("siti", case_id, "conclude", steps["conclude"])
    act("submit", steps.get("submit") or {})
    service.act("siti", case_id, "submit", steps.get("submit") or {})
    act("return_for_revision", {"to_step": "assess_harm", "comments": "Perbaiki uraian."})
    act("approve", {"comments": "Setuju."})
    act("withdraw", {"reason": "Ditarik oleh auditor."})
    service.act("budi", case_id, "approve", {"comments": "Setuju."})
    act(
        "include_in_decree",
        {"decree_number": "188.4/099/PPID/XI/2026", "decree_date": "2026-11-25"},
    )

    decreed = issued.cases[0]  # decreed by the fixture's decree
    case_id = decreed.split("/")[0]
    act("expire", {"as_of": "2099-01-01"})
    act("retest", {"reason": "Diuji ulang oleh auditor.", "trigger": {"kind": "proactive"}})
    act("overturn", {"authority": "komisi_informasi", "ruling_reference": "001/KI/2026",
                     "ruling_date": "2026-11-25"})  # fmt: skip
    objection = {"reference": "KEB-AUD", "objector": "Auditor", "answer_date": "2026-11-20",
                 "filed_on": "2026-11-24", "reasons": "Oleh auditor."}  # fmt: skip
    act("file_objection", objection)
    act("answer_objection", {"objection_reference": "KEB-AUD", "outcome": "opened",
                             "reference": "01/AUD", "answered_on": "2026-11-25",
                             "reasons": "Oleh auditor."})  # fmt: skip

    # Decrees: drafting (over the case just approved), issuing, discarding, revoking.
    approved = service.get_case(case_id_of(service, "approved")).ref
    watch.refuses("DecreeDesk.draft", lambda: desk.draft(AUDITOR, [approved]), *role)
    watch.refuses("DecreeDesk.draft (all approved)", lambda: desk.draft(AUDITOR, None), *role)
    draft = desk.draft("budi", [approved], "Konsep untuk uji auditor")
    passphrases = {"ppid": b"kata-sandi-audit"}
    watch.refuses(
        "DecreeDesk.issue", lambda: desk.issue(AUDITOR, draft.decree_id, passphrases), *role
    )
    watch.refuses("DecreeDesk.discard", lambda: desk.discard(AUDITOR, draft.decree_id), *role)
    watch.refuses(
        "DecreeDesk.revoke",
        lambda: desk.revoke(AUDITOR, issued.number, "Dicabut oleh auditor."),
        *role,
    )

    walked = {what.split(" ")[0].split(":")[0] for what in watch.refused}
    assert walked == WRITERS
    assert {w.split(":")[1] for w in watch.refused if w.startswith("Service.act:")} == TRIGGERS

    # Maintenance that records no fact.
    head = issued.log.head()
    cases = issued.log.index("case")
    assert service.rebuild_index() == len(cases)
    assert desk.finish_pending() == []
    assert issued.log.head() == head and issued.log.index("case") == cases

    # What an auditor is for still works.
    from ujikon.service.audit import verify_workspace

    assert verify_workspace(issued.log, issued.workdir).ok


def case_id_of(service: Service, state: str) -> str:
    from ujikon.domain.states import CaseState

    return service.list_cases(CaseState(state))[0].case_id


def test_auditor_import_by_the_cli_is_refused(issued: Any, tmp_path: Path) -> None:
    head = issued.log.head()
    result = issued.cli(
        "--as", AUDITOR, "case", "import", str(SAMPLES / "05-data-wajib-pajak.yaml"), code=3
    )
    assert "role-may-act" in issued.flat(result.output)
    assert issued.log.head() == head


# -- a copy of the workspace on read-only media ------------------------------------------------
#
# An auditor is handed a copy of the workspace (a CD, a read-only share, a snapshot): the
# database, sk/ and the checkpoint file. They must be able to verify it and read the cases
# without writing a byte. The tests run as root, for whom ``chmod a-w`` stops nothing, so
# the copy is made read-only for real: bind-mounted read-only in a mount namespace of its
# own (``unshare -m``), where even root gets EROFS. The CLI runs in that namespace.

RO_SCRIPT = (
    'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && '
    'touch "$UJIKON_WORKSPACE/probe" 2>/dev/null && { echo "STILL WRITABLE"; exit 99; }; '
    'exec "$@"'
)
CLI = "from ujikon.cli.main import main; main()"


def _can_mount_read_only() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp"],
        capture_output=True,
    )
    return probe.returncode == 0


needs_ro_mount = pytest.mark.skipif(
    not _can_mount_read_only(), reason="no mount namespace for a read-only bind mount here"
)


def _copy_workspace(issued: Any, target: Path, form: str) -> Path:
    """A copy of the issued workspace: ``clean`` (the database alone, as a backup
    gives it), ``live`` (database, -wal and -shm copied as they lie), ``wal-only``
    (the -shm left behind)."""
    if not issued.url.startswith("sqlite:"):
        pytest.skip(
            "a read-only copy is of a SQLite workspace (PostgreSQL keeps its data in the server)"
        )
    target.mkdir()
    for item in issued.workdir.iterdir():
        if item.name.startswith("ujikon.db"):
            continue
        if item.is_dir():
            shutil.copytree(item, target / item.name)
        else:
            shutil.copy2(item, target / item.name)
    db = issued.workdir / "ujikon.db"
    if form == "clean":
        source = sqlite3.connect(db)
        dest = sqlite3.connect(target / "ujikon.db")
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = WAL")  # as ujikon leaves it
        dest.close()
        source.close()
        for extra in ("-wal", "-shm"):
            (target / f"ujikon.db{extra}").unlink(missing_ok=True)
    else:
        # Copied as they lie while the database is open: the -wal holds the last commits
        # (one more is made if it is empty, so that there is something to lose).
        wal = issued.workdir / "ujikon.db-wal"
        if not wal.exists() or wal.stat().st_size == 0:
            issued.log.set_meta("audit:copy", "wal")
        assert wal.stat().st_size > 0
        shutil.copy2(db, target / "ujikon.db")
        for extra in ("-wal", "-shm") if form == "live" else ("-wal",):
            if (issued.workdir / f"ujikon.db{extra}").exists():
                shutil.copy2(issued.workdir / f"ujikon.db{extra}", target / f"ujikon.db{extra}")
    return target


def _digest(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def _ro(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "UJIKON_WORKSPACE": str(copy),
        "COLUMNS": "120",
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    env.pop("UJIKON_DB", None)
    env.pop("UJIKON_USER", None)
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", RO_SCRIPT, "sh", str(copy), sys.executable, "-c", CLI, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@needs_ro_mount
@pytest.mark.parametrize("form", ["clean", "live", "wal-only"])
def test_an_auditor_verifies_and_reads_a_read_only_copy(
    issued: Any, tmp_path: Path, form: str
) -> None:
    copy = _copy_workspace(issued, tmp_path / "salinan", form)
    before = _digest(copy)
    head = issued.log.head()

    verified = _ro(copy, "audit", "verify")
    assert verified.returncode == 0, (verified.stdout, verified.stderr)
    assert f"Utuh / intact: {head.seq} event" in " ".join(verified.stdout.split())
    data = json.loads(_ro(copy, "audit", "verify", "--json").stdout)
    assert data["ok"] is True and data["head"] == {"seq": head.seq, "hash": head.hash}
    # How SQLite was asked to read it: without a -wal, immutable (no lock, no -shm); with
    # a -wal and -shm, mode=ro; a -wal alone on read-only media, from a temporary copy.
    expected = {"clean": "immutable", "live": "ro", "wal-only": "copy"}[form]
    assert data["store"] == {"read_only": True, "mode": expected}
    assert "Dibuka hanya-baca" in verified.stdout

    listed = _ro(copy, "--as", AUDITOR, "case", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert sorted(row["case_id"] for row in json.loads(listed.stdout)) == [
        entry.key for entry in issued.log.index("case")
    ]
    case_id = issued.cases[0].split("/")[0]
    shown = _ro(copy, "--as", AUDITOR, "case", "show", case_id)
    assert shown.returncode == 0, shown.stderr
    assert case_id in shown.stdout

    # Writing is refused by name, not as a server that is not running.
    refused = _ro(copy, "--as", "siti", "case", "new", "--trigger", "proactive")
    assert refused.returncode == 7, (refused.stdout, refused.stderr)
    said = " ".join((refused.stdout + refused.stderr).split())
    assert "hanya-baca" in said and "read-only" in said
    assert "server" not in said

    assert _digest(copy) == before, "nothing in the copy changed"


@needs_ro_mount
def test_a_tampered_read_only_copy_is_not_intact(issued: Any, tmp_path: Path) -> None:
    copy = _copy_workspace(issued, tmp_path / "salinan", "clean")
    with sqlite3.connect(copy / "ujikon.db") as conn:
        conn.execute("DELETE FROM events WHERE seq >= 27")
        row = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        conn.execute("UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1", row)
    conn.close()
    (copy / "ujikon.db-wal").unlink(missing_ok=True)
    (copy / "ujikon.db-shm").unlink(missing_ok=True)
    result = _ro(copy, "audit", "verify", "--json")
    assert result.returncode == 12, (result.stdout, result.stderr)
    codes = [p["code"] for p in json.loads(result.stdout)["problems"]]
    assert codes[0] == "checkpoint_ahead" and "unrecorded_decree" in codes


def test_a_store_opened_read_only_writes_nothing(issued: Any, tmp_path: Path) -> None:
    """In-process (no namespace needed): ``open_store(read_only=True)`` over a clean copy
    reads everything, refuses appends by name and creates no -wal or -shm file."""
    from datetime import UTC, datetime

    from ujikon.domain.events import NewEvent
    from ujikon.errors import StoreError
    from ujikon.store import AppendBatch, open_store

    copy = _copy_workspace(issued, tmp_path / "salinan", "clean")
    before = _digest(copy)
    log = open_store(f"sqlite:///{copy / 'ujikon.db'}", read_only=True)
    try:
        assert log.read_only
        assert log.verify_chain().ok and log.head() == issued.log.head()
        assert log.index("case") == issued.log.index("case")
        event = NewEvent(
            subject="x:1",
            action="x.tried",
            actor="dewi",
            role="auditor",
            recorded_at=datetime.now(UTC),
            payload={},
        )
        with pytest.raises(StoreError) as refused:
            log.append([AppendBatch("x:1", 0, [event])])
        assert "hanya-baca" in str(refused.value) and "read-only" in str(refused.value)
    finally:
        log.close()
    assert _digest(copy) == before
    assert sorted(p.name for p in copy.iterdir() if p.name.startswith("ujikon.db")) == ["ujikon.db"]
