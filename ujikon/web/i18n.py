"""The interface language: Bahasa Indonesia first, English on request.

Texts stay beside each other where they are used (``t("Simpan", "Save")`` in a
template), so a translator sees both and no key can go missing. The choice is a
cookie set by ``/lang/{code}``; Indonesian is the default.
"""

from __future__ import annotations

from datetime import date, datetime

from ujikon.dates import MONTHS_EN, MONTHS_ID, format_date_en, format_date_id, format_time_wib

__all__ = ["LANGUAGES", "LANG_COOKIE", "format_date", "format_moment", "pick"]

LANG_COOKIE = "ujikon_lang"
LANGUAGES = ("id", "en")


def pick(lang: str, text_id: str, text_en: str) -> str:
    """The text in ``lang`` (``id`` unless it is ``en``)."""
    return text_en if lang == "en" else text_id


def _english_months(text: str) -> str:
    for indonesian, english in zip(MONTHS_ID, MONTHS_EN, strict=True):
        text = text.replace(f" {indonesian} ", f" {english} ")
    return text


def format_date(value: date | datetime | str | None, lang: str = "id") -> str:
    """``25 November 2026`` (a moment is first moved to WIB); English month names for
    ``en``; ``-`` for nothing."""
    return format_date_en(value) if lang == "en" else format_date_id(value)


def format_moment(value: datetime | str | None, lang: str = "id") -> str:
    """A stored moment shown in WIB: ``25 November 2026 14.05 WIB``."""
    text = format_time_wib(value)
    return _english_months(text) if lang == "en" else text
