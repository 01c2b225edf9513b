"""The self-assessment (*penilaian mandiri*) for the Komisi Informasi's monitoring (monev,
Perki 1/2022) of one body, scored from the log: ``ujikon monev assess --year 2026``.

The indicators are data (:mod:`ujikon.domain.monev`): the shipped default
(``service/data/monev-indicators.yaml``), a workspace's own ``monev-indicators.yaml``,
or a file given with ``--indicators``. Each names one check; what each check reads:

``dik-decree``
    The issued (fully signed) decrees dated on or before the day assessed, not revoked by
    then: the newest dated within the year before is ``met``; only older ones ``partly``
    (50); none ``not met``. A decree awaiting a signature is shown, not counted.
``test-per-exempt-item``
    Each item of the DIK as of the day assessed rests on a decreed revision that recorded
    every step; a case imported from an old register (``register import``) that has not
    reached approval by then is an exempt item without a finished test.
``harm-and-balance-per-ground``
    Per DIK item: a harm statement for every ground cited, a balance written and the harm
    found to outweigh; an old-register row imported with the finding ``harm-per-ground``
    or ``public-interest-weighed`` and not yet tested counts against.
``periods-stated``
    Per DIK item: a period (a last day, or a condition), or permanent; an imported row
    with the finding ``period-stated`` not yet tested counts against.
``register-published``
    Nothing in the log records a publication of the DIK (``register export`` writes a
    file and records nothing): always ``no evidence``, with the register's size shown.
``yearly-review``
    Each item in force on 1 January has a revision opened by that year's review
    (:func:`~ujikon.service.lifecycle.review_reason`) that reached approval; an item
    that ended (expired, overturned) before a review is not counted.
``objections-answered-in-time``
    Each objection filed in the year: answered on or before its limit (30 working days,
    Pasal 36(2)) or not; one unanswered and past its limit counts against, one still
    within it is shown only.
``requests-answered-in-time``
    Each case revision opened on a request received in the year: answered within 10
    working days, or within 10 + 7 with the written notice of Pasal 22(8) given before
    the tenth day. The log records no letter to the requester: the answer is taken as
    the date of the answer an objection names, else the PPID Utama's approval (the
    decision that lets the request be answered). A withdrawn request is shown only.

Working days are counted on the body's calendar (``service/calendar.py``). A year
before the current one is assessed as of 31 December; the current year as of today. The
year before is assessed the same way and shown beside it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from ujikon.dates import format_date_id
from ujikon.domain import payloads as p
from ujikon.domain.calendar import PeriodKey, WorkingCalendar, statutory_deadline
from ujikon.domain.case import Case, fold
from ujikon.domain.decree import Decree, DecreeState, apply_decree
from ujikon.domain.events import StoredEvent
from ujikon.domain.monev import Check, Evidence, Finding, Indicator, finding, parse_indicators
from ujikon.domain.monev import weighted_total as _weighted_total
from ujikon.domain.objection import objection_timeline
from ujikon.domain.states import CaseState
from ujikon.errors import InputError
from ujikon.service.calendar import CalendarDesk
from ujikon.service.cases import Service
from ujikon.service.input_files import CASE_FILE_LIMIT, load_document
from ujikon.service.lifecycle import review_reason
from ujikon.service.register import RegisterRow, dik_as_of

__all__ = [
    "DEFAULT_INDICATORS",
    "WORKSPACE_INDICATORS",
    "Assessment",
    "IndicatorSet",
    "assess",
    "choose_indicators",
    "load_indicators",
]

logger = logging.getLogger(__name__)

DEFAULT_INDICATORS = Path(__file__).resolve().parent / "data" / "monev-indicators.yaml"
"""The indicators ujikon ships."""
WORKSPACE_INDICATORS = "monev-indicators.yaml"
"""A workspace's own indicators, in its directory, used instead of the default."""

_IMPORTED = "diimpor dari DIK lama"
"""How ``register import`` begins the note of a case it made from an old register row."""
_BEFORE_APPROVAL = frozenset(
    {
        CaseState.DRAFT,
        CaseState.IDENTIFIED,
        CaseState.GROUNDS_CITED,
        CaseState.HARM_ASSESSED,
        CaseState.WEIGHED,
        CaseState.CONCLUDED,
        CaseState.IN_REVIEW,
    }
)
_TESTED = frozenset({CaseState.APPROVED, CaseState.DECREED, CaseState.EXPIRED})
_HARM_FINDINGS = frozenset({"harm-per-ground", "public-interest-weighed"})
_PERIOD_FINDINGS = frozenset({"period-stated", "period-not-permanent-17a-f"})


@dataclass(frozen=True)
class IndicatorSet:
    source: str
    """The file read (``(bawaan)`` paths name the shipped default)."""
    indicators: tuple[Indicator, ...]


def load_indicators(path: Path) -> IndicatorSet:
    """The indicators of the YAML (or JSON) file at ``path``.

    :raises InputError: the file, the indicator and the field that is wrong.
    """
    document = load_document(path, limit=CASE_FILE_LIMIT)
    return IndicatorSet(str(path), parse_indicators(document.data, str(path), document.line_of))


def choose_indicators(directory: Path, explicit: Path | None = None) -> IndicatorSet:
    """``explicit``, else the workspace's ``monev-indicators.yaml``, else the default."""
    if explicit is not None:
        return load_indicators(explicit)
    own = directory / WORKSPACE_INDICATORS
    return load_indicators(own if own.is_file() else DEFAULT_INDICATORS)


# --------------------------------------------------------------------------- the log


@dataclass
class _Revision:
    case: Case
    events: list[StoredEvent]

    def seq_of(self, action: str, match: Callable[[dict[str, Any]], bool] | None = None) -> int:
        for event in self.events:
            if event.action == action and (match is None or match(event.payload["data"])):
                return event.seq
        return self.events[-1].seq


@dataclass
class _Log:
    """The log read once for both years: every case revision and every decree."""

    revisions: list[_Revision]
    decrees: list[tuple[Decree, int | None]]
    """Each decree with the seq of its ``decree.issued`` event."""
    first: datetime | None
    """When the first case or decree event was recorded (``None``: none is)."""

    @classmethod
    def read(cls, service: Service) -> _Log:
        revisions: list[_Revision] = []
        for subject in service.log.subjects("case:"):
            events = service.log.read(subject)
            case = fold(events)
            if case is not None:
                revisions.append(_Revision(case, events))
        decrees: list[tuple[Decree, int | None]] = []
        moments = [r.events[0].recorded_at for r in revisions]
        for subject in service.log.subjects("decree:"):
            decree: Decree | None = None
            issued: int | None = None
            for event in service.log.read(subject):
                moments.append(event.recorded_at)
                decree = apply_decree(decree, event)
                if event.action == "decree.issued":
                    issued = event.seq
            if decree is not None:
                decrees.append((decree, issued))
        return cls(revisions, decrees, min(moments, default=None))

    @cached_property
    def _by_case(self) -> dict[str, list[_Revision]]:
        out: dict[str, list[_Revision]] = {}
        for revision in sorted(self.revisions, key=lambda r: r.case.revision):
            out.setdefault(revision.case.case_id, []).append(revision)
        return out

    @cached_property
    def _by_ref(self) -> dict[str, _Revision]:
        return {r.case.ref: r for r in self.revisions}

    def of_case(self, case_id: str) -> list[_Revision]:
        """Every revision of ``case_id``, oldest first."""
        return self._by_case.get(case_id, [])

    def revision(self, ref: str) -> _Revision | None:
        return self._by_ref.get(ref)


@dataclass
class _Year:
    """What one year's checks read: its days, the DIK at its end, the calendar."""

    service: Service
    log: _Log
    calendar: WorkingCalendar
    year: int
    as_of: date
    register: list[RegisterRow] = field(default_factory=list)
    imported: list[_Revision] = field(default_factory=list)
    """Old-register rows (see :meth:`imported_untested`), found once."""

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    def imported_untested(self) -> list[_Revision]:
        """Cases made from an old register row, opened by the day assessed, not yet at
        approval (still exempt under the old register, without a finished test)."""
        return [
            r
            for r in self.log.revisions
            if r.case.trigger.note.startswith(_IMPORTED)
            and r.case.state in _BEFORE_APPROVAL
            and self.service.today(r.case.opened_at) <= self.as_of
        ]


def _d(day: date) -> str:
    return format_date_id(day)


# --------------------------------------------------------------------------- the checks


def _dik_decree(y: _Year, ind: Indicator) -> Finding:
    issued: list[tuple[Decree, int | None]] = []
    shown: list[Evidence] = []
    for decree, seq in y.log.decrees:
        if decree.state is DecreeState.SIGNING and decree.signing is not None:
            shown.append(
                Evidence(
                    f"SK {decree.signing.number} menunggu tanda tangan, tidak dihitung / "
                    f"awaiting a signature, not counted",
                    None,
                    decree=decree.signing.number,
                )
            )
            continue
        record = decree.issue
        if record is None or record.dated > y.as_of:
            continue
        if decree.revoked_at is not None and y.service.today(decree.revoked_at) <= y.as_of:
            continue
        issued.append((decree, seq))
    issued.sort(key=lambda d: d[0].issue.dated if d[0].issue else date.min)
    year_ago = y.as_of - timedelta(days=365)
    evidence: list[Evidence] = []
    for decree, seq in issued:
        assert decree.issue is not None
        record = decree.issue
        recent = record.dated > year_ago
        evidence.append(
            Evidence(
                f"SK {record.number} terbit {_d(record.dated)} ({len(record.cases)} kasus"
                f"{'' if recent else ', lebih dari setahun'}) / issued {_d(record.dated)} "
                f"({len(record.cases)} cases{'' if recent else ', over a year before'})",
                recent,
                decree=record.number,
                seq=seq,
            )
        )
    if any(e.counts for e in evidence):
        score, reason = (
            100,
            (
                f"SK terbit dalam setahun sebelum {_d(y.as_of)} / a decree issued within the year "
                f"before {_d(y.as_of)}"
            ),
        )
    elif evidence:
        score, reason = (
            50,
            (
                f"SK terakhir lebih dari setahun sebelum {_d(y.as_of)} / the latest decree is over "
                f"a year before {_d(y.as_of)}"
            ),
        )
    else:
        score, reason = (
            0,
            (
                f"log tidak mencatat SK DIK yang terbit sampai {_d(y.as_of)} / the log holds no "
                f"issued DIK decree up to {_d(y.as_of)}"
            ),
        )
    return finding(ind, [*evidence, *shown], empty_reason="", score=score, reason=reason)


def _dik_lines(y: _Year, judge: Callable[[Case, RegisterRow], tuple[bool, str]]) -> list[Evidence]:
    out: list[Evidence] = []
    for row in y.register:
        revision = y.log.revision(row.case_ref)
        if revision is None:  # pragma: no cover - every register row comes from the log
            continue
        ok, text = judge(revision.case, row)
        out.append(
            Evidence(
                f"{row.case_ref}: {text}",
                ok,
                case=row.case_ref,
                decree=row.decree_number,
                seq=revision.seq_of("case.decreed"),
            )
        )
    return out


def _imported_lines(y: _Year, codes: frozenset[str] | None, what: str) -> list[Evidence]:
    out: list[Evidence] = []
    for revision in y.imported:
        case = revision.case
        found = [f.rule for f in case.register_findings]
        if codes is not None and not codes.intersection(found):
            continue
        named = f" ({', '.join(sorted(codes.intersection(found)))})" if codes else ""
        out.append(
            Evidence(
                f"{case.ref}: baris DIK lama{named}, {what}, status {case.state.label_id} / "
                f"an old register row{named}, not yet tested ({case.state.value})",
                False,
                case=case.ref,
                seq=revision.events[0].seq,
            )
        )
    return out


def _recorded(case: Case, row: RegisterRow) -> tuple[bool, str]:
    return True, (
        f"uji konsekuensi tercatat, SK {row.decree_number} / consequence test recorded, "
        f"decree {row.decree_number}"
    )


def _per_item(
    judge: Callable[[Case, RegisterRow], tuple[bool, str]],
    codes: frozenset[str] | None,
    what: str,
) -> Callable[[_Year, Indicator], Finding]:
    """A check over each DIK item (``judge``) and each imported row (by ``codes``)."""

    def check(y: _Year, ind: Indicator) -> Finding:
        evidence = _dik_lines(y, judge) + _imported_lines(y, codes, what)
        return finding(ind, evidence, empty_reason=_no_exempt_item(y))

    return check


def _no_exempt_item(y: _Year) -> str:
    return (
        f"tidak ada informasi yang dikecualikan pada {_d(y.as_of)} / no exempt item on "
        f"{_d(y.as_of)}"
    )


def _harm_and_balance(case: Case, row: RegisterRow) -> tuple[bool, str]:
    cited = case.grounds.ground_ids() if case.grounds else []
    harmed = {h.ground for h in case.harm.harms if h.harm.strip()} if case.harm else set()
    missing = [g for g in cited if g not in harmed]
    weighing = case.weighing
    gaps: list[str] = []
    if missing:
        gaps.append(f"tanpa konsekuensi / no harm: {', '.join(missing)}")
    if weighing is None or not weighing.balance.strip():
        gaps.append("tanpa timbangan / no balance")
    elif weighing.outweighs is not p.Weight.HARM:
        gaps.append("kepentingan publik lebih besar / public interest outweighs")
    if gaps:
        return False, "; ".join(gaps)
    return True, (
        f"konsekuensi per dasar ({', '.join(cited)}) dan timbangan tercatat / harm per ground "
        "and balance recorded"
    )


def _period_stated(case: Case, row: RegisterRow) -> tuple[bool, str]:
    period = case.conclusion.period if case.conclusion else None
    if period is None:
        return False, "jangka waktu tidak dinyatakan / no period stated"
    if period.kind is p.PeriodKind.UNTIL_DATE and period.end_date is None:
        return False, "tanpa tanggal akhir / no last day"
    if period.kind is p.PeriodKind.UNTIL_CONDITION and not period.condition.strip():
        return False, "tanpa syarat berakhir / no end condition"
    return True, f"jangka waktu / period: {row.period}"


def _register_published(y: _Year, ind: Indicator) -> Finding:
    shown = Evidence(
        f"DIK per {_d(y.as_of)} memuat {len(y.register)} informasi / the DIK as of "
        f"{_d(y.as_of)} holds {len(y.register)} items",
        None,
    )
    return finding(
        ind,
        [shown],
        empty_reason=(
            "log tidak mencatat pengumuman DIK (`register export` menulis berkas tanpa "
            "mencatatnya); lampirkan buktinya sendiri / the log records no publication of the "
            "DIK (`register export` writes a file and records nothing); evidence it yourself"
        ),
    )


def _yearly_review(y: _Year, ind: Indicator) -> Finding:
    reason = review_reason(y.year)
    start_rows = dik_as_of(y.service, y.start)
    evidence: list[Evidence] = []
    for row in start_rows:
        case_id = row.case_ref.split("/")[0]
        revisions = y.log.of_case(case_id)
        reviews = [
            r
            for r in revisions
            if r.case.retest_reason == reason and y.service.today(r.case.opened_at) <= y.as_of
        ]
        if reviews:
            review = reviews[-1]
            case = review.case
            done = case.state in _TESTED or case.state is CaseState.OVERTURNED
            text = (
                f"reviu {case.ref}: {case.state.label_id} / review {case.ref}: {case.state.value}"
            )
            evidence.append(
                Evidence(f"{row.case_ref}: {text}", done, case=case.ref, seq=review.events[0].seq)
            )
            continue
        latest = revisions[-1].case if revisions else None
        if latest is not None and latest.state in (CaseState.EXPIRED, CaseState.OVERTURNED):
            evidence.append(
                Evidence(
                    f"{row.case_ref}: berakhir sebelum direviu ({latest.state.label_id}), tidak "
                    f"dihitung / ended before a review ({latest.state.value}), not counted",
                    None,
                    case=row.case_ref,
                )
            )
            continue
        evidence.append(
            Evidence(
                f"{row.case_ref}: belum direviu ({reason}) / not reviewed",
                False,
                case=row.case_ref,
            )
        )
    return finding(
        ind,
        evidence,
        empty_reason=(
            f"DIK kosong pada {_d(y.start)}: tidak ada yang direviu / the DIK was empty on "
            f"{_d(y.start)}: nothing to review"
        ),
    )


def _reference_key(reference: object) -> str:
    return "".join(str(reference).split()).casefold()


def _answering(reference: str) -> Callable[[dict[str, Any]], bool]:
    """Whether an event's data answers the objection ``reference``."""
    key = _reference_key(reference)
    return lambda data: _reference_key(data.get("objection_reference", "")) == key


def _objections(y: _Year, ind: Indicator) -> Finding:
    evidence: list[Evidence] = []
    for revision in y.log.revisions:
        case = revision.case
        for record in case.objections:
            filed = record.filing.filed_on
            if filed.year != y.year or filed > y.as_of:
                continue
            timeline = objection_timeline(record, y.calendar, y.as_of)
            head = f"{case.ref} {record.reference}"
            answer = record.answer
            if answer is not None and answer.answered_on <= y.as_of:
                took = y.calendar.working_days_between(filed, answer.answered_on)
                ok = answer.answered_on <= timeline.answer_due
                seq = revision.seq_of("case.objection_answered", _answering(record.reference))
                evidence.append(
                    Evidence(
                        f"{head}: keberatan dijawab dalam {took} hari kerja (batas 30, "
                        f"{_d(timeline.answer_due)}) / objection answered in {took} working days"
                        f"{'' if ok else ', late'}",
                        ok,
                        case=case.ref,
                        seq=seq,
                    )
                )
            elif y.as_of > timeline.answer_due:
                evidence.append(
                    Evidence(
                        f"{head}: belum dijawab, lewat batas {_d(timeline.answer_due)} / not "
                        f"answered, past its limit",
                        False,
                        case=case.ref,
                        seq=revision.seq_of("case.objection_filed"),
                    )
                )
            else:
                evidence.append(
                    Evidence(
                        f"{head}: menunggu jawaban, batas {_d(timeline.answer_due)}, tidak "
                        f"dihitung / awaiting its answer, not counted",
                        None,
                        case=case.ref,
                        seq=revision.seq_of("case.objection_filed"),
                    )
                )
    return finding(
        ind,
        evidence,
        empty_reason=(
            f"tidak ada keberatan yang diajukan pada {y.year} / no objection filed in {y.year}"
        ),
    )


def _answered_on(y: _Year, case: Case) -> tuple[date | None, str, str]:
    """When the request was answered, and how the log knows it (Indonesian, English)."""
    letters = [o.filing.answer_date for o in case.objections]
    if letters:
        return min(letters), "tanggal jawaban menurut keberatan", "the answer an objection names"
    if case.approved_at is not None:
        return y.service.today(case.approved_at), "tanggal persetujuan PPID Utama", "approval"
    return None, "", ""


def _request_line(y: _Year, revision: _Revision, received: date) -> Evidence:
    case = revision.case
    first_due = statutory_deadline(y.calendar, PeriodKey.REQUEST_ANSWER, received).due
    extension = case.answer_extension
    extended = extension is not None and extension.notice_date <= first_due
    due = (
        statutory_deadline(y.calendar, PeriodKey.REQUEST_EXTENSION, first_due).due
        if extended
        else first_due
    )
    limit = "10 + 7" if extended else "10"
    answered, how_id, how_en = _answered_on(y, case)
    if answered is not None and answered > y.as_of:
        answered = None
    if answered is not None:
        took = y.calendar.working_days_between(received, answered)
        ok = answered <= due
        notice_id = notice_en = ""
        if extended and extension is not None:
            notice_id = f", diperpanjang dengan pemberitahuan {extension.notice_reference}"
            notice_en = f", extended by notice {extension.notice_reference}"
        elif extension is not None:
            notice_id = ", pemberitahuan perpanjangan setelah hari kerja ke-10"
            notice_en = ", extension notice after the 10th working day"
        return Evidence(
            f"{case.ref}: permohonan dijawab dalam {took} hari kerja (batas {limit}{notice_id}; "
            f"{how_id}) / request answered in {took} working days (limit {limit}{notice_en}; "
            f"{how_en}){'' if ok else ', late'}",
            ok,
            case=case.ref,
            seq=revision.seq_of("case.approved") if case.approved_at else None,
        )
    if case.state is CaseState.WITHDRAWN:
        return Evidence(
            f"{case.ref}: ditarik; log tidak mencatat jawabannya, tidak dihitung / withdrawn; "
            f"the log does not say how it was answered, not counted",
            None,
            case=case.ref,
        )
    if y.as_of > due:
        return Evidence(
            f"{case.ref}: belum dijawab, lewat batas {_d(due)} (batas {limit}) / not answered, "
            f"past its limit",
            False,
            case=case.ref,
            seq=revision.events[0].seq,
        )
    return Evidence(
        f"{case.ref}: diterima {_d(received)}, batas {_d(due)}, tidak dihitung / received, "
        f"still within its limit, not counted",
        None,
        case=case.ref,
        seq=revision.events[0].seq,
    )


def _requests(y: _Year, ind: Indicator) -> Finding:
    evidence: list[Evidence] = []
    for revision in y.log.revisions:
        trigger = revision.case.trigger
        received = trigger.dated
        if trigger.kind is not p.TriggerKind.REQUEST or received is None:
            continue
        if received.year != y.year or received > y.as_of:
            continue
        evidence.append(_request_line(y, revision, received))
    return finding(
        ind,
        evidence,
        empty_reason=(
            f"tidak ada permohonan yang diterima pada {y.year} tercatat / no request received "
            f"in {y.year} is recorded"
        ),
    )


_CHECKS: dict[Check, Callable[[_Year, Indicator], Finding]] = {
    Check.DIK_DECREE: _dik_decree,
    Check.TEST_PER_EXEMPT_ITEM: _per_item(_recorded, None, "uji belum selesai"),
    Check.HARM_AND_BALANCE: _per_item(
        _harm_and_balance, _HARM_FINDINGS, "konsekuensi/timbangan tidak ada"
    ),
    Check.PERIODS_STATED: _per_item(_period_stated, _PERIOD_FINDINGS, "jangka waktu tidak ada"),
    Check.REGISTER_PUBLISHED: _register_published,
    Check.YEARLY_REVIEW: _yearly_review,
    Check.OBJECTIONS_IN_TIME: _objections,
    Check.REQUESTS_IN_TIME: _requests,
}


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class Assessment:
    """The indicators of one year scored from the log, beside the year before."""

    year: int
    as_of: date
    previous_as_of: date
    source: str
    findings: tuple[Finding, ...]
    previous: tuple[Finding, ...]

    @property
    def total(self) -> float | None:
        return _weighted_total(self.findings)

    @property
    def previous_total(self) -> float | None:
        return _weighted_total(self.previous)

    def pairs(self) -> list[tuple[Finding, Finding]]:
        return list(zip(self.findings, self.previous, strict=True))

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "previous_year": self.year - 1,
            "previous_as_of": self.previous_as_of.isoformat(),
            "indicators_file": self.source,
            "total": self.total,
            "previous_total": self.previous_total,
            "indicators": [
                {
                    "id": now.indicator.id,
                    "question": {"id": now.indicator.question_id, "en": now.indicator.question_en},
                    "basis": now.indicator.basis,
                    "weight": now.indicator.weight,
                    "check": now.indicator.check.value,
                    "status": now.status.value,
                    "status_label": {"id": now.status.label_id, "en": now.status.label_en},
                    "score": now.score,
                    "reason": now.reason,
                    "evidence": [e.as_json() for e in now.evidence],
                    "previous": {
                        "year": self.year - 1,
                        "status": before.status.value,
                        "score": before.score,
                        "reason": before.reason,
                        "evidence_count": before.counted,
                    },
                }
                for now, before in self.pairs()
            ],
        }


def _as_of(year: int, today: date) -> date:
    return today if year == today.year else date(year, 12, 31)


def _score_year(
    service: Service,
    log: _Log,
    calendar: WorkingCalendar,
    year: int,
    today: date,
    indicators: Sequence[Indicator],
) -> tuple[date, tuple[Finding, ...]]:
    as_of = _as_of(year, today)
    if log.first is None or service.today(log.first) > as_of:
        began = (
            "log belum mencatat kasus atau SK / the log records no case or decree yet"
            if log.first is None
            else f"log mulai {_d(service.today(log.first))} / the log begins then"
        )
        why = f"{began}: tidak ada catatan untuk {year} / nothing recorded for {year}"
        return as_of, tuple(finding(i, [], empty_reason=why) for i in indicators)
    y = _Year(service, log, calendar, year, as_of, dik_as_of(service, as_of))
    y.imported = y.imported_untested()
    return as_of, tuple(_CHECKS[i.check](y, i) for i in indicators)


def assess(
    service: Service,
    calendar: CalendarDesk,
    year: int,
    indicators: IndicatorSet,
    today: date | None = None,
) -> Assessment:
    """``indicators`` scored from the log for ``year`` and for the year before.

    :raises InputError: a year before UU 14/2008 took effect (2010) or after this one.
    """
    day = service.today() if today is None else today
    if not 2011 <= year <= day.year:
        raise InputError(
            "--year",
            f"{year}: antara 2011 dan {day.year} (tahun sebelumnya ikut dinilai) / between "
            f"2011 and {day.year} (the year before is assessed too)",
        )
    log = _Log.read(service)
    counted = calendar.view(range(year - 1, year + 2)).calendar
    as_of, now = _score_year(service, log, counted, year, day, indicators.indicators)
    before_as_of, before = _score_year(service, log, counted, year - 1, day, indicators.indicators)
    logger.info("monev %d: %d indicators from %s", year, len(now), indicators.source)
    return Assessment(year, as_of, before_as_of, indicators.source, now, before)
