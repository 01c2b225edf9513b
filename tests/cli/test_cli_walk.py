"""A case walked through every step: by options, and by ``--file``; then read back."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import Cli, days, decree, flat


def _state(cli: Cli, ref: str) -> str:
    return str(cli.json("case", "show", ref, user="budi")["state"])


def test_every_step_by_options(ready: Cli) -> None:
    cli = ready
    opened = cli.json(
        "case", "new", "--trigger", "request", "--reference", "045/PPID/X/2026",
        "--date", days(-3), "--summary", "Rekam medis pegawai", user="siti",
    )  # fmt: skip
    case_id = opened["case_id"]
    assert opened["state"] == "draft"
    assert opened["next_steps"] == ["identify", "withdraw", "extend_answer"]

    out = cli(
        "case", "identify", case_id, "--title", "Berkas kepegawaian", "--unit", "BKPSDM",
        "--date", days(-300), "--form", "printed", "--reference", "ARSIP/2025/0113",
        "--information", "Hasil pemeriksaan kesehatan pegawai", "--scope", "part",
        "--part", "Lampiran 4", "--part", "Lampiran 5", user="siti",
    ).stdout  # fmt: skip
    text = flat(out)
    assert "Dokumen & informasi teridentifikasi / document and information identified" in text
    assert f"ujikon case cite {case_id}" in text
    assert "approve" not in text  # not the officer's to take

    cli(
        "case", "cite", case_id,
        "--ground", "Pasal 17 huruf h angka 2", "--analysis", "Riwayat kesehatan seseorang",
        "--ground", "17j", "--analysis", "UU Kesehatan melarang membuka rahasia pasien",
        "--statute", "UU 36/2009 Pasal 57", user="siti",
    )  # fmt: skip
    cli(
        "case", "harm", case_id, "--harm", "17h2=Stigma dan diskriminasi",
        "--harm", "17j=Melanggar kerahasiaan pasien", user="siti",
    )  # fmt: skip
    cli(
        "case", "weigh", case_id, "--interest", "Akuntabilitas kepegawaian",
        "--interest", "Pengawasan publik", "--balance", "Privasi lebih berat",
        "--outweighs", "harm", user="siti",
    )  # fmt: skip
    cli(
        "case", "conclude", case_id, "--outcome", "partly_exempt", "--part", "Lampiran 4",
        "--redaction", "blur", "--until-condition", "sampai pegawai pensiun",
        "--until", days(3650), "--reasoning", "Bagian lain terbuka", user="siti",
    )  # fmt: skip
    cli("case", "submit", case_id, "--note", "Mohon ditinjau", user="siti")
    assert _state(cli, case_id) == "in_review"

    returned = cli(
        "case", "return", case_id, "--to-step", "cite_grounds",
        "--comment", "Dasar 17j tidak perlu", user="budi",
    )  # fmt: skip
    assert "(identified)" in flat(returned.stdout)
    cli("case", "cite", case_id, "--ground", "17h2", "--analysis", "Riwayat kesehatan", user="siti")
    cli("case", "harm", case_id, "--harm", "17h2=Stigma", user="siti")
    cli(
        "case", "weigh", case_id, "--interest", "Akuntabilitas", "--balance", "Privasi",
        "--outweighs", "harm", user="siti",
    )  # fmt: skip
    cli(
        "case", "conclude", case_id, "--outcome", "exempt", "--permanent", user="siti",
    )  # fmt: skip
    revised = cli("case", "revise", case_id, "--to-step", "conclude", "--note", "Sebagian saja",
                  user="siti")  # fmt: skip
    assert "(weighed)" in flat(revised.stdout)
    cli(
        "case", "conclude", case_id, "--outcome", "partly_exempt", "--part", "Lampiran 4",
        "--redaction", "blur", "--until-condition", "sampai pegawai pensiun",
        "--until", days(3650), "--reasoning", "Bagian lain terbuka", user="siti",
    )  # fmt: skip
    cli("case", "submit", case_id, user="siti")
    approved = cli("case", "approve", case_id, "--comment", "Setuju", user="budi")
    assert "Disetujui / approved (approved)" in flat(approved.stdout)

    decree(cli, case_id)
    expired = cli(
        "case", "expire", case_id, "--as-of", days(0), "--note", "SK pensiun 2026", user="budi"
    )
    assert "(expired)" in flat(expired.stdout)

    retest = cli.json(
        "case", "retest", case_id, "--reason", "Permohonan baru", "--trigger", "request",
        "--reference", "050/PPID/XI/2026", "--date", days(-1), user="siti",
    )  # fmt: skip
    assert retest["ref"] == f"{case_id}/2"
    assert retest["state"] == "draft"
    assert retest["previous_revision"] == 1
    withdrawn = cli("case", "withdraw", f"{case_id}/2", "--reason", "Dicabut pemohon", user="siti")
    assert "(withdrawn)" in flat(withdrawn.stdout)

    first = cli.json("case", "show", f"{case_id}/1", user="budi")
    assert first["state"] == "expired"
    # Withdrawing the retest frees revision 1 to be retested again.
    assert first["next_revision"] is None
    assert first["conclusion"]["redaction"] == "blur"
    assert first["conclusion"]["period"] == {
        "kind": "until_condition",
        "end_date": days(3650),
        "condition": "sampai pegawai pensiun",
    }
    assert [r["kind"] for r in first["reviews"]] == [
        "submitted", "returned", "revised", "submitted", "approved",
    ]  # fmt: skip
    assert first["reviews"][1]["comments"] == "Dasar 17j tidak perlu"

    history = cli.json("case", "history", case_id, user="budi")["events"]
    actions = [e["action"] for e in history]
    assert actions[0] == "case.opened"
    assert actions[-4:] == [
        "case.retest_opened", "case.opened", "case.withdrawn", "case.retest_withdrawn",
    ]  # fmt: skip
    assert all(len(e["hash"]) == 64 for e in history)
    assert [e["seq"] for e in history] == sorted(e["seq"] for e in history)
    returned_event = next(e for e in history if e["action"] == "case.returned")
    assert returned_event["payload"]["from"] == "in_review"
    assert returned_event["payload"]["to"] == "identified"
    assert returned_event["actor"] == "budi" and returned_event["role"] == "ppid"
    table = flat(cli("case", "history", case_id, user="budi").stdout)
    for expected in ("returned", "in_review →", "retest_opened", "budi", "(ppid)", "WIB"):
        assert expected in table, expected


def test_show_prints_every_section(ready: Cli) -> None:
    cli = ready
    case_id = cli.json(
        "case", "new", "--trigger", "ki_order", "--reference", "012/KI-PS/2026",
        "--date", days(-10), user="siti",
    )["case_id"]  # fmt: skip
    cli(
        "case", "identify", case_id, "--title", "Daftar Informasi Publik", "--unit", "PPID",
        "--date", days(-30), "--form", "electronic", "--category", "public_information_list",
        "--information", "Seluruh daftar", "--scope", "whole",
        "--whole-justification", "Daftar memuat data pribadi di setiap baris", user="siti",
    )  # fmt: skip
    cli(
        "case", "cite", case_id, "--ground", "17j", "--analysis", "Dilarang UU",
        "--statute", "UU 28/2007 Pasal 34", user="siti",
    )  # fmt: skip
    cli("case", "harm", case_id, "--harm", "17j=Melanggar kerahasiaan", user="siti")
    cli(
        "case", "weigh", case_id, "--interest", "Transparansi", "--balance", "Kerahasiaan",
        "--outweighs", "harm", user="siti",
    )  # fmt: skip
    cli("case", "conclude", case_id, "--outcome", "exempt", "--until", days(700), user="siti")
    cli("case", "submit", case_id, user="siti")
    cli("case", "approve", case_id, "--comment", "Lanjutkan", user="budi")

    text = flat(cli("case", "show", case_id, user="budi").stdout)
    for expected in (
        f"Kasus / Case {case_id}/1",
        "atas perintah Majelis Komisioner",
        "012/KI-PS/2026",
        "Daftar Informasi Publik",
        "public_information_list",
        "Daftar memuat data pribadi",
        "UU 14/2008 Pasal 17 huruf j",
        "UU 28/2007 Pasal 34",
        "Melanggar kerahasiaan",
        "Transparansi",
        "dikecualikan / exempt",
        "sampai / until",
        "disetujui / approved: budi (ppid)",
        "Lanjutkan",
        "siti (officer)",
        "WIB",
        "whole-document-11-1",  # the reviewer flag, from case.flags(...)
        "Langkah berikutnya / Next steps untuk / for budi (ppid)",
    ):
        assert expected in text, expected
    data = cli.json("case", "show", case_id, user="budi")
    assert [f["code"] for f in data["flags"]] == ["whole-document-11-1"]
    assert data["grounds"]["citations"][0]["statute"] == {
        "kind": "UU", "number": "28", "year": 2007, "article": "Pasal 34", "title": "",
        "amended": "",
    }  # fmt: skip


def test_every_step_by_file(ready: Cli, tmp_path: Path) -> None:
    cli = ready

    def write(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    opened = cli.json(
        "case", "new", "--file",
        write("open.yaml", f"trigger:\n  kind: request\n  reference: 7/PPID\n  dated: {days(-2)}\n"
                           "summary: Berkas penyidikan\n"),
        user="agus",
    )  # fmt: skip
    case_id = opened["case_id"]
    identify = {
        "document": {
            "title": "Berkas penyidikan PPNS",
            "owning_unit": "Satpol PP",
            "dated": days(-20),
            "form": "printed",
        },
        "information": "Identitas saksi pelapor",
        "scope": "part",
        "parts": ["BAP saksi"],
    }
    cli(
        "case", "identify", case_id, "-f", write("identify.json", json.dumps(identify)), user="agus"
    )
    cli(
        "case", "cite", case_id, "--file",
        write("cite.yaml", "citations:\n  - ground: 17 huruf a angka 2\n"
                           "    analysis: Identitas saksi\n"),
        user="agus",
    )  # fmt: skip
    cli(
        "case", "harm", case_id, "--file",
        write("harm.yaml", "harms:\n  - ground: 17a2\n    harm: Saksi terancam\n"),
        user="agus",
    )  # fmt: skip
    weigh = {"interests": ["Pengawasan penegakan perda"], "balance": "Saksi", "outweighs": "harm"}
    cli("case", "weigh", case_id, "--file", write("weigh.json", json.dumps(weigh)), user="agus")
    cli(
        "case", "conclude", case_id, "--file",
        write("conclude.yaml", "outcome: partly_exempt\nparts_withheld: [BAP saksi]\n"
                               f"period:\n  kind: until_date\n  end_date: {days(365)}\n"),
        user="agus",
    )  # fmt: skip
    cli("case", "submit", case_id, "--file", write("submit.yaml", "note: siap\n"), user="agus")
    cli("case", "approve", case_id, "--file", write("approve.yaml", "comments: ok\n"), user="rina")
    decree(cli, case_id)
    overturned = cli.json(
        "case", "overturn", case_id, "--file",
        write("overturn.yaml", "authority: komisi_informasi\nruling_reference: 001/KI/2026\n"
                               f"ruling_date: {days(0)}\nsummary: Dibuka\n"),
        user="rina",
    )  # fmt: skip
    assert overturned["state"] == "overturned"
    assert overturned["overturn"]["ruling_reference"] == "001/KI/2026"
    assert overturned["grounds"]["citations"][0]["ground"] == "17a2"
    assert overturned["conclusion"]["period"]["end_date"] == days(365)
    # Revise, return, withdraw and expire by file, on a second case.
    second = cli.json("case", "new", "--trigger", "proactive", user="siti")["case_id"]
    cli("case", "identify", second, "--file", write("identify2.json", json.dumps(identify)),
        user="siti")  # fmt: skip
    cli("case", "revise", second, "--file", write("revise.yaml", "to_step: identify\n"),
        user="siti")  # fmt: skip
    assert _state(cli, second) == "draft"
    cli("case", "withdraw", second, "--file", write("withdraw.yaml", "reason: Salah unit\n"),
        user="siti")  # fmt: skip
    assert _state(cli, second) == "withdrawn"


def test_list_filters_and_json(ready: Cli) -> None:
    cli = ready
    a = cli.json("case", "new", "--trigger", "proactive", "--summary", "A", user="siti")["case_id"]
    cli.json("case", "new", "--trigger", "proactive", "--summary", "B", user="budi")
    cli("case", "withdraw", a, "--reason", "Tidak perlu", user="siti")
    rows = cli.json("case", "list", user="budi")
    assert {r["title"] for r in rows} == {"A", "B"}
    assert [r["title"] for r in cli.json("case", "list", "--state", "withdrawn", user="budi")] == [
        "A"
    ]
    assert cli.json("case", "list", "--unit", "Tidak Ada", user="budi") == []
    assert len(cli.json("case", "list", "--unit", "Bagian Hukum", user="budi")) == 2
    text = flat(cli("case", "list", user="budi").stdout)
    assert "Ditarik" in text and "(withdrawn)" in text and f"{a}/1" in text
