"""``ujikon case lint`` and the same check before ``ujikon case submit``: warnings are
printed (a table, or ``--json``), the exit code stays 0 and nothing is refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from toolkit import SAMPLES
from toolkit.cli import Cli
from typer.testing import Result

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """``ujikon`` in-process on a fresh workspace with officers siti and wulan, PPID budi."""
    users = [("siti", "officer"), ("wulan", "officer"), ("budi", "ppid")]
    return Cli.on(tmp_path / "ws").init(users)


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def _import(run: Run, sample: str) -> str:
    out = run("case", "import", str(SAMPLES / sample), "--json")
    return str(json.loads(out.stdout)["case_id"])


def test_lint_prints_the_weak_harm_of_sample_03_and_exits_0(run: Run) -> None:
    case_id = _import(run, "03-dokumen-penawaran-tender.yaml")
    text = _flat(run("case", "lint", case_id, user="budi").stdout)
    assert f"{case_id}/1" in text
    assert "harm-restates-ground" in text and "reasoning-too-short" in text
    assert "harms[0].harm" in text and "assess_harm" in text
    assert "Nothing is refused" in text
    data = json.loads(run("case", "lint", case_id, "--json", user="budi").stdout)
    assert data["ref"] == f"{case_id}/1"
    assert [w["code"] for w in data["warnings"]] == ["harm-restates-ground", "reasoning-too-short"]
    assert {w["step"] for w in data["warnings"]} == {"assess_harm"}


def test_lint_of_sound_reasoning_says_so(run: Run) -> None:
    case_id = _import(run, "01-rekam-medis-pegawai.yaml")
    assert "no reasoning warnings" in run("case", "lint", case_id, user="budi").stdout
    assert json.loads(run("case", "lint", case_id, "--json", user="budi").stdout)["warnings"] == []
    run("case", "lint", "UK-2026-9999", code=5, user="budi")


def _draft_with_weak_reasoning(run: Run) -> str:
    opened = run("case", "new", "--trigger", "proactive", "--json", user="siti")
    case_id = str(json.loads(opened.stdout)["case_id"])
    run(
        "case", "identify", case_id, "--title", "Daftar Penerima Bantuan Sosial Tahap II",
        "--unit", "Dinas Sosial", "--date", "2026-06-30", "--form", "electronic",
        "--information", "Nomor rekening bank dan NIK setiap penerima bantuan",
        "--scope", "part", "--part", "Kolom Nomor Rekening", "--part", "Kolom NIK",
        user="siti",
    )  # fmt: skip
    run(
        "case", "cite", case_id, "--ground", "17h3", "--analysis",
        "Nomor rekening dan NIK adalah data keuangan pribadi penerima yang tidak berkaitan "
        "dengan jabatan publik dan tidak disetujui untuk dibuka oleh penerima.",
        user="siti",
    )  # fmt: skip
    run("case", "harm", case_id, "--harm", "17h3=Mengungkap rahasia pribadi.", user="siti")
    run(
        "case", "weigh", case_id, "--interest", "Kepentingan publik", "--interest",
        "Transparansi", "--balance",
        "Daftar nama penerima dan jumlah bantuan tetap dibuka sehingga ketepatan sasaran "
        "dapat diawasi warga, sedangkan nomor rekening tidak menambah pengawasan itu.",
        "--outweighs", "harm", user="siti",
    )  # fmt: skip
    run(
        "case", "conclude", case_id, "--outcome", "partly_exempt", "--part",
        "Kolom Nomor Rekening", "--part", "Kolom NIK", "--permanent", user="siti",
    )  # fmt: skip
    return case_id


def test_submit_shows_the_warnings_first_and_still_submits(run: Run) -> None:
    case_id = _draft_with_weak_reasoning(run)
    out = run("case", "submit", case_id, user="siti").stdout
    text = _flat(out)
    assert "harm-restates-ground" in text and "public-interest-generic" in text
    assert out.index("harm-restates-ground") < out.index("(in_review)")
    state = json.loads(run("case", "show", case_id, "--json", user="budi").stdout)["state"]
    assert state == "in_review"


def test_submit_no_lint_and_json(run: Run) -> None:
    first = _draft_with_weak_reasoning(run)
    out = run("case", "submit", first, "--no-lint", user="siti").stdout
    assert "harm-restates-ground" not in out and "(in_review)" in _flat(out)
    second = _draft_with_weak_reasoning(run)
    data = json.loads(run("case", "submit", second, "--json", user="siti").stdout)
    assert data["state"] == "in_review"
    assert [(w["code"], w["field"]) for w in data["lint"]] == [
        ("harm-restates-ground", "harms[0].harm"),
        ("reasoning-too-short", "harms[0].harm"),
        ("public-interest-generic", "interests"),
    ]
