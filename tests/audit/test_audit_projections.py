"""The projections beside the log (the case list ``index_entries``, the precedent search
``search_docs``, the decree index) are compared with a fold of the log by ``audit
verify``: an edit of those tables is reported by subject and field, the stored value
against the one the log gives -- while ``case show``, which folds the log itself, keeps
showing the truth."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from ujikon.service.audit import EXIT_PROJECTION_PROBLEM, verify_workspace


@contextmanager
def _tables(ws: Any) -> Iterator[sa.Engine]:
    """The projection tables as they are now, put back afterwards."""
    engine: sa.Engine = ws.log.engine
    with engine.connect() as conn:
        index = [dict(r) for r in conn.execute(sa.text("SELECT * FROM index_entries")).mappings()]
        search = [
            dict(r)
            for r in conn.execute(
                sa.text("SELECT kind, key, title, body, tags, sort_key FROM search_docs")
            ).mappings()
        ]
    try:
        yield engine
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM index_entries"))
            conn.execute(
                sa.text(
                    "INSERT INTO index_entries (kind, key, state, data, updated_seq) "
                    "VALUES (:kind, :key, :state, :data, :updated_seq)"
                ),
                index,
            )
            conn.execute(sa.text("DELETE FROM search_docs"))
            conn.execute(
                sa.text(
                    "INSERT INTO search_docs (kind, key, title, body, tags, sort_key) "
                    "VALUES (:kind, :key, :title, :body, :tags, :sort_key)"
                ),
                search,
            )
        assert verify_workspace(ws.log, ws.workdir).ok


def _run(engine: sa.Engine, statement: str, **params: Any) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text(statement), params)


def _projection_problems(ws: Any) -> list[Any]:
    report = verify_workspace(ws.log, ws.workdir)
    assert not report.ok
    assert report.exit_code == EXIT_PROJECTION_PROBLEM
    assert all(p.kind == "projection" for p in report.problems), report.problems
    return list(report.problems)


def test_intact_projections_pass(issued: Any) -> None:
    report = verify_workspace(issued.log, issued.workdir)
    assert report.ok, report.problems
    assert report.projections_checked >= 3  # two cases, one decree (and the search docs)


def test_a_case_title_forged_in_the_case_list(issued: Any) -> None:
    case_id = issued.cases[0].split("/")[0]
    with _tables(issued) as engine:
        with engine.connect() as conn:
            data = json.loads(
                conn.execute(
                    sa.text("SELECT data FROM index_entries WHERE kind='case' AND key=:k"),
                    {"k": case_id},
                ).scalar_one()
            )
        true_title = data["title"]
        data["title"] = "BERKAS PALSU"
        _run(
            engine,
            "UPDATE index_entries SET data = :d WHERE kind = 'case' AND key = :k",
            d=json.dumps(data),
            k=case_id,
        )
        listed = issued.flat(issued.cli("--as", "dewi", "case", "list").stdout)
        shown = issued.flat(issued.cli("--as", "dewi", "case", "show", case_id).stdout)
        problems = _projection_problems(issued)
        cli = issued.cli_json("audit", "verify", code=EXIT_PROJECTION_PROBLEM)
    assert "BERKAS PALSU" in listed  # the list reads the projection...
    assert "BERKAS PALSU" not in shown and true_title[:20] in shown  # ...show reads the log
    assert [(p.code, p.subject, p.field) for p in problems] == [
        ("projection_mismatch", f"case {case_id}", "title")
    ]
    assert problems[0].stored == "BERKAS PALSU" and problems[0].computed == true_title
    assert "BERKAS PALSU" in problems[0].message and true_title in problems[0].message
    first = cli["first_problem"]
    assert (first["kind"], first["subject"], first["field"]) == (
        "projection",
        f"case {case_id}",
        "title",
    )
    assert (first["stored"], first["computed"]) == ("BERKAS PALSU", true_title)


def test_a_case_state_forged_in_the_case_list(issued: Any) -> None:
    case_id = issued.cases[1].split("/")[0]
    with _tables(issued) as engine:
        _run(
            engine,
            "UPDATE index_entries SET state = 'withdrawn' WHERE kind = 'case' AND key = :k",
            k=case_id,
        )
        problems = _projection_problems(issued)
        text = issued.flat(issued.cli("audit", "verify", code=EXIT_PROJECTION_PROBLEM).stdout)
    assert [(p.subject, p.field, p.stored, p.computed) for p in problems] == [
        (f"case {case_id}", "state", "withdrawn", "decreed")
    ]
    assert text.startswith("TIDAK UTUH / NOT INTACT:") and case_id in text and "withdrawn" in text


def test_a_case_row_removed_and_one_invented(issued: Any) -> None:
    case_id = issued.cases[0].split("/")[0]
    with _tables(issued) as engine:
        _run(engine, "DELETE FROM index_entries WHERE kind = 'case' AND key = :k", k=case_id)
        _run(
            engine,
            "INSERT INTO index_entries (kind, key, state, data, updated_seq) "
            "VALUES ('case', 'UK-2026-0999', 'approved', '{}', 1)",
        )
        problems = _projection_problems(issued)
    got = {(p.code, p.subject) for p in problems}
    assert got == {
        ("projection_missing", f"case {case_id}"),
        ("projection_extra", "case UK-2026-0999"),
    }


def test_a_search_document_forged(issued: Any) -> None:
    key = issued.cases[0]
    with _tables(issued) as engine:
        _run(
            engine,
            "UPDATE search_docs SET title = 'berkas palsu' WHERE kind = 'case' AND key = :k",
            k=key,
        )
        problems = _projection_problems(issued)
    assert [(p.subject, p.field, p.stored) for p in problems] == [
        (f"search {key}", "title", "berkas palsu")
    ]


def test_a_decree_row_forged(issued: Any) -> None:
    with _tables(issued) as engine:
        _run(
            engine,
            "UPDATE index_entries SET state = 'revoked' WHERE kind = 'decree' AND key = :k",
            k=issued.decree_id,
        )
        problems = _projection_problems(issued)
    assert [(p.subject, p.field, p.stored, p.computed) for p in problems] == [
        (f"decree {issued.decree_id}", "state", "revoked", "issued")
    ]


def test_the_chain_first_then_the_projections(small: Any, tamper: Any) -> None:
    """A broken chain is reported alone: the log the projections would be compared with
    cannot be trusted."""
    tamper(small.log).edit_payload(12, {"analysis": "diubah"})
    report = verify_workspace(small.log, small.workdir)
    assert [p.kind for p in report.problems] == ["event"]


def test_a_subject_that_does_not_fold(small: Any) -> None:
    """Events another program wrote under a case subject, with no case.opened: no row is
    computed for them. Without a stored row that is a note; a row for them is a problem."""
    from datetime import UTC, datetime

    from ujikon.domain.events import NewEvent
    from ujikon.store import AppendBatch, IndexEntry

    subject = "case:UK-2026-0999/1"
    event = NewEvent(
        subject=subject,
        action="case.identified",
        actor="siti",
        role="officer",
        recorded_at=datetime.now(UTC),
        payload={"data": {}, "from": "draft", "to": "identified"},
    )
    small.log.append([AppendBatch(subject, 0, [event])])
    report = verify_workspace(small.log, small.workdir)
    assert report.ok, report.problems
    assert any(subject in note for note in report.notes)
    small.log.append([], [IndexEntry("case", "UK-2026-0999", "identified", {"revision": 1})])
    report = verify_workspace(small.log, small.workdir)
    assert [(p.code, p.subject) for p in report.problems] == [
        ("projection_unfoldable", "case UK-2026-0999")
    ]
