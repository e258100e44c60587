"""Explanation charts: built from results, with tooltips, numbers that match the result."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lib.explain import explain_trained
from lib.explain._charts import (
    MAX_POINTS,
    beeswarm_chart,
    beeswarm_frame,
    cohort_chart,
    dependence_chart,
    gap_chart,
    importance_chart,
    strongest_interaction,
    waterfall_chart,
    waterfall_frame,
)
from lib.explain._exports import chart_html, summary_html, summary_markdown, values_csv
from tests.lib.explain_fixtures import make_table


@pytest.fixture(scope="module")
def result():
    table = make_table(300)
    table.loc[0, "colour"] = "=HYPERLINK(1)"
    return explain_trained(table, target="outcome", model="linear", features=["x1", "x2", "colour", "group"])


def _has_tooltip(spec: dict) -> bool:
    layers = spec.get("layer", [spec])
    return all("tooltip" in layer.get("encoding", {}) for layer in layers)


@pytest.mark.parametrize("builder", ["importance", "beeswarm", "dependence", "waterfall", "cohort", "gap"])
def test_every_chart_builds_with_tooltips(result, builder):
    groups = pd.Series(result.data["group"])
    charts = {
        "importance": lambda: importance_chart(result),
        "beeswarm": lambda: beeswarm_chart(result),
        "dependence": lambda: dependence_chart(result, "x1"),
        "waterfall": lambda: waterfall_chart(result, 0),
        "cohort": lambda: cohort_chart(result.cohort_importance(groups), column="group"),
        "gap": lambda: gap_chart(result.explain_gap(groups, group_a="a", group_b="b", column="group")),
    }
    spec = charts[builder]().to_dict()
    assert _has_tooltip(spec)


def test_waterfall_runs_from_base_value_to_the_rows_output(result):
    frame = waterfall_frame(result, 7, top=2)
    assert frame["start"].iloc[0] == pytest.approx(result.base_value)
    assert frame["end"].iloc[-1] == pytest.approx(result.model_output[7])
    assert frame["step"].iloc[-1] == "2 other features"


def test_beeswarm_samples_at_most_max_points_per_feature():
    big = make_table(MAX_POINTS + 500)
    res = explain_trained(big, target="amount", model="linear", features=["x1", "x2"])
    frame = beeswarm_frame(res)
    assert len(frame) == 2 * MAX_POINTS


def test_dependence_colour_is_the_strongest_interaction(result):
    partner = strongest_interaction(result, "x1")
    assert partner in set(result.features) - {"x1"}
    assert partner in dependence_chart(result, "x1").to_dict()["title"]


def test_exports_include_provenance_and_escape_user_text(result):
    html = summary_html(result, charts={"<b>Importance</b>": importance_chart(result)})
    assert "&lt;b&gt;Importance&lt;/b&gt;" in html and "Provenance" in html
    markdown = summary_markdown(result)
    assert "## Provenance" in markdown and "log-odds" in markdown
    assert "<html" in chart_html(importance_chart(result), title="x")
    csv_text = values_csv(result).decode()
    assert csv_text.splitlines()[0].endswith("base_value,model_output")
    assert np.isfinite(result.additivity_max_error)
