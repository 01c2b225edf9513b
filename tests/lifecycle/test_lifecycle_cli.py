"""``ujikon lifecycle run`` and ``ujikon review start`` on a real workspace, fixed clock."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from lifecycle_support import PERMANENT, CliWorld, until, until_condition

from ujikon.service.cases import Service

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BOX = re.compile(r"[│╭╮╰╯─┃━┏┓┗┛┡┩┣┫╇╋┳┻└┘┴┬┼├┤┌┐]")


def flat(text: str) -> str:
    """Output without colours, box drawing and line breaks: one line of words."""
    return " ".join(BOX.sub(" ", ANSI.sub("", text)).split())


def _cases(cli: CliWorld) -> dict[str, str]:
    world = cli.world
    refs = {
        "tender": world.decreed("Dokumen penawaran tender", "17b", until("2026-12-31")),
        "auction": world.decreed("Rencana lelang aset", "17e1", until("2027-01-20"), by="wulan"),
        "inquiry": world.decreed(
            "Berkas penyidikan PPNS",
            "17a1",
            until_condition("Sampai penyidikan dihentikan", "2030-12-31"),
            by="agus",
        ),
        "medical": world.decreed("Rekam medis pegawai", "17h2", PERMANENT),
    }
    world.at(date(2027, 1, 1))
    return refs


def test_lifecycle_run_prints_dates_the_indonesian_way(cli_world: CliWorld) -> None:
    refs = _cases(cli_world)
    text = flat(cli_world.run("lifecycle", "run", user="budi").stdout)
    assert "per 1 Januari 2027" in text
    assert "ended, information open again: 1" in text
    assert (
        f"{refs['tender']} Dokumen penawaran tender (Bagian Hukum; 17b): hari terakhir "
        "31 Desember 2026, terbuka sejak 1 Januari 2027" in text
    )
    assert text.count(refs["tender"]) == 1
    assert "ending within 0–30 days (1)" in text
    assert "20 Januari 2027" in text and refs["auction"] in text
    assert "ending within 31–90 days (0): tidak ada / none" in text
    assert "check the condition (1)" in text
    assert refs["inquiry"] in text and "31 Desember 2030" in text  # its latest date
    assert "dihentikan" in text  # the condition (wrapped in its cell)
    assert refs["medical"] not in text

    again = flat(cli_world.run("lifecycle", "run", user="budi").stdout)
    assert "ended, information open again: 0" in again
    assert refs["tender"] not in again


def test_lifecycle_run_json_and_an_earlier_date(cli_world: CliWorld) -> None:
    refs = _cases(cli_world)
    doc = json.loads(
        cli_world.run("lifecycle", "run", "--as-of", "2026-12-31", "--json", user="admin").stdout
    )
    assert doc["as_of"] == "2026-12-31" and doc["expired"] == []
    assert [r["case"] for r in doc["ending_in_0_30_days"]] == [refs["tender"], refs["auction"]]
    assert doc["ending_in_0_30_days"][0]["end_date_id"] == "31 Desember 2026"
    doc = json.loads(cli_world.run("lifecycle", "run", "--json", user="admin").stdout)
    assert [r["case"] for r in doc["expired"]] == [refs["tender"]]
    assert doc["expired"][0]["status"] == "expired"
    assert doc["ok"] is True


@pytest.mark.parametrize("acting", ["dewi", "siti"])
def test_lifecycle_run_refuses_an_auditor_or_officer_naming_the_rule(
    cli_world: CliWorld, acting: str
) -> None:
    refs = _cases(cli_world)
    result = cli_world.run("lifecycle", "run", user=acting, code=3)
    assert "role-may-act" in flat(result.output)
    assert cli_world.world.state(refs["tender"]).value == "decreed"


def test_lifecycle_run_future_date_and_missing_user(cli_world: CliWorld) -> None:
    _cases(cli_world)
    result = cli_world.run("lifecycle", "run", "--as-of", "2027-01-02", user="budi", code=2)
    assert "future" in flat(result.output)
    cli_world.run("lifecycle", "run", code=6)


def test_lifecycle_run_exits_1_when_a_case_cannot_be_expired(
    cli_world: CliWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    refs = _cases(cli_world)
    cli_world.world.at(date(2027, 1, 21))
    real_act = Service.act

    def refuse_tender(self: Service, acting: str | None, ref: str, *a: Any) -> Any:
        if ref == refs["tender"]:
            from ujikon.errors import InputError

            raise InputError("payload of 'expire'", "rusak / broken")
        return real_act(self, acting, ref, *a)

    monkeypatch.setattr(Service, "act", refuse_tender)
    text = flat(cli_world.run("lifecycle", "run", user="budi", code=1).stdout)
    assert "GAGAL / failed: 1" in text and "broken" in text
    assert f"{refs['auction']} Rencana lelang aset" in text
    assert "1 kasus tidak dapat dinyatakan berakhir" in text


def test_review_start_prints_per_unit_and_skips_on_a_second_run(cli_world: CliWorld) -> None:
    refs = _cases(cli_world)
    text = flat(cli_world.run("review", "start", "--year", "2027", user="budi").stdout)
    assert "Reviu tahunan DIK 2027: informasi yang berlaku pada 1 Januari 2027" in text
    # In force on 1 January 2027: the auction (BPKAD), the inquiry (Dinas Sosial) and the
    # medical records (Bagian Hukum); the tender ended on 31 December.
    assert "BPKAD 1 0 0" in text
    assert "Bagian Hukum 1 0 0" in text
    assert "Dinas Sosial 1 0 0" in text
    assert f"{refs['medical']} → {refs['medical'].split('/')[0]}/2" in text
    assert refs["tender"] not in text

    doc = json.loads(
        cli_world.run("review", "start", "--year", "2027", "--json", user="budi").stdout
    )
    assert doc["opened"] == [] and len(doc["skipped"]) == 3
    assert {(u["unit"], u["skipped"]) for u in doc["by_unit"]} == {
        ("BPKAD", 1),
        ("Bagian Hukum", 1),
        ("Dinas Sosial", 1),
    }
    assert doc["reason"] == "Reviu tahunan DIK 2027"


def test_review_start_is_the_ppid_utamas(cli_world: CliWorld) -> None:
    _cases(cli_world)
    result = cli_world.run("review", "start", "--year", "2027", user="siti", code=6)
    assert "PPID Utama" in flat(result.output)


def test_help_is_bilingual(cli_world: CliWorld) -> None:
    text = flat(cli_world.run("lifecycle", "--help").stdout)
    assert "Jangka waktu pengecualian" in text and "exemption periods" in text
    text = flat(cli_world.run("lifecycle", "run", "--help").stdout)
    assert "--as-of" in text and "today in WIB" in text and "hari ini" in text
    text = flat(cli_world.run("review", "start", "--help").stdout)
    assert "--year" in text and "1 Januari" in text and "1 January" in text
