"""Canonical JSON: the one byte form that hashes and signatures are computed over.

Keys sorted, no insignificant white space, UTF-8 without escaping non-ASCII text,
no NaN or infinities. Two equal values always give the same bytes, so a hash
computed today can be recomputed by an auditor tomorrow with any JSON library
that follows the same four rules.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

__all__ = ["canonical_json", "sha256_file_hex", "sha256_hex"]


def canonical_json(value: Any) -> str:
    """Return ``value`` as canonical JSON text."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def sha256_hex(text: str) -> str:
    """SHA-256 of ``text`` encoded as UTF-8, as 64 lower-case hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_file_hex(data: bytes) -> str:
    """SHA-256 of raw bytes (a PDF, a pack member), as 64 lower-case hex digits."""
    return hashlib.sha256(data).hexdigest()
