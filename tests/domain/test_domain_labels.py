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


def test_a_choice_value_names_one_option_across_every_field() -> None:
    """choice_label looks a value up whatever its field: two fields sharing a value
    would give one of them the other's words."""
    from ujikon.domain.labels import CHOICE_LABELS, choice_label

    values = [value for options in CHOICE_LABELS.values() for value, _, _ in options]
    assert len(values) == len(set(values))
    assert choice_label("partly_exempt") == ("dikecualikan sebagian", "partly exempt")
    assert choice_label("no-such-choice") is None


def test_the_choices_of_the_payloads_all_have_labels() -> None:
    """Every value a step's enum field accepts is labelled (a new one fails here)."""
    from ujikon.domain import payloads as p
    from ujikon.domain.labels import choice_label

    kinds = (p.TriggerKind, p.DocumentForm, p.Scope, p.Weight, p.Outcome, p.Redaction, p.PeriodKind)
    for kind in (*kinds, p.Authority, p.ObjectionOutcome):
        for member in kind:
            assert choice_label(member.value) is not None, (kind.__name__, member.value)


def test_a_form_shows_the_running_text_label_as_a_heading() -> None:
    from ujikon.domain.labels import as_heading

    assert as_heading("tercetak") == "Tercetak"
    assert as_heading("the PPID's superior") == "The PPID's superior"
    assert as_heading("Komisi Informasi") == "Komisi Informasi"


def test_every_event_a_step_records_has_a_label() -> None:
    from ujikon.domain.labels import ACTION_LABELS
    from ujikon.domain.workflow import ACTIONS

    missing = sorted(set(ACTIONS.values()) - set(ACTION_LABELS))
    assert missing == []


def test_the_words_a_person_wrote_are_found_in_their_field() -> None:
    """One table says which events carry a person's words: the CLI's history and the
    web's story both show them (an expiry's note and an extension's reason included)."""
    from ujikon.domain.history import SAID_IN
    from ujikon.domain.workflow import ACTIONS

    assert set(SAID_IN) <= set(ACTIONS.values()) | {"case.superseded"}
    assert {"case.expired", "case.answer_extended", "case.returned"} <= set(SAID_IN)
