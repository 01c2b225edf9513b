"""The command line's side of the web application: web passwords and ``ujikon serve``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from toolkit import cli_runner
from typer.testing import CliRunner

from ujikon.cli.main import app
from ujikon.service.workspace import Workspace


def _runner(workspace: Path) -> CliRunner:
    env = {"COLUMNS": "100", "NO_COLOR": "1", "UJIKON_WORKSPACE": str(workspace)}
    return CliRunner(env={**env, "UJIKON_DB": None, "UJIKON_USER": None})


def _authenticates(workspace: Path, username: str, password: str) -> bool:
    service = Workspace.locate(workspace).open()
    try:
        return service.authenticate(username, password) is not None
    finally:
        service.log.close()


def test_user_add_reads_the_password_from_stdin(tmp_path: Path) -> None:
    run = cli_runner(tmp_path / "ws", [])
    result = _runner(tmp_path / "ws").invoke(
        app,
        ["--as", "admin", "user", "add", "siti", "--role", "officer", "--password-stdin"],
        input="sandi-siti-yang-panjang\n",
    )
    assert result.exit_code == 0, result.output
    assert "web password set" in result.output
    assert _authenticates(tmp_path / "ws", "siti", "sandi-siti-yang-panjang")
    assert run("user", "list").exit_code == 0


def test_user_add_without_a_terminal_sets_no_password_and_says_how(tmp_path: Path) -> None:
    run = cli_runner(tmp_path / "ws", [])
    result = run("user", "add", "budi", "--role", "ppid", user="admin")
    assert "ujikon user passwd budi" in result.output
    assert not _authenticates(tmp_path / "ws", "budi", "")


def test_user_passwd_refuses_a_short_password_and_names_the_field(tmp_path: Path) -> None:
    cli_runner(tmp_path / "ws", [("siti", "officer")])
    result = _runner(tmp_path / "ws").invoke(
        app, ["--as", "admin", "user", "passwd", "siti", "--password-stdin"], input="pendek\n"
    )
    assert result.exit_code == 2
    assert "password" in result.output and "10" in result.output


def test_user_passwd_without_a_terminal_needs_password_stdin(tmp_path: Path) -> None:
    cli_runner(tmp_path / "ws", [("siti", "officer")])
    result = _runner(tmp_path / "ws").invoke(app, ["--as", "admin", "user", "passwd", "siti"])
    assert result.exit_code == 2
    assert "--password-stdin" in result.output


def test_an_officer_cannot_set_another_users_password(tmp_path: Path) -> None:
    cli_runner(tmp_path / "ws", [("siti", "officer"), ("wulan", "officer")])
    result = _runner(tmp_path / "ws").invoke(
        app,
        ["--as", "wulan", "user", "passwd", "siti", "--password-stdin"],
        input="sandi-wulan-untuk-siti\n",
    )
    assert result.exit_code == 3
    assert "admin-manages-users" in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_on_loopback(tmp_path: Path) -> None:
    cli_runner(tmp_path / "ws", [])
    port = _free_port()
    env = {**os.environ, "UJIKON_WORKSPACE": str(tmp_path / "ws")}
    env.pop("UJIKON_DB", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "ujikon.cli.main", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = b""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read()
                break
            except OSError:
                time.sleep(0.1)
        assert body == b"ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as r:
            page = r.read().decode()
        assert "Nama pengguna" in page and "Kata sandi" in page
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode()
    assert "No user has a web password yet" in " ".join(output.split())


def test_serve_refuses_a_workspace_that_does_not_exist(tmp_path: Path) -> None:
    result = _runner(tmp_path / "nowhere").invoke(app, ["serve", "--port", "1"])
    assert result.exit_code == 7
    assert "ujikon init" in result.output


def test_serve_refuses_several_workers_on_a_read_only_workspace(tmp_path: Path) -> None:
    """A read-only copy keeps its sessions in one process's memory: two workers would
    each know half of them."""
    cli_runner(tmp_path / "ws", [])
    runner = _runner(tmp_path / "ws")
    result = runner.invoke(
        app, ["serve", "--port", "1", "--workers", "2"], env={"UJIKON_READ_ONLY": "1"}
    )
    assert result.exit_code == 2, result.output
    assert "--workers" in result.output and "read-only" in " ".join(result.output.split())


def test_serve_hands_its_settings_to_every_worker_unchanged() -> None:
    from ujikon.service import SessionPolicy
    from ujikon.web.state import WebSettings

    settings = WebSettings(
        secure_cookies=False,
        max_upload_bytes=3,
        session=SessionPolicy(idle=60.0, max_sessions=7),
        forwarded_allow_ips=("127.0.0.1", "10.0.0.0/8"),
        public_url="https://ppid.example.go.id",
    )
    assert WebSettings.from_json(settings.to_json()) == settings
    assert WebSettings.from_json("{}") == WebSettings()
