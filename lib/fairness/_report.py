"""Reports of the fairness analyses, as blocks every renderer understands."""

from __future__ import annotations

from typing import Any

import pandas as pd

from lib.analysis import Block, Bullets, Chart, Heading, KeyFigures, Paragraph, Report, Verdict, report, table
from lib.fairness._charts import (
    calibration_chart,
    disparity_chart,
    metric_by_group_chart,
    mitigation_chart,
    threshold_chart,
    tradeoff_chart,
)
from lib.fairness._explorer import ThresholdSweep
from lib.fairness._gate import GateResult
from lib.fairness._mitigation import MitigationResult
from lib.fairness._results import AuditResult
from lib.fairness._verdict import FAIL, INSUFFICIENT, PASS

REPORT_METRICS = (
    "base_rate",
    "selection_rate",
    "true_positive_rate",
    "false_positive_rate",
    "false_negative_rate",
    "precision",
    "accuracy",
)
_STATUS = {FAIL: "fail", PASS: "pass", INSUFFICIENT: "insufficient"}


def fair_band_text(min_ratio: float) -> str:
    """The fair band of ratios to the reference group, in words (Aequitas' 0.8 to 1.25 by default)."""
    if min_ratio <= 0:
        return "No fair band: the minimum ratio is 0 (no limit)."
    return f"Fair band {min_ratio:g} to {1 / min_ratio:.2f}."


def gate_verdict(gate: GateResult) -> Verdict:
    """The release gate as one verdict block, in words."""
    failed, unsure = gate.n_failed, gate.n_insufficient
    passed = len(gate.checks) - failed - unsure
    counts = f"{failed} checks fail, {unsure} lack evidence, {passed} pass."
    if failed:
        return Verdict("fail", "Release gate failed", counts)
    if unsure and (gate.strict or passed == 0):
        why = " Under --strict, missing evidence blocks the release." if gate.strict else ""
        return Verdict("insufficient", "Release gate: no verdict, too little evidence", counts + why)
    if unsure:
        return Verdict("warning", "Release gate passed, with checks the data could not settle", counts)
    return Verdict("pass", "Release gate passed", counts)


def interval_text(ci: tuple[float | None, float | None]) -> str:
    """An interval as "0.123 to 0.456", or "no interval"."""
    low, high = ci
    return "no interval" if low is None or high is None else f"{low:.3f} to {high:.3f}"


def disparities_table(result: AuditResult) -> pd.DataFrame:
    """One row per disparity and view: the value over groups with enough data first, then all groups."""
    rows = []
    for d in result.disparities:
        rows.append(
            {
                "disparity": d.name,
                "groups of": d.attribute,
                "value (groups with enough data)": d.value_large_groups,
                "95% interval": interval_text(d.ci_large_groups),
                "limit": d.limit,
                "verdict": d.verdict,
                "value (all groups)": d.value,
                "95% interval (all groups)": interval_text(d.ci),
                "small groups": ", ".join(d.small_groups),
            }
        )
    return pd.DataFrame(rows)


def groups_report_table(result: AuditResult, metrics: tuple[str, ...] = REPORT_METRICS) -> pd.DataFrame:
    """Per group: rows, the small flag, and each metric with its interval bounds."""
    rows = []
    for g in result.groups:
        row: dict[str, Any] = {"groups of": g.attribute, "group": g.name, "rows": g.count, "small": g.small}
        for metric in metrics:
            low, high = g.ci[metric]
            row[metric.replace("_", " ")] = g.metrics[metric]
            row[f"{metric.replace('_', ' ')} 95% interval"] = (
                "—" if low is None or high is None else (f"{low:.3f} to {high:.3f}")
            )
        rows.append(row)
    return pd.DataFrame(rows)


def reference_ratios_table(result: AuditResult) -> pd.DataFrame:
    """Each group's metric over the reference group's, with interval and the fair band."""
    return pd.DataFrame(
        [
            {
                "groups of": r.attribute,
                "metric": r.metric.replace("_", " "),
                "group": r.group,
                "reference": r.reference,
                "ratio": r.value,
                "95% low": r.ci[0],
                "95% high": r.ci[1],
                "within the fair band": r.within_band,
            }
            for r in result.reference_ratios
        ]
    )


_THREE = {c: ".3f" for c in ("value (all groups)", "value (groups with enough data)")}


def audit_report(result: AuditResult, *, title: str | None = None) -> Report:
    """The bias audit's report: gate, disparities, groups, ratios, notes and provenance.

    Parameters
    ----------
    result : AuditResult
    title : str, optional

    Returns
    -------
    Report
    """
    params = result.parameters
    name = result.provenance.input_name
    sensitive = ", ".join(params.get("sensitive", []))
    output = f"score '{params['score']}'" if params.get("score") else f"prediction '{params.get('prediction')}'"
    group_formats = {m.replace("_", " "): ".3f" for m in REPORT_METRICS}
    blocks: list[Block | None] = [
        gate_verdict(result.gate),
        KeyFigures(
            (
                ("Rows", f"{result.n_rows:,}"),
                ("Groups audited", f"{len(result.groups):,}"),
                ("Sensitive columns", sensitive or "—"),
                ("Limits", f"difference ≤ {params.get('max_difference', 0):g}, ratio ≥ {params.get('min_ratio', 0):g}"),
            )
        ),
        Paragraph(
            f"Label '{params.get('label')}' against the model's {output}"
            + (f" at threshold {params['threshold']:g}" if params.get("threshold") is not None else "")
            + ("; groups are combinations of the sensitive columns." if params.get("intersectional") else ".")
        ),
        Heading("Disparities"),
        table(
            "disparities",
            disparities_table(result),
            formats={**_THREE, "limit": "g"},
            caption="Bias-corrected 95% bootstrap intervals. A fail is a test at 5% over the groups with enough data; "
            "a pass needs the whole interval over all groups within the limit.",
        ),
        Bullets(tuple(f"{d.name} ({d.attribute}), {d.verdict}: {d.reason}." for d in result.disparities)),
        Chart(
            "difference_chart",
            disparity_chart(result, "difference"),
            "Differences against the maximum",
            "Each difference with its 95% interval; the dashed line is the limit.",
        ),
        Chart(
            "ratio_chart",
            disparity_chart(result, "ratio"),
            "Ratios against the minimum",
            "Each ratio with its 95% interval; the dashed line is the limit.",
        ),
        Heading("Groups"),
        table(
            "groups",
            groups_report_table(result),
            formats=group_formats,
            caption="Small: fewer rows than the minimum group size, or under 10 cases behind a rate.",
        ),
        Chart(
            "selection_rate_chart",
            metric_by_group_chart(result, "selection_rate"),
            "Selection rate by group",
            "Share of each group predicted positive, with its 95% interval; small groups marked.",
        ),
        Heading(f"Ratios to the {params.get('reference', 'largest')} group"),
        table(
            "reference_ratios",
            reference_ratios_table(result),
            formats={"ratio": ".3f", "95% low": ".3f", "95% high": ".3f"},
            caption=fair_band_text(params.get("min_ratio", 0.8)),
        ),
        *calibration_blocks(result),
        *criteria_blocks(result),
        Heading("Notes") if result.notes else None,
        Bullets(result.notes) if result.notes else None,
    ]
    return report(title or f"Bias audit of {name or 'the data'}", blocks, result=result, kind="bias_audit")


def calibration_table(result: AuditResult) -> pd.DataFrame:
    """Per group: rows, Brier score, expected calibration error, mean score and observed share positive."""
    if result.calibration is None:
        return pd.DataFrame()
    return pd.DataFrame(
        [
            {
                "groups of": g.attribute,
                "group": g.group,
                "rows": g.rows,
                "Brier score": g.brier,
                "expected calibration error": g.ece,
                "mean score": g.mean_score,
                "observed share positive": g.observed_rate,
                "calibrated": g.calibrated,
            }
            for g in result.calibration.groups
        ]
    )


def calibration_blocks(result: AuditResult) -> list[Block | None]:
    """The calibration section (scores that are probabilities only)."""
    if result.calibration is None:
        return []
    formats = dict.fromkeys(
        ("Brier score", "expected calibration error", "mean score", "observed share positive"), ".3f"
    )
    blocks: list[Block | None] = [
        Heading("Calibration"),
        table(
            "calibration",
            calibration_table(result),
            formats=formats,
            caption=f"{result.calibration.n_bins} equal-width score bins; a group reads as calibrated when its expected "
            f"calibration error is under {result.calibration.tolerance:g} (a rule of thumb: small groups are noisy).",
        ),
    ]
    for attribute in result.attributes:
        key = "".join(ch if ch.isalnum() else "_" for ch in attribute).strip("_").lower() or "groups"
        blocks.append(
            Chart(
                f"calibration_{key}",
                calibration_chart(result.calibration, attribute=attribute),
                f"Calibration by group ({attribute})",
                "Observed share of positives against the mean score per bin; the dashed diagonal is perfect calibration.",
            )
        )
    return blocks


def criteria_blocks(result: AuditResult) -> list[Block | None]:
    """Which criterion the data allows, which this model meets, and what to gate on."""
    summary = result.criteria
    checks = pd.DataFrame(
        [
            {
                "criterion": c.criterion,
                "met": {True: "yes", False: "no", None: "not settled"}[c.meets],
                "evidence": c.evidence,
            }
            for c in summary.checks
        ]
    )
    return [
        Heading("Which fairness criterion?"),
        Paragraph(f"Base rates (share of real positives): {summary.base_rates}. {summary.explanation}"),
        table("criteria", checks),
        Bullets(
            (
                "For a punitive decision (a flag, a denial), gate on "
                + ", ".join(summary.gate_punitive)
                + ": a wrong yes is the harm, so false positive rates must match.",
                "For an assistive decision (a loan, an interview), gate on "
                + ", ".join(summary.gate_assistive)
                + ": a wrong no is the harm, so qualified people must be caught alike and a yes must mean the same.",
            )
        ),
    ]


def sweep_report(sweep: ThresholdSweep, *, title: str | None = None) -> Report:
    """The threshold sweep's report: rates by group and the trade-off, per view of the groups."""
    blocks: list[Block | None] = [
        Paragraph(
            "How each group's rates and the overall disparities move as the decision threshold moves; "
            "each point of the trade-off is one threshold."
        )
    ]
    for attribute in dict.fromkeys(sweep.by_group["attribute"].tolist()):
        key = "".join(ch if ch.isalnum() else "_" for ch in str(attribute)).strip("_").lower() or "groups"
        blocks += [
            Heading(f"Groups of {attribute}"),
            Chart(
                f"selection_rate_{key}",
                threshold_chart(sweep, "selection_rate", attribute=attribute),
                f"Selection rate by threshold ({attribute})",
                "One line per group.",
            ),
            Chart(
                f"tradeoff_{key}",
                tradeoff_chart(sweep, "demographic_parity_difference", attribute=attribute),
                f"Demographic parity difference against accuracy ({attribute})",
                "Each point is one threshold.",
            ),
        ]
    blocks.append(
        table("tradeoff", sweep.tradeoff, formats=dict.fromkeys(sweep.tradeoff.columns[1:], ".3f"), max_rows=101)
    )
    name = sweep.provenance.input_name
    return report(title or f"Threshold sweep of {name or 'the data'}", blocks, result=sweep, kind="threshold_sweep")


def mitigation_report(mitigation: MitigationResult, *, title: str | None = None) -> Report:
    """The mitigation's report: thresholds per group, before and after, and the legal warning."""
    from lib.fairness._mitigation import SENSITIVE_USE_WARNING

    blocks: list[Block | None] = [
        Verdict("warning", "Group-specific thresholds", SENSITIVE_USE_WARNING),
        Heading("Thresholds per group"),
        table(
            "thresholds",
            mitigation.thresholds,
            formats={"share of the group": ".3f"},
            caption="A group may mix two thresholds in the shares shown.",
        ),
        Heading("Before and after"),
        table("comparison", mitigation.comparison, formats={"before": ".3f", "after": ".3f"}),
        Chart(
            "comparison_chart",
            mitigation_chart(mitigation),
            f"Before and after ({mitigation.constraint})",
            "Each compared measure before and after the group-specific thresholds.",
        ),
        Heading("Gate after mitigation"),
        gate_verdict(mitigation.after.gate),
        Bullets(mitigation.notes) if mitigation.notes else None,
    ]
    name = mitigation.provenance.input_name
    return report(
        title or f"Mitigation under {mitigation.constraint} of {name or 'the data'}",
        blocks,
        result=mitigation,
        kind="mitigation",
    )
