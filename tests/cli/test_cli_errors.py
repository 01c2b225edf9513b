"""Bad input: one short error panel, a non-zero exit code, and nothing stored.

Each test counts the case's events before and after (``case history --json``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import Cli, OpenCase, days, decree, flat, walk


def _refused(cli: Cli, case_id: str, *args: str, user: str | None, code: int) -> str:
    before = cli.events(case_id)
    result = cli(*args, user=user, code=code)
    assert cli.events(case_id) == before, "a refused command stored something"
    assert result.stdout == "", "errors go to stderr only"
    message = flat(result.stderr)
    assert message.startswith("Galat / Error")
    return message


def _identified(cli: Cli, case_id: str, user: str = "siti") -> None:
    cli(
        "case", "identify", case_id, "--title", "Dokumen", "--unit", "Unit", "--date", days(-5),
        "--form", "printed", "--information", "Isi", "--scope", "whole", user=user,
    )  # fmt: skip


def test_unknown_ground(ready: Cli, open_case: OpenCase) -> None:
    case_id = open_case()
    _identified(ready, case_id)
    message = _refused(
        ready, case_id, "case", "cite", case_id, "--ground", "17h9", "--analysis", "x",
        user="siti", code=3,
    )  # fmt: skip
    assert "Aturan / Rule: ground-must-exist" in message
    assert "Pasal / Article: UU 14/2008 Pasal 17" in message
    assert "Kolom / Field: citations[0].ground" in message
    assert "17h9" in message


def test_letter_without_its_item(ready: Cli, open_case: OpenCase) -> None:
    case_id = open_case()
    _identified(ready, case_id)
    message = _refused(
        ready, case_id, "case", "cite", case_id, "--ground", "17 huruf h", "--analysis", "x",
        user="siti", code=3,
    )  # fmt: skip
    assert "ground-needs-item" in message and "17h2" in message


def test_17j_with_a_regulation_below_a_statute(ready: Cli, open_case: OpenCase) -> None:
    case_id = open_case()
    _identified(ready, case_id)
    message = _refused(
        ready, case_id, "case", "cite", case_id, "--ground", "17j", "--analysis", "x",
        "--statute", "PP 61/2010 Pasal 5", user="siti", code=3,
    )  # fmt: skip
    assert "17j-needs-statute" in message
    assert "citations[0].statute.kind" in message


def test_missing_harm(ready: Cli, open_case: OpenCase) -> None:
    case_id = open_case()
    _identified(ready, case_id)
    ready(
        "case", "cite", case_id, "--ground", "17h2", "--analysis", "a",
        "--ground", "17a1", "--analysis", "b", user="siti",
    )  # fmt: skip
    message = _refused(
        ready, case_id, "case", "harm", case_id, "--harm", "17h2=Stigma", user="siti", code=3
    )
    assert "Aturan / Rule: harm-per-ground" in message
    assert "17a1" in message
    assert "Kolom / Field: harms" in message


def test_skipped_step(ready: Cli, open_case: OpenCase) -> None:
    case_id = open_case()
    message = _refused(
        ready, case_id, "case", "harm", case_id, "--harm", "17h2=x", user="siti", code=3
    )
    assert "Aturan / Rule: steps-in-order" in message
    assert "identify" in message


def test_drafter_cannot_approve_own_case(ready: Cli, open_case: OpenCase) -> None:
    case_id = open_case(user="budi")
    walk(ready, case_id, "budi")
    message = _refused(ready, case_id, "case", "approve", case_id, user="budi", code=3)
    assert "Aturan / Rule: four-eyes" in message
    assert "budi" in message
    ready("case", "approve", case_id, user="rina")


def test_officer_may_not_approve(ready: Cli, open_case: OpenCase) -> None:
    case_id = open_case()
    walk(ready, case_id, "siti")
    message = _refused(ready, case_id, "case", "approve", case_id, user="agus", code=3)
    assert "role-may-act" in message


def test_malformed_yaml_names_file_and_line(
    ready: Cli, open_case: OpenCase, tmp_path: Path
) -> None:
    case_id = open_case()
    _identified(ready, case_id)
    bad = tmp_path / "cite.yaml"
    bad.write_text("citations:\n  - ground: 17h2\n    analysis: [unclosed\n", encoding="utf-8")
    message = _refused(ready, case_id, "case", "cite", case_id, "--file", str(bad),
                       user="siti", code=2)  # fmt: skip
    assert f"{bad}:4:1" in message
    assert "malformed YAML" in message


def test_malformed_json_names_file_and_line(
    ready: Cli, open_case: OpenCase, tmp_path: Path
) -> None:
    case_id = open_case()
    bad = tmp_path / "identify.json"
    bad.write_text('{\n  "information": "x",\n  "scope": whole\n}\n', encoding="utf-8")
    message = _refused(ready, case_id, "case", "identify", case_id, "-f", str(bad),
                       user="siti", code=2)  # fmt: skip
    assert f"{bad}:3:" in message and "malformed JSON" in message


def test_file_of_the_wrong_shape_names_file_and_fields(
    ready: Cli, open_case: OpenCase, tmp_path: Path
) -> None:
    case_id = open_case()
    bad = tmp_path / "identify.yaml"
    bad.write_text("information: x\nscope: whole\ncolour: red\n", encoding="utf-8")
    message = _refused(ready, case_id, "case", "identify", case_id, "-f", str(bad),
                       user="siti", code=2)  # fmt: skip
    assert str(bad) in message
    assert "document: Field required" in message and "colour" in message


def test_missing_options_are_named(ready: Cli, open_case: OpenCase) -> None:
    case_id = open_case()
    message = _refused(ready, case_id, "case", "identify", case_id, "--title", "T",
                       user="siti", code=2)  # fmt: skip
    assert "--unit (document.owning_unit)" in message
    assert "--scope (scope)" in message


def test_file_and_options_together(ready: Cli, open_case: OpenCase, tmp_path: Path) -> None:
    case_id = open_case()
    path = tmp_path / "withdraw.yaml"
    path.write_text("reason: x\n", encoding="utf-8")
    message = _refused(
        ready, case_id, "case", "withdraw", case_id, "--file", str(path), "--reason", "y",
        user="siti", code=2,
    )  # fmt: skip
    assert "--file" in message


def test_missing_file(ready: Cli, open_case: OpenCase, tmp_path: Path) -> None:
    case_id = open_case()
    missing = tmp_path / "nope.yaml"
    message = _refused(ready, case_id, "case", "submit", case_id, "--file", str(missing),
                       user="siti", code=2)  # fmt: skip
    assert str(missing) in message


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--ground", "17h2", "--ground", "17a1", "--analysis", "x"], "--analysis"),
        (["--ground", "17h2", "--analysis", "x", "--statute", "UU 6/1983 Pasal 34"], "17j"),
        (["--ground", "17j", "--analysis", "x", "--statute", "Undang 6 Pasal 34"], "--statute"),
    ],
)
def test_bad_cite_options(ready: Cli, open_case: OpenCase, args: list[str], needle: str) -> None:
    case_id = open_case()
    _identified(ready, case_id)
    message = _refused(ready, case_id, "case", "cite", case_id, *args, user="siti", code=2)
    assert needle in message


def test_harm_without_equals_sign(ready: Cli, open_case: OpenCase) -> None:
    case_id = open_case()
    message = _refused(ready, case_id, "case", "harm", case_id, "--harm", "17h2 Stigma",
                       user="siti", code=2)  # fmt: skip
    assert "GROUND=TEXT" in message


def test_bad_date_is_a_usage_error(ready: Cli, open_case: OpenCase) -> None:
    case_id = open_case()
    before = ready.events(case_id)
    result = ready("case", "expire", case_id, "--as-of", "25-11-2026", user="budi", code=2)
    assert "--as-of" in result.output
    assert ready.events(case_id) == before


def test_wrong_db_url(ready: Cli, open_case: OpenCase) -> None:
    case_id = open_case()
    url = "postgresql://postgres@127.0.0.1:1/nope"
    message = _refused(ready, case_id, "--db", url, "case", "withdraw", case_id,
                       "--reason", "x", user="siti", code=7)  # fmt: skip
    assert url in message
    assert "StoreError" in message


def test_unsupported_db_url(ready: Cli, open_case: OpenCase) -> None:
    case_id = open_case()
    message = _refused(ready, case_id, "--db", "mysql://x@localhost/y", "case", "list",
                       user="siti", code=7)  # fmt: skip
    assert "mysql://x@localhost/y" in message


def test_unknown_user_and_no_user(ready: Cli, open_case: OpenCase) -> None:
    case_id = open_case()
    message = _refused(ready, case_id, "case", "withdraw", case_id, "--reason", "x",
                       user="nobody", code=6)  # fmt: skip
    assert "nobody" in message
    message = _refused(ready, case_id, "case", "withdraw", case_id, "--reason", "x",
                       user=None, code=6)  # fmt: skip
    assert "--as" in message


def test_unknown_case_and_malformed_id(ready: Cli) -> None:
    result = ready("case", "show", "UK-2026-0999", code=5, user="budi")
    assert "UK-2026-0999" in flat(result.stderr)
    result = ready("case", "history", "kasus-1", code=2, user="budi")
    assert "kasus-1" in flat(result.stderr)


def test_retest_of_an_overturned_case_is_refused_by_rule(ready: Cli, open_case: OpenCase) -> None:
    case_id = open_case()
    walk(ready, case_id, "siti")
    ready("case", "approve", case_id, user="budi")
    decree(ready, case_id)
    ready(
        "case", "overturn", case_id, "--authority", "court", "--ruling", "12/G/KI/2026/PTUN",
        "--ruling-date", days(0), user="budi",
    )  # fmt: skip
    message = _refused(
        ready, case_id, "case", "retest", case_id, "--reason", "x", "--trigger", "proactive",
        user="siti", code=3,
    )  # fmt: skip
    assert "not-exemptible" in message
