"""normalise_ground_id reads citations the way officers write them."""

from __future__ import annotations

import pytest

from ujikon.law import Ground, Letter, load_catalogue, normalise_ground_id


@pytest.mark.parametrize(
    "raw",
    [
        "17h2",
        "17 h 2",
        "17(h)(2)",
        "17 huruf h angka 2",
        "Pasal 17 huruf h angka 2",
        "pasal 17 h angka 2",
        "17H2",
        "17.h.2",
        "  17h2  ",
        "PASAL 17 HURUF H ANGKA 2",
        "Pasal  17   huruf h   angka 2",
        "17-h-2",
        "UU 14/2008 Pasal 17 huruf h angka 2",
        "UU Nomor 14 Tahun 2008 Pasal 17 huruf h angka 2",
    ],
)
def test_variants_of_17h2(raw: str) -> None:
    assert normalise_ground_id(raw) == "17h2"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("17h", "17h"),
        ("17 H", "17h"),
        ("Pasal 17 huruf h", "17h"),
        ("17j", "17j"),
        ("pasal 17 huruf j", "17j"),
        ("17(b)", "17b"),
        ("17a1", "17a1"),
        ("17 huruf c angka 7", "17c7"),
        ("17(e)(6)", "17e6"),
    ],
)
def test_other_grounds(raw: str, expected: str) -> None:
    assert normalise_ground_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Rahasia Negara ", "rahasia negara"),
        ("17", "17"),
        ("17 huruf k", "17 huruf k"),
        ("18(1)", "18(1)"),
        ("Pasal 17 huruf h angka 2 dan 3", "pasal 17 huruf h angka 2 dan 3"),
        ("", ""),
    ],
)
def test_garbage_is_returned_stripped_and_lower_cased(raw: str, expected: str) -> None:
    assert normalise_ground_id(raw) == expected


@pytest.mark.parametrize("ground_id", [g.id for g in load_catalogue().grounds])
def test_every_catalogue_id_is_a_fixed_point(ground_id: str) -> None:
    assert normalise_ground_id(ground_id) == ground_id
    assert normalise_ground_id(ground_id.upper()) == ground_id


@pytest.mark.parametrize("ground", load_catalogue().grounds, ids=lambda g: g.id)
def test_every_ground_article_normalises_to_its_id(ground: Ground) -> None:
    assert normalise_ground_id(ground.article) == ground.id


@pytest.mark.parametrize("letter", load_catalogue().letters, ids=lambda x: x.id)
def test_every_letter_article_normalises_to_its_id(letter: Letter) -> None:
    assert normalise_ground_id(letter.article) == letter.id
