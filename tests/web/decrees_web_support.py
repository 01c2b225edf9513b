"""The decree pages' bench: the web workspace with a body profile, development signing
keys in its ``keys/`` folder and two approved exempt cases, on each store backend."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from web_support import WebBench

from ujikon.documents.keys import DevCA, create_dev_ca
from ujikon.domain.decree import Decree
from ujikon.service.decrees import DecreeDesk

__all__ = [
    "PASSPHRASE",
    "PROFILE",
    "DecreeWeb",
    "decree_web",
    "web_dev_keys",
]

PASSPHRASE = "pin-kunci-uji-2026"
BODY = "Pemerintah Kabupaten Sukamaju"
PPID_SIGNER = {
    "role": "ppid",
    "office": "PPID Utama Pemerintah Kabupaten Sukamaju",
    "name": "Drs. Budi Santoso, M.Si.",
    "nip": "197204161998031004",
}
HEAD_SIGNER = {
    "role": "head",
    "office": "Sekretaris Daerah selaku Atasan PPID",
    "name": "Ir. Hendra Gunawan, M.T.",
    "nip": "196805121994031006",
}
PROFILE = {
    "name": BODY,
    "place": "Sukamaju",
    "letterhead": ["PEMERINTAH KABUPATEN SUKAMAJU", "DINAS KOMUNIKASI DAN INFORMATIKA"],
    "address": "Jalan Merdeka No. 1, Sukamaju",
    "signers": [PPID_SIGNER],
}
SAMPLES = ("01-rekam-medis-pegawai.yaml", "05-data-wajib-pajak.yaml")


@dataclass
class DecreeWeb:
    web: WebBench
    ca: DevCA
    cases: list[str]
    """The approved cases' refs (``UK-2026-0001/1``), in the order they were approved."""

    @property
    def desk(self) -> DecreeDesk:
        desk: DecreeDesk = self.web.app.state.ujikon.desk
        return desk

    @property
    def passphrases(self) -> dict[str, bytes | None]:
        return {"ppid": PASSPHRASE.encode(), "head": PASSPHRASE.encode()}

    def draft(self, refs: list[str] | None = None) -> Decree:
        """A draft by the PPID Utama, through the desk (not the pages)."""
        return self.desk.draft("budi", refs or self.cases)

    def issued(self, refs: list[str] | None = None) -> Decree:
        """An issued, signed decree, through the desk (not the pages)."""
        draft = self.draft(refs)
        return self.desk.issue("budi", draft.decree_id, self.passphrases).decree

    def with_head_signing(self) -> None:
        """The profile lists the head as a second signer."""
        self.desk.set_profile("root", {"signers": [PPID_SIGNER, HEAD_SIGNER]})


@pytest.fixture(scope="session")
def web_dev_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DevCA]:
    """A development CA with a PPID key and a head key, made once (RSA keys are slow)."""
    directory = tmp_path_factory.mktemp("web-keys")
    ca = create_dev_ca(
        directory,
        body_name=BODY,
        signers=[("ppid", PPID_SIGNER["name"]), ("head", HEAD_SIGNER["name"])],
        passphrase=PASSPHRASE.encode(),
    )
    return directory, ca


@pytest.fixture
def decree_web(web: WebBench, web_dev_keys: tuple[Path, DevCA]) -> Iterator[DecreeWeb]:
    keys_dir, ca = web_dev_keys
    target = web.workspace.directory / "keys"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("ppid.p12", "head.p12", "dev-ca.pem"):
        (target / name).write_bytes((keys_dir / name).read_bytes())
    bench = DecreeWeb(web, ca, [])
    bench.desk.set_profile("root", PROFILE)
    for sample in SAMPLES:
        case_id = web.import_sample(sample, by="siti")
        approved = web.service.act("budi", case_id, "approve", {"comments": "Disetujui."})
        bench.cases.append(approved.ref)
    yield bench
