"""Precedent search: earlier decided cases, found by their words and their grounds.

An officer about to test a document asks how the body reasoned before on the same
ground ("17h2") or about the same kind of information ("rekam medis"), and reuses
reasoning that a reviewer already approved (``ujikon case search``).

**What is searchable.** Every case revision in :data:`SEARCHABLE_STATES` (approved, set
by decree, expired, overturned): one search document per revision, keyed
``UK-2026-0001/1``, holding its document title (weighs more) and, as the body, the
owning unit, the information under test, each ground's analysis (and statute), each
harm statement, the public interests, the balance and the conclusion's reasoning. Its
tags are the grounds cited and their letters (``17h2`` and ``17h``), so a letter
finds its items. Drafts, cases in review and withdrawn cases are not searchable.

**How the index keeps in step with the log.** :func:`search_writes` (of
:mod:`ujikon.service.search_docs`, which builds the documents for the case use cases and
this search alike; its names are re-exported here) turns the case revisions a write
touches into documents to write (searchable) or keys to remove (not searchable); the
service hands them to
:meth:`~ujikon.store.api.EventLog.append` (through the writer) with the events, so they are
stored in the same transaction or not at all. A document's text and sort key (the time
of approval) are fixed once a revision is approved: what happens later (the decree, an
expiry, a ruling) changes only its state, which a search reads from the log for each
hit, never from the index. ``ujikon index rebuild`` rewrites the documents from the
log alone (:func:`case_search_doc` for every revision).

**Searching.** Each word of the query matches words that begin with it (``pajak``
finds ``pajaknya``), case and accents ignored; all words must be found. Quotes, ``*``,
``NEAR``, ``OR`` and other query syntax are plain text. Results come newest decision
first (or by relevance), each with a short snippet from the field that matched.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from ujikon.domain.access import may_read_case
from ujikon.domain.case import Case
from ujikon.domain.states import CaseState
from ujikon.errors import InputError, NotFound
from ujikon.law import Catalogue, normalise_ground_id
from ujikon.service.cases import INTERNAL, Acting, InternalRead
from ujikon.service.search_docs import (
    SEARCH_KIND,
    SEARCHABLE_STATES,
    case_search_doc,
    decided_at,
    reasoning_fields,
    search_writes,
)
from ujikon.store.api import SearchOrder

if TYPE_CHECKING:
    from ujikon.domain.roles import Actor
    from ujikon.service.cases import Service

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "SEARCHABLE_STATES",
    "SEARCH_KIND",
    "SNIPPET_WORDS",
    "Precedent",
    "PrecedentSearch",
    "case_search_doc",
    "ground_filter",
    "search_precedents",
    "search_writes",
    "snippet",
]

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
SNIPPET_WORDS = 24
"""How many words of the matching field a snippet shows."""

_WORD = re.compile(r"[^\W_]+")


# -- searching ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Precedent:
    """One decided case revision that matched, as the log has it now."""

    ref: str
    state: CaseState
    title: str
    unit: str
    grounds: tuple[str, ...]
    outcome: str | None
    decided_at: datetime
    """When the PPID Utama approved it (the order of "newest first")."""
    decree_number: str | None
    decree_date: date | None
    superseded_by: int | None
    field: str
    """Where the snippet comes from, e.g. ``harm 17h2``, ``analysis 17b``, ``title``."""
    snippet: str
    score: float


@dataclass(frozen=True)
class PrecedentSearch:
    """A search and what it found."""

    text: str
    words: tuple[str, ...]
    """The words searched for (lower case, accents dropped), at most 16."""
    ground: str | None
    order: SearchOrder
    limit: int
    precedents: tuple[Precedent, ...]
    rebuild_needed: bool
    """The index is known to lag the log (``ujikon index rebuild`` fixes it)."""


def _words(text: str) -> list[str]:
    """Words as the store indexes and searches them (see ``SqlEventLog._search_words``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return [word for word in _WORD.findall(plain) if len(word) <= 100]


def ground_filter(ground: str, catalogue: Catalogue) -> str:
    """A ground or a letter as the search filters on it (``17h2``, ``17h``).

    :raises InputError: neither a ground nor a letter of the catalogue.
    """
    key = normalise_ground_id(ground)
    if catalogue.ground(key) is None and catalogue.letter(key) is None:
        raise InputError(
            "--ground",
            f"'{ground}' bukan dasar atau huruf Pasal 17 (mis. 17h2 atau 17h; lihat "
            f"`ujikon law grounds`) / not a ground or letter of Pasal 17 (e.g. 17h2 or 17h)",
        )
    return key


def _matches(word: str, terms: tuple[str, ...]) -> bool:
    return any(w.startswith(t) for w in _words(word) for t in terms)


def snippet(fields: list[tuple[str, str]], terms: tuple[str, ...]) -> tuple[str, str]:
    """The field holding the most of the search words (the first such, in the order
    given) and about :data:`SNIPPET_WORDS` words of it around the first of them
    (``…`` where cut); the first field if no word occurs anywhere."""
    if not fields:
        return "", ""
    chosen, position, best = fields[0], 0, 0
    for name, text in fields if terms else ():
        tokens = text.split()
        hits = [i for i, tok in enumerate(tokens) if _matches(tok, terms)]
        count = len({t for tok in (tokens[i] for i in hits) for t in terms if _matches(tok, (t,))})
        if count > best:
            chosen, position, best = (name, text), hits[0], count
    name, text = chosen
    tokens = text.split()
    start = max(0, min(position - SNIPPET_WORDS // 3, len(tokens) - SNIPPET_WORDS))
    end = start + SNIPPET_WORDS
    shown = " ".join(tokens[start:end])
    return name, f"{'… ' if start > 0 else ''}{shown}{' …' if end < len(tokens) else ''}"


def _visible_hits(
    service: Service,
    words: tuple[str, ...],
    tag: str | None,
    limit: int,
    order: SearchOrder,
    who: Actor | None,
) -> list[tuple[Case, float]]:
    """The first ``limit`` hits (read back from the log) that ``who`` may read (all of
    them for ``None``, a use case reading for itself). The index knows no viewer, so for
    an officer it is asked again for more until ``limit`` are theirs or it has no more."""
    asked = limit
    while True:
        hits = service.log.search(SEARCH_KIND, list(words), tag=tag, limit=asked, order=order)
        shown: list[tuple[Case, float]] = []
        for hit in hits:
            try:
                case = service.get_case(hit.key)
            except NotFound:  # pragma: no cover - the index is written with the events
                logger.warning(
                    "search document %s has no case in the log; rebuild the index", hit.key
                )
                continue
            if who is None or may_read_case(who, case.unit):
                shown.append((case, hit.score))
                if len(shown) == limit:
                    return shown
        if len(hits) < asked:
            return shown
        asked *= 4


def search_precedents(
    service: Service,
    text: str,
    *,
    ground: str | None = None,
    limit: int = DEFAULT_LIMIT,
    order: SearchOrder = "newest",
    viewer: Acting | InternalRead = INTERNAL,
) -> PrecedentSearch:
    """Decided case revisions holding every word of ``text`` (all of them if it has
    none), only those citing ``ground`` (a letter matches its items) if given.

    Each hit is read back from the log, so its state, decree and successor are current.
    With ``viewer`` (a person), only the cases they may read (rule ``own-unit``: an
    officer, their own unit's): up to ``limit`` of those, as if the others did not exist.

    :raises InputError: an unknown ground, or ``limit`` outside 1-:data:`MAX_LIMIT`.
    :raises PermissionDenied: ``viewer`` is nobody, unknown, or may not read cases.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError("--limit", f"1-{MAX_LIMIT}, bukan / not {limit}")
    who = None if isinstance(viewer, InternalRead) else service.reader(viewer)
    tag = ground_filter(ground, service.catalogue) if ground else None
    words = tuple(dict.fromkeys(_words(text)))[:16]
    found: list[Precedent] = []
    for case, score in _visible_hits(service, words, tag, limit, order, who):
        field, shown = snippet([*reasoning_fields(case), ("title", case.title)], words)
        found.append(
            Precedent(
                ref=case.ref,
                state=case.state,
                title=case.title,
                unit=(
                    case.identification.document.owning_unit if case.identification else case.unit
                ),
                grounds=tuple(case.grounds.ground_ids()) if case.grounds else (),
                outcome=case.conclusion.outcome.value if case.conclusion else None,
                decided_at=decided_at(case),
                decree_number=case.decree.number if case.decree else None,
                decree_date=case.decree.dated if case.decree else None,
                superseded_by=case.superseded_by,
                field=field,
                snippet=shown,
                score=score,
            )
        )
    return PrecedentSearch(
        text=text,
        words=words,
        ground=tag,
        order=order,
        limit=limit,
        precedents=tuple(found),
        rebuild_needed=service.log.search_needs_rebuild(SEARCH_KIND),
    )
