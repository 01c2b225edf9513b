"""``ujikon case import``: a whole case from a case file (format ``ujikon/case-1``)."""

from __future__ import annotations

from pathlib import Path

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
    cases = ready.json("case", "list")
    assert len(cases) == 2
    history = ready.json("case", "history", data["case_id"])["events"]
    assert [e["actor"] for e in history][-1] == "budi"
    assert len(history) == 8


def test_import_refused_stores_nothing(ready: Cli, tmp_path: Path) -> None:
    text = PLAN.format(opened=days(-3), dated=days(-200)).replace("Pasal 17 huruf h angka 2", "17h")
    path = _plan(tmp_path, text)
    result = ready("case", "import", path, code=3)
    message = flat(result.stderr)
    assert "ground-needs-item" in message
    assert f"{path}: step 'cite_grounds' (line 18)" in message
    assert ready.json("case", "list") == []


def test_import_malformed_yaml_names_the_line(ready: Cli, tmp_path: Path) -> None:
    path = _plan(tmp_path, "format: ujikon/case-1\nopen:\n  trigger: {kind: proactive\n")
    result = ready("case", "import", path, user="siti", code=2)
    assert f"{path}:4" in flat(result.stderr)
    assert ready.json("case", "list") == []


def test_import_four_eyes(ready: Cli, tmp_path: Path) -> None:
    text = PLAN.format(opened=days(-3), dated=days(-200)).replace("by: siti", "by: budi", 1)
    result = ready("case", "import", _plan(tmp_path, text), code=3)
    message = flat(result.stderr)
    assert "four-eyes" in message and "then[0]" in message
    assert ready.json("case", "list") == []
