"""``ujikon case history``: the events of each revision, the reviewer's comments, the
steps recorded again after a return (old against new) and how a retest's revision
differs from the one it retests, step by step; ``--json`` carries the same as ``diffs``."""

from __future__ import annotations

from typing import Any

import pytest
from cli_support import Cli, cli_steps, days, decree, flat, walk

from ujikon.cli.render import word_diff

COMMENT = "Uraian konsekuensi terlalu umum; jelaskan akibat nyata bagi pegawai."
WEAK_HARM = "17h2=Stigma bagi pegawai"
STRONG_HARM = (
    "17h2=Diagnosis yang terbuka dapat menimbulkan stigma dan diskriminasi terhadap pegawai "
    "di tempat kerja dan tidak dapat ditarik kembali setelah tersebar"
)


def _walk(cli: Cli, case_id: str, *, information: str = "Hasil pemeriksaan kesehatan") -> None:
    walk(cli, case_id, "siti", steps=cli_steps(information), until="conclude")


def _weigh_and_conclude(cli: Cli, case_id: str) -> None:
    walk(cli, case_id, "siti", steps=cli_steps()[3:], until="conclude")


@pytest.fixture
def story(ready: Cli) -> str:
    """A case returned once (harm redone), approved, decreed, then retested: revision 2
    identifies other information and cites again, nothing more yet."""
    cli = ready
    case_id = str(cli.json("case", "new", "--trigger", "proactive", user="siti")["case_id"])
    _walk(cli, case_id)
    cli("case", "submit", case_id, "--no-lint", user="siti")
    cli(
        "case", "return", case_id, "--to-step", "assess_harm", "--comment", COMMENT, user="budi"
    )  # fmt: skip
    cli("case", "harm", case_id, "--harm", STRONG_HARM, user="siti")
    _weigh_and_conclude(cli, case_id)
    cli("case", "submit", case_id, "--no-lint", user="siti")
    cli("case", "approve", case_id, "--comment", "Setuju", user="budi")
    decree(cli, case_id)
    cli(
        "case", "retest", case_id, "--reason", "Permohonan baru", "--trigger", "proactive",
        user="siti",
    )  # fmt: skip
    ref2 = f"{case_id}/2"
    cli(
        "case", "identify", ref2, "--title", "Berkas kepegawaian", "--unit", "BKPSDM",
        "--date", days(-100), "--form", "printed",
        "--information", "Hasil pemeriksaan kesehatan jiwa", "--scope", "part",
        "--part", "Lampiran 4", user="siti",
    )  # fmt: skip
    cli("case", "cite", ref2, "--ground", "17h2", "--analysis", "Rahasia pribadi", user="siti")
    return case_id


def _diffs(data: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {d["step"]: d for d in data["diffs"] if d["kind"] == kind}


def test_json_has_the_events_and_the_diffs(ready: Cli, story: str) -> None:
    data = ready.json("case", "history", story, user="budi")
    assert data["ref"] == story
    actions = [e["action"] for e in data["events"]]
    assert actions.count("case.harm_assessed") == 2 and "case.returned" in actions

    within = _diffs(data, "re-recorded")
    assert set(within) == {"assess_harm", "weigh_public_interest", "conclude"}
    harm = within["assess_harm"]
    assert harm["revision"] == harm["against"] == 1 and harm["status"] == "changed"
    assert harm["changes"] == [
        {
            "field": "harms[0].harm",
            "old": WEAK_HARM.split("=", 1)[1],
            "new": STRONG_HARM.split("=", 1)[1],
        }
    ]
    assert harm["diff"] == [
        f"- harms[0].harm: {WEAK_HARM.split('=', 1)[1]}",
        f"+ harms[0].harm: {STRONG_HARM.split('=', 1)[1]}",
    ]
    assert COMMENT in harm["why"] and "budi" in harm["why"]
    assert harm["old_seq"] < harm["new_seq"]
    assert within["conclude"]["status"] == "unchanged" and within["conclude"]["changes"] == []

    across = _diffs(data, "revision")
    assert list(across) == [
        "identify", "cite_grounds", "assess_harm", "weigh_public_interest", "conclude",
    ]  # fmt: skip
    assert all(d["revision"] == 2 and d["against"] == 1 for d in across.values())
    assert across["identify"]["status"] == "changed"
    assert across["identify"]["changes"] == [
        {
            "field": "information",
            "old": "Hasil pemeriksaan kesehatan",
            "new": "Hasil pemeriksaan kesehatan jiwa",
        }
    ]
    assert across["cite_grounds"]["status"] == "unchanged"
    assert across["assess_harm"]["status"] == "not_recorded"
    assert across["assess_harm"]["changes"] == []


def test_the_table_shows_comments_and_changes(ready: Cli, story: str) -> None:
    text = flat(ready("case", "history", story, user="budi").stdout)
    assert "Revisi / Revision 1" in text and "Revisi / Revision 2" in text
    assert "Komentar peninjau / Reviewer's comments" in text and COMMENT in text
    assert "returned *" in text
    assert "Langkah yang dicatat ulang / Steps recorded again" in text
    assert "assess_harm" in text and "tidak berubah / unchanged" in text
    assert "Perbedaan dengan revisi 1 / Differences from revision 1" in text
    assert "information: Hasil pemeriksaan kesehatan {+jiwa+}" in text
    assert "belum dicatat di revisi 2" in text


def test_one_revision_is_still_compared_with_the_one_it_retests(ready: Cli, story: str) -> None:
    data = ready.json("case", "history", f"{story}/2", user="budi")
    assert {e["subject"] for e in data["events"]} == {f"case:{story}/2"}
    assert _diffs(data, "revision")["identify"]["status"] == "changed"
    assert _diffs(data, "re-recorded") == {}
    first = ready.json("case", "history", f"{story}/1", user="budi")
    assert _diffs(first, "revision") == {}
    assert "assess_harm" in _diffs(first, "re-recorded")


def test_word_diff() -> None:
    assert word_diff("a b c d", "a b x d") == [("=", "a b"), ("-", "c"), ("+", "x"), ("=", "d")]
    assert word_diff("sama sekali lain", "berbeda semuanya di sini") is None
