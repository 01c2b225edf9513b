"""``lint_case``: each warning fires on weak reasoning and stays silent on sound reasoning.

The cases are the bundled samples, walked through the service on an in-memory store;
each test changes one step's payload and lints the result (lint is pure).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from toolkit import SAMPLES, add_users, make_service

from ujikon.domain import payloads as p
from ujikon.domain.case import Case
from ujikon.domain.lint import (
    CODES,
    MIN_ANALYSIS_WORDS,
    MIN_BALANCE_WORDS,
    MIN_HARM_WORDS,
    LintWarning,
    count_words,
    lint_case,
)
from ujikon.law import Catalogue, load_catalogue
from ujikon.service.caseplan import load_plan


@pytest.fixture(scope="module")
def samples() -> Iterator[dict[str, Case]]:
    service = make_service("sqlite://")
    add_users(service)
    cases = {
        path.name[:2]: service.import_case(None, load_plan(path))
        for path in sorted(SAMPLES.glob("0*.yaml"))
    }
    service.log.close()
    yield cases


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _codes(warnings: list[LintWarning], code: str) -> list[str]:
    return [w.field for w in warnings if w.code == code]


def _with_harm(case: Case, ground: str, harm: str) -> Case:
    return case.model_copy(
        update={"harm": p.AssessHarm(harms=[p.HarmStatement(ground=ground, harm=harm)])}
    )


def test_sound_samples_give_no_warning(samples: dict[str, Case], catalogue: Catalogue) -> None:
    for name, case in samples.items():
        if name != "03":
            assert lint_case(case, catalogue) == [], name


# -- harm-restates-ground ----------------------------------------------------------------


def test_harm_that_repeats_the_label_is_flagged(
    samples: dict[str, Case], catalogue: Catalogue
) -> None:
    # Sample 03's harm is deliberately weak: the label of 17b, nearly word for word.
    warnings = lint_case(samples["03"], catalogue)
    assert _codes(warnings, "harm-restates-ground") == ["harms[0].harm"]
    flagged = next(w for w in warnings if w.code == "harm-restates-ground")
    assert flagged.step is p.Step.ASSESS_HARM
    assert "17b" in flagged.message_id and "17b" in flagged.message_en
    assert "persaingan usaha tidak sehat" in flagged.message_id  # the label it repeats

    weak_17h2 = _with_harm(
        samples["01"], "17h2", "Membuka informasi ini akan mengungkap rahasia pribadi pegawai."
    )
    assert _codes(lint_case(weak_17h2, catalogue), "harm-restates-ground") == ["harms[0].harm"]
    # The item's own label counts too (17h2: riwayat, kondisi, perawatan kesehatan ...).
    weak_item = _with_harm(
        samples["01"],
        "17h2",
        "Mengungkap riwayat, kondisi, dan pengobatan kesehatan fisik dan psikis seseorang.",
    )
    assert _codes(lint_case(weak_item, catalogue), "harm-restates-ground") == ["harms[0].harm"]


def test_harm_that_explains_the_damage_is_not_flagged(
    samples: dict[str, Case], catalogue: Catalogue
) -> None:
    sound = _with_harm(
        samples["03"],
        "17b",
        "Mengganggu persaingan usaha yang sehat: peserta lain dapat menyalin metode kerja "
        "dan harga satuan pesaingnya pada tender berikutnya tanpa menanggung biaya "
        "penyusunannya, sehingga penawar yang paling cermat justru dirugikan.",
    )
    assert _codes(lint_case(sound, catalogue), "harm-restates-ground") == []
    assert _codes(lint_case(samples["08"], catalogue), "harm-restates-ground") == []


# -- reasoning-too-short -------------------------------------------------------------------


def test_short_analysis_harm_and_balance_are_flagged(
    samples: dict[str, Case], catalogue: Catalogue
) -> None:
    case = samples["07"]
    assert case.grounds is not None and case.weighing is not None
    short = case.model_copy(
        update={
            "grounds": case.grounds.model_copy(
                update={
                    "citations": [
                        p.GroundCitation(ground="17h3", analysis="Data rekening pribadi.")
                    ]
                }
            ),
            "harm": p.AssessHarm(
                harms=[p.HarmStatement(ground="17h3", harm="Rawan penipuan terhadap penerima.")]
            ),
            "weighing": case.weighing.model_copy(
                update={"balance": "Privasi penerima lebih penting."}
            ),
        }
    )
    warnings = lint_case(short, catalogue)
    assert _codes(warnings, "reasoning-too-short") == [
        "citations[0].analysis",
        "harms[0].harm",
        "balance",
    ]
    by_field = {w.field: w for w in warnings}
    assert f"sedikitnya {MIN_ANALYSIS_WORDS}" in by_field["citations[0].analysis"].message_id
    assert f"at least {MIN_HARM_WORDS}" in by_field["harms[0].harm"].message_en
    assert "hanya 4 kata" in by_field["balance"].message_id
    assert [w.step for w in warnings] == sorted((w.step for w in warnings), key=list(p.Step).index)


def test_reasoning_of_useful_length_is_not_flagged(
    samples: dict[str, Case], catalogue: Catalogue
) -> None:
    case = samples["07"]
    assert case.weighing is not None and count_words(case.weighing.balance) >= MIN_BALANCE_WORDS
    assert _codes(lint_case(case, catalogue), "reasoning-too-short") == []


# -- public-interest-generic ---------------------------------------------------------------


@pytest.mark.parametrize(
    "interests",
    [
        ["Kepentingan publik"],
        ["Transparansi", "Keterbukaan informasi publik"],
        ["Hak masyarakat untuk mengetahui informasi publik", "Kepentingan umum"],
    ],
)
def test_public_interest_named_only_in_general_is_flagged(
    samples: dict[str, Case], catalogue: Catalogue, interests: list[str]
) -> None:
    case = samples["01"]
    assert case.weighing is not None
    generic = case.model_copy(
        update={"weighing": case.weighing.model_copy(update={"interests": interests})}
    )
    warnings = lint_case(generic, catalogue)
    assert _codes(warnings, "public-interest-generic") == ["interests"]
    assert "akuntabilitas" in warnings[0].message_id


@pytest.mark.parametrize(
    "interests",
    [
        ["Transparansi penggunaan anggaran bantuan sosial"],
        ["Kepentingan publik atas keselamatan pengguna jalan"],
        ["Hak warga terdampak untuk mengajukan keberatan atas ganti rugi"],
        ["Pencegahan korupsi dan persekongkolan dalam pengadaan"],
    ],
)
def test_a_concrete_public_interest_is_not_flagged(
    samples: dict[str, Case], catalogue: Catalogue, interests: list[str]
) -> None:
    case = samples["01"]
    assert case.weighing is not None
    concrete = case.model_copy(
        update={"weighing": case.weighing.model_copy(update={"interests": interests})}
    )
    assert _codes(lint_case(concrete, catalogue), "public-interest-generic") == []


# -- whole-document-11-1 -------------------------------------------------------------------


def _whole(case: Case, category: str) -> Case:
    """``case`` with the whole document under test, of ``category``, concluded exempt."""
    assert case.identification is not None
    ident = case.identification
    return case.model_copy(
        update={
            "conclusion": p.Conclude(
                outcome=p.Outcome.EXEMPT,
                period=p.Period(kind=p.PeriodKind.UNTIL_DATE, end_date=date(2028, 12, 31)),
            ),
            "identification": ident.model_copy(
                update={
                    "scope": p.Scope.WHOLE,
                    "parts": [],
                    "whole_justification": "Seluruh kontrak memuat harga satuan penyedia.",
                    "document": ident.document.model_copy(update={"category": category}),
                }
            ),
        }
    )


def test_whole_document_of_a_pasal_11_1_kind_is_flagged(
    samples: dict[str, Case], catalogue: Catalogue
) -> None:
    whole = _whole(samples["08"], "third_party_agreement")
    warnings = lint_case(whole, catalogue)
    assert _codes(warnings, "whole-document-11-1") == ["scope"]
    assert warnings[0].step is p.Step.IDENTIFY
    assert warnings[0].article == "UU 14/2008 Pasal 11 ayat (1) huruf e"


def test_part_of_such_a_document_or_another_kind_is_not_flagged(
    samples: dict[str, Case], catalogue: Catalogue
) -> None:
    # Sample 08 is a third-party agreement tested in part (and opened).
    assert _codes(lint_case(samples["08"], catalogue), "whole-document-11-1") == []
    part = _whole(samples["08"], "third_party_agreement")
    assert part.identification is not None
    part = part.model_copy(
        update={
            "identification": part.identification.model_copy(
                update={"scope": p.Scope.PART, "parts": ["Lampiran II Daftar Kuantitas dan Harga"]}
            )
        }
    )
    assert _codes(lint_case(part, catalogue), "whole-document-11-1") == []
    # A whole document of an ordinary kind (sample 02, an investigation file).
    assert _codes(lint_case(samples["02"], catalogue), "whole-document-11-1") == []
    # A whole Pasal 11(1) document that the test concluded to open withholds nothing.
    whole = _whole(samples["08"], "third_party_agreement")
    assert whole.conclusion is not None
    opened = whole.model_copy(
        update={"conclusion": p.Conclude(outcome=p.Outcome.OPEN, reasoning="Dibuka seluruhnya.")}
    )
    assert _codes(lint_case(opened, catalogue), "whole-document-11-1") == []


def test_every_code_is_documented_and_nothing_is_refused(
    samples: dict[str, Case], catalogue: Catalogue
) -> None:
    import ujikon.domain.lint as lint

    assert lint.__doc__ is not None
    for code in CODES:
        assert f"``{code}``" in lint.__doc__
    # A fresh draft (nothing recorded) has nothing to lint.
    draft = samples["01"].model_copy(
        update={"identification": None, "grounds": None, "harm": None, "weighing": None}
    )
    assert lint_case(draft, catalogue) == []


# -- harm-outside-article, harm-not-of-ground, harm-states-aim, harm-copied -----------------


def test_a_harm_pasal_17_does_not_name_is_flagged(
    samples: dict[str, Case], catalogue: Catalogue
) -> None:
    harm = "Dibukanya rekam medis menimbulkan kegaduhan di kalangan pegawai dan nama baik dinas"
    warnings = lint_case(_with_harm(samples["01"], "17h2", harm), catalogue)
    assert _codes(warnings, "harm-outside-article") == ["harms[0].harm"]
    (found,) = [w for w in warnings if w.code == "harm-outside-article"]
    assert '"kegaduhan"' in found.message_id and '"nama baik"' in found.message_id
    assert found.article.startswith("UU 14/2008 Pasal 17")


def test_misuse_of_data_for_a_ground_not_about_personal_data_is_flagged(
    samples: dict[str, Case], catalogue: Catalogue
) -> None:
    tender = samples["03"]
    assert tender.harm is not None
    ground = tender.harm.harms[0].ground
    harm = "Dikhawatirkan terjadi penyalahgunaan data penawaran oleh pihak lain yang tidak berhak"
    warnings = lint_case(_with_harm(tender, ground, harm), catalogue)
    assert _codes(warnings, "harm-not-of-ground") == ["harms[0].harm"]
    personal = lint_case(_with_harm(samples["01"], "17h2", harm), catalogue)
    assert _codes(personal, "harm-not-of-ground") == []


def test_the_aim_of_closing_given_as_the_harm_is_flagged(
    samples: dict[str, Case], catalogue: Catalogue
) -> None:
    harm = "Untuk menjaga kerahasiaan data kesehatan pribadi pegawai yang bersangkutan"
    warnings = lint_case(_with_harm(samples["01"], "17h2", harm), catalogue)
    assert _codes(warnings, "harm-states-aim") == ["harms[0].harm"]


def test_the_same_harm_for_two_grounds_is_flagged_on_the_second(
    samples: dict[str, Case], catalogue: Catalogue
) -> None:
    case = samples["02"]
    assert case.grounds is not None and len(case.grounds.ground_ids()) >= 2
    first, second = case.grounds.ground_ids()[:2]
    harm = "Tersangka dapat menghilangkan barang bukti dan mempengaruhi saksi sebelum diperiksa"
    copied = case.model_copy(
        update={
            "harm": p.AssessHarm(
                harms=[
                    p.HarmStatement(ground=first, harm=harm),
                    p.HarmStatement(ground=second, harm=harm + "."),
                ]
            )
        }
    )
    warnings = lint_case(copied, catalogue)
    assert _codes(warnings, "harm-copied") == ["harms[1].harm"]
    assert first in next(w for w in warnings if w.code == "harm-copied").message_id


# -- public-interest-not-weighed -------------------------------------------------------------


def test_a_balance_that_only_says_why_closing_protects_is_flagged(
    samples: dict[str, Case], catalogue: Catalogue
) -> None:
    case = samples["01"]
    assert case.weighing is not None
    restated = case.model_copy(
        update={
            "weighing": case.weighing.model_copy(
                update={
                    "balance": "Ditutup untuk melindungi privasi dan kerahasiaan data kesehatan "
                    "pegawai yang tercatat dalam rekam medis klinik"
                }
            )
        }
    )
    warnings = lint_case(restated, catalogue)
    assert _codes(warnings, "public-interest-not-weighed") == ["balance"]
    assert "dibuka" in warnings[0].message_id


# -- ground-fit -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("information", "grounds", "fits"),
    [
        ("Data NIK dan alamat rumah pelapor", ["17g"], "17h, 17j"),
        ("Laporan Keuangan Pemerintah Daerah Tahun 2024", ["17d"], "tidak ada huruf"),
        ("Rekam medis pasien RSUD", ["17b"], "17h, 17j"),
    ],
)
def test_a_ground_that_does_not_fit_the_kind_of_information_is_flagged(
    catalogue: Catalogue, information: str, grounds: list[str], fits: str
) -> None:
    from ujikon.domain.lint import ground_fit

    (warning,) = ground_fit(catalogue, [information], grounds, "citations")
    assert warning.code == "ground-fit"
    assert fits in warning.message_id
    assert warning.step is p.Step.CITE_GROUNDS


@pytest.mark.parametrize(
    ("information", "grounds"),
    [
        ("Data NIK dan alamat rumah pelapor", ["17h1"]),
        ("Data NIK penduduk", ["17j"]),
        ("Notulen rapat tentang rekam medis", ["17i"]),
        ("Rencana jalur patroli", ["17a5"]),  # a kind the table does not know: no advice
    ],
)
def test_a_ground_that_fits_or_an_unknown_kind_gives_no_advice(
    catalogue: Catalogue, information: str, grounds: list[str]
) -> None:
    from ujikon.domain.lint import ground_fit

    assert ground_fit(catalogue, [information], grounds, "citations") == []


def test_ground_fit_reaches_a_case_through_its_identification(
    samples: dict[str, Case], catalogue: Catalogue
) -> None:
    case = samples["01"]  # rekam medis pegawai, 17h2
    assert case.grounds is not None
    cited = case.grounds.citations[0].model_copy(update={"ground": "17b"})
    miscited = case.model_copy(
        update={"grounds": case.grounds.model_copy(update={"citations": [cited]})}
    )
    assert _codes(lint_case(miscited, catalogue), "ground-fit") == ["citations"]
    assert _codes(lint_case(case, catalogue), "ground-fit") == []
