"""The payload of every step: the facts and reasoning an actor records.

One pydantic model per trigger. They check shape (types, required fields, blank
text); the legal rules that compare a payload with the case and the catalogue live
in :mod:`ujikon.domain.rules`, so that each refusal names its rule and article.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import (
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from ujikon.domain.labels import LabelledEnum
from ujikon.domain.text import StorableModel
from ujikon.law import normalise_ground_id

__all__ = [
    "AnswerObjection",
    "AssessHarm",
    "Authority",
    "CiteGrounds",
    "Conclude",
    "Document",
    "DocumentForm",
    "Expire",
    "ExtendAnswer",
    "FileObjection",
    "GroundCitation",
    "HarmStatement",
    "Identify",
    "IncludeInDecree",
    "ObjectionOutcome",
    "OpenCase",
    "Outcome",
    "Overturn",
    "Period",
    "PeriodKind",
    "Redaction",
    "Retest",
    "ReturnForRevision",
    "Review",
    "Revise",
    "Scope",
    "StatuteKind",
    "StatuteRef",
    "Step",
    "Submit",
    "TriggerContext",
    "TriggerKind",
    "WeighPublicInterest",
    "Weight",
    "Withdraw",
]


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
"""Free text that may not be blank."""
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]


class _Payload(StorableModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class Step(StrEnum):
    """The recorded steps of the test (Perki 1/2021), in the law's order."""

    IDENTIFY = "identify"
    CITE_GROUNDS = "cite_grounds"
    ASSESS_HARM = "assess_harm"
    WEIGH_PUBLIC_INTEREST = "weigh_public_interest"
    CONCLUDE = "conclude"


# -- step 1: why the test runs -------------------------------------------------------


class TriggerKind(StrEnum):
    PROACTIVE = "proactive"
    """Before any request, e.g. the yearly DIK review."""
    REQUEST = "request"
    """On a request for information (its number and date)."""
    KI_ORDER = "ki_order"
    """On the order of a Majelis Komisioner in a dispute (its case number and date)."""


class TriggerContext(_Payload):
    kind: TriggerKind
    reference: OptionalText = ""
    """The request's number, or the Komisi Informasi case number."""
    dated: date | None = None
    """The request's receipt date, or the date of the KI order."""
    note: OptionalText = ""


class RegisterFinding(_Payload):
    """A defect ``register import`` found in the old register's row a case came from: kept
    on the case and shown (``case show``, ``case lint``, the case page) until the officer
    records the step it is about."""

    rule: str
    """The rule or lint code, e.g. ``harm-per-ground``, ``public-interest-not-weighed``."""
    article: str
    column: OptionalText = ""
    """The old register's column the finding is about."""
    message_id: str
    message_en: str = ""


class OpenCase(_Payload):
    """Open a case: step 1 of Perki 1/2021, why the test runs."""

    trigger: TriggerContext
    summary: OptionalText = ""
    """A working title for the case list, e.g. "Rekam medis pegawai"."""


# -- step 2: identify -----------------------------------------------------------------


class DocumentForm(StrEnum):
    PRINTED = "printed"
    ELECTRONIC = "electronic"
    AUDIOVISUAL = "audiovisual"
    OTHER = "other"


class Document(_Payload):
    title: ShortText
    owning_unit: ShortText
    dated: date
    form: DocumentForm
    reference: OptionalText = ""
    """The document's own number, if it has one."""
    category: str = "other"
    """A category of the catalogue (Pasal 18(1)/11(2) or Pasal 11(1)), or ``other``."""


class Scope(StrEnum):
    WHOLE = "whole"
    PART = "part"


class Identify(_Payload):
    """Step 2: the document and exactly which information in it is under test."""

    document: Document
    information: Text
    """Exactly what would be withheld, in words a reader can check against the document."""
    scope: Scope
    parts: list[ShortText] = Field(default_factory=list)
    """The parts (pages, columns, fields) that hold it, when the scope is a part."""
    whole_justification: OptionalText = ""
    """Why the whole document and not a part; required for a Pasal 11(1) document."""


# -- step 3: grounds ------------------------------------------------------------------


class StatuteKind(StrEnum):
    UU = "UU"
    PERPPU = "Perppu"
    PP = "PP"
    PERPRES = "Perpres"
    PERMEN = "Permen"
    PERDA = "Perda"
    OTHER = "other"

    @property
    def is_statute(self) -> bool:
        """An Undang-Undang, or a Perppu which stands at the same level (UU 12/2011 Pasal 7)."""
        return self in (StatuteKind.UU, StatuteKind.PERPPU)


_STATUTE_FORMAL = {
    StatuteKind.UU: "Undang-Undang",
    StatuteKind.PERPPU: "Peraturan Pemerintah Pengganti Undang-Undang",
    StatuteKind.PP: "Peraturan Pemerintah",
    StatuteKind.PERPRES: "Peraturan Presiden",
    StatuteKind.PERMEN: "Peraturan Menteri",
    StatuteKind.PERDA: "Peraturan Daerah",
}


class StatuteRef(_Payload):
    kind: StatuteKind
    number: OptionalText = ""
    year: int | None = Field(default=None, ge=1945, le=2100)
    article: OptionalText = ""
    """The article that forbids disclosure, e.g. ``Pasal 34``."""
    title: OptionalText = ""
    amended: OptionalText = ""
    """Its amendments as a Mengingat line names them, e.g. "sebagaimana telah diubah dengan
    Undang-Undang Nomor 24 Tahun 2013" (the words "sebagaimana telah diubah dengan" are
    added when the text does not start with "sebagaimana")."""

    def formal(self) -> str:
        """As a Mengingat line names it: "Undang-Undang Nomor 23 Tahun 2006 tentang …
        sebagaimana telah diubah dengan Undang-Undang Nomor 24 Tahun 2013 …"."""
        kind = _STATUTE_FORMAL.get(self.kind, self.kind.value)
        head = f"{kind} Nomor {self.number} Tahun {self.year}" if self.year else kind
        named = f"{head} tentang {self.title}" if self.title else head
        amended = self.amended.strip().rstrip(";.")
        if not amended:
            return named
        if not amended.lower().startswith("sebagaimana"):
            amended = "sebagaimana telah diubah dengan " + amended
        return f"{named} {amended}"

    def cite(self) -> str:
        head = f"{self.kind.value} {self.number}/{self.year}" if self.year else self.kind.value
        parts = [head, self.article, f"tentang {self.title}" if self.title else ""]
        return " ".join(p for p in parts if p)


class GroundCitation(_Payload):
    ground: str
    """A ground of the catalogue, e.g. ``17h2``; "17 huruf h angka 2" is accepted too."""
    statute: StatuteRef | None = None
    """For 17j: the Undang-Undang that forbids disclosure."""
    analysis: Text
    """Why the information falls under this ground."""

    @field_validator("ground", mode="before")
    @classmethod
    def _normalise(cls, value: object) -> object:
        return normalise_ground_id(value) if isinstance(value, str) else value


class CiteGrounds(_Payload):
    """Step 3: the grounds of Pasal 17 (or another statute through 17j)."""

    citations: list[GroundCitation] = Field(min_length=1)
    subject_consent: bool = False
    """The person concerned gave written consent to disclosure (Pasal 18(2) huruf a)."""
    concerns_public_office: bool = False
    """The information concerns a person's position in a public office (Pasal 18(2) huruf b)."""

    def ground_ids(self) -> list[str]:
        return [c.ground for c in self.citations]


# -- step 4: harm ---------------------------------------------------------------------


class HarmStatement(_Payload):
    ground: str
    harm: Text
    """The concrete harm disclosure would cause, under this ground."""

    @field_validator("ground", mode="before")
    @classmethod
    def _normalise(cls, value: object) -> object:
        return normalise_ground_id(value) if isinstance(value, str) else value


class AssessHarm(_Payload):
    """Step 4: the consequence of disclosure, tied to each ground cited."""

    harms: list[HarmStatement] = Field(min_length=1)


# -- step 5: public interest ----------------------------------------------------------


class Weight(StrEnum):
    HARM = "harm"
    """The interest protected by withholding is greater."""
    PUBLIC_INTEREST = "public_interest"
    """The public interest in disclosure is greater."""


class WeighPublicInterest(_Payload):
    """Step 5 (and the balance of step 6): what the public gains, and which side weighs more."""

    interests: list[OptionalText] = Field(default_factory=list)
    """Concrete public interests served by disclosure (accountability, health, participation…)."""
    balance: OptionalText = ""
    """The reasoning that weighs the harm against those interests."""
    outweighs: Weight


# -- step 6/7: conclusion and period --------------------------------------------------


class Outcome(StrEnum):
    EXEMPT = "exempt"
    PARTLY_EXEMPT = "partly_exempt"
    OPEN = "open"

    @property
    def withholds(self) -> bool:
        return self is not Outcome.OPEN


class Redaction(StrEnum):
    BLACKEN = "blacken"
    """dihitamkan"""
    BLUR = "blur"
    """dikaburkan"""


class PeriodKind(StrEnum):
    UNTIL_DATE = "until_date"
    UNTIL_CONDITION = "until_condition"
    PERMANENT = "permanent"


class Period(_Payload):
    kind: PeriodKind
    end_date: date | None = None
    """The last day of the exemption (for ``until_condition``, the latest date it may run)."""
    condition: OptionalText = ""
    """The event that ends it, e.g. "sampai putusan berkekuatan hukum tetap"."""


class Conclude(_Payload):
    """Steps 6 and 7: the conclusion and the period."""

    outcome: Outcome
    parts_withheld: list[ShortText] = Field(default_factory=list)
    redaction: Redaction = Redaction.BLACKEN
    period: Period | None = None
    reasoning: OptionalText = ""


# -- review and after -----------------------------------------------------------------


class Submit(_Payload):
    note: OptionalText = ""


class ReturnForRevision(_Payload):
    to_step: Step
    """The step the officer must redo; every later step is redone after it."""
    comments: Text


class Revise(_Payload):
    """The drafter goes back to an earlier step before submitting."""

    to_step: Step
    note: OptionalText = ""


class Review(_Payload):
    comments: OptionalText = ""


class IncludeInDecree(_Payload):
    decree_number: ShortText
    decree_date: date


class Expire(_Payload):
    as_of: date
    note: OptionalText = ""
    """For an end condition: what shows the condition has been met."""


class Retest(_Payload):
    reason: Text
    trigger: TriggerContext


class Authority(LabelledEnum):
    KI = ("komisi_informasi", "putusan Komisi Informasi", "a Komisi Informasi ruling")
    COURT = ("court", "putusan pengadilan", "a court ruling")
    HEAD = (
        "atasan_ppid",
        "tanggapan Atasan PPID atas keberatan",
        "the Atasan PPID's answer to an objection",
    )


class Overturn(_Payload):
    authority: Authority
    ruling_reference: ShortText
    ruling_date: date
    summary: OptionalText = ""


class Withdraw(_Payload):
    reason: Text


class ExtendAnswer(_Payload):
    """The one extension of the answer to a request by 7 working days, given to the
    requester in writing with its reason (UU 14/2008 Pasal 22 ayat (8))."""

    notice_reference: ShortText
    """The number of the written notice sent to the requester."""
    notice_date: date
    reason: Text


# -- objections (keberatan, UU 14/2008 Pasal 35-36) -------------------------------------------


class FileObjection(_Payload):
    """A requester's written objection to the Atasan PPID against the answer that
    withheld the information (UU 14/2008 Pasal 35 ayat (1) huruf a), filed within 30
    working days of that answer (Pasal 36 ayat (1))."""

    reference: ShortText
    """The objection's register number (nomor registrasi keberatan)."""
    objector: ShortText
    """Who objects: the requester, or their representative."""
    answer_date: date
    """The date of the answer objected to (the refusal letter): day 0 of the window."""
    answer_reference: OptionalText = ""
    """The number of that answer letter, if it has one."""
    filed_on: date
    """The day the written objection was received."""
    reasons: Text
    """What the objector says, in short."""


class ObjectionOutcome(LabelledEnum):
    UPHELD = ("upheld", "menguatkan keputusan PPID", "upholds the PPID's decision")
    """The Atasan PPID upholds the decision: the information stays withheld."""
    OPENED = ("opened", "memerintahkan informasi dibuka", "orders the information opened")
    """The Atasan PPID orders the information opened (Pasal 36 ayat (2))."""


class AnswerObjection(_Payload):
    """The Atasan PPID's written answer to an objection (Pasal 36 ayat (2))."""

    objection_reference: ShortText
    """Which objection this answers (its register number)."""
    outcome: ObjectionOutcome
    reference: ShortText
    """The number of the written answer."""
    answered_on: date
    reasons: Text
    """Why: for an order to open, what outweighs the harm the test found."""
