"""A pack is the word of whoever hands it over: a member that unpacks to more than it
should (a ZIP bomb), an endless line, a path that is no file are refused by name, and
read no further than the limit (rule: bad input gets a clear error, never a traceback)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from test_audit_pack import AUDITOR, _members, _no_workspace_cli

import ujikon.service.evidence as evidence
from ujikon.errors import InputError
from ujikon.service.evidence import EVENTS_FILE, MANIFEST_FILE, verify_pack


@pytest.fixture(scope="module")
def full_pack(issued: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("packs") / "bukti.zip"
    issued.cli("--as", AUDITOR, "audit", "pack", "--out", str(out))
    return out


def _repacked(source: Path, target: Path, name: str, data: bytes) -> Path:
    members = _members(source)
    members[name] = data
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, content in members.items():
            zf.writestr(member, content)
    return target


def test_a_manifest_that_unpacks_beyond_the_limit_is_not_read(
    full_pack: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(evidence, "MEMBER_LIMIT", 64 * 1024)
    bomb = _repacked(full_pack, tmp_path / "bom.zip", MANIFEST_FILE, b" " * (200 * 1024))
    assert bomb.stat().st_size < 100 * 1024  # it is small packed
    report = verify_pack(bomb)
    assert not report.ok
    assert report.problems[0].file == MANIFEST_FILE
    assert "unpacks to more than" in report.problems[0].message


def test_an_events_line_beyond_the_limit_is_not_read(
    full_pack: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(evidence, "EVENT_LINE_LIMIT", 16 * 1024)
    events = _members(full_pack)[EVENTS_FILE]
    endless = _repacked(full_pack, tmp_path / "baris.zip", EVENTS_FILE, b"{" * 40_000 + events)
    report = verify_pack(endless)
    assert not report.ok
    first = report.problems[0]
    assert first.file == EVENTS_FILE and "line longer than" in first.message


def test_a_decree_pdf_that_unpacks_beyond_the_limit_is_not_read(
    issued: Any,
    full_pack: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pdf = str(issued.pdf.relative_to(issued.workdir))
    monkeypatch.setattr(evidence, "MEMBER_LIMIT", 64 * 1024)
    big = _repacked(full_pack, tmp_path / "pdf.zip", pdf, b"%PDF-1.7\n" + b"0" * (200 * 1024))
    report = verify_pack(big)
    assert not report.ok
    assert any(p.file == pdf and "unpacks to more than" in p.message for p in report.problems)


@pytest.mark.parametrize("kind", ["directory", "fifo"])
def test_verify_pack_of_what_is_not_a_file_is_refused(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "bukti.zip"
    if kind == "directory":
        target.mkdir()
    else:
        os.mkfifo(target)  # reading it would wait for ever
    with pytest.raises(InputError, match="not a regular file"):
        verify_pack(target)
    result = _no_workspace_cli(tmp_path, "audit", "verify-pack", str(target), code=2)
    said = " ".join(result.output.split())
    assert ("directory" if kind == "directory" else "not a regular") in said
    assert "Traceback" not in result.output


def test_verify_of_a_device_is_refused_at_once(tmp_path: Path) -> None:
    """``ujikon verify /dev/zero`` used to read until memory ran out."""
    result = _no_workspace_cli(tmp_path, "verify", "/dev/zero", code=2)
    assert "not a regular" in " ".join(result.output.split())
    assert "Traceback" not in result.output
