"""The bundled statute catalogue holds every ground of UU 14/2008 Pasal 17, correctly shaped."""

from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path

import pytest

from ujikon.law import (
    Catalogue,
    DocumentCategory,
    Ground,
    Letter,
    PeriodRule,
    load_catalogue,
    parse_catalogue,
)

EXPECTED_GROUNDS = [
    "17a1", "17a2", "17a3", "17a4", "17a5",
    "17b",
    "17c1", "17c2", "17c3", "17c4", "17c5", "17c6", "17c7",
    "17d",
    "17e1", "17e2", "17e3", "17e4", "17e5", "17e6", "17e7",
    "17f1", "17f2", "17f3", "17f4",
    "17g",
    "17h1", "17h2", "17h3", "17h4", "17h5",
    "17i",
    "17j",
]  # fmt: skip

EXPECTED_LETTER_ITEMS = {
    "17a": ("17a1", "17a2", "17a3", "17a4", "17a5"),
    "17b": (),
    "17c": ("17c1", "17c2", "17c3", "17c4", "17c5", "17c6", "17c7"),
    "17d": (),
    "17e": ("17e1", "17e2", "17e3", "17e4", "17e5", "17e6", "17e7"),
    "17f": ("17f1", "17f2", "17f3", "17f4"),
    "17g": (),
    "17h": ("17h1", "17h2", "17h3", "17h4", "17h5"),
    "17i": (),
    "17j": (),
}

NEVER_EXEMPTIBLE = [
    "court_ruling",
    "policy_or_decision",
    "stop_investigation_order",
    "law_enforcement_budget",
    "law_enforcement_financial_report",
    "corruption_proceeds_report",
    "opened_by_ruling",
]

ALWAYS_AVAILABLE = [
    "public_information_list",
    "decision_and_considerations",
    "policy_with_supporting_documents",
    "project_work_plan",
    "third_party_agreement",
    "open_meeting_statement",
    "staff_service_procedure",
    "information_service_report",
]

FORBIDDEN_IMPORTS = {
    "alembic", "httpx", "jinja2", "psycopg", "requests", "rich", "sqlalchemy", "typer",
    "urllib", "weasyprint",
}  # fmt: skip


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _ground(catalogue: Catalogue, ground_id: str) -> Ground:
    ground = catalogue.ground(ground_id)
    assert ground is not None, f"{ground_id} missing from the catalogue"
    return ground


def test_version_is_a_non_empty_string(catalogue: Catalogue) -> None:
    assert isinstance(catalogue.version, str)
    assert catalogue.version.strip()
    assert catalogue.statute.strip()


def test_grounds_are_exactly_the_expected_ones(catalogue: Catalogue) -> None:
    assert [g.id for g in catalogue.grounds] == EXPECTED_GROUNDS


@pytest.mark.parametrize("ground_id", EXPECTED_GROUNDS)
def test_ground_is_complete(catalogue: Catalogue, ground_id: str) -> None:
    ground = _ground(catalogue, ground_id)
    assert ground.article.startswith("UU 14/2008 Pasal 17 huruf ")
    assert f"huruf {ground.letter}" in ground.article
    if ground.item is not None:
        assert ground.article.endswith(f"angka {ground.item}")
    assert ground.label_id.strip()
    assert ground.label_en.strip()
    assert ground.label_id != ground.label_en
    assert isinstance(ground.period, PeriodRule)
    assert ground.period.source.strip()


@pytest.mark.parametrize(("letter_id", "items"), sorted(EXPECTED_LETTER_ITEMS.items()))
def test_letter_lists_its_items(
    catalogue: Catalogue, letter_id: str, items: tuple[str, ...]
) -> None:
    letter = catalogue.letter(letter_id)
    assert isinstance(letter, Letter)
    assert letter.items == items
    assert letter.article == f"UU 14/2008 Pasal 17 huruf {letter_id[-1]}"
    assert letter.label_id.strip() and letter.label_en.strip()
    # A letter with items is not citable on its own; one without items is.
    assert (catalogue.ground(letter_id) is None) == bool(items)


@pytest.mark.parametrize("ground_id", [g for g in EXPECTED_GROUNDS if g[2] in "abcdef"])
def test_17a_to_f_are_never_permanent(catalogue: Catalogue, ground_id: str) -> None:
    period = _ground(catalogue, ground_id).period
    assert period.end_required is True
    assert period.permanent_allowed is False


@pytest.mark.parametrize("ground_id", [g for g in EXPECTED_GROUNDS if g[2] in "ghij"])
def test_17g_to_j_may_be_permanent(catalogue: Catalogue, ground_id: str) -> None:
    period = _ground(catalogue, ground_id).period
    assert period.permanent_allowed is True
    assert period.end_required is False
    assert period.ceiling_years is None


@pytest.mark.parametrize("ground_id", ["17a1", "17a2", "17a3", "17a4", "17a5"])
def test_17a_ceiling_is_30_years_with_its_source(catalogue: Catalogue, ground_id: str) -> None:
    period = _ground(catalogue, ground_id).period
    assert period.ceiling_years == 30
    assert "PP 61/2010" in period.source


@pytest.mark.parametrize("ground_id", EXPECTED_GROUNDS)
def test_unknown_ceiling_is_explained(catalogue: Catalogue, ground_id: str) -> None:
    """Where 17a-f has no ceiling recorded, the notes must say why (both languages)."""
    period = _ground(catalogue, ground_id).period
    if period.end_required and period.ceiling_years is None:
        assert "PP 61/2010" in period.note_id
        assert "PP 61/2010" in period.note_en
        assert "null" in period.note_en


def test_only_17j_needs_statute(catalogue: Catalogue) -> None:
    assert [g.id for g in catalogue.grounds if g.needs_statute] == ["17j"]


def test_consent_lifts_exactly_17g_and_17h(catalogue: Catalogue) -> None:
    lifted = [g.id for g in catalogue.grounds if g.consent_lifts]
    assert lifted == ["17g", "17h1", "17h2", "17h3", "17h4", "17h5"]


@pytest.mark.parametrize(
    ("section", "expected"),
    [("never_exemptible", NEVER_EXEMPTIBLE), ("always_available", ALWAYS_AVAILABLE)],
)
def test_document_categories(catalogue: Catalogue, section: str, expected: list[str]) -> None:
    categories: tuple[DocumentCategory, ...] = getattr(catalogue, section)
    assert [c.id for c in categories] == expected
    for c in categories:
        assert c.article.startswith("UU 14/2008 Pasal 1"), c.id
        assert c.label_id.strip() and c.label_en.strip(), c.id
        assert catalogue.category(c.id) == c


def test_category_membership_helpers(catalogue: Catalogue) -> None:
    assert catalogue.is_never_exemptible("court_ruling")
    assert not catalogue.is_never_exemptible("third_party_agreement")
    assert catalogue.is_always_available("third_party_agreement")
    assert not catalogue.is_always_available("opened_by_ruling")
    assert catalogue.category("no_such_category") is None


def test_never_exemptible_cites_pasal_18_and_11_2(catalogue: Catalogue) -> None:
    articles = {c.id: c.article for c in catalogue.never_exemptible}
    assert all("Pasal 18 ayat (1)" in a for a in articles.values())
    assert "Pasal 11 ayat (2)" in articles["opened_by_ruling"]
    assert all("Pasal 11 ayat (1)" in c.article for c in catalogue.always_available)


def test_load_is_cached(catalogue: Catalogue) -> None:
    assert load_catalogue() is catalogue


def test_bundled_yaml_parses_to_the_loaded_catalogue(catalogue: Catalogue) -> None:
    text = resources.files("ujikon.law").joinpath("data", "catalogue.yaml").read_text("utf-8")
    assert parse_catalogue(text, "copy.yaml") == catalogue


def test_catalogue_is_frozen(catalogue: Catalogue) -> None:
    with pytest.raises(Exception):  # noqa: B017 - dataclasses raise FrozenInstanceError
        catalogue.version = "tampered"  # type: ignore[misc]


def test_law_package_imports_no_io_library() -> None:
    package = Path(__file__).resolve().parents[2] / "ujikon" / "law"
    sources = sorted(package.glob("*.py"))
    assert sources
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN_IMPORTS, f"{path.name} imports {name}"
