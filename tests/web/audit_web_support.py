"""Helpers of the auditor's page tests: development signing keys, a decree issued and
signed in the web bench's workspace, and a hand that edits the database directly."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from web_support import WebBench

from ujikon.canonical import canonical_json
from ujikon.documents.keys import DevCA, create_dev_ca
from ujikon.store.sql import SqlEventLog

__all__ = ["PASSPHRASE", "PROFILE", "IssuedDecree", "edit_payload", "issue_decree", "web_keys"]

PASSPHRASE = b"kata-sandi-web-audit"
SIGNER = "Drs. Budi Santoso, M.Si."
PROFILE = {
    "name": "Pemerintah Kabupaten Sukamaju",
    "place": "Sukamaju",
    "letterhead": ["PEMERINTAH KABUPATEN SUKAMAJU", "DINAS KOMUNIKASI DAN INFORMATIKA"],
    "address": "Jalan Merdeka No. 1, Sukamaju",
    "signers": [
        {
            "role": "ppid",
            "office": "PPID Utama Pemerintah Kabupaten Sukamaju",
            "name": SIGNER,
            "nip": "197204161998031004",
        }
    ],
}


@dataclass(frozen=True)
class IssuedDecree:
    number: str
    case_ref: str
    path: Path
    pdf: bytes


@pytest.fixture(scope="session")
def web_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DevCA]:
    """A development CA and the PPID's key, made once for the session."""
    directory = tmp_path_factory.mktemp("web-audit-keys")
    ca = create_dev_ca(
        directory,
        body_name="Pemerintah Kabupaten Sukamaju",
        signers=[("ppid", SIGNER)],
        passphrase=PASSPHRASE,
    )
    return directory, ca


def issue_decree(web: WebBench, keys: tuple[Path, DevCA]) -> IssuedDecree:
    """The keys copied into the workspace, the body's profile set by the admin, a sample
    case walked by siti and approved by budi, and a decree on it issued by budi."""
    keys_dir, _ca = keys
    target = web.workspace.keys_dir
    target.mkdir(parents=True, exist_ok=True)
    for name in ("ppid.p12", "dev-ca.pem"):
        shutil.copy(keys_dir / name, target / name)
    desk = web.app.state.ujikon.desk
    desk.set_profile("root", PROFILE)
    case_id = web.import_sample("01-rekam-medis-pegawai.yaml", by="siti")
    ref = web.service.act("budi", case_id, "approve", {"comments": "Disetujui."}).ref
    draft = desk.draft("budi", [ref], "Triwulan IV")
    result = desk.issue("budi", draft.decree_id, {"ppid": PASSPHRASE})
    record = result.decree.issue
    assert record is not None
    return IssuedDecree(record.number, ref, result.path, result.path.read_bytes())


def edit_payload(web: WebBench, seq: int, change: dict[str, object]) -> None:
    """Change one word of an event's payload in the database, behind ujikon's back."""
    log = web.service.log
    assert isinstance(log, SqlEventLog)
    with log.engine.begin() as conn:
        stored = conn.execute(
            sa.text("SELECT payload FROM events WHERE seq = :s"), {"s": seq}
        ).scalar_one()
        payload = json.loads(stored)
        payload.setdefault("data", {}).update(change)
        conn.execute(
            sa.text("UPDATE events SET payload = :p WHERE seq = :s"),
            {"p": canonical_json(payload), "s": seq},
        )
