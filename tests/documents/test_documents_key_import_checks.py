"""Taking a key in: every check before anything is written, and the log's record made
before the file is renamed into place, so a refusal leaves neither a file nor an event."""

from __future__ import annotations

from pathlib import Path

import pytest

from ujikon.documents.keys import DevCA, KeyInfo, create_dev_ca, import_pkcs12
from ujikon.errors import InputError

PASSPHRASE = b"kata-sandi-uji"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> DevCA:
    """A key whose certificate's name holds a terminal escape and a bidi override."""
    return create_dev_ca(
        tmp_path_factory.mktemp("evil"),
        body_name="Pemerintah Kabupaten Contoh",
        signers=[("ppid", "Budi\x1b[2J\u202e")],
        passphrase=PASSPHRASE,
    )


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> DevCA:
    return create_dev_ca(
        tmp_path_factory.mktemp("plain"),
        body_name="Pemerintah Kabupaten Contoh",
        signers=[("ppid", "Drs. Budi Santoso")],
        passphrase=PASSPHRASE,
    )


@pytest.mark.parametrize("name", ["../../../tmp/x", "/etc/x", "a/b", "..", "PPID", ""])
def test_a_key_name_with_a_path_is_refused_before_the_file_is_read(
    tmp_path: Path, name: str
) -> None:
    recorded: list[KeyInfo] = []
    with pytest.raises(InputError, match="invalid key name") as refused:
        import_pkcs12(tmp_path / "missing.p12", tmp_path / "keys", name, PASSPHRASE,
                      record=recorded.append)  # fmt: skip
    assert refused.value.where == "--key-name"
    assert recorded == [] and not (tmp_path / "keys").exists()


def test_a_certificate_name_that_would_drive_a_terminal_is_refused(
    hostile: DevCA, tmp_path: Path
) -> None:
    recorded: list[KeyInfo] = []
    with pytest.raises(InputError, match=r"storable-text.*U\+001B") as refused:
        import_pkcs12(hostile.signer("ppid").path, tmp_path / "keys", "ppid", PASSPHRASE,
                      record=recorded.append)  # fmt: skip
    assert "subject" in str(refused.value) and "\x1b" not in str(refused.value)
    assert recorded == [] and not (tmp_path / "keys").exists()


def test_a_record_that_fails_leaves_no_file(plain: DevCA, tmp_path: Path) -> None:
    def refuse(_: KeyInfo) -> None:
        raise RuntimeError("the log refused")

    keys = tmp_path / "keys"
    with pytest.raises(RuntimeError):
        import_pkcs12(plain.signer("ppid").path, keys, "ppid", PASSPHRASE, record=refuse)
    assert list(keys.iterdir()) == []


def test_the_record_comes_before_the_file_is_in_place(plain: DevCA, tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    seen: list[bool] = []
    info = import_pkcs12(
        plain.signer("ppid").path, keys, "ppid", PASSPHRASE,
        record=lambda i: seen.append((keys / "ppid.p12").exists()),
    )  # fmt: skip
    assert seen == [False]
    assert info.path == keys / "ppid.p12" and info.path.exists()


def test_a_device_is_no_key_file(tmp_path: Path) -> None:
    from ujikon.documents.keys import KeyAccessError

    with pytest.raises(KeyAccessError, match="not a regular file") as refused:
        import_pkcs12(Path("/dev/zero"), tmp_path / "keys", "ppid", PASSPHRASE)
    assert refused.value.reason == "unreadable"
