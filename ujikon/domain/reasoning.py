"""Reading the reasoning of a consequence test: the text checks that rules, lint and the
register import share.

Each function reads one text (or a few) and answers one question a careful PPID lawyer
asks of it; none refuses anything. :mod:`ujikon.domain.rules` refuses with the ones where
the law is clear (a placeholder is no statement of harm), :mod:`ujikon.domain.lint` warns
with the ones that take judgement, and ``register import`` flags an old register's rows
with both.

- :func:`is_placeholder`: "-", "idem", "s.d.a.", "(tidak dinyatakan)", "lihat di atas" …
  stand where a statement should be.
- :func:`harms_outside_article`: the harm named is none that UU 14/2008 Pasal 17 protects
  against (unrest, "kegaduhan", reputation, "nama baik", jealousy, misreading …).
- :func:`misuse_off_ground`: "penyalahgunaan data" given as the harm of a ground that is
  not about personal data (Pasal 17 huruf h) or private deeds (huruf g).
- :func:`states_aim_not_harm`: the "harm" says what closing protects ("Menjaga kerahasiaan
  data pribadi") and names no harm that opening would cause.
- :func:`weighs_nothing`: the "public interest" only says why closing protects something
  ("Ditutup: melindungi …"): no interest served by opening, no comparison — not the
  balance of Pasal 2 ayat (4) and Pasal 19.
- :func:`near_duplicates`: the same harm text (or nearly) copied across items or grounds.

Pure: no I/O; the same text always gives the same answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ujikon.law.models import plain_text

__all__ = [
    "DUPLICATE_MIN_WORDS",
    "DUPLICATE_OVERLAP",
    "MISUSE_GROUND_LETTERS",
    "OUTSIDE_ARTICLE",
    "harms_outside_article",
    "is_placeholder",
    "misuse_off_ground",
    "near_duplicates",
    "normal_text",
    "states_aim_not_harm",
    "weighs_nothing",
]


def normal_text(text: str) -> str:
    """Lower case, accents dropped, punctuation as spaces, single spaces (the catalogue's
    own normaliser, :func:`ujikon.law.models.plain_text`, so that every check compares
    text the same way)."""
    return plain_text(text)


# -- placeholders ------------------------------------------------------------------------

_PLACEHOLDERS = frozenset(
    {
        "", "n a", "na", "tidak ada", "nihil", "0", "x", "idem", "ibid", "ditto", "dto",
        "sda", "s d a", "sama dengan atas", "sama dengan di atas", "sama dengan diatas",
        "sama seperti di atas", "sama seperti diatas", "seperti di atas", "seperti diatas",
        "lihat di atas", "lihat diatas", "lihat atas", "lihat baris sebelumnya",
        "sama dengan baris sebelumnya", "tidak dinyatakan", "tidak diisi", "belum diisi",
        "tidak diuraikan", "belum diuraikan", "dst", "dll", "tbd", "todo", "menyusul",
        "akan dilengkapi", "see above", "as above", "same as above", "not stated",
    }
)  # fmt: skip
"""Texts (normalised) that stand where a statement belongs and state nothing."""


_POINTER = re.compile(
    r"^(?:idem|sda|s d a|sama(?: dengan| seperti)?|seperti|lihat|vide|cf)(?: (?:di|pada))?"
    r" (?:nomor|no|butir|baris|angka|poin|point|item|huruf)? ?\d+[a-z]?$"
)
"""A pointer to another row instead of a statement: "Sama dengan nomor 14", "lihat butir 3"."""


def is_placeholder(text: str) -> bool:
    """Whether ``text`` only holds a place: "-", "idem", "s.d.a.", "(tidak dinyatakan)",
    "sama dengan nomor 14" …"""
    plain = normal_text(text)
    return plain in _PLACEHOLDERS or bool(_POINTER.match(plain))


# -- harms outside the article -------------------------------------------------------------

OUTSIDE_ARTICLE: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), label_id, label_en)
    for pattern, label_id, label_en in (
        (r"\bkegaduhan\b|\bgaduh\b|\bkehebohan\b|\bheboh\b", "kegaduhan", "public uproar"),
        (r"\bkeresahan\b|\bresah\b|\bgejolak\b", "keresahan masyarakat", "public unease"),
        (r"\bpolemik\b|\bkontroversi\b", "polemik", "controversy"),
        (
            r"\bsalah (?:tafsir|paham|pengertian|persepsi|interpretasi)\b|\bdisalahartikan\b"
            r"|\bdisalahtafsirkan\b|\bmultitafsir\b|\bmisinterpretasi\b",
            "salah tafsir",
            "being misread",
        ),
        (
            r"\b(?:opini|persepsi|citra|pandangan|penilaian) (?:yang )?(?:negatif|buruk)\b",
            "opini negatif",
            "a bad opinion",
        ),
        (r"\bnama baik\b|\breputasi\b|\bcitra\b|\bkredibilitas\b", "nama baik", "reputation"),
        (r"\bkecemburuan\b|\bcemburu\b|\biri hati\b", "kecemburuan", "jealousy"),
        (
            r"\bprotes\b|\bdemonstrasi\b|\bunjuk rasa\b|\bpengaduan masyarakat\b"
            r"|\bkomplain\b|\bkeluhan\b|\btuntutan masyarakat\b",
            "protes atau keluhan",
            "protests or complaints",
        ),
    )
)
"""(pattern over normalised text, name in Indonesian, name in English) of harms that
Pasal 17 does not name: being criticised, misread or envied is not a harm the article
lets a public body withhold against."""


def harms_outside_article(text: str) -> list[tuple[str, str]]:
    """The harms named in ``text`` that UU 14/2008 Pasal 17 does not protect against, as
    (Indonesian, English) names, in the order of :data:`OUTSIDE_ARTICLE`."""
    plain = normal_text(text)
    return [
        (label_id, label_en)
        for pattern, label_id, label_en in OUTSIDE_ARTICLE
        if pattern.search(plain)
    ]


_MISUSE = re.compile(
    r"\bpenyalahgunaan data\b|\bdata\b(?: \w+){0,3} disalahgunakan\b|\bdisalahgunakan\b"
)

MISUSE_GROUND_LETTERS = frozenset("gh")
"""Letters of Pasal 17 for which misuse of the data is the harm itself: private deeds
(huruf g) and personal data (huruf h)."""


def misuse_off_ground(text: str, grounds: Iterable[str]) -> bool:
    """Whether ``text`` gives misuse of data as the harm while none of ``grounds`` (ids
    like ``17b``, ``17h2``) is a letter about personal data or private deeds."""
    letters = {g[2:3] for g in grounds if len(g) >= 3}
    if not letters or letters & MISUSE_GROUND_LETTERS:
        return False
    return bool(_MISUSE.search(normal_text(text)))


# -- the aim instead of the harm -----------------------------------------------------------

_AIM = re.compile(
    r"^(?:(?:hal ini |informasi ini |dikecualikan |ditutup )?(?:untuk|guna|demi|agar|supaya"
    r"|dalam rangka) )?(?:melindungi|menjaga|mengamankan|merahasiakan|mempertahankan"
    r"|memelihara|menjamin|perlindungan|kerahasiaan|pengamanan|menghormati)\b"
)
_HARM_WORDS = re.compile(
    r"\b(?:merugikan|rugi|kerugian|mengganggu|terganggu|gangguan|menghambat|terhambat"
    r"|membahayakan|bahaya|berbahaya|mengancam|terancam|ancaman|mengakibatkan|akibat"
    r"|menyebabkan|menimbulkan|berakibat|berdampak|dampak|berisiko|risiko|resiko|potensi"
    r"|berpotensi|kehilangan|hilang|rusak|merusak|kerusakan|bocor|kebocoran|diketahui"
    r"|terungkap|mengungkap|dimanfaatkan|digunakan|dipakai|disalahgunakan|ditiru|dijiplak"
    r"|diskriminasi|stigma|intimidasi|pemerasan|penipuan|gagal|melemahkan|menurunkan"
    r"|tidak dapat|tidak bisa|sulit|if disclosed|would|could|harm|damage|loss)\b"
)


def states_aim_not_harm(text: str) -> bool:
    """Whether a "harm" only says what closing protects ("Menjaga kerahasiaan data
    pribadi.", "Untuk melindungi kepentingan negara") and names no harm opening causes."""
    plain = normal_text(text)
    return bool(_AIM.search(plain)) and not _HARM_WORDS.search(plain)


# -- a balance that weighs nothing ---------------------------------------------------------

_CLOSING = re.compile(
    r"\b(?:ditutup|dikecualikan|dirahasiakan|melindungi|perlindungan|menjaga|kerahasiaan"
    r"|rahasia|mencegah|menghindari|mengamankan|privasi|keamanan)\b"
)
_COMPARISON = re.compile(
    r"\blebih (?:besar|kecil|berat|ringan|penting|utama|tinggi|rendah|kuat|banyak)\b"
    r"|\bmelebihi\b|\bmengalahkan\b|\bdibanding(?:kan)?\b|\bdaripada\b|\bketimbang\b"
    r"|\bsebanding\b|\bseimbang\b|\bmenimbang\b|\bditimbang\b|\bpertimbangan\b"
    r"|\bdipertimbangkan\b|\bnamun\b|\btetapi\b|\bmeskipun\b|\bwalaupun\b|\bsekalipun\b"
    r"|\bsedangkan\b|\bsementara\b|\boutweigh\w*|\bagainst\b|\bweigh\w*|\bbalance\w*"
)
_OPENING = re.compile(
    r"\bketerbukaan\b|\bmanfaat\b"
    r"|\b(?:masyarakat|publik|warga|pemohon) (?:dapat|bisa|berhak|perlu|ingin|akan)\b"
    r"|\bmengawasi\b|\bpengawasan\b|\bakuntab\w*|\bpartisipasi\b|\bkontrol\b|\btransparan\w*"
    r"|\bhak (?:atas|untuk|masyarakat|publik)\b|\bkepentingan (?:publik|umum|masyarakat)\b"
    r"|\bpublic (?:interest|benefit)\b|\bdisclos\w*"
)
_CLOSED_LABEL = re.compile(r"^(?:jika |bila |apabila )?ditutup\b")


def weighs_nothing(text: str) -> bool:
    """Whether a public-interest text only says why closing protects something: it names
    what closing protects and neither a public interest served by opening nor any
    comparison of the two (UU 14/2008 Pasal 2 ayat (4), Pasal 19).

    "Ditutup: melindungi privasi pegawai." and "Menjaga kerahasiaan strategi pertahanan"
    weigh nothing; "Akuntabilitas anggaran; privasi pasien lebih berat" does.
    """
    plain = normal_text(text)
    if not plain or not _CLOSING.search(plain) or _COMPARISON.search(plain):
        return False
    if _CLOSED_LABEL.search(plain):
        rest = _CLOSED_LABEL.sub("", plain, count=1)
        return not _OPENING.search(rest)
    return not _OPENING.search(plain)


# -- copies --------------------------------------------------------------------------------

DUPLICATE_MIN_WORDS = 5
"""Texts shorter than this are left to the other checks (too short to call a copy)."""

DUPLICATE_OVERLAP = 0.8
"""Share of shared words (of the two texts' words together) from which two harm texts
are one text copied, perhaps with a word changed."""


def near_duplicates(texts: Sequence[str]) -> dict[int, int]:
    """For each text that repeats an earlier one (the same words, or all but a few), the
    index of the first it repeats. Placeholders and very short texts are not compared."""
    seen: list[tuple[int, frozenset[str]]] = []
    copies: dict[int, int] = {}
    for index, text in enumerate(texts):
        words = normal_text(text).split()
        if len(words) < DUPLICATE_MIN_WORDS or is_placeholder(text):
            continue
        bag = frozenset(words)
        for first, other in seen:
            if len(bag & other) / len(bag | other) >= DUPLICATE_OVERLAP:
                copies[index] = first
                break
        else:
            seen.append((index, bag))
    return copies
