"""Word-level differences between two texts, as the CLI's history and the web's diff
page show them."""

from __future__ import annotations

import difflib

__all__ = ["SIMILAR", "word_diff"]

SIMILAR = 0.5
"""Below this share of common words, one marked-up text would not read well: show the
old and the new apart instead."""


def word_diff(old: str, new: str) -> list[tuple[str, str]] | None:
    """``old`` → ``new`` as (``=``/``-``/``+``, words) runs, or ``None`` when they share
    too little (:data:`SIMILAR`) for an inline diff to read well."""
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if matcher.ratio() < SIMILAR:
        return None
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("+", " ".join(b[j1:j2])))
    return runs
