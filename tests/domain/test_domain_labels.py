"""The names of things in both languages come from one place: every labelled enum
carries both labels on each member, and every trigger has its line in
:data:`ujikon.domain.labels.TRIGGER_LABELS`, which the CLI and the web both read."""

from __future__ import annotations

import pytest

from ujikon.domain.access import Capability
from ujikon.domain.calendar import DayOffSource
from ujikon.domain.decree import DecreeState
from ujikon.domain.labels import TRIGGER_LABELS, LabelledEnum, trigger_label
from ujikon.domain.payloads import Authority, ObjectionOutcome
from ujikon.domain.roles import Role
from ujikon.domain.states import CaseState
from ujikon.domain.workflow import PAYLOADS

ENUMS = (CaseState, Role, Capability, DayOffSource, DecreeState, Authority, ObjectionOutcome)


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_member_has_both_labels(enum: type[LabelledEnum]) -> None:
    assert issubclass(enum, LabelledEnum)
    for member in enum:
        assert isinstance(member, str) and member == member.value
        assert member.label_id.strip() and member.label_en.strip()
        assert member.labels == (member.label_id, member.label_en)
        assert enum(member.value) is member


def test_a_member_without_labels_is_refused() -> None:
    with pytest.raises(TypeError, match="needs both labels"):

        class Half(LabelledEnum):
            ONE = ("one", "satu", "")


def test_labels_do_not_change_the_value() -> None:
    assert CaseState.DRAFT == "draft" and f"{Role.PPID}" == "ppid"
    assert CaseState.DRAFT.label_id == "Draf (alasan pengujian tercatat)"
    assert Role.HEAD.label_en == "head of the public body"


def test_every_trigger_has_a_label() -> None:
    assert sorted(set(PAYLOADS) - set(TRIGGER_LABELS)) == []
    assert sorted(set(TRIGGER_LABELS) - set(PAYLOADS)) == []


def test_the_cli_and_the_web_read_the_same_trigger_labels() -> None:
    from ujikon.cli.common import label
    from ujikon.web.case_forms import trigger_label as web_label

    for trigger, (text_id, text_en) in TRIGGER_LABELS.items():
        assert web_label(trigger) == (text_id, text_en)
        inline_id, inline_en = trigger_label(trigger, inline=True)
        assert label(trigger) == f"{inline_id} / {inline_en}"
        assert inline_id.lower() == text_id.lower() and inline_en.lower() == text_en.lower()
    assert trigger_label("no_such_step") == ("no_such_step", "no_such_step")
