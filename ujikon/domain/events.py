"""Events: the only thing that changes state, and the source of truth.

A decision produces :class:`NewEvent` records; the store gives each its place in
the log (global ``seq``, the subject's ``subject_version``) and links it into the
hash chain, returning :class:`StoredEvent`. The hash covers every field but itself,
in canonical JSON (:func:`event_hash_input`), so an auditor can recompute it
without ujikon.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ujikon.canonical import canonical_json, sha256_hex

__all__ = [
    "GENESIS_HASH",
    "NewEvent",
    "StoredEvent",
    "event_hash",
    "event_hash_input",
    "format_utc",
]

GENESIS_HASH = "0" * 64
"""The ``prev_hash`` of the first event in a log."""


def format_utc(moment: datetime) -> str:
    """``2026-11-25T04:05:06.000007Z``: the one text form of a time in the log."""
    if moment.tzinfo is None:
        raise ValueError("event times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class NewEvent(BaseModel):
    """An event decided by the domain, not yet stored."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    subject: str = Field(min_length=1, max_length=200)
    """What the event is about: ``case:UK-2026-0001/1``, ``user:siti``, ``workspace``."""
    action: str = Field(pattern=r"^[a-z_]+\.[a-z_]+$")
    """What happened, ``case.identified``."""
    actor: str
    role: str
    recorded_at: datetime
    payload: dict[str, Any]
    payload_version: int = 1
    """Schema version of ``payload``; old payloads are upcast on read, never rewritten."""

    @field_validator("recorded_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("recorded_at must be timezone-aware (UTC)")
        return value.astimezone(UTC)


class StoredEvent(NewEvent):
    """An event in the log, chained to the one before it."""

    seq: int = Field(ge=1)
    subject_version: int = Field(ge=1)
    prev_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


def event_hash_input(
    *,
    seq: int,
    subject: str,
    subject_version: int,
    action: str,
    actor: str,
    role: str,
    recorded_at: datetime,
    payload: dict[str, Any],
    payload_version: int,
    prev_hash: str,
) -> dict[str, Any]:
    """The value whose canonical JSON is hashed to give an event's ``hash``."""
    return {
        "seq": seq,
        "subject": subject,
        "subject_version": subject_version,
        "action": action,
        "actor": actor,
        "role": role,
        "recorded_at": format_utc(recorded_at),
        "payload": payload,
        "payload_version": payload_version,
        "prev_hash": prev_hash,
    }


def event_hash(**fields: Any) -> str:
    """An event's ``hash``: SHA-256 of the canonical JSON of :func:`event_hash_input`.

    Takes the same keyword arguments; the one definition every writer and verifier uses.
    """
    return sha256_hex(canonical_json(event_hash_input(**fields)))
