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
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from toolkit import (
    PASSPHRASES,
    Clock,
    add_users,
    at_wib,
    install_keys,
    install_profile,
    make_service,
)
from toolkit import case_plan as whole_case
from toolkit.stores import fresh_pg_url

from ujikon.documents.keys import DevCA
from ujikon.service.caseplan import CasePlan
from ujikon.service.cases import Service
from ujikon.service.decrees import DecreeDesk

T1 = date(2026, 12, 1)
T2 = date(2027, 1, 11)
T3 = date(2027, 2, 1)
T4 = date(2027, 3, 1)


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
    """A whole case as a plan (``toolkit.case_plan``), with the register's own texts for
    the analysis, the harm and the balance."""
    return whole_case(
        title,
        ground,
        period,
        by=by,
        outcome=outcome,
        unit=unit,
        information=information,
        cite_grounds={
            "citations": [{"ground": ground, "analysis": f"Analisis {ground} untuk {title}."}]
        },
        assess_harm={"harms": [{"ground": ground, "harm": f"Kerugian nyata bila {title} dibuka."}]},
        weigh_public_interest={"balance": f"Pertimbangan atas {title}."},
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


def _build(service: Service, clock: Clock, workdir: Path, keys: DevCA) -> Timeline:
    install_keys(keys, workdir / "keys")
    add_users(service)
    desk = DecreeDesk(service, workdir)
    install_profile(desk, "admin")
    phrases = PASSPHRASES
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
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, dev_keys: DevCA
) -> Iterator[Timeline]:
    workdir = tmp_path_factory.mktemp("timeline")
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{workdir / 'ujikon.db'}"
        else:
            url = stack.enter_context(fresh_pg_url(request.getfixturevalue("pg_base")))
        clock = Clock(at_wib(date(2026, 11, 25)))
        service = make_service(url, clock)
        stack.callback(service.log.close)
        built = _build(service, clock, workdir / "ws", dev_keys)
        built.backend = str(request.param)
        yield built


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Service]:
    """A fresh SQLite store with the users of ``toolkit.USERS``, on the test clock."""
    service = make_service(f"sqlite:///{tmp_path / 'ujikon.db'}")
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


OLD_REGISTER_HEADER = [
    "No",
    "Informasi yang Dikecualikan",
    "Pemilik Informasi",
    "Dasar Hukum",
    "Konsekuensi",
    "Kepentingan Publik",
    "Jangka Waktu",
    "Tanggal Dokumen",
]
"""The columns of an old DIK as regencies publish it (the import's usual headers)."""
