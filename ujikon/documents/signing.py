"""PAdES signatures on the decree PDFs, with pyHanko.

One decree may carry more than one signature (the PPID Utama, then the head of the
body): every signature is an incremental update, so the bytes an earlier signer signed
stay exactly as they were and each signature remains verifiable on its own.

* :class:`SignSettings` -- what to put in the signature (field, reason, place, signer
  name), whether to ask a timestamp authority, how much room to reserve;
* :func:`load_signer` -- open a PKCS#12 key once per process (opening it costs far more
  than signing with it);
* :func:`sign_pdf` -- sign PDF bytes, return the signed bytes: PAdES baseline B-B, or
  B-T when a timestamp authority is configured (``tsa_url``) or a
  :class:`~pyhanko.sign.timestamps.TimeStamper` is handed in.

pyHanko is imported inside the functions, never at module level: the CLI must not pay
for it at start-up.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import logging
import re
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from ujikon.documents.keys import KeyInfo, key_info_from_cert, open_pkcs12, read_key_file
from ujikon.errors import InputError, UjikonError

if TYPE_CHECKING:
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko.sign.timestamps import TimeStamper

__all__ = [
    "DEFAULT_BYTES_RESERVED",
    "LoadedSigner",
    "SignSettings",
    "SigningError",
    "load_signer",
    "sign_pdf",
]

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

DEFAULT_BYTES_RESERVED = 32768
"""Room reserved for the signature, counted as pyHanko counts it: hex digits in the file.

The DER-encoded CMS container may thus take half of it, 16 KiB. Measured: 2.7 KiB for
an RSA-2048 signature with the development chain (PAdES B-B), 4.6 KiB with a timestamp
token (B-T); real chains with a real TSA's token reach 10-12 KiB. With a fixed size
pyHanko signs once instead of making a trial signature to measure it first (see
``perf-baseline.md``: 0.066 s instead of 0.131 s). Should a container still not fit,
:func:`sign_pdf` signs again with pyHanko's own estimate.
"""

_DIGESTS = frozenset({"sha256", "sha384", "sha512", "sha3_256", "sha3_384", "sha3_512"})
_MIN_RESERVED = 8192
_MIN_RESERVED_TIMESTAMPED = 16384
_MAX_RESERVED = 1024 * 1024
_FIELD_NAME = re.compile(r"[^.\x00-\x1f]{1,127}")


class SigningError(UjikonError):
    """A PDF could not be signed (the key, the timestamp authority or the PDF refused).

    :param source: the document concerned (a file name, or ``<pdf>``).
    """

    exit_code = 9

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        super().__init__(f"{source}: {message}")


@dataclass(frozen=True)
class SignSettings:
    """What goes into one signature, and how it is made.

    .. versionadded:: 0.1.0
    """

    field_name: str | None = None
    """
    Name of the signature form field. Default ``None``: a new field ``SignatureN`` is
    added, ``N`` one more than the signature fields already in the document, so a
    second signer never collides with the first. Must not contain ``.`` (pyHanko reads
    dots as a field hierarchy). An existing *empty* field of this name is filled; an
    existing signed one is refused.
    """

    reason: str | None = None
    """Reason for signing, shown by PDF readers (e.g. "Menetapkan keputusan PPID")."""

    location: str | None = None
    """Place of signing, shown by PDF readers (e.g. "Sukamaju")."""

    name: str | None = None
    """
    Name of the signer as displayed (``/Name``); default ``None``: readers show the
    certificate's common name, which is what counts anyway.
    """

    tsa_url: str | None = None
    """
    URL of an RFC 3161 timestamp authority (``http://`` or ``https://``). When set, the
    signature carries a signature timestamp (PAdES B-T). Default ``None``: no timestamp
    (PAdES B-B), unless :func:`sign_pdf` is given a ``timestamper``.
    """

    tsa_timeout: float = 10.0
    """Seconds to wait for the timestamp authority. Only matters with :attr:`tsa_url`."""

    bytes_reserved: int | None = DEFAULT_BYTES_RESERVED
    """
    Room reserved for the signature container, in hex digits as pyHanko counts it (twice
    the DER size): even, 8192 to 1 MiB, at least 16384 with a timestamp. Default
    :data:`DEFAULT_BYTES_RESERVED`. ``None`` lets pyHanko measure a trial signature
    first, which doubles the signing time (and asks the TSA twice).
    """

    md_algorithm: str = "sha256"
    """Digest algorithm for the document and the signed attributes."""

    def assert_viable(self, *, timestamped: bool | None = None) -> None:
        """Check the settings as a whole.

        :param timestamped: whether the signature will carry a timestamp; default: whether
            :attr:`tsa_url` is set.
        :raises InputError: when a field or a combination of fields cannot work.
        """
        where = "pengaturan tanda tangan / signature settings"
        if self.md_algorithm not in _DIGESTS:
            raise InputError(
                where,
                f"algoritme digest {self.md_algorithm!r} tidak didukung / unsupported "
                f"digest algorithm {self.md_algorithm!r} (pilihan / choices: "
                f"{', '.join(sorted(_DIGESTS))})",
            )
        if self.field_name is not None and not _FIELD_NAME.fullmatch(self.field_name):
            raise InputError(
                where,
                f"nama kolom tanda tangan {self.field_name!r} tidak sah (1-127 karakter, "
                f"tanpa titik) / invalid signature field name {self.field_name!r} (1-127 "
                f"characters, no dots)",
            )
        if self.tsa_url is not None:
            parts = urlsplit(self.tsa_url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise InputError(
                    where,
                    f"URL otoritas stempel waktu tidak sah / invalid timestamp authority "
                    f"URL: {self.tsa_url!r} (http:// atau/or https://)",
                )
            if not self.tsa_timeout > 0:
                raise InputError(
                    where,
                    "batas waktu TSA harus positif / the TSA timeout must be positive",
                )
        if timestamped is None:
            timestamped = self.tsa_url is not None
        reserved = self.bytes_reserved
        if reserved is not None:
            minimum = _MIN_RESERVED_TIMESTAMPED if timestamped else _MIN_RESERVED
            if reserved % 2 or not minimum <= reserved <= _MAX_RESERVED:
                raise InputError(
                    where,
                    f"bytes_reserved={reserved} harus genap, antara {minimum} dan "
                    f"{_MAX_RESERVED}{' (dengan stempel waktu)' if timestamped else ''} / "
                    f"bytes_reserved={reserved} must be even, between {minimum} and "
                    f"{_MAX_RESERVED}{' (with a timestamp)' if timestamped else ''}",
                )


@dataclass(frozen=True)
class LoadedSigner:
    """A PKCS#12 key opened once, ready to sign any number of documents.

    Opening a PKCS#12 file runs its key-derivation function (tens of milliseconds); keep
    one :class:`LoadedSigner` per key per process.
    """

    info: KeyInfo
    """What the key is: subject, issuer, validity, fingerprint, development or not."""
    signer: SimpleSigner = field(repr=False, compare=False)
    """The pyHanko signer holding the key and the certificate chain."""

    @property
    def common_name(self) -> str:
        """Common name of the signer's certificate."""
        return self.info.common_name


def load_signer(p12_path: Path, passphrase: bytes, *, key_name: str | None = None) -> LoadedSigner:
    """Open the PKCS#12 key at ``p12_path`` with ``passphrase``.

    :param key_name: the name to report; defaults to the file name without ``.p12``.
    :raises KeyAccessError: (exit code 8) the file is missing or unreadable, not PKCS#12,
        the passphrase does not open it, or it lacks the key or its certificate. The
        message names the file.
    """
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    data = read_key_file(p12_path)
    key, cert, others = open_pkcs12(data, passphrase, p12_path)
    der = serialization.Encoding.DER
    key_info = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    signer = SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
        signing_key=key_info,
        cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
            [asn1_x509.Certificate.load(c.public_bytes(der)) for c in others]
        ),
    )
    info = key_info_from_cert(key_name or p12_path.stem, p12_path, cert)
    logger.debug("loaded signing key %s (%s)", p12_path, info.subject)
    return LoadedSigner(info=info, signer=signer)


def sign_pdf(
    pdf: bytes,
    signer: LoadedSigner,
    settings: SignSettings,
    *,
    timestamper: TimeStamper | None = None,
    source: str = "<pdf>",
) -> bytes:
    """Sign ``pdf`` with a PAdES baseline signature, as an incremental update.

    Earlier revisions, and any earlier signatures, are left byte for byte as they were.
    With :attr:`SignSettings.tsa_url` or ``timestamper`` the signature gets a signature
    timestamp (PAdES B-T).

    :param pdf: the document, e.g. WeasyPrint's PDF/A-3b output or an already signed PDF.
    :param signer: from :func:`load_signer`.
    :param settings: see :class:`SignSettings`.
    :param timestamper: a pyHanko timestamper to use instead of :attr:`SignSettings.tsa_url`
        (e.g. a ``DummyTimeStamper`` with a fixed time, in tests).
    :param source: how to name the document in error messages.
    :return: the signed PDF.
    :raises InputError: bad settings, or ``pdf`` is not a PDF pyHanko can read.
    :raises SigningError: the certificate is not valid now, the field is already signed,
        the timestamp authority failed, or pyHanko refused for another reason.
    """
    settings.assert_viable(timestamped=timestamper is not None or settings.tsa_url is not None)
    _check_validity(signer.info, source)

    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError as HankoSigningError
    from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError

    if timestamper is None and settings.tsa_url is not None:
        timestamper = HTTPTimeStamper(settings.tsa_url, timeout=settings.tsa_timeout)

    writer = _open_writer(pdf, source)
    _align_producer(writer)
    field_name = settings.field_name or _next_field_name(writer)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm=settings.md_algorithm,
        reason=settings.reason,
        location=settings.location,
        name=settings.name,
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer.signer, timestamper=timestamper)
    reserved = settings.bytes_reserved
    try:
        try:
            output = _run_blocking(pdf_signer.async_sign_pdf(writer, bytes_reserved=reserved))
        except HankoSigningError as exc:
            if reserved is None or "larger than expected" not in str(exc):
                raise
            logger.warning(
                "%s: the signature did not fit in %d bytes; signing again with pyHanko's "
                "estimate (raise SignSettings.bytes_reserved)",
                source,
                reserved,
            )
            writer = _open_writer(pdf, source)
            _align_producer(writer)
            output = _run_blocking(pdf_signer.async_sign_pdf(writer, bytes_reserved=None))
    except TimestampRequestError as exc:
        raise SigningError(
            source,
            f"otoritas stempel waktu tidak menjawab dengan benar / the timestamp "
            f"authority did not answer properly ({settings.tsa_url or 'timestamper'}): "
            f"{_cause(exc)}",
        ) from exc
    except (HankoSigningError, PdfError, ValueError) as exc:
        raise SigningError(
            source,
            f"PDF tidak dapat ditandatangani / the PDF could not be signed: {_cause(exc)}",
        ) from exc
    signed: bytes = output.getvalue()
    logger.info(
        "%s signed by %s in field %s%s",
        source,
        signer.common_name,
        field_name,
        " with a timestamp" if timestamper is not None else "",
    )
    return signed


# -- helpers ----------------------------------------------------------------------------


def _run_blocking(coro: Coroutine[Any, Any, _T]) -> _T:
    """Run ``coro`` to completion, also when called from inside a running event loop.

    pyHanko's own synchronous ``PdfSigner.sign_pdf`` uses ``asyncio.run``, which fails
    inside a running loop (an async web handler); then this runs it in a helper thread.
    """
    import asyncio
    import concurrent.futures

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _open_writer(pdf: bytes, source: str) -> Any:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError

    if not pdf.lstrip()[:5] == b"%PDF-":
        raise InputError(source, "bukan berkas PDF / not a PDF file")
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            source, f"PDF tidak dapat dibaca / unreadable PDF: {_cause(exc)}"
        ) from None
    if writer.security_handler is not None:
        raise InputError(
            source,
            "PDF terenkripsi tidak dapat ditandatangani / an encrypted PDF cannot be signed",
        )
    return writer


def _align_producer(writer: Any) -> None:
    """Make the info dictionary's ``/Producer`` the one pyHanko writes into the XMP.

    pyHanko sets XMP ``pdf:Producer`` to "pyHanko <version>" but *appends* that to an
    existing info ``/Producer`` ("WeasyPrint 70.0; pyHanko 0.38.0"). PDF/A (ISO 19005-2/3,
    6.6.2.3.1) wants every info entry to equal its XMP counterpart, so a signed PDF/A-3b
    would no longer conform. Setting the info entry to exactly pyHanko's value first
    keeps the two equal (pyHanko leaves a producer that already names it alone).
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.metadata.model import VENDOR

    if "/Metadata" not in writer.root:
        return
    try:
        info_ref = writer.trailer.raw_get("/Info")
    except KeyError:
        return
    if not isinstance(info_ref, generic.IndirectObject):
        return
    info = info_ref.get_object()  # type: ignore[no-untyped-call]
    if "/Producer" in info and info["/Producer"] != VENDOR:
        info["/Producer"] = generic.TextStringObject(VENDOR)
        writer.mark_update(info_ref)


def _next_field_name(writer: Any) -> str:
    """``SignatureN``, N one more than the signature fields already in the document."""
    from pyhanko.sign.fields import enumerate_sig_fields

    taken = {name for name, _, _ in enumerate_sig_fields(writer)}
    number = len(taken) + 1
    while f"Signature{number}" in taken:
        number += 1
    return f"Signature{number}"


def _check_validity(info: KeyInfo, source: str) -> None:
    now = datetime.now(UTC)
    start = f"{info.not_before:%Y-%m-%d %H:%M} UTC"
    end = f"{info.not_after:%Y-%m-%d %H:%M} UTC"
    if now < info.not_before:
        raise SigningError(
            source,
            f"sertifikat {info.common_name!r} baru berlaku mulai {start} / certificate "
            f"{info.common_name!r} is not valid before {start}",
        )
    if now > info.not_after:
        raise SigningError(
            source,
            f"sertifikat {info.common_name!r} kedaluwarsa pada {end} / certificate "
            f"{info.common_name!r} expired on {end}",
        )


def _cause(exc: BaseException) -> str:
    """The innermost message of an exception chain (pyHanko wraps its causes)."""
    parts = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = str(current).strip()
        if text and text not in parts:
            parts.append(text)
        current = current.__cause__ or current.__context__
    return "; ".join(parts) or type(exc).__name__
