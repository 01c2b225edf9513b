"""``ujikon decree issue`` and ``decree sign``: each signer from their own account (rule
``signer-own-account``). The PPID Utama's command asks for the PPID's PIN only; the
decree then waits for the Atasan PPID's ``decree sign``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_support import Cli, flat
from test_cli_decree import PROFILE_ARGS, SAMPLES, _env
from typer.testing import CliRunner

HEAD = "head:Ir. Hendra Gunawan, M.T.:196805121994031006:Sekretaris Daerah selaku Atasan PPID"


@pytest.fixture(scope="module")
def waiting(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, str, str]:
    """A decree the PPID Utama issued and signed; it awaits the head. (cli, id, stdout)"""
    workspace = tmp_path_factory.mktemp("signers") / "ws"
    cli = Cli(CliRunner(env=_env(workspace)), workspace)
    cli("init", "--body-name", "Pemerintah Kabupaten Sukamaju")
    cli("user", "add", "admin", "--role", "admin")
    for name, role in (("siti", "officer"), ("budi", "ppid"), ("hendra", "head")):
        cli("user", "add", name, "--role", role, "--unit", "Diskominfo", user="admin")
    case = cli.json("case", "import", str(SAMPLES / "01-rekam-medis-pegawai.yaml"))
    cli("case", "approve", case["case_id"], "--comment", "Setuju", user="budi")
    cli(*PROFILE_ARGS, "--signer", HEAD, user="admin")
    cli("keys", "dev-ca", user="admin")
    draft = cli("decree", "draft", "--all-approved", user="budi")
    found = re.search(r"D-\d{4}-\d{4}", draft.stdout)
    assert found is not None
    issued = cli("decree", "issue", found[0], user="budi")
    return cli, found[0], issued.stdout


def test_the_ppids_issue_leaves_the_decree_awaiting_the_head(waiting: tuple[Cli, str, str]) -> None:
    cli, decree_id, stdout = waiting
    text = flat(stdout)
    assert "menunggu tanda tangan" in text and "Atasan PPID" in text
    assert f"decree sign {decree_id}" in text
    shown = cli.json("decree", "show", decree_id, user="budi")
    assert shown["state"] == "signing" and shown["awaiting"] == ["head"]
    assert shown["issue"] is None and shown["signing"]["number"]
    assert Path(cli.workspace / shown["signing"]["file"]).is_file()


def test_the_ppid_cannot_sign_for_the_head(waiting: tuple[Cli, str, str]) -> None:
    cli, decree_id, _ = waiting
    refused = cli("decree", "sign", decree_id, user="budi", code=3)
    assert "signer-own-account" in flat(refused.output)
    assert cli.json("decree", "show", decree_id, user="budi")["state"] == "signing"


def test_the_head_signs_by_number_and_the_decree_is_issued(
    waiting: tuple[Cli, str, str],
) -> None:
    cli, decree_id, _ = waiting
    number = cli.json("decree", "show", decree_id, user="hendra")["signing"]["number"]
    signed = cli("decree", "sign", number, user="hendra")
    text = flat(signed.stdout)
    assert f"decree issued: {number}" in text and "ujikon verify" in text
    shown = cli.json("decree", "show", decree_id, user="hendra")
    assert shown["state"] == "issued"
    assert [s["role"] for s in shown["issue"]["signers"]] == ["ppid", "head"]
    pdf = cli.workspace / shown["issue"]["file"]
    cli("verify", str(pdf), "--trust", str(cli.workspace / "keys" / "dev-ca.pem"))
    assert not list(pdf.parent.glob("*.menunggu-ttd.pdf"))
