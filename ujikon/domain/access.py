"""Who may see and do what, beyond the steps of the case machine.

The case machine's own rule ``role-may-act`` says which role may fire each trigger.
This module holds the rest of the access policy, as data and pure functions, so that
the service layer checks it on every use case (the CLI and the web only call the
service):

- **Cases belong to a unit.** A PPID Pelaksana (``officer``) reads and records the
  cases of their own unit only; the PPID Utama, the Atasan PPID and the auditors see
  every unit's cases (rule ``own-unit``). The administrator manages users, the body's
  profile and keys, and reads no case: the information under test is what the body
  may withhold, and IT staff have no duty that needs it.
- **Capabilities** of the other use cases (decrees, audit, register, administration)
  are listed in :data:`CAPABILITIES`.
"""

from __future__ import annotations

from ujikon.domain.decree import DECREE_ROLES, Decree, DecreeState
from ujikon.domain.labels import LabelledEnum
from ujikon.domain.roles import Actor, Role

__all__ = [
    "CAPABILITIES",
    "CASE_READERS_ALL_UNITS",
    "DECREE_NOT_FOUND_HINT",
    "Capability",
    "may",
    "may_read_case",
    "may_record_on_case",
    "may_see_decree",
]

OWN_UNIT_RULE = "own-unit"


class Capability(LabelledEnum):
    """A use case outside the case machine that not every role may use."""

    READ_CASES = ("read-cases", "melihat kasus", "read cases")
    """See cases (an officer: those of their unit only)."""
    READ_DECREES = ("read-decrees", "melihat SK", "read decrees")
    """See decrees and download issued ones."""
    DRAFT_DECREES = ("draft-decrees", "menyusun SK", "draft decrees")
    """Compose, preview and discard draft decrees."""
    ISSUE_DECREES = ("issue-decrees", "menerbitkan SK", "issue decrees")
    """Issue (sign) and revoke decrees."""
    READ_AUDIT_LOG = ("read-audit-log", "membaca log audit", "read the audit log")
    """Read the whole event log with its filters and verify the chain."""
    EXPORT_EVIDENCE = ("export-evidence", "mengunduh paket bukti", "export evidence packs")
    """Download an evidence pack."""
    READ_REGISTER = ("read-register", "melihat DIK", "read the register (DIK)")
    """The register of exempt information (DIK) as of a date: a public document."""
    VERIFY_DOCUMENTS = ("verify-documents", "memeriksa dokumen", "verify documents")
    """Check an issued PDF's signature, hash and decision."""
    MANAGE_USERS = ("manage-users", "mengelola pengguna", "manage users")
    """Add users, set their passwords."""
    MANAGE_BODY = ("manage-body", "mengelola profil badan publik", "manage the body's profile")
    """The body's profile: letterhead, numbering, signers."""
    MANAGE_KEYS = ("manage-keys", "mengelola kunci tanda tangan", "manage signing keys")
    """Signing keys."""


_EVERYONE = frozenset(Role)
_READERS = frozenset({Role.OFFICER, Role.PPID, Role.HEAD, Role.AUDITOR})

CAPABILITIES: dict[Capability, frozenset[Role]] = {
    Capability.READ_CASES: _READERS,
    Capability.READ_DECREES: _READERS,
    Capability.DRAFT_DECREES: DECREE_ROLES,
    Capability.ISSUE_DECREES: DECREE_ROLES,
    Capability.READ_AUDIT_LOG: frozenset({Role.PPID, Role.HEAD, Role.AUDITOR}),
    Capability.EXPORT_EVIDENCE: frozenset({Role.PPID, Role.AUDITOR}),
    Capability.READ_REGISTER: _EVERYONE,
    Capability.VERIFY_DOCUMENTS: _EVERYONE,
    Capability.MANAGE_USERS: frozenset({Role.ADMIN}),
    Capability.MANAGE_BODY: frozenset({Role.ADMIN}),
    Capability.MANAGE_KEYS: frozenset({Role.ADMIN}),
}
"""Which roles hold each capability."""

DECREE_NOT_FOUND_HINT = "Lihat `ujikon decree list`."
"""The hint of a decree "not found", whether no decree has the id or it is a draft the
viewer may not see (the desk's own words for a missing id)."""

CASE_READERS_ALL_UNITS = frozenset({Role.PPID, Role.HEAD, Role.AUDITOR})
"""Roles whose duty covers every unit of the body."""


def may(actor: Actor, capability: Capability) -> bool:
    """Whether ``actor``'s role holds ``capability``."""
    return actor.role in CAPABILITIES[capability]


def may_read_case(actor: Actor, case_unit: str) -> bool:
    """Rule ``own-unit``: an officer sees their own unit's cases; the body-wide roles see
    all; the administrator sees none."""
    if actor.role in CASE_READERS_ALL_UNITS:
        return True
    return actor.role is Role.OFFICER and case_unit == actor.unit


def may_record_on_case(actor: Actor, case_unit: str) -> bool:
    """Rule ``own-unit`` for writing: an officer records steps on their own unit's cases
    only. Which trigger each role may fire is ``role-may-act``'s question."""
    if actor.role is Role.OFFICER:
        return case_unit == actor.unit
    return True


def may_see_decree(actor: Actor, decree: Decree) -> bool:
    """An issued (or revoked) decree is a public document: every role that reads decrees
    sees it. A draft, and a discarded draft, is the decree makers' working paper: to anyone
    else it does not exist."""
    if not may(actor, Capability.READ_DECREES):
        return False
    if decree.state in (DecreeState.ISSUED, DecreeState.REVOKED):
        return True
    return may(actor, Capability.DRAFT_DECREES)
