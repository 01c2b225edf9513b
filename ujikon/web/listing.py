"""One page of a long list: sorted by one of its columns, 50 rows a page, and the links
that keep the list's search and filters when the user sorts or turns the page.

The case list, the review queue and the register page share it; each route names its
columns (a key function per sortable column) and the query parameters a link keeps.
Sorting is stable: rows that tie on the column keep the list's own order (``tiebreak``),
in either direction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

__all__ = ["PAGE_SIZE", "Paging", "listed"]

PAGE_SIZE = 50
"""Rows per page of a list."""

T = TypeVar("T")


@dataclass(frozen=True)
class Paging:
    """What a list page says of itself: which page of how many, the sort, and the query
    every link of the page keeps (search and filters)."""

    page: int
    pages: int
    total: int
    sort: str
    order: str
    """``asc`` or ``desc``."""
    keys: tuple[str, ...] = ()
    """The columns the list sorts by."""
    descending_first: frozenset[str] = frozenset()
    """The columns whose first click sorts newest or largest first."""
    query: Mapping[str, str] = field(default_factory=dict)
    """The search and filters of the page (empty values are left out of links)."""

    def aria_sort(self, key: str) -> str:
        """``ascending``/``descending`` for the column the list is sorted by, else ``""``."""
        if key != self.sort:
            return ""
        return "ascending" if self.order == "asc" else "descending"

    def _href(self, **changes: str | int) -> str:
        values: dict[str, str | int] = {k: v for k, v in self.query.items() if v}
        values.update(sort=self.sort, order=self.order)
        values.update(changes)
        return "?" + urlencode(values)

    def sort_href(self, key: str) -> str:
        """The link of a column's header: the other direction when the list is sorted by
        it, else its first direction; back to the first page, with the search kept."""
        if key == self.sort:
            order = "asc" if self.order == "desc" else "desc"
        else:
            order = "desc" if key in self.descending_first else "asc"
        return self._href(sort=key, order=order)

    def page_href(self, number: int) -> str:
        """The link to page ``number`` with the same search and sort."""
        return self._href(page=number)


def listed(
    rows: Sequence[T],
    sorts: Mapping[str, Callable[[T], Any]],
    sort: str,
    order: str,
    number: int,
    *,
    default: str,
    tiebreak: Callable[[T], Any] | None = None,
    descending_first: frozenset[str] = frozenset(),
    query: Mapping[str, str] | None = None,
    size: int = PAGE_SIZE,
) -> tuple[list[T], Paging]:
    """Page ``number`` of ``rows`` sorted by ``sort`` (a key of ``sorts``; ``default``
    when it is none) in ``order`` (``asc``/``desc``; without one, the column's first
    direction). A page number past the last shows the last page."""
    if sort not in sorts:
        sort = default
    if order not in ("asc", "desc"):
        order = "desc" if sort in descending_first else "asc"
    base = sorted(rows, key=tiebreak) if tiebreak is not None else list(rows)
    ordered = sorted(base, key=sorts[sort], reverse=order == "desc")
    pages = max(1, -(-len(ordered) // size))
    number = min(max(number, 1), pages)
    shown = ordered[(number - 1) * size : number * size]
    return shown, Paging(
        page=number,
        pages=pages,
        total=len(ordered),
        sort=sort,
        order=order,
        keys=tuple(sorts),
        descending_first=descending_first,
        query=dict(query or {}),
    )
