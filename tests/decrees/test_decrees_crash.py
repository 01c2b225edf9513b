"""A process killed while issuing leaves a consistent workspace: no half file, no number
recorded without its file, none used twice or skipped."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from toolkit import KEY_PASSPHRASE
from toolkit.decrees import DecreeBench as Bench

from ujikon.domain.decree import DecreeState
from ujikon.domain.states import CaseState
from ujikon.service.decrees import CRASH_ENV

ISSUER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ujikon.service.decrees import DecreeDesk
    from ujikon.law import load_catalogue
    from ujikon.service.cases import Service
    from ujikon.store import open_store

    url, workdir, decree_id, passphrase = sys.argv[1:]
    desk = DecreeDesk(Service(open_store(url), load_catalogue()), Path(workdir))
    desk.issue("budi", decree_id, {"ppid": passphrase.encode()})
    print("issued")
    """
)


def _issue_in_a_process(bench: Bench, decree_id: str, crash_at: str) -> int:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            ISSUER,
            bench.url,
            str(bench.workdir),
            decree_id,
            KEY_PASSPHRASE,
        ],
        env={**os.environ, CRASH_ENV: crash_at},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode


def test_killed_between_rendering_and_recording(bench: Bench) -> None:
    draft = bench.desk.draft("budi", None)
    head = bench.service.log.head()
    assert _issue_in_a_process(bench, draft.decree_id, "after-render") == 86
    # Nothing recorded, no number taken, the cases still approved; only a temporary file.
    assert bench.service.log.head() == head
    assert bench.desk.get(draft.decree_id).state is DecreeState.DRAFT
    assert all(bench.service.get_case(r).state is CaseState.APPROVED for r in bench.cases)
    sk = bench.workdir / "sk"
    assert [p.suffix for p in sk.rglob("*") if p.is_file()] == [".tmp"]
    assert bench.service.log.verify_chain().ok
    # Issuing again cleans up and takes number 001, as if nothing had happened.
    result = bench.desk.issue("budi", draft.decree_id, bench.passphrases)
    assert result.decree.issue is not None and result.decree.issue.serial == 1
    assert [p.name for p in sk.rglob("*") if p.is_file()] == [result.path.name]


def test_killed_between_recording_and_renaming(bench: Bench) -> None:
    draft = bench.desk.draft("budi", None)
    assert _issue_in_a_process(bench, draft.decree_id, "after-record") == 86
    decree = bench.desk.get(draft.decree_id)
    assert decree.state is DecreeState.ISSUED and decree.issue is not None
    final = bench.workdir / decree.issue.file
    assert not final.exists()
    # The signed file waits under its temporary name; the next use of the desk finishes it.
    assert bench.desk.finish_pending() == [final]
    from ujikon.service.verification import verify_decree_file

    verdict = verify_decree_file(final, trust_roots=[bench.ca.ca_cert_path], desk=bench.desk)
    assert verdict.ok and verdict.log_status == "matches"


@pytest.fixture(autouse=True)
def _no_inherited_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CRASH_ENV, raising=False)
