"""A disk that fills up while the signed PDF is written: a clear error naming the file,
no temporary file left behind, nothing recorded, no number used.

Two ways: a real, tiny tmpfs mounted over ``sk/`` in a mount namespace of its own
(``unshare -m``; the write itself fails with ENOSPC), and -- where that is not possible
-- ``fsync`` reporting ENOSPC, as it does when the blocks are allocated late.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from toolkit import KEY_PASSPHRASE
from toolkit.decrees import DecreeBench as Bench

from ujikon.domain.decree import DecreeState
from ujikon.domain.states import CaseState
from ujikon.errors import StoreError

ISSUER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ujikon.service.decrees import DecreeDesk
    from ujikon.errors import UjikonError
    from ujikon.law import load_catalogue
    from ujikon.service.cases import Service
    from ujikon.store import open_store

    url, workdir, decree_id, passphrase = sys.argv[1:]
    desk = DecreeDesk(Service(open_store(url), load_catalogue()), Path(workdir))
    try:
        desk.issue("budi", decree_id, {"ppid": passphrase.encode()})
    except UjikonError as exc:
        print("ERROR", type(exc).__name__, exc)
        sys.exit(exc.exit_code)
    print("issued")
    """
)


def _nothing_recorded(bench: Bench, decree_id: str, head: object) -> None:
    assert bench.service.log.head() == head
    assert bench.desk.get(decree_id).state is DecreeState.DRAFT
    assert all(bench.service.get_case(r).state is CaseState.APPROVED for r in bench.cases)
    assert bench.service.log.verify_chain().ok


def _can_mount_tmpfs() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /mnt && umount /mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_tmpfs(), reason="no mount namespace with tmpfs here")
def test_a_full_disk_while_writing_the_pdf(bench: Bench) -> None:
    draft = bench.desk.draft("budi", None)
    head = bench.service.log.head()
    sk = bench.workdir / "sk"
    sk.mkdir()
    script = (
        'mount -t tmpfs -o size=32k tmpfs "$1" && shift && "$@"; rc=$?; '
        'echo "LEFT:"; find "$SK" -type f; exit $rc'
    )
    result = subprocess.run(
        [
            "unshare", "-m", "sh", "-c", script, "sh", str(sk),
            sys.executable, "-c", ISSUER, bench.url, str(bench.workdir), draft.decree_id,
            KEY_PASSPHRASE,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SK": str(sk)},
    )  # fmt: skip
    out = result.stdout
    assert result.returncode == StoreError.exit_code, (out, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert "ERROR StoreError" in out
    assert "ruang disk" in out.lower() and "no space left" in out.lower()
    assert ".tmp" in out.split("LEFT:")[0], "the message names the file"
    assert out.split("LEFT:")[1].split() == [], "no temporary file was left"
    _nothing_recorded(bench, draft.decree_id, head)
    # With room again, the same draft is issued, with number 001.
    issued = bench.desk.issue("budi", draft.decree_id, bench.passphrases)
    assert issued.decree.issue is not None and issued.decree.issue.serial == 1


def test_fsync_reporting_a_full_disk(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = bench.desk.draft("budi", None)
    head = bench.service.log.head()
    real_fsync = os.fsync

    def full(fd: int) -> None:
        if os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).endswith(".tmp"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StoreError) as caught:
        bench.desk.issue("budi", draft.decree_id, bench.passphrases)
    monkeypatch.setattr(os, "fsync", real_fsync)
    text = str(caught.value)
    assert "ruang disk" in text.lower() and "no space left" in text.lower()
    assert str(bench.workdir / "sk") in text and ".tmp" in text
    sk = bench.workdir / "sk"
    assert [p for p in sk.rglob("*") if p.is_file()] == []
    _nothing_recorded(bench, draft.decree_id, head)
    issued = bench.desk.issue("budi", draft.decree_id, bench.passphrases)
    assert issued.decree.issue is not None and issued.decree.issue.serial == 1
