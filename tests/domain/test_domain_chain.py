"""The one chain check (:class:`ujikon.domain.events.ChainChecker`), rule by rule: what
``audit verify`` (the database's rows) and ``audit verify-pack`` (a pack's lines) both
report, checked here on plain events with no store and no pack around them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ujikon.canonical import canonical_json
from ujikon.domain.events import (
    CHAIN_REASONS,
    GENESIS_HASH,
    ChainBreak,
    ChainChecker,
    event_hash,
    format_utc,
)

T0 = datetime(2026, 11, 25, 1, 0, 0, tzinfo=UTC)


def chain(count: int, first_prev: str = GENESIS_HASH) -> list[dict[str, Any]]:
    """``count`` events linked from ``first_prev``, as a store or a pack holds them."""
    events: list[dict[str, Any]] = []
    prev = first_prev
    for seq in range(1, count + 1):
        event: dict[str, Any] = {
            "seq": seq,
            "subject": f"case:UK-2026-000{seq % 2 + 1}/1",
            "subject_version": (seq + 1) // 2,
            "action": "case.identified",
            "actor": "siti",
            "role": "officer",
            "payload": {"n": seq, "catatan": "lampiran 2"},
            "payload_version": 1,
            "prev_hash": prev,
        }
        moment = T0 + timedelta(seconds=seq)
        event["hash"] = event_hash(recorded_at=moment, **event)
        event["recorded_at"] = format_utc(moment)
        events.append(event)
        prev = event["hash"]
    return events


def rehashed(event: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """``event`` edited and its own hash recomputed, as a careful forger would."""
    edited = {**event, **changes}
    fields = {k: v for k, v in edited.items() if k not in ("hash", "recorded_at")}
    moment = datetime.fromisoformat(edited["recorded_at"])
    return {**edited, "hash": event_hash(recorded_at=moment, **fields)}


def walk(events: list[dict[str, Any]]) -> tuple[ChainChecker, ChainBreak | None]:
    """Feed ``events`` in order; the checker and the first break it returned."""
    checker = ChainChecker()
    first: ChainBreak | None = None
    for event in events:
        broken = checker.check(**event)
        first = first or broken
    return checker, first


def test_an_intact_chain_passes_and_ends_at_its_last_hash() -> None:
    events = chain(5)
    checker, broken = walk(events)
    assert broken is None and checker.broken is None
    assert (checker.count, checker.last_hash) == (5, events[-1]["hash"])
    assert checker.check_head(5, events[-1]["hash"]) is None


def test_an_empty_chain_has_the_genesis_head() -> None:
    checker = ChainChecker()
    assert (checker.count, checker.last_hash) == (0, GENESIS_HASH)
    assert checker.check_head(0, GENESIS_HASH) is None


def test_an_edited_event_no_longer_hashes_to_its_hash() -> None:
    events = chain(5)
    events[2]["payload"] = {**events[2]["payload"], "n": 99}
    checker, broken = walk(events)
    assert broken is not None
    assert (broken.rule, broken.seq, broken.found) == ("hash_mismatch", 3, events[2]["hash"])
    assert broken.expected != events[2]["hash"]
    assert broken.reason == CHAIN_REASONS["hash_mismatch"]
    assert (checker.count, checker.last_hash) == (2, events[1]["hash"])


def test_a_dropped_event_is_a_gap_at_its_number() -> None:
    events = chain(5)
    del events[2]
    _, broken = walk(events)
    assert broken is not None
    assert (broken.rule, broken.seq, broken.found, broken.expected) == ("gap", 3, 4, 3)


def test_two_swapped_events_are_a_gap_at_the_first_of_them() -> None:
    events = chain(5)
    events[2], events[3] = events[3], events[2]
    _, broken = walk(events)
    assert broken is not None
    assert (broken.rule, broken.seq, broken.found, broken.expected) == ("gap", 3, 4, 3)


def test_a_repeated_event_is_a_gap_too() -> None:
    events = chain(4)
    events.insert(3, events[2])
    _, broken = walk(events)
    assert broken is not None
    assert (broken.rule, broken.seq, broken.found, broken.expected) == ("gap", 4, 3, 4)


@pytest.mark.parametrize("written", ["2", 2.0])
def test_a_seq_that_is_not_an_integer_is_a_gap(written: object) -> None:
    events = chain(3)
    events[1]["seq"] = written
    _, broken = walk(events)
    assert broken is not None
    assert (broken.rule, broken.seq, broken.found) == ("gap", 2, written)


def test_an_edited_event_rehashed_breaks_the_next_link() -> None:
    events = chain(5)
    events[1] = rehashed(events[1], payload={"n": 99})
    checker, broken = walk(events)
    assert broken is not None
    assert (broken.rule, broken.seq) == ("broken_link", 3)
    assert (broken.found, broken.expected) == (events[2]["prev_hash"], events[1]["hash"])
    assert checker.count == 2, "the rehashed event itself holds; the one after it does not"


def test_the_first_event_must_link_to_genesis() -> None:
    events = chain(3, first_prev="1" * 64)
    _, broken = walk(events)
    assert broken is not None
    assert (broken.rule, broken.seq, broken.found, broken.expected) == (
        "broken_link",
        1,
        "1" * 64,
        GENESIS_HASH,
    )


@pytest.mark.parametrize(
    ("head_seq", "first_bad"),
    [
        (4, 4),  # the last event replaced: the same seq, another hash
        (5, 5),  # the head names an event beyond the last (events cut at the end)
        (3, 4),  # the head is behind the last event (events added past it)
    ],
)
def test_a_head_that_does_not_name_the_last_event(head_seq: int, first_bad: int) -> None:
    events = chain(5)
    checker, _ = walk(events[:4])
    head_hash = "2" * 64 if head_seq == 4 else events[head_seq - 1]["hash"]
    broken = checker.check_head(head_seq, head_hash)
    assert broken is not None
    assert (broken.rule, broken.seq) == ("head_mismatch", first_bad)
    assert (broken.found, broken.expected) == ((head_seq, head_hash), (4, events[3]["hash"]))
    assert broken.reason == CHAIN_REASONS["head_mismatch"]


def test_no_head_at_all_does_not_name_the_last_event() -> None:
    checker, _ = walk(chain(2))
    broken = checker.check_head(None, None)
    assert broken is not None
    assert (broken.rule, broken.seq, broken.found) == ("head_mismatch", 3, None)


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"recorded_at": "kemarin"}, "recorded_at tidak terbaca / unreadable: 'kemarin'"),
        ({"recorded_at": 17}, "recorded_at tidak terbaca / unreadable: 17"),
        (
            {"recorded_at": "2026-11-25T01:00:02.000000"},
            "recorded_at tidak terbaca / unreadable: '2026-11-25T01:00:02.000000'",
        ),
        (
            {"recorded_at": "2026-11-25T01:00:02Z"},
            "recorded_at bukan bentuk baku / not in canonical form: '2026-11-25T01:00:02Z'",
        ),
        ({"payload": [1, 2]}, "payload bukan objek JSON / payload is not a JSON object"),
        ({"payload": {"x": float("nan")}}, "tidak dapat di-hash / cannot be hashed"),
    ],
)
def test_fields_no_hash_can_be_computed_from_are_a_hash_mismatch(
    changes: dict[str, Any], why: str
) -> None:
    events = chain(3)
    events[1] = {**events[1], **changes}
    _, broken = walk(events)
    assert broken is not None
    assert (broken.rule, broken.seq, broken.expected) == ("hash_mismatch", 2, None)
    assert broken.why.startswith(why)


def test_a_payload_given_as_stored_json_text_is_decoded_first() -> None:
    events = chain(3)
    checker = ChainChecker()
    for event in events[:2]:
        text = canonical_json(event["payload"])
        fields = {k: v for k, v in event.items() if k != "payload"}
        assert checker.check(payload_json=text, **fields) is None
    fields = {k: v for k, v in events[2].items() if k != "payload"}
    broken = checker.check(payload_json="{tidak json", **fields)
    assert broken is not None
    assert (broken.rule, broken.seq, broken.why) == (
        "hash_mismatch",
        3,
        "payload bukan JSON / payload is not JSON",
    )


def test_after_the_first_break_nothing_more_is_checked() -> None:
    events = chain(5)
    del events[1]
    checker = ChainChecker()
    results = [checker.check(**event) for event in events]
    assert results[0] is None and results[1] is not None
    assert results[2:] == [None, None], "only the first break is reported"
    assert checker.broken == results[1] and checker.count == 1
    assert checker.check_head(5, events[-1]["hash"]) is None
