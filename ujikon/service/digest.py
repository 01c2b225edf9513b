"""The daily digest: one plain-text mail per user of the deadlines that are near or past.

What each user gets (:func:`build_digests`), as of a day (``--as-of``, default today in
WIB, the service's time zone):

* an **officer** (PPID Pelaksana): the requests of their unit whose answer is near or
  past (:func:`ujikon.service.deadlines.request_deadlines`, UU 14/2008 Pasal 22(7)), and their
  unit's exemptions whose last day falls within the next :data:`ENDING_WITHIN_DAYS` days
  (Pasal 20). "Their unit" is rule ``own-unit``
  (:func:`ujikon.domain.access.may_read_case`), the rule the case list applies;
* the **PPID Utama** (``ppid``) and the **head** (Atasan PPID): the same for every unit,
  the cases waiting in review (``in_review``), the exemptions whose period has ended
  but that are still decreed (``ujikon lifecycle run`` has not run since), and the
  objections whose answer by the Atasan PPID (Pasal 36(2), 30 working days) is near or past;
* **auditors and admins**: none (nothing in the digest is theirs to act on), nor does a
  deactivated user. A user with nothing to report gets no mail.

The text is Bahasa Indonesia first, then English, with dates as Indonesian documents
write them (``25 November 2026``); the subject says how many items are past and near:
``[ujikon] Tenggat 25 November 2026: 2 lewat, 3 dekat / 2 past, 3 near``. "Past" counts
the late answers and the ended periods, "near" the answers due within three working
days and the periods ending within 30 days.

The user record has no e-mail address: :class:`Recipients` takes them from a YAML file
(``username: address``; ``"Siti Aminah <siti@sukamajukab.go.id>"`` works too) and/or a
domain (``username@domain``); the file wins where both name a user. A user with a digest
but no address is reported as skipped, never guessed.

:func:`send_digests` sends one message per user through the body's mail relay with
:mod:`smtplib` (:class:`SmtpSettings`: host, port, STARTTLS, log-in), reusing one
connection. A refused recipient fails that user only; a relay that cannot be reached or
refuses the log-in fails every user still to send. Sending twice sends twice: a digest is
a reminder, not a record, and nothing is written to the workspace.

Running it every day
--------------------

Run it on working days in the early morning WIB, after ``ujikon lifecycle run`` (which
runs just after midnight, see :mod:`ujikon.service.lifecycle`): the ended periods it expires then
no longer show. It reads the workspace and acts as nobody (no ``--as``); it exits 0 when
every digest was sent or skipped for want of an address, 1 when one failed (named in the
output), and the usual codes of ``ujikon`` otherwise (2: a setting is wrong, 7: the store
is down).

Keep the settings in a file only the workspace's account can read (the password is taken
from ``UJIKON_SMTP_PASSWORD`` only, never from an option, so that it shows in no process
list), ``/etc/ujikon/digest.env``, mode 0600::

    UJIKON_WORKSPACE=/srv/ujikon
    UJIKON_SMTP_HOST=mail.sukamajukab.go.id
    UJIKON_SMTP_PORT=587
    UJIKON_SMTP_STARTTLS=1
    UJIKON_SMTP_USER=ujikon
    UJIKON_SMTP_PASSWORD=...
    UJIKON_SMTP_FROM="PPID Kabupaten Sukamaju <ppid@sukamajukab.go.id>"
    UJIKON_DIGEST_RECIPIENTS=/etc/ujikon/recipients.yaml
    UJIKON_DIGEST_DOMAIN=sukamajukab.go.id

and in the crontab of that account (``crontab -e``; this server keeps UTC, so 23:30 from
Sunday to Thursday is 06:30 WIB from Monday to Friday; on a server set to WIB write
``30 6 * * 1-5``; cron mails the report to ``MAILTO``)::

    MAILTO=ppid@sukamajukab.go.id
    30 23 * * 0-4 set -a; . /etc/ujikon/digest.env; set +a; /opt/ujikon/bin/ujikon digest send

``ujikon digest send --dry-run`` prints every message it would send (no relay needed);
``ujikon digest show --user siti`` prints one user's digest.
"""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, getaddresses, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ujikon.dates import format_date_en, format_date_id
from ujikon.domain.access import may_read_case
from ujikon.domain.roles import Role
from ujikon.domain.states import CaseState
from ujikon.errors import InputError
from ujikon.service.calendar import CalendarDesk
from ujikon.service.deadlines import (
    PendingObjection,
    RequestDeadline,
    objection_deadlines,
    request_deadlines,
)
from ujikon.service.lifecycle import PeriodItem, scan_periods

if TYPE_CHECKING:
    from ujikon.domain.users import User
    from ujikon.service.cases import Service

__all__ = [
    "DIGEST_ROLES",
    "ENDING_WITHIN_DAYS",
    "Delivery",
    "Digest",
    "DigestRun",
    "Outgoing",
    "Recipients",
    "RequestItem",
    "ReviewItem",
    "SendReport",
    "SmtpSettings",
    "build_digests",
    "compose",
    "outbox",
    "parse_address",
    "send_digests",
]

logger = logging.getLogger(__name__)

ENDING_WITHIN_DAYS = 30
"""An exemption whose last day is at most this many days after the digest's day is listed."""

DIGEST_ROLES = frozenset({Role.OFFICER, Role.PPID, Role.HEAD})
"""The roles that get a digest; an officer's covers their own unit only."""

_BODY_WIDE = frozenset({Role.PPID, Role.HEAD})

# --------------------------------------------------------------------------- the items


def _due_json(d: RequestDeadline | PendingObjection) -> dict[str, Any]:
    return {
        "due": d.due.isoformat(),
        "due_id": format_date_id(d.due),
        "working_days_left": d.working_days_left,
        "status": d.status,
    }


@dataclass(frozen=True)
class RequestItem:
    """A case answering a request whose answer is near or past."""

    case_id: str
    title: str
    unit: str
    reference: str
    """The request's number, as recorded when the case was opened (may be empty)."""
    deadline: RequestDeadline

    @property
    def late(self) -> bool:
        return self.deadline.status == "late"

    def as_json(self) -> dict[str, Any]:
        d = self.deadline
        return {
            "case": self.case_id,
            "title": self.title,
            "unit": self.unit,
            "reference": self.reference or None,
            "received": d.received.isoformat(),
            **_due_json(d),
        }


@dataclass(frozen=True)
class ObjectionItem:
    """A case with an objection whose answer by the Atasan PPID is near or past."""

    case_id: str
    title: str
    unit: str
    reference: str
    """The earliest objection awaiting an answer (its register number)."""
    deadline: PendingObjection

    @property
    def late(self) -> bool:
        return self.deadline.status == "late"

    def as_json(self) -> dict[str, Any]:
        d = self.deadline
        return {
            "case": self.case_id,
            "title": self.title,
            "unit": self.unit,
            "objection": self.reference,
            "pending": d.count,
            "filed_on": d.filed_on.isoformat(),
            **_due_json(d),
        }


@dataclass(frozen=True)
class ReviewItem:
    """A case waiting in review for the PPID Utama."""

    case_id: str
    revision: int
    title: str
    unit: str
    opened_by: str
    since: date | None
    """The day it was last changed (submitted, for a case in review), in WIB."""

    @property
    def ref(self) -> str:
        return f"{self.case_id}/{self.revision}"

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.ref,
            "title": self.title,
            "unit": self.unit,
            "opened_by": self.opened_by,
            "since": self.since.isoformat() if self.since else None,
        }


# --------------------------------------------------------------------------- one digest


@dataclass(frozen=True)
class Digest:
    """What one user is told on one day."""

    user: User
    as_of: date
    requests: tuple[RequestItem, ...] = ()
    """Answers near or past, by due date (the late ones therefore first)."""
    ending: tuple[PeriodItem, ...] = ()
    """Exemptions in force whose last day is 0 to :data:`ENDING_WITHIN_DAYS` days away."""
    ended: tuple[PeriodItem, ...] = ()
    """Exemptions whose last day has passed, still decreed (PPID Utama and head only)."""
    in_review: tuple[ReviewItem, ...] = ()
    """Cases waiting in review (PPID Utama and head only)."""
    objections: tuple[ObjectionItem, ...] = ()
    """Objections whose answer (Pasal 36(2)) is near or past (PPID Utama and head only)."""

    @property
    def body_wide(self) -> bool:
        """Whether it covers every unit (PPID Utama, head) or the user's own."""
        return self.user.role in _BODY_WIDE

    @property
    def late(self) -> int:
        """Items past: late answers and ended periods."""
        return (
            sum(1 for r in self.requests if r.late)
            + len(self.ended)
            + sum(1 for o in self.objections if o.late)
        )

    @property
    def near(self) -> int:
        """Items near: answers due soon and periods ending soon."""
        return (
            sum(1 for r in self.requests if not r.late)
            + len(self.ending)
            + sum(1 for o in self.objections if not o.late)
        )

    @property
    def empty(self) -> bool:
        return not (self.requests or self.ending or self.ended or self.in_review or self.objections)

    @property
    def subject(self) -> str:
        """``[ujikon] Tenggat 25 November 2026: 2 lewat, 3 dekat / 2 past, 3 near``."""
        late, near, review = self.late, self.near, len(self.in_review)
        in_id = f"{late} lewat, {near} dekat"
        in_en = f"{late} past, {near} near"
        if review:
            in_id += f", {review} menunggu tinjauan"
            in_en += f", {review} awaiting review"
        return f"[ujikon] Tenggat {format_date_id(self.as_of)}: {in_id} / {in_en}"

    def text(self) -> str:
        """The plain-text body: Bahasa Indonesia, a separator, English."""
        indonesian, english = (_text(self, w) for w in _WORDS)
        return "\n".join([*indonesian, "", "-" * 72, "", *english]) + "\n"

    def as_json(self) -> dict[str, Any]:
        day = self.as_of
        return {
            "user": self.user.username,
            "role": self.user.role.value,
            "unit": self.user.unit,
            "as_of": day.isoformat(),
            "as_of_id": format_date_id(day),
            "late": self.late,
            "near": self.near,
            "subject": self.subject,
            "requests": [r.as_json() for r in self.requests],
            "ending": [i.as_json(day) for i in self.ending],
            "ended": [i.as_json(day) for i in self.ended],
            "in_review": [r.as_json() for r in self.in_review],
            "objections": [o.as_json() for o in self.objections],
        }


def _who(user: User) -> str:
    return f"{user.full_name} ({user.username})" if user.full_name else user.username


def _where(*parts: str) -> str:
    shown = "; ".join(p for p in parts if p)
    return f"  [{shown}]" if shown else ""


@dataclass(frozen=True)
class _Words:
    """The words of a digest in one language; :func:`_text` writes the digest with them.
    Templates are :meth:`str.format` strings (what they are filled with is not parsed)."""

    date: Callable[[date], str]
    role: Callable[[User], str]
    dear: str
    every_unit: str
    the_unit: str
    no_unit: str
    summary: str
    late: str
    near: str
    days_late: str
    due_today: str
    days_left: str
    requests: str
    request: str
    request_line: str
    objections: str
    objection_line: str
    ending: str
    last_day_today: str
    days_more: str
    last_day: str
    until: str
    ended: str
    ended_line: str
    in_review: str
    since: str
    opened_by: str
    footer: str


_WORDS: tuple[_Words, ...] = (
    _Words(
        date=format_date_id,
        role=lambda user: user.role.label_id,
        dear="Yth. {who}, {role}{unit},",
        every_unit="seluruh unit",
        the_unit="unit {unit}",
        no_unit="(tanpa unit)",
        summary="tenggat di ujikon per {as_of} untuk {scope}: {late} lewat, {near} dekat.",
        late="LEWAT",
        near="DEKAT",
        days_late="lewat {n} hari kerja",
        due_today="jatuh tempo hari ini",
        days_left="{n} hari kerja lagi",
        requests="Jawaban permohonan informasi (10 hari kerja, UU 14/2008 Pasal 22 ayat (7)):",
        request="permohonan ",
        request_line="    {ref}diterima {received}; tenggat {due} ({left})",
        objections="Tanggapan Atasan PPID atas keberatan (30 hari kerja, Pasal 36 ayat (2)):",
        objection_line="    keberatan {ref} diterima {filed}; tenggat {due} ({left})",
        ending="Pengecualian yang berakhir dalam {n} hari (UU 14/2008 Pasal 20):",
        last_day_today="hari ini hari terakhir",
        days_more="{n} hari lagi",
        last_day="hari terakhir {day}",
        until="sampai {condition}; paling lambat {day}",
        ended="Jangka waktu telah berakhir, tetapi belum dinyatakan berakhir (jalankan "
        "`ujikon lifecycle run`):",
        ended_line="    hari terakhir {day}; terbuka menurut hukum sejak hari berikutnya",
        in_review="Menunggu tinjauan PPID Utama (in_review):",
        since="; menunggu sejak {day}",
        opened_by="    dibuka oleh {who}{since}",
        footer="Pesan ini dikirim otomatis oleh ujikon; rinciannya ada di `ujikon case show ID` "
        "dan di aplikasi web.",
    ),
    _Words(
        date=format_date_en,
        role=lambda user: user.role.label_en,
        dear="Dear {who}, {role}{unit},",
        every_unit="every unit",
        the_unit="the unit {unit}",
        no_unit="(no unit)",
        summary="ujikon deadlines as of {as_of} for {scope}: {late} past, {near} near.",
        late="PAST",
        near="NEAR",
        days_late="{n} working days late",
        due_today="due today",
        days_left="{n} working days left",
        requests="Answers to requests for information (10 working days, Art. 22(7)):",
        request="request ",
        request_line="    {ref}received {received}; due {due} ({left})",
        objections="The Atasan PPID's answers to objections (30 working days, Art. 36(2)):",
        objection_line="    objection {ref} received {filed}; due {due} ({left})",
        ending="Exemptions ending within {n} days (Art. 20):",
        last_day_today="today is the last day",
        days_more="{n} days left",
        last_day="last day {day}",
        until="until {condition}; at the latest {day}",
        ended="Periods that have ended but are not yet recorded as ended (run "
        "`ujikon lifecycle run`):",
        ended_line="    last day {day}; open by law from the next day",
        in_review="Waiting for the PPID Utama's review (in_review):",
        since="; waiting since {day}",
        opened_by="    opened by {who}{since}",
        footer="Sent automatically by ujikon; the details are in `ujikon case show ID` and in "
        "the web application.",
    ),
)
"""Bahasa Indonesia first, English second: the order the digest is written in."""


def _countdown(w: _Words, left: int) -> tuple[str, str]:
    """``("LEWAT", "lewat 2 hari kerja")``, ``("DEKAT", "3 hari kerja lagi")``..."""
    if left < 0:
        return w.late, w.days_late.format(n=-left)
    return w.near, w.due_today if left == 0 else w.days_left.format(n=left)


def _text(d: Digest, w: _Words) -> list[str]:
    """The digest in the language of ``w``."""
    user = d.user
    unit = f", {user.unit}" if user.unit else ""
    scope = w.every_unit if d.body_wide else w.the_unit.format(unit=user.unit or w.no_unit)
    lines = [
        w.dear.format(who=_who(user), role=w.role(user), unit=unit),
        "",
        w.summary.format(as_of=w.date(d.as_of), scope=scope, late=d.late, near=d.near),
    ]
    if d.requests:
        lines += ["", w.requests]
        for r in d.requests:
            dl = r.deadline
            status, left = _countdown(w, dl.working_days_left)
            ref = f"{w.request}{r.reference} " if r.reference else w.request
            lines += [
                f"- {status}  {r.case_id}  {r.title}{_where(r.unit)}",
                w.request_line.format(
                    ref=ref, received=w.date(dl.received), due=w.date(dl.due), left=left
                ),
            ]
    if d.objections:
        lines += ["", w.objections]
        for o in d.objections:
            od = o.deadline
            status, left = _countdown(w, od.working_days_left)
            lines += [
                f"- {status}  {o.case_id}  {o.title}{_where(o.unit)}",
                w.objection_line.format(
                    ref=o.reference, filed=w.date(od.filed_on), due=w.date(od.due), left=left
                ),
            ]
    if d.ending:
        lines += ["", w.ending.format(n=ENDING_WITHIN_DAYS)]
        for item in d.ending:
            assert item.end_date is not None
            days = item.days_left(d.as_of)
            when = w.last_day_today if days == 0 else w.days_more.format(n=days)
            lines.append(f"- {item.ref}  {item.title}{_where(item.unit, ', '.join(item.grounds))}")
            last = w.last_day.format(day=w.date(item.end_date))
            if item.condition:
                last = w.until.format(condition=item.condition, day=w.date(item.end_date))
            lines.append(f"    {last} ({when})")
    if d.ended:
        lines += ["", w.ended]
        for item in d.ended:
            assert item.end_date is not None
            lines += [
                f"- {item.ref}  {item.title}{_where(item.unit, ', '.join(item.grounds))}",
                w.ended_line.format(day=w.date(item.end_date)),
            ]
    if d.in_review:
        lines += ["", w.in_review]
        for c in d.in_review:
            since = w.since.format(day=w.date(c.since)) if c.since else ""
            lines += [
                f"- {c.ref}  {c.title}{_where(c.unit)}",
                w.opened_by.format(who=c.opened_by, since=since),
            ]
    lines += ["", w.footer]
    return lines


# --------------------------------------------------------------------------- all digests


@dataclass(frozen=True)
class DigestRun:
    """Every user's digest on one day."""

    as_of: date
    digests: tuple[Digest, ...]
    """The users with something to report, by username."""
    quiet: tuple[User, ...]
    """Users whose role gets a digest, with nothing to report today: no mail."""
    uncovered: tuple[User, ...]
    """Users whose role gets no digest (auditor, admin), and deactivated users."""

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "as_of_id": format_date_id(self.as_of),
            "digests": [d.as_json() for d in self.digests],
            "nothing_to_report": [u.username for u in self.quiet],
            "no_digest": [
                {"user": u.username, "role": u.role.value, "active": u.active}
                for u in self.uncovered
            ],
        }


@dataclass(frozen=True)
class _Facts:
    """The body-wide items of the day, gathered once for every user."""

    requests: tuple[RequestItem, ...]
    ending: tuple[PeriodItem, ...]
    ended: tuple[PeriodItem, ...]
    in_review: tuple[ReviewItem, ...]
    objections: tuple[ObjectionItem, ...] = ()


def _natural(case_id: str) -> tuple[str, int, int, str]:
    prefix, _, rest = case_id.partition("-")
    year, _, serial = rest.partition("-")
    if year.isdigit() and serial.isdigit():
        return (prefix, int(year), int(serial), "")
    return (prefix, 0, 0, case_id)


def _day_of(service: Service, stamp: str) -> date | None:
    if not stamp:
        return None
    try:
        return service.today(datetime.fromisoformat(stamp.replace("Z", "+00:00")))
    except ValueError:
        return None


def _gather(service: Service, day: date) -> _Facts:
    rows = service.list_cases()
    calendar = CalendarDesk(service)
    due = request_deadlines(rows, calendar, day)
    requests: list[RequestItem] = []
    for row in rows:
        deadline = due.get(row.case_id)
        if deadline is None or deadline.status == "ok":
            continue
        reference = service.get_case(row.ref).trigger.reference
        requests.append(RequestItem(row.case_id, row.title, row.unit, reference, deadline))
    requests.sort(key=lambda r: (r.deadline.due, _natural(r.case_id)))

    objections: list[ObjectionItem] = []
    for case_id, pending in objection_deadlines(rows, calendar, day).items():
        if pending.status == "ok":
            continue
        row = next(r for r in rows if r.case_id == case_id)
        first = min(service.get_case(row.ref).pending_objections, key=lambda o: o.filing.filed_on)
        objections.append(ObjectionItem(case_id, row.title, row.unit, first.reference, pending))
    objections.sort(key=lambda o: (o.deadline.due, _natural(o.case_id)))

    ending: list[PeriodItem] = []
    ended: list[PeriodItem] = []
    for item in scan_periods(service).items:
        if item.end_date is None:
            continue  # a condition with no latest day: nothing dated to remind of
        if item.has_ended(day):
            ended.append(item)  # `lifecycle run` expires it, revoked decree or not
        elif not item.revoked and (item.end_date - day).days <= ENDING_WITHIN_DAYS:
            ending.append(item)

    in_review = sorted(
        (
            ReviewItem(
                r.case_id, r.revision, r.title, r.unit, r.opened_by, _day_of(service, r.updated_at)
            )
            for r in service.list_cases(CaseState.IN_REVIEW)
        ),
        key=lambda c: (c.since or date.max, _natural(c.case_id)),
    )
    return _Facts(tuple(requests), tuple(ending), tuple(ended), tuple(in_review), tuple(objections))


def _digest(user: User, day: date, facts: _Facts) -> Digest:
    if user.role in _BODY_WIDE:
        return Digest(
            user,
            day,
            facts.requests,
            facts.ending,
            facts.ended,
            facts.in_review,
            facts.objections,
        )
    actor = user.as_actor()
    return Digest(
        user,
        day,
        requests=tuple(r for r in facts.requests if may_read_case(actor, r.unit)),
        ending=tuple(i for i in facts.ending if may_read_case(actor, i.unit)),
    )


def build_digests(
    service: Service, as_of: date | None = None, usernames: Iterable[str] | None = None
) -> DigestRun:
    """Every user's digest as of ``as_of`` (default: today in the service's time zone),
    or only those of ``usernames``.

    Reads only: the cases are those of the case index; the decreed periods come from
    :func:`ujikon.service.lifecycle.scan_periods`.

    :raises NotFound: a name in ``usernames`` is no user of the workspace.
    """
    day = as_of or service.today()
    users = service.users() if usernames is None else [service.user(name) for name in usernames]
    users = sorted(users, key=lambda u: u.username)
    covered = [u for u in users if u.active and u.role in DIGEST_ROLES]
    uncovered = tuple(u for u in users if u not in covered)
    facts = _gather(service, day) if covered else _Facts((), (), (), ())
    digests: list[Digest] = []
    quiet: list[User] = []
    for user in covered:
        digest = _digest(user, day, facts)
        if digest.empty:
            quiet.append(user)
        else:
            digests.append(digest)
    logger.info(
        "digests as of %s: %d to send, %d with nothing, %d without one",
        day,
        len(digests),
        len(quiet),
        len(uncovered),
    )
    return DigestRun(day, tuple(digests), tuple(quiet), uncovered)


# --------------------------------------------------------------------------- addresses

_ADDR_SPEC = re.compile(r"[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")
_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*")


def parse_address(text: str, where: str) -> tuple[str, str]:
    """``(header form, bare address)`` of ``"siti@x.go.id"`` or ``"Siti <siti@x.go.id>"``.

    :raises InputError: naming ``where``, when it is no single mail address.
    """
    found = getaddresses([text.strip()])
    name, addr = found[0] if len(found) == 1 else ("", "")
    if not _ADDR_SPEC.fullmatch(addr) or ".." in addr:
        raise InputError(
            where,
            f"'{text}' bukan alamat surel, mis. ppid@sukamajukab.go.id / is not a mail "
            "address, e.g. ppid@sukamajukab.go.id",
        )
    return formataddr((name, addr)) if name else addr, addr


@dataclass(frozen=True)
class Recipients:
    """Where each user's mail goes: a mapping from a file, then ``username@domain``."""

    addresses: Mapping[str, str] = field(default_factory=dict)
    """``username`` → address (header form), from ``--recipients``."""
    domain: str | None = None
    """``--domain``: the address of anyone not in ``addresses`` is ``username@domain``."""

    def __post_init__(self) -> None:
        if self.domain is not None and not _DOMAIN.fullmatch(self.domain):
            raise InputError(
                "--domain",
                f"'{self.domain}' bukan nama domain, mis. sukamajukab.go.id / is not a "
                "domain name, e.g. sukamajukab.go.id",
            )

    @classmethod
    def load(cls, path: Path | None = None, domain: str | None = None) -> Recipients:
        """From a YAML file of ``username: address`` lines and/or a domain.

        :raises InputError: the file cannot be read, is not such a mapping, or holds
            something that is not a mail address.
        """
        domain = domain.strip().lstrip("@") if domain else None
        if path is None:
            return cls({}, domain or None)
        from ujikon.service.input_files import load_document

        where = str(path)
        # The strict reader: a regular file of bounded size, no tags or aliases, no
        # duplicate names (a second `budi:` line would silently redirect budi's mail).
        raw: Any = load_document(path).data
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            raise InputError(
                where,
                "harus berisi baris `nama_pengguna: alamat` / must hold `username: address` lines",
            )
        addresses: dict[str, str] = {}
        for key, value in raw.items():
            if not isinstance(key, str) or not isinstance(value, str):
                raise InputError(
                    where,
                    f"'{key}: {value}': nama pengguna dan alamat harus teks / the username and "
                    "the address must be text",
                )
            addresses[key.strip()] = parse_address(value, f"{where}: {key}")[0]
        return cls(addresses, domain or None)

    def address_of(self, username: str) -> str | None:
        """The address (header form) of ``username``, or ``None`` when it has none."""
        found = self.addresses.get(username)
        if found is not None:
            return found
        return f"{username}@{self.domain}" if self.domain else None

    def unknown(self, usernames: Iterable[str]) -> list[str]:
        """Names in the file that are none of ``usernames`` (a typo leaves a user out)."""
        known = set(usernames)
        return sorted(name for name in self.addresses if name not in known)


# --------------------------------------------------------------------------- messages


@dataclass(frozen=True)
class Outgoing:
    """One user's digest and where it goes (``address`` ``None``: skipped)."""

    digest: Digest
    address: str | None
    message: EmailMessage | None


def compose(digest: Digest, to: str, sender: str, now: datetime) -> EmailMessage:
    """The message of ``digest`` for ``to``: UTF-8 text, quoted-printable (7-bit safe for
    any relay), marked as automatic (RFC 3834) so that no one's auto-reply answers it.

    :raises InputError: ``to`` or ``sender`` is not a mail address.
    """
    sender_header, sender_addr = parse_address(sender, "--from")
    to_header, _ = parse_address(to, f"alamat / address of {digest.user.username}")
    message = EmailMessage()
    message["From"] = sender_header
    message["To"] = to_header
    message["Subject"] = digest.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid("ujikon-digest", domain=sender_addr.rsplit("@", 1)[1])
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = "id, en"
    message["X-Ujikon-Digest"] = f"{digest.user.username}; {digest.as_of.isoformat()}"
    message.set_content(digest.text(), charset="utf-8", cte="quoted-printable")
    return message


def outbox(run: DigestRun, recipients: Recipients, sender: str, now: datetime) -> list[Outgoing]:
    """The message of every digest of ``run``, or none for a user without an address."""
    parse_address(sender, "--from")
    out: list[Outgoing] = []
    for digest in run.digests:
        address = recipients.address_of(digest.user.username)
        message = compose(digest, address, sender, now) if address else None
        out.append(Outgoing(digest, address, message))
    return out


# --------------------------------------------------------------------------- sending


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the body's mail relay."""

    host: str
    """The relay's host name or address. No default: the body's relay must be named."""
    port: int = 25
    """25 for a relay inside the body's network; 587 (with :attr:`starttls`) for a
    submission port."""
    starttls: bool = False
    """Upgrade the connection with STARTTLS before logging in or sending; the relay's
    certificate and host name are checked (see :attr:`tls_context`)."""
    username: str | None = None
    """Log in (SMTP AUTH) as this user; needs :attr:`password`."""
    password: str | None = field(default=None, repr=False)
    """The log-in password; the CLI reads it from ``UJIKON_SMTP_PASSWORD`` only."""
    timeout: float = 30.0
    """Seconds to wait for the relay at each step before it counts as failed."""
    tls_context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)
    """The TLS context of STARTTLS; default :func:`ssl.create_default_context` (the
    system's trusted CAs, host name checked)."""

    def assert_viable(self) -> None:
        """:raises InputError: naming the setting that cannot work."""
        if not self.host.strip():
            raise InputError(
                "--smtp-host", "sebutkan server surel / name the mail relay (UJIKON_SMTP_HOST)"
            )
        if not 0 < self.port < 65536:
            raise InputError("--smtp-port", f"{self.port}: antara / between 1 and 65535")
        if self.username and not self.password:
            raise InputError(
                "UJIKON_SMTP_PASSWORD",
                f"--smtp-user {self.username} perlu kata sandi di variabel lingkungan "
                "UJIKON_SMTP_PASSWORD / needs the password in the environment variable "
                "UJIKON_SMTP_PASSWORD",
            )
        if self.password and not self.username:
            raise InputError(
                "--smtp-user",
                "UJIKON_SMTP_PASSWORD disetel tanpa --smtp-user / set without --smtp-user",
            )
        if self.timeout <= 0:
            raise InputError("timeout", f"{self.timeout}: harus positif / must be positive")


@dataclass(frozen=True)
class Delivery:
    """What became of one user's digest."""

    username: str
    address: str | None
    status: Literal["sent", "skipped", "failed"]
    subject: str
    detail: str = ""
    """Why it was skipped or failed, in Indonesian / English (the relay's reply, if any)."""

    def as_json(self) -> dict[str, Any]:
        return {
            "user": self.username,
            "address": self.address,
            "status": self.status,
            "subject": self.subject,
            "detail": self.detail or None,
        }


@dataclass
class SendReport:
    """What :func:`send_digests` did, user by user."""

    as_of: date
    deliveries: list[Delivery] = field(default_factory=list)

    def _with(self, status: str) -> list[Delivery]:
        return [d for d in self.deliveries if d.status == status]

    @property
    def sent(self) -> list[Delivery]:
        return self._with("sent")

    @property
    def skipped(self) -> list[Delivery]:
        return self._with("skipped")

    @property
    def failed(self) -> list[Delivery]:
        return self._with("failed")

    @property
    def ok(self) -> bool:
        """No digest failed (a user skipped for want of an address is no failure)."""
        return not self.failed

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "ok": self.ok,
            "sent": len(self.sent),
            "skipped": len(self.skipped),
            "failed": len(self.failed),
            "deliveries": [d.as_json() for d in self.deliveries],
        }


NO_ADDRESS = "tidak ada alamat (--recipients / --domain) / no address (--recipients / --domain)"


def _reply(code: int, text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(said.split())}"


def _failure(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = [_reply(code, text) for code, text in exc.recipients.values()]
        return f"penerima ditolak / recipient refused: {'; '.join(replies)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"ditolak server / refused by the relay: {_reply(exc.smtp_code, exc.smtp_error)}"
    return f"{type(exc).__name__}: {exc}"


class _Relay:
    """One SMTP session, opened on first use and again after the relay dropped it."""

    def __init__(self, settings: SmtpSettings, connect: Callable[..., smtplib.SMTP]) -> None:
        self.settings = settings
        self.connect = connect
        self.session: smtplib.SMTP | None = None

    def open(self) -> smtplib.SMTP:
        if self.session is not None:
            return self.session
        s = self.settings
        session = self.connect(s.host, s.port, timeout=s.timeout)
        try:
            session.ehlo()
            if s.starttls:
                session.starttls(context=s.tls_context or ssl.create_default_context())
                session.ehlo()
            if s.username:
                session.login(s.username, s.password or "")
        except BaseException:
            session.close()
            raise
        self.session = session
        return session

    def drop(self) -> None:
        if self.session is None:
            return
        session, self.session = self.session, None
        try:
            session.quit()
        except (smtplib.SMTPException, OSError):
            session.close()


_KEEPS_SESSION = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
)
"""Refusals of one message after which the relay still talks (smtplib sent RSET)."""


def send_digests(
    messages: Sequence[Outgoing],
    settings: SmtpSettings,
    *,
    as_of: date,
    connect: Callable[..., smtplib.SMTP] = smtplib.SMTP,
) -> SendReport:
    """Send each message of :func:`outbox` through the relay, one session for all.

    A user without an address is skipped. A message the relay refuses (a recipient it
    does not know, a full mailbox) fails for that user only and the others go on; a relay
    that cannot be reached, or refuses STARTTLS or the log-in, fails every user still to
    send (with the same reason, tried once). A session the relay closes mid-way is opened
    again for the next message.

    :raises InputError: the settings cannot work (:meth:`SmtpSettings.assert_viable`).
    """
    settings.assert_viable()
    report = SendReport(as_of)
    relay = _Relay(settings, connect)
    unreachable: str | None = None
    try:
        for item in messages:
            name, subject = item.digest.user.username, item.digest.subject
            if item.address is None or item.message is None:
                report.deliveries.append(Delivery(name, None, "skipped", subject, NO_ADDRESS))
                continue
            if unreachable is not None:
                report.deliveries.append(
                    Delivery(name, item.address, "failed", subject, unreachable)
                )
                continue
            try:
                session = relay.open()
            except (smtplib.SMTPException, OSError) as exc:
                unreachable = (
                    f"server surel {settings.host}:{settings.port} tidak dapat dipakai / the "
                    f"mail relay cannot be used: {_failure(exc)}"
                )
                logger.warning("digest relay %s:%s: %s", settings.host, settings.port, exc)
                report.deliveries.append(
                    Delivery(name, item.address, "failed", subject, unreachable)
                )
                continue
            _, envelope_to = parse_address(item.address, name)
            _, envelope_from = parse_address(str(item.message["From"]), "--from")
            try:
                session.send_message(item.message, envelope_from, [envelope_to])
            except (smtplib.SMTPException, OSError) as exc:
                if not isinstance(exc, _KEEPS_SESSION):
                    relay.drop()
                logger.warning("digest for %s not sent: %s", name, exc)
                report.deliveries.append(
                    Delivery(name, item.address, "failed", subject, _failure(exc))
                )
                continue
            logger.info("digest for %s sent to %s", name, envelope_to)
            report.deliveries.append(Delivery(name, item.address, "sent", subject))
    finally:
        relay.drop()
    return report
