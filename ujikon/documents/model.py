"""What a decree document shows: plain data the templates lay out, nothing more.

The service builds a :class:`DecreeDocument` from the approved cases, the body's
profile and the log; :mod:`ujikon.documents.render` turns it into HTML and PDF/A.
Every text here is final (dates already in Indonesian form, articles already
cited), so the templates hold layout only and no legal logic.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = [
    "AnnexRow",
    "DecreeDocument",
    "Letterhead",
    "Person",
    "SheetEntry",
    "SheetStep",
    "SignatureBlock",
    "TestSheet",
]


class _Doc(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Letterhead(_Doc):
    lines: tuple[str, ...]
    """Upper-case heading lines, e.g. ("PEMERINTAH KABUPATEN SUKAMAJU", "DINAS KOMUNIKASI ...")."""
    address: str = ""
    contact: str = ""
    """Telephone, e-mail, website on one line."""
    logo_data_uri: str | None = None
    """``data:image/png;base64,...`` (or SVG), or ``None`` for no logo."""


class SignatureBlock(_Doc):
    office: str
    """E.g. "PPID UTAMA PEMERINTAH KABUPATEN SUKAMAJU" or "SEKRETARIS DAERAH SELAKU ATASAN PPID"."""
    name: str
    nip: str = ""
    rank: str = ""
    """Pangkat/golongan line under the name, if the body shows one."""
    above: str = ""
    """"Mengetahui," / "Menyetujui," over a signer who acknowledges (not the issuer)."""


class AnnexRow(_Doc):
    """One row of the DIK annex (domain.md, "The decree and its annex")."""

    no: int
    case_ref: str
    information: str
    """The information exempted, with the document it is in."""
    document: str
    owning_unit: str
    legal_basis: tuple[str, ...]
    """One line per ground: article and item, and for 17j the statute."""
    consequence: str
    """The harm if opened, per ground."""
    public_interest: str
    conclusion: str
    """E.g. "Dikecualikan sebagian: Lampiran 4 (dihitamkan)"."""
    period: str
    """E.g. "Sampai 31 Desember 2029" or "Permanen (Pasal 17 huruf h)"."""


class SheetEntry(_Doc):
    label: str
    text: str


class SheetStep(_Doc):
    """One recorded step of the test, as the test sheet shows it."""

    number: int
    title: str
    """E.g. "Langkah 3 — Dasar pengecualian / Grounds"."""
    entries: tuple[SheetEntry, ...]
    recorded_by: str
    """Name (username) and role of who recorded it."""
    recorded_at: str
    """Indonesian date and WIB time, e.g. "25 November 2026 09.14 WIB"."""


class Person(_Doc):
    """Someone named on a sheet as a berita acara names them: full name, NIP, position."""

    name: str
    nip: str = ""
    position: str = ""
    """Jabatan, e.g. "Petugas, Bagian Hukum Sekretariat Daerah"."""


class TestSheet(_Doc):
    """Lembar uji konsekuensi: one per case, written as a berita acara (an official record
    of what was done, when and by whom)."""

    case_ref: str
    title: str
    steps: tuple[SheetStep, ...]
    team: tuple[str, ...]
    """Everyone who recorded a step (name and role)."""
    reviews: tuple[SheetEntry, ...]
    """Returns and approvals, in order, e.g. label "Dikembalikan oleh budi, 25 Nov 2026"."""
    approved_by: str
    approved_at: str
    number: int = 0
    """The sheet's number in the decree (1, 2, …); 0 on a sheet printed alone."""
    opening: str = ""
    """"Pada hari ini …": the day in words, the body, what was tested."""
    members: tuple[Person, ...] = ()
    """The test team, by full name, NIP and position (empty: :attr:`team` is shown)."""
    approver: Person | None = None


class DecreeDocument(_Doc):
    """Everything the decree PDF shows, in order."""

    letterhead: Letterhead
    title: str
    """E.g. KEPUTUSAN PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI UTAMA PEMERINTAH KABUPATEN ..."""
    number: str
    """E.g. 188.4/012/PPID/XI/2026; on a preview, "(nomor diberikan saat diterbitkan)"."""
    about: str
    """E.g. PENETAPAN INFORMASI YANG DIKECUALIKAN DI LINGKUNGAN PEMERINTAH KABUPATEN SUKAMAJU."""
    issuer: str
    """The line before Menimbang, e.g. "PPID UTAMA PEMERINTAH KABUPATEN SUKAMAJU,"."""
    menimbang: tuple[str, ...]
    mengingat: tuple[str, ...]
    menetapkan: str
    """The decree's name after "Menetapkan :"."""
    dicta: tuple[SheetEntry, ...]
    """("KESATU", text), ("KEDUA", text), ..."""
    place: str
    date_text: str
    """E.g. 25 November 2026."""
    signers: tuple[SignatureBlock, ...]
    """First the PPID Utama (or the head who signs), then a second signer if any."""
    copies: tuple[str, ...] = ()
    """"Tembusan": who receives a copy, from the body profile."""
    font_family: str = ""
    """The CSS font stack of the body text (empty: the stylesheet's, Liberation Serif)."""
    font_size_pt: int = 12
    annex_title: str
    annex_rows: tuple[AnnexRow, ...]
    sheets: tuple[TestSheet, ...]
    qr_text: str
    """The text the QR code carries: decree number and SHA-256 of ``decision_json``, as
    the address of the body's verification page when the profile names one."""
    qr_caption: str = "Pindai untuk memeriksa keaslian"
    """Printed under the code; starts with :data:`~ujikon.documents.qr.QR_CAPTION`."""
    decision_json: str
    """Canonical JSON of the decision, attached inside the PDF as ``keputusan.json``."""
    chain_seq: int
    chain_head: str
    """The log's head when the decree was issued, printed small on the last page."""
    catalogue_version: str
    preview: bool = False
    """A preview is watermarked "PRATINJAU — BUKAN DOKUMEN RESMI" and has no number."""
