"""Altair charts of an explanation (data in, ``alt.Chart`` out), each with tooltips.

Every chart carries at most :data:`MAX_CHART_ROWS` rows of data, altair's own
limit, so no chart raises ``MaxRowsError`` on a page or in an export: per-row
charts draw a seeded sample and say so in their title. A browser cannot show
100,000 dots usefully anyway, and Vega-Lite payloads stay small.
"""

from __future__ import annotations

import warnings
from typing import Any, cast

import altair as alt
import numpy as np
import pandas as pd

from lib.explain._results import ExplanationResult, GapDecomposition

# altair refuses charts with more rows than this unless told otherwise.
MAX_CHART_ROWS = 5_000
# Points per feature in the per-row charts (fewer when many features share the beeswarm).
MAX_POINTS = 2_000


def _sample_positions(n: int, *, limit: int, seed: int = 0) -> np.ndarray:
    if n <= limit:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=limit, replace=False))


def importance_frame(result: ExplanationResult, *, top: int = 20) -> pd.DataFrame:
    """Top features by mean |SHAP| as a table."""
    items = list(result.global_importance.items())[:top]
    return pd.DataFrame(items, columns=["feature", "mean_abs_shap"])


def importance_chart(result: ExplanationResult, *, top: int = 20) -> alt.Chart:
    """Horizontal bars of mean |SHAP| per feature, largest at the top."""
    frame = importance_frame(result, top=top)
    return (
        alt.Chart(frame, title=f"Global importance: mean |SHAP| ({result.output_space})")
        .mark_bar()
        .encode(
            y=alt.Y("feature:N", sort="-x", title=None),
            x=alt.X("mean_abs_shap:Q", title=f"mean |SHAP value| ({result.output_space})"),
            tooltip=["feature:N", alt.Tooltip("mean_abs_shap:Q", format=".4f", title="mean |SHAP|")],
        )
        .properties(height=alt.Step(22))
    )


def _feature_shade(values: pd.Series) -> np.ndarray:
    """Each row's feature value as a 0-1 rank within its feature (numbers by size, categories by code).

    Used where only an ordering is needed (the interaction heuristic); the beeswarm colours
    only numeric features this way, since a category has no low or high.
    """
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.notna().any():
        return numbers.rank(pct=True).fillna(0.5).to_numpy()
    codes = pd.Series(pd.Categorical(values.astype("string")).codes, dtype=float)
    return (codes / max(codes.max(), 1)).to_numpy()


def _is_numeric(values: pd.Series) -> bool:
    """True for a feature whose values have an order (numbers, booleans), not categories."""
    return pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)


def _others(count: int) -> str:
    return f"{count} other feature" + ("" if count == 1 else "s")


def _sampled_words(shown: int, total: int) -> str:
    return f"; a sample of {shown:,} of {total:,} rows" if shown < total else ""


def beeswarm_points(result: ExplanationResult, *, top: int = 12) -> int:
    """Rows drawn per feature in the beeswarm: all, or a sample keeping the chart within its row limit."""
    shown = max(1, min(top, len(result.features)))
    return min(result.n_explained, MAX_POINTS, MAX_CHART_ROWS // shown)


def beeswarm_frame(result: ExplanationResult, *, top: int = 12, seed: int = 0) -> pd.DataFrame:
    """Long table of (feature, SHAP value, feature value) for the top features, sampled.

    ``shade`` is the value's rank within a numeric feature (0 lowest, 1 highest) and
    missing for a categorical feature, whose categories have no order to colour by.
    """
    rows = result.per_row()
    positions = _sample_positions(result.n_explained, limit=beeswarm_points(result, top=top), seed=seed)
    parts = []
    for feature in list(result.global_importance)[:top]:
        j = result.features.index(feature)
        raw = rows.data[feature].iloc[positions] if feature in rows.data else pd.Series([np.nan] * len(positions))
        raw = raw.reset_index(drop=True)
        numeric = _is_numeric(raw)
        parts.append(
            pd.DataFrame(
                {
                    "feature": feature,
                    "shap": rows.values[positions, j],
                    "value": raw.astype("string").fillna("(missing)").to_numpy(),
                    "shade": _feature_shade(raw) if numeric else np.full(len(raw), np.nan),
                    "kind": "numeric" if numeric else "categorical",
                    "row": [str(r) for r in rows.row_ids[positions]],
                }
            )
        )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def beeswarm_chart(result: ExplanationResult, *, top: int = 12, seed: int = 0) -> alt.Chart | alt.LayerChart:
    """A jittered strip per feature: where each row's SHAP value lies.

    Numeric features are coloured by their value, low (blue) to high (red); categorical
    features are drawn in grey, since their categories have no low or high (the tooltip
    names each dot's category).
    """
    frame = beeswarm_frame(result, top=top, seed=seed)
    order = list(result.global_importance)[:top]
    sample = _sampled_words(beeswarm_points(result, top=top), result.n_explained)
    kinds = set(frame["kind"]) if len(frame) else set()
    title = f"SHAP values per row ({result.output_space})"
    if "numeric" in kinds:
        title += "; colour = the feature's value, low (blue) to high (red)"
    if "categorical" in kinds:
        title += "; categorical features in grey"
    title += sample
    tooltip = ["row:N", "feature:N", "value:N", alt.Tooltip("shap:Q", format=".4f")]
    base = (
        alt.Chart(frame)
        .mark_circle(size=14, opacity=0.6)
        .encode(
            x=alt.X("shap:Q", title=f"SHAP value ({result.output_space})"),
            y=alt.Y("feature:N", sort=order, title=None, axis=alt.Axis(labelLimit=0)),
            yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-1, 1])),
            tooltip=tooltip,
        )
        .transform_calculate(jitter="sqrt(-2*log(random()))*cos(2*PI*random())/3")
    )
    numeric = base.transform_filter(alt.datum.kind == "numeric").encode(
        color=alt.Color(
            "shade:Q",
            scale=alt.Scale(scheme="redblue", reverse=True, domain=[0, 1]),
            title="feature value",
            legend=alt.Legend(values=[0, 1], labelExpr="datum.value == 0 ? 'low' : 'high'"),
        )
    )
    categorical = base.transform_filter(alt.datum.kind == "categorical").encode(color=alt.value("#8c8c8c"))
    layers = [layer for kind, layer in (("numeric", numeric), ("categorical", categorical)) if kind in kinds]
    if len(layers) > 1:
        return cast(alt.LayerChart, alt.layer(*layers).properties(title=title, height=alt.Step(34)))
    return (layers[0] if layers else base).properties(title=title, height=alt.Step(34))


def strongest_interaction(result: ExplanationResult, feature: str) -> str | None:
    """The feature whose values best explain the spread of ``feature``'s SHAP values (shap's heuristic)."""
    if len(result.features) < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import shap

        rows = result.per_row()
        encoded = rows.data[list(result.features)].apply(lambda s: pd.Series(_feature_shade(s), index=s.index))
        order = shap.utils.approximate_interactions(
            result.features.index(feature), rows.values, encoded.to_numpy(dtype=float)
        )
    for j in order:
        if result.features[j] != feature:
            return result.features[int(j)]
    return None


def dependence_chart(
    result: ExplanationResult, feature: str, *, colour_by: str | None = None, seed: int = 0
) -> alt.Chart:
    """SHAP value of ``feature`` against its value, coloured by the strongest interaction."""
    rows = result.per_row()
    colour_by = colour_by or strongest_interaction(result, feature)
    positions = _sample_positions(result.n_explained, limit=MAX_POINTS, seed=seed)
    j = result.features.index(feature)
    frame = pd.DataFrame(
        {
            "value": rows.data[feature].iloc[positions].to_numpy(),
            "shap": rows.values[positions, j],
            "row": [str(r) for r in rows.row_ids[positions]],
        }
    )
    numeric = pd.api.types.is_numeric_dtype(frame["value"])
    tooltip = [
        "row:N",
        alt.Tooltip("value:Q" if numeric else "value:N", title=feature),
        alt.Tooltip("shap:Q", format=".4f"),
    ]
    encoding: dict[str, Any] = {
        "x": alt.X("value:Q" if numeric else "value:N", title=feature),
        "y": alt.Y("shap:Q", title=f"SHAP value of {feature} ({result.output_space})"),
    }
    if colour_by:
        frame["colour"] = rows.data[colour_by].iloc[positions].to_numpy()
        kind = "Q" if pd.api.types.is_numeric_dtype(frame["colour"]) else "N"
        encoding["color"] = alt.Color(f"colour:{kind}", title=colour_by)
        tooltip.append(alt.Tooltip(f"colour:{kind}", title=colour_by))
    title = f"Dependence of {feature}" + (f", coloured by {colour_by} (strongest interaction)" if colour_by else "")
    title += _sampled_words(len(positions), result.n_explained)
    return alt.Chart(frame, title=title).mark_circle(size=22, opacity=0.6).encode(**encoding, tooltip=tooltip)


def waterfall_frame(result: ExplanationResult, position: int, *, top: int = 10) -> pd.DataFrame:
    """Steps from the base value to one row's output: largest contributions, then the rest summed."""
    rows = result.per_row()
    contributions = rows.values[position]
    order = np.argsort(-np.abs(contributions), kind="stable")
    shown, rest = order[:top], order[top:]
    labels = [f"{result.features[j]} = {_display(rows.data, result.features[j], position)}" for j in shown]
    amounts = list(contributions[shown])
    if len(rest):
        labels.append(_others(len(rest)))
        amounts.append(float(contributions[rest].sum()))
    starts = result.base_value + np.concatenate([[0.0], np.cumsum(amounts)[:-1]])
    frame = pd.DataFrame({"step": labels, "shap": amounts, "start": starts, "end": starts + np.array(amounts)})
    frame["direction"] = np.where(frame["shap"] >= 0, "raises", "lowers")
    frame["order"] = range(len(frame))
    return frame


def _display(data: pd.DataFrame, feature: str, position: int) -> str:
    if feature not in data:
        return "?"
    value = data[feature].iloc[position]
    return f"{value:.4g}" if isinstance(value, (float, np.floating)) else str(value)


def waterfall_chart(result: ExplanationResult, position: int, *, top: int = 10) -> alt.Chart:
    """Waterfall of one row: from the base value, each feature's push, to the model output."""
    frame = waterfall_frame(result, position, top=top)
    rows = result.per_row()
    row, output = rows.row_ids[position], rows.model_output[position]
    bars = (
        alt.Chart(
            frame,
            title=f"Row {row}: base {result.base_value:.3f} → output {output:.3f} ({result.output_space})",
        )
        .mark_bar()
        .encode(
            y=alt.Y("step:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("start:Q", title=f"model output ({result.output_space})", scale=alt.Scale(zero=False)),
            x2="end:Q",
            color=alt.Color(
                "direction:N", scale=alt.Scale(domain=["raises", "lowers"], range=["#d62728", "#1f77b4"]), title=None
            ),
            tooltip=[
                "step:N",
                alt.Tooltip("shap:Q", format="+.4f", title="SHAP"),
                alt.Tooltip("end:Q", format=".4f", title="running total"),
            ],
        )
        .properties(height=alt.Step(24))
    )
    base_rule = (
        alt.Chart(pd.DataFrame({"x": [result.base_value], "what": ["base value"]}))
        .mark_rule(strokeDash=[4, 3])
        .encode(x="x:Q", tooltip=["what:N", alt.Tooltip("x:Q", format=".4f", title="value")])
    )
    return bars + base_rule


def cohort_chart(cohorts: pd.DataFrame, *, column: str, top: int = 12) -> alt.Chart:
    """Mean |SHAP| per feature, side by side for each group of ``column``."""
    overall = cohorts.groupby("feature", sort=False)["mean_abs_shap"].mean().sort_values(ascending=False, kind="stable")
    keep = list(overall.index[:top])
    frame = cohorts[cohorts["feature"].isin(keep)]
    groups = list(dict.fromkeys(frame["group"]))
    limit = max(1, MAX_CHART_ROWS // max(len(keep), 1))
    title = f"Importance by {column}"
    if len(groups) > limit:  # hundreds of groups: more than a chart can hold (a spec allows 50)
        frame = frame[frame["group"].isin(groups[:limit])]
        title += f" (the first {limit:,} of {len(groups):,} groups)"
    return (
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("feature:N", sort=keep, title=None),
            x=alt.X("mean_abs_shap:Q", title="mean |SHAP value|"),
            yOffset="group:N",
            color=alt.Color("group:N", title=column),
            tooltip=[
                "group:N",
                "feature:N",
                alt.Tooltip("mean_abs_shap:Q", format=".4f"),
                alt.Tooltip("rows:Q", format=","),
            ],
        )
        .properties(height=alt.Step(10))
    )


def gap_chart(gap: GapDecomposition, *, top: int = 12) -> alt.Chart:
    """Each feature's share of the gap in mean model output between two groups."""
    items = list(gap.contributions.items())
    frame = pd.DataFrame(items[:top], columns=["feature", "contribution"])
    if len(items) > top:
        frame.loc[len(frame)] = [_others(len(items) - top), sum(v for _, v in items[top:])]
    frame["direction"] = np.where(frame["contribution"] >= 0, f"towards {gap.group_a}", f"towards {gap.group_b}")
    return (
        alt.Chart(frame, title=f"Gap {gap.group_a} − {gap.group_b} in mean output = {gap.gap:+.4f}, by feature")
        .mark_bar()
        .encode(
            y=alt.Y("feature:N", sort=None, title=None),
            x=alt.X("contribution:Q", title="mean SHAP difference"),
            color=alt.Color("direction:N", title=None),
            tooltip=["feature:N", alt.Tooltip("contribution:Q", format="+.4f")],
        )
        .properties(height=alt.Step(22))
    )
