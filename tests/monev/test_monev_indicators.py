"""The indicators are data: the shipped default, a workspace's own file, ``--indicators``;
a bad file is refused naming the file, the indicator and the field (no traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ujikon.domain.monev import Check
from ujikon.errors import InputError
from ujikon.service.monev import (
    DEFAULT_INDICATORS,
    WORKSPACE_INDICATORS,
    choose_indicators,
    load_indicators,
)

GOOD = """\
indicators:
  - id: requests
    question:
      id: Permohonan dijawab tepat waktu
      en: Requests answered in time
    basis: UU 14/2008 Pasal 22 ayat (7)-(8)
    weight: 3
    check: requests-answered-in-time
"""


def _file(tmp_path: Path, text: str, name: str = "indikator.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(tmp_path: Path, text: str) -> str:
    path = _file(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_indicators(path)
    message = str(caught.value)
    assert str(path) in message
    return message


def test_the_default_set_uses_every_check_once_with_a_weight_and_an_article() -> None:
    shipped = load_indicators(DEFAULT_INDICATORS).indicators
    assert sorted(i.check for i in shipped) == sorted(Check)
    assert all(i.weight > 0 and ("Pasal" in i.basis or "Perki" in i.basis) for i in shipped)
    assert all(i.question_id and i.question_en for i in shipped)


def test_the_default_file_is_package_data() -> None:
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert '"service/data/*.yaml"' in pyproject
    assert DEFAULT_INDICATORS.relative_to(Path(__file__).resolve().parents[2] / "ujikon")


def test_a_workspace_file_replaces_the_default_and_an_explicit_file_both(tmp_path: Path) -> None:
    assert choose_indicators(tmp_path).source == str(DEFAULT_INDICATORS)
    own = _file(tmp_path, GOOD, WORKSPACE_INDICATORS)
    assert choose_indicators(tmp_path).source == str(own)
    (only,) = choose_indicators(tmp_path).indicators
    assert (only.id, only.weight, only.check) == ("requests", 3.0, Check.REQUESTS_IN_TIME)
    other = _file(tmp_path, GOOD.replace("id: requests", "id: lain"), "lain.yaml")
    assert choose_indicators(tmp_path, other).indicators[0].id == "lain"


def test_an_unknown_check_is_refused_with_the_checks_there_are(tmp_path: Path) -> None:
    message = _refusal(tmp_path, GOOD.replace("requests-answered-in-time", "website-bagus"))
    assert ":8 indicators[0].check" in message and "'requests'" in message
    assert "website-bagus" in message and "dik-decree" in message


def test_a_weight_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    message = _refusal(tmp_path, GOOD.replace("weight: 3", "weight: tinggi"))
    assert "indicators[0].weight" in message and "'requests'" in message
    assert "must be a number" in message
    assert "must be a number" in _refusal(tmp_path, GOOD.replace("weight: 3", "weight: true"))
    assert "above 0" in _refusal(tmp_path, GOOD.replace("weight: 3", "weight: 0"))


def test_a_list_where_a_mapping_belongs_is_refused(tmp_path: Path) -> None:
    question_list = GOOD.replace(
        "    question:\n      id: Permohonan dijawab tepat waktu\n"
        "      en: Requests answered in time\n",
        "    question:\n      - Permohonan dijawab tepat waktu\n",
    )
    message = _refusal(tmp_path, question_list)
    assert "indicators[0].question" in message and "not daftar / a list" in message
    whole = _refusal(tmp_path, "- id: requests\n  check: dik-decree\n")
    assert "a mapping with 'indicators:'" in whole
    item = _refusal(tmp_path, "indicators:\n  - [requests, dik-decree]\n")
    assert "indicators[0]" in item and "each indicator is a mapping" in item


def test_a_missing_field_an_unknown_field_and_a_duplicate_id_are_refused(tmp_path: Path) -> None:
    assert "field 'basis' is missing" in _refusal(
        tmp_path, GOOD.replace("    basis: UU 14/2008 Pasal 22 ayat (7)-(8)\n", "")
    )
    assert "indicators[0].bobot" in _refusal(tmp_path, GOOD + "    bobot: 2\n")
    twice = GOOD + GOOD.split("indicators:\n", 1)[1]
    assert "indicators[1].id" in (message := _refusal(tmp_path, twice))
    assert "duplicate id" in message
    assert "non-empty list" in _refusal(tmp_path, "indicators: []\n")
