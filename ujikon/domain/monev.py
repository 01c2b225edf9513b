"""The self-assessment (*penilaian mandiri*) of the Komisi Informasi's monitoring and
evaluation (monev, Perki 1/2022): indicators, the checks that evidence them from the log,
and how a check's evidence becomes a status and a score.

An :class:`Indicator` is data (a YAML file the administrator edits each year, read by
:func:`parse_indicators`); what it rests on is one of a closed set of :class:`Check`\\ s
implemented in :mod:`ujikon.service.monev`. Each check returns :class:`Evidence` lines:
each either counts for the indicator (``counts=True``), against it (``False``) or is
only shown (``None``: pending, not applicable). :func:`finding` turns them into a
:class:`Finding`: ``met`` (100), ``partly`` (1-99), ``not met`` (0) or ``no evidence``
(no line counts, with the reason why); never a pass the log does not show.

Pure: no clock, no I/O. The file is read by the service (``service/input_files.py``) and
handed here as data with the lines of its keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ujikon.domain.labels import LabelledEnum
from ujikon.errors import InputError

__all__ = [
    "Check",
    "Evidence",
    "Finding",
    "Indicator",
    "Status",
    "finding",
    "parse_indicators",
    "weighted_total",
]


class Check(StrEnum):
    """What ujikon can read from the log; an indicator names one."""

    DIK_DECREE = "dik-decree"
    """The DIK set by an issued (fully signed) decree dated within the year before."""
    TEST_PER_EXEMPT_ITEM = "test-per-exempt-item"
    """Every exempt item rests on a recorded consequence test."""
    HARM_AND_BALANCE = "harm-and-balance-per-ground"
    """Each cited ground has its harm, and the public interest was weighed."""
    PERIODS_STATED = "periods-stated"
    """Each exempt item states its period."""
    REGISTER_PUBLISHED = "register-published"
    """The DIK was published (nothing in the log records it)."""
    YEARLY_REVIEW = "yearly-review"
    """Every item in force on 1 January was retested by that year's review."""
    OBJECTIONS_IN_TIME = "objections-answered-in-time"
    """Objections answered within 30 working days (UU 14/2008 Pasal 36(2))."""
    REQUESTS_IN_TIME = "requests-answered-in-time"
    """Requests answered within 10 working days, or 10 + 7 with written notice
    (Pasal 22(7)-(8))."""


class Status(LabelledEnum):
    MET = ("met", "terpenuhi", "met")
    PARTLY = ("partly", "sebagian", "partly met")
    NOT_MET = ("not_met", "tidak terpenuhi", "not met")
    NO_EVIDENCE = ("no_evidence", "tanpa bukti", "no evidence")


@dataclass(frozen=True)
class Indicator:
    id: str
    question_id: str
    question_en: str
    basis: str
    """The legal basis, by article."""
    weight: float
    check: Check


@dataclass(frozen=True)
class Evidence:
    """One line an indicator's score rests on, with what it names in the log."""

    text: str
    """Bahasa Indonesia / English."""
    counts: bool | None
    """For the indicator, against it, or only shown (pending, not applicable)."""
    case: str = ""
    """A case revision (``UK-2026-0003/1``)."""
    decree: str = ""
    """A decree number."""
    seq: int | None = None
    """The log event it rests on."""

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "counts": self.counts,
            "case": self.case or None,
            "decree": self.decree or None,
            "seq": self.seq,
        }


@dataclass(frozen=True)
class Finding:
    """One indicator scored for one year."""

    indicator: Indicator
    status: Status
    score: int | None
    """0-100; ``None`` with no evidence."""
    reason: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def counted(self) -> int:
        return sum(1 for e in self.evidence if e.counts is not None)


def _status(score: int) -> Status:
    if score >= 100:
        return Status.MET
    return Status.NOT_MET if score <= 0 else Status.PARTLY


def finding(
    indicator: Indicator,
    evidence: Sequence[Evidence],
    *,
    empty_reason: str,
    score: int | None = None,
    reason: str = "",
) -> Finding:
    """The finding of ``indicator`` on ``evidence``: the share of the lines that count
    which count for it (or ``score``, when the check grades itself); ``no evidence``
    with ``empty_reason`` when no line counts."""
    counted = [e for e in evidence if e.counts is not None]
    if score is None:
        if not counted:
            return Finding(indicator, Status.NO_EVIDENCE, None, empty_reason, tuple(evidence))
        good = sum(1 for e in counted if e.counts)
        score = round(100 * good / len(counted))
        if not reason:
            reason = (
                f"{good} dari {len(counted)} memenuhi / {good} of {len(counted)} meet the indicator"
            )
    score = max(0, min(100, score))
    return Finding(indicator, _status(score), score, reason, tuple(evidence))


def weighted_total(findings: Sequence[Finding]) -> float | None:
    """The weighted mean of the scores, an indicator without evidence counting 0 (it is
    not shown to be met); ``None`` when there is no indicator."""
    weight = sum(f.indicator.weight for f in findings)
    if not findings or weight <= 0:
        return None
    return round(sum((f.score or 0) * f.indicator.weight for f in findings) / weight, 1)


# --------------------------------------------------------------------------- the file

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
_FIELDS = ("id", "question", "basis", "weight", "check")
_MAX_WEIGHT = 1000


class _Where:
    def __init__(self, source: str, line_of: Callable[[str], int | None]) -> None:
        self.source = source
        self.line_of = line_of

    def error(self, path: str, message: str, indicator: str = "") -> InputError:
        line = self.line_of(path) if path else None
        at = f"{self.source}:{line}" if line else self.source
        named = f" (indikator / indicator '{indicator}')" if indicator else ""
        return InputError(f"{at} {path}{named}".rstrip(), message)


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "pemetaan / a mapping"
    if isinstance(value, list):
        return "daftar / a list"
    if value is None:
        return "kosong / empty"
    return f"{type(value).__name__} {value!r}"[:60]


def _text(where: _Where, path: str, value: Any, indicator: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise where.error(
            path, f"harus teks, bukan {_kind(value)} / must be text, not {_kind(value)}", indicator
        )
    return value.strip()


def _indicator(where: _Where, path: str, item: Any, seen: set[str]) -> Indicator:
    if not isinstance(item, Mapping):
        raise where.error(
            path,
            f"setiap indikator adalah pemetaan ({', '.join(_FIELDS)}), bukan {_kind(item)} / "
            f"each indicator is a mapping ({', '.join(_FIELDS)}), not {_kind(item)}",
        )
    raw_id = item.get("id")
    name = raw_id if isinstance(raw_id, str) else ""
    unknown = sorted(str(k) for k in item if k not in _FIELDS)
    if unknown:
        raise where.error(
            f"{path}.{unknown[0]}",
            f"bidang tidak dikenal; yang dikenal: {', '.join(_FIELDS)} / unknown field; "
            f"known: {', '.join(_FIELDS)}",
            name,
        )
    for key in _FIELDS:
        if key not in item:
            raise where.error(path, f"bidang '{key}' tidak ada / field '{key}' is missing", name)
    ident = _text(where, f"{path}.id", raw_id, name)
    if not _ID.match(ident):
        raise where.error(
            f"{path}.id",
            "huruf kecil, angka, titik, garis bawah atau tanda hubung (maks. 40) / lower-case "
            "letters, digits, '.', '_' or '-' (at most 40)",
            ident,
        )
    if ident in seen:
        raise where.error(f"{path}.id", "id ganda / duplicate id", ident)
    seen.add(ident)
    question = item["question"]
    if not isinstance(question, Mapping):
        raise where.error(
            f"{path}.question",
            f"harus pemetaan 'id' dan 'en', bukan {_kind(question)} / must be a mapping of "
            f"'id' and 'en', not {_kind(question)}",
            ident,
        )
    extra = sorted(str(k) for k in question if k not in ("id", "en"))
    if extra:
        raise where.error(
            f"{path}.question.{extra[0]}", "hanya 'id' dan 'en' / only 'id' and 'en'", ident
        )
    question_id = _text(where, f"{path}.question.id", question.get("id"), ident)
    question_en = _text(where, f"{path}.question.en", question.get("en"), ident)
    basis = _text(where, f"{path}.basis", item["basis"], ident)
    weight = item["weight"]
    if isinstance(weight, bool) or not isinstance(weight, int | float):
        raise where.error(
            f"{path}.weight",
            f"harus angka, bukan {_kind(weight)} / must be a number, not {_kind(weight)}",
            ident,
        )
    if not 0 < weight <= _MAX_WEIGHT:
        raise where.error(
            f"{path}.weight",
            f"lebih dari 0 dan paling banyak {_MAX_WEIGHT} / above 0 and at most {_MAX_WEIGHT}",
            ident,
        )
    check = item["check"]
    known = ", ".join(c.value for c in Check)
    if not isinstance(check, str) or check not in {c.value for c in Check}:
        raise where.error(
            f"{path}.check",
            f"pemeriksaan tidak dikenal {_kind(check)}; yang ada: {known} / unknown check; "
            f"the checks are: {known}",
            ident,
        )
    return Indicator(ident, question_id, question_en, basis, float(weight), Check(check))


def parse_indicators(
    data: Any, source: str, line_of: Callable[[str], int | None] = lambda _path: None
) -> tuple[Indicator, ...]:
    """The indicators of a file holding ``indicators:`` (a list of mappings with ``id``,
    ``question`` (``id``, ``en``), ``basis``, ``weight``, ``check``).

    :raises InputError: naming ``source`` (with the line), the indicator and the field.
    """
    where = _Where(source, line_of)
    if not isinstance(data, Mapping):
        raise where.error(
            "",
            f"berkas indikator adalah pemetaan dengan 'indicators:', bukan {_kind(data)} / an "
            f"indicators file is a mapping with 'indicators:', not {_kind(data)}",
        )
    unknown = sorted(str(k) for k in data if k not in ("indicators", "title"))
    if unknown:
        raise where.error(
            unknown[0], "bidang tidak dikenal; yang dikenal: indicators, title / unknown field"
        )
    items = data.get("indicators")
    if not isinstance(items, list) or not items:
        raise where.error(
            "indicators",
            f"harus daftar indikator yang tidak kosong, bukan {_kind(items)} / must be a "
            f"non-empty list of indicators, not {_kind(items)}",
        )
    seen: set[str] = set()
    return tuple(_indicator(where, f"indicators[{n}]", item, seen) for n, item in enumerate(items))
