"""``ujikon case search``: a table or ``--json``, filtered by ground, limited and ordered;
odd input is plain text; ``ujikon index rebuild`` gives the same answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from toolkit import SAMPLES, cli_runner
from typer.testing import Result

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """``ujikon`` in-process on a workspace holding the eight samples, 01, 04 and 07
    approved (in that order) and the others in review."""
    officers = [("siti", "officer"), ("wulan", "officer"), ("agus", "officer")]
    _run = cli_runner(tmp_path / "ws", officers)
    for name in ("budi", "rina"):
        _run("user", "add", name, "--role", "ppid", user="admin")
    for path in sorted(SAMPLES.glob("0*.yaml")):
        _run("case", "import", str(path))
    for number in ("0001", "0004", "0007"):
        _run("case", "approve", f"UK-2026-{number}", "--comment", "Disetujui.", user="budi")
    return _run


def _json(run: Run, *args: str) -> dict[str, Any]:
    return dict(json.loads(run("case", "search", *args, "--json", user="budi").stdout))


def _refs(data: dict[str, Any]) -> list[str]:
    return [hit["ref"] for hit in data["results"]]


def test_search_prints_a_table_with_the_snippet(run: Run) -> None:
    out = run("case", "search", "stigma", user="budi").stdout
    text = " ".join(out.split())
    assert "UK-2026-0001/1" in text and "Berkas Kepegawaian" in text
    assert "harm 17h2:" in text and "stigma" in text and "17h2" in text
    assert "UK-2026-0004" not in text
    nothing = run("case", "search", "helikopter", user="budi").stdout
    assert "no precedent found" in nothing


def test_search_json_ground_limit_and_order(run: Run) -> None:
    data = _json(run, "stigma")
    assert data["words"] == ["stigma"] and data["ground"] is None
    assert _refs(data) == ["UK-2026-0001/1"]
    hit = data["results"][0]
    assert hit["state"] == "approved" and hit["grounds"] == ["17h2"] and hit["field"] == "harm 17h2"
    assert hit["unit"] == "Badan Kepegawaian dan Pengembangan SDM"
    # Newest decision first; a letter finds its items; --limit cuts.
    assert _refs(_json(run, "")) == ["UK-2026-0007/1", "UK-2026-0004/1", "UK-2026-0001/1"]
    assert _refs(_json(run, "", "--ground", "17h")) == ["UK-2026-0007/1", "UK-2026-0001/1"]
    assert _refs(_json(run, "", "--ground", "17h2")) == ["UK-2026-0001/1"]
    assert _refs(_json(run, "", "--limit", "1")) == ["UK-2026-0007/1"]
    ranked = _json(run, "daerah", "--order", "relevance")
    scores = [hit["score"] for hit in ranked["results"]]
    assert scores == sorted(scores, reverse=True) and len(scores) >= 2
    run("case", "search", "x", "--ground", "17z", code=2, user="budi")
    run("case", "search", "x", "--limit", "0", code=2, user="budi")


@pytest.mark.parametrize(
    "text", ['"', "'; DROP TABLE events; --", "NEAR(stigma pegawai)", "*", "stigma OR x"]
)
def test_search_text_is_never_syntax(run: Run, text: str) -> None:
    data = _json(run, text)
    assert all(word.isalnum() for word in data["words"])
    assert json.loads(run("case", "list", "--json", user="budi").stdout)  # the store is intact


def test_rebuild_gives_the_same_answers(run: Run) -> None:
    queries = [("",), ("stigma",), ("", "--ground", "17h"), ("daerah", "--order", "relevance")]
    before = [_json(run, *q) for q in queries]
    assert "8" in run("index", "rebuild").stdout
    assert [_json(run, *q) for q in queries] == before
