"""Information opened by a ruling stays open (UU 14/2008 Pasal 11(2), 18(1)): rule
``not-exemptible`` recognises the same information in a later case."""

from __future__ import annotations

from datetime import date
from typing import Any

from ujikon.domain.decide import decide
from ujikon.domain.opened import OpenedInformation, same_information
from ujikon.domain.payloads import Authority, Identify
from ujikon.domain.states import CaseState as S
from ujikon.errors import RuleViolation


def _identify(flow: Any, **document: Any) -> Identify:
    data = flow.valid("identify")
    data["document"] = {**data["document"], **document}
    return Identify.model_validate(data)


def _ruling(flow: Any, **document: Any) -> OpenedInformation:
    return OpenedInformation(
        "UK-2026-0007/1",
        _identify(flow, **document),
        Authority.KI,
        "012/XII/KIP-PS-A/2026",
        date(2026, 11, 20),
    )


def test_same_document_number_and_information_is_the_same_information(flow: Any) -> None:
    a = _identify(flow, reference="800/123/BKD/2026", title="Berkas kepegawaian")
    b = _identify(flow, reference="800/123/bkd/2026 ", title="Arsip pegawai (salinan)")
    assert same_information(a, b)


def test_without_numbers_title_and_date_name_the_document(flow: Any) -> None:
    a = _identify(flow, reference="", title="Berkas Kepegawaian: dr. A")
    b = _identify(flow, reference="", title="berkas kepegawaian dr a")
    assert same_information(a, b)
    other_day = _identify(flow, reference="", title="Berkas Kepegawaian: dr. A", dated="2026-01-02")
    assert not same_information(a, other_day)


def test_reworded_information_is_still_the_same(flow: Any) -> None:
    a = _identify(flow)
    data = a.model_dump()
    data["information"] = a.information.rstrip(".") + " pegawai."
    assert same_information(a, Identify.model_validate(data))


def test_another_part_of_the_document_is_other_information(flow: Any) -> None:
    a = _identify(flow)
    data = a.model_dump()
    data["information"] = "Nomor rekening bank dan NPWP pegawai pada lampiran 2"
    assert not same_information(a, Identify.model_validate(data))


def test_exempting_information_a_ruling_opened_is_refused(flow: Any, siti: Any) -> None:
    case = flow.to(S.WEIGHED)
    assert case.identification is not None
    ruling = _ruling(flow)
    try:
        decide(
            case,
            "conclude",
            flow.valid("conclude"),
            siti,
            flow.catalogue,
            flow.now,
            flow.today,
            opened=[ruling],
        )
    except RuleViolation as refused:
        assert refused.rule == "not-exemptible" and "Pasal 11 ayat (2)" in refused.article
        assert refused.field == "outcome"
        assert "UK-2026-0007/1" in refused.message_id
        assert "012/XII/KIP-PS-A/2026" in refused.message_id
    else:  # pragma: no cover - the assertion is the test
        raise AssertionError("an exemption of opened information was accepted")


def test_opening_information_a_ruling_opened_is_allowed(flow: Any, siti: Any) -> None:
    weighing = flow.valid("weigh_public_interest", outweighs="public_interest")
    case = flow.to(S.WEIGHED, payloads={"weigh_public_interest": weighing})
    events = decide(
        case,
        "conclude",
        {"outcome": "open", "reasoning": "Dibuka sesuai putusan KI."},
        siti,
        flow.catalogue,
        flow.now,
        flow.today,
        opened=[_ruling(flow)],
    )
    assert events[0].payload["to"] == S.CONCLUDED.value
