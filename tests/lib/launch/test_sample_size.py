"""A/B test sample sizes against statsmodels and the closed-form normal approximation, and their laws."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.power import NormalIndPower, TTestIndPower
from statsmodels.stats.proportion import proportion_effectsize

from lib.analysis import provenance_for
from lib.errors import InputError
from lib.launch import DesignSpec, GuardrailPlan, closed_form_n, n_for_means, n_for_proportions, run_design
from lib.launch._stats import z_alpha


def design(**fields):
    spec = DesignSpec(**fields)
    return run_design(spec, provenance=provenance_for(spec))


@pytest.mark.parametrize("alternative", ["two-sided", "one-sided"])
@pytest.mark.parametrize("ratio", [1.0, 0.5, 3.0])
@pytest.mark.parametrize(("p1", "p2"), [(0.05, 0.055), (0.1, 0.12), (0.3, 0.36), (0.5, 0.6), (0.01, 0.013)])
def test_proportions_match_statsmodels_normal_ind_power(p1, p2, ratio, alternative):
    h = proportion_effectsize(p2, p1)
    oracle = NormalIndPower().solve_power(
        h, alpha=0.05, power=0.8, ratio=ratio, alternative="two-sided" if alternative == "two-sided" else "larger"
    )
    ours = n_for_proportions(p1, p2, ratio=ratio, alpha=0.05, power=0.8, alternative=alternative)
    assert ours == pytest.approx(oracle, rel=0.01)


@pytest.mark.parametrize("alternative", ["two-sided", "one-sided"])
@pytest.mark.parametrize("ratio", [1.0, 2.0])
@pytest.mark.parametrize(("difference", "sd"), [(0.5, 1.0), (1.5, 30.0), (2.0, 10.0), (0.2, 1.0)])
def test_means_match_statsmodels_ttest_ind_power(difference, sd, ratio, alternative):
    oracle = TTestIndPower().solve_power(
        difference / sd, alpha=0.05, power=0.9, ratio=ratio,
        alternative="two-sided" if alternative == "two-sided" else "larger",
    )  # fmt: skip
    ours = n_for_means(difference, sd, ratio=ratio, alpha=0.05, power=0.9, alternative=alternative)
    assert ours == pytest.approx(oracle, rel=0.01)


def test_closed_form_by_hand_and_as_a_lower_bound():
    # (1.959964 + 0.841621)^2 * 2 / 0.2^2 = 392.443 per arm.
    assert closed_form_n(0.2, ratio=1, alpha=0.05, power=0.8, alternative="two-sided") == pytest.approx(
        392.443, abs=1e-3
    )
    assert z_alpha(0.05, "one-sided") == pytest.approx(1.644854, abs=1e-6)
    result = design(baseline=0.1, mde=0.02)
    assert result.closed_form_n_per_arm <= result.n_per_arm <= result.closed_form_n_per_arm * 1.01 + 1


def test_cli_example_keys_and_rounding():
    result = design(baseline=0.05, mde=0.1, relative=True, daily_traffic=10_000)
    out = result.to_dict()
    assert {"n_per_arm", "n_total", "days", "mde_absolute", "mde_relative"} <= set(out)
    oracle = NormalIndPower().solve_power(proportion_effectsize(0.055, 0.05), alpha=0.05, power=0.8, ratio=1)
    assert out["n_per_arm"] == math.ceil(oracle)
    assert out["n_total"] == 2 * out["n_per_arm"]
    assert out["days"] == math.ceil(out["n_total"] / 10_000)
    assert out["mde_absolute"] == pytest.approx(0.005) and out["mde_relative"] == pytest.approx(0.1)


def test_unequal_allocation_and_short_test_warning():
    result = design(mean=42.0, sd=30.0, mde=1.5, ratio=2.0, daily_traffic=50_000)
    assert result.n_treatment == math.ceil(result.n_per_arm * 2.0)
    assert any("under one weekly cycle" in w for w in result.warnings)
    assert any("Unequal allocation" in w for w in result.warnings)


def test_reachable_mde_inverts_the_sample_size():
    result = design(baseline=0.1, mde=0.02, daily_traffic=1_000, duration_days=14)
    reach = result.mde_reachable
    n = n_for_proportions(0.1, 0.1 + reach["absolute"], ratio=1, alpha=0.05, power=0.8, alternative="two-sided")
    assert n == pytest.approx(7_000, rel=1e-6)


def test_guardrail_non_inferiority_size_by_hand():
    # One-sided at 5 % with 80 % power: (1.644854 + 0.841621)^2 * 0.01 * 0.99 * 2 / 0.002^2 = 30,602.
    result = design(baseline=0.05, mde=0.1, relative=True, guardrails=(GuardrailPlan("errors", 0.002, baseline=0.01),))
    assert result.guardrails[0].n_per_arm == math.ceil((1.644854 + 0.841621) ** 2 * 0.0099 * 2 / 0.002**2)
    assert result.guardrails[0].enough is (result.guardrails[0].n_per_arm <= result.n_per_arm)


@settings(max_examples=60, deadline=None)
@given(
    p1=st.floats(0.01, 0.6),
    small=st.floats(0.005, 0.1),
    factor=st.floats(1.1, 3.0),
    power=st.floats(0.55, 0.9),
)
def test_required_n_falls_as_the_mde_grows_and_rises_with_power(p1, small, factor, power):
    bigger = min(small * factor, 0.99 - p1)
    settings_ = {"ratio": 1.0, "alpha": 0.05, "alternative": "two-sided"}
    n_small = n_for_proportions(p1, p1 + small, power=power, **settings_)
    n_big = n_for_proportions(p1, p1 + bigger, power=power, **settings_)
    assert n_big <= n_small
    assert n_for_proportions(p1, p1 + small, power=min(power + 0.05, 0.99), **settings_) > n_small
    assert n_for_means(small, 1.0, power=power, **settings_) >= n_for_means(bigger, 1.0, power=power, **settings_)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"baseline": 0.0, "mde": 0.1}, "'baseline' is not a baseline rate"),
        ({"baseline": 1.0, "mde": 0.1}, "'baseline' is not a baseline rate"),
        ({"baseline": 0.05, "mde": 0.0}, "'mde' (the minimum detectable effect) must be above 0"),
        ({"baseline": 0.05, "mde": 0.01, "power": 1.0}, "'power' is out of range"),
        ({"baseline": 0.05, "mde": 0.01, "power": 0.01}, "'power' must be above 'alpha'"),
        ({"baseline": 0.9, "mde": 0.2}, "the baseline plus the MDE is not a rate"),
        ({"mean": 3.0, "mde": 0.2}, "needs both 'mean' and 'sd'"),
        ({"baseline": 0.1, "mean": 3.0, "sd": 1.0, "mde": 0.2}, "either a baseline rate or a mean"),
        ({"baseline": 0.1, "mde": 0.01, "duration_days": 7}, "a fixed duration needs the daily traffic"),
        ({"baseline": 0.1, "mde": 0.01, "ratio": 0}, "'ratio' is out of range"),
    ],
)
def test_bad_plans_get_one_clear_message(fields, message):
    with pytest.raises(InputError, match=None) as caught:
        DesignSpec(**fields)
    assert message in str(caught.value)
