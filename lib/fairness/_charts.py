"""Altair charts of an audit (data in, ``alt.Chart`` out), each with tooltips."""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib.fairness._calibration import CalibrationResult
from lib.fairness._explorer import ThresholdSweep
from lib.fairness._mitigation import MitigationResult
from lib.fairness._results import AuditResult


def metric_by_group_chart(result: AuditResult, metric: str, *, attribute: str | None = None) -> alt.Chart:
    """A metric per group as a point with its interval bar; small groups drawn in another shape and colour.

    ``attribute`` keeps only the groups of one view (e.g. ``"sex"``); by default all are shown.
    """
    rows = [
        {
            "attribute": g.attribute,
            "group": g.name,
            "value": g.metrics[metric],
            "low": g.ci[metric][0],
            "high": g.ci[metric][1],
            "rows": g.count,
            "size": "small group" if g.small else "enough data",
        }
        for g in result.groups
        if g.metrics[metric] is not None and (attribute is None or g.attribute == attribute)
    ]
    frame = pd.DataFrame(rows, columns=["attribute", "group", "value", "low", "high", "rows", "size"])
    title = metric.replace("_", " ")
    base = alt.Chart(frame).encode(y=alt.Y("group:N", title=None, sort=None))
    tooltip = [
        "attribute:N",
        "group:N",
        alt.Tooltip("value:Q", format=".3f", title=title),
        alt.Tooltip("low:Q", format=".3f", title="95% low"),
        alt.Tooltip("high:Q", format=".3f", title="95% high"),
        alt.Tooltip("rows:Q", format=","),
        "size:N",
    ]
    bars = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("low:Q", title=title, scale=alt.Scale(domain=[0, 1])), x2="high:Q", tooltip=tooltip
    )
    points = base.mark_point(size=80, filled=True).encode(
        x="value:Q",
        shape=alt.Shape("size:N", title=None),
        color=alt.Color("size:N", title=None, scale=alt.Scale(range=["#1f6feb", "#b54708"])),
        tooltip=tooltip,
    )
    return (bars + points).properties(title=f"{title.capitalize()} by group (95% interval)", height=alt.Step(26))


def disparity_chart(result: AuditResult, kind: str) -> alt.Chart:
    """Each disparity of one kind with its interval, against the limit (a dashed rule)."""
    items = [d for d in result.disparities if d.kind == kind and d.value is not None]
    frame = pd.DataFrame(
        [
            {
                "disparity": f"{d.name} ({d.attribute})",
                "value": d.value,
                "low": d.ci[0],
                "high": d.ci[1],
                "limit": d.limit,
                "verdict": d.verdict,
                "reason": d.reason,
            }
            for d in items
        ],
        columns=["disparity", "value", "low", "high", "limit", "verdict", "reason"],
    )
    limit = result.parameters["max_difference" if kind == "difference" else "min_ratio"]
    tooltip = [
        "disparity:N",
        alt.Tooltip("value:Q", format=".3f"),
        alt.Tooltip("low:Q", format=".3f", title="95% low"),
        alt.Tooltip("high:Q", format=".3f", title="95% high"),
        alt.Tooltip("limit:Q", format=".2f"),
        "verdict:N",
        "reason:N",
    ]
    colours = alt.Scale(domain=["fail", "insufficient evidence", "pass"], range=["#b42318", "#b54708", "#067647"])
    # Full names: a truncated "demographic_pa..." cannot be told from its ratio.
    base = alt.Chart(frame).encode(y=alt.Y("disparity:N", title=None, sort=None, axis=alt.Axis(labelLimit=0)))
    bars = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("low:Q", title="difference" if kind == "difference" else "ratio"),
        x2="high:Q",
        color=alt.Color("verdict:N", scale=colours),
        tooltip=tooltip,
    )
    points = base.mark_point(size=80, filled=True).encode(
        x="value:Q", color=alt.Color("verdict:N", scale=colours), tooltip=tooltip
    )
    rule = (
        alt.Chart(pd.DataFrame({"limit": [limit]}))
        .mark_rule(strokeDash=[6, 4], color="#52606d")
        .encode(x="limit:Q", tooltip=[alt.Tooltip("limit:Q", title="limit")])
    )
    title = "Differences against the maximum" if kind == "difference" else "Ratios against the minimum"
    return (bars + points + rule).properties(title=title, height=alt.Step(26))


def threshold_chart(sweep: ThresholdSweep, metric: str, *, attribute: str | None = None) -> alt.Chart:
    """One line per group: a rate across thresholds."""
    frame = sweep.by_group
    if attribute is not None:
        frame = frame[frame["attribute"] == attribute]
    title = metric.replace("_", " ")
    return (
        alt.Chart(frame, title=f"{title.capitalize()} by threshold")
        .mark_line()
        .encode(
            x=alt.X("threshold:Q"),
            y=alt.Y(f"{metric}:Q", title=title, scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("group:N"),
            tooltip=[
                "group:N",
                alt.Tooltip("threshold:Q", format=".3f"),
                alt.Tooltip(f"{metric}:Q", format=".3f", title=title),
                alt.Tooltip("count:Q", format=","),
            ],
        )
    )


def tradeoff_chart(sweep: ThresholdSweep, disparity_name: str, *, attribute: str | None = None) -> alt.Chart:
    """Accuracy against a disparity as the threshold moves; each point is one threshold."""
    frame = sweep.tradeoff
    if attribute is not None:
        frame = frame[frame["attribute"] == attribute]
    return (
        alt.Chart(frame, title="Disparity against accuracy across thresholds")
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{disparity_name}:Q", title=disparity_name),
            y=alt.Y("accuracy:Q", title="overall accuracy", scale=alt.Scale(zero=False)),
            order="threshold:Q",
            color=alt.Color("attribute:N", title=None),
            tooltip=[
                alt.Tooltip("threshold:Q", format=".3f"),
                alt.Tooltip("accuracy:Q", format=".3f"),
                alt.Tooltip(f"{disparity_name}:Q", format=".3f"),
            ],
        )
    )


def mitigation_chart(mitigation: MitigationResult) -> alt.Chart:
    """Each compared measure before and after the group-specific thresholds."""
    frame = mitigation.comparison.melt(
        id_vars=["measure"], value_vars=["before", "after"], var_name="when", value_name="value"
    ).dropna(subset=["value"])
    return (
        alt.Chart(frame, title=f"Before and after ({mitigation.constraint})")
        .mark_bar()
        .encode(
            y=alt.Y("measure:N", title=None, sort=None),
            yOffset=alt.YOffset("when:N", sort=["before", "after"]),
            x=alt.X("value:Q"),
            color=alt.Color("when:N", sort=["before", "after"], title=None),
            tooltip=["measure:N", "when:N", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(height=alt.Step(14))
    )


def calibration_chart(calibration: CalibrationResult, *, attribute: str | None = None) -> alt.Chart:
    """Reliability diagram: observed share of positives against mean score per bin, one colour per group.

    Points on the dashed diagonal are calibrated; bars are Wilson 95% intervals.
    """
    rows = [
        {
            "group": b.group,
            "mean score": b.mean_score,
            "observed": b.observed_rate,
            "low": b.ci[0],
            "high": b.ci[1],
            "rows": b.rows,
        }
        for b in calibration.bins
        if attribute is None or b.attribute == attribute
    ]
    frame = pd.DataFrame(rows, columns=["group", "mean score", "observed", "low", "high", "rows"])
    unit = alt.Scale(domain=[0, 1])
    tooltip = [
        "group:N",
        alt.Tooltip("mean score:Q", format=".3f"),
        alt.Tooltip("observed:Q", format=".3f", title="observed share positive"),
        alt.Tooltip("low:Q", format=".3f", title="95% low"),
        alt.Tooltip("high:Q", format=".3f", title="95% high"),
        alt.Tooltip("rows:Q", format=","),
    ]
    base = alt.Chart(frame).encode(x=alt.X("mean score:Q", scale=unit, title="mean score in the bin"))
    bars = base.mark_rule().encode(y=alt.Y("low:Q", scale=unit), y2="high:Q", color="group:N", tooltip=tooltip)
    points = base.mark_line(point=True).encode(
        y=alt.Y("observed:Q", scale=unit, title="observed share positive"), color=alt.Color("group:N"), tooltip=tooltip
    )
    diagonal = (
        alt.Chart(pd.DataFrame({"x": [0.0, 1.0], "y": [0.0, 1.0]}))
        .mark_line(strokeDash=[6, 4], color="#52606d")
        .encode(x="x:Q", y="y:Q")
    )
    title = "Calibration by group" + (f" ({attribute})" if attribute else "")
    return (diagonal + bars + points).properties(title=title, width=420, height=320)
