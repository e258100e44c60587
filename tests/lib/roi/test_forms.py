"""The page's forms as specs and back: options tables and swings around likely values."""

from __future__ import annotations

import math

import numpy_financial as npf
import pytest

from lib.analysis import run
from lib.roi import (
    CaseSpec,
    OptionSpec,
    OptionsSpec,
    Range,
    options_from_rows,
    options_rows,
    ranged_case,
    uncertainty_form,
)

SHARED = {"discount_rate": 0.08, "period": "year", "horizon": 3}
ROWS = [
    {"option": "Build", "build_cost": 100.0, "run_cost": 10.0, "benefit": 60.0, "ramp_up_periods": 0.0},
    {"option": "Buy", "build_cost": 10.0, "run_cost": math.nan, "benefit": 30.0, "ramp_up_periods": None},
]


def test_rows_make_an_options_spec_and_come_back_unchanged():
    spec, problems = options_from_rows(SHARED, ROWS, n_sim=20_000, seed=4)
    assert problems == [] and (spec.n_sim, spec.seed) == (20_000, 4)
    result = run(spec)
    assert result.npv_by_option["Build"] == pytest.approx(npf.npv(0.08, [-100, 50, 50, 50]))
    assert result.npv_by_option["Buy"] == pytest.approx(npf.npv(0.08, [-10, 30, 30, 30]))  # empty cells are zero
    shared, rows = options_rows(spec)
    assert shared == SHARED
    assert rows[1] == {"option": "Buy", "build_cost": 10.0, "run_cost": 0.0, "benefit": 30.0, "ramp_up_periods": 0.0}


def test_bad_and_repeated_rows_are_left_out_with_a_message():
    rows = [*ROWS, {"option": "Buy", "build_cost": 1.0}, {"option": "Odd", "build_cost": -5.0}, {"option": None}]
    spec, problems = options_from_rows(SHARED, rows)
    assert [o.name for o in spec.options] == ["Build", "Buy"]
    assert "'Buy' is listed twice" in problems[0]
    assert "Option 'Odd'" in problems[1] and "cannot be negative" in problems[1]
    assert options_from_rows(SHARED, [{"option": ""}]) == (None, [])


def test_specs_that_do_not_fit_the_table_give_none():
    flows = OptionsSpec(discount_rate=0.1, options=(OptionSpec(name="a", cash_flows=(-1, 2)),))
    ranged = OptionsSpec(discount_rate=0.1, options=(OptionSpec(name="a", benefit=Range(1, 2, 3)),))
    two_rates = OptionsSpec(
        discount_rate=0.1, options=(OptionSpec(name="a", benefit=1), OptionSpec(name="b", benefit=1, discount_rate=0))
    )
    assert options_rows(flows) is None and options_rows(ranged) is None and options_rows(two_rates) is None


def test_swings_make_ranges_and_come_back():
    case = CaseSpec(name="Build", discount_rate=0.08, build_cost=100.0, run_cost=0.0, benefit=60.0, horizon=3)
    swings = {"build_cost": (90.0, 150.0), "run_cost": (90.0, 130.0), "benefit": (50.0, 120.0)}
    spec = ranged_case(case, swings=swings, rate_points=(2.0, 4.0), distribution="triangular", n_sim=10_000, seed=9)
    assert spec.build_cost == Range(90.0, 100.0, 150.0, "triangular")
    assert spec.run_cost == Range(0.0, 0.0, 0.0, "triangular")
    assert spec.discount_rate == Range(pytest.approx(0.06), 0.08, pytest.approx(0.12))
    form = uncertainty_form(spec)
    assert form["row"] == {
        "option": "Build",
        "build_cost": 100.0,
        "run_cost": 0.0,
        "benefit": 60.0,
        "ramp_up_periods": 0.0,
    }
    assert form["swings"]["build_cost"] == pytest.approx((90.0, 150.0))
    assert form["swings"]["run_cost"] == (100.0, 100.0)  # nothing to swing around zero
    assert form["rate_points"] == pytest.approx((2.0, 4.0))
    assert (form["distribution"], form["n_sim"], form["seed"]) == ("triangular", 10_000, 9)


def test_cases_that_are_not_swings_give_none():
    assert uncertainty_form(CaseSpec(discount_rate=0.1, cash_flows=(-1, Range(0, 1, 2)))) is None
    around_zero = CaseSpec(discount_rate=0.1, benefit=Range(-0.0, 0.0, 5.0))
    assert uncertainty_form(around_zero) is None
    mixed = CaseSpec(discount_rate=0.1, build_cost=Range(1, 2, 3, "pert"), benefit=Range(1, 2, 3, "triangular"))
    assert uncertainty_form(mixed) is None
