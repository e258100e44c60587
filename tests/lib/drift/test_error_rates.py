"""Verdicts are statistical claims: their error rates, simulated.

No drift, 50 columns, n from 1e3 to 1e6: how often does anything alarm? (Counts are
drawn straight from the bins, which is exactly what binning n rows gives, so a
million rows cost no more than a thousand.) And near the materiality threshold:
how often is a shift below it called drift, or one above it called immaterial?
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from lib.drift import DRIFT, NO_DRIFT, DriftSpec, benjamini_hochberg, cell_statistics, compare_counts, numeric_binning

COLUMNS = 50
REPEATS = 200
VERDICT_REPEATS = 20


def _grid(seed: int = 0):
    """A fine grid cut on a large N(0, 1) reference, and each slot's probability and centre."""
    binning = numeric_binning(np.random.default_rng(seed).normal(size=200_000), bins=10, method="quantile")
    edges = binning.fine_edges
    cdf = stats.norm.cdf(edges)
    probs = np.concatenate([[cdf[0]], np.diff(cdf), [1 - cdf[-1]]])
    inner = (edges[:-1] + edges[1:]) / 2
    centres = np.concatenate([[edges[0] - 0.5], inner, [edges[-1] + 0.5]])
    return binning, probs / probs.sum(), centres


def _draw(rng, n, probs, centres, binning, columns, shift_probs=None):
    ref = rng.multinomial(n, probs, size=columns).astype(float)
    cur = rng.multinomial(n, probs if shift_probs is None else shift_probs, size=columns).astype(float)
    missing = np.zeros((columns, 1))
    ref, cur = np.hstack([ref, missing]), np.hstack([cur, missing])
    x = np.concatenate([centres - binning.shift, [0.0]])
    sums = (ref * x, cur * x, ref * x**2)
    return ref, cur, sums


@pytest.mark.slow
@pytest.mark.parametrize("n", [1_000, 10_000, 100_000, 1_000_000])
def test_no_drift_in_50_columns_rarely_alarms_at_any_size(n):
    binning, probs, centres = _grid()
    rng = np.random.default_rng(n)
    # The p-value tests, adjusted together: under no drift at all, Benjamini-Hochberg keeps P(any discovery) <= alpha.
    discoveries = 0
    for _ in range(REPEATS):
        ref, cur, sums = _draw(rng, n, probs, centres, binning, COLUMNS)
        cells = cell_statistics(binning, ref, cur, sums=sums, n_interval=0, n_boot=50, level=0.95, rng=rng)
        discoveries += bool((benjamini_hochberg(cells.p_values) < 0.05).any())
    assert discoveries / REPEATS <= 0.05 + 2 * np.sqrt(0.05 * 0.95 / REPEATS)
    # The verdicts (interval above the threshold and a discovery): no drift must essentially never be called drift.
    spec = DriftSpec(n_boot=50, seed=1)
    drifted = 0
    for _ in range(VERDICT_REPEATS):
        ref, cur, sums = _draw(rng, n, probs, centres, binning, COLUMNS)
        drifted += any(c.verdict == DRIFT for c in compare_counts(binning, ref, cur, sums=sums, spec=spec))
    assert drifted / VERDICT_REPEATS <= 0.05


def test_without_adjustment_50_columns_would_alarm_most_of_the_time():
    # The same family of p-values, unadjusted: the control above is doing real work.
    binning, probs, centres = _grid()
    rng = np.random.default_rng(11)
    unadjusted = adjusted = 0
    for _ in range(20):
        ref, cur, sums = _draw(rng, 5_000, probs, centres, binning, COLUMNS)
        cells = compare_counts(binning, ref, cur, sums=sums, spec=DriftSpec(n_boot=50))
        p = np.array([c.statistics["ks_pvalue"] for c in cells])
        unadjusted += (p < 0.05).any()
        adjusted += (benjamini_hochberg(p) < 0.05).any()
    assert unadjusted >= 10 and adjusted <= 3


def _shifted(binning, shift):
    cdf = stats.norm.cdf(binning.fine_edges, loc=shift)
    probs = np.concatenate([[cdf[0]], np.diff(cdf), [1 - cdf[-1]]])
    return probs / probs.sum()


@pytest.mark.slow
def test_verdicts_near_the_threshold_err_rarely():
    """A 0.05 SD shift is under the 0.1 SD materiality line, 0.2 SD is over it; large samples must tell them apart."""
    binning, probs, centres = _grid()
    rng = np.random.default_rng(5)
    spec = DriftSpec(n_boot=100, seed=2)
    rates = {}
    for shift in (0.05, 0.2):
        verdicts = []
        for _ in range(10):
            ref, cur, sums = _draw(rng, 200_000, probs, centres, binning, 20, shift_probs=_shifted(binning, shift))
            verdicts += [c.verdict for c in compare_counts(binning, ref, cur, sums=sums, spec=spec)]
        rates[shift] = {v: verdicts.count(v) / len(verdicts) for v in (DRIFT, NO_DRIFT)}
    # A tiny shift on a big sample is significant (KS) yet not material: it must not alarm.
    assert rates[0.05][DRIFT] <= 0.025 and rates[0.05][NO_DRIFT] >= 0.9
    assert rates[0.2][DRIFT] >= 0.9 and rates[0.2][NO_DRIFT] <= 0.025


def test_a_tiny_sample_does_not_pass_by_default():
    binning, probs, centres = _grid()
    rng = np.random.default_rng(8)
    ref, cur, sums = _draw(rng, 60, probs, centres, binning, 20)
    verdicts = [c.verdict for c in compare_counts(binning, ref, cur, sums=sums, spec=DriftSpec(n_boot=100))]
    assert NO_DRIFT not in verdicts


def test_a_large_sample_without_drift_passes():
    binning, probs, centres = _grid()
    rng = np.random.default_rng(9)
    ref, cur, sums = _draw(rng, 50_000, probs, centres, binning, 20)
    verdicts = [c.verdict for c in compare_counts(binning, ref, cur, sums=sums, spec=DriftSpec(n_boot=100))]
    assert verdicts.count(NO_DRIFT) == 20


@settings(max_examples=25, deadline=None)
@given(st.integers(2_000, 500_000), st.integers(0, 2**32 - 1))
def test_identical_reference_and_current_counts_give_zero_drift_and_no_material_drift(n, seed):
    binning, probs, centres = _grid()
    rng = np.random.default_rng(seed)
    ref, _, sums = _draw(rng, n, probs, centres, binning, 3)
    cells = compare_counts(
        binning, ref, ref.copy(), sums=(sums[0], sums[0], sums[2]), spec=DriftSpec(n_boot=50, seed=seed)
    )
    for cell in cells:
        assert cell.verdict == NO_DRIFT
        assert cell.statistics["psi"] == 0 and cell.statistics["ks"] == 0 and cell.statistics["wasserstein"] == 0
