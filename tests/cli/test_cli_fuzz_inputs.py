"""Fuzzing the CLI's file inputs: whatever a case file, a step file or a register holds,
the command answers with an exit code of the documented set and never a traceback, and a
refused command leaves the log as it was.

The CLI runs in-process (click's runner, on the command built once); an exception other
than ``SystemExit`` is re-raised, so a traceback fails the test and Hypothesis shrinks the
input to the smallest one that shows it. A command that succeeds must have stored no text
that rule ``storable-text`` refuses. About 650 runs, some ten seconds.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_support import Cli, days
from click.testing import CliRunner as ClickRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from ujikon.cli.main import app
from ujikon.service.workspace import Workspace
from ujikon.store import open_store
from ujikon.store.api import EventLog

EXIT_CODES = {0, 2, 3, 5, 6}
"""What a file input may end with: done, bad input, a rule refused, not found, not allowed
(``ujikon.errors``; 2 is also typer's own usage error)."""

COMMAND = get_command(app)
"""Built once: typer builds the click command on every invocation, which costs more than
most of the commands fuzzed here."""

UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
    "|\r(?!\n)"
)
"""What rule storable-text keeps out of the log (written out here, not imported)."""

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


class Stage:
    def __init__(self, root: Path) -> None:
        env: dict[str, str | None] = {
            "COLUMNS": "100",
            "NO_COLOR": "1",
            "TERM": "dumb",
            "FORCE_COLOR": None,
            "UJIKON_WORKSPACE": str(root / "ws"),
            "UJIKON_DB": None,
            "UJIKON_USER": None,
        }
        self.cli = Cli(CliRunner(env=env), root / "ws")
        self.runner = ClickRunner(env=env)
        self.files = root / "files"
        self.files.mkdir()
        self.cli("init", "--body-name", "Pemerintah Kabupaten Contoh")
        self.cli("user", "add", "admin", "--role", "admin")
        for name, role in (("siti", "officer"), ("budi", "ppid")):
            self.cli("user", "add", name, "--role", role, "--unit", "Hukum", user="admin")
        opened = self.cli.json("case", "new", "--trigger", "proactive", "--summary", "Uji",
                               user="siti")  # fmt: skip
        self.case = str(opened["case_id"])
        self.count = 0
        self.log: EventLog | None = None

    def head(self) -> tuple[int, str]:
        if self.log is None:  # one reader for the module: opening a service costs more
            self.log = open_store(Workspace.locate(self.cli.workspace).db_url)
        head = self.log.head()
        return head.seq, head.hash

    def path(self, suffix: str) -> Path:
        self.count += 1
        return self.files / f"masukan-{self.count}{suffix}"

    def run(self, *args: str) -> None:
        before = self.head()
        result = self.runner.invoke(COMMAND, ["--as", "siti", *args], prog_name="ujikon")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception  # a traceback: Hypothesis shrinks the input that made it
        assert result.exit_code in EXIT_CODES, f"exit {result.exit_code}:\n{result.output}"
        assert "Traceback" not in result.output
        if result.exit_code != 0:
            assert self.head() == before, f"refused, yet the log changed:\n{result.output}"
            assert result.stderr.strip(), "a refusal says why"
            return
        assert self.log is not None
        for event in self.log.read_all(after_seq=before[0]):  # rule storable-text held
            for text in _texts(event.payload):
                assert not UNSAFE.search(text), f"stored {text!r} in {event.action}"


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    made = Stage(tmp_path_factory.mktemp("fuzz"))
    yield made
    if made.log is not None:
        made.log.close()


# -- strategies -----------------------------------------------------------------------------

texts = st.text(max_size=12) | st.sampled_from(
    ["", "siti", "budi", "17h2", "Pasal 17 huruf h", "2026-02-30", "\x1b[2J", "a\u202eb", "\ufeff"]
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | texts
    | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


def _or_noise(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return strategy | values


triggers = st.fixed_dictionaries(
    {"kind": _or_noise(st.sampled_from(["proactive", "request", "ki_order"]))},
    optional={
        "reference": _or_noise(st.text(max_size=10)),
        "dated": _or_noise(st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 1, 1))),
        "note": _or_noise(texts),
    },
)
plans = st.fixed_dictionaries(
    {"open": _or_noise(st.fixed_dictionaries({"trigger": triggers}, optional={"summary": texts}))},
    optional={
        "format": _or_noise(st.just("ujikon/case-1")),
        "by": _or_noise(st.sampled_from(["siti", "budi", "admin", "nobody"])),
        "identify": _or_noise(
            st.fixed_dictionaries(
                {
                    "document": _or_noise(
                        st.fixed_dictionaries(
                            {
                                "title": texts,
                                "owning_unit": texts,
                                "dated": _or_noise(st.dates(max_value=date(2026, 1, 1))),
                                "form": _or_noise(st.sampled_from(["printed", "electronic"])),
                            }
                        )
                    ),
                    "information": texts,
                    "scope": _or_noise(st.sampled_from(["whole", "part"])),
                },
                optional={"parts": _or_noise(st.lists(texts, max_size=3)), "by": texts},
            )
        ),
        "cite_grounds": values,
        "submit": values,
        "then": _or_noise(st.lists(st.dictionaries(texts, values, max_size=2), max_size=2)),
    },
)


def _dump(data: Any, as_json: bool) -> str:
    if as_json:
        return json.dumps(data, default=str, ensure_ascii=bool(len(str(data)) % 2))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


PLAN_TEXT = f"""\
format: ujikon/case-1
by: siti
open:
  trigger: {{kind: request, reference: "045/PPID/X/2026", dated: {days(-3)}}}
  summary: Berkas kepegawaian
identify:
  document: {{title: Berkas, owning_unit: BKPSDM, dated: {days(-200)}, form: printed}}
  information: Hasil pemeriksaan kesehatan pegawai
  scope: part
  parts: [Lampiran 4]
then:
  - withdraw: {{reason: Tidak jadi}}
"""

SPECIALS = [
    "\x00", "\x1b[2J", "\u202e", "\u200b", "&a ", "*a", "!!", "!!binary ", "<<: ", "? ",
    "--- \n", "\nby: budi\n", "2026-02-30", "!!python/object/apply:os.getcwd []",
    "[" * 40, "9" * 5000,
]  # fmt: skip
"""What a YAML file can hold that a case file must not (or that PyYAML reads oddly)."""

LINES = PLAN_TEXT.count("\n")

edits = st.lists(
    st.tuples(
        st.sampled_from(["value", "line", "char"]),
        st.integers(min_value=0, max_value=len(PLAN_TEXT)),
        st.sampled_from(SPECIALS) | st.sampled_from(string.printable),
    ),
    min_size=1,
    max_size=4,
)
"""Edits of a valid case file: a value replaced, a line inserted, or characters inserted."""


def _mutate(text: str, changes: list[tuple[str, int, str]]) -> str:
    for how, at, insert in changes:
        lines = text.split("\n")
        n = at % len(lines)
        if how == "value":  # the value after the line's first ': ' (or the whole line)
            key, sep, _ = lines[n].partition(": ")
            lines[n] = f"{key}{sep}{insert}" if sep else insert
        elif how == "line":
            indent = lines[n][: len(lines[n]) - len(lines[n].lstrip())]
            lines.insert(n, indent + insert.strip("\n"))
        else:
            at %= len(text) + 1
            text = text[:at] + insert + text[at:]
            continue
        text = "\n".join(lines)
    return text


# -- the tests ------------------------------------------------------------------------------


@FUZZ
@given(data=plans, as_json=st.booleans())
def test_case_import_of_any_structure(stage: Stage, data: dict[str, Any], as_json: bool) -> None:
    path = stage.path(".json" if as_json else ".yaml")
    path.write_text(_dump(data, as_json), encoding="utf-8")
    stage.run("case", "import", str(path))


@FUZZ
@given(changes=edits)
def test_case_import_of_a_damaged_case_file(
    stage: Stage, changes: list[tuple[str, int, str]]
) -> None:
    path = stage.path(".yaml")
    path.write_text(_mutate(PLAN_TEXT, changes), encoding="utf-8")
    stage.run("case", "import", str(path))


@FUZZ
@given(
    raw=st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    suffix=st.sampled_from([".yaml", ".json", ".yml"]),
)
def test_case_import_of_any_bytes(stage: Stage, raw: bytes, suffix: str) -> None:
    path = stage.path(suffix)
    path.write_bytes(raw)
    stage.run("case", "import", str(path))


@FUZZ
@given(data=values | plans, as_json=st.booleans())
def test_identify_file_of_any_structure(stage: Stage, data: Any, as_json: bool) -> None:
    path = stage.path(".json" if as_json else ".yaml")
    path.write_text(_dump(data, as_json), encoding="utf-8")
    stage.run("case", "identify", stage.case, "--file", str(path))


cells = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)


@settings(FUZZ, max_examples=60)
@given(rows=st.lists(st.lists(cells, min_size=1, max_size=9), min_size=1, max_size=5),
       delimiter=st.sampled_from([";", ",", "\t"]))  # fmt: skip
def test_register_import_of_any_table(stage: Stage, rows: list[list[str]], delimiter: str) -> None:
    header = ["No", "Informasi yang Dikecualikan", "Pemilik Informasi", "Dasar Hukum",
              "Konsekuensi", "Kepentingan Publik", "Jangka Waktu", "Tanggal Dokumen"]  # fmt: skip
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    path = stage.path(".csv")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stage.run("register", "import", str(path), "--dry-run")
    stage.run("register", "import", str(path))
