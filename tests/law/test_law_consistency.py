"""parse_catalogue refuses a broken catalogue, naming the source and the offending entry."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest
import yaml

from ujikon.law import parse_catalogue

SOURCE = "broken.yaml"
Data = dict[str, Any]


@pytest.fixture(scope="module")
def bundled() -> Data:
    text = resources.files("ujikon.law").joinpath("data", "catalogue.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def _dump(data: Data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _entry(data: Data, section: str, entry_id: str) -> dict[str, Any]:
    for entry in data[section]:
        if entry["id"] == entry_id:
            return entry  # type: ignore[no-any-return]
    raise KeyError(entry_id)


def _set_period(data: Data, ground_id: str, **changes: object) -> None:
    ground = _entry(data, "grounds", ground_id)
    # Periods are YAML aliases shared between grounds: replace, never mutate in place.
    ground["period"] = {**ground["period"], **changes}


def _remove(data: Data, section: str, entry_id: str) -> None:
    data[section] = [e for e in data[section] if e["id"] != entry_id]


def _remove_letter_and_ground(data: Data, letter_id: str) -> None:
    _remove(data, "letters", letter_id)
    _remove(data, "grounds", letter_id)


def _error(bundled: Data, breaker: Callable[[Data], object]) -> str:
    data = copy.deepcopy(bundled)
    breaker(data)
    with pytest.raises(ValueError) as info:
        parse_catalogue(_dump(data), SOURCE)
    message = str(info.value)
    assert message.startswith(SOURCE), message
    return message


def test_unbroken_copy_parses(bundled: Data) -> None:
    """The round trip the other tests rely on is itself sound."""
    catalogue = parse_catalogue(_dump(copy.deepcopy(bundled)), SOURCE)
    assert len(catalogue.grounds) == 33


# (case id, breaker, the entry the message must name, a fragment it must contain)
CASES: list[tuple[str, Callable[[Data], object], str, str]] = [
    (
        "letter-item-without-ground",
        lambda d: _entry(d, "letters", "17h")["items"].append("17h6"),
        "17h6",
        "no such ground",
    ),
    (
        "ground-removed-but-still-listed",
        lambda d: _remove(d, "grounds", "17c3"),
        "17c3",
        "no such ground",
    ),
    (
        "numbered-ground-not-listed",
        lambda d: _entry(d, "letters", "17e")["items"].remove("17e7"),
        "17e7",
        "not listed in the items of letter 17e",
    ),
    (
        "letter-with-items-as-ground",
        lambda d: d["grounds"].append({**_entry(d, "grounds", "17h1"), "id": "17h", "item": None}),
        "17h",
        "not citable",
    ),
    (
        "letter-without-items-missing-its-ground",
        lambda d: _remove(d, "grounds", "17d"),
        "17d",
        "must be a citable ground",
    ),
    (
        "missing-letter",
        lambda d: _remove_letter_and_ground(d, "17i"),
        "17i",
        "missing",
    ),
    (
        "ground-of-missing-letter",
        lambda d: _remove(d, "letters", "17g"),
        "17g",
        "letter 17g, which is missing",
    ),
    (
        "duplicate-ground-id",
        lambda d: d["grounds"].append(copy.deepcopy(_entry(d, "grounds", "17b"))),
        "17b",
        "appears 2 times",
    ),
    (
        "duplicate-category-id-across-lists",
        lambda d: d["always_available"].append(
            copy.deepcopy(_entry(d, "never_exemptible", "court_ruling"))
        ),
        "court_ruling",
        "appears 2 times",
    ),
    (
        "id-does-not-match-letter",
        lambda d: _entry(d, "grounds", "17d").update(letter="e"),
        "17d",
        "does not match letter",
    ),
    (
        "17a-without-end",
        lambda d: _set_period(d, "17a3", end_required=False),
        "17a3",
        "period.end_required",
    ),
    (
        "17f-permanent",
        lambda d: _set_period(d, "17f2", permanent_allowed=True, end_required=False),
        "17f2",
        "period.permanent_allowed",
    ),
    (
        "zero-ceiling",
        lambda d: _set_period(d, "17c1", ceiling_years=0),
        "17c1",
        "positive",
    ),
    (
        "negative-ceiling",
        lambda d: _set_period(d, "17a5", ceiling_years=-30),
        "17a5",
        "positive",
    ),
    (
        "ceiling-on-permanent",
        lambda d: _set_period(d, "17g", ceiling_years=10),
        "17g",
        "contradicts",
    ),
    (
        "permanent-and-end-required",
        lambda d: _set_period(d, "17i", end_required=True),
        "17i",
        "contradict",
    ),
    (
        "needs-statute-outside-17j",
        lambda d: _entry(d, "grounds", "17e2").update(needs_statute=True),
        "17e2",
        "needs_statute",
    ),
    (
        "17j-without-needs-statute",
        lambda d: _entry(d, "grounds", "17j").update(needs_statute=False),
        "17j",
        "needs_statute",
    ),
    (
        "consent-lifts-outside-17g-h",
        lambda d: _entry(d, "grounds", "17i").update(consent_lifts=True),
        "17i",
        "consent_lifts",
    ),
    (
        "17h-without-consent-lifts",
        lambda d: _entry(d, "grounds", "17h4").update(consent_lifts=False),
        "17h4",
        "consent_lifts",
    ),
    (
        "empty-label",
        lambda d: _entry(d, "grounds", "17c6").update(label_id="   "),
        "17c6",
        "label_id",
    ),
    (
        "missing-field",
        lambda d: _entry(d, "grounds", "17f2").pop("label_en"),
        "17f2",
        "label_en",
    ),
    (
        "unknown-field",
        lambda d: _entry(d, "grounds", "17h3").update(lable_en="typo"),
        "17h3",
        "lable_en",
    ),
    (
        "bad-id-pattern",
        lambda d: _entry(d, "grounds", "17b").update(id="17k"),
        "17k",
        "field id",
    ),
    (
        "wrong-type-in-period",
        lambda d: _set_period(d, "17e5", ceiling_years="thirty"),
        "17e5",
        "period.ceiling_years",
    ),
    (
        "number-written-as-text-is-not-coerced",
        lambda d: _set_period(d, "17c2", ceiling_years="30"),
        "17c2",
        "must be a whole number",
    ),
    (
        "yes-no-written-as-text-is-not-coerced",
        lambda d: _entry(d, "grounds", "17e3").update(consent_lifts="false"),
        "17e3",
        "must be true or false",
    ),
    (
        "a-list-where-one-entry-belongs",
        lambda d: _entry(d, "grounds", "17b").update(period=[]),
        "17b",
        "must be a mapping of fields",
    ),
    (
        "empty-version",
        lambda d: d.update(version=""),
        "version",
        "must not be empty",
    ),
]


@pytest.mark.parametrize(
    ("breaker", "culprit", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_broken_catalogue_is_refused(
    bundled: Data, breaker: Callable[[Data], object], culprit: str, fragment: str
) -> None:
    message = _error(bundled, breaker)
    assert re.search(rf"(?<![0-9a-z_]){re.escape(culprit)}(?![0-9a-z_])", message), message
    assert fragment in message, message


def test_error_blames_only_the_broken_ground(bundled: Data) -> None:
    message = _error(bundled, lambda d: _set_period(d, "17a3", end_required=False))
    assert "17a3" in message
    for innocent in ("17a1", "17a2", "17a4", "17a5"):
        assert innocent not in message, message


def test_all_problems_are_reported_at_once(bundled: Data) -> None:
    def breaker(d: Data) -> None:
        _entry(d, "grounds", "17e2").update(needs_statute=True)
        _entry(d, "grounds", "17i").update(consent_lifts=True)

    message = _error(bundled, breaker)
    assert "2 problems" in message
    assert "17e2" in message and "17i" in message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("version: [unclosed", "not valid YAML"),
        ("- just\n- a list\n", "must be a YAML mapping"),
        ("", "must be a YAML mapping"),
        ("version: '1'\n", "field statute"),
    ],
)
def test_malformed_text_is_refused(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=re.escape(SOURCE)) as info:
        parse_catalogue(text, SOURCE)
    assert fragment in str(info.value)


# -- the table of information kinds (kinds.yaml) ---------------------------------------------


def test_the_bundled_kinds_parse_and_every_letter_is_one_of_pasal_17() -> None:
    from ujikon.law import load_catalogue

    kinds = load_catalogue().information_kinds
    assert {"personal_identifier", "financial_report", "health_record"} <= {k.id for k in kinds}
    assert all(set(k.letters) <= set("abcdefghij") for k in kinds)


@pytest.mark.parametrize(
    ("entry", "fragment"),
    [
        ({"letters": ["k"]}, "'k' is not a-j"),
        ({"patterns": ["(unclosed"]}, "field patterns"),
        ({"reason": "typo"}, "unknown field"),
    ],
)
def test_a_broken_kinds_table_is_refused_naming_the_kind(
    entry: dict[str, object], fragment: str
) -> None:
    import yaml

    from ujikon.law import parse_kinds

    kind = {"id": "x", "label_id": "x", "patterns": ["x"], "letters": ["h"], "reason_id": "x"}
    text = yaml.safe_dump({"version": "1", "kinds": [kind | entry]})
    with pytest.raises(ValueError, match=r"kinds\.yaml") as info:
        parse_kinds(text, "kinds.yaml")
    assert fragment in str(info.value)
