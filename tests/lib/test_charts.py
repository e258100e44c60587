"""Shared charts: data in, an altair chart out, with the numbers the page shows."""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib.charts import class_balance_chart
from lib.data import load_table, summarise


def test_class_balance_chart_carries_counts_and_shares():
    frame = pd.DataFrame({"label": ["yes"] * 30 + ["no"] * 10, "x": range(40)})
    data = frame.to_csv(index=False).encode()
    loaded, dataset = load_table(data, name="t.csv")
    summary = summarise(loaded, dataset)
    balance = next(b for b in summary.class_balance if b.column == "label")
    chart = class_balance_chart(balance)
    assert isinstance(chart, alt.Chart)
    rows = next(iter(chart.to_dict()["datasets"].values()))
    assert {r["value"]: r["rows"] for r in rows} == {"yes": 30, "no": 10}
    assert sum(r["share"] for r in rows) == 1.0
