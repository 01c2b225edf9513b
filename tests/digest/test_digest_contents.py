"""Who is told what: an officer their unit's answers and periods, the PPID Utama and the
head every unit's with the cases in review and the periods left unexpired, auditors and
admins nothing; a user with nothing to report gets no digest. The office is the one of
``digest_support`` (both store backends), asked as of Wednesday 25 November 2026."""

from __future__ import annotations

import re
from datetime import date

from digest_support import AS_OF, TITLES, Office

from ujikon.service.digest import Digest, DigestRun, build_digests
from ujikon.service.lifecycle import run_lifecycle

ALL_REQUESTS_DUE = ["hukum_late", "bpkad_late", "hukum_near", "bpkad_near"]
"""Near or past on 25 November, by due date: 8 Apr, 16 Nov, 27 Nov, 30 Nov."""


def _digest(run: DigestRun, username: str) -> Digest:
    found = [d for d in run.digests if d.user.username == username]
    assert len(found) == 1, f"{username}: {[d.user.username for d in run.digests]}"
    return found[0]


def _keys(office: Office, refs: list[str]) -> list[str]:
    back = {ref: key for key, ref in office.refs.items()}
    return [back[r] for r in refs]


def test_officer_siti_is_told_only_of_her_units_items(office: Office) -> None:
    siti = _digest(build_digests(office.service, AS_OF), "siti")
    assert _keys(office, [r.case_id for r in siti.requests]) == ["hukum_late", "hukum_near"]
    assert [r.deadline.status for r in siti.requests] == ["late", "near"]
    assert [r.deadline.due for r in siti.requests] == [date(2026, 4, 8), date(2026, 11, 27)]
    assert _keys(office, [i.ref for i in siti.ending]) == ["hukum_ending"]
    assert siti.ended == () and siti.in_review == ()
    text = siti.text()
    for key in ("hukum_late", "hukum_near", "hukum_ending"):
        assert TITLES[key] in text
    for key in (
        "hukum_ok",
        "hukum_later",
        "hukum_permanent",
        "bpkad_near",
        "bpkad_late",
        "bpkad_ending",
        "bpkad_ended",
        "sosial_review",
    ):
        assert TITLES[key] not in text, key
    assert "BPKAD" not in text and "Dinas Sosial" not in text
    assert (siti.late, siti.near) == (1, 2)


def test_officer_wulan_is_told_of_bpkad_but_not_of_its_ended_period(office: Office) -> None:
    wulan = _digest(build_digests(office.service, AS_OF), "wulan")
    assert _keys(office, [r.case_id for r in wulan.requests]) == ["bpkad_late", "bpkad_near"]
    assert wulan.requests[1].deadline.working_days_left == 3
    assert _keys(office, [i.ref for i in wulan.ending]) == ["bpkad_ending"]
    assert wulan.ended == ()  # expiring is the PPID Utama's run, not the officer's


def test_the_ppid_and_the_head_are_told_of_every_unit(office: Office) -> None:
    run = build_digests(office.service, AS_OF)
    for name in ("rina", "budi", "hendra"):
        digest = _digest(run, name)
        assert _keys(office, [r.case_id for r in digest.requests]) == ALL_REQUESTS_DUE
        assert _keys(office, [i.ref for i in digest.ending]) == ["bpkad_ending", "hukum_ending"]
        assert [i.days_left(AS_OF) for i in digest.ending] == [15, 25]
        assert _keys(office, [i.ref for i in digest.ended]) == ["bpkad_ended"]
        assert _keys(office, [c.ref for c in digest.in_review]) == ["sosial_review"]
        assert (digest.late, digest.near) == (3, 4)
        text = digest.text()
        assert "Bagian Hukum" in text and "BPKAD" in text and "Dinas Sosial" in text
        assert "ujikon lifecycle run" in text
    for key in ("hukum_ok", "sosial_ok", "hukum_later", "hukum_permanent"):
        assert TITLES[key] not in _digest(run, "rina").text(), key


def test_a_user_with_nothing_to_report_gets_none_and_auditors_and_admins_never_do(
    office: Office,
) -> None:
    run = build_digests(office.service, AS_OF)
    assert sorted(d.user.username for d in run.digests) == [
        "budi",
        "hendra",
        "rina",
        "siti",
        "wulan",
    ]
    # agus has a request not yet near and a case in review: nothing an officer acts on
    assert [u.username for u in run.quiet] == ["agus"]
    assert [(u.username, u.role.value) for u in run.uncovered] == [
        ("admin", "admin"),
        ("dewi", "auditor"),
    ]
    only_dewi = build_digests(office.service, AS_OF, ["dewi"])
    assert only_dewi.digests == () and [u.username for u in only_dewi.uncovered] == ["dewi"]


def test_dates_are_written_the_indonesian_way_indonesian_first(office: Office) -> None:
    siti = _digest(build_digests(office.service, AS_OF), "siti")
    assert siti.subject == "[ujikon] Tenggat 25 November 2026: 1 lewat, 2 dekat / 1 past, 2 near"
    text = siti.text()
    indonesian, english = text.split("-" * 72)
    assert indonesian.startswith("Yth. siti")
    assert "per 25 November 2026" in indonesian
    assert "diterima 20 Maret 2026; tenggat 8 April 2026 (lewat" in indonesian
    assert "tenggat 27 November 2026 (2 hari kerja lagi)" in indonesian
    assert "hari terakhir 20 Desember 2026 (25 hari lagi)" in indonesian
    assert "Dear siti" in english
    assert "received 20 March 2026; due 8 April 2026" in english
    assert "last day 20 December 2026 (25 days left)" in english
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # no ISO date in the mail


def test_the_subject_counts_past_near_and_waiting_for_review(office: Office) -> None:
    rina = _digest(build_digests(office.service, AS_OF), "rina")
    assert rina.subject == (
        "[ujikon] Tenggat 25 November 2026: 3 lewat, 4 dekat, 1 menunggu tinjauan / "
        "3 past, 4 near, 1 awaiting review"
    )


def test_a_period_expired_by_the_lifecycle_run_is_no_longer_listed(office: Office) -> None:
    run_lifecycle(office.service, "budi", AS_OF)
    rina = _digest(build_digests(office.service, AS_OF), "rina")
    assert rina.ended == ()
    assert (rina.late, rina.near) == (2, 4)


def test_the_digest_follows_its_day(office: Office) -> None:
    """As of 11 December 2026 the tender's period (last day 10 December) has ended and every
    request still open is late, the one received on 25 November (due 9 December) too; the
    permanent and the March 2027 exemptions stay out."""
    later = date(2026, 12, 11)
    run = build_digests(office.service, later)
    rina = _digest(run, "rina")
    assert _keys(office, [i.ref for i in rina.ended]) == ["bpkad_ended", "bpkad_ending"]
    assert _keys(office, [i.ref for i in rina.ending]) == ["hukum_ending"]
    assert {r.deadline.status for r in rina.requests} == {"late"}
    assert "hukum_ok" in _keys(office, [r.case_id for r in rina.requests])
    wulan = _digest(run, "wulan")
    assert wulan.ending == () and wulan.ended == ()
    assert wulan.subject.startswith("[ujikon] Tenggat 11 Desember 2026: 2 lewat, 0 dekat")


def _objection_on_hukum_later(office: Office) -> date:
    """An objection received on 16 November 2026 against the decreed ``hukum_later``;
    returns the last day of the Atasan PPID's answer (Pasal 36(2))."""
    from ujikon.service.calendar import CalendarDesk

    office.service.act(
        "budi",
        office.refs["hukum_later"],
        "file_objection",
        {
            "reference": "KEB-11/2026",
            "objector": "Lembaga Pemantau Anggaran",
            "answer_date": "2026-11-16",
            "filed_on": "2026-11-16",
            "reasons": "Anggaran publik tidak boleh ditutup.",
        },
    )
    due, _ = CalendarDesk(office.service).deadline(date(2026, 11, 16), period="objection-answer")
    return due.due


def test_head_and_ppid_are_told_of_an_objection_due_today(office: Office) -> None:
    due = _objection_on_hukum_later(office)
    run = build_digests(office.service, due)
    for username in ("hendra", "budi"):
        [item] = _digest(run, username).objections
        assert item.case_id == office.refs["hukum_later"].split("/")[0]
        assert item.reference == "KEB-11/2026" and item.deadline.status == "near"
    text = _digest(run, "hendra").text()
    assert "keberatan KEB-11/2026 diterima 16 November 2026" in text
    assert "Pasal 36 ayat (2)" in text and "objection KEB-11/2026" in text
    siti = [d for d in run.digests if d.user.username == "siti"]
    assert all(d.objections == () for d in siti)


def test_an_objection_answer_not_yet_near_is_not_in_the_digest(office: Office) -> None:
    _objection_on_hukum_later(office)
    hendra = [
        d for d in build_digests(office.service, AS_OF).digests if d.user.username == "hendra"
    ]
    assert all(d.objections == () for d in hendra)


def test_a_late_objection_answer_counts_as_past(office: Office) -> None:
    due = _objection_on_hukum_later(office)
    after = date.fromordinal(due.toordinal() + 7)
    hendra = _digest(build_digests(office.service, after), "hendra")
    [item] = hendra.objections
    assert item.late and item.deadline.working_days_left < 0
    assert "LEWAT" in hendra.text()
