"""Case files: a whole case described in one YAML (or JSON) file, read into a plan.

The format (``format: ujikon/case-1``) is documented in the README; a sample ships in
``ujikon/samples/``. Reading checks the shape only, reporting the file, line and
column of anything wrong; the service then walks the plan through the legal rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ujikon.domain.roles import Actor
from ujikon.domain.text import printable
from ujikon.domain.workflow import ACTIONS, PAYLOADS, STEP_TRIGGERS
from ujikon.errors import InputError
from ujikon.service.input_files import Document, load_document, parse_json, parse_yaml

__all__ = ["FORMAT", "CasePlan", "PlannedStep", "load_plan", "parse_plan"]

FORMAT = "ujikon/case-1"

_TOP_KEYS = {"format", "by", "open", *STEP_TRIGGERS, "submit", "then"}
_LATER = sorted(set(ACTIONS) - {"open", *STEP_TRIGGERS})


@dataclass(frozen=True)
class PlannedStep:
    trigger: str
    payload: dict[str, Any]
    by: str | None
    where: str
    """Where the step stands in its source, e.g. ``step 'cite_grounds' (line 12)``."""


@dataclass(frozen=True)
class CasePlan:
    """A whole case as one file describes it: how it opens, then its steps in order."""

    source: str
    open: dict[str, Any]
    open_by: str | None
    steps: tuple[PlannedStep, ...]
    by: str | None = None

    def actor_for(self, position: int, default: str | Actor | None) -> str | Actor | None:
        """Who records step ``position`` (0: the opening): the step's own ``by``, else the
        plan's, else ``default``."""
        if position == 0:
            return self.open_by or default
        return self.steps[position - 1].by or default


def load_plan(path: Path) -> CasePlan:
    """Read a case file from disk: YAML, or JSON when its name ends in ``.json``.

    :raises InputError: the file is not a regular file, is larger than
        :data:`~ujikon.service.input_files.CASE_FILE_LIMIT`, cannot be read or parsed (strictly,
        see :mod:`ujikon.service.input_files`), or does not fit the format -- naming the file, the
        line and the field.
    """
    return _plan(load_document(path), str(path))


def _dotted(path: str, loc: tuple[int | str, ...]) -> str:
    """``("harms", 0, "ground")`` under ``assess_harm`` → ``assess_harm.harms[0].ground``."""
    return path + "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in loc)


def _check_shape(
    trigger: str, payload: dict[str, Any], document: Document, path: str, source: str
) -> None:
    """Check a step's data against its payload model now, before any store is opened, so
    that a field that does not fit (a date that does not exist, a misspelt key) is named
    with its line in the file. The legal rules are the service's business, later.

    :param path: where the step's data stands in the file (``open``, ``then[0].approve``).
    """
    model = PAYLOADS.get(trigger)
    if model is None:
        return
    try:
        model.model_validate(payload)
    except ValidationError as exc:
        problems = []
        lines = []
        for err in exc.errors():
            field = _dotted(path, err["loc"])
            line = document.line_of(field)
            if line is not None:
                lines.append(line)
            at = f" (baris/line {line})" if line is not None else ""
            problems.append(f"kolom/field {field}{at}: {err['msg']}")
        where = f"{source}:{lines[0]}" if lines else source
        raise InputError(
            where,
            printable(
                f"data langkah '{trigger}' tidak sesuai / the data of step '{trigger}' does not "
                "fit: " + "; ".join(problems)
            ),
        ) from None


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(where, "harus berupa pemetaan (key: value) / must be a mapping")
    return dict(value)


def _split_by(data: dict[str, Any], where: str) -> tuple[dict[str, Any], str | None]:
    by = data.pop("by", None)
    if by is not None and not isinstance(by, str):
        raise InputError(where, "'by' harus nama pengguna / 'by' must be a username")
    return data, by


def parse_plan(text: str, source: str = "<case file>") -> CasePlan:
    """A plan from the text of a case file (JSON when ``source`` ends in ``.json``)."""
    if source.lower().endswith(".json"):
        return _plan(parse_json(text, source), source)
    return _plan(parse_yaml(text, source), source)


def _plan(document: Document, source: str) -> CasePlan:
    data = document.data
    if not isinstance(data, dict):
        raise InputError(
            source, "berkas kasus harus berupa pemetaan / a case file must be a mapping"
        )
    lines = {key: line for key, line in document.lines.items() if key in data}

    def at(key: str) -> str:
        return f"{source}:{lines[key]}" if key in lines else source

    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise InputError(
            at(unknown[0]),
            f"kunci tidak dikenal / unknown key '{printable(unknown[0])}'; allowed: "
            + ", ".join(sorted(_TOP_KEYS)),
        )
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        raise InputError(
            at("format"),
            f"format '{printable(str(fmt))}' tidak didukung / unsupported; use {FORMAT}",
        )
    if "open" not in data:
        raise InputError(source, "bagian 'open' (alasan pengujian) wajib ada / 'open' is required")
    open_data, open_by = _split_by(_mapping(data["open"], at("open")), at("open"))
    _check_shape("open", open_data, document, "open", source)
    steps: list[PlannedStep] = []
    for trigger in (*STEP_TRIGGERS, "submit"):
        if trigger in data:
            payload, by = _split_by(_mapping(data[trigger], at(trigger)), at(trigger))
            where = f"step '{trigger}' (line {lines[trigger]})" if trigger in lines else trigger
            _check_shape(trigger, payload, document, trigger, source)
            steps.append(PlannedStep(trigger, payload, by, where))
    later = data.get("then") or []
    if not isinstance(later, list):
        raise InputError(at("then"), "'then' harus berupa daftar / must be a list")
    for i, item in enumerate(later):
        line = document.lines.get(f"then[{i}]")
        where = f"{source}:{line}, then[{i}]" if line else f"{at('then')}, then[{i}]"
        if not isinstance(item, dict) or len(item) != 1:
            raise InputError(where, "setiap butir berisi satu aksi / each item holds one action")
        ((trigger, body),) = item.items()
        if trigger not in _LATER:
            raise InputError(
                where,
                f"aksi '{printable(str(trigger))}' tidak dikenal; allowed: {', '.join(_LATER)}",
            )
        payload, by = _split_by(_mapping(body, where), where)
        _check_shape(trigger, payload, document, f"then[{i}].{trigger}", source)
        steps.append(PlannedStep(trigger, payload, by, f"then[{i}] '{trigger}'"))
    by = data.get("by")
    if by is not None and not isinstance(by, str):
        raise InputError(at("by"), "'by' harus nama pengguna / 'by' must be a username")
    return CasePlan(source=source, open=open_data, open_by=open_by, steps=tuple(steps), by=by)
