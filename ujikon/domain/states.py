"""The states of a case, with their names in Bahasa Indonesia and English."""

from __future__ import annotations

from ujikon.domain.labels import LabelledEnum

__all__ = ["CLOSED_STATES", "DECIDED_STATES", "CaseState"]


class CaseState(LabelledEnum):
    DRAFT = ("draft", "Draf (alasan pengujian tercatat)", "draft (reason for the test recorded)")
    IDENTIFIED = (
        "identified",
        "Dokumen & informasi teridentifikasi",
        "document and information identified",
    )
    GROUNDS_CITED = ("grounds_cited", "Dasar pengecualian dikutip", "grounds cited")
    HARM_ASSESSED = ("harm_assessed", "Konsekuensi dinilai", "harm assessed")
    WEIGHED = ("weighed", "Kepentingan publik ditimbang", "public interest weighed")
    CONCLUDED = ("concluded", "Disimpulkan", "concluded")
    IN_REVIEW = ("in_review", "Ditinjau PPID Utama", "in review by the PPID Utama")
    APPROVED = ("approved", "Disetujui", "approved")
    DECREED = ("decreed", "Ditetapkan dengan SK", "set by decree")
    EXPIRED = (
        "expired",
        "Jangka waktu berakhir (terbuka kembali)",
        "period ended (open again)",
    )
    OVERTURNED = (
        "overturned",
        "Dibuka oleh putusan (Atasan PPID/KI/pengadilan)",
        "opened by a ruling (Atasan PPID, KI or court)",
    )
    WITHDRAWN = ("withdrawn", "Ditarik", "withdrawn")


DECIDED_STATES = frozenset({CaseState.DECREED, CaseState.EXPIRED, CaseState.OVERTURNED})
"""A decree has set these; their record is closed to edits (Pasal 20: reopen by a new test)."""

CLOSED_STATES = frozenset({CaseState.EXPIRED, CaseState.OVERTURNED, CaseState.WITHDRAWN})
"""Nothing more happens to these revisions."""
