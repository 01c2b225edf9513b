"""Builders for the domain tests: the catalogue, the people, a fixed clock, a valid
payload for every step of the consequence test, and :class:`Flow`, which walks a case
to any state by the ordinary triggers (never by building a ``Case`` by hand).

The running example is a real kind of case: a regency's personnel file whose annex
holds an employee's periodic medical examination, withheld in part under UU 14/2008
Pasal 17 huruf h angka 2 (a person's health history, condition and treatment).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import BaseModel

from ujikon.domain.calendar import WorkingCalendar
from ujikon.domain.case import Case, fold
from ujikon.domain.decide import NEEDS_CALENDAR, decide, decide_open, parse_payload, walk
from ujikon.domain.events import NewEvent
from ujikon.domain.payloads import OpenCase
from ujikon.domain.roles import Actor, Role
from ujikon.domain.states import CaseState
from ujikon.errors import RuleViolation
from ujikon.law import Catalogue, load_catalogue
from ujikon.service.calendar import load_cuti_bersama, national_holidays

NOW = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)
"""09:30 WIB on the day of the tests."""
TODAY = date(2026, 11, 25)
CASE_ID = "UK-2026-0001"

PERIOD_END = date(2027, 12, 31)
"""End date used where a case must be able to expire."""
AFTER_PERIOD = date(2028, 1, 10)
"""A ``today`` on which a period ending on :data:`PERIOD_END` has run out."""

SITI = Actor(username="siti", role=Role.OFFICER, unit="Bagian Hukum Setda")
AGUS = Actor(username="agus", role=Role.OFFICER, unit="Badan Kepegawaian Daerah")
BUDI = Actor(username="budi", role=Role.PPID, unit="PPID Utama")
RINA = Actor(username="rina", role=Role.PPID, unit="PPID Utama")
DEWI = Actor(username="dewi", role=Role.AUDITOR, unit="Inspektorat")
HEAD = Actor(username="sekda", role=Role.HEAD, unit="Sekretariat Daerah")
ADMIN = Actor(username="admin", role=Role.ADMIN, unit="Diskominfo")

ACTORS: dict[str, Actor] = {a.username: a for a in (SITI, AGUS, BUDI, RINA, DEWI, HEAD, ADMIN)}

PARTS = ["Lampiran 3: hasil pemeriksaan kesehatan berkala", "Halaman 12-14: catatan dokter"]

VALID: dict[str, dict[str, Any]] = {
    "open": {
        "trigger": {
            "kind": "request",
            "reference": "045/PPID/XI/2026",
            "dated": "2026-11-12",
            "note": "Permohonan dari LSM pemantau kepegawaian",
        },
        "summary": "Rekam medis dalam berkas kepegawaian",
    },
    "identify": {
        "document": {
            "title": "Berkas kepegawaian a.n. pegawai Dinas Kesehatan",
            "owning_unit": "Badan Kepegawaian dan Pengembangan SDM",
            "dated": "2026-01-10",
            "form": "electronic",
            "reference": "800/117/BKPSDM/2026",
            "category": "other",
        },
        "information": (
            "Diagnosis, riwayat rawat inap dan resep obat pegawai yang tercatat pada "
            "lampiran hasil pemeriksaan kesehatan berkala"
        ),
        "scope": "part",
        "parts": PARTS,
    },
    "cite_grounds": {
        "citations": [
            {
                "ground": "17h2",
                "analysis": (
                    "Lampiran memuat diagnosis dan riwayat pengobatan seorang pegawai, yaitu "
                    "riwayat, kondisi dan perawatan kesehatan fisik seseorang; pegawai tidak "
                    "memberi persetujuan tertulis dan informasi tidak menyangkut jabatan publiknya."
                ),
            }
        ],
    },
    "assess_harm": {
        "harms": [
            {
                "ground": "17h2",
                "harm": (
                    "Bila dibuka, diagnosis pegawai dapat diketahui rekan kerja dan masyarakat, "
                    "menimbulkan stigma dan diskriminasi dalam penempatan dan promosi, serta "
                    "melanggar hak atas rahasia medis pegawai."
                ),
            }
        ],
    },
    "weigh_public_interest": {
        "interests": [
            "Akuntabilitas pengelolaan kepegawaian",
            "Pengawasan penggunaan anggaran pemeriksaan kesehatan pegawai",
        ],
        "balance": (
            "Akuntabilitas terpenuhi dengan membuka berkas selain lampiran medis (jadwal, biaya "
            "dan penyelenggara pemeriksaan); diagnosis perorangan tidak menambah pengawasan "
            "publik, sedangkan kerugian bagi pegawai nyata dan tidak dapat dipulihkan."
        ),
        "outweighs": "harm",
    },
    "conclude": {
        "outcome": "partly_exempt",
        "parts_withheld": PARTS,
        "redaction": "blacken",
        "period": {"kind": "permanent"},
        "reasoning": "Bagian medis dihitamkan; bagian lain berkas dibuka.",
    },
    "submit": {"note": "Mohon ditinjau PPID Utama."},
    "revise": {"to_step": "assess_harm", "note": "Uraian konsekuensi diperjelas."},
    "return_for_revision": {
        "to_step": "assess_harm",
        "comments": "Uraian konsekuensi masih umum; sebutkan dampak konkret bagi pegawai.",
    },
    "approve": {"comments": "Disetujui untuk ditetapkan."},
    "include_in_decree": {
        "decree_number": "188.4/012/PPID/XI/2026",
        "decree_date": "2026-11-25",
    },
    "expire": {"as_of": "2028-01-05", "note": "Jangka waktu pengecualian telah berakhir."},
    "retest": {
        "reason": "Reviu tahunan Daftar Informasi yang Dikecualikan 2027.",
        "trigger": {"kind": "proactive", "note": "Reviu DIK tahunan"},
    },
    "overturn": {
        "authority": "komisi_informasi",
        "ruling_reference": "Putusan Nomor 015/VI/KIP-PS-A/2026",
        "ruling_date": "2026-11-20",
        "summary": "Majelis Komisioner menyatakan informasi terbuka.",
    },
    "withdraw": {"reason": "Dokumen ternyata telah diumumkan di laman resmi."},
    "extend_answer": {
        "notice_reference": "045.1/PPID/XI/2026",
        "notice_date": "2026-11-25",
        "reason": "Dokumen harus diambil dari arsip inaktif di gedung lain.",
    },
    "file_objection": {
        "reference": "KEB-007/PPID/XI/2026",
        "objector": "Forum Pemantau Kepegawaian",
        "answer_date": "2026-11-20",
        "answer_reference": "045.2/PPID/XI/2026",
        "filed_on": "2026-11-24",
        "reasons": "Pemohon menilai hasil pemeriksaan kesehatan menyangkut kelayakan jabatan.",
    },
    "answer_objection": {
        "objection_reference": "KEB-007/PPID/XI/2026",
        "outcome": "upheld",
        "reference": "800/112/Setda/XI/2026",
        "answered_on": "2026-11-25",
        "reasons": "Riwayat kesehatan pegawai tetap dilindungi Pasal 17 huruf h angka 2.",
    },
}
"""A valid payload for every trigger, as the JSON an officer would send."""

CALENDAR = WorkingCalendar.of(
    [
        *national_holidays(range(2025, 2030)),
        *(d for y in range(2025, 2030) for d in load_cuti_bersama().days_off(y)),
    ]
)
"""Indonesia's working days 2025-2029 (national holidays and cuti bersama), as the service
builds them for a body with no days off of its own."""

DATED_CONCLUSION: dict[str, Any] = {
    **VALID["conclude"],
    "period": {"kind": "until_date", "end_date": PERIOD_END.isoformat()},
}
"""A conclusion that can expire (used to reach ``expired``)."""

DEFAULT_ACTOR: dict[str, Actor] = {
    "open": SITI,
    "identify": SITI,
    "cite_grounds": SITI,
    "assess_harm": SITI,
    "weigh_public_interest": SITI,
    "conclude": SITI,
    "submit": SITI,
    "revise": SITI,
    "return_for_revision": BUDI,
    "approve": BUDI,
    "include_in_decree": BUDI,
    "expire": BUDI,
    "retest": SITI,
    "overturn": HEAD,
    "withdraw": SITI,
    "extend_answer": SITI,
    "file_objection": BUDI,
    "answer_objection": HEAD,
}

PATH: dict[CaseState, list[str]] = {
    CaseState.DRAFT: [],
    CaseState.IDENTIFIED: ["identify"],
    CaseState.GROUNDS_CITED: ["identify", "cite_grounds"],
    CaseState.HARM_ASSESSED: ["identify", "cite_grounds", "assess_harm"],
    CaseState.WEIGHED: ["identify", "cite_grounds", "assess_harm", "weigh_public_interest"],
}
_DRAFTED = [*PATH[CaseState.WEIGHED], "conclude"]
PATH[CaseState.CONCLUDED] = _DRAFTED
PATH[CaseState.IN_REVIEW] = [*_DRAFTED, "submit"]
PATH[CaseState.APPROVED] = [*_DRAFTED, "submit", "approve"]
PATH[CaseState.DECREED] = [*_DRAFTED, "submit", "approve", "include_in_decree"]
PATH[CaseState.EXPIRED] = [*PATH[CaseState.DECREED], "expire"]
PATH[CaseState.OVERTURNED] = [*PATH[CaseState.DECREED], "overturn"]
PATH[CaseState.WITHDRAWN] = ["withdraw"]
"""The triggers that take a freshly opened case to each state."""


def valid(trigger: str, **changes: Any) -> dict[str, Any]:
    """A fresh copy of the valid payload of ``trigger``, with top-level ``changes``."""
    return {**copy.deepcopy(VALID[trigger]), **changes}


def assert_rule(exc: RuleViolation, rule: str, article: str, field: Any = ...) -> None:
    """``exc`` is a refusal by ``rule`` citing ``article``; ``field`` when given (``None``
    meaning "about the case as a whole")."""
    assert exc.rule == rule, f"expected rule {rule}, got {exc.rule}: {exc}"
    assert article in exc.article, f"{article!r} not in article {exc.article!r}"
    if field is not ...:
        assert exc.field == field, f"expected field {field!r}, got {exc.field!r}"
    assert exc.message_id.strip() and exc.message_en.strip()


class Flow:
    """Opens cases and fires triggers the way the service will: decide, then fold.

    Every event produced is kept in :attr:`events`, in order, so a test can fold
    or chain them.
    """

    def __init__(self, catalogue: Catalogue, now: datetime = NOW, today: date = TODAY) -> None:
        self.catalogue = catalogue
        self.now = now
        self.today = today
        self.events: list[NewEvent] = []
        self._tick = 0

    def _clock(self) -> datetime:
        self._tick += 1
        return self.now + timedelta(seconds=self._tick)

    def open(
        self,
        actor: Actor = SITI,
        data: dict[str, Any] | None = None,
        case_id: str = CASE_ID,
    ) -> Case:
        payload = parse_payload("open", valid("open") if data is None else data)
        assert isinstance(payload, OpenCase)
        new = decide_open(case_id, payload, actor, self.catalogue, self._clock(), self.today)
        self.events.extend(new)
        case = fold(new)
        assert case is not None
        return case

    def decide(
        self,
        case: Case,
        trigger: str,
        data: BaseModel | dict[str, Any] | None = None,
        actor: Actor | None = None,
        today: date | None = None,
    ) -> list[NewEvent]:
        """The events of ``trigger`` (nothing recorded); raises what ``decide`` raises."""
        return decide(
            case,
            trigger,
            valid(trigger) if data is None else data,
            actor or DEFAULT_ACTOR[trigger],
            self.catalogue,
            self._clock(),
            today or self.today,
            calendar=CALENDAR if trigger in NEEDS_CALENDAR else None,
        )

    def fire(
        self,
        case: Case,
        trigger: str,
        data: BaseModel | dict[str, Any] | None = None,
        actor: Actor | None = None,
        today: date | None = None,
    ) -> Case:
        """``case`` after ``trigger``; the events are recorded in :attr:`events`."""
        new = self.decide(case, trigger, data, actor, today)
        self.events.extend(new)
        return walk(case, new)

    def refuse(
        self,
        case: Case,
        trigger: str,
        data: BaseModel | dict[str, Any] | None = None,
        actor: Actor | None = None,
        today: date | None = None,
        *,
        rule: str,
        article: str,
        field: Any = ...,
    ) -> RuleViolation:
        """The refusal of ``trigger`` by ``rule`` (citing ``article``, and naming ``field``
        when given; ``None`` means "the case as a whole"). Fails the test if ``trigger``
        is accepted, or if the refusal changed the case."""
        before = case.model_dump()
        with pytest.raises(RuleViolation) as info:
            self.decide(case, trigger, data, actor, today)
        assert case.model_dump() == before, "a refused trigger changed the case"
        assert_rule(info.value, rule, article, field)
        return info.value

    valid = staticmethod(valid)
    """A fresh copy of the valid payload of a trigger (see :func:`valid`)."""
    after_period = AFTER_PERIOD
    period_end = PERIOD_END

    def events_of(self, case: Case) -> list[NewEvent]:
        return [e for e in self.events if e.subject == case.subject]

    def to(
        self,
        state: CaseState,
        payloads: dict[str, dict[str, Any]] | None = None,
        actors: dict[str, Actor] | None = None,
        case: Case | None = None,
    ) -> Case:
        """A new case (or ``case``, from draft) walked to ``state`` with valid payloads.

        ``payloads`` and ``actors`` override the defaults per trigger. For ``expired``
        the conclusion is dated (:data:`DATED_CONCLUSION`) and expiry happens on
        :data:`AFTER_PERIOD`.
        """
        overrides = dict(payloads or {})
        if state is CaseState.EXPIRED:
            overrides.setdefault("conclude", copy.deepcopy(DATED_CONCLUSION))
        who = {**DEFAULT_ACTOR, **(actors or {})}
        current = self.open(who["open"], overrides.get("open")) if case is None else case
        for trigger in PATH[state]:
            today = AFTER_PERIOD if trigger == "expire" else None
            current = self.fire(current, trigger, overrides.get(trigger), who[trigger], today)
        assert current.state is state
        return current


# --- fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def siti() -> Actor:
    return SITI


@pytest.fixture
def agus() -> Actor:
    return AGUS


@pytest.fixture
def budi() -> Actor:
    return BUDI


@pytest.fixture
def rina() -> Actor:
    return RINA


@pytest.fixture
def dewi() -> Actor:
    return DEWI


@pytest.fixture
def head() -> Actor:
    return HEAD


@pytest.fixture
def admin() -> Actor:
    return ADMIN


@pytest.fixture
def actors() -> dict[str, Actor]:
    return dict(ACTORS)


@pytest.fixture
def payloads() -> dict[str, dict[str, Any]]:
    """A fresh, valid payload per trigger (safe to mutate)."""
    return copy.deepcopy(VALID)


@pytest.fixture
def flow(catalogue: Catalogue) -> Iterator[Flow]:
    yield Flow(catalogue)


@pytest.fixture
def working_calendar() -> WorkingCalendar:
    return CALENDAR


@pytest.fixture
def reach(flow: Flow) -> Any:
    """``reach(state, **overrides)``: a case walked to ``state`` (see :meth:`Flow.to`)."""
    return flow.to


@pytest.fixture
def check_rule() -> Any:
    """``check_rule(exc, rule, article, field=...)``: see :func:`assert_rule`."""
    return assert_rule
