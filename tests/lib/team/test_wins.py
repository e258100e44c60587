"""Win counts against scipy.stats: binomial, negative binomial, beta-binomial and beta."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from lib.team import (
    at_least_with_shared_rate,
    beta_binomial_pmf,
    beta_interval,
    binomial_at_least,
    experiments_for_wins,
    poisson_binomial_pmf,
    quantile,
    survival,
)


@pytest.mark.parametrize(("n", "p"), [(1, 0.3), (7, 0.3), (25, 0.05), (60, 0.9), (200, 0.5)])
def test_equal_chances_give_the_binomial(n, p):
    assert np.allclose(poisson_binomial_pmf([p] * n), stats.binom.pmf(np.arange(n + 1), n, p), atol=1e-12)


def test_unequal_chances_match_enumerating_every_outcome():
    chances = [0.1, 0.45, 0.8, 0.3, 0.62]
    expected = np.zeros(len(chances) + 1)
    for outcome in itertools.product([0, 1], repeat=len(chances)):
        weight = np.prod([p if hit else 1 - p for p, hit in zip(chances, outcome, strict=True)])
        expected[sum(outcome)] += weight
    assert np.allclose(poisson_binomial_pmf(chances), expected, atol=1e-15)
    assert np.allclose(poisson_binomial_pmf(chances), stats.poisson_binom.pmf(np.arange(6), chances), atol=1e-12)


@pytest.mark.parametrize(("n", "a", "b"), [(1, 3.0, 7.0), (5, 3.0, 7.0), (40, 0.5, 0.5), (300, 31.0, 72.0)])
def test_beta_binomial_matches_scipy(n, a, b):
    assert np.allclose(beta_binomial_pmf(n, a, b), stats.betabinom.pmf(np.arange(n + 1), n, a, b), atol=1e-12)


@pytest.mark.parametrize(("n", "p", "k"), [(10, 0.3, 0), (10, 0.3, 1), (10, 0.3, 4), (50, 0.02, 3), (5, 0.5, 6)])
def test_binomial_tail_matches_scipy(n, p, k):
    assert binomial_at_least(n, p, k) == pytest.approx(stats.binom.sf(k - 1, n, p), abs=1e-12)


@pytest.mark.parametrize(
    ("k", "p", "c"), [(1, 0.3, 0.8), (2, 0.3, 0.8), (5, 0.3, 0.9), (3, 0.05, 0.8), (20, 0.7, 0.95), (1, 0.999, 0.5)]
)
def test_experiments_for_k_wins_is_k_plus_the_negative_binomial_quantile(k, p, c):
    assert experiments_for_wins(k, p, c) == k + int(stats.nbinom.ppf(c, k, p))


def test_experiments_for_one_win_by_hand():
    # 1 - 0.7**4 = 0.76 < 0.8 <= 1 - 0.7**5 = 0.83
    assert experiments_for_wins(1, 0.3, 0.8) == 5
    assert experiments_for_wins(3, 1.0, 0.99) == 3
    assert experiments_for_wins(1, 0.0, 0.8) is None
    assert experiments_for_wins(5, 1e-12, 0.9) is None  # past a billion experiments


@pytest.mark.parametrize(("a", "b", "level"), [(3.0, 7.0, 0.9), (7.0, 23.0, 0.95), (0.5, 0.5, 0.8)])
def test_beta_interval_matches_scipy(a, b, level):
    low, high = beta_interval(a, b, level)
    assert low == pytest.approx(stats.beta.ppf((1 - level) / 2, a, b), rel=1e-9)
    assert high == pytest.approx(stats.beta.ppf((1 + level) / 2, a, b), rel=1e-9)


@pytest.mark.parametrize("q", [0.1, 0.5, 0.9, 0.99])
def test_quantile_is_scipys_ppf(q):
    pmf = stats.binom.pmf(np.arange(31), 30, 0.27)
    assert quantile(pmf, q) == int(stats.binom.ppf(q, 30, 0.27))


def test_shared_rate_tail_is_the_convolution():
    own = poisson_binomial_pmf([0.2, 0.7, 0.5])
    whole = np.convolve(own, stats.betabinom.pmf(np.arange(5), 4, 3.0, 7.0))
    for k in range(9):
        assert at_least_with_shared_rate(survival(own), 4, 3.0, 7.0, k) == pytest.approx(whole[k:].sum(), abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    k=st.integers(1, 30),
    p=st.floats(0.01, 0.99),
    low=st.floats(0.05, 0.9),
    step=st.floats(0.0, 0.09),
)
def test_more_confidence_or_more_wins_never_needs_fewer_experiments(k, p, low, step):
    fewer = experiments_for_wins(k, p, low)
    assert fewer is not None
    assert experiments_for_wins(k, p, low + step) >= fewer
    assert experiments_for_wins(k + 1, p, low) >= fewer
    assert experiments_for_wins(k, min(0.999, p + 0.05), low) <= fewer
    # The answer is the first count to reach the confidence.
    assert binomial_at_least(fewer, p, k) >= low
    assert fewer == k or binomial_at_least(fewer - 1, p, k) < low


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=0, max_size=40))
def test_win_distribution_is_a_distribution_with_the_right_mean(chances):
    pmf = poisson_binomial_pmf(chances)
    assert pmf.min() >= -1e-15 and pmf.sum() == pytest.approx(1.0)
    assert float(np.dot(np.arange(pmf.size), pmf)) == pytest.approx(sum(chances), abs=1e-9)
    tail = survival(pmf)
    assert tail[0] == pytest.approx(1.0) and np.all(np.diff(tail) <= 1e-15)
