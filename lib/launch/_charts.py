"""Charts of the launch planner (data in, ``altair.Chart`` out; each draws at most a few hundred rows)."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from lib.launch._design import DesignSpec, sample_size_curve
from lib.launch._framing import FramingResult
from lib.launch._readout import ReadoutResult
from lib.launch._rollout import RolloutResult
from lib.launch._value import ValueResult

_BLUE, _ORANGE, _GREY = "#1f6feb", "#b54708", "#6e7781"


def value_chart(result: ValueResult) -> alt.LayerChart:
    """Value per month at each threshold, the best threshold and its interval, and the no-model baselines."""
    curve = result.value_by_threshold[["threshold", "value_per_month", "flagged_share", "precision", "recall"]]
    line = (
        alt.Chart(curve)
        .mark_line(color=_BLUE)
        .encode(
            x=alt.X("threshold:Q", title="decision threshold (flag when score ≥ threshold)"),
            y=alt.Y("value_per_month:Q", title="value ($ per month)", axis=alt.Axis(format="$,.0f")),
            tooltip=[
                alt.Tooltip("threshold:Q", format=".3f"),
                alt.Tooltip("value_per_month:Q", format="$,.0f", title="value per month"),
                alt.Tooltip("flagged_share:Q", format=".1%", title="flagged"),
                alt.Tooltip("precision:Q", format=".3f"),
                alt.Tooltip("recall:Q", format=".3f"),
            ],
        )
    )
    layers: list[Any] = [line]
    baselines = pd.DataFrame([{"baseline": b.name, "value": b.value_per_month} for b in result.baselines])
    layers.append(
        alt.Chart(baselines)
        .mark_rule(strokeDash=[4, 4])
        .encode(
            y="value:Q",
            color=alt.Color("baseline:N", title="without a model", scale=alt.Scale(scheme="dark2")),
            tooltip=["baseline:N", alt.Tooltip("value:Q", format="$,.0f", title="value per month")],
        )
    )
    low, high = result.best_threshold_ci
    if result.best_threshold is not None and not result.best_flags_none:
        band = pd.DataFrame([{"low": low if low is not None else curve["threshold"].min(),
                              "high": high if high is not None else curve["threshold"].max()}])  # fmt: skip
        layers.insert(0, alt.Chart(band).mark_rect(opacity=0.15, color=_ORANGE).encode(x="low:Q", x2="high:Q"))
        best = pd.DataFrame([{"threshold": result.best_threshold, "value": result.best_value_per_month}])
        layers.append(
            alt.Chart(best)
            .mark_point(size=120, filled=True, color=_ORANGE)
            .encode(
                x="threshold:Q",
                y="value:Q",
                tooltip=[
                    alt.Tooltip("threshold:Q", format=".3f", title="best threshold"),
                    alt.Tooltip("value:Q", format="$,.0f", title="value per month"),
                ],
            )
        )
    level = f"{result.level:.0%}"
    chart = alt.LayerChart(layer=layers)
    return chart.properties(
        title=f"Value per month by threshold (shaded: {level} bootstrap interval of the best threshold)", height=320
    )


def sample_size_chart(spec: DesignSpec) -> alt.Chart:
    """Units per arm against the MDE around the plan's, with the plan's point marked."""
    frame = pd.DataFrame(sample_size_curve(spec))
    planned = pd.DataFrame([{"mde_absolute": spec.mde_absolute}])
    line = (
        alt.Chart(frame)
        .mark_line(color=_BLUE)
        .encode(
            x=alt.X("mde_absolute:Q", title="minimum detectable effect (absolute)"),
            y=alt.Y("n_per_arm:Q", title="units per arm (control)", scale=alt.Scale(type="log")),
            tooltip=[
                alt.Tooltip("mde_absolute:Q", format=".4g", title="MDE"),
                alt.Tooltip("n_per_arm:Q", format=",", title="units per arm"),
            ],
        )
    )
    rule = alt.Chart(planned).mark_rule(color=_ORANGE, strokeDash=[4, 4]).encode(x="mde_absolute:Q")
    return (line + rule).properties(title="Units per arm fall with the square of the MDE", height=280)


def readout_chart(result: ReadoutResult) -> alt.Chart:
    """The effect with its interval (and the sequential one), and each guardrail's change, against zero."""
    rows = [{"what": "effect", "value": result.effect, "low": result.ci[0], "high": result.ci[1],
             "interval": f"{result.level:.0%} interval"}]  # fmt: skip
    if result.sequential is not None:
        low, high = result.sequential["ci"]
        rows.append({"what": "effect", "value": result.effect, "low": low, "high": high, "interval": "always-valid"})
    frame = pd.DataFrame(rows)
    base = alt.Chart(frame).encode(y=alt.Y("interval:N", title=None))
    tooltip = [
        "interval:N",
        alt.Tooltip("value:Q", format=".4g", title="effect"),
        alt.Tooltip("low:Q", format=".4g"),
        alt.Tooltip("high:Q", format=".4g"),
    ]
    bars = base.mark_rule(strokeWidth=3, color=_BLUE).encode(
        x=alt.X("low:Q", title=f"treatment minus control ({result.metric_type})"), x2="high:Q", tooltip=tooltip
    )
    point = base.mark_point(size=90, filled=True, color=_BLUE).encode(x="value:Q", tooltip=tooltip)
    zero = alt.Chart(pd.DataFrame([{"x": 0.0}])).mark_rule(color=_GREY, strokeDash=[4, 4]).encode(x="x:Q")
    return (bars + point + zero).properties(title=f"Effect: {result.decision}", height=alt.Step(40))


def timeline_chart(result: RolloutResult) -> alt.Chart:
    """The rollout's stages as bars over time (days), each labelled with its traffic share."""
    frame = pd.DataFrame(
        [
            {
                "stage": s.name,
                "start": s.start_hour / 24,
                "end": s.end_hour / 24,
                "days": s.hours / 24,
                "percent": s.percent,
                "requests": s.requests,
                "driver": s.driver,
            }
            for s in result.stages
        ]
    )
    return (
        alt.Chart(frame)
        .mark_bar(color=_BLUE)
        .encode(
            y=alt.Y("stage:N", title=None, sort=None),
            x=alt.X("start:Q", title="days from the start"),
            x2="end:Q",
            tooltip=[
                "stage:N",
                alt.Tooltip("days:Q", format=",.1f"),
                alt.Tooltip("requests:Q", format=","),
                alt.Tooltip("percent:Q", format=".0f", title="% of traffic"),
                alt.Tooltip("driver:N", title="length set by"),
            ],
        )
        .properties(title=f"Rollout timeline: {result.total_days:,.1f} days in all", height=alt.Step(30))
    )


def signal_chart(result: FramingResult) -> alt.Chart:
    """The strongest single-feature signals against the leakage limit."""
    frame = pd.DataFrame([s.to_dict() for s in result.signals], columns=["column", "measure", "value", "flagged"])
    limit = result.record.leakage_auc
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("column:N", title=None, sort="-x"),
            x=alt.X("value:Q", title="separation of the outcome by one column", scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("flagged:N", title="looks like leakage", scale=alt.Scale(range=[_BLUE, _ORANGE])),
            tooltip=["column:N", "measure:N", alt.Tooltip("value:Q", format=".3f"), "flagged:N"],
        )
    )
    rule = alt.Chart(pd.DataFrame([{"x": limit}])).mark_rule(color=_ORANGE, strokeDash=[4, 4]).encode(x="x:Q")
    return (bars + rule).properties(
        title="Strongest single-feature signals (dashed: leakage limit)", height=alt.Step(22)
    )
