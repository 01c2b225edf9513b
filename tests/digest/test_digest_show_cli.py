"""``ujikon digest show``: every user's digest, or one user's, as text or JSON; nothing
is sent and nothing is written. Both store backends."""

from __future__ import annotations

import json
from pathlib import Path

from digest_support import AS_OF, TITLES, Office, digest_cli


def _show(*extra: str) -> list[str]:
    """``digest show`` as the PPID Utama, who runs the daily mail and reads every digest."""
    return ["--as", "budi", "digest", "show", "--as-of", AS_OF.isoformat(), *extra]


def test_one_users_digest(office: Office, tmp_path: Path) -> None:
    run = digest_cli(office, tmp_path / "ws")
    out = run(*_show("--user", "siti")).output
    assert out.startswith("=== siti ===\n")
    assert "Subjek / Subject: [ujikon] Tenggat 25 November 2026: 1 lewat, 2 dekat" in out
    assert TITLES["hukum_near"] in out and TITLES["hukum_ending"] in out
    assert TITLES["bpkad_near"] not in out and "=== rina" not in out
    assert "tenggat 27 November 2026 (2 hari kerja lagi)" in out


def test_every_digest_with_the_addresses_it_would_go_to(office: Office, tmp_path: Path) -> None:
    run = digest_cli(office, tmp_path / "ws")
    out = run(*_show("--domain", "sukamajukab.go.id")).output
    assert "Ringkasan tenggat per 25 November 2026 / digests as of 2026-11-25: 5" in out
    for name in ("budi", "hendra", "rina", "siti", "wulan"):
        assert f"=== {name} → {name}@sukamajukab.go.id ===" in out
    assert "=== agus" not in out and "=== dewi" not in out and "=== admin" not in out
    assert "nothing to report, no mail: agus" in out
    assert "admin (admin), dewi (auditor)" in out


def test_an_auditor_and_a_quiet_officer_are_told_why_there_is_none(
    office: Office, tmp_path: Path
) -> None:
    run = digest_cli(office, tmp_path / "ws")
    dewi = " ".join(run(*_show("--user", "dewi")).output.split())
    assert "===" not in dewi and "no digest (auditor, admin, nonaktif / inactive): dewi" in dewi
    agus = " ".join(run(*_show("--user", "agus")).output.split())
    assert "===" not in agus and "nothing to report, no mail: agus" in agus


def test_an_unknown_user_is_not_found(office: Office, tmp_path: Path) -> None:
    run = digest_cli(office, tmp_path / "ws")
    result = run(*_show("--user", "nobody"), code=5)
    assert "nobody" in result.output


def test_json(office: Office, tmp_path: Path) -> None:
    run = digest_cli(office, tmp_path / "ws")
    doc = json.loads(run(*_show("--json", "--domain", "sukamajukab.go.id")).stdout)
    assert (doc["as_of"], doc["as_of_id"]) == ("2026-11-25", "25 November 2026")
    assert [d["user"] for d in doc["digests"]] == ["budi", "hendra", "rina", "siti", "wulan"]
    siti = doc["digests"][3]
    assert siti["address"] == "siti@sukamajukab.go.id"
    assert [(r["title"], r["status"], r["due_id"]) for r in siti["requests"]] == [
        (TITLES["hukum_late"], "late", "8 April 2026"),
        (TITLES["hukum_near"], "near", "27 November 2026"),
    ]
    assert [(i["title"], i["days_left"]) for i in siti["ending"]] == [(TITLES["hukum_ending"], 25)]
    assert siti["ended"] == [] and siti["in_review"] == []
    assert doc["nothing_to_report"] == ["agus"]
    assert [u["user"] for u in doc["no_digest"]] == ["admin", "dewi"]


def test_showing_writes_nothing(office: Office, tmp_path: Path) -> None:
    before = office.service.log.head().seq
    run = digest_cli(office, tmp_path / "ws")
    run(*_show())
    assert office.service.log.head().seq == before
