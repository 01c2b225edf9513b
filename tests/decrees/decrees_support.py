"""A workspace ready to issue decrees: users, two approved cases, a body profile and
development signing keys, on each store backend."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from toolkit import SAMPLES, add_users, make_service

from ujikon.documents.keys import DevCA, create_dev_ca
from ujikon.service.caseplan import load_plan
from ujikon.service.cases import Service
from ujikon.service.decrees import DecreeDesk

PASSPHRASE = b"kata-sandi-uji"
PROFILE = {
    "name": "Pemerintah Kabupaten Sukamaju",
    "place": "Sukamaju",
    "letterhead": ["PEMERINTAH KABUPATEN SUKAMAJU", "DINAS KOMUNIKASI DAN INFORMATIKA"],
    "address": "Jalan Merdeka No. 1, Sukamaju",
    "signers": [
        {
            "role": "ppid",
            "office": "PPID Utama Pemerintah Kabupaten Sukamaju",
            "name": "Drs. Budi Santoso, M.Si.",
            "nip": "197204161998031004",
        }
    ],
}


@dataclass
class Bench:
    service: Service
    desk: DecreeDesk
    workdir: Path
    ca: DevCA
    cases: list[str]
    url: str

    @property
    def passphrases(self) -> dict[str, bytes | None]:
        return {"ppid": PASSPHRASE, "head": PASSPHRASE}


@pytest.fixture(scope="session")
def dev_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DevCA]:
    directory = tmp_path_factory.mktemp("keys")
    ca = create_dev_ca(
        directory,
        body_name="Pemerintah Kabupaten Sukamaju",
        signers=[("ppid", "Drs. Budi Santoso, M.Si."), ("head", "Ir. Hendra Gunawan, M.T.")],
        passphrase=PASSPHRASE,
    )
    return directory, ca


def approved_case(service: Service, sample: str) -> str:
    case = service.import_case(None, load_plan(SAMPLES / sample))
    return service.act("budi", case.case_id, "approve", {"comments": "Disetujui."}).ref


@pytest.fixture
def bench(store_url: str, tmp_path: Path, dev_keys: tuple[Path, DevCA]) -> Iterator[Bench]:
    service = make_service(store_url)
    add_users(service)
    workdir = tmp_path / "ws"
    (workdir / "keys").mkdir(parents=True)
    keys_dir, ca = dev_keys
    for name in ("ppid.p12", "head.p12", "dev-ca.pem"):
        (workdir / "keys" / name).write_bytes((keys_dir / name).read_bytes())
    desk = DecreeDesk(service, workdir)
    desk.set_profile("admin", PROFILE)
    cases = [
        approved_case(service, "01-rekam-medis-pegawai.yaml"),
        approved_case(service, "05-data-wajib-pajak.yaml"),
    ]
    try:
        yield Bench(service, desk, workdir, ca, cases, store_url)
    finally:
        service.log.close()
