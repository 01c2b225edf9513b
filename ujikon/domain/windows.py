"""The windows in which an exemption period ends: "within 30 days", "within 31-90 days".

One classification for everything that lists ending periods: the lifecycle's listing
(:mod:`ujikon.service.lifecycle`), the register's rows and its ``--ending-within``
filter (:mod:`ujikon.service.register`) and the dashboard. Counted in days from the day
asked for to the period's last day (0: that day is the last day). Pure: no I/O.
"""

from __future__ import annotations

__all__ = ["WINDOWS", "WINDOW_BOUNDS", "window_of"]

WINDOWS: tuple[int, int] = (30, 90)
"""The look-ahead of the listing, in days: "within 30 days", then "within 31 to 90 days"."""

WINDOW_BOUNDS: tuple[tuple[int, int], ...] = tuple(
    (0 if i == 0 else WINDOWS[i - 1] + 1, last) for i, last in enumerate(WINDOWS)
)
"""The windows as ``(first, last)`` days from the day asked for: ``((0, 30), (31, 90))``."""


def window_of(days_left: int | None) -> tuple[int, int] | None:
    """The window of :data:`WINDOW_BOUNDS` a last day ``days_left`` days after the day
    asked for falls in: ``(0, 30)`` (0: that day is the last day), ``(31, 90)``, or
    ``None`` (no end date, already ended, or later than the last window)."""
    if days_left is None or days_left < 0:
        return None
    for first, last in WINDOW_BOUNDS:
        if first <= days_left <= last:
            return (first, last)
    return None
