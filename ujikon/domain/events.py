"""Events: the only thing that changes state, and the source of truth.

A decision produces :class:`NewEvent` records; the store gives each its place in
the log (global ``seq``, the subject's ``subject_version``) and links it into the
hash chain, returning :class:`StoredEvent`. The hash covers every field but itself,
in canonical JSON (:func:`event_hash_input`), so an auditor can recompute it
without ujikon.

:class:`ChainChecker` is the one check of that chain, wherever the events come from
(the database's rows for ``audit verify``, the lines of an evidence pack's
``events.jsonl`` for ``audit verify-pack``): fed the events in order, it names the
first that breaks a rule (:data:`ChainRule`), in the words of :data:`CHAIN_REASONS`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ujikon.canonical import canonical_json, sha256_hex

__all__ = [
    "CHAIN_REASONS",
    "GENESIS_HASH",
    "REASON_BROKEN_LINK",
    "REASON_GAP",
    "REASON_HASH_MISMATCH",
    "REASON_HEAD_MISMATCH",
    "ChainBreak",
    "ChainChecker",
    "ChainRule",
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


# --------------------------------------------------------------------------- the chain check

ChainRule = Literal["gap", "broken_link", "hash_mismatch", "head_mismatch"]
"""The rules of the chain, as the problem codes of ``audit verify`` name them: ``seq``
runs from 1 without a gap, each ``prev_hash`` is the hash of the event before (the
first's is :data:`GENESIS_HASH`), each ``hash`` recomputes, the head names the last."""

REASON_HASH_MISMATCH = "hash tidak cocok / hash mismatch"
REASON_GAP = "urutan terputus / gap in sequence"
REASON_BROKEN_LINK = "prev_hash tidak menunjuk ke event sebelumnya / broken link"
REASON_HEAD_MISMATCH = (
    "kepala rantai tidak cocok dengan event terakhir / chain head does not match the last event"
)

CHAIN_REASONS: dict[ChainRule, str] = {
    "gap": REASON_GAP,
    "broken_link": REASON_BROKEN_LINK,
    "hash_mismatch": REASON_HASH_MISMATCH,
    "head_mismatch": REASON_HEAD_MISMATCH,
}
"""Each rule's words, Indonesian then English: the start of every message about it."""


@dataclass(frozen=True)
class ChainBreak:
    """The first place the chain does not hold, and the two values that differ.

    ``seq`` is where it breaks: for a ``gap`` the number that should have come next,
    for a ``head_mismatch`` the first seq the head and the events disagree on, else the
    event's own. ``found`` is what the event (or the head) says, ``expected`` what the
    events before it give: the seqs (gap), the ``prev_hash`` and the hash before
    (broken_link), the stored and the recomputed hash (hash_mismatch; ``expected`` is
    ``None`` and ``why`` says why when no hash can be computed from the fields), the
    head's and the last event's ``(seq, hash)`` (head_mismatch; ``found`` is ``None``
    when there is no head).
    """

    rule: ChainRule
    seq: int
    found: object
    expected: object
    why: str = ""

    @property
    def reason(self) -> str:
        return CHAIN_REASONS[self.rule]


_NO_PAYLOAD = object()


class ChainChecker:
    """Checks events one after the other, as they come, against the rules of
    :data:`ChainRule`; memory stays constant however long the chain.

    :meth:`check` each event in order, then :meth:`check_head` with the head the log
    keeps. The first break is kept in :attr:`broken`; once broken, the checker checks
    nothing more (the events after a break cannot be trusted to mean anything).
    """

    def __init__(self) -> None:
        self.count = 0
        """How many events passed."""
        self.last_hash = GENESIS_HASH
        """The hash of the last event that passed (:data:`GENESIS_HASH` before any)."""
        self.broken: ChainBreak | None = None

    @property
    def expected_seq(self) -> int:
        return self.count + 1

    def check(
        self,
        *,
        seq: object,
        subject: object,
        subject_version: object,
        action: object,
        actor: object,
        role: object,
        recorded_at: object,
        payload_version: object,
        prev_hash: object,
        hash: object,
        payload: object = _NO_PAYLOAD,
        payload_json: str | None = None,
    ) -> ChainBreak | None:
        """Check the next event: its ``seq`` follows the last, its ``prev_hash`` is the
        last hash, its ``hash`` recomputes from the fields. Returns the break it makes
        (kept in :attr:`broken`), ``None`` when it holds or the chain broke before.

        The fields are given as stored, not trusted to have their types: ``recorded_at``
        the text (which must be the one form :func:`format_utc` writes), the payload
        either decoded (``payload``) or as JSON text (``payload_json``); it must be a
        JSON object.
        """
        if self.broken is not None:
            return None
        expected = self.expected_seq
        if not isinstance(seq, int) or seq != expected:
            return self._break("gap", expected, seq, expected)
        if prev_hash != self.last_hash:
            return self._break("broken_link", seq, prev_hash, self.last_hash)
        digest, why = _recompute(
            seq=seq,
            subject=subject,
            subject_version=subject_version,
            action=action,
            actor=actor,
            role=role,
            recorded_at=recorded_at,
            payload=payload,
            payload_json=payload_json,
            payload_version=payload_version,
            prev_hash=prev_hash,
        )
        if digest is None or digest != hash:
            return self._break("hash_mismatch", seq, hash, digest, why)
        self.count = seq
        self.last_hash = digest
        return None

    def check_head(self, seq: int | None, hash: str | None) -> ChainBreak | None:
        """Check the head the log keeps (``None``: it keeps none) names the last event
        that passed; ``None`` when it does or the chain broke before."""
        if self.broken is not None:
            return None
        last = (self.count, self.last_hash)
        if seq is None:
            return self._break("head_mismatch", self.count + 1, None, last)
        if (seq, hash) != last:
            # Events missing at the end, events beyond the head, or the last one replaced.
            first = self.count if seq == self.count else min(seq, self.count) + 1
            return self._break("head_mismatch", first, (seq, hash), last)
        return None

    def _break(
        self, rule: ChainRule, seq: int, found: object, expected: object, why: str = ""
    ) -> ChainBreak:
        self.broken = ChainBreak(rule, seq, found, expected, why)
        return self.broken


def _recompute(
    *, recorded_at: object, payload: object, payload_json: str | None, **fields: Any
) -> tuple[str | None, str]:
    """The hash the fields give, or ``None`` and why they cannot give one."""
    try:
        if not isinstance(recorded_at, str):
            raise ValueError(recorded_at)
        moment = datetime.fromisoformat(recorded_at)
        if moment.tzinfo is None:
            raise ValueError(recorded_at)
    except ValueError:
        return None, f"recorded_at tidak terbaca / unreadable: {recorded_at!r}"
    # The hash input is built once: its time is the one text form, compared with the
    # text given; its payload is filled in once the payload is known to be an object.
    hashed = event_hash_input(recorded_at=moment, payload={}, **fields)
    if hashed["recorded_at"] != recorded_at:
        return None, f"recorded_at bukan bentuk baku / not in canonical form: {recorded_at!r}"
    if payload_json is not None:
        try:
            payload = json.loads(payload_json)
        except ValueError:
            return None, "payload bukan JSON / payload is not JSON"
    if not isinstance(payload, dict):
        return None, "payload bukan objek JSON / payload is not a JSON object"
    hashed["payload"] = payload
    try:
        return sha256_hex(canonical_json(hashed)), ""
    except (TypeError, ValueError) as exc:
        return None, f"tidak dapat di-hash / cannot be hashed: {exc}"
