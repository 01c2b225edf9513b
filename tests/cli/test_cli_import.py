"""``ujikon case import``: a whole case from a case file (format ``ujikon/case-1``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import Cli, days, flat

PLAN = """\
format: ujikon/case-1
by: siti
open:
  trigger:
    kind: request
    reference: "045/PPID/X/2026"
    dated: {opened}
  summary: Berkas kepegawaian
identify:
  document:
    title: Berkas Kepegawaian
    owning_unit: BKPSDM
    dated: {dated}
    form: printed
  information: Hasil pemeriksaan kesehatan pegawai
  scope: part
  parts: [Lampiran 4]
cite_grounds:
  citations:
    - ground: Pasal 17 huruf h angka 2
      analysis: Riwayat kesehatan seseorang
assess_harm:
  harms:
    - ground: 17h2
      harm: Stigma dan diskriminasi
weigh_public_interest:
  interests: [Akuntabilitas kepegawaian]
  balance: Privasi lebih berat
  outweighs: harm
conclude:
  outcome: partly_exempt
  parts_withheld: [Lampiran 4]
  period:
    kind: permanent
submit:
  note: Mohon ditinjau.
then:
  - approve: {{by: budi, comments: Setuju}}
"""


def _plan(tmp_path: Path, text: str, name: str = "kasus.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_walks_the_whole_case(ready: Cli, tmp_path: Path) -> None:
    path = _plan(tmp_path, PLAN.format(opened=days(-3), dated=days(-200)))
    result = ready("case", "import", path)
    assert "UK-" in result.stdout and "(approved)" in flat(result.stdout)
    data = ready.json("case", "import", path)
    assert data["state"] == "approved"
    assert data["approved_by"] == "budi"
    assert data["grounds"]["citations"][0]["ground"] == "17h2"
    cases = ready.json("case", "list", user="siti")
    assert len(cases) == 2
    history = ready.json("case", "history", data["case_id"], user="siti")["events"]
    assert [e["actor"] for e in history][-1] == "budi"
    assert len(history) == 8


def test_import_refused_stores_nothing(ready: Cli, tmp_path: Path) -> None:
    text = PLAN.format(opened=days(-3), dated=days(-200)).replace("Pasal 17 huruf h angka 2", "17h")
    path = _plan(tmp_path, text)
    result = ready("case", "import", path, code=3)
    message = flat(result.stderr)
    assert "ground-needs-item" in message
    assert f"{path}: step 'cite_grounds' (line 18)" in message
    assert ready.json("case", "list", user="siti") == []


def test_import_malformed_yaml_names_the_line(ready: Cli, tmp_path: Path) -> None:
    path = _plan(tmp_path, "format: ujikon/case-1\nopen:\n  trigger: {kind: proactive\n")
    result = ready("case", "import", path, user="siti", code=2)
    assert f"{path}:4" in flat(result.stderr)
    assert ready.json("case", "list", user="siti") == []


def test_import_four_eyes(ready: Cli, tmp_path: Path) -> None:
    text = PLAN.format(opened=days(-3), dated=days(-200)).replace("by: siti", "by: budi", 1)
    result = ready("case", "import", _plan(tmp_path, text), code=3)
    message = flat(result.stderr)
    assert "four-eyes" in message and "then[0]" in message
    assert ready.json("case", "list", user="siti") == []


# -- bad case files: a clear error naming the file, the line and the field; nothing stored --


def _refused(cli: Cli, path: str, code: int = 2) -> str:
    result = cli("case", "import", path, user="siti", code=code)
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert cli.json("case", "list", user="siti") == []
    return flat(result.stderr)


def test_a_python_tag_is_refused_naming_file_and_line(ready: Cli, tmp_path: Path) -> None:
    text = PLAN.format(opened=days(-3), dated=days(-200)).replace(
        "  summary: Berkas kepegawaian", "  summary: !!python/object/apply:os.system ['echo x']"
    )
    path = _plan(tmp_path, text)
    message = _refused(ready, path)
    assert f"{path}:8:" in message
    assert "!!python/object/apply:os.system" in message and "not allowed" in message


def test_a_date_that_does_not_exist_names_the_field_and_line(ready: Cli, tmp_path: Path) -> None:
    path = _plan(tmp_path, PLAN.format(opened="2026-02-30", dated=days(-200)))
    message = _refused(ready, path)
    assert f"{path}:7:" in message
    assert "open.trigger.dated" in message and "2026-02-30" in message


def test_a_json_date_that_does_not_exist_names_the_field_and_line(
    ready: Cli, tmp_path: Path
) -> None:
    text = (
        '{"format": "ujikon/case-1",\n "open": {"trigger": {"kind": "request",\n'
        '   "reference": "045", "dated": "2026-02-30"}}}\n'
    )
    path = _plan(tmp_path, text, "kasus.json")
    message = _refused(ready, path)
    assert f"{path}:3" in message
    assert "open.trigger.dated" in message


def test_deep_nesting_is_refused_by_a_cap(ready: Cli, tmp_path: Path) -> None:
    deep = "[" * 50_000 + "]" * 50_000
    yaml_path = _plan(tmp_path, f"format: ujikon/case-1\nopen: {deep}\n")
    assert "nested too deeply" in _refused(ready, yaml_path)
    json_path = _plan(tmp_path, f'{{"open": {deep}}}', "kasus.json")
    assert "nested too deeply (more than 32 levels)" in _refused(ready, json_path)
    block = "format: ujikon/case-1\nopen:\n" + "".join("  " * i + "- \n" for i in range(1, 60))
    assert "nested too deeply (more than 32 levels)" in _refused(ready, _plan(tmp_path, block))


def test_a_device_or_a_pipe_is_refused_without_reading_it(ready: Cli, tmp_path: Path) -> None:
    import os

    assert "not a regular file" in _refused(ready, "/dev/zero")
    fifo = tmp_path / "kasus.yaml"
    os.mkfifo(fifo)  # reading would wait for a writer forever
    assert "not a regular file" in _refused(ready, str(fifo))


def test_a_case_file_larger_than_the_cap_is_refused(ready: Cli, tmp_path: Path) -> None:
    text = "format: ujikon/case-1\n# " + "x" * (5 * 1024 * 1024) + "\n"
    assert "file too large (more than 5.0 MiB)" in _refused(ready, _plan(tmp_path, text))


def test_a_key_twice_is_refused_naming_the_key_and_both_lines(ready: Cli, tmp_path: Path) -> None:
    text = PLAN.format(opened=days(-3), dated=days(-200)).replace(
        "by: siti\n", "by: siti\nby: budi\n", 1
    )
    message = _refused(ready, _plan(tmp_path, text))
    assert "'by'" in message and "line 2 and on line 3" in message
    json_text = '{"format": "ujikon/case-1", "by": "siti",\n "by": "budi", "open": {}}'
    message = _refused(ready, _plan(tmp_path, json_text, "kasus.json"))
    assert "'by'" in message and "line 1 and on line 2" in message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('"Berkas\\e[2J kepegawaian"', "U+001B"),
        ('"Berkas\\e]0;judul palsu\\a"', "U+001B"),
        ('"gaji\\u202efdp.exe"', "U+202E"),
        ('"Berkas\\u200bkepegawaian"', "U+200B"),
    ],
    ids=["csi", "osc-title", "bidi", "zero-width"],
)
def test_escape_bidi_and_zero_width_characters_are_refused(
    ready: Cli, tmp_path: Path, text: str, code: str
) -> None:
    plan = PLAN.format(opened=days(-3), dated=days(-200)).replace(
        "summary: Berkas kepegawaian", f"summary: {text}"
    )
    message = _refused(ready, _plan(tmp_path, plan))
    assert "storable-text" in message and code in message
    assert "open.summary" in message
