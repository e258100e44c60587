"""Investment-case specs: the minimal form, the structured form, and bad input."""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest

from lib.errors import InputError
from lib.roi import CaseSpec, Range, case_from_spec, evaluate_case

MINIMAL = {"discount_rate": 0.08, "cash_flows": [-40000, 5000, 8000, 12000, 30000]}


def test_minimal_spec_matches_numpy_financial_with_period_zero_today():
    result = evaluate_case(case_from_spec(MINIMAL))
    assert result.npv == pytest.approx(npf.npv(0.08, MINIMAL["cash_flows"]), rel=1e-12)
    assert result.irr == pytest.approx(npf.irr(MINIMAL["cash_flows"]), rel=1e-9)
    assert result.payback_periods == pytest.approx(3.5)
    assert result.roi_pct == pytest.approx(37.5)
    assert result.to_dict()["provenance"]["parameters"]["discount_rate"] == 0.08


def test_structured_spec_books_the_average_of_the_ramp_over_each_period():
    case = case_from_spec(
        {"discount_rate": 0.1, "horizon": 4, "build_cost": 1000, "run_cost": 100, "benefit": 400, "ramp_up_periods": 2}
    )
    # A two-period ramp: period 1 averages a quarter of the benefit (0 to 1/2), period 2 three quarters (1/2 to 1).
    assert case.likely_flows().tolist() == [-1000, 0, 200, 300, 300]
    # ROI counts every dollar spent: benefit 100 + 300 + 2 × 400 = 1200 against 1000 + 4 × 100 = 1400
    assert evaluate_case(case).roi_pct == pytest.approx(-200 / 1400 * 100)
    assert evaluate_case(case).npv == pytest.approx(npf.npv(0.1, [-1000, 0, 200, 300, 300]))


@pytest.mark.parametrize(("period", "books"), [("year", 0.5), ("month", 0.5)])
def test_a_one_period_ramp_books_half_the_benefit_in_the_first_period(period, books):
    case = case_from_spec({"discount_rate": 0.0, "period": period, "horizon": 3, "benefit": 1000, "ramp_up_periods": 1})
    assert case.likely_flows().tolist() == [0, 1000 * books, 1000, 1000]
    assert evaluate_case(case).to_dict()["ramp_convention"].startswith("A period's benefit is the average of the ramp")


def test_monthly_periods_use_the_equivalent_monthly_rate():
    spec = {"discount_rate": 0.08, "period": "month", "horizon": 24, "build_cost": 5000, "benefit": 300}
    result = evaluate_case(case_from_spec(spec))
    monthly = 1.08 ** (1 / 12) - 1
    assert result.npv == pytest.approx(npf.npv(monthly, [-5000] + [300] * 24))
    assert (1 + result.irr) ** 12 - 1 == pytest.approx(result.irr_annual)


def test_ranges_evaluate_at_their_likely_value():
    spec = {"discount_rate": 0.08, "cash_flows": [-100, {"low": 10, "likely": 60, "high": 80}, 60]}
    case = case_from_spec(spec)
    assert isinstance(case.cash_flows[1], Range)
    assert evaluate_case(case).npv == pytest.approx(npf.npv(0.08, [-100, 60, 60]))
    assert case_from_spec(case.to_dict()) == case


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ({"cash_flows": [-1, 2]}, "missing the field 'discount_rate'"),
        ({"discount_rate": 0.1, "cash_flows": [-1, {"low": 5, "likely": 4, "high": 3}]}, "low is above high"),
        ({"discount_rate": 0.1, "cash_flows": [-1, {"low": 1, "likely": 9, "high": 3}]}, "likely lies outside"),
        ({"discount_rate": 0.1, "build_cost": -5, "benefit": 1}, "cannot be negative"),
        ({"discount_rate": 0.1, "build_cost": {"low": -5, "high": 5}, "benefit": 1}, "cannot be negative"),
        ({"discount_rate": 0.1, "cash_flows": [-1, 2], "benefit": 3}, "not both"),
        ({"discount_rate": 0.1, "cashflows": [-1, 2]}, "unknown field 'cashflows'"),
        ({"discount_rate": -1.5, "cash_flows": [-1, 2]}, "above -1"),
        ({"discount_rate": 0.1, "cash_flows": [-1]}, "list of period amounts"),
        ({"discount_rate": 0.1, "cash_flows": [-1, "lots"]}, r"'cash_flows\[1\]' has the wrong type"),
        ({"discount_rate": 0.1, "period": "week", "cash_flows": [-1, 2]}, "'period'"),
        ({"discount_rate": 0.1, "horizon": 2.5, "benefit": 1}, "whole number"),
        ({"discount_rate": 0.1}, "no cash flows"),
    ],
)
def test_bad_specs_raise_one_clear_error(spec, words):
    with pytest.raises(InputError, match=words):
        case_from_spec(spec, file="case.json")
    with pytest.raises(InputError, match=r"case\.json"):
        case_from_spec(spec, file="case.json")


def test_range_rejects_low_above_high_naming_its_field():
    with pytest.raises(InputError, match=r"'cash_flows\[1\]': low is above high"):
        CaseSpec(discount_rate=0.1, cash_flows=(-1.0, Range(5, 4, 3)))
    with pytest.raises(InputError, match="low <= likely <= high"):
        Range(5, 4, 3).check(field="x")
    assert np.isclose(Range(0, 3, 6, "triangular").mean, 3)
