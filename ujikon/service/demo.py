"""The main job of the README: a demo workspace walked through the whole test.

``ujikon demo`` (``make demo``) builds a demo body's workspace in ``decisions/``:
users in every role, the sample cases of ``ujikon/samples/`` walked through every
step, a review that returns one case and approves the rest, and a row of attempts
the law forbids, each shown with the rule and article that stopped it and with the
proof that nothing was stored. A workspace that was not made by the demo is never
touched.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from ujikon.dates import format_date_id
from ujikon.domain.states import CaseState
from ujikon.errors import RuleViolation, StoreError
from ujikon.service.caseplan import load_plan
from ujikon.service.cases import Service
from ujikon.service.workspace import Workspace

if TYPE_CHECKING:
    from ujikon.service.verification import DecreeVerdict

__all__ = ["DEMO_MARK", "run_demo", "sample_files"]

logger = logging.getLogger(__name__)

DEMO_MARK = "demo_workspace"
"""Meta key set in a workspace the demo built; only such a workspace is rebuilt."""

USERS: list[dict[str, str]] = [
    {
        "username": "siti",
        "role": "officer",
        "full_name": "Siti Rahmawati, S.H.",
        "unit": "Bagian Hukum Sekretariat Daerah",
        "nip": "198703142010012003",
    },
    {
        "username": "wulan",
        "role": "officer",
        "full_name": "Wulandari, S.E.",
        "unit": "Badan Pengelolaan Keuangan dan Aset Daerah",
        "nip": "199001052015032001",
    },
    {
        "username": "agus",
        "role": "officer",
        "full_name": "Agus Setiawan, S.Sos.",
        "unit": "Dinas Sosial",
        "nip": "198511202009011002",
    },
    {
        "username": "budi",
        "role": "ppid",
        "full_name": "Drs. Budi Santoso, M.Si.",
        "unit": "Dinas Komunikasi dan Informatika",
        "nip": "197204161998031004",
    },
    {
        "username": "rina",
        "role": "ppid",
        "full_name": "Rina Marlina, S.IP.",
        "unit": "Dinas Komunikasi dan Informatika",
        "nip": "198209092006042001",
    },
    {
        "username": "hendra",
        "role": "head",
        "full_name": "Ir. Hendra Gunawan, M.T.",
        "unit": "Sekretariat Daerah",
        "nip": "196805121994031006",
    },
    {
        "username": "dewi",
        "role": "auditor",
        "full_name": "Dewi Lestari, S.H., M.H.",
        "unit": "Inspektorat Daerah",
        "nip": "198104282005012002",
    },
]


def sample_files() -> list[Path]:
    """The case files shipped with ujikon, in order."""
    folder = resources.files("ujikon") / "samples"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml"))


@dataclass
class _Refusal:
    attempt: str
    rule: str
    article: str
    stored: bool


def _prepare(workspace: Workspace, console: Console) -> Service:
    """A fresh demo workspace; refuses to touch one that is not the demo's."""
    if workspace.is_sqlite:
        db = Path(workspace.db_url.removeprefix("sqlite:///"))
        if db.exists():
            service = workspace.open()
            marked = service.log.get_meta(DEMO_MARK) == "1"
            service.log.close()
            if not marked:
                raise StoreError(
                    f"{db} sudah berisi ruang kerja yang bukan demo; demo tidak akan menimpanya. "
                    "Gunakan --workspace DIR lain. / "
                    f"{db} holds a workspace that is not the demo's; the demo will not overwrite "
                    "it. Use another --workspace DIR."
                )
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            for folder in ("keys", "sk", "previews", "assets"):
                shutil.rmtree(workspace.directory / folder, ignore_errors=True)
            console.print(
                f"[dim]Ruang kerja demo lama dihapus / old demo workspace removed: {db}[/]"
            )
    service = workspace.init()
    if not workspace.is_sqlite and service.log.head().seq > 0:
        raise StoreError(
            "Demo hanya berjalan pada basis data kosong / the demo runs only on an empty database."
        )
    service.log.set_meta(DEMO_MARK, "1")
    service.log.set_meta("body_name", "Pemerintah Kabupaten Sukamaju (demo)")
    return service


def _refused(
    service: Service,
    attempt: str,
    action: Callable[[], Any],
    refusals: list[_Refusal],
    console: Console,
) -> None:
    before = service.log.head().seq
    try:
        action()
    except RuleViolation as exc:
        stored = service.log.head().seq != before
        refusals.append(_Refusal(attempt, exc.rule, exc.article, stored))
        console.print(f"  [red]✗[/] {attempt}")
        console.print(
            f"    [bold]{exc.rule}[/] ({exc.article})"
            + (f" — kolom/field [italic]{exc.field}[/]" if exc.field else "")
        )
        console.print(f"    [dim]{exc.message_id}[/]")
        return
    raise AssertionError(f"the demo expected a refusal: {attempt}")


DEMO_PASSWORDS = "demo-passwords.txt"


def _demo_passwords(service: Service, workspace: Workspace) -> Path:
    """A fresh random web password for every demo user, written (mode 600) to
    ``<workspace>/demo-passwords.txt``: no default password ships, not even in the demo."""
    import secrets

    lines = [
        "# Kata sandi web para pengguna demo (acak, dibuat oleh `ujikon demo`).",
        "# Web passwords of the demo users (random, made by `ujikon demo`).",
        "# ujikon serve  ->  http://127.0.0.1:8000/",
    ]
    for user in service.users():
        password = secrets.token_urlsafe(12)
        service.set_password("admin", user.username, password)
        lines.append(f"{user.username:<8} {user.role.value:<8} {password}")
    passphrase = os.environ.get("UJIKON_KEY_PASSPHRASE", DEMO_PASSPHRASE_DEFAULT)
    lines.append(
        f"# Passphrase kunci tanda tangan demo / demo signing-key passphrase: {passphrase}"
    )
    path = workspace.directory / DEMO_PASSWORDS
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


def run_demo(workspace: Workspace, console: Console | None = None) -> int:
    """Build the demo workspace and print what happened; returns the exit code."""
    out = console or Console()
    service = _prepare(workspace, out)
    out.rule("[bold]ujikon demo — Pemerintah Kabupaten Sukamaju[/]")
    out.print(f"Ruang kerja / workspace: [cyan]{workspace.directory}[/]  ({workspace.db_url})")

    service.add_user(None, {"username": "admin", "role": "admin", "full_name": "Admin PPID"})
    for user in USERS:
        service.add_user("admin", user)
    out.print(
        "Pengguna / users: admin, " + ", ".join(f"{u['username']} ({u['role']})" for u in USERS)
    )
    passwords_file = _demo_passwords(service, workspace)

    out.rule("1. Petugas menguji setiap informasi / officers walk each case through the steps")
    imported: dict[str, str] = {}
    refusals: list[_Refusal] = []
    for path in sample_files():
        plan = load_plan(path)
        if path.name.startswith("9"):
            _refused(
                service,
                f"impor {path.name}",
                partial(service.import_case, None, plan),
                refusals,
                out,
            )
            continue
        case = service.import_case(None, plan)
        imported[path.stem] = case.case_id
        out.print(f"  [green]✓[/] {case.ref}  {case.title[:70]}  → [bold]{case.state.value}[/]")

    out.rule("2. Langkah yang dilarang hukum / steps the law forbids")
    tender = imported["03-dokumen-penawaran-tender"]
    memo = imported["06-nota-dinas-rapat-pimpinan"]
    _refused(
        service,
        f"rina (PPID) menyetujui kasus yang ia susun sendiri ({memo})",
        lambda: service.act("rina", memo, "approve", {}),
        refusals,
        out,
    )
    _refused(
        service,
        f"siti (petugas) menyetujui kasus ({imported['01-rekam-medis-pegawai']})",
        lambda: service.act("siti", imported["01-rekam-medis-pegawai"], "approve", {}),
        refusals,
        out,
    )
    audit = service.open_case(
        "siti",
        {
            "trigger": {"kind": "request", "reference": "067/PPID/XI/2026", "dated": "2026-11-16"},
            "summary": "Laporan hasil pemeriksaan dana desa",
        },
    )
    service.act(
        "siti",
        audit.case_id,
        "identify",
        {
            "document": {
                "title": "Laporan Hasil Pemeriksaan Khusus Dana Desa Sukamaju Kidul 2025",
                "owning_unit": "Inspektorat Daerah",
                "dated": "2026-08-14",
                "form": "printed",
            },
            "information": "Temuan, keterangan saksi dan rincian rekening pribadi kepala desa",
            "scope": "part",
            "parts": ["Bab III Temuan", "Lampiran rekening koran"],
        },
    )
    _refused(
        service,
        f"siti melompati langkah: langsung menyimpulkan ({audit.case_id})",
        lambda: service.act("siti", audit.case_id, "conclude", {"outcome": "exempt"}),
        refusals,
        out,
    )
    service.act(
        "siti",
        audit.case_id,
        "cite_grounds",
        {
            "citations": [
                {"ground": "17a1", "analysis": "Laporan telah dilimpahkan ke kejaksaan."},
                {"ground": "17h3", "analysis": "Lampiran memuat rekening pribadi."},
            ]
        },
    )
    _refused(
        service,
        f"siti menguraikan bahaya untuk 17a1 saja, 17h3 tidak ({audit.case_id})",
        lambda: service.act(
            "siti",
            audit.case_id,
            "assess_harm",
            {"harms": [{"ground": "17a1", "harm": "Penyidikan kejaksaan dapat terganggu."}]},
        ),
        refusals,
        out,
    )
    _refused(
        service,
        f"dewi (auditor) mencoba menarik kasus ({audit.case_id})",
        lambda: service.act("dewi", audit.case_id, "withdraw", {"reason": "uji"}),
        refusals,
        out,
    )
    service.act(
        "siti",
        audit.case_id,
        "withdraw",
        {"reason": "Permohonan diteruskan ke kejaksaan yang kini menguasai laporan itu."},
    )
    out.print(f"  [yellow]↩[/] {audit.case_id} ditarik oleh penyusunnya / withdrawn by its drafter")

    out.rule("3. PPID Utama meninjau / the PPID Utama reviews")
    service.act(
        "budi",
        tender,
        "return_for_revision",
        {
            "to_step": "assess_harm",
            "comments": "Konsekuensi hanya mengulang bunyi Pasal 17 huruf b. Uraikan kerugian "
            "konkret bagi peserta bila metode dan harga satuannya dibuka.",
        },
    )
    out.print(
        f"  [yellow]↩[/] {tender} dikembalikan ke langkah assess_harm / returned to assess_harm"
    )
    service.act(
        "wulan",
        tender,
        "assess_harm",
        {
            "harms": [
                {
                    "ground": "17b",
                    "harm": (
                        "Pesaing dapat menyalin metode kerja dan struktur harga satuan "
                        "peserta pada tender berikutnya tanpa menanggung biaya "
                        "penyusunannya, sehingga peserta kehilangan keunggulan yang "
                        "dibangunnya dan persaingan menjadi tidak sehat."
                    ),
                }
            ]
        },
    )
    current = service.get_case(tender)
    assert current.weighing is not None and current.conclusion is not None
    service.act("wulan", tender, "weigh_public_interest", current.weighing)
    service.act("wulan", tender, "conclude", current.conclusion)
    service.act("wulan", tender, "submit", {"note": "Konsekuensi telah diperbaiki."})
    out.print(f"  [green]✓[/] {tender} diperbaiki dan diajukan lagi / revised and resubmitted")
    for summary in service.list_cases(CaseState.IN_REVIEW):
        service.act("budi", summary.case_id, "approve", {"comments": "Disetujui."})
    out.print(
        "  [green]✓[/] semua kasus yang diajukan disetujui oleh budi / all submitted cases approved"
    )

    out.rule("4. PPID Utama menerbitkan SK / the PPID Utama issues the decree")
    issued = _issue_decree(workspace, service, imported, refusals, out)

    out.rule("5. Keberatan / an objection (UU 14/2008 Pasal 35-36)")
    _objection(service, imported, refusals, out)

    out.rule("6. Hasil / result")
    table = Table(show_lines=False)
    for col in ("Kasus", "Informasi / dokumen", "Dasar", "Kesimpulan", "Status"):
        table.add_column(col)
    for row in service.list_cases():
        table.add_row(
            row.ref,
            row.title[:48],
            ", ".join(row.grounds) or "-",
            row.outcome or "-",
            row.state.value,
        )
    out.print(table)
    rules = Table(title="Ditolak / refused (tidak ada yang tersimpan / nothing stored)")
    for col in ("Percobaan / attempt", "Aturan / rule", "Pasal / article", "Tersimpan?"):
        rules.add_column(col)
    for r in refusals:
        rules.add_row(r.attempt, r.rule, r.article, "ya!" if r.stored else "tidak")
    out.print(rules)
    report = service.log.verify_chain()
    out.print(
        f"Rantai hash / hash chain: {'utuh / intact' if report.ok else 'RUSAK / BROKEN'}, "
        f"{report.events} event, head {report.head[:16]}…"
    )
    out.print(
        f"SK / decree: [bold]{issued.number}[/] → [cyan]{issued.path}[/]\n"
        f"Periksa / verify:  [bold]ujikon verify {issued.path} --trust "
        f"{workspace.keys_dir / 'dev-ca.pem'}[/]"
    )
    out.print(
        "Coba / try:  [bold]ujikon case show "
        + imported["01-rekam-medis-pegawai"]
        + "[/]   ujikon case history "
        + tender
        + "   ujikon case list   ujikon workflow diagram"
    )
    out.print(
        f"Web: [bold].venv/bin/ujikon serve[/] → http://127.0.0.1:8000/  "
        f"(kata sandi / passwords: [cyan]{passwords_file}[/])"
    )
    service.log.close()
    return 0 if report.ok and issued.valid and not any(r.stored for r in refusals) else 1


def _objection(
    service: Service, imported: dict[str, str], refusals: list[_Refusal], out: Console
) -> None:
    """A requester objects to the medical-record refusal within the window; a second
    objection, a day too late, is refused; the Atasan PPID upholds the decision."""
    from ujikon.service.calendar import CalendarDesk
    from ujikon.service.deadlines import case_deadlines

    medical = imported["01-rekam-medis-pegawai"]
    today = service.today()
    calendar = CalendarDesk(service).view(range(today.year - 1, today.year + 2)).calendar
    answered = today
    while calendar.working_days_between(answered, today) < 4:
        answered -= timedelta(days=1)
    filing = {
        "reference": "KEB-001/PPID/2026",
        "objector": "Forum Pemantau Kepegawaian Sukamaju",
        "answer_date": answered.isoformat(),
        "answer_reference": "045.2/PPID/2026",
        "filed_on": today.isoformat(),
        "reasons": "Hasil pemeriksaan kesehatan dinilai menyangkut kelayakan jabatan.",
    }
    service.act("budi", medical, "file_objection", filing)
    view = case_deadlines(service.get_case(medical), CalendarDesk(service), today).objections[0]
    out.print(
        f"  [green]✓[/] {medical}: keberatan {filing['reference']} dicatat; Atasan PPID menjawab "
        f"paling lambat {format_date_id(view.timeline.answer_due)} / objection recorded, "
        "answer due then (Pasal 36(2))"
    )
    too_late = answered
    while calendar.working_days_between(too_late, today) < 31:
        too_late -= timedelta(days=1)
    _refused(
        service,
        f"keberatan hari kerja ke-31 setelah jawaban ({medical})",
        lambda: service.act(
            "budi",
            medical,
            "file_objection",
            {**filing, "reference": "KEB-002/PPID/2026", "answer_date": too_late.isoformat()},
        ),
        refusals,
        out,
    )
    service.act(
        "hendra",
        medical,
        "answer_objection",
        {
            "objection_reference": filing["reference"],
            "outcome": "upheld",
            "reference": "800/041/Setda/2026",
            "answered_on": today.isoformat(),
            "reasons": "Riwayat kesehatan perorangan tetap dilindungi Pasal 17 huruf h angka 2; "
            "kelayakan jabatan dinilai dari hasil akhir yang diumumkan.",
        },
    )
    dispute = case_deadlines(service.get_case(medical), CalendarDesk(service), today)
    due = dispute.objections[0].timeline.dispute_due
    out.print(
        f"  [green]✓[/] hendra (Atasan PPID) menguatkan keputusan; sengketa ke Komisi Informasi "
        f"paling lambat {format_date_id(due)} / upheld; a dispute may go to the KI by then "
        "(Pasal 37(2))"
    )


DEMO_PASSPHRASE_DEFAULT = "ujikon-demo"
"""The demo's development keys are protected by UJIKON_KEY_PASSPHRASE, or by this."""

PROFILE: dict[str, Any] = {
    "name": "Pemerintah Kabupaten Sukamaju",
    "letterhead": ["PEMERINTAH KABUPATEN SUKAMAJU", "DINAS KOMUNIKASI DAN INFORMATIKA"],
    "address": "Jalan Merdeka No. 1, Sukamaju 45111",
    "contact": "Telp. (0265) 123456 · ppid@sukamajukab.go.id · ppid.sukamajukab.go.id",
    "place": "Sukamaju",
    "issuer": "PPID Utama Pemerintah Kabupaten Sukamaju",
    # `ujikon serve` on this machine answers the page the demo decree's QR code opens.
    "verification_url": "http://127.0.0.1:8000/cek",
    "signers": [
        {
            "role": "ppid",
            "office": "PPID Utama Pemerintah Kabupaten Sukamaju",
            "name": "Drs. Budi Santoso, M.Si.",
            "nip": "197204161998031004",
            "rank": "Pembina Tingkat I (IV/b)",
        },
        {
            "role": "head",
            "office": "Sekretaris Daerah selaku Atasan PPID",
            "name": "Ir. Hendra Gunawan, M.T.",
            "nip": "196805121994031006",
            "rank": "Pembina Utama Muda (IV/c)",
        },
    ],
    "own_rules": [
        "Peraturan Bupati Sukamaju Nomor 9 Tahun 2023 tentang Standar Layanan Informasi "
        "Publik di Lingkungan Pemerintah Kabupaten Sukamaju"
    ],
}


@dataclass(frozen=True)
class _Issued:
    number: str
    path: Path
    valid: bool


def _issue_decree(
    workspace: Workspace,
    service: Service,
    imported: dict[str, str],
    refusals: list[_Refusal],
    out: Console,
) -> _Issued:
    """Profile, development keys, a draft of every withheld case, issue, verify."""

    from ujikon.documents.keys import create_dev_ca
    from ujikon.service.verification import verify_decree_file

    desk = workspace.decrees(service)
    desk.set_profile("admin", PROFILE)
    passphrase = os.environ.get("UJIKON_KEY_PASSPHRASE", DEMO_PASSPHRASE_DEFAULT).encode()
    ca = create_dev_ca(
        workspace.keys_dir,
        body_name=PROFILE["name"],
        signers=[(s["role"], s["name"]) for s in PROFILE["signers"]],
        passphrase=passphrase,
    )
    for info in ca.signers:
        desk.register_key("admin", info)
    out.print(
        "  [yellow]![/] kunci PENGEMBANGAN dibuat (tidak untuk penggunaan resmi) / DEVELOPMENT "
        f"keys made, not for real use: {workspace.keys_dir}"
    )
    road = imported["08-kontrak-pekerjaan-jalan"]
    _refused(
        service,
        f"budi memasukkan kasus yang disimpulkan terbuka ke SK ({road})",
        lambda: desk.draft("budi", [road]),
        refusals,
        out,
    )
    draft = desk.draft("budi", None)
    out.print(f"  [green]✓[/] draf {draft.decree_id}: {len(draft.cases)} kasus / cases")
    # Each signer from their own account (rule signer-own-account): the PPID Utama
    # numbers and signs; the Atasan PPID then signs with their own PIN.
    head_key = PROFILE["signers"][1]["role"]
    _refused(
        service,
        "budi (PPID Utama) memasukkan PIN Atasan PPID",
        lambda: desk.issue("budi", draft.decree_id, {"ppid": passphrase, head_key: passphrase}),
        refusals,
        out,
    )
    first = desk.issue("budi", draft.decree_id, {"ppid": passphrase})
    waiting = first.decree.number
    out.print(
        f"  [green]✓[/] SK Nomor [bold]{waiting}[/] ditandatangani PPID Utama (budi); menunggu "
        "tanda tangan Atasan PPID / signed by the PPID Utama, awaiting the head"
    )
    result = desk.issue("hendra", draft.decree_id, {head_key: passphrase})
    assert result.decree.issue is not None
    number = result.decree.issue.number
    out.print(
        f"  [green]✓[/] SK Nomor [bold]{number}[/] ditandatangani Atasan PPID (hendra) dari "
        "akunnya sendiri dan terbit / signed by the head from their own account: issued"
    )
    # The development CA is named as trust root on purpose, as the README's
    # `ujikon verify … --trust decisions/keys/dev-ca.pem` does: the verdict says so.
    verdict = verify_decree_file(result.path, trust_roots=[ca.ca_cert_path], desk=desk)
    for line in _verdict_lines(verdict):
        out.print(f"    {line}", markup=False, highlight=False)
    return _Issued(number=number, path=result.path, valid=verdict.ok)


def _verdict_lines(verdict: DecreeVerdict) -> list[str]:
    """What the demo shows of ``ujikon verify``: who signed, the QR, the log, the result."""
    lines = [
        f"{'✓' if check.problem is None else '✗'} {check.label}: "
        + (check.name if check.problem is None else check.problem)
        for check in verdict.signers
    ]
    printed = verdict.printed_qr
    if verdict.decision_matches_qr and printed is not None:
        pages = ", ".join(str(p) for p in printed.pages)
        lines.append(
            f"✓ kode QR tercetak (hlm. {pages}) = kunci info = keputusan tertanam / printed "
            f"QR code (p. {pages}) = info key = embedded decision"
        )
    else:
        lines.append("✗ kode QR / QR code: " + verdict.result_line)
    lines.append(
        {
            "matches": "✓ cocok dengan log / matches the log",
            "not-checked": "- log tidak diperiksa / log not checked",
        }.get(verdict.log_status, f"✗ log: {verdict.log_status}")
    )
    lines.append(verdict.result_line)
    return lines
