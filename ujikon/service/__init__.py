"""The application's one door: what the CLI and the web may import from the service.

:class:`~ujikon.service.app.Application` is the façade, built once per workspace, with the
use cases by area as its attributes (``app.cases``, ``app.decrees``, ``app.register`` …).
Beside it this package names the value types the faces print or fill in (a register row,
an import report, a verdict), and the few helpers that need no workspace (reading a
user's file, wording a date filter, checking an evidence pack on any machine). The faces
import these from ``ujikon.service`` only, never from a module inside it
(``tests/test_architecture.py``), so an area can be cut differently without touching them.

Every name is loaded on first use (PEP 562): importing this package imports nothing, and
``from ujikon.service import Recipients`` loads the digest module alone. See
``docs/architecture.md``. Nothing here imports :mod:`ujikon.cli` or :mod:`ujikon.web`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ujikon.service.app import Application
    from ujikon.service.audit import (
        LOG_CSV_COLUMNS,
        AuditFailed,
        AuditReport,
        LogFilter,
        Problem,
        Progress,
        event_row,
        log_csv_row,
        parse_day,
    )
    from ujikon.service.calendar import CalendarDesk, CalendarView
    from ujikon.service.caseplan import load_plan
    from ujikon.service.cases import CaseSummary, Service
    from ujikon.service.deadlines import CaseDeadlines, PendingObjection, RequestDeadline
    from ujikon.service.decrees import DecreeDesk, decree_filename
    from ujikon.service.defects_report import REPORT_SUFFIXES, write_defects
    from ujikon.service.demo import run_demo
    from ujikon.service.digest import (
        Digest,
        DigestRun,
        Outgoing,
        Recipients,
        SendReport,
        SmtpSettings,
        outbox,
        parse_address,
        send_digests,
    )
    from ujikon.service.evidence import MANIFEST_FILE, PackRequest, read_member, verify_pack
    from ujikon.service.input_files import Document, load_document
    from ujikon.service.lifecycle import (
        WINDOW_BOUNDS,
        CaseOutcome,
        LifecycleReport,
        PeriodItem,
        ReviewReport,
        review_reason,
    )
    from ujikon.service.meta import MetaTable
    from ujikon.service.monev import DEFAULT_INDICATORS, WORKSPACE_INDICATORS, Assessment
    from ujikon.service.passwords import MIN_LENGTH as PASSWORD_MIN_LENGTH
    from ujikon.service.passwords import check_strength as check_password_strength
    from ujikon.service.precedents import Precedent, PrecedentSearch
    from ujikon.service.register import (
        ENDING_WITHIN,
        FORMATS,
        Format,
        RegisterRow,
        check_ending_within,
        ending_words,
    )
    from ujikon.service.register_import import FIELDS, ImportReport, iter_defects, parse_map
    from ujikon.service.sessions import LoginLimiter, Session, SessionPolicy, SessionStore
    from ujikon.service.verification import (
        DecreeVerdict,
        PublicCheck,
        verify_decree_file,
        workspace_trust_roots,
    )
    from ujikon.service.workspace import DB_FILE, DEV_CA_FILE, Workspace

_EXPORTS: dict[str, str] = {
    "Application": "app",
    **dict.fromkeys(
        (
            "LOG_CSV_COLUMNS",
            "AuditFailed",
            "AuditReport",
            "LogFilter",
            "Problem",
            "Progress",
            "event_row",
            "log_csv_row",
            "parse_day",
        ),
        "audit",
    ),
    **dict.fromkeys(("CalendarDesk", "CalendarView"), "calendar"),
    "load_plan": "caseplan",
    **dict.fromkeys(("CaseSummary", "Service"), "cases"),
    **dict.fromkeys(("CaseDeadlines", "PendingObjection", "RequestDeadline"), "deadlines"),
    **dict.fromkeys(("DecreeDesk", "decree_filename"), "decrees"),
    "run_demo": "demo",
    **dict.fromkeys(
        (
            "Digest",
            "DigestRun",
            "Outgoing",
            "Recipients",
            "SendReport",
            "SmtpSettings",
            "outbox",
            "parse_address",
            "send_digests",
        ),
        "digest",
    ),
    **dict.fromkeys(("MANIFEST_FILE", "PackRequest", "read_member", "verify_pack"), "evidence"),
    **dict.fromkeys(("Document", "load_document"), "input_files"),
    **dict.fromkeys(
        (
            "WINDOW_BOUNDS",
            "CaseOutcome",
            "LifecycleReport",
            "PeriodItem",
            "ReviewReport",
            "review_reason",
        ),
        "lifecycle",
    ),
    "MetaTable": "meta",
    **dict.fromkeys(("DEFAULT_INDICATORS", "WORKSPACE_INDICATORS", "Assessment"), "monev"),
    "PASSWORD_MIN_LENGTH": "passwords:MIN_LENGTH",
    "check_password_strength": "passwords:check_strength",
    **dict.fromkeys(("Precedent", "PrecedentSearch"), "precedents"),
    **dict.fromkeys(
        (
            "ENDING_WITHIN",
            "FORMATS",
            "Format",
            "RegisterRow",
            "check_ending_within",
            "ending_words",
        ),
        "register",
    ),
    **dict.fromkeys(("FIELDS", "ImportReport", "iter_defects", "parse_map"), "register_import"),
    **dict.fromkeys(("REPORT_SUFFIXES", "write_defects"), "defects_report"),
    **dict.fromkeys(("LoginLimiter", "Session", "SessionPolicy", "SessionStore"), "sessions"),
    **dict.fromkeys(
        ("DecreeVerdict", "PublicCheck", "verify_decree_file", "workspace_trust_roots"),
        "verification",
    ),
    **dict.fromkeys(("DB_FILE", "DEV_CA_FILE", "Workspace"), "workspace"),
}
"""Each name the door offers, and the module of this package that holds it
(``module:attribute`` where the door names it otherwise); the same names as ``__all__``,
which a test keeps equal."""

__all__ = [
    "DB_FILE",
    "DEFAULT_INDICATORS",
    "DEV_CA_FILE",
    "ENDING_WITHIN",
    "FIELDS",
    "FORMATS",
    "LOG_CSV_COLUMNS",
    "MANIFEST_FILE",
    "PASSWORD_MIN_LENGTH",
    "REPORT_SUFFIXES",
    "WINDOW_BOUNDS",
    "WORKSPACE_INDICATORS",
    "Application",
    "Assessment",
    "AuditFailed",
    "AuditReport",
    "CalendarDesk",
    "CalendarView",
    "CaseDeadlines",
    "CaseOutcome",
    "CaseSummary",
    "DecreeDesk",
    "DecreeVerdict",
    "Digest",
    "DigestRun",
    "Document",
    "Format",
    "ImportReport",
    "LifecycleReport",
    "LogFilter",
    "LoginLimiter",
    "MetaTable",
    "Outgoing",
    "PackRequest",
    "PendingObjection",
    "PeriodItem",
    "Precedent",
    "PrecedentSearch",
    "Problem",
    "Progress",
    "PublicCheck",
    "Recipients",
    "RegisterRow",
    "RequestDeadline",
    "ReviewReport",
    "SendReport",
    "Service",
    "Session",
    "SessionPolicy",
    "SessionStore",
    "SmtpSettings",
    "Workspace",
    "check_ending_within",
    "check_password_strength",
    "decree_filename",
    "ending_words",
    "event_row",
    "iter_defects",
    "load_document",
    "load_plan",
    "log_csv_row",
    "outbox",
    "parse_address",
    "parse_day",
    "parse_map",
    "read_member",
    "review_reason",
    "run_demo",
    "send_digests",
    "verify_decree_file",
    "verify_pack",
    "workspace_trust_roots",
    "write_defects",
]


def __getattr__(name: str) -> Any:
    where = _EXPORTS.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, _, attribute = where.partition(":")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute or name)
    globals()[name] = value
    return value
