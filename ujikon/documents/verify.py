"""The offline verdict on a signed PDF: who signed, is it intact, is it unchanged since.

:func:`verify_pdf` reads PDF bytes and answers, without any network access:

* for every signature (and document timestamp), in signing order: the field, the
  signer's certificate (name, issuer, serial, validity, fingerprint), whether the
  signature and the digest of the signed bytes are intact, whether the certificate chains
  to one of the given trust roots, whether it is a development certificate, the signature
  timestamp (present, its time, intact), how much of the file it covers and what kind of
  changes came after it;
* for the file: is it signed, are all signatures intact, is it unchanged since the last
  signature (anything appended that is not another signature means "modified after
  signing"), the embedded files (the machine-readable decision rides there) and the
  document information dictionary.

The checking itself is pyHanko's (``validate_pdf_signature`` with a
``ValidationContext(trust_roots=..., allow_fetching=False)``); this module turns its
answer into frozen records with a bilingual summary. Input that is not a readable PDF
raises :class:`~ujikon.errors.InputError` naming the source -- never a traceback.

pyHanko is imported inside the functions: importing this module is cheap.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from collections.abc import Coroutine, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from ujikon.documents.keys import is_dev_name
from ujikon.errors import InputError

if TYPE_CHECKING:
    from cryptography import x509

__all__ = [
    "Lang",
    "PdfVerdict",
    "SignatureVerdict",
    "async_verify_pdf",
    "verify_pdf",
]

logger = logging.getLogger(__name__)

Lang = Literal["id", "en", "id+en"]
"""Language of :meth:`PdfVerdict.summary_lines`: Indonesian, English, or both (``a / b``)."""

_T = TypeVar("_T")

_ACCEPTED_LATER_CHANGES = frozenset({"none", "lta_updates"})
"""Modification levels after the last signature that still count as "unchanged":
nothing, or only validation data (DSS) and document timestamps."""

_PERMITTED_BETWEEN_SIGNATURES = frozenset({"none", "lta_updates", "form_filling"})
"""Modification levels after an earlier signature that a later signer may bring
(adding and filling signature fields)."""

_EOF = b"%%EOF"
_WHITESPACE = b" \t\r\n\x00\x0c"
_MAX_EOF_FALLBACKS = 8


@dataclass(frozen=True)
class SignatureVerdict:
    """One signature (or document timestamp) of a PDF, as the verifier found it."""

    field_name: str
    """Name of the signature form field (``Signature1``)."""
    kind: Literal["signature", "document_timestamp"] = "signature"
    """A signature (``/Sig``) or a PAdES document timestamp (``/DocTimeStamp``)."""
    signer_name: str = ""
    """Common name of the signer's certificate (of the TSA for a document timestamp)."""
    signer_subject: str = ""
    """Full subject of the signer's certificate, RFC 4514 form."""
    issuer: str = ""
    """Issuer of the signer's certificate, RFC 4514 form."""
    issuer_name: str = ""
    """Common name of the issuer."""
    serial: str = ""
    """Serial number of the signer's certificate, upper-case hex."""
    valid_from: datetime | None = None
    """Start of the certificate's validity."""
    valid_until: datetime | None = None
    """End of the certificate's validity."""
    fingerprint_sha256: str = ""
    """SHA-256 of the signer's certificate, lower-case hex."""
    signing_time: datetime | None = None
    """Signing time as the signer claims it (the ``/M`` entry); not proof, see the timestamp."""
    reason: str | None = None
    """``/Reason`` of the signature dictionary."""
    location: str | None = None
    """``/Location`` of the signature dictionary."""
    intact: bool = False
    """The digest of the signed bytes matches and the CMS signature verifies."""
    trusted: bool = False
    """The certificate chains to one of the trust roots (and its key usage fits)."""
    trust_problem: str | None = None
    """Why not trusted, as an AdES sub-indication (``NO_CERTIFICATE_CHAIN_FOUND``...)."""
    is_dev: bool = False
    """The certificate comes from a development CA (its issuer's name carries "DEV")."""
    timestamp_present: bool = False
    """The signature carries an RFC 3161 signature timestamp (PAdES B-T)."""
    timestamp_time: datetime | None = None
    """Time in the timestamp token."""
    timestamp_intact: bool | None = None
    """The timestamp token is intact and matches the signature (``None`` without one)."""
    timestamp_trusted: bool | None = None
    """The TSA certificate chains to one of the trust roots (``None`` without one)."""
    coverage: str = "unclear"
    """``entire_file``, ``entire_revision``, ``contiguous_block_from_start`` or ``unclear``."""
    modification_level: str | None = None
    """Changes after this signature: ``none``, ``lta_updates`` (validation data only),
    ``form_filling`` (later signatures), ``annotations`` or ``other``; ``None`` unknown."""
    docmdp_ok: bool | None = None
    """Later changes are within what the document's modification policy allows."""
    md_algorithm: str = ""
    """Digest algorithm (``sha256``)."""
    subfilter: str = ""
    """``/SubFilter``: ``ETSI.CAdES.detached`` for PAdES."""
    problem: str | None = None
    """Why the signature could not be checked at all (a damaged signature), else ``None``."""

    @property
    def later_changes_permitted(self) -> bool:
        """What came after this signature is nothing, validation data or more signatures."""
        return self.modification_level in _PERMITTED_BETWEEN_SIGNATURES

    def summary_lines(self, lang: Lang = "id+en") -> list[str]:
        """A few lines of human text about this signature (first line unindented)."""
        t = _Translator(lang)
        who = self.signer_name or t("(tanpa nama)", "(no name)")
        if self.problem is not None:
            head = t("Tanda tangan RUSAK", "signature BROKEN")
            lines = [f"{head} — {self.field_name}: {self.problem}"]
            return lines
        if self.kind == "document_timestamp":
            head = t("Stempel waktu dokumen", "document timestamp")
        else:
            head = t("Tanda tangan", "signature")
        state = t("utuh", "intact") if self.intact else t("TIDAK UTUH", "NOT INTACT")
        if self.trusted and self.is_dev:
            # Never a bare "yes" beside an issuer that calls itself NOT TRUSTED: the
            # development CA is trusted only because the verifier named it as a root.
            trusted = t(
                "hanya untuk uji — CA PENGEMBANGAN yang diberikan sebagai akar",
                "for testing only — a DEVELOPMENT CA given as trust root",
            )
        else:
            trusted = t("ya", "yes") if self.trusted else t("tidak", "no")
        first = f"{head} {state} — {who}, {t('dipercaya', 'trusted')}: {trusted}"
        if self.is_dev and not self.trusted:
            first += f" ({t('sertifikat pengembangan', 'development certificate')})"
        elif not self.trusted and self.trust_problem:
            first += f" ({self.trust_problem})"
        lines = [first]
        lines.append(
            f"  {t('Kolom', 'field')}: {self.field_name}; {t('penerbit', 'issuer')}: "
            f"{self.issuer_name or self.issuer}; {t('nomor seri', 'serial')}: {self.serial}"
        )
        if self.valid_from and self.valid_until:
            lines.append(
                f"  {t('Sertifikat berlaku', 'certificate valid')}: "
                f"{_day(self.valid_from)} {t('s.d.', 'to')} {_day(self.valid_until)}; "
                f"SHA-256 {self.fingerprint_sha256[:16]}…"
            )
        if self.signing_time is not None:
            lines.append(
                f"  {t('Waktu tanda tangan', 'signing time')}: {_moment(self.signing_time)} "
                f"({t('menurut penanda tangan', 'as claimed by the signer')})"
            )
        if self.timestamp_present:
            ts_state = (
                t("utuh", "intact") if self.timestamp_intact else t("TIDAK UTUH", "NOT INTACT")
            )
            ts_trust = t("ya", "yes") if self.timestamp_trusted else t("tidak", "no")
            when = _moment(self.timestamp_time) if self.timestamp_time else "?"
            lines.append(
                f"  {t('Stempel waktu', 'timestamp')}: {when}, {ts_state}, "
                f"{t('dipercaya', 'trusted')}: {ts_trust}"
            )
        elif self.kind == "signature":
            lines.append(f"  {t('Stempel waktu', 'timestamp')}: {t('tidak ada', 'none')}")
        lines.append(f"  {t('Cakupan', 'coverage')}: {self._coverage_text(t)}")
        return lines

    def _coverage_text(self, t: _Translator) -> str:
        if self.coverage == "entire_file":
            return t("seluruh berkas", "entire file")
        if self.coverage == "entire_revision":
            later = {
                None: t("tidak diketahui", "unknown"),
                "none": t("tidak ada", "none"),
                "lta_updates": t("hanya data validasi", "validation data only"),
                "form_filling": t(
                    "tanda tangan / isian formulir berikutnya", "later signatures / form filling"
                ),
                "annotations": t("anotasi", "annotations"),
                "other": t("PERUBAHAN ISI", "CONTENT CHANGES"),
            }.get(self.modification_level, str(self.modification_level))
            return (
                f"{t('seluruh revisinya', 'its entire revision')}; "
                f"{t('perubahan sesudahnya', 'changes after it')}: {later}"
            )
        return t("TIDAK BAKU (mencurigakan)", "NON-STANDARD (suspicious)")


@dataclass(frozen=True)
class PdfVerdict:
    """The verdict on one PDF: its signatures, its integrity, what it carries inside."""

    source: str
    """The file name (or ``<pdf>``) the bytes came from."""
    sha256: str
    """SHA-256 of the bytes examined, lower-case hex."""
    size: int
    """Number of bytes examined."""
    signatures: tuple[SignatureVerdict, ...]
    """Every signature and document timestamp, in signing order."""
    unchanged_since_last_signature: bool
    """The last signature is intact and nothing but validation data came after it: no
    appended revision with other changes, no bytes after the end of the file. ``False``
    when unsigned, and when the signed bytes themselves were altered."""
    appended_bytes: int = 0
    """Bytes after the last ``%%EOF`` that are neither whitespace nor a PDF revision."""
    embedded_files: dict[str, bytes] = field(default_factory=dict, hash=False)
    """Embedded files (EmbeddedFiles name tree and associated files), name -> content.
    Taken from the latest revision: trust them only when :attr:`ok` is true."""
    metadata: dict[str, str] = field(default_factory=dict, hash=False)
    """The document information dictionary, without the leading ``/`` of the keys."""
    xmp: str | None = None
    """The XMP metadata packet of the catalogue, as text, if any."""

    @property
    def signed(self) -> bool:
        """The PDF carries at least one signature."""
        return any(s.kind == "signature" for s in self.signatures)

    @property
    def intact(self) -> bool:
        """Signed, and every signature and document timestamp is intact."""
        return self.signed and all(s.intact for s in self.signatures)

    @property
    def trusted(self) -> bool:
        """Signed, and every signer chains to a trust root."""
        return self.signed and all(s.trusted for s in self.signatures)

    @property
    def signers_trusted(self) -> bool:
        """Signed, and every signature (document timestamps aside) chains to a trust root.

        A document timestamp vouches for a time, not for the decree: its authority need
        not be among the roots (it is still reported, and must be intact)."""
        return self.signed and all(s.trusted for s in self.signatures if s.kind == "signature")

    @property
    def untrusted_signatures(self) -> tuple[SignatureVerdict, ...]:
        """The signatures (not document timestamps) that chain to no trust root."""
        return tuple(s for s in self.signatures if s.kind == "signature" and not s.trusted)

    @property
    def development_trust(self) -> bool:
        """Some signature is trusted only through a development CA given as a root."""
        return any(s.trusted and s.is_dev for s in self.signatures if s.kind == "signature")

    @property
    def modified_after_signing(self) -> bool:
        """Signed, but changed since: after the last signature, or between signatures."""
        if not self.signed:
            return False
        if not self.unchanged_since_last_signature:
            return True
        return not all(s.later_changes_permitted for s in self.signatures[:-1])

    @property
    def ok(self) -> bool:
        """Integrity only: signed, every signature intact, nothing changed but by later
        signatures.

        This says nothing about *who* signed: a file re-signed with a self-made
        certificate is ``ok``. Trust is separate (:attr:`signers_trusted`,
        :attr:`valid`); whether a decree is genuine is
        :attr:`ujikon.service.verification.DecreeVerdict.ok`, which also checks the signers
        against the decree and the printed QR code.
        """
        return self.intact and not self.modified_after_signing

    @property
    def valid(self) -> bool:
        """:attr:`ok` and every signer chains to a trust root (:attr:`signers_trusted`)."""
        return self.ok and self.signers_trusted

    @property
    def last_signature(self) -> SignatureVerdict | None:
        """The signature applied last, or ``None`` when unsigned."""
        return self.signatures[-1] if self.signatures else None

    def summary_lines(self, lang: Lang = "id+en") -> list[str]:
        """Human text, one line per fact: the overall verdict first, then each signature."""
        t = _Translator(lang)
        if not self.signed:
            line = f"{self.source}: {t('TIDAK bertanda tangan', 'NOT signed')}"
            if self.appended_bytes:
                line += (
                    f" ({self.appended_bytes} "
                    f"{t('bita tak terbaca di akhir berkas', 'unreadable bytes at the end')})"
                )
            return [line, f"SHA-256: {self.sha256}"]
        count = sum(1 for s in self.signatures if s.kind == "signature")
        if self.ok:
            overall = t(
                "tanda tangan utuh, berkas tidak berubah sejak ditandatangani",
                "signatures intact, file unchanged since signing",
            )
        elif not self.intact:
            overall = t(
                "TANDA TANGAN TIDAK UTUH, berkas diubah setelah ditandatangani",
                "SIGNATURE NOT INTACT, file modified after signing",
            )
        else:
            overall = t("DIUBAH SETELAH DITANDATANGANI", "MODIFIED AFTER SIGNING")
        lines = [
            f"{self.source}: {overall} ({count} {t('tanda tangan', 'signature(s)')})",
        ]
        for verdict in self.signatures:
            lines.extend(verdict.summary_lines(lang))
        if self.unchanged_since_last_signature:
            text = t(
                "Berkas tidak berubah sejak tanda tangan terakhir",
                "file unchanged since the last signature",
            )
        elif self.last_signature is not None and not self.last_signature.intact:
            text = t(
                "Berkas DIUBAH: isi yang ditandatangani tidak cocok lagi",
                "file MODIFIED: the signed content no longer matches",
            )
        else:
            text = t(
                "Berkas DIUBAH setelah tanda tangan terakhir",
                "file MODIFIED after the last signature",
            )
        if self.appended_bytes:
            text += (
                f" ({self.appended_bytes} "
                f"{t('bita ditambahkan di akhir', 'bytes appended at the end')})"
            )
        lines.append(text)
        if self.embedded_files:
            names = ", ".join(sorted(self.embedded_files))
            lines.append(f"{t('Lampiran tertanam', 'embedded files')}: {names}")
        lines.append(f"SHA-256: {self.sha256}")
        return lines


# -- entry points -----------------------------------------------------------------------


def verify_pdf(
    data: bytes,
    *,
    trust_roots: Sequence[x509.Certificate | bytes] = (),
    source: str = "<pdf>",
) -> PdfVerdict:
    """Check every signature of the PDF ``data``, offline.

    :param trust_roots: certificates to trust (``cryptography`` objects or PEM/DER
        bytes). Nothing else is trusted -- not the operating system's list either -- and
        nothing is fetched: a signature is ``trusted`` only when it chains to one of
        these.
    :param source: how to name the input in the verdict and in errors.
    :raises InputError: ``data`` is not a PDF, is truncated or cannot be parsed.

    Safe to call from inside a running event loop (it then works in a helper thread);
    async code may prefer :func:`async_verify_pdf`.
    """
    return _run(async_verify_pdf(data, trust_roots=trust_roots, source=source))


async def async_verify_pdf(
    data: bytes,
    *,
    trust_roots: Sequence[x509.Certificate | bytes] = (),
    source: str = "<pdf>",
) -> PdfVerdict:
    """The coroutine behind :func:`verify_pdf` (same parameters, same result)."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import ValidationContext

    _quiet_expected_warnings()
    reader, appended = _open_reader(data, source)
    roots = [asn1_x509.Certificate.load(_der_of(root, source)) for root in trust_roots]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        verdicts = [await _verify_one(sig, context) for sig in _embedded_signatures(reader)]
    finally:
        await context.aclose()  # type: ignore[no-untyped-call]
    verdicts.sort(key=lambda pair: pair[0])
    signatures = tuple(v for _, v in verdicts)

    regular = [s for s in signatures if s.kind == "signature"]
    last = signatures[-1] if signatures else None
    unchanged = bool(
        regular
        and last is not None
        and appended == 0
        and last.problem is None
        and last.intact
        and (last.coverage == "entire_file" or last.modification_level in _ACCEPTED_LATER_CHANGES)
    )
    return PdfVerdict(
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        signatures=signatures,
        unchanged_since_last_signature=unchanged,
        appended_bytes=appended,
        embedded_files=_embedded_files(reader, source),
        metadata=_info_dict(reader),
        xmp=_xmp(reader),
    )


# -- reading ----------------------------------------------------------------------------


def _open_reader(data: bytes, source: str) -> tuple[Any, int]:
    """A pyHanko reader over ``data``, and the count of appended non-PDF bytes.

    Bytes after the last ``%%EOF`` that do not form a revision are cut off (and
    counted), so that a signed file with garbage appended still gets a verdict --
    "modified after signing" -- instead of a parse error.
    """
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    if b"%PDF-" not in data[:1024]:
        raise InputError(source, "bukan berkas PDF / not a PDF file")
    ends = _eof_ends(data)
    if not ends:
        raise InputError(
            source,
            "PDF terpotong: penanda akhir berkas (%%EOF) tidak ada / truncated PDF: no "
            "end-of-file marker (%%EOF)",
        )
    first_error: Exception | None = None
    for end in ends[:_MAX_EOF_FALLBACKS]:
        tail = data[end:]
        appended = len(tail.strip(_WHITESPACE))
        body = data if appended == 0 else data[:end]
        try:
            reader = PdfFileReader(BytesIO(body))
            reader.root  # noqa: B018 -- fail here, not later, on a broken catalogue
        except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
            first_error = first_error or exc
            continue
        if reader.security_handler is not None:
            raise InputError(
                source,
                "PDF terenkripsi tidak didukung / encrypted PDFs are not supported",
            )
        if appended:
            logger.info("%s: %d bytes after the last readable revision", source, appended)
        return reader, appended
    raise InputError(
        source,
        f"PDF rusak atau terpotong, tidak dapat dibaca / damaged or truncated PDF, cannot "
        f"be read ({first_error})",
    )


def _eof_ends(data: bytes) -> list[int]:
    """Offsets just past each ``%%EOF`` marker (and its end of line), last one first."""
    ends: list[int] = []
    position = len(data)
    while True:
        found = data.rfind(_EOF, 0, position)
        if found < 0:
            return ends
        end = found + len(_EOF)
        if data[end : end + 2] == b"\r\n":
            end += 2
        elif data[end : end + 1] in (b"\r", b"\n"):
            end += 1
        ends.append(end)
        position = found


def _embedded_signatures(reader: Any) -> Iterator[Any]:
    """An ``EmbeddedPdfSignature`` for every filled signature field, in field order.

    Like ``PdfFileReader.embedded_signatures``, but one damaged signature does not hide
    the others: it comes out as a ``(name, exception)`` pair instead.
    """
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation import EmbeddedPdfSignature

    try:
        found = list(enumerate_sig_fields(reader, filled_status=True))
    except Exception as exc:  # a damaged form tree
        yield ("AcroForm", exc)
        return
    for name, _, sig_field in found:
        try:
            yield EmbeddedPdfSignature(reader, sig_field, name)
        except Exception as exc:  # damaged signature dictionary or CMS blob
            yield (str(name), exc)


async def _verify_one(sig: Any, context: Any) -> tuple[int, SignatureVerdict]:
    """The verdict on one embedded signature, with its revision for sorting."""
    if isinstance(sig, tuple):
        name, exc = sig
        return 1 << 30, SignatureVerdict(field_name=name, problem=_problem(exc))
    from pyhanko.sign.validation import (
        async_validate_pdf_signature,
        async_validate_pdf_timestamp,
    )
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    revision = int(sig.signed_revision)
    try:
        if sig.sig_object_type == "/DocTimeStamp":
            ts_status = await async_validate_pdf_timestamp(sig, validation_context=context)
            return revision, _timestamp_verdict(sig, ts_status)
        status = await async_validate_pdf_signature(
            sig,
            signer_validation_context=context,
            ts_validation_context=context,
            key_usage_settings=KeyUsageConstraints(
                key_usage={"non_repudiation", "digital_signature"},
                match_all_key_usages=False,
            ),
        )
    except Exception as exc:  # a signature pyHanko cannot evaluate is a failed one
        logger.debug("signature %s could not be validated", sig.field_name, exc_info=True)
        return revision, SignatureVerdict(field_name=str(sig.field_name), problem=_problem(exc))
    return revision, _signature_verdict(sig, status)


def _signature_verdict(sig: Any, status: Any) -> SignatureVerdict:
    ts = status.timestamp_validity
    return SignatureVerdict(
        field_name=str(sig.field_name),
        kind="signature",
        **_cert_fields(status.signing_cert),
        signing_time=_aware(status.signer_reported_dt),
        reason=_text(sig.sig_object.get("/Reason")),
        location=_text(sig.sig_object.get("/Location")),
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        trust_problem=_indication(status.trust_problem_indic),
        timestamp_present=ts is not None,
        timestamp_time=_aware(ts.timestamp) if ts is not None else None,
        timestamp_intact=bool(ts.intact and ts.valid) if ts is not None else None,
        timestamp_trusted=bool(ts.trusted) if ts is not None else None,
        coverage=_enum_name(status.coverage) or "unclear",
        modification_level=_enum_name(status.modification_level),
        docmdp_ok=status.docmdp_ok,
        md_algorithm=str(status.md_algorithm),
        subfilter=_text(sig.sig_object.get("/SubFilter")) or "",
    )


def _timestamp_verdict(sig: Any, status: Any) -> SignatureVerdict:
    intact = bool(status.intact and status.valid)
    return SignatureVerdict(
        field_name=str(sig.field_name),
        kind="document_timestamp",
        **_cert_fields(status.signing_cert),
        signing_time=_aware(status.timestamp),
        intact=intact,
        trusted=bool(status.trusted),
        trust_problem=_indication(status.trust_problem_indic),
        timestamp_present=True,
        timestamp_time=_aware(status.timestamp),
        timestamp_intact=intact,
        timestamp_trusted=bool(status.trusted),
        coverage=_enum_name(status.coverage) or "unclear",
        modification_level=_enum_name(status.modification_level),
        docmdp_ok=status.docmdp_ok,
        md_algorithm=str(status.md_algorithm),
        subfilter=_text(sig.sig_object.get("/SubFilter")) or "",
    )


def _cert_fields(cert: Any) -> dict[str, Any]:
    """Names, serial, validity and fingerprint of an asn1crypto certificate."""
    from cryptography import x509 as pyca_x509

    parsed = pyca_x509.load_der_x509_certificate(cert.dump())
    issuer_name = _common_name(parsed.issuer)
    return {
        "signer_name": _common_name(parsed.subject),
        "signer_subject": parsed.subject.rfc4514_string(),
        "issuer": parsed.issuer.rfc4514_string(),
        "issuer_name": issuer_name,
        "serial": format(parsed.serial_number, "X"),
        "valid_from": parsed.not_valid_before_utc,
        "valid_until": parsed.not_valid_after_utc,
        "fingerprint_sha256": hashlib.sha256(cert.dump()).hexdigest(),
        "is_dev": is_dev_name(issuer_name),
    }


def _embedded_files(reader: Any, source: str) -> dict[str, bytes]:
    """Files in the EmbeddedFiles name tree and the catalogue's associated files (/AF)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.misc import PdfError

    files: dict[str, bytes] = {}
    specs: list[tuple[str | None, Any]] = []
    root = reader.root
    try:
        tree = root["/Names"]["/EmbeddedFiles"]
    except (KeyError, TypeError):
        tree = None
    if tree is not None:
        specs.extend(_name_tree(tree, depth=0))
    try:
        associated = root["/AF"]
    except KeyError:
        associated = None
    if isinstance(associated, generic.ArrayObject):
        specs.extend((None, spec) for spec in associated)
    for key, spec_obj in specs:
        try:
            spec = spec_obj.get_object()
            name = _text(spec.get("/UF")) or _text(spec.get("/F")) or key
            if not name or name in files:
                continue
            embedded = spec["/EF"]
            stream = embedded.get("/UF") or embedded["/F"]
            files[name] = bytes(stream.get_object().data)
        except (KeyError, TypeError, AttributeError, ValueError, zlib.error, PdfError) as exc:
            # A damaged stream (a flipped byte in a signed file) is an unreadable file, which
            # the verdict reports as missing; never a traceback.
            logger.warning("%s: unreadable embedded file %r: %s", source, key, exc)
    return files


def _name_tree(node: Any, depth: int) -> Iterator[tuple[str | None, Any]]:
    """``(key, value)`` pairs of a PDF name tree (bounded depth against loops)."""
    if depth > 32:
        return
    node = node.get_object()
    names = node.get("/Names")
    if names is not None:
        items = list(names)
        for index in range(0, len(items) - 1, 2):
            yield _text(items[index]), items[index + 1]
    for kid in node.get("/Kids", ()):
        yield from _name_tree(kid, depth + 1)


def _info_dict(reader: Any) -> dict[str, str]:
    try:
        info = reader.trailer["/Info"]
    except (KeyError, TypeError):
        return {}
    result = {}
    for key, value in info.items():
        text = _text(value)
        if text is not None:
            result[str(key).lstrip("/")] = text
    return result


def _xmp(reader: Any) -> str | None:
    from pyhanko.pdf_utils.misc import PdfError

    try:
        data = reader.root["/Metadata"].data
    except (KeyError, AttributeError, TypeError, ValueError, zlib.error, PdfError):
        return None
    return bytes(data).decode("utf-8", errors="replace")


# -- small helpers ----------------------------------------------------------------------


class _DemoteToInfo(logging.Filter):
    """Turns pyHanko's WARNING and ERROR records during validation into INFO records.

    pyHanko logs a warning, with a traceback, for every certificate it cannot chain to a
    trust root, and for every incremental update its difference analysis finds
    suspicious ("Error in diff operation between revision 1 and 3", 20 lines of
    traceback each). For a verifier both are expected outcomes, already reported in the
    verdict (:attr:`SignatureVerdict.trusted`, ``trust_problem``,
    ``modification_level``); without this, the tracebacks would reach the user's
    terminal through logging's last-resort handler, before the verdict.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if logging.WARNING <= record.levelno < logging.CRITICAL:
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


_DEMOTE = _DemoteToInfo()

_HANKO_LOGGERS = (
    "pyhanko.sign.validation.generic_cms",
    "pyhanko.sign.validation.pdf_embedded",
    "pyhanko.sign.validation.status",
    "pyhanko.sign.validation.ades",
    "pyhanko.sign.validation.dss",
    "pyhanko.sign.diff_analysis.policies",
    "pyhanko_certvalidator.validate",
)
"""The loggers validation writes to. A filter acts only on the records of the logger it
sits on (not on its children's), hence one per module."""


def _quiet_expected_warnings() -> None:
    """Install :class:`_DemoteToInfo` on pyHanko's validation loggers (once)."""
    for name in _HANKO_LOGGERS:
        hanko = logging.getLogger(name)
        if _DEMOTE not in hanko.filters:
            hanko.addFilter(_DEMOTE)


class _Translator:
    """Picks the Indonesian text, the English one, or both as ``id / en``."""

    def __init__(self, lang: Lang) -> None:
        if lang not in ("id", "en", "id+en"):
            raise ValueError(f"unknown language {lang!r}: id, en or id+en")
        self.lang = lang

    def __call__(self, indonesian: str, english: str) -> str:
        if self.lang == "id":
            return indonesian
        if self.lang == "en":
            return english
        return f"{indonesian} / {english}"


def _run(coro: Coroutine[Any, Any, _T]) -> _T:
    """Run ``coro`` to completion, also from inside a running event loop."""
    import asyncio
    import concurrent.futures

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        running = False
    else:
        running = True
    # Outside the ``except`` block: an exception raised (and logged) inside the coroutine
    # must not carry "RuntimeError: no running event loop" along as its context.
    if not running:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _der_of(root: Any, source: str) -> bytes:
    """DER bytes of a trust root given as a ``cryptography`` certificate or PEM/DER bytes."""
    if isinstance(root, bytes | bytearray):
        data = bytes(root)
        if b"-----BEGIN" in data:
            from cryptography import x509 as pyca_x509

            try:
                return pyca_x509.load_pem_x509_certificate(data).public_bytes(_der_encoding())
            except ValueError:
                raise InputError(
                    source, "akar kepercayaan bukan sertifikat / a trust root is not a certificate"
                ) from None
        return data
    public_bytes = getattr(root, "public_bytes", None)
    if public_bytes is None:
        raise InputError(
            source,
            f"akar kepercayaan tidak dikenal / unknown trust root type: {type(root).__name__}",
        )
    der: bytes = public_bytes(_der_encoding())
    return der


def _der_encoding() -> Any:
    from cryptography.hazmat.primitives import serialization

    return serialization.Encoding.DER


def _common_name(name: Any) -> str:
    from cryptography import x509 as pyca_x509

    values = name.get_attributes_for_oid(pyca_x509.NameOID.COMMON_NAME)
    return str(values[0].value) if values else ""


def _text(value: Any) -> str | None:
    """A PDF string or name as ``str`` (``None`` for anything else)."""
    if value is None:
        return None
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return None


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _enum_name(value: Any) -> str | None:
    return None if value is None else str(value.name).lower()


def _indication(value: Any) -> str | None:
    return None if value is None else str(getattr(value, "name", value))


def _problem(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text != type(exc).__name__ else text


def _day(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d}"


def _moment(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"
