"""Who may act: the roles of design.md and the acting user."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ujikon.domain.labels import LabelledEnum

__all__ = [
    "ADMIN_ARTICLE",
    "ADMIN_MANAGES_USERS",
    "ADMIN_MANAGES_WORKSPACE",
    "Actor",
    "Role",
]

ADMIN_MANAGES_USERS = "admin-manages-users"
"""The rule: only an admin adds users or sets another user's password."""
ADMIN_MANAGES_WORKSPACE = "admin-manages-workspace"
"""The rule: only an admin sets the body's profile, its days off and its signing keys."""
ADMIN_ARTICLE = "Perki 1/2021 (pengelolaan PPID); UU 14/2008 Pasal 13"
"""Where the admin rules come from: the PPID's organisation and its secretariat."""


class Role(LabelledEnum):
    """The offices that use ujikon (design.md, "Who uses it")."""

    OFFICER = ("officer", "PPID Pelaksana / pejabat penguji", "officer")
    """PPID Pelaksana/Pembantu, legal staff, tim pertimbangan: draft and record the test."""
    PPID = ("ppid", "PPID Utama", "PPID Utama (chief information officer)")
    """PPID Utama: review, return or approve, compile and issue decrees."""
    HEAD = ("head", "Atasan PPID", "head of the public body")
    """Atasan PPID / pimpinan Badan Publik: sign decrees, decide objections."""
    AUDITOR = ("auditor", "Auditor / tim monev", "auditor")
    """Internal inspector or Komisi Informasi monitoring team: read only."""
    ADMIN = ("admin", "Administrator", "administrator")
    """PPID secretariat / IT: users, body profile, keys."""


class Actor(BaseModel):
    """The user on whose behalf an action runs."""

    model_config = ConfigDict(frozen=True)

    username: str = Field(pattern=r"^[a-z][a-z0-9._-]{1,39}$")
    role: Role
    unit: str = ""
    full_name: str = ""
    """How documents name the user (a berita acara, a decree's sheets); from the profile."""
    nip: str = ""
    position: str = ""
    """Jabatan, as a berita acara names it; from the profile."""
