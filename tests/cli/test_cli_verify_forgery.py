"""``ujikon verify`` against forgeries of a really issued, signed decree (issue 12).

One workspace per module (:func:`issued`): a body whose profile names two signers, the
PPID Utama and the Atasan PPID, development keys, one decree issued and signed by both.
Every attack starts from the bytes of that file and is built the way a forger would
build it (the forgers of ``cli_support``): cut revisions, an edited ``keputusan.json`` and
``/UjikonQR`` re-signed with self-made certificates in the signers' names, an edited
info key, an incremental update, a signature missing, an extra one, a signature by the
wrong person. Each gets its own verdict and exit code; the genuine file still passes.
The web verification page is checked to give the same verdicts.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    Cli,
    append_content_revision,
    auditor_client,
    edit_decision,
    edit_info_key,
    first_revision,
    flat,
    resign,
    revision_ends,
    self_signed_signer,
)
from test_cli_decree import PROFILE_ARGS, SAMPLES, _env
from typer.testing import CliRunner, Result

from ujikon.documents.signing import SignSettings, load_signer, sign_pdf

HEAD_NAME = "Ir. Hendra Gunawan, M.T."
PPID_NAME = "Drs. Budi Santoso, M.Si."
HEAD_SIGNER = f"head:{HEAD_NAME}:196805121994031006:Sekretaris Daerah selaku Atasan PPID"
AUDITOR_PASSWORD = "sandi-auditor-uji-2026"

VALID = "HASIL / RESULT: SAH / VALID"
NOT_VALID = "HASIL / RESULT: TIDAK SAH / NOT VALID"
UNTRUSTED = "utuh tetapi penanda tangan tidak dikenal / intact but signer not trusted"


@dataclass
class Issued:
    cli: Cli
    workspace: Path
    pdf: Path
    data: bytes
    number: str
    ca: Path
    forger_dir: Path

    def write(self, name: str, data: bytes) -> Path:
        path = self.forger_dir / name
        path.write_bytes(data)
        return path

    def verify(self, path: Path, *args: str) -> Result:
        return self.cli("verify", str(path), *args, code=None)

    def verify_json(self, path: Path, *args: str) -> dict[str, Any]:
        result = self.cli("verify", str(path), *args, "--json", code=None)
        data: dict[str, Any] = json.loads(result.stdout)
        assert data["exit_code"] == result.exit_code
        return data


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Issued:
    root = tmp_path_factory.mktemp("forgery")
    workspace = root / "ws"
    cli = Cli(CliRunner(env=_env(workspace)), workspace)
    cli("init", "--body-name", "Pemerintah Kabupaten Sukamaju")
    cli("user", "add", "admin", "--role", "admin")
    for name, role in (
        ("siti", "officer"),
        ("budi", "ppid"),
        ("hendra", "head"),
        ("dewi", "auditor"),
    ):
        cli("user", "add", name, "--role", role, "--unit", "Diskominfo", user="admin")
    case = cli.json("case", "import", str(SAMPLES / "01-rekam-medis-pegawai.yaml"))
    cli("case", "approve", case["case_id"], "--comment", "Setuju", user="budi")
    cli(*PROFILE_ARGS, "--signer", HEAD_SIGNER, user="admin")
    cli("keys", "dev-ca", user="admin")
    draft = cli("decree", "draft", "--all-approved", user="budi")
    decree_id = re.search(r"D-\d{4}-\d{4}", draft.stdout)
    assert decree_id is not None
    cli("decree", "issue", decree_id[0], user="budi")
    cli("decree", "sign", decree_id[0], user="hendra")  # the Atasan PPID, from their account
    shown = cli.json("decree", "show", decree_id[0], user="budi")
    pdf = workspace / shown["issue"]["file"]
    forger_dir = root / "pemalsu"
    forger_dir.mkdir()
    return Issued(
        cli,
        workspace,
        pdf,
        pdf.read_bytes(),
        shown["issue"]["number"],
        workspace / "keys" / "dev-ca.pem",
        forger_dir,
    )


def _change_information(decision: dict[str, Any]) -> None:
    decision["items"][0]["information"] = "Tidak ada yang dikecualikan"
    decision["items"][0]["conclusion"]["outcome"] = "open"


# -- the genuine file ---------------------------------------------------------------------


def test_the_genuine_decree_is_valid_with_the_dev_ca_named_and_says_so(issued: Issued) -> None:
    result = issued.verify(issued.pdf, "--trust", str(issued.ca))
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert VALID in text
    assert "with a DEVELOPMENT CA, for testing only" in text
    assert "a DEVELOPMENT CA, trusted only because named with --trust" in text
    # never a bare "trusted: yes" next to the CA that calls itself NOT TRUSTED
    assert "trusted: ya / yes" not in text
    assert "for testing only — a DEVELOPMENT CA given as trust root" in text
    assert f"PPID Utama: {PPID_NAME} — ditandatangani / signed" in text
    assert f"Atasan PPID / head of the body: {HEAD_NAME} — ditandatangani / signed" in text
    assert "printed QR code (p." in text
    assert "matches the printed QR code and the info key" in text
    assert "matches the workspace log" in text
    assert result.stderr == ""
    data = issued.verify_json(issued.pdf, "--trust", str(issued.ca))
    assert data["ok"] is True and data["outcome"] == "valid"
    assert data["development_trust"] is True
    assert data["qr"]["disagreeing"] == [] and len(data["qr"]["printed"]) == 1
    assert data["qr"]["printed"][0] == data["qr"]["info"]
    assert [(s["role"], s["signed"], s["problem"]) for s in data["signers"]] == [
        ("ppid", True, None),
        ("head", True, None),
    ]


def test_a_root_in_the_workspace_trusted_directory_is_used(issued: Issued, tmp_path: Path) -> None:
    copy = tmp_path / "ws"
    shutil.copytree(issued.workspace, copy)
    (copy / "keys" / "trusted").mkdir()
    shutil.copy(issued.ca, copy / "keys" / "trusted" / "akar.pem")
    cli = Cli(CliRunner(env=_env(copy)), copy)
    pdf = copy / issued.pdf.relative_to(issued.workspace)
    result = cli("verify", str(pdf), code=0)
    text = flat(result.stdout)
    assert f"trust root: {copy / 'keys' / 'trusted' / 'akar.pem'}" in text
    assert VALID in text and "DEVELOPMENT CA" in text


# -- (f) intact, but nobody trusted vouches for the signer -------------------------------


@pytest.mark.parametrize("where", ["workspace", "no-workspace"])
def test_f_intact_but_untrusted_is_its_own_verdict_never_zero(issued: Issued, where: str) -> None:
    args = ("--no-workspace",) if where == "no-workspace" else ()
    result = issued.verify(issued.pdf, *args)
    assert result.exit_code == 14, result.output
    text = flat(result.stdout)
    assert f"{NOT_VALID} — {UNTRUSTED}" in text
    assert VALID not in text
    assert "trusted: ya / yes" not in text and "trusted: yes" not in text
    if where == "workspace":
        # the workspace's dev CA is there, but not trusted on its own
        assert "the workspace's development CA is NOT trusted; for tests name it" in text
        assert "matches the workspace log" in text
    data = issued.verify_json(issued.pdf, *args)
    assert data["ok"] is False and data["outcome"] == "untrusted"
    assert all(s["trusted"] is False for s in data["signatures"])
    assert data["trust_roots"] == []


# -- (a) the signed revisions cut off ----------------------------------------------------


def test_a_the_first_revision_alone_is_not_signed(issued: Issued) -> None:
    path = issued.write("revisi-pertama.pdf", first_revision(issued.data))
    for args in (("--trust", str(issued.ca)), ("--no-workspace",)):
        result = issued.verify(path, *args)
        assert result.exit_code == 11, result.output
        assert f"{NOT_VALID} — tidak bertanda tangan / not signed" in flat(result.stdout)


# -- (b) the decision edited, the info key to match, re-signed with self-made certs ------


@pytest.fixture(scope="module")
def forged(issued: Issued) -> Path:
    edited, _ = edit_decision(first_revision(issued.data), _change_information)
    signers = [
        ("ppid", self_signed_signer(issued.forger_dir, PPID_NAME)),
        ("head", self_signed_signer(issued.forger_dir, HEAD_NAME)),
    ]
    return issued.write("palsu.pdf", resign(edited, signers, "Sukamaju"))


@pytest.mark.parametrize(
    "args", [(), ("--no-workspace",), ("--trust", "CA")], ids=["workspace", "offline", "trust"]
)
def test_b_an_edited_decision_re_signed_by_a_self_made_ppid_is_forged(
    issued: Issued, forged: Path, args: tuple[str, ...]
) -> None:
    args = tuple(str(issued.ca) if a == "CA" else a for a in args)
    result = issued.verify(forged, *args)
    assert result.exit_code == 16, result.output
    text = flat(result.stdout)
    assert (
        f"{NOT_VALID} — PALSU: kode QR tercetak di halaman tidak cocok dengan yang lain / "
        "FORGED: the QR code printed on the page disagrees with the rest"
    ) in text
    assert "Drs. Budi Santoso, M.Si., dipercaya / trusted: tidak / no" in text
    data = issued.verify_json(forged, *args)
    assert data["outcome"] == "forged" and data["ok"] is False
    assert data["qr"]["disagreeing"] == ["printed"]
    assert data["qr"]["printed"][0] != data["qr"]["info"]
    assert data["qr"]["info"].endswith(f"sha256={data['qr']['decision_sha256']}")
    assert data["modified_after_signing"] is False  # the forgery itself is "intact"
    assert result.stderr == ""


def test_b_the_genuine_content_re_signed_by_a_self_made_ppid_is_untrusted(
    issued: Issued,
) -> None:
    signers = [
        ("ppid", self_signed_signer(issued.forger_dir, PPID_NAME)),
        ("head", self_signed_signer(issued.forger_dir, HEAD_NAME)),
    ]
    path = issued.write("tanda-tangan-palsu.pdf", resign(first_revision(issued.data), signers, "X"))
    result = issued.verify(path, "--no-workspace", "--trust", str(issued.ca))
    assert result.exit_code == 14, result.output
    assert f"{NOT_VALID} — {UNTRUSTED}" in flat(result.stdout)


# -- (c) only the document-info key edited -----------------------------------------------


def test_c_an_edited_info_key_is_forged_and_named(issued: Issued) -> None:
    other = f"UJIKON-SK/1;{issued.number};sha256={'0' * 64}"
    path = issued.write("info-diubah.pdf", edit_info_key(issued.data, other))
    for args in (("--trust", str(issued.ca)), ("--no-workspace", "--trust", str(issued.ca))):
        result = issued.verify(path, *args)
        assert result.exit_code == 16, result.output
        text = flat(result.stdout)
        assert "FORGED: the document-info key /UjikonQR disagrees with the rest" in text
        assert f"document-info key /UjikonQR: {other}" in text
    assert issued.verify_json(path, "--no-workspace")["qr"]["disagreeing"] == ["info"]


# -- (d) an incremental update after signing ---------------------------------------------


def test_d_an_incremental_update_is_modified_and_the_verdict_comes_alone(issued: Issued) -> None:
    path = issued.write("diubah.pdf", append_content_revision(issued.data))
    result = issued.verify(path, "--trust", str(issued.ca))
    assert result.exit_code == 10, result.output
    assert f"{NOT_VALID} — diubah setelah ditandatangani / modified after signing" in flat(
        result.stdout
    )
    assert result.stderr == ""
    # the real command, in its own process: nothing but the verdict on stdout, nothing
    # at all on stderr (pyHanko's difference analysis logged 40-odd traceback lines)
    env = {k: v for k, v in os.environ.items() if not k.startswith("UJIKON_")}
    env.update(UJIKON_WORKSPACE=str(issued.workspace), COLUMNS="200", NO_COLOR="1")
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "ujikon"),
            "verify",
            str(path),
            "--trust",
            str(issued.ca),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 10, done.stdout + done.stderr
    assert done.stderr == "", done.stderr
    assert "Traceback" not in done.stdout and "no running event loop" not in done.stdout
    assert done.stdout.rstrip().splitlines()[-1].startswith(NOT_VALID)


# -- (e) signers missing, extra or wrong -------------------------------------------------


def test_e_one_of_two_required_signatures_missing_names_who(issued: Issued) -> None:
    ends = revision_ends(issued.data)
    assert len(ends) == 3  # WeasyPrint's, the PPID's, the head's
    path = issued.write("tanpa-atasan.pdf", issued.data[: ends[1]])
    for args in (("--trust", str(issued.ca)), ("--no-workspace", "--trust", str(issued.ca))):
        result = issued.verify(path, *args)
        assert result.exit_code == 15, result.output
        text = flat(result.stdout)
        assert (
            f"{NOT_VALID} — penanda tangan tidak sesuai SK / the signers do not match the "
            f"decree: kurang / missing Atasan PPID / head of the body ({HEAD_NAME})"
        ) in text
        assert "signatures intact, file unchanged since signing" in text
    data = issued.verify_json(path, "--no-workspace", "--trust", str(issued.ca))
    assert [(s["role"], s["signed"]) for s in data["signers"]] == [
        ("ppid", True),
        ("head", False),
    ]


def test_e_an_extra_signature_is_named(issued: Issued) -> None:
    ppid = load_signer(issued.workspace / "keys" / "ppid.p12", b"rahasia-uji-123")
    extra = sign_pdf(issued.data, ppid, SignSettings(field_name="TandaTangan_lain"))
    path = issued.write("tambahan.pdf", extra)
    result = issued.verify(path, "--no-workspace", "--trust", str(issued.ca))
    assert result.exit_code == 15, result.output
    assert "tambahan / extra Drs. Budi Santoso, M.Si. (DEV) (TandaTangan_lain)" in flat(
        result.stdout
    )


def test_e_the_wrong_person_in_a_signers_field_is_named(issued: Issued) -> None:
    head = load_signer(issued.workspace / "keys" / "head.p12", b"rahasia-uji-123")
    swapped = resign(first_revision(issued.data), [("ppid", head), ("head", head)], "X")
    path = issued.write("tertukar.pdf", swapped)
    result = issued.verify(path, "--no-workspace", "--trust", str(issued.ca))
    assert result.exit_code == 15, result.output
    text = flat(result.stdout)
    assert f"field TandaTangan_ppid is signed by {HEAD_NAME} (DEV), not {PPID_NAME}" in text
    assert f"wrong signer for PPID Utama: {HEAD_NAME} (DEV)" in text


# -- the web page gives the same verdicts --------------------------------------------------


def _web_verdict(workspace: Path, files: dict[str, bytes]) -> dict[str, str]:
    pages = {}
    with auditor_client(workspace, AUDITOR_PASSWORD) as client:
        for name, content in files.items():
            token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/verify").text)
            assert token is not None
            response = client.post(
                "/verify",
                data={"csrf_token": token[1]},
                files={"file": (name, content, "application/pdf")},
                follow_redirects=False,
            )
            assert response.status_code == 200, response.text
            pages[name] = response.text
    return pages


def test_the_web_page_gives_the_same_verdicts(issued: Issued, forged: Path, tmp_path: Path) -> None:
    copy = tmp_path / "ws"
    shutil.copytree(issued.workspace, copy)
    missing_head = issued.data[: revision_ends(issued.data)[1]]
    pages = _web_verdict(
        copy,
        {"asli.pdf": issued.data, "palsu.pdf": forged.read_bytes(), "kurang.pdf": missing_head},
    )
    genuine = pages["asli.pdf"]
    assert "verdict-bad" in genuine and "verdict-ok" not in genuine
    assert 'data-exit-code="14"' in genuine and "outcome-untrusted" in genuine
    assert "utuh tetapi penanda tangan tidak dikenal" in genuine
    assert "CA PENGEMBANGAN ruang kerja ini (keys/dev-ca.pem) TIDAK dipakai" in genuine
    fake = pages["palsu.pdf"]
    assert 'data-exit-code="16"' in fake and "PALSU" in fake
    assert "kode QR tercetak di halaman" in fake
    short = pages["kurang.pdf"]
    assert 'data-exit-code="15"' in short and "penanda tangan tidak sesuai SK" in short
    assert HEAD_NAME in short and "TIDAK ADA" in short

    # With a root in keys/trusted/ (here the dev CA, named on purpose), the genuine file
    # is valid on the page too -- and says which kind of CA vouched.
    (copy / "keys" / "trusted").mkdir()
    shutil.copy(issued.ca, copy / "keys" / "trusted" / "akar.pem")
    trusted = _web_verdict(copy, {"asli.pdf": issued.data})["asli.pdf"]
    assert "verdict-ok" in trusted and 'data-exit-code="0"' in trusted
    assert "dengan CA PENGEMBANGAN, hanya untuk uji" in trusted
    assert "akar.pem" in trusted
