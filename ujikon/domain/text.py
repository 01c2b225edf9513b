"""Text the log can keep: every string of a payload, a profile or a user is checked once,
where the domain models are defined, so that no caller (CLI, web, API, case file) has to.

The log stores UTF-8 and hashes canonical JSON: half of a surrogate pair cannot be
encoded, and a NUL character is no character of a document, an export or a form.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, field_validator

__all__ = ["StorableModel", "storable_text"]


def storable_text(text: str) -> str:
    """``text`` if the log can store and hash it.

    :raises ValueError: a NUL character, or an invalid (lone surrogate) character.
    """
    if "\x00" in text:
        raise ValueError("teks memuat karakter NUL / text holds a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(
            "teks memuat karakter Unicode tidak sah (surrogate tunggal) / text holds an invalid "
            "Unicode character (an unpaired surrogate)"
        ) from None
    return text


class StorableModel(BaseModel):
    """A model whose every text field (and every text in a list field) is storable."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        if isinstance(value, str):
            return storable_text(value)
        if isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, str):
                    storable_text(item)
        return value
