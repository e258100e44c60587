"""Reports and charts: provenance everywhere, escaped HTML, neutralised CSV, tooltips."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.analysis import Chart, Table, render_html, render_markdown
from lib.roi import (
    DEFAULT_LEVERS,
    analyse_spend,
    case_from_spec,
    charts,
    evaluate_case,
    llm_inputs,
    per_prediction_saving,
    savings_plan,
    simulate_npv,
    tables_csv,
    tornado,
)

SPEC = {
    "name": "<script>alert(1)</script>",
    "discount_rate": 0.08,
    "cash_flows": [-40000, {"low": 2000, "likely": 5000, "high": 9000}, 8000, 12000, 30000],
    "seed": 3,
}


@pytest.fixture(scope="module")
def case_report():
    return evaluate_case(case_from_spec(SPEC)).report()


def test_markdown_states_the_convention_and_carries_provenance(case_report):
    text = render_markdown(case_report)
    assert "Period 0 is today" in text
    assert "## Provenance" in text and "Seed: 3" in text
    assert "P10" in text and "| cash_flows[1] |" in text


def test_html_escapes_user_text(case_report):
    html = render_html(case_report)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "Provenance" in html


def test_case_report_has_its_tables_and_charts(case_report):
    keys = [b.key for b in case_report.keyed_blocks()]
    assert keys == [
        "cash_flows", "cash_flow_chart", "npv_histogram", "tornado", "tornado_chart", "sensitivity", "sensitivity_chart",
    ]  # fmt: skip
    assert isinstance(case_report.block("tornado"), Table) and isinstance(case_report.block("npv_histogram"), Chart)
    flows = case_report.block("cash_flows").frame
    assert flows["cumulative ($)"].iloc[-1] == pytest.approx(40000 * -1 + 5000 + 8000 + 12000 + 30000)


def test_csv_neutralises_formula_cells_and_ends_with_provenance():
    frame = pd.DataFrame(
        {
            "date": ["2025-01-01"] * 2,
            "team": ["=HYPERLINK(1)", "b"],
            "project": ["p", "q"],
            "category": ["training", "data"],
            "resource": ["r", "s"],
            "cost": [10.0, 20.0],
            "gpu_utilisation": [0.01, None],
        }
    )
    csv = tables_csv(analyse_spend(frame, file="x.csv").report()).decode()
    assert "'=HYPERLINK(1)" in csv
    assert ",=HYPERLINK" not in csv
    assert csv.splitlines()[-1].startswith("provenance,") and ",input_name,x.csv" in csv


def test_other_reports_render():
    saving = per_prediction_saving(cost_before=0.42, cost_after=0.19, predictions_per_month=2e9)
    assert "460,000" in render_markdown(saving.report())
    plan = savings_plan({"training": 1e6, "inference": 5e5}, DEFAULT_LEVERS)
    assert "not added" in render_markdown(plan.report())
    assert render_html(plan.report()).startswith("<!doctype html>")


def _tooltips(spec: dict) -> list:
    found = []
    for layer in spec.get("layer", [spec]):
        found.append(layer.get("encoding", {}).get("tooltip"))
    return found


def test_every_chart_has_tooltips(case_report):
    case = case_from_spec(SPEC)
    base, bars = tornado(case)
    sim = simulate_npv(case, seed=0)
    plan = savings_plan({"training": 1e6, "inference": 5e5}, DEFAULT_LEVERS)
    spend = analyse_spend(
        pd.DataFrame(
            {
                "date": ["2025-01-01"],
                "team": ["t"],
                "project": ["p"],
                "category": ["data"],
                "resource": ["r"],
                "cost": [1.0],
            }
        ),
        monthly_budget=10,
    )
    built = [
        charts.cash_flow_chart(evaluate_case(case)),
        charts.npv_histogram(sim),
        charts.tornado_chart(base, bars),
        charts.savings_chart(plan),
        charts.spend_over_time_chart(spend.by_category, group="category", budget=10),
        charts.split_chart(spend.split),
        charts.llm_cost_chart(
            llm_inputs(
                tokens_per_month=1e9,
                input_share=0.5,
                price_input_per_million=1,
                price_output_per_million=2,
                gpu_hourly=1,
                n_gpus=1,
                tokens_per_second=500,
                utilisation=0.5,
            )
        ),
        charts.endpoint_cost_chart(
            duration_s=1,
            memory_gb=2,
            price_per_gb_second=1e-5,
            price_per_million_requests=0.2,
            instance_hourly=1,
            instances=1,
            max_requests_per_hour=500,
        ),
    ]
    for chart in built:
        tooltips = _tooltips(chart.to_dict())
        assert tooltips and all(t is not None for t in tooltips[:1])


def test_histogram_chart_holds_every_draw():
    sim = simulate_npv(case_from_spec(SPEC), seed=1)
    data = pd.DataFrame(charts.npv_histogram(sim).layer[0].data)
    assert data["draws"].sum() == sim.n_sim == 10_000
    assert data["start"].iloc[0] == pytest.approx(sim.npv_draws.min())
    assert data["end"].iloc[-1] == pytest.approx(sim.npv_draws.max())


def test_llm_chart_costs_follow_the_calculator():
    inputs = llm_inputs(
        tokens_per_month=1e9,
        input_share=0.5,
        price_input_per_million=1,
        price_output_per_million=3,
        gpu_hourly=1,
        n_gpus=1,
        tokens_per_second=500,
        utilisation=0.5,
    )
    data = pd.DataFrame(charts.llm_cost_chart(inputs, max_tokens=4e9, points=5).data)
    api = data[data["option"] == "API"].set_index("tokens")["cost"]
    assert api.loc[4e9] == pytest.approx(4e9 / 1e6 * 2)
    hosted = data[data["option"] == "self-hosted"].set_index("tokens")["gpus"]
    assert hosted.loc[4e9] == 7  # 500 * 0.5 * 730 * 3600 = 6.57e8 tokens per GPU
