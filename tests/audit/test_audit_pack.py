"""Evidence packs: ``ujikon audit pack`` writes one, ``ujikon audit verify-pack`` checks a
copy on a machine with no workspace -- and names the first problem of a pack that was
edited (a line of events.jsonl, a dropped or swapped line, a PDF, the manifest)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ujikon.canonical import canonical_json
from ujikon.cli.main import app
from ujikon.errors import InputError
from ujikon.service.audit import EXIT_EVENT_PROBLEM, EXIT_FILE_PROBLEM, AuditFailed
from ujikon.service.evidence import (
    EVENTS_FILE,
    MANIFEST_FILE,
    PACK_FORMAT,
    REPORT_FILE,
    PackRequest,
    verify_pack,
    write_pack,
)

AUDITOR = "dewi"
"""The acting user of the reading commands: an auditor reads the whole log."""


@pytest.fixture(scope="module")
def full_pack(issued: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("packs") / "bukti.zip"
    issued.cli("--as", AUDITOR, "audit", "pack", "--out", str(out))
    return out


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _rewrite(source: Path, target: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    members = _members(source)
    change(members)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return target


def _lines(members: dict[str, bytes]) -> list[bytes]:
    return members[EVENTS_FILE].splitlines(keepends=True)


def _set_lines(members: dict[str, bytes], lines: list[bytes]) -> None:
    members[EVENTS_FILE] = b"".join(lines)


def _rehash_manifest(members: dict[str, bytes]) -> None:
    """Make the manifest agree with the members again (as a careful forger would)."""
    manifest = json.loads(members[MANIFEST_FILE])
    for name in manifest["files"]:
        manifest["files"][name]["sha256"] = hashlib.sha256(members[name]).hexdigest()
    members[MANIFEST_FILE] = json.dumps(manifest).encode()


def _no_workspace_cli(tmp_path: Path, *args: str, code: int) -> Any:
    """``ujikon`` where no workspace exists (and none must be created)."""
    nowhere = tmp_path / "tidak-ada"
    env = {
        "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "FORCE_COLOR": None,
        "UJIKON_WORKSPACE": str(nowhere), "UJIKON_DB": None, "UJIKON_USER": None,
    }  # fmt: skip
    result = CliRunner(env=env).invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == code, result.output
    assert not nowhere.exists()
    return result


# -- writing ------------------------------------------------------------------------------


def test_a_full_pack(issued: Any, full_pack: Path) -> None:
    members = _members(full_pack)
    pdf_name = str(issued.pdf.relative_to(issued.workdir))
    assert set(members) == {EVENTS_FILE, MANIFEST_FILE, REPORT_FILE, pdf_name}
    manifest = json.loads(members[MANIFEST_FILE])
    assert manifest["format"] == PACK_FORMAT
    assert manifest["ujikon_version"]
    assert manifest["catalogue_version"] == issued.service.catalogue.version
    assert manifest["body"] == "Pemerintah Kabupaten Sukamaju"
    lines = members[EVENTS_FILE].splitlines()
    head = manifest["chain_head"]
    assert len(lines) == head["seq"] == manifest["events"]["count"]
    assert json.loads(lines[-1])["hash"] == head["hash"] == manifest["events"]["last_hash"]
    assert manifest["selection"]["kind"] == "all"
    assert manifest["selection"]["decrees"] == [issued.number]
    for name, info in manifest["files"].items():
        assert hashlib.sha256(members[name]).hexdigest() == info["sha256"]
        assert len(members[name]) == info["bytes"]
    assert members[pdf_name] == issued.pdf.read_bytes()
    (decree,) = manifest["decrees"]
    assert decree["number"] == issued.number and decree["file"] == pdf_name
    assert manifest["checked_at_packing"]["ok"] is True
    assert not list(full_pack.parent.glob(".*.tmp"))


def test_events_recheck_by_hand_without_ujikon(full_pack: Path) -> None:
    """The recipe of the report, with nothing but hashlib and json."""
    prev = "0" * 64
    lines = _members(full_pack)[EVENTS_FILE].decode("utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        event = json.loads(line)
        assert line == json.dumps(
            event, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ), "each line is canonical JSON"
        stated = event.pop("hash")
        text = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == stated
        assert event["prev_hash"] == prev and event["seq"] == number
        prev = stated


def test_the_report_is_in_indonesian_then_english(issued: Any, full_pack: Path) -> None:
    report = _members(full_pack)[REPORT_FILE].decode("utf-8")
    indonesian = report.index("LAPORAN VERIFIKASI")
    english = report.index("VERIFICATION REPORT")
    assert indonesian < english
    head = issued.log.head()
    assert "HASIL: UTUH." in report and "RESULT: INTACT." in report
    assert "ujikon audit verify-pack" in report and issued.number in report
    assert f"seq 1 s.d. {head.seq}" in report or "seq 1 s.d." in report
    assert "Pemerintah Kabupaten Sukamaju" in report


def test_verify_pack_without_a_workspace(issued: Any, full_pack: Path, tmp_path: Path) -> None:
    report = verify_pack(full_pack)
    assert report.ok, report.problems
    assert report.signatures_checked
    assert [(d.number, d.pdf_matches, d.signatures) for d in report.decrees] == [
        (issued.number, True, "ok")
    ]
    result = _no_workspace_cli(tmp_path, "audit", "verify-pack", str(full_pack), code=0)
    text = " ".join(result.stdout.split())
    assert f"Paket utuh / pack intact: {report.events} event" in text
    assert "1 SK bertanda tangan utuh / decree signatures intact" in text
    assert "akar tidak tepercaya" in text
    trusted = _no_workspace_cli(
        tmp_path, "audit", "verify-pack", str(full_pack), "--trust", str(issued.ca_pem),
        "--json", code=0,
    )  # fmt: skip
    data = json.loads(trusted.stdout)
    assert data["ok"] is True and data["decrees"][0]["trusted"] is True


def test_a_decree_pack_starts_at_genesis(issued: Any, tmp_path: Path) -> None:
    issued.service.add_user("admin", {"username": "sesudah", "role": "officer"})
    head = issued.log.head()
    out = tmp_path / "sk.zip"
    data = issued.cli_json(
        "--as", AUDITOR, "audit", "pack", "--out", str(out), "--decree", issued.number
    )
    manifest = json.loads(_members(out)[MANIFEST_FILE])
    selection = manifest["selection"]
    assert selection["kind"] == "decree" and selection["decree"] == issued.number
    assert f"decree:{issued.decree_id}" in selection["subjects"]
    assert {f"case:{ref}" for ref in issued.cases} <= set(selection["subjects"])
    last = selection["last_selected_seq"]
    assert manifest["events"] == {**manifest["events"], "first_seq": 1, "last_seq": last}
    assert last < head.seq and data["events"] == last
    assert manifest["chain_head"] == {"seq": head.seq, "hash": head.hash}
    report = verify_pack(out)
    assert report.ok, report.problems
    assert any("Paket sebagian" in note for note in report.notes)


def test_a_date_range_pack(small: Any, tmp_path: Path) -> None:
    first_day = small.log.head().seq
    small.clock.next_day()
    small.service.open_case("siti", {"trigger": {"kind": "proactive"}, "summary": "Hari 2"})
    small.service.open_case("agus", {"trigger": {"kind": "proactive"}, "summary": "Hari 2"})
    small.clock.next_day()
    small.service.open_case("siti", {"trigger": {"kind": "proactive"}, "summary": "Hari 3"})
    out = tmp_path / "rentang.zip"
    small.cli(
        "--as",
        AUDITOR,
        "audit",
        "pack",
        "--out",
        str(out),
        "--since",
        "2026-11-26",
        "--until",
        "2026-11-26",
    )
    manifest = json.loads(_members(out)[MANIFEST_FILE])
    selection = manifest["selection"]
    assert selection["kind"] == "range"
    assert (selection["since"], selection["until"]) == ("2026-11-26", "2026-11-26")
    assert (selection["first_selected_seq"], selection["last_selected_seq"]) == (
        first_day + 1,
        first_day + 2,
    )
    assert selection["selected_events"] == 2
    assert manifest["events"]["count"] == first_day + 2, "from genesis to the last selected"
    assert verify_pack(out).ok
    empty = small.cli(
        "--as",
        AUDITOR,
        "audit",
        "pack",
        "--out",
        str(tmp_path / "kosong.zip"),
        "--since",
        "2027-01-01",
        code=2,
    )
    assert "no event in that date range" in small.flat(empty.output)
    assert not (tmp_path / "kosong.zip").exists()


def test_pack_options_are_checked(small: Any, tmp_path: Path) -> None:
    out = tmp_path / "p.zip"
    small.cli("--as", AUDITOR, "audit", "pack", "--out", str(out))
    again = small.cli("--as", AUDITOR, "audit", "pack", "--out", str(out), code=2)
    assert "--overwrite" in small.flat(again.output)
    small.cli("--as", AUDITOR, "audit", "pack", "--out", str(out), "--overwrite")
    both = small.cli("--as", AUDITOR, "audit", "pack", "--out", str(tmp_path / "q.zip"),
                     "--decree", "X", "--since", "2026-11-25", code=2)  # fmt: skip
    assert "--decree" in small.flat(both.output)
    unknown = small.cli(
        "--as", AUDITOR, "audit", "pack", "--out", str(tmp_path / "q.zip"), "--decree", "X", code=2
    )
    assert "no issued decree" in small.flat(unknown.output)
    with pytest.raises(InputError, match="is after"):
        PackRequest(since=date(2026, 12, 2), until=date(2026, 12, 1))


def test_a_broken_log_is_not_packed_unless_asked(small: Any, tamper: Any, tmp_path: Path) -> None:
    tamper(small.log).edit_payload(7, {"summary": "diubah"})
    out = tmp_path / "rusak.zip"
    with pytest.raises(AuditFailed) as caught:
        write_pack(small.service, small.workdir, out)
    assert caught.value.problem.seq == 7
    assert not out.exists() and not list(tmp_path.glob(".*"))
    result = small.cli("--as", AUDITOR, "audit", "pack", "--out", str(out), code=EXIT_EVENT_PROBLEM)
    assert "event seq 7" in small.flat(result.output) and not out.exists()

    result = small.cli(
        "--as", AUDITOR, "audit", "pack", "--out", str(out), "--allow-broken", code=12
    )
    assert "TIDAK UTUH / NOT INTACT: event seq 7" in small.flat(result.stdout)
    members = _members(out)
    assert json.loads(members[MANIFEST_FILE])["checked_at_packing"]["ok"] is False
    assert "HASIL: TIDAK UTUH" in members[REPORT_FILE].decode()
    report = verify_pack(out)
    assert report.problems[0].seq == 7 and report.problems[0].code == "hash_mismatch"


# -- a copied pack, edited ---------------------------------------------------------------------


def _edit_line(members: dict[str, bytes]) -> None:
    lines = _lines(members)
    event = json.loads(lines[11])
    event["payload"].setdefault("data", {})["catatan"] = "disisipkan"
    lines[11] = (canonical_json(event) + "\n").encode()
    _set_lines(members, lines)


def _drop_line(members: dict[str, bytes]) -> None:
    lines = _lines(members)
    del lines[8]
    _set_lines(members, lines)


def _swap_lines(members: dict[str, bytes]) -> None:
    lines = _lines(members)
    lines[5], lines[6] = lines[6], lines[5]
    _set_lines(members, lines)


def _alter_pdf(name: str) -> Callable[[dict[str, bytes]], None]:
    def change(members: dict[str, bytes]) -> None:
        data = bytearray(members[name])
        middle = len(data) // 2
        data[middle : middle + 4] = b"XXXX"
        members[name] = bytes(data)

    return change


def _alter_pdf_and_manifest(name: str) -> Callable[[dict[str, bytes]], None]:
    def change(members: dict[str, bytes]) -> None:
        _alter_pdf(name)(members)
        _rehash_manifest(members)

    return change


def _drop_pdf(name: str) -> Callable[[dict[str, bytes]], None]:
    return lambda members: members.pop(name) and None


def _add_file(members: dict[str, bytes]) -> None:
    members["sk/2026/SK_palsu.pdf"] = b"%PDF-1.7 palsu"


def _move_head(members: dict[str, bytes]) -> None:
    manifest = json.loads(members[MANIFEST_FILE])
    manifest["chain_head"]["hash"] = "f" * 64
    members[MANIFEST_FILE] = json.dumps(manifest).encode()


def _rewrite_history(members: dict[str, bytes]) -> None:
    """Edit an early event and recompute every hash after it, the manifest too: the
    chain holds again, but the decree recorded the head as it was."""
    lines = [json.loads(line) for line in _lines(members)]
    lines[9]["payload"].setdefault("data", {})["catatan"] = "riwayat ditulis ulang"
    prev = lines[8]["hash"]
    for event in lines[9:]:
        event["prev_hash"] = prev
        event.pop("hash")
        event["hash"] = hashlib.sha256(canonical_json(event).encode()).hexdigest()
        prev = event["hash"]
    _set_lines(members, [(canonical_json(e) + "\n").encode() for e in lines])
    manifest = json.loads(members[MANIFEST_FILE])
    manifest["events"]["last_hash"] = prev
    manifest["chain_head"]["hash"] = prev
    members[MANIFEST_FILE] = json.dumps(manifest).encode()
    _rehash_manifest(members)


PDF = "<pdf>"
CASES: list[tuple[str, Any, tuple[str, str, Any], int]] = [
    # what was done, how, (kind, code, seq or file) of the first problem, exit code
    ("edit-line", _edit_line, ("event", "hash_mismatch", 12), EXIT_EVENT_PROBLEM),
    ("drop-line", _drop_line, ("event", "gap", 9), EXIT_EVENT_PROBLEM),
    ("swap-lines", _swap_lines, ("event", "gap", 6), EXIT_EVENT_PROBLEM),
    ("alter-pdf", _alter_pdf, ("file", "file_hash_mismatch", PDF), EXIT_FILE_PROBLEM),
    ("alter-pdf-and-manifest", _alter_pdf_and_manifest, ("file", "file_hash_mismatch", PDF),
     EXIT_FILE_PROBLEM),
    ("drop-pdf", _drop_pdf, ("file", "missing", PDF), EXIT_FILE_PROBLEM),
    ("add-file", _add_file, ("file", "unlisted", "sk/2026/SK_palsu.pdf"), EXIT_FILE_PROBLEM),
    ("move-head", _move_head, ("pack", "head_mismatch", MANIFEST_FILE), EXIT_FILE_PROBLEM),
    ("rewrite-history", _rewrite_history, ("decree", "anchor_mismatch", "anchor"),
     EXIT_EVENT_PROBLEM),
]  # fmt: skip


@pytest.mark.parametrize(
    ("how", "expected", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_an_edited_pack_names_its_first_problem(
    issued: Any,
    full_pack: Path,
    tmp_path: Path,
    how: Any,
    expected: tuple[str, str, Any],
    code: int,
) -> None:
    pdf = str(issued.pdf.relative_to(issued.workdir))
    change = how(pdf) if how in (_alter_pdf, _alter_pdf_and_manifest, _drop_pdf) else how
    copy = _rewrite(full_pack, tmp_path / "salinan.zip", change)
    report = verify_pack(copy)
    assert not report.ok
    first = report.problems[0]
    kind, problem, where = expected
    assert (first.kind, first.code) == (kind, problem), report.problems
    if kind == "event":
        assert first.seq == where
        what = f"event seq {where}"
    elif kind == "decree":
        record = issued.desk.get(issued.decree_id).issue
        assert first.seq == record.chain_seq and first.decree == issued.number
        what = f"SK / decree {issued.number}"
    else:
        assert first.file == (pdf if where == PDF else where)
        what = f"berkas / file {first.file}"
    assert report.exit_code == code

    result = _no_workspace_cli(tmp_path, "audit", "verify-pack", str(copy), code=code)
    assert " ".join(result.stdout.split()).startswith(f"TIDAK UTUH / NOT INTACT: {what}: ")
    data = json.loads(
        _no_workspace_cli(tmp_path, "audit", "verify-pack", str(copy), "--json", code=code).stdout
    )
    assert data["first_problem"]["code"] == problem


def test_an_altered_pdf_also_fails_its_signature(
    issued: Any, full_pack: Path, tmp_path: Path
) -> None:
    pdf = str(issued.pdf.relative_to(issued.workdir))
    copy = _rewrite(full_pack, tmp_path / "salinan.zip", _alter_pdf_and_manifest(pdf))
    codes = [(p.code, p.file) for p in verify_pack(copy).problems]
    assert ("signature", pdf) in codes or ("decision_mismatch", pdf) in codes, codes


def test_not_a_pack(tmp_path: Path) -> None:
    junk = tmp_path / "bukan.zip"
    junk.write_bytes(b"bukan zip")
    result = _no_workspace_cli(tmp_path, "audit", "verify-pack", str(junk), code=2)
    assert "not a readable ZIP" in " ".join(result.output.split())
    empty = tmp_path / "kosong.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("lain.txt", "x")
    report = verify_pack(empty)
    assert (report.problems[0].kind, report.problems[0].code) == ("pack", "manifest")
    assert report.exit_code == EXIT_FILE_PROBLEM


def test_a_corrupted_member_is_named(full_pack: Path, tmp_path: Path) -> None:
    """Bytes flipped inside the ZIP itself (the CRC no longer holds)."""
    data = bytearray(full_pack.read_bytes())
    with zipfile.ZipFile(full_pack) as zf:
        info = zf.getinfo(EVENTS_FILE)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 200
    data[start : start + 8] = b"\x00" * 8
    broken = tmp_path / "rusak.zip"
    broken.write_bytes(bytes(data))
    report = verify_pack(broken)
    assert not report.ok
    assert report.problems[0].kind in ("event", "pack")


def test_without_pyhanko_signatures_are_said_unchecked(
    full_pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ujikon.service.evidence as evidence

    monkeypatch.setattr(evidence, "signatures_available", lambda: False)
    report = verify_pack(full_pack)
    assert report.ok and not report.signatures_checked
    assert [d.signatures for d in report.decrees] == ["not-checked"]
    assert "signatures not checked (no pyHanko)" in report.summary_lines()[0]
