"""Benjamini-Hochberg against scipy's false_discovery_control."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from lib.drift import benjamini_hochberg


@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=200))
def test_matches_scipy(p_values):
    p = np.array(p_values)
    np.testing.assert_allclose(benjamini_hochberg(p), stats.false_discovery_control(p, method="bh"), atol=1e-12)


def test_undefined_p_values_are_left_out_of_the_family():
    p = np.array([0.01, np.nan, 0.02, 0.5])
    adjusted = benjamini_hochberg(p)
    assert np.isnan(adjusted[1])
    np.testing.assert_allclose(adjusted[[0, 2, 3]], stats.false_discovery_control(p[[0, 2, 3]]))


def test_adjusted_values_never_fall_below_the_raw_ones():
    p = np.random.default_rng(0).random(500)
    assert (benjamini_hochberg(p) >= p - 1e-15).all()
