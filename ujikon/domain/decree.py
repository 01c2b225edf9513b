"""The decree (SK Penetapan Informasi yang Dikecualikan) as an aggregate of events.

A PPID Utama drafts a decree listing approved cases, previews it, and issues it:
issuing assigns the next number of the year and places the issuer's signature. Each
signer of the body's profile signs from their own account (rule ``signer-own-account``):
while a signer is still to sign (the Atasan PPID, typically) the decree is ``signing``;
the last signature issues it, and in the same transaction moves every listed case to
``decreed`` and records the signed PDF's hash. A profile naming one signer issues at
once. A later decree can revoke it. Numbers are a subject of their own
(``decree-serial:<year>``) whose version is the count of numbers given, so two issuers
can never take the same one and none is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ujikon.domain.body import SignerProfile
from ujikon.domain.case import Case
from ujikon.domain.events import NewEvent
from ujikon.domain.labels import LabelledEnum
from ujikon.domain.roles import Actor, Role
from ujikon.domain.states import CaseState
from ujikon.domain.text import StorableModel
from ujikon.errors import RuleViolation

__all__ = [
    "DECREE_ROLES",
    "DECREE_RULES",
    "SIGNER_OWN_ACCOUNT",
    "SIGNER_OWN_ACCOUNT_ARTICLE",
    "Decree",
    "DecreeState",
    "DraftDecree",
    "IssueRecord",
    "IssuedSigner",
    "Revoke",
    "apply_decree",
    "check_issue",
    "decide_discard",
    "decide_draft",
    "decide_issue",
    "decide_number",
    "decide_revoke",
    "decide_signed",
    "decree_subject",
    "next_signatures",
    "owns_signature",
    "refuse_foreign_pins",
    "refuse_held",
    "require_decree_role",
    "serial_subject",
]

DECREE_ROLES = frozenset({Role.PPID, Role.HEAD})
"""Who drafts, issues, discards and revokes decrees (rule role-may-act)."""

DECREE_RULES: dict[str, str] = {
    "decree-lists-cases": "PP 61/2010; Perki 1/2021",
    "decree-lists-exemptions": "PP 61/2010 (penetapan klasifikasi informasi yang dikecualikan)",
    "decree-state": "Perki 1/2021 (penetapan hasil uji konsekuensi)",
    "signer-own-account": "UU 11/2008 (ITE) Pasal 11 ayat (1) huruf b dan Pasal 12",
}
"""The rules decided here rather than by the case machine, with their articles (registered
in :data:`ujikon.domain.rules.RULES`)."""


SIGNER_OWN_ACCOUNT = "signer-own-account"
"""The rule: each signature of a decree is placed from its signer's own account, with a
PIN nobody else typed (the data that makes an electronic signature stays in the signer's
sole power while signing: UU ITE Pasal 11(1)(b); each party secures it: Pasal 12)."""
SIGNER_OWN_ACCOUNT_ARTICLE = DECREE_RULES[SIGNER_OWN_ACCOUNT]


def decree_subject(decree_id: str) -> str:
    return f"decree:{decree_id}"


def serial_subject(year: int) -> str:
    return f"decree-serial:{year}"


class DecreeState(LabelledEnum):
    DRAFT = ("draft", "konsep", "draft")
    SIGNING = ("signing", "menunggu tanda tangan", "awaiting signature")
    """Numbered and signed by its issuer; a signer of the profile is still to sign."""
    ISSUED = ("issued", "terbit", "issued")
    REVOKED = ("revoked", "dicabut", "revoked")
    DISCARDED = ("discarded", "dibatalkan", "discarded")


class DraftDecree(StorableModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    cases: list[str] = Field(default_factory=list)
    """Case revisions to list, as ``UK-2026-0001/1``."""
    note: str = ""


class IssuedSigner(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    role: str
    name: str
    nip: str = ""
    office: str
    certificate_subject: str
    certificate_sha256: str


class IssueRecord(BaseModel):
    """What ``decree.issued`` records: enough to check the PDF against the log."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: str
    serial: int
    year: int
    dated: date
    place: str
    file: str
    """The PDF, relative to the workspace directory."""
    pdf_sha256: str
    decision_sha256: str
    qr_text: str
    chain_seq: int
    chain_head: str
    catalogue_version: str
    signers: tuple[IssuedSigner, ...]
    cases: tuple[str, ...]


class Revoke(StorableModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str = Field(min_length=3)
    replaced_by: str = ""
    """The number of the decree that replaces it, if any."""


class Decree(BaseModel):
    decree_id: str
    state: DecreeState
    version: int = 0
    drafted_by: str
    drafted_at: datetime
    cases: list[str]
    note: str = ""
    issue: IssueRecord | None = None
    issued_by: str | None = None
    signing: IssueRecord | None = None
    """While ``signing``: the record as far as signed (the PDF with the signatures so far,
    ``signers`` those who signed); the issue record replaces it on the last signature."""
    awaiting: tuple[str, ...] = ()
    """While ``signing``: the roles (:class:`~ujikon.domain.body.SignerRole`) still to
    sign, in the profile's order."""
    revocation: Revoke | None = None
    revoked_at: datetime | None = None

    @property
    def subject(self) -> str:
        return decree_subject(self.decree_id)

    @property
    def numbered(self) -> IssueRecord | None:
        """The record that gave the decree its number: the issue, or while signing (and
        after a signing decree was withdrawn) the record as far as signed."""
        return self.issue or self.signing

    @property
    def number(self) -> str | None:
        record = self.numbered
        return record.number if record else None


def _refuse(
    rule: str, article: str, message_id: str, message_en: str, field: str | None = None
) -> RuleViolation:
    return RuleViolation(rule, article, message_id, message_en, field)


def _event(subject: str, action: str, actor: Actor, now: datetime, data: Any) -> NewEvent:
    """An event of a decree (or of its year's serial) by ``actor`` at ``now``."""
    return NewEvent(
        subject=subject,
        action=action,
        actor=actor.username,
        role=actor.role.value,
        recorded_at=now,
        payload={"data": data},
    )


def require_decree_role(actor: Actor, what: str) -> None:
    """Rule role-may-act for decrees: only :data:`DECREE_ROLES` ``what`` (draft, issue...)."""
    if actor.role not in DECREE_ROLES:
        raise _refuse(
            "role-may-act",
            "Perki 1/2021 (pembagian tugas PPID); UU 14/2008 Pasal 13",
            f"Peran '{actor.role.value}' ({actor.username}) tidak dapat {what} SK; "
            "peran yang berwenang: ppid, head.",
            f"Role '{actor.role.value}' ({actor.username}) may not {what} a decree; "
            "allowed: ppid, head.",
        )


def owns_signature(actor: Actor, signer: SignerProfile) -> bool:
    """Rule ``signer-own-account``: ``actor``'s account places ``signer``'s signature (the
    same role, and the very account when the profile names one)."""
    if actor.role.value != signer.role.value:
        return False
    return not signer.username or signer.username == actor.username


def next_signatures(
    decree: Decree, signers: Sequence[SignerProfile], actor: Actor
) -> list[SignerProfile]:
    """The signatures ``actor`` places now, in the profile's order: from the first one not
    yet placed, every following one that is theirs. Refused (``signer-own-account``) when
    the next signature belongs to someone else, naming whose it is."""
    done = len(decree.signing.signers) if decree.signing is not None else 0
    if decree.state is DecreeState.SIGNING and list(decree.awaiting) != [
        s.role.value for s in signers[done:]
    ]:
        raise _refuse(
            "decree-state",
            DECREE_RULES["decree-state"],
            f"Penanda tangan di profil berubah sejak SK {decree.decree_id} ditandatangani "
            f"pertama kali (menunggu: {', '.join(decree.awaiting)}); tarik SK ini lalu "
            "terbitkan konsep baru.",
            f"The profile's signers changed since decree {decree.decree_id} was first "
            f"signed (awaiting: {', '.join(decree.awaiting)}); withdraw it and issue a new "
            "draft.",
        )
    mine: list[SignerProfile] = []
    for signer in signers[done:]:
        if not owns_signature(actor, signer):
            break
        mine.append(signer)
    if not mine:
        if done >= len(signers):
            raise _refuse(
                "decree-state",
                DECREE_RULES["decree-state"],
                f"SK {decree.decree_id} tidak menunggu tanda tangan lagi.",
                f"Decree {decree.decree_id} awaits no further signature.",
            )
        signer = signers[done]
        whose_id = f"{signer.role.label_id} ({signer.name}"
        whose_en = f"{signer.role.label_en} ({signer.name}"
        if signer.username:
            whose_id += f", akun {signer.username}"
            whose_en += f", account {signer.username}"
        raise _refuse(
            SIGNER_OWN_ACCOUNT,
            SIGNER_OWN_ACCOUNT_ARTICLE,
            f"Tanda tangan berikutnya pada SK ini milik {whose_id}); ia menandatangani "
            f"dari akunnya sendiri dengan PIN-nya sendiri, bukan dari akun "
            f"{actor.username} ({actor.role.label_id}).",
            f"The next signature on this decree is that of {whose_en}); they sign from "
            f"their own account with their own PIN, not from {actor.username}'s "
            f"({actor.role.label_en}).",
        )
    return mine


def refuse_held(refs: Sequence[str], held: Mapping[str, str]) -> None:
    """Rule ``decree-lists-cases``: a case awaiting its decree's last signature is listed
    by no other decree meanwhile."""
    for i, ref in enumerate(refs):
        if ref in held:
            raise _refuse(
                "decree-lists-cases",
                DECREE_RULES["decree-lists-cases"],
                f"Kasus {ref} sudah tercantum dalam SK Nomor {held[ref]} yang menunggu tanda "
                "tangan; satu kasus ditetapkan oleh satu SK.",
                f"Case {ref} is listed by decree {held[ref]}, which awaits a signature; a case "
                "is set by one decree.",
                f"cases[{i}]",
            )


def refuse_foreign_pins(
    named_keys: Iterable[str],
    signers: Sequence[SignerProfile],
    mine: Sequence[SignerProfile],
    actor: Actor,
) -> None:
    """Rule ``signer-own-account``: the PIN of a key that is another signer's is never
    taken from this account (the names are looked at, no PIN is read)."""
    own = {s.key for s in mine}
    named = set(named_keys)
    for signer in signers:
        if signer.key not in own and signer.key in named:
            raise _refuse(
                SIGNER_OWN_ACCOUNT,
                SIGNER_OWN_ACCOUNT_ARTICLE,
                f"PIN kunci '{signer.key}' milik {signer.role.label_id} ({signer.name}); ia "
                f"memasukkannya sendiri dari akunnya, bukan dari akun {actor.username}. "
                "Tidak ada yang ditandatangani.",
                f"The PIN of key '{signer.key}' is {signer.role.label_en}'s ({signer.name}); "
                f"they enter it from their own account, not from {actor.username}'s. Nothing "
                "was signed.",
                f"passphrase_{signer.key}",
            )


def _check_cases(refs: list[str], cases: dict[str, Case]) -> None:
    if not refs:
        raise _refuse(
            "decree-lists-cases",
            DECREE_RULES["decree-lists-cases"],
            "SK harus mencantumkan sedikitnya satu kasus yang disetujui.",
            "A decree must list at least one approved case.",
            "cases",
        )
    if len(set(refs)) != len(refs):
        raise _refuse(
            "decree-lists-cases",
            DECREE_RULES["decree-lists-cases"],
            "Sebuah kasus tercantum dua kali.",
            "A case is listed twice.",
            "cases",
        )
    for i, ref in enumerate(refs):
        case = cases[ref]
        if case.conclusion is not None and not case.conclusion.outcome.withholds:
            raise _refuse(
                "decree-lists-exemptions",
                DECREE_RULES["decree-lists-exemptions"],
                f"Kasus {ref} disimpulkan terbuka; SK hanya menetapkan informasi yang "
                "dikecualikan, dan informasi ini diberikan kepada publik.",
                f"Case {ref} concluded 'open'; a decree sets only exempt information, and this "
                "information is released.",
                f"cases[{i}]",
            )
        if case.state is not CaseState.APPROVED:
            raise _refuse(
                "decree-needs-approved",
                "Perki 1/2021 (penetapan hasil uji konsekuensi)",
                f"Kasus {ref} berstatus '{case.state.value}' ({case.state.label_id}), belum "
                "disetujui PPID Utama.",
                f"Case {ref} is '{case.state.value}' ({case.state.label_en}), not approved.",
                f"cases[{i}]",
            )


def decide_draft(
    decree_id: str, payload: DraftDecree, actor: Actor, cases: dict[str, Case], now: datetime
) -> NewEvent:
    """Draft a decree over approved cases (``cases`` maps each ref to its current case)."""
    require_decree_role(actor, "menyusun / draft")
    _check_cases(payload.cases, cases)
    return _event(
        decree_subject(decree_id),
        "decree.drafted",
        actor,
        now,
        {"decree_id": decree_id, **payload.model_dump(mode="json")},
    )


def _must_be(decree: Decree, state: DecreeState, what_id: str, what_en: str) -> None:
    if decree.state is not state:
        raise _refuse(
            "decree-state",
            DECREE_RULES["decree-state"],
            f"SK {decree.decree_id} berstatus '{decree.state.value}'; tidak dapat {what_id}.",
            f"Decree {decree.decree_id} is '{decree.state.value}'; it cannot be {what_en}.",
        )


def decide_number(
    decree: Decree, year: int, serial: int, number: str, actor: Actor, now: datetime
) -> NewEvent:
    """The event giving ``decree`` the ``serial``-th number of ``year``."""
    return _event(
        serial_subject(year),
        "decree.number_assigned",
        actor,
        now,
        {"serial": serial, "number": number, "decree_id": decree.decree_id},
    )


def check_issue(decree: Decree, actor: Actor, cases: dict[str, Case]) -> None:
    """Refuse, before anything is rendered, a decree that cannot be issued (or signed
    further) now."""
    require_decree_role(actor, "menerbitkan / issue")
    if decree.state is not DecreeState.SIGNING:
        _must_be(decree, DecreeState.DRAFT, "diterbitkan", "issued")
    _check_cases(decree.cases, cases)


def decide_signed(
    decree: Decree,
    record: IssueRecord,
    awaiting: Sequence[str],
    actor: Actor,
    cases: dict[str, Case],
    now: datetime,
) -> NewEvent:
    """The event of signatures placed on a decree that still awaits ``awaiting``: from a
    draft it takes the number (the PDF prints it); the cases stay approved until the last
    signature issues it."""
    check_issue(decree, actor, cases)
    if not awaiting:
        raise ValueError("decide_signed needs a signer still to sign; the last one issues")
    return _event(
        decree.subject,
        "decree.signed",
        actor,
        now,
        {"record": record.model_dump(mode="json"), "awaiting": list(awaiting)},
    )


def decide_issue(
    decree: Decree, record: IssueRecord, actor: Actor, cases: dict[str, Case], now: datetime
) -> NewEvent:
    """The event that issues a drafted decree; its cases must still be approved."""
    check_issue(decree, actor, cases)
    return _event(decree.subject, "decree.issued", actor, now, record.model_dump(mode="json"))


def decide_revoke(decree: Decree, payload: Revoke, actor: Actor, now: datetime) -> NewEvent:
    """Revoke an issued decree (a later decree replaces it)."""
    require_decree_role(actor, "mencabut / revoke")
    _must_be(decree, DecreeState.ISSUED, "dicabut", "revoked")
    return _event(decree.subject, "decree.revoked", actor, now, payload.model_dump(mode="json"))


def decide_discard(decree: Decree, actor: Actor, now: datetime) -> NewEvent:
    """Abandon a draft (it never had a number), or withdraw a decree still awaiting a
    signature (its number stays taken and unused, as the log shows)."""
    require_decree_role(actor, "membatalkan / discard")
    if decree.state is not DecreeState.SIGNING:
        _must_be(decree, DecreeState.DRAFT, "dibatalkan", "discarded")
    return _event(decree.subject, "decree.discarded", actor, now, {})


def apply_decree(decree: Decree | None, event: NewEvent) -> Decree:
    data: dict[str, Any] = event.payload["data"]
    if event.action == "decree.drafted":
        return Decree(
            decree_id=data["decree_id"],
            state=DecreeState.DRAFT,
            version=1,
            drafted_by=event.actor,
            drafted_at=event.recorded_at,
            cases=list(data["cases"]),
            note=data.get("note", ""),
        )
    if decree is None:
        raise ValueError(f"{event.action} before decree.drafted on {event.subject}")
    update: dict[str, Any] = {"version": decree.version + 1}
    if event.action == "decree.signed":
        update |= {
            "state": DecreeState.SIGNING,
            "signing": IssueRecord.model_validate(data["record"]),
            "awaiting": tuple(data["awaiting"]),
            "issued_by": decree.issued_by or event.actor,
        }
    elif event.action == "decree.issued":
        update |= {
            "state": DecreeState.ISSUED,
            "issue": IssueRecord.model_validate(data),
            "issued_by": decree.issued_by or event.actor,
            "signing": None,
            "awaiting": (),
        }
    elif event.action == "decree.revoked":
        update |= {
            "state": DecreeState.REVOKED,
            "revocation": Revoke.model_validate(data),
            "revoked_at": event.recorded_at,
        }
    elif event.action == "decree.discarded":
        update |= {"state": DecreeState.DISCARDED, "awaiting": ()}
    else:
        raise ValueError(f"unknown decree event {event.action}")
    return decree.model_copy(update=update)
