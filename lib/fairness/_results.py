"""Result records of a bias audit: groups, disparities, reference ratios and the whole audit."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lib.fairness._metrics import METRIC_NAMES
from lib.fairness._verdict import FAIL, INSUFFICIENT, PASS
from lib.provenance import Provenance

_VERDICT_ORDER = {FAIL: 0, INSUFFICIENT: 1, PASS: 2}


def _num(value: float) -> float | None:
    value = float(value)
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class GroupResult:
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
        Metric -> value (None when undefined).
    ci : dict
        Metric -> [low, high] (None bounds when undefined).
    small_metrics : tuple of str
        Metrics whose denominator is below 10 cases.
    auc : float or None
        Area under the ROC curve in this group, when scores were given and both classes occur.
    """

    attribute: str
    group: dict[str, str]
    name: str
    count: int
    small: bool
    counts: dict[str, int]
    metrics: dict[str, float | None]
    ci: dict[str, list[float | None]]
    small_metrics: tuple[str, ...]
    auc: float | None = None

    @property
    def undefined(self) -> tuple[str, ...]:
        """Metrics with a zero denominator in this group."""
        return tuple(m for m, v in self.metrics.items() if v is None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record (metric keys at the top level, as the CLI promises)."""
        out: dict[str, Any] = {
            "attribute": self.attribute,
            "group": dict(self.group),
            "name": self.name,
            "count": self.count,
            "small": self.small,
            "counts": dict(self.counts),
        }
        out.update(self.metrics)
        out["auc"] = self.auc
        out["ci"] = {k: list(v) for k, v in self.ci.items()}
        out["small_metrics"] = list(self.small_metrics)
        out["undefined"] = list(self.undefined)
        return out


@dataclass(frozen=True)
class DisparityResult:
    """One disparity over one view of the groups, with interval and verdict."""

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
    groups_left_out: tuple[str, ...]
    small_groups: tuple[str, ...]
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "value": self.value,
            "ci": list(self.ci),
            "verdict": self.verdict,
            "reason": self.reason,
            "attribute": self.attribute,
            "kind": self.kind,
            "limit": self.limit,
            "value_large_groups": self.value_large_groups,
            "ci_large_groups": list(self.ci_large_groups),
            "groups_left_out": list(self.groups_left_out),
            "small_groups": list(self.small_groups),
            **self.details,
        }


@dataclass(frozen=True)
class ReferenceRatio:
    """A group's metric divided by the reference group's (Aequitas style)."""

    attribute: str
    metric: str
    group: str
    reference: str
    value: float | None
    ci: tuple[float | None, float | None]
    within_band: bool | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "attribute": self.attribute,
            "metric": self.metric,
            "group": self.group,
            "reference": self.reference,
            "value": self.value,
            "ci": list(self.ci),
            "within_band": self.within_band,
        }


@dataclass(frozen=True)
class AuditResult:
    """Everything an audit found, ready for the page, the exports and the gate.

    ``disparities`` holds one entry per (disparity, view); :meth:`headline`
    picks, for each Fairlearn name, the view with the worst verdict.
    """

    attributes: tuple[str, ...]
    n_rows: int
    overall: dict[str, float | None]
    overall_ci: dict[str, list[float | None]]
    groups: tuple[GroupResult, ...]
    disparities: tuple[DisparityResult, ...]
    reference_ratios: tuple[ReferenceRatio, ...]
    notes: tuple[str, ...]
    parameters: dict[str, Any]
    provenance: Provenance

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

    def to_dict(self) -> dict[str, Any]:
        """The JSON the command line prints (without the gate, which needs the strict flag)."""
        headline = self.headline()
        disparities = {}
        for name, item in headline.items():
            record = item.to_dict()
            record["by_attribute"] = [d.to_dict() for d in self.disparities if d.name == name]
            disparities[name] = record
        return {
            "attributes": list(self.attributes),
            "rows": self.n_rows,
            "overall": dict(self.overall),
            "overall_ci": dict(self.overall_ci),
            "groups": [g.to_dict() for g in self.groups],
            "disparities": disparities,
            "reference_ratios": [r.to_dict() for r in self.reference_ratios],
            "notes": list(self.notes),
            "parameters": dict(self.parameters),
            "provenance": self.provenance.to_dict(),
        }


def _worse(a: DisparityResult, b: DisparityResult) -> bool:
    order_a, order_b = _VERDICT_ORDER[a.verdict], _VERDICT_ORDER[b.verdict]
    if order_a != order_b:
        return order_a < order_b
    va = -math.inf if a.value is None else (a.value if a.kind == "difference" else -a.value)
    vb = -math.inf if b.value is None else (b.value if b.kind == "difference" else -b.value)
    return va > vb


def _num(value: float) -> float | None:
    value = float(value)
    return None if math.isnan(value) else value
