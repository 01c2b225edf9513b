"""``ujikon register export`` and ``ujikon register import`` on a real workspace."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from register_support import OLD_REGISTER_HEADER, PERMANENT, case_plan
from typer.testing import CliRunner, Result

from ujikon.cli.main import app
from ujikon.dates import WIB
from ujikon.service.workspace import Workspace

READER = "dewi"
"""The acting user of the reading commands (the DIK is every role's to read)."""


class Cli:
    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace
        self.runner = CliRunner(
            env={
                "COLUMNS": "160",
                "NO_COLOR": "1",
                "TERM": "dumb",
                "UJIKON_WORKSPACE": str(workspace),
                "UJIKON_DB": None,
                "UJIKON_USER": None,
            }
        )

    def __call__(self, *args: str, code: int = 0) -> Result:
        result = self.runner.invoke(app, list(args))
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == code, result.output
        return result


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[Cli]:
    """A workspace with users and two decreed cases (today), on the real clock."""
    ws = tmp_path / "ws"
    service = Workspace.locate(ws).init()
    try:
        from toolkit import add_users

        add_users(service)
        for plan in (
            case_plan("Rekam medis pegawai", "BKPSDM", "17h2", PERMANENT),
            case_plan(
                "Berkas penyidikan",
                "Satpol PP",
                "17a1",
                {
                    "kind": "until_date",
                    "end_date": (date.today() + timedelta(days=300)).isoformat(),
                },
            ),
        ):
            case = service.import_case(None, plan)
            service.act("budi", case.case_id, "approve", {"comments": "Setuju."})
            service.act(
                "budi",
                case.case_id,
                "include_in_decree",
                {"decree_number": "188.4/001/PPID/2026", "decree_date": service.today()},
            )
    finally:
        service.log.close()
    yield Cli(ws)


def test_export_writes_the_file_and_says_what_it_wrote(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "dik.csv"
    result = cli("--as", READER, "register", "export", "--out", str(target))
    assert "2 informasi / items" in result.stdout and "(csv)" in result.stdout
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["Unit Pemilik Informasi"] for r in rows] == ["BKPSDM", "Satpol PP"]


def test_export_filters_and_prints_json(cli: Cli) -> None:
    data = json.loads(cli("--as", READER, "register", "export", "--ground", "17h", "--json").stdout)
    assert data["as_of"] == datetime.now(WIB).date().isoformat()  # today in WIB
    assert [r["grounds"] for r in data["rows"]] == [["17h2"]]
    assert data["file"] is None
    none = json.loads(
        cli("--as", READER, "register", "export", "--unit", "Dinas X", "--json").stdout
    )
    assert none["rows"] == []


def test_export_in_the_past_and_the_format_from_the_suffix(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "dik.xlsx"
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    data = json.loads(
        cli(
            "--as",
            READER,
            "register",
            "export",
            "--out",
            str(target),
            "--as-of",
            yesterday,
            "--json",
        ).stdout
    )
    assert data["rows"] == [] and data["format"] == "xlsx"
    assert target.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--as-of", "2999-01-01", "--json"], "future"),
        (["--ground", "17x", "--json"], "not a ground of Pasal 17"),
        (["--out", "dik.docx"], "give one of csv, xlsx, html, pdf"),
        ([], "give a file (or --json)"),
    ],
)
def test_export_refuses_what_it_cannot_do(cli: Cli, args: list[str], words: str) -> None:
    result = cli("--as", READER, "register", "export", *args, code=2)
    assert words in " ".join(result.output.split())


def _old_register(path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["No", "Informasi yang Dikecualikan", "Unit", "Dasar Hukum",
                         "Konsekuensi", "Kepentingan Publik", "Jangka Waktu"])  # fmt: skip
        writer.writerow(["1", "Data kesehatan", "RSUD", "Pasal 17 huruf h", "Stigma",
                         "Akuntabilitas", "Permanen"])  # fmt: skip
        writer.writerow(["2", "Data pajak", "BPKAD", "Pasal 17 huruf j", "-", "", "Permanen"])
    return path


def test_import_prints_the_defects_table(cli: Cli, tmp_path: Path) -> None:
    path = _old_register(tmp_path / "dik-lama.csv")
    result = cli("--as", "siti", "register", "import", str(path))
    text = " ".join(result.stdout.split())
    for words in (
        "ground-needs-item",
        "17j-needs-statute",
        "harm-per-ground",
        "public-interest-weighed",
        "Disimpan / stored: 2 kasus draf",
        "nothing is exempted",
    ):
        assert words in text, words


def test_import_json_and_dry_run(cli: Cli, tmp_path: Path) -> None:
    path = _old_register(tmp_path / "dik-lama.csv")
    data = json.loads(
        cli("register", "import", str(path), "--by", "wulan", "--dry-run", "--json").stdout
    )
    assert data["stored"] is False
    assert [[d["rule"] for d in r["defects"]] for r in data["rows"]] == [
        ["ground-needs-item"],
        ["17j-needs-statute", "harm-per-ground", "public-interest-weighed"],
    ]
    assert data["summary"]["defects_by_rule"]["17j-needs-statute"] == 1
    listed = json.loads(cli("--as", READER, "case", "list", "--json").stdout)
    assert len(listed) == 2  # only the two decreed cases of the fixture


def test_import_of_a_malformed_file_exits_2_and_stores_nothing(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "rusak.csv"
    path.write_text('No;Informasi yang Dikecualikan;Dasar Hukum\n1;"tanpa tutup;17h2\n', "utf-8")
    result = cli("--as", "siti", "register", "import", str(path), code=2)
    assert "rusak.csv" in result.output
    listed = json.loads(cli("--as", READER, "case", "list", "--json").stdout)
    assert len(listed) == 2


def test_import_asks_for_a_mapping(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "dik.csv"
    path.write_text("No,Uraian,Pasal yang dipakai\n1,Data,17h2\n", encoding="utf-8")
    result = cli("--as", "siti", "register", "import", str(path), code=2)
    text = " ".join(result.output.split())
    assert "required columns not recognised" in text
    assert "B 'Uraian'" in text
    mapped = json.loads(
        cli(
            "--as", "siti", "register", "import", str(path), "--map", "Uraian=information",
            "--map", "Pasal yang dipakai=legal_basis", "--json",
        ).stdout
    )  # fmt: skip
    assert mapped["stored"] is True
    assert mapped["missing_columns"] == ["consequence", "public_interest", "period"]


@pytest.fixture
def ending_cli(tmp_path: Path) -> Iterator[Cli]:
    """A workspace with two cases decreed today: one ending in 20 days, one in 60."""
    ws = tmp_path / "ws-ending"
    service = Workspace.locate(ws).init()
    try:
        from toolkit import add_users

        add_users(service)
        for title, days in (("Penawaran A", 20), ("Penawaran B", 60)):
            end = (service.today() + timedelta(days=days)).isoformat()
            plan = case_plan(title, "BPKAD", "17b", {"kind": "until_date", "end_date": end})
            case = service.import_case(None, plan)
            service.act("budi", case.case_id, "approve", {"comments": "Setuju."})
            service.act(
                "budi",
                case.case_id,
                "include_in_decree",
                {"decree_number": "188.4/002/PPID/2026", "decree_date": service.today()},
            )
    finally:
        service.log.close()
    yield Cli(ws)


def test_export_ending_within_lists_only_what_ends_that_soon(ending_cli: Cli) -> None:
    everything = json.loads(ending_cli("--as", READER, "register", "export", "--json").stdout)
    assert [(r["days_left"], r["ending_window"]) for r in everything["rows"]] == [
        (20, [0, 30]),
        (60, [31, 90]),
    ]
    assert everything["ending_within"] is None
    soon = json.loads(
        ending_cli("--as", READER, "register", "export", "--ending-within", "30", "--json").stdout
    )
    assert soon["ending_within"] == 30
    assert [r["information"] for r in soon["rows"]] == ["Informasi dalam Penawaran A"]
    assert soon["rows"][0]["ending"].startswith("Berakhir dalam 30 hari (20 hari lagi)")
    within_90 = json.loads(
        ending_cli("--as", READER, "register", "export", "--ending-within", "90", "--json").stdout
    )
    assert len(within_90["rows"]) == 2


def test_export_ending_within_refuses_other_numbers(ending_cli: Cli) -> None:
    result = ending_cli(
        "--as", READER, "register", "export", "--ending-within", "45", "--json", code=2
    )
    assert "30 atau / or 90" in " ".join(result.output.split())


def test_export_says_how_many_end_soon_and_writes_the_column(
    ending_cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "dik.csv"
    result = ending_cli(
        "--as", READER, "register", "export", "--out", str(target), "--ending-within", "30"
    )
    text = " ".join(result.stdout.split())
    assert "(Berakhir dalam 30 hari): 1 informasi / items" in text
    assert "berakhir dalam 30 hari / ends within 30 days: 1" in text
    assert "31–90" not in text
    with target.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["Berakhir Dalam"].startswith("Berakhir dalam 30 hari (20 hari lagi)")


def _report_lines(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    from openpyxl import load_workbook

    sheet = load_workbook(path)["Cacat"]
    header, *rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, map(str, row), strict=True)) for row in rows]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_import_writes_a_defects_report_a_ppid_can_act_on(
    cli: Cli, tmp_path: Path, suffix: str
) -> None:
    """In Bahasa Indonesia, by the register's own item number, each finding with what would
    satisfy its rule; 'tidak ada cacat' only where every check could run."""
    path = tmp_path / "dik.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(OLD_REGISTER_HEADER)
        writer.writerow(
            [
                "A.1",
                "Rekam medis pegawai",
                "BKPSDM",
                "Pasal 17 huruf h angka 2",
                "Riwayat penyakit pegawai diketahui rekan kerja sehingga ia dikucilkan",
                "Warga dapat mengawasi layanan, namun privasi pasien lebih berat",
                "Permanen",
                "2025-03-12",
            ]
        )
        writer.writerow(
            ["A.2", "Data pajak", "BPKAD", "Pasal 17 huruf j", "idem", "", "Permanen", "2025-03-12"]
        )
        writer.writerow(["A.3", "Hasil asesmen pegawai", "", "Pasal 17 huruf h angka 4",
                         "Nilai asesmen yang rendah dipakai atasan untuk menekan pegawai",
                         "Warga dapat mengawasi seleksi, namun privasi pegawai lebih berat",
                         "Permanen", "2025-03-12"])  # fmt: skip
    report = tmp_path / f"cacat{suffix}"
    result = cli("--as", "siti", "register", "import", str(path), "--dry-run",
                 "--report", str(report))  # fmt: skip
    lines = _report_lines(report)
    assert f"({len(lines)} baris / lines)" in result.stdout
    assert list(lines[0]) == ["No. Butir", "Baris Berkas", "Kasus", "Informasi", "Aturan",
                              "Pasal", "Kolom", "Cacat",
                              "Yang Memenuhi Aturan (contoh)"]  # fmt: skip
    by_item: dict[str, list[dict[str, str]]] = {}
    for line in lines:
        by_item.setdefault(line["No. Butir"], []).append(line)
    assert [line["Cacat"] for line in by_item["A.1"]] == ["Tidak ada cacat."]
    rules = [line["Aturan"] for line in by_item["A.2"]]
    assert rules == ["17j-needs-statute", "harm-per-ground", "public-interest-weighed"]
    assert all(line["Yang Memenuhi Aturan (contoh)"].strip() for line in by_item["A.2"])
    assert all(line["Baris Berkas"] == "3" for line in by_item["A.2"])
    (unchecked,) = by_item["A.3"]
    assert unchecked["Aturan"] == ""
    assert "belum dapat diperiksa" in unchecked["Cacat"]
    assert "unit pemilik informasi" in unchecked["Cacat"]
    english = ("rule", "the ", "harm", "defect", "row")
    for line in lines:
        for value in (line["Cacat"], line["Yang Memenuhi Aturan (contoh)"]):
            assert not any(word in value.lower().split() for word in english), value


def test_import_writes_the_defects_report_as_a_pdf_working_paper(cli: Cli, tmp_path: Path) -> None:
    """The same findings as a PDF to print and sign off: its item numbers, rules and what
    would satisfy them, in Bahasa Indonesia, every font embedded."""
    import subprocess

    path = _old_register(tmp_path / "dik-lama.csv")
    report = tmp_path / "cacat.pdf"
    cli("--as", "siti", "register", "import", str(path), "--dry-run", "--report", str(report))
    assert report.read_bytes().startswith(b"%PDF-")
    text = " ".join(
        subprocess.run(["pdftotext", "-layout", str(report), "-"], capture_output=True,
                       text=True, check=True).stdout.split()
    )  # fmt: skip
    assert "LAPORAN CACAT REGISTER DAFTAR INFORMASI YANG DIKECUALIKAN" in text
    assert "Berkas: dik-lama.csv" in text
    for word in ("Butir", "Aturan", "Pasal", "Cacat", "17j-needs-statute", "harm-per-ground"):
        assert word in text, word
    assert "Halaman 1 dari" in text
    fonts = subprocess.run(["pdffonts", str(report)], capture_output=True, text=True, check=True)
    listed = fonts.stdout.splitlines()[2:]
    assert listed and all(line.split()[-5] == "yes" for line in listed), fonts.stdout


def test_import_report_of_another_kind_is_refused_before_anything_is_stored(
    cli: Cli, tmp_path: Path
) -> None:
    path = _old_register(tmp_path / "dik-lama.csv")
    result = cli("--as", "siti", "register", "import", str(path), "--report",
                 str(tmp_path / "cacat.docx"), code=2)  # fmt: skip
    assert "--report" in result.output and ".pdf" in result.output
    listed = json.loads(cli("--as", READER, "case", "list", "--json").stdout)
    assert len(listed) == 2


def test_case_show_and_case_lint_carry_the_old_registers_findings(cli: Cli, tmp_path: Path) -> None:
    path = _old_register(tmp_path / "dik-lama.csv")
    data = json.loads(cli("--as", "siti", "register", "import", str(path), "--json").stdout)
    ref = data["rows"][1]["case"]  # row 2: 17j without a statute, no harm, no public interest
    shown = " ".join(cli("--as", "siti", "case", "show", ref).stdout.split())
    assert "Temuan DIK lama" in shown
    assert "17j-needs-statute" in shown and "harm-per-ground" in shown
    record = json.loads(cli("--as", "siti", "case", "show", ref, "--json").stdout)
    assert [f["rule"] for f in record["register_findings_open"]] == [
        "17j-needs-statute",
        "harm-per-ground",
        "public-interest-weighed",
    ]
    linted = " ".join(cli("--as", "siti", "case", "lint", ref).stdout.split())
    assert "DIK lama" in linted and "[public-interest-weighed]" in linted
