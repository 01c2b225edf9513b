"""The states of a case, with their names in Bahasa Indonesia and English."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["CLOSED_STATES", "DECIDED_STATES", "CaseState"]


class CaseState(StrEnum):
    DRAFT = "draft"
    IDENTIFIED = "identified"
    GROUNDS_CITED = "grounds_cited"
    HARM_ASSESSED = "harm_assessed"
    WEIGHED = "weighed"
    CONCLUDED = "concluded"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    DECREED = "decreed"
    EXPIRED = "expired"
    OVERTURNED = "overturned"
    WITHDRAWN = "withdrawn"

    @property
    def label_id(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]


_LABELS: dict[CaseState, tuple[str, str]] = {
    CaseState.DRAFT: ("Draf (alasan pengujian tercatat)", "draft (reason for the test recorded)"),
    CaseState.IDENTIFIED: (
        "Dokumen & informasi teridentifikasi",
        "document and information identified",
    ),
    CaseState.GROUNDS_CITED: ("Dasar pengecualian dikutip", "grounds cited"),
    CaseState.HARM_ASSESSED: ("Konsekuensi dinilai", "harm assessed"),
    CaseState.WEIGHED: ("Kepentingan publik ditimbang", "public interest weighed"),
    CaseState.CONCLUDED: ("Disimpulkan", "concluded"),
    CaseState.IN_REVIEW: ("Ditinjau PPID Utama", "in review by the PPID Utama"),
    CaseState.APPROVED: ("Disetujui", "approved"),
    CaseState.DECREED: ("Ditetapkan dengan SK", "set by decree"),
    CaseState.EXPIRED: ("Jangka waktu berakhir (terbuka kembali)", "period ended (open again)"),
    CaseState.OVERTURNED: (
        "Dibuka oleh putusan (Atasan PPID/KI/pengadilan)",
        "opened by a ruling (Atasan PPID, KI or court)",
    ),
    CaseState.WITHDRAWN: ("Ditarik", "withdrawn"),
}

DECIDED_STATES = frozenset({CaseState.DECREED, CaseState.EXPIRED, CaseState.OVERTURNED})
"""A decree has set these; their record is closed to edits (Pasal 20: reopen by a new test)."""

CLOSED_STATES = frozenset({CaseState.EXPIRED, CaseState.OVERTURNED, CaseState.WITHDRAWN})
"""Nothing more happens to these revisions."""
