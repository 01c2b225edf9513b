"""The case machine, as the ``transitions`` library reads it, matches a checked-in snapshot.

``TRANSITIONS`` is the legal procedure; any change to it (a state, a trigger, a guard, a
route) shows up here as a diff for a reviewer to read. After a deliberate change,
refresh the snapshot with::

    UJIKON_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/domain/test_domain_workflow_markup.py
"""

from __future__ import annotations

import difflib
import json
import os
from enum import Enum
from pathlib import Path
from typing import Any

from transitions.extensions.markup import MarkupMachine

from ujikon.domain.states import CaseState
from ujikon.domain.workflow import TRANSITIONS

SNAPSHOT = Path(__file__).parent / "snapshots" / "workflow_markup.json"
UPDATE_ENV = "UJIKON_UPDATE_SNAPSHOTS"


def _plain(value: Any) -> Any:
    """Enums become their values, all the way down."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _transition_key(t: dict[str, Any]) -> str:
    return json.dumps(t, sort_keys=True)


def workflow_markup() -> dict[str, Any]:
    """The ``markup`` of a MarkupMachine built from TRANSITIONS, normalised for a diff."""
    machine = MarkupMachine(
        states=[s.value for s in CaseState],
        transitions=[_plain(t) for t in TRANSITIONS],
        initial=CaseState.DRAFT.value,
        auto_transitions=False,
    )
    markup: dict[str, Any] = _plain(machine.markup)
    markup["transitions"] = sorted(markup["transitions"], key=_transition_key)
    return markup


def _render(markup: dict[str, Any]) -> str:
    return json.dumps(markup, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_workflow_markup_matches_snapshot() -> None:
    current = _render(workflow_markup())
    if os.environ.get(UPDATE_ENV) == "1":
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(current, encoding="utf-8")
        return
    assert SNAPSHOT.exists(), (
        f"{SNAPSHOT} is missing; create it with {UPDATE_ENV}=1 and check it in."
    )
    stored = SNAPSHOT.read_text(encoding="utf-8")
    if stored != current:
        diff = "".join(
            difflib.unified_diff(
                stored.splitlines(keepends=True),
                current.splitlines(keepends=True),
                fromfile=f"{SNAPSHOT.name} (checked in)",
                tofile="TRANSITIONS (now)",
            )
        )
        raise AssertionError(
            "The case machine (ujikon/domain/workflow.py TRANSITIONS) no longer matches the "
            f"snapshot. If the change is deliberate, review the diff below and rerun with "
            f"{UPDATE_ENV}=1 to refresh it.\n{diff}"
        )


def test_snapshot_is_every_state_and_trigger() -> None:
    markup = workflow_markup()
    assert [s["name"] for s in markup["states"]] == [s.value for s in CaseState]
    assert markup["auto_transitions"] is False
    states = {s.value for s in CaseState}
    for t in markup["transitions"]:
        assert t["source"] in states
        assert t.get("dest", t["source"]) in states  # no dest: an internal transition (retest)
        assert t["conditions"], t
        assert t["conditions"][0] == "role-may-act", t
    declared = {t["trigger"] for t in TRANSITIONS}
    assert {t["trigger"] for t in markup["transitions"]} == declared
