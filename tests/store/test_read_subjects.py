"""read_subjects streams events grouped by subject, each subject in order, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

from ujikon.domain.events import NewEvent
from ujikon.store import AppendBatch, SqlEventLog


def _event(subject: str, n: int) -> NewEvent:
    return NewEvent(
        subject=subject,
        action="case.noted",
        actor="siti",
        role="officer",
        recorded_at=datetime(2026, 11, 25, tzinfo=UTC),
        payload={"n": n},
    )


def test_read_subjects_groups_by_subject_across_batches(event_log: SqlEventLog) -> None:
    subjects = ["case:B/1", "case:A/1", "user:x", "case:A/2", "CASE:upper/1"]
    # Interleave: three rounds, one event per subject per round.
    for n in range(3):
        event_log.append([AppendBatch(s, n, [_event(s, n)]) for s in subjects])
    got = [(e.subject, e.subject_version) for e in event_log.read_subjects("case:", batch_size=2)]
    assert got == [
        (s, v) for s in sorted(s for s in subjects if s.startswith("case:")) for v in (1, 2, 3)
    ]
    assert [e.payload["n"] for e in event_log.read_subjects("user:")] == [0, 1, 2]
    assert list(event_log.read_subjects("none:")) == []
