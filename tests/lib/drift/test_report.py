"""The drift report and charts: every section, row limits, escaping, and the conventions table."""

from __future__ import annotations

import numpy as np
import pytest

from lib.analysis import TableSource, render_html, render_markdown
from lib.drift import (
    DriftSpec,
    conventions_frame,
    distribution_chart,
    glossary_frame,
    overview_chart,
    performance_chart,
    run_drift,
    simulate_drift,
    simulate_scores,
    time_chart,
)


@pytest.fixture(scope="module")
def result():
    reference, current = simulate_drift(n_reference=3_000, n_current=3_000, shift=0.3, n_segments=2, months=3, seed=1)
    scores_ref, scores_cur = simulate_scores(3_000, seed=2), simulate_scores(3_000, seed=3)
    reference["score"], reference["label"] = scores_ref["score"], scores_ref["label"]
    current["score"], current["label"] = scores_cur["score"], scores_cur["label"]
    current["<b>odd</b>"] = reference["<b>odd</b>"] = np.arange(3_000.0)
    spec = DriftSpec(
        segment=("segment",), date="date", chunk="month", score="score", label="label", sensitive=("segment",),
        value_tp=10.0, cost_fp=1.0, cost_fn=5.0, volume=100, n_boot=60,
    )  # fmt: skip
    return run_drift(
        spec, {"reference": TableSource(reference, "ref.csv", None), "current": TableSource(current, "cur.csv", None)}
    )


def test_report_has_every_section_and_escapes_names(result):
    markdown = render_markdown(result.report())
    for heading in ("## Columns", "## Over time", "## Segments", "## Performance", "## Method", "## Provenance"):
        assert heading in markdown
    assert "Fairness without labels" in markdown and "Likely loss per period" in markdown
    html = render_html(result.report())
    assert "<b>odd</b>" not in html and "&lt;b&gt;odd&lt;/b&gt;" in html


def test_charts_are_built_from_the_result(result):
    assert overview_chart(result).to_dict()["mark"]["type"] == "rect"
    data = distribution_chart(result, "x0").data
    assert set(data["side"]) == {"reference", "current"} and data.groupby("side")["share"].sum().round(9).eq(1).all()
    assert len(time_chart(result, "x0").to_dict()["layer"]) == 3
    assert len(performance_chart(result.performance).to_dict()["layer"]) == 3
    for chart in (overview_chart(result), distribution_chart(result, "c0")):
        assert len(chart.data) <= 5_000


def test_overview_without_chunks_uses_segments_then_all_rows(result):
    without_chunks = type(result)(**{**result.__dict__, "chunks": None})
    assert set(overview_chart(without_chunks).data["where"]) == {"s0", "s1"}
    plain = type(result)(**{**result.__dict__, "chunks": None, "segments": None})
    assert set(overview_chart(plain).data["where"]) == {"all rows"}


def test_conventions_show_how_the_numbers_differ():
    frame = conventions_frame()
    assert len(frame) == 3 and frame["convention"].str.contains("Evidently-style").any()
    ours, evidently, _ = frame.to_dict("records")
    # Natural-log Jensen-Shannon is sqrt(ln 2) times the base-2 value on the same bins; bins differ too.
    assert evidently["Jensen-Shannon"] != pytest.approx(ours["Jensen-Shannon"], rel=1e-3)
    assert frame["Wasserstein / reference SD"].nunique() == 1
    assert 0.2 < ours["Wasserstein / reference SD"] < 0.3
    assert {"term", "meaning", "JSON keys"} == set(glossary_frame().columns)
