"""Wording of an exemption period that sets no term.

UU 14/2008 Pasal 20 wants every exemption to last for a stated time; a condition must be
one that can be seen to happen ("sampai penyidikan selesai", "sampai kontrak
ditandatangani"). Registers often write instead a phrase that only promises a term
someone will fix later, or one that lasts as long as it is wanted: "selama jangka waktu
tertentu", "sampai batas waktu yang ditentukan", "sesuai ketentuan", "selama diperlukan".
Such a period is no period (rule ``period-stated``).

A phrase counts only when nothing in the text fixes the term after all: a number (a date,
a count of years) or the name of a month ("selama jangka waktu tertentu" sets none;
"selama jangka waktu tertentu, yaitu 5 tahun" does).

Pure: no I/O.
"""

from __future__ import annotations

import re

__all__ = ["NO_TERM_EXAMPLE", "sets_no_term"]

_NO_TERM = re.compile(
    r"""
    \bjangka\s+waktu\s+tertentu\b
    | \b(?:batas\s+)?waktu\s+(?:yang\s+)?(?:akan\s+)?(?:di)?tentukan(?:\s+kemudian)?\b
    | \bwaktu\s+yang\s+(?:belum\s+)?ditetapkan\b
    | \bditentukan\s+(?:lain|kemudian)\b
    | \bsesuai\s+(?:dengan\s+)?(?:ketentuan|peraturan)(?:\s+yang\s+berlaku)?\s*$
    | \b(?:selama|sepanjang)\s+(?:masih\s+)?(?:diperlukan|dibutuhkan|dianggap\s+perlu)\b
    | \bsampai\s+(?:ada\s+)?(?:keputusan|pemberitahuan)\s+lebih\s+lanjut\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_FIXES_A_TERM = re.compile(
    r"\d|\b(?:januari|februari|maret|april|mei|juni|juli|agustus|september|oktober"
    r"|november|desember|tahun|bulan)\b",
    re.IGNORECASE,
)

NO_TERM_EXAMPLE = (
    "mis. 'sampai 31 Desember 2030', 'selama 5 tahun sejak ditetapkan' atau 'sampai "
    "putusan perkara berkekuatan hukum tetap'",
    "e.g. 'until 31 December 2030', 'for 5 years from the decree' or 'until the ruling "
    "becomes final'",
)
"""What would satisfy the rule, (Indonesian, English), for a message."""


def sets_no_term(text: str) -> bool:
    """Whether ``text`` (a period or an end condition) only promises a term that is not
    stated: a phrase of the module's list, with no number, month or year in the text."""
    words = " ".join(text.split())
    return bool(_NO_TERM.search(words)) and not _FIXES_A_TERM.search(words)
