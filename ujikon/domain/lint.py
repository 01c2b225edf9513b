"""Lint: weak reasoning in a consequence test, flagged to the officer and the reviewer.

The legal rules (:mod:`ujikon.domain.rules`) refuse what the law forbids. This module
refuses nothing: it points at reasoning that passes the rules but would not convince a
Komisi Informasi panel, so that the officer can strengthen it before submitting and the
PPID Utama knows where to look. :func:`lint_case` returns :class:`LintWarning` records,
each naming the step and the field it is about, in Bahasa Indonesia and English.

What is flagged (codes in :data:`CODES`):

``harm-restates-ground``
    A harm statement that only repeats the label of its ground (or of the ground's
    letter), e.g. "Merugikan perlindungan dari persaingan usaha tidak sehat." for 17b.
    Perki 1/2021 asks for the concrete harm; domain.md: "A harm that restates the
    ground's label is not an analysis." Measured on normalised words: at least
    :data:`LABEL_OVERLAP_MIN` of the statement's content words come from the labels and
    it adds at most :data:`LABEL_NEW_WORDS_MAX` words of its own.
``reasoning-too-short``
    An analysis, a harm statement or the balance shorter than a useful minimum
    (:data:`MIN_ANALYSIS_WORDS`, :data:`MIN_HARM_WORDS`, :data:`MIN_BALANCE_WORDS` words).
``public-interest-generic``
    A public-interest section that names no concrete interest: once the generic phrases
    ("kepentingan publik", "transparansi", "keterbukaan informasi", "hak untuk tahu"…)
    are set aside, none of :data:`CONCRETE_INTEREST_STEMS` is left.
``harm-outside-article``
    The harm named is none that Pasal 17 protects against: unrest ("kegaduhan"),
    reputation ("nama baik"), jealousy, being misread, complaints
    (:data:`~ujikon.domain.reasoning.OUTSIDE_ARTICLE`).
``harm-not-of-ground``
    Misuse of data given as the harm of a ground that is not about personal data or
    private deeds (Pasal 17 huruf g, h).
``harm-states-aim``
    The "harm" says what closing protects ("Menjaga kerahasiaan …") and names no harm
    that opening would cause.
``harm-copied``
    The same harm text (or all but a few words of it) stated for two grounds.
``public-interest-not-weighed``
    The balance only says why closing protects something: no interest served by
    opening and no comparison (Pasal 2 ayat (4), Pasal 19).
``ground-fit``
    The information reads as a kind (``law/data/kinds.yaml``: personal identifiers,
    health records, financial reports, tender bids …) that none of the cited letters
    plausibly protects, e.g. NIK under 17g or a financial report under 17d; the
    warning gives the letters that usually fit and why. Advice, never a refusal.
``register-finding``
    A defect ``register import`` found in the old register's row the case came from,
    kept on the case (:attr:`~ujikon.domain.case.Case.register_findings`) and shown until
    the step it is about is recorded; from then on the rules and the other codes judge
    what the officer wrote. The warning carries the finding's own article.
``whole-document-11-1``
    The whole of a document of a kind that Pasal 11(1) says must be available at all
    times is under test (``scope: whole`` and a category of
    ``catalogue.always_available``), and the conclusion does not open it.

Pure: no I/O, no clock; the same case and catalogue always give the same warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from ujikon.domain import payloads as p
from ujikon.domain import reasoning
from ujikon.domain.case import Case
from ujikon.law import Catalogue

__all__ = [
    "ARTICLES",
    "CODES",
    "CONCRETE_INTEREST_STEMS",
    "GENERIC_INTEREST_PHRASES",
    "LABEL_NEW_WORDS_MAX",
    "LABEL_OVERLAP_MIN",
    "MIN_ANALYSIS_WORDS",
    "MIN_BALANCE_WORDS",
    "MIN_HARM_WORDS",
    "LintWarning",
    "balance_weighs_nothing",
    "count_words",
    "finding_step",
    "ground_fit",
    "ground_labels",
    "harm_copied",
    "harm_text_warnings",
    "lint_case",
    "names_concrete_interest",
    "open_register_findings",
    "restates_label",
]

# -- thresholds -----------------------------------------------------------------------
# Words are counted as runs of letters and digits ("17h2" and "NIP" are one word each).
# The good reasoning in ujikon/samples runs 13-36 words per analysis, 14-29 per harm
# statement and 19-40 for the balance; a sentence that says who or what is harmed, how,
# and why that follows from disclosure rarely fits in fewer than a dozen words.

MIN_ANALYSIS_WORDS = 12
"""An analysis of why the information falls under a ground (step 3) shorter than this."""

MIN_HARM_WORDS = 12
"""A harm statement (step 4) shorter than this: the concrete harm, to whom, and how."""

MIN_BALANCE_WORDS = 15
"""The balance (steps 5-6) shorter than this: it must weigh one side against the other."""

LABEL_OVERLAP_MIN = 0.5
"""Share of a harm statement's content words found in its ground's labels from which the
statement may be a restatement of the label..."""

LABEL_NEW_WORDS_MAX = 4
"""...when it also adds no more than this many content words of its own."""

# -- words ----------------------------------------------------------------------------

_STEM = 6
"""Words are compared on their first letters (after ``-nya`` is dropped), which is
enough to match "pribadi"/"pribadinya", "kondisi"/"kondisinya", "perlindungan"."""

_STOPWORD_TEXT = """
    dan atau serta maupun yang dari di ke kepada untuk bagi dengan oleh pada dalam atas
    antar antara terhadap tentang sebagai ini itu tersebut akan dapat bisa boleh dapatnya
    bila jika apabila kalau karena sebab sehingga agar supaya maka tidak bukan belum juga
    pun lagi sudah telah masih ada adalah merupakan ialah bahwa secara suatu sesuatu hal
    para pihak yang bersangkutan nya se
    informasi dokumen data badan publik
    merugikan mengganggu membahayakan mengungkap mengungkapkan menghambat membuka dibuka
    terbuka pembukaan menimbulkan kerugian bahaya berbahaya
    the of and or to a an in on for by with be is are would could disclosure harm
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
"""Function words and the generic words of any harm statement; they say nothing about
which harm, so they are left out when a statement is compared with a label."""

GENERIC_INTEREST_PHRASES: tuple[str, ...] = (
    r"kepentingan (?:publik|umum|masyarakat|rakyat)",
    r"keterbukaan(?: informasi)?(?: publik)?",
    r"transparansi(?: informasi)?(?: publik)?",
    r"informasi publik",
    r"hak (?:masyarakat |publik |warga |pemohon )?(?:untuk |atas )?"
    r"(?:tahu|mengetahui|informasi|memperoleh informasi)",
    r"(?:masyarakat|publik|warga) (?:berhak )?(?:untuk )?(?:tahu|mengetahui)",
    r"public interest",
    r"transparency",
    r"openness",
    r"right to (?:know|information)",
)
"""Phrases that name openness itself rather than what it serves (normalised text)."""

CONCRETE_INTEREST_STEMS: tuple[str, ...] = (
    # accountability and integrity
    "akuntab", "accountab", "korupsi", "antikorupsi", "corrupt", "kolusi", "nepotisme",
    "persekongkol", "penyalahgunaan", "penyimpang", "integritas",
    # oversight and participation
    "pengawas", "mengawas", "diawas", "oversight", "kontrol", "partisipasi", "participat",
    "pelibatan", "keterlibatan",
    # money
    "anggaran", "apbd", "apbn", "keuangan", "pajak", "retribusi", "belanja", "pendapatan",
    "penerimaan", "budget", "spending", "pengadaan", "procurement", "tender", "kontrak",
    "persaingan", "competition",
    # health, safety, environment, services
    "kesehatan", "health", "keselamatan", "safety", "keamanan", "lingkungan", "environment",
    "bencana", "pangan", "pendidikan", "pelayanan", "layanan", "service", "konsumen",
    # rights and the law
    "hak", "rights", "perlindungan", "keadilan", "kepastian", "penegakan", "hukum",
    "diskriminasi", "korban", "terdampak",
    # targeting of public programmes
    "sasaran", "bantuan", "bansos", "subsidi", "penerima",
)  # fmt: skip
"""Word beginnings that name a concrete interest served by disclosure (domain.md step 5:
accountability, corruption prevention, health and safety, participation…). A stem of
four letters or fewer (``hak``) must be a whole word; a stem with a space is a phrase."""

_ARTICLE_TEST = "UU 14/2008 Pasal 2 ayat (4), Pasal 19; Perki 1/2021"
_ARTICLE_HARM = "UU 14/2008 Pasal 17, Pasal 2 ayat (4)"
_ARTICLE_BALANCE = "UU 14/2008 Pasal 2 ayat (4), Pasal 19"

ARTICLES: dict[str, str] = {
    "harm-restates-ground": _ARTICLE_TEST,
    "harm-outside-article": _ARTICLE_HARM,
    "harm-not-of-ground": "UU 14/2008 Pasal 17 huruf g dan h",
    "harm-states-aim": _ARTICLE_HARM,
    "harm-copied": _ARTICLE_TEST,
    "reasoning-too-short": _ARTICLE_TEST,
    "public-interest-generic": "UU 14/2008 Pasal 2 ayat (4); Perki 1/2021",
    "public-interest-not-weighed": _ARTICLE_BALANCE,
    "ground-fit": "UU 14/2008 Pasal 17",
    "register-finding": "UU 14/2008 Pasal 2 ayat (4), Pasal 19; Perki 1/2021",
    "whole-document-11-1": "UU 14/2008 Pasal 11 ayat (1)",
}
"""Every lint code with the article its advice rests on (a warning about one document
category names that category's own article)."""

CODES = tuple(ARTICLES)
_STEP_ORDER = {step: i for i, step in enumerate(p.Step)}
_WORD = re.compile(r"[^\W_]+")


class LintWarning(BaseModel):
    """Weak reasoning in one field of one step; advice, never a refusal."""

    model_config = ConfigDict(frozen=True)

    code: str
    """One of :data:`CODES`."""
    step: p.Step
    field: str
    """The field of the step's payload, as the rules name fields (``harms[0].harm``)."""
    message_id: str
    message_en: str
    article: str


_normal = reasoning.normal_text


def count_words(text: str) -> int:
    """How many words (runs of letters and digits) ``text`` holds."""
    return len(_WORD.findall(text))


def _stem(word: str) -> str:
    if len(word) > 5 and word.endswith("nya"):
        word = word[:-3]
    return word[:_STEM]


def _content_stems(text: str) -> set[str]:
    return {_stem(w) for w in _normal(text).split() if w not in _STOPWORDS and not w.isdigit()}


def _has_stem(words: list[str], text: str, stem: str) -> bool:
    if " " in stem:
        return f" {stem}" in f" {text}"
    if len(stem) <= 4:
        return stem in words
    return any(w.startswith(stem) for w in words)


# -- the checks -------------------------------------------------------------------------


def ground_labels(catalogue: Catalogue, ground_id: str) -> list[str]:
    """The labels (Indonesian, English) of a ground and of its letter."""
    ground = catalogue.ground(ground_id)
    letter = catalogue.letter(ground_id[:3])
    texts: list[str] = []
    if ground is not None:
        texts += [ground.label_id, ground.label_en]
    if letter is not None:
        texts += [letter.label_id, letter.label_en]
    return texts


def restates_label(harm: str, labels: Iterable[str]) -> bool:
    """Whether ``harm`` says little more than the ``labels`` of its ground."""
    label_stems: set[str] = set()
    for text in labels:
        label_stems |= _content_stems(text)
    if not label_stems:
        return False
    stems = _content_stems(harm)
    if not stems:
        return True  # only generic words: "Merugikan." says nothing at all
    shared = stems & label_stems
    new = stems - label_stems
    return len(shared) / len(stems) >= LABEL_OVERLAP_MIN and len(new) <= LABEL_NEW_WORDS_MAX


def _harm_warnings(case: Case, catalogue: Catalogue) -> list[LintWarning]:
    if case.harm is None:
        return []
    out: list[LintWarning] = []
    for i, statement in enumerate(case.harm.harms):
        where = f"harms[{i}].harm"
        labels = ground_labels(catalogue, statement.ground)
        if restates_label(statement.harm, labels):
            label = labels[0] if labels else statement.ground
            out.append(
                LintWarning(
                    code="harm-restates-ground",
                    step=p.Step.ASSESS_HARM,
                    field=where,
                    message_id=(
                        f"Uraian konsekuensi untuk {statement.ground} hanya mengulang bunyi "
                        f'dasarnya ("{label}"). Jelaskan kerugian nyata bila dibuka: siapa '
                        "yang dirugikan, bagaimana, dan mengapa itu terjadi karena informasi "
                        "ini dibuka."
                    ),
                    message_en=(
                        f"The harm stated for {statement.ground} only repeats the ground's "
                        "label. Say what concrete harm disclosure would cause: to whom, how, "
                        "and why it follows from opening this information."
                    ),
                    article=_ARTICLE_TEST,
                )
            )
        out += harm_text_warnings(statement.harm, [statement.ground], where)
        out += _too_short(
            statement.harm,
            MIN_HARM_WORDS,
            p.Step.ASSESS_HARM,
            where,
            f"uraian konsekuensi untuk {statement.ground}",
            f"the harm stated for {statement.ground}",
        )
    statements = case.harm.harms
    for index, first in reasoning.near_duplicates([s.harm for s in statements]).items():
        out.append(
            harm_copied(
                f"harms[{index}].harm",
                f"dasar {statements[first].ground}",
                f"ground {statements[first].ground}",
            )
        )
    return out


def harm_copied(where: str, first_id: str, first_en: str) -> LintWarning:
    """The warning for a harm text that repeats the one stated for ``first_*``."""
    return LintWarning(
        code="harm-copied",
        step=p.Step.ASSESS_HARM,
        field=where,
        message_id=(
            f"Uraian konsekuensi ini sama (atau hampir sama) dengan uraian untuk {first_id}. "
            "Setiap dasar dan setiap informasi diuji sendiri: tulis kerugian yang timbul bila "
            "informasi ini dibuka, mis. siapa yang dirugikan dan bagaimana."
        ),
        message_en=(
            f"This harm text is the same (or nearly) as the one stated for {first_en}. Each "
            "ground and each item is tested on its own: say what harm opening this "
            "information would cause, e.g. to whom and how."
        ),
        article=ARTICLES["harm-copied"],
    )


def harm_text_warnings(text: str, grounds: list[str], where: str) -> list[LintWarning]:
    """What is wrong with one harm text given for ``grounds``, whatever else it says: a
    harm outside Pasal 17, misuse of data for a ground not about it, the aim of closing
    instead of a harm."""
    out: list[LintWarning] = []
    outside = reasoning.harms_outside_article(text)
    if outside:
        names_id = ", ".join(f'"{n_id}"' for n_id, _ in outside)
        names_en = ", ".join(f'"{n_en}"' for _, n_en in outside)
        out.append(
            LintWarning(
                code="harm-outside-article",
                step=p.Step.ASSESS_HARM,
                field=where,
                message_id=(
                    f"Kerugian {names_id} bukan kerugian yang dilindungi Pasal 17 UU 14/2008. "
                    "Uraikan kerugian menurut bunyi dasar yang dikutip, mis. untuk 17a1 "
                    '"tersangka dapat menghilangkan barang bukti sebelum penyidikan selesai".'
                ),
                message_en=(
                    f"{names_en[0].upper()}{names_en[1:]} is not a harm UU 14/2008 Pasal 17 "
                    "protects against. State the harm in the terms of the ground cited, e.g. "
                    'for 17a1 "the suspect could remove evidence before the investigation '
                    'ends".'
                ),
                article=ARTICLES["harm-outside-article"],
            )
        )
    if reasoning.misuse_off_ground(text, grounds):
        cited = ", ".join(grounds)
        out.append(
            LintWarning(
                code="harm-not-of-ground",
                step=p.Step.ASSESS_HARM,
                field=where,
                message_id=(
                    f"Penyalahgunaan data adalah kerugian bagi data pribadi (Pasal 17 huruf h) "
                    f"atau akta pribadi (huruf g), bukan bagi {cited}. Uraikan kerugian yang "
                    f"sesuai dengan bunyi {cited}."
                ),
                message_en=(
                    "Misuse of data is a harm to personal data (Pasal 17 huruf h) or private "
                    f"deeds (huruf g), not to {cited}. State the harm that fits {cited}."
                ),
                article=ARTICLES["harm-not-of-ground"],
            )
        )
    if reasoning.states_aim_not_harm(text):
        out.append(
            LintWarning(
                code="harm-states-aim",
                step=p.Step.ASSESS_HARM,
                field=where,
                message_id=(
                    "Ini tujuan menutup, bukan kerugian bila dibuka. Uraikan apa yang terjadi "
                    'bila informasi dibuka, mis. "nama pelapor diketahui terlapor sehingga '
                    'pelapor terancam pembalasan".'
                ),
                message_en=(
                    "This is the aim of closing, not the harm of opening. Say what happens if "
                    "the information is opened, e.g. \"the accused learns the reporter's name "
                    'and the reporter faces retaliation".'
                ),
                article=ARTICLES["harm-states-aim"],
            )
        )
    return out


def _too_short(
    text: str, minimum: int, step: p.Step, where: str, what_id: str, what_en: str
) -> list[LintWarning]:
    words = count_words(text)
    if not text.strip() or words >= minimum:
        return []
    return [
        LintWarning(
            code="reasoning-too-short",
            step=step,
            field=where,
            message_id=(
                f"{what_id[0].upper()}{what_id[1:]} hanya {words} kata (sebaiknya sedikitnya "
                f"{minimum}); uraian sesingkat ini jarang menjelaskan alasannya."
            ),
            message_en=(
                f"{what_en[0].upper()}{what_en[1:]} has only {words} words (at least {minimum} "
                "advised); reasoning this short rarely explains itself."
            ),
            article=_ARTICLE_TEST,
        )
    ]


def _analysis_warnings(case: Case) -> list[LintWarning]:
    if case.grounds is None:
        return []
    out: list[LintWarning] = []
    for i, cited in enumerate(case.grounds.citations):
        out += _too_short(
            cited.analysis,
            MIN_ANALYSIS_WORDS,
            p.Step.CITE_GROUNDS,
            f"citations[{i}].analysis",
            f"analisis dasar {cited.ground}",
            f"the analysis of ground {cited.ground}",
        )
    return out


def names_concrete_interest(interests: Iterable[str]) -> bool:
    """Whether the interests name something concrete once generic openness words are gone."""
    text = " ".join(_normal(i) for i in interests)
    for phrase in GENERIC_INTEREST_PHRASES:
        text = re.sub(rf"\b{phrase}\b", " ", text)
    text = " ".join(text.split())
    words = text.split()
    return any(_has_stem(words, text, stem) for stem in CONCRETE_INTEREST_STEMS)


def _weighing_warnings(case: Case) -> list[LintWarning]:
    weighing = case.weighing
    if weighing is None:
        return []
    out: list[LintWarning] = []
    interests = [i for i in weighing.interests if i.strip()]
    if interests and not names_concrete_interest(interests):
        out.append(
            LintWarning(
                code="public-interest-generic",
                step=p.Step.WEIGH_PUBLIC_INTEREST,
                field="interests",
                message_id=(
                    'Kepentingan publik hanya disebut secara umum (mis. "kepentingan publik", '
                    '"transparansi"). Sebutkan kepentingan yang nyata: akuntabilitas '
                    "anggaran, pencegahan korupsi, kesehatan dan keselamatan, lingkungan, "
                    "partisipasi warga, pengawasan layanan, hak pihak yang terdampak…"
                ),
                message_en=(
                    'The public interest is named only in general terms ("public interest", '
                    '"transparency"). Name a concrete interest: budget accountability, '
                    "corruption prevention, health and safety, the environment, participation, "
                    "oversight of services, the rights of those affected…"
                ),
                article="UU 14/2008 Pasal 2 ayat (4); Perki 1/2021",
            )
        )
    if reasoning.weighs_nothing(weighing.balance):
        out.append(balance_weighs_nothing("balance"))
    out += _too_short(
        weighing.balance,
        MIN_BALANCE_WORDS,
        p.Step.WEIGH_PUBLIC_INTEREST,
        "balance",
        "uraian pertimbangan",
        "the balancing reasoning",
    )
    return out


def balance_weighs_nothing(where: str) -> LintWarning:
    """The warning for a balance that only says why closing protects something."""
    return LintWarning(
        code="public-interest-not-weighed",
        step=p.Step.WEIGH_PUBLIC_INTEREST,
        field=where,
        message_id=(
            "Uraian ini hanya menyebut apa yang dilindungi bila ditutup; itu bukan "
            "pertimbangan kepentingan publik. Sebutkan kepentingan publik yang dilayani bila "
            'dibuka dan timbang keduanya, mis. "Warga dapat mengawasi penggunaan anggaran, '
            'namun keselamatan saksi lebih berat karena …".'
        ),
        message_en=(
            "This only says what closing protects; that is no weighing of the public "
            "interest. Name the public interest opening would serve and weigh the two, e.g. "
            "\"Citizens could oversee the spending, but the witnesses' safety weighs more "
            'because …".'
        ),
        article=ARTICLES["public-interest-not-weighed"],
    )


def _whole_document_warnings(case: Case, catalogue: Catalogue) -> list[LintWarning]:
    ident = case.identification
    if ident is None or ident.scope is not p.Scope.WHOLE:
        return []
    category = next(
        (c for c in catalogue.always_available if c.id == ident.document.category), None
    )
    if category is None:
        return []
    if case.conclusion is not None and not case.conclusion.outcome.withholds:
        return []
    return [
        LintWarning(
            code="whole-document-11-1",
            step=p.Step.IDENTIFY,
            field="scope",
            message_id=(
                f'Seluruh dokumen berkategori "{category.label_id}" diuji untuk dikecualikan, '
                "padahal dokumen jenis ini wajib tersedia setiap saat. Periksa apakah cukup "
                "bagian tertentu yang dihitamkan; bila tetap seluruhnya, alasannya harus kuat "
                "dan akan diperiksa peninjau."
            ),
            message_en=(
                f'The whole of a document of the kind "{category.label_en}" is to be withheld, '
                "though such documents must be available at all times. Check whether blacking "
                "out some parts would do; if it stays whole, the justification must be strong "
                "and the reviewer will look at it."
            ),
            article=category.article,
        )
    ]


def ground_fit(
    catalogue: Catalogue, texts: Iterable[str], grounds: Iterable[str], where: str
) -> list[LintWarning]:
    """A warning when ``texts`` (the information, the document's title) read as a kind of
    information that none of ``grounds`` plausibly protects."""
    kinds = [kind for text in texts if text for kind in catalogue.kinds_of(text)]
    letters = {g[2:3] for g in grounds if len(g) >= 3}
    if not kinds or not letters or any(letters & set(kind.letters) for kind in kinds):
        return []
    kind = kinds[0]
    cited = ", ".join(sorted(f"17{letter}" for letter in letters))
    fits_id = (
        "huruf yang lazim: " + ", ".join(f"17{letter}" for letter in kind.letters)
        if kind.letters
        else "tidak ada huruf Pasal 17 yang lazim melindunginya"
    )
    fits_en = (
        "the letters that usually fit: " + ", ".join(f"17{letter}" for letter in kind.letters)
        if kind.letters
        else "no letter of Pasal 17 usually protects it"
    )
    return [
        LintWarning(
            code="ground-fit",
            step=p.Step.CITE_GROUNDS,
            field=where,
            message_id=(
                f"Informasi ini tampak berupa {kind.label_id}, tetapi dasar yang dikutip ({cited}) "
                f"tidak lazim untuk jenis itu; {fits_id}. {kind.reason_id}"
            ),
            message_en=(
                f"This information reads as a kind ({kind.id}) that the grounds cited "
                f"({cited}) do not usually protect; {fits_en}. Check the ground."
            ),
            article=ARTICLES["ground-fit"],
        )
    ]


def _fit_warnings(case: Case, catalogue: Catalogue) -> list[LintWarning]:
    ident = case.identification
    if ident is None or case.grounds is None:
        return []
    return ground_fit(
        catalogue, [ident.information, ident.document.title], case.grounds.ground_ids(), "citations"
    )


_FINDING_STEPS: tuple[tuple[str, p.Step], ...] = (
    ("harm-", p.Step.ASSESS_HARM),
    ("public-interest-", p.Step.WEIGH_PUBLIC_INTEREST),
    ("period-", p.Step.CONCLUDE),
    ("ground-", p.Step.CITE_GROUNDS),
    ("17j-", p.Step.CITE_GROUNDS),
    ("not-exemptible", p.Step.CITE_GROUNDS),
)


def finding_step(rule: str) -> p.Step:
    """The step a register finding is about: it stands until that step is recorded."""
    for prefix, step in _FINDING_STEPS:
        if rule.startswith(prefix):
            return step
    return p.Step.IDENTIFY


def open_register_findings(case: Case) -> list[p.RegisterFinding]:
    """The findings of the old register still standing: their step is not recorded yet."""
    return [f for f in case.register_findings if finding_step(f.rule) not in case.steps]


def _register_warnings(case: Case) -> list[LintWarning]:
    return [
        LintWarning(
            code="register-finding",
            step=finding_step(finding.rule),
            field=finding.column or finding.rule,
            message_id=f"DIK lama, kolom '{finding.column}' [{finding.rule}]: {finding.message_id}",
            message_en=(
                f"Old register, column '{finding.column}' [{finding.rule}]: {finding.message_en}"
            ),
            article=finding.article,
        )
        for finding in open_register_findings(case)
    ]


def lint_case(case: Case, catalogue: Catalogue) -> list[LintWarning]:
    """Every weakness found in the steps recorded so far, in the order of the steps.

    Nothing is refused: an empty list means nothing was found, not that the reasoning
    is sound.
    """
    found = [
        *_register_warnings(case),
        *_whole_document_warnings(case, catalogue),
        *_analysis_warnings(case),
        *_fit_warnings(case, catalogue),
        *_harm_warnings(case, catalogue),
        *_weighing_warnings(case),
    ]
    return sorted(found, key=lambda w: _STEP_ORDER[w.step])
