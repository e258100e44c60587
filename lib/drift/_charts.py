"""Charts of a drift analysis (altair, at most 5,000 data rows each): overview, distributions, time, performance."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from lib.drift._performance import PerformanceResult
from lib.drift._results import DriftResult
from lib.drift._verdict import DRIFT, INSUFFICIENT, NO_DRIFT

MAX_ROWS = 5_000
_VERDICT_SCALE = alt.Scale(
    domain=[DRIFT, INSUFFICIENT, NO_DRIFT, "not judged"], range=["#b42318", "#f79009", "#12b76a", "#d0d5dd"]
)
STAT_TITLES = {
    "psi": "PSI",
    "js": "Jensen-Shannon distance",
    "ks": "KS statistic",
    "wasserstein_norm": "Wasserstein distance (reference SDs)",
}


def overview_chart(result: DriftResult) -> alt.Chart:
    """Heat map of verdicts: column x chunk when the data is chunked, else column x segment (or all rows)."""
    rows: list[dict[str, Any]] = []
    if result.chunks:
        for chunk in result.chunks:
            if chunk.period != "current":
                continue
            for cell in chunk.columns:
                rows.append(
                    {
                        "column": cell.column,
                        "where": chunk.chunk,
                        "verdict": cell.verdict or "not judged",
                        "psi": cell.statistics.get("psi"),
                        "rows": cell.n_current,
                    }
                )
        where_title = "chunk"
    elif result.segments:
        for segment in result.segments:
            for cell in segment.columns:
                rows.append(
                    {
                        "column": cell.column,
                        "where": segment.segment,
                        "verdict": cell.verdict or "not judged",
                        "psi": cell.statistics.get("psi"),
                        "rows": cell.n_current,
                    }
                )
        where_title = "segment"
    else:
        rows = [
            {
                "column": c.column,
                "where": "all rows",
                "verdict": c.verdict,
                "psi": c.statistics.get("psi"),
                "rows": c.n_current,
            }
            for c in result.columns
        ]
        where_title = ""
    frame = pd.DataFrame(rows).head(MAX_ROWS)
    order = list(dict.fromkeys(frame["where"].tolist())) if len(frame) else []
    return (
        alt.Chart(frame, title="Drift verdicts")
        .mark_rect(stroke="white")
        .encode(
            x=alt.X("where:N", title=where_title, sort=order),
            y=alt.Y("column:N", title="column", sort=[c.column for c in result.columns]),
            color=alt.Color("verdict:N", scale=_VERDICT_SCALE, title="verdict"),
            tooltip=[
                "column",
                "where",
                "verdict",
                alt.Tooltip("psi:Q", format=".3f"),
                alt.Tooltip("rows:Q", format=","),
            ],
        )
    )


def distribution_chart(result: DriftResult, column: str) -> alt.Chart:
    """Reference and current shares in each PSI bin of one column, side by side."""
    found = next(c for c in result.columns if c.column == column)
    hist = found.histogram or {"bins": [], "reference": [], "current": []}
    rows = []
    for side in ("reference", "current"):
        total = sum(hist.get(side, [])) or 1
        for order, (name, count) in enumerate(zip(hist.get("bins", []), hist.get(side, []), strict=False)):
            rows.append({"bin": name, "order": order, "side": side, "share": count / total, "rows": count})
    frame = pd.DataFrame(rows, columns=["bin", "order", "side", "share", "rows"]).head(MAX_ROWS)
    return (
        alt.Chart(frame, title=f"{column}: reference and current")
        .mark_bar()
        .encode(
            x=alt.X("bin:N", sort=alt.SortField("order"), title=f"{column} ({found.binning.method} bins)"),
            xOffset="side:N",
            y=alt.Y("share:Q", title="share of rows", axis=alt.Axis(format="%")),
            color=alt.Color(
                "side:N", title=None, scale=alt.Scale(domain=["reference", "current"], range=["#98a2b3", "#1570ef"])
            ),
            tooltip=["bin", "side", alt.Tooltip("share:Q", format=".1%"), alt.Tooltip("rows:Q", format=",")],
        )
    )


def time_chart(result: DriftResult, column: str, statistic: str = "psi") -> alt.LayerChart:
    """One statistic per chunk (reference chunks grey, current chunks blue, red above the band) with its band."""
    rows = []
    for order, chunk in enumerate(result.chunks or ()):
        cell = next((c for c in chunk.columns if c.column == column), None)
        if cell is None:
            continue
        rows.append(
            {
                "chunk": chunk.chunk,
                "order": order,
                "period": chunk.period,
                "value": cell.statistics.get(statistic),
                "above band": statistic in cell.above_band,
                "rows": chunk.rows,
            }
        )
    frame = pd.DataFrame(rows, columns=["chunk", "order", "period", "value", "above band", "rows"]).head(MAX_ROWS)
    band = next((c.band.get(statistic) for c in result.columns if c.column == column), None) or (None, None)
    title = STAT_TITLES.get(statistic, statistic)
    base = alt.Chart(frame).encode(x=alt.X("chunk:N", sort=alt.SortField("order"), title="chunk"))
    line = base.mark_line(color="#98a2b3").encode(y=alt.Y("value:Q", title=title))
    points = base.mark_point(filled=True, size=60).encode(
        y="value:Q",
        color=alt.Color("period:N", scale=alt.Scale(domain=["reference", "current"], range=["#98a2b3", "#1570ef"])),
        shape=alt.Shape("above band:N", scale=alt.Scale(domain=[False, True], range=["circle", "triangle-up"])),
        tooltip=[
            "chunk",
            "period",
            alt.Tooltip("value:Q", format=".4f"),
            "above band",
            alt.Tooltip("rows:Q", format=","),
        ],
    )
    layers: list[Any] = [line, points]
    if band[1] is not None:
        limits = pd.DataFrame({"bound": ["upper"], "value": [band[1]]})
        layers.append(alt.Chart(limits).mark_rule(color="#b42318", strokeDash=[5, 4]).encode(y="value:Q"))
    return alt.LayerChart(layer=layers).properties(title=f"{column}: {title} by chunk (dashed: reference mean + 3 SD)")


def performance_chart(performance: PerformanceResult | None, metric: str = "accuracy") -> alt.LayerChart:
    """Estimated performance per chunk with the band where the realised value should fall, and realised points."""
    rows = []
    chunks = performance.chunks if performance is not None else ()
    for order, chunk in enumerate(chunks):
        low, high = chunk.ci.get(metric, (None, None))
        rows.append(
            {
                "chunk": chunk.chunk,
                "order": order,
                "estimated": chunk.estimated.get(metric),
                "low": low,
                "high": high,
                "realised": chunk.realised.get(metric),
                "labelled rows": chunk.labelled,
            }
        )
    frame = pd.DataFrame(rows, columns=["chunk", "order", "estimated", "low", "high", "realised", "labelled rows"])
    frame = frame.head(MAX_ROWS)
    base = alt.Chart(frame).encode(x=alt.X("chunk:N", sort=alt.SortField("order"), title="chunk"))
    area = base.mark_area(opacity=0.25, color="#1570ef").encode(y=alt.Y("low:Q", title=metric), y2="high:Q")
    estimated = base.mark_line(color="#1570ef", point=True).encode(
        y="estimated:Q",
        tooltip=[
            "chunk",
            alt.Tooltip("estimated:Q", format=".3f"),
            alt.Tooltip("low:Q", format=".3f"),
            alt.Tooltip("high:Q", format=".3f"),
        ],
    )
    realised = base.mark_point(color="#101828", shape="diamond", size=70, filled=True).encode(
        y="realised:Q", tooltip=["chunk", alt.Tooltip("realised:Q", format=".3f"), "labelled rows"]
    )
    return alt.LayerChart(layer=[area, estimated, realised]).properties(
        title=f"Estimated {metric} (line, band: where the realised value should fall) and realised (diamonds)"
    )
