"""``ujikon monev assess``: its gate (the readers of the whole log), its table and
evidence lines, the JSON shape, a bad indicators file (exit 2, the file, indicator and
field named, no traceback)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from monev_support import TODAY, OfficeCli
from toolkit import flat

from ujikon.domain.monev import Check

NO_USER = 6
BAD_INPUT = 2


def _seed(world: OfficeCli) -> tuple[str, str]:
    office = world.office
    ref = office.decreed("Dokumen tender")
    office.at(date(2026, 11, 2))
    case_id = office.request("Salinan kontrak", date(2026, 11, 2))
    office.answer(case_id, date(2026, 11, 4))
    office.at(TODAY)
    return ref, case_id


@pytest.mark.parametrize("user", ["budi", "hendra", "dewi"])
def test_the_readers_of_the_whole_log_assess(office_cli: OfficeCli, user: str) -> None:
    ref, _ = _seed(office_cli)
    result = office_cli.run("--as", user, "monev", "assess", "--year", "2026")
    assert ref in result.stdout


@pytest.mark.parametrize("user", ["siti", "admin"])
def test_an_officer_and_the_administrator_are_refused(office_cli: OfficeCli, user: str) -> None:
    ref, _ = _seed(office_cli)
    result = office_cli.run("--as", user, "monev", "assess", "--year", "2026", code=NO_USER)
    assert ref not in result.stdout
    assert "auditor, head, ppid" in flat(result.output)
    office_cli.run("monev", "assess", "--year", "2026", code=NO_USER)  # nobody named


def test_the_table_shows_each_indicator_beside_the_year_before(office_cli: OfficeCli) -> None:
    _, case_id = _seed(office_cli)
    text = office_cli.run("--as", "dewi", "monev", "assess", "--year", "2026").stdout
    assert "Skor / score" in text and "2025" in text and "Bukti / evidence" in text
    assert "requests-in-time" in text and "terpenuhi / met" in text
    assert "tanpa bukti / no evidence" in text
    assert f"+ {case_id}/1: permohonan dijawab dalam 2 hari kerja" in text
    assert "Total (tertimbang / weighted)" in text


def test_the_json_holds_the_whole_result(office_cli: OfficeCli) -> None:
    ref, _ = _seed(office_cli)
    out = json.loads(
        office_cli.run("--as", "dewi", "monev", "assess", "--year", "2026", "--json").stdout
    )
    assert set(out) == {
        "year", "as_of", "previous_year", "previous_as_of", "indicators_file", "total",
        "previous_total", "indicators",
    }  # fmt: skip
    assert (out["year"], out["as_of"], out["previous_year"]) == (2026, "2026-11-25", 2025)
    assert [i["check"] for i in out["indicators"]] == [c.value for c in Check]
    first = out["indicators"][0]
    assert set(first) == {
        "id", "question", "basis", "weight", "check", "status", "status_label", "score",
        "reason", "evidence", "previous",
    }  # fmt: skip
    assert set(first["question"]) == {"id", "en"}
    assert set(first["previous"]) == {"year", "status", "score", "reason", "evidence_count"}
    item = next(i for i in out["indicators"] if i["check"] == "test-per-exempt-item")
    assert item["status"] == "met" and item["score"] == 100
    assert item["previous"] == {
        "year": 2025,
        "status": "no_evidence",
        "score": None,
        "reason": item["previous"]["reason"],
        "evidence_count": 0,
    }
    (line,) = item["evidence"]
    assert set(line) == {"text", "counts", "case", "decree", "seq"}
    assert (line["case"], line["decree"], line["counts"]) == (ref, "188.4/001/PPID/XI/2026", True)
    assert isinstance(line["seq"], int)


def test_a_workspace_file_and_an_explicit_file_are_used(office_cli: OfficeCli) -> None:
    _seed(office_cli)
    own = office_cli.workspace / "monev-indicators.yaml"
    own.write_text(
        "indicators:\n  - id: hanya-satu\n    question: {id: Satu, en: One}\n"
        "    basis: UU 14/2008 Pasal 22\n    weight: 1\n    check: requests-answered-in-time\n",
        encoding="utf-8",
    )
    out = json.loads(
        office_cli.run("--as", "dewi", "monev", "assess", "--year", "2026", "--json").stdout
    )
    assert out["indicators_file"] == str(own)
    assert [i["id"] for i in out["indicators"]] == ["hanya-satu"]
    assert out["total"] == 100


def test_a_bad_indicators_file_is_a_clear_error(office_cli: OfficeCli) -> None:
    bad = office_cli.workspace / "bad.yaml"
    bad.write_text(
        "indicators:\n  - id: x\n    question: {id: X, en: X}\n    basis: Pasal 1\n"
        "    weight: banyak\n    check: dik-decree\n",
        encoding="utf-8",
    )
    result = office_cli.run(
        "--as", "dewi", "monev", "assess", "--year", "2026", "--indicators", str(bad),
        code=BAD_INPUT,
    )  # fmt: skip
    said = flat(result.output)
    assert "bad.yaml:5 indicators[0].weight" in said and "'x'" in said
    assert "must be a number" in said and "Traceback" not in said


def test_a_year_after_this_one_is_refused(office_cli: OfficeCli) -> None:
    result = office_cli.run("--as", "dewi", "monev", "assess", "--year", "2027", code=BAD_INPUT)
    assert "--year" in flat(result.output)
