"""``ujikon verify FILE.pdf``: is this decree what the body issued, and is it still in force?

Offline, in three layers:

1. the PDF itself (:func:`ujikon.documents.verify.verify_pdf`): every signature intact,
   by whom, trusted or not, nothing changed after signing;
2. the decision inside it: the embedded ``keputusan.json`` hashes to what the QR code
   (and the document information) carries, and names the decree number;
3. with a workspace at hand, the log: the decree with that number was issued with this
   very file (same SHA-256) and this decision, and whether it has been revoked since.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ujikon.canonical import sha256_hex
from ujikon.errors import InputError

if TYPE_CHECKING:
    from ujikon.decrees import DecreeDesk
    from ujikon.documents.verify import PdfVerdict

__all__ = ["DecreeVerdict", "LogStatus", "verify_decree_file"]

ATTACHMENT = "keputusan.json"
QR_METADATA_KEYS = ("UjikonQR", "ujikon_qr")

LogStatus = Literal["not-checked", "matches", "differs", "unknown", "revoked"]


@dataclass(frozen=True)
class DecreeVerdict:
    pdf: PdfVerdict
    number: str | None
    decision_sha256: str | None
    qr_text: str | None
    decision_matches_qr: bool | None
    """``None`` when the file carries no decision or no QR text to compare."""
    log_status: LogStatus = "not-checked"
    log_notes: tuple[str, ...] = ()
    revocation: dict[str, Any] | None = field(default=None)

    @property
    def ok(self) -> bool:
        """Signed, intact, unchanged, decision matches the QR, and the log agrees (if asked)."""
        return (
            self.pdf.ok
            and self.decision_matches_qr is True
            and self.log_status in ("not-checked", "matches")
        )

    @property
    def exit_code(self) -> int:
        if self.ok:
            return 0
        if self.pdf.modified_after_signing or not self.pdf.intact:
            return 10
        return 11

    def summary_lines(self) -> list[str]:
        lines = list(self.pdf.summary_lines())
        if self.number:
            lines.append(f"Nomor SK / decree number: {self.number}")
        if self.decision_matches_qr is True:
            lines.append(
                "Keputusan tertanam cocok dengan kode QR / embedded decision matches the QR code "
                f"(sha256 {self.decision_sha256})"
            )
        elif self.decision_matches_qr is False:
            lines.append(
                "Keputusan tertanam TIDAK cocok dengan kode QR / embedded decision does NOT "
                "match the QR code"
            )
        else:
            lines.append(
                "Tidak ada keputusan tertanam atau kode QR untuk dibandingkan / no embedded "
                "decision or QR text to compare"
            )
        status_text = {
            "not-checked": "Log tidak diperiksa (tanpa ruang kerja) / log not checked",
            "matches": "Cocok dengan log ruang kerja / matches the workspace log",
            "differs": "BERBEDA dengan log ruang kerja / DIFFERS from the workspace log",
            "unknown": "SK ini tidak tercatat di log / this decree is not in the log",
            "revoked": "Log mencatat SK ini DICABUT / the log marks this decree REVOKED",
        }[self.log_status]
        lines.append(status_text)
        lines.extend(f"  - {note}" for note in self.log_notes)
        lines.append("HASIL / RESULT: " + ("SAH / VALID" if self.ok else "TIDAK SAH / NOT VALID"))
        return lines


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
    """Check a decree PDF; with ``desk``, against the workspace's log too."""
    from ujikon.documents.keys import load_certificates
    from ujikon.documents.verify import verify_pdf

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            str(path), f"tidak dapat dibaca / cannot be read: {exc.strerror}"
        ) from None
    roots = [cert for root in trust_roots for cert in load_certificates(root)]
    pdf = verify_pdf(data, trust_roots=roots, source=str(path))
    decision = pdf.embedded_files.get(ATTACHMENT)
    decision_sha = sha256_hex(decision.decode("utf-8")) if decision is not None else None
    number: str | None = None
    if decision is not None:
        try:
            number = json.loads(decision)["decree"]["number"]
        except (ValueError, KeyError, TypeError):
            number = None
    qr = _qr_text(pdf)
    matches: bool | None = None
    if decision_sha is not None and qr is not None:
        matches = qr.endswith(f"sha256={decision_sha}") and (number is None or f";{number};" in qr)
    if desk is None:
        return DecreeVerdict(pdf, number, decision_sha, qr, matches)
    return _against_log(pdf, number, decision_sha, qr, matches, desk)


def _against_log(
    pdf: PdfVerdict,
    number: str | None,
    decision_sha: str | None,
    qr: str | None,
    matches: bool | None,
    desk: DecreeDesk,
) -> DecreeVerdict:
    decree = desk.by_number(number) if number else None
    if decree is None or decree.issue is None:
        return DecreeVerdict(pdf, number, decision_sha, qr, matches, "unknown")
    record = decree.issue
    notes = []
    if record.pdf_sha256 != pdf.sha256:
        notes.append(
            f"SHA-256 berkas {pdf.sha256[:16]}… ≠ yang tercatat {record.pdf_sha256[:16]}… "
            "/ file hash differs from the one recorded at issue"
        )
    if decision_sha is not None and record.decision_sha256 != decision_sha:
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
        return DecreeVerdict(
            pdf,
            number,
            decision_sha,
            qr,
            matches,
            "revoked",
            tuple(notes),
            decree.revocation.model_dump(),
        )
    status: LogStatus = "differs" if notes else "matches"
    return DecreeVerdict(pdf, number, decision_sha, qr, matches, status, tuple(notes))
