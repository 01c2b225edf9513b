"""Turning what a user typed (options, or a YAML/JSON file) into a step's data.

The data is checked against the step's payload model *before* the store is opened,
so that a typo costs nothing and the error names the file (with line and column when
the file is malformed) or the options the user gave. Which legal rules the data must
satisfy is the domain's business, not this module's.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import typer
from pydantic import BaseModel, ValidationError

from ujikon.cli.common import COMMAND_OF_TRIGGER
from ujikon.domain import payloads as p
from ujikon.domain.text import printable
from ujikon.domain.workflow import PAYLOADS
from ujikon.errors import InputError
from ujikon.service import Document, load_document

__all__ = [
    "OPTION_OF",
    "as_date",
    "check_shape",
    "choose_data",
    "compact",
    "date_option",
    "load_payload_file",
    "opt",
    "parse_statute",
]

logger = logging.getLogger(__name__)


def date_option(*names: str, help: str) -> Any:
    """A ``YYYY-MM-DD`` option (parsed by Typer into a ``datetime``; see :func:`as_date`)."""
    return typer.Option(
        *names, formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help=help, show_default=False
    )


def opt(*names: str, help: str, metavar: str | None = None) -> Any:
    """An optional option without a shown default: the step's model supplies defaults."""
    return typer.Option(*names, help=help, show_default=False, metavar=metavar)


def compact(value: Any) -> Any:
    """``value`` without ``None`` entries (recursively), so the payload model reports
    a missing required field as missing rather than as ``None``."""
    if isinstance(value, Mapping):
        return {k: compact(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [compact(v) for v in value]
    return value


_DOCUMENTS: dict[str, Document] = {}
"""The documents read by :func:`load_payload_file`, by file name: :func:`check_shape`
names the line of a field that does not fit."""


def load_payload_file(path: Path) -> dict[str, Any]:
    """The mapping held in a YAML or JSON file (read strictly: see
    :mod:`ujikon.service.input_files`).

    :raises InputError: the file cannot be read, is not a regular file, is larger than
        :data:`~ujikon.service.input_files.CASE_FILE_LIMIT`, is malformed or holds what a step's
        data has no use for (naming its line and column), or does not hold a mapping.
    """
    document = load_document(path)
    if not isinstance(document.data, dict):
        raise InputError(
            str(path),
            "harus berisi pemetaan (kunci: nilai) data langkah / must hold a mapping "
            "(key: value) with the step's data",
        )
    _DOCUMENTS[str(path)] = document
    return document.data


def choose_data(
    file: Path | None, options: dict[str, Any], given: Iterable[Any], *, needs_options: bool
) -> dict[str, Any]:
    """The step's data: from ``file``, or else from ``options``; never both.

    ``given`` holds the raw option values, to tell whether any option was used.
    """
    used = any(v not in (None, False, "", [], ()) for v in given)
    if file is not None:
        if used:
            raise InputError(
                "--file",
                "gunakan --file ATAU opsi langkah, bukan keduanya / "
                "use --file OR the step's options, not both",
            )
        return load_payload_file(file)
    if needs_options and not used:
        raise InputError(
            "opsi / options",
            "berikan data langkah lewat opsi atau --file (lihat --help) / "
            "give the step's data as options or with --file (see --help)",
        )
    data: dict[str, Any] = compact(options)
    return data


def as_date(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


OPTION_OF: dict[str, dict[str, str]] = {
    "open": {
        "trigger": "--trigger",
        "trigger.kind": "--trigger",
        "trigger.reference": "--reference",
        "trigger.dated": "--date",
        "trigger.note": "--note",
        "summary": "--summary",
    },
    "identify": {
        "document.title": "--title",
        "document.owning_unit": "--unit",
        "document.dated": "--date",
        "document.form": "--form",
        "document.reference": "--reference",
        "document.category": "--category",
        "information": "--information",
        "scope": "--scope",
        "parts": "--part",
        "whole_justification": "--whole-justification",
    },
    "cite_grounds": {
        "citations": "--ground",
        "citations.ground": "--ground",
        "citations.analysis": "--analysis",
        "citations.statute": "--statute",
    },
    "assess_harm": {"harms": "--harm", "harms.ground": "--harm", "harms.harm": "--harm"},
    "weigh_public_interest": {
        "interests": "--interest",
        "balance": "--balance",
        "outweighs": "--outweighs",
    },
    "conclude": {
        "outcome": "--outcome",
        "parts_withheld": "--part",
        "redaction": "--redaction",
        "period.end_date": "--until",
        "period.condition": "--until-condition",
        "reasoning": "--reasoning",
    },
    "revise": {"to_step": "--to-step", "note": "--note"},
    "return_for_revision": {"to_step": "--to-step", "comments": "--comment"},
    "approve": {"comments": "--comment"},
    "withdraw": {"reason": "--reason"},
    "retest": {
        "reason": "--reason",
        "trigger": "--trigger",
        "trigger.kind": "--trigger",
        "trigger.reference": "--reference",
        "trigger.dated": "--date",
    },
    "overturn": {
        "authority": "--authority",
        "ruling_reference": "--ruling",
        "ruling_date": "--ruling-date",
        "summary": "--summary",
    },
    "expire": {"as_of": "--as-of", "note": "--note"},
    "extend_answer": {
        "notice_reference": "--reference",
        "notice_date": "--date",
        "reason": "--reason",
    },
    "file_objection": {
        "reference": "--reference",
        "objector": "--objector",
        "answer_date": "--answer-date",
        "answer_reference": "--answer-reference",
        "filed_on": "--filed-on",
        "reasons": "--reasons",
    },
    "answer_objection": {
        "objection_reference": "--objection",
        "outcome": "--outcome",
        "reference": "--reference",
        "answered_on": "--date",
        "reasons": "--reasons",
    },
}
"""Which option fills each payload field, to name the option in an error."""


def check_shape(trigger: str, data: dict[str, Any], source: Path | None) -> BaseModel:
    """Check the data against the step's payload model before the store is opened, and
    say what is wrong in terms of the file or of the options the user typed.

    :returns: the payload, validated: the service takes it as it is (validated once).
    :raises InputError: naming the file, or the options, and every field that does not fit.
    """
    try:
        return PAYLOADS[trigger].model_validate(data)
    except ValidationError as exc:
        names = OPTION_OF.get(trigger, {})
        document = _DOCUMENTS.get(str(source)) if source else None
        problems = []
        lines = []
        for err in exc.errors():
            loc = ".".join(str(x) for x in err["loc"]) or "(data)"
            option = None if source else names.get(re.sub(r"\.\d+", "", loc))
            line = document.line_of(_path(err["loc"])) if document else None
            if line is not None:
                lines.append(line)
            problems.append(f"{option} ({loc})" if option else loc)
            problems[-1] += (f" (baris/line {line})" if line else "") + f": {err['msg']}"
        where = str(source) if source else f"ujikon case {COMMAND_OF_TRIGGER.get(trigger, 'new')}"
        if lines:
            where += f":{lines[0]}"
        intro = "data langkah tidak sesuai / the step's data does not fit: "
        raise InputError(where, printable(intro + "; ".join(problems))) from None


def _path(loc: Iterable[Any]) -> str:
    """``("citations", 0, "ground")`` → ``citations[0].ground`` (a key of a Document's lines)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_STATUTE = re.compile(
    r"^\s*(?P<kind>[A-Za-z]+)\s+(?:(?:no\.?|nomor)\s*)?(?P<number>[0-9A-Za-z.\-]+)\s*"
    r"(?:/|\s+tahun\s+)\s*(?P<year>\d{4})\s*(?:,\s*)?(?P<article>(?:pasal|ps\.?)\s*\S.*)?$",
    re.IGNORECASE,
)


def parse_statute(text: str) -> dict[str, Any]:
    """``"UU 28/2007 Pasal 34"`` → the fields of a statute reference.

    :raises InputError: the text does not read as ``KIND NUMBER/YEAR [Pasal N]``.
    """
    match = _STATUTE.match(text)
    kinds = {k.value.lower(): k for k in p.StatuteKind}
    if match is None or match.group("kind").lower() not in kinds:
        raise InputError(
            "--statute",
            f"'{printable(text)}' tidak terbaca; tulis JENIS NOMOR/TAHUN Pasal N, mis. "
            "'UU 6/1983 Pasal 34' "
            f"(jenis: {', '.join(k.value for k in p.StatuteKind)}) / cannot be read; write "
            "KIND NUMBER/YEAR Pasal N",
        )
    article = match.group("article") or ""
    if article.lower().startswith("ps"):
        article = "Pasal " + re.sub(r"^ps\.?\s*", "", article, flags=re.IGNORECASE)
    article = re.sub(r"^pasal", "Pasal", article.strip(), flags=re.IGNORECASE)
    return {
        "kind": kinds[match.group("kind").lower()].value,
        "number": match.group("number"),
        "year": int(match.group("year")),
        "article": article,
    }
