"""A workspace ready to issue decrees: the users, the body profile, the development keys
in ``<workdir>/keys`` and approved sample cases, through the real decree desk."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.body import PASSPHRASES, install_keys, install_profile
from toolkit.core import approved_case
from ujikon.documents.keys import DevCA
from ujikon.service.cases import Service
from ujikon.service.decrees import DecreeDesk

SAMPLES_TO_DECREE = ("01-rekam-medis-pegawai.yaml", "05-data-wajib-pajak.yaml")
"""Two exempt sample cases: the ones a decree bench approves."""


@dataclass
class DecreeBench:
    service: Service
    desk: DecreeDesk
    workdir: Path
    ca: DevCA
    cases: list[str]
    """The approved cases' refs (``UK-2026-0001/1``), in the order they were approved."""
    url: str = ""
    passphrases: dict[str, bytes | None] = field(default_factory=lambda: dict(PASSPHRASES))


def decree_bench(
    service: Service,
    workdir: Path,
    keys: DevCA,
    *,
    key_files: Iterable[str] = ("ppid.p12", "dev-ca.pem"),
    samples: Iterable[str] = SAMPLES_TO_DECREE,
    admin: str = "admin",
    url: str = "",
) -> DecreeBench:
    """On ``service`` (its users added): ``key_files`` of ``keys`` copied into
    ``workdir/keys``, the body profile set by ``admin``, each of ``samples`` walked and
    approved."""
    install_keys(keys, workdir / "keys", key_files)
    desk = DecreeDesk(service, workdir)
    install_profile(desk, admin)
    cases = [approved_case(service, sample) for sample in samples]
    return DecreeBench(service, desk, workdir, keys, cases, url)
