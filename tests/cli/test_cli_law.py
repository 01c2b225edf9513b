"""``ujikon law …`` and ``ujikon workflow diagram``: read from the catalogue and TRANSITIONS."""

from __future__ import annotations

import pytest
from cli_support import Cli, flat
from typer.main import get_command

from ujikon.cli.common import COMMAND_OF_TRIGGER, label
from ujikon.cli.main import app
from ujikon.domain.states import CaseState
from ujikon.domain.workflow import ACTIONS, PAYLOADS, TRANSITIONS
from ujikon.law import load_catalogue


def test_grounds_table_and_json(cli: Cli) -> None:
    catalogue = load_catalogue()
    data = cli.json("law", "grounds")
    assert data["version"] == catalogue.version
    assert [g["id"] for g in data["grounds"]] == [g.id for g in catalogue.grounds]
    text = flat(cli("law", "grounds").stdout)
    for ground in catalogue.grounds:
        assert ground.id in text
    assert "30 tahun" in text


@pytest.mark.parametrize(
    "words", [["17h2"], ["17", "huruf", "h", "angka", "2"], ["Pasal 17 huruf h angka 2"]]
)
def test_show_accepts_written_forms(cli: Cli, words: list[str]) -> None:
    text = flat(cli("law", "show", *words).stdout)
    assert "UU 14/2008 Pasal 17 huruf h angka 2" in text
    assert "Pasal 18 ayat (2)" in text  # consent lifts 17h
    assert "17h: Mengungkap rahasia pribadi" in text  # its letter
    assert load_catalogue().ground("17h2").period.source in text  # type: ignore[union-attr]


def test_show_17j_needs_a_statute(cli: Cli) -> None:
    data = cli.json("law", "show", "17j")
    assert data["kind"] == "ground"
    assert data["needs_statute"] is True
    assert "ya: sebut Undang-Undang" in flat(cli("law", "show", "17j").stdout)


def test_show_a_letter_lists_its_items(cli: Cli) -> None:
    text = flat(cli("law", "show", "17h").stdout)
    for item in ("17h1", "17h2", "17h3", "17h4", "17h5"):
        assert item in text
    assert cli.json("law", "show", "17 huruf h")["kind"] == "letter"


def test_show_unknown_is_not_found_with_close_matches(cli: Cli) -> None:
    result = cli("law", "show", "17h9", code=5)
    message = flat(result.stderr)
    assert "17h9" in message
    assert "17h" in message.split("did you mean:")[1]


def test_categories(cli: Cli) -> None:
    catalogue = load_catalogue()
    data = cli.json("law", "categories")
    assert [c["id"] for c in data["never_exemptible"]] == [c.id for c in catalogue.never_exemptible]
    assert [c["id"] for c in data["always_available"]] == [c.id for c in catalogue.always_available]
    text = flat(cli("law", "categories").stdout)
    assert "Pasal 18(1)" in text and "Pasal 11(1)" in text


def test_mermaid_diagram_has_every_trigger_state_and_guard(cli: Cli) -> None:
    text = cli("workflow", "diagram").stdout
    assert text.startswith("stateDiagram-v2")
    for t in TRANSITIONS:
        assert f": {t['trigger']}" in text
        for condition in t["conditions"]:
            if not condition.startswith("to:"):
                assert condition in text
    for state in CaseState:
        assert f"    {state.value} " in text
    assert "in_review --> identified : return_for_revision (to cite_grounds) [role-may-act]" in text
    assert "to:" not in text
    assert "decreed --> decreed : retest" in text  # dest None: the revision stays


def test_dot_diagram(cli: Cli) -> None:
    text = cli("workflow", "diagram", "--format", "dot").stdout
    assert text.startswith("digraph ujikon {")
    assert text.rstrip().endswith("}")
    for t in TRANSITIONS:
        assert f'label="{t["trigger"]}' in text
    assert "concluded -> in_review" in text


def test_every_trigger_has_a_label_and_every_step_a_command() -> None:
    for trigger in ACTIONS:
        assert label(trigger) != trigger, trigger
    case_group = get_command(app).commands["case"]  # type: ignore[attr-defined]
    commands = set(case_group.commands)
    expected = set(PAYLOADS) - {"open", "include_in_decree"}
    assert set(COMMAND_OF_TRIGGER) == expected
    assert set(COMMAND_OF_TRIGGER.values()) <= commands
