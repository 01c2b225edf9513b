"""Text already in the log (written by an older version, before rule ``storable-text``)
cannot drive the terminal of whoever reads it: the CLI writes control, bidi and
zero-width characters out (``\\x1b``), and ``--json`` escapes them the JSON way."""

from __future__ import annotations

import io
import json

import pytest
from cli_support import Cli
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ujikon.cli.terminal import TerminalConsole, json_text, showing

HOSTILE = "Rekam medis\x1b[2J\x1b]0;DISETUJUI\x07 gaji\u202efdp.exe\u200b\x9b31m"
RAW = ("\x1b[2J", "\x1b]0;", "\x07", "\u202e", "\u200b", "\x9b")


def _raw_in(text: str) -> list[str]:
    return [r for r in RAW if r in text]


def test_a_terminal_console_shows_the_characters_and_keeps_its_own_styles() -> None:
    buffer = io.StringIO()
    console = TerminalConsole(file=buffer, force_terminal=True, color_system="standard", width=200)
    table = Table("kolom")
    table.add_row(HOSTILE)
    console.print(Text(HOSTILE, style="bold red"))
    console.print(table)
    output = buffer.getvalue()
    assert _raw_in(output) == []
    assert "\\x1b[2J" in output and "\\u202e" in output and "\\x9b31m" in output
    assert "\x1b[1;31m" in output  # Rich's own style codes are untouched


def test_showing_turns_a_plain_console_into_a_terminal_console() -> None:
    buffer = io.StringIO()
    console = showing(Console(file=buffer, markup=False))
    console.print(HOSTILE)
    assert isinstance(console, TerminalConsole)
    assert _raw_in(buffer.getvalue()) == []


def test_json_text_escapes_them_and_reads_back_the_same() -> None:
    data = {"summary": HOSTILE, "ok": "Reviu DIK — “tahunan” ✓"}
    text = json_text(data)
    assert _raw_in(text) == []
    assert json.loads(text) == data
    assert "“tahunan” ✓" in text


@pytest.fixture
def poisoned(ready: Cli, monkeypatch: pytest.MonkeyPatch) -> str:
    """A case whose summary an older ujikon stored with escape sequences in it."""
    import ujikon.domain.text as text

    with monkeypatch.context() as old_version:
        old_version.setattr(text, "first_unsafe", lambda _: None)
        data = ready.json(
            "case", "new", "--trigger", "proactive", "--summary", HOSTILE, user="siti"
        )
    return str(data["case_id"])


@pytest.mark.parametrize(
    "command", [("case", "show"), ("case", "history"), ("case", "list")], ids=" ".join
)
def test_stored_escape_sequences_reach_no_terminal(
    ready: Cli, poisoned: str, command: tuple[str, ...]
) -> None:
    args = [*command, poisoned] if command != ("case", "list") else list(command)
    result = ready(*args, user="siti")
    assert _raw_in(result.stdout) == [], result.stdout
    if command != ("case", "history"):  # the history shows no summary
        assert "\\x1b[2J" in result.stdout


def test_the_json_of_a_stored_escape_sequence_is_escaped_and_reads_back(
    ready: Cli, poisoned: str
) -> None:
    result = ready("case", "show", poisoned, "--json", user="siti")
    assert _raw_in(result.stdout) == [], result.stdout
    assert json.loads(result.stdout)["summary"] == HOSTILE


def test_an_error_quoting_what_was_typed_reaches_no_terminal(ready: Cli) -> None:
    """An id typed with escape sequences in it is quoted by "not found" on stderr."""
    result = ready("case", "show", "UK-2026-9999\x1b]0;owned\x07\x1b[2J", user="siti", code=None)
    assert result.exit_code != 0
    assert _raw_in(result.output) == [], result.output


def test_the_audit_log_shows_a_stored_escape_sequence_written_out(
    ready: Cli, poisoned: str
) -> None:
    for args in (("audit", "log"), ("audit", "log", "--json"), ("audit", "log", "--csv", "-")):
        result = ready(*args, user="budi")
        assert _raw_in(result.stdout) == [], result.stdout
