"""The test behind a fail verdict: its null rates and its p-values."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.fairness import audit_counts
from lib.fairness._limit_test import least_favourable_rates, limit_test_p_value, nearest_rates_within_limit
from lib.fairness._simulate import simulated_counts


@settings(max_examples=80, deadline=None)
@given(
    rates=st.lists(st.floats(0.0, 1.0), min_size=2, max_size=12),
    limit=st.floats(0.01, 0.5),
    kind=st.sampled_from(["difference", "ratio"]),
)
def test_null_rates_keep_to_the_limit_with_the_extremes_on_opposite_edges(rates, limit, kind):
    observed = np.array(rates)
    weights = np.ones_like(observed)
    near = nearest_rates_within_limit(observed, weights, kind=kind, limit=limit)
    spread = lambda r: r.max() - r.min() if kind == "difference" else (r.min() / r.max() if r.max() > 0 else 1.0)  # noqa: E731
    if kind == "difference":
        assert spread(near) <= limit + 1e-9
    else:
        assert spread(near) >= limit - 1e-9
    null = least_favourable_rates(observed, weights, kind=kind, limit=limit)
    assert ((null >= 0) & (null <= 1 + 1e-12)).all()
    if kind == "difference":
        assert spread(null) <= limit + 1e-9
    if observed.max() > observed.min():
        assert null[np.argmin(observed)] <= null[np.argmax(observed)]


def test_a_value_that_keeps_to_its_limit_has_no_evidence_against_it():
    cases = {"selection_rate": np.array([1000, 1000])}
    close = {"selection_rate": np.array([370, 380])}
    assert limit_test_p_value("demographic_parity_ratio", close, cases, limit=0.1, n_sim=200, seed=0) == 1.0
    assert limit_test_p_value("demographic_parity_difference", close, cases, limit=0.1, n_sim=200, seed=0) == 1.0
    far = {"selection_rate": np.array([300, 500])}
    assert limit_test_p_value("demographic_parity_difference", far, cases, limit=0.1, n_sim=200, seed=0) < 0.01
    assert limit_test_p_value("demographic_parity_ratio", far, cases, limit=0.8, n_sim=200, seed=0) < 0.01


def test_fewer_than_two_groups_cannot_be_tested():
    assert limit_test_p_value(
        "demographic_parity_difference", {"selection_rate": np.array([3])}, {"selection_rate": np.array([9])},
        limit=0.1, n_sim=50, seed=0,
    ) is None  # fmt: skip


@pytest.mark.parametrize(("limit_difference", "limit_ratio"), [(1.0, 0.0), (0.0, 1.0)])
def test_the_loosest_and_strictest_limits(limit_difference, limit_ratio):
    counts = simulated_counts(rows_per_group=500, true_positive_rates=[0.5, 0.8], false_positive_rates=[0.1, 0.3])
    result = audit_counts(
        counts, [("a",), ("b",)], columns=["g"], max_difference=limit_difference, min_ratio=limit_ratio, n_boot=100
    )
    verdicts = {d.name: d.verdict for d in result.disparities}
    if limit_difference == 1.0:
        assert set(verdicts.values()) == {"pass"}  # no limit: nothing can break it
    else:
        gaps = ("demographic_parity_difference", "equalized_odds_ratio", "false_positive_rate_difference")
        assert all(verdicts[name] == "fail" for name in gaps)
