"""Decision record exports and charts."""

from __future__ import annotations

import altair as alt

from lib.decision import DecisionRecord, build_matrix, decide
from lib.decision.charts import acceptability_chart, ranking_chart, tornado_chart


def _result():
    m = build_matrix(["Build", "Buy <b>"], ["edge", "cost"], [0.6, 0.4], [[5, 1], [1, 5]])
    return decide(m, n_sim=50, seed=2)


def test_record_markdown_and_escaped_html():
    record = DecisionRecord(
        title="Recommendation engine",
        context="CTR is flat <script>alert(1)</script>",
        decision="",
        rationale="Unique click data",
        success_metrics="CTR +15%, in production in under 3 months",
        review_date="2027-03-01",
        result=_result(),
    )
    md = record.to_markdown()
    for heading in (
        "## Context",
        "## Decision",
        "## Rationale",
        "## Success metrics",
        "## Review date",
        "## Provenance",
    ):
        assert heading in md
    assert "Build (highest weighted score)" in md
    assert "CTR +15%" in md
    html = record.to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Buy &lt;b&gt;" in html
    assert record.to_dict()["review_date"] == "2027-03-01"


def test_charts_build_with_tooltips():
    result = _result()
    for chart in (ranking_chart(result), acceptability_chart(result), tornado_chart(result)):
        assert isinstance(chart, (alt.Chart, alt.LayerChart))
        spec = chart.to_dict()
        assert "tooltip" in str(spec)
