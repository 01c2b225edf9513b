"""An old DIK (a CSV or XLSX the body already keeps) turned into draft cases, with a
report of what each row lacks against the rules of domain.md.

Nothing is exempted by importing. Each row becomes a new case at **draft**: opened
with the trigger *proactive* and a note ``diimpor dari DIK lama baris N`` that keeps
everything the old row held; the identification step is recorded too when the row
gives enough (the information, the owning unit and the document's date; the title is
the "Dokumen" column, or the information itself; the form is read from "Bentuk", else
*other*; the scope is the whole document). Every imported case then walks the steps
like any other.

The defects report reads each row as the old register wrote it and names, per row,
the rule of :data:`ujikon.domain.rules.RULES` it would fail:

========================== ===============================================================
``ground-must-exist``      no ground of Pasal 17 can be read, or one the catalogue lacks
``ground-needs-item``      a letter with numbered items cited without its item (17h)
``17j-needs-statute``      17j without an Undang-Undang named by number, year and article
``harm-per-ground``        no consequence (harm) stated
``public-interest-weighed`` no public-interest reasoning
``period-stated``          no period
``period-not-permanent-17a-f`` a permanent period on a ground of 17a–17f
``not-exemptible``         the information reads as a kind of Pasal 18(1) (court rulings,
                           regulations, decisions, circulars, policies …): by keywords
========================== ===============================================================

Importing is all or nothing: the file is read and every row decided in memory first;
only then are all the cases appended, in one transaction. A malformed file (unreadable,
no header, a ragged row, a date that cannot be read …) is refused with the file, row and
column named, and nothing is stored.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ujikon.domain import payloads as p
from ujikon.domain.case import Case, apply, case_subject
from ujikon.domain.decide import decide, decide_open
from ujikon.domain.events import NewEvent
from ujikon.domain.lint import ARTICLES as LINT_ARTICLES
from ujikon.domain.lint import (
    LintWarning,
    balance_weighs_nothing,
    ground_fit,
    ground_labels,
    harm_copied,
    harm_text_warnings,
    restates_label,
)
from ujikon.domain.periods import NO_TERM_EXAMPLE, sets_no_term
from ujikon.domain.reasoning import is_placeholder, near_duplicates, weighs_nothing
from ujikon.domain.roles import Actor
from ujikon.domain.rules import RULES
from ujikon.domain.text import printable, storable_text
from ujikon.errors import InputError, RuleViolation
from ujikon.law import Catalogue
from ujikon.service.input_files import SPREADSHEET_LIMIT, read_limited
from ujikon.store.api import AppendBatch, AppendPlan

if TYPE_CHECKING:
    from ujikon.service.cases import Service

__all__ = [
    "FIELDS",
    "REQUIRED",
    "Defect",
    "ImportReport",
    "ImportedRow",
    "SourceTable",
    "check_row",
    "import_register",
    "parse_map",
    "read_table",
    "resolve_columns",
]

logger = logging.getLogger(__name__)

_MAX_TEXT = 20_000
_MAX_MEMBERS = 10_000
_MAX_UNPACKED = 200 * 1024 * 1024
"""An XLSX of :data:`~ujikon.service.input_files.SPREADSHEET_LIMIT` holds far less than this."""
_SUMMARY_LEN = 120
_TITLE_LEN = 200

# --------------------------------------------------------------------------- fields


@dataclass(frozen=True)
class FieldSpec:
    label: str
    """How the report names the field (the usual Indonesian header)."""
    exact: tuple[str, ...]
    """Headers (normalised) that are this field."""
    contains: tuple[str, ...] = ()
    """Phrases that make a longer header this field."""


FIELDS: dict[str, FieldSpec] = {
    "no": FieldSpec("No", ("no", "nomor", "no urut", "nomor urut")),
    "information": FieldSpec(
        "Informasi yang Dikecualikan",
        (
            "informasi yang dikecualikan",
            "informasi",
            "jenis informasi",
            "informasi publik yang dikecualikan",
            "informasi dikecualikan",
            "nama informasi",
            "uraian informasi",
            "ringkasan informasi",
        ),
        ("informasi yang dikecualikan", "informasi dikecualikan", "jenis informasi"),
    ),
    "document": FieldSpec(
        "Dokumen",
        ("dokumen", "judul dokumen", "nama dokumen", "dokumen sumber", "judul"),
        ("judul dokumen", "nama dokumen"),
    ),
    "unit": FieldSpec(
        "Unit / Pemilik Informasi",
        (
            "unit",
            "unit kerja",
            "unit pemilik informasi",
            "pemilik informasi",
            "penguasa informasi",
            "satuan kerja",
            "satker",
            "opd",
            "perangkat daerah",
            "bidang",
            "pejabat yang menguasai informasi",
        ),
        ("pemilik informasi", "penguasa informasi", "menguasai informasi", "unit"),
    ),
    "legal_basis": FieldSpec(
        "Dasar Hukum",
        ("dasar hukum", "dasar hukum pengecualian", "dasar pengecualian", "pasal", "dasar"),
        ("dasar hukum", "dasar pengecualian"),
    ),
    "consequence": FieldSpec(
        "Konsekuensi",
        (
            "konsekuensi",
            "uji konsekuensi",
            "akibat",
            "jika dibuka",
            "apabila dibuka",
            "bila dibuka",
            "dibuka",
            "konsekuensi jika dibuka",
            "konsekuensi apabila dibuka",
        ),
        ("konsekuensi", "akibat bila", "akibat apabila", "jika dibuka", "apabila dibuka"),
    ),
    "if_closed": FieldSpec(
        "Jika Ditutup",
        (
            "jika ditutup",
            "apabila ditutup",
            "bila ditutup",
            "ditutup",
            "konsekuensi jika ditutup",
            "konsekuensi apabila ditutup",
        ),
        ("ditutup",),
    ),
    "public_interest": FieldSpec(
        "Kepentingan Publik",
        ("kepentingan publik", "pertimbangan kepentingan publik", "pertimbangan"),
        ("kepentingan publik",),
    ),
    "conclusion": FieldSpec("Kesimpulan", ("kesimpulan", "hasil uji", "hasil"), ("kesimpulan",)),
    "period": FieldSpec(
        "Jangka Waktu",
        ("jangka waktu", "jangka waktu pengecualian", "masa berlaku", "waktu pengecualian"),
        ("jangka waktu", "masa pengecualian", "masa berlaku"),
    ),
    "document_date": FieldSpec(
        "Tanggal Dokumen", ("tanggal dokumen", "tgl dokumen", "tanggal"), ("tanggal dokumen",)
    ),
    "form": FieldSpec(
        "Bentuk", ("bentuk", "bentuk informasi", "bentuk dokumen", "format"), ("bentuk",)
    ),
}
"""The fields an old register's columns can be mapped to (``--map COLUMN=FIELD``)."""

REQUIRED = ("information", "legal_basis")
"""Without these columns nothing can be imported: the mapping is asked for."""

CHECKED = ("consequence", "public_interest", "period")
"""Optional columns whose absence makes every row fail a rule (said in the report)."""

IGNORE = "ignore"
"""``--map COLUMN=ignore`` leaves a column out (it still goes into the case's note)."""

# The order automatic matching tries the "contains" phrases in: specific before general.
_CONTAINS_ORDER = (
    "document_date",
    "form",
    "if_closed",
    "public_interest",
    "consequence",
    "legal_basis",
    "period",
    "conclusion",
    "information",
    "document",
    "unit",
)


def _norm(text: str) -> str:
    """A header as compared: lower case, letters and digits, single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class SourceTable:
    """What was read from the file: the header row and the data rows with their numbers."""

    source: str
    headers: tuple[str, ...]
    header_row: int
    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    """(row number in the file, 1-based; the cells, as many as ``headers``)."""

    def column_name(self, index: int) -> str:
        header = self.headers[index]
        return header or f"kolom {_letters(index)}"


def _letters(index: int) -> str:
    """0 → ``A``, 26 → ``AA``: a spreadsheet column."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_blank(cells: Sequence[Any]) -> bool:
    return all(_cell_text(c) == "" for c in cells)


def _auto_field(header: str) -> str | None:
    key = _norm(header)
    if not key:
        return None
    for name, spec in FIELDS.items():
        if key in spec.exact:
            return name
    for name in _CONTAINS_ORDER:
        if any(f" {phrase} " in f" {key} " for phrase in FIELDS[name].contains):
            return name
    return None


def _header_index(rows: Sequence[tuple[int, Sequence[Any]]]) -> int:
    """Which of the first rows is the header: the first naming two known fields, else the
    first that is not blank (a title line above the table is common)."""
    first = None
    for position, (_, cells) in enumerate(rows[:20]):
        if _is_blank(cells):
            continue
        if first is None:
            first = position
        known = {_auto_field(_cell_text(c)) for c in cells} - {None}
        if len(known) >= 2:
            return position
    return first if first is not None else -1


def _is_column_numbers(cells: Sequence[Any]) -> bool:
    """The "1 2 3 4 …" line printed under the header of Indonesian tables."""
    texts = [_cell_text(c) for c in cells]
    filled = [t for t in texts if t]
    return bool(filled) and len(filled) >= 2 and filled == [str(i + 1) for i in range(len(filled))]


def _build_table(source: str, raw: Sequence[tuple[int, Sequence[Any]]]) -> SourceTable:
    at = _header_index(raw)
    if at < 0:
        raise InputError(source, "berkas kosong / the file is empty")
    header_row, header_cells = raw[at]
    headers = [_cell_text(c) for c in header_cells]
    while headers and headers[-1] == "":
        headers.pop()
    width = len(headers)
    rows: list[tuple[int, tuple[Any, ...]]] = []
    body = raw[at + 1 :]
    if body and _is_column_numbers(body[0][1]):
        body = body[1:]
    for number, cells in body:
        extra = [c for c in cells[width:] if _cell_text(c)]
        if extra:
            index = width + next(i for i, c in enumerate(cells[width:]) if _cell_text(c))
            raise InputError(
                f"{source}: baris/row {number}, kolom/column {_letters(index)}",
                f"sel di luar kolom judul ({width} kolom) / a cell beyond the header's "
                f"{width} columns: {_cell_text(cells[index])[:60]!r}",
            )
        padded = tuple(cells[:width]) + (None,) * (width - len(cells[:width]))
        if _is_blank(padded):
            continue
        rows.append((number, padded))
    if not rows:
        raise InputError(source, "tidak ada baris data di bawah judul kolom / no data rows")
    return SourceTable(source, tuple(headers), header_row, tuple(rows))


def _delimiter(text: str) -> str:
    """The separator of the first non-blank line: ``;`` (Excel in Indonesian), ``,``, tab or
    ``|``, whichever it holds most of (a header line rarely holds commas of its own)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path) -> SourceTable:
    source = str(path)
    data = read_limited(path, limit=SPREADSHEET_LIMIT)
    if b"\x00" in data[:8192]:
        raise InputError(source, "bukan berkas teks CSV / not a CSV text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{source}: baris/line {line}",
            "bukan teks UTF-8; simpan ulang sebagai 'CSV UTF-8' / not UTF-8 text; save it "
            "again as 'CSV UTF-8'",
        ) from None
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    raw: list[tuple[int, Sequence[Any]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            raw.append((number, cells))
    except csv.Error as exc:
        raise InputError(
            f"{source}: baris/row {len(raw) + 1}", f"CSV rusak / malformed CSV: {exc}"
        ) from None
    return _build_table(source, raw)


def _read_xlsx(path: Path) -> SourceTable:
    source = str(path)
    try:
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:  # pragma: no cover - a dependency of ujikon
        raise InputError(source, "openpyxl tidak terpasang / openpyxl is not installed") from None
    data = read_limited(path, limit=SPREADSHEET_LIMIT)
    _check_archive(source, data)
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
        sheet = workbook["DIK"] if "DIK" in workbook.sheetnames else workbook.worksheets[0]
        grid = [list(r) for r in sheet.iter_rows(values_only=True)]
        # Merged cells (a unit written once beside many rows) hold their value in every row.
        for merged in sheet.merged_cells.ranges:
            value = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row - 1, merged.max_row):
                for c in range(merged.min_col - 1, merged.max_col):
                    grid[r][c] = value
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        raise InputError(
            source,
            "bukan berkas XLSX yang dapat dibaca / not a readable XLSX file "
            f"({printable(str(exc))[:200]})",
        ) from None
    except Exception as exc:  # a damaged or hostile workbook: openpyxl raises anything
        logger.info("unreadable workbook %s: %r", source, exc)
        raise InputError(
            source,
            f"berkas XLSX rusak / a damaged XLSX file ({type(exc).__name__})",
        ) from None
    raw = [(number, cells) for number, cells in enumerate(grid, start=1)]
    return _build_table(f"{source} [{sheet.title}]", raw)


def _check_archive(source: str, data: bytes) -> None:
    """Refuse an XLSX (a ZIP archive) that would unpack to far more than a register holds:
    a "zip bomb" of a few KiB can unpack to gigabytes inside openpyxl."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise InputError(
            source,
            "bukan berkas XLSX yang dapat dibaca / not a readable XLSX file "
            f"({printable(str(exc))[:200]})",
        ) from None
    unpacked = sum(member.file_size for member in members)
    if len(members) > _MAX_MEMBERS or unpacked > _MAX_UNPACKED:
        raise InputError(
            source,
            f"isi berkas XLSX terlalu besar ({len(members)} bagian, {unpacked // 2**20} MiB "
            f"setelah dibuka; batas {_MAX_UNPACKED // 2**20} MiB) / the XLSX file unpacks to "
            f"too much ({len(members)} parts, {unpacked // 2**20} MiB; the limit is "
            f"{_MAX_UNPACKED // 2**20} MiB)",
        )


def read_table(path: Path) -> SourceTable:
    """The table in a CSV or XLSX file.

    :raises InputError: not readable, not CSV/XLSX, empty, or malformed (file, row and
        column named).
    """
    if not path.exists():
        raise InputError(str(path), "berkas tidak ada / no such file")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise InputError(str(path), "hanya .csv atau .xlsx / only .csv or .xlsx files")
    try:
        if suffix == ".csv":
            return _read_csv(path)
        return _read_xlsx(path)
    except OSError as exc:
        raise InputError(
            str(path), f"tidak dapat dibaca / cannot be read: {exc.strerror}"
        ) from None


# --------------------------------------------------------------------------- mapping


def parse_map(items: Sequence[str]) -> dict[str, str]:
    """``["Uraian=information", …]`` → ``{"Uraian": "information"}``.

    :raises InputError: not ``COLUMN=FIELD``, or an unknown field.
    """
    out: dict[str, str] = {}
    known = [*FIELDS, IGNORE]
    for item in items:
        column, sep, name = item.rpartition("=")
        column, name = column.strip(), name.strip()
        if not sep or not column:
            raise InputError(
                "--map", f"'{item}': tulis / write KOLOM=FIELD, mis. / e.g. 'Uraian=information'"
            )
        if name not in known:
            raise InputError(
                "--map",
                f"'{name}' bukan field yang dikenal / unknown field; one of: {', '.join(known)}",
            )
        out[column] = name
    return out


def _columns_found(table: SourceTable) -> str:
    return ", ".join(f"{_letters(i)} '{h}'" for i, h in enumerate(table.headers))


def resolve_columns(table: SourceTable, explicit: Mapping[str, str]) -> dict[str, int]:
    """Field → column index: the explicit ``--map`` first, then the usual headers.

    :raises InputError: a mapped column is not in the file (or is ambiguous), or a
        required field has no column (the error lists the columns found).
    """
    mapping: dict[str, int] = {}
    taken: set[int] = set()
    normalised = [_norm(h) for h in table.headers]
    for column, name in explicit.items():
        key = _norm(column)
        matches = [i for i, h in enumerate(normalised) if h == key and key]
        if not matches and re.fullmatch(r"[A-Za-z]{1,2}", column):
            letter_index = [i for i in range(len(table.headers)) if _letters(i) == column.upper()]
            matches = letter_index
        if not matches:
            raise InputError(
                f"--map {column}={name}",
                f"kolom '{column}' tidak ada di {table.source} / no such column; kolom yang ada "
                f"/ columns found: {_columns_found(table)}",
            )
        if len(matches) > 1:
            raise InputError(
                f"--map {column}={name}",
                f"ada {len(matches)} kolom bernama '{column}'; pakai huruf kolomnya / "
                f"{len(matches)} columns are named '{column}'; use the column letter "
                f"({', '.join(_letters(i) for i in matches)})",
            )
        taken.add(matches[0])
        if name != IGNORE:
            mapping[name] = matches[0]
    for index, header in enumerate(table.headers):
        if index in taken:
            continue
        auto = _auto_field(header)
        if auto is not None and auto not in mapping:
            mapping[auto] = index
    missing = [name for name in REQUIRED if name not in mapping]
    if missing:
        wanted = ", ".join(f"{n} ('{FIELDS[n].label}')" for n in missing)
        raise InputError(
            table.source,
            f"kolom wajib tidak dikenali / required columns not recognised: {wanted}. Kolom "
            f"yang ada / columns found (baris/row {table.header_row}): {_columns_found(table)}. "
            f"Petakan dengan / map them with --map 'KOLOM={missing[0]}' (field: "
            f"{', '.join(FIELDS)})",
        )
    return mapping


# --------------------------------------------------------------------------- reading a row


def _blank_text(text: str) -> bool:
    """An empty cell or one that only holds a place ("-", "idem", "nihil", "s.d.a." …)."""
    return is_placeholder(text)


_PASAL_17 = re.compile(r"\b(?:pasal|ps)\.?\s*17(?!\s*[/\d])", re.IGNORECASE)
_SEGMENT_END = re.compile(
    r"\b(?:pasal|ps|jo|juncto|uu|undang|perppu|pp|perpres|permen\w*|perda|peraturan|tentang)\b|[;\n]",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"huruf|hrf|angka|butir|ayat|[a-z]+|\d{1,2}", re.IGNORECASE)
_COMPACT = re.compile(
    r"(?<![\w/.])17\s*[.(]?\s*(?P<letter>[a-j])\s*\)?(?:\s*[.(]?\s*(?P<item>\d{1,2})\s*\)?)?(?![\w/])",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"\b(?:pasal|ps)\.?\s*(\d+)", re.IGNORECASE)
_STATUTE = re.compile(
    r"\b(?P<kind>undang[\s-]*undang|uu|perppu)\b\s*(?:republik\s+indonesia\s*|ri\s*)?"
    r"(?:nomor|no)?\.?\s*(?P<number>\d+)\s*(?:/|tahun|th\.?)\s*(?P<year>\d{4})",
    re.IGNORECASE,
)
_BELOW_STATUTE = re.compile(
    r"\b(?:pp|perpres|permen\w*|perda|perkada|perbup|perwali|pergub|perki|perkom|sk|peraturan\s+"
    r"(?:pemerintah|presiden|menteri|daerah|bupati|gubernur|wali\s*kota|komisi(?:\s+informasi)?)"
    r"|surat\s+keputusan|keputusan\s+(?:bupati|gubernur|wali\s*kota|menteri|kepala|direktur"
    r"|sekretaris|ketua))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Citations:
    """What a "Dasar Hukum" cell cites of Pasal 17."""

    grounds: tuple[str, ...]
    """Ids as written: ``17h2`` or a bare letter ``17h``."""
    article_spans: tuple[tuple[int, int], ...]
    """Where "Pasal 17 …" stood (its own "Pasal" is not another statute's article)."""


_RANGE = re.compile(
    r"(?<!\d)(\d{1,2})\s*(?:-|–|—|s\s*[./]?\s*d\.?|sampai\s+dengan|sampai|hingga|to)\s*(\d{1,2})(?!\d)",
    re.IGNORECASE,
)
"""A range of items: "angka 1-5", "angka 1 s/d 5", "angka 1 s.d. 5", "angka 1 sampai dengan 5"."""

_GOES_ON = re.compile(r"\s*(?:huruf|hrf|angka|butir)\b", re.IGNORECASE)
"""After a ";", the list of Pasal 17 goes on ("huruf b; huruf c") rather than a new basis."""


def _expand_ranges(segment: str) -> str:
    def spell(match: re.Match[str]) -> str:
        low, high = int(match.group(1)), int(match.group(2))
        if not 0 < low < high <= 20:
            return match.group(0)
        return " ".join(str(n) for n in range(low, high + 1))

    return _RANGE.sub(spell, segment)


def _segment_grounds(segment: str) -> list[tuple[str, list[str]]]:
    """(letter, items) cited in the words after "Pasal 17": "huruf h angka 2 dan 3",
    "huruf a, b", "(h) (2)", "ayat (1) huruf j", "huruf h angka 1-5" …"""
    cited: list[tuple[str, list[str]]] = []
    mode = ""
    skip_number = False
    for token in _TOKEN.finditer(_expand_ranges(segment)):
        word = token.group(0).lower()
        if word in ("huruf", "hrf"):
            mode = "letter"
        elif word in ("angka", "butir"):
            mode = "item"
        elif word == "ayat":
            skip_number = True
        elif word.isdigit():
            if skip_number:
                skip_number = False
            elif cited:
                cited[-1][1].append(word)
        elif len(word) == 1 and "a" <= word <= "j" and mode != "item":
            cited.append((word, []))
    return cited


def read_citations(text: str) -> Citations:
    """The grounds of Pasal 17 cited in free text ("Pasal 17 huruf h angka 2 dan 3",
    "Pasal 17 huruf a, b", "17h2", "17 (j)" …), in the order written."""
    found: list[str] = []
    spans: list[tuple[int, int]] = []
    masked = list(text)

    def add(letter: str, item: str | None) -> None:
        gid = f"17{letter.lower()}{int(item) if item else ''}"
        if gid not in found:
            found.append(gid)

    for match in _PASAL_17.finditer(text):
        end_match = _SEGMENT_END.search(text, match.end())
        while end_match and end_match.group(0) == ";" and _GOES_ON.match(text, end_match.end()):
            end_match = _SEGMENT_END.search(text, end_match.end())
        end = end_match.start() if end_match else len(text)
        spans.append((match.start(), match.end()))
        for letter, items in _segment_grounds(text[match.end() : end]):
            for item in items or [""]:
                add(letter, item or None)
        masked[match.start() : end] = " " * (end - match.start())
    for match in _COMPACT.finditer("".join(masked)):
        add(match.group("letter"), match.group("item"))
    return Citations(tuple(found), tuple(spans))


_PERMANENT = re.compile(
    r"\b(?:permanen|selamanya|selama\s+lamanya|seterusnya|tidak\s+terbatas|tanpa\s+batas"
    r"|tidak\s+ada\s+batas|tidak\s+dibatasi)\b",
    re.IGNORECASE,
)
_NOT_PERMANENT = re.compile(r"\b(?:tidak|bukan)\s+permanen\b", re.IGNORECASE)


def is_permanent(period: str) -> bool:
    """Whether an old register's period says the exemption never ends."""
    text = " ".join(period.replace("-", " ").split())
    return bool(_PERMANENT.search(text)) and not _NOT_PERMANENT.search(text)


_CANCEL_BEFORE = (
    "rancangan",
    "draf",
    "draft",
    "konsep",
    "pelanggaran",
    "melanggar",
    "berdasarkan",
    "sesuai",
    "menurut",
    "pengambilan",
    "proses",
    "penyusunan",
    "perumusan",
    "rencana",
    "bahan",
    "kajian",
    "usulan",
)
"""A word just before a keyword that makes it not the kind itself ("rancangan peraturan",
"pelanggaran peraturan daerah", "proses pengambilan keputusan")."""

_NEVER_EXEMPT: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "court_ruling",
        re.compile(
            r"\b(?:putusan|penetapan)(?:\s*(?:/|dan|atau|&)\s*(?:putusan|penetapan))?\s+"
            r"(?:badan\s+)?(?:pengadilan|peradilan|mahkamah|hakim|majelis\s+hakim|pn|pt|pa"
            r"|ptun|ptn|ma|mk)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "stop_investigation_order",
        re.compile(
            r"\b(?:sp3|skpp|surat\s+perintah\s+penghentian\s+(?:penyidikan|penuntutan))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "corruption_proceeds_report",
        re.compile(r"\bpengembalian\b[^.;\n]{0,60}\bkorupsi\b", re.IGNORECASE),
    ),
    (
        "policy_or_decision",
        re.compile(
            r"\b(?:peraturan|keputusan|ketetapan|surat\s+edaran|kebijakan|instruksi)\b",
            re.IGNORECASE,
        ),
    ),
)


def never_exemptible_kind(text: str) -> tuple[str, str] | None:
    """(category id, the words found) when the text reads as a kind of Pasal 18(1)."""
    for category, pattern in _NEVER_EXEMPT:
        for match in pattern.finditer(text):
            before = text[: match.start()].split()[-1:] if text[: match.start()].strip() else []
            if before and _norm(before[0]) in _CANCEL_BEFORE:
                continue
            return category, match.group(0)
    return None


# --------------------------------------------------------------------------- defects


@dataclass(frozen=True)
class Defect:
    """A rule an old register's row does not meet."""

    rule: str
    article: str
    column: str
    message_id: str
    message_en: str

    def as_json(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "article": self.article,
            "column": self.column,
            "message_id": self.message_id,
            "message_en": self.message_en,
        }


def _defect(rule: str, column: str, message_id: str, message_en: str) -> Defect:
    return Defect(rule, RULES[rule].article, column, message_id, message_en)


@dataclass(frozen=True)
class RowText:
    """The texts of one row, by field (empty when the column is absent or the cell blank)."""

    number: int
    values: dict[str, str]
    columns: dict[str, str]
    """Field → the header of its column (or the field's usual label when absent)."""

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def column(self, name: str) -> str:
        return self.columns.get(name, FIELDS[name].label)


_OPEN_CONCLUSION = re.compile(
    r"^(?:informasi\s+)?(?:publik\s+)?(?:terbuka|dibuka|open|tidak\s+dikecualikan"
    r"|bukan\s+informasi\s+yang\s+dikecualikan|informasi\s+publik)\b(?!.*\bsebagian\b)",
    re.IGNORECASE,
)


def concluded_open(conclusion: str) -> bool:
    """Whether a row's conclusion says the information is open (not even partly exempt)."""
    return bool(_OPEN_CONCLUSION.match(" ".join(conclusion.split())))


def _advice(warning: LintWarning, column: str) -> Defect:
    """A lint finding on a row, kept with the register's other findings."""
    return Defect(warning.code, warning.article, column, warning.message_id, warning.message_en)


def check_row(row: RowText, catalogue: Catalogue) -> tuple[list[Defect], tuple[str, ...]]:
    """The defects of one row and the grounds it cites (as written).

    A row concluded open gets none: every check here is of a reason to withhold.
    """
    basis = row.get("legal_basis")
    cited = read_citations(basis)
    if concluded_open(row.get("conclusion")):
        return [], cited.grounds
    defects: list[Defect] = []
    basis_col = row.column("legal_basis")
    if not cited.grounds and _BELOW_STATUTE.search(basis) and not _STATUTE.search(basis):
        defects.append(
            _defect(
                "17j-needs-statute",
                basis_col,
                f"Dasar hukum ('{basis[:80]}') hanya peraturan di bawah undang-undang. "
                "Pengecualian di luar Pasal 17 huruf a-i hanya dapat bersandar pada "
                "Undang-Undang (Pasal 17 huruf j): kutip Undang-Undang dan pasalnya, mis. "
                "'Pasal 17 huruf j UU 14/2008 jo. Pasal 44 UU 43/2009'.",
                f"The legal basis ('{basis[:80]}') is only a regulation below statute level. "
                "An exemption outside Pasal 17 letters a-i can rest only on an Undang-Undang "
                "(Pasal 17 huruf j): cite the statute and its article.",
            )
        )
    elif not cited.grounds:
        defects.append(
            _defect(
                "ground-must-exist",
                basis_col,
                "Tidak ada dasar Pasal 17 UU 14/2008 yang dapat dibaca pada dasar hukum"
                + (f" ('{basis[:80]}')." if basis else " (kosong)."),
                "No ground of Pasal 17 UU 14/2008 can be read in the legal basis"
                + (f" ('{basis[:80]}')." if basis else " (empty)."),
            )
        )
    bounded: list[str] = []
    for gid in cited.grounds:
        letter = catalogue.letter(gid)
        ground = catalogue.ground(gid)
        if letter is not None and letter.items:
            defects.append(
                _defect(
                    "ground-needs-item",
                    basis_col,
                    f"'{gid}' ({letter.label_id}) dikutip tanpa angka; sebutkan salah satu: "
                    f"{', '.join(letter.items)}.",
                    f"'{gid}' ({letter.label_en}) is cited without its item; name one of: "
                    f"{', '.join(letter.items)}.",
                )
            )
            if gid[2] in "abcdef":
                bounded.append(gid)
            continue
        if ground is None:
            defects.append(
                _defect(
                    "ground-must-exist",
                    basis_col,
                    f"'{gid}' bukan dasar pengecualian dalam Pasal 17 UU 14/2008.",
                    f"'{gid}' is not an exception ground of Pasal 17 UU 14/2008.",
                )
            )
            continue
        if not ground.period.permanent_allowed:
            bounded.append(gid)
        if ground.needs_statute:
            problem = _statute_problem(basis, cited)
            if problem is not None:
                defects.append(_defect("17j-needs-statute", basis_col, *problem))
    defects += [
        _advice(w, basis_col)
        for w in ground_fit(
            catalogue, [row.get("information"), row.get("document")], cited.grounds, basis_col
        )
    ]
    defects += _harm_defects(row, catalogue, cited.grounds)
    defects += _public_interest_defects(row)
    period = row.get("period")
    if _blank_text(period):
        defects.append(
            _defect(
                "period-stated",
                row.column("period"),
                "Jangka waktu pengecualian tidak disebut.",
                "The exemption period is not stated.",
            )
        )
    elif sets_no_term(period):
        defects.append(
            _defect(
                "period-stated",
                row.column("period"),
                f"Jangka waktu '{period[:60]}' tidak menetapkan batas, hanya menjanjikan batas "
                f"yang belum disebut; {NO_TERM_EXAMPLE[0]}.",
                f"The period '{period[:60]}' sets no term, it only promises one not yet "
                f"stated; {NO_TERM_EXAMPLE[1]}.",
            )
        )
    elif bounded and is_permanent(period):
        defects.append(
            _defect(
                "period-not-permanent-17a-f",
                row.column("period"),
                f"Jangka waktu '{period[:60]}' permanen, padahal dasar {', '.join(bounded)} "
                "tidak boleh permanen; beri tanggal atau kondisi berakhir.",
                f"The period '{period[:60]}' is permanent, but grounds {', '.join(bounded)} "
                "cannot be; give an end date or condition.",
            )
        )
    for name in ("information", "document"):
        text = row.get(name)
        kind = never_exemptible_kind(text) if text else None
        if kind is None:
            continue
        category = catalogue.category(kind[0])
        label_id = category.label_id if category else kind[0]
        label_en = category.label_en if category else kind[0]
        where = category.article if category else RULES["not-exemptible"].article
        defects.append(
            _defect(
                "not-exemptible",
                row.column(name),
                f"'{kind[1]}': informasi ini tampak termasuk '{label_id}' ({where}), yang tidak "
                "dapat dikecualikan, sebagian pun; data pribadi pihak lain di dalamnya (mis. NIK, "
                "alamat rumah) diuji sebagai informasi tersendiri dan dihitamkan saat dokumen "
                "diberikan.",
                f"'{kind[1]}': this reads as '{label_en}' ({where}), which cannot be "
                "withheld, not even in part; a third party's personal data in it (an NIK, a home "
                "address) is tested as information of its own and blacked out when the document "
                "is given.",
            )
        )
        break
    return defects, cited.grounds


def _harm_defects(row: RowText, catalogue: Catalogue, grounds: Sequence[str]) -> list[Defect]:
    """What is wrong with the row's consequence (the harm if opened)."""
    harm = row.get("consequence")
    column = row.column("consequence")
    if _blank_text(harm):
        shown = f" (hanya '{harm.strip()[:20]}')" if harm.strip() else ""
        return [
            _defect(
                "harm-per-ground",
                column,
                f"Konsekuensi (bahaya) bila informasi dibuka tidak diuraikan{shown}.",
                "No consequence (harm) of disclosure is stated.",
            )
        ]
    defects: list[Defect] = []
    citable = [g for g in grounds if catalogue.ground(g) is not None]
    if len(citable) > 1:
        listed = ", ".join(citable)
        defects.append(
            _defect(
                "harm-per-ground",
                column,
                f"Satu uraian konsekuensi untuk {len(citable)} dasar ({listed}); setiap dasar "
                "diuji sendiri dan perlu uraian kerugiannya sendiri, mis. '17h1: …; 17h2: …'.",
                f"One harm text for {len(citable)} grounds ({listed}); each ground is tested on "
                "its own and needs its own harm.",
            )
        )
    defects += [_advice(w, column) for w in harm_text_warnings(harm, list(grounds), column)]
    if len(citable) == 1:
        labels = ground_labels(catalogue, citable[0])
        if restates_label(harm, labels):
            defects.append(
                Defect(
                    "harm-restates-ground",
                    LINT_ARTICLES["harm-restates-ground"],
                    column,
                    f"Konsekuensi hanya mengulang bunyi dasar {citable[0]} ('{labels[0]}'). "
                    "Jelaskan kerugian nyata bila dibuka: siapa yang dirugikan dan bagaimana.",
                    f"The harm only repeats the label of ground {citable[0]}. Say what concrete "
                    "harm disclosure would cause: to whom and how.",
                )
            )
    return defects


def _public_interest_defects(row: RowText) -> list[Defect]:
    """What is wrong with the row's public-interest reasoning (Pasal 2 ayat (4), 19)."""
    interest = row.get("public_interest")
    if not _blank_text(interest):
        if weighs_nothing(interest):
            return [
                _advice(balance_weighs_nothing("public_interest"), row.column("public_interest"))
            ]
        return []
    closed = row.get("if_closed")
    if "public_interest" not in row.columns and closed and not _blank_text(closed):
        if not weighs_nothing(closed):
            return []
        return [
            _defect(
                "public-interest-weighed",
                row.column("if_closed"),
                f"Kolom '{row.column('if_closed')}' hanya menyebut apa yang dilindungi bila "
                "ditutup; itu bukan pertimbangan kepentingan publik. Sebutkan kepentingan publik "
                "yang dilayani bila dibuka dan timbang keduanya, mis. 'Warga dapat mengawasi "
                "anggaran, namun keselamatan saksi lebih berat karena …'.",
                f"Column '{row.column('if_closed')}' only says what closing protects; that is no "
                "weighing of the public interest. Name the public interest opening would serve "
                "and weigh the two.",
            )
        ]
    return [
        _defect(
            "public-interest-weighed",
            row.column("public_interest"),
            "Pertimbangan kepentingan publik atas keterbukaan tidak diuraikan.",
            "No public-interest reasoning is given.",
        )
    ]


def _statute_problem(basis: str, cited: Citations) -> tuple[str, str] | None:
    statutes = [
        m
        for m in _STATUTE.finditer(basis)
        if not (int(m.group("number")) == 14 and m.group("year") == "2008")
    ]
    if not statutes:
        if _BELOW_STATUTE.search(basis):
            return (
                "Pasal 17j hanya berlaku bila sebuah Undang-Undang melarang pembukaan; peraturan "
                "di bawahnya (PP, Perpres, Permen, Perda, Perki, SK) tidak cukup.",
                "17j applies only where an Undang-Undang forbids disclosure; a regulation "
                "below it (PP, Perpres, Permen, Perda, Perki, SK) is not enough.",
            )
        return (
            "Pasal 17j dikutip tanpa Undang-Undang (nomor dan tahun) yang melarang pembukaan.",
            "17j is cited without the Undang-Undang (number and year) that forbids disclosure.",
        )
    own = set(cited.article_spans)
    articles = [m for m in _ARTICLE.finditer(basis) if (m.start(), m.end()) not in own]
    articles = [m for m in articles if not any(a <= m.start() < b for a, b in own)]
    if not articles:
        return (
            "Undang-Undang untuk Pasal 17j belum menyebut pasalnya.",
            "The Undang-Undang cited for 17j lacks its article.",
        )
    return None


# --------------------------------------------------------------------------- building cases

_MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "peb": 2, "februari": 2, "pebruari": 2, "mar": 3,
    "maret": 3, "apr": 4, "april": 4, "mei": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7,
    "agu": 8, "agt": 8, "ags": 8, "agustus": 8, "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oktober": 10, "nov": 11, "nop": 11, "november": 11, "nopember": 11,
    "des": 12, "desember": 12,
}  # fmt: skip


def parse_date(value: Any) -> date | None:
    """A document date as old registers write it; ``None`` when blank.

    :raises ValueError: something that is not a date (the caller names the cell).
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value)
    if _blank_text(text):
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        return date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:  # Indonesian order: day, month, year
        return date(int(m[3]), int(m[2]), int(m[1]))
    m = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", text)
    if m and m[2].lower() in _MONTHS:
        return date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    raise ValueError(text)


def parse_form(text: str) -> p.DocumentForm:
    key = _norm(text)
    printed = any(w in key for w in ("cetak", "hardcopy", "hard copy", "kertas", "printed"))
    electronic = any(
        w in key for w in ("elektronik", "softcopy", "soft copy", "digital", "electronic")
    )
    if printed and not electronic:
        return p.DocumentForm.PRINTED
    if electronic and not printed:
        return p.DocumentForm.ELECTRONIC
    if any(w in key for w in ("audio", "video", "rekaman")):
        return p.DocumentForm.AUDIOVISUAL
    return p.DocumentForm.OTHER


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class ImportedRow:
    """One row of the old register and the draft case it became."""

    row: int
    case_id: str
    information: str
    grounds: tuple[str, ...]
    defects: list[Defect]
    state: str = "draft"
    identify_missing: tuple[str, ...] = ()
    """Why the identification step was not recorded (what the row lacks)."""
    item: str = ""
    """The register's own number of the row (its "No" column), or the file's row number."""

    @property
    def case_ref(self) -> str:
        return f"{self.case_id}/1"

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "case": self.case_ref,
            "state": self.state,
            "item": self.item or str(self.row),
            "information": self.information,
            "grounds": list(self.grounds),
            "identify_missing": list(self.identify_missing),
            "defects": [d.as_json() for d in self.defects],
        }


@dataclass
class ImportReport:
    """What an import found and did."""

    source: str
    stored: bool
    mapping: dict[str, str]
    """Field → the header of the column it was read from."""
    missing_columns: list[str]
    """Checked fields (consequence, public interest, period) with no column in the file."""
    rows: list[ImportedRow] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    """(row, why) for rows that became no case (section headings)."""

    def by_rule(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.rows:
            for defect in row.defects:
                counts[defect.rule] = counts.get(defect.rule, 0) + 1
        return dict(sorted(counts.items()))

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.source,
            "stored": self.stored,
            "mapping": self.mapping,
            "missing_columns": self.missing_columns,
            "rows": [r.as_json() for r in self.rows],
            "skipped": [{"row": n, "reason": why} for n, why in self.skipped],
            "summary": {
                "cases": len(self.rows),
                "identified": sum(1 for r in self.rows if r.state == "identified"),
                "rows_with_defects": sum(1 for r in self.rows if r.defects),
                "defects_by_rule": self.by_rule(),
            },
        }


@dataclass(frozen=True)
class _Planned:
    number: int
    summary: str
    grounds: tuple[str, ...]
    defects: tuple[Defect, ...]
    missing: tuple[str, ...]
    open: p.OpenCase
    identify: dict[str, Any] | None
    harm: str = ""
    """The consequence written for a row not concluded open (compared across rows)."""
    item: str = ""
    """The register's own number of the row (its "No" column), or the file's row number."""


def _row_texts(
    table: SourceTable, number: int, cells: Sequence[Any], mapping: Mapping[str, int]
) -> RowText:
    values: dict[str, str] = {}
    for name, index in mapping.items():
        text = _cell_text(cells[index])
        if len(text) > _MAX_TEXT:
            raise InputError(
                f"{table.source}: baris/row {number}, kolom/column {_letters(index)} "
                f"'{table.column_name(index)}'",
                f"teks lebih dari {_MAX_TEXT} karakter / text longer than {_MAX_TEXT} characters",
            )
        values[name] = text
    columns = {name: table.column_name(index) for name, index in mapping.items()}
    return RowText(number, values, columns)


def _check_storable(table: SourceTable, number: int, cells: Sequence[Any]) -> None:
    """Every filled cell of the row, and its column's name, is text the log can keep (rule
    ``storable-text``): the whole row goes into the case's note.

    :raises InputError: naming the row, the column and the character.
    """
    for index, cell in enumerate(cells):
        text = _cell_text(cell)
        if not text:
            continue
        for what in (table.column_name(index), text):
            try:
                storable_text(what, field=table.column_name(index))
            except ValueError as exc:
                raise InputError(
                    f"{table.source}: baris/row {number}, kolom/column {_letters(index)}",
                    printable(str(exc)),
                ) from None


def _note(table: SourceTable, number: int, cells: Sequence[Any]) -> str:
    name = Path(table.source.split(" [", 1)[0]).name
    lines = [f"diimpor dari DIK lama baris {number} (berkas {name})"]
    for index, cell in enumerate(cells):
        text = _cell_text(cell)
        if text:
            lines.append(f"{table.column_name(index)}: {text}")
    note = "\n".join(lines)
    return note if len(note) <= _MAX_TEXT else note[: _MAX_TEXT - 1] + "…"


def _plan_row(
    table: SourceTable,
    number: int,
    cells: Sequence[Any],
    mapping: Mapping[str, int],
    catalogue: Catalogue,
) -> _Planned | str:
    """The case a row becomes, or why it becomes none (a section heading)."""
    _check_storable(table, number, cells)
    texts = _row_texts(table, number, cells, mapping)
    information = texts.get("information")
    if not information:
        filled = sum(1 for c in cells if _cell_text(c))
        if filled <= 1:
            return "judul bagian, tanpa informasi / a section heading, no information"
        index = mapping["information"]
        raise InputError(
            f"{table.source}: baris/row {number}, kolom/column {_letters(index)} "
            f"'{table.column_name(index)}'",
            "informasi yang dikecualikan kosong pada baris yang berisi / the information is "
            "empty on a row that holds other cells",
        )
    defects, grounds = check_row(texts, catalogue)
    document_date: date | None = None
    if "document_date" in mapping:
        index = mapping["document_date"]
        try:
            document_date = parse_date(cells[index])
        except ValueError:
            raise InputError(
                f"{table.source}: baris/row {number}, kolom/column {_letters(index)} "
                f"'{table.column_name(index)}'",
                f"tanggal tidak terbaca / not a date: {_cell_text(cells[index])[:40]!r} (tulis / "
                "write YYYY-MM-DD, DD/MM/YYYY atau / or '12 Maret 2025'; atau abaikan kolom / "
                f"or leave the column out: --map '{table.column_name(index)}=ignore')",
            ) from None
    unit = texts.get("unit")
    missing = []
    if not unit:
        missing.append("unit")
    if document_date is None:
        missing.append("document_date")
    summary = _shorten(information, _SUMMARY_LEN)
    opened = p.OpenCase(
        trigger=p.TriggerContext(kind=p.TriggerKind.PROACTIVE, note=_note(table, number, cells)),
        summary=summary,
    )
    identify: dict[str, Any] | None = None
    if not missing:
        assert document_date is not None
        identify = {
            "document": {
                "title": _shorten(texts.get("document") or information, _TITLE_LEN),
                "owning_unit": _shorten(unit, 500),
                "dated": document_date,
                "form": parse_form(texts.get("form")),
            },
            "information": information,
            "scope": p.Scope.WHOLE,
        }
    harm = "" if concluded_open(texts.get("conclusion")) else texts.get("consequence")
    item = texts.get("no") or str(number)
    return _Planned(
        number, summary, grounds, tuple(defects), tuple(missing), opened, identify, harm, item
    )


def _mark_copies(planned: list[_Planned], column: str) -> None:
    """A harm text copied from an earlier row (or all but a few words of it) is flagged on
    the later row, naming the row it repeats: each item is tested on its own."""
    for index, first in near_duplicates([plan.harm for plan in planned]).items():
        warning = harm_copied(
            "consequence",
            f"butir {planned[first].item} ({', '.join(planned[first].grounds) or 'tanpa dasar'})",
            f"item {planned[first].item} ({', '.join(planned[first].grounds) or 'no ground'})",
        )
        plan = planned[index]
        planned[index] = replace(plan, defects=(*plan.defects, _advice(warning, column)))


def _first_free(service: Service, year: int) -> int:
    prefix = f"{service.case_prefix}-{year}-"
    numbers = [
        int(s.split("/", 1)[0].rsplit("-", 1)[1]) for s in service.log.subjects(f"case:{prefix}")
    ]
    return max(numbers, default=0) + 1


def _decide_all(
    service: Service,
    planned: Sequence[_Planned],
    actor: Actor,
    now: datetime,
    first: int,
) -> tuple[list[ImportedRow], list[AppendBatch], list[Case]]:
    """Every row's events, decided in memory, the cases numbered from ``first`` of the
    year on. Pure given what it is handed: it reads nothing from the log, so it can run
    under the append lock, where ``first`` is known to be free."""
    today = service.today(now)
    rows: list[ImportedRow] = []
    batches: list[AppendBatch] = []
    cases: list[Case] = []
    for offset, plan in enumerate(planned):
        case_id = f"{service.case_prefix}-{today.year}-{first + offset:04d}"
        row = ImportedRow(
            row=plan.number,
            case_id=case_id,
            information=plan.summary,
            grounds=plan.grounds,
            defects=list(plan.defects),
            identify_missing=plan.missing,
            item=plan.item,
        )
        findings = [
            p.RegisterFinding(
                rule=d.rule,
                article=d.article,
                column=d.column,
                message_id=d.message_id,
                message_en=d.message_en,
            )
            for d in plan.defects
        ]
        events: list[NewEvent] = list(
            decide_open(
                case_id,
                plan.open,
                actor,
                service.catalogue,
                now,
                today,
                register_findings=findings,
            )
        )
        case: Case | None = None
        for event in events:
            case = apply(case, event)
        assert case is not None
        if plan.identify is not None:
            try:
                more = decide(case, "identify", plan.identify, actor, service.catalogue, now, today)
            except RuleViolation as exc:
                row.defects.append(
                    Defect(
                        exc.rule,
                        exc.article,
                        exc.field or FIELDS["information"].label,
                        exc.message_id,
                        exc.message_en,
                    )
                )
                row.identify_missing = (exc.rule,)
            except InputError as exc:
                row.identify_missing = (exc.message,)
            else:
                for event in more:
                    case = apply(case, event)
                events.extend(more)
        row.state = case.state.value
        rows.append(row)
        batches.append(AppendBatch(case_subject(case_id, 1), 0, events))
        cases.append(case)
    return rows, batches, cases


def import_register(
    service: Service,
    path: Path,
    acting: str | None,
    column_map: Mapping[str, str] | None = None,
    *,
    dry_run: bool = False,
) -> ImportReport:
    """Read an old DIK, decide a draft case per row, and append them all in one go.

    :param acting: who the cases are opened by (an officer or a PPID).
    :param column_map: header (or column letter) → field, over the automatic matching.
    :param dry_run: decide and report, store nothing.
    :raises InputError: the file is malformed or a required column has no mapping.
    :raises PermissionDenied: no acting user, or one who may not open cases.
    """
    from ujikon.service.cases import case_index_entry

    table = read_table(path)
    mapping = resolve_columns(table, column_map or {})
    catalogue = service.catalogue
    planned: list[_Planned] = []
    skipped: list[tuple[int, str]] = []
    for number, cells in table.rows:
        outcome = _plan_row(table, number, cells, mapping, catalogue)
        if isinstance(outcome, str):
            skipped.append((number, outcome))
        else:
            planned.append(outcome)
    consequence = mapping.get("consequence")
    _mark_copies(
        planned,
        table.column_name(consequence) if consequence is not None else FIELDS["consequence"].label,
    )
    report = ImportReport(
        source=table.source,
        stored=False,
        mapping={name: table.column_name(index) for name, index in mapping.items()},
        missing_columns=[name for name in CHECKED if name not in mapping],
        skipped=skipped,
    )
    actor = service.actor(acting)
    now = service.now()
    if dry_run or not planned:
        # A preview: the ids are those the import would take if nobody opened a case first.
        report.rows = _decide_all(
            service, planned, actor, now, _first_free(service, service.today(now).year)
        )[0]
        return report

    def build(first: int) -> AppendPlan:
        # Under the append lock: ``first`` is the next free number of the year, and the
        # numbers after it are free too (it is one past the highest), so the whole
        # import is numbered at once and never retried.
        report.rows, batches, cases = _decide_all(service, planned, actor, now, first)
        return AppendPlan(batches, [case_index_entry(c) for c in cases])

    service.writer.commit_numbered(f"case:{service.case_prefix}-{service.today(now).year}-", build)
    report.stored = True
    logger.info("imported %d cases from %s", len(report.rows), table.source)
    return report


def iter_defects(report: ImportReport) -> Iterator[tuple[ImportedRow, Defect | None]]:
    """Each row with each of its defects (a row without any once, with ``None``)."""
    for row in report.rows:
        if not row.defects:
            yield row, None
        for defect in row.defects:
            yield row, defect
