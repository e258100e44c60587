"""Result records of a bias audit: groups, disparities, reference ratios and the whole audit."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lib.analysis import Record, Result, json_meta
from lib.fairness._calibration import CalibrationResult
from lib.fairness._metrics import METRIC_NAMES
from lib.fairness._verdict import FAIL, INSUFFICIENT, PASS
from lib.provenance import Provenance

_VERDICT_ORDER = {FAIL: 0, INSUFFICIENT: 1, PASS: 2}


def _num(value: float) -> float | None:
    value = float(value)
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class GroupResult(Record):
    """One group's counts, metrics and intervals.

    Attributes
    ----------
    attribute : str
        The view the group belongs to (a column, or columns joined by " × ").
    group : dict
        Column -> value.
    name : str
        Readable group name.
    count : int
    small : bool
        Fewer rows than the minimum group size, or some metric's denominator below 10.
    counts : dict
        ``tn``, ``fp``, ``fn``, ``tp``.
    metrics : dict
        Metric -> value (None when undefined); written at the top level of the JSON record.
    ci : dict
        Metric -> [low, high] (None bounds when undefined).
    small_metrics : tuple of str
        Metrics whose denominator is below 10 cases.
    auc : float or None
        Area under the ROC curve in this group, when scores were given and both classes occur.
    """

    json_extras = ("undefined",)

    attribute: str
    group: dict[str, str]
    name: str
    count: int
    small: bool
    counts: dict[str, int]
    metrics: dict[str, float | None] = field(metadata=json_meta(flatten=True))
    ci: dict[str, tuple[float | None, float | None]]
    small_metrics: tuple[str, ...]
    auc: float | None = None

    @property
    def undefined(self) -> tuple[str, ...]:
        """Metrics with a zero denominator in this group."""
        return tuple(m for m, v in self.metrics.items() if v is None)


@dataclass(frozen=True)
class DisparityResult(Record):
    """One disparity over one view of the groups, with intervals, the test behind a fail, and the verdict.

    Attributes
    ----------
    name, attribute, kind : str
        Fairlearn name, the view of the groups (a column or columns joined by " × "), difference or ratio.
    value, ci
        Over every group with the rate defined; ``ci`` is the bias-corrected 95% bootstrap interval.
    value_large_groups, ci_large_groups
        Over the groups with enough data (what a review should read first).
    limit : float
    verdict, reason : str
    p_value : float or None
        The test of "breaks the limit" over the groups with enough data (see ``method``).
    groups_left_out, small_groups : tuple of str
    details : dict
        Extra figures (the four-fifths rule's impact ratios).
    """

    json_extras = ("method",)
    method = (
        "fail: parametric bootstrap test of 'breaks the limit' against the least favourable rates that keep to it "
        "(groups with enough data); pass: the bias-corrected bootstrap interval over all groups keeps to the limit"
    )

    name: str
    attribute: str
    kind: str
    value: float | None
    ci: tuple[float | None, float | None]
    value_large_groups: float | None
    ci_large_groups: tuple[float | None, float | None]
    limit: float
    verdict: str
    reason: str
    p_value: float | None
    groups_left_out: tuple[str, ...]
    small_groups: tuple[str, ...]
    details: dict[str, Any] = field(default_factory=dict, metadata=json_meta(flatten=True))


@dataclass(frozen=True)
class ReferenceRatio(Record):
    """A group's metric divided by the reference group's (Aequitas style)."""

    attribute: str
    metric: str
    group: str
    reference: str
    value: float | None
    ci: tuple[float | None, float | None]
    within_band: bool | None


@dataclass(frozen=True)
class AuditResult(Result):
    """Everything an audit found, ready for the page, the exports and the gate.

    ``disparities`` holds one entry per (disparity, view), written to the JSON as
    ``disparities_by_attribute``; the JSON's ``disparities`` is :meth:`headline`:
    for each Fairlearn name, the view with the worst verdict. ``gate`` is the
    release gate under the spec's ``strict`` setting.
    """

    json_extras = (("disparities", "headline_records"), "gate", "criteria")

    attributes: tuple[str, ...]
    n_rows: int = field(metadata=json_meta(name="rows"))
    overall: dict[str, float | None]
    overall_ci: dict[str, tuple[float | None, float | None]]
    groups: tuple[GroupResult, ...]
    disparities: tuple[DisparityResult, ...] = field(metadata=json_meta(name="disparities_by_attribute"))
    reference_ratios: tuple[ReferenceRatio, ...]
    notes: tuple[str, ...]
    parameters: dict[str, Any]
    provenance: Provenance
    calibration: CalibrationResult | None = None

    def headline(self) -> dict[str, DisparityResult]:
        """For each disparity name, the worst of its views (fail, then insufficient, then largest gap)."""
        best: dict[str, DisparityResult] = {}
        for item in self.disparities:
            current = best.get(item.name)
            if current is None or _worse(item, current):
                best[item.name] = item
        return best

    def groups_frame(self) -> pd.DataFrame:
        """Per-group table: counts, metrics and interval bounds, small groups flagged."""
        rows = []
        for g in self.groups:
            row: dict[str, Any] = {"attribute": g.attribute, "group": g.name, "count": g.count, "small": g.small}
            for metric in METRIC_NAMES:
                row[metric] = g.metrics[metric]
                row[f"{metric}_low"], row[f"{metric}_high"] = g.ci[metric]
            row["auc"] = g.auc
            rows.append(row)
        return pd.DataFrame(rows)

    def disparities_frame(self) -> pd.DataFrame:
        """One row per disparity and view."""
        return pd.DataFrame(
            [
                {
                    "disparity": d.name,
                    "attribute": d.attribute,
                    "value": d.value,
                    "low": d.ci[0],
                    "high": d.ci[1],
                    "limit": d.limit,
                    "kind": d.kind,
                    "verdict": d.verdict,
                    "reason": d.reason,
                    "groups left out": ", ".join(d.groups_left_out),
                }
                for d in self.disparities
            ]
        )

    def headline_records(self) -> dict[str, dict[str, Any]]:
        """The JSON of :meth:`headline`: Fairlearn name -> the worst view's record."""
        return {name: item.to_dict() for name, item in self.headline().items()}

    @property
    def criteria(self) -> Any:
        """Base rates and which fairness criteria this model meets (see :mod:`lib.fairness._criteria`)."""
        from lib.fairness._criteria import criteria_summary

        return criteria_summary(self)

    @property
    def gate(self) -> Any:
        """The release gate (``--strict`` when the spec asked for it)."""
        from lib.fairness._gate import release_gate

        return release_gate(self, strict=bool(self.parameters.get("strict", False)))


def _worse(a: DisparityResult, b: DisparityResult) -> bool:
    order_a, order_b = _VERDICT_ORDER[a.verdict], _VERDICT_ORDER[b.verdict]
    if order_a != order_b:
        return order_a < order_b
    va = -math.inf if a.value is None else (a.value if a.kind == "difference" else -a.value)
    vb = -math.inf if b.value is None else (b.value if b.kind == "difference" else -b.value)
    return va > vb
