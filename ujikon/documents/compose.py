"""From the log to the page: the decision record and the document of a decree.

:func:`decision_record` is the machine-readable decision (canonical JSON inside the
PDF, hashed into the QR code); :func:`decree_document` is what the templates lay out.
Both are built from the same cases, so what a reader sees and what a machine reads
cannot drift apart. No I/O here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from ujikon.canonical import canonical_json, sha256_hex
from ujikon.dates import MONTHS_ID, WIB, format_date_id, format_time_wib
from ujikon.documents.model import (
    AnnexRow,
    DecreeDocument,
    Letterhead,
    Person,
    SheetEntry,
    SheetStep,
    SignatureBlock,
    TestSheet,
)
from ujikon.domain import payloads as p
from ujikon.domain.body import BodyProfile
from ujikon.domain.case import Case
from ujikon.law import Catalogue

__all__ = [
    "DECISION_FORMAT",
    "DecreeFacts",
    "berita_acara",
    "conclusion_text",
    "decision_record",
    "decree_document",
    "legal_basis",
    "parse_qr_text",
    "period_text",
    "qr_caption",
    "qr_text",
]

DECISION_FORMAT = "ujikon/decision-1"
QR_PREFIX = "UJIKON-SK/1"

_DICTA_LABELS = ("KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH")
_UNITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")


def number_words(n: int) -> str:
    """A whole number in Indonesian words, as official documents write it beside the
    figure: ``7`` → ``tujuh``, ``12`` → ``dua belas``, ``105`` → ``seratus lima``."""
    if n < 0:
        return "minus " + number_words(-n)
    if n < 10:
        return _UNITS[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_UNITS[tens]} puluh" + (f" {_UNITS[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus"
        return head + (f" {number_words(rest)}" if rest else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        head = "seribu" if thousands == 1 else f"{number_words(thousands)} ribu"
        return head + (f" {number_words(rest)}" if rest else "")
    millions, rest = divmod(n, 1_000_000)
    return f"{number_words(millions)} juta" + (f" {number_words(rest)}" if rest else "")


def counted(n: int) -> str:
    """``7 (tujuh)``: a figure with its words, as Tata Naskah Dinas writes numbers."""
    return f"{n} ({number_words(n)})"


_OUTCOME_ID = {
    p.Outcome.EXEMPT: "Dikecualikan",
    p.Outcome.PARTLY_EXEMPT: "Dikecualikan sebagian",
    p.Outcome.OPEN: "Terbuka",
}
_REDACTION_ID = {p.Redaction.BLACKEN: "dihitamkan", p.Redaction.BLUR: "dikaburkan"}
_FORM_ID = {
    p.DocumentForm.PRINTED: "tercetak",
    p.DocumentForm.ELECTRONIC: "elektronik",
    p.DocumentForm.AUDIOVISUAL: "audio-visual",
    p.DocumentForm.OTHER: "lainnya",
}
_REVIEW_ID = {
    "submitted": "Diajukan",
    "returned": "Dikembalikan",
    "revised": "Diperbaiki",
    "approved": "Disetujui",
}
_TRIGGER_ID = {
    p.TriggerKind.PROACTIVE: "Proaktif (sebelum ada permohonan)",
    p.TriggerKind.REQUEST: "Atas permohonan informasi",
    p.TriggerKind.KI_ORDER: "Atas perintah Majelis Komisioner",
}


@dataclass(frozen=True)
class DecreeFacts:
    """What a decree states besides its cases."""

    number: str
    dated: date
    place: str
    chain_seq: int
    chain_head: str
    preview: bool = False


def qr_text(number: str, decision_sha256: str, verification_url: str = "") -> str:
    """What the QR code carries: the body's verification page with the number and hash
    (``https://…/cek?nomor=<number>&sha256=<hex>``), so a phone opens the check; without a
    page, ``UJIKON-SK/1;<number>;sha256=<hex>``."""
    if verification_url:
        query = urlencode({"nomor": number, "sha256": decision_sha256}, quote_via=quote)
        return f"{verification_url}?{query}"
    return f"{QR_PREFIX};{number};sha256={decision_sha256}"


def parse_qr_text(text: str) -> tuple[str, str] | None:
    """The decree number and decision hash a QR code carries (either form of
    :func:`qr_text`); ``None`` for anything else."""
    text = text.strip()
    if text.startswith(QR_PREFIX + ";"):
        number, _, digest = text[len(QR_PREFIX) + 1 :].rpartition(";sha256=")
    else:
        parsed = urlsplit(text)
        if parsed.scheme not in ("http", "https"):
            return None
        fields = parse_qs(parsed.query)
        number = (fields.get("nomor") or [""])[0]
        digest = (fields.get("sha256") or [""])[0]
    if not number or not re.fullmatch(r"[0-9a-f]{64}", digest):
        return None
    return number, digest


def qr_caption(verification_url: str) -> str:
    """The words printed under the code: where a phone's check goes, when it goes to a page."""
    if not verification_url:
        return "Pindai untuk memeriksa keaslian"
    return "Pindai untuk memeriksa keaslian di " + verification_url.split("://", 1)[1]


def _required(
    case: Case,
) -> tuple[p.Identify, p.CiteGrounds, p.AssessHarm, p.WeighPublicInterest, p.Conclude]:
    ident, grounds, harm, weigh, conclusion = (
        case.identification,
        case.grounds,
        case.harm,
        case.weighing,
        case.conclusion,
    )
    if ident is None or grounds is None or harm is None or weigh is None or conclusion is None:
        raise ValueError(f"case {case.ref} has not recorded every step")
    return ident, grounds, harm, weigh, conclusion


def period_text(conclusion: p.Conclude, grounds: Sequence[str]) -> str:
    period = conclusion.period
    if period is None:
        return "-"
    if period.kind is p.PeriodKind.PERMANENT:
        return (
            "Permanen (tanpa batas waktu; Pasal 17 huruf "
            + ", ".join(sorted({g[2] for g in grounds}))
            + ")"
        )
    if period.kind is p.PeriodKind.UNTIL_DATE and period.end_date is not None:
        return f"Sampai dengan {format_date_id(period.end_date)}"
    text = period.condition
    if period.end_date is not None:
        text += f", paling lambat {format_date_id(period.end_date)}"
    return text


def legal_basis(citation: p.GroundCitation, catalogue: Catalogue) -> str:
    ground = catalogue.ground(citation.ground)
    article = ground.article if ground else citation.ground
    if citation.statute is not None:
        return f"{article} jo. {citation.statute.cite()}"
    return article


def conclusion_text(conclusion: p.Conclude) -> str:
    text = _OUTCOME_ID[conclusion.outcome]
    if conclusion.outcome is p.Outcome.PARTLY_EXEMPT:
        text += f" ({_REDACTION_ID[conclusion.redaction]}): " + "; ".join(conclusion.parts_withheld)
    return text


def decision_record(
    cases: Sequence[Case],
    profile: BodyProfile,
    catalogue: Catalogue,
    facts: DecreeFacts,
) -> dict[str, Any]:
    """The machine-readable decision: everything the decree decides, per case."""
    items = []
    for case in cases:
        ident, grounds, harm, weigh, conclusion = _required(case)
        items.append(
            {
                "case": case.ref,
                "catalogue_version": case.catalogue_version,
                "trigger": case.trigger.model_dump(mode="json"),
                "document": ident.document.model_dump(mode="json"),
                "information": ident.information,
                "scope": ident.scope.value,
                "parts": list(ident.parts),
                "grounds": [
                    {
                        "id": c.ground,
                        "article": legal_basis(c, catalogue),
                        "statute": c.statute.model_dump(mode="json") if c.statute else None,
                        "analysis": c.analysis,
                    }
                    for c in grounds.citations
                ],
                "harms": [h.model_dump(mode="json") for h in harm.harms],
                "public_interest": weigh.model_dump(mode="json"),
                "conclusion": conclusion.model_dump(mode="json"),
                "approved_by": case.approved_by,
                "approved_at": case.approved_at.isoformat() if case.approved_at else None,
            }
        )
    return {
        "format": DECISION_FORMAT,
        "decree": {
            "number": facts.number,
            "dated": facts.dated.isoformat(),
            "place": facts.place,
            "body": profile.name,
            "issuer": profile.issuer_name,
            "signers": [
                {"role": s.role.value, "name": s.name, "nip": s.nip, "office": s.office}
                for s in profile.signers
            ],
            # Only when set, so that a decision without a page reads as it always did.
            **({"verification_url": profile.verification_url} if profile.verification_url else {}),
        },
        "catalogue_version": catalogue.version,
        "chain": {"seq": facts.chain_seq, "head": facts.chain_head},
        "items": items,
    }


def _mengingat(cases: Sequence[Case], profile: BodyProfile) -> tuple[str, ...]:
    """Mengingat in the hierarchy of laws (UU 12/2011 Pasal 7): the statutes (UU 14/2008,
    then each statute a 17j citation names, by year and number), the Government
    Regulation, the Komisi Informasi regulations (Perki 1/2017 on classifying information,
    Perki 1/2021 on service standards), then the body's own rules."""
    cited: dict[tuple[int, int], str] = {}
    for case in cases:
        for citation in case.grounds.citations if case.grounds else ():
            statute = citation.statute
            if statute is not None:
                key = (statute.year or 0, int(statute.number) if statute.number.isdigit() else 0)
                cited.setdefault(key, statute.formal() + ";")
    own = [rule if rule.endswith(";") else rule + ";" for rule in profile.own_rules]
    lines = [
        "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik;",
        *(cited[key] for key in sorted(cited)),
        "Peraturan Pemerintah Nomor 61 Tahun 2010 tentang Pelaksanaan Undang-Undang "
        "Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik;",
        "Peraturan Komisi Informasi Nomor 1 Tahun 2017 tentang Pengklasifikasian Informasi Publik;",
        "Peraturan Komisi Informasi Nomor 1 Tahun 2021 tentang Standar Layanan Informasi Publik;",
        *own,
    ]
    lines[-1] = lines[-1].rstrip(";") + "."
    return tuple(lines)


_WEEKDAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def day_in_words(day: date) -> str:
    """``Rabu tanggal tiga bulan Desember tahun dua ribu dua puluh enam``: the day as a
    berita acara opens with it."""
    return (
        f"{_WEEKDAYS_ID[day.weekday()]} tanggal {number_words(day.day)} bulan "
        f"{MONTHS_ID[day.month - 1]} tahun {number_words(day.year)}"
    )


def _person(people: Mapping[str, Person], username: str, role: str) -> Person:
    """The full name, NIP and position of a user; the log-in name only when the workspace
    knows no more of them."""
    known = people.get(username)
    if known is None:
        return Person(name=username, position=role)
    return known


def berita_acara(
    case: Case,
    catalogue: Catalogue,
    *,
    number: int = 0,
    body: str = "",
    people: Mapping[str, Person] | None = None,
) -> TestSheet:
    """The berita acara of one approved case (``number`` its place in a decree, 0 alone).

    :raises ValueError: the case has not recorded every step.
    """
    ident, grounds, harm, weigh, conclusion = _required(case)
    known = people or {}

    def name(username: str, role: str) -> str:
        # The full name only: the team's table gives each member's NIP and position.
        return _person(known, username, role).name

    def who(step: p.Step) -> tuple[str, str]:
        record = case.steps.get(step)
        if record is None:
            return "-", "-"
        return name(record.by, record.role.label_id), format_time_wib(record.at)

    trigger = case.trigger
    why = [SheetEntry(label="Alasan pengujian", text=_TRIGGER_ID[trigger.kind])]
    if trigger.reference:
        why.append(SheetEntry(label="Nomor", text=trigger.reference))
    if trigger.dated:
        why.append(SheetEntry(label="Tanggal", text=format_date_id(trigger.dated)))
    if trigger.note:
        why.append(SheetEntry(label="Catatan", text=trigger.note))
    doc = ident.document
    steps = [
        SheetStep(
            number=1,
            title="Langkah 1 — Alasan pengujian",
            entries=tuple(why),
            recorded_by=name(case.opened_by, ""),
            recorded_at=format_time_wib(case.opened_at),
        ),
        SheetStep(
            number=2,
            title="Langkah 2 — Identifikasi dokumen dan informasi",
            entries=(
                SheetEntry(label="Dokumen", text=doc.title),
                SheetEntry(label="Unit pemilik", text=doc.owning_unit),
                SheetEntry(label="Tanggal dokumen", text=format_date_id(doc.dated)),
                SheetEntry(label="Bentuk", text=_FORM_ID[doc.form]),
                SheetEntry(label="Informasi yang diuji", text=ident.information),
                SheetEntry(
                    label="Cakupan",
                    text="seluruh dokumen"
                    if ident.scope is p.Scope.WHOLE
                    else "sebagian: " + "; ".join(ident.parts),
                ),
            ),
            recorded_by=who(p.Step.IDENTIFY)[0],
            recorded_at=who(p.Step.IDENTIFY)[1],
        ),
        SheetStep(
            number=3,
            title="Langkah 3 — Dasar pengecualian (Pasal 17)",
            entries=tuple(
                SheetEntry(label=legal_basis(c, catalogue), text=c.analysis)
                for c in grounds.citations
            ),
            recorded_by=who(p.Step.CITE_GROUNDS)[0],
            recorded_at=who(p.Step.CITE_GROUNDS)[1],
        ),
        SheetStep(
            number=4,
            title="Langkah 4 — Konsekuensi bila dibuka",
            entries=tuple(SheetEntry(label=h.ground, text=h.harm) for h in harm.harms),
            recorded_by=who(p.Step.ASSESS_HARM)[0],
            recorded_at=who(p.Step.ASSESS_HARM)[1],
        ),
        SheetStep(
            number=5,
            title="Langkah 5 — Kepentingan publik dan pertimbangan",
            entries=(
                *(SheetEntry(label="Kepentingan publik", text=i) for i in weigh.interests),
                SheetEntry(label="Pertimbangan", text=weigh.balance),
                SheetEntry(
                    label="Yang lebih besar",
                    text="kepentingan yang dilindungi"
                    if weigh.outweighs is p.Weight.HARM
                    else "kepentingan publik",
                ),
            ),
            recorded_by=who(p.Step.WEIGH_PUBLIC_INTEREST)[0],
            recorded_at=who(p.Step.WEIGH_PUBLIC_INTEREST)[1],
        ),
        SheetStep(
            number=6,
            title="Langkah 6–7 — Kesimpulan dan jangka waktu",
            entries=(
                SheetEntry(label="Kesimpulan", text=conclusion_text(conclusion)),
                SheetEntry(
                    label="Jangka waktu", text=period_text(conclusion, grounds.ground_ids())
                ),
                *(
                    (SheetEntry(label="Uraian", text=conclusion.reasoning),)
                    if conclusion.reasoning
                    else ()
                ),
            ),
            recorded_by=who(p.Step.CONCLUDE)[0],
            recorded_at=who(p.Step.CONCLUDE)[1],
        ),
    ]
    reviews = tuple(
        SheetEntry(
            label=f"{_REVIEW_ID[r.kind]} oleh {name(r.by, '')}, {format_time_wib(r.at)}"
            + (f" (ke langkah {r.to_step.value})" if r.to_step else ""),
            text=r.comments or "-",
        )
        for r in case.reviews
    )
    roles = {record.by: record.role.label_id for record in case.steps.values()}
    roles.setdefault(case.opened_by, "Pembuka kasus")
    members = tuple(_person(known, u, roles.get(u, "")) for u in case.drafters)
    approver = (
        _person(known, case.approved_by, "PPID Utama") if case.approved_by is not None else None
    )
    approved_day = case.approved_at.astimezone(WIB).date() if case.approved_at else None
    opening = (
        f"Pada hari ini {day_in_words(approved_day)}, Tim Uji Konsekuensi"
        + (f" {body}" if body else "")
        + f" telah melaksanakan uji konsekuensi atas informasi \u201c{ident.information}\u201d "
        f"dalam dokumen \u201c{ident.document.title}\u201d, dengan langkah dan hasil sebagai "
        "berikut, dan hasilnya disetujui oleh PPID Utama."
        if approved_day is not None
        else ""
    )
    return TestSheet(
        case_ref=case.ref,
        title=ident.document.title,
        steps=tuple(steps),
        team=tuple(case.drafters),
        reviews=reviews,
        approved_by=name(case.approved_by, "PPID Utama") if case.approved_by else "-",
        approved_at=format_time_wib(case.approved_at),
        number=number,
        opening=opening,
        members=members,
        approver=approver,
    )


def decree_document(
    cases: Sequence[Case],
    profile: BodyProfile,
    catalogue: Catalogue,
    facts: DecreeFacts,
    *,
    logo_data_uri: str | None = None,
    people: Mapping[str, Person] | None = None,
) -> tuple[DecreeDocument, str]:
    """The document to render and the canonical JSON of its decision."""
    record = decision_record(cases, profile, catalogue, facts)
    decision_json = canonical_json(record)
    body = profile.name
    body_upper = body.upper()
    issuer = profile.issuer_name
    rows = []
    for no, case in enumerate(cases, start=1):
        ident, grounds, harm, weigh, conclusion = _required(case)
        rows.append(
            AnnexRow(
                no=no,
                case_ref=case.ref,
                information=ident.information,
                document=ident.document.title,
                owning_unit=ident.document.owning_unit,
                legal_basis=tuple(legal_basis(c, catalogue) for c in grounds.citations),
                consequence="\n".join(
                    (f"{h.ground}: {h.harm}" if len(harm.harms) > 1 else h.harm) for h in harm.harms
                ),
                public_interest="; ".join(weigh.interests) + ". " + weigh.balance,
                conclusion=conclusion_text(conclusion),
                period=period_text(conclusion, grounds.ground_ids()),
            )
        )
    whole = sum(1 for c in cases if c.conclusion and c.conclusion.outcome is p.Outcome.EXEMPT)
    partly = len(cases) - whole
    texts = [
        f"Menetapkan informasi sebagaimana tercantum dalam Lampiran I Keputusan ini sebagai "
        f"Informasi yang Dikecualikan di lingkungan {body}, berdasarkan hasil uji "
        f"konsekuensi terhadap {counted(len(cases))} informasi, yang dikecualikan seluruhnya "
        f"sebanyak {counted(whole)} dan sebagian sebanyak {counted(partly)}.",
    ]
    if partly:
        texts.append(
            "Informasi yang dikecualikan sebagian diberikan kepada Pemohon setelah bagian yang "
            "dikecualikan dihitamkan atau dikaburkan sebagaimana tercantum dalam Lampiran I."
        )
    texts += [
        "Jangka waktu pengecualian setiap informasi adalah sebagaimana tercantum dalam "
        "Lampiran I; setelah jangka waktu berakhir informasi tersebut menjadi informasi "
        "publik yang dapat diakses, kecuali ditetapkan lain melalui uji konsekuensi baru.",
        "Penetapan ini dapat diubah oleh putusan Komisi Informasi atau pengadilan, dan "
        "ditinjau kembali sekurang-kurangnya sekali setahun.",
        "Lampiran I (Daftar Informasi yang Dikecualikan) dan Lampiran II (Berita Acara Uji "
        "Konsekuensi) merupakan bagian yang tidak terpisahkan dari Keputusan ini.",
        "Keputusan ini mulai berlaku pada tanggal ditetapkan.",
    ]
    dicta = tuple(
        SheetEntry(label=label, text=text)
        for label, text in zip(_DICTA_LABELS, texts, strict=False)
    )
    assert len(dicta) == len(texts) <= len(_DICTA_LABELS)
    document = DecreeDocument(
        letterhead=Letterhead(
            lines=profile.heading,
            address=profile.address,
            contact=profile.contact,
            logo_data_uri=logo_data_uri,
        ),
        title=f"KEPUTUSAN {issuer.upper()}",
        number=facts.number,
        about=f"PENETAPAN INFORMASI YANG DIKECUALIKAN DI LINGKUNGAN {body_upper}",
        issuer=f"{issuer.upper()},",
        menimbang=(
            "bahwa berdasarkan Pasal 17 dan Pasal 19 Undang-Undang Nomor 14 Tahun 2008 tentang "
            "Keterbukaan Informasi Publik, Pejabat Pengelola Informasi dan Dokumentasi wajib "
            "melakukan pengujian tentang konsekuensi dengan saksama dan penuh ketelitian "
            "sebelum menyatakan Informasi Publik tertentu dikecualikan;",
            f"bahwa uji konsekuensi atas {counted(len(cases))} informasi di lingkungan {body} "
            "telah dilaksanakan dan hasilnya disetujui sebagaimana tercatat dalam Berita Acara "
            "Uji Konsekuensi pada Lampiran II;",
            "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, "
            f"perlu menetapkan Keputusan {issuer} tentang Penetapan Informasi yang "
            "Dikecualikan;",
        ),
        mengingat=_mengingat(cases, profile),
        menetapkan=(
            f"KEPUTUSAN {issuer.upper()} TENTANG PENETAPAN INFORMASI YANG "
            f"DIKECUALIKAN DI LINGKUNGAN {body_upper}."
        ),
        dicta=dicta,
        place=facts.place,
        date_text=format_date_id(facts.dated),
        signers=tuple(
            SignatureBlock(
                office=s.office.upper(),
                name=s.name,
                nip=s.nip,
                rank=s.rank,
                above=s.above or ("Mengetahui," if i > 0 and s.role.value == "head" else ""),
            )
            for i, s in enumerate(profile.signers)
        ),
        copies=profile.copies,
        font_family=profile.font.family,
        font_size_pt=profile.font_size_pt,
        annex_title=(
            f"LAMPIRAN KEPUTUSAN {issuer.upper()} NOMOR {facts.number} TANGGAL "
            f"{format_date_id(facts.dated).upper()} — DAFTAR INFORMASI YANG "
            "DIKECUALIKAN"
        ),
        annex_rows=tuple(rows),
        sheets=tuple(
            berita_acara(c, catalogue, number=i, body=body, people=people)
            for i, c in enumerate(cases, start=1)
        ),
        qr_text=qr_text(facts.number, sha256_hex(decision_json), profile.verification_url),
        qr_caption=qr_caption(profile.verification_url),
        decision_json=decision_json,
        chain_seq=facts.chain_seq,
        chain_head=facts.chain_head,
        catalogue_version=catalogue.version,
        preview=facts.preview,
    )
    return document, decision_json
