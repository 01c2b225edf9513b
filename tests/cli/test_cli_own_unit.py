"""Every command that reads the workspace applies the same rule as the pages and the API:
it needs a known acting user (``--as`` / ``UJIKON_USER``), an officer sees their own unit's
cases only -- another unit's case id gets exactly the answer of an id no case has --, the
body-wide roles (PPID Utama, Atasan PPID, auditors) see every unit's.

The workspace: siti (officer, Bagian Hukum) and wulan (officer, BPKAD); budi (PPID Utama);
dewi (auditor). wulan's unit holds an approved case in a draft decree and a decreed case
(in the DIK); siti's unit a draft case.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from cli_support import Cli, decree, flat
from typer.testing import CliRunner

SAMPLES = Path(__file__).resolve().parents[2] / "ujikon" / "samples"

NO_USER = 6
NOT_FOUND = 5


@dataclass(frozen=True)
class Seeded:
    cli: Cli
    approved: str
    """wulan's approved case (BPKAD), listed in the draft decree."""
    decreed: str
    """wulan's decreed case (BPKAD), in the DIK."""
    own: str
    """siti's draft case (Bagian Hukum)."""
    draft_decree: str
    tmp: Path

    @property
    def missing(self) -> str:
        """A case id of the same shape that no case has."""
        year, number = self.approved.rsplit("-", 1)
        return f"{year}-{int(number) + 900:04d}"


def _seed(cli: Cli, tmp: Path) -> Seeded:
    cli("init", "--body-name", "Pemerintah Kabupaten Contoh")
    cli("user", "add", "admin", "--role", "admin")
    for name, role, unit in (
        ("siti", "officer", "Bagian Hukum"),
        ("wulan", "officer", "BPKAD"),
        ("budi", "ppid", "Diskominfo"),
        ("dewi", "auditor", "Inspektorat"),
    ):
        cli("user", "add", name, "--role", role, "--unit", unit, user="admin")
    approved = cli.json("case", "import", str(SAMPLES / "05-data-wajib-pajak.yaml"), user="wulan")
    cli("case", "approve", approved["case_id"], "--comment", "Setuju", user="budi")
    decreed = cli.json(
        "case", "import", str(SAMPLES / "03-dokumen-penawaran-tender.yaml"), user="wulan"
    )
    cli("case", "approve", decreed["case_id"], "--comment", "Setuju", user="budi")
    decree(cli, decreed["case_id"])
    draft = cli.json("decree", "draft", "--case", approved["case_id"], user="budi")
    own = cli.json("case", "new", "--trigger", "proactive", "--summary", "Uji", user="siti")
    return Seeded(
        cli, approved["case_id"], decreed["case_id"], own["case_id"], draft["decree_id"], tmp
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Seeded]:
    """The seeded workspace, built once; each test works on a copy of it."""
    root = tmp_path_factory.mktemp("own-unit")
    env: dict[str, str | None] = {
        "COLUMNS": "100",
        "LINES": "50",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "FORCE_COLOR": None,
        "UJIKON_WORKSPACE": str(root / "ws"),
        "UJIKON_DB": None,
        "UJIKON_USER": None,
    }
    return root / "ws", _seed(Cli(CliRunner(env=env), root / "ws"), root)


@pytest.fixture
def seeded(template: tuple[Path, Seeded], cli: Cli, tmp_path: Path) -> Seeded:
    source, seed = template
    shutil.copytree(source, cli.workspace)
    return replace(seed, cli=cli, tmp=tmp_path)


Argv = Callable[[Seeded], list[str]]

READING: dict[str, tuple[Argv, int]] = {
    # command: (its arguments, the auditor's exit code)
    "case show": (lambda s: ["case", "show", s.approved], 0),
    "case history": (lambda s: ["case", "history", s.approved], 0),
    "case lint": (lambda s: ["case", "lint", s.approved], 0),
    "case list": (lambda s: ["case", "list", "--json"], 0),
    "case search": (lambda s: ["case", "search", "", "--json"], 0),
    "case sheet": (lambda s: ["case", "sheet", s.approved, "--out", str(s.tmp / "ba.pdf")], 0),
    "register export": (lambda s: ["register", "export", "--json"], 0),
    "audit log": (lambda s: ["audit", "log", "--json"], 0),
    "audit pack": (lambda s: ["audit", "pack", "--out", str(s.tmp / "bukti.zip")], 0),
    "decree list": (lambda s: ["decree", "list", "--json"], 0),
    # a draft decree is its makers' working paper, as on the pages: not found to others
    "decree show": (lambda s: ["decree", "show", s.draft_decree], NOT_FOUND),
    "decree preview": (
        lambda s: ["decree", "preview", s.draft_decree, "--out", str(s.tmp / "p.pdf")],
        NO_USER,
    ),
    "digest show": (lambda s: ["digest", "show", "--json"], 0),
    "monev assess": (lambda s: ["monev", "assess", "--year", "2026", "--json"], 0),
}


def _masked(text: str, *ids: str) -> str:
    for ident in ids:
        text = text.replace(ident, "«ID»")
    return flat(text)


@pytest.mark.parametrize("command", sorted(READING))
def test_a_reading_command_needs_an_acting_user(seeded: Seeded, command: str) -> None:
    argv, _ = READING[command]
    result = seeded.cli(*argv(seeded), code=NO_USER)
    said = flat(result.output)
    assert "--as" in said and "UJIKON_USER" in said
    assert seeded.approved not in result.stdout


@pytest.mark.parametrize("command", sorted(READING))
def test_a_reading_command_refuses_an_unknown_user(seeded: Seeded, command: str) -> None:
    argv, _ = READING[command]
    result = seeded.cli(*argv(seeded), user="tamu", code=NO_USER)
    assert "tidak terdaftar" in flat(result.output)
    assert seeded.approved not in result.stdout


@pytest.mark.parametrize("command", sorted(READING))
def test_a_reading_command_refuses_an_unknown_user_from_the_environment(
    seeded: Seeded, command: str
) -> None:
    argv, _ = READING[command]
    seeded.cli.runner.env["UJIKON_USER"] = "tamu"
    result = seeded.cli(*argv(seeded), code=NO_USER)
    assert "tidak terdaftar" in flat(result.output)


@pytest.mark.parametrize("command", sorted(READING))
def test_the_auditor_reads_every_unit(seeded: Seeded, command: str) -> None:
    argv, code = READING[command]
    result = seeded.cli(*argv(seeded), user="dewi", code=code)
    if code == 0 and command not in ("audit pack", "decree list", "digest show"):
        assert seeded.approved in result.stdout or seeded.decreed in result.stdout


# -- an officer of unit A on unit B's cases ---------------------------------------------------


@pytest.mark.parametrize("command", ["show", "history", "lint", "sheet"])
def test_another_units_case_reads_as_a_missing_one(
    seeded: Seeded, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(seeded.tmp)  # `case sheet` without --out writes BA_<case>.pdf here
    cli = seeded.cli
    hidden = cli("case", command, seeded.approved, user="siti", code=NOT_FOUND)
    missing = cli("case", command, seeded.missing, user="siti", code=NOT_FOUND)
    assert _masked(hidden.output, seeded.approved) == _masked(missing.output, seeded.missing)
    assert "Badan Pendapatan" not in hidden.output and "SPT" not in hidden.output
    for ref in (f"{seeded.approved}/1", f"{seeded.approved}/2"):
        again = cli("case", command, ref, user="siti", code=NOT_FOUND)
        missing_rev = cli("case", command, f"{seeded.missing}/{ref[-1]}", user="siti", code=None)
        assert again.exit_code == missing_rev.exit_code == NOT_FOUND
        assert _masked(again.output, seeded.approved) == _masked(missing_rev.output, seeded.missing)
    # ... while its own unit's officer and the body-wide roles read it
    for user in ("wulan", "budi", "dewi"):
        cli("case", command, seeded.approved, user=user)


def test_an_officer_lists_their_own_units_cases_only(seeded: Seeded) -> None:
    ids = {row["case_id"] for row in seeded.cli.json("case", "list", user="siti")}
    assert ids == {seeded.own}
    text = seeded.cli("case", "list", user="siti").stdout
    assert seeded.approved not in text and seeded.decreed not in text
    # --unit asks for another unit: still only what the viewer may see
    assert seeded.cli.json("case", "list", "--unit", "BPKAD", user="siti") == []
    every = {row["case_id"] for row in seeded.cli.json("case", "list", user="dewi")}
    assert every == {seeded.own, seeded.approved, seeded.decreed}


def test_an_officer_finds_no_precedent_of_another_unit(seeded: Seeded) -> None:
    found = seeded.cli.json("case", "search", "", user="siti")
    assert found["results"] == []
    theirs = seeded.cli.json("case", "search", "", user="wulan")
    assert {p["ref"].split("/")[0] for p in theirs["results"]} == {
        seeded.approved,
        seeded.decreed,
    }
    assert len(seeded.cli.json("case", "search", "", "--limit", "1", user="dewi")["results"]) == 1


def test_the_register_is_the_bodys_public_register_for_every_role(seeded: Seeded) -> None:
    for user in ("siti", "wulan", "budi", "dewi", "admin"):
        rows = seeded.cli.json("register", "export", user=user)["rows"]
        assert [r["case"].split("/")[0] for r in rows] == [seeded.decreed], user


@pytest.mark.parametrize("user", ["siti", "wulan", "admin"])
def test_officers_and_the_administrator_do_not_read_the_whole_log(
    seeded: Seeded, user: str
) -> None:
    for argv in (["audit", "log", "--json"], ["audit", "pack", "--out", str(seeded.tmp / "x.zip")]):
        result = seeded.cli(*argv, user=user, code=NO_USER)
        assert seeded.approved not in result.stdout
    assert not (seeded.tmp / "x.zip").exists()


def test_the_ppid_utama_reads_the_log_and_packs_it(seeded: Seeded) -> None:
    rows = seeded.cli.json("audit", "log", user="budi")
    assert any(r.get("subject", "").startswith(f"case:{seeded.approved}") for r in rows)


def test_a_draft_decree_reads_as_a_missing_one_to_those_who_do_not_draft(seeded: Seeded) -> None:
    cli = seeded.cli
    missing = re.sub(r"\d{4}$", "0999", seeded.draft_decree)
    for user in ("siti", "dewi"):
        hidden = cli("decree", "show", seeded.draft_decree, user=user, code=NOT_FOUND)
        absent = cli("decree", "show", missing, user=user, code=NOT_FOUND)
        assert _masked(hidden.output, seeded.draft_decree) == _masked(absent.output, missing)
        assert seeded.approved not in hidden.output
    assert seeded.approved in cli("decree", "show", seeded.draft_decree, user="budi").stdout
    cli("decree", "preview", seeded.draft_decree, "--out", str(seeded.tmp / "p.pdf"), user="siti",
        code=NO_USER)  # fmt: skip


def test_an_officer_reads_their_own_digest_only(seeded: Seeded) -> None:
    cli = seeded.cli
    own = cli.json("digest", "show", "--user", "siti", user="siti")
    assert [d["user"] for d in own["digests"]] + own["nothing_to_report"] == ["siti"]
    for argv in (["digest", "show"], ["digest", "show", "--user", "wulan"]):
        result = cli(*argv, user="siti", code=NO_USER)
        assert seeded.approved not in result.stdout
    every = cli.json("digest", "show", user="budi")
    assert "wulan" in {d["user"] for d in every["digests"]} | set(every["nothing_to_report"])


def test_a_step_on_another_units_case_shows_nothing_of_it_first(seeded: Seeded) -> None:
    """``case submit`` prints the lint warnings before submitting, and ``answer-objection``
    names the objections awaiting an answer: neither for another unit's case."""
    cli = seeded.cli
    hidden = cli("case", "submit", seeded.approved, user="siti", code=NOT_FOUND)
    missing = cli("case", "submit", seeded.missing, user="siti", code=NOT_FOUND)
    assert _masked(hidden.output, seeded.approved) == _masked(missing.output, seeded.missing)
    hidden = cli(
        "case", "answer-objection", seeded.approved, "--outcome", "upheld", "--reference", "1",
        "--date", "2026-11-30", "--reasons", "x", user="siti", code=None,
    )  # fmt: skip
    missing = cli(
        "case", "answer-objection", seeded.missing, "--outcome", "upheld", "--reference", "1",
        "--date", "2026-11-30", "--reasons", "x", user="siti", code=None,
    )  # fmt: skip
    assert hidden.exit_code == missing.exit_code
    assert _masked(hidden.output, seeded.approved) == _masked(missing.output, seeded.missing)


def test_every_gated_command_exists_and_every_reading_command_is_tested() -> None:
    """The gate names commands by their function: a renamed one must not go ungated."""
    import typer.main

    from ujikon.cli.gate import READING_COMMANDS
    from ujikon.cli.main import app

    found: dict[str, str] = {}

    def walk(command: object, path: list[str]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])
        callback = getattr(command, "callback", None)
        if callback is not None and not hasattr(command, "commands"):
            found[f"{callback.__module__}.{callback.__name__}"] = " ".join(path)

    walk(typer.main.get_command(app), [])
    assert set(READING_COMMANDS) <= set(found), set(READING_COMMANDS) - set(found)
    assert {found[name] for name in READING_COMMANDS} == set(READING)
