"""The text checks of the reasoning (domain/reasoning.py), one question of a careful PPID
lawyer per test, on examples written for them."""

from __future__ import annotations

import pytest

from ujikon.domain import reasoning as r

# -- a placeholder is no statement ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "-",
        "–",
        "idem",
        "Idem.",
        "s.d.a.",
        "(tidak dinyatakan)",
        "Lihat di atas",
        "dst.",
        "Sama dengan nomor 14",
    ],
)
def test_a_placeholder_stands_where_a_statement_belongs(text: str) -> None:
    assert r.is_placeholder(text)


@pytest.mark.parametrize("text", ["Idem dengan baris 3 karena pelapor sama", "Stigma bagi pasien"])
def test_a_short_statement_is_not_a_placeholder(text: str) -> None:
    assert not r.is_placeholder(text)


# -- Pasal 17 names the harms a body may withhold against ----------------------------------


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Menimbulkan kegaduhan di masyarakat", "kegaduhan"),
        ("Dapat menimbulkan keresahan warga desa", "keresahan masyarakat"),
        ("Mencemarkan nama baik dinas", "nama baik"),
        ("Menurunkan citra pemerintah daerah", "nama baik"),
        ("Menimbulkan kecemburuan sosial antar pegawai", "kecemburuan"),
        ("Data dapat disalahartikan oleh masyarakat", "salah tafsir"),
        ("Memicu protes dari rekanan yang kalah", "protes atau keluhan"),
    ],
)
def test_a_harm_the_article_does_not_name_is_found(text: str, named: str) -> None:
    assert named in [label_id for label_id, _ in r.harms_outside_article(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Tersangka dapat menghilangkan barang bukti sebelum penyidikan selesai",
        "Pesaing dapat meniru harga satuan penawaran dan mengalahkan rekanan",
        "Pasien terpapar stigma dan diskriminasi di tempat kerja",
    ],
)
def test_a_harm_in_the_terms_of_pasal_17_passes(text: str) -> None:
    assert r.harms_outside_article(text) == []


def test_misuse_of_data_is_a_harm_of_personal_data_not_of_competition() -> None:
    text = "Dikhawatirkan terjadi penyalahgunaan data oleh pihak yang tidak bertanggung jawab"
    assert r.misuse_off_ground(text, ["17b"])
    assert not r.misuse_off_ground(text, ["17h2"])
    assert not r.misuse_off_ground(text, ["17b", "17h1"])


# -- the aim of closing is not the harm of opening -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Menjaga kerahasiaan data pribadi pegawai",
        "Untuk melindungi kepentingan negara",
        "Demi kerahasiaan strategi pertahanan daerah",
    ],
)
def test_a_harm_that_states_only_the_aim_is_found(text: str) -> None:
    assert r.states_aim_not_harm(text)


@pytest.mark.parametrize(
    "text",
    [
        "Melindungi pelapor: bila namanya diketahui terlapor, pelapor terancam pembalasan",
        "Nama pelapor diketahui terlapor sehingga pelapor terancam",
    ],
)
def test_a_harm_that_says_what_opening_causes_passes(text: str) -> None:
    assert not r.states_aim_not_harm(text)


# -- Pasal 2 ayat (4), Pasal 19: the public interest is weighed, not restated --------------


@pytest.mark.parametrize(
    "text",
    [
        "Ditutup: melindungi privasi pegawai",
        "Menjaga kerahasiaan proses penyidikan",
        "Dikecualikan untuk melindungi hak pribadi pasien",
        "Jika ditutup: keamanan aset daerah terjaga",
    ],
)
def test_a_public_interest_that_only_says_why_closing_protects_weighs_nothing(
    text: str,
) -> None:
    assert r.weighs_nothing(text)


@pytest.mark.parametrize(
    "text",
    [
        "Akuntabilitas anggaran; namun privasi pasien lebih berat",
        "Warga dapat mengawasi pengadaan, tetapi keselamatan saksi lebih penting",
        "Dibuka: masyarakat dapat mengawasi layanan. Ditutup: melindungi privasi",
        "Kepentingan publik atas transparansi anggaran kalah oleh perlindungan saksi",
    ],
)
def test_a_public_interest_that_names_what_opening_serves_or_compares_passes(
    text: str,
) -> None:
    assert not r.weighs_nothing(text)


# -- each item and ground is tested on its own ---------------------------------------------


def test_the_same_harm_copied_to_another_item_is_found_with_the_first() -> None:
    harms = [
        "Pasien terpapar stigma dan diskriminasi di tempat kerja bila dibuka",
        "Tersangka dapat menghilangkan barang bukti sebelum penyidikan selesai",
        "Pasien terpapar stigma dan diskriminasi di tempat kerja bila dibuka.",
        "Pasien terpapar stigma dan diskriminasi di lingkungan kerja bila dibuka",
    ]
    assert r.near_duplicates(harms) == {2: 0, 3: 0}


def test_short_texts_and_placeholders_are_not_called_copies() -> None:
    assert r.near_duplicates(["idem", "idem", "Stigma", "Stigma"]) == {}
