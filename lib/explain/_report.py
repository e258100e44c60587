"""The report of an explanation, as blocks every renderer understands, and the values CSV.

The report works for a fresh result and for one read back from JSON: importance,
metrics, fidelity, cohorts and the gap come from the JSON; the per-row charts
(beeswarm, dependence, one row's waterfall) need each row's SHAP values, so a
result without them says a re-run shows them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from lib.analysis import Bullets, Chart, Heading, KeyFigures, Paragraph, Report, Verdict, report, table
from lib.explain._charts import (
    beeswarm_chart,
    beeswarm_points,
    cohort_chart,
    dependence_chart,
    gap_chart,
    importance_chart,
    importance_frame,
    waterfall_chart,
)
from lib.explain._results import ExplanationResult
from lib.export import to_csv_bytes

_SPACE_WORDS = {
    "log-odds": "log-odds of the positive class",
    "probability": "probability of the positive class",
    "raw": "the model's raw output",
}
METRIC_WORDS = {
    "auc": "AUC",
    "accuracy": "accuracy",
    "f1": "F1",
    "r2": "R²",
    "mae": "MAE (mean absolute error, target units)",
}
_WAYS = {
    "train": "trained here on a seeded training split",
    "upload": "uploaded as a skops file",
    "outputs": "a surrogate fitted to the given outputs",
}
# Features shown in the importance, cohort and gap tables of a report.
TOP_FEATURES = 20


def values_csv(result: ExplanationResult) -> bytes:
    """The SHAP values per explained row, with ``base_value`` and ``model_output``, as safe CSV."""
    return to_csv_bytes(result.values_frame())


def additivity_sentence(result: ExplanationResult) -> str:
    """One sentence saying whether the values add up, and how closely."""
    if result.additivity_ok:
        return (
            "SHAP values add up: base value + sum of SHAP values matches the model output "
            f"({_SPACE_WORDS.get(result.output_space, result.output_space)}) within "
            f"{result.additivity_max_error:.2e} on every explained row."
        )
    return (
        "SHAP values DO NOT add up: the largest gap between base value + sum of SHAP values and the model "
        f"output is {result.additivity_max_error:.3g} ({result.output_space}). Treat these explanations with care."
    )


def metrics_frame(result: ExplanationResult) -> pd.DataFrame:
    """One row per metric of the model: its name in words and its value."""
    return pd.DataFrame(
        [{"metric": METRIC_WORDS.get(k, k), "value": v} for k, v in result.metrics.items()],
        columns=["metric", "value"],
    )


def fidelity_frame(result: ExplanationResult) -> pd.DataFrame:
    """The surrogate's agreement with the outputs: all held-out rows, then each group."""
    fidelity = result.fidelity or {}
    rows = [{"group": "all rows", **(fidelity.get("overall") or {})}]
    rows += [{"group": str(g), **scores} for g, scores in (fidelity.get("by_group") or {}).items()]
    return pd.DataFrame(rows)


def cohort_table(result: ExplanationResult, *, top: int = TOP_FEATURES) -> pd.DataFrame:
    """Mean |SHAP| of the top features (rows) in each group of the cohort column (columns)."""
    if result.cohorts is None:
        return pd.DataFrame()
    features = list(result.global_importance)[:top]
    data: dict[str, Any] = {"feature": features}
    for group in result.cohorts.groups:
        data[f"{group.group} ({group.rows:,} rows)"] = [group.importance.get(f) for f in features]
    return pd.DataFrame(data)


def gap_frame(result: ExplanationResult) -> pd.DataFrame:
    """Each feature's share of the gap in mean output, largest in size first."""
    if result.gap is None:
        return pd.DataFrame(columns=["feature", "share of gap"])
    return pd.DataFrame(list(result.gap.contributions.items()), columns=["feature", "share of gap"])


def gap_sentence(result: ExplanationResult) -> str:
    """The two groups' mean outputs and their gap, in words."""
    gap = result.gap
    if gap is None:
        return ""
    sentence = (
        f"Mean output ({result.output_space}): {gap.group_a} {gap.mean_output_a:.4f} over {gap.n_a:,} rows, "
        f"{gap.group_b} {gap.mean_output_b:.4f} over {gap.n_b:,} rows; gap {gap.gap:+.4f}. "
        "The contributions below sum to the gap exactly."
    )
    return sentence + fidelity_sentence(result, groups=(gap.group_a, gap.group_b), column=gap.column)


def fidelity_sentence(result: ExplanationResult, *, groups: tuple[str, ...] = (), column: str | None = None) -> str:
    """For a surrogate: how well it matches the given outputs, overall and in the groups compared."""
    fidelity = result.fidelity
    if not fidelity:
        return ""
    metric = fidelity.get("metric")
    overall = (fidelity.get("overall") or {}).get(metric)
    text = f" This explains a surrogate: its {metric} against the given outputs is "
    text += "unknown" if overall is None else f"{overall:.2f} overall"
    by_group = fidelity.get("by_group") or {}
    if column is not None and column == fidelity.get("group_column"):
        parts = [
            f"{g} {by_group[g][metric]:.2f}" for g in groups if g in by_group and by_group[g].get(metric) is not None
        ]
        if parts:
            text += " (" + ", ".join(parts) + ")"
    return text + "; the attribution is only as good as that match."


def _summary(result: ExplanationResult) -> Paragraph:
    way = (result.provenance.parameters or {}).get("way_in")
    how = f", {_WAYS[way]}" if way in _WAYS else ""
    features = ", ".join(result.features[:12]) + (" ..." if len(result.features) > 12 else "")
    return Paragraph(
        f"Explained {result.model} ({result.task}{how}) with the {result.explainer} explainer, "
        f"in {_SPACE_WORDS.get(result.output_space, result.output_space)}. "
        f"{len(result.features):,} features: {features}."
    )


def _performance(result: ExplanationResult) -> list[Any]:
    blocks: list[Any] = [Heading("Performance")]
    if result.metrics:
        uploaded = (result.provenance.parameters or {}).get("way_in") == "upload"
        where = "the given rows with a target" if uploaded else "the held-out rows (a quarter of the data)"
        blocks.append(
            table("metrics", metrics_frame(result), formats={"value": ".3f"}, caption=f"Measured on {where}.")
        )
    if result.fidelity:
        fidelity = result.fidelity
        scores = [c for c in fidelity_frame(result).columns if c not in ("group", "rows")]
        blocks.append(
            table(
                "fidelity",
                fidelity_frame(result),
                title="Surrogate fidelity",
                formats=dict.fromkeys(scores, ".3f"),
                caption=f"How well the surrogate reproduces the outputs ({fidelity.get('metric')}), "
                f"measured on {fidelity.get('measured_on')}.",
            )
        )
    if not result.metrics and not result.fidelity:
        blocks.append(Paragraph("No metrics: name a target column to measure how well the model predicts it."))
    return blocks


def _per_row(result: ExplanationResult) -> list[Any]:
    blocks: list[Any] = [Heading("Row by row")]
    if not result.has_rows or not result.n_explained:
        blocks.append(
            Paragraph(
                "The beeswarm, dependence and single-row charts need each row's SHAP values, which a saved "
                "result does not keep: re-run the analysis to see them."
            )
        )
        return blocks
    top = next(iter(result.global_importance))
    shown = beeswarm_points(result)
    blocks += [
        Chart(
            "beeswarm_chart",
            beeswarm_chart(result),
            "SHAP values per row",
            f"Each dot is a row ({shown:,} of {result.n_explained:,} shown per feature); "
            "right of zero pushes the output up; a numeric feature's colour is its value, low (blue) to high "
            "(red); categorical features are grey.",
        ),
        Chart(
            "dependence_chart",
            dependence_chart(result, top),
            f"Dependence of {top}",
            f"The SHAP value of {top} against its value, coloured by its strongest interaction.",
        ),
        Chart(
            "waterfall_chart",
            waterfall_chart(result, 0),
            f"One row: {result.per_row().row_ids[0]}",
            "From the base value, each feature's push, to the model's output for the first explained row.",
        ),
    ]
    return blocks


def _groups(result: ExplanationResult) -> list[Any]:
    blocks: list[Any] = []
    if result.cohorts is not None:
        column = result.cohorts.column
        blocks += [
            Heading(f"Importance by {column}"),
            table(
                "cohorts",
                cohort_table(result),
                formats={c: ".4f" for c in cohort_table(result).columns if c != "feature"},
                caption="Mean |SHAP value| of each feature within each group of the explained rows.",
            ),
            Chart(
                "cohort_chart",
                cohort_chart(result.cohorts.frame(), column=column),
                f"Importance by {column}",
                "Mean |SHAP value| per feature, one bar per group.",
            ),
        ]
    if result.gap is not None:
        gap = result.gap
        blocks += [
            Heading(f"The gap between {gap.group_a} and {gap.group_b}"),
            Paragraph(gap_sentence(result)),
            table("gap", gap_frame(result), formats={"share of gap": "+.4f"}, max_rows=TOP_FEATURES),
            Chart(
                "gap_chart",
                gap_chart(gap),
                f"Gap {gap.group_a} − {gap.group_b} by feature",
                "Each feature's mean SHAP value in one group minus the other; the bars sum to the gap.",
            ),
        ]
    return blocks


def explanation_report(result: ExplanationResult, *, title: str | None = None) -> Report:
    """The explanation's report: additivity, key figures, performance, importance, rows, groups, notes.

    Parameters
    ----------
    result : ExplanationResult
        A fresh result, or one read back from JSON (then without the per-row charts).
    title : str, optional

    Returns
    -------
    Report
    """
    importance = importance_frame(result, top=TOP_FEATURES).rename(columns={"mean_abs_shap": "mean |SHAP|"})
    blocks: list[Any] = [
        Verdict("pass" if result.additivity_ok else "fail", "Additivity", additivity_sentence(result)),
        *[Verdict("warning", "Surrogate fidelity", warning) for warning in result.fidelity_warnings()],
        KeyFigures(
            (
                ("Explainer", result.explainer),
                ("Output space", result.output_space),
                ("Rows explained", f"{result.n_explained:,} of {result.n_rows:,}"),
                ("Base value", f"{result.base_value:.4f}"),
                ("Additivity max error", f"{result.additivity_max_error:.1e}"),
            )
        ),
        _summary(result),
        *_performance(result),
        Heading("Global importance"),
        table(
            "importance",
            importance,
            formats={"mean |SHAP|": ".4f"},
            caption=f"Mean |SHAP value| over the explained rows ({result.output_space}); top {TOP_FEATURES} shown.",
        ),
        Chart(
            "importance_chart",
            importance_chart(result),
            "Global importance",
            "Mean |SHAP value| per feature, largest at the top.",
        ),
        *_per_row(result),
        *_groups(result),
        Heading("Notes") if result.notes else None,
        Bullets(result.notes) if result.notes else None,
    ]
    name = result.provenance.input_name or "the data"
    return report(title or f"Explanation: {result.model} on {name}", blocks, result=result, kind="explain")
