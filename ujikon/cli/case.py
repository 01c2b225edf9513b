"""``ujikon case …``: open a case, record each step of the test, review, read.

Each step command takes the case id and either ``--file`` (the step's data as YAML or
JSON, exactly the fields of the step's payload model) or options that build the same
data. It then calls one service method and prints the case's new state and what the
acting user may do next. The legal rules run in the domain; a refusal comes back as a
:class:`~ujikon.errors.RuleViolation` that the root command shows.
"""

from __future__ import annotations

import logging
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ujikon.cli.common import CaseArg, FileOpt, JsonOpt, emit_json, globals_of, out
from ujikon.cli.gate import acting_actor, acting_reader, open_app
from ujikon.cli.inputs import (
    as_date,
    check_shape,
    choose_data,
    date_option,
    opt,
    parse_statute,
)
from ujikon.cli.render import (
    case_json,
    deadlines_json,
    history_diffs,
    history_json,
    lint_json,
    print_case,
    print_history,
    print_lint,
    print_list,
    print_search,
    print_step_result,
    search_json,
    state_text,
    summary_json,
)
from ujikon.domain import payloads as p
from ujikon.domain.case import Case, parse_case_ref
from ujikon.domain.lint import lint_case
from ujikon.domain.states import CaseState
from ujikon.errors import InputError
from ujikon.law import normalise_ground_id

if TYPE_CHECKING:
    from ujikon.service import Service

__all__ = ["case_app"]

logger = logging.getLogger(__name__)

case_app = typer.Typer(
    help="Kasus uji konsekuensi: buka, catat langkah, tinjau, baca / "
    "consequence-test cases: open, record steps, review, read",
    no_args_is_help=True,
)


class SearchOrderOpt(StrEnum):
    NEWEST = "newest"
    RELEVANCE = "relevance"


DateOpt = Annotated[datetime | None, date_option("--date", help="Tanggal (YYYY-MM-DD) / date")]
ReferenceOpt = Annotated[str | None, opt("--reference", help="Nomor rujukan / reference number")]
NoteOpt = Annotated[str | None, opt("--note", help="Catatan / note")]


def _finish(ctx: typer.Context, service: Service, case: Case, as_json: bool) -> None:
    """Print the case after a step: its state and the acting user's next steps."""
    actor = acting_actor(ctx) if globals_of(ctx).acting else None
    if as_json:
        emit_json(case_json(case, service.catalogue, actor))
    else:
        print_step_result(out(), case, actor)


def _act(
    ctx: typer.Context,
    ref: str,
    trigger: str,
    data: dict[str, Any],
    source: Path | None,
    as_json: bool,
) -> None:
    payload = check_shape(trigger, data, source)
    service = open_app(ctx).cases
    case = service.act(acting_actor(ctx), ref, trigger, payload)
    _finish(ctx, service, case, as_json)


# -- opening ----------------------------------------------------------------------------------


@case_app.command("new")
def new(
    ctx: typer.Context,
    trigger: Annotated[
        p.TriggerKind | None,
        opt("--trigger", help="Pemicu pengujian / why the test runs"),
    ] = None,
    reference: Annotated[
        str | None,
        opt(
            "--reference",
            help="Nomor permohonan atau perkara KI / request or KI case number",
        ),
    ] = None,
    dated: DateOpt = None,
    summary: Annotated[
        str | None, opt("--summary", help="Judul kerja / working title for the case list")
    ] = None,
    note: NoteOpt = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Buka kasus baru / Open a new case."""
    options = {
        "trigger": {
            "kind": trigger,
            "reference": reference,
            "dated": as_date(dated),
            "note": note,
        },
        "summary": summary,
    }
    given = (trigger, reference, dated, summary, note)
    data = choose_data(file, options, given, needs_options=True)
    payload = check_shape("open", data, file)
    service = open_app(ctx).cases
    case = service.open_case(acting_actor(ctx), payload)
    _finish(ctx, service, case, as_json)


# -- the steps of the test ------------------------------------------------------------------


@case_app.command("identify")
def identify(
    ctx: typer.Context,
    case_id: CaseArg,
    title: Annotated[str | None, opt("--title", help="Judul dokumen / document title")] = None,
    unit: Annotated[str | None, opt("--unit", help="Unit pemilik / owning unit")] = None,
    dated: Annotated[
        datetime | None, date_option("--date", help="Tanggal dokumen / document date")
    ] = None,
    form: Annotated[p.DocumentForm | None, opt("--form", help="Bentuk / form")] = None,
    reference: Annotated[
        str | None, opt("--reference", help="Nomor dokumen / document number")
    ] = None,
    category: Annotated[
        str | None,
        opt(
            "--category",
            help="Kategori katalog (ujikon law categories) atau other / catalogue category",
        ),
    ] = None,
    information: Annotated[
        str | None,
        opt("--information", help="Informasi yang diuji, tepat / exactly what is tested"),
    ] = None,
    scope: Annotated[p.Scope | None, opt("--scope", help="Cakupan / scope")] = None,
    parts: Annotated[
        list[str] | None,
        opt("--part", help="Bagian dokumen (berulang) / part (repeatable)", metavar="TEXT"),
    ] = None,
    whole_justification: Annotated[
        str | None,
        opt("--whole-justification", help="Alasan seluruh dokumen / why the whole document"),
    ] = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Langkah 2: identifikasi dokumen dan informasi / Step 2: identify."""
    options = {
        "document": {
            "title": title,
            "owning_unit": unit,
            "dated": as_date(dated),
            "form": form,
            "reference": reference,
            "category": category,
        },
        "information": information,
        "scope": scope,
        "parts": parts or [],
        "whole_justification": whole_justification,
    }
    given = (title, unit, dated, form, reference, category, information, scope, parts)
    data = choose_data(file, options, (*given, whole_justification), needs_options=True)
    _act(ctx, case_id, "identify", data, file, as_json)


@case_app.command("cite")
def cite(
    ctx: typer.Context,
    case_id: CaseArg,
    grounds: Annotated[
        list[str] | None,
        opt("--ground", help="Dasar, mis. 17h2 (berulang) / ground, repeatable", metavar="GROUND"),
    ] = None,
    analyses: Annotated[
        list[str] | None,
        opt(
            "--analysis",
            help="Analisis per --ground, berurutan / one per --ground, in order",
            metavar="TEXT",
        ),
    ] = None,
    statute: Annotated[
        str | None,
        opt("--statute", help="UU untuk 17j, mis. 'UU 6/1983 Pasal 34' / statute for 17j"),
    ] = None,
    consent: Annotated[
        bool, typer.Option("--consent", help="Ada persetujuan tertulis / written consent given")
    ] = False,
    public_office: Annotated[
        bool,
        typer.Option("--public-office", help="Menyangkut jabatan publik / about a public office"),
    ] = False,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Langkah 3: kutip dasar pengecualian Pasal 17 / Step 3: cite the grounds."""
    ground_list, analysis_list = grounds or [], analyses or []
    given = (ground_list, analysis_list, statute, consent, public_office)
    if file is None and len(ground_list) != len(analysis_list):
        raise InputError(
            "--analysis",
            f"{len(ground_list)} --ground tetapi {len(analysis_list)} --analysis; berikan satu "
            f"analisis untuk setiap dasar, berurutan / {len(ground_list)} --ground but "
            f"{len(analysis_list)} --analysis; give one analysis per ground, in order",
        )
    citations: list[dict[str, Any]] = [
        {"ground": g, "analysis": a} for g, a in zip(ground_list, analysis_list, strict=True)
    ]
    if statute is not None and file is None:
        targets = [c for c in citations if normalise_ground_id(c["ground"]) == "17j"]
        if not targets:
            raise InputError(
                "--statute", "hanya untuk kutipan 17j / only for a 17j citation (--ground 17j)"
            )
        targets[0]["statute"] = parse_statute(statute)
    options = {
        "citations": citations,
        "subject_consent": consent,
        "concerns_public_office": public_office,
    }
    data = choose_data(file, options, given, needs_options=True)
    _act(ctx, case_id, "cite_grounds", data, file, as_json)


@case_app.command("harm")
def harm(
    ctx: typer.Context,
    case_id: CaseArg,
    harms: Annotated[
        list[str] | None,
        opt(
            "--harm",
            help='DASAR="uraian" per dasar (berulang) / GROUND="text", repeatable',
            metavar="GROUND=TEXT",
        ),
    ] = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Langkah 4: uraikan konsekuensi per dasar / Step 4: the harm, per ground."""
    statements = []
    for item in harms or []:
        ground, sep, text = item.partition("=")
        if not sep:
            raise InputError(
                "--harm", f"'{item}': tulis / write GROUND=TEXT, mis. 17h2=\"Membuka ...\""
            )
        statements.append({"ground": ground.strip(), "harm": text})
    data = choose_data(file, {"harms": statements}, (harms,), needs_options=True)
    _act(ctx, case_id, "assess_harm", data, file, as_json)


@case_app.command("weigh")
def weigh(
    ctx: typer.Context,
    case_id: CaseArg,
    interests: Annotated[
        list[str] | None,
        opt(
            "--interest",
            help="Kepentingan publik (berulang) / public interest, repeatable",
            metavar="TEXT",
        ),
    ] = None,
    balance: Annotated[
        str | None, opt("--balance", help="Uraian pertimbangan / the balancing reasoning")
    ] = None,
    outweighs: Annotated[
        p.Weight | None, opt("--outweighs", help="Mana yang lebih berat / which weighs more")
    ] = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Langkah 5: timbang kepentingan publik / Step 5: weigh the public interest."""
    options = {"interests": interests or [], "balance": balance, "outweighs": outweighs}
    data = choose_data(file, options, (interests, balance, outweighs), needs_options=True)
    _act(ctx, case_id, "weigh_public_interest", data, file, as_json)


@case_app.command("conclude")
def conclude(
    ctx: typer.Context,
    case_id: CaseArg,
    outcome: Annotated[p.Outcome | None, opt("--outcome", help="Kesimpulan / outcome")] = None,
    parts: Annotated[
        list[str] | None,
        opt(
            "--part",
            help="Bagian dikecualikan (berulang) / part withheld, repeatable",
            metavar="TEXT",
        ),
    ] = None,
    redaction: Annotated[
        p.Redaction | None, opt("--redaction", help="Cara menutup / how parts are hidden")
    ] = None,
    until: Annotated[
        datetime | None,
        date_option("--until", help="Berlaku sampai tanggal / exempt until this date"),
    ] = None,
    until_condition: Annotated[
        str | None,
        opt("--until-condition", help="Berlaku sampai kondisi / exempt until a condition"),
    ] = None,
    permanent: Annotated[
        bool, typer.Option("--permanent", help="Pengecualian permanen / permanent exemption")
    ] = False,
    reasoning: Annotated[str | None, opt("--reasoning", help="Alasan / reasoning")] = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Langkah 6-7: kesimpulan dan jangka waktu / Steps 6-7: conclusion and period."""
    if permanent and (until is not None or until_condition):
        raise InputError(
            "--permanent",
            "tidak dapat digabung dengan --until/--until-condition / "
            "cannot be combined with --until/--until-condition",
        )
    period: dict[str, Any] | None = None
    if permanent:
        period = {"kind": p.PeriodKind.PERMANENT}
    elif until_condition:
        period = {
            "kind": p.PeriodKind.UNTIL_CONDITION,
            "condition": until_condition,
            "end_date": as_date(until),
        }
    elif until is not None:
        period = {"kind": p.PeriodKind.UNTIL_DATE, "end_date": as_date(until)}
    options = {
        "outcome": outcome,
        "parts_withheld": parts or [],
        "redaction": redaction,
        "period": period,
        "reasoning": reasoning,
    }
    given = (outcome, parts, redaction, until, until_condition, permanent, reasoning)
    data = choose_data(file, options, given, needs_options=True)
    _act(ctx, case_id, "conclude", data, file, as_json)


# -- review ------------------------------------------------------------------------------------

StepOpt = Annotated[p.Step | None, opt("--to-step", help="Langkah yang diulang / step to redo")]


@case_app.command("submit")
def submit(
    ctx: typer.Context,
    case_id: CaseArg,
    note: NoteOpt = None,
    no_lint: Annotated[
        bool,
        typer.Option(
            "--no-lint",
            help="Tanpa memeriksa penalaran lebih dulu / skip the reasoning check first",
        ),
    ] = False,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Langkah 8: ajukan untuk ditinjau PPID Utama / Step 8: submit for review.

    Peringatan penalaran (`ujikon case lint`) dicetak lebih dulu; tidak menghalangi.
    Reasoning warnings (`ujikon case lint`) are printed first; they do not block.
    """
    data = choose_data(file, {"note": note}, (note,), needs_options=False)
    payload = check_shape("submit", data, file)
    service = open_app(ctx).cases
    warnings = []
    if not no_lint:
        case = service.get_case(case_id, viewer=acting_actor(ctx))
        warnings = lint_case(case, service.catalogue)
        if warnings and not as_json:
            print_lint(out(), case.ref, warnings)
    case = service.act(acting_actor(ctx), case_id, "submit", payload)
    if as_json:
        emit_json(
            {
                **case_json(case, service.catalogue, acting_actor(ctx)),
                "lint": [w.model_dump(mode="json") for w in warnings],
            }
        )
    else:
        _finish(ctx, service, case, as_json)


@case_app.command("revise")
def revise(
    ctx: typer.Context,
    case_id: CaseArg,
    to_step: StepOpt = None,
    note: NoteOpt = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Kembali ke langkah yang sudah dicatat / Go back to a recorded step."""
    options = {"to_step": to_step, "note": note}
    data = choose_data(file, options, (to_step, note), needs_options=True)
    _act(ctx, case_id, "revise", data, file, as_json)


@case_app.command("return")
def return_(
    ctx: typer.Context,
    case_id: CaseArg,
    to_step: StepOpt = None,
    comment: Annotated[
        str | None, opt("--comment", help="Komentar peninjau / the reviewer's comments")
    ] = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Kembalikan untuk diperbaiki / Return for revision (PPID Utama)."""
    options = {"to_step": to_step, "comments": comment}
    data = choose_data(file, options, (to_step, comment), needs_options=True)
    _act(ctx, case_id, "return_for_revision", data, file, as_json)


@case_app.command("approve")
def approve(
    ctx: typer.Context,
    case_id: CaseArg,
    comment: Annotated[str | None, opt("--comment", help="Komentar / comments")] = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Langkah 9: setujui kasus / Step 9: approve (PPID Utama, not a drafter)."""
    data = choose_data(file, {"comments": comment}, (comment,), needs_options=False)
    _act(ctx, case_id, "approve", data, file, as_json)


@case_app.command("withdraw")
def withdraw(
    ctx: typer.Context,
    case_id: CaseArg,
    reason: Annotated[str | None, opt("--reason", help="Alasan / reason")] = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Tarik kasus sebelum ditetapkan / Withdraw the case before a decree."""
    data = choose_data(file, {"reason": reason}, (reason,), needs_options=True)
    _act(ctx, case_id, "withdraw", data, file, as_json)


@case_app.command("extend")
def extend(
    ctx: typer.Context,
    case_id: CaseArg,
    reference: ReferenceOpt = None,
    dated: DateOpt = None,
    reason: Annotated[str | None, opt("--reason", help="Alasan / reason")] = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Perpanjang jawaban permohonan 7 hari kerja, sekali, dengan pemberitahuan tertulis
    (Pasal 22(8)): --reference nomor surat, --date tanggalnya / Extend the answer to the
    request once by 7 working days with written notice: its --reference and --date."""
    data = choose_data(
        file,
        {
            "notice_reference": reference,
            "notice_date": as_date(dated),
            "reason": reason,
        },
        (reference, dated, reason),
        needs_options=True,
    )
    _act(ctx, case_id, "extend_answer", data, file, as_json)


# -- after the decree ------------------------------------------------------------------------


@case_app.command("retest")
def retest(
    ctx: typer.Context,
    case_id: CaseArg,
    reason: Annotated[str | None, opt("--reason", help="Alasan uji ulang / why retest")] = None,
    trigger: Annotated[
        p.TriggerKind | None, opt("--trigger", help="Pemicu / why the new test runs")
    ] = None,
    reference: ReferenceOpt = None,
    dated: DateOpt = None,
    note: NoteOpt = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Uji ulang: buka revisi baru / Retest: open a new revision."""
    options = {
        "reason": reason,
        "trigger": {"kind": trigger, "reference": reference, "dated": as_date(dated), "note": note},
    }
    given = (reason, trigger, reference, dated, note)
    data = choose_data(file, options, given, needs_options=True)
    _act(ctx, case_id, "retest", data, file, as_json)


@case_app.command("overturn")
def overturn(
    ctx: typer.Context,
    case_id: CaseArg,
    authority: Annotated[
        p.Authority | None, opt("--authority", help="Yang memutus / ruling authority")
    ] = None,
    ruling: Annotated[str | None, opt("--ruling", help="Nomor putusan / ruling number")] = None,
    ruling_date: Annotated[
        datetime | None, date_option("--ruling-date", help="Tanggal putusan / ruling date")
    ] = None,
    summary: Annotated[str | None, opt("--summary", help="Ringkasan / summary")] = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Catat putusan yang membatalkan / Record a ruling that overturns the case."""
    options = {
        "authority": authority,
        "ruling_reference": ruling,
        "ruling_date": as_date(ruling_date),
        "summary": summary,
    }
    given = (authority, ruling, ruling_date, summary)
    data = choose_data(file, options, given, needs_options=True)
    _act(ctx, case_id, "overturn", data, file, as_json)


@case_app.command("object")
def file_objection(
    ctx: typer.Context,
    case_id: CaseArg,
    reference: Annotated[
        str | None, opt("--reference", help="Nomor registrasi keberatan / objection number")
    ] = None,
    objector: Annotated[
        str | None, opt("--objector", help="Pemohon yang mengajukan / who objects")
    ] = None,
    answer_date: Annotated[
        datetime | None,
        date_option("--answer-date", help="Tanggal jawaban yang ditolak / date of the answer"),
    ] = None,
    answer_reference: Annotated[
        str | None, opt("--answer-reference", help="Nomor surat jawaban / answer letter number")
    ] = None,
    filed_on: Annotated[
        datetime | None,
        date_option("--filed-on", help="Tanggal keberatan diterima / date received"),
    ] = None,
    reasons: Annotated[
        str | None, opt("--reasons", help="Alasan keberatan / the objector's reasons")
    ] = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Catat keberatan pemohon kepada Atasan PPID (Pasal 35-36(1)): paling lambat 30 hari
    kerja setelah jawaban / Record a requester's objection to the Atasan PPID, filed within
    30 working days after the answer objected to."""
    options = {
        "reference": reference,
        "objector": objector,
        "answer_date": as_date(answer_date),
        "answer_reference": answer_reference,
        "filed_on": as_date(filed_on),
        "reasons": reasons,
    }
    given = (reference, objector, answer_date, answer_reference, filed_on, reasons)
    data = choose_data(file, options, given, needs_options=True)
    _act(ctx, case_id, "file_objection", data, file, as_json)


@case_app.command("answer-objection")
def answer_objection(
    ctx: typer.Context,
    case_id: CaseArg,
    objection: Annotated[
        str | None,
        opt("--objection", help="Nomor keberatan yang ditanggapi / which objection"),
    ] = None,
    outcome: Annotated[
        p.ObjectionOutcome | None,
        opt("--outcome", help="upheld: menguatkan / opened: memerintahkan dibuka"),
    ] = None,
    reference: Annotated[
        str | None, opt("--reference", help="Nomor surat tanggapan / answer number")
    ] = None,
    dated: Annotated[
        datetime | None, date_option("--date", help="Tanggal tanggapan / date of the answer")
    ] = None,
    reasons: Annotated[str | None, opt("--reasons", help="Pertimbangan / reasons")] = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Tanggapan tertulis Atasan PPID atas keberatan (Pasal 36(2)): menguatkan, atau
    memerintahkan informasi dibuka / The Atasan PPID's written answer to an objection:
    uphold, or order the information opened (the case ends as overturned).

    Tanpa --objection: keberatan satu-satunya yang menunggu tanggapan / Without
    --objection: the one objection awaiting an answer."""
    options = {
        "objection_reference": objection,
        "outcome": outcome,
        "reference": reference,
        "answered_on": as_date(dated),
        "reasons": reasons,
    }
    given = (objection, outcome, reference, dated, reasons)
    data = choose_data(file, options, given, needs_options=True)
    if not data.get("objection_reference"):
        pending = open_app(ctx).cases.get_case(case_id, viewer=acting_actor(ctx)).pending_objections
        if len(pending) != 1:
            waiting = ", ".join(o.reference for o in pending) or "-"
            raise InputError(
                "--objection",
                f"sebutkan nomor keberatan yang ditanggapi (menunggu: {waiting}) / name the "
                f"objection answered (awaiting an answer: {waiting})",
            )
        data["objection_reference"] = pending[0].reference
    _act(ctx, case_id, "answer_objection", data, file, as_json)


@case_app.command("expire")
def expire(
    ctx: typer.Context,
    case_id: CaseArg,
    as_of: Annotated[
        datetime | None, date_option("--as-of", help="Berakhir per tanggal / ended as of")
    ] = None,
    note: Annotated[
        str | None, opt("--note", help="Bukti kondisi terpenuhi / evidence the condition is met")
    ] = None,
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Nyatakan jangka waktu berakhir / Record that the period has ended."""
    options = {"as_of": as_date(as_of), "note": note}
    data = choose_data(file, options, (as_of, note), needs_options=True)
    _act(ctx, case_id, "expire", data, file, as_json)


# -- reading -----------------------------------------------------------------------------------


@case_app.command("show")
def show(ctx: typer.Context, case_id: CaseArg, as_json: JsonOpt = False) -> None:
    """Tampilkan seluruh catatan kasus / Show the whole record of a case."""
    app = open_app(ctx)
    service = app.cases
    actor = acting_reader(ctx, service)
    case = service.get_case(case_id, viewer=actor)
    deadlines = app.deadlines.of_case(case)
    if as_json:
        emit_json(
            {**case_json(case, service.catalogue, actor), "deadlines": deadlines_json(deadlines)}
        )
    else:
        print_case(out(), case, service.catalogue, actor, deadlines)


@case_app.command("list")
def list_(
    ctx: typer.Context,
    state: Annotated[
        CaseState | None, opt("--state", help="Hanya status ini / only this state")
    ] = None,
    unit: Annotated[str | None, opt("--unit", help="Hanya unit ini / only this unit")] = None,
    search: Annotated[
        str,
        opt(
            "--search",
            help="Cari nomor kasus, judul, nomor permohonan, dokumen, unit atau dasar / "
            "search case number, title, request number, document, unit or ground",
            metavar="TEXT",
        ),
    ] = "",
    as_json: JsonOpt = False,
) -> None:
    """Daftar kasus (revisi terbaru) / List cases (latest revisions)."""
    app = open_app(ctx)
    rows = app.cases.list_cases(state, unit, viewer=acting_reader(ctx, app.cases), text=search)
    due = app.deadlines.of_requests(rows)
    objections = app.deadlines.of_objections(rows)
    if as_json:
        emit_json([summary_json(r, due.get(r.case_id), objections.get(r.case_id)) for r in rows])
    else:
        print_list(out(), rows, due, objections)


@case_app.command("history")
def history(ctx: typer.Context, case_id: CaseArg, as_json: JsonOpt = False) -> None:
    """Riwayat lengkap: peristiwa, komentar, perubahan antarrevisi / The full story:
    events, comments, what changed between records and revisions."""
    service = open_app(ctx).cases
    viewer = acting_reader(ctx, service)
    events = service.history(case_id, viewer=viewer)
    earlier = []
    parsed = parse_case_ref(case_id)
    if parsed is not None and parsed.revision is not None and events:
        previous = service.get_case(str(parsed), viewer=viewer).previous_revision
        if previous is not None:  # one revision asked for: compare with the one it retests
            earlier = service.history(f"{parsed.case_id}/{previous}", viewer=viewer)
    diffs = history_diffs(events, earlier)
    ref = str(parsed) if parsed is not None else case_id
    if as_json:
        emit_json(history_json(ref, events, diffs))
    else:
        print_history(out(), ref, events, diffs)


@case_app.command("lint")
def lint(ctx: typer.Context, case_id: CaseArg, as_json: JsonOpt = False) -> None:
    """Periksa penalaran yang lemah (tidak menolak) / Flag weak reasoning (refuses nothing).

    Menandai: konsekuensi yang hanya mengulang bunyi dasar, uraian terlalu pendek,
    kepentingan publik yang tidak konkret, pengecualian seluruh dokumen Pasal 11(1).
    Flags: a harm that restates its ground, reasoning too short, a public interest named
    only in general, a whole-document exemption of a Pasal 11(1) kind. Exit 0 always.
    """
    service = open_app(ctx).cases
    case = service.get_case(case_id, viewer=acting_reader(ctx, service))
    warnings = lint_case(case, service.catalogue)
    if as_json:
        emit_json(lint_json(case.ref, warnings))
    else:
        print_lint(out(), case.ref, warnings)


@case_app.command("sheet")
def sheet(
    ctx: typer.Context,
    case_id: CaseArg,
    target: Annotated[
        Path | None,
        opt(
            "--out",
            help="Berkas PDF (bawaan: BA_<kasus>.pdf) / the PDF file (default BA_<case>.pdf)",
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """Cetak berita acara uji konsekuensi satu kasus / Print one case's test record alone.

    Lembar yang sama dengan Lampiran II keputusan, tanpa tanda tangan elektronik (salinan
    bertanda tangan ada di SK). The same sheet as the decree's LAMPIRAN II, unsigned.
    """
    app = open_app(ctx)
    viewer = acting_reader(ctx, app.cases)
    pdf = app.decrees.case_sheet(case_id, viewer)
    path = target or Path(f"BA_{case_id.replace('/', '-')}.pdf")
    if path.suffix.lower() != ".pdf":
        raise InputError("--out", f"'{path.name}': tulis berkas .pdf / write a .pdf file")
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(pdf)
    tmp.replace(path)
    out().print(f"Berita acara / test record {case_id}: {path} ({len(pdf)} bytes)")


@case_app.command("search")
def search(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(
            metavar="TEXT",
            help="Kata yang dicari (semua harus ada; '' untuk semua) / words to find "
            "(all of them; '' for every decided case)",
            show_default=False,
        ),
    ],
    ground: Annotated[
        str | None,
        opt("--ground", help="Hanya dasar ini, mis. 17h2 atau 17h / only this ground or letter"),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=100, help="Paling banyak / at most")
    ] = 10,
    order: Annotated[
        SearchOrderOpt,
        typer.Option("--order", help="Urutan: terbaru atau relevansi / newest or relevance"),
    ] = SearchOrderOpt.NEWEST,
    as_json: JsonOpt = False,
) -> None:
    """Cari preseden: kasus yang sudah diputus / Find precedents: earlier decided cases.

    Mencari judul dokumen, informasi, analisis, konsekuensi, kepentingan publik dan
    pertimbangan kasus yang disetujui atau ditetapkan; terbaru lebih dulu.
    Searches the document title, information, analysis, harm, public interest and
    balance of approved or decreed cases; newest decision first.
    """
    app = open_app(ctx)
    result = app.precedents.search(
        text,
        ground=ground,
        limit=limit,
        order=order.value,
        viewer=acting_reader(ctx, app.cases),
    )
    if as_json:
        emit_json(search_json(result))
    else:
        print_search(out(), result)


@case_app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="Berkas kasus (format ujikon/case-1) / case file", dir_okay=False
        ),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Impor satu kasus utuh dari berkas YAML/JSON / Import a whole case from a file."""
    from ujikon.service import load_plan

    plan = load_plan(file)
    service = open_app(ctx).cases
    case = service.import_case(globals_of(ctx).acting, plan)
    if as_json:
        emit_json(case_json(case, service.catalogue, None))
        return
    out().print(f"{case.ref}: {state_text(case.state)}")
