"""UU 14/2008 Pasal 20: an exemption lasts for a stated time. Wording that only promises a
term someone will fix later sets none (rule ``period-stated``)."""

from __future__ import annotations

import pytest

from ujikon.domain.periods import sets_no_term


@pytest.mark.parametrize(
    "text",
    [
        "selama jangka waktu tertentu",
        "Sampai batas waktu yang ditentukan",
        "sampai waktu yang akan ditentukan kemudian",
        "hingga ditentukan lain",
        "Sesuai ketentuan yang berlaku",
        "sesuai dengan peraturan",
        "selama masih diperlukan",
        "sepanjang dibutuhkan",
        "sampai ada keputusan lebih lanjut",
        "Selama  jangka\nwaktu   tertentu",
    ],
)
def test_a_promise_of_a_term_sets_none(text: str) -> None:
    assert sets_no_term(text)


@pytest.mark.parametrize(
    "text",
    [
        "sampai penyidikan selesai",
        "sampai kontrak ditandatangani",
        "selama 5 tahun sejak ditetapkan",
        "sampai 31 Desember 2030",
        "selama jangka waktu tertentu, yaitu lima tahun",
        "sesuai ketentuan Pasal 20, sampai proses lelang selesai",
        "permanen",
        "",
    ],
)
def test_an_event_or_a_date_sets_a_term(text: str) -> None:
    assert not sets_no_term(text)
