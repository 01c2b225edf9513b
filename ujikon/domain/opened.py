"""Information opened by a ruling, and how a new test recognises it (UU 14/2008 Pasal
11(2), 18(1)).

Once the Atasan PPID (on an objection), the Komisi Informasi or a court has opened
information, it is public information that must be provided: no later test may exempt
it again. A later case is about *the same information* when it names the same document
and the same information in it:

* the same document: the same document number when both cases give one; otherwise the
  same title and date (compared without case, punctuation or extra spaces);
* the same information: the same words, or nearly (a similarity of at least
  :data:`SIMILAR_ENOUGH`, so that a reworded copy is caught; a genuinely different
  part of the document is not).

Pure: the service hands the overturned cases in; nothing here reads the log.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ujikon.domain import payloads as p

__all__ = ["SIMILAR_ENOUGH", "OpenedInformation", "find_same_information", "same_information"]

SIMILAR_ENOUGH = 0.85
"""How alike two statements of the information must be to count as the same."""

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True)
class OpenedInformation:
    """What a ruling opened: the overturned case's identification and the ruling."""

    case_ref: str
    identification: p.Identify
    authority: p.Authority
    ruling_reference: str
    ruling_date: date


def _words(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def _same_document(a: p.Document, b: p.Document) -> bool:
    if a.reference.strip() and b.reference.strip():
        return _words(a.reference) == _words(b.reference)
    return _words(a.title) == _words(b.title) and a.dated == b.dated


def same_information(a: p.Identify, b: p.Identify) -> bool:
    """Whether ``a`` and ``b`` name the same information in the same document."""
    if not _same_document(a.document, b.document):
        return False
    x, y = _words(a.information), _words(b.information)
    return x == y or difflib.SequenceMatcher(None, x, y).ratio() >= SIMILAR_ENOUGH


def find_same_information(
    identification: p.Identify, opened: Iterable[OpenedInformation]
) -> OpenedInformation | None:
    """The first ruling in ``opened`` that opened the information ``identification`` names."""
    return next((o for o in opened if same_information(identification, o.identification)), None)
