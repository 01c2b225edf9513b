"""The case pages' forms: typed fields in, a step's payload out, and back again.

A step form is a flat set of named text fields whose names are the payload's own
dotted paths (``document.title``, ``citations[0].analysis``, ``period.end_date``), so
that a refusal naming a field (``RuleViolation.field``) lands next to the input that
holds it. Lists of short texts (parts, interests, parts withheld) are one per line.

- :class:`StepForm` keeps what was typed, builds the payload model of its trigger
  (:meth:`StepForm.payload`: shape errors become field errors) and places a refusal
  from the service next to its field (:meth:`StepForm.refuse`).
- :func:`initial_form` fills a form from a saved draft, else from the step as recorded
  (a step redone after a return starts from what was there).
- :class:`DraftStore` keeps a form's typed fields server-side per user, case and
  trigger ("Simpan draf"), in the store's ``meta`` table; recording the step clears it.
- what changed between two records of a step (the diff page) is
  :mod:`ujikon.domain.history`'s, as in the CLI's ``case history``.

Presentation only: no rule is decided here; the service refuses or records.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from ujikon.domain import payloads as p
from ujikon.domain.case import Case
from ujikon.domain.labels import (
    ACTION_LABELS,
    CHOICE_LABELS,
    PATH_STEPS,
    as_heading,
    numbered_label,
    trigger_label,
)
from ujikon.domain.roles import Role
from ujikon.domain.workflow import PAYLOADS
from ujikon.errors import InputError, RuleViolation, schema_message
from ujikon.service import MetaTable

__all__ = [
    "CHOICES",
    "MAX_ROWS",
    "STEP_FORMS",
    "DraftStore",
    "Problem",
    "StepForm",
    "action_label",
    "choice_label",
    "has_subject",
    "initial_form",
    "numbered_label",
    "read_form",
    "read_values",
    "record_values",
    "trigger_label",
]

logger = logging.getLogger(__name__)

MAX_ROWS = 20
"""The most citations (or harm statements) one form carries."""

STEP_FORMS: tuple[str, ...] = (
    "identify",
    "cite_grounds",
    "assess_harm",
    "weigh_public_interest",
    "conclude",
    "submit",
    "revise",
    "return_for_revision",
    "approve",
    "withdraw",
    "retest",
    "expire",
    "overturn",
    "extend_answer",
    "file_objection",
    "answer_objection",
)
"""The triggers fired from a form on the case page (``open`` has its own page;
``include_in_decree`` happens when a decree is compiled)."""

# -- labels of the choices and steps ---------------------------------------------------

Choice = tuple[str, str, str]
"""(value, Bahasa Indonesia, English)."""

CHOICES: dict[str, tuple[Choice, ...]] = {
    **{
        field: tuple(
            (value, as_heading(text_id), as_heading(text_en)) for value, text_id, text_en in options
        )
        for field, options in CHOICE_LABELS.items()
    },
    # The steps a case returns to, numbered as the stepper numbers them (PATH_STEPS).
    "to_step": tuple(
        (trigger, f"{number}. {text_id}", f"{number}. {text_en}")
        for trigger, number, text_id, text_en in PATH_STEPS
        if trigger in {step.value for step in p.Step}
    ),
    "statute.kind": tuple((k.value, k.value, k.value) for k in p.StatuteKind),
    # The answer's options say what each does to the case, on the form that records it.
    "objection.outcome": (
        (
            p.ObjectionOutcome.UPHELD.value,
            "Menguatkan keputusan PPID: informasi tetap dikecualikan",
            "Upholds the PPID's decision: the information stays withheld",
        ),
        (
            p.ObjectionOutcome.OPENED.value,
            "Memerintahkan informasi dibuka: kasus dibatalkan, tidak dapat dikembalikan",
            "Orders the information opened: the case is overturned, irreversibly",
        ),
    ),
}
"""The options of every choice field, labelled in both languages: the choices of
:data:`~ujikon.domain.labels.CHOICE_LABELS` as options, and the form's own (the step to
go back to, numbered as the page shows the steps; a statute's kind, named by itself)."""


def action_label(action: str) -> tuple[str, str]:
    """What an event records, (Indonesian, English)."""
    return ACTION_LABELS.get(action, (action, action))


_FIELD_WORDS: dict[str, tuple[str, str]] = {
    "document": ("Dokumen", "Document"),
    "title": ("Judul", "Title"),
    "owning_unit": ("Unit pemilik", "Owning unit"),
    "information": ("Informasi yang diuji", "Information under test"),
    "scope": ("Cakupan", "Scope"),
    "parts": ("Bagian dokumen", "Parts of the document"),
    "whole_justification": ("Alasan seluruh dokumen", "Why the whole document"),
    "citations": ("Kutipan", "Citation"),
    "ground": ("Dasar", "Ground"),
    "analysis": ("Analisis", "Analysis"),
    "statute": ("Undang-Undang lain", "Other statute"),
    "harms": ("Konsekuensi", "Harm"),
    "harm": ("Uraian", "Statement"),
    "interests": ("Kepentingan publik", "Public interest"),
    "balance": ("Pertimbangan", "Balance"),
    "outweighs": ("Yang lebih besar", "Which weighs more"),
    "outcome": ("Kesimpulan", "Outcome"),
    "parts_withheld": ("Bagian yang dihitamkan", "Parts blacked out"),
    "period": ("Jangka waktu", "Period"),
    "reasoning": ("Uraian kesimpulan", "Reasoning"),
}
"""Words for the parts of a payload path, as a reader names the field."""


def field_words(path: str | None) -> tuple[str, str]:
    """A payload path as words: ``harms[0].harm`` → "Konsekuensi 1, uraian"; ("", "")
    for a path it cannot name (the page then names the step alone)."""
    if not path:
        return "", ""
    words_id: list[str] = []
    words_en: list[str] = []
    for part in path.split("."):
        name, _, index = part.partition("[")
        known = _FIELD_WORDS.get(name)
        if known is None:
            return "", ""
        number = f" {int(index.rstrip(']')) + 1}" if index.rstrip("]").isdigit() else ""
        words_id.append(known[0] + number)
        words_en.append(known[1] + number)
    head_id, *rest_id = words_id
    head_en, *rest_en = words_en
    return (
        ", ".join([head_id, *(w.lower() for w in rest_id)]),
        ", ".join([head_en, *(w.lower() for w in rest_en)]),
    )


def role_label(value: str) -> tuple[str, str]:
    """A role as the log records it (``ppid``) in words."""
    try:
        role = Role(value)
    except ValueError:
        return value, value
    return role.label_id, role.label_en


def choice_label(group: str, value: str | None) -> tuple[str, str]:
    """The label of ``value`` among the options of ``group``; the value itself if unknown."""
    for code, text_id, text_en in CHOICES.get(group, ()):
        if code == value:
            return text_id, text_en
    shown = value or "-"
    return shown, shown


# -- the fields of each form ---------------------------------------------------------------

_FIELDS: dict[str, tuple[str, ...]] = {
    "open": ("trigger.kind", "trigger.reference", "trigger.dated", "trigger.note", "summary"),
    "identify": (
        "document.title",
        "document.owning_unit",
        "document.dated",
        "document.form",
        "document.reference",
        "document.category",
        "information",
        "scope",
        "parts",
        "whole_justification",
    ),
    "cite_grounds": ("subject_consent", "concerns_public_office"),
    "assess_harm": (),
    "weigh_public_interest": ("interests", "balance", "outweighs"),
    "conclude": (
        "outcome",
        "parts_withheld",
        "redaction",
        "period.kind",
        "period.end_date",
        "period.condition",
        "reasoning",
    ),
    "submit": ("note",),
    "revise": ("to_step", "note"),
    "return_for_revision": ("to_step", "comments"),
    "approve": ("comments",),
    "withdraw": ("reason",),
    "retest": ("reason", "trigger.kind", "trigger.reference", "trigger.dated", "trigger.note"),
    "expire": ("as_of", "note"),
    "overturn": ("authority", "ruling_reference", "ruling_date", "summary"),
    "extend_answer": ("notice_reference", "notice_date", "reason"),
    "file_objection": (
        "reference",
        "objector",
        "answer_date",
        "answer_reference",
        "filed_on",
        "reasons",
    ),
    "answer_objection": ("objection_reference", "outcome", "reference", "answered_on", "reasons"),
}
"""The plain fields of each form, by the payload path they fill."""

_GROUPS: dict[str, tuple[str, ...]] = {
    "open": ("trigger",),
    "identify": ("document",),
    "cite_grounds": ("citations",),
    "assess_harm": ("harms",),
    "conclude": ("period",),
    "retest": ("trigger",),
}
"""Fieldsets that an error about a whole group (``harms``, ``period``) is shown on."""

_ROWS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "cite_grounds": (
        "citations",
        (
            "ground",
            "analysis",
            "statute.kind",
            "statute.number",
            "statute.year",
            "statute.article",
            "statute.title",
            "statute.amended",
        ),
        ("statute",),
    ),
    "assess_harm": ("harms", ("ground", "harm"), ()),
}
"""Repeated rows: (list name, the fields of a row, the fieldsets of a row)."""

_LINES = frozenset({"parts", "interests", "parts_withheld"})
"""Fields holding a list of short texts, one per line."""

_STEP_FIELD = {step.value: step for step in p.Step}
_ROW_PATH = re.compile(r"^(citations|harms)\[(\d+)\]")


def _field_names(trigger: str, rows: int = MAX_ROWS) -> list[str]:
    names = list(_FIELDS.get(trigger, ()))
    if trigger in _ROWS:
        name, row_fields, _ = _ROWS[trigger]
        names += [f"{name}[{i}].{f}" for i in range(rows) for f in row_fields]
    return names


def _anchors(trigger: str, rows: int) -> frozenset[str]:
    """Every name an error can be shown at: the fields, and the fieldsets."""
    names = set(_field_names(trigger, rows)) | set(_GROUPS.get(trigger, ()))
    if trigger in _ROWS:
        name, _, groups = _ROWS[trigger]
        for i in range(rows):
            names.add(f"{name}[{i}]")
            names |= {f"{name}[{i}].{g}" for g in groups}
    return frozenset(names)


def read_values(trigger: str, items: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """The typed fields of ``trigger``'s form among a request's form items (any other
    name, a file, the CSRF token, is left out); line ends made ``\\n``."""
    known = set(_field_names(trigger))
    values: dict[str, str] = {}
    for name, value in items:
        if name in known and isinstance(value, str):
            values[name] = value.replace("\r\n", "\n").replace("\r", "\n")
    return values


def _row_count(trigger: str, values: dict[str, str], minimum: int = 0) -> int:
    if trigger not in _ROWS:
        return 0
    used = [
        int(m.group(2)) for key, v in values.items() if v.strip() and (m := _ROW_PATH.match(key))
    ]
    last = max(used, default=-1)
    if trigger == "assess_harm":
        return min(MAX_ROWS, max(minimum, last + 1))
    return min(MAX_ROWS, max(2, minimum, last + 2))


# -- what a step looks like as fields -----------------------------------------------------


def _flatten(value: Any, prefix: str, out: dict[str, str], *, lines: bool) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out, lines=lines)
    elif isinstance(value, list):
        if lines and prefix in _LINES:
            out[prefix] = "\n".join(str(v) for v in value)
            return
        for i, item in enumerate(value):
            _flatten(item, f"{prefix}[{i}]", out, lines=lines)
    elif isinstance(value, bool):
        if value:
            out[prefix] = "yes"
    elif value is not None and value != "":
        out[prefix] = str(value)


def record_values(model: BaseModel | dict[str, Any]) -> dict[str, str]:
    """A recorded payload as the values of its form (lists of lines joined)."""
    data = model.model_dump(mode="json") if isinstance(model, BaseModel) else model
    out: dict[str, str] = {}
    _flatten(data, "", out, lines=True)
    return out


# -- the form ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Why a field (or the whole form) was refused, in both languages; a refusal by a
    legal rule also names the rule and its article."""

    message_id: str
    message_en: str
    rule: str = ""
    article: str = ""


@dataclass
class StepForm:
    """One step's form: what was typed, and what was wrong with it."""

    trigger: str
    values: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    """Rows of citations or harm statements shown."""
    errors: dict[str, list[Problem]] = field(default_factory=dict)
    """Problems by the name of the field or fieldset they are shown at."""
    general: list[Problem] = field(default_factory=list)
    """Problems about the step as a whole (four-eyes, steps-in-order, ...)."""
    from_draft: bool = False
    slots: dict[str, list[int]] = field(default_factory=dict)
    """For each row list, the form row of each payload item (blank rows are skipped)."""
    data: dict[str, Any] = field(default_factory=dict)
    """The payload as read from the form, before its schema checked it."""
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Each field's label as the page rendered it, in the order of the page."""

    def label(self, name: str, label_id: str, label_en: str) -> str:
        """Note the label of field ``name`` as the page renders it (for the summary);
        renders nothing."""
        self.labels.setdefault(name, (label_id, label_en))
        return ""

    def summary(self) -> list[tuple[str, int, str, str, Problem]]:
        """Every placed problem in the order of the page: (field, its number at that
        field, label in Bahasa Indonesia, in English, the problem). A field inside a row
        (``citations[1].analysis``) is named with its row ("Kutipan 2 — Analisis …")."""
        order = {name: i for i, name in enumerate(self.labels)}
        lines = []
        for name, problems in self.errors.items():
            label_id, label_en = self.labels.get(name, ("", ""))
            row = _ROW_PATH.match(name)
            if row is not None and row.group(0) != name:
                row_id, row_en = self.labels.get(row.group(0), ("", ""))
                if row_id:
                    label_id = f"{row_id} — {label_id}" if label_id else row_id
                    label_en = f"{row_en} — {label_en}" if label_en else row_en
            for index, problem in enumerate(problems, start=1):
                lines.append((name, index, label_id, label_en, problem))
        lines.sort(key=lambda line: order.get(line[0], len(order)))
        return lines

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.general)

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    def row_names(self) -> list[int]:
        return list(range(self.rows))

    def add(self, path: str | None, problem: Problem) -> None:
        """Show ``problem`` at the field ``path`` names (or the nearest fieldset that
        holds it; the top of the form if none does)."""
        anchor = self._anchor(self._relocate(path)) if path else None
        if anchor is None:
            self.general.append(problem)
        else:
            self.errors.setdefault(anchor, []).append(problem)

    def refuse(self, exc: RuleViolation | InputError) -> None:
        """Place a refusal from the service (every refusal it carries)."""
        if isinstance(exc, RuleViolation):
            for one in exc.all():
                self.add(one.field, Problem(one.message_id, one.message_en, one.rule, one.article))
        else:
            self.add(None, Problem(exc.message, exc.message))

    def add_refusals(self, refusals: list[RuleViolation]) -> None:
        """Place the rules' refusals of fields the schema did not refuse already."""
        for one in refusals:
            anchor = self._anchor(self._relocate(one.field)) if one.field else None
            if anchor is not None and anchor in self.errors:
                continue  # the schema's message for that field stands
            self.add(one.field, Problem(one.message_id, one.message_en, one.rule, one.article))

    def payload(self) -> BaseModel | None:
        """The step's payload model, or ``None`` with the problems recorded."""
        data = self._data()
        self.data = data
        if self.failed:
            return None
        try:
            return PAYLOADS[self.trigger].model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                self.add(_loc_path(err["loc"]), _shape_problem(err))
            return None

    # -- internals ---------------------------------------------------------------------

    def _relocate(self, path: str) -> str:
        """``citations[1].x`` of the payload as the form row it came from."""
        found = _ROW_PATH.match(path)
        if found is None:
            return path
        slots = self.slots.get(found.group(1), [])
        index = int(found.group(2))
        if index >= len(slots):
            return path
        return f"{found.group(1)}[{slots[index]}]{path[found.end() :]}"

    def _anchor(self, path: str) -> str | None:
        anchors = _anchors(self.trigger, max(self.rows, 1))
        while path:
            if path in anchors:
                return path
            cut = max(path.rfind("."), path.rfind("["))
            if cut <= 0:
                return None
            path = path[:cut]
        return None

    def _text(self, name: str) -> str:
        return self.values.get(name, "").strip()

    def _opt(self, name: str) -> str | None:
        return self._text(name) or None

    def _lines(self, name: str) -> list[str]:
        return [line.strip() for line in self.values.get(name, "").splitlines() if line.strip()]

    def _trigger_context(self) -> dict[str, Any]:
        return {
            "kind": self._opt("trigger.kind"),
            "reference": self._text("trigger.reference"),
            "dated": self._opt("trigger.dated"),
            "note": self._text("trigger.note"),
        }

    def _citations(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        slots: list[int] = []
        for i in range(MAX_ROWS):
            row = {f: self._text(f"citations[{i}].{f}") for f in _ROWS["cite_grounds"][1]}
            if not any(row.values()):
                continue
            if not row["ground"]:
                self.add(
                    f"citations[{i}].ground",
                    Problem(
                        "Pilih dasar pengecualian untuk analisis ini.",
                        "Choose the ground this analysis is for.",
                    ),
                )
            citation: dict[str, Any] = {"ground": row["ground"], "analysis": row["analysis"]}
            statute = {k.removeprefix("statute."): v for k, v in row.items() if "statute." in k}
            if any(statute.values()):
                citation["statute"] = {
                    **statute,
                    "kind": statute["kind"] or None,
                    "year": statute["year"] or None,
                }
            out.append(citation)
            slots.append(i)
        self.slots["citations"] = slots
        return out

    def _harms(self) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        slots: list[int] = []
        for i in range(MAX_ROWS):
            ground, harm = self._text(f"harms[{i}].ground"), self._text(f"harms[{i}].harm")
            if ground and harm:
                out.append({"ground": ground, "harm": harm})
                slots.append(i)
        self.slots["harms"] = slots
        return out

    def _period(self) -> dict[str, Any] | None:
        kind = self._opt("period.kind")
        end, condition = self._opt("period.end_date"), self._text("period.condition")
        if kind is None:
            if end or condition:
                self.add(
                    "period.kind",
                    Problem(
                        "Pilih jenis jangka waktu untuk tanggal atau kondisi ini.",
                        "Choose the kind of period for this date or condition.",
                    ),
                )
            return None
        return {"kind": kind, "end_date": end, "condition": condition}

    def _data(self) -> dict[str, Any]:
        """The payload as a dict, from the typed fields."""
        t, o = self._text, self._opt
        builders: dict[str, Any] = {
            "open": lambda: {"trigger": self._trigger_context(), "summary": t("summary")},
            "identify": lambda: {
                "document": {
                    "title": t("document.title"),
                    "owning_unit": t("document.owning_unit"),
                    "dated": o("document.dated"),
                    "form": o("document.form"),
                    "reference": t("document.reference"),
                    "category": t("document.category") or "other",
                },
                "information": t("information"),
                "scope": o("scope"),
                "parts": self._lines("parts"),
                "whole_justification": t("whole_justification"),
            },
            "cite_grounds": lambda: {
                "citations": self._citations(),
                "subject_consent": bool(t("subject_consent")),
                "concerns_public_office": bool(t("concerns_public_office")),
            },
            "assess_harm": lambda: {"harms": self._harms()},
            "weigh_public_interest": lambda: {
                "interests": self._lines("interests"),
                "balance": t("balance"),
                "outweighs": o("outweighs"),
            },
            "conclude": lambda: {
                "outcome": o("outcome"),
                "parts_withheld": self._lines("parts_withheld"),
                "redaction": o("redaction") or "blacken",
                "period": self._period(),
                "reasoning": t("reasoning"),
            },
            "submit": lambda: {"note": t("note")},
            "revise": lambda: {"to_step": o("to_step"), "note": t("note")},
            "return_for_revision": lambda: {"to_step": o("to_step"), "comments": t("comments")},
            "approve": lambda: {"comments": t("comments")},
            "withdraw": lambda: {"reason": t("reason")},
            "retest": lambda: {"reason": t("reason"), "trigger": self._trigger_context()},
            "expire": lambda: {"as_of": o("as_of"), "note": t("note")},
            "overturn": lambda: {
                "authority": o("authority"),
                "ruling_reference": t("ruling_reference"),
                "ruling_date": o("ruling_date"),
                "summary": t("summary"),
            },
            "extend_answer": lambda: {
                "notice_reference": t("notice_reference"),
                "notice_date": o("notice_date"),
                "reason": t("reason"),
            },
            "file_objection": lambda: {
                "reference": t("reference"),
                "objector": t("objector"),
                "answer_date": o("answer_date"),
                "answer_reference": t("answer_reference"),
                "filed_on": o("filed_on"),
                "reasons": t("reasons"),
            },
            "answer_objection": lambda: {
                "objection_reference": t("objection_reference"),
                "outcome": o("outcome"),
                "reference": t("reference"),
                "answered_on": o("answered_on"),
                "reasons": t("reasons"),
            },
        }
        data: dict[str, Any] = builders[self.trigger]()
        return data


def _loc_path(loc: Sequence[int | str]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _shape_problem(err: Any) -> Problem:
    kind = str(err.get("type", ""))
    if kind in {"missing", "string_too_short"} or (
        kind in {"enum", "date_type", "int_type"} and err.get("input") is None
    ):
        return Problem("Wajib diisi.", "Required.")
    if kind == "too_short":
        return Problem("Isi sedikitnya satu.", "Give at least one.")
    if kind == "enum":
        return Problem("Pilih salah satu pilihan.", "Choose one of the options.")
    if kind.startswith("date"):
        return Problem("Tanggal tidak sah (TTTT-BB-HH).", "Not a valid date (YYYY-MM-DD).")
    if kind.startswith(("int", "greater_than", "less_than")):
        return Problem("Bukan tahun yang sah (1945-2100).", "Not a valid year (1945-2100).")
    if kind == "string_too_long":
        return Problem("Teks terlalu panjang.", "The text is too long.")
    return Problem(*schema_message(err))


def read_form(trigger: str, items: Iterable[tuple[str, Any]], case: Case | None = None) -> StepForm:
    """The form of ``trigger`` as posted (``case`` gives the rows of a harm form)."""
    values = read_values(trigger, items)
    minimum = len(_cited(case)) if trigger == "assess_harm" else 0
    return StepForm(trigger, values, _row_count(trigger, values, minimum))


def _cited(case: Case | None) -> list[str]:
    return case.grounds.ground_ids() if case is not None and case.grounds else []


def initial_form(trigger: str, case: Case | None, draft: dict[str, str] | None) -> StepForm:
    """The form as first shown: the user's saved draft, else the step as recorded (when
    it is redone), else blank; a harm form has one field per cited ground."""
    recorded: BaseModel | None = None
    if case is not None and trigger in _STEP_FIELD:
        recorded = case.step_payload(_STEP_FIELD[trigger])
    if trigger == "assess_harm":
        texts: dict[str, str] = {}
        if isinstance(recorded, p.AssessHarm):
            texts.update({h.ground: h.harm for h in recorded.harms})
        if draft:
            for i in range(MAX_ROWS):
                ground = draft.get(f"harms[{i}].ground")
                if ground and draft.get(f"harms[{i}].harm"):
                    texts[ground] = draft[f"harms[{i}].harm"]
        values: dict[str, str] = {}
        grounds = _cited(case)
        for i, ground in enumerate(grounds[:MAX_ROWS]):
            values[f"harms[{i}].ground"] = ground
            values[f"harms[{i}].harm"] = texts.get(ground, "")
        return StepForm(trigger, values, len(values) // 2, from_draft=bool(draft))
    if draft:
        values = dict(draft)
    elif recorded is not None:
        values = record_values(recorded)
    else:
        values = {"document.category": "other", "redaction": "blacken"}
    if (
        trigger == "conclude"
        and case is not None
        and not draft
        and recorded is None
        and case.identification is not None
        and case.identification.parts
    ):
        # Don't ask twice: the parts named at identification are what a partial
        # exemption blacks out, unless the officer says otherwise.
        values["parts_withheld"] = "\n".join(case.identification.parts)
    if trigger == "answer_objection" and case is not None and not draft:
        pending = case.pending_objections
        if len(pending) == 1:  # the one awaiting an answer, chosen already
            values["objection_reference"] = pending[0].reference
    return StepForm(trigger, values, _row_count(trigger, values), from_draft=bool(draft))


def has_subject(trigger: str, case: Case) -> bool:
    """Whether the form of ``trigger`` has something to act on in ``case``; the state
    and role are :func:`~ujikon.domain.decide.allowed_triggers`'s, the rules the
    service's. An answer needs an objection awaiting it (Pasal 36(2)); an objection
    needs a decision that withholds (Pasal 35(1)(a))."""
    if trigger == "answer_objection":
        return bool(case.pending_objections)
    if trigger == "file_objection":
        return case.conclusion is not None and case.conclusion.outcome.withholds
    return True


# -- drafts --------------------------------------------------------------------------------


class DraftStore:
    """Typed fields of a step form kept for one user until the step is recorded.

    Stored as JSON in the store's ``meta`` table under
    ``draft:{username}:{case_id}:{trigger}``; an empty value is no draft.
    """

    def __init__(self, log: MetaTable) -> None:
        self.log = log

    @staticmethod
    def key(username: str, case_id: str, trigger: str) -> str:
        return f"draft:{username}:{case_id}:{trigger}"

    def load(self, username: str, case_id: str, trigger: str) -> dict[str, str] | None:
        raw = self.log.get_meta(self.key(username, case_id, trigger))
        if not raw:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            logger.warning("unreadable draft %s", self.key(username, case_id, trigger))
            return None
        if not isinstance(data, dict):
            return None
        return {str(k): v for k, v in data.items() if isinstance(v, str)} or None

    def save(self, username: str, case_id: str, trigger: str, values: dict[str, str]) -> None:
        kept = {k: v for k, v in values.items() if v.strip()}
        self.log.set_meta(
            self.key(username, case_id, trigger), json.dumps(kept, ensure_ascii=False)
        )

    def clear(self, username: str, case_id: str, trigger: str) -> None:
        key = self.key(username, case_id, trigger)
        if self.log.get_meta(key):
            self.log.set_meta(key, "")
