"""Monte Carlo: seeded, vectorised, converging to analytic means; the tornado by hand."""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.errors import InputError
from lib.roi import Range, case_from_spec, simulate_npv, tornado

N = 10_000


def _one_ranged_flow(distribution: str, low: float, likely: float, high: float):
    # rate 0 and one ranged flow at period 0: each NPV draw is exactly the drawn value
    rng = {"low": low, "likely": likely, "high": high, "distribution": distribution}
    return case_from_spec({"discount_rate": 0.0, "cash_flows": [rng, 0.0]})


def test_same_seed_same_draws_and_other_seed_other_draws():
    case = _one_ranged_flow("pert", -10, 5, 30)
    first, again = simulate_npv(case, n_sim=N, seed=7), simulate_npv(case, n_sim=N, seed=7)
    assert np.array_equal(first.npv_draws, again.npv_draws)
    assert first.to_dict() == again.to_dict()
    assert not np.array_equal(first.npv_draws, simulate_npv(case, n_sim=N, seed=8).npv_draws)


@settings(max_examples=15, deadline=None)
@given(
    distribution=st.sampled_from(["triangular", "pert"]),
    low=st.floats(min_value=-1000, max_value=1000),
    widths=st.tuples(st.floats(min_value=0, max_value=500), st.floats(min_value=1, max_value=500)),
    seed=st.integers(min_value=0, max_value=2**31),
)
def test_mean_converges_to_the_analytic_mean(distribution, low, widths, seed):
    likely, high = low + widths[0], low + widths[0] + widths[1]
    result = simulate_npv(_one_ranged_flow(distribution, low, likely, high), n_sim=40_000, seed=seed)
    expected = (low + likely + high) / 3 if distribution == "triangular" else (low + 4 * likely + high) / 6
    # the standard deviation of either shape is below (high - low) / 4, so 5 standard errors is generous
    assert result.mean == pytest.approx(expected, abs=5 * (high - low) / 4 / np.sqrt(40_000))
    assert Range(low, likely, high, distribution).mean == pytest.approx(expected)


def test_draws_stay_inside_the_range_and_percentiles_are_ordered():
    result = simulate_npv(_one_ranged_flow("pert", 10, 20, 60), n_sim=N, seed=1)
    assert result.npv_draws.min() >= 10 and result.npv_draws.max() <= 60
    assert result.p10 <= result.p50 <= result.p90
    assert result.p_loss == 0.0
    assert result.npv_draws.shape == (N,)


def test_probability_of_loss_of_a_symmetric_range_is_one_half():
    result = simulate_npv(_one_ranged_flow("triangular", -100, 0, 100), n_sim=100_000, seed=3)
    assert result.p_loss == pytest.approx(0.5, abs=0.01)
    # percentiles of the symmetric triangle: P10 solves (x + 100)^2 / 20000 = 0.1
    assert result.p10 == pytest.approx(np.sqrt(2000) - 100, abs=2)


def test_ranged_discount_rate_is_simulated_against_numpy_financial():
    case = case_from_spec({"discount_rate": {"low": 0.05, "likely": 0.05, "high": 0.05}, "cash_flows": [-100, 60, 60]})
    result = simulate_npv(case, n_sim=N, seed=0)
    assert result.mean == pytest.approx(npf.npv(0.05, [-100, 60, 60]))


def test_too_few_simulations_is_bad_input():
    with pytest.raises(InputError, match="10,000"):
        simulate_npv(_one_ranged_flow("pert", 0, 1, 2), n_sim=500)


def test_tornado_bars_by_hand_and_widest_first():
    case = case_from_spec(
        {
            "discount_rate": 0.1,
            "cash_flows": [{"low": -120, "likely": -100, "high": -90}, {"low": 0, "likely": 110, "high": 220}],
        }
    )
    base, bars = tornado(case)
    assert base == pytest.approx(0.0)
    assert [b.input for b in bars] == ["cash_flows[1]", "cash_flows[0]"]
    assert bars[0].npv_at_low == pytest.approx(-100)
    assert bars[0].npv_at_high == pytest.approx(100)
    assert bars[1].npv_at_low == pytest.approx(-20) and bars[1].npv_at_high == pytest.approx(10)
