"""The public body's profile: what its decrees say of it, and who signs them.

Set by an admin with ``ujikon body set``; kept as events (subject ``body``), so the
profile a decree was issued under can always be read back from the log.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from pydantic import ConfigDict, Field, field_validator

from ujikon.domain.events import NewEvent
from ujikon.domain.labels import LabelledEnum
from ujikon.domain.roles import ADMIN_ARTICLE, ADMIN_MANAGES_WORKSPACE, Actor, Role
from ujikon.domain.text import StorableModel
from ujikon.errors import RuleViolation

__all__ = [
    "BODY_SUBJECT",
    "BodyProfile",
    "SignerProfile",
    "SignerRole",
    "apply_body",
    "decide_set_body",
    "format_decree_number",
    "roman_month",
]

BODY_SUBJECT = "body"

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def roman_month(month: int) -> str:
    """The month in Roman numerals, as decree numbers write it (11 → ``XI``)."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} out of range")
    return _ROMAN[month - 1]


class SignerRole(LabelledEnum):
    PPID = ("ppid", "PPID Utama", "PPID Utama")
    """The PPID Utama, who sets the decree (PP 61/2010: the classification is set by the PPID)."""
    HEAD = ("head", "Atasan PPID", "head of the body")
    """The head of the body, where its rules want the head's signature too."""


class SignerProfile(StorableModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    role: SignerRole
    office: str = Field(min_length=1, max_length=300)
    """As printed above the signature, e.g. "PPID UTAMA PEMERINTAH KABUPATEN SUKAMAJU"."""
    name: str = Field(min_length=1, max_length=200)
    nip: str = Field(default="", pattern=r"^[0-9 ]{0,30}$")
    rank: str = Field(default="", max_length=200)
    key_name: str = Field(default="", pattern=r"^[a-z0-9_-]{0,40}$")
    """The signing key in the workspace (``keys/<key_name>.p12``); defaults to the role."""
    username: str = Field(default="", pattern=r"^([a-z][a-z0-9._-]{1,39})?$")
    """The account that places this signature (rule ``signer-own-account``); empty: any
    active account holding the signer's role."""
    above: str = Field(default="", max_length=100)
    """The word over a signer who acknowledges rather than issues, e.g. "Mengetahui," or
    "Menyetujui,"; a second signer who is the Atasan PPID gets "Mengetahui," when empty."""

    @property
    def key(self) -> str:
        return self.key_name or self.role.value


class DocumentFont(StrEnum):
    """The typefaces a decree can be set in: both are embedded in every PDF (PDF/A), both
    metric-compatible with the fonts offices use (Times New Roman, Arial)."""

    SERIF = "serif"
    SANS = "sans"

    @property
    def family(self) -> str:
        """The CSS font stack."""
        if self is DocumentFont.SANS:
            return '"Liberation Sans", "DejaVu Sans", sans-serif'
        return '"Liberation Serif", "DejaVu Serif", serif'


class BodyProfile(StorableModel):
    """Everything about the body that a decree states (PP 61/2010; domain.md)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=3, max_length=300)
    """E.g. "Pemerintah Kabupaten Sukamaju"."""
    letterhead: tuple[str, ...] = ()
    """Heading lines of the letterhead; the upper-cased name when empty."""
    address: str = Field(default="", max_length=500)
    contact: str = Field(default="", max_length=500)
    place: str = Field(min_length=2, max_length=100)
    """Where decrees are set: "Ditetapkan di <place>"."""
    issuer: str = Field(default="", max_length=300)
    """Who sets the decree, e.g. "PPID Utama Pemerintah Kabupaten Sukamaju"."""
    number_pattern: str = "{code}/{serial:03d}/{unit}/{month}/{year}"
    """Python format with ``code``, ``serial``, ``unit``, ``month`` (Roman) and ``year``."""
    number_code: str = Field(default="188.4", max_length=40)
    number_unit: str = Field(default="PPID", max_length=40)
    signers: tuple[SignerProfile, ...] = ()
    own_rules: tuple[str, ...] = ()
    """The body's own regulations, cited under Mengingat after the national ones."""
    font: DocumentFont = DocumentFont.SERIF
    """The typeface of the decree: Liberation Serif (Times metrics) or Liberation Sans
    (Arial metrics, common in regional Tata Naskah Dinas)."""
    font_size_pt: int = Field(default=12, ge=10, le=14)
    """The body text size of the decree, in points."""
    tagged_pdf: bool = False
    """Write the decree as a tagged PDF (its structure for screen readers), still PDF/A-3b.
    Off by default: it adds about a tenth to the time of issuing a large decree."""
    copies: tuple[str, ...] = ()
    """Who receives a copy of each decree ("Tembusan"), e.g. "Bupati Sukamaju (sebagai
    laporan)", "Komisi Informasi Provinsi Jawa Barat"; none when empty."""
    logo_file: str = ""
    """A PNG/SVG file in the workspace's ``assets/`` folder."""
    tsa_url: str = ""
    """A timestamp authority (RFC 3161) for PAdES B-T signatures; none when empty."""
    verification_url: str = Field(default="", max_length=300)
    """The body's public page where anyone checks a decree (``ujikon serve`` answers it at
    ``/cek``), e.g. ``https://ppid.sukamajukab.go.id/cek``. When set, the QR code of each
    decree is this address with the decree's number and hash, so a phone opens the check;
    when empty, the code carries the number and hash as text."""

    @field_validator("verification_url")
    @classmethod
    def _verification_url(cls, value: str) -> str:
        value = value.strip()
        if not value:
            return value
        if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?", value):
            raise ValueError(
                "alamat halaman verifikasi harus http(s)://host/jalur tanpa ?query atau #, "
                f"mis. https://ppid.sukamajukab.go.id/cek; diberikan {value!r} / the "
                "verification page must be http(s)://host/path without ?query or #"
            )
        return value

    @field_validator("number_pattern")
    @classmethod
    def _pattern_formats(cls, value: str) -> str:
        try:
            value.format(code="188.4", serial=1, unit="PPID", month="XI", year=2026)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
            raise ValueError(
                f"pola nomor tidak valid / invalid number pattern: {exc}; "
                "fields: code, serial, unit, month, year"
            ) from None
        if "{serial" not in value:
            raise ValueError("pola nomor harus memuat {serial} / the pattern needs {serial}")
        return value

    @property
    def heading(self) -> tuple[str, ...]:
        return self.letterhead or (self.name.upper(),)

    @property
    def issuer_name(self) -> str:
        return self.issuer or f"PPID Utama {self.name}"

    def signer(self, role: SignerRole) -> SignerProfile | None:
        return next((s for s in self.signers if s.role is role), None)


def format_decree_number(profile: BodyProfile, serial: int, year: int, month: int) -> str:
    """The decree number in the body's pattern, e.g. ``188.4/012/PPID/XI/2026``."""
    return profile.number_pattern.format(
        code=profile.number_code,
        serial=serial,
        unit=profile.number_unit,
        month=roman_month(month),
        year=year,
    )


def decide_set_body(profile: BodyProfile, actor: Actor, now: datetime) -> NewEvent:
    """The event that sets the profile; only an admin sets it."""
    if actor.role is not Role.ADMIN:
        raise RuleViolation(
            ADMIN_MANAGES_WORKSPACE,
            ADMIN_ARTICLE,
            f"Hanya admin yang dapat mengubah profil badan publik; pelaku: {actor.username} "
            f"({actor.role.value}).",
            f"Only an admin may change the body's profile; acting: {actor.username} "
            f"({actor.role.value}).",
        )
    if not profile.signers:
        raise RuleViolation(
            ADMIN_MANAGES_WORKSPACE,
            "PP 61/2010 (penetapan oleh PPID)",
            "Profil harus menyebut sedikitnya satu penanda tangan SK (PPID Utama atau pimpinan).",
            "The profile must name at least one decree signer (the PPID Utama or the head).",
            "signers",
        )
    return NewEvent(
        subject=BODY_SUBJECT,
        action="body.profile_set",
        actor=actor.username,
        role=actor.role.value,
        recorded_at=now,
        payload={"data": profile.model_dump(mode="json")},
    )


def apply_body(profile: BodyProfile | None, event: NewEvent) -> BodyProfile:
    if event.action != "body.profile_set":
        raise ValueError(f"unknown body event {event.action}")
    return BodyProfile.model_validate(event.payload["data"])
