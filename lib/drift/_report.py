"""The drift analysis's report, as blocks every renderer understands."""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd

from lib.analysis import Block, Bullets, Chart, Heading, KeyFigures, Paragraph, Report, Verdict, report, table
from lib.drift._charts import distribution_chart, overview_chart, performance_chart, time_chart
from lib.drift._glossary import conventions_frame, glossary_frame
from lib.drift._performance import METRICS, REALISED_METRICS, PerformanceResult
from lib.drift._results import DriftResult
from lib.drift._verdict import DRIFT, INSUFFICIENT

MAX_DISTRIBUTION_CHARTS = 4
Status = Literal["pass", "warning"]


def interval_text(ci: Any) -> str:
    """An interval as "0.012 to 0.034", or "—"."""
    if not ci or ci[0] is None or ci[1] is None:
        return "—"
    return f"{ci[0]:.3g} to {ci[1]:.3g}"


def gate_verdict(result: DriftResult) -> Verdict:
    """The release gate in words."""
    gate, counts = result.gate, result.verdict_counts()
    text = (
        f"{counts[DRIFT]} column(s) drift, {counts[INSUFFICIENT]} lack evidence, "
        f"{len(result.columns) - counts[DRIFT] - counts[INSUFFICIENT]} show no material drift."
    )
    if not gate.passed:
        return Verdict("fail", "Drift: " + ", ".join(gate.drifted), text)
    if gate.insufficient:
        return Verdict("warning", "No material drift found, but some columns could not be settled", text)
    return Verdict("pass", "No material drift", text)


def columns_table(result: DriftResult) -> pd.DataFrame:
    """One row per column: verdict, effect sizes with intervals, adjusted p, missing and out-of-range shares."""
    rows = []
    for c in result.columns:
        s = c.statistics
        p = s.get("ks_pvalue_adjusted") if c.kind == "numeric" else s.get("chi2_pvalue_adjusted")
        rows.append(
            {
                "column": c.column,
                "kind": c.kind,
                "role": c.role,
                "verdict": c.verdict + (" (watch)" if c.watch else ""),
                "PSI": s.get("psi"),
                "PSI interval": interval_text(c.ci.get("psi")),
                "JS": s.get("js"),
                "JS interval": interval_text(c.ci.get("js")),
                "Wasserstein / SD": s.get("wasserstein_norm"),
                "W/SD interval": interval_text(c.ci.get("wasserstein_norm")),
                "KS": s.get("ks"),
                "adjusted p": p,
                "missing (ref → cur)": _missing(c.missing_rate),
                "out of range": c.out_of_range_share,
                "rows (ref / cur)": f"{c.n_reference:,} / {c.n_current:,}",
            }
        )
    return pd.DataFrame(rows)


def _missing(rate: dict) -> str:
    ref, cur = rate.get("reference"), rate.get("current")
    if ref is None or cur is None:
        return "—"
    return f"{ref:.1%} → {cur:.1%}"


def binning_table(result: DriftResult) -> pd.DataFrame:
    """How each column was binned (stated in every result)."""
    return pd.DataFrame(
        [
            {
                "column": c.column,
                "method": c.binning.method,
                "PSI/JS bins": c.binning.bins,
                "requested": c.binning.requested_bins,
                "fine bins (KS, Wasserstein)": c.binning.fine_bins,
                "KS and Wasserstein exact": c.binning.exact,
                "empty-bin floor": c.binning.psi_floor,
            }
            for c in result.columns
        ]
    )


def segments_table(result: DriftResult) -> pd.DataFrame:
    """Per segment and column: verdict, PSI and its interval, rows."""
    rows = []
    for s in result.segments or ():
        for c in s.columns:
            rows.append(
                {
                    "segment": s.segment,
                    "column": c.column,
                    "verdict": c.verdict,
                    "PSI": c.statistics.get("psi"),
                    "PSI interval": interval_text(c.ci.get("psi")),
                    "small": c.small,
                    "rows (ref / cur)": f"{c.n_reference:,} / {c.n_current:,}",
                }
            )
    return pd.DataFrame(rows)


def time_table(result: DriftResult) -> pd.DataFrame:
    """Per column: the reference band of PSI and the first chunk above any band."""
    rows = []
    for c in result.columns:
        low, high = c.band.get("psi", (None, None))
        crossing = c.first_crossing
        rows.append(
            {
                "column": c.column,
                "PSI band low": low,
                "PSI band high": high,
                "first chunk above a band": crossing["chunk"] if crossing else "none",
                "statistics above": ", ".join(crossing["statistics"]) if crossing else "",
            }
        )
    return pd.DataFrame(rows)


def chunks_table(result: DriftResult) -> pd.DataFrame:
    """Chunks: period, rows, small flag, and how many columns drift or sit above a band."""
    return pd.DataFrame(
        [
            {
                "chunk": ch.chunk,
                "period": ch.period,
                "rows": ch.rows,
                "small": ch.small,
                "columns drifting": sum(c.verdict == DRIFT for c in ch.columns),
                "columns above a band": sum(bool(c.above_band) for c in ch.columns),
            }
            for ch in result.chunks or ()
        ]
    )


def performance_blocks(perf: PerformanceResult | None) -> list[Block | None]:
    """Realised performance drift, label-free estimates, fairness without labels, and the cost."""
    if perf is None:
        return []
    blocks: list[Block | None] = [Heading("Performance")]
    realised = perf.realised
    if "reference" in realised or "current" in realised:
        rows = []
        for metric in REALISED_METRICS:
            row: dict[str, Any] = {"metric": metric}
            for side in ("reference", "current", "difference"):
                values = realised.get(side)
                row[side] = values.get(metric) if isinstance(values, dict) else None
                row[f"{side} interval"] = interval_text((realised.get(f"{side}_ci") or {}).get(metric))
            rows.append(row)
        blocks += [
            table(
                "realised_performance",
                rows,
                formats={"reference": ".3f", "current": ".3f", "difference": "+.3f"},
                title="Realised performance (labelled rows)",
                caption=f"Labelled rows: {realised.get('rows_reference', 0):,} reference, "
                f"{realised.get('rows_current', 0):,} current. Bootstrap 95% intervals; AUC from 1,000 score bins.",
            ),
        ]
    status: Status = "pass" if perf.estimated_status == "estimated" else "warning"
    blocks.append(Verdict(status, f"Label-free estimate: {perf.estimated_status}", perf.estimated_reason))
    if perf.estimated_status == "estimated":
        rows = [
            {
                "metric": m,
                "estimated (current)": perf.estimated.get(m),
                "should fall within": interval_text(perf.estimated_ci.get(m)),
                "estimated on the reference": perf.reference_estimated.get(m),
                "realised on the reference": (realised.get("reference") or {}).get(m)
                if isinstance(realised.get("reference"), dict)
                else None,
            }
            for m in METRICS
        ]
        blocks.append(
            table(
                "estimated_performance",
                rows,
                formats=dict.fromkeys(
                    ("estimated (current)", "estimated on the reference", "realised on the reference"), ".3f"
                ),
                caption=f"CBPE at threshold {perf.threshold:g}; the interval is where the realised value should land "
                "if the scores stay calibrated.",
            )
        )
        if perf.chunks:
            blocks.append(
                Chart(
                    "performance_chart",
                    performance_chart(perf, "accuracy"),
                    "Estimated and realised accuracy by chunk",
                    "The line is the estimate, the band where the realised value should fall, diamonds the realised value.",
                )
            )
        if perf.fairness:
            blocks.append(
                table(
                    "fairness_estimates",
                    fairness_table(perf),
                    formats=_fairness_formats(),
                    title="Fairness without labels",
                    caption="Selection rate is exact; true and false positive rates are estimated from scores "
                    "and compared with the realised rates where labels exist.",
                )
            )
            blocks.append(
                Bullets(
                    tuple(
                        f"{attribute}: "
                        + ", ".join(f"{k.replace('_', ' ')} {v:.3f}" for k, v in values.items() if v is not None)
                        for attribute, values in perf.disparities.items()
                    )
                )
            )
        if perf.cost is not None:
            c = perf.cost
            blocks.append(
                KeyFigures(
                    (
                        ("Likely loss per period", f"{c.likely:,.0f}"),
                        ("Low", f"{c.low:,.0f}"),
                        ("High", f"{c.high:,.0f}"),
                        ("Predictions per period", f"{c.volume:,}"),
                    )
                )
            )
            blocks.append(
                Paragraph(
                    f"Against {c.basis}: a true positive is worth {c.value_tp:,.2f}, a false positive "
                    f"costs {c.cost_fp:,.2f} and a false negative {c.cost_fn:,.2f}. Negative means a gain."
                )
            )
    return blocks


def fairness_table(perf: PerformanceResult) -> pd.DataFrame:
    """Per group: rows, calibration, exact selection rate, estimated and realised TPR and FPR."""
    rows = []
    for g in perf.fairness:
        rows.append(
            {
                "groups of": g.attribute,
                "group": g.group,
                "rows": g.rows,
                "small": g.small,
                "calibrated in the reference": {True: "yes", False: "no", None: "—"}[g.calibrated],
                "selection rate": g.selection_rate,
                "TPR estimated": g.estimated.get("true_positive_rate"),
                "TPR interval": interval_text(g.ci.get("true_positive_rate")),
                "TPR realised": g.realised.get("true_positive_rate"),
                "FPR estimated": g.estimated.get("false_positive_rate"),
                "FPR interval": interval_text(g.ci.get("false_positive_rate")),
                "FPR realised": g.realised.get("false_positive_rate"),
            }
        )
    return pd.DataFrame(rows)


def _fairness_formats() -> dict[str, str]:
    return dict.fromkeys(("selection rate", "TPR estimated", "TPR realised", "FPR estimated", "FPR realised"), ".3f")


_STAT_FORMATS = {
    "PSI": ".3f",
    "JS": ".3f",
    "Wasserstein / SD": ".3f",
    "KS": ".3f",
    "adjusted p": ".2g",
    "out of range": ".2%",
}


def drift_report(result: DriftResult, *, title: str | None = None) -> Report:
    """The drift report: gate, columns, overview, distributions, time view, segments, performance, method.

    Parameters
    ----------
    result : DriftResult
    title : str, optional

    Returns
    -------
    Report
    """
    t = result.thresholds
    worst = [c for c in result.columns if c.verdict != "no material drift"][:MAX_DISTRIBUTION_CHARTS] or list(
        result.columns[:1]
    )
    blocks: list[Block | None] = [
        gate_verdict(result),
        KeyFigures(
            (
                ("Reference rows", f"{result.rows_reference:,}"),
                ("Current rows", f"{result.rows_current:,}"),
                ("Columns", f"{len(result.columns):,}"),
                (
                    "Thresholds",
                    f"PSI {t['psi']:g} (watch {t['psi_watch']:g}), W/SD {t['wasserstein_norm']:g}, JS {t['js']:g}",
                ),
            )
        ),
        Paragraph(
            f"Reference: {result.reference_name}. Current: {result.current_name}. A column drifts when an effect size's "
            "whole interval is above its threshold and the change is significant after false discovery control; it "
            "shows no material drift when every interval stays under its threshold; otherwise the evidence is insufficient."
        ),
        Heading("Columns"),
        table(
            "columns",
            columns_table(result),
            formats=_STAT_FORMATS,
            caption=f"Bootstrap {t['level']:.0%} intervals (shifted percentile, from binned counts). Adjusted p: "
            "Benjamini-Hochberg over every test of the analysis.",
        ),
        Bullets(tuple(f"{c.column}: {c.verdict}. {c.reason[0].upper() + c.reason[1:]}." for c in result.columns)),
        Chart(
            "overview_chart",
            overview_chart(result),
            "Drift verdicts",
            "Each column's verdict in each chunk, segment, or overall.",
        ),
        *[
            Chart(
                f"distribution_{i}",
                distribution_chart(result, c.column),
                f"{c.column}: reference and current",
                "Share of rows in each PSI bin, reference beside current.",
            )
            for i, c in enumerate(worst)
        ],
    ]
    if result.chunks:
        crossing = next((c for c in result.columns if c.first_crossing), None)
        blocks += [
            Heading("Over time"),
            table(
                "chunks",
                chunks_table(result),
                caption=f"Chunks with fewer than {t['min_rows']:,} rows are flagged small.",
            ),
            table(
                "time_view",
                time_table(result),
                formats={"PSI band low": ".4f", "PSI band high": ".4f"},
                caption="Bands: mean ± 3 SD of each statistic over reference chunks, each compared with the whole reference.",
            ),
            Chart(
                "time_chart",
                time_chart(result, (crossing or result.columns[0]).column),
                "A statistic over time",
                "PSI per chunk with the reference band.",
            ),
        ]
    if result.segments:
        blocks += [Heading("Segments"), table("segments", segments_table(result), formats={"PSI": ".3f"})]
    blocks += performance_blocks(result.performance)
    mt = result.multiple_testing
    blocks += [
        Heading("Method"),
        Paragraph(
            f"{mt['tests']:,} p-values adjusted together ({mt['method']}, false discovery rate {mt['alpha']:g}); "
            f"{mt['discoveries']:,} below it. Family: {mt['family']}."
        ),
        table(
            "binning",
            binning_table(result),
            caption="PSI and Jensen-Shannon use the PSI bins; KS and Wasserstein the fine bins.",
        ),
        table(
            "conventions",
            conventions_frame(),
            formats={"PSI": ".4f", "Jensen-Shannon": ".4f", "Wasserstein / reference SD": ".4f"},
            title="How conventions change the numbers",
            caption="The same seeded samples, N(0, 1) against N(0.25, 1), 5,000 rows each, under three conventions.",
        ),
        table("glossary", glossary_frame()),
        Heading("Notes") if result.notes else None,
        Bullets(result.notes) if result.notes else None,
    ]
    return report(
        title or f"Drift of {result.current_name} against {result.reference_name}", blocks, result=result, kind="drift"
    )
