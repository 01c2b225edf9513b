"""Reading catalogue data into the frozen dataclasses of :mod:`ujikon.law.models`, strictly.

The catalogue's schema is the dataclasses themselves: each field's type hint says what the
YAML must hold there (text, a yes/no, a whole number, ``None`` where the hint allows it, a
list of entries), a field without a default must be present, a key that names no field is
refused, and a field may carry a ``pattern`` in its metadata that its text must match.
Every problem is collected with where it is, so one reading names all of them at once.

Why not pydantic, which the domain records use: the catalogue is read on every start of the
CLI, and importing pydantic and building its validators cost ``ujikon law grounds`` more
than everything else the command does together (issue 11's start-up budget). These few
shapes need none of what pydantic adds; values are taken as they are, never coerced (a
``"30"`` is not a number of years).

Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

__all__ = ["Problem", "SchemaError", "read"]

T = TypeVar("T")

Location = tuple[str | int, ...]


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong with the data: where (keys and list positions) and what."""

    loc: Location
    msg: str


class SchemaError(ValueError):
    """The data does not fit the schema; :attr:`problems` lists every misfit."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{'.'.join(map(str, p.loc))}: {p.msg}" for p in problems))


class _Missing:
    """Marks a value that could not be read (its problem is already recorded)."""


_MISSING = _Missing()


def read(cls: type[T], data: object) -> T:
    """``data`` (as YAML or JSON parsing gives it) as an instance of the dataclass ``cls``.

    :raises SchemaError: naming every place where ``data`` does not fit.
    """
    problems: list[Problem] = []
    value = _read_dataclass(cls, data, (), problems)
    if problems or isinstance(value, _Missing):
        raise SchemaError(problems)
    return value


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    """The resolved type hints of a dataclass, worked out once per class."""
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def _read_dataclass(
    cls: type[T], raw: object, loc: Location, problems: list[Problem]
) -> T | _Missing:
    if not isinstance(raw, Mapping):
        problems.append(Problem(loc, f"must be a mapping of fields, got {_kind(raw)}"))
        return _MISSING
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    for key in raw:
        if key not in fields:
            problems.append(
                Problem((*loc, str(key)), "unknown field (no such field in the schema)")
            )
    values: dict[str, Any] = {}
    failed = False
    hints = _hints(cls)
    for name, field in fields.items():
        if name not in raw:
            if (
                field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING
            ):
                problems.append(Problem((*loc, name), "missing (the field is required)"))
                failed = True
            continue
        value = _read_value(hints[name], raw[name], (*loc, name), problems)
        if isinstance(value, _Missing):
            failed = True
            continue
        pattern = field.metadata.get("pattern")
        if pattern is not None and not re.fullmatch(pattern, value):
            problems.append(
                Problem((*loc, name), f"{value!r} does not match the pattern {pattern}")
            )
            failed = True
            continue
        values[name] = value
    if failed:
        return _MISSING
    return cls(**values)


def _read_value(hint: Any, raw: object, loc: Location, problems: list[Problem]) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if raw is None and type(None) in options:
            return None
        (other,) = (option for option in options if option is not type(None))
        return _read_value(other, raw, loc, problems)
    if origin is tuple:
        (item_hint, _ellipsis) = typing.get_args(hint)
        if not isinstance(raw, list | tuple):
            problems.append(Problem(loc, f"must be a list, got {_kind(raw)}"))
            return _MISSING
        items = [_read_value(item_hint, item, (*loc, i), problems) for i, item in enumerate(raw)]
        if any(isinstance(item, _Missing) for item in items):
            return _MISSING
        return tuple(items)
    if dataclasses.is_dataclass(hint):
        return _read_dataclass(hint, raw, loc, problems)  # type: ignore[arg-type]
    if hint is bool:
        if isinstance(raw, bool):
            return raw
        problems.append(Problem(loc, f"must be true or false, got {_kind(raw)}"))
        return _MISSING
    if hint is int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        problems.append(Problem(loc, f"must be a whole number, got {_kind(raw)}"))
        return _MISSING
    if hint is str:
        if isinstance(raw, str):
            return raw
        problems.append(Problem(loc, f"must be text, got {_kind(raw)}"))
        return _MISSING
    raise TypeError(f"the catalogue schema has a field of a type it cannot read: {hint!r}")


def _kind(raw: object) -> str:
    if raw is None:
        return "nothing (null)"
    if isinstance(raw, bool):
        return f"a yes/no ({str(raw).lower()})"
    if isinstance(raw, str):
        return f"the text {raw[:40]!r}"
    if isinstance(raw, int | float):
        return f"the number {raw!r}"
    if isinstance(raw, Mapping):
        return "a mapping"
    if isinstance(raw, list | tuple):
        return "a list"
    return type(raw).__name__
