"""Small option parsers of the CLI."""

from __future__ import annotations

import pytest

from ujikon.cli.inputs import parse_statute
from ujikon.errors import InputError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UU 28/2007 Pasal 34", ("UU", "28", 2007, "Pasal 34")),
        ("PP 61/2010 Pasal 5", ("PP", "61", 2010, "Pasal 5")),
        ("uu 6/1983 pasal 34 ayat (1)", ("UU", "6", 1983, "Pasal 34 ayat (1)")),
        ("UU No. 14 Tahun 2008 Pasal 17", ("UU", "14", 2008, "Pasal 17")),
        ("Perppu 1/2020 Ps. 27", ("Perppu", "1", 2020, "Pasal 27")),
        ("Permen 5/2021", ("Permen", "5", 2021, "")),
    ],
)
def test_parse_statute(text: str, expected: tuple[str, str, int, str]) -> None:
    got = parse_statute(text)
    assert (got["kind"], got["number"], got["year"], got["article"]) == expected


@pytest.mark.parametrize("text", ["Undang-undang kesehatan", "UU 28", "KUHP 1/1946 Pasal 1"])
def test_parse_statute_refuses(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_statute(text)
    assert caught.value.where == "--statute"
