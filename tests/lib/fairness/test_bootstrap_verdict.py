"""Bootstrap from counts and the verdict rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lib.fairness import FAIL, INSUFFICIENT, PASS, audit, audit_counts, judge, percentile_interval, resample_counts

from .conftest import make_frame


@settings(max_examples=30, deadline=None)
@given(counts=arrays(np.int64, (3, 4), elements=st.integers(0, 40)), seed=st.integers(0, 2**16))
def test_every_resample_has_n_rows_and_no_new_cells(counts, seed):
    draws = resample_counts(counts, n_boot=20, seed=seed)
    if counts.sum() == 0:
        assert draws.shape[0] == 0
        return
    assert draws.shape == (20, 3, 4)
    assert (draws.sum(axis=(1, 2)) == counts.sum()).all()
    # A cell with no rows can never be drawn.
    assert (draws[:, counts == 0] == 0).all()


def test_resamples_match_row_resampling_in_distribution():
    """Mean and variance of each cell equal those of a row bootstrap: N p and N p (1 - p)."""
    counts = np.array([[50, 10, 5, 35], [200, 40, 30, 130]])
    draws = resample_counts(counts, n_boot=20000, seed=0)
    n = counts.sum()
    p = counts / n
    np.testing.assert_allclose(draws.mean(axis=0), n * p, rtol=0.02)
    np.testing.assert_allclose(draws.var(axis=0), n * p * (1 - p), rtol=0.1)


def test_same_seed_same_intervals():
    frame = make_frame(1)
    first = audit(frame, label="label", prediction="prediction", sensitive=["group"], n_boot=100, seed=7)
    second = audit(frame, label="label", prediction="prediction", sensitive=["group"], n_boot=100, seed=7)
    third = audit(frame, label="label", prediction="prediction", sensitive=["group"], n_boot=100, seed=8)
    assert [d.ci for d in first.disparities] == [d.ci for d in second.disparities]
    assert [d.ci for d in first.disparities] != [d.ci for d in third.disparities]


def test_percentile_interval_ignores_undefined_draws():
    samples = np.array([[0.1, np.nan], [0.2, np.nan], [0.3, np.nan], [np.nan, np.nan]])
    low, high = percentile_interval(samples, level=0.5)
    assert low[0] == pytest.approx(0.15) and high[0] == pytest.approx(0.25)
    assert np.isnan(low[1]) and np.isnan(high[1])


@pytest.mark.parametrize(
    ("kind", "limit", "ci", "value_large", "p_value", "small", "verdict", "says"),
    [
        ("difference", 0.1, (0.15, 0.3), 0.2, 0.01, (), FAIL, "more than chance explains (p = 0.010"),
        ("difference", 0.1, (0.01, 0.08), 0.05, 1.0, (), PASS, "keeps to"),
        ("difference", 0.1, (0.05, 0.2), 0.12, 0.2, (), INSUFFICIENT, "by no more than chance explains"),
        ("difference", 0.1, (0.03, 0.15), 0.08, 1.0, (), INSUFFICIENT, "cannot rule out a breach"),
        ("difference", 0.1, (0.12, 0.4), 0.04, 1.0, ("tiny",), INSUFFICIENT, "only small groups (tiny)"),
        ("ratio", 0.8, (0.5, 0.7), 0.6, 0.001, (), FAIL, "lies below"),
        ("ratio", 0.8, (0.85, 0.99), 0.9, 1.0, (), PASS, "keeps to"),
        ("ratio", 0.8, (0.7, 0.9), 0.78, 0.3, (), INSUFFICIENT, "straddles"),
        ("ratio", 0.8, (0.3, 0.6), float("nan"), None, ("a", "b"), INSUFFICIENT, "enough data"),
        # A gap past the limit that chance explains is never a fail, however wide the interval.
        ("difference", 0.1, (0.11, 0.5), 0.3, 0.06, (), INSUFFICIENT, "no more than chance explains (p = 0.060)"),
    ],
)
def test_verdict_rules(kind, limit, ci, value_large, p_value, small, verdict, says):
    got, reason = judge(
        kind=kind,
        limit=limit,
        value=sum(ci) / 2,
        ci=ci,
        value_large=value_large,
        p_value=p_value,
        alpha=0.05,
        small_groups=small,
    )
    assert got == verdict
    assert says in reason


def test_small_group_never_hides_a_large_group_failure():
    """Two large groups far apart fail even when a tiny group is added."""
    rng = np.random.default_rng(0)
    group = np.array(["a"] * 300 + ["b"] * 300 + ["tiny"] * 5)
    label = rng.integers(0, 2, len(group))
    prediction = np.concatenate([rng.random(300) < 0.7, rng.random(300) < 0.2, rng.random(5) < 0.5]).astype(int)
    frame = pd.DataFrame({"label": label, "prediction": prediction, "group": group})
    result = audit(frame, label="label", prediction="prediction", sensitive=["group"], n_boot=200, seed=0)
    gap = next(d for d in result.disparities if d.name == "demographic_parity_difference")
    assert gap.verdict == FAIL
    assert "tiny" in gap.small_groups
    assert next(g for g in result.groups if g.name == "tiny").small
    assert len(result.groups) == 3


def test_audit_from_counts_alone_equals_audit_from_rows():
    """Counts from a GROUP BY elsewhere give the same audit as the rows themselves."""
    frame = make_frame(5, n=300)
    from_rows = audit(frame, label="label", prediction="prediction", sensitive=["group"], n_boot=80, seed=2)
    table = frame.groupby(["group", "label", "prediction"]).size().unstack(["label", "prediction"], fill_value=0)
    counts = table[[(0, 0), (0, 1), (1, 0), (1, 1)]].to_numpy()
    from_counts = audit_counts(counts, [(g,) for g in table.index], columns=["group"], n_boot=80, seed=2)
    assert [d.to_dict()["value"] for d in from_counts.disparities] == [
        d.to_dict()["value"] for d in from_rows.disparities
    ]
    assert [d.ci for d in from_counts.disparities] == [d.ci for d in from_rows.disparities]
    assert [g.metrics for g in from_counts.groups] == [g.metrics for g in from_rows.groups]
