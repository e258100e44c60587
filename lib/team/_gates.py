"""Quality gates between experiment, validation and production: checklists with linked evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import pandas as pd

from lib.analysis import Record, Result
from lib.provenance import Provenance
from lib.team._specs import GATE_TITLES, GATES, Gate, GateItem, QualityGateSpec


@dataclass(frozen=True)
class CheckTemplate:
    """A check on a default checklist: its key, what it asks, and the saved analyses that can show it."""

    check: str
    title: str
    asks: str
    evidence_kinds: tuple[str, ...] = ()


# What each gate asks by default, in our own words. Teams add or remove checks freely.
DEFAULT_CHECKLISTS: dict[str, tuple[CheckTemplate, ...]] = {
    "experiment_to_validation": (
        CheckTemplate(
            "performance_benchmarks",
            "Performance benchmarks",
            "Beats the agreed baseline on held-out data, with the metric and its spread written down.",
            ("explain", "roi_case"),
        ),
        CheckTemplate(
            "documentation",
            "Documentation",
            "The experiment is written up: data, method, result, and what did not work.",
        ),
        CheckTemplate(
            "fairness_audit",
            "Fairness audit",
            "Group metrics on the evaluation data have been looked at; no group is left out.",
            ("bias_audit", "threshold_sweep", "mitigation"),
        ),
    ),
    "validation_to_production": (
        CheckTemplate(
            "performance_benchmarks",
            "Performance benchmarks",
            "Shadow or A/B results hold up online, with guardrail metrics and latency inside their limits.",
            ("explain", "roi_case", "roi_options"),
        ),
        CheckTemplate(
            "documentation",
            "Documentation",
            "A model card: purpose, data, performance by group, limits, owners.",
        ),
        CheckTemplate(
            "security_review",
            "Security review",
            "Data access, secrets, and abuse cases (for LLMs: prompt injection, data leakage) have been reviewed.",
        ),
        CheckTemplate(
            "scalability_test",
            "Scalability test",
            "A load test at the expected peak keeps latency and cost per request inside their targets.",
            ("breakeven_endpoint", "spend_analysis"),
        ),
        CheckTemplate(
            "fairness_audit",
            "Fairness audit",
            "A bias audit with intervals passes its release gate, or its failures are explained and signed off.",
            ("bias_audit", "mitigation"),
        ),
        CheckTemplate(
            "monitoring_plan",
            "Monitoring plan",
            "Drift, performance and cost alerts have owners, thresholds and a rollback rule.",
        ),
    ),
}


def template_for(gate: str, check: str) -> CheckTemplate | None:
    """The default check with this key on this gate, if it is one."""
    return next((t for t in DEFAULT_CHECKLISTS.get(gate, ()) if t.check == check), None)


def default_items() -> tuple[GateItem, ...]:
    """Every default check, open and unlinked, gate by gate."""
    return tuple(GateItem(gate=cast(Gate, gate), check=t.check) for gate in GATES for t in DEFAULT_CHECKLISTS[gate])


def check_title(gate: str, check: str) -> str:
    """A check's readable name (the default title, or the team's own wording)."""
    template = template_for(gate, check)
    return template.title if template else check.replace("_", " ").strip().capitalize()


@dataclass(frozen=True)
class GateStatus(Record):
    """One gate's state.

    Attributes
    ----------
    gate, title : str
    passed : bool
        Every check done or waived with a reason.
    done, waived, open : tuple of str
        The checks in each state.
    without_evidence : tuple of str
        Done checks with no linked analysis.
    evidence : dict
        Check -> the linked analysis's id.
    """

    gate: str
    title: str
    passed: bool
    done: tuple[str, ...]
    waived: tuple[str, ...]
    open: tuple[str, ...]
    without_evidence: tuple[str, ...]
    evidence: dict[str, int]


@dataclass(frozen=True)
class QualityGateResult(Result):
    """Quality gates for one model: each gate's state, and how far the model may go.

    ``stage`` is the furthest stage every gate before it allows: ``experiment``, ``validation``
    or ``production``; ``passed`` says whether every gate on the list is passed.
    """

    json_extras = ("passed", "stage")

    name: str
    gates: tuple[GateStatus, ...]
    items: tuple[GateItem, ...]
    provenance: Provenance

    @property
    def passed(self) -> bool:
        """Every gate on the list is passed."""
        return all(g.passed for g in self.gates)

    @property
    def stage(self) -> str:
        """The furthest stage the model may move to."""
        reached = "experiment"
        for gate, after in zip(GATES, ("validation", "production"), strict=True):
            status = next((g for g in self.gates if g.gate == gate), None)
            if status is None or not status.passed:
                break
            reached = after
        return reached

    def items_frame(self) -> pd.DataFrame:
        """One row per check: gate, check, status, linked analysis, note."""
        return pd.DataFrame(
            [
                {
                    "gate": GATE_TITLES[i.gate],
                    "check": check_title(i.gate, i.check),
                    "status": i.status,
                    "evidence": i.evidence or ("" if i.analysis_id is None else f"#{i.analysis_id}"),
                    "note": i.note,
                }
                for i in self.items
            ],
            columns=["gate", "check", "status", "evidence", "note"],
        )


def run_gates(spec: QualityGateSpec, *, provenance: Provenance) -> QualityGateResult:
    """Each gate's state from its checks.

    Parameters
    ----------
    spec : QualityGateSpec
    provenance : Provenance

    Returns
    -------
    QualityGateResult
    """
    statuses = []
    for gate in GATES:
        items = [i for i in spec.items if i.gate == gate]
        if not items:
            continue
        names = {id(i): check_title(i.gate, i.check) for i in items}
        statuses.append(
            GateStatus(
                gate=gate,
                title=GATE_TITLES[gate],
                passed=all(i.status in ("done", "waived") for i in items),
                done=tuple(names[id(i)] for i in items if i.status == "done"),
                waived=tuple(names[id(i)] for i in items if i.status == "waived"),
                open=tuple(names[id(i)] for i in items if i.status == "open"),
                without_evidence=tuple(names[id(i)] for i in items if i.status == "done" and i.analysis_id is None),
                evidence={names[id(i)]: i.analysis_id for i in items if i.analysis_id is not None},
            )
        )
    return QualityGateResult(name=spec.name, gates=tuple(statuses), items=spec.items, provenance=provenance)
