"""Progress chart: scores over attempts (data in, altair chart out)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from lib.practice._results import ScorePoint
from lib.practice._rules import DIMENSIONS, LABELS

if TYPE_CHECKING:
    import altair as alt


def progress_frame(points: Sequence[ScorePoint]) -> pd.DataFrame:
    """Long table: one row per attempt and series (total, then each dimension), scores in percent.

    Parameters
    ----------
    points : sequence of ScorePoint
        A progress result's ``scores``.

    Returns
    -------
    pandas.DataFrame
        Columns ``attempt``, ``when``, ``scenario``, ``series``, ``score``.
    """
    rows = []
    for point in sorted(points, key=lambda p: p.attempt):
        base = {"attempt": point.attempt, "when": point.when[:16].replace("T", " "), "scenario": point.scenario_id}
        rows.append({**base, "series": "Total", "score": float(point.total)})
        for name in DIMENSIONS:
            rows.append({**base, "series": LABELS[name], "score": 100 * float(point.fractions.get(name, 0.0))})
    return pd.DataFrame(rows, columns=["attempt", "when", "scenario", "series", "score"])


def progress_chart(points: Sequence[ScorePoint]) -> alt.Chart:
    """Lines of the total and each dimension (as % of its points) over attempts.

    Parameters
    ----------
    points : sequence of ScorePoint

    Returns
    -------
    altair.Chart
    """
    import altair as alt  # imported here so that `import lib.practice` stays quick for the command line

    frame = progress_frame(points)
    return (
        alt.Chart(frame, title="Scores over your attempts")
        .mark_line(point=True)
        .encode(
            x=alt.X("attempt:O", title="attempt", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("score:Q", title="score (% of points)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "series:N",
                title=None,
                sort=["Total", *[LABELS[d] for d in DIMENSIONS]],
                # Below the plot in columns, names whole: beside it the long dimension names were cut off.
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=0, symbolType="stroke"),
            ),
            strokeWidth=alt.condition(alt.datum.series == "Total", alt.value(3.5), alt.value(1.2)),
            tooltip=["attempt:O", "when:N", "scenario:N", "series:N", alt.Tooltip("score:Q", format=".0f")],
        )
        .properties(height=320)
    )
