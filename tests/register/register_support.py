"""Helpers and fixtures of the register tests: a workspace with a history (decrees
issued, a period run out, an expiry, an overturn, a retest decreed over its old
revision and a revoked decree, each on its own date), a fresh workspace, pdftotext.

``timeline`` builds it once per module on each store backend, through the real decree
desk (render, sign, record), on a clock set to the dates below (WIB):

============  ==========================================================================
2026-12-01    SK 1: P (17h2, permanent), U (17b, until 2026-12-31), X (17a1, until a
              condition, at the latest 2030-12-31), O (17h3) and R (17i); W (concluded
              open) decreed by the service alone; N approved but never decreed
2027-01-11    SK 2: L (17h5); SK 3: V (17g); R is retested (revision 2 approved)
2027-02-01    X expired, O overturned; SK 4: R/2 (supersedes R/1)
2027-03-01    SK 3 revoked
============  ==========================================================================
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql
from toolkit import Clock, add_users

from ujikon.documents.keys import create_dev_ca
from ujikon.law import load_catalogue
from ujikon.service.caseplan import CasePlan, PlannedStep
from ujikon.service.cases import Service
from ujikon.service.decrees import DecreeDesk
from ujikon.store import open_store

PASSPHRASE = b"kata-sandi-uji"
PROFILE = {
    "name": "Pemerintah Kabupaten Sukamaju",
    "place": "Sukamaju",
    "letterhead": ["PEMERINTAH KABUPATEN SUKAMAJU"],
    "signers": [
        {
            "role": "ppid",
            "office": "PPID Utama Pemerintah Kabupaten Sukamaju",
            "name": "Drs. Budi Santoso, M.Si.",
            "nip": "197204161998031004",
        }
    ],
}

T1 = date(2026, 12, 1)
T2 = date(2027, 1, 11)
T3 = date(2027, 2, 1)
T4 = date(2027, 3, 1)


def at_wib(day: date, hour: int = 9) -> datetime:
    """``day`` at ``hour``:00 WIB, in UTC."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=7)


def case_plan(
    title: str,
    unit: str,
    ground: str,
    period: dict[str, Any] | None,
    *,
    outcome: str = "exempt",
    information: str | None = None,
    by: str = "siti",
) -> CasePlan:
    """A whole case as a plan: identify, one ground, its harm, the balance, the conclusion."""
    citation: dict[str, Any] = {"ground": ground, "analysis": f"Analisis {ground} untuk {title}."}
    weigh = "public_interest" if outcome == "open" else "harm"
    steps = [
        (
            "identify",
            {
                "document": {
                    "title": title,
                    "owning_unit": unit,
                    "dated": "2026-06-01",
                    "form": "printed",
                },
                "information": information or f"Informasi dalam {title}",
                "scope": "whole",
            },
        ),
        ("cite_grounds", {"citations": [citation]}),
        (
            "assess_harm",
            {"harms": [{"ground": ground, "harm": f"Kerugian nyata bila {title} dibuka."}]},
        ),
        (
            "weigh_public_interest",
            {
                "interests": ["Akuntabilitas"],
                "balance": f"Pertimbangan atas {title}.",
                "outweighs": weigh,
            },
        ),
        ("conclude", {"outcome": outcome, "period": period}),
        ("submit", {"note": "Mohon ditinjau."}),
    ]
    return CasePlan(
        source=f"<{title}>",
        open={"trigger": {"kind": "proactive"}, "summary": title},
        open_by=None,
        steps=tuple(PlannedStep(t, d, None, f"step '{t}'") for t, d in steps),
        by=by,
    )


PERMANENT = {"kind": "permanent"}


@dataclass
class Timeline:
    service: Service
    desk: DecreeDesk
    clock: Clock
    refs: dict[str, str]
    """Letter → case revision ref (``R2`` is the retest's revision)."""
    numbers: dict[str, str]
    """SK1 … SK4 → decree number."""
    backend: str

    def ids(self, rows: list[Any]) -> list[str]:
        """The letters of the rows, in register order."""
        back = {ref: letter for letter, ref in self.refs.items()}
        return [back[r.case_ref] for r in rows]


def _schema_url(base: str) -> tuple[str, str]:
    schema = f"ujikon_t_{uuid.uuid4().hex[:16]}"
    libpq = re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", base)
    with psycopg.connect(libpq, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}", schema


def _drop_schema(base: str, schema: str) -> None:
    libpq = re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", base)
    with psycopg.connect(libpq, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def _build(service: Service, clock: Clock, workdir: Path) -> Timeline:
    keys = workdir / "keys"
    keys.mkdir(parents=True)
    create_dev_ca(
        keys,
        body_name=PROFILE["name"],
        signers=[("ppid", "Drs. Budi Santoso, M.Si.")],
        passphrase=PASSPHRASE,
    )
    add_users(service)
    desk = DecreeDesk(service, workdir)
    desk.set_profile("admin", PROFILE)
    phrases = {"ppid": PASSPHRASE}
    refs: dict[str, str] = {}
    numbers: dict[str, str] = {}

    def approved(letter: str, plan: CasePlan) -> str:
        case = service.import_case(None, plan)
        refs[letter] = service.act("budi", case.case_id, "approve", {"comments": "Setuju."}).ref
        return refs[letter]

    def issue(name: str, letters: list[str]) -> None:
        decree = desk.draft("budi", [refs[x] for x in letters])
        numbers[name] = desk.issue("budi", decree.decree_id, phrases).decree.issue.number  # type: ignore[union-attr]

    approved("P", case_plan("Rekam medis pegawai", "BKPSDM", "17h2", PERMANENT))
    approved(
        "U",
        case_plan(
            "Dokumen penawaran tender",
            "BPKAD",
            "17b",
            {"kind": "until_date", "end_date": "2026-12-31"},
            information="Harga satuan <b>penawaran</b> & metode kerja",
        ),
    )
    approved(
        "X",
        case_plan(
            "Berkas penyidikan PPNS",
            "Satpol PP",
            "17a1",
            {
                "kind": "until_condition",
                "condition": "Sampai penyidikan selesai",
                "end_date": "2030-12-31",
            },
        ),
    )
    approved("O", case_plan("Rekening penerima bansos", "Dinas Sosial", "17h3", PERMANENT))
    approved("R", case_plan("Nota dinas rapat pimpinan", "Setda", "17i", PERMANENT))
    approved("W", case_plan("Kontrak pekerjaan jalan", "Dinas PUPR", "17b", None, outcome="open"))
    approved("N", case_plan("Daftar hadir rapat", "Setda", "17i", PERMANENT))
    approved("L", case_plan("Penilaian kinerja pegawai", "BKPSDM", "17h5", PERMANENT))
    approved("V", case_plan("Akta wasiat yang dititipkan", "Setda", "17g", PERMANENT))

    clock.now = at_wib(T1)
    issue("SK1", ["P", "U", "X", "O", "R"])
    # The desk lists exempt cases only; the domain lets an approved open case be decreed.
    service.act(
        "budi", refs["W"], "include_in_decree", {"decree_number": "W/2026", "decree_date": T1}
    )

    clock.now = at_wib(T2)
    issue("SK2", ["L"])
    issue("SK3", ["V"])
    r1 = refs["R"]
    retest = service.act(
        "siti",
        r1.split("/")[0],
        "retest",
        {"reason": "Tinjauan tahunan DIK", "trigger": {"kind": "proactive"}},
    )
    refs["R2"] = retest.ref
    redo = case_plan(
        "Nota dinas rapat pimpinan", "Setda", "17i", PERMANENT, outcome="partly_exempt"
    )
    for step in redo.steps:
        data = dict(step.payload)
        if step.trigger == "conclude":
            data["parts_withheld"] = ["Butir 3 (rencana mutasi)"]
        service.act("siti", retest.ref, step.trigger, data)
    service.act("budi", retest.ref, "approve", {"comments": "Setuju."})

    clock.now = at_wib(T3)
    service.act("rina", refs["X"], "expire", {"as_of": T3, "note": "Penyidikan dihentikan."})
    service.act(
        "rina",
        refs["O"],
        "overturn",
        {"authority": "komisi_informasi", "ruling_reference": "KI/01/2027", "ruling_date": T3},
    )
    issue("SK4", ["R2"])

    clock.now = at_wib(T4)
    desk.revoke("budi", numbers["SK3"], "Salah penetapan")
    clock.now = at_wib(T4 + timedelta(days=10))
    return Timeline(service, desk, clock, refs, numbers, "")


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def timeline(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Timeline]:
    workdir = tmp_path_factory.mktemp("timeline")
    schema = ""
    base = ""
    if request.param == "sqlite":
        url = f"sqlite:///{workdir / 'ujikon.db'}"
    else:
        base = request.getfixturevalue("pg_base")
        url, schema = _schema_url(base)
    clock = Clock(at_wib(date(2026, 11, 25)))
    service = Service(open_store(url, create=True), load_catalogue(), clock=clock)
    try:
        built = _build(service, clock, workdir / "ws")
        built.backend = str(request.param)
        yield built
    finally:
        service.log.close()
        if schema:
            _drop_schema(base, schema)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Service]:
    """A fresh SQLite store with the users of ``toolkit.USERS``, on the test clock."""
    service = Service(
        open_store(f"sqlite:///{tmp_path / 'ujikon.db'}", create=True),
        load_catalogue(),
        clock=Clock(),
    )
    add_users(service)
    try:
        yield service
    finally:
        service.log.close()


@pytest.fixture(scope="session")
def pdftotext() -> str:
    """The path of ``pdftotext``; skip without it, fail under ``CI=true``."""
    import shutil

    found = shutil.which("pdftotext")
    if found is None:
        message = "pdftotext (poppler-utils) is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return found
