"""Charts (data in, altair out, at most 5,000 rows) and reports of the Team & Portfolio analyses."""

from __future__ import annotations

import altair as alt
import pytest

from lib.analysis import Chart, KeyFigures, Table, Verdict, get_kind, run
from lib.team import (
    Hypothesis,
    PortfolioSpec,
    budget_curve_chart,
    mix_chart,
    plan_band_chart,
    ranking_chart,
    team_rate_chart,
    wins_chart,
)


@pytest.fixture(scope="module")
def plan():
    example = get_kind("team_plan").examples()[0]
    return run(example.spec, example.locations)


@pytest.fixture(scope="module")
def portfolio():
    example = get_kind("portfolio").examples()[0]
    return run(example.spec, example.locations)


def _rows(chart) -> int:
    spec = chart.to_dict()
    datasets = spec.get("datasets", {})
    return max((len(v) for v in datasets.values()), default=0)


def test_plan_charts(plan):
    for measure in ("headcount", "cost", "effective_fte"):
        chart = plan_band_chart(plan, measure)
        assert isinstance(chart, alt.LayerChart) and _rows(chart) == plan.n_quarters
    role = plan_band_chart(plan, "headcount", role="mlops_engineer")
    assert "Headcount at quarter end: MLOps engineer" in str(role.to_dict())
    assert _rows(mix_chart(plan)) == 3 * len(plan.mix)


def test_portfolio_charts(portfolio):
    assert _rows(wins_chart(portfolio)) == portfolio.n_experiments + 1
    assert _rows(ranking_chart(portfolio)) == portfolio.n_experiments
    assert _rows(budget_curve_chart(portfolio)) == portfolio.n_experiments + 1
    assert _rows(team_rate_chart(portfolio)) == 398


def test_charts_of_the_largest_portfolio_stay_under_5000_rows():
    spec = PortfolioSpec(
        hypotheses=tuple(
            Hypothesis(f"e{i:04d}", compute_cost=10.0 + i, value=100.0, p_success=0.3) for i in range(1_000)
        )
    )
    result = run(spec)
    assert _rows(ranking_chart(result)) == 40 and "best 40 of 1000" in str(ranking_chart(result).to_dict()["title"])
    assert max(_rows(wins_chart(result)), _rows(budget_curve_chart(result))) <= 5_000


def test_plan_report_blocks(plan):
    report = plan.report()
    figures = next(b for b in report.blocks if isinstance(b, KeyFigures))
    assert figures.items[0] == ("People on day one", "15")
    assert {b.key for b in report.blocks if isinstance(b, (Table, Chart))} >= {
        "headcount",
        "cost",
        "effective_fte",
        "mix",
    }
    text = report.to_markdown()
    assert "industry pay reporting (2025)" in text and "placeholder" in text and "P10 (\\$)" in text
    assert any(isinstance(b, Verdict) for b in report.blocks)


def test_portfolio_report_blocks(portfolio):
    text = portfolio.report().to_markdown()
    assert "Chance of at least 2 wins" in text and "negative-binomial" in text and "2nd win" in text
    assert "credible interval" in text and "value per dollar" in text


def test_gate_report_has_a_verdict_per_gate():
    example = get_kind("quality_gate").examples()[0]
    report = run(example.spec).report()
    verdicts = [b for b in report.blocks if isinstance(b, Verdict)]
    assert verdicts[0].status == "warning" and "validation" in verdicts[0].title
    assert [b.key for b in report.blocks if isinstance(b, Table)] == [
        "checks_experiment_to_validation",
        "checks_validation_to_production",
    ]
