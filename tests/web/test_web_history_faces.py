"""The CLI's ``case history`` and the web's diff page tell the same story: for the same
case they report the same steps, the same changed fields and the same values (a ticked
box reads ``yes`` on both), as both print :mod:`ujikon.domain.history`'s result."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from typer.testing import CliRunner
from web_support import WebBench

from ujikon.cli.main import app
from ujikon.domain.payloads import Step

SAMPLE = "03-dokumen-penawaran-tender.yaml"
"""Ground 17b (fair competition): a consent box does not lift it (Pasal 18(2) is 17g/17h)."""

_STEPS = ("cite_grounds", "assess_harm", "weigh_public_interest", "conclude")


def _recorded(web: WebBench, ref: str, step: str) -> dict[str, Any]:
    payload = web.service.get_case(ref).step_payload(Step(step))
    assert payload is not None
    data: dict[str, Any] = payload.model_dump(mode="json")
    return data


def _returned_and_redone(web: WebBench) -> str:
    """Sample 03 returned to its grounds and redone with a changed analysis and the
    public-office box ticked; approved, decreed, retested, its document renamed."""
    case_id = web.import_sample(SAMPLE, by="siti")
    before = {step: _recorded(web, case_id, step) for step in _STEPS}
    web.service.act(
        "budi",
        case_id,
        "return_for_revision",
        {"to_step": "cite_grounds", "comments": "Sebutkan pasal pengadaan yang dilanggar."},
    )
    cite = dict(before["cite_grounds"])
    cite["citations"] = [
        {**cite["citations"][0], "analysis": cite["citations"][0]["analysis"] + " Tambahan."},
        *cite["citations"][1:],
    ]
    cite["concerns_public_office"] = True
    web.service.act("siti", case_id, "cite_grounds", cite)
    for step in _STEPS[1:]:
        web.service.act("siti", case_id, step, before[step])
    web.service.act("siti", case_id, "submit", {"note": ""})
    web.service.act("rina", case_id, "approve", {"comments": ""})
    web.service.act(
        "rina",
        case_id,
        "include_in_decree",
        {"decree_number": "188.4/002/PPID/XI/2026", "decree_date": "2026-11-20"},
    )
    web.service.act(
        "siti", case_id, "retest", {"reason": "Tender selesai.", "trigger": {"kind": "proactive"}}
    )
    identify = _recorded(web, f"{case_id}/1", "identify")
    identify["document"] = {**identify["document"], "title": "Dokumen penawaran (arsip)"}
    web.service.act("siti", f"{case_id}/2", "identify", identify)
    return case_id


def _cli_diffs(web: WebBench, ref: str) -> list[dict[str, Any]]:
    runner = CliRunner(
        env={
            "COLUMNS": "100",
            "NO_COLOR": "1",
            "UJIKON_WORKSPACE": str(web.workspace.directory),
            "UJIKON_DB": web.workspace.db_url,
            "UJIKON_USER": None,
        }
    )
    result = runner.invoke(app, ["--as", "budi", "case", "history", ref, "--json"])
    assert result.exit_code == 0, result.output
    diffs: list[dict[str, Any]] = json.loads(result.stdout)["diffs"]
    return diffs


_SECTION = re.compile(r'<section class="diff"(.*?)</section>', re.S)
_ROW = re.compile(r"<tr><td><code>([^<]+)</code></td>\s*<td>(.*?)</td></tr>", re.S)


def _web_steps(page: str) -> list[list[tuple[str, str]]]:
    """Each section of the diff page as its (field, change as text) rows."""
    out = []
    for section in _SECTION.findall(page):
        rows = []
        for field, cell in _ROW.findall(section):
            text = re.sub(r"<(del|ins)>(.*?)</\1>", lambda m: f"<{m[1]}:{m[2]}>", cell)
            rows.append((html.unescape(field), html.unescape(" ".join(text.split()))))
        out.append(rows)
    return out


def _cli_steps(diffs: list[dict[str, Any]], kind: str) -> list[list[str]]:
    return [[c["field"] for c in d["changes"]] for d in diffs if d["kind"] == kind]


def test_the_steps_recorded_again_read_the_same_on_both_faces(web: WebBench) -> None:
    case_id = _returned_and_redone(web)
    cli = _cli_diffs(web, f"{case_id}/1")
    page = web.as_user("budi").get(f"/cases/{case_id}/diff?from=1&to=1").text
    shown = _web_steps(page)
    assert [[f for f, _ in rows] for rows in shown] == _cli_steps(cli, "re-recorded")
    cite = next(d for d in cli if d["kind"] == "re-recorded" and d["step"] == "cite_grounds")
    changed = {c["field"]: c for c in cite["changes"]}
    assert set(changed) == {"citations[0].analysis", "concerns_public_office"}
    assert changed["concerns_public_office"] == {
        "field": "concerns_public_office",
        "old": None,
        "new": "yes",
    }
    assert "+ concerns_public_office: yes" in cite["diff"]
    web_cite = dict(next(rows for rows in shown if len(rows) == 2))
    assert web_cite["concerns_public_office"] == "<ins:yes>"
    assert "<ins:Tambahan.>" in web_cite["citations[0].analysis"]


def test_a_retest_reads_the_same_on_both_faces(web: WebBench) -> None:
    case_id = _returned_and_redone(web)
    cli = _cli_diffs(web, case_id)
    page = web.as_user("budi").get(f"/cases/{case_id}/diff?from=1&to=2").text
    shown = _web_steps(page)
    assert [[f for f, _ in rows] for rows in shown] == _cli_steps(cli, "revision")
    identify = next(d for d in cli if d["kind"] == "revision" and d["step"] == "identify")
    assert [c["field"] for c in identify["changes"]] == ["document.title"]
    assert page.count("belum dicatat") == sum(
        d["status"] == "not_recorded" for d in cli if d["kind"] == "revision"
    )
