"""Correlated drivers: closed-form variance, rho = 0 is the independent draw, wider spreads, impossible sets named."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from lib.errors import InputError
from lib.roi import CaseSpec, Driver, DriverRange, Line, Range, pearson_of_scores, simulate_npv
from lib.roi._correlate import check_correlations, impose
from lib.roi._simulate import simulate_draws

Z90 = stats.norm.ppf(0.9)


def sum_case(weights, ranges, correlations=(), *, n_sim=20_000, seed=0, shape="normal"):
    """NPV = minus the weighted sum of the drivers (a one-time cost today, rate 0): its draws are the sum's, negated."""
    names = [f"d{i}" for i in range(len(weights))]
    drivers = {
        n: Driver((lo + hi) / 2, "$", DriverRange(lo, hi, shape)) for n, (lo, hi) in zip(names, ranges, strict=True)
    }
    formula = " + ".join(f"{w!r} * {n}" for w, n in zip(weights, names, strict=True))
    return CaseSpec(
        discount_rate=0.0, horizon=1, drivers=drivers, correlations=tuple(correlations), n_sim=n_sim, seed=seed,
        lines=(Line("total", formula, "one_time"),),
    )  # fmt: skip


def test_variance_of_correlated_normal_drivers_matches_the_closed_form():
    # a ~ N(100, sd_a), b ~ N(50, sd_b) with rank correlation 0.6: Var(2a + 3b) = 4 sd_a² + 9 sd_b² + 12 r sd_a sd_b,
    # r being the Pearson correlation of normals with that rank correlation, 2 sin(π × 0.6 / 6).
    case = sum_case([2.0, 3.0], [(80.0, 120.0), (40.0, 60.0)], [("d0", "d1", 0.6)], n_sim=200_000, seed=4)
    draws = simulate_npv(case).npv_draws
    sd_a, sd_b = 20 / Z90, 10 / Z90
    r = pearson_of_scores(0.6)
    expected = 4 * sd_a**2 + 9 * sd_b**2 + 12 * r * sd_a * sd_b
    assert draws.var() == pytest.approx(expected, rel=0.015)
    assert -draws.mean() == pytest.approx(2 * 100 + 3 * 50, rel=1e-3)
    # and the draws' rank correlation is the one stated
    _, drawn = simulate_draws(case)
    assert stats.spearmanr(drawn["d0"], drawn["d1"]).statistic == pytest.approx(0.6, abs=0.01)
    assert r == pytest.approx(0.6180, abs=1e-4)


def test_three_correlated_drivers_against_the_closed_form_with_a_negative_pair():
    rho = {("d0", "d1"): 0.5, ("d0", "d2"): -0.3, ("d1", "d2"): 0.2}
    case = sum_case([1.0, 1.0, 1.0], [(-10.0, 10.0)] * 3, [(*k, v) for k, v in rho.items()], n_sim=200_000, seed=9)
    sd = 10 / Z90
    expected = 3 * sd**2 + 2 * sd**2 * sum(pearson_of_scores(v) for v in rho.values())
    assert simulate_npv(case).npv_draws.var() == pytest.approx(expected, rel=0.02)


def test_rho_zero_is_exactly_todays_independent_draws():
    ranges = [(10.0, 30.0), (5.0, 9.0)]
    plain = sum_case([1.0, 2.0], ranges, shape="pert", seed=3)
    zero = sum_case([1.0, 2.0], ranges, [("d0", "d1", 0.0)], shape="pert", seed=3)
    assert np.array_equal(simulate_npv(plain).npv_draws, simulate_npv(zero).npv_draws)
    # ...and those are the draws today's simulation makes: each range sampled in order from one seeded generator.
    rng = np.random.default_rng(3)
    first = Range(10.0, 20.0, 30.0).sample(rng, 20_000)
    second = Range(5.0, 7.0, 9.0).sample(rng, 20_000)
    assert np.allclose(simulate_npv(plain).npv_draws, -(first + 2 * second))
    assert simulate_npv(zero).dependence.startswith("independent")


def test_correlating_keeps_every_drivers_own_values():
    rng = np.random.default_rng(0)
    draws = {"a": rng.normal(size=5000), "b": rng.gamma(2.0, size=5000), "fixed": np.array([3.0])}
    moved = impose(draws, [("a", "b", -0.7)], np.random.default_rng(1))
    assert np.array_equal(np.sort(moved["a"]), np.sort(draws["a"]))
    assert np.array_equal(np.sort(moved["b"]), np.sort(draws["b"]))
    assert stats.spearmanr(moved["a"], moved["b"]).statistic == pytest.approx(-0.7, abs=0.02)


@settings(max_examples=25, deadline=None)
@given(
    weights=st.lists(st.floats(min_value=0.05, max_value=20), min_size=2, max_size=4),
    rho=st.floats(min_value=0.1, max_value=0.95),
    shape=st.sampled_from(["pert", "triangular", "normal"]),
    seed=st.integers(min_value=0, max_value=2**31),
)
def test_a_positive_correlation_never_narrows_the_spread_of_a_positively_weighted_sum(weights, rho, shape, seed):
    ranges = [(0.0, 10.0 + 5 * i) for i in range(len(weights))]
    names = [f"d{i}" for i in range(len(weights))]
    pairs = [(a, b, rho) for i, a in enumerate(names) for b in names[i + 1 :]]  # equal correlation: always possible
    alone = simulate_npv(sum_case(weights, ranges, shape=shape, seed=seed))
    together = simulate_npv(sum_case(weights, ranges, pairs, shape=shape, seed=seed))
    # The same values are drawn either way (only their pairing changes), so the spread can only widen;
    # 1 % allows for the sampling error of two percentiles.
    assert together.p90 - together.p10 >= (alone.p90 - alone.p10) * 0.99


@pytest.mark.parametrize(
    ("pairs", "words"),
    [
        (
            [("a", "b", 0.9), ("b", "c", 0.9), ("a", "c", -0.9)],
            "'a'–'c' at -0.9 contradicts 'a'–'b' at 0.9 and 'c'–'b' at 0.9",
        ),
        ([("a", "b", 0.9), ("b", "c", 0.9), ("a", "c", -0.9)], "positive semi-definite"),
        ([("a", "z", 0.5)], "names 'z', which is not a driver"),
        ([("a", "fixed", 0.5)], "driver 'fixed' has no range, so it cannot be correlated"),
        ([("a", "a", 0.5)], "pairs 'a' with itself"),
        ([("a", "b", 1.5)], "the correlation of 'a' and 'b' is out of range"),
        ([("a", "b", 0.5), ("b", "a", 0.2)], "gives the pair 'b'–'a' twice"),
    ],
)
def test_impossible_or_wrong_correlations_name_the_pair(pairs, words):
    with pytest.raises(InputError) as error:
        check_correlations(pairs, ranged=["a", "b", "c", "d"], known=["a", "b", "c", "d", "fixed"])
    assert words in str(error.value)


def test_the_feasible_range_of_the_blamed_pair_is_stated():
    with pytest.raises(InputError) as error:
        check_correlations(
            [("a", "b", 0.9), ("b", "c", 0.9), ("a", "c", -0.9)], ranged=["a", "b", "c"], known=["a", "b", "c"]
        )
    # Given 0.9 and 0.9 the normal scores allow a–c from r² - (1 - r²) upwards, about 0.64 in rank terms.
    low = 6 / math.pi * math.asin((pearson_of_scores(0.9) ** 2 - (1 - pearson_of_scores(0.9) ** 2)) / 2)
    assert f"from about {low:.2f} to 1.00" in str(error.value)


def test_four_drivers_that_fail_only_together_still_name_a_pair():
    pairs = [(a, b, -0.45) for i, a in enumerate("abcd") for b in "abcd"[i + 1 :]]
    with pytest.raises(InputError, match="conflicts most with the others"):
        check_correlations(pairs, ranged=list("abcd"), known=list("abcd"))


def test_a_spec_with_an_impossible_matrix_is_refused_before_drawing():
    with pytest.raises(InputError, match="cannot hold together"):
        sum_case([1.0] * 3, [(0.0, 1.0)] * 3, [("d0", "d1", 0.9), ("d1", "d2", 0.9), ("d0", "d2", -0.9)])
