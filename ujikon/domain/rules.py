"""The legal rules, one function each, named as in domain.md ("Rules the software checks").

A rule looks at the case as it stands, the payload of the step being recorded, the
acting user, the statute catalogue and today's date, and either lets the step pass
(``None``) or refuses it with a :class:`~ujikon.errors.RuleViolation` that names the
rule, its article and the field that is wrong, in Bahasa Indonesia and English.

:data:`RULES` is the registry the case machine resolves its conditions from;
``TRANSITIONS`` in :mod:`ujikon.domain.workflow` names them.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from ujikon.dates import format_date_en as _date_en
from ujikon.dates import format_date_id as _date_id
from ujikon.domain import payloads as p
from ujikon.domain.access import may_record_on_case
from ujikon.domain.calendar import PeriodKey, WorkingCalendar, statutory_deadline
from ujikon.domain.case import Case
from ujikon.domain.decree import DECREE_RULES
from ujikon.domain.opened import OpenedInformation, find_same_information
from ujikon.domain.periods import NO_TERM_EXAMPLE, sets_no_term
from ujikon.domain.reasoning import is_placeholder
from ujikon.domain.roles import ADMIN_ARTICLE, ADMIN_MANAGES_USERS, ADMIN_MANAGES_WORKSPACE, Actor
from ujikon.domain.states import CaseState
from ujikon.domain.workflow import STATE_BEFORE_STEP, allowed_roles
from ujikon.errors import RuleViolation
from ujikon.law import Catalogue, Ground

__all__ = ["RULES", "Rule", "RuleContext", "violation"]


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule may look at. Rules do no I/O and read no clock."""

    trigger: str
    payload: BaseModel
    actor: Actor
    catalogue: Catalogue
    today: date
    case: Case | None = None
    calendar: WorkingCalendar | None = None
    """The body's working days, for the rules that count a statutory period."""
    opened: tuple[OpenedInformation, ...] = ()
    """Information other cases' rulings opened (Pasal 11(2)), for ``not-exemptible``."""

    def require_calendar(self) -> WorkingCalendar:
        if self.calendar is None:  # pragma: no cover - the service always passes one
            raise AssertionError(f"rule for {self.trigger} needs the working calendar")
        return self.calendar

    def require_case(self) -> Case:
        if self.case is None:  # pragma: no cover - the machine only runs on a case
            raise AssertionError(f"rule for {self.trigger} needs a case")
        return self.case


Check = Callable[[RuleContext], RuleViolation | None]


@dataclass(frozen=True)
class Rule:
    id: str
    article: str
    summary_id: str
    summary_en: str
    check: Check


RULES: dict[str, Rule] = {}
"""Every rule by id."""


def rule(rule_id: str, article: str, summary_id: str, summary_en: str) -> Callable[[Check], Check]:
    """Register ``check`` as the rule ``rule_id``."""

    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} declared twice")
        RULES[rule_id] = Rule(rule_id, article, summary_id, summary_en, check)
        return check

    return register


def violation(
    rule_id: str, message_id: str, message_en: str, field: str | None = None
) -> RuleViolation:
    """A refusal by ``rule_id``, with the article taken from the registry."""
    return RuleViolation(rule_id, RULES[rule_id].article, message_id, message_en, field)


def _payload(ctx: RuleContext, kind: type[BaseModel]) -> BaseModel:
    if not isinstance(ctx.payload, kind):  # pragma: no cover - the machine pairs them
        raise TypeError(f"{ctx.trigger} expects {kind.__name__}")
    return ctx.payload


def _cited_grounds(ctx: RuleContext) -> list[Ground]:
    case = ctx.require_case()
    if case.grounds is None:
        return []
    found = (ctx.catalogue.ground(g) for g in case.grounds.ground_ids())
    return [g for g in found if g is not None]


# --- who acts ------------------------------------------------------------------------


@rule(
    "role-may-act",
    "Perki 1/2021 (pembagian tugas PPID); UU 14/2008 Pasal 13",
    "Hanya peran yang berwenang yang dapat melakukan langkah ini.",
    "Only a role with that duty may take this step.",
)
def role_may_act(ctx: RuleContext) -> RuleViolation | None:
    """Each trigger may be fired only by the roles listed in ``PERMISSIONS``."""
    allowed = allowed_roles(ctx.trigger, ctx.case.state if ctx.case is not None else None)
    if ctx.actor.role in allowed:
        return None
    names = ", ".join(sorted(r.value for r in allowed)) or "-"
    return violation(
        "role-may-act",
        f"Peran '{ctx.actor.role.value}' ({ctx.actor.username}) tidak dapat melakukan "
        f"'{ctx.trigger}'; peran yang berwenang: {names}.",
        f"Role '{ctx.actor.role.value}' ({ctx.actor.username}) may not '{ctx.trigger}'; "
        f"allowed: {names}.",
    )


@rule(
    "own-unit",
    "Perki 1/2021 (PPID Pelaksana pada unit kerjanya); UU 14/2008 Pasal 13",
    "PPID Pelaksana hanya mencatat pengujian untuk informasi di unit kerjanya.",
    "An officer records tests only for their own unit's information.",
)
def own_unit(ctx: RuleContext) -> RuleViolation | None:
    """A PPID Pelaksana (officer) works on the information of their own unit; the PPID
    Utama and the Atasan PPID act for the whole body."""
    case = ctx.require_case()
    if may_record_on_case(ctx.actor, case.unit):
        return None
    return violation(
        "own-unit",
        f"Kasus {case.ref} milik unit '{case.unit or '-'}'; {ctx.actor.username} bertugas di "
        f"unit '{ctx.actor.unit or '-'}'.",
        f"Case {case.ref} belongs to unit '{case.unit or '-'}'; {ctx.actor.username} works "
        f"for unit '{ctx.actor.unit or '-'}'.",
    )


@rule(
    "extension-once",
    "UU 14/2008 Pasal 22 ayat (7)-(8)",
    "Jawaban atas permohonan dapat diperpanjang satu kali, 7 hari kerja, dengan "
    "pemberitahuan tertulis.",
    "The answer to a request may be extended once, by 7 working days, with written notice.",
)
def extension_once(ctx: RuleContext) -> RuleViolation | None:
    """Only a test run on a request has an answer deadline to extend (Pasal 22(7)); it is
    extended once (Pasal 22(8)), by a notice dated on or after the request's receipt."""
    case = ctx.require_case()
    payload = _payload(ctx, p.ExtendAnswer)
    assert isinstance(payload, p.ExtendAnswer)
    if case.trigger.kind is not p.TriggerKind.REQUEST:
        return violation(
            "extension-once",
            f"Kasus {case.ref} tidak diuji atas permohonan; tidak ada tenggat jawaban.",
            f"Case {case.ref} was not opened on a request; there is no answer to extend.",
        )
    if case.answer_extension is not None:
        return violation(
            "extension-once",
            f"Jawaban kasus {case.ref} sudah diperpanjang (pemberitahuan "
            f"{case.answer_extension.notice_reference}); Pasal 22(8) mengizinkan satu kali.",
            f"The answer of case {case.ref} was already extended (notice "
            f"{case.answer_extension.notice_reference}); Pasal 22(8) allows it once.",
        )
    received = case.trigger.dated
    if received is not None and payload.notice_date < received:
        return violation(
            "extension-once",
            "Tanggal pemberitahuan mendahului diterimanya permohonan.",
            "The notice is dated before the request was received.",
            "notice_date",
        )
    return None


# --- objections (keberatan) ------------------------------------------------------------


@rule(
    "objection-against-withholding",
    "UU 14/2008 Pasal 35 ayat (1) huruf a",
    "Keberatan diajukan terhadap keputusan yang mengecualikan informasi berdasarkan Pasal 17.",
    "An objection is filed against a decision that withholds information under Pasal 17.",
)
def objection_against_withholding(ctx: RuleContext) -> RuleViolation | None:
    """The decision objected to must withhold something: an objection under Pasal
    35(1)(a) is against a refusal on the grounds of Pasal 17."""
    case = ctx.require_case()
    if case.conclusion is not None and case.conclusion.outcome.withholds:
        return None
    return violation(
        "objection-against-withholding",
        f"Keputusan kasus {case.ref} membuka informasi; tidak ada penolakan yang dapat "
        "diajukan keberatan berdasarkan Pasal 35 ayat (1) huruf a.",
        f"The decision of case {case.ref} opens the information; there is no refusal to "
        "object to under Pasal 35(1)(a).",
    )


@rule(
    "objection-in-time",
    "UU 14/2008 Pasal 35, Pasal 36 ayat (1)",
    "Keberatan diajukan paling lambat 30 hari kerja setelah jawaban yang ditolak diterima.",
    "An objection is filed within 30 working days after the answer objected to.",
)
def objection_in_time(ctx: RuleContext) -> RuleViolation | None:
    """Filed on or after the answer, not in the future, not registered twice, and no
    later than the 30th working day after the answer (counted from the day after it)."""
    case = ctx.require_case()
    filing = _payload(ctx, p.FileObjection)
    assert isinstance(filing, p.FileObjection)
    if case.objection(filing.reference) is not None:
        return violation(
            "objection-in-time",
            f"Keberatan nomor {filing.reference} sudah tercatat pada kasus {case.ref}.",
            f"Objection {filing.reference} is already recorded on case {case.ref}.",
            "reference",
        )
    received = case.trigger.dated if case.trigger.kind is p.TriggerKind.REQUEST else None
    if received is not None and filing.answer_date < received:
        return violation(
            "objection-in-time",
            f"Tanggal jawaban {_date_id(filing.answer_date)} mendahului diterimanya "
            f"permohonan ({_date_id(received)}).",
            f"The answer date {_date_en(filing.answer_date)} is before the request was "
            f"received ({_date_en(received)}).",
            "answer_date",
        )
    for field, day in (("answer_date", filing.answer_date), ("filed_on", filing.filed_on)):
        if day > ctx.today:
            return violation(
                "objection-in-time",
                f"Tanggal {_date_id(day)} ada di masa depan.",
                f"The date {_date_en(day)} is in the future.",
                field,
            )
    if filing.filed_on < filing.answer_date:
        return violation(
            "objection-in-time",
            f"Keberatan diterima {_date_id(filing.filed_on)}, sebelum jawaban yang "
            f"diajukan keberatan ({_date_id(filing.answer_date)}).",
            f"The objection was received on {_date_en(filing.filed_on)}, before the answer "
            f"it objects to ({_date_en(filing.answer_date)}).",
            "filed_on",
        )
    calendar = ctx.require_calendar()
    due = statutory_deadline(calendar, PeriodKey.OBJECTION_FILING, filing.answer_date).due
    if filing.filed_on <= due:
        return None
    nth = calendar.working_days_between(filing.answer_date, filing.filed_on)
    return violation(
        "objection-in-time",
        f"Keberatan diterima {_date_id(filing.filed_on)}, hari kerja ke-{nth} setelah jawaban "
        f"tanggal {_date_id(filing.answer_date)}; batasnya hari kerja ke-30, "
        f"{_date_id(due)}. Keberatan tidak dapat dicatat.",
        f"The objection was received on {_date_en(filing.filed_on)}, working day {nth} after "
        f"the answer of {_date_en(filing.answer_date)}; the limit was working day 30, "
        f"{_date_en(due)}. It cannot be recorded.",
        "filed_on",
    )


@rule(
    "objection-answered",
    "UU 14/2008 Pasal 36 ayat (2)",
    "Atasan PPID menanggapi keberatan yang tercatat secara tertulis, sekali.",
    "The Atasan PPID answers a recorded objection in writing, once.",
)
def objection_answered(ctx: RuleContext) -> RuleViolation | None:
    """The answer names an objection recorded on this case and not answered yet, and is
    dated between its receipt and today. A late answer is recorded, and shown as late."""
    case = ctx.require_case()
    answer = _payload(ctx, p.AnswerObjection)
    assert isinstance(answer, p.AnswerObjection)
    record = case.objection(answer.objection_reference)
    if record is None:
        pending = ", ".join(o.reference for o in case.pending_objections) or "-"
        return violation(
            "objection-answered",
            f"Tidak ada keberatan nomor {answer.objection_reference} pada kasus {case.ref}; "
            f"yang menunggu tanggapan: {pending}.",
            f"No objection {answer.objection_reference} on case {case.ref}; awaiting an "
            f"answer: {pending}.",
            "objection_reference",
        )
    if not record.pending:
        assert record.answer is not None
        return violation(
            "objection-answered",
            f"Keberatan {record.reference} sudah ditanggapi ({record.answer.reference}, "
            f"{_date_id(record.answer.answered_on)}).",
            f"Objection {record.reference} was already answered ({record.answer.reference}, "
            f"{_date_en(record.answer.answered_on)}).",
            "objection_reference",
        )
    if answer.answered_on < record.filing.filed_on:
        return violation(
            "objection-answered",
            f"Tanggapan bertanggal {_date_id(answer.answered_on)}, sebelum keberatan diterima "
            f"({_date_id(record.filing.filed_on)}).",
            f"The answer is dated {_date_en(answer.answered_on)}, before the objection was "
            f"received ({_date_en(record.filing.filed_on)}).",
            "answered_on",
        )
    if answer.answered_on > ctx.today:
        return violation(
            "objection-answered",
            f"Tanggal {_date_id(answer.answered_on)} ada di masa depan.",
            f"The date {_date_en(answer.answered_on)} is in the future.",
            "answered_on",
        )
    return None


# --- step 1: why ---------------------------------------------------------------------


@rule(
    "trigger-recorded",
    "Perki 1/2021 (uji konsekuensi, langkah 1)",
    "Alasan pengujian dicatat: permohonan (nomor, tanggal) atau perintah Majelis Komisioner.",
    "Why the test runs is recorded: a request (number, date) or a KI panel order.",
)
def trigger_recorded(ctx: RuleContext) -> RuleViolation | None:
    """A test on a request names the request's number and date; one ordered by a
    Majelis Komisioner names the dispute's case number and the order's date."""
    payload = ctx.payload
    trigger = payload.trigger if isinstance(payload, p.OpenCase | p.Retest) else None
    if trigger is None:  # pragma: no cover - only open and retest carry a trigger
        return None
    what = {
        p.TriggerKind.REQUEST: ("nomor permohonan", "the request's number"),
        p.TriggerKind.KI_ORDER: ("nomor perkara sengketa", "the dispute's case number"),
    }.get(trigger.kind)
    on_id, on_en = {
        p.TriggerKind.REQUEST: ("permohonan informasi", "an information request"),
        p.TriggerKind.KI_ORDER: ("perintah Majelis Komisioner", "an order of the Commission"),
    }.get(trigger.kind, (trigger.kind.value, trigger.kind.value))
    if what is None:
        return None
    if not trigger.reference:
        return violation(
            "trigger-recorded",
            f"Pengujian atas {on_id} wajib mencantumkan {what[0]}.",
            f"A test on {on_en} must give {what[1]}.",
            "trigger.reference",
        )
    if trigger.dated is None:
        return violation(
            "trigger-recorded",
            f"Pengujian atas {on_id} wajib mencantumkan tanggalnya.",
            f"A test on {on_en} must give its date.",
            "trigger.dated",
        )
    if trigger.dated > ctx.today:
        return violation(
            "trigger-recorded",
            f"Tanggal {trigger.dated.isoformat()} ada di masa depan.",
            f"The date {trigger.dated.isoformat()} is in the future.",
            "trigger.dated",
        )
    return None


# --- step 2: identify ----------------------------------------------------------------


@rule(
    "information-identified-exactly",
    "Perki 1/2021 (uji konsekuensi, langkah 2)",
    "Dokumen dan bagian informasi yang diuji disebut dengan tepat.",
    "The document and the exact information under test are named.",
)
def information_identified_exactly(ctx: RuleContext) -> RuleViolation | None:
    """Name the document and, when only a part is under test, which parts."""
    ident = _payload(ctx, p.Identify)
    assert isinstance(ident, p.Identify)
    category = ident.document.category
    if category != "other" and ctx.catalogue.category(category) is None:
        known = ", ".join(
            c.id for c in (*ctx.catalogue.never_exemptible, *ctx.catalogue.always_available)
        )
        return violation(
            "information-identified-exactly",
            f"Kategori dokumen '{category}' tidak dikenal; pilih 'other' atau salah satu: {known}.",
            f"Unknown document category '{category}'; use 'other' or one of: {known}.",
            "document.category",
        )
    if ident.scope is p.Scope.PART and not ident.parts:
        return violation(
            "information-identified-exactly",
            "Cakupan 'sebagian' dipilih tetapi bagian dokumen yang memuat informasi tidak disebut.",
            "Scope 'part' was chosen but the parts of the document that hold it are not named.",
            "parts",
        )
    if ident.document.dated > ctx.today:
        return violation(
            "information-identified-exactly",
            f"Tanggal dokumen {ident.document.dated.isoformat()} ada di masa depan.",
            f"The document date {ident.document.dated.isoformat()} is in the future.",
            "document.dated",
        )
    return None


@rule(
    "whole-document-justified",
    "UU 14/2008 Pasal 11 ayat (1)",
    "Mengecualikan seluruh dokumen yang wajib tersedia setiap saat perlu alasan tertulis.",
    "Withholding a whole document that must be available at all times needs a written reason.",
)
def whole_document_justified(ctx: RuleContext) -> RuleViolation | None:
    """A document of a Pasal 11(1) kind may hold exempt parts; testing the whole of it
    needs an explicit justification (and is flagged to the reviewer)."""
    ident = _payload(ctx, p.Identify)
    assert isinstance(ident, p.Identify)
    category = ctx.catalogue.category(ident.document.category)
    if (
        ident.scope is p.Scope.WHOLE
        and ctx.catalogue.is_always_available(ident.document.category)
        and not ident.whole_justification
    ):
        label = category.label_id if category else ident.document.category
        return violation(
            "whole-document-justified",
            f"Dokumen ini termasuk informasi yang wajib tersedia setiap saat ({label}); "
            "jelaskan mengapa seluruh dokumen, bukan sebagian, yang diuji.",
            "This document is information that must be available at all times; explain why "
            "the whole document and not a part is under test.",
            "whole_justification",
        )
    return None


# --- step 3: grounds -----------------------------------------------------------------


@rule(
    "ground-must-exist",
    "UU 14/2008 Pasal 17",
    "Dasar pengecualian harus salah satu huruf/angka Pasal 17.",
    "The ground must be a letter/item of Pasal 17.",
)
def ground_must_exist(ctx: RuleContext) -> RuleViolation | None:
    """Only the grounds of Pasal 17 (as catalogued) can be cited."""
    cite = _payload(ctx, p.CiteGrounds)
    assert isinstance(cite, p.CiteGrounds)
    known = [g.id for g in ctx.catalogue.grounds] + [x.id for x in ctx.catalogue.letters]
    seen: set[str] = set()
    for i, citation in enumerate(cite.citations):
        gid = citation.ground
        if gid not in known:
            close = difflib.get_close_matches(gid, known, n=3)
            hint_id = f" Mungkin maksud Anda: {', '.join(close)}." if close else ""
            hint_en = f" Did you mean: {', '.join(close)}?" if close else ""
            return violation(
                "ground-must-exist",
                f"'{gid}' bukan dasar pengecualian dalam Pasal 17 UU 14/2008.{hint_id} "
                "Lihat `ujikon law grounds`.",
                f"'{gid}' is not an exception ground of Pasal 17 UU 14/2008.{hint_en} "
                "See `ujikon law grounds`.",
                f"citations[{i}].ground",
            )
        if gid in seen:
            return violation(
                "ground-must-exist",
                f"Dasar '{gid}' dikutip dua kali; gabungkan analisisnya.",
                f"Ground '{gid}' is cited twice; merge the analyses.",
                f"citations[{i}].ground",
            )
        seen.add(gid)
    return None


@rule(
    "ground-needs-item",
    "UU 14/2008 Pasal 17 huruf a, c, e, f, h",
    "Huruf yang memiliki angka harus dikutip beserta angkanya (mis. 17h2, bukan 17h).",
    "A letter with numbered items must be cited with its item (e.g. 17h2, not 17h).",
)
def ground_needs_item(ctx: RuleContext) -> RuleViolation | None:
    """Pasal 17 a, c, e, f and h are split into numbered items; a citation names one."""
    cite = _payload(ctx, p.CiteGrounds)
    assert isinstance(cite, p.CiteGrounds)
    for i, citation in enumerate(cite.citations):
        letter = ctx.catalogue.letter(citation.ground)
        if letter is not None and letter.items:
            items = ", ".join(letter.items)
            return violation(
                "ground-needs-item",
                f"'{citation.ground}' ({letter.label_id}) harus menyebut angkanya: {items}.",
                f"'{citation.ground}' ({letter.label_en}) must name its item: {items}.",
                f"citations[{i}].ground",
            )
    return None


@rule(
    "17j-needs-statute",
    "UU 14/2008 Pasal 17 huruf j",
    "Pasal 17j harus menyebut Undang-Undang (nomor, tahun, pasal) yang melarang pembukaan.",
    "17j must name the Undang-Undang (number, year, article) that forbids disclosure.",
)
def statute_named_for_17j(ctx: RuleContext) -> RuleViolation | None:
    """17j applies only where another Undang-Undang forbids disclosure; a PP, Perpres,
    Permen or Perda is not enough. The citation names number, year and article."""
    cite = _payload(ctx, p.CiteGrounds)
    assert isinstance(cite, p.CiteGrounds)
    for i, citation in enumerate(cite.citations):
        ground = ctx.catalogue.ground(citation.ground)
        if ground is None or not ground.needs_statute:
            continue
        where = f"citations[{i}].statute"
        statute = citation.statute
        if statute is None:
            return violation(
                "17j-needs-statute",
                "Pasal 17j dikutip tanpa menyebut Undang-Undang yang melarang informasi dibuka.",
                "17j is cited without naming the Undang-Undang that forbids disclosure.",
                where,
            )
        if not statute.kind.is_statute:
            return violation(
                "17j-needs-statute",
                f"{statute.kind.value} berada di bawah Undang-Undang; Pasal 17j hanya berlaku bila "
                "sebuah Undang-Undang (atau Perppu) melarangnya.",
                f"A {statute.kind.value} ranks below a statute; 17j applies only where an "
                "Undang-Undang (or Perppu) forbids disclosure.",
                f"{where}.kind",
            )
        for name, label_id, label_en in (
            ("number", "nomor", "number"),
            ("year", "tahun", "year"),
            ("article", "pasal", "article"),
        ):
            if not getattr(statute, name):
                return violation(
                    "17j-needs-statute",
                    f"Undang-Undang untuk Pasal 17j belum menyebut {label_id}-nya.",
                    f"The Undang-Undang cited for 17j lacks its {label_en}.",
                    f"{where}.{name}",
                )
    return None


@rule(
    "consent-lifts-17g-17h",
    "UU 14/2008 Pasal 18 ayat (2)",
    "17g/17h tidak berlaku bila ada persetujuan tertulis atau menyangkut jabatan publik.",
    "17g/17h do not apply with written consent or where a public office is concerned.",
)
def consent_lifts_17g_17h(ctx: RuleContext) -> RuleViolation | None:
    """Pasal 18(2): the personal grounds do not apply when the person concerned consented
    in writing, or when the disclosure concerns their position in a public office."""
    cite = _payload(ctx, p.CiteGrounds)
    assert isinstance(cite, p.CiteGrounds)
    if not (cite.subject_consent or cite.concerns_public_office):
        return None
    for i, citation in enumerate(cite.citations):
        ground = ctx.catalogue.ground(citation.ground)
        if ground is not None and ground.consent_lifts:
            if cite.subject_consent:
                why_id, why_en = (
                    "pihak yang bersangkutan telah memberi persetujuan tertulis",
                    ("the person concerned consented in writing"),
                )
            else:
                why_id, why_en = (
                    "informasi menyangkut jabatan publik seseorang",
                    ("the information concerns a person's public office"),
                )
            return violation(
                "consent-lifts-17g-17h",
                f"Dasar {ground.id} tidak dapat digunakan karena {why_id}.",
                f"Ground {ground.id} cannot be used because {why_en}.",
                f"citations[{i}].ground",
            )
    return None


# --- step 4: harm --------------------------------------------------------------------


@rule(
    "harm-per-ground",
    "UU 14/2008 Pasal 2 ayat (4), Pasal 19",
    "Setiap dasar yang dikutip disertai uraian konsekuensi (bahaya) bila dibuka.",
    "Every ground cited has its own statement of the harm disclosure would cause.",
)
def harm_per_ground(ctx: RuleContext) -> RuleViolation | None:
    """The consequence is tested per ground: one harm statement for each ground cited,
    and none for a ground that was not cited."""
    harm = _payload(ctx, p.AssessHarm)
    assert isinstance(harm, p.AssessHarm)
    case = ctx.require_case()
    cited = case.grounds.ground_ids() if case.grounds else []
    stated: set[str] = set()
    for i, statement in enumerate(harm.harms):
        if statement.ground not in cited:
            return violation(
                "harm-per-ground",
                f"Konsekuensi diuraikan untuk '{statement.ground}', yang tidak dikutip "
                f"(dikutip: {', '.join(cited)}).",
                f"A harm is stated for '{statement.ground}', which was not cited "
                f"(cited: {', '.join(cited)}).",
                f"harms[{i}].ground",
            )
        if is_placeholder(statement.harm):
            return violation(
                "harm-per-ground",
                f"Konsekuensi untuk '{statement.ground}' hanya berisi '{statement.harm.strip()}'"
                ", bukan uraian; tulis kerugian bila dibuka, mis. siapa yang dirugikan dan "
                "bagaimana.",
                f"The harm for '{statement.ground}' only holds '{statement.harm.strip()}', not "
                "a statement; say what harm opening causes, e.g. to whom and how.",
                f"harms[{i}].harm",
            )
        if statement.ground in stated:
            return violation(
                "harm-per-ground",
                f"Konsekuensi untuk '{statement.ground}' ditulis dua kali; gabungkan.",
                f"The harm for '{statement.ground}' is stated twice; merge them.",
                f"harms[{i}].ground",
            )
        stated.add(statement.ground)
    for ground in cited:
        if ground not in stated:
            return violation(
                "harm-per-ground",
                f"Dasar '{ground}' dikutip tetapi konsekuensinya bila dibuka tidak diuraikan.",
                f"Ground '{ground}' is cited but no harm from disclosure is stated for it.",
                "harms",
            )
    return None


# --- step 5/6: public interest and balance -------------------------------------------


@rule(
    "public-interest-weighed",
    "UU 14/2008 Pasal 2 ayat (4)",
    "Kepentingan publik atas keterbukaan diuraikan dan ditimbang terhadap konsekuensinya.",
    "The public interest in disclosure is stated and weighed against the harm.",
)
def public_interest_weighed(ctx: RuleContext) -> RuleViolation | None:
    """Closing must protect a greater interest than opening: name what the public would
    gain and give the reasoning that weighs it."""
    weigh = _payload(ctx, p.WeighPublicInterest)
    assert isinstance(weigh, p.WeighPublicInterest)
    found: list[RuleViolation] = []
    if not [i for i in weigh.interests if i]:
        found.append(
            violation(
                "public-interest-weighed",
                "Sebutkan sedikitnya satu kepentingan publik yang dilayani bila informasi "
                "dibuka (akuntabilitas, pencegahan korupsi, kesehatan dan keselamatan, "
                "partisipasi…).",
                "Name at least one public interest served by disclosure (accountability, "
                "corruption prevention, health and safety, participation…).",
                "interests",
            )
        )
    if not weigh.balance:
        found.append(
            violation(
                "public-interest-weighed",
                "Uraian pertimbangan (menimbang konsekuensi terhadap kepentingan publik) kosong.",
                "The balancing reasoning (harm weighed against the public interest) is empty.",
                "balance",
            )
        )
    return found[0].with_also(found[1:]) if found else None


@rule(
    "exempt-only-if-harm-outweighs",
    "UU 14/2008 Pasal 2 ayat (4)",
    "Informasi hanya dikecualikan bila kepentingan yang dilindungi lebih besar.",
    "Information is withheld only when the protected interest is greater.",
)
def exempt_only_if_harm_outweighs(ctx: RuleContext) -> RuleViolation | None:
    """If the balance found the public interest greater, the information is opened."""
    conclude = _payload(ctx, p.Conclude)
    assert isinstance(conclude, p.Conclude)
    case = ctx.require_case()
    if (
        conclude.outcome.withholds
        and case.weighing is not None
        and case.weighing.outweighs is p.Weight.PUBLIC_INTEREST
    ):
        return violation(
            "exempt-only-if-harm-outweighs",
            "Pertimbangan menyatakan kepentingan publik lebih besar, maka kesimpulannya "
            "harus 'terbuka'. Ubah pertimbangan (kembali ke langkah weigh_public_interest) "
            "bila memang keliru.",
            "The balance says the public interest is greater, so the conclusion must be "
            "'open'. Revise the weighing step if that is wrong.",
            "outcome",
        )
    return None


@rule(
    "partial-names-parts",
    "Perki 1/2021 (uji konsekuensi, langkah 6)",
    "Pengecualian sebagian menyebut bagian yang dihitamkan/dikaburkan.",
    "A partial exemption names the parts blacked out or blurred.",
)
def partial_names_parts(ctx: RuleContext) -> RuleViolation | None:
    """A partly-exempt conclusion says exactly what is blacked out; the rest is released."""
    conclude = _payload(ctx, p.Conclude)
    assert isinstance(conclude, p.Conclude)
    if conclude.outcome is p.Outcome.PARTLY_EXEMPT and not conclude.parts_withheld:
        return violation(
            "partial-names-parts",
            "Kesimpulan 'dikecualikan sebagian' harus menyebut bagian yang dihitamkan "
            "atau dikaburkan.",
            "A 'partly exempt' conclusion must name the parts to black out or blur.",
            "parts_withheld",
        )
    if conclude.outcome is not p.Outcome.PARTLY_EXEMPT and conclude.parts_withheld:
        return violation(
            "partial-names-parts",
            f"Bagian yang dihitamkan hanya diisi untuk kesimpulan 'dikecualikan sebagian', "
            f"bukan '{conclude.outcome.value}'.",
            f"Parts to withhold belong only to a 'partly exempt' conclusion, "
            f"not '{conclude.outcome.value}'.",
            "parts_withheld",
        )
    return None


@rule(
    "not-exemptible",
    "UU 14/2008 Pasal 18 ayat (1), Pasal 11 ayat (2)",
    "Informasi dalam Pasal 18(1), atau yang telah dibuka lewat keberatan/sengketa, "
    "tidak dapat dikecualikan.",
    "Information listed in Pasal 18(1), or opened through an objection or dispute, "
    "cannot be withheld.",
)
def not_exemptible(ctx: RuleContext) -> RuleViolation | None:
    """Court rulings, policies and the other kinds of Pasal 18(1), and information opened
    by an objection or a Komisi Informasi ruling (Pasal 11(2)), are never exempt."""
    case = ctx.require_case()
    conclude = _payload(ctx, p.Conclude)
    assert isinstance(conclude, p.Conclude)
    if not conclude.outcome.withholds or case.identification is None:
        return None
    ruling = find_same_information(case.identification, ctx.opened)
    if ruling is not None:
        return violation(
            "not-exemptible",
            f"Informasi ini telah dibuka oleh {ruling.authority.label_id} "
            f"({ruling.ruling_reference}, {_date_id(ruling.ruling_date)}) pada kasus "
            f"{ruling.case_ref}: dokumen dan informasi yang sama tidak dapat dikecualikan "
            "lagi (Pasal 11 ayat (2)); kesimpulannya harus 'terbuka'.",
            f"This information was opened by {ruling.authority.label_en} "
            f"({ruling.ruling_reference}, {_date_en(ruling.ruling_date)}) on case "
            f"{ruling.case_ref}: the same information in the same document cannot be "
            "withheld again (Pasal 11(2)); the conclusion must be 'open'.",
            "outcome",
        )
    category = ctx.catalogue.category(case.identification.document.category)
    if category is None or not ctx.catalogue.is_never_exemptible(category.id):
        return None
    return violation(
        "not-exemptible",
        f"Dokumen berkategori '{category.label_id}' ({category.article}) bukan informasi yang "
        "dapat dikecualikan, sebagian pun; kesimpulannya harus 'terbuka'. Data pribadi pihak "
        "lain yang termuat di dalamnya (mis. NIK, alamat rumah) diuji sebagai informasi "
        "tersendiri (kasus sendiri, kategori 'lainnya') dan dihitamkan saat dokumen diberikan.",
        f"A document of the kind '{category.label_en}' ({category.article}) cannot be "
        "withheld, not even in part; the conclusion must be 'open'. A third party's personal "
        "data in it (an NIK, a home address) is tested as information of its own (its own "
        "case, category 'other') and blacked out when the document is given.",
        "outcome",
    )


# --- step 7: period ------------------------------------------------------------------


@rule(
    "period-stated",
    "UU 14/2008 Pasal 20; Perki 1/2021 (uji konsekuensi, langkah 7)",
    "Pengecualian menyebut jangka waktunya; kesimpulan 'terbuka' tidak.",
    "An exemption states its period; an 'open' conclusion has none.",
)
def period_stated(ctx: RuleContext) -> RuleViolation | None:
    """Every exemption says how long it lasts: an end date, an end condition, or (only
    where the law allows) explicitly permanent."""
    conclude = _payload(ctx, p.Conclude)
    assert isinstance(conclude, p.Conclude)
    period = conclude.period
    if not conclude.outcome.withholds:
        if period is not None:
            return violation(
                "period-stated",
                "Kesimpulan 'terbuka' tidak memiliki jangka waktu pengecualian.",
                "An 'open' conclusion has no exemption period.",
                "period",
            )
        return None
    if period is None:
        return violation(
            "period-stated",
            "Sebutkan jangka waktu pengecualian: tanggal berakhir, kondisi berakhir, atau "
            "'permanent' bila undang-undang mengizinkan.",
            "State the exemption period: an end date, an end condition, or 'permanent' "
            "where the law allows it.",
            "period",
        )
    if period.kind is p.PeriodKind.UNTIL_DATE and period.end_date is None:
        return violation(
            "period-stated",
            "Jangka waktu 'sampai tanggal' tanpa tanggal berakhir.",
            "Period 'until a date' without its end date.",
            "period.end_date",
        )
    if period.kind is p.PeriodKind.UNTIL_CONDITION and not period.condition:
        return violation(
            "period-stated",
            "Jangka waktu 'sampai kondisi' tanpa uraian kondisinya.",
            "Period 'until a condition' without the condition.",
            "period.condition",
        )
    if period.kind is p.PeriodKind.UNTIL_CONDITION and sets_no_term(period.condition or ""):
        return violation(
            "period-stated",
            f"Kondisi '{period.condition[:80]}' tidak menetapkan kapan pengecualian berakhir, "
            f"hanya menjanjikan batas yang belum disebut; sebutkan peristiwa atau tanggalnya "
            f"({NO_TERM_EXAMPLE[0]}).",
            f"The condition '{period.condition[:80]}' does not say when the exemption ends, it "
            f"only promises a term not yet stated; name the event or the date "
            f"({NO_TERM_EXAMPLE[1]}).",
            "period.condition",
        )
    if period.end_date is not None and period.end_date <= ctx.today:
        return violation(
            "period-stated",
            f"Tanggal berakhir {period.end_date.isoformat()} tidak setelah hari ini.",
            f"The end date {period.end_date.isoformat()} is not after today.",
            "period.end_date",
        )
    if period.kind is p.PeriodKind.PERMANENT and (period.end_date or period.condition):
        return violation(
            "period-stated",
            "Pengecualian permanen tidak memiliki tanggal atau kondisi berakhir.",
            "A permanent exemption has no end date or end condition.",
            "period.kind",
        )
    return None


@rule(
    "period-not-permanent-17a-f",
    "UU 14/2008 Pasal 20 ayat (1)",
    "Pengecualian atas Pasal 17a–f tidak permanen.",
    "Exemptions on Pasal 17a–f are not permanent.",
)
def period_not_permanent_17a_f(ctx: RuleContext) -> RuleViolation | None:
    """Pasal 20(1): an exemption on 17a–17f ends; only 17g–17j may stand without end,
    and only when the user says so."""
    conclude = _payload(ctx, p.Conclude)
    assert isinstance(conclude, p.Conclude)
    period = conclude.period
    if period is None or period.kind is not p.PeriodKind.PERMANENT:
        return None
    bounded = [g.id for g in _cited_grounds(ctx) if not g.period.permanent_allowed]
    if bounded:
        return violation(
            "period-not-permanent-17a-f",
            f"Dasar {', '.join(bounded)} tidak boleh permanen; beri tanggal atau kondisi berakhir.",
            f"Grounds {', '.join(bounded)} cannot be permanent; give an end date or condition.",
            "period.kind",
        )
    return None


@rule(
    "period-within-ceiling",
    "PP 61/2010 (jangka waktu pengecualian)",
    "Tanggal berakhir tidak melampaui batas jangka waktu untuk dasar yang dikutip.",
    "The end date does not pass the longest period allowed for the grounds cited.",
)
def period_within_ceiling(ctx: RuleContext) -> RuleViolation | None:
    """Where the regulation caps a ground's period (catalogue data), the end date lies
    within that many years of today."""
    conclude = _payload(ctx, p.Conclude)
    assert isinstance(conclude, p.Conclude)
    period = conclude.period
    if not conclude.outcome.withholds or period is None:
        return None
    for ground in _cited_grounds(ctx):
        years = ground.period.ceiling_years
        if years is None:
            continue
        if period.end_date is None:
            return violation(
                "period-within-ceiling",
                f"Dasar {ground.id} paling lama {years} tahun ({ground.period.source}); "
                "sebutkan juga tanggal paling lambat berakhirnya pengecualian.",
                f"Ground {ground.id} lasts at most {years} years ({ground.period.source}); "
                "also give the latest date the exemption may run to.",
                "period.end_date",
            )
        try:
            limit = ctx.today.replace(year=ctx.today.year + years)
        except ValueError:  # 29 February
            limit = ctx.today.replace(year=ctx.today.year + years, day=28)
        if period.end_date > limit:
            return violation(
                "period-within-ceiling",
                f"Dasar {ground.id} paling lama {years} tahun ({ground.period.source}); "
                f"tanggal berakhir paling lambat {limit.isoformat()}.",
                f"Ground {ground.id} lasts at most {years} years ({ground.period.source}); "
                f"the end date may be {limit.isoformat()} at the latest.",
                "period.end_date",
            )
    return None


# --- order, review, decree -----------------------------------------------------------


@rule(
    "steps-in-order",
    "UU 14/2008 Pasal 19; Perki 1/2021",
    "Langkah uji konsekuensi dilakukan berurutan, tanpa dilewati.",
    "The steps of the test are taken in order; none is skipped.",
)
def steps_in_order(ctx: RuleContext) -> RuleViolation | None:
    """Every step is recorded before the case moves on; going back is only to a step
    already recorded."""
    case = ctx.require_case()
    if ctx.trigger == "submit":
        for step in p.Step:
            if case.step_payload(step) is None:
                return violation(
                    "steps-in-order",
                    f"Langkah '{step.value}' belum dicatat.",
                    f"Step '{step.value}' has not been recorded.",
                )
        return None
    if ctx.trigger == "revise":
        revise = _payload(ctx, p.Revise)
        assert isinstance(revise, p.Revise)
        order = list(CaseState)
        if order.index(STATE_BEFORE_STEP[revise.to_step]) >= order.index(case.state):
            return violation(
                "steps-in-order",
                f"Langkah '{revise.to_step.value}' belum dicatat; hanya langkah yang sudah "
                "dicatat yang dapat diperbaiki.",
                f"Step '{revise.to_step.value}' has not been recorded yet; only a recorded "
                "step can be revised.",
                "to_step",
            )
    return None


@rule(
    "four-eyes",
    "Praktik baik pemisahan tugas (design.md)",
    "Penyusun kasus tidak dapat menyetujui kasusnya sendiri.",
    "Whoever drafted a case cannot approve it.",
)
def four_eyes(ctx: RuleContext) -> RuleViolation | None:
    """Separation of duties: the approver recorded no step of this revision."""
    case = ctx.require_case()
    if ctx.actor.username in case.drafters:
        return violation(
            "four-eyes",
            f"{ctx.actor.username} ikut menyusun kasus {case.ref}, sehingga tidak dapat "
            "menyetujuinya; minta PPID Utama lain meninjau.",
            f"{ctx.actor.username} drafted case {case.ref} and so cannot approve it; ask "
            "another PPID to review it.",
        )
    return None


@rule(
    "decree-needs-approved",
    "Perki 1/2021 (penetapan hasil uji konsekuensi)",
    "Hanya kasus yang telah disetujui yang dapat dimasukkan ke SK.",
    "Only approved cases can be listed in a decree.",
)
def decree_needs_approved(ctx: RuleContext) -> RuleViolation | None:
    """A decree lists only cases the PPID Utama approved."""
    case = ctx.require_case()
    if case.state is not CaseState.APPROVED or case.approved_by is None:
        return violation(
            "decree-needs-approved",
            f"Kasus {case.ref} berstatus '{case.state.value}', belum disetujui.",
            f"Case {case.ref} is '{case.state.value}', not approved.",
        )
    return None


@rule(
    "reopen-by-new-test",
    "UU 14/2008 Pasal 20",
    "Kasus yang telah ditetapkan tidak diubah; pengujian ulang membuka revisi baru.",
    "A decreed case is not edited; a new test opens a new revision.",
)
def reopen_by_new_test(ctx: RuleContext) -> RuleViolation | None:
    """Only the latest revision of a decided case can be retested, and only once at a time."""
    case = ctx.require_case()
    if case.next_revision is not None:
        return violation(
            "reopen-by-new-test",
            f"Kasus ini sudah memiliki revisi yang lebih baru "
            f"({case.case_id}/{case.next_revision}); lanjutkan revisi itu.",
            f"This case already has a newer revision ({case.case_id}/{case.next_revision}); "
            "continue that one.",
        )
    return None


@rule(
    "period-has-ended",
    "UU 14/2008 Pasal 20",
    "Pengecualian berakhir hanya bila jangka waktunya telah habis.",
    "An exemption ends only when its period has run out.",
)
def period_has_ended(ctx: RuleContext) -> RuleViolation | None:
    """A dated exemption expires after its end date; one ended by a condition expires when
    the condition is shown to be met; a permanent one does not expire."""
    expire = _payload(ctx, p.Expire)
    assert isinstance(expire, p.Expire)
    case = ctx.require_case()
    period = case.conclusion.period if case.conclusion else None
    if period is None or period.kind is p.PeriodKind.PERMANENT:
        return violation(
            "period-has-ended",
            "Pengecualian ini permanen atau tanpa jangka waktu; tidak dapat berakhir sendiri. "
            "Lakukan pengujian ulang (retest).",
            "This exemption is permanent or has no period; it cannot expire. Retest it instead.",
        )
    if expire.as_of > ctx.today:
        return violation(
            "period-has-ended",
            f"Tanggal {expire.as_of.isoformat()} ada di masa depan.",
            f"The date {expire.as_of.isoformat()} is in the future.",
            "as_of",
        )
    if period.end_date is not None and expire.as_of > period.end_date:
        return None
    if period.kind is p.PeriodKind.UNTIL_CONDITION and expire.note:
        return None
    until = period.end_date.isoformat() if period.end_date else period.condition
    return violation(
        "period-has-ended",
        f"Jangka waktu belum berakhir (berlaku sampai {until}); untuk kondisi, uraikan "
        "buktinya pada 'note'.",
        f"The period has not ended (it runs until {until}); for a condition, state the "
        "evidence in 'note'.",
        "as_of",
    )


# --- rules decided outside the case machine ------------------------------------------


def _decided_in(rule_id: str, where: str, what: str) -> Check:
    """The registry entry of a rule whose decision lives in ``where``: the machine never
    runs it, so its check refuses to be called."""

    def check(ctx: RuleContext) -> RuleViolation | None:
        raise AssertionError(f"rule {rule_id} is decided in {where}, not by the case machine")

    check.__name__ = check.__qualname__ = rule_id.replace("-", "_")
    check.__doc__ = f"{what} Decided in :mod:`{where}`; the case machine never runs it."
    return check


for _id, _article, _where, _summary_id, _summary_en, _what in (
    (
        ADMIN_MANAGES_USERS,
        ADMIN_ARTICLE,
        "ujikon.domain.users",
        "Hanya admin yang menambah pengguna atau mengganti kata sandi orang lain.",
        "Only an admin adds users or sets another user's password.",
        "The first user of a workspace is an admin; later users are added by an admin, "
        "and only an admin or its owner sets a password.",
    ),
    (
        ADMIN_MANAGES_WORKSPACE,
        ADMIN_ARTICLE,
        "ujikon.domain.body, ujikon.domain.calendar, ujikon.service.decrees",
        "Hanya admin yang mengatur profil badan publik, hari liburnya dan kunci tanda tangan.",
        "Only an admin sets the body's profile, its days off and the signing keys.",
        "The body's profile (naming at least one decree signer), its own days off and its "
        "signing keys are set by an admin.",
    ),
    (
        "decree-lists-cases",
        DECREE_RULES["decree-lists-cases"],
        "ujikon.domain.decree",
        "SK mencantumkan sedikitnya satu kasus, masing-masing sekali.",
        "A decree lists at least one case, each once.",
        "A decree lists at least one case and no case twice.",
    ),
    (
        "decree-lists-exemptions",
        DECREE_RULES["decree-lists-exemptions"],
        "ujikon.domain.decree",
        "SK hanya menetapkan informasi yang dikecualikan.",
        "A decree sets only exempt information.",
        "A case concluded open is released, not listed in a decree.",
    ),
    (
        "decree-state",
        DECREE_RULES["decree-state"],
        "ujikon.domain.decree",
        "Langkah atas SK hanya dari status yang sesuai (konsep, terbit).",
        "A decree is issued, discarded or revoked only from the state that allows it.",
        "A draft is issued (or, awaiting a signer, signed) or discarded; a decree awaiting "
        "a signature is signed further or withdrawn; an issued decree is revoked; nothing "
        "else.",
    ),
    (
        "signer-own-account",
        DECREE_RULES["signer-own-account"],
        "ujikon.domain.decree, ujikon.service.decrees",
        "Setiap penanda tangan SK menandatangani dari akunnya sendiri dengan PIN-nya sendiri.",
        "Each signer of a decree signs from their own account with their own PIN.",
        "A signature of the profile is placed from an account holding the signer's role (the "
        "named account, when the profile names one); no account enters another signer's PIN.",
    ),
):
    rule(_id, _article, _summary_id, _summary_en)(_decided_in(_id, _where, _what))
