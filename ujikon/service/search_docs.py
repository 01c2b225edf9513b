"""The precedent-search documents of case revisions: what a case write puts in the index.

Every case revision in :data:`SEARCHABLE_STATES` (approved, set by decree, expired,
overturned) has one search document, keyed ``UK-2026-0001/1``: its document title
(weighs more) and, as the body, its reasoning (:func:`reasoning_fields`); its tags are
the grounds cited and their letters (``17h2`` and ``17h``), so a letter finds its items.

The case use cases (:mod:`ujikon.service.cases`) write these documents in the
transaction of the events (:func:`search_writes`) and rebuild them from the log
(:func:`case_search_doc`); the search (:mod:`ujikon.service.precedents`) reads them back.
Both import this module and it imports neither, so that writing a case does not depend
on searching for one.
"""

from __future__ import annotations

from datetime import datetime

from ujikon.domain.case import Case
from ujikon.domain.events import format_utc
from ujikon.domain.states import CaseState
from ujikon.law import Catalogue
from ujikon.store.api import SearchDoc

__all__ = [
    "SEARCHABLE_STATES",
    "SEARCH_KIND",
    "case_search_doc",
    "decided_at",
    "reasoning_fields",
    "search_writes",
]

SEARCH_KIND = "case"
"""The kind of the search documents of case revisions."""

SEARCHABLE_STATES = frozenset(
    {CaseState.APPROVED, CaseState.DECREED, CaseState.EXPIRED, CaseState.OVERTURNED}
)
"""Decided revisions: approved by the PPID Utama, and every state that can follow."""


def _tags(case: Case, catalogue: Catalogue) -> tuple[str, ...]:
    tags: set[str] = set()
    for ground_id in case.grounds.ground_ids() if case.grounds else []:
        tags.add(ground_id)
        ground = catalogue.ground(ground_id)
        tags.add(f"17{ground.letter}" if ground is not None else ground_id[:3])
    return tuple(sorted(tags))


def reasoning_fields(case: Case) -> list[tuple[str, str]]:
    """The searchable reasoning of a revision as (field, text), the most reusable first."""
    fields: list[tuple[str, str]] = []
    if case.harm is not None:
        fields += [(f"harm {h.ground}", h.harm) for h in case.harm.harms]
    if case.grounds is not None:
        for cited in case.grounds.citations:
            fields.append((f"analysis {cited.ground}", cited.analysis))
            if cited.statute is not None:
                fields.append((f"statute {cited.ground}", cited.statute.cite()))
    if case.weighing is not None:
        fields.append(("balance", case.weighing.balance))
        fields += [("interest", text) for text in case.weighing.interests]
    if case.identification is not None:
        fields.append(("information", case.identification.information))
        fields.append(("unit", case.identification.document.owning_unit))
    if case.conclusion is not None:
        fields.append(("reasoning", case.conclusion.reasoning))
    return [(name, text) for name, text in fields if text]


def decided_at(case: Case) -> datetime:
    """When the PPID Utama approved the revision (its sort key: "newest first")."""
    return case.approved_at or case.updated_at


def case_search_doc(case: Case, catalogue: Catalogue) -> SearchDoc | None:
    """The search document of a case revision, or ``None`` if it is not searchable."""
    if case.state not in SEARCHABLE_STATES:
        return None
    return SearchDoc(
        kind=SEARCH_KIND,
        key=case.ref,
        title=case.title,
        body="\n".join(text for _, text in reasoning_fields(case)),
        tags=_tags(case, catalogue),
        sort_key=format_utc(decided_at(case)),
    )


def search_writes(
    cases: list[Case], catalogue: Catalogue
) -> tuple[list[SearchDoc], list[tuple[str, str]]]:
    """What a write of these case revisions does to the search index: the documents to
    write, and the (kind, key) of those to remove (a revision that is not searchable,
    e.g. an approved case just withdrawn; removing one that is absent does nothing)."""
    docs: list[SearchDoc] = []
    drops: list[tuple[str, str]] = []
    for case in cases:
        doc = case_search_doc(case, catalogue)
        if doc is None:
            drops.append((SEARCH_KIND, case.ref))
        else:
            docs.append(doc)
    return docs, drops
