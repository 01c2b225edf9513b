"""Precedent search on both backends: by words and by ground, only decided revisions,
newest first (or by relevance) and limited, the same after a rebuild, and safe with
whatever text a user types."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
from alembic import command
from toolkit import SAMPLES, add_users, make_service

from ujikon.domain.states import CaseState
from ujikon.errors import InputError
from ujikon.service.caseplan import load_plan
from ujikon.service.cases import Service
from ujikon.service.precedents import PrecedentSearch, search_precedents
from ujikon.store import SqlEventLog, migrations, open_store
from ujikon.store.api import SearchDoc

APPROVED = ["01", "02", "04", "05", "07", "08"]
"""Samples approved, in this order (so 08 is the newest decision); 03 and 06 stay in review."""


@pytest.fixture
def service(store_url: str) -> Iterator[Service]:
    svc = make_service(store_url)
    add_users(svc)
    try:
        yield svc
    finally:
        svc.log.close()


@pytest.fixture
def decided(service: Service) -> dict[str, str]:
    """Every sample imported (all in review), then six of them approved by budi."""
    ids = {
        path.name[:2]: service.import_case(None, load_plan(path)).case_id
        for path in sorted(SAMPLES.glob("0*.yaml"))
    }
    for name in APPROVED:
        service.act("budi", ids[name], "approve", {"comments": "Disetujui."})
    return ids


def refs(result: PrecedentSearch) -> list[str]:
    return [p.ref for p in result.precedents]


def test_finds_by_word_with_a_snippet_from_the_field_that_matched(
    service: Service, decided: dict[str, str]
) -> None:
    result = search_precedents(service, "stigma")
    assert refs(result) == [f"{decided['01']}/1"]
    hit = result.precedents[0]
    assert hit.field == "harm 17h2"
    assert "stigma" in hit.snippet
    assert hit.state is CaseState.APPROVED and hit.grounds == ("17h2",)
    assert hit.title.startswith("Berkas Kepegawaian")
    # A word matches the words it begins, in any case: "PAJAK" finds "pajak" and "Pajak".
    assert refs(search_precedents(service, "PAJAK")) == [f"{decided['05']}/1"]
    assert refs(search_precedents(service, "spekul")) == [f"{decided['04']}/1"]
    # Every word must be found.
    assert refs(search_precedents(service, "stigma spekulan")) == []
    # The title is searched too; the snippet then shows the title.
    by_title = search_precedents(service, "kajian RSUD")
    assert refs(by_title) == [f"{decided['04']}/1"]
    assert by_title.precedents[0].field == "title"
    assert by_title.precedents[0].snippet.startswith("Kajian Awal Lokasi")


def test_filters_by_ground_and_a_letter_matches_its_items(
    service: Service, decided: dict[str, str]
) -> None:
    assert refs(search_precedents(service, "", ground="17h2")) == [f"{decided['01']}/1"]
    # 17h: both 17h2 (sample 01) and 17h3 (sample 07), newest decision first.
    assert refs(search_precedents(service, "", ground="17h")) == [
        f"{decided['07']}/1",
        f"{decided['01']}/1",
    ]
    # The way officers write it works too; words and ground combine.
    assert refs(search_precedents(service, "rekening", ground="Pasal 17 huruf h")) == [
        f"{decided['07']}/1"
    ]
    assert refs(search_precedents(service, "rekening", ground="17h2")) == []
    # 17b is cited by 03 (in review) and 08 (approved): only the decided one.
    assert refs(search_precedents(service, "", ground="17b")) == [f"{decided['08']}/1"]
    with pytest.raises(InputError, match="17z"):
        search_precedents(service, "", ground="17z")


def test_ignores_undecided_and_withdrawn_revisions(
    service: Service, decided: dict[str, str]
) -> None:
    # Sample 03 (in review) cites 17b and speaks of "harga satuan", as does 08 (approved).
    assert refs(search_precedents(service, "harga satuan")) == [f"{decided['08']}/1"]
    assert refs(search_precedents(service, "persaingan")) == []
    service.act("budi", decided["03"], "approve", {"comments": "Disetujui."})
    assert refs(search_precedents(service, "", ground="17b")) == [
        f"{decided['03']}/1",
        f"{decided['08']}/1",
    ]
    # Withdrawn after approval: no longer a precedent.
    assert refs(search_precedents(service, "persaingan")) == [f"{decided['03']}/1"]
    service.act("budi", decided["03"], "withdraw", {"reason": "Permohonan dicabut pemohon."})
    assert refs(search_precedents(service, "", ground="17b")) == [f"{decided['08']}/1"]
    assert refs(search_precedents(service, "persaingan")) == []
    # A fresh draft never shows.
    service.open_case("siti", {"trigger": {"kind": "proactive"}, "summary": "Rekening pegawai"})
    assert len(search_precedents(service, "").precedents) == len(APPROVED)


def test_newest_first_by_default_relevance_on_request_and_limits(
    service: Service, decided: dict[str, str]
) -> None:
    newest = refs(search_precedents(service, ""))
    assert newest == [f"{decided[n]}/1" for n in reversed(APPROVED)]
    assert refs(search_precedents(service, "", limit=2)) == newest[:2]
    # Relevance on the same cases: scores come highest first.
    by_relevance = search_precedents(service, "harga", order="relevance")
    scores = [p.score for p in by_relevance.precedents]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    with pytest.raises(InputError):
        search_precedents(service, "", limit=0)


def test_the_decree_and_later_states_are_read_from_the_log(
    service: Service, decided: dict[str, str]
) -> None:
    case_id = decided["01"]
    service.act(
        "budi",
        case_id,
        "include_in_decree",
        {"decree_number": "188.4/001/PPID/XI/2026", "decree_date": date(2026, 11, 25)},
    )
    hit = search_precedents(service, "stigma").precedents[0]
    assert hit.state is CaseState.DECREED
    assert hit.decree_number == "188.4/001/PPID/XI/2026"
    # A retest opens revision 2 (a draft): revision 1 stays the precedent.
    service.act(
        "siti",
        case_id,
        "retest",
        {"reason": "Permohonan baru atas berkas yang sama.", "trigger": {"kind": "proactive"}},
    )
    assert refs(search_precedents(service, "stigma")) == [f"{case_id}/1"]


def test_rebuild_gives_the_same_results(service: Service, decided: dict[str, str]) -> None:
    queries = [("", None), ("pegawai", None), ("", "17h"), ("pengadaan", None), ("", "17b")]
    before = [search_precedents(service, q, ground=g) for q, g in queries]
    assert isinstance(service.log, SqlEventLog)
    with service.log.engine.begin() as conn:  # the index drifts (or is lost)
        conn.execute(sa.text("DELETE FROM search_docs WHERE key LIKE '%0001/1'"))
    assert search_precedents(service, "stigma").precedents == ()
    service.rebuild_index()
    after = [search_precedents(service, q, ground=g) for q, g in queries]
    assert after == before
    assert refs(search_precedents(service, "stigma")) == [f"{decided['01']}/1"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('"', None),
        ("'", None),
        ("*", None),
        ('"stigma', "01"),
        ("stigma*", "01"),
        ("(stigma)", "01"),
        ("title:stigma", ""),
        ("-stigma", "01"),
        ("stigma'); DROP TABLE events; --", ""),
        ("%_\\", None),
        ("!!! ::: &&& ||| <-> ^", None),
        ("stigma " + "a" * 5000, "01"),  # no word is that long: left out
    ],
)
def test_query_syntax_in_the_text_is_plain_text(
    service: Service, decided: dict[str, str], text: str, found: str | None
) -> None:
    """``found``: the sample found, "" for nothing, ``None`` for every decided case (the
    text holds no word at all)."""
    head = service.log.head()
    result = search_precedents(service, text)  # never a syntax error
    assert all(word.isalnum() for word in result.words)
    if found is None:
        assert result.words == () and len(result.precedents) == len(APPROVED)
    else:
        assert refs(result) == ([f"{decided[found]}/1"] if found else [])
    assert service.log.head() == head
    assert service.log.verify_chain().ok


def test_operators_are_words_not_operators(service: Service, decided: dict[str, str]) -> None:
    # With FTS syntax, "stigma OR spekulan" would find two cases; as words, none has all.
    assert refs(search_precedents(service, "stigma OR spekulan")) == []
    assert search_precedents(service, "stigma OR spekulan").words == ("stigma", "or", "spekulan")
    # "NEAR" is a word to find, not an operator.
    assert refs(search_precedents(service, "NEAR(stigma diskriminasi)")) == []
    assert refs(search_precedents(service, '"stigma"')) == [f"{decided['01']}/1"]


def test_the_title_weighs_more_and_relevance_reorders(service: Service) -> None:
    log = service.log
    filler = " ".join(["pertimbangan", "anggaran", "daerah", "pelayanan", "warga"] * 8)
    log.replace_search(
        "case",
        [
            SearchDoc("case", "old/1", "Rekam medis pegawai", filler, ("17h2", "17h"), "2026-01"),
            SearchDoc(
                "case", "new/1", "Kontrak jalan", f"{filler} rekam medis", ("17b",), "2026-06"
            ),
            SearchDoc("case", "none/1", "Nota dinas", filler, ("17i",), "2026-09"),
        ],
    )
    assert [h.key for h in log.search("case", ["medis"])] == ["new/1", "old/1"]
    ranked = log.search("case", ["medis"], order="relevance")
    assert [h.key for h in ranked] == ["old/1", "new/1"]
    assert ranked[0].score > ranked[1].score > 0
    assert [h.key for h in log.search("case", ["medis"], order="relevance", limit=1)] == ["old/1"]
    assert [h.key for h in log.search("case", [], tag="17h")] == ["old/1"]
    assert [h.key for h in log.search("case", [])] == ["none/1", "new/1", "old/1"]
    assert log.search("decree", []) == []


def test_the_store_refuses_bad_tags_and_limits(service: Service) -> None:
    log = service.log
    with pytest.raises(ValueError):
        log.search("case", ["x"], tag="17h' OR 1=1 --")
    with pytest.raises(ValueError):
        log.search("case", ["x"], limit=0)
    with pytest.raises(ValueError):
        log.replace_search("case", [SearchDoc("case", "k", "t", "b", tags=("Bad Tag",))])
    with pytest.raises(ValueError):
        log.replace_search("case", [SearchDoc("decree", "k", "t", "b")])


def test_upgrading_a_store_with_cases_asks_for_a_rebuild(store_url: str) -> None:
    service = make_service(store_url)
    add_users(service)
    case_id = service.import_case(None, load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml")).case_id
    service.act("budi", case_id, "approve", {"comments": "Disetujui."})
    assert isinstance(service.log, SqlEventLog)
    assert not service.log.search_needs_rebuild("case")
    # Back to the schema before search (as an older ujikon left it), then `ujikon init`.
    with service.log.engine.begin() as conn:
        command.downgrade(migrations.alembic_config(conn), "0001")
    service.log.close()
    upgraded = Service(open_store(store_url, create=True), service.catalogue, clock=service.clock)
    try:
        result = search_precedents(upgraded, "stigma")
        assert result.rebuild_needed and result.precedents == ()
        upgraded.rebuild_index()
        result = search_precedents(upgraded, "stigma")
        assert not result.rebuild_needed
        assert refs(result) == [f"{case_id}/1"]
    finally:
        upgraded.log.close()
