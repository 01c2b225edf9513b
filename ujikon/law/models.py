"""The statute catalogue as frozen dataclasses.

The catalogue itself is data (``law/data/*.yaml``); these classes are its schema, read
strictly by :mod:`ujikon.law.schema` (a field's type hint is what the YAML must hold there;
``pattern`` in a field's metadata is a regular expression its text must match).
Every ground of UU 14/2008 Pasal 17 is a :class:`Ground`; letters that the statute
splits into numbered items (a, c, e, f, h) are a :class:`Letter` whose ``items``
name the citable grounds, and the letter alone is not citable.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "Catalogue",
    "DocumentCategory",
    "Ground",
    "InformationKind",
    "InformationKinds",
    "Letter",
    "PeriodRule",
]


@dataclass(frozen=True, kw_only=True)
class PeriodRule:
    """How long an exemption on a ground may last (UU 14/2008 Pasal 20; PP 61/2010)."""

    permanent_allowed: bool
    """True only where the law lets the exemption stand without end (17g–17j)."""
    end_required: bool
    """True for 17a–17f: the conclusion must give an end date or an end condition."""
    ceiling_years: int | None = None
    """The longest period the regulation allows, in years; ``None`` where it sets none."""
    source: str
    """Where the rule comes from, e.g. ``UU 14/2008 Pasal 20 ayat (1); PP 61/2010 Pasal 5``."""
    note_id: str = ""
    note_en: str = ""


@dataclass(frozen=True, kw_only=True)
class Ground:
    """One citable exception ground, e.g. ``17h2`` (or an unnumbered letter, ``17b``)."""

    id: str = field(metadata={"pattern": r"17[a-j][0-9]?"})
    letter: str = field(metadata={"pattern": r"[a-j]"})
    item: int | None = None
    article: str
    """Full citation, e.g. ``UU 14/2008 Pasal 17 huruf h angka 2``."""
    label_id: str
    label_en: str
    needs_statute: bool = False
    """17j: the citation must name the Undang-Undang that forbids disclosure."""
    consent_lifts: bool = False
    """17g/17h: written consent or a public office lifts the ground (Pasal 18(2))."""
    period: PeriodRule


@dataclass(frozen=True, kw_only=True)
class Letter:
    """A letter of Pasal 17 (``17a`` … ``17j``) with the harm it protects against."""

    id: str = field(metadata={"pattern": r"17[a-j]"})
    article: str
    label_id: str
    label_en: str
    items: tuple[str, ...] = ()
    """The ids of its numbered items; empty when the letter itself is citable."""


@dataclass(frozen=True, kw_only=True)
class DocumentCategory:
    """A kind of information the law treats specially (Pasal 11(1), 18(1))."""

    id: str
    article: str
    label_id: str
    label_en: str


@dataclass(frozen=True, kw_only=True)
class InformationKind:
    """A kind of information and the letters of Pasal 17 that can plausibly protect it
    (``law/data/kinds.yaml``): advice for the officer, never a refusal."""

    id: str
    label_id: str
    patterns: tuple[str, ...]
    """Regular expressions over the text as :func:`plain_text` gives it."""
    letters: tuple[str, ...]
    """Letters (``a`` … ``j``) that fit; empty when the law wants the kind open."""
    reason_id: str

    def matches(self, text: str) -> bool:
        plain = plain_text(text)
        return any(re.search(pattern, plain) for pattern in self.patterns)


@dataclass(frozen=True, kw_only=True)
class InformationKinds:
    """The table of :class:`InformationKind`, as ``law/data/kinds.yaml`` holds it."""

    version: str
    kinds: tuple[InformationKind, ...]


_WORD = re.compile(r"[^\W_]+")


def plain_text(text: str) -> str:
    """Lower case, accents dropped, punctuation as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(plain))


@dataclass(frozen=True, kw_only=True)
class Catalogue:
    """The whole catalogue, as loaded and validated at start."""

    version: str
    """Recorded in every case so a decision says which catalogue it used."""
    statute: str
    letters: tuple[Letter, ...]
    grounds: tuple[Ground, ...]
    never_exemptible: tuple[DocumentCategory, ...]
    """Pasal 18(1) and Pasal 11(2): never exempt information."""
    always_available: tuple[DocumentCategory, ...]
    """Pasal 11(1): must be available at all times; parts may still be exempt."""
    information_kinds: tuple[InformationKind, ...] = field(default=(), compare=False)
    """Kinds of information and the letters that fit them (``kinds.yaml``, advice only;
    not part of the statute's catalogue, so not compared and not in its version)."""

    def kinds_of(self, text: str) -> list[InformationKind]:
        """The kinds of information ``text`` reads as, in the table's order."""
        return [kind for kind in self.information_kinds if kind.matches(text)]

    def ground(self, ground_id: str) -> Ground | None:
        """The ground with this id (already normalised), or ``None``."""
        for g in self.grounds:
            if g.id == ground_id:
                return g
        return None

    def letter(self, letter_id: str) -> Letter | None:
        """The letter with this id (``17h``), or ``None``."""
        for letter in self.letters:
            if letter.id == letter_id:
                return letter
        return None

    def category(self, category_id: str) -> DocumentCategory | None:
        """A Pasal 18(1)/11(2) or Pasal 11(1) category by id, or ``None``."""
        for c in (*self.never_exemptible, *self.always_available):
            if c.id == category_id:
                return c
        return None

    def is_never_exemptible(self, category_id: str) -> bool:
        return any(c.id == category_id for c in self.never_exemptible)

    def is_always_available(self, category_id: str) -> bool:
        return any(c.id == category_id for c in self.always_available)
