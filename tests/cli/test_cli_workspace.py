"""``ujikon init``, users, the index, error reporting and the entry point."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from cli_support import Cli, flat

from ujikon.cli.common import format_time_wib
from ujikon.cli.main import format_date_id, main


def test_init_is_idempotent_and_prints_workspace_and_db(cli: Cli) -> None:
    first = cli("init", "--body-name", "Pemerintah Kabupaten Contoh")
    text = flat(first.stdout)
    assert str(cli.workspace.resolve()) in text
    assert f"sqlite:///{cli.workspace.resolve() / 'ujikon.db'}" in text
    assert "Pemerintah Kabupaten Contoh" in text
    second = cli("init")
    assert "Pemerintah Kabupaten Contoh" in flat(second.stdout)
    assert (cli.workspace / "ujikon.db").is_file()


def test_init_masks_the_password_of_the_db_url(cli: Cli) -> None:
    result = cli("--db", "postgresql://ppid:s3cret@127.0.0.1:1/nope", "init", code=7)
    assert "s3cret" not in result.output
    assert "***" in result.output


def test_commands_before_init_say_to_run_init(cli: Cli) -> None:
    cli.workspace.mkdir()
    result = cli("case", "list", code=7)
    assert "ujikon init" in flat(result.stderr)


def test_first_user_must_be_admin(cli: Cli) -> None:
    cli("init")
    refused = cli("user", "add", "siti", "--role", "officer", code=3)
    assert "admin-manages-users" in flat(refused.stderr)
    assert cli.json("user", "list") == []
    cli("user", "add", "admin", "--role", "admin", "--full-name", "Admin PPID")
    users = cli.json("user", "list")
    assert [(u["username"], u["role"], u["added_by"]) for u in users] == [
        ("admin", "admin", "admin")
    ]


def test_later_users_need_an_admin(ready: Cli) -> None:
    added = ready(
        "user", "add", "dewi", "--role", "auditor", "--full-name", "Dewi", "--nip", "198001",
        user="admin",
    )  # fmt: skip
    assert "dewi" in added.stdout
    refused = ready("user", "add", "joko", "--role", "officer", user="siti", code=3)
    message = flat(refused.stderr)
    assert "admin-manages-users" in message
    assert "Aturan / Rule" in message
    assert "joko" not in {u["username"] for u in ready.json("user", "list")}
    nobody = ready("user", "add", "joko", "--role", "officer", code=6)
    assert "--as" in flat(nobody.stderr)


def test_user_list_table(ready: Cli) -> None:
    text = flat(ready("user", "list").stdout)
    for name in ("admin", "siti", "budi", "hendra"):
        assert name in text
    assert "PPID Utama" in text


def test_unknown_role_is_a_usage_error(ready: Cli) -> None:
    result = ready("user", "add", "x1", "--role", "boss", user="admin", code=2)
    assert "boss" in result.output


def test_index_rebuild(ready: Cli) -> None:
    for _ in range(2):
        ready("case", "new", "--trigger", "proactive", user="siti")
    result = ready("index", "rebuild")
    assert "2" in flat(result.stdout)
    assert len(ready.json("case", "list", user="budi")) == 2


def test_acting_user_from_the_environment(ready: Cli, runner_env: dict[str, str | None]) -> None:
    result = ready.runner.invoke(
        __import__("ujikon.cli.main").cli.main.app,
        ["case", "new", "--trigger", "proactive"],
        env={**runner_env, "UJIKON_USER": "siti"},
    )
    assert result.exit_code == 0, result.output
    assert ready.json("case", "list", user="budi")[0]["opened_by"] == "siti"


def test_workspace_option_overrides_the_environment(cli: Cli, tmp_path: Path) -> None:
    other = tmp_path / "other"
    result = cli("--workspace", str(other), "init")
    assert str(other.resolve()) in flat(result.stdout)
    assert (other / "ujikon.db").is_file()
    assert not (cli.workspace / "ujikon.db").exists()


def test_format_date_id() -> None:
    assert format_date_id(date(2026, 11, 25)) == "25 November 2026"
    assert format_date_id(date(2027, 8, 1)) == "1 Agustus 2027"
    assert format_date_id("2026-02-03") == "3 Februari 2026"
    assert format_date_id(None) == "-"
    # 20:30 UTC is already the next day in WIB (UTC+7).
    assert format_date_id(datetime.fromisoformat("2026-12-31T20:30:00+00:00")) == "1 Januari 2027"
    assert format_time_wib(datetime.fromisoformat("2026-11-25T04:05:00+00:00")) == (
        "25 November 2026 11.05 WIB"
    )


def test_main_runs_standalone_and_exits_with_the_error_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UJIKON_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.delenv("UJIKON_DB", raising=False)
    with pytest.raises(SystemExit) as ok:
        main(["init"])
    assert ok.value.code == 0
    with pytest.raises(SystemExit) as refused:
        main(["user", "add", "siti", "--role", "officer"])
    assert refused.value.code == 3
    assert "admin-manages-users" in flat(capsys.readouterr().err)


def test_start_up_imports_no_store_and_no_pdf_library() -> None:
    code = (
        "import sys, ujikon.cli.main; "
        "print(sorted(m for m in ('sqlalchemy', 'weasyprint', 'pyhanko', 'alembic', 'psycopg') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
