"""The verdict is a statistical test: its false-fail rate on fair models and its power, by simulation.

Fair models have equal true rates in every group. A fail verdict claims the
disparity breaks its limit, so on fair models it may happen at most 5 % of the
time (we allow the simulation's own noise on top); a true gap of 0.2 at 1,000
rows per group must fail at least 95 % of the time. ``bench/bench_verdicts.py``
prints the full table.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binom

from lib.fairness import DISPARITIES, FAIL, PASS, audit_counts
from lib.fairness._simulate import simulated_counts

NAMES = list(DISPARITIES)
REPS = 120


def verdict_rates(groups: int, rows: int, *, tpr, fpr, reps: int = REPS) -> tuple[np.ndarray, np.ndarray]:
    fails = np.zeros(len(NAMES))
    passes = np.zeros(len(NAMES))
    values = [(f"g{i}",) for i in range(groups)]
    for rep in range(reps):
        counts = simulated_counts(
            rows_per_group=rows, true_positive_rates=tpr, false_positive_rates=fpr, seed=(groups, rows, rep)
        )
        result = audit_counts(counts, values, columns=["g"], n_boot=200, seed=rep)
        fails += [d.verdict == FAIL for d in result.disparities]
        passes += [d.verdict == PASS for d in result.disparities]
    return fails / reps, passes / reps


# At most 5 % plus what 120 draws of a 5 % event exceed only 1 time in 1,000.
TOLERANCE = binom.ppf(0.999, REPS, 0.05) / REPS


@pytest.mark.slow
@pytest.mark.parametrize(("groups", "rows"), [(2, 30), (9, 45), (20, 30), (5, 300), (20, 2000), (2, 10_000)])
def test_fair_models_rarely_fail(groups, rows):
    fails, _ = verdict_rates(groups, rows, tpr=[0.7] * groups, fpr=[0.2] * groups)
    worst = dict(zip(NAMES, fails, strict=True))
    assert max(fails) <= TOLERANCE, worst


@pytest.mark.slow
@pytest.mark.parametrize("groups", [2, 5, 9])
def test_a_true_gap_of_0_2_at_1000_rows_fails(groups):
    # Selection rates 0.3 and 0.5 in two groups (the others in between): a demographic parity gap of 0.2.
    tpr = np.r_[0.45, 0.75, np.full(groups - 2, 0.6)]
    fpr = np.r_[0.2, 0.33, np.full(groups - 2, 0.27)]
    fails, _ = verdict_rates(groups, 1000, tpr=tpr, fpr=fpr, reps=60)
    assert fails[NAMES.index("demographic_parity_difference")] >= 0.95


@pytest.mark.slow
def test_clearly_unfair_small_groups_rarely_pass():
    """The pass rule is a test too: a true gap of 0.3 must almost never pass, however small the groups."""
    _, passes = verdict_rates(5, 40, tpr=[0.4, 0.9, 0.6, 0.6, 0.6], fpr=[0.1, 0.4, 0.2, 0.2, 0.2])
    assert passes[NAMES.index("demographic_parity_difference")] <= TOLERANCE


@settings(max_examples=40, deadline=None)
@given(
    groups=st.integers(2, 6),
    rows=st.integers(1, 80),
    seed=st.integers(0, 2**16),
    rate=st.floats(0.05, 0.95),
)
def test_every_estimate_lies_inside_its_own_interval(groups, rows, seed, rate):
    counts = simulated_counts(
        rows_per_group=rows, true_positive_rates=[rate] * groups, false_positive_rates=[rate / 2] * groups, seed=seed
    )
    result = audit_counts(counts, [(f"g{i}",) for i in range(groups)], columns=["g"], n_boot=60, seed=seed)
    for item in result.disparities:
        for value, (low, high) in ((item.value, item.ci), (item.value_large_groups, item.ci_large_groups)):
            if value is not None and low is not None and high is not None:
                assert low - 1e-12 <= value <= high + 1e-12, (item.name, value, low, high)
