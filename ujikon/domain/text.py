"""Text the log can keep: every string of a payload, a profile or a user is checked once,
where the domain models are defined, so that no caller (CLI, web, API, case file) has to.

The log stores UTF-8 and hashes canonical JSON: half of a surrogate pair cannot be
encoded, and a NUL character is no character of a document, an export or a form.

Rule ``storable-text`` refuses, besides, every character that would act on whoever reads
the text rather than be read: control characters (an ESC starts a terminal escape
sequence that can clear a screen or retitle a window, a lone CR overwrites a line), the
bidirectional controls that reorder what a reader sees (U+202A–U+202E, U+2066–U+2069)
and the zero-width characters that hide text or make two names look alike (U+200B–U+200D,
U+2060, U+FEFF). Newlines and tabs stay (a reasoning has paragraphs; a CR is kept only as
part of a Windows CR LF line end). Ordinary Indonesian text — accents, typographic quotes,
dashes, emoji without joiners — is untouched.

:func:`printable` is the other side of the same list: text already stored (by an older
version, or read from anywhere else) is shown with those characters written out as
``\\x1b`` / ``\\u202e`` instead of being sent to a terminal. It lives with the list in
the leaf :mod:`ujikon.errors` (every error message goes through it) and is re-exported here.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from pydantic import BaseModel, ValidationInfo, field_validator

from ujikon.errors import BIDI_CONTROLS as _BIDI
from ujikon.errors import ZERO_WIDTH as _ZERO_WIDTH
from ujikon.errors import printable

__all__ = [
    "STORABLE_TEXT_RULE",
    "StorableModel",
    "first_unsafe",
    "printable",
    "storable_text",
]

STORABLE_TEXT_RULE = "storable-text"
"""The name of the rule, quoted in every refusal."""

_UNSAFE = re.compile(
    # C0 controls except TAB and LF; CR unless it starts a CR LF; DEL; the C1 controls
    # (U+009B is a one-character CSI on many terminals); bidi controls; zero-width.
    rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}{_ZERO_WIDTH}]|\r(?!\n)"
)

_NAMES = {
    0x00: "NUL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x9B: "CONTROL SEQUENCE INTRODUCER",
    0x9D: "OPERATING SYSTEM COMMAND",
}


def _char_name(char: str) -> str:
    code = ord(char)
    return _NAMES.get(code) or unicodedata.name(char, "") or "CONTROL CHARACTER"


def _kind(char: str) -> tuple[str, str]:
    """(Indonesian, English) words for what kind of character ``char`` is."""
    if re.fullmatch(f"[{_BIDI}]", char):
        return "kendali arah teks (bidi)", "bidirectional control"
    if re.fullmatch(f"[{_ZERO_WIDTH}]", char):
        return "tak terlihat (lebar nol)", "zero-width (invisible)"
    return "kendali", "control"


def first_unsafe(text: str) -> tuple[int, str] | None:
    """The position and the character of the first character rule ``storable-text``
    refuses in ``text`` (NUL, a control, bidi or zero-width character), or ``None``."""
    match = _UNSAFE.search(text)
    return (match.start(), text[match.start()]) if match else None


def storable_text(text: str, *, field: str | None = None) -> str:
    """``text`` if the log can store and hash it, and a reader can see it as it is.

    :param field: the field's name, to say which field in the message.
    :raises ValueError: (rule ``storable-text``) a NUL, control, bidi or zero-width
        character, or an invalid (lone surrogate) character; the message names the field,
        the character's code point and where it stands.
    """
    where = f"kolom/field '{field}': " if field else ""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"[{STORABLE_TEXT_RULE}] {where}teks memuat karakter Unicode tidak sah (surrogate "
            f"tunggal U+{ord(text[exc.start]):04X}) pada posisi {exc.start + 1} / text holds "
            f"an invalid Unicode character (an unpaired surrogate U+{ord(text[exc.start]):04X}) "
            f"at position {exc.start + 1}"
        ) from None
    found = first_unsafe(text)
    if found is not None:
        position, char = found
        kind_id, kind_en = _kind(char)
        point = f"U+{ord(char):04X} ({_char_name(char)})"
        raise ValueError(
            f"[{STORABLE_TEXT_RULE}] {where}teks memuat karakter {kind_id} {point} pada "
            f"posisi {position + 1}; hapus karakter itu / text holds the {kind_en} character "
            f"{point} at position {position + 1}; remove it"
        )
    return text


def _check(value: Any, field: str | None) -> None:
    if isinstance(value, str):
        storable_text(value, field=field)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _check(item, field)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, field)
            _check(item, field)


class StorableModel(BaseModel):
    """A model whose every text field (and every text in a list or a mapping field) is
    storable; nested models check their own fields."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any, info: ValidationInfo) -> Any:
        _check(value, info.field_name)
        return value
