"""The catalogue and shared/domain.md describe the same grounds (in the style of datasette's
test_docs: every id in the code is documented, and every documented id is in the code)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ujikon.law import load_catalogue

DOMAIN_MD = Path(__file__).resolve().parents[2].parent / "shared" / "domain.md"


@pytest.fixture(scope="module")
def domain_text() -> str:
    if not DOMAIN_MD.exists():
        pytest.skip(f"{DOMAIN_MD} not found (shared/ is not beside the repository)")
    return DOMAIN_MD.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def documented_grounds(domain_text: str) -> dict[str, set[str]]:
    """Letter id -> citable ground ids, read from the bullets of "## The grounds"."""
    match = re.search(r"^## The grounds.*?$(.*?)^## ", domain_text, re.S | re.M)
    assert match, "domain.md has no '## The grounds' section"
    section = match.group(1)
    documented: dict[str, set[str]] = {}
    for bullet in re.split(r"^- ", section, flags=re.M)[1:]:
        head = re.match(r"\*\*17([a-j])\*\*", bullet)
        if head is None:
            continue
        letter = head.group(1)
        items = re.findall(rf"`{letter}(\d)`", bullet)
        documented[f"17{letter}"] = {f"17{letter}{n}" for n in items} if items else {f"17{letter}"}
    return documented


@pytest.mark.parametrize("letter_id", [x.id for x in load_catalogue().letters])
def test_letter_is_documented(domain_text: str, letter_id: str) -> None:
    assert f"**{letter_id}**" in domain_text


@pytest.mark.parametrize("ground_id", [g.id for g in load_catalogue().grounds])
def test_ground_is_documented(documented_grounds: dict[str, set[str]], ground_id: str) -> None:
    letter_id = ground_id[:3]
    assert letter_id in documented_grounds, f"letter {letter_id} not in domain.md"
    assert ground_id in documented_grounds[letter_id], f"{ground_id} not in domain.md"


def test_every_documented_ground_is_in_the_catalogue(
    documented_grounds: dict[str, set[str]],
) -> None:
    documented = set().union(*documented_grounds.values())
    assert documented == {g.id for g in load_catalogue().grounds}


def test_letter_items_match_the_documentation(documented_grounds: dict[str, set[str]]) -> None:
    catalogue = load_catalogue()
    for letter in catalogue.letters:
        expected = documented_grounds[letter.id]
        actual = set(letter.items) if letter.items else {letter.id}
        assert actual == expected, letter.id
