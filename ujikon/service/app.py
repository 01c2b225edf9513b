"""The application over one workspace: the one object the CLI and the web talk to.

:class:`Application` is built once per command (the CLI) or once per process (the web)
over a :class:`~ujikon.service.workspace.Workspace`; the use cases are grouped by area as
its attributes::

    app = Application.open(workspace)
    app.cases        # Service: open, record steps, review, list, show, history, users
    app.decrees      # DecreeDesk: draft, compose, preview, issue, revoke, keys, body
    app.calendar     # CalendarDesk: holidays, the body's days off, the deadline calendar
    app.register     # the DIK as of a day, its heading, export, import of an old register
    app.lifecycle    # periods that end, expiry, the yearly review
    app.precedents   # earlier decided cases, by words and ground
    app.deadlines    # request and objection deadlines on the body's calendar
    app.digest       # each user's daily digest
    app.monev        # the self-assessment for the Komisi Informasi's monitoring
    app.audit        # the chain and its witnesses, the log, evidence packs
    app.verification # a decree PDF checked against trust roots and the log
    app.sessions     # the web's sessions and log-in limiter, in the store (not the log)

An area holds no state of its own: it is the service, the workspace's directory and the
calendar seen from one use case. The acting user is handed to each call that acts or
reads for someone (a name, or an :class:`~ujikon.domain.roles.Actor` the face resolved
once for its request). Building an area is cheap and imports only its module, so a
command that lists the register never loads WeasyPrint's decree templates or pyHanko.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ujikon.domain.case import Case
    from ujikon.domain.events import StoredEvent
    from ujikon.service.audit import AuditReport, IssuedDecree, LogFilter, Progress
    from ujikon.service.calendar import CalendarDesk
    from ujikon.service.cases import Acting, CaseSummary, InternalRead, Service
    from ujikon.service.deadlines import CaseDeadlines, PendingObjection, RequestDeadline
    from ujikon.service.decrees import DecreeDesk
    from ujikon.service.digest import DigestRun
    from ujikon.service.evidence import PackRequest, PackResult
    from ujikon.service.lifecycle import LifecycleReport, PeriodScan, ReviewReport
    from ujikon.service.monev import Assessment, IndicatorSet
    from ujikon.service.precedents import PrecedentSearch
    from ujikon.service.register import Format, RegisterInfo, RegisterRow
    from ujikon.service.register_import import ImportReport
    from ujikon.service.sessions import LoginLimiter, SessionPolicy, SessionStore
    from ujikon.service.verification import DecreeVerdict, PublicCheck
    from ujikon.service.workspace import Workspace
    from ujikon.store.api import SearchOrder, SessionTable

__all__ = ["Application"]


class Application:
    """One workspace's use cases, by area. Close it (or use it as a context manager)
    to release the store."""

    def __init__(self, workspace: Workspace, service: Service) -> None:
        self.workspace = workspace
        self.cases = service

    @classmethod
    def open(
        cls,
        workspace: Workspace,
        *,
        create: bool = False,
        clock: Callable[[], datetime] | None = None,
        read_only: bool | None = None,
    ) -> Application:
        """The application over ``workspace``'s store (see :meth:`Workspace.open`)."""
        return cls(workspace, workspace.open(create=create, clock=clock, read_only=read_only))

    def close(self) -> None:
        self.cases.log.close()

    def __enter__(self) -> Application:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @cached_property
    def decrees(self) -> DecreeDesk:
        return self.workspace.decrees(self.cases)

    @cached_property
    def calendar(self) -> CalendarDesk:
        from ujikon.service.calendar import CalendarDesk

        return CalendarDesk(self.cases)

    @cached_property
    def register(self) -> RegisterArea:
        return RegisterArea(self)

    @cached_property
    def lifecycle(self) -> LifecycleArea:
        return LifecycleArea(self.cases)

    @cached_property
    def precedents(self) -> PrecedentsArea:
        return PrecedentsArea(self.cases)

    @cached_property
    def deadlines(self) -> DeadlinesArea:
        return DeadlinesArea(self)

    @cached_property
    def digest(self) -> DigestArea:
        return DigestArea(self.cases)

    @cached_property
    def monev(self) -> MonevArea:
        return MonevArea(self)

    @cached_property
    def audit(self) -> AuditArea:
        return AuditArea(self)

    @cached_property
    def verification(self) -> VerificationArea:
        return VerificationArea(self)

    @cached_property
    def sessions(self) -> SessionsArea:
        return SessionsArea(self.cases)


class SessionsArea:
    """The web's sessions and its log-in limiter (:mod:`ujikon.service.sessions`), kept
    in the workspace's store, so every worker serving it shares them; in memory only
    when the workspace is open read-only."""

    def __init__(self, service: Service) -> None:
        self._service = service

    @cached_property
    def _table(self) -> SessionTable:
        if self._service.log.read_only:
            from ujikon.service.sessions import MemorySessions

            return MemorySessions()
        return self._service.log.sessions

    def store(
        self, policy: SessionPolicy | None = None, clock: Callable[[], float] | None = None
    ) -> SessionStore:
        """The sessions, expiring by ``policy`` on ``clock`` (seconds since the epoch; the
        wall clock by default, not the application's clock: a session lasts minutes of
        real time whatever day the case work is dated)."""
        from ujikon.service.sessions import SessionStore

        return SessionStore(self._table, policy, clock=clock or time.time)

    def limiter(
        self,
        max_failures: int = 5,
        window: float = 15 * 60.0,
        max_failures_per_address: int = 50,
        clock: Callable[[], float] | None = None,
    ) -> LoginLimiter:
        """Failed log-ins counted for every worker together (on the wall clock by default)."""
        from ujikon.service.sessions import LoginLimiter

        return LoginLimiter(
            self._table, clock or time.time, max_failures, window, max_failures_per_address
        )


class RegisterArea:
    """The register of exempt information (DIK): :mod:`ujikon.service.register` and
    :mod:`ujikon.service.register_import`."""

    def __init__(self, app: Application) -> None:
        self._service = app.cases

    def rows(
        self,
        as_of: date,
        unit: str | None = None,
        ground: str | None = None,
        ending_within: int | None = None,
        *,
        text: str = "",
    ) -> list[RegisterRow]:
        """The DIK as it stood on ``as_of`` (see :func:`~ujikon.service.register.dik_as_of`);
        with ``text``, only the rows it matches."""
        from ujikon.service.register import dik_as_of

        return dik_as_of(self._service, as_of, unit, ground, ending_within, text)

    def info(
        self,
        as_of: date,
        unit: str | None = None,
        ground: str | None = None,
        ending_within: int | None = None,
        *,
        text: str = "",
    ) -> RegisterInfo:
        """The register's heading for those rows."""
        from ujikon.service.register import register_info

        return register_info(self._service, as_of, unit, ground, ending_within, text)

    def export(
        self, rows: Sequence[RegisterRow], info: RegisterInfo, fmt: Format, path: Path
    ) -> int:
        """Write the rows as ``fmt`` to ``path`` (all or nothing); the number written."""
        from ujikon.service.register import export

        return export(rows, info, fmt, path)

    def import_file(
        self,
        path: Path,
        acting: str | None,
        column_map: dict[str, str] | None = None,
        *,
        dry_run: bool = False,
    ) -> ImportReport:
        """An old DIK read into draft cases, appended in one go (or only reported)."""
        from ujikon.service.register_import import import_register

        return import_register(self._service, path, acting, column_map, dry_run=dry_run)


class LifecycleArea:
    """Periods that end, expiry and the yearly review: :mod:`ujikon.service.lifecycle`."""

    def __init__(self, service: Service) -> None:
        self._service = service

    def run(self, acting: str | None, as_of: date | None = None) -> LifecycleReport:
        from ujikon.service.lifecycle import run_lifecycle

        return run_lifecycle(self._service, acting, as_of)

    def periods(self) -> PeriodScan:
        from ujikon.service.lifecycle import scan_periods

        return scan_periods(self._service)

    def start_review(self, acting: str | None, year: int) -> ReviewReport:
        from ujikon.service.lifecycle import start_review

        return start_review(self._service, acting, year)


class PrecedentsArea:
    """Earlier decided cases: :mod:`ujikon.service.precedents`."""

    def __init__(self, service: Service) -> None:
        self._service = service

    def search(
        self,
        text: str,
        *,
        viewer: Acting | InternalRead,
        ground: str | None = None,
        limit: int | None = None,
        order: SearchOrder = "newest",
    ) -> PrecedentSearch:
        """Decided revisions holding every word of ``text``, those ``viewer`` may read."""
        from ujikon.service.precedents import DEFAULT_LIMIT, search_precedents

        return search_precedents(
            self._service,
            text,
            ground=ground,
            limit=DEFAULT_LIMIT if limit is None else limit,
            order=order,
            viewer=viewer,
        )


class DeadlinesArea:
    """Request and objection deadlines counted on the body's calendar:
    :mod:`ujikon.service.deadlines`."""

    def __init__(self, app: Application) -> None:
        self._app = app

    def _today(self, today: date | None) -> date:
        return self._app.cases.today() if today is None else today

    def of_case(self, case: Case, today: date | None = None) -> CaseDeadlines:
        from ujikon.service.deadlines import case_deadlines

        return case_deadlines(case, self._app.calendar, self._today(today))

    def of_requests(
        self, rows: Iterable[CaseSummary], today: date | None = None
    ) -> dict[str, RequestDeadline]:
        from ujikon.service.deadlines import request_deadlines

        return request_deadlines(rows, self._app.calendar, self._today(today))

    def of_objections(
        self, rows: Iterable[CaseSummary], today: date | None = None
    ) -> dict[str, PendingObjection]:
        from ujikon.service.deadlines import objection_deadlines

        return objection_deadlines(rows, self._app.calendar, self._today(today))


class DigestArea:
    """Each user's daily digest: :mod:`ujikon.service.digest`."""

    def __init__(self, service: Service) -> None:
        self._service = service

    def build(self, as_of: date | None = None, usernames: Iterable[str] | None = None) -> DigestRun:
        from ujikon.service.digest import build_digests

        return build_digests(self._service, as_of, usernames)


class MonevArea:
    """The self-assessment (penilaian mandiri) of the Komisi Informasi's monitoring, scored
    from the log: :mod:`ujikon.service.monev`."""

    def __init__(self, app: Application) -> None:
        self._app = app

    def indicators(self, path: Path | None = None) -> IndicatorSet:
        """``path``, else the workspace's ``monev-indicators.yaml``, else the default."""
        from ujikon.service.monev import choose_indicators

        return choose_indicators(self._app.workspace.directory, path)

    def assess(self, year: int, indicators: IndicatorSet | None = None) -> Assessment:
        """The indicators scored for ``year`` and the year before."""
        from ujikon.service.monev import assess

        chosen = self.indicators() if indicators is None else indicators
        return assess(self._app.cases, self._app.calendar, year, chosen)


class AuditArea:
    """The log, its chain and witnesses, and evidence packs: :mod:`ujikon.service.audit`
    and :mod:`ujikon.service.evidence`."""

    def __init__(self, app: Application) -> None:
        self._service = app.cases
        self._directory = app.workspace.directory

    def verify(self, progress: Progress | None = None) -> AuditReport:
        """The whole chain, its witnesses outside the database and the projections."""
        from ujikon.service.audit import verify_workspace

        return verify_workspace(
            self._service.log, self._directory, progress, catalogue=self._service.catalogue
        )

    def events(self, flt: LogFilter) -> Iterator[StoredEvent]:
        """The log's events that ``flt`` selects, oldest first, read in batches."""
        from ujikon.service.audit import iter_events

        return iter_events(self._service.log, flt)

    def issued_decrees(self) -> list[IssuedDecree]:
        from ujikon.service.audit import issued_decrees

        return issued_decrees(self._service.log)

    def write_pack(
        self,
        out: Path,
        request: PackRequest | None = None,
        *,
        overwrite: bool = False,
        allow_broken: bool = False,
        progress: Progress | None = None,
    ) -> PackResult:
        """An evidence pack at ``out`` (see :func:`~ujikon.service.evidence.write_pack`)."""
        from ujikon.service.evidence import write_pack

        return write_pack(
            self._service,
            self._directory,
            out,
            request,
            overwrite=overwrite,
            allow_broken=allow_broken,
            progress=progress,
        )


class VerificationArea:
    """A decree PDF checked against trust roots and this workspace's log:
    :mod:`ujikon.service.verification`."""

    def __init__(self, app: Application) -> None:
        self._app = app

    def trust_roots(self) -> list[Path]:
        """The certificates in ``keys/trusted/`` (never the development CA by itself)."""
        from ujikon.service.verification import workspace_trust_roots

        return workspace_trust_roots(self._app.workspace.keys_dir)

    def verify_file(self, path: Path, trust_roots: Sequence[Path]) -> DecreeVerdict:
        """The verdict on ``path``, trusting ``trust_roots`` only, checked against the log."""
        from ujikon.service.verification import verify_decree_file

        return verify_decree_file(path, trust_roots=list(trust_roots), desk=self._app.decrees)

    def public_check(self, number: str, decision_sha256: str) -> PublicCheck:
        """What the public page a decree's QR code opens says of it: no acting user, no
        case content (:func:`~ujikon.service.verification.public_check`)."""
        from ujikon.service.verification import public_check

        return public_check(self._app.decrees, number, decision_sha256)

    def public_check_of_code(self, text: str) -> PublicCheck:
        """The public check of a pasted QR code's text (either form it takes)."""
        from ujikon.documents.compose import parse_qr_text

        parsed = parse_qr_text(text)
        if parsed is None:
            return self.public_check("", "")
        return self.public_check(*parsed)
