"""Dates and times as Indonesian documents write them.

Stored times are UTC; they are shown in WIB (Asia/Jakarta) unless a body says
otherwise: ``25 November 2026``, ``25 November 2026 09.14 WIB``.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

__all__ = [
    "MONTHS_EN",
    "MONTHS_ID",
    "WIB",
    "format_date_en",
    "format_date_id",
    "format_time_wib",
]

WIB = ZoneInfo("Asia/Jakarta")

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date_en(value: date | datetime | str | None) -> str:
    """The same date with English month names: ``25 November 2026`` (``-`` for none)."""
    text = format_date_id(value)
    for indonesian, english in zip(MONTHS_ID, MONTHS_EN, strict=True):
        text = text.replace(f" {indonesian} ", f" {english} ")
    return text


def format_date_id(value: date | datetime | str | None) -> str:
    """A date as written in Indonesian documents: ``25 November 2026``.

    A ``datetime`` is first moved to WIB; an ISO text is parsed; ``None`` gives ``-``.
    """
    if value is None or value == "":
        return "-"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.astimezone(WIB).date() if value.tzinfo else value.date()
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def format_time_wib(moment: datetime | str | None) -> str:
    """A stored (UTC) time shown in WIB: ``25 November 2026 18.57 WIB``."""
    if moment is None or moment == "":
        return "-"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    local = moment.astimezone(WIB)
    return f"{format_date_id(local.date())} {local:%H.%M} WIB"
