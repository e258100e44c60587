"""Counting once and deriving metrics from counts: laws that must always hold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import confusion_matrix

from lib.errors import InputError
from lib.fairness import confusion_counts, difference, disparity, encode_groups, metrics_from_counts, ratio
from lib.fairness._counts import MAX_GROUPS_PER_COLUMN

rows = st.integers(min_value=1, max_value=200)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), n=rows, n_groups=st.integers(1, 5))
def test_counts_equal_sklearn_confusion_matrix_per_group(data, n, n_groups):
    y = data.draw(arrays(bool, n))
    p = data.draw(arrays(bool, n))
    codes = data.draw(arrays(np.int64, n, elements=st.integers(0, n_groups - 1)))
    counts = confusion_counts(y, p, codes, n_groups)
    assert counts.sum() == n
    for g in range(n_groups):
        member = codes == g
        expected = confusion_matrix(y[member], p[member], labels=[False, True]).ravel() if member.any() else np.zeros(4)
        np.testing.assert_array_equal(counts[g], expected)


@settings(max_examples=60, deadline=None)
@given(counts=arrays(np.int64, (4, 4), elements=st.integers(0, 50)))
def test_metric_laws(counts):
    m = metrics_from_counts(counts)
    for name, values in m.items():
        defined = values[~np.isnan(values)]
        assert ((defined >= 0) & (defined <= 1)).all(), name
    # Complementary rates add to one wherever both are defined.
    both = ~np.isnan(m["true_positive_rate"])
    np.testing.assert_allclose(m["true_positive_rate"][both] + m["false_negative_rate"][both], 1.0)
    both = ~np.isnan(m["precision"])
    np.testing.assert_allclose(m["precision"][both] + m["false_discovery_rate"][both], 1.0)
    # A rate is undefined exactly when its denominator is zero.
    np.testing.assert_array_equal(np.isnan(m["false_positive_rate"]), counts[:, 0] + counts[:, 1] == 0)


@settings(max_examples=60, deadline=None)
@given(values=arrays(float, st.integers(2, 6), elements=st.floats(0, 1)), perm_seed=st.integers(0, 1000))
def test_difference_and_ratio_laws(values, perm_seed):
    gap, share = float(difference(values)), float(ratio(values))
    assert gap >= 0
    assert gap == pytest.approx(values.max() - values.min())
    if values.max() > 0:
        assert 0 <= share <= 1
    shuffled = np.random.default_rng(perm_seed).permutation(values)
    assert float(difference(shuffled)) == gap
    # An undefined group is left out, never read as zero.
    with_gap = np.append(values, np.nan)
    assert float(difference(with_gap)) == gap


def test_equalized_odds_is_worst_of_its_parts():
    metrics = {"true_positive_rate": np.array([0.9, 0.7]), "false_positive_rate": np.array([0.1, 0.3])}
    assert disparity("equalized_odds_difference", metrics) == pytest.approx(0.2)
    assert disparity("equalized_odds_ratio", metrics) == pytest.approx(min(0.7 / 0.9, 0.1 / 0.3))


def test_one_defined_group_gives_no_disparity():
    assert np.isnan(difference(np.array([0.4, np.nan])))
    assert np.isnan(ratio(np.array([0.0, 0.0])))


def test_missing_values_form_their_own_group():
    frame = pd.DataFrame({"sex": ["f", None, "m", "f", None]})
    codes = encode_groups(frame, ["sex"])
    assert codes.values == (("f",), ("m",), ("missing",))
    assert codes.missing == {"sex": 2}
    assert codes.codes.tolist() == [0, 2, 1, 0, 2]


def test_intersectional_codes_list_only_observed_combinations():
    frame = pd.DataFrame({"a": ["x", "x", "y"], "b": [1, 2, 1]})
    codes = encode_groups(frame, ["a", "b"])
    assert codes.values == (("x", "1"), ("x", "2"), ("y", "1"))


def test_too_many_distinct_values_refused_with_the_count():
    frame = pd.DataFrame({"customer": [f"c{i}" for i in range(3000)]})
    with pytest.raises(InputError, match="3,000 distinct values") as error:
        encode_groups(frame, ["customer"], file="log.csv")
    assert "customer" in str(error.value) and str(MAX_GROUPS_PER_COLUMN) in str(error.value)
