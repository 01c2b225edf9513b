"""The shapes of the JSON API: what each request carries and each response holds.

Records of the domain (:class:`~ujikon.domain.case.Case`, the payload of every step,
:class:`~ujikon.domain.decree.Decree`, the statute catalogue) are used as they are, so the
OpenAPI document describes exactly what the service takes and gives; the models here add
what the API says beside them (the viewer's next triggers, error bodies, pages of the
log) and the requests that are the API's own (log-in, drafting, issuing).

Dates and times are ISO 8601 strings in JSON.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    computed_field,
    field_validator,
)

from ujikon.domain.body import BodyProfile
from ujikon.domain.case import Case, Flag
from ujikon.domain.lint import LintWarning
from ujikon.domain.roles import Role
from ujikon.domain.text import storable_text
from ujikon.domain.users import User

__all__ = [
    "AnswerDeadlineOut",
    "ApiError",
    "AuditPage",
    "AuditProblem",
    "AuditReportOut",
    "BodyProfileIn",
    "CaseDeadlinesOut",
    "CaseOut",
    "CaseReceipt",
    "CaseSummaryOut",
    "ChainHeadOut",
    "CleanText",
    "DraftDecreeIn",
    "EventOut",
    "IssueDecreeIn",
    "KeyOut",
    "LoginIn",
    "Me",
    "NewUserIn",
    "ObjectionDeadlineOut",
    "PasswordIn",
    "RegisterOut",
    "RegisterRowOut",
    "RevokeDecreeIn",
    "SessionOut",
    "SignatureOut",
    "StateLabel",
    "UserOut",
    "ValidationProblem",
    "VerifyOut",
]


CleanText = Annotated[str, AfterValidator(storable_text)]
"""Text without NUL characters or unpaired surrogates."""

_NAME = r"^[a-z][a-z0-9._-]{1,39}$"
_KEY = r"^[a-z0-9_-]{1,40}$"
_CASE_REF = r"^[A-Za-z][A-Za-z0-9]{0,9}-\d{4}-\d{4,6}(/\d{1,6})?$"


# -- errors -------------------------------------------------------------------------------


class RuleRefusal(BaseModel):
    """One more refusal of the same request by a legal rule, about another field."""

    rule: str
    article: str
    field: str | None = None
    message_id: str
    message_en: str


class ApiError(BaseModel):
    """Every refusal of the API (web/errors.py): the error's class, its message (Indonesian,
    then English) and, by kind, the rule and article that refused and the field concerned
    (422), the subject and versions of a conflict (409) or what was not found (404)."""

    error: str = Field(examples=["RuleViolation"])
    message: str
    rule: str | None = Field(default=None, examples=["ground-needs-item"])
    article: str | None = Field(default=None, examples=["UU 14/2008 Pasal 17 huruf h"])
    field: str | None = Field(default=None, examples=["citations[0].ground"])
    message_id: str | None = None
    message_en: str | None = None
    also: list[RuleRefusal] | None = None
    """For a rule's refusal (422): the rules' refusals of the other fields of the same
    request, so a client shows every problem at once."""
    kind: str | None = None
    id: str | None = None
    subject: str | None = None
    expected: int | None = None
    actual: int | None = None
    limit: int | None = None


class ValidationProblem(BaseModel):
    """A request that does not fit its schema (FastAPI's own 422 body)."""

    detail: list[dict[str, Any]]


# -- session ------------------------------------------------------------------------------


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[^\x00]*$")]
    password: Annotated[CleanText, StringConstraints(min_length=1, max_length=1024)]


class SessionOut(BaseModel):
    token: str
    """Send it as ``Authorization: Bearer <token>``."""
    token_type: str = "bearer"
    username: str
    role: Role
    unit: str
    expires_in: int
    """Seconds of inactivity after which the token ends (it also ends some hours after
    log-in whatever the activity, on log-out, and when the password changes)."""


class StateLabel(BaseModel):
    id: str
    en: str


class Me(BaseModel):
    username: str
    role: Role
    role_label: StateLabel
    unit: str
    full_name: str
    capabilities: list[str]
    """What the role may do beyond the steps of a case (ujikon/domain/access.py)."""


# -- cases --------------------------------------------------------------------------------


class CaseSummaryOut(BaseModel):
    """One line of the case list."""

    case_id: str
    revision: int
    ref: str
    state: str
    title: str
    unit: str
    opened_by: str
    updated_at: str
    grounds: list[str]
    outcome: str | None


class AnswerDeadlineOut(BaseModel):
    """The last day to answer the request the case was opened on (UU 14/2008 Pasal
    22(7); with the one extension of Pasal 22(8) when ``extended``)."""

    received: date
    due: date
    working_days_left: int
    """Working days after ``as_of`` up to and including ``due``; negative once past."""
    extended: bool
    status: str = Field(examples=["near"])
    """``ok``, ``near`` (three working days or fewer) or ``late``."""
    label: StateLabel


class ObjectionDeadlineOut(BaseModel):
    """The limits around one objection (Pasal 35-37), counted on the body's calendar."""

    reference: str
    filed_on: date
    filing_due: date
    """The last day it could be filed: 30 working days after the answer (Pasal 36(1))."""
    answer_due: date
    """The last day of the Atasan PPID's answer: 30 working days (Pasal 36(2))."""
    answer_left: int | None
    """Unanswered: working days left up to ``answer_due`` (negative once past)."""
    answered: bool
    answered_late: bool
    dispute_due: date | None
    """After an upheld answer: the last day to take the dispute to the Komisi Informasi
    (14 working days, Pasal 37(2))."""
    status: str = Field(examples=["ok"])
    """``answered``, ``ok``, ``near`` or ``late`` (unanswered past ``answer_due``)."""


class CaseDeadlinesOut(BaseModel):
    """Every working-day limit of the case as of a day (the workspace's today)."""

    as_of: date
    answer: AnswerDeadlineOut | None
    """While the case is tested on a request; ``null`` otherwise."""
    objections: list[ObjectionDeadlineOut]


class CaseOut(Case):
    """One revision of a case, with what the viewer may do next on it."""

    allowed_triggers: list[str]
    """Triggers the viewer's role may fire now (``POST /api/cases/{case_id}/{trigger}``);
    the rules may still refuse the payload."""
    review_flags: list[Flag]
    """What a reviewer should look at (no refusal)."""
    warnings: list[LintWarning]
    """Weak reasoning found in the steps recorded (advice, no refusal)."""
    deadlines: CaseDeadlinesOut
    """The answer to the request and each objection: when they are due."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ref(self) -> str:
        """``UK-2026-0001/1``: the case id and this revision."""
        return f"{self.case_id}/{self.revision}"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def title(self) -> str:
        """The document's title once identified, else the working title."""
        return Case.title.fget(self)  # type: ignore[attr-defined,no-any-return]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def state_label(self) -> StateLabel:
        return StateLabel(id=self.state.label_id, en=self.state.label_en)


class CaseReceipt(BaseModel):
    """What a trigger answers to a viewer whose role reads no case (the administrator,
    who may let an exemption expire): the case's id and new state, not its content."""

    case_id: str
    revision: int
    ref: str
    state: str


class EventOut(BaseModel):
    """An event as the audit log shows it: the stored fields, the states it moved a case
    between, its time in UTC and in WIB, and its hash link."""

    model_config = ConfigDict(populate_by_name=True)

    seq: int
    recorded_at: str
    time_wib: str
    actor: str
    role: str
    action: str
    subject: str
    subject_version: int
    from_: str | None = Field(alias="from")
    to: str | None
    payload_version: int
    payload: dict[str, Any]
    prev_hash: str
    hash: str


# -- decrees ------------------------------------------------------------------------------


class DraftDecreeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cases: list[Annotated[str, StringConstraints(pattern=_CASE_REF, max_length=30)]] | None = Field(
        default=None, max_length=500, examples=[["UK-2026-0001/1"]]
    )
    """Case revisions to list (``UK-2026-0001/1``); ``null``: every approved case that
    withholds information."""
    note: Annotated[CleanText, StringConstraints(max_length=2000)] = ""


class IssueDecreeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    passphrases: dict[
        Annotated[str, StringConstraints(pattern=_KEY)],
        Annotated[CleanText, StringConstraints(max_length=1024)],
    ] = Field(default_factory=dict, max_length=10, examples=[{"ppid": "kata-sandi-kunci"}])
    """The passphrase of each signer's key, by key name (``ppid``, ``head``)."""


class RevokeDecreeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[CleanText, StringConstraints(min_length=3, max_length=5000)]
    replaced_by: Annotated[CleanText, StringConstraints(max_length=100)] = ""
    """The number of the decree that replaces it, if any."""


class KeyOut(BaseModel):
    key_name: str
    subject: str
    issuer: str
    fingerprint_sha256: str
    not_after: str
    is_dev: bool
    installed_by: str
    installed_at: str


# -- register -----------------------------------------------------------------------------


class RegisterRowOut(BaseModel):
    """One item of the DIK, with the columns of the decree's annex."""

    no: int
    case: str
    information: str
    document: str
    document_reference: str
    owning_unit: str
    grounds: list[str]
    legal_basis: list[str]
    consequence: str
    public_interest: str
    conclusion: str
    outcome: str
    period: str
    period_kind: str
    period_end: date | None
    decree_number: str
    decree_date: date


class RegisterOut(BaseModel):
    as_of: date
    unit: str | None
    ground: str | None
    rows: list[RegisterRowOut]


# -- audit --------------------------------------------------------------------------------


class AuditPage(BaseModel):
    """A page of the log, oldest first; ask for the next with ``after_seq=next_after_seq``."""

    events: list[EventOut]
    next_after_seq: int | None
    """``null`` when this page is the last."""
    filter: dict[str, Any]


class AuditProblem(BaseModel):
    kind: str
    code: str
    seq: int | None
    file: str | None
    decree: str | None
    message: str


class ChainHeadOut(BaseModel):
    seq: int
    hash: str


class AuditReportOut(BaseModel):
    ok: bool
    events: int
    head: ChainHeadOut
    decrees_checked: int
    decree_files_ok: int
    first_problem: AuditProblem | None
    problems: list[AuditProblem]
    exit_code: int


class SignatureOut(BaseModel):
    signer: str
    subject: str
    kind: str
    intact: bool
    trusted: bool
    is_dev: bool
    timestamp: str | None


class VerifyOut(BaseModel):
    """Is this the decree the body issued, unchanged, and is it still in force?"""

    ok: bool
    file: str
    sha256: str
    size: int
    number: str | None
    signed: bool
    signatures: list[SignatureOut]
    modified_after_signing: bool
    decision_matches_qr: bool | None
    log_status: str
    """``matches``, ``differs``, ``unknown`` (not in this workspace's log) or ``revoked``."""
    log_notes: list[str]
    revocation: dict[str, Any] | None
    summary: list[str]
    """The verdict in words, one fact a line (Indonesian / English)."""


# -- the body's profile -------------------------------------------------------------------


class BodyProfileIn(BodyProfile):
    """The body's profile as a client sends it."""

    @field_validator("number_pattern", mode="before")
    @classmethod
    def _formats_without_surprise(cls, value: object) -> object:
        # The profile's own check names the fields a pattern may use; a pattern that
        # reaches into a field ("{code.x}") or mistypes one fails here, as a 422.
        if isinstance(value, str):
            try:
                value.format(code="188.4", serial=1, unit="PPID", month="XI", year=2026)
            except (AttributeError, TypeError) as exc:
                raise ValueError(
                    f"pola nomor tidak valid / invalid number pattern: {exc}"
                ) from None
        return value


# -- users --------------------------------------------------------------------------------


class UserOut(User):
    has_password: bool


class NewUserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: Annotated[str, StringConstraints(pattern=_NAME)]
    role: Role
    full_name: Annotated[CleanText, StringConstraints(max_length=200)] = ""
    unit: Annotated[CleanText, StringConstraints(max_length=200)] = ""
    nip: Annotated[str, StringConstraints(pattern=r"^[0-9 ]{0,30}$")] = ""
    password: Annotated[CleanText, StringConstraints(max_length=256)] | None = None
    """The log-in password (at least 10 characters, not the user name); none: set it later."""


class PasswordIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: Annotated[CleanText, StringConstraints(min_length=1, max_length=256)]
