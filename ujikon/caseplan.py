"""Case files: a whole case described in one YAML (or JSON) file, read into a plan.

The format (``format: ujikon/case-1``) is documented in the README; a sample ships in
``ujikon/samples/``. Reading checks the shape only, reporting the file, line and
column of anything wrong; the service then walks the plan through the legal rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ujikon.domain.workflow import ACTIONS, STEP_TRIGGERS
from ujikon.errors import InputError

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

    def actor_for(self, position: int, default: str | None) -> str | None:
        if position == 0:
            return self.open_by or default
        return self.steps[position - 1].by or default


def load_plan(path: Path) -> CasePlan:
    """Read a case file from disk."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            str(path), f"tidak dapat dibaca / cannot be read: {exc.strerror}"
        ) from None
    except UnicodeDecodeError:
        raise InputError(str(path), "bukan teks UTF-8 / not UTF-8 text") from None
    return parse_plan(text, str(path))


def _lines(text: str, source: str) -> dict[str, int]:
    """Line numbers (1-based) of the top-level keys, for error messages."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(where, f"YAML tidak valid / malformed YAML: {problem}") from None
    if not isinstance(node, yaml.MappingNode):
        raise InputError(
            source, "berkas kasus harus berupa pemetaan / a case file must be a mapping"
        )
    return {
        key.value: key.start_mark.line + 1
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }


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
    """A plan from the text of a case file."""
    lines = _lines(text, source)
    data = yaml.safe_load(text)

    def at(key: str) -> str:
        return f"{source}:{lines[key]}" if key in lines else source

    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise InputError(
            at(unknown[0]),
            f"kunci tidak dikenal / unknown key '{unknown[0]}'; allowed: "
            + ", ".join(sorted(_TOP_KEYS)),
        )
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        raise InputError(at("format"), f"format '{fmt}' tidak didukung / unsupported; use {FORMAT}")
    if "open" not in data:
        raise InputError(source, "bagian 'open' (alasan pengujian) wajib ada / 'open' is required")
    open_data, open_by = _split_by(_mapping(data["open"], at("open")), at("open"))
    steps: list[PlannedStep] = []
    for trigger in (*STEP_TRIGGERS, "submit"):
        if trigger in data:
            payload, by = _split_by(_mapping(data[trigger], at(trigger)), at(trigger))
            steps.append(
                PlannedStep(trigger, payload, by, f"step '{trigger}' (line {lines[trigger]})")
            )
    later = data.get("then") or []
    if not isinstance(later, list):
        raise InputError(at("then"), "'then' harus berupa daftar / must be a list")
    for i, item in enumerate(later):
        where = f"{at('then')}, then[{i}]"
        if not isinstance(item, dict) or len(item) != 1:
            raise InputError(where, "setiap butir berisi satu aksi / each item holds one action")
        ((trigger, body),) = item.items()
        if trigger not in _LATER:
            raise InputError(where, f"aksi '{trigger}' tidak dikenal; allowed: {', '.join(_LATER)}")
        payload, by = _split_by(_mapping(body, where), where)
        steps.append(PlannedStep(trigger, payload, by, f"then[{i}] '{trigger}'"))
    by = data.get("by")
    if by is not None and not isinstance(by, str):
        raise InputError(at("by"), "'by' harus nama pengguna / 'by' must be a username")
    return CasePlan(source=source, open=open_data, open_by=open_by, steps=tuple(steps), by=by)
