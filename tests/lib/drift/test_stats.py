"""Drift statistics from counts against their oracles: scipy, and PSI worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.spatial.distance import jensenshannon

from lib.drift import (
    PSI_FLOOR,
    chi2_homogeneity,
    compare_arrays,
    js_distance,
    ks_pvalue,
    ks_statistic,
    numeric_binning,
    numeric_slots,
    psi,
    wasserstein_binned,
)


def test_psi_by_hand():
    # Shares 0.2/0.3/0.5 against 0.1/0.3/0.6: (0.1-0.2)ln(0.5) + 0 + (0.6-0.5)ln(1.2).
    expected = -0.1 * math.log(0.5) + 0.1 * math.log(1.2)
    assert float(psi(np.array([20, 30, 50]), np.array([10, 30, 60]))) == pytest.approx(expected, abs=1e-12)
    assert expected == pytest.approx(0.0875468737, abs=1e-9)


def test_psi_floors_empty_bins_at_the_stated_share():
    value = float(psi(np.array([50, 50, 0]), np.array([40, 40, 20])))
    p = np.array([0.5, 0.5, PSI_FLOOR])
    q = np.array([0.4, 0.4, 0.2])
    assert value == pytest.approx(float(((q - p) * np.log(q / p)).sum()))


@given(
    st.lists(st.integers(0, 50), min_size=2, max_size=12),
    st.lists(st.integers(0, 50), min_size=2, max_size=12),
)
def test_js_matches_scipy_and_is_symmetric(a, b):
    n = min(len(a), len(b))
    p, q = np.array(a[:n]) + 1, np.array(b[:n]) + 1
    assert float(js_distance(p, q)) == pytest.approx(float(jensenshannon(p / p.sum(), q / q.sum(), base=2)), abs=1e-9)
    assert float(js_distance(p, q)) == pytest.approx(float(js_distance(q, p)), abs=1e-12)
    assert float(psi(p, q)) == pytest.approx(float(psi(q, p)), abs=1e-12)


def test_chi2_matches_chi2_contingency():
    ref, cur = np.array([30, 50, 20, 0]), np.array([25, 40, 40, 0])
    statistic, p_value, dof = chi2_homogeneity(ref, cur)
    oracle = stats.chi2_contingency(np.array([ref[:3], cur[:3]]), correction=False)
    assert float(statistic) == pytest.approx(oracle.statistic)
    assert float(p_value) == pytest.approx(oracle.pvalue)
    assert int(dof) == oracle.dof


def _cells(x: np.ndarray, y: np.ndarray):
    binning = numeric_binning(x, bins=10, method="quantile")
    return binning, compare_arrays(binning, x, y)


@pytest.mark.parametrize("n", [50, 800, 12_000])
def test_ks_and_wasserstein_are_exact_on_values_the_reference_has(n):
    rng = np.random.default_rng(n)
    # Every value the current side takes is one the reference has (the stated condition for exactness).
    x = np.concatenate([np.arange(40.0), rng.integers(0, 40, n).astype(float)])
    y = rng.integers(2, 40, n // 2 + 7).astype(float)
    binning, cells = _cells(x, y)
    assert binning.exact
    oracle = stats.ks_2samp(x, y)
    assert cells.statistics["ks"][0] == pytest.approx(oracle.statistic, abs=1e-12)
    assert cells.p_values[0] == pytest.approx(oracle.pvalue, rel=1e-9, abs=1e-300)
    assert cells.statistics["wasserstein"][0] == pytest.approx(stats.wasserstein_distance(x, y), rel=1e-9)
    assert cells.statistics["wasserstein_norm"][0] == pytest.approx(
        stats.wasserstein_distance(x, y) / x.std(), rel=1e-9
    )


def test_values_outside_the_reference_range_keep_wasserstein_exact():
    x = np.array([1.0, 2.0, 3.0, 3.0, 4.0] * 20)
    y = np.array([0.0, 2.0, 3.0, 9.5, 12.0] * 10)
    _, cells = _cells(x, y)
    assert cells.statistics["wasserstein"][0] == pytest.approx(stats.wasserstein_distance(x, y), rel=1e-12)
    assert cells.out_of_range[0] == pytest.approx(0.6)


def test_continuous_columns_stay_close_to_scipy_and_ks_never_overstates():
    rng = np.random.default_rng(3)
    for shift in (0.0, 0.1, 0.5):
        x, y = rng.normal(size=30_000), rng.normal(shift, 1.2, size=20_000)
        binning, cells = _cells(x, y)
        assert not binning.exact
        exact = stats.ks_2samp(x, y).statistic
        assert exact - 0.003 <= cells.statistics["ks"][0] <= exact + 1e-12
        assert cells.statistics["wasserstein"][0] == pytest.approx(stats.wasserstein_distance(x, y), rel=0.01, abs=1e-3)


def test_ks_pvalue_switches_to_the_asymptotic_distribution_like_scipy():
    rng = np.random.default_rng(5)
    # More than 10,000 rows on a side, an effective size n m / (n + m) of 3,000: scipy's asymptotic kstwo.
    x = rng.integers(0, 30, 12_000)
    y = rng.integers(0, 31, 4_000)
    ref, cur = np.bincount(x, minlength=31), np.bincount(y, minlength=31)
    d = float(ks_statistic(ref, cur))
    oracle = stats.ks_2samp(x, y)
    assert d == pytest.approx(oracle.statistic)
    assert ks_pvalue(d, len(x), len(y), counts=(ref, cur)) == pytest.approx(oracle.pvalue, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31), st.integers(20, 400))
def test_identical_samples_give_zero_and_statistics_are_symmetric(seed, n):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 25, n).astype(float)
    y = rng.integers(0, 25, n).astype(float)
    _, same = _cells(x, x)
    for name in ("psi", "js", "ks", "wasserstein"):
        assert same.statistics[name][0] == pytest.approx(0.0, abs=1e-12)
    # Symmetric where they should be: swapping the sides on one shared grid changes nothing.
    binning = numeric_binning(np.concatenate([x, y]), bins=10, method="quantile")
    forward, backward = compare_arrays(binning, x, y), compare_arrays(binning, y, x)
    for name in ("psi", "js", "ks", "wasserstein"):
        assert forward.statistics[name][0] == pytest.approx(backward.statistics[name][0], abs=1e-12)
    assert forward.p_values[0] == pytest.approx(backward.p_values[0], abs=1e-12)


def test_wasserstein_binned_handles_empty_bins_on_both_sides():
    ref = np.array([[5.0, 0.0, 0.0, 5.0]])
    cur = np.array([[0.0, 0.0, 5.0, 5.0]])
    means = np.array([[1.0, np.nan, 3.0, 4.0]])
    value = wasserstein_binned(ref, means, cur, means)
    assert float(value[0]) == pytest.approx(stats.wasserstein_distance([1] * 5 + [4] * 5, [3] * 5 + [4] * 5))


def test_slots_put_missing_values_last_and_the_maximum_inside():
    binning = numeric_binning(np.array([1.0, 2.0, 3.0]), bins=2, method="equal_width")
    slots = numeric_slots(np.array([0.5, 1.0, 3.0, 3.5, np.nan]), binning)
    assert slots[0] == 0 and slots[3] == binning.n_fine - 1 and slots[4] == binning.n_fine
    assert 0 < slots[2] < binning.n_fine - 1


def test_ks_pvalue_past_an_effective_size_of_5000_is_within_1_percent_of_scipy_and_conservative():
    rng = np.random.default_rng(6)
    x, y = rng.integers(0, 50, 300_000), rng.integers(0, 50, 200_000)
    y[:300] = 49
    ref, cur = np.bincount(x, minlength=50), np.bincount(y, minlength=50)
    d = float(ks_statistic(ref, cur))
    oracle = stats.ks_2samp(x, y)
    value = ks_pvalue(d, len(x), len(y), counts=(ref, cur))
    assert 0.001 < oracle.pvalue < 0.5
    assert value == pytest.approx(oracle.pvalue, rel=0.01) and value >= oracle.pvalue
