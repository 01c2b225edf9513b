"""Every refused command, through the real CLI: a non-zero exit, no traceback, a message
that names the field or the rule, and the log exactly as it was (same number of events,
same head hash).

One workspace serves the whole module: a refusal stores nothing, so each command finds
the workspace as the one before left it -- and if one did store something, its own
before/after comparison fails, not a later one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_support import Cli, days, flat
from typer.testing import CliRunner

from ujikon.documents.keys import create_dev_ca
from ujikon.service.workspace import Workspace

PASSPHRASE = "kata-sandi-uji"

CASE = """\
format: ujikon/case-1
by: siti
open:
  trigger: {{kind: proactive}}
  summary: {summary}
identify:
  document:
    title: Berkas Kepegawaian
    owning_unit: BKPSDM
    dated: {dated}
    form: printed
  information: Hasil pemeriksaan kesehatan pegawai
  scope: whole
  whole_justification: Seluruh berkas memuat data kesehatan
"""

IDENTIFY = """\
document:
  title: Berkas
  owning_unit: BKPSDM
  dated: {dated}
  form: printed
information: Isi
scope: whole
whole_justification: Seluruhnya
"""


@dataclass
class Stage:
    cli: Cli
    dir: Path
    case: str
    """A case at ``identified``, by siti."""
    key: Path
    """A valid PKCS#12 key (passphrase :data:`PASSPHRASE`)."""

    def file(self, name: str, content: str | bytes) -> str:
        path = self.dir / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    def head(self) -> tuple[int, str]:
        service = Workspace.locate(self.cli.workspace).open()
        try:
            head = service.log.head()
            return head.seq, head.hash
        finally:
            service.log.close()


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Stage:
    root = tmp_path_factory.mktemp("refusals")
    env: dict[str, str | None] = {
        "COLUMNS": "100",
        "LINES": "50",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "FORCE_COLOR": None,
        "UJIKON_WORKSPACE": str(root / "ws"),
        "UJIKON_DB": None,
        "UJIKON_USER": None,
        "UJIKON_KEY_PASSPHRASE": PASSPHRASE,
    }
    cli = Cli(CliRunner(env=env), root / "ws")
    cli("init", "--body-name", "Pemerintah Kabupaten Contoh")
    cli("user", "add", "admin", "--role", "admin")
    for name, role in (("siti", "officer"), ("budi", "ppid"), ("dewi", "auditor")):
        cli("user", "add", name, "--role", role, "--unit", "Bagian Hukum", user="admin")
    case = cli.json("case", "new", "--trigger", "proactive", "--summary", "Uji", user="siti")
    case_id = str(case["case_id"])
    cli(
        "case", "identify", case_id, "--title", "Dokumen", "--unit", "Unit", "--date", days(-5),
        "--form", "printed", "--information", "Isi", "--scope", "whole",
        "--whole-justification", "Seluruhnya", user="siti",
    )  # fmt: skip
    ca = create_dev_ca(
        root / "keys-made-elsewhere",
        body_name="Pemerintah Kabupaten Contoh",
        signers=[("ppid", "Drs. Budi Santoso (DEV)")],
        passphrase=PASSPHRASE.encode(),
    )
    files = root / "files"
    files.mkdir()
    return Stage(cli, files, case_id, ca.signer("ppid").path)


Args = Callable[[Stage], list[str]]


@dataclass(frozen=True)
class Refusal:
    name: str
    args: Args
    user: str | None
    code: int
    says: tuple[str, ...]
    """What the message must contain: the field, the rule, the option."""


def _case_file(**fields: str) -> str:
    values = {"summary": "Berkas kepegawaian", "dated": days(-200), **fields}
    return CASE.format(**values)


def _deep(s: Stage, name: str) -> str:
    if name.endswith(".json"):
        return s.file(name, '{"open": ' + "[" * 50_000 + "]" * 50_000 + "}")
    return s.file(name, "format: ujikon/case-1\nopen: " + "[" * 50_000 + "]" * 50_000 + "\n")


def _fifo(s: Stage, name: str) -> str:
    path = s.dir / name
    if not path.exists():
        os.mkfifo(path)
    return str(path)


def _csv(s: Stage, cell: str) -> str:
    rows = [
        "No;Informasi yang Dikecualikan;Pemilik Informasi;Dasar Hukum;Konsekuensi;"
        "Kepentingan Publik;Jangka Waktu;Tanggal Dokumen",
        f"1;{cell};BKPSDM;Pasal 17 huruf h angka 2;Stigma;Akuntabilitas;Permanen;2025-03-12",
    ]
    return s.file("dik.csv", "\n".join(rows) + "\n")


def _import(name: str, text: str) -> Args:
    return lambda s: ["case", "import", s.file(name, text)]


def _identify_file(text: str, name: str = "langkah.yaml") -> Args:
    return lambda s: ["case", "identify", s.case, "--file", s.file(name, text)]


# fmt: off
REFUSALS = [
    # -- case files ----------------------------------------------------------------------
    Refusal(
        "case-file-python-tag",
        _import("a.yaml", _case_file(summary="!!python/object/apply:os.system ['echo x']")),
        "siti", 2, ("a.yaml:5:", "!!python/object/apply:os.system", "not allowed"),
    ),
    Refusal(
        "case-file-impossible-date",
        _import("b.yaml", _case_file(dated="2026-02-30")),
        "siti", 2, ("b.yaml:10:", "identify.document.dated", "not a real date"),
    ),
    Refusal(
        "case-file-month-13",
        _import("b2.yaml", _case_file(dated="2026-13-01")),
        "siti", 2, ("identify.document.dated",),
    ),
    Refusal(
        "case-file-json-impossible-date",
        _import(
            "c.json",
            '{"format": "ujikon/case-1",\n "open": {"trigger": {"kind": "request",\n'
            '  "reference": "045", "dated": "2026-02-30"}}}',
        ),
        "siti", 2, ("c.json:3", "open.trigger.dated"),
    ),
    Refusal("case-file-deep-yaml", lambda s: ["case", "import", _deep(s, "d.yaml")], "siti", 2,
            ("nested too deeply",)),
    Refusal("case-file-deep-json", lambda s: ["case", "import", _deep(s, "d.json")], "siti", 2,
            ("nested too deeply (more than 32 levels)",)),
    Refusal("case-file-dev-zero", lambda _: ["case", "import", "/dev/zero"], "siti", 2,
            ("/dev/zero", "not a regular file")),
    Refusal("case-file-fifo", lambda s: ["case", "import", _fifo(s, "pipa.yaml")], "siti", 2,
            ("not a regular file",)),
    Refusal(
        "case-file-too-large",
        _import("e.yaml", "format: ujikon/case-1\n# " + "x" * (5 * 1024 * 1024) + "\n"),
        "siti", 2, ("file too large (more than 5.0 MiB)",),
    ),
    Refusal(
        "case-file-duplicate-key",
        _import("f.yaml", _case_file().replace("by: siti\n", "by: siti\nby: budi\n")),
        "siti", 2, ("f.yaml:3:", "'by'", "on line 2 and on line 3"),
    ),
    Refusal(
        "case-file-json-duplicate-key",
        _import("f.json", '{"format": "ujikon/case-1",\n "open": {},\n "open": {}}'),
        "siti", 2, ("'open'", "on line 2 and on line 3"),
    ),
    Refusal(
        "case-file-alias",
        _import("g.yaml", "format: ujikon/case-1\nx: &a [1]\nopen: *a\n"),
        "siti", 2, ("g.yaml:3:", "aliases are not supported"),
    ),
    Refusal(
        "case-file-escape-sequence",
        _import("h.yaml", _case_file(summary='"Berkas\\e[2J\\e]0;judul\\a"')),
        "siti", 2, ("storable-text", "U+001B", "open.summary"),
    ),
    Refusal(
        "case-file-bidi-override",
        _import("i.yaml", _case_file(summary='"gaji\\u202efdp.exe"')),
        "siti", 2, ("storable-text", "U+202E", "open.summary"),
    ),
    Refusal(
        "case-file-zero-width",
        _import("j.yaml", _case_file(summary='"sit\\u200bi"')),
        "siti", 2, ("storable-text", "U+200B"),
    ),
    Refusal("case-file-unknown-key", _import("k.yaml", _case_file() + "approve: {}\n"), "siti",
            2, ("unknown key 'approve'",)),
    Refusal("case-file-not-a-mapping", _import("l.yaml", "- open\n"), "siti", 2,
            ("must be a mapping",)),
    Refusal("case-file-not-utf8", lambda s: ["case", "import", s.file("m.yaml", b"a: caf\xe9\n")],
            "siti", 2, ("m.yaml:1", "not UTF-8")),
    Refusal("case-file-key-not-text", _import("n.yaml", "format: ujikon/case-1\n2026: x\n"),
            "siti", 2, ("n.yaml:2:1", "must be text")),
    Refusal(
        "case-file-step-missing-field",
        _import("o.yaml", _case_file() + "then:\n  - withdraw: {by: siti}\n"),
        "siti", 2, ("o.yaml:16", "then[0].withdraw.reason"),
    ),
    Refusal(
        "case-file-rule-ground-needs-item",
        _import(
            "o2.yaml",
            _case_file() + "cite_grounds:\n  citations:\n    - {ground: 17h, analysis: x}\n",
        ),
        "siti", 3, ("ground-needs-item", "cite_grounds"),
    ),
    # -- step files (--file) -------------------------------------------------------------
    Refusal("step-file-duplicate-key",
            _identify_file(IDENTIFY.format(dated=days(-5)) + "scope: part\n"),
            "siti", 2, ("'scope'", "on line 7 and on line 9")),
    Refusal("step-file-impossible-date", _identify_file(IDENTIFY.format(dated="2026-02-30")),
            "siti", 2, ("langkah.yaml:4:", "document.dated")),
    Refusal(
        "step-file-json-impossible-date",
        _identify_file(
            '{"document": {"title": "T", "owning_unit": "U",\n "dated": "2026-02-30",'
            ' "form": "printed"}, "information": "I", "scope": "whole",'
            ' "whole_justification": "W"}',
            "langkah.json",
        ),
        "siti", 2, ("langkah.json:2", "document.dated"),
    ),
    Refusal("step-file-python-tag", _identify_file("document: !!python/name:os.system\n"),
            "siti", 2, ("!!python/name:os.system",)),
    Refusal("step-file-dev-zero", lambda s: ["case", "identify", s.case, "--file", "/dev/zero"],
            "siti", 2, ("not a regular file",)),
    # -- options -------------------------------------------------------------------------
    Refusal(
        "option-escape-in-summary",
        lambda _: ["case", "new", "--trigger", "proactive", "--summary", "Uji\x1b[2J"],
        "siti", 2, ("summary", "storable-text", "U+001B"),
    ),
    Refusal(
        "option-bidi-in-title",
        lambda s: [
            "case", "identify", s.case, "--title", "gaji\u202efdp.exe", "--unit", "U",
            "--date", days(-5), "--form", "printed", "--information", "I", "--scope", "whole",
            "--whole-justification", "W",
        ],
        "siti", 2, ("document.title", "U+202E"),
    ),
    Refusal("option-impossible-date",
            lambda _: ["case", "new", "--trigger", "request", "--reference", "1", "--date",
                       "2026-02-30"], "siti", 2, ("--date",)),
    Refusal("option-unknown-ground",
            lambda s: ["case", "cite", s.case, "--ground", "17h9", "--analysis", "x"], "siti", 3,
            ("ground-must-exist", "citations[0].ground")),
    Refusal("option-bad-statute",
            lambda s: ["case", "cite", s.case, "--ground", "17j", "--analysis", "x",
                       "--statute", "Undang\x1b[2J"], "siti", 2, ("--statute",)),
    Refusal("option-file-and-options",
            lambda s: ["case", "identify", s.case, "--title", "T", "--file",
                       s.file("p.yaml", IDENTIFY.format(dated=days(-5)))], "siti", 2,
            ("--file", "not both")),
    Refusal("option-bad-scope",
            lambda s: ["case", "identify", s.case, "--scope", "semua"], "siti", 2, ("--scope",)),
    # -- roles ---------------------------------------------------------------------------
    Refusal("role-auditor-opens",
            lambda _: ["case", "new", "--trigger", "proactive", "--summary", "x"], "dewi", 3,
            ("role-may-act",)),
    Refusal("role-auditor-imports",
            _import("q.yaml", _case_file()), "dewi", 3, ("role-may-act",)),
    Refusal("role-unknown-user",
            lambda _: ["case", "new", "--trigger", "proactive", "--summary", "x"], "nobody", 6,
            ("nobody",)),
    Refusal("role-officer-imports-a-key",
            lambda s: ["keys", "import", str(s.key), "--key-name", "cadangan"], "siti", 3,
            ("admin-manages-workspace",)),
    # -- keys ----------------------------------------------------------------------------
    Refusal("key-name-escapes-the-directory",
            lambda s: ["keys", "import", str(s.key), "--key-name", "../../../tmp/x"], "admin", 2,
            ("--key-name", "invalid key name")),
    Refusal("key-name-absolute",
            lambda s: ["keys", "import", str(s.key), "--key-name", "/etc/x"], "admin", 2,
            ("--key-name",)),
    Refusal("key-not-pkcs12",
            lambda s: ["keys", "import", s.file("k.p12", b"bukan kunci"), "--key-name", "k2"],
            "admin", 8, ("not a PKCS#12",)),
    Refusal("key-dev-zero",
            lambda _: ["keys", "import", "/dev/zero", "--key-name", "k3"], "admin", 8,
            ("not a regular file",)),
    # -- register import -----------------------------------------------------------------
    Refusal("register-escape-in-cell",
            lambda s: ["register", "import", _csv(s, "Rekam\x1b[2Jmedis")], "siti", 2,
            ("baris/row 2, kolom/column B", "storable-text", "U+001B")),
    Refusal("register-dev-zero-as-csv",
            lambda s: ["register", "import", _link(s, "nol.csv", "/dev/zero")], "siti", 2,
            ("not a regular file",)),
]
# fmt: on


def _link(s: Stage, name: str, target: str) -> str:
    path = s.dir / name
    if not path.is_symlink():
        path.symlink_to(target)
    return str(path)


@pytest.mark.parametrize("refusal", REFUSALS, ids=[r.name for r in REFUSALS])
def test_a_refused_command_stores_nothing(stage: Stage, refusal: Refusal) -> None:
    args = refusal.args(stage)
    before = stage.head()
    result = stage.cli(*args, user=refusal.user, code=None)  # a traceback would raise here
    after = stage.head()
    output = result.output
    assert result.exit_code == refusal.code, f"exit {result.exit_code}:\n{output}"
    assert "Traceback" not in output
    assert after == before, f"the log changed: {before} -> {after}\n{output}"
    message = flat(output)
    for fragment in refusal.says:
        assert fragment in message, f"{fragment!r} not in: {message}"
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr


def test_a_refused_key_import_leaves_neither_an_event_nor_a_file(stage: Stage) -> None:
    keys = stage.cli.workspace / "keys"
    before = stage.head()
    for name, user in (("../../../tmp/x", "admin"), ("cadangan", "siti")):
        stage.cli("keys", "import", str(stage.key), "--key-name", name, user=user, code=None)
    assert stage.head() == before
    files = sorted(p.name for p in keys.iterdir()) if keys.exists() else []
    assert [n for n in files if n.startswith(".") or n == "cadangan.p12"] == []
    listed = [k["key_name"] for k in stage.cli.json("keys", "list", user="admin")]
    assert "cadangan" not in listed and not any("/" in n for n in listed)


def test_an_accepted_key_import_appends_one_event_and_installs_the_file(stage: Stage) -> None:
    seq, _ = stage.head()
    stage.cli("keys", "import", str(stage.key), "--key-name", "utama", user="admin")
    assert stage.head()[0] == seq + 1
    installed = stage.cli.workspace / "keys" / "utama.p12"
    assert installed.read_bytes() == stage.key.read_bytes()
    assert "utama" in [k["key_name"] for k in stage.cli.json("keys", "list", user="admin")]
    again = stage.cli("keys", "import", str(stage.key), "--key-name", "utama", user="admin",
                      code=2)  # fmt: skip
    assert "--overwrite" in flat(again.output)
    assert stage.head()[0] == seq + 1
    stage.cli("keys", "import", str(stage.key), "--key-name", "utama", "--overwrite", user="admin")
    assert stage.head()[0] == seq + 2
