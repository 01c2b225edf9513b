"""Old event payloads are upcast on read, never rewritten in the log.

Each change to a payload's schema bumps the event's ``payload_version`` and adds a
function ``(payload) -> payload`` that lifts version N to N+1 here. Version 1 is the
first; nothing needs lifting yet, but the path every read takes is already this one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["CURRENT_VERSION", "UPCASTERS", "upcast"]

Payload = dict[str, Any]

CURRENT_VERSION: dict[str, int] = {}
"""Actions whose payload is past version 1, with their current version."""

UPCASTERS: dict[tuple[str, int], Callable[[Payload], Payload]] = {}
"""(action, from_version) -> function lifting the payload to from_version + 1."""


def upcast(action: str, version: int, payload: Payload) -> Payload:
    """``payload`` of ``action`` stored at ``version``, lifted to the current version."""
    target = CURRENT_VERSION.get(action, 1)
    if version > target:
        raise ValueError(
            f"{action} payload version {version} is newer than this ujikon understands ({target})"
        )
    while version < target:
        payload = UPCASTERS[(action, version)](payload)
        version += 1
    return payload
