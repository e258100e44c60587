"""The decision and AHP reports: the record's sections, escaping, ties, charts."""

from __future__ import annotations

import altair as alt

from lib.analysis import export_analysis, render_html, render_markdown
from lib.decision import AhpSpec, DecisionNote, Judgement, build_matrix, run_ahp, run_decision, spec_from_matrix
from lib.decision.charts import acceptability_chart, ahp_weights_chart, ranking_chart, tornado_chart
from lib.decision.report import ahp_report, decision_report


def _spec(record: DecisionNote | None = None, scores=((5, 1), (1, 5))):
    m = build_matrix(["Build", "Buy <b>"], ["edge", "cost"], [0.6, 0.4], [list(r) for r in scores])
    return spec_from_matrix(m, n_sim=50, seed=2, record=record)


NOTE = DecisionNote(
    title="Recommendation engine",
    context="CTR is flat <script>alert(1)</script>",
    rationale="Unique click data",
    success_metrics="CTR +15%, in production in under 3 months",
    review_date="2027-03-01",
)


def test_record_markdown_and_escaped_html():
    spec = _spec(NOTE)
    result = run_decision(spec)
    md = render_markdown(decision_report(result))
    assert md.startswith("# Recommendation engine")
    for heading in (
        "## Decision record",
        "### Context",
        "### Decision",
        "### Rationale",
        "### Success metrics",
        "### Review date",
        "## Provenance",
    ):
        assert heading in md
    assert "Build (highest weighted score)" in md
    assert "CTR +15%" in md and "2027-03-01" in md
    assert "<script>" not in md
    html = render_html(decision_report(result))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Buy &lt;b&gt;" in html
    assert result.to_dict()["record"]["review_date"] == "2027-03-01"


def test_record_left_empty_says_so_and_a_chosen_runner_up_is_explained():
    md = render_markdown(decision_report(run_decision(_spec(DecisionNote(title="T")))))
    assert md.count("Not written yet.") == 4
    chosen = run_decision(_spec(DecisionNote(chosen="Buy <b>")))
    assert "the matrix ranks 'Build' first" in render_markdown(decision_report(chosen))
    assert chosen.chosen == "Buy <b>"


def test_a_tie_has_no_winner_in_the_report_and_the_record_asks_for_a_choice():
    result = run_decision(_spec(DecisionNote(title="Tied"), scores=((3, 3), (3, 3))))
    assert result.winner is None and result.tie
    md = render_markdown(decision_report(result))
    assert "No winner: 'Build' and 'Buy <b>' tie".replace("<", "&lt;").replace(">", "&gt;") in md
    assert "- **Winner**: none (a tie)" in md
    assert "Not chosen yet" in md and "must choose one" in md
    settled = run_decision(_spec(DecisionNote(chosen="Build"), scores=((3, 3), (3, 3))))
    assert "Build (chosen among the tied options" in render_markdown(decision_report(settled))


def test_every_export_format_of_a_decision():
    spec = _spec(NOTE)
    result = run_decision(spec)
    for fmt in ("json", "md", "html", "ipynb", "py"):
        assert export_analysis(spec, result, fmt)
    assert "Recommendation engine" in export_analysis(spec, result, "ipynb")


def test_charts_build_with_tooltips():
    result = run_decision(_spec())
    ahp = run_ahp(AhpSpec(criteria=("a", "b"), judgements=(Judgement("a", "b", 3.0),)))
    for chart in (ranking_chart(result), acceptability_chart(result), tornado_chart(result), ahp_weights_chart(ahp)):
        assert isinstance(chart, (alt.Chart, alt.LayerChart))
        assert "tooltip" in str(chart.to_dict())


def test_ahp_report_names_the_judgement_to_revisit():
    spec = AhpSpec(
        criteria=("a", "b", "c"),
        judgements=(Judgement("a", "b", 3.0), Judgement("b", "c", 3.0), Judgement("c", "a", 5.0)),
    )
    result = run_ahp(spec)
    md = render_markdown(ahp_report(result))
    assert md.startswith("# AHP weights for 3 criteria")
    assert "Judgements contradict each other" in md and "Revisit" in md
    a, b = result.worst_pair
    assert f"Revisit '{a}' versus '{b}'" in md
