"""NPV, IRR, payback and ROI against numpy-financial and hand-worked cases."""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lib.roi import discounted_payback_periods, irr, npv, payback_periods, roi_pct

MINIMAL = [-40000, 5000, 8000, 12000, 30000]

amounts = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
rates = st.floats(min_value=-0.5, max_value=2.0, allow_nan=False)
conventional = st.tuples(
    st.floats(min_value=1, max_value=1e6),
    st.lists(st.just(0.0) | st.floats(min_value=1, max_value=1e6), min_size=1, max_size=30),
).map(lambda t: np.array([-t[0], *t[1]]))


@pytest.mark.parametrize("rate", [0.0, 0.08, 0.25, -0.05])
def test_npv_matches_numpy_financial_on_the_minimal_spec(rate):
    assert npv(rate, np.array(MINIMAL)) == pytest.approx(npf.npv(rate, MINIMAL), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(rate=rates, flows=st.lists(amounts, min_size=1, max_size=40))
def test_npv_matches_numpy_financial(rate, flows):
    assert npv(rate, np.array(flows)) == pytest.approx(npf.npv(rate, flows), rel=1e-9, abs=1e-6)


def test_npv_is_vectorised_over_rates_and_rows():
    flows = np.array([MINIMAL, [-100, 50, 60, 0, 0]], dtype=float)
    out = npv(np.array([0.08, 0.1]), flows)
    assert out == pytest.approx([npf.npv(0.08, MINIMAL), npf.npv(0.1, [-100, 50, 60, 0, 0])])


@settings(max_examples=60, deadline=None)
@given(flows=conventional, low=st.floats(min_value=-0.5, max_value=1.0), step=st.floats(min_value=1e-3, max_value=1.0))
def test_npv_falls_as_the_rate_rises_for_a_conventional_cash_flow(flows, low, step):
    assert npv(low + step, flows) <= npv(low, flows) + 1e-9 * np.abs(flows).sum()


def test_irr_matches_numpy_financial_on_the_minimal_spec():
    assert irr(np.array(MINIMAL)) == pytest.approx(npf.irr(MINIMAL), rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(flows=conventional)
def test_irr_matches_numpy_financial_for_conventional_flows(flows):
    expected = npf.irr(flows)
    got = irr(flows)
    # no root, or one so close to -100 % that no case of ours lives there
    assume(not np.isnan(expected) and expected > -0.99)
    assert got == pytest.approx(expected, rel=1e-6, abs=1e-9)
    assert npv(got, flows) == pytest.approx(0, abs=1e-6 * np.abs(flows).sum())


def test_irr_is_none_when_flows_never_change_sign():
    assert irr(np.array([100.0, 50.0])) is None
    assert irr(np.array([-100.0, -50.0])) is None


def test_payback_is_interpolated_within_the_crossing_period():
    # cumulative -40000, -35000, -27000, -15000, +15000: 15000 of the 30000 in year 4 -> 3.5
    assert payback_periods(np.array(MINIMAL)) == pytest.approx(3.5)
    assert payback_periods(np.array([-100.0, 50.0, 100.0])) == pytest.approx(1.5)
    assert payback_periods(np.array([-100.0, 10.0, 10.0])) is None
    assert payback_periods(np.array([0.0, 10.0])) == 0.0


def test_discounted_payback_uses_discounted_flows():
    flows = np.array([-100.0, 110.0])
    assert discounted_payback_periods(0.10, flows) == pytest.approx(1.0)
    assert discounted_payback_periods(0.0, flows) == pytest.approx(100 / 110)


def test_roi_is_net_gain_over_money_spent():
    assert roi_pct(np.array(MINIMAL)) == pytest.approx(37.5)  # (55000 - 40000) / 40000
    assert roi_pct(np.array([10.0, 20.0])) is None
