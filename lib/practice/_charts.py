"""Progress chart: scores over attempts (data in, altair chart out)."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from lib.practice._progress import Attempt
from lib.practice._rules import DIMENSIONS, LABELS


def progress_frame(attempts: Sequence[Attempt]) -> pd.DataFrame:
    """Long table: one row per attempt and series (total, then each dimension), scores in percent."""
    rows = []
    for number, attempt in enumerate(sorted(attempts, key=lambda a: (a.created_at, a.id)), start=1):
        base = {
            "attempt": number,
            "when": attempt.created_at.strftime("%Y-%m-%d %H:%M"),
            "scenario": attempt.scenario_id,
        }
        rows.append({**base, "series": "Total", "score": float(attempt.total)})
        for name in DIMENSIONS:
            rows.append({**base, "series": LABELS[name], "score": 100 * float(attempt.fractions.get(name, 0.0))})
    return pd.DataFrame(rows, columns=["attempt", "when", "scenario", "series", "score"])


def progress_chart(attempts: Sequence[Attempt]) -> alt.Chart:
    """Lines of the total and each dimension (as % of its points) over attempts."""
    frame = progress_frame(attempts)
    return (
        alt.Chart(frame, title="Scores over your attempts")
        .mark_line(point=True)
        .encode(
            x=alt.X("attempt:O", title="attempt"),
            y=alt.Y("score:Q", title="score (% of points)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("series:N", title=None, sort=["Total", *[LABELS[d] for d in DIMENSIONS]]),
            strokeWidth=alt.condition(alt.datum.series == "Total", alt.value(3.5), alt.value(1.2)),
            tooltip=["attempt:O", "when:N", "scenario:N", "series:N", alt.Tooltip("score:Q", format=".0f")],
        )
        .properties(height=320)
    )
