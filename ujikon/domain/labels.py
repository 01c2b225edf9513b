"""Names in Bahasa Indonesia and English: one helper for the enums that carry them, and
the one table of what each workflow step (trigger) is called.

- :class:`LabelledEnum`: a ``str`` enum whose members are written ``(value, label_id,
  label_en)``; ``member.value`` is the code, ``member.label_id`` / ``member.label_en`` its
  names. States, roles, capabilities, sources of days off, authorities... all use it.
- :data:`TRIGGER_LABELS`: what each trigger does, for the CLI and the web alike
  (:func:`trigger_label`).

Pure data: no I/O, nothing beyond the standard library.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ACTION_LABELS",
    "CHOICE_LABELS",
    "PATH_STEPS",
    "STEP_NUMBERS",
    "TRIGGER_LABELS",
    "LabelledEnum",
    "as_heading",
    "choice_label",
    "numbered_label",
    "trigger_label",
]


class LabelledEnum(StrEnum):
    """A ``str`` enum whose members carry their names in both languages.

    Declare members as ``DRAFT = ("draft", "Draf", "draft")``: the first item is the
    value (what is stored and compared), then the Indonesian and English labels.
    """

    _value_: str
    _label_id: str
    _label_en: str

    def __new__(cls, value: str, label_id: str = "", label_en: str = "") -> LabelledEnum:
        # Called once per member while the class is built (``Role("ppid")`` afterwards
        # looks a member up by value); the defaults only let type checkers see that.
        if not (label_id and label_en):
            raise TypeError(f"{cls.__name__} member {value!r} needs both labels")
        member = str.__new__(cls, value)
        member._value_ = value
        member._label_id = label_id
        member._label_en = label_en
        return member

    @property
    def label_id(self) -> str:
        """The member's name in Bahasa Indonesia."""
        return self._label_id

    @property
    def label_en(self) -> str:
        """The member's name in English."""
        return self._label_en

    @property
    def labels(self) -> tuple[str, str]:
        """(Indonesian, English)."""
        return self._label_id, self._label_en


TRIGGER_LABELS: dict[str, tuple[str, str]] = {
    "open": ("Buka kasus", "Open a case"),
    "identify": ("Identifikasi dokumen dan informasi", "Identify the document and information"),
    "cite_grounds": ("Kutip dasar pengecualian", "Cite the grounds"),
    "assess_harm": ("Uraikan konsekuensi bila dibuka", "Assess the harm of disclosure"),
    "weigh_public_interest": ("Timbang kepentingan publik", "Weigh the public interest"),
    "conclude": ("Simpulkan dan tetapkan jangka waktu", "Conclude and set the period"),
    "submit": ("Ajukan untuk ditinjau", "Submit for review"),
    "revise": ("Perbaiki langkah", "Revise a step"),
    "return_for_revision": ("Kembalikan untuk diperbaiki", "Return for revision"),
    "approve": ("Setujui", "Approve"),
    "include_in_decree": ("Masukkan ke SK", "Include in a decree"),
    "expire": ("Nyatakan jangka waktu berakhir", "Record that the period ended"),
    "retest": ("Uji ulang (revisi baru)", "Retest (new revision)"),
    "overturn": ("Catat pembatalan oleh putusan", "Record a ruling that overturns it"),
    "withdraw": ("Tarik kasus", "Withdraw the case"),
    "extend_answer": (
        "Perpanjang jawaban permohonan (Pasal 22(8))",
        "Extend the answer to the request (Pasal 22(8))",
    ),
    "file_objection": ("Catat keberatan (Pasal 35-36)", "Record an objection (Pasal 35-36)"),
    "answer_objection": (
        "Tanggapan Atasan PPID atas keberatan (Pasal 36(2))",
        "The Atasan PPID's answer to an objection (Pasal 36(2))",
    ),
}
"""What each trigger does, (Indonesian, English), as a heading (capitalised); the CLI
writes it in running text with the first letter lowered (:func:`trigger_label`)."""


PATH_STEPS: tuple[tuple[str, str, str, str], ...] = (
    ("open", "1", "Alasan pengujian", "Why the test runs"),
    ("identify", "2", "Dokumen dan informasi", "Document and information"),
    ("cite_grounds", "3", "Dasar pengecualian", "Grounds"),
    ("assess_harm", "4", "Konsekuensi bila dibuka", "Harm of disclosure"),
    ("weigh_public_interest", "5", "Kepentingan publik", "Public interest"),
    ("conclude", "6-7", "Kesimpulan dan jangka waktu", "Conclusion and period"),
    ("submit", "8", "Diajukan untuk ditinjau", "Submitted for review"),
    ("approve", "9", "Ditinjau dan disetujui PPID Utama", "Reviewed and approved"),
    ("include_in_decree", "10", "Ditetapkan dengan SK", "Set by decree"),
)
"""The whole path of a case, with the one numbering every page uses (the stepper, the
step forms, the steps recorded, the "return to step" list, the error summary): the
test's own steps 1–7 as domain.md numbers them (6 and 7, balance and period, are one
form), then review, approval and the decree. (trigger, number, Indonesian, English)."""

STEP_NUMBERS: dict[str, str] = {trigger: number for trigger, number, _, _ in PATH_STEPS}


def numbered_label(trigger: str) -> tuple[str, str]:
    """The trigger's heading with its number on the path ("2. Identifikasi …"); the
    plain heading for a trigger off the path (withdraw, retest …)."""
    text_id, text_en = trigger_label(trigger)
    number = STEP_NUMBERS.get(trigger)
    if number is None:
        return text_id, text_en
    return f"{number}. {text_id}", f"{number}. {text_en}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def trigger_label(trigger: str, *, inline: bool = False) -> tuple[str, str]:
    """What ``trigger`` does, (Indonesian, English); the code itself when unknown.
    ``inline``: as in running text (``"buka kasus"``, not ``"Buka kasus"``)."""
    pair = TRIGGER_LABELS.get(trigger, (trigger, trigger))
    if inline and trigger in TRIGGER_LABELS:
        return _lower_first(pair[0]), _lower_first(pair[1])
    return pair


CHOICE_LABELS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "trigger.kind": (
        ("proactive", "proaktif (sebelum ada permohonan)", "proactive (before any request)"),
        ("request", "atas permohonan informasi", "on a request for information"),
        ("ki_order", "atas perintah Majelis Komisioner", "on a Komisi Informasi panel's order"),
    ),
    "document.form": (
        ("printed", "tercetak", "printed"),
        ("electronic", "elektronik", "electronic"),
        ("audiovisual", "audiovisual", "audiovisual"),
        ("other", "lainnya", "other"),
    ),
    "scope": (
        ("whole", "seluruh dokumen", "the whole document"),
        ("part", "sebagian dokumen", "part of the document"),
    ),
    "outweighs": (
        ("harm", "konsekuensi bila dibuka lebih besar", "the harm of disclosure weighs more"),
        ("public_interest", "kepentingan publik lebih besar", "the public interest weighs more"),
    ),
    "outcome": (
        ("exempt", "dikecualikan", "exempt"),
        ("partly_exempt", "dikecualikan sebagian", "partly exempt"),
        ("open", "terbuka", "open"),
    ),
    "redaction": (
        ("blacken", "dihitamkan", "blacked out"),
        ("blur", "dikaburkan", "blurred"),
    ),
    "period.kind": (
        ("until_date", "sampai tanggal tertentu", "until a date"),
        ("until_condition", "sampai kondisi terpenuhi", "until a condition is met"),
        ("permanent", "permanen", "permanent"),
    ),
    "authority": (
        ("komisi_informasi", "Komisi Informasi", "Information Commission"),
        ("court", "pengadilan", "court"),
        ("atasan_ppid", "Atasan PPID", "the PPID's superior"),
    ),
    "objection.outcome": (
        ("upheld", "menguatkan keputusan PPID", "upholds the PPID's decision"),
        ("opened", "memerintahkan informasi dibuka", "orders the information opened"),
    ),
}
"""The options of every choice field of a step, by the field's name on the form:
(value, Bahasa Indonesia, English), as in running text; a form writes them with the first
letter raised (:func:`as_heading`). The CLI and the web read this one table."""


def as_heading(text: str) -> str:
    """``"tercetak"`` → ``"Tercetak"``: a label of running text as an option or heading
    (raising the first letter never harms a proper noun, lowering it would)."""
    return text[:1].upper() + text[1:]


def choice_label(value: str) -> tuple[str, str] | None:
    """The label (Indonesian, English) of a choice's value in running text, whatever its
    field (values are unique across fields); ``None`` when no choice has it."""
    return _CHOICE_BY_VALUE.get(value)


_CHOICE_BY_VALUE: dict[str, tuple[str, str]] = {
    value: (text_id, text_en)
    for options in CHOICE_LABELS.values()
    for value, text_id, text_en in options
}


ACTION_LABELS: dict[str, tuple[str, str]] = {
    "case.opened": ("dibuka", "opened"),
    "case.identified": ("diidentifikasi", "identified"),
    "case.grounds_cited": ("dasar dikutip", "grounds cited"),
    "case.harm_assessed": ("konsekuensi diuraikan", "harm assessed"),
    "case.public_interest_weighed": ("kepentingan publik ditimbang", "public interest weighed"),
    "case.concluded": ("disimpulkan", "concluded"),
    "case.submitted": ("diajukan", "submitted"),
    "case.revised": ("diperbaiki", "revised"),
    "case.returned": ("dikembalikan", "returned"),
    "case.approved": ("disetujui", "approved"),
    "case.decreed": ("ditetapkan dengan SK", "set by decree"),
    "case.expired": ("jangka waktu berakhir", "period ended"),
    "case.retest_opened": ("uji ulang dibuka", "retest opened"),
    "case.overturned": ("dibatalkan putusan", "overturned by a ruling"),
    "case.withdrawn": ("ditarik", "withdrawn"),
    "case.retest_withdrawn": ("uji ulang ditarik", "retest withdrawn"),
    "case.superseded": ("digantikan revisi baru", "superseded by a new revision"),
    "case.answer_extended": ("jawaban diperpanjang 7 hari kerja", "answer extended by 7 days"),
    "case.objection_filed": ("keberatan dicatat", "objection recorded"),
    "case.objection_answered": ("keberatan ditanggapi Atasan PPID", "objection answered"),
}
"""What each event of a case records, (Indonesian, English), in running text."""
