"""Signing keys: a development CA for demos and tests, and importing a real PKCS#12.

A body signs its decrees with a PKCS#12 key (``<key_name>.p12``) kept in the workspace's
key directory. In production that is a real certificate (for example from BSrE or a
commercial CA), taken in with :func:`import_pkcs12`. For demos and tests,
:func:`create_dev_ca` makes a development CA and one signer per office, named so that
nobody mistakes them for real ones: the CA is "ujikon DEV CA - TIDAK TEPERCAYA / NOT
TRUSTED", every signer's common name ends in " (DEV)", and :func:`is_dev_name` is how
the verifier recognises them.

Passphrases come from the environment (:func:`passphrase_from_env`) or from a prompt in
the CLI, never from a command-line option. Key files are written atomically (a temporary
name in the same directory, then a rename) with mode ``0600``.

``cryptography`` is imported inside the functions that need it: importing this module
costs nothing at CLI start-up.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ujikon.domain.text import storable_text
from ujikon.errors import InputError, UjikonError

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

__all__ = [
    "CA_CERT_FILE",
    "CA_KEY_FILE",
    "DEV_CA_COMMON_NAME",
    "DEV_SUFFIX",
    "MAX_KEY_FILE",
    "PASSPHRASE_ENV",
    "DevCA",
    "KeyAccessError",
    "KeyInfo",
    "check_key_info",
    "check_key_name",
    "create_dev_ca",
    "describe_pkcs12",
    "import_pkcs12",
    "is_dev_name",
    "key_info_from_cert",
    "load_certificates",
    "open_pkcs12",
    "passphrase_from_env",
    "read_key_file",
    "write_atomic",
]

logger = logging.getLogger(__name__)

PASSPHRASE_ENV = "UJIKON_KEY_PASSPHRASE"
"""The environment variable :func:`passphrase_from_env` reads by default."""

DEV_CA_COMMON_NAME = "ujikon DEV CA - TIDAK TEPERCAYA / NOT TRUSTED"
"""Common name of every development CA; says in both languages that it is not trusted."""

DEV_SUFFIX = " (DEV)"
"""Appended to the common name of every development signer certificate."""

CA_CERT_FILE = "dev-ca.pem"
"""File name of the development CA certificate (PEM, no key) in the key directory."""

CA_KEY_FILE = "dev-ca.key.pem"
"""File name of the development CA private key (PEM, PKCS#8, encrypted with the passphrase)."""

_CA_YEARS = 10
_SIGNER_YEARS = 2
_RSA_BITS = 2048
_BACKDATE = timedelta(minutes=5)
"""Certificates start a little before "now", so a clock slightly behind still accepts them."""
_MAX_NAME = 64
"""RFC 5280 upper bound (ub-common-name, ub-organization-name)."""
_KEY_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_DEV_MARK = re.compile(r"\bDEV\b")

# id-kp-documentSigning (RFC 9336) and id-kp-emailProtection: the second is what NSS
# (poppler's pdfsig, Firefox) and Acrobat look for on a document signer.
_OID_DOCUMENT_SIGNING = "1.3.6.1.5.5.7.3.36"


class KeyAccessError(UjikonError):
    """A key file cannot be opened: wrong passphrase, unreadable or not a PKCS#12 key.

    :param path: the file concerned.
    :param reason: ``"passphrase"`` (the passphrase does not open it), ``"unreadable"``
        (missing or no permission), ``"format"`` (not a PKCS#12 archive) or
        ``"incomplete"`` (opens, but lacks the private key or its certificate).
    """

    exit_code = 8

    def __init__(self, path: Path | str, reason: str, message: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {message}")


@dataclass(frozen=True)
class KeyInfo:
    """What a PKCS#12 key in the key directory is: whose certificate, from whom, how long."""

    key_name: str
    """The name ujikon knows the key by (``ppid``, ``head``); the file is ``<key_name>.p12``."""
    path: Path
    """Where the PKCS#12 file is."""
    subject: str
    """Subject of the signer certificate, RFC 4514 form (``CN=...,O=...``)."""
    issuer: str
    """Issuer of the signer certificate, RFC 4514 form."""
    not_before: datetime
    """Start of the certificate's validity (UTC)."""
    not_after: datetime
    """End of the certificate's validity (UTC)."""
    fingerprint_sha256: str
    """SHA-256 of the certificate (DER), lower-case hex without separators."""
    is_dev: bool
    """``True`` for a development certificate (the issuer's common name carries "DEV")."""
    common_name: str = ""
    """Common name of the subject, as shown to people (``Drs. Budi Santoso, M.Si. (DEV)``)."""


@dataclass(frozen=True)
class DevCA:
    """A development CA and its signers, as :func:`create_dev_ca` wrote them."""

    directory: Path
    """The key directory."""
    ca_cert_path: Path
    """``dev-ca.pem``: the CA certificate, to give to a verifier as trust root."""
    ca_key_path: Path
    """``dev-ca.key.pem``: the CA key, encrypted with the passphrase."""
    subject: str
    """Subject of the CA certificate, RFC 4514 form."""
    fingerprint_sha256: str
    """SHA-256 of the CA certificate (DER), lower-case hex."""
    not_before: datetime
    """Start of the CA's validity (UTC)."""
    not_after: datetime
    """End of the CA's validity (UTC)."""
    signers: tuple[KeyInfo, ...]
    """One entry per signer, in the order asked for."""

    def signer(self, key_name: str) -> KeyInfo:
        """The signer called ``key_name``; :class:`KeyError` when there is none."""
        for info in self.signers:
            if info.key_name == key_name:
                return info
        raise KeyError(key_name)


# -- public functions -------------------------------------------------------------------


def passphrase_from_env(var: str = PASSPHRASE_ENV) -> bytes | None:
    """The key passphrase from the environment variable ``var`` (UTF-8), or ``None``.

    An unset or empty variable gives ``None``: the CLI then asks at a prompt. There is
    deliberately no way to pass a passphrase as a command-line option (it would show in
    the process list and the shell history).
    """
    value = os.environ.get(var)
    if not value:
        return None
    return value.encode("utf-8")


def is_dev_name(common_name: str) -> bool:
    """Whether a certificate name marks a development certificate (the word "DEV")."""
    return bool(_DEV_MARK.search(common_name))


def create_dev_ca(
    directory: Path,
    *,
    body_name: str,
    signers: Sequence[tuple[str, str]],
    passphrase: bytes,
    overwrite: bool = False,
    now: datetime | None = None,
) -> DevCA:
    """Create a development CA and one signer certificate per ``(key_name, common_name)``.

    Writes, in ``directory`` (created with mode ``0700`` when missing):

    * ``dev-ca.pem`` -- the CA certificate (RSA-2048, ``keyCertSign``, 10 years), subject
      CN :data:`DEV_CA_COMMON_NAME`, O ``body_name``;
    * ``dev-ca.key.pem`` -- its private key, PKCS#8 encrypted with ``passphrase``;
    * ``<key_name>.p12`` for each signer -- RSA-2048 key, certificate (CN
      ``common_name + " (DEV)"``, ``digitalSignature`` + ``nonRepudiation``, extended key
      usage documentSigning and emailProtection, 2 years) and the CA chain, encrypted
      with ``passphrase``.

    Keys are written with mode ``0600``, every file atomically. The CA certificate is
    written last, so its presence means the set is complete.

    :param body_name: the public body, as organisation of every certificate (cut to 64
        characters, the X.509 limit).
    :param signers: ``(key_name, common_name)`` pairs, e.g. ``("ppid", "Drs. Budi
        Santoso, M.Si.")``. ``key_name``: lower-case letters, digits, ``-``, ``_``.
    :param passphrase: protects the CA key and every ``.p12``; must not be empty.
    :param overwrite: replace existing files of the same names instead of refusing.
    :param now: the clock (UTC), for tests; defaults to the current time.
    :raises InputError: bad names, empty passphrase, files already there; nothing is
        written then.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    where = str(directory)
    if not passphrase:
        raise InputError(
            where,
            "kata sandi kunci tidak boleh kosong / the key passphrase must not be empty",
        )
    if not signers:
        raise InputError(
            where,
            "sebutkan paling sedikit satu penanda tangan / name at least one signer",
        )
    names = [key_name for key_name, _ in signers]
    for key_name in names:
        check_key_name(key_name, where)
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InputError(
            where,
            f"nama kunci ganda / duplicate key names: {', '.join(duplicates)}",
        )
    signer_cns = []
    for key_name, common_name in signers:
        cn = common_name.strip()
        if not cn:
            raise InputError(
                where,
                f"nama penanda tangan '{key_name}' kosong / signer '{key_name}' has no name",
            )
        if not cn.endswith(DEV_SUFFIX):
            cn += DEV_SUFFIX
        if len(cn) > _MAX_NAME:
            raise InputError(
                where,
                f"nama penanda tangan '{key_name}' terlalu panjang (maks. "
                f"{_MAX_NAME - len(DEV_SUFFIX)} karakter) / signer name '{key_name}' is "
                f"too long (max. {_MAX_NAME - len(DEV_SUFFIX)} characters): {cn!r}",
            )
        signer_cns.append(cn)
    organisation = _fit_name(body_name.strip() or "ujikon")

    targets = [directory / f"{n}.p12" for n in names]
    targets += [directory / CA_KEY_FILE, directory / CA_CERT_FILE]
    existing = [p.name for p in targets if p.exists()]
    if existing and not overwrite:
        raise InputError(
            where,
            f"berkas kunci sudah ada, tidak ditimpa / key files already exist, not "
            f"overwritten: {', '.join(existing)}",
        )

    moment = (now or datetime.now(UTC)).astimezone(UTC)
    start = moment - _BACKDATE
    ca_key = _new_rsa_key()
    ca_name = _dev_name(DEV_CA_COMMON_NAME, organisation)
    ca_cert = _build_ca_cert(ca_key, ca_name, start, start + timedelta(days=365 * _CA_YEARS))

    encryption = serialization.BestAvailableEncryption(passphrase)
    bundles: list[tuple[Path, bytes, x509.Certificate]] = []
    for (key_name, _), cn in zip(signers, signer_cns, strict=True):
        key = _new_rsa_key()
        cert = _build_signer_cert(
            key,
            subject=_dev_name(cn, organisation),
            ca_key=ca_key,
            ca_cert=ca_cert,
            not_before=start,
            not_after=start + timedelta(days=365 * _SIGNER_YEARS),
        )
        p12 = pkcs12.serialize_key_and_certificates(
            name=key_name.encode("utf-8"),
            key=key,
            cert=cert,
            cas=[ca_cert],
            encryption_algorithm=encryption,
        )
        bundles.append((directory / f"{key_name}.p12", p12, cert))

    _ensure_directory(directory)
    infos = []
    for (key_name, _), (path, p12, cert) in zip(signers, bundles, strict=True):
        write_atomic(path, p12, mode=0o600)
        infos.append(key_info_from_cert(key_name, path, cert))
    ca_key_pem = ca_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    write_atomic(directory / CA_KEY_FILE, ca_key_pem, mode=0o600)
    write_atomic(
        directory / CA_CERT_FILE, ca_cert.public_bytes(serialization.Encoding.PEM), mode=0o644
    )
    logger.info("development CA with %d signer(s) written to %s", len(infos), directory)
    return DevCA(
        directory=directory,
        ca_cert_path=directory / CA_CERT_FILE,
        ca_key_path=directory / CA_KEY_FILE,
        subject=ca_cert.subject.rfc4514_string(),
        fingerprint_sha256=_fingerprint(ca_cert),
        not_before=ca_cert.not_valid_before_utc,
        not_after=ca_cert.not_valid_after_utc,
        signers=tuple(infos),
    )


def describe_pkcs12(path: Path, passphrase: bytes, *, key_name: str | None = None) -> KeyInfo:
    """Open the PKCS#12 file at ``path`` with ``passphrase`` and say what it holds.

    :param key_name: the name to report; defaults to the file name without ``.p12``.
    :raises KeyAccessError: unreadable file, not PKCS#12, wrong passphrase, or no key or
        certificate inside.
    """
    data = read_key_file(path)
    _, cert, _ = open_pkcs12(data, passphrase, path)
    return key_info_from_cert(key_name or path.stem, path, cert)


def import_pkcs12(
    source: Path,
    directory: Path,
    key_name: str,
    passphrase: bytes,
    *,
    overwrite: bool = False,
    record: Callable[[KeyInfo], None] | None = None,
) -> KeyInfo:
    """Take a real PKCS#12 key into the key directory as ``<key_name>.p12``.

    Everything is checked first -- the name, the file (a regular file of at most
    :data:`MAX_KEY_FILE` bytes), the passphrase, the certificate's names, whether a key
    of that name exists -- so that a refusal writes nothing. The key is then copied byte
    for byte, with mode ``0600``, to a temporary name; ``record`` (the log's
    ``keys.installed``) is called; only then is the file renamed into place. A ``record``
    that raises leaves no file behind.

    :raises KeyAccessError: the file cannot be read or opened with the passphrase.
    :raises InputError: bad ``key_name``, a certificate name that is not storable text,
        or a key of that name exists and not ``overwrite``.
    """
    check_key_name(key_name, "--key-name")
    data = read_key_file(source)
    _, cert, _ = open_pkcs12(data, passphrase, source)
    target = directory / f"{key_name}.p12"
    if target.exists() and not overwrite:
        raise InputError(
            str(target),
            "kunci dengan nama ini sudah ada, tidak ditimpa / a key of this name already "
            "exists, not overwritten",
        )
    info = key_info_from_cert(key_name, target, cert)
    check_key_info(info)
    _ensure_directory(directory)
    write_atomic(
        target, data, mode=0o600, before_replace=(lambda: record(info)) if record else None
    )
    logger.info("imported %s as %s (%s)", source, target, info.subject)
    return info


def load_certificates(path: Path) -> list[x509.Certificate]:
    """Every certificate in a PEM (one or more) or DER file, e.g. a trust root.

    :raises InputError: the file cannot be read or holds no certificate.
    """
    from cryptography import x509

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            str(path),
            f"berkas sertifikat tidak dapat dibaca / cannot read the certificate file "
            f"({exc.strerror or exc})",
        ) from None
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise InputError(
            str(path),
            "bukan sertifikat X.509 (PEM atau DER) / not an X.509 certificate (PEM or DER)",
        ) from None


def write_atomic(
    path: Path,
    data: bytes,
    *,
    mode: int = 0o600,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename.

    A crash leaves either the old file or the new one, never half of one. The file gets
    ``mode`` before any byte is written to it.

    :param before_replace: called once the data is written and synced, before the rename;
        if it raises, the temporary file is removed and ``path`` is left as it was.
    """
    directory = path.parent
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_directory(directory)


# -- PKCS#12 ----------------------------------------------------------------------------


def open_pkcs12(
    data: bytes, passphrase: bytes, path: Path | str
) -> tuple[PrivateKeyTypes, x509.Certificate, list[x509.Certificate]]:
    """Key, certificate and the other certificates of a PKCS#12 archive (``cryptography``).

    :raises KeyAccessError: not PKCS#12, wrong passphrase, or key or certificate missing.
    """
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, cert, others = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError:
        if _looks_like_pkcs12(data):
            raise KeyAccessError(
                path,
                "passphrase",
                "kata sandi tidak dapat membuka kunci ini / the passphrase does not open this key",
            ) from None
        raise KeyAccessError(
            path,
            "format",
            "bukan berkas kunci PKCS#12 (.p12/.pfx) / not a PKCS#12 key file (.p12/.pfx)",
        ) from None
    if key is None or cert is None:
        raise KeyAccessError(
            path,
            "incomplete",
            "berkas PKCS#12 tidak memuat kunci privat beserta sertifikatnya / the PKCS#12 "
            "file does not hold a private key with its certificate",
        )
    return key, cert, list(others)


def _looks_like_pkcs12(data: bytes) -> bool:
    """Whether ``data`` starts like a PFX (so a failure to open it is the passphrase).

    A PFX is ``SEQUENCE { INTEGER 3, ContentInfo SEQUENCE {...}, ... }``; the DER
    prefix is checked by hand. (Parsing it with asn1crypto here would build asn1crypto's
    reverse OID map before pyHanko's timestamp module extends it, which then breaks
    timestamping later in the same process.)
    """
    if len(data) < 8 or data[0] != 0x30:
        return False
    first = data[1]
    offset = 2 if first < 0x80 else 2 + (first & 0x7F)
    return data[offset : offset + 4] == b"\x02\x01\x03\x30"


MAX_KEY_FILE = 1024 * 1024
"""The most a PKCS#12 file may hold (1 MiB; a key with its chain holds a few KiB)."""


def read_key_file(path: Path) -> bytes:
    """The bytes of a key file; :class:`KeyAccessError` (``unreadable``) when it cannot be
    read, is not a regular file (``/dev/zero``, a pipe) or holds more than
    :data:`MAX_KEY_FILE` bytes."""
    from ujikon.service.input_files import read_limited

    try:
        return read_limited(path, limit=MAX_KEY_FILE)
    except InputError as exc:
        reason = exc.message.removeprefix(f"{path}: ")
        raise KeyAccessError(
            path,
            "unreadable",
            f"berkas kunci tidak dapat dibaca / cannot read the key file ({reason})",
        ) from None


# -- certificates -----------------------------------------------------------------------


def _dev_name(common_name: str, organisation: str) -> x509.Name:
    """``C=ID, O=organisation, CN=common_name`` (most significant first, as X.509 has it)."""
    from cryptography import x509

    return x509.Name(
        [
            x509.NameAttribute(x509.NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(x509.NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(x509.NameOID.COMMON_NAME, common_name),
        ]
    )


def _new_rsa_key() -> RSAPrivateKey:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=_RSA_BITS)


def _build_ca_cert(
    key: RSAPrivateKey, name: x509.Name, not_before: datetime, not_after: datetime
) -> x509.Certificate:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def _build_signer_cert(
    key: RSAPrivateKey,
    *,
    subject: x509.Name,
    ca_key: RSAPrivateKey,
    ca_cert: x509.Certificate,
    not_before: datetime,
    not_after: datetime,
) -> x509.Certificate:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    public = key.public_key()
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(min(not_after, ca_cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            signing_key_usage(),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [
                    x509.ObjectIdentifier(_OID_DOCUMENT_SIGNING),
                    x509.oid.ExtendedKeyUsageOID.EMAIL_PROTECTION,
                ]
            ),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )


def signing_key_usage() -> x509.KeyUsage:
    """Key usage of a certificate that signs (documents or timestamps), nothing else."""
    from cryptography import x509

    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def key_info_from_cert(key_name: str, path: Path, cert: x509.Certificate) -> KeyInfo:
    """The :class:`KeyInfo` of ``cert``, kept at ``path`` under ``key_name``."""
    return KeyInfo(
        key_name=key_name,
        path=path,
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        fingerprint_sha256=_fingerprint(cert),
        is_dev=is_dev_name(_common_name(cert.issuer)),
        common_name=_common_name(cert.subject),
    )


def _common_name(name: x509.Name) -> str:
    from cryptography import x509

    values = name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(values[0].value) if values else ""


def _fingerprint(cert: x509.Certificate) -> str:
    from cryptography.hazmat.primitives import serialization

    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _fit_name(value: str) -> str:
    """``value`` within the X.509 limit of 64 characters (cut with an ellipsis)."""
    return value if len(value) <= _MAX_NAME else value[: _MAX_NAME - 1].rstrip() + "…"


# -- files ------------------------------------------------------------------------------


def check_key_name(key_name: str, where: str = "--key-name") -> None:
    """:raises InputError: (naming ``where``) ``key_name`` is not lower-case letters,
    digits, ``-`` and ``_`` (at most 40): a name with ``/`` or ``..`` would put the key
    file outside the key directory."""
    if not isinstance(key_name, str) or not _KEY_NAME.fullmatch(key_name):
        raise InputError(
            where,
            f"nama kunci {key_name!r} tidak sah: huruf kecil, angka, '-' atau '_', "
            f"maks. 40 karakter / invalid key name {key_name!r}: lower-case letters, "
            f"digits, '-' or '_', at most 40 characters",
        )


def check_key_info(info: KeyInfo) -> None:
    """What will be recorded of a key can be stored and shown: a valid name, and the
    certificate's subject and issuer free of control, bidi and zero-width characters
    (rule ``storable-text``; a certificate can carry any bytes in its names).

    :raises InputError: naming the field.
    """
    check_key_name(info.key_name)
    for name, value in (("subject", info.subject), ("issuer", info.issuer)):
        try:
            storable_text(value, field=name)
        except ValueError as exc:
            raise InputError(f"{info.path}: sertifikat/certificate {name}", str(exc)) from None


def _ensure_directory(directory: Path) -> None:
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            str(directory),
            f"direktori kunci tidak dapat dibuat / cannot create the key directory "
            f"({exc.strerror or exc})",
        ) from None


def _fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
