"""The event log contract, one set of tests run on every backend.

Like eventsourcing's ``AggregateRecorderTestCase``: the tests know only the
:class:`~ujikon.store.api.EventLog` protocol (plus raw SQL where they tamper with the
stored rows on purpose); the ``event_log`` fixture supplies SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from ujikon.canonical import canonical_json, sha256_hex
from ujikon.domain.events import GENESIS_HASH, NewEvent, StoredEvent, event_hash_input
from ujikon.errors import ConflictError, StoreError
from ujikon.store import AppendBatch, EventLog, IndexEntry, SqlEventLog, migrations, open_store
from ujikon.store.sql import mask_url, metadata

T0 = datetime(2026, 11, 25, 4, 5, 6, 7, tzinfo=UTC)


def new_event(subject: str, n: int = 0, action: str = "case.identified", **extra: Any) -> NewEvent:
    return NewEvent(
        subject=subject,
        action=action,
        actor="siti",
        role="officer",
        recorded_at=T0 + timedelta(seconds=n, microseconds=n),
        payload={
            "n": n,
            "teks": "Informasi yang dikecualikan — Pasal 17 huruf b, ü ✓",
            "daftar": [1, 2.5, None, True, {"z": 1, "a": [2]}],
            **extra,
        },
    )


def batch(subject: str, expected: int, count: int = 1, start: int = 0) -> AppendBatch:
    return AppendBatch(subject, expected, [new_event(subject, start + i) for i in range(count)])


def recomputed(event: StoredEvent) -> str:
    fields = event.model_dump(exclude={"hash"})
    return sha256_hex(canonical_json(event_hash_input(**fields)))


def execute(log: SqlEventLog, *statements: str) -> None:
    with log.engine.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement))


def fill(log: SqlEventLog, subjects: int = 2, each: int = 5) -> list[StoredEvent]:
    """``subjects`` × ``each`` events, interleaved one per append."""
    stored: list[StoredEvent] = []
    for round_ in range(each):
        for s in range(subjects):
            stored += log.append([batch(f"case:K-{s}", round_, start=round_)])
    return stored


class TestEventLogContract:
    """Every backend passes these."""

    def test_is_an_event_log(self, event_log: SqlEventLog) -> None:
        log: EventLog = event_log  # the protocol is satisfied (checked by mypy)
        assert log.head().seq == 0

    def test_round_trip(self, event_log: SqlEventLog) -> None:
        stored = event_log.append([batch("case:UK-2026-0001/1", 0, count=3)])
        assert [e.seq for e in stored] == [1, 2, 3]
        assert [e.subject_version for e in stored] == [1, 2, 3]
        assert stored[0].prev_hash == GENESIS_HASH
        assert [e.prev_hash for e in stored[1:]] == [e.hash for e in stored[:-1]]
        assert all(recomputed(e) == e.hash for e in stored)
        original = new_event("case:UK-2026-0001/1", 2)
        assert stored[2].payload == original.payload
        assert stored[2].recorded_at == original.recorded_at
        assert stored[2].recorded_at.tzinfo is not None

        assert event_log.read("case:UK-2026-0001/1") == stored
        assert list(event_log.read_all()) == stored
        assert event_log.head().seq == 3
        assert event_log.head().hash == stored[-1].hash

    def test_empty_append_stores_nothing(self, event_log: SqlEventLog) -> None:
        assert event_log.append([]) == []
        assert event_log.head().seq == 0
        assert event_log.read("case:none") == []

    def test_versions_per_subject(self, event_log: SqlEventLog) -> None:
        event_log.append([batch("case:A", 0, count=3), batch("case:B", 0, count=1)])
        event_log.append([batch("case:B", 1, count=2, start=5)])
        assert event_log.version("case:A") == 3
        assert event_log.version("case:B") == 3
        assert event_log.version("case:unknown") == 0
        assert [e.subject_version for e in event_log.read("case:B")] == [1, 2, 3]
        assert [e.subject_version for e in event_log.read("case:A", upto=2)] == [1, 2]
        assert event_log.read("case:A", upto=0) == []

    def test_same_subject_twice_in_one_call(self, event_log: SqlEventLog) -> None:
        event_log.append([batch("case:A", 0, count=2), batch("case:A", 2, count=1, start=2)])
        assert event_log.version("case:A") == 3
        with pytest.raises(ConflictError):
            event_log.append([batch("case:A", 3), batch("case:A", 3, start=1)])
        assert event_log.version("case:A") == 3

    def test_conflict_carries_expected_and_actual(self, event_log: SqlEventLog) -> None:
        event_log.append([batch("case:A", 0, count=2)])
        with pytest.raises(ConflictError) as caught:
            event_log.append([batch("case:A", 1, start=9)])
        assert (caught.value.subject, caught.value.expected, caught.value.actual) == (
            "case:A",
            1,
            2,
        )
        assert "case:A" in str(caught.value)
        with pytest.raises(ConflictError) as caught:
            event_log.append([batch("case:new", 1)])
        assert (caught.value.expected, caught.value.actual) == (1, 0)

    def test_batch_with_one_clash_stores_nothing(self, event_log: SqlEventLog) -> None:
        event_log.append([batch("case:B", 0)])
        head = event_log.head()
        with pytest.raises(ConflictError) as caught:
            event_log.append(
                [batch("case:A", 0, count=2), batch("case:B", 0, start=1)],
                index=[IndexEntry("case", "A", "draft")],
            )
        assert caught.value.subject == "case:B"
        assert event_log.version("case:A") == 0
        assert event_log.version("case:B") == 1
        assert event_log.head() == head
        assert event_log.index("case") == []
        assert event_log.verify_chain().ok

    def test_unique_constraint_is_the_backstop(
        self, event_log: SqlEventLog, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        event_log.append([batch("case:A", 0)])
        # Pretend the version check saw a stale value: the UNIQUE constraint must refuse.
        monkeypatch.setattr(SqlEventLog, "_subject_version", lambda self, conn, subject: 0)
        with pytest.raises(ConflictError) as caught:
            event_log.append([batch("case:A", 0, start=1)])
        monkeypatch.undo()
        assert (caught.value.expected, caught.value.actual) == (0, 1)
        assert event_log.head().seq == 1
        assert event_log.verify_chain().ok

    def test_batch_validation(self, event_log: SqlEventLog) -> None:
        with pytest.raises(ValueError):
            event_log.append([AppendBatch("case:A", 0, [new_event("case:B")])])
        with pytest.raises(ValueError):
            event_log.append([AppendBatch("case:A", -1, [new_event("case:A")])])

    def test_global_seq_is_contiguous_across_subjects(self, event_log: SqlEventLog) -> None:
        stored = fill(event_log, subjects=3, each=4)
        stored += event_log.append([batch("case:K-0", 4, count=2), batch("case:K-9", 0)])
        seqs = [e.seq for e in event_log.read_all()]
        assert seqs == list(range(1, 16))
        assert [e.seq for e in stored] == seqs
        assert [e.subject_version for e in event_log.read("case:K-0")] == [1, 2, 3, 4, 5, 6]
        assert event_log.head().seq == 15

    def test_chain_verifies(self, event_log: SqlEventLog) -> None:
        empty = event_log.verify_chain()
        assert (empty.ok, empty.events, empty.head) == (True, 0, GENESIS_HASH)
        stored = fill(event_log, subjects=3, each=3)
        report = event_log.verify_chain(batch_size=4)  # across batch boundaries too
        assert report.ok, report.reason
        assert (report.events, report.head, report.first_bad_seq) == (9, stored[-1].hash, None)

    def test_tampered_payload_is_found(self, event_log: SqlEventLog) -> None:
        fill(event_log, subjects=2, each=5)
        with event_log.engine.begin() as conn:
            conn.execute(sa.text("UPDATE events SET payload = :p WHERE seq = 4"), {"p": '{"n":99}'})
        report = event_log.verify_chain(batch_size=3)
        assert not report.ok
        assert report.first_bad_seq == 4
        assert "hash tidak cocok / hash mismatch" in report.reason
        assert report.events == 3

    def test_tampered_time_is_found(self, event_log: SqlEventLog) -> None:
        fill(event_log, subjects=2, each=3)
        execute(
            event_log,
            "UPDATE events SET recorded_at = '2026-11-25T04:05:07.000001Z' WHERE seq = 2",
        )
        report = event_log.verify_chain()
        assert (report.ok, report.first_bad_seq) == (False, 2)
        assert "hash mismatch" in report.reason

    def test_deleted_middle_event_is_found(self, event_log: SqlEventLog) -> None:
        fill(event_log, subjects=2, each=5)
        execute(event_log, "DELETE FROM events WHERE seq = 6")
        report = event_log.verify_chain()
        assert (report.ok, report.first_bad_seq) == (False, 6)
        assert "urutan terputus / gap in sequence" in report.reason

    def test_swapped_events_are_found(self, event_log: SqlEventLog) -> None:
        fill(event_log, subjects=2, each=4)
        execute(
            event_log,
            "UPDATE events SET seq = -1 WHERE seq = 3",
            "UPDATE events SET seq = 3 WHERE seq = 4",
            "UPDATE events SET seq = 4 WHERE seq = -1",
        )
        report = event_log.verify_chain()
        assert (report.ok, report.first_bad_seq) == (False, 3)
        assert "prev_hash tidak menunjuk ke event sebelumnya / broken link" in report.reason

    def test_rehashed_event_breaks_the_next_link(self, event_log: SqlEventLog) -> None:
        fill(event_log, subjects=1, each=4)
        forged = event_log.read("case:K-0")[1].model_copy(update={"payload": {"n": 99}})
        with event_log.engine.begin() as conn:
            conn.execute(
                sa.text("UPDATE events SET payload = :p, hash = :h WHERE seq = 2"),
                {"p": canonical_json(forged.payload), "h": recomputed(forged)},
            )
        report = event_log.verify_chain()
        assert (report.ok, report.first_bad_seq) == (False, 3)
        assert "broken link" in report.reason

    def test_chain_head_must_name_the_last_event(self, event_log: SqlEventLog) -> None:
        fill(event_log, subjects=1, each=4)
        execute(event_log, "DELETE FROM events WHERE seq = 4")
        report = event_log.verify_chain()
        assert (report.ok, report.first_bad_seq) == (False, 4)
        assert "chain head does not match" in report.reason

    def test_index_upsert_filter_replace(self, event_log: SqlEventLog) -> None:
        event_log.append(
            [batch("case:B", 0)],
            index=[
                IndexEntry("case", "B", "draft", {"judul": "Kontrak pengadaan", "n": 1}),
                IndexEntry("case", "A", "draft"),
                IndexEntry("decree", "188.4/012", "issued"),
            ],
        )
        assert [e.key for e in event_log.index("case")] == ["A", "B"]
        assert event_log.index("case")[1].data == {"judul": "Kontrak pengadaan", "n": 1}
        event_log.append(
            [batch("case:B", 1, start=1)],
            index=[IndexEntry("case", "B", "identified", {"n": 2})],
        )
        assert [e.key for e in event_log.index("case", state="draft")] == ["A"]
        assert event_log.index("case", state="identified") == [
            IndexEntry("case", "B", "identified", {"n": 2})
        ]
        # index rows alone, with no events, are fine too
        event_log.append([], index=[IndexEntry("case", "A", "withdrawn")])
        assert event_log.index("case", state="withdrawn")[0].key == "A"

        event_log.replace_index("case", [IndexEntry("case", "C", "draft")])
        assert [e.key for e in event_log.index("case")] == ["C"]
        assert [e.key for e in event_log.index("decree")] == ["188.4/012"]
        event_log.replace_index("case", [])
        assert event_log.index("case") == []
        with pytest.raises(ValueError):
            event_log.replace_index("case", [IndexEntry("decree", "x", "draft")])

    def test_meta(self, event_log: SqlEventLog) -> None:
        assert event_log.get_meta("workspace.name") is None
        event_log.set_meta("workspace.name", "PPID Kota Contoh")
        event_log.set_meta("workspace.name", "PPID Kabupaten Contoh")
        assert event_log.get_meta("workspace.name") == "PPID Kabupaten Contoh"

    def test_subjects_by_prefix(self, event_log: SqlEventLog) -> None:
        for subject in ["case:B", "case:A", "Case:C", "case_x", "user:siti", "case%:D"]:
            event_log.append([batch(subject, 0)])
        event_log.append([batch("case:A", 1, start=1)])
        assert event_log.subjects("case:") == ["case:A", "case:B"]
        assert event_log.subjects("case_") == ["case_x"]
        assert event_log.subjects("case%") == ["case%:D"]
        assert event_log.subjects("") == sorted(
            ["case:B", "case:A", "Case:C", "case_x", "user:siti", "case%:D"]
        )

    def test_read_all_streams_across_batches(self, event_log: SqlEventLog) -> None:
        stored = event_log.append([batch(f"case:S-{i}", 0, count=5) for i in range(5)])
        assert [e.seq for e in event_log.read_all(batch_size=7)] == list(range(1, 26))
        assert list(event_log.read_all(after_seq=10, batch_size=7)) == stored[10:]
        assert list(event_log.read_all(after_seq=25)) == []

        selects: list[str] = []

        def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if "FROM events" in statement:
                selects.append(statement)

        sa.event.listen(event_log.engine, "before_cursor_execute", count)
        try:
            stream = event_log.read_all(batch_size=7)
            assert next(stream).seq == 1
            assert len(selects) == 1  # lazily: one batch read so far
            assert [e.seq for e in stream][-1] == 25
            assert len(selects) == 4  # 7 + 7 + 7 + 4
        finally:
            sa.event.remove(event_log.engine, "before_cursor_execute", count)
        with pytest.raises(ValueError):
            next(event_log.read_all(batch_size=0))

    def test_schema_matches_the_tables_in_code(self, event_log: SqlEventLog) -> None:
        with event_log.engine.connect() as conn:
            # The search index (migration 0002) is dialect-specific DDL outside `metadata`.
            context = MigrationContext.configure(
                conn, opts={"include_name": SqlEventLog.include_in_autogenerate}
            )
            diffs = compare_metadata(context, metadata)
        assert diffs == []

    def test_init_is_idempotent(self, store_url: str, event_log: SqlEventLog) -> None:
        event_log.append([batch("case:A", 0)])
        again = open_store(store_url, create=True)
        try:
            assert again.head() == event_log.head()
            assert again.verify_chain().ok
        finally:
            again.close()

    def test_uninitialised_store_is_refused(self, store_url: str) -> None:
        with pytest.raises(StoreError) as caught:
            open_store(store_url)
        assert "ujikon init" in str(caught.value)
        assert mask_url(store_url) in str(caught.value)

    def test_unknown_schema_revision_is_refused(
        self, store_url: str, event_log: SqlEventLog
    ) -> None:
        execute(event_log, "UPDATE alembic_version SET version_num = '9999'")
        with pytest.raises(StoreError) as caught:
            open_store(store_url)
        assert "9999" in str(caught.value)
        with pytest.raises(StoreError, match="9999"):
            open_store(store_url, create=True)

    def test_older_schema_asks_for_init(
        self, store_url: str, event_log: SqlEventLog, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Pretend this ujikon ships a revision the database has not seen yet.
        current = migrations.head_revision()
        newer = f"{int(current) + 1:04d}"
        known = migrations.known_revisions() | {newer}
        monkeypatch.setattr(migrations, "head_revision", lambda: newer)
        monkeypatch.setattr(migrations, "known_revisions", lambda: known)
        with pytest.raises(StoreError) as caught:
            open_store(store_url)
        message = str(caught.value)
        assert "ujikon init" in message
        assert current in message and newer in message

    def test_context_manager_closes(self, store_url: str) -> None:
        with open_store(store_url, create=True) as log:
            assert log.head().seq == 0
        assert log.dialect in {"sqlite", "postgresql"}


class TestSqliteSpecifics:
    def test_pragmas(self, tmp_path: Any) -> None:
        with (
            open_store(f"sqlite:///{tmp_path / 'u.db'}", create=True) as log,
            log.engine.connect() as conn,
        ):
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000

    def test_existing_file_that_is_not_ujikon(self, tmp_path: Any) -> None:
        (tmp_path / "empty.db").write_bytes(b"")
        with pytest.raises(StoreError, match="ujikon init"):
            open_store(f"sqlite:///{tmp_path / 'empty.db'}")
        (tmp_path / "junk.db").write_text("bukan basis data / not a database " * 100)
        with pytest.raises(StoreError, match=r"junk\.db"):
            open_store(f"sqlite:///{tmp_path / 'junk.db'}")

    def test_in_memory(self) -> None:
        with open_store("sqlite://", create=True) as log:
            log.append([batch("case:A", 0, count=2)])
            assert log.verify_chain().ok


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres@127.0.0.1:1/nope",
        "sqlite:////nonexistent/dir/x.db",
        "mysqlx://foo",
        "not a url at all",
    ],
)
@pytest.mark.parametrize("create", [False, True])
def test_wrong_url_is_a_store_error_naming_it(url: str, create: bool) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(url, create=create)
    message = str(caught.value)
    assert url in message
    assert "\n" not in message
    assert message.index("Penyimpanan") < message.index("Store")


def test_password_is_masked() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://ppid:rahasia-sekali@127.0.0.1:1/ujikon")
    message = str(caught.value)
    assert "rahasia-sekali" not in message
    assert "postgresql://ppid:***@127.0.0.1:1/ujikon" in message
