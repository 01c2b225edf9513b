"""``ujikon body``, ``keys``, ``decree`` and ``verify``: a real decree, rendered and signed.

Rendering and signing take a second or two, so one workspace is built per module
(:func:`built`): the profile, a development CA, two sample cases approved by a PPID
who did not draft them, one decree issued -- with the refusals that must cost nothing
(no profile, no key, a wrong passphrase) tried on the way and kept for the tests to
look at. Tests that change the workspace (revoking, importing keys) work on a copy.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cli_support import Cli, flat
from typer.testing import CliRunner, Result

from ujikon.cli.main import app
from ujikon.domain.body import roman_month
from ujikon.domain.decree import serial_subject
from ujikon.service.workspace import Workspace

SAMPLES = Path(__file__).resolve().parents[2] / "ujikon" / "samples"
PASSPHRASE = "rahasia-uji-123"
PPID_NAME = "Drs. Budi Santoso, M.Si."
PPID_NIP = "19700101 199503 1 001"
PPID_OFFICE = "PPID UTAMA PEMERINTAH KABUPATEN SUKAMAJU"
PROFILE_ARGS = (
    "body", "set", "--name", "Pemerintah Kabupaten Sukamaju", "--place", "Sukamaju",
    "--letterhead", "PEMERINTAH KABUPATEN SUKAMAJU",
    "--letterhead", "PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI",
    "--address", "Jl. Merdeka No. 1, Sukamaju", "--contact", "ppid@sukamajukab.go.id",
    "--signer", f"ppid:{PPID_NAME}:{PPID_NIP}:{PPID_OFFICE}",
    "--rule", "Peraturan Bupati Sukamaju Nomor 12 Tahun 2024 tentang Layanan Informasi Publik",
)  # fmt: skip


def _env(workspace: Path, **extra: str | None) -> dict[str, str | None]:
    env: dict[str, str | None] = {
        "COLUMNS": "100",
        "LINES": "50",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "FORCE_COLOR": None,
        "UJIKON_WORKSPACE": str(workspace),
        "UJIKON_DB": None,
        "UJIKON_USER": None,
        "UJIKON_KEY_PASSPHRASE": PASSPHRASE,
        "UJIKON_KEY_PASSPHRASE_PPID": None,
        "UJIKON_KEY_PASSPHRASE_HEAD": None,
    }
    env.update(extra)
    return env


def run(cli: Cli, *args: str, user: str | None = None, env: Mapping[str, str | None]) -> Result:
    """``ujikon`` with a different environment for this one call (exit code not checked)."""
    argv = ["--as", user, *args] if user else list(args)
    result = cli.runner.invoke(app, argv, env=dict(env))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def numbers_taken(workspace: Path, year: int) -> int:
    """How many decree numbers of ``year`` the log has given."""
    service = Workspace.locate(workspace).open()
    try:
        return service.log.version(serial_subject(year))
    finally:
        service.log.close()


def files_under(directory: Path) -> list[str]:
    if not directory.exists():
        return []
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file())


@dataclass
class Built:
    cli: Cli
    workspace: Path
    cases: list[str]
    decree_id: str
    draft: Result
    preview: Result
    no_profile: Result
    no_key: Result
    wrong_passphrase: Result
    issued: Result
    number: str
    pdf: Path
    year: int
    month: int
    before_issue: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("decree")
    workspace = root / "ws"
    cli = Cli(CliRunner(env=_env(workspace)), workspace)
    cli("init", "--body-name", "Pemerintah Kabupaten Sukamaju")
    cli("user", "add", "admin", "--role", "admin")
    for name, role in (("siti", "officer"), ("wulan", "officer"), ("budi", "ppid")):
        cli("user", "add", name, "--role", role, "--unit", "Diskominfo", user="admin")
    cases = []
    for sample in ("01-rekam-medis-pegawai.yaml", "05-data-wajib-pajak.yaml"):
        case = cli.json("case", "import", str(SAMPLES / sample))
        cli("case", "approve", case["case_id"], "--comment", "Setuju", user="budi")
        cases.append(case["case_id"])

    draft = cli("decree", "draft", "--all-approved", "--note", "Triwulan IV", user="budi")
    decree_id = re.search(r"D-\d{4}-\d{4}", draft.stdout)
    assert decree_id is not None, draft.stdout

    before: dict[str, Any] = {}
    # No profile yet: refused before anything is rendered or numbered.
    no_profile = cli("decree", "issue", decree_id[0], user="budi", code=None)
    before["after_no_profile"] = files_under(workspace / "sk")
    cli(*PROFILE_ARGS, user="admin")
    preview = cli("decree", "preview", decree_id[0], user="budi")
    # A profile, but no signing key yet.
    no_key = cli("decree", "issue", decree_id[0], user="budi", code=None)
    cli("keys", "dev-ca", user="admin")
    # A key, but the wrong passphrase.
    wrong = run(
        cli, "decree", "issue", decree_id[0], user="budi",
        env=_env(workspace, UJIKON_KEY_PASSPHRASE="salah-sandi"),
    )  # fmt: skip
    before["after_wrong_passphrase"] = files_under(workspace / "sk")
    before["list"] = cli.json("decree", "list", user="budi")
    year = int(decree_id[0].split("-")[1])
    before["numbers"] = numbers_taken(workspace, year)

    issued = cli("decree", "issue", decree_id[0], user="budi")
    data = cli.json("decree", "show", decree_id[0], user="budi")
    number = data["issue"]["number"]
    dated = data["issue"]["dated"]
    return Built(
        cli=cli,
        workspace=workspace,
        cases=cases,
        decree_id=decree_id[0],
        draft=draft,
        preview=preview,
        no_profile=no_profile,
        no_key=no_key,
        wrong_passphrase=wrong,
        issued=issued,
        number=number,
        pdf=workspace / data["issue"]["file"],
        year=int(dated[:4]),
        month=int(dated[5:7]),
        before_issue=before,
    )


@pytest.fixture
def copy(built: Built, tmp_path: Path) -> Cli:
    """The built workspace, copied: for tests that change it."""
    target = tmp_path / "ws"
    shutil.copytree(built.workspace, target)
    return Cli(CliRunner(env=_env(target)), target)


def _refusal(result: Result, code: int) -> str:
    assert result.exit_code == code, f"exit {result.exit_code}, expected {code}:\n{result.output}"
    assert result.stdout == "", "errors go to stderr only"
    message = flat(result.stderr)
    assert message.startswith("Galat / Error"), message
    return message


# -- the profile and the keys -----------------------------------------------------------


def test_body_show(built: Built) -> None:
    profile = built.cli.json("body", "show")
    assert profile["name"] == "Pemerintah Kabupaten Sukamaju"
    assert profile["place"] == "Sukamaju"
    assert profile["letterhead"][1] == "PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI"
    assert profile["signers"] == [
        {
            "role": "ppid", "office": PPID_OFFICE, "name": PPID_NAME, "nip": PPID_NIP,
            "rank": "", "key_name": "", "username": "", "above": "",
        }
    ]  # fmt: skip
    assert profile["own_rules"][0].startswith("Peraturan Bupati Sukamaju Nomor 12")
    text = flat(built.cli("body", "show").stdout)
    assert "Contoh nomor / Example number 188.4/001/PPID/" in text
    assert "Drs. Budi Santoso" in text and PPID_NIP in text


def test_body_set_changes_only_the_given_fields(copy: Cli) -> None:
    copy("body", "set", "--contact", "(0261) 123456", "--tsa-url", "", user="admin")
    profile = copy.json("body", "show")
    assert profile["contact"] == "(0261) 123456"
    assert profile["place"] == "Sukamaju"
    assert profile["signers"][0]["name"] == PPID_NAME


def test_body_set_with_a_logo_and_a_file(copy: Cli, tmp_path: Path) -> None:
    logo = tmp_path / "lambang.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    source = tmp_path / "profil.yaml"
    source.write_text("address: Jl. Pahlawan 2\nnumber_unit: PPID-SKJ\n", encoding="utf-8")
    copy("body", "set", "--file", str(source), "--logo", str(logo), user="admin")
    profile = copy.json("body", "show")
    assert profile["address"] == "Jl. Pahlawan 2"
    assert profile["number_unit"] == "PPID-SKJ"
    assert profile["logo_file"] == "lambang.svg"
    assert (copy.workspace / "assets" / "lambang.svg").read_bytes() == logo.read_bytes()


def test_body_set_by_a_non_admin_is_refused_and_copies_no_logo(copy: Cli, tmp_path: Path) -> None:
    logo = tmp_path / "lambang.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    message = _refusal(copy("body", "set", "--logo", str(logo), user="budi", code=3), 3)
    assert "admin-manages-workspace" in message
    assert not (copy.workspace / "assets" / "lambang.png").exists()


def test_bad_signer_option(copy: Cli) -> None:
    message = _refusal(copy("body", "set", "--signer", "bupati:Nama", user="admin", code=2), 2)
    assert "ROLE:NAMA:NIP:JABATAN" in message


def test_dev_ca_says_it_is_not_for_real_use(built: Built) -> None:
    keys = built.cli.json("keys", "list")
    assert [k["key_name"] for k in keys] == ["ppid"]
    assert keys[0]["is_dev"] is True and keys[0]["file_present"] is True
    assert "(DEV)" in keys[0]["subject"]
    assert (built.workspace / "keys" / "dev-ca.pem").is_file()
    assert (built.workspace / "keys" / "ppid.p12").is_file()
    assert not [p for p in (built.workspace / "keys").iterdir() if p.name.startswith(".")]
    text = flat(built.cli("keys", "list").stdout)
    assert "PENGEMBANGAN" in text and "NOT trusted" in text


def test_dev_ca_output(copy: Cli) -> None:
    result = copy("keys", "dev-ca", "--overwrite", user="admin")
    text = flat(result.stdout)
    assert "DEVELOPMENT keys, NOT trusted for real use" in text
    assert f"ujikon verify FILE.pdf --trust {copy.workspace / 'keys' / 'dev-ca.pem'}" in text


def test_dev_ca_refuses_to_overwrite(copy: Cli) -> None:
    before = (copy.workspace / "keys" / "ppid.p12").read_bytes()
    message = _refusal(copy("keys", "dev-ca", user="admin", code=2), 2)
    assert "--overwrite" in message
    assert (copy.workspace / "keys" / "ppid.p12").read_bytes() == before


def test_dev_ca_by_a_non_admin_writes_no_key(ready: Cli) -> None:
    ready(*PROFILE_ARGS, user="admin")
    result = run(ready, "keys", "dev-ca", user="budi", env=_env(ready.workspace))
    assert "admin-manages-workspace" in _refusal(result, 3)
    assert not (ready.workspace / "keys").exists()
    assert ready.json("keys", "list") == []


def test_dev_ca_without_a_passphrase_and_without_a_terminal(ready: Cli) -> None:
    ready(*PROFILE_ARGS, user="admin")
    result = run(
        ready, "keys", "dev-ca", user="admin",
        env=_env(ready.workspace, UJIKON_KEY_PASSPHRASE=None),
    )  # fmt: skip
    message = _refusal(result, 2)
    assert "UJIKON_KEY_PASSPHRASE" in message and "no terminal" in message
    assert not (ready.workspace / "keys").exists()


def test_keys_import(copy: Cli, tmp_path: Path) -> None:
    source = tmp_path / "asli.p12"
    shutil.copyfile(copy.workspace / "keys" / "ppid.p12", source)
    wrong = run(
        copy, "keys", "import", str(source), "--key-name", "cadangan", user="admin",
        env=_env(copy.workspace, UJIKON_KEY_PASSPHRASE_CADANGAN="salah"),
    )  # fmt: skip
    assert "passphrase" in _refusal(wrong, 8)
    assert not (copy.workspace / "keys" / "cadangan.p12").exists()
    assert [k["key_name"] for k in copy.json("keys", "list")] == ["ppid"]

    result = copy("keys", "import", str(source), "--key-name", "cadangan", user="admin")
    assert "(DEV)" in result.stdout
    assert (copy.workspace / "keys" / "cadangan.p12").read_bytes() == source.read_bytes()
    assert [k["key_name"] for k in copy.json("keys", "list")] == ["cadangan", "ppid"]


def test_passphrase_is_never_an_option(built: Built) -> None:
    from typer.main import get_command

    for argv in (
        ["decree", "issue", built.decree_id, "--passphrase", PASSPHRASE],
        ["keys", "dev-ca", "--passphrase", PASSPHRASE],
        ["keys", "import", "x.p12", "--key-name", "ppid", "--passphrase", PASSPHRASE],
    ):
        result = built.cli(*argv, user="admin", code=2)
        assert "--passphrase" in flat(result.output)
        assert "No such option" in flat(result.output)

    def params(command: Any) -> list[str]:
        names = [o for p in getattr(command, "params", []) for o in getattr(p, "opts", [])]
        for sub in getattr(command, "commands", {}).values():
            names += params(sub)
        return names

    # Flags that say *where* a secret comes from (``--password-stdin``) carry none.
    secret_options = [
        n for n in params(get_command(app)) if "pass" in n.lower() and not n.endswith("-stdin")
    ]
    assert not secret_options


# -- drafting, previewing, issuing ---------------------------------------------------------


def test_draft_names_its_cases(built: Built) -> None:
    assert built.decree_id == f"D-{built.year}-0001"
    text = flat(built.draft.stdout)
    for case_id in built.cases:
        assert f"{case_id}/1" in text


def test_preview_writes_an_unsigned_pdf(built: Built) -> None:
    path = built.workspace / "previews" / f"{built.decree_id}.pdf"
    assert str(path) in flat(built.preview.stdout)
    assert path.read_bytes().startswith(b"%PDF-")
    assert b"/ByteRange" not in path.read_bytes()


def test_preview_to_a_chosen_file(built: Built, tmp_path: Path) -> None:
    target = tmp_path / "lihat" / "sk.pdf"
    built.cli("decree", "preview", built.decree_id, "--out", str(target), user="budi")
    assert target.read_bytes().startswith(b"%PDF-")


def test_issue_without_a_profile_consumed_nothing(built: Built) -> None:
    message = _refusal(built.no_profile, 2)
    assert "body set" in message
    assert built.before_issue["after_no_profile"] == []


def test_issue_without_a_key_consumed_nothing(built: Built) -> None:
    message = _refusal(built.no_key, 2)
    assert "ppid" in message and "keys dev-ca" in message


def test_wrong_passphrase_consumed_nothing(built: Built) -> None:
    message = _refusal(built.wrong_passphrase, 8)
    assert "passphrase" in message
    assert built.before_issue["after_wrong_passphrase"] == []
    assert built.before_issue["numbers"] == 0
    [draft] = built.before_issue["list"]
    assert draft["state"] == "draft" and draft["issue"] is None


def test_issue_takes_the_first_number(built: Built) -> None:
    expected = f"188.4/001/PPID/{roman_month(built.month)}/{built.year}"
    assert built.number == expected
    assert re.fullmatch(r"188\.4/001/PPID/[IVX]+/\d{4}", built.number)
    assert built.pdf.is_file() and built.pdf.read_bytes().startswith(b"%PDF-")
    text = flat(built.issued.stdout)
    assert f"decree issued: {expected}" in text
    assert str(built.pdf) in text
    recorded = built.cli.json("decree", "show", built.decree_id, user="budi")["issue"]["pdf_sha256"]
    assert recorded in text
    assert PPID_NAME in text
    ca = built.workspace / "keys" / "dev-ca.pem"
    assert f"ujikon verify {built.pdf} --trust {ca}" in text
    assert numbers_taken(built.workspace, built.year) == 1


def test_issued_cases_are_decreed(built: Built) -> None:
    for case_id in built.cases:
        case = built.cli.json("case", "show", case_id, user="budi")
        assert case["state"] == "decreed"


def test_decree_list_and_show(built: Built) -> None:
    decrees = built.cli.json("decree", "list", user="budi")
    assert [(d["decree_id"], d["state"]) for d in decrees] == [(built.decree_id, "issued")]
    by_number = built.cli.json("decree", "show", built.number, user="budi")
    assert by_number["decree_id"] == built.decree_id
    assert by_number["cases"] == [f"{c}/1" for c in built.cases]
    assert by_number["issue"]["signers"][0]["nip"] == PPID_NIP
    text = flat(built.cli("decree", "list", user="budi").stdout)
    assert built.number in text and "terbit / issued" in text
    shown = flat(built.cli("decree", "show", built.decree_id, user="budi").stdout)
    assert built.number in shown and "Triwulan IV" in shown


def test_issuing_again_is_refused_and_takes_no_number(built: Built) -> None:
    before = files_under(built.workspace / "sk")
    message = _refusal(built.cli("decree", "issue", built.decree_id, user="budi", code=3), 3)
    assert "decree-state" in message
    assert files_under(built.workspace / "sk") == before
    assert numbers_taken(built.workspace, built.year) == 1


def test_draft_with_no_cases_is_refused(built: Built) -> None:
    before = built.cli.json("decree", "list", user="budi")
    message = _refusal(built.cli("decree", "draft", "--all-approved", user="budi", code=3), 3)
    assert "Aturan / Rule: decree-lists-cases" in message
    assert built.cli.json("decree", "list", user="budi") == before


def test_draft_with_a_case_not_approved_is_refused(built: Built) -> None:
    case = built.cli.json("case", "import", str(SAMPLES / "08-kontrak-pekerjaan-jalan.yaml"))
    before = built.cli.json("decree", "list", user="budi")
    result = built.cli("decree", "draft", "--case", case["case_id"], user="budi", code=3)
    message = _refusal(result, 3)
    assert re.search(r"Aturan / Rule: decree-(needs-approved|lists-exemptions)", message)
    assert built.cli.json("decree", "list", user="budi") == before
    decreed = built.cli("decree", "draft", "--case", built.cases[0], user="budi", code=3)
    assert "decree-needs-approved" in _refusal(decreed, 3)
    assert built.cli.json("decree", "list", user="budi") == before


def test_draft_needs_cases_or_all_approved(built: Built) -> None:
    message = _refusal(built.cli("decree", "draft", user="budi", code=2), 2)
    assert "--all-approved" in message


def test_unknown_decree(built: Built) -> None:
    _refusal(built.cli("decree", "show", "D-2026-0999", code=5, user="budi"), 5)
    _refusal(built.cli("decree", "show", "188.4/999/PPID/I/2026", code=5, user="budi"), 5)


# -- verifying ---------------------------------------------------------------------------


def _dev_ca(built: Built) -> str:
    return str(built.workspace / "keys" / "dev-ca.pem")


def test_verify_with_the_workspace_names_the_dev_ca_only_when_asked(built: Built) -> None:
    untrusted = built.cli("verify", str(built.pdf), code=14)
    assert "SAH / VALID" not in flat(untrusted.stdout).replace("TIDAK SAH / NOT VALID", "")
    result = built.cli("verify", str(built.pdf), "--trust", _dev_ca(built))
    text = flat(result.stdout)
    assert f"{PPID_NAME} (DEV)" in text
    assert "matches the workspace log" in text
    assert "DEVELOPMENT CA" in text
    assert "HASIL / RESULT: SAH / VALID" in text


def test_verify_json(built: Built) -> None:
    result = built.cli("verify", str(built.pdf), "--json", "--trust", _dev_ca(built))
    data = json.loads(result.stdout)
    assert data["ok"] is True
    assert data["number"] == built.number
    assert data["modified_after_signing"] is False
    assert data["decision_matches_qr"] is True
    assert data["log_status"] == "matches" and data["log_notes"] == []
    [signature] = data["signatures"]
    assert signature["signer"] == f"{PPID_NAME} (DEV)"
    assert signature["intact"] is True and signature["is_dev"] is True
    assert signature["trusted"] is True  # the dev CA was named as a trust root
    assert signature["timestamp"] is None


def test_verify_without_any_workspace(built: Built, tmp_path: Path) -> None:
    nowhere = tmp_path / "tidak-ada"
    offline = Cli(CliRunner(env=_env(nowhere)), nowhere)
    result = offline("verify", str(built.pdf), code=14)
    text = flat(result.stdout)
    assert "log not checked" in text and "not trusted" in text
    assert not nowhere.exists()
    trusted = offline(
        "verify", str(built.pdf), "--trust", str(built.workspace / "keys" / "dev-ca.pem"), "--json"
    )
    assert json.loads(trusted.stdout)["signatures"][0]["trusted"] is True


def test_verify_a_tampered_copy(built: Built, tmp_path: Path) -> None:
    data = bytearray(built.pdf.read_bytes())
    byte_range = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", data)
    assert byte_range is not None
    start, length = int(byte_range[1]), int(byte_range[2])
    data[start + length // 2] ^= 0x01
    tampered = tmp_path / "diubah.pdf"
    tampered.write_bytes(bytes(data))
    for extra in ((), ("--no-workspace",)):
        result = built.cli("verify", str(tampered), *extra, code=None)
        assert result.exit_code != 0
        text = flat(result.stdout)
        assert "modified" in text.lower() or "DIUBAH" in text or "not intact" in text.lower()
        assert "TIDAK SAH / NOT VALID" in text


def test_verify_a_copy_whose_embedded_decision_is_damaged(built: Built, tmp_path: Path) -> None:
    """A flipped byte inside the compressed keputusan.json: a verdict, never a traceback."""
    data = bytearray(built.pdf.read_bytes())
    kind = re.search(rb"/Type\s*/EmbeddedFile\b", data)
    assert kind is not None
    start = data.index(b"stream", kind.end()) + len(b"stream\n") + 12
    data[start] ^= 0x01
    damaged = tmp_path / "json-rusak.pdf"
    damaged.write_bytes(bytes(data))
    result = built.cli("verify", str(damaged), code=None)
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "TIDAK SAH / NOT VALID" in flat(result.stdout)
    assert "Traceback" not in result.output


def test_verify_a_file_that_is_not_a_pdf(built: Built, tmp_path: Path) -> None:
    fake = tmp_path / "bukan.pdf"
    fake.write_text("ini bukan PDF\n")
    assert "not a PDF" in _refusal(built.cli("verify", str(fake), code=2), 2)
    missing = tmp_path / "tidak-ada.pdf"
    assert "cannot be read" in _refusal(built.cli("verify", str(missing), code=2), 2)


def test_revoked_decree(copy: Cli, built: Built) -> None:
    pdf = copy.workspace / built.pdf.relative_to(built.workspace)
    short = copy("decree", "revoke", built.number, "--reason", "x", user="budi", code=2)
    assert "reason" in _refusal(short, 2)
    copy(
        "decree", "revoke", built.number, "--reason", "Diganti SK baru",
        "--replaced-by", "188.4/002/PPID/XII/2026", user="budi",
    )  # fmt: skip
    assert copy.json("decree", "show", built.number, user="budi")["state"] == "revoked"
    result = copy("verify", str(pdf), code=None)
    assert result.exit_code != 0
    text = flat(result.stdout)
    assert "REVOKED" in text and "Diganti SK baru" in text
    assert json.loads(copy("verify", str(pdf), "--json", code=None).stdout)["log_status"] == (
        "revoked"
    )
    dev_ca = str(copy.workspace / "keys" / "dev-ca.pem")
    offline = copy("verify", str(pdf), "--no-workspace", "--trust", dev_ca)
    text = flat(offline.stdout)
    assert "signatures intact" in text and "SAH / VALID" in text
    again = copy("decree", "revoke", built.number, "--reason", "Lagi", user="budi", code=3)
    assert "decree-state" in _refusal(again, 3)


def test_discard_a_draft(copy: Cli, built: Built) -> None:
    # The approved cases are decreed now; a fresh draft needs a fresh approved case.
    case = copy.json("case", "import", str(SAMPLES / "01-rekam-medis-pegawai.yaml"))
    copy("case", "approve", case["case_id"], user="budi")
    draft = copy.json("decree", "draft", "--case", case["case_id"], user="budi")
    assert draft["decree_id"] == f"D-{built.year}-0002"
    result = copy("decree", "discard", draft["decree_id"], user="budi")
    assert "dibatalkan / discarded" in flat(result.stdout)
    again = copy("decree", "issue", draft["decree_id"], user="budi", code=3)
    assert "decree-state" in _refusal(again, 3)
    assert numbers_taken(copy.workspace, built.year) == 1


def test_body_set_gives_the_tembusan_the_typeface_and_the_size(copy: Cli) -> None:
    copy("body", "set", "--copy", "Bupati Sukamaju (sebagai laporan)",
         "--copy", "Komisi Informasi Provinsi Jawa Barat", "--font", "sans",
         "--font-size", "12", user="admin")  # fmt: skip
    profile = copy.json("body", "show", user="admin")
    assert profile["copies"] == [
        "Bupati Sukamaju (sebagai laporan)",
        "Komisi Informasi Provinsi Jawa Barat",
    ]
    assert (profile["font"], profile["font_size_pt"]) == ("sans", 12)
    refused = copy("body", "set", "--font", "comic", user="admin", code=2)
    assert "font" in flat(refused.output)


def _pdf_text(path: Path) -> str:
    import subprocess

    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return flat(done.stdout)


def test_case_sheet_prints_one_berita_acara_alone(built: Built, tmp_path: Path) -> None:
    """The decree's LAMPIRAN II sheet of one case, printable on its own."""
    target = tmp_path / "ba.pdf"
    built.cli("case", "sheet", built.cases[0], "--out", str(target), user="budi")
    text = _pdf_text(target)
    assert "BERITA ACARA UJI KONSEKUENSI" in text
    assert "Pada hari ini" in text
    assert f"Lampiran II Keputusan Nomor {built.number}" in text
    assert built.cases[0] in text


def test_case_sheet_is_a_reading_command_with_its_refusals(copy: Cli, tmp_path: Path) -> None:
    plan = SAMPLES / "02-berkas-penyidikan-ppns.yaml"
    imported = copy.json("case", "import", str(plan), user="siti")
    target = tmp_path / "ba.pdf"
    copy("case", "sheet", imported["case_id"], "--out", str(target), code=6)  # nobody acting
    assert not target.exists()
    copy("case", "sheet", imported["case_id"], "--out", str(target), user="siti")
    assert "Belum ditetapkan dalam keputusan" in _pdf_text(target)
    opened = copy.json("case", "new", "--trigger", "proactive", "--summary", "Belum diuji",
                       user="siti")  # fmt: skip
    refused = copy("case", "sheet", opened["case_id"], "--out", str(tmp_path / "b.pdf"),
                   user="siti", code=2)  # fmt: skip
    assert "every step" in flat(refused.output)
    assert not (tmp_path / "b.pdf").exists()
