"""Explanation charts: built from results, with tooltips, numbers that match the result, never too many rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lib.explain import MAX_CHART_ROWS, explain_trained, explanation_result
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
from lib.provenance import make_provenance
from tests.lib.explain.fixtures import make_table


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


def _big_result(rows: int, features: int) -> object:
    rng = np.random.default_rng(0)
    values = rng.normal(size=(rows, features))
    names = [f"f{i}" for i in range(features)]
    data = pd.DataFrame(rng.normal(size=(rows, features)), columns=names)
    return explanation_result(
        task="regression",
        model="m",
        explainer="tree",
        output_space="raw",
        features=names,
        values=values,
        base_value=1.0,
        model_output=1.0 + values.sum(axis=1),
        row_ids=np.arange(rows),
        data=data,
        metrics={},
        fidelity=None,
        notes=(),
        n_rows=rows,
        background_rows=0,
        provenance=make_provenance(parameters={}),
    )


def _rows(spec: dict) -> int:
    return sum(len(v) for v in spec.get("datasets", {}).values())


def test_no_chart_carries_more_rows_than_altair_accepts_and_samples_say_so():
    big = _big_result(20_000, 15)
    groups = pd.Series(np.random.default_rng(1).choice(list("abcdefghij"), size=20_000))
    cohorts = big.cohort_importance(groups)
    charts = {
        "importance": importance_chart(big),
        "beeswarm": beeswarm_chart(big),
        "dependence": dependence_chart(big, "f0"),
        "waterfall": waterfall_chart(big, 0),
        "cohort": cohort_chart(cohorts, column="g"),
        "gap": gap_chart(big.explain_gap(groups, group_a="a", group_b="b", column="g")),
    }
    for name, chart in charts.items():
        spec = chart.to_dict()  # altair's default transformer: raises MaxRowsError above 5,000 rows
        assert _rows(spec) <= MAX_CHART_ROWS, name
    assert "a sample of" in charts["beeswarm"].to_dict()["title"]
    assert "a sample of 2,000 of 20,000 rows" in charts["dependence"].to_dict()["title"]
    many = pd.DataFrame(
        [
            {"group": f"g{i}", "feature": f"f{j}", "mean_abs_shap": 1.0, "rows": 1}
            for i in range(1000)
            for j in range(10)
        ]
    )
    crowded = cohort_chart(many, column="id").to_dict()
    assert _rows(crowded) <= MAX_CHART_ROWS and "first" in str(crowded["title"])


def test_waterfall_and_csv_need_the_rows_of_a_fresh_result(result):
    from lib.errors import InputError
    from lib.explain import ExplanationResult, values_csv

    csv_text = values_csv(result).decode()
    assert csv_text.splitlines()[0].endswith("base_value,model_output")
    read_back = ExplanationResult.from_dict(result.to_dict())
    assert not read_back.has_rows and read_back.global_importance == result.global_importance
    with pytest.raises(InputError, match="per-row SHAP values were not saved"):
        read_back.values_frame()


def test_beeswarm_colours_numbers_by_value_and_categories_not_at_all(result):
    frame = beeswarm_frame(result)
    kinds = frame.groupby("feature")["kind"].first().to_dict()
    assert kinds == {"x1": "numeric", "x2": "numeric", "colour": "categorical", "group": "categorical"}
    assert frame.loc[frame["kind"] == "categorical", "shade"].isna().all()
    numeric = frame[frame["feature"] == "x1"]
    # The shade is the value's rank within the feature: the largest x1 is the reddest dot.
    values = numeric["value"].astype(float)
    assert numeric.loc[values.idxmax(), "shade"] == 1.0
    assert numeric["shade"].between(0, 1).all()
    spec = beeswarm_chart(result).to_dict()
    text = str(spec)
    assert "value rank" not in text
    assert "categorical features in grey" in spec["title"]
    colours = [layer["encoding"]["color"] for layer in spec["layer"]]
    assert colours[0]["field"] == "shade" and colours[1] == {"value": "#8c8c8c"}


def test_a_beeswarm_of_numbers_only_has_one_coloured_layer():
    big = make_table(200)
    res = explain_trained(big, target="amount", model="linear", features=["x1", "x2"])
    spec = beeswarm_chart(res).to_dict()
    assert "layer" not in spec and spec["encoding"]["color"]["field"] == "shade"
    assert "grey" not in spec["title"]


def test_one_left_over_feature_is_singular(result):
    assert waterfall_frame(result, 0, top=3)["step"].iloc[-1] == "1 other feature"
