"""After the decree: periods that run out, and the yearly review of the DIK.

Two use cases over :class:`~ujikon.service.cases.Service` (the CLI's ``ujikon lifecycle run``
and ``ujikon review start`` call them; the web can call :func:`scan_periods` for its
dashboard). Every write goes through ``service.act``, so the case machine's rules
(``role-may-act``, ``period-has-ended``, ``reopen-by-new-test``) still decide.

:func:`run_lifecycle`: periods that have ended (UU 14/2008 Pasal 20)
    The end date of a period is the exemption's **last day**: an exemption until
    31 December 2026 still holds on 31 December and is open on 1 January 2027. Every
    decreed case revision whose period has ended by ``as_of`` (end date before
    ``as_of``) is expired with ``service.act(acting, ref, "expire", {"as_of": <the day
    after the end date>, "note": ...})``, which opens its information again. The expiry
    records the first day the information was open by law, whatever day the run happens.

    An **end condition** ("until the investigation ends") cannot be checked by software:
    such a case is never expired for its condition, it is listed under "check the
    condition" for a person to expire (``ujikon case expire ID --note ...``) once the
    condition is met. Only when its *latest* date (``Period.end_date``, the ceiling the
    regulation sets, e.g. 30 years for 17a) has passed is it expired like a dated one:
    by then the register (:func:`ujikon.service.register.in_force`) already leaves it out.

    Then it lists what ends within 0-30 and 31-90 days of ``as_of`` (both boundaries
    counted in days from ``as_of`` to the last day).

    Idempotent: an expired case is no longer decreed, so a second run (or a run for an
    earlier date after a later one) expires nothing more. A case expired by someone else
    meanwhile (a conflict, or a refusal because it is no longer decreed) is reported as
    skipped and the run goes on; any other refusal is reported as failed
    (:attr:`LifecycleReport.ok` is false, the CLI exits 1).

    Fast on a big log: the candidates come from the case index kept beside the log
    (state ``decreed``), not from folding every case; only the candidates are folded
    (by ``service.act``). Index rows that carry the period (``period_kind``,
    ``period_end``, ``period_condition``: :func:`period_index_fields`) need no fold at
    all; rows written before the index carried them are folded once per run, and
    ``ujikon index rebuild`` brings them up to date. Decreed revisions hidden behind a
    retest in progress (the index shows a case's newest revision) are found through the
    few index rows of cases in progress.

:func:`start_review`: the yearly review of the DIK
    Opens a retest ("Reviu tahunan DIK <year>", proactive) of every item in force on
    1 January of the year (:func:`ujikon.service.register.dik_as_of`), acting as the PPID Utama;
    the new revision keeps the old case's unit. A case whose newest revision already
    comes from that year's review, or that has another retest under way, is skipped and
    reported; so is one no longer in force now.

Running it every day
--------------------

The run decides "today" in WIB (the service's time zone) whatever the server's clock
says, so any hour works; run it just after midnight WIB so that information opens on its
first day. It acts as the account given by ``--as``, which must hold a role that may
``expire``: the admin (PPID secretariat) or a PPID Utama. It exits 0 when every case due
was expired (or found expired already), 1 when one could not be, and the usual codes of
``ujikon`` otherwise (3: the role may not expire; 6: unknown user; 7: the store is down).

cron (``crontab -e`` of the account that owns the workspace; this server keeps UTC, so
17:05 is 00:05 WIB; on a server set to WIB write ``5 0 * * *``; cron mails the output)::

    MAILTO=ppid@sukamajukab.go.id
    5 17 * * * /opt/ujikon/bin/ujikon --workspace /srv/ujikon --as admin lifecycle run

systemd, ``/etc/systemd/system/ujikon-lifecycle.service``::

    [Unit]
    Description=ujikon: expire ended exemption periods (UU 14/2008 Pasal 20)
    Wants=network-online.target
    After=network-online.target postgresql.service

    [Service]
    Type=oneshot
    User=ujikon
    # UJIKON_DB=postgresql://... for a PostgreSQL store, kept out of the unit
    EnvironmentFile=-/etc/ujikon/env
    ExecStart=/opt/ujikon/bin/ujikon --workspace /srv/ujikon --as admin lifecycle run

and ``/etc/systemd/system/ujikon-lifecycle.timer``::

    [Unit]
    Description=Run ujikon lifecycle daily just after midnight WIB

    [Timer]
    OnCalendar=*-*-* 00:05:00 Asia/Jakarta
    # a run missed while the machine was off happens at the next boot
    Persistent=true

    [Install]
    WantedBy=timers.target

then ``systemctl daemon-reload && systemctl enable --now ujikon-lifecycle.timer``; the
output goes to ``journalctl -u ujikon-lifecycle``, and a failed run (exit 1) shows in
``systemctl --failed``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from ujikon.dates import format_date_id
from ujikon.domain import payloads as p
from ujikon.domain.case import Case
from ujikon.domain.roles import Actor, Role
from ujikon.domain.rules import RULES, RuleContext
from ujikon.domain.states import DECIDED_STATES, CaseState
from ujikon.domain.windows import WINDOW_BOUNDS, WINDOWS, window_of
from ujikon.errors import (
    ConflictError,
    InputError,
    NotFound,
    PermissionDenied,
    RuleViolation,
)

if TYPE_CHECKING:
    from ujikon.service.cases import Service
    from ujikon.store.api import IndexEntry

__all__ = [
    "PERIOD_INDEX_KEYS",
    "WINDOWS",
    "WINDOW_BOUNDS",
    "CaseOutcome",
    "LifecycleReport",
    "PeriodItem",
    "PeriodScan",
    "ReviewReport",
    "period_index_fields",
    "review_reason",
    "run_lifecycle",
    "scan_periods",
    "start_review",
    "window_of",
]

logger = logging.getLogger(__name__)

PERIOD_INDEX_KEYS: tuple[str, ...] = ("period_kind", "period_end", "period_condition")
"""The keys of a case index row that carry its period (see :func:`period_index_fields`)."""

_ATTEMPTS = 3
"""How often a case that is still due is loaded and tried again after a conflict."""

_WITHHOLDING = frozenset({p.Outcome.EXEMPT.value, p.Outcome.PARTLY_EXEMPT.value})

_IN_PROGRESS = tuple(s for s in CaseState if s not in DECIDED_STATES)
"""States of a newest revision behind which an older, decreed revision may stand."""


# --------------------------------------------------------------------------- periods


def period_index_fields(case: Case) -> dict[str, str | None]:
    """What the case index row should carry of the case's period, so that the lifecycle
    finds ended and ending periods without folding cases.

    ``{"period_kind": "until_date", "period_end": "2026-12-31", "period_condition": None}``;
    all ``None`` before the conclusion.
    """
    period = case.conclusion.period if case.conclusion is not None else None
    if period is None:
        return dict.fromkeys(PERIOD_INDEX_KEYS)
    return {
        "period_kind": period.kind.value,
        "period_end": period.end_date.isoformat() if period.end_date else None,
        "period_condition": period.condition or None,
    }


@dataclass(frozen=True)
class PeriodItem:
    """A decreed case revision that withholds information for a period that can end."""

    case_id: str
    revision: int
    title: str
    unit: str
    """The case's unit (the unit it is assigned to)."""
    grounds: tuple[str, ...]
    kind: p.PeriodKind
    """``until_date`` or ``until_condition`` (a permanent period never ends)."""
    end_date: date | None
    """The last day of the exemption (for a condition: the latest day it may run)."""
    condition: str = ""
    revoked: bool = False
    """The decree that set it was revoked: not in the register, not listed as ending."""

    @property
    def ref(self) -> str:
        return f"{self.case_id}/{self.revision}"

    def days_left(self, as_of: date) -> int | None:
        """Days from ``as_of`` to the last day (0: ``as_of`` is the last day)."""
        return None if self.end_date is None else (self.end_date - as_of).days

    def has_ended(self, as_of: date) -> bool:
        """Whether the last day lies before ``as_of`` (the information is open on it)."""
        return self.end_date is not None and self.end_date < as_of

    def as_json(self, as_of: date) -> dict[str, Any]:
        return {
            "case": self.ref,
            "title": self.title,
            "unit": self.unit,
            "grounds": list(self.grounds),
            "period_kind": self.kind.value,
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "end_date_id": format_date_id(self.end_date) if self.end_date else None,
            "days_left": self.days_left(as_of),
            "condition": self.condition or None,
        }


def _item_of_case(case: Case, revoked: frozenset[str]) -> PeriodItem | None:
    conclusion = case.conclusion
    if (
        case.state is not CaseState.DECREED
        or case.superseded_by is not None
        or conclusion is None
        or not conclusion.outcome.withholds
        or conclusion.period is None
        or conclusion.period.kind is p.PeriodKind.PERMANENT
    ):
        return None
    period = conclusion.period
    return PeriodItem(
        case_id=case.case_id,
        revision=case.revision,
        title=case.title,
        unit=case.unit,
        grounds=tuple(case.grounds.ground_ids()) if case.grounds else (),
        kind=period.kind,
        end_date=period.end_date,
        condition=period.condition,
        revoked=case.ref in revoked,
    )


def _item_of_entry(entry: IndexEntry, revoked: frozenset[str]) -> PeriodItem | None:
    """The item of a decreed index row that carries its period (no fold)."""
    data = entry.data
    kind = data.get("period_kind")
    if kind is None or kind == p.PeriodKind.PERMANENT.value:
        return None
    revision = int(data["revision"])
    end = data.get("period_end")
    return PeriodItem(
        case_id=entry.key,
        revision=revision,
        title=str(data.get("title", "")),
        unit=str(data.get("unit", "")),
        grounds=tuple(data.get("grounds") or ()),
        kind=p.PeriodKind(kind),
        end_date=date.fromisoformat(end) if end else None,
        condition=str(data.get("period_condition") or ""),
        revoked=f"{entry.key}/{revision}" in revoked,
    )


@dataclass(frozen=True)
class PeriodScan:
    """Every decreed revision whose period can end, found from the index."""

    items: tuple[PeriodItem, ...]
    index_rows: int
    """Index rows looked at (decreed, and cases in progress)."""
    folded: int
    """Case revisions that had to be folded (rows without the period, retests under way)."""


def _revoked_refs(service: Service) -> frozenset[str]:
    """The case revisions listed by a revoked decree (the decree index names them)."""
    refs: set[str] = set()
    for entry in service.log.index("decree", "revoked"):
        refs.update(str(ref) for ref in entry.data.get("cases") or ())
    return frozenset(refs)


def scan_periods(service: Service) -> PeriodScan:
    """Every decreed case revision with a period that can end (a date or a condition),
    from the case index; sorted by end date (none last), then case.

    Folds only what the index cannot answer: rows written before the index carried the
    period, and the decreed revision behind a retest in progress.
    """
    revoked = _revoked_refs(service)
    found: dict[str, PeriodItem] = {}
    rows = folded = 0
    for entry in service.log.index("case", CaseState.DECREED.value):
        rows += 1
        if entry.data.get("outcome") not in _WITHHOLDING:
            continue
        if "period_kind" in entry.data:
            item = _item_of_entry(entry, revoked)
        else:
            folded += 1
            item = _item_of_case(service.get_case(f"{entry.key}/{entry.data['revision']}"), revoked)
        if item is not None:
            found[item.ref] = item
    # The index shows a case's newest revision: while a retest is drafted (or after it
    # was withdrawn) the decreed revision it retests stands behind it, still in force.
    for state in _IN_PROGRESS:
        for entry in service.log.index("case", state.value):
            rows += 1
            revision = int(entry.data["revision"])
            if revision == 1:
                continue
            newest = service.get_case(f"{entry.key}/{revision}")
            folded += 1
            if newest.previous_revision is None:
                continue
            old = service.get_case(f"{entry.key}/{newest.previous_revision}")
            folded += 1
            item = _item_of_case(old, revoked)
            if item is not None:
                found[item.ref] = item
    items = sorted(found.values(), key=_order)
    logger.debug("period scan: %d items, %d index rows, %d folded", len(items), rows, folded)
    return PeriodScan(items=tuple(items), index_rows=rows, folded=folded)


def _natural(case_id: str) -> tuple[str, int, int, str]:
    prefix, _, rest = case_id.partition("-")
    year, _, serial = rest.partition("-")
    if year.isdigit() and serial.isdigit():
        return (prefix, int(year), int(serial), "")
    return (prefix, 0, 0, case_id)


def _order(item: PeriodItem) -> tuple[date, tuple[str, int, int, str], int]:
    return (item.end_date or date.max, _natural(item.case_id), item.revision)


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class CaseOutcome:
    """What a run did with one case."""

    item: PeriodItem
    status: Literal["expired", "opened", "skipped", "failed"]
    detail: str = ""
    """Why it was skipped or failed, in Indonesian / English."""
    rule: str | None = None
    """The rule that refused, for a failure by a rule."""
    new_ref: str | None = None
    """For a review: the revision it opened."""

    def as_json(self, as_of: date) -> dict[str, Any]:
        out = self.item.as_json(as_of)
        out.update(status=self.status, detail=self.detail or None, rule=self.rule)
        if self.new_ref is not None:
            out["new_case"] = self.new_ref
        return out


@dataclass
class LifecycleReport:
    """What :func:`run_lifecycle` did, and what ends next."""

    as_of: date
    expired: list[CaseOutcome] = field(default_factory=list)
    skipped: list[CaseOutcome] = field(default_factory=list)
    """Due, but expired (or changed) by someone else meanwhile; nothing to do."""
    failed: list[CaseOutcome] = field(default_factory=list)
    ending: list[PeriodItem] = field(default_factory=list)
    """In force, with a last day within the longest window (as_of … as_of + 90 days)."""
    conditions: list[PeriodItem] = field(default_factory=list)
    """In force until a condition: a person checks whether it is met."""
    scan: PeriodScan | None = None

    @property
    def ok(self) -> bool:
        """No case due was left unhandled for a reason other than a concurrent change."""
        return not self.failed

    def ending_within(self, first: int, last: int) -> list[PeriodItem]:
        """The items whose last day is ``first`` to ``last`` days after ``as_of``."""
        out = []
        for item in self.ending:
            left = item.days_left(self.as_of)
            if left is not None and first <= left <= last:
                out.append(item)
        return out

    @property
    def windows(self) -> list[tuple[int, int, list[PeriodItem]]]:
        """``[(0, 30, items), (31, 90, items)]`` (each item in the window of :func:`window_of`)."""
        grouped: dict[tuple[int, int], list[PeriodItem]] = {w: [] for w in WINDOW_BOUNDS}
        for item in self.ending:
            window = window_of(item.days_left(self.as_of))
            if window is not None:
                grouped[window].append(item)
        return [(first, last, items) for (first, last), items in grouped.items()]

    def as_json(self) -> dict[str, Any]:
        day = self.as_of
        doc: dict[str, Any] = {
            "as_of": day.isoformat(),
            "as_of_id": format_date_id(day),
            "ok": self.ok,
            "expired": [o.as_json(day) for o in self.expired],
            "skipped": [o.as_json(day) for o in self.skipped],
            "failed": [o.as_json(day) for o in self.failed],
        }
        for first, last, items in self.windows:
            doc[f"ending_in_{first}_{last}_days"] = [i.as_json(day) for i in items]
        doc["check_condition"] = [i.as_json(day) for i in self.conditions]
        if self.scan is not None:
            doc["scan"] = {"index_rows": self.scan.index_rows, "folded": self.scan.folded}
        return doc


def _require_expire_role(service: Service, actor: Actor, as_of: date) -> None:
    """Refuse the whole run, before anything is read or stored, unless the acting role
    may fire ``expire`` (rule ``role-may-act``)."""
    refused = RULES["role-may-act"].check(
        RuleContext(
            trigger="expire",
            payload=p.Expire(as_of=as_of),
            actor=actor,
            catalogue=service.catalogue,
            today=service.today(),
        )
    )
    if refused is not None:
        raise refused


def _expiry_note(item: PeriodItem, as_of: date) -> str:
    assert item.end_date is not None
    end, opened = format_date_id(item.end_date), format_date_id(item.end_date + timedelta(days=1))
    run = f"`ujikon lifecycle run` per {format_date_id(as_of)}"
    if item.kind is p.PeriodKind.UNTIL_CONDITION:
        return (
            f"Batas paling lambat jangka waktu ({end}) telah lewat, kondisi belum dicatat "
            f"terpenuhi; informasi terbuka kembali sejak {opened} (UU 14/2008 Pasal 20; {run}). "
            f"/ The latest date of the period ({end}) has passed; open again from {opened}."
        )
    return (
        f"Jangka waktu pengecualian berakhir {end}; informasi terbuka kembali sejak {opened} "
        f"(UU 14/2008 Pasal 20; {run}). / The period ended on {end}; the information is "
        f"open again from {opened}."
    )


def _changed_meanwhile(service: Service, item: PeriodItem) -> CaseState | None:
    """The revision's state now, if it is no longer decreed (someone acted meanwhile)."""
    state = service.get_case(item.ref).state
    return None if state is CaseState.DECREED else state


def _expire(service: Service, acting: str | None, item: PeriodItem, as_of: date) -> CaseOutcome:
    assert item.end_date is not None
    data = {
        "as_of": (item.end_date + timedelta(days=1)).isoformat(),
        "note": _expiry_note(item, as_of),
    }
    for _ in range(_ATTEMPTS):
        try:
            service.act(acting, item.ref, "expire", data)
        except (ConflictError, RuleViolation) as exc:
            state = _changed_meanwhile(service, item)
            if state is not None:
                return CaseOutcome(
                    item,
                    "skipped",
                    f"sudah berstatus '{state.value}' oleh tindakan lain / already "
                    f"'{state.value}' by another action ({type(exc).__name__})",
                )
            if isinstance(exc, RuleViolation):
                return CaseOutcome(item, "failed", exc.message, exc.rule)
            logger.info("conflict on %s while it is still due; loading it again", item.ref)
            continue
        except (InputError, NotFound, PermissionDenied) as exc:
            return CaseOutcome(item, "failed", exc.message)
        return CaseOutcome(item, "expired")
    return CaseOutcome(
        item,
        "skipped",
        f"konflik berulang ({_ATTEMPTS}x); dicoba lagi pada jalan berikutnya / repeated "
        "conflicts; tried again on the next run",
    )


def run_lifecycle(
    service: Service, acting: str | None, as_of: date | None = None
) -> LifecycleReport:
    """Expire every decreed revision whose period ended before ``as_of`` (default: today
    in the service's time zone); list what ends within 90 days and what waits on a
    condition.

    :raises PermissionDenied: unknown or inactive acting user.
    :raises RuleViolation: ``role-may-act``: the role may not expire (only a PPID Utama
        or an admin may); nothing was read or stored.
    :raises InputError: ``as_of`` lies after today.
    """
    actor = service.actor(acting)
    today = service.today()
    day = as_of or today
    if day > today:
        raise InputError(
            "--as-of",
            f"{day.isoformat()} ada di masa depan (hari ini {today.isoformat()}); jangka waktu "
            f"hanya dapat dinyatakan berakhir sampai hari ini / is in the future; periods can "
            "be expired up to today only",
        )
    _require_expire_role(service, actor, day)
    scan = scan_periods(service)
    report = LifecycleReport(as_of=day, scan=scan)
    horizon = day + timedelta(days=WINDOWS[-1])
    for item in scan.items:
        if item.has_ended(day):
            outcome = _expire(service, acting, item, day)
            if outcome.status == "expired":
                report.expired.append(outcome)
            elif outcome.status == "skipped":
                report.skipped.append(outcome)
            else:
                logger.warning("could not expire %s: %s", item.ref, outcome.detail)
                report.failed.append(outcome)
            continue
        if item.revoked:
            continue
        if item.end_date is not None and item.end_date <= horizon:
            report.ending.append(item)
        if item.kind is p.PeriodKind.UNTIL_CONDITION:
            report.conditions.append(item)
    logger.info(
        "lifecycle as of %s: %d expired, %d skipped, %d failed",
        day,
        len(report.expired),
        len(report.skipped),
        len(report.failed),
    )
    return report


# --------------------------------------------------------------------------- yearly review


def review_reason(year: int) -> str:
    """The retest reason the yearly review writes (and recognises on a second run)."""
    return f"Reviu tahunan DIK {year}"


@dataclass
class ReviewReport:
    """What :func:`start_review` did with each item in force on 1 January."""

    year: int
    as_of: date
    opened: list[CaseOutcome] = field(default_factory=list)
    skipped: list[CaseOutcome] = field(default_factory=list)
    failed: list[CaseOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def by_unit(self) -> list[tuple[str, int, int, int]]:
        """``(unit, opened, skipped, failed)`` per unit, by unit name."""
        counts: dict[str, list[int]] = {}
        for column, outcomes in enumerate((self.opened, self.skipped, self.failed)):
            for o in outcomes:
                counts.setdefault(o.item.unit, [0, 0, 0])[column] += 1
        return [(unit, c[0], c[1], c[2]) for unit, c in sorted(counts.items())]

    def as_json(self) -> dict[str, Any]:
        day = self.as_of
        return {
            "year": self.year,
            "in_force_on": day.isoformat(),
            "reason": review_reason(self.year),
            "ok": self.ok,
            "by_unit": [
                {"unit": u, "opened": o, "skipped": s, "failed": f} for u, o, s, f in self.by_unit()
            ],
            "opened": [x.as_json(day) for x in self.opened],
            "skipped": [x.as_json(day) for x in self.skipped],
            "failed": [x.as_json(day) for x in self.failed],
        }


def _review_item(case: Case) -> PeriodItem:
    period = case.conclusion.period if case.conclusion else None
    return PeriodItem(
        case_id=case.case_id,
        revision=case.revision,
        title=case.title,
        unit=case.unit,
        grounds=tuple(case.grounds.ground_ids()) if case.grounds else (),
        kind=period.kind if period else p.PeriodKind.PERMANENT,
        end_date=period.end_date if period else None,
        condition=period.condition if period else "",
    )


def _already_reviewed(service: Service, case: Case, reason: str) -> str | None:
    """Why ``case`` needs no retest from this review now, or ``None``."""
    if case.retest_reason == reason:
        return (
            f"revisi ini dibuka oleh reviu yang sama / this revision was opened by the same "
            f"review ({reason})"
        )
    if case.next_revision is not None:
        newer = service.get_case(f"{case.case_id}/{case.next_revision}")
        if newer.retest_reason == reason:
            return f"sudah dibuka / already opened: {newer.ref} ({newer.state.value})"
        return (
            f"ada revisi lebih baru / a newer revision exists: {newer.ref} "
            f"({newer.state.value}, '{newer.retest_reason}')"
        )
    for revision in range(case.revision + 1, case.highest_revision + 1):
        withdrawn = service.get_case(f"{case.case_id}/{revision}")
        if withdrawn.previous_revision == case.revision and withdrawn.retest_reason == reason:
            return (
                f"uji ulang reviu ini telah ditarik ({withdrawn.ref}); tidak dibuka lagi / "
                f"this review's retest was withdrawn ({withdrawn.ref}); not opened again"
            )
    if case.state is not CaseState.DECREED:
        return f"tidak berlaku lagi / no longer in force ({case.state.value})"
    return None


def _retest(service: Service, acting: str | None, case: Case, year: int) -> CaseOutcome:
    item = _review_item(case)
    reason = review_reason(year)
    data = {
        "reason": reason,
        "trigger": {
            "kind": p.TriggerKind.PROACTIVE.value,
            "note": f"Reviu tahunan Daftar Informasi yang Dikecualikan tahun {year} "
            f"(Perki 1/2021) / yearly review of the register of exempt information, {year}",
        },
    }
    try:
        new = service.act(acting, case.ref, "retest", data)
    except (ConflictError, RuleViolation) as exc:
        why = _already_reviewed(service, service.get_case(case.ref), reason)
        if why is not None:
            return CaseOutcome(item, "skipped", why)
        rule = exc.rule if isinstance(exc, RuleViolation) else None
        return CaseOutcome(item, "failed", exc.message, rule)
    except (InputError, NotFound, PermissionDenied) as exc:
        return CaseOutcome(item, "failed", exc.message)
    return CaseOutcome(item, "opened", new_ref=new.ref)


def start_review(service: Service, acting: str | None, year: int) -> ReviewReport:
    """Open a retest of every item of the DIK in force on 1 January ``year``.

    :raises PermissionDenied: the acting user is not a PPID Utama.
    :raises InputError: a year before UU 14/2008 took effect or after next year.
    """
    actor = service.actor(acting)
    if actor.role is not Role.PPID:
        raise PermissionDenied(
            f"Reviu tahunan DIK dibuka oleh PPID Utama (ppid); {actor.username} berperan "
            f"'{actor.role.value}'. / The yearly review is opened by the PPID Utama (ppid); "
            f"{actor.username} is '{actor.role.value}'."
        )
    today = service.today()
    if not 2010 <= year <= today.year + 1:
        raise InputError(
            "--year",
            f"{year}: antara 2010 (UU 14/2008 berlaku) dan {today.year + 1} / between 2010 "
            f"and {today.year + 1}",
        )
    from ujikon.service.register import dik_as_of

    day = date(year, 1, 1)
    report = ReviewReport(year=year, as_of=day)
    reason = review_reason(year)
    for row in dik_as_of(service, day):
        case = service.get_case(row.case_ref)
        why = _already_reviewed(service, case, reason)
        if why is not None:
            report.skipped.append(CaseOutcome(_review_item(case), "skipped", why))
            continue
        outcome = _retest(service, acting, case, year)
        if outcome.status == "opened":
            report.opened.append(outcome)
        elif outcome.status == "skipped":
            report.skipped.append(outcome)
        else:
            report.failed.append(outcome)
    logger.info(
        "review %d: %d opened, %d skipped, %d failed",
        year,
        len(report.opened),
        len(report.skipped),
        len(report.failed),
    )
    return report
