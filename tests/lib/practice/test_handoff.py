"""A money scenario's figures handed to ROI & Cost under the input names that page reads."""

from __future__ import annotations

import pytest

from lib.practice import get_scenario, load_bank, roi_handoff, roi_inputs_from_numbers

BANK = load_bank()
# The input names ROI & Cost accepts in st.session_state["roi_prefill"] (ui/roi_inputs.py).
ROI_INPUT_NAMES = {
    "period", "discount_rate_pct", "horizon", "cost_before", "cost_after", "predictions_per_month",
    "tokens_per_month", "gpu_hourly", "n_gpus", "requests_per_hour", "job_hours", "on_demand_hourly",
    "baseline_training", "baseline_inference", "baseline_data", "baseline_other", "monthly_budget",
    "option", "build_cost", "run_cost", "benefit", "ramp_up_periods",
}  # fmt: skip


def test_spend_split_by_shares_hand_worked():
    # $500K a month: 50% training, 40% inference, 10% data.
    assert roi_handoff(get_scenario(BANK, "cost-500k-roi")) == {
        "baseline_training": 250000.0,
        "baseline_inference": 200000.0,
        "baseline_data": 50000.0,
        "monthly_budget": 500000.0,
    }


def test_unit_economics_pass_over_unchanged():
    figures = roi_handoff(get_scenario(BANK, "cost-unit-economics"))
    assert figures["cost_before"] == 0.42 and figures["predictions_per_month"] == 2_000_000_000


def test_spend_without_shares_is_training_and_hourly_rate_fills_both_prices():
    assert roi_inputs_from_numbers({"monthly_spend": 1000.0, "hourly_rate": 2.5, "capex": 9.0}) == {
        "baseline_training": 1000.0,
        "monthly_budget": 1000.0,
        "build_cost": 9.0,
        "gpu_hourly": 2.5,
        "on_demand_hourly": 2.5,
    }
    assert roi_inputs_from_numbers({"unknown_figure": 1.0}) == {}


@pytest.mark.parametrize("scenario", [s for s in BANK if s.is_money], ids=lambda s: s.id)
def test_money_scenarios_hand_over_only_names_roi_reads(scenario):
    figures = roi_handoff(scenario)
    assert figures is None or set(figures) <= ROI_INPUT_NAMES


def test_no_figures_for_other_scenarios_or_figures_roi_does_not_read():
    assert sum(roi_handoff(s) is not None for s in BANK) >= 5
    assert roi_handoff(get_scenario(BANK, "l6-underperformer")) is None
    assert roi_handoff(get_scenario(BANK, "llm-build-vs-api")) is None  # monthly requests: no ROI input takes them
