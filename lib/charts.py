"""Small charts shared across pages (data in, ``altair.Chart`` out)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib.data import ClassBalance


def class_balance_chart(balance: ClassBalance) -> alt.Chart:
    """Horizontal bars of row counts per value of a label-like column."""
    frame = pd.DataFrame(
        {"value": list(balance.counts), "rows": list(balance.counts.values()), "share": list(balance.shares.values())}
    )
    return (
        alt.Chart(frame, title=f"Class balance of {balance.column}")
        .mark_bar()
        .encode(
            y=alt.Y("value:N", title=None, sort="-x"),
            x=alt.X("rows:Q", title="rows"),
            tooltip=["value:N", alt.Tooltip("rows:Q", format=","), alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(height=alt.Step(28))
    )
