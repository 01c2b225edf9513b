"""Keys, signing and the local timestamp server, checked on real files.

Every signed PDF is checked twice: by ujikon's own verifier (pyHanko underneath) and,
independently, by poppler's ``pdfsig``.
"""

from __future__ import annotations

import re
import stat
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from ujikon.documents.keys import (
    DEV_CA_COMMON_NAME,
    DevCA,
    KeyAccessError,
    create_dev_ca,
    describe_pkcs12,
    import_pkcs12,
    is_dev_name,
    load_certificates,
    passphrase_from_env,
)
from ujikon.documents.signing import (
    DEFAULT_BYTES_RESERVED,
    LoadedSigner,
    SigningError,
    SignSettings,
    load_signer,
    sign_pdf,
)
from ujikon.documents.tsa import DEV_TSA_COMMON_NAME, LocalTimestampServer
from ujikon.documents.verify import verify_pdf
from ujikon.errors import InputError, UjikonError

FIXED_TIME = datetime(2026, 11, 25, 3, 0, 0, tzinfo=UTC)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _cn(name: x509.Name) -> str:
    return str(name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value)


def _org(name: x509.Name) -> str:
    return str(name.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)[0].value)


# -- the development CA -----------------------------------------------------------------


def test_dev_ca_writes_marked_certificates_and_protected_keys(
    dev_ca: DevCA, passphrase: bytes
) -> None:
    directory = dev_ca.directory
    assert sorted(p.name for p in directory.iterdir()) == [
        "dev-ca.key.pem",
        "dev-ca.pem",
        "head.p12",
        "ppid.p12",
    ]
    for key_file in ("dev-ca.key.pem", "head.p12", "ppid.p12"):
        assert _mode(directory / key_file) == 0o600, key_file

    ca = x509.load_pem_x509_certificate(dev_ca.ca_cert_path.read_bytes())
    assert _cn(ca.subject) == DEV_CA_COMMON_NAME == "ujikon DEV CA - TIDAK TEPERCAYA / NOT TRUSTED"
    assert _org(ca.subject) == "Pemerintah Kabupaten Sukamaju"
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    lifetime = ca.not_valid_after_utc - ca.not_valid_before_utc
    assert timedelta(days=3640) < lifetime < timedelta(days=3660)
    assert dev_ca.fingerprint_sha256 == ca.fingerprint(hashes.SHA256()).hex()

    # the CA key is encrypted with the passphrase
    key_pem = dev_ca.ca_key_path.read_bytes()
    assert b"ENCRYPTED" in key_pem
    with pytest.raises(TypeError):
        serialization.load_pem_private_key(key_pem, password=None)
    serialization.load_pem_private_key(key_pem, password=passphrase)

    key, cert, chain = pkcs12.load_key_and_certificates(
        dev_ca.signer("ppid").path.read_bytes(), passphrase
    )
    assert key is not None and cert is not None
    assert _cn(cert.subject) == "Drs. Budi Santoso, M.Si. (DEV)"
    assert cert.issuer == ca.subject
    assert [c.subject for c in chain] == [ca.subject]
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    purposes = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36") in purposes  # documentSigning
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert timedelta(days=725) < lifetime < timedelta(days=735)

    info = dev_ca.signer("ppid")
    assert info.is_dev and info.common_name == "Drs. Budi Santoso, M.Si. (DEV)"
    assert info.not_after == cert.not_valid_after_utc


def test_dev_ca_refuses_bad_input_and_writes_nothing(tmp_path: Path, passphrase: bytes) -> None:
    target = tmp_path / "keys"
    bad_calls: list[dict[str, object]] = [
        {"signers": [("PPID Utama", "Budi")], "passphrase": passphrase},
        {"signers": [("ppid", "Budi"), ("ppid", "Ani")], "passphrase": passphrase},
        {"signers": [("ppid", "Budi")], "passphrase": b""},
        {"signers": [], "passphrase": passphrase},
        {"signers": [("ppid", "B" * 70)], "passphrase": passphrase},
    ]
    for call in bad_calls:
        with pytest.raises(InputError) as caught:
            create_dev_ca(target, body_name="Badan Uji", **call)  # type: ignore[arg-type]
        assert caught.value.exit_code == 2
        assert " / " in str(caught.value)  # Indonesian / English
        assert not target.exists()


def test_dev_ca_does_not_overwrite_existing_keys(tmp_path: Path, passphrase: bytes) -> None:
    first = create_dev_ca(
        tmp_path, body_name="Badan Uji", signers=[("ppid", "Budi")], passphrase=passphrase
    )
    before = first.signer("ppid").path.read_bytes()
    with pytest.raises(InputError, match=r"ppid\.p12"):
        create_dev_ca(
            tmp_path, body_name="Badan Uji", signers=[("ppid", "Ani")], passphrase=passphrase
        )
    assert first.signer("ppid").path.read_bytes() == before
    second = create_dev_ca(
        tmp_path,
        body_name="Badan Uji",
        signers=[("ppid", "Ani")],
        passphrase=passphrase,
        overwrite=True,
    )
    assert second.signer("ppid").common_name == "Ani (DEV)"
    assert not list(tmp_path.glob(".*.tmp"))


def test_passphrase_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UJIKON_KEY_PASSPHRASE", raising=False)
    assert passphrase_from_env() is None
    monkeypatch.setenv("UJIKON_KEY_PASSPHRASE", "")
    assert passphrase_from_env() is None
    monkeypatch.setenv("UJIKON_KEY_PASSPHRASE", "kata sandi ✓")
    assert passphrase_from_env() == "kata sandi ✓".encode()
    monkeypatch.setenv("OTHER_VAR", "x")
    assert passphrase_from_env("OTHER_VAR") == b"x"


def test_is_dev_name_matches_the_word_only() -> None:
    assert is_dev_name("ujikon DEV CA - TIDAK TEPERCAYA / NOT TRUSTED")
    assert is_dev_name("Budi (DEV)")
    assert not is_dev_name("BSrE DEVICE CA")
    assert not is_dev_name("Balai Sertifikasi Elektronik")


# -- importing a PKCS#12 ----------------------------------------------------------------


def test_import_pkcs12_copies_the_key_and_describes_it(
    dev_ca: DevCA, tmp_path: Path, passphrase: bytes
) -> None:
    source = dev_ca.signer("head").path
    directory = tmp_path / "workspace-keys"
    info = import_pkcs12(source, directory, "kepala", passphrase)

    target = directory / "kepala.p12"
    assert info.path == target and info.key_name == "kepala"
    assert target.read_bytes() == source.read_bytes()
    assert _mode(target) == 0o600
    assert info.common_name == "Ir. Hendra Wijaya, M.T. (DEV)"
    assert "CN=Ir. Hendra Wijaya\\, M.T. (DEV)" in info.subject
    assert DEV_CA_COMMON_NAME in info.issuer
    assert info.is_dev
    assert info.not_before < datetime.now(UTC) < info.not_after
    assert info.fingerprint_sha256 == dev_ca.signer("head").fingerprint_sha256
    assert re.fullmatch(r"[0-9a-f]{64}", info.fingerprint_sha256)
    assert describe_pkcs12(target, passphrase).fingerprint_sha256 == info.fingerprint_sha256

    with pytest.raises(InputError, match="a key of this name already exists"):
        import_pkcs12(source, directory, "kepala", passphrase)


def test_import_pkcs12_with_a_wrong_passphrase_writes_nothing(
    dev_ca: DevCA, tmp_path: Path
) -> None:
    directory = tmp_path / "keys"
    source = dev_ca.signer("ppid").path
    with pytest.raises(KeyAccessError) as caught:
        import_pkcs12(source, directory, "ppid", b"salah")
    error = caught.value
    assert error.reason == "passphrase"
    assert error.exit_code == 8
    assert isinstance(error, UjikonError)
    assert str(source) in str(error)
    assert "kata sandi" in str(error) and "passphrase" in str(error)
    assert not directory.exists()


def test_import_refuses_files_that_are_not_pkcs12(tmp_path: Path, passphrase: bytes) -> None:
    bogus = tmp_path / "bukan.p12"
    bogus.write_bytes(b"-----BEGIN CERTIFICATE-----\nnope\n")
    with pytest.raises(KeyAccessError) as caught:
        import_pkcs12(bogus, tmp_path / "keys", "ppid", passphrase)
    assert caught.value.reason == "format"
    with pytest.raises(KeyAccessError) as caught:
        import_pkcs12(tmp_path / "missing.p12", tmp_path / "keys", "ppid", passphrase)
    assert caught.value.reason == "unreadable"
    assert not (tmp_path / "keys").exists()


def test_load_certificates_reads_pem_and_der(dev_ca: DevCA, tmp_path: Path) -> None:
    [pem] = load_certificates(dev_ca.ca_cert_path)
    der_file = tmp_path / "ca.der"
    der_file.write_bytes(pem.public_bytes(serialization.Encoding.DER))
    assert load_certificates(der_file) == [pem]
    with pytest.raises(InputError):
        load_certificates(tmp_path / "none.pem")


# -- loading a signer -------------------------------------------------------------------


def test_load_signer_with_a_wrong_passphrase_names_the_file(dev_ca: DevCA) -> None:
    path = dev_ca.signer("ppid").path
    with pytest.raises(KeyAccessError) as caught:
        load_signer(path, b"bukan-ini")
    assert caught.value.exit_code == 8
    assert caught.value.path == path
    assert str(caught.value).startswith(f"{path}: ")


def test_load_signer_on_a_missing_file(tmp_path: Path, passphrase: bytes) -> None:
    with pytest.raises(KeyAccessError) as caught:
        load_signer(tmp_path / "tidak-ada.p12", passphrase)
    assert caught.value.reason == "unreadable"
    assert "tidak-ada.p12" in str(caught.value)


# -- settings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "fragment"),
    [
        (SignSettings(md_algorithm="md5"), "md5"),
        (SignSettings(bytes_reserved=10001), "bytes_reserved=10001"),
        (SignSettings(bytes_reserved=4096), "bytes_reserved=4096"),
        (SignSettings(bytes_reserved=8192, tsa_url="http://127.0.0.1:1/"), "with a timestamp"),
        (SignSettings(tsa_url="ftp://tsa.example/"), "ftp://"),
        (SignSettings(tsa_url="http://127.0.0.1:1/", tsa_timeout=0), "timeout"),
        (SignSettings(field_name="a.b"), "a.b"),
        (SignSettings(field_name=""), "field name"),
    ],
)
def test_assert_viable_refuses_bad_settings(settings: SignSettings, fragment: str) -> None:
    with pytest.raises(InputError, match=re.escape(fragment)):
        settings.assert_viable()


def test_default_settings_are_viable_and_reserve_a_fixed_size() -> None:
    settings = SignSettings()
    settings.assert_viable()
    settings.assert_viable(timestamped=True)
    assert settings.bytes_reserved == DEFAULT_BYTES_RESERVED
    assert settings.md_algorithm == "sha256"
    with pytest.raises(AttributeError):
        settings.reason = "x"  # type: ignore[misc]


# -- signing ----------------------------------------------------------------------------


def test_signature_is_valid_for_pyhanko_and_pdfsig(
    signed_pdf: bytes,
    decree_pdf: bytes,
    ca_cert: x509.Certificate,
    pdfsig: Callable[[bytes], str],
) -> None:
    # an incremental update: the original bytes are untouched at the start
    assert signed_pdf.startswith(decree_pdf)
    assert len(signed_pdf) > len(decree_pdf) + DEFAULT_BYTES_RESERVED

    report = pdfsig(signed_pdf)
    assert "Signature is Valid." in report, report
    assert "Signer Certificate Common Name: Drs. Budi Santoso, M.Si. (DEV)" in report
    assert "Signature Type: ETSI.CAdES.detached" in report  # PAdES
    assert "Total document signed" in report

    verdict = verify_pdf(signed_pdf, trust_roots=[ca_cert], source="sk-uji.pdf")
    assert verdict.ok and verdict.trusted
    [signature] = verdict.signatures
    assert signature.subfilter == "/ETSI.CAdES.detached"
    assert signature.reason == "Menetapkan keputusan PPID"
    assert signature.location == "Sukamaju"
    assert signature.field_name == "Signature1"


def test_signing_keeps_pdfa_identification_and_consistent_producer(
    signed_pdf: bytes, decision_json: bytes
) -> None:
    verdict = verify_pdf(signed_pdf)
    assert verdict.xmp is not None
    assert 'pdfaid:part="3"' in verdict.xmp and 'pdfaid:conformance="B"' in verdict.xmp
    producer = re.search(r'pdf:Producer="([^"]*)"', verdict.xmp)
    assert producer is not None
    # PDF/A: the info dictionary must say what the XMP says
    assert verdict.metadata["Producer"] == producer.group(1)
    assert verdict.metadata["Title"] == "Keputusan PPID Nomor 188.4/012/PPID/XI/2026"
    assert verdict.embedded_files == {"keputusan.json": decision_json}


def test_two_signers_one_after_the_other_both_verify(
    signed_pdf: bytes,
    head_signer: LoadedSigner,
    ca_cert: x509.Certificate,
    pdfsig: Callable[[bytes], str],
) -> None:
    both = sign_pdf(
        signed_pdf, head_signer, SignSettings(reason="Menetapkan (Atasan PPID)"), source="sk"
    )
    assert both.startswith(signed_pdf)

    verdict = verify_pdf(both, trust_roots=[ca_cert])
    assert verdict.ok and verdict.trusted and verdict.unchanged_since_last_signature
    first, second = verdict.signatures
    assert (first.field_name, second.field_name) == ("Signature1", "Signature2")
    assert first.signer_name == "Drs. Budi Santoso, M.Si. (DEV)"
    assert second.signer_name == "Ir. Hendra Wijaya, M.T. (DEV)"
    assert first.intact and second.intact
    assert first.coverage == "entire_revision" and first.modification_level == "form_filling"
    assert second.coverage == "entire_file" and second.modification_level == "none"

    report = pdfsig(both)
    assert report.count("Signature is Valid.") == 2, report
    assert "Common Name: Drs. Budi Santoso, M.Si. (DEV)" in report
    assert "Common Name: Ir. Hendra Wijaya, M.T. (DEV)" in report


def test_a_signed_field_cannot_be_signed_again(
    signed_pdf: bytes, head_signer: LoadedSigner
) -> None:
    with pytest.raises(SigningError) as caught:
        sign_pdf(signed_pdf, head_signer, SignSettings(field_name="Signature1"), source="sk")
    assert caught.value.exit_code == 9
    assert str(caught.value).startswith("sk: ")


def test_signing_something_that_is_not_a_pdf(ppid_signer: LoadedSigner) -> None:
    with pytest.raises(InputError, match="bukan berkas PDF / not a PDF file"):
        sign_pdf(b"Ini bukan PDF", ppid_signer, SignSettings(), source="catatan.txt")
    with pytest.raises(InputError, match=r"catatan\.pdf: PDF tidak dapat dibaca"):
        sign_pdf(b"%PDF-1.7\nrusak\n%%EOF\n", ppid_signer, SignSettings(), source="catatan.pdf")


def _extra_certificates(count: int) -> list[x509.Certificate]:
    """Unrelated self-signed EC certificates, to make a signer's chain long."""
    from cryptography.hazmat.primitives.asymmetric import ec

    now = datetime.now(UTC)
    result = []
    for number in range(count):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, f"Perantara {number}")])
        result.append(
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .sign(key, hashes.SHA256())
        )
    return result


def test_a_signature_too_big_for_the_reserved_room_is_made_again(
    dev_ca: DevCA,
    decree_pdf: bytes,
    passphrase: bytes,
    tmp_path: Path,
    ca_cert: x509.Certificate,
    caplog: pytest.LogCaptureFixture,
) -> None:
    key, cert, chain = pkcs12.load_key_and_certificates(
        dev_ca.signer("ppid").path.read_bytes(), passphrase
    )
    assert key is not None and cert is not None
    bulky = tmp_path / "bulky.p12"
    bulky.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name=b"bulky",
            key=key,  # type: ignore[arg-type]
            cert=cert,
            cas=[*chain, *_extra_certificates(10)],
            encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
        )
    )
    signer = load_signer(bulky, passphrase)
    with caplog.at_level("WARNING", logger="ujikon.documents.signing"):
        signed = sign_pdf(decree_pdf, signer, SignSettings(bytes_reserved=8192))
    assert "did not fit in 8192 bytes" in caplog.text
    verdict = verify_pdf(signed, trust_roots=[ca_cert])
    assert verdict.ok and verdict.trusted


def test_signature_timestamp_from_the_local_tsa(
    decree_pdf: bytes,
    ppid_signer: LoadedSigner,
    ca_cert: x509.Certificate,
    pdfsig: Callable[[bytes], str],
) -> None:
    with LocalTimestampServer(fixed_time=FIXED_TIME) as tsa:
        assert tsa.url.startswith("http://127.0.0.1:")
        signed = sign_pdf(decree_pdf, ppid_signer, SignSettings(tsa_url=tsa.url))
        assert tsa.requests_served == 1  # one signing pass: the size was reserved
        tsa_cert = tsa.tsa_cert
    assert _cn(tsa_cert.subject) == DEV_TSA_COMMON_NAME

    verdict = verify_pdf(signed, trust_roots=[ca_cert, tsa_cert])
    [signature] = verdict.signatures
    assert signature.timestamp_present
    assert signature.timestamp_time == FIXED_TIME
    assert signature.timestamp_intact is True
    assert signature.timestamp_trusted is True
    assert verdict.ok and verdict.trusted

    # without the TSA as a trust root the token is still intact, but not trusted
    untrusted = verify_pdf(signed, trust_roots=[ca_cert]).signatures[0]
    assert untrusted.timestamp_intact is True and untrusted.timestamp_trusted is False

    assert "Signature is Valid." in pdfsig(signed)


def test_an_unreachable_tsa_is_a_clear_signing_error(
    decree_pdf: bytes, ppid_signer: LoadedSigner
) -> None:
    with LocalTimestampServer() as tsa:
        url = tsa.url
    # the server is gone now: nothing listens on that port
    settings = SignSettings(tsa_url=url, tsa_timeout=3)
    with pytest.raises(SigningError, match="stempel waktu") as caught:
        sign_pdf(decree_pdf, ppid_signer, settings, source="sk.pdf")
    assert url in str(caught.value)


# -- the local timestamp server ---------------------------------------------------------


def _post(url: str, body: bytes, content_type: str) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": content_type}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", "")


def test_local_tsa_refuses_what_is_not_a_timestamp_query() -> None:
    with LocalTimestampServer(max_request_bytes=1024) as tsa:
        url = tsa.url
        assert _post(url, b"halo", "text/plain")[0] == 415
        assert _post(url, b"\x30\x03\x02\x01\x01", "application/timestamp-query")[0] == 400
        assert _post(url, b"\x30" * 2048, "application/timestamp-query")[0] == 413
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(url, timeout=5)
        assert caught.value.code == 405
        assert tsa.requests_served == 0
    with pytest.raises(RuntimeError):
        _ = tsa.url


def test_local_tsa_listens_on_loopback_only() -> None:
    with LocalTimestampServer() as tsa:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/tsa", tsa.url)


# -- start-up cost ----------------------------------------------------------------------


def test_importing_the_modules_loads_no_heavy_library() -> None:
    """The CLI imports these at start-up; pyHanko, cryptography, WeasyPrint come later."""
    code = (
        "import sys\n"
        "import ujikon.documents, ujikon.documents.keys, ujikon.documents.signing\n"
        "import ujikon.documents.verify, ujikon.documents.tsa\n"
        "heavy = {'pyhanko', 'pyhanko_certvalidator', 'cryptography', 'asn1crypto',\n"
        "         'weasyprint', 'aiohttp', 'asyncio', 'http'}\n"
        "print(sorted(heavy & {name.split('.')[0] for name in sys.modules}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_signing_works_inside_a_running_event_loop(
    decree_pdf: bytes, ppid_signer: LoadedSigner
) -> None:
    import asyncio

    async def handler() -> bytes:  # e.g. an async web endpoint
        return sign_pdf(decree_pdf, ppid_signer, SignSettings())

    assert verify_pdf(asyncio.run(handler())).ok
