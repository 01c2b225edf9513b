"""Auditors read everything and change nothing.

Every writing use case of :class:`~ujikon.service.Service` and
:class:`~ujikon.decrees.DecreeDesk` (each one that takes an ``acting`` user) is tried as
the auditor ``dewi`` at a moment when it *could* be done -- the case in the state the
trigger starts from, the payload valid -- and must be refused by a rule
(``role-may-act``, ``admin-manages-users``, ``admin-manages-workspace``) with nothing
stored: no event, no index row, no file. A refusal by ``role-may-act`` from the case
machine also proves the payload parsed and the state allowed the trigger: that guard
runs only then.

Two public methods take no acting user and are deliberately not role-checked, because
they record no fact: ``Service.rebuild_index`` rewrites the case list (a projection)
from the log -- anyone with database access could recompute the same rows -- and
``DecreeDesk.finish_pending`` gives a signed PDF whose hash the log already holds the
name the log already records. The test shows that running them stores no event.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ujikon_testing import SAMPLES

from ujikon.caseplan import load_plan
from ujikon.decrees import DecreeDesk
from ujikon.errors import RuleViolation
from ujikon.service import Service

AUDITOR = "dewi"

WRITERS = {
    "Service.add_user",
    "Service.set_password",
    "Service.open_case",
    "Service.act",
    "Service.import_case",
    "DecreeDesk.set_profile",
    "DecreeDesk.register_key",
    "DecreeDesk.install_dev_keys",
    "DecreeDesk.import_key",
    "DecreeDesk.draft",
    "DecreeDesk.issue",
    "DecreeDesk.revoke",
    "DecreeDesk.discard",
}
"""The use cases that write on behalf of an acting user; each is walked below."""

MAINTENANCE = {"Service.rebuild_index", "DecreeDesk.finish_pending"}
"""Public methods that write no event and take no acting user (see the module doc)."""

TRIGGERS = {
    "identify",
    "cite_grounds",
    "assess_harm",
    "weigh_public_interest",
    "conclude",
    "submit",
    "revise",
    "return_for_revision",
    "approve",
    "include_in_decree",
    "expire",
    "retest",
    "overturn",
    "withdraw",
    "extend_answer",
    "file_objection",
    "answer_objection",
}


def test_every_writing_use_case_is_walked() -> None:
    """A new use case with an ``acting`` user fails here until it is added to the walk."""
    acting = {
        f"{cls.__name__}.{name}"
        for cls in (Service, DecreeDesk)
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_") and "acting" in inspect.signature(member).parameters
    }
    assert acting == WRITERS, (
        "a use case takes an acting user but is not walked by test_auditor_changes_nothing: "
        f"{sorted(acting ^ WRITERS)}"
    )


def test_every_trigger_is_walked() -> None:
    from ujikon.domain.workflow import PAYLOADS

    assert set(PAYLOADS) - {"open"} == TRIGGERS


class _Watch:
    """Asserts that a call is refused by a rule and leaves the workspace as it was."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.refused: dict[str, str] = {}

    def _state(self) -> tuple[Any, ...]:
        log = self.ws.log
        files = sorted(
            (str(p.relative_to(self.ws.workdir)), p.stat().st_size)
            for p in self.ws.workdir.rglob("*")
            if p.is_file() and p.suffix not in (".db-wal", ".db-shm")
            and not p.name.endswith(("-wal", "-shm", ".db"))
        )  # fmt: skip
        return log.head(), log.index("case"), log.index("decree"), files

    def refuses(self, what: str, call: Callable[[], Any], *rules: str) -> None:
        before = self._state()
        with pytest.raises(RuleViolation) as caught:
            call()
        assert caught.value.rule in rules, f"{what}: refused by {caught.value.rule}"
        assert self._state() == before, f"{what}: something was stored"
        self.refused[what] = caught.value.rule


def test_auditor_changes_nothing(issued: Any, audit_keys: tuple[Path, Any]) -> None:
    service: Service = issued.service
    desk: DecreeDesk = issued.desk
    watch = _Watch(issued)
    role = ("role-may-act",)

    # Users and the workspace.
    watch.refuses(
        "Service.add_user",
        lambda: service.add_user(AUDITOR, {"username": "mata", "role": "auditor"}),
        "admin-manages-users",
    )
    watch.refuses(
        "Service.set_password",
        lambda: service.set_password(AUDITOR, "siti", "sandi-baru-auditor-1"),
        "admin-manages-users",
    )
    watch.refuses(
        "DecreeDesk.set_profile",
        lambda: desk.set_profile(AUDITOR, {"place": "Kota Lain"}),
        "admin-manages-workspace",
    )
    _keys_dir, ca = audit_keys
    watch.refuses(
        "DecreeDesk.register_key",
        lambda: desk.register_key(AUDITOR, ca.signers[0]),
        "admin-manages-workspace",
    )
    watch.refuses(
        "DecreeDesk.install_dev_keys",
        lambda: desk.install_dev_keys(AUDITOR, [("ppid", "Auditor")], b"kata-sandi-audit"),
        "admin-manages-workspace",
    )
    watch.refuses(
        "DecreeDesk.import_key",
        lambda: desk.import_key(AUDITOR, ca.signers[0].path, "ppid", b"kata-sandi-audit"),
        "admin-manages-workspace",
    )

    # Opening and importing cases.
    opening = {"trigger": {"kind": "proactive"}, "summary": "Uji oleh auditor"}
    watch.refuses("Service.open_case", lambda: service.open_case(AUDITOR, opening), *role)
    plan = load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml")
    unattributed = dataclasses.replace(plan, by=None)
    watch.refuses("Service.import_case", lambda: service.import_case(AUDITOR, unattributed), *role)
    # The file names its own recorder (by: siti): the auditor who runs it is refused all
    # the same -- importing is opening a case, and an auditor opens none.
    assert plan.by == "siti"
    watch.refuses(
        "Service.import_case (by: siti)", lambda: service.import_case(AUDITOR, plan), *role
    )

    # Every step of a case, each tried when it is the step to take.
    case_id = service.open_case("siti", opening).case_id
    steps = {step.trigger: step.payload for step in plan.steps}

    def act(trigger: str, payload: Any) -> None:
        watch.refuses(
            f"Service.act:{trigger}", lambda: service.act(AUDITOR, case_id, trigger, payload), *role
        )

    for trigger in ("identify", "cite_grounds", "assess_harm", "weigh_public_interest"):
        act(trigger, steps[trigger])
        service.act("siti", case_id, trigger, steps[trigger])
    act("revise", {"to_step": "identify", "note": "oleh auditor"})
    act(
        "extend_answer",
        {"notice_reference": "01/AUD", "notice_date": "2026-11-25", "reason": "Oleh auditor."},
    )
    act("conclude", steps["conclude"])
    service.act("siti", case_id, "conclude", steps["conclude"])
    act("submit", steps.get("submit") or {})
    service.act("siti", case_id, "submit", steps.get("submit") or {})
    act("return_for_revision", {"to_step": "assess_harm", "comments": "Perbaiki uraian."})
    act("approve", {"comments": "Setuju."})
    act("withdraw", {"reason": "Ditarik oleh auditor."})
    service.act("budi", case_id, "approve", {"comments": "Setuju."})
    act(
        "include_in_decree",
        {"decree_number": "188.4/099/PPID/XI/2026", "decree_date": "2026-11-25"},
    )

    decreed = issued.cases[0]  # decreed by the fixture's decree
    case_id = decreed.split("/")[0]
    act("expire", {"as_of": "2099-01-01"})
    act("retest", {"reason": "Diuji ulang oleh auditor.", "trigger": {"kind": "proactive"}})
    act("overturn", {"authority": "komisi_informasi", "ruling_reference": "001/KI/2026",
                     "ruling_date": "2026-11-25"})  # fmt: skip
    objection = {"reference": "KEB-AUD", "objector": "Auditor", "answer_date": "2026-11-20",
                 "filed_on": "2026-11-24", "reasons": "Oleh auditor."}  # fmt: skip
    act("file_objection", objection)
    act("answer_objection", {"objection_reference": "KEB-AUD", "outcome": "opened",
                             "reference": "01/AUD", "answered_on": "2026-11-25",
                             "reasons": "Oleh auditor."})  # fmt: skip

    # Decrees: drafting (over the case just approved), issuing, discarding, revoking.
    approved = service.get_case(case_id_of(service, "approved")).ref
    watch.refuses("DecreeDesk.draft", lambda: desk.draft(AUDITOR, [approved]), *role)
    watch.refuses("DecreeDesk.draft (all approved)", lambda: desk.draft(AUDITOR, None), *role)
    draft = desk.draft("budi", [approved], "Konsep untuk uji auditor")
    passphrases = {"ppid": b"kata-sandi-audit"}
    watch.refuses(
        "DecreeDesk.issue", lambda: desk.issue(AUDITOR, draft.decree_id, passphrases), *role
    )
    watch.refuses("DecreeDesk.discard", lambda: desk.discard(AUDITOR, draft.decree_id), *role)
    watch.refuses(
        "DecreeDesk.revoke",
        lambda: desk.revoke(AUDITOR, issued.number, "Dicabut oleh auditor."),
        *role,
    )

    walked = {what.split(" ")[0].split(":")[0] for what in watch.refused}
    assert walked == WRITERS
    assert {w.split(":")[1] for w in watch.refused if w.startswith("Service.act:")} == TRIGGERS

    # Maintenance that records no fact.
    head = issued.log.head()
    cases = issued.log.index("case")
    assert service.rebuild_index() == len(cases)
    assert desk.finish_pending() == []
    assert issued.log.head() == head and issued.log.index("case") == cases

    # What an auditor is for still works.
    from ujikon.audit import verify_workspace

    assert verify_workspace(issued.log, issued.workdir).ok


def case_id_of(service: Service, state: str) -> str:
    from ujikon.domain.states import CaseState

    return service.list_cases(CaseState(state))[0].case_id


def test_auditor_import_by_the_cli_is_refused(issued: Any, tmp_path: Path) -> None:
    head = issued.log.head()
    result = issued.cli(
        "--as", AUDITOR, "case", "import", str(SAMPLES / "05-data-wajib-pajak.yaml"), code=3
    )
    assert "role-may-act" in issued.flat(result.output)
    assert issued.log.head() == head
