"""Reports of the launch analyses, as blocks every renderer understands."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from lib.analysis import Block, Bullets, Chart, Heading, KeyFigures, Paragraph, Report, Verdict, report, table
from lib.launch._charts import readout_chart, sample_size_chart, signal_chart, timeline_chart, value_chart
from lib.launch._design import DesignResult, DesignSpec
from lib.launch._framing import FAIL, WARNING, FramingResult
from lib.launch._readout import DO_NOT_SHIP, INCONCLUSIVE, INVESTIGATE, SHIP, ReadoutResult
from lib.launch._rollout import RolloutResult
from lib.launch._value import ValueResult

Status = Literal["pass", "fail", "insufficient", "info", "warning", "error", "success"]
_DECISION_STATUS: dict[str, Status] = {
    SHIP: "pass",
    DO_NOT_SHIP: "fail",
    INVESTIGATE: "error",
    INCONCLUSIVE: "insufficient",
}


def money(value: float | None) -> str:
    """Dollars with thousands separators and a sign for losses.

    Examples
    --------
    >>> money(-1234.5)
    '-$1,234'
    """
    if value is None:
        return "—"
    return f"-${abs(value):,.0f}" if value < 0 else f"${value:,.0f}"


def _interval(low: float | None, high: float | None, fmt: str = ".4g") -> str:
    if low is None and high is None:
        return "no interval"
    left = "below every score" if low is None else format(low, fmt)
    right = "above every score" if high is None else format(high, fmt)
    return f"{left} to {right}"


def _rate_or_value(value: float, metric_type: str) -> str:
    return f"{value:.3%}" if metric_type == "conversion" else f"{value:,.4g}"


# --- framing ---------------------------------------------------------------------------------------


def framing_report(result: FramingResult) -> Report:
    """The framing record: the decision, the record's sections, readiness checks and gaps."""
    r = result.record
    status: Status = {"go": "pass", "no-go": "fail"}.get(r.decision, "info")  # type: ignore[assignment]
    if failed_go := any(c.status == FAIL for c in result.checks) and r.decision == "go":
        status = "warning"
    failed = [c for c in result.checks if c.status == FAIL]
    blocks: list[Block | None] = [
        Verdict(status, f"Decision: {r.decision}" + (" (with failed checks)" if failed_go else ""), result.summary),
        Heading("Goal and output"),
        Paragraph(f"Product goal: {r.product_goal}"),
        Paragraph(f"Output: {r.output_type}. Reversibility: {r.reversibility}."),
        Heading("The non-ML baseline"),
        Bullets(
            (
                f"Baseline: {r.baseline_name or 'not stated'}",
                f"Cost: {r.baseline_cost or 'not stated'}",
                f"Quality: {r.baseline_quality or 'not stated'}",
                f"Speed: {r.baseline_speed or 'not stated'}",
            )
        ),
        Heading("Data readiness (as stated)"),
        Bullets(
            (
                f"Rows available: {'not stated' if r.rows_available is None else format(r.rows_available, ',')}",
                f"Label source: {r.label_source or 'not stated'}",
                f"Label quality: {r.label_quality or 'not stated'}",
                f"Proxy labels: {r.proxy_labels or 'not stated'}",
                f"Features available at prediction time: {r.features_at_prediction_time or 'not stated'}",
                f"Leakage risks: {r.leakage_risks or 'not stated'}",
            )
        ),
        Heading("Success metrics"),
        table(
            "metrics",
            pd.DataFrame(
                {
                    "model metrics": pd.Series(r.model_metrics, dtype=object),
                    "business KPIs": pd.Series(r.business_kpis, dtype=object),
                }
            ).fillna(""),
            title="Model metrics and business KPIs",
            caption=f"How they are linked: {r.metric_link or 'not stated'}",
        ),
        Heading("Reasons") if r.reasons else None,
        Bullets(tuple(r.reasons)) if r.reasons else None,
    ]
    if result.checks:
        blocks += [
            Heading("Readiness checks on the dataset"),
            KeyFigures(
                (
                    ("Rows", f"{result.n_rows:,}" if result.n_rows is not None else "—"),
                    ("Checks failed", str(len(failed))),
                    ("Warnings", str(sum(c.status == WARNING for c in result.checks))),
                )
            ),
            table("readiness", pd.DataFrame([c.to_dict() for c in result.checks]), title="Readiness checks"),
        ]
        if result.signals:
            blocks.append(
                Chart("signals", signal_chart(result), "Single-feature signals",
                      "Each column's separation of the outcome on its own; near-perfect separation looks like leakage.")
            )  # fmt: skip
    if result.gaps:
        blocks += [Heading("Gaps in the record"), Bullets(result.gaps)]
    return report(f"Framing record: {r.title}", blocks, result=result, kind="launch_framing")


# --- value -----------------------------------------------------------------------------------------


def value_report(result: ValueResult) -> Report:
    """What the model is worth: best threshold, its interval, baselines and the hand-off to ROI."""
    pct = f"{result.level:.0%}"
    roi = result.roi_benefit
    if result.mode == "stated":
        where = "At the stated operating point"
    elif result.best_flags_none:
        where = "Acting on no case is best: no threshold earns more than it costs"
    else:
        where = f"Best threshold {result.best_threshold:.4g} ({pct} interval {_interval(*result.best_threshold_ci)})"
    m = result.best_metrics
    verdict: Status = "insufficient"
    if result.incremental_ci[0] > 0:
        verdict = "pass"
    elif result.incremental_ci[1] < 0:
        verdict = "fail"
    blocks: list[Block | None] = [
        Verdict(
            verdict,
            f"{money(result.incremental_per_month)} per month over {result.status_quo}",
            f"{pct} interval {money(result.incremental_ci[0])} to {money(result.incremental_ci[1])} per month.",
        ),
        KeyFigures(
            (
                ("Value per month", money(result.best_value_per_month)),
                (
                    "Threshold",
                    "—" if result.best_threshold is None or result.best_flags_none else f"{result.best_threshold:.4g}",
                ),
                ("Flagged", f"{m['flagged_share']:.1%}" if m["flagged_share"] is not None else "—"),
                ("Precision", "—" if m["precision"] is None else f"{m['precision']:.3f}"),
                ("Recall", "—" if m["recall"] is None else f"{m['recall']:.3f}"),
            )
        ),
        Paragraph(
            f"{where}. Value per month {money(result.best_value_per_month)} ({pct} interval "
            f"{money(result.best_value_ci[0])} to {money(result.best_value_ci[1])}), on {result.volume:,.0f} cases a "
            f"month from {result.n_cases:,} cases with {result.positives:,} positives."
        ),
        Paragraph(
            "Each flagged case: a true positive earns {tp}, a false positive costs {fp}, a review costs {rv}; "
            "each missed positive costs {fn}.".format(
                tp=money(result.money["tp_value"]),
                fp=money(result.money["fp_cost"]),
                rv=money(result.money["review_cost"]),
                fn=money(result.money["fn_cost"]),
            )
        ),
        table(
            "baselines",
            pd.DataFrame(
                [
                    {
                        "decision rule": b.name,
                        "how": b.description,
                        "value per month ($)": b.value_per_month,
                        f"{pct} low": b.ci[0],
                        f"{pct} high": b.ci[1],
                    }
                    for b in result.baselines
                ]
            ),
            title="Without a model, on the same scale",
            formats={"value per month ($)": ",.0f", f"{pct} low": ",.0f", f"{pct} high": ",.0f"},
        ),
    ]
    if result.mode == "scores":
        blocks += [
            Chart(
                "value_curve",
                value_chart(result),
                "Value by threshold",
                "Dollars per month at each decision threshold, with the best threshold and the no-model baselines.",
            ),
            table(
                "value_by_threshold",
                result.value_by_threshold,
                title="Value by threshold",
                formats={
                    "threshold": ".3f",
                    "flagged_share": ".1%",
                    "precision": ".3f",
                    "recall": ".3f",
                    "value_per_month": ",.0f",
                    "tp": ",.0f",
                    "fp": ",.0f",
                    "fn": ",.0f",
                    "tn": ",.0f",
                },
                max_rows=101,
            ),
        ]
    blocks += [
        Heading("For the ROI case"),
        Paragraph(
            f"Benefit per month over {roi['compared_with']}: low {money(roi['low'])}, likely {money(roi['likely'])}, "
            f"high {money(roi['high'])} ({roi['interval']}; PERT between them)."
        ),
        Bullets(result.notes) if result.notes else None,
    ]
    return report("What the model is worth", blocks, result=result, kind="model_value")


# --- A/B design and readout ------------------------------------------------------------------------


def design_report(result: DesignResult) -> Report:
    """The A/B test plan in figures, guardrails, warnings and the sample-size curve."""
    spec = DesignSpec.from_dict(result.provenance.parameters)
    kind = result.metric_type
    relative = "—" if result.mde_relative is None else f"{result.mde_relative:.1%}"
    blocks: list[Block | None] = [
        KeyFigures(
            (
                (
                    "Units per arm",
                    f"{result.n_per_arm:,}" + ("" if result.ratio == 1 else f" / {result.n_treatment:,}"),
                ),
                ("Units in all", f"{result.n_total:,}"),
                ("Days", "—" if result.days is None else f"{result.days:,}"),
                ("MDE", f"{result.mde_absolute:.4g} ({relative})"),
            )
        ),
        Paragraph(
            f"Detects a change of {result.metric_name} from {_rate_or_value(result.reference, kind)} to "
            f"{_rate_or_value(result.target, kind)} with {result.power:.0%} power at a {result.alternative} "
            f"significance level of {result.alpha:g}"
            + ("" if result.ratio == 1 else f", {result.ratio:g} treatment units per control unit")
            + (f", on {result.daily_units:,.0f} units a day" if result.daily_units else "")
            + f". The closed-form normal approximation gives {result.closed_form_n_per_arm:,.0f} per arm."
        ),
    ]
    for text in result.warnings:
        blocks.append(Verdict("warning", "Check the plan", text))
    if result.mde_reachable is not None:
        reach = result.mde_reachable
        absolute = reach["absolute"]
        blocks.append(
            Paragraph(
                f"In a fixed {reach['days']:g} days ({reach['n_per_arm']:,} units per arm) the smallest detectable "
                + (
                    "change is "
                    + f"{absolute:.4g}"
                    + ("" if reach["relative"] is None else f" ({reach['relative']:.1%})")
                    if absolute is not None
                    else "change is not reachable: too few units"
                )
                + "."
            )
        )
    if result.guardrails:
        blocks.append(
            table(
                "guardrails",
                pd.DataFrame(
                    [
                        {
                            "guardrail": g.name,
                            "harm": g.harm,
                            "margin": g.margin,
                            "units per arm needed": g.n_per_arm,
                            "power with the plan": g.power_at_plan,
                            "days": g.days,
                            "covered": g.enough,
                        }
                        for g in result.guardrails
                    ]
                ),
                title="Guardrails (non-inferiority at the margin)",
                formats={"power with the plan": ".0%", "units per arm needed": ",.0f", "margin": ".4g"},
            )
        )
    blocks += [
        Chart(
            "sample_size",
            sample_size_chart(spec),
            "Sample size against the MDE",
            "Units per arm needed for MDEs from half to three times the plan's, on a log scale.",
        ),
        Paragraph(f"Method: {result.method}"),
    ]
    return report(f"A/B test plan: {result.metric_name}", blocks, result=result, kind="abtest_design")


def readout_report(result: ReadoutResult) -> Report:
    """The readout: decision, effect, interval, p-value, sample-ratio check, guardrails."""
    kind = result.metric_type
    c, t = result.arms[result.control], result.arms[result.treatment]
    rel = "" if result.relative_effect is None else f" ({result.relative_effect:+.2%} relative)"
    blocks: list[Block | None] = [
        Verdict(
            _DECISION_STATUS.get(result.decision, "info"), f"Decision: {result.decision}", " ".join(result.reasons)
        ),
        KeyFigures(
            (
                ("Effect", f"{result.effect:+.4g}{rel}"),
                (f"{result.level:.0%} interval", _interval(*result.ci)),
                ("p-value", f"{result.p_value:.3g}"),
                ("Sample ratio p", f"{result.srm_pvalue:.3g}"),
            )
        ),
        table(
            "arms",
            pd.DataFrame(
                [
                    {
                        "arm": name,
                        "role": role,
                        "units": a.units,
                        "value": a.value,
                        "conversions": a.conversions,
                        "sd": None if kind == "conversion" else a.sd,
                    }
                    for name, role, a in ((result.control, "control", c), (result.treatment, "treatment", t))
                ]
            ),
            title="Arms",
            formats={"units": ",.0f", "value": ".4%" if kind == "conversion" else ",.4g", "sd": ",.4g"},
        ),
        Paragraph(
            f"{result.alternative.capitalize()} test at alpha {result.alpha:g}; "
            f"{'higher' if result.higher_is_better else 'lower'} is better. "
            + (
                "Sample ratio mismatch: the split is not the planned one."
                if result.srm
                else "The split matches the plan (no sample ratio mismatch at p < 0.001)."
            )
        ),
    ]
    if result.sequential is not None:
        low, high = result.sequential["ci"]
        blocks.append(
            Paragraph(
                f"Always-valid {result.sequential['level']:.0%} interval {_interval(low, high)} "
                f"(always-valid p = {result.sequential['p_value']:.3g}; {result.sequential['method']}, "
                f"tau = {result.sequential['tau']:g}): safe to read at any look."
            )
        )
    if result.guardrails:
        blocks.append(
            table(
                "guardrails",
                pd.DataFrame([g.to_dict() for g in result.guardrails]),
                title="Guardrails",
                formats={"control": ".4g", "treatment": ".4g", "change": "+.4g", "harm_bound": ".4g", "margin": ".4g"},
            )
        )
    blocks += [
        Chart("effect", readout_chart(result), "Effect and interval", "The effect with its interval against zero."),
        Bullets(result.notes) if result.notes else None,
        Paragraph(f"Method: {result.method}"),
    ]
    return report("A/B test readout", blocks, result=result, kind="abtest_readout")


# --- rollout ---------------------------------------------------------------------------------------


def rollout_report(result: RolloutResult) -> Report:
    """The rollout plan: timeline, stages, checks and rollback criteria, and the checklist."""
    blocks: list[Block | None] = [
        KeyFigures(
            (
                ("Stages", str(len(result.stages))),
                ("Total time", f"{result.total_days:,.1f} days"),
                ("Predictions before PSI is read", f"{result.psi_predictions:,}"),
            )
        ),
        *[Verdict("warning", "Check the plan", w) for w in result.warnings],
        Chart("timeline", timeline_chart(result), "Timeline", "Each stage as a bar over days from the start."),
        table(
            "stages",
            pd.DataFrame(
                [
                    {
                        "stage": s.name,
                        "% of traffic": s.percent,
                        "hours": s.hours,
                        "requests": s.requests,
                        "length set by": s.driver,
                    }
                    for s in result.stages
                ]
            ),
            title="Stages",
            formats={"% of traffic": ".0f", "hours": ",.1f", "requests": ",.0f"},
        ),
    ]
    for stage in result.stages:
        blocks += [
            Heading(f"Stage {stage.name}", level=3),
            Paragraph(f"At least {stage.hours:,.1f} hours and {stage.requests:,} requests; set by {stage.driver}."),
            Bullets(tuple(f"Check: {c}" for c in stage.checks)),
            Bullets(stage.rollback),
        ]
    blocks += [Heading("Checklist"), Bullets(result.checklist), Paragraph(f"Method: {result.method}")]
    return report(f"Rollout plan: {result.name}", blocks, result=result, kind="rollout_plan")
