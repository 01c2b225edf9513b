"""The one public body of the tests: Pemerintah Kabupaten Sukamaju, its profile, its
signers and their development keys.

Tests that need a body profile install :data:`PROFILE` (:func:`install_profile`), changed
where the test is about the change (``install_profile(desk, "admin", place="Kota Lain")``).
The development keys are made once per test session (fixture ``dev_keys`` in
``tests/conftest.py``, :func:`make_dev_keys`) and copied into a workspace
(:func:`install_keys`): RSA keys are slow to make.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ujikon.documents.keys import DevCA
    from ujikon.service.decrees import DecreeDesk

BODY_NAME = "Pemerintah Kabupaten Sukamaju"
PLACE = "Sukamaju"
PPID_NAME = "Drs. Budi Santoso, M.Si."
HEAD_NAME = "Ir. Hendra Gunawan, M.T."

PPID_SIGNER: dict[str, str] = {
    "role": "ppid",
    "office": "PPID Utama Pemerintah Kabupaten Sukamaju",
    "name": PPID_NAME,
    "nip": "197204161998031004",
}
HEAD_SIGNER: dict[str, str] = {
    "role": "head",
    "office": "Sekretaris Daerah selaku Atasan PPID",
    "name": HEAD_NAME,
    "nip": "196805121994031006",
}

PROFILE: dict[str, Any] = {
    "name": BODY_NAME,
    "place": PLACE,
    "letterhead": ["PEMERINTAH KABUPATEN SUKAMAJU", "DINAS KOMUNIKASI DAN INFORMATIKA"],
    "address": "Jalan Merdeka No. 1, Sukamaju",
    "signers": [PPID_SIGNER],
}
"""The body profile (as ``DecreeDesk.set_profile`` and ``PUT /api/body`` take it)."""

KEY_PASSPHRASE = "kata-sandi-kunci-uji"
"""Protects every development signing key of the tests."""

PASSPHRASES: dict[str, bytes | None] = {
    "ppid": KEY_PASSPHRASE.encode(),
    "head": KEY_PASSPHRASE.encode(),
}
"""What ``DecreeDesk.issue`` takes: the passphrase of each signer's key."""


def body_profile(**changes: Any) -> dict[str, Any]:
    """A fresh copy of :data:`PROFILE`, with ``changes``."""
    return {**copy.deepcopy(PROFILE), **changes}


def install_profile(desk: DecreeDesk, by: str = "admin", **changes: Any) -> None:
    """Set the body profile (:func:`body_profile` with ``changes``) as the admin ``by``."""
    desk.set_profile(by, body_profile(**changes))


def make_dev_keys(directory: Path) -> DevCA:
    """A development CA of the body with a key for the PPID and one for the head."""
    from ujikon.documents.keys import create_dev_ca

    return create_dev_ca(
        directory,
        body_name=BODY_NAME,
        signers=[("ppid", PPID_NAME), ("head", HEAD_NAME)],
        passphrase=KEY_PASSPHRASE.encode(),
    )


def install_keys(
    keys: DevCA, target: Path, names: Iterable[str] = ("ppid.p12", "dev-ca.pem")
) -> None:
    """Copy the files ``names`` of the development keys into ``target`` (a ``keys/``)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(keys.directory / name, target / name)
