"""``ujikon verify FILE.pdf``: is this decree what the body issued, and is it still in force?

Offline, in four layers:

1. the PDF itself (:func:`ujikon.documents.verify.verify_pdf`): every signature intact,
   by whom, chaining to a trust root or not, nothing changed after signing;
2. the signers: the decree names who signs it (``decree.signers`` of the embedded
   decision: the PPID Utama, and the Atasan PPID where the body's profile asks for the
   head's signature); each must have signed their own field (``TandaTangan_<role>``)
   with a certificate in their name, and nobody else may have signed;
3. the decision inside it, three ways: the QR code **printed on the page** (rasterised
   and decoded, :func:`ujikon.documents.qr.read_printed_qr`), the document-information
   key ``/UjikonQR``, and the hash and number of the embedded ``keputusan.json`` must
   all say the same; the one that disagrees is named;
4. with a workspace at hand, the log: the decree with that number was issued with this
   very file (same SHA-256) and this decision, and whether it has been revoked since.

Only a decree that passes all of them, with every signer chaining to a trust root, is
valid (exit 0). What a trust root is: the certificates given with ``--trust``, and in a
workspace those in ``keys/trusted/`` (:func:`workspace_trust_roots`). The development CA
that ``keys dev-ca`` makes is *never* added on its own; named explicitly (``--trust
keys/dev-ca.pem``), it counts, and the verdict says that a development CA vouched.

Exit codes (:attr:`DecreeVerdict.exit_code`):

==== =====================================================================================
0    valid
10   a signature is broken, or the file was changed after signing
11   not valid otherwise: not signed, no readable decision inside, the log differs, the
     decree is not in the log, or it was revoked
14   intact, but a signer does not chain to any trust root
15   the signers do not match the decree: one it names is missing, signed someone
     else's field, or an extra signature is present
16   forged: the printed QR code, the document-information key and the embedded
     decision do not all agree
==== =====================================================================================
"""

from __future__ import annotations

import hmac
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ujikon.canonical import sha256_hex
from ujikon.dates import WIB
from ujikon.domain.body import SignerRole

if TYPE_CHECKING:
    from ujikon.documents.qr import PrintedQr
    from ujikon.documents.verify import PdfVerdict, SignatureVerdict
    from ujikon.domain.decree import IssueRecord
    from ujikon.service.decrees import DecreeDesk

__all__ = [
    "EXIT_MODIFIED",
    "EXIT_NOT_VALID",
    "EXIT_QR_DISAGREES",
    "EXIT_SIGNERS",
    "EXIT_UNTRUSTED",
    "DecreeVerdict",
    "LogStatus",
    "Outcome",
    "PublicCheck",
    "SignerCheck",
    "TrustRoot",
    "public_check",
    "verify_decree_file",
    "workspace_trust_roots",
]

ATTACHMENT = "keputusan.json"
QR_METADATA_KEYS = ("UjikonQR", "ujikon_qr")
SIGNATURE_FIELD = "TandaTangan_{role}"
"""The field each signer signs (as :meth:`ujikon.service.decrees.DecreeDesk.issue` names it)."""
TRUSTED_DIR = "trusted"
"""``<workspace>/keys/trusted/``: the workspace's trust roots (PEM or DER files)."""
_ROOT_SUFFIXES = (".pem", ".crt", ".cer", ".der")

EXIT_MODIFIED = 10
EXIT_NOT_VALID = 11
EXIT_UNTRUSTED = 14
EXIT_SIGNERS = 15
EXIT_QR_DISAGREES = 16

LogStatus = Literal["not-checked", "matches", "differs", "unknown", "revoked"]
Outcome = Literal[
    "valid", "not-signed", "modified", "no-decision", "forged", "signers", "log", "untrusted"
]

_EXIT: dict[str, int] = {
    "valid": 0,
    "not-signed": EXIT_NOT_VALID,
    "modified": EXIT_MODIFIED,
    "no-decision": EXIT_NOT_VALID,
    "forged": EXIT_QR_DISAGREES,
    "signers": EXIT_SIGNERS,
    "log": EXIT_NOT_VALID,
    "untrusted": EXIT_UNTRUSTED,
}

_SOURCE_LABELS = {
    "printed": ("kode QR tercetak di halaman", "the QR code printed on the page"),
    "info": ("kunci info dokumen /UjikonQR", "the document-info key /UjikonQR"),
    "decision": (
        "keputusan tertanam (keputusan.json)",
        "the embedded decision (keputusan.json)",
    ),
}


@dataclass(frozen=True)
class TrustRoot:
    """A certificate the verifier was told to trust."""

    path: str
    subject: str
    development: bool
    """A development CA (its name carries "DEV"): trusted only because it was named."""


@dataclass(frozen=True)
class SignerCheck:
    """One signer the decree names, and the signature found for them (if any)."""

    role: str
    name: str
    office: str
    field_name: str
    signature: SignatureVerdict | None
    problem: str | None
    """``None`` when the right person signed the right field; else why not (bilingual)."""

    @property
    def label(self) -> str:
        try:
            indonesian, english = SignerRole(self.role).labels
        except ValueError:  # a role the decree's own decision names, unknown here
            indonesian, english = self.role, self.role
        return f"{indonesian} / {english}" if indonesian != english else indonesian


@dataclass(frozen=True)
class DecreeVerdict:
    pdf: PdfVerdict
    number: str | None
    decision_sha256: str | None
    qr_text: str | None
    """The document-information key ``/UjikonQR``."""
    decision_matches_qr: bool | None
    """The printed QR code, the document-information key and the embedded decision all
    agree (``True``), do not (``False``), or there is no decision to compare (``None``)."""
    log_status: LogStatus = "not-checked"
    log_notes: tuple[str, ...] = ()
    revocation: dict[str, Any] | None = field(default=None)
    printed_qr: PrintedQr | None = None
    """What the QR codes printed on the pages say (``None`` when not read)."""
    qr_disagreeing: tuple[str, ...] = ()
    """Which of ``printed``, ``info``, ``decision`` disagree with the others."""
    signers: tuple[SignerCheck, ...] = ()
    """The signers the decree names, each with the signature found."""
    extra_signatures: tuple[SignatureVerdict, ...] = ()
    """Signatures by nobody the decree names."""
    trust_roots: tuple[TrustRoot, ...] = ()

    # -- the answer ------------------------------------------------------------------

    @property
    def signer_problems(self) -> list[str]:
        problems = [s.problem for s in self.signers if s.problem is not None]
        problems.extend(
            f"tanda tangan tambahan oleh {s.signer_name or '?'} (kolom {s.field_name}), "
            f"tidak disebut dalam SK / an extra signature by {s.signer_name or '?'} "
            f"(field {s.field_name}), not named by the decree"
            for s in self.extra_signatures
        )
        return problems

    @property
    def outcome(self) -> Outcome:
        """The verdict, the gravest problem first."""
        pdf = self.pdf
        if not pdf.signed:
            return "not-signed"
        if not pdf.intact or pdf.modified_after_signing:
            return "modified"
        if self.decision_sha256 is None or self.number is None:
            return "no-decision"
        if self.decision_matches_qr is not True:
            return "forged"
        if self.signer_problems or not self.signers:
            return "signers"
        if self.log_status not in ("not-checked", "matches"):
            return "log"
        if not pdf.signers_trusted:
            return "untrusted"
        return "valid"

    @property
    def ok(self) -> bool:
        """Intact, unchanged, every signer the decree names and nobody else, every one
        chaining to a trust root, printed QR = info key = embedded decision, and the log
        agrees (if asked)."""
        return self.outcome == "valid"

    @property
    def development_trust(self) -> bool:
        """Valid only because a development CA was given as trust root."""
        return self.pdf.development_trust

    @property
    def exit_code(self) -> int:
        return _EXIT[self.outcome]

    @property
    def result_line(self) -> str:
        """``HASIL / RESULT: …``: the verdict in one line."""
        outcome = self.outcome
        if outcome == "valid":
            text = "SAH / VALID"
            if self.development_trust:
                text += (
                    " — dengan CA PENGEMBANGAN, hanya untuk uji, bukan untuk penggunaan resmi / "
                    "with a DEVELOPMENT CA, for testing only, not for official use"
                )
            return f"HASIL / RESULT: {text}"
        reason = {
            "not-signed": "tidak bertanda tangan / not signed",
            "modified": "diubah setelah ditandatangani / modified after signing",
            "no-decision": "tanpa keputusan tertanam yang terbaca / no readable embedded decision",
            "forged": "PALSU: " + self._disagreement_id() + " / FORGED: " + self._disagreement_en(),
            "signers": "penanda tangan tidak sesuai SK / the signers do not match the decree: "
            + self._signers_reason(),
            "log": "tidak sesuai log ruang kerja / does not match the workspace log",
            "untrusted": "utuh tetapi penanda tangan tidak dikenal / intact but signer not trusted",
        }[outcome]
        return f"HASIL / RESULT: TIDAK SAH / NOT VALID — {reason}"

    def _signers_reason(self) -> str:
        parts = []
        for check in self.signers:
            if check.signature is None:
                parts.append(f"kurang / missing {check.label} ({check.name})")
            elif check.problem is not None:
                parts.append(
                    f"salah penanda tangan / wrong signer for {check.label}: "
                    f"{check.signature.signer_name or '?'}"
                )
        parts.extend(
            f"tambahan / extra {s.signer_name or '?'} ({s.field_name})"
            for s in self.extra_signatures
        )
        if not self.signers:
            parts.append("SK tidak menyebut penanda tangan / the decree names no signer")
        return "; ".join(parts)

    def _disagreement_id(self) -> str:
        names = [_SOURCE_LABELS[n][0] for n in self.qr_disagreeing]
        return " dan ".join(names) + " tidak cocok dengan yang lain" if names else "?"

    def _disagreement_en(self) -> str:
        names = [_SOURCE_LABELS[n][1] for n in self.qr_disagreeing]
        verb = "disagree" if len(names) > 1 else "disagrees"
        return " and ".join(names) + f" {verb} with the rest" if names else "?"

    def summary_lines(self) -> list[str]:
        lines = list(self.pdf.summary_lines())
        if self.number:
            lines.append(f"Nomor SK / decree number: {self.number}")
        lines.extend(self._signer_lines())
        lines.extend(self._qr_lines())
        status_text = {
            "not-checked": "Log tidak diperiksa (tanpa ruang kerja) / log not checked",
            "matches": "Cocok dengan log ruang kerja / matches the workspace log",
            "differs": "BERBEDA dengan log ruang kerja / DIFFERS from the workspace log",
            "unknown": "SK ini tidak tercatat di log / this decree is not in the log",
            "revoked": "Log mencatat SK ini DICABUT / the log marks this decree REVOKED",
        }[self.log_status]
        lines.append(status_text)
        lines.extend(f"  - {note}" for note in self.log_notes)
        untrusted = self.pdf.untrusted_signatures
        if untrusted and self.pdf.intact:
            names = ", ".join(s.signer_name or s.field_name for s in untrusted)
            lines.append(
                f"Penanda tangan tidak dikenal (tidak berantai ke akar tepercaya) / signer not "
                f"trusted (chains to no trust root): {names}"
            )
        lines.append(self.result_line)
        return lines

    def _signer_lines(self) -> list[str]:
        if not self.signers:
            if self.decision_sha256 is not None:
                return [
                    "SK tidak menyebut penanda tangan / the decree names no signer",
                ]
            return []
        lines = []
        for check in self.signers:
            if check.problem is None:
                lines.append(
                    f"Penanda tangan / signer {check.label}: {check.name} — ditandatangani / "
                    f"signed ({check.field_name})"
                )
            else:
                lines.append(f"Penanda tangan / signer {check.label}: {check.problem}")
        lines.extend(
            f"Tanda tangan TAMBAHAN / EXTRA signature: {s.signer_name or '?'} "
            f"({s.field_name}) — tidak disebut dalam SK / not named by the decree"
            for s in self.extra_signatures
        )
        return lines

    def _qr_lines(self) -> list[str]:
        if self.decision_sha256 is None:
            return [
                "Tidak ada keputusan tertanam untuk dibandingkan / no embedded decision to compare"
            ]
        lines = []
        printed = self.printed_qr
        if printed is not None:
            if printed.problem is not None:
                lines.append(
                    f"Kode QR tercetak tidak dapat dibaca / printed QR code not read: "
                    f"{printed.problem}"
                )
            elif not printed.texts:
                lines.append(
                    "Kode QR tercetak TIDAK DITEMUKAN di halaman mana pun / NO printed QR code "
                    "found on any page"
                )
            else:
                pages = ", ".join(str(p) for p in printed.pages)
                for text in printed.texts:
                    lines.append(
                        f"Kode QR tercetak (hlm. {pages}) / printed QR code (p. {pages}): {text}"
                    )
        lines.append(f"Kunci info dokumen / document-info key /UjikonQR: {self.qr_text or '-'}")
        if self.decision_matches_qr is True:
            lines.append(
                "Keputusan tertanam cocok dengan kode QR tercetak dan kunci info / embedded "
                f"decision matches the printed QR code and the info key (sha256 "
                f"{self.decision_sha256})"
            )
        elif self.decision_matches_qr is False:
            lines.append(
                f"TIDAK COCOK / DISAGREE: {self._disagreement_id()} / "
                f"{self._disagreement_en()} (keputusan tertanam / embedded decision: sha256 "
                f"{self.decision_sha256})"
            )
        return lines


# -- the public check (the page a decree's QR code opens) -------------------------------


@dataclass(frozen=True)
class PublicCheck:
    """What anyone may learn of a decree from its number and decision hash, without
    logging in: that this body issued it, when, signed by whom, and whether it still
    stands. Nothing of its cases: the decree itself is what they hold in their hand.

    A number that is unknown and a known number with another hash answer alike
    (``found`` false), so the page confirms nothing to someone without the decree."""

    found: bool
    number: str = ""
    dated: date | None = None
    place: str = ""
    body: str = ""
    signers: tuple[tuple[str, str], ...] = ()
    """(name, office) of each signer, as recorded at issue."""
    items: int = 0
    revoked_on: date | None = None
    revoked_reason: str = ""
    replaced_by: str = ""

    @property
    def in_force(self) -> bool:
        return self.found and self.revoked_on is None


_HEX64 = re.compile(r"[0-9a-f]{64}")


def public_check(desk: DecreeDesk, number: str, decision_sha256: str) -> PublicCheck:
    """The public check of decree ``number`` whose decision hashes to ``decision_sha256``
    (both as the QR code carries them; see :func:`ujikon.documents.compose.qr_text`)."""
    digest = decision_sha256.strip().lower()
    number = number.strip()
    if not number or len(number) > 200 or not _HEX64.fullmatch(digest):
        return PublicCheck(found=False)
    decree = desk.by_number(number)
    if decree is None or decree.issue is None:
        return PublicCheck(found=False)
    record = decree.issue
    if not hmac.compare_digest(record.decision_sha256, digest):
        return PublicCheck(found=False)
    profile = desk.profile()
    revoked = decree.revocation
    return PublicCheck(
        found=True,
        number=record.number,
        dated=record.dated,
        place=record.place,
        body=profile.name if profile is not None else "",
        signers=tuple((s.name, s.office) for s in record.signers),
        items=len(record.cases),
        revoked_on=decree.revoked_at.astimezone(WIB).date() if decree.revoked_at else None,
        revoked_reason=revoked.reason if revoked is not None else "",
        replaced_by=revoked.replaced_by if revoked is not None else "",
    )


# -- trust roots --------------------------------------------------------------------------


def workspace_trust_roots(keys_dir: Path) -> list[Path]:
    """The workspace's trust roots: the certificate files in ``keys/trusted/``.

    The development CA (``keys/dev-ca.pem``) is not among them, and is never added on
    its own: whoever wants it trusted names it (``--trust``)."""
    directory = keys_dir / TRUSTED_DIR
    if not directory.is_dir():
        return []
    return sorted(
        p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in _ROOT_SUFFIXES
    )


def _roots(paths: list[Path] | tuple[Path, ...]) -> tuple[list[Any], tuple[TrustRoot, ...]]:
    from cryptography import x509

    from ujikon.documents.keys import is_dev_name, load_certificates

    certs = []
    info = []
    for path in paths:
        for cert in load_certificates(path):
            certs.append(cert)
            names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
            common = str(names[0].value) if names else ""
            info.append(TrustRoot(str(path), cert.subject.rfc4514_string(), is_dev_name(common)))
    return certs, tuple(info)


# -- the check ----------------------------------------------------------------------------


def _qr_text(verdict: PdfVerdict) -> str | None:
    for key in QR_METADATA_KEYS:
        if key in verdict.metadata:
            return verdict.metadata[key]
    return None


def verify_decree_file(
    path: Path,
    *,
    trust_roots: list[Path] | tuple[Path, ...] = (),
    desk: DecreeDesk | None = None,
) -> DecreeVerdict:
    """Check a decree PDF; with ``desk``, against the workspace's log too.

    :param trust_roots: certificate files (PEM/DER) to trust; nothing else is trusted.
    """
    from ujikon.documents.compose import qr_text as make_qr_text
    from ujikon.documents.qr import read_printed_qr
    from ujikon.documents.verify import verify_pdf
    from ujikon.service.input_files import PDF_LIMIT, read_limited

    data = read_limited(path, limit=PDF_LIMIT)
    roots, root_info = _roots(trust_roots)
    pdf = verify_pdf(data, trust_roots=roots, source=str(path))
    decision = pdf.embedded_files.get(ATTACHMENT)
    decision_sha = None
    parsed: dict[str, Any] | None = None
    number: str | None = None
    page = ""
    if decision is not None:
        try:
            decision_sha = sha256_hex(decision.decode("utf-8"))
            loaded = json.loads(decision)
            number = str(loaded["decree"]["number"])
            page = str(loaded["decree"].get("verification_url", ""))
            parsed = loaded
        except (ValueError, KeyError, TypeError):
            number = None
    info_qr = _qr_text(pdf)

    printed: PrintedQr | None = None
    matches: bool | None = None
    disagreeing: tuple[str, ...] = ()
    if decision_sha is not None and number is not None:
        printed = read_printed_qr(data)
        expected = make_qr_text(number, decision_sha, page)
        disagreeing = _disagreeing(expected, info_qr, printed)
        matches = not disagreeing

    record = None
    log_status: LogStatus = "not-checked"
    notes: tuple[str, ...] = ()
    revocation = None
    if desk is not None:
        record, log_status, notes, revocation = _against_log(pdf, number, decision_sha, desk)

    signers, extra = _check_signers(pdf, parsed, record)
    return DecreeVerdict(
        pdf=pdf,
        number=number,
        decision_sha256=decision_sha,
        qr_text=info_qr,
        decision_matches_qr=matches,
        log_status=log_status,
        log_notes=notes,
        revocation=revocation,
        printed_qr=printed,
        qr_disagreeing=disagreeing,
        signers=signers,
        extra_signatures=extra,
        trust_roots=root_info,
    )


def _disagreeing(expected: str, info: str | None, printed: PrintedQr) -> tuple[str, ...]:
    """Which of the three accounts of the decision disagree with the others.

    The account most of them give is taken as the reference; with no two agreeing, all
    are named. A missing account (no code on the page, no info key) disagrees."""
    values: dict[str, str | None] = {
        "printed": printed.texts[0] if len(printed.texts) == 1 else None,
        "info": info,
        "decision": expected,
    }
    counts = Counter(v for v in values.values() if v is not None)
    reference, count = counts.most_common(1)[0] if counts else (None, 0)
    if count < 2:
        return tuple(values)
    return tuple(name for name, value in values.items() if value != reference)


def _core_name(name: str) -> str:
    """A person's name without degrees and titles (tokens with a dot: ``Drs.``,
    ``M.Si.``), the development mark, commas and case: ``budi santoso``.

    A certificate's common name rarely carries the titles a decree prints; the name
    itself must match."""
    text = re.sub(r"\(\s*dev\s*\)", " ", name.casefold())
    return " ".join(t for t in re.split(r"[\s,]+", text) if t and "." not in t)


def _check_signers(
    pdf: PdfVerdict, decision: dict[str, Any] | None, record: IssueRecord | None
) -> tuple[tuple[SignerCheck, ...], tuple[SignatureVerdict, ...]]:
    named: list[dict[str, Any]] = []
    if decision is not None:
        raw = decision.get("decree", {}).get("signers")
        if isinstance(raw, list):
            named = [s for s in raw if isinstance(s, dict)]
    recorded = {s.role: s.certificate_sha256 for s in record.signers} if record else {}
    regular = [s for s in pdf.signatures if s.kind == "signature"]
    claimed: set[int] = set()
    checks = []
    for entry in named:
        role = str(entry.get("role", ""))
        name = str(entry.get("name", ""))
        office = str(entry.get("office", ""))
        field_name = SIGNATURE_FIELD.format(role=role)
        label = SignerCheck(role, name, office, field_name, None, None).label
        found = [i for i, s in enumerate(regular) if s.field_name == field_name]
        claimed.update(found)
        if not found:
            problem = (
                f"tanda tangan {name} TIDAK ADA (kolom {field_name}) / the signature of "
                f"{name} ({label}) is MISSING (field {field_name})"
            )
            checks.append(SignerCheck(role, name, office, field_name, None, problem))
            continue
        signature = regular[found[0]]
        wrong: str | None = None
        by_log = recorded.get(role)
        if by_log is not None and by_log != signature.fingerprint_sha256:
            wrong = (
                f"kolom {field_name} ditandatangani dengan sertifikat lain dari yang tercatat "
                f"saat terbit / field {field_name} is signed with another certificate than "
                f"the one recorded at issue ({signature.signer_name})"
            )
        elif by_log is None and (
            not _core_name(name) or _core_name(signature.signer_name) != _core_name(name)
        ):
            wrong = (
                f"kolom {field_name} ditandatangani oleh {signature.signer_name or '?'}, "
                f"bukan {name} / field {field_name} is signed by "
                f"{signature.signer_name or '?'}, not {name}"
            )
        checks.append(SignerCheck(role, name, office, field_name, signature, wrong))
    extra = tuple(s for i, s in enumerate(regular) if i not in claimed)
    return tuple(checks), extra


def _against_log(
    pdf: PdfVerdict,
    number: str | None,
    decision_sha256: str | None,
    desk: DecreeDesk,
) -> tuple[IssueRecord | None, LogStatus, tuple[str, ...], dict[str, Any] | None]:
    decree = desk.by_number(number) if number else None
    if decree is None or decree.issue is None:
        return None, "unknown", (), None
    record = decree.issue
    notes = []
    if record.pdf_sha256 != pdf.sha256:
        notes.append(
            f"SHA-256 berkas {pdf.sha256[:16]}… ≠ yang tercatat {record.pdf_sha256[:16]}… "
            "/ file hash differs from the one recorded at issue"
        )
    if decision_sha256 is not None and record.decision_sha256 != decision_sha256:
        notes.append(
            "keputusan tertanam berbeda dengan yang tercatat / embedded decision differs "
            "from the recorded one"
        )
    if decree.revocation is not None:
        replaced = decree.revocation.replaced_by
        notes.append(
            f"dicabut / revoked: {decree.revocation.reason}"
            + (f" (diganti SK / replaced by {replaced})" if replaced else "")
        )
        return record, "revoked", tuple(notes), decree.revocation.model_dump()
    status: LogStatus = "differs" if notes else "matches"
    return record, status, tuple(notes), None
