"""Walking a case through the statutory steps: identify → cite grounds → assess harm →
weigh the public interest → conclude → submit.

:func:`walk` is the one walker. It records the steps in order, each through ``record``
(a function of the trigger and its payload: the service, the CLI, a form post, the JSON
API), and stops after the step that reaches ``until`` (a trigger or the state it leads
to). The payloads are :data:`STEPS` unless the test hands its own; a keyword named after
a trigger changes that step (a dict is merged into a dict payload, anything else
replaces it)::

    walk(lambda t, d: service.act("siti", ref, t, d), until="weighed")
    walk(record, until="conclude", conclude={"outcome": "open"})

:func:`case_steps` makes the payloads of a whole case about one document and one ground;
:func:`case_plan` makes them a :class:`~ujikon.service.caseplan.CasePlan` that
``Service.import_case`` walks in one go.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ujikon.service.caseplan import CasePlan, PlannedStep

P = TypeVar("P")
R = TypeVar("R")

UNTIL: dict[str, str] = {
    "identified": "identify",
    "grounds_cited": "cite_grounds",
    "harm_assessed": "assess_harm",
    "weighed": "weigh_public_interest",
    "concluded": "conclude",
    "in_review": "submit",
    "submitted": "submit",
}
"""The state a step leads to → that step's trigger."""

PERMANENT: dict[str, Any] = {"kind": "permanent"}


def case_steps(
    title: str = "Rekam medis pegawai",
    ground: str = "17h2",
    period: dict[str, Any] | None = PERMANENT,
    *,
    outcome: str = "exempt",
    unit: str = "BPKAD",
    information: str | None = None,
) -> list[tuple[str, dict[str, Any]]]:
    """The payloads of a whole case about the document ``title``: identified whole, one
    ``ground`` with its harm, the balance (to the harm, or to the public interest when
    the ``outcome`` is ``open``), the conclusion with its ``period``, submitted."""
    weigh = "public_interest" if outcome == "open" else "harm"
    return [
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
        ("cite_grounds", {"citations": [{"ground": ground, "analysis": f"Analisis {title}."}]}),
        ("assess_harm", {"harms": [{"ground": ground, "harm": f"Kerugian bila {title} dibuka."}]}),
        (
            "weigh_public_interest",
            {"interests": ["Akuntabilitas"], "balance": "Ditimbang.", "outweighs": weigh},
        ),
        ("conclude", {"outcome": outcome, "period": period}),
        ("submit", {"note": "Mohon ditinjau."}),
    ]


STEPS = case_steps()
"""The default payloads: an exempt staff medical record (17h2, permanent), BPKAD."""


def walk(
    record: Callable[[str, Any], R],
    steps: Sequence[tuple[str, Any]] = STEPS,
    *,
    until: str = "submit",
    stop: Callable[[R], bool] | None = None,
    **changes: Any,
) -> list[R]:
    """Record ``steps`` in order through ``record(trigger, payload)`` up to and including
    the step that reaches ``until`` (or the first answer ``stop`` is true of); what
    ``record`` answered, step by step."""
    last = UNTIL.get(until, until)
    triggers = [trigger for trigger, _ in steps]
    if last not in triggers:
        raise AssertionError(f"no step {until!r} among {triggers}")
    unknown = set(changes) - set(triggers)
    if unknown:
        raise AssertionError(f"changes for steps that are not walked: {sorted(unknown)}")
    answers: list[R] = []
    for trigger, payload in steps:
        change = changes.get(trigger)
        if isinstance(change, dict) and isinstance(payload, dict):
            payload = {**payload, **change}
        elif trigger in changes:
            payload = change
        answer = record(trigger, payload)
        answers.append(answer)
        if trigger == last or (stop is not None and stop(answer)):
            break
    return answers


def case_plan(
    title: str,
    ground: str,
    period: dict[str, Any] | None,
    *,
    by: str = "siti",
    until: str = "submit",
    outcome: str = "exempt",
    unit: str = "BPKAD",
    information: str | None = None,
    **changes: Any,
) -> CasePlan:
    """A proactive case about ``title`` as a plan (see :func:`case_steps`), walked by
    ``by`` up to ``until``; ``changes`` as for :func:`walk`."""
    steps = case_steps(title, ground, period, outcome=outcome, unit=unit, information=information)
    planned = walk(
        lambda trigger, payload: PlannedStep(trigger, payload, None, f"step '{trigger}'"),
        steps,
        until=until,
        **changes,
    )
    return CasePlan(
        source=f"<{title}>",
        open={"trigger": {"kind": "proactive"}, "summary": title},
        open_by=None,
        steps=tuple(planned),
        by=by,
    )
