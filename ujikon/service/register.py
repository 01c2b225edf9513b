"""The DIK (*Daftar Informasi yang Dikecualikan*) as it stood on a date, and its writers.

:func:`dik_as_of` replays the log up to a date: only events recorded (in the body's
time zone, WIB by default) on or before that date are folded, so a later retest,
expiry, overturn or revoked decree does not change what the register was then. An
item is in the register when its case revision

* was set by a decree (``case.decreed``) by then, and that decree was not revoked by then;
* concluded *exempt* or *partly exempt*;
* had not expired, been overturned, or been superseded by a newer decreed revision;
* and its period had not ended: an end date before the day asked for takes it out
  (the end date is the last day of the exemption); a permanent period stays.

The rows carry the columns of the decree's annex (domain.md, "The decree and its
annex") with the texts the annex uses (:mod:`ujikon.documents.compose`), plus the case
reference, the owning unit and the decree's number and date.

Each row also says when its period ends *relative to the register's date* (never
today's clock: a register as of a past date is a historical view): "Berakhir dalam 30
hari" (0-30 days to the last day) or "Berakhir dalam 31–90 hari", classified by
:func:`ujikon.domain.windows.window_of` as ``ujikon lifecycle run`` and the dashboard list
them; a period that ends by a condition says so ("Sampai kondisi: …"); a permanent one
says nothing. ``dik_as_of(..., ending_within=30)`` keeps only the rows whose last day
lies 0-30 days after the date (90: 0-90 days).

Writers: CSV (UTF-8 with BOM for Excel), XLSX (openpyxl, streamed), HTML (Jinja2,
streamed, standalone) and PDF (WeasyPrint, landscape, header row repeated on every
page, "Halaman X dari Y"). openpyxl and WeasyPrint are imported only by their writers.
"""

from __future__ import annotations

import csv
import logging
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from ujikon.dates import format_date_id, format_time_wib
from ujikon.documents.compose import conclusion_text, legal_basis, period_text
from ujikon.domain import payloads as p
from ujikon.domain.case import Case, apply
from ujikon.domain.events import StoredEvent
from ujikon.domain.states import CaseState
from ujikon.domain.windows import WINDOWS, window_of
from ujikon.errors import InputError
from ujikon.law import Catalogue, normalise_ground_id

if TYPE_CHECKING:
    from ujikon.service.cases import Service
    from ujikon.store.api import EventLog

__all__ = [
    "COLUMNS",
    "ENDING_WITHIN",
    "FORMATS",
    "Format",
    "RegisterInfo",
    "RegisterRow",
    "check_ending_within",
    "dik_as_of",
    "ending_words",
    "export",
    "ground_matcher",
    "html_to_pdf",
    "in_force",
    "register_info",
    "render_html",
    "render_pdf",
    "row_of",
    "write_csv",
    "write_html",
    "write_pdf",
    "write_xlsx",
]

logger = logging.getLogger(__name__)

Format = Literal["csv", "xlsx", "html", "pdf"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "html", "pdf")

REGISTER_TEMPLATE = "register/register.html.j2"
REGISTER_STYLESHEET = "register/register.css"

ENDING_WITHIN: tuple[int, ...] = WINDOWS
"""The values ``ending_within`` (``--ending-within``) takes: 30 or 90 days."""

_XLSX_MAX_CELL = 32_767
"""Excel's limit on the characters of one cell."""


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class RegisterRow:
    """One item of the DIK: the annex's columns, the case and the decree that set it."""

    no: int
    case_ref: str
    information: str
    document: str
    owning_unit: str
    grounds: tuple[str, ...]
    """The catalogue ids cited, e.g. ``("17h2",)``."""
    legal_basis: tuple[str, ...]
    """One line per ground: article and item, and for 17j the statute."""
    consequence: str
    public_interest: str
    conclusion: str
    outcome: str
    period: str
    period_kind: str
    period_end: date | None
    decree_number: str
    decree_date: date
    document_reference: str = ""
    period_condition: str = ""
    """The event that ends a period ``until_condition`` (empty otherwise)."""
    days_left: int | None = None
    """Days from the register's date to the period's last day (0: the date is the last
    day; for a condition, to its latest day); ``None`` for a permanent period or a row
    made without a date."""
    title: str = ""
    """The case's title (the lists' search looks in it; no column of the annex)."""
    request_reference: str = ""
    """The number of the request (or the Commission's order) the test answered."""

    def matches(self, text: str) -> bool:
        """Whether every word of ``text`` (any case) is in the case number, the title, the
        request number, the document (title and number), the information, the grounds
        (ids and legal basis) or the decree number: what the register's search looks in."""
        wanted = text.casefold().split()
        if not wanted:
            return True
        haystack = " ".join(
            (self.case_ref, self.title, self.request_reference, self.document,
             self.document_reference, self.information, " ".join(self.grounds),
             " ".join(self.legal_basis), self.decree_number)
        ).casefold()  # fmt: skip
        return all(word in haystack for word in wanted)

    @property
    def ending_window(self) -> tuple[int, int] | None:
        """``(0, 30)``, ``(31, 90)`` or ``None``: :func:`ujikon.domain.windows.window_of`."""
        return window_of(self.days_left)

    @property
    def until_condition(self) -> bool:
        return self.period_kind == "until_condition"

    def ends_within(self, days: int) -> bool:
        """Whether the last day lies 0 to ``days`` days after the register's date."""
        return _within(self.days_left, days)

    @property
    def ending_text(self) -> str:
        """The "ends within" column: ``Berakhir dalam 30 hari (20 hari lagi)``, ``Sampai
        kondisi: …; paling lambat …``, or empty."""
        return _ending_text(self, with_condition=True)

    @property
    def ending_marker(self) -> str:
        """The same, beside the period's own text (which already names the condition)."""
        return _ending_text(self, with_condition=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "no": self.no,
            "case": self.case_ref,
            "information": self.information,
            "document": self.document,
            "document_reference": self.document_reference,
            "owning_unit": self.owning_unit,
            "grounds": list(self.grounds),
            "legal_basis": list(self.legal_basis),
            "consequence": self.consequence,
            "public_interest": self.public_interest,
            "conclusion": self.conclusion,
            "outcome": self.outcome,
            "period": self.period,
            "period_kind": self.period_kind,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "period_end_id": format_date_id(self.period_end) if self.period_end else None,
            "period_condition": self.period_condition or None,
            "days_left": self.days_left,
            "ending_window": list(window) if (window := self.ending_window) else None,
            "ending": self.ending_text or None,
            "decree_number": self.decree_number,
            "decree_date": self.decree_date.isoformat(),
        }


def _days_left(end: date | None, as_of: date | None) -> int | None:
    return (end - as_of).days if end is not None and as_of is not None else None


def _within(days_left: int | None, days: int) -> bool:
    return days_left is not None and 0 <= days_left <= days


def ending_words(window: tuple[int, int]) -> tuple[str, str]:
    """``("berakhir dalam 30 hari", "ends within 30 days")`` (``31–90`` for the second)."""
    first, last = window
    span = f"{last}" if first == 0 else f"{first}–{last}"
    return f"berakhir dalam {span} hari", f"ends within {span} days"


def _ending_text(row: RegisterRow, *, with_condition: bool) -> str:
    # In Bahasa Indonesia only: the register is an official document (UU 24/2009 Pasal 27).
    window = row.ending_window
    if row.until_condition:
        condition = f": {row.period_condition}" if with_condition and row.period_condition else ""
        text = f"Sampai kondisi{condition}"
        if window is not None:
            text += f"; paling lambat {ending_words(window)[0]}"
        return text
    if window is None or row.days_left is None:
        return ""
    words = ending_words(window)[0]
    left = "hari terakhir" if row.days_left == 0 else f"{row.days_left} hari lagi"
    return f"{words.capitalize()} ({left})"


def row_of(case: Case, catalogue: Catalogue, no: int = 0, as_of: date | None = None) -> RegisterRow:
    """The register row of a decreed case revision (its texts as the decree's annex has them).

    With ``as_of`` (the register's date) the row knows how many days its period has left.

    :raises ValueError: the case has not recorded every step or has no decree.
    """
    ident, grounds, harm, weigh, conclusion = (
        case.identification,
        case.grounds,
        case.harm,
        case.weighing,
        case.conclusion,
    )
    if ident is None or grounds is None or harm is None or weigh is None or conclusion is None:
        raise ValueError(f"case {case.ref} has not recorded every step")
    if case.decree is None:
        raise ValueError(f"case {case.ref} is not set by a decree")
    # Consequence and public interest as compose.decree_document writes the annex.
    consequence = "\n".join(
        (f"{h.ground}: {h.harm}" if len(harm.harms) > 1 else h.harm) for h in harm.harms
    )
    public_interest = "; ".join(weigh.interests) + ". " + weigh.balance
    period = conclusion.period
    end = period.end_date if period else None
    return RegisterRow(
        no=no,
        case_ref=case.ref,
        information=ident.information,
        document=ident.document.title,
        document_reference=ident.document.reference,
        owning_unit=ident.document.owning_unit,
        grounds=tuple(grounds.ground_ids()),
        legal_basis=tuple(legal_basis(c, catalogue) for c in grounds.citations),
        consequence=consequence,
        public_interest=public_interest,
        conclusion=conclusion_text(conclusion),
        outcome=conclusion.outcome.value,
        period=period_text(conclusion, grounds.ground_ids()),
        period_kind=period.kind.value if period else "",
        period_end=end,
        period_condition=period.condition if period else "",
        days_left=_days_left(end, as_of),
        decree_number=case.decree.number,
        decree_date=case.decree.dated,
        title=case.title,
        request_reference=case.trigger.reference,
    )


# --------------------------------------------------------------------------- as of a date


def _local_date(event: StoredEvent, tz: ZoneInfo) -> date:
    return event.recorded_at.astimezone(tz).date()


def in_force(case: Case, as_of: date, revoked: frozenset[str] = frozenset()) -> bool:
    """Whether a revision (folded up to ``as_of``) withholds its information on ``as_of``."""
    conclusion = case.conclusion
    if (
        case.state is not CaseState.DECREED
        or case.decree is None
        or case.superseded_by is not None
        or case.decree.number in revoked
        or conclusion is None
        or not conclusion.outcome.withholds
    ):
        return False
    period = conclusion.period
    if period is None or period.kind is p.PeriodKind.PERMANENT:
        return True
    # The end date is the last day of the exemption (an end condition's "at the latest").
    return period.end_date is None or period.end_date >= as_of


def _revoked_decrees(log: EventLog, as_of: date, tz: ZoneInfo) -> frozenset[str]:
    """Numbers of the decrees revoked on or before ``as_of``."""
    numbers: dict[str, str] = {}
    revoked: set[str] = set()
    for event in log.read_subjects("decree:"):
        if _local_date(event, tz) > as_of:
            continue
        if event.action == "decree.issued":
            numbers[event.subject] = str(event.payload["data"]["number"])
        elif event.action == "decree.revoked":
            revoked.add(event.subject)
    return frozenset(numbers[s] for s in revoked if s in numbers)


def _decreed_revisions(log: EventLog, as_of: date, tz: ZoneInfo) -> dict[str, list[Case]]:
    """Every case revision decreed by ``as_of``, folded up to that date, by case id.

    The store streams subject by subject; a revision is folded only if a ``case.decreed``
    event falls within the date (drafts, open and withdrawn cases cost a scan, no fold).
    """
    found: dict[str, list[Case]] = {}

    def flush(events: list[StoredEvent]) -> None:
        if not any(e.action == "case.decreed" for e in events):
            return
        case: Case | None = None
        for event in events:
            case = apply(case, event)
        assert case is not None
        found.setdefault(case.case_id, []).append(case)

    subject = ""
    pending: list[StoredEvent] = []
    stopped = False
    for event in log.read_subjects("case:"):
        if event.subject != subject:
            flush(pending)
            subject, pending, stopped = event.subject, [], False
        if stopped:
            continue
        # A subject's events are in order: replay history up to the date, no further.
        if _local_date(event, tz) > as_of:
            stopped = True
            continue
        pending.append(event)
    flush(pending)
    return found


def _ends_within(case: Case, as_of: date, days: int) -> bool:
    """:meth:`RegisterRow.ends_within` of the case's row, before the row is made."""
    period = case.conclusion.period if case.conclusion is not None else None
    return period is not None and _within(_days_left(period.end_date, as_of), days)


def _natural_key(case_id: str) -> tuple[str, int, int, str]:
    prefix, _, rest = case_id.partition("-")
    year, _, serial = rest.partition("-")
    if year.isdigit() and serial.isdigit():
        return (prefix, int(year), int(serial), "")
    return (prefix, 0, 0, case_id)


def ground_matcher(catalogue: Catalogue, ground: str) -> Callable[[Sequence[str]], bool]:
    """A test "cites this ground" for a filter such as ``17h`` (any of its items) or ``17h2``.

    :raises InputError: not a ground or letter of the catalogue.
    """
    wanted = normalise_ground_id(ground)
    letter = catalogue.letter(wanted)
    if letter is not None and letter.items:
        items = frozenset(letter.items)
        return lambda cited: any(g in items for g in cited)
    if catalogue.ground(wanted) is not None:
        return lambda cited: wanted in cited
    raise InputError(
        "--ground",
        f"'{ground}' bukan dasar Pasal 17 (mis. 17h atau 17h2); lihat `ujikon law grounds` / "
        f"'{ground}' is not a ground of Pasal 17 (e.g. 17h or 17h2); see `ujikon law grounds`",
    )


def check_ending_within(days: int | None) -> int | None:
    """``days`` if it is one of :data:`ENDING_WITHIN` (or ``None``).

    :raises InputError: any other number.
    """
    if days is None or days in ENDING_WITHIN:
        return days
    choices = " atau / or ".join(str(d) for d in ENDING_WITHIN)
    raise InputError(
        "--ending-within",
        f"'{days}': hari, {choices} (seperti `ujikon lifecycle run`) / days, {choices} "
        "(as `ujikon lifecycle run` lists them)",
    )


def dik_as_of(
    service: Service,
    as_of: date,
    unit: str | None = None,
    ground: str | None = None,
    ending_within: int | None = None,
    text: str = "",
) -> list[RegisterRow]:
    """The body's DIK as it stood on ``as_of``, optionally for one owning unit and one ground.

    ``unit`` matches the document's owning unit (ignoring case and surrounding spaces);
    ``ground`` is a letter (``17h``: any of its items) or an item (``17h2``);
    ``ending_within`` (30 or 90) keeps the rows whose last day lies 0 to that many days
    after ``as_of`` (for a period until a condition, its latest day). ``text`` keeps the
    rows it matches (:meth:`RegisterRow.matches`); unlike the filters it keeps each row's
    number, so a row found is the item of that number in the register without the search.

    :raises InputError: ``ground`` is not a ground or letter of the catalogue, or
        ``ending_within`` is not one of :data:`ENDING_WITHIN`.
    """
    check_ending_within(ending_within)
    catalogue = service.catalogue
    cites = ground_matcher(catalogue, ground) if ground else None
    wanted_unit = unit.strip().casefold() if unit else None
    tz = service.tz
    revoked = _revoked_decrees(service.log, as_of, tz)
    chosen: list[Case] = []
    for revisions in _decreed_revisions(service.log, as_of, tz).values():
        # The newest revision decreed by then is the one in force (a decreed retest
        # supersedes the revision it retested, in the same transaction).
        case = max(revisions, key=lambda c: c.revision)
        if not in_force(case, as_of, revoked):
            continue
        ident, grounds = case.identification, case.grounds
        if ident is None or grounds is None:  # pragma: no cover - a decreed case has both
            continue
        if wanted_unit is not None and ident.document.owning_unit.strip().casefold() != wanted_unit:
            continue
        if cites is not None and not cites(grounds.ground_ids()):
            continue
        if ending_within is not None and not _ends_within(case, as_of, ending_within):
            continue
        chosen.append(case)
    chosen.sort(key=lambda c: _natural_key(c.case_id))
    rows = [row_of(case, catalogue, no, as_of) for no, case in enumerate(chosen, start=1)]
    if text.strip():
        rows = [row for row in rows if row.matches(text)]
    logger.debug("register as of %s: %d items", as_of, len(rows))
    return rows


# --------------------------------------------------------------------------- heading


@dataclass(frozen=True)
class RegisterInfo:
    """What the heading of an export says: whose register, as of when, which filter."""

    as_of: date
    body: str = ""
    unit: str | None = None
    ground: str | None = None
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    ending_within: int | None = None
    """Only the rows whose period ends within this many days of ``as_of`` are shown."""
    text: str = ""
    """Only the rows this search matches are shown (:meth:`RegisterRow.matches`)."""

    @property
    def title(self) -> str:
        """``DAFTAR INFORMASI YANG DIKECUALIKAN DI LINGKUNGAN <BODY>``."""
        head = "DAFTAR INFORMASI YANG DIKECUALIKAN"
        return f"{head} DI LINGKUNGAN {self.body.upper()}" if self.body else head

    @property
    def date_line(self) -> str:
        """``per tanggal 25 November 2026``."""
        return f"per tanggal {format_date_id(self.as_of)}"

    @property
    def full_title(self) -> str:
        return f"{self.title} {self.date_line}"

    @property
    def filters(self) -> str:
        """``Unit: BKPSDM; Dasar: 17h; Berakhir dalam 30 hari`` (empty when the whole
        register is shown)."""
        parts = []
        if self.unit:
            parts.append(f"Unit: {self.unit}")
        if self.ground:
            parts.append(f"Dasar: {normalise_ground_id(self.ground)}")
        if self.ending_within is not None:
            parts.append(f"Berakhir dalam {self.ending_within} hari")
        if self.text.strip():
            parts.append(f"Pencarian: “{self.text.strip()}”")
        return "; ".join(parts)

    @property
    def generated_text(self) -> str:
        return format_time_wib(self.generated_at)


def register_info(
    service: Service,
    as_of: date,
    unit: str | None = None,
    ground: str | None = None,
    ending_within: int | None = None,
    text: str = "",
) -> RegisterInfo:
    """The heading of the register: the body's name from its profile (or the workspace's)."""
    from ujikon.domain.body import BODY_SUBJECT, BodyProfile, apply_body

    profile: BodyProfile | None = None
    for event in service.log.read(BODY_SUBJECT):
        profile = apply_body(profile, event)
    body = profile.name if profile is not None else (service.log.get_meta("body_name") or "")
    return RegisterInfo(
        as_of=as_of,
        body=body,
        unit=unit,
        ground=ground,
        generated_at=service.now(),
        ending_within=ending_within,
        text=text,
    )


# --------------------------------------------------------------------------- flat columns


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    """Width in Excel character units."""
    value: Callable[[RegisterRow], str | int | date]


COLUMNS: tuple[Column, ...] = (
    Column("No", 5, lambda r: r.no),
    Column("Informasi yang Dikecualikan", 40, lambda r: r.information),
    Column("Dokumen", 28, lambda r: r.document),
    Column("Unit Pemilik Informasi", 20, lambda r: r.owning_unit),
    Column("Dasar Hukum", 28, lambda r: "\n".join(r.legal_basis)),
    Column("Konsekuensi bila Dibuka", 40, lambda r: r.consequence),
    Column("Pertimbangan Kepentingan Publik", 40, lambda r: r.public_interest),
    Column("Kesimpulan", 24, lambda r: r.conclusion),
    Column("Jangka Waktu", 24, lambda r: r.period),
    Column("Nomor Kasus", 16, lambda r: r.case_ref),
    Column("Nomor SK", 24, lambda r: r.decree_number),
    Column("Tanggal SK", 12, lambda r: r.decree_date),
    Column("Berakhir Dalam", 30, lambda r: r.ending_text),
)
"""The columns of the CSV and XLSX exports, in order (the annex's, then the extras; the
last one is relative to the register's date)."""

_ENDING_COLUMN = len(COLUMNS) - 1
"""Where "Berakhir Dalam" is (highlighted in the XLSX within the first window)."""

_FORMULA_START = re.compile(r"^(?:[=+@\t\r]|-(?=\S))")


def _csv_cell(value: str | int | date) -> str | int:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and _FORMULA_START.match(value):
        # A spreadsheet would run "=..." as a formula (CSV injection): keep it text.
        return "'" + value
    return value


def write_csv(rows: Iterable[RegisterRow], target: IO[str]) -> int:
    """Write the rows as CSV (header row first) to a text stream; returns the row count.

    Open the file with ``encoding="utf-8-sig", newline=""`` for Excel (see :func:`export`).
    Cells that a spreadsheet would read as a formula get a leading apostrophe.
    """
    writer = csv.writer(target, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(c.value(row)) for c in COLUMNS])
        count += 1
    return count


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_text(value: str) -> str:
    value = _ILLEGAL_XML.sub("", value)
    if len(value) > _XLSX_MAX_CELL:
        marker = " … (terpotong)"
        value = value[: _XLSX_MAX_CELL - len(marker)] + marker
    return value


def write_xlsx(rows: Iterable[RegisterRow], info: RegisterInfo, target: Path | IO[bytes]) -> int:
    """Write the rows as an XLSX workbook; returns the row count.

    Sheet ``DIK``: a bold, shaded header row, frozen; wrapped text aligned at the top;
    column widths per column; an autofilter over the table; landscape printing with the
    header row repeated; "Berakhir Dalam" bold and shaded when the period ends within 30
    days. Sheet ``Keterangan``: the title, the date and the filters.
    Streamed (openpyxl write-only mode): memory does not grow with the rows.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    wb.properties.title = info.full_title
    wb.properties.creator = "ujikon"
    thin = Side(style="thin", color="808080")
    header_style = NamedStyle(
        name="dik_header",
        font=Font(bold=True),
        fill=PatternFill("solid", fgColor="E6E6E6"),
        alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
        border=Border(left=thin, right=thin, top=thin, bottom=thin),
    )
    body_style = NamedStyle(
        name="dik_body",
        alignment=Alignment(wrap_text=True, vertical="top"),
        border=Border(left=thin, right=thin, top=thin, bottom=thin),
    )
    date_style = NamedStyle(
        name="dik_date",
        number_format="yyyy-mm-dd",
        alignment=Alignment(vertical="top"),
        border=Border(left=thin, right=thin, top=thin, bottom=thin),
    )
    near_style = NamedStyle(
        name="dik_near",
        font=Font(bold=True),
        fill=PatternFill("solid", fgColor="FFF1D6"),
        alignment=Alignment(wrap_text=True, vertical="top"),
        border=Border(left=thin, right=thin, top=thin, bottom=thin),
    )
    for style in (header_style, body_style, date_style, near_style):
        wb.add_named_style(style)

    ws = wb.create_sheet("DIK")
    for index, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.center.text = info.full_title.replace("&", "&&")
    ws.oddFooter.right.text = "Halaman &P dari &N"

    def cell(value: str | int | date, style: str) -> Any:
        c = WriteOnlyCell(ws, value=_xlsx_text(value) if isinstance(value, str) else value)
        if isinstance(value, str):
            c.data_type = "s"  # never a formula, whatever the text starts with
        c.style = style
        return c

    ws.append([cell(c.header, "dik_header") for c in COLUMNS])
    count = 0
    for row in rows:
        values = [c.value(row) for c in COLUMNS]
        cells = [cell(v, "dik_date" if isinstance(v, date) else "dik_body") for v in values]
        if (window := row.ending_window) is not None and window[0] == 0:
            cells[_ENDING_COLUMN] = cell(values[_ENDING_COLUMN], "dik_near")
        ws.append(cells)
        count += 1
    last = get_column_letter(len(COLUMNS))
    ws.auto_filter.ref = f"A1:{last}{count + 1}"

    about = wb.create_sheet("Keterangan")
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 90
    bold = Font(bold=True)
    for key, value in (
        ("Judul", info.title),
        ("Per tanggal", format_date_id(info.as_of)),
        ("Tanggal (ISO)", info.as_of.isoformat()),
        ("Saringan", info.filters or "-"),
        (
            "Berakhir Dalam",
            f"hari sampai hari terakhir jangka waktu, dihitung dari {format_date_id(info.as_of)}",
        ),
        ("Jumlah informasi", str(count)),
        ("Dibuat", info.generated_text),
    ):
        k = WriteOnlyCell(about, value=key)
        k.font = bold
        about.append([k, _xlsx_text(value)])
    wb.save(target)
    return count


# --------------------------------------------------------------------------- HTML and PDF


def render_html(
    rows: Sequence[RegisterRow], info: RegisterInfo, *, for_pdf: bool = False
) -> Iterator[str]:
    """The register as one standalone HTML document, in pieces (Jinja2's stream).

    Every text is escaped (autoescape); the stylesheet is inlined; nothing is fetched.
    """
    from markupsafe import Markup

    from ujikon.documents import templates

    env = templates.environment()
    template = env.get_template(REGISTER_TEMPLATE)
    return template.generate(
        rows=rows,
        info=info,
        for_pdf=for_pdf,
        css=Markup(templates.read_text(REGISTER_STYLESHEET)),  # our own stylesheet
        format_date_id=format_date_id,
    )


def write_html(rows: Sequence[RegisterRow], info: RegisterInfo, target: IO[str]) -> int:
    """Write the HTML document to a text stream; returns the row count."""
    buffer: list[str] = []
    size = 0
    for piece in render_html(rows, info):
        buffer.append(piece)
        size += len(piece)
        if size > 1 << 16:
            target.write("".join(buffer))
            buffer, size = [], 0
    target.write("".join(buffer))
    return len(rows)


def render_pdf(rows: Sequence[RegisterRow], info: RegisterInfo) -> bytes:
    """The register as PDF (A4 landscape) through WeasyPrint; only ``data:`` URLs fetched."""
    return html_to_pdf("".join(render_html(rows, info, for_pdf=True)))


def html_to_pdf(html_text: str) -> bytes:
    """WeasyPrint alone, on the register's HTML (the benchmark measures it apart)."""
    import weasyprint  # heavy: only when a PDF is really made

    # The texts are the users': no file or network access may be smuggled in through them.
    fetcher = weasyprint.URLFetcher(allowed_protocols=["data"])
    document = weasyprint.HTML(string=html_text, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf()
    return pdf


def write_pdf(rows: Sequence[RegisterRow], info: RegisterInfo, target: IO[bytes]) -> int:
    target.write(render_pdf(rows, info))
    return len(rows)


# --------------------------------------------------------------------------- one call


def _atomic_target(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


def export(rows: Sequence[RegisterRow], info: RegisterInfo, fmt: Format, path: Path) -> int:
    """Write the register to ``path`` in ``fmt``; returns the row count.

    Written to a temporary name beside ``path`` and renamed: a failure leaves no half file.

    :raises InputError: the file cannot be written.
    """
    if fmt not in FORMATS:
        raise InputError("--format", f"'{fmt}': salah satu / one of {', '.join(FORMATS)}")
    tmp = _atomic_target(path)
    try:
        if fmt == "csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as text:
                count = write_csv(rows, text)
        elif fmt == "html":
            with tmp.open("w", encoding="utf-8", newline="\n") as text:
                count = write_html(rows, info, text)
        elif fmt == "xlsx":
            with tmp.open("wb") as binary:
                count = write_xlsx(rows, info, binary)
        else:
            pdf = render_pdf(rows, info)
            with tmp.open("wb") as binary:
                binary.write(pdf)
            count = len(rows)
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(
            str(path), f"tidak dapat ditulis / cannot be written: {exc.strerror or exc}"
        ) from None
    finally:
        tmp.unlink(missing_ok=True)
    return count
