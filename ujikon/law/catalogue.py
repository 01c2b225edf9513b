"""Loading, validating and querying the statute catalogue.

The catalogue is data (``law/data/catalogue.yaml``), read once through
:mod:`importlib.resources` and checked for cross-consistency before anything uses it:
a catalogue that contradicts the statute's structure is refused at load with a
:class:`ValueError` that names the file and the offending ground, letter or field.

:func:`normalise_ground_id` turns the ways officers write a citation
("Pasal 17 huruf h angka 2", "17(h)(2)", "17.h.2" ...) into a catalogue key (``17h2``).
It never decides whether the key exists: the domain rule ``ground-must-exist`` does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ujikon.law.models import Catalogue, DocumentCategory, Ground, InformationKinds, Letter
from ujikon.law.schema import SchemaError, read

__all__ = [
    "BUNDLED_SOURCE",
    "KINDS_SOURCE",
    "load_catalogue",
    "normalise_ground_id",
    "parse_catalogue",
    "parse_kinds",
]

BUNDLED_SOURCE = "ujikon/law/data/catalogue.yaml"
"""How the bundled catalogue is named in error messages."""

KINDS_SOURCE = "ujikon/law/data/kinds.yaml"
"""How the bundled table of information kinds is named in error messages."""

_LETTERS = "abcdefghij"
_NOT_PERMANENT = frozenset("abcdef")
"""UU 14/2008 Pasal 20 ayat (1): exemptions on these letters are not permanent."""
_CONSENT_LIFTS = frozenset("gh")
"""UU 14/2008 Pasal 18 ayat (2): consent or a public office lifts these letters."""
_NEEDS_STATUTE = frozenset("j")
"""UU 14/2008 Pasal 17 huruf j: the citation must name the forbidding statute."""

_SEP = r"[\s.()\[\]\-_/,:]*"
_GROUND_RE = re.compile(
    r"^(?:uu\s*(?:no\.?|nomor)?\s*14\s*(?:/|tahun)\s*2008)?"  # optional "UU 14/2008"
    + _SEP
    + r"(?:pasal|ps\.?)?"
    + _SEP
    + r"17"
    + _SEP
    + r"(?:huruf\s*)?"
    + r"(?P<letter>[a-j])"
    + _SEP
    + r"(?:(?:angka|butir|nomor|no\.?)\s*)?"
    + _SEP
    + r"(?P<item>[0-9]{1,2})?"
    + _SEP
    + r"$"
)


def normalise_ground_id(raw: str) -> str:
    """Normalise a citation of UU 14/2008 Pasal 17 to a catalogue key.

    >>> normalise_ground_id("Pasal 17 huruf h angka 2")
    '17h2'
    >>> normalise_ground_id("17(h)(2)")
    '17h2'
    >>> normalise_ground_id("17 H")
    '17h'

    Input that does not read as a Pasal 17 citation is returned stripped and
    lower-cased; whether a key exists is for ``ground-must-exist`` to decide.
    """
    text = " ".join(raw.strip().lower().split())
    match = _GROUND_RE.match(text)
    if match is None:
        return raw.strip().lower()
    return f"17{match.group('letter')}{match.group('item') or ''}"


def parse_catalogue(text: str, source: str) -> Catalogue:
    """Parse and validate catalogue YAML.

    Pure: no I/O. ``source`` only names the text in error messages.

    :raises ValueError: the YAML is malformed, does not fit the schema, or is
        inconsistent (see :func:`_consistency_problems`); the message starts with
        ``source`` and names each offending ground, letter or category and field.
    """
    try:
        # libyaml's safe loader when PyYAML has it (the same safe subset; a seventh of the
        # time of the pure-Python one, which ``ujikon law grounds`` would wait for).
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise ValueError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(data, Mapping):
        raise ValueError(
            f"{source}: the catalogue must be a YAML mapping, got {type(data).__name__}"
        )
    try:
        catalogue = read(Catalogue, data)
    except SchemaError as exc:
        problems = [_describe_error(data, p.loc, p.msg) for p in exc.problems]
        raise ValueError(_report(source, problems)) from exc
    problems = _consistency_problems(catalogue)
    if problems:
        raise ValueError(_report(source, problems))
    return catalogue


def parse_kinds(text: str, source: str) -> InformationKinds:
    """Parse and check the table of information kinds (``kinds.yaml``).

    :raises ValueError: malformed YAML, a misfit of the schema, a pattern that is no
        regular expression, or a letter that is not one of Pasal 17's.
    """
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise ValueError(f"{source}: not valid YAML: {exc}") from exc
    try:
        table = read(InformationKinds, data)
    except SchemaError as exc:
        problems = [f"field {'.'.join(str(part) for part in p.loc)}: {p.msg}" for p in exc.problems]
        raise ValueError(_report(source, problems)) from exc
    problems = []
    for kind in table.kinds:
        for letter in kind.letters:
            if letter not in _LETTERS or len(letter) != 1:
                problems.append(f"kind {kind.id}: field letters: {letter!r} is not a-j")
        for pattern in kind.patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(f"kind {kind.id}: field patterns: {pattern!r}: {exc}")
    for dup, count in Counter(k.id for k in table.kinds).items():
        if count > 1:
            problems.append(f"kind {dup}: id appears {count} times; ids must be unique")
    if problems:
        raise ValueError(_report(source, problems))
    return table


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The bundled catalogue, parsed and validated once per process, with the bundled
    table of information kinds."""
    data = resources.files("ujikon.law").joinpath("data")
    catalogue = parse_catalogue(
        data.joinpath("catalogue.yaml").read_text(encoding="utf-8"), BUNDLED_SOURCE
    )
    kinds = parse_kinds(data.joinpath("kinds.yaml").read_text(encoding="utf-8"), KINDS_SOURCE)
    return replace(catalogue, information_kinds=kinds.kinds)


# --- errors -----------------------------------------------------------------------


def _report(source: str, problems: Sequence[str]) -> str:
    if len(problems) == 1:
        return f"{source}: {problems[0]}"
    listed = "\n".join(f"  - {p}" for p in problems)
    return f"{source}: {len(problems)} problems:\n{listed}"


def _describe_error(data: Mapping[str, Any], loc: Sequence[int | str], msg: str) -> str:
    """Turn a schema problem's location into "ground 17h2: field period.ceiling_years"."""
    if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(loc[0], str):
        section, index, rest = loc[0], loc[1], loc[2:]
        kind = {
            "grounds": "ground",
            "letters": "letter",
            "never_exemptible": "category",
            "always_available": "category",
        }.get(section, section)
        entries = data.get(section)
        entry_id: object = None
        if isinstance(entries, Sequence) and 0 <= index < len(entries):
            entry = entries[index]
            if isinstance(entry, Mapping):
                entry_id = entry.get("id")
        who = f"{kind} {entry_id}" if entry_id is not None else f"{kind} #{index + 1}"
        where = ".".join(str(part) for part in rest) or "(entry)"
        return f"{who} ({section}[{index}]): field {where}: {msg}"
    where = ".".join(str(part) for part in loc) or "(top level)"
    return f"field {where}: {msg}"


# --- cross-consistency ------------------------------------------------------------


def _consistency_problems(cat: Catalogue) -> list[str]:
    """Everything the schema alone cannot see, as human-readable lines."""
    problems: list[str] = []
    problems += _check_texts(cat)
    problems += _check_unique(cat)
    letters = {letter.id: letter for letter in cat.letters}
    grounds = {ground.id: ground for ground in cat.grounds}

    for letter_char in _LETTERS:
        if f"17{letter_char}" not in letters:
            problems.append(f"letter 17{letter_char}: missing (UU 14/2008 Pasal 17 has it)")

    for letter in cat.letters:
        problems += _check_letter(letter, grounds)
    for ground in cat.grounds:
        problems += _check_ground(ground, letters)
    return problems


def _check_texts(cat: Catalogue) -> list[str]:
    problems: list[str] = []
    if not cat.version.strip():
        problems.append("field version: must not be empty")
    if not cat.statute.strip():
        problems.append("field statute: must not be empty")
    entries: list[tuple[str, Letter | Ground | DocumentCategory]] = [
        *(("letter", x) for x in cat.letters),
        *(("ground", x) for x in cat.grounds),
        *(("category", x) for x in cat.never_exemptible),
        *(("category", x) for x in cat.always_available),
    ]
    for kind, entry in entries:
        for field in ("article", "label_id", "label_en"):
            if not str(getattr(entry, field)).strip():
                problems.append(f"{kind} {entry.id}: field {field}: must not be empty")
    for ground in cat.grounds:
        if not ground.period.source.strip():
            problems.append(f"ground {ground.id}: field period.source: must not be empty")
    return problems


def _check_unique(cat: Catalogue) -> list[str]:
    problems: list[str] = []
    for kind, ids in (
        ("letter", [x.id for x in cat.letters]),
        ("ground", [x.id for x in cat.grounds]),
        ("category", [x.id for x in (*cat.never_exemptible, *cat.always_available)]),
    ):
        for dup, count in Counter(ids).items():
            if count > 1:
                problems.append(f"{kind} {dup}: id appears {count} times; ids must be unique")
    return problems


def _check_letter(letter: Letter, grounds: Mapping[str, Ground]) -> list[str]:
    problems: list[str] = []
    char = letter.id[-1]
    if letter.items:
        if letter.id in grounds:
            problems.append(
                f"ground {letter.id}: letter {letter.id} has numbered items, so the letter "
                "alone is not citable and must not be a ground"
            )
        for dup, count in Counter(letter.items).items():
            if count > 1:
                problems.append(f"letter {letter.id}: item {dup} listed {count} times")
        for item_id in letter.items:
            item_ground = grounds.get(item_id)
            if item_ground is None:
                problems.append(
                    f"ground {item_id}: listed in the items of letter {letter.id} "
                    "but no such ground exists"
                )
            elif item_ground.letter != char or item_ground.item is None:
                problems.append(
                    f"ground {item_id}: listed in the items of letter {letter.id} but is "
                    f"not a numbered item of letter {char}"
                )
    elif letter.id not in grounds:
        problems.append(
            f"ground {letter.id}: letter {letter.id} has no numbered items, so the letter "
            "itself must be a citable ground"
        )
    return problems


def _check_ground(ground: Ground, letters: Mapping[str, Letter]) -> list[str]:
    problems: list[str] = []
    gid = ground.id
    expected_id = f"17{ground.letter}{'' if ground.item is None else ground.item}"
    if gid != expected_id:
        problems.append(
            f"ground {gid}: id does not match letter {ground.letter!r} and item "
            f"{ground.item!r} (expected {expected_id})"
        )
    letter = letters.get(f"17{ground.letter}")
    if letter is None:
        problems.append(f"ground {gid}: belongs to letter 17{ground.letter}, which is missing")
    elif ground.item is not None and gid not in letter.items:
        problems.append(f"ground {gid}: not listed in the items of letter {letter.id}")
    elif ground.item is None and letter.items:
        problems.append(
            f"ground {gid}: letter {letter.id} has numbered items, so a ground of it must name one"
        )

    period = ground.period
    if ground.letter in _NOT_PERMANENT:
        if not period.end_required:
            problems.append(
                f"ground {gid}: field period.end_required: must be true for letters a-f "
                "(UU 14/2008 Pasal 20 ayat (1))"
            )
        if period.permanent_allowed:
            problems.append(
                f"ground {gid}: field period.permanent_allowed: must be false for letters a-f "
                "(UU 14/2008 Pasal 20 ayat (1))"
            )
    if period.permanent_allowed and period.end_required:
        problems.append(
            f"ground {gid}: field period: permanent_allowed and end_required contradict each other"
        )
    if period.ceiling_years is not None:
        if period.ceiling_years <= 0:
            problems.append(
                f"ground {gid}: field period.ceiling_years: must be a positive number of "
                f"years, got {period.ceiling_years}"
            )
        if period.permanent_allowed:
            problems.append(
                f"ground {gid}: field period.ceiling_years: a ceiling contradicts permanent_allowed"
            )

    wants_statute = ground.letter in _NEEDS_STATUTE
    if ground.needs_statute != wants_statute:
        problems.append(
            f"ground {gid}: field needs_statute: must be {str(wants_statute).lower()} "
            "(only 17j needs a named Undang-Undang, UU 14/2008 Pasal 17 huruf j)"
        )
    wants_consent = ground.letter in _CONSENT_LIFTS
    if ground.consent_lifts != wants_consent:
        problems.append(
            f"ground {gid}: field consent_lifts: must be {str(wants_consent).lower()} "
            "(only 17g and 17h are lifted by consent, UU 14/2008 Pasal 18 ayat (2))"
        )
    return problems
