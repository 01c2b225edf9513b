"""One command does each thing once.

Recording a step validates what the user typed once: the CLI checks the shape before the
store is opened (to name the option or the file's line) and hands the validated payload
to the service, which takes it as it is (it validated it again, and the rules a third
time). What remains is the fold: the event recorded is applied to the case, as every
read of the log applies it. And the acting user is resolved from the log once."""

from __future__ import annotations

from typing import Any

import pytest
from cli_support import Cli, OpenCase, days

from ujikon.domain.workflow import PAYLOADS


def _count_validations(monkeypatch: pytest.MonkeyPatch, trigger: str) -> list[Any]:
    kind = PAYLOADS[trigger]
    seen: list[Any] = []
    real = kind.model_validate.__func__  # type: ignore[attr-defined]

    def counted(cls: type, obj: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(obj)
        return real(cls, obj, *args, **kwargs)

    monkeypatch.setattr(kind, "model_validate", classmethod(counted))
    return seen


def test_a_step_by_options_is_validated_once(
    ready: Cli, open_case: OpenCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = open_case()
    seen = _count_validations(monkeypatch, "identify")
    ready(
        "case", "identify", case_id, "--title", "Berkas kepegawaian", "--unit", "BKPSDM",
        "--date", days(-100), "--form", "printed", "--information", "Hasil pemeriksaan",
        "--scope", "whole", "--whole-justification", "Seluruh berkas memuat data kesehatan",
        user="siti",
    )  # fmt: skip
    typed, folded = seen  # the options once; then the recorded event, applied to the case
    assert typed["information"] == folded["information"] == "Hasil pemeriksaan"
    assert isinstance(folded["document"]["dated"], str)  # as stored: JSON


def test_opening_a_case_is_validated_once(ready: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _count_validations(monkeypatch, "open")
    ready("case", "new", "--trigger", "proactive", "--summary", "Uji", user="siti")
    assert len(seen) == 1


def test_a_payload_that_does_not_fit_is_still_refused_by_its_option(
    ready: Cli, open_case: OpenCase
) -> None:
    case_id = open_case()
    refused = ready("case", "identify", case_id, "--title", "Berkas", user="siti", code=2)
    assert "--information" in refused.output


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The subjects read from the log from now on, in order."""
    from ujikon.store.sql import SqlEventLog

    reads: list[str] = []
    real_read = SqlEventLog.read

    def counted(self: SqlEventLog, subject: str, upto: int | None = None) -> Any:
        reads.append(subject)
        return real_read(self, subject, upto)

    monkeypatch.setattr(SqlEventLog, "read", counted)
    return reads


def test_a_step_reads_the_acting_user_once(
    ready: Cli, open_case: OpenCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One command, one acting user: the step and the next steps it prints afterwards
    use the user as resolved once (submit also lints the case first, as that user)."""
    case_id = open_case()
    reads = _count_reads(monkeypatch)
    ready("case", "withdraw", case_id, "--reason", "Tidak jadi diuji", user="siti")
    assert reads.count("user:siti") == 1, reads


@pytest.mark.parametrize("command", ["show", "history", "lint"])
def test_a_reading_command_reads_the_acting_user_once(
    ready: Cli, open_case: OpenCase, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """The gate that refuses a reader without the right, and the read itself, check the
    same user, resolved once."""
    case_id = open_case()
    reads = _count_reads(monkeypatch)
    ready("case", command, case_id, user="siti")
    assert reads.count("user:siti") == 1, reads
