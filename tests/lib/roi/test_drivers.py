"""Cases from drivers and lines: numpy-financial on hand-built flows, finance lines by hand, and every bad spec named."""

from __future__ import annotations

import json

import numpy_financial as npf
import pytest

from lib.analysis import run, spec_from_dict
from lib.errors import InputError
from lib.roi import CaseSpec, Driver, DriverRange, Line, case_from_spec, evaluate_case, ramp_factors

MONTHLY = (1.08) ** (1 / 12) - 1
SPEC = {
    "discount_rate": 0.08,
    "period": "month",
    "horizon": 12,
    "drivers": {
        "volume": {"value": 100_000, "unit": "requests/month"},
        "growth": {"value": 0.05, "unit": "share"},
        "value_per_request": {"value": 0.5, "unit": "$/request"},
        "unit_cost": {"value": 0.01, "unit": "$/request"},
        "adoption": {"value": 0.5, "unit": "share"},
        "team": {"value": 2, "unit": "FTE"},
        "cost_per_fte": {"value": 120_000, "unit": "$/FTE/year"},
    },
    "lines": [
        {"name": "requests", "formula": "volume * (1 + growth) ^ (t - 1)", "kind": "memo"},
        {"name": "benefit", "formula": "requests * value_per_request * adoption", "kind": "benefit"},
        {"name": "run_cost", "formula": "requests * unit_cost", "kind": "cost"},
        {"name": "people", "formula": "team * cost_per_fte", "kind": "cost"},
        {"name": "build", "formula": "30000", "kind": "one_time"},
        {"name": "launch", "formula": "5000", "kind": "one_time", "periods": [1, 2]},
    ],
}


def hand_flows() -> list[float]:
    flows = [-30_000.0]
    for t in range(1, 13):
        requests = 100_000 * 1.05 ** (t - 1)
        flows.append(requests * 0.5 * 0.5 - requests * 0.01 - 2 * 120_000 / 12 - (5_000 if t in (1, 2) else 0))
    return flows


def test_a_driver_case_matches_numpy_financial_on_the_hand_built_flows():
    result = evaluate_case(case_from_spec(SPEC))
    flows = hand_flows()
    assert result.cash_flows == pytest.approx(flows)
    assert result.npv == pytest.approx(npf.npv(MONTHLY, flows), rel=1e-12)
    assert result.irr == pytest.approx(npf.irr(flows), rel=1e-9)
    data = result.to_dict()
    assert set(data["drivers"]) == set(SPEC["drivers"]) and data["drivers"]["team"]["unit"] == "FTE"
    assert data["breakdown"]["lines"]["people"][1] == pytest.approx(20_000.0)  # a yearly cost booked per month
    assert data["pv_cost"] == pytest.approx(
        30_000 + sum((r * 0.01 + 20_000 + (5_000 if t in (1, 2) else 0)) / (1 + MONTHLY) ** t
                     for t, r in ((t, 100_000 * 1.05 ** (t - 1)) for t in range(1, 13)))
    )  # fmt: skip
    assert "ramp_convention" in data and "sensitivity" not in data  # nothing is uncertain


def test_the_spec_round_trips_and_python_mappings_read_as_json_does():
    spec = case_from_spec(SPEC)
    assert spec_from_dict(json.loads(json.dumps(spec.to_dict()))) == spec
    assert CaseSpec(**{k: v for k, v in SPEC.items()}) == spec
    assert spec.drivers["volume"] == Driver(100_000.0, "requests/month")


def test_the_simple_preset_is_three_drivers_and_three_lines():
    simple = CaseSpec(discount_rate=0.1, horizon=3, build_cost=100.0, run_cost=10.0, benefit=60.0, ramp_up_periods=1.0)
    lines = CaseSpec(
        discount_rate=0.1, horizon=3, ramp_up_periods=1.0,
        drivers={"b": Driver(100.0, "$"), "r": Driver(10.0, "$/year"), "g": Driver(60.0, "$/year")},
        lines=(Line("build", "b", "capital"), Line("run", "r", "cost"), Line("gain", "g", "benefit")),
    )  # fmt: skip
    assert simple.likely_flows().tolist() == lines.likely_flows().tolist() == [-100.0, 20.0, 50.0, 50.0]


@pytest.mark.parametrize(
    ("ramp", "shares"), [(0.0, [1, 1, 1]), (1.0, [0.5, 1, 1]), (2.0, [0.25, 0.75, 1]), (0.5, [0.75, 1, 1])]
)
def test_the_ramp_books_its_average_over_each_period(ramp, shares):
    # The average of min(1, s / R) over [t - 1, t], worked out by hand.
    assert ramp_factors(ramp, 4)[1:].tolist() == pytest.approx(shares)


def test_inflation_applies_to_lines_that_take_it():
    spec = {
        "discount_rate": 0.0, "horizon": 2, "inflation": 0.1,
        "lines": [
            {"name": "gain", "formula": "100", "kind": "benefit"},
            {"name": "fixed_fee", "formula": "50", "kind": "cost", "inflation": False},
        ],
    }  # fmt: skip
    result = evaluate_case(case_from_spec(spec))
    assert result.cash_flows == pytest.approx([0.0, 110.0 - 50.0, 121.0 - 50.0])
    assert any("Inflation 10.00%" in note for note in result.finance.notes)


def test_tax_with_straight_line_depreciation_by_hand():
    spec = {
        "discount_rate": 0.0, "horizon": 4, "tax_rate": 0.25, "depreciation_periods": 2,
        "lines": [
            {"name": "kit", "formula": "200", "kind": "capital"},
            {"name": "gain", "formula": "300", "kind": "benefit"},
            {"name": "run", "formula": "100", "kind": "cost"},
        ],
    }  # fmt: skip
    result = evaluate_case(case_from_spec(spec))
    # Periods 1-2 deduct 100 of depreciation: tax 0.25 × (300 - 100 - 100) = 25; periods 3-4: 0.25 × 200 = 50.
    assert result.cash_flows == pytest.approx([-200.0, 175.0, 175.0, 150.0, 150.0])
    assert result.breakdown.depreciation == pytest.approx((0, 100, 100, 0, 0))
    # Without depreciation the capital is deducted when paid: a tax saving of 50 in period 0.
    expensed = evaluate_case(case_from_spec({k: v for k, v in spec.items() if k != "depreciation_periods"}))
    assert expensed.cash_flows == pytest.approx([-150.0, 150.0, 150.0, 150.0, 150.0])


def test_terminal_value_is_gordons_growing_perpetuity_of_the_last_flow():
    rate, growth = 0.10, 0.02
    result = evaluate_case(CaseSpec(discount_rate=rate, cash_flows=(-1000.0, 100.0, 100.0), terminal_growth=growth))
    terminal = 100 * (1 + growth) / (rate - growth)
    assert result.cash_flows == pytest.approx([-1000.0, 100.0, 100.0 + terminal])
    assert result.npv == pytest.approx(npf.npv(rate, [-1000, 100, 100 + terminal]))
    assert result.finance.terminal_value == pytest.approx(terminal)
    assert result.finance.terminal_value_pv == pytest.approx(terminal / 1.1**2)


DRIVERS = {"v": {"value": 10, "unit": "requests/month"}, "p": {"value": 2, "unit": "$/request"}}


def case(lines, drivers=DRIVERS, **extra):
    return {"discount_rate": 0.1, "period": "month", "horizon": 3, "drivers": drivers, "lines": lines, **extra}


def line(formula, kind="benefit", name="b", **extra):
    return {"name": name, "formula": formula, "kind": kind, **extra}


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        (case([line("v * q")]), "line 'b' uses 'q', which is not a driver or a line"),
        (case([line("vv * p")]), "(did you mean 'v'?)"),
        (
            case([line("c", name="a"), line("a * 2", "memo", "c")]),
            "lines refer to each other in a circle: 'a' → 'c' → 'a'",
        ),
        (case([line("a", "memo", "a")]), "lines refer to each other in a circle: 'a' → 'a'"),
        (
            case([line("v")]),
            "line 'b' (benefit) must give dollars per unit of time, but its formula gives request/month",
        ),
        (case([line("v * p", "one_time")]), "line 'b' (one_time) must give dollars, but its formula gives $/month"),
        (case([line("v + p")]), "units do not match in '+': 'v' is in request/month but 'p' is in $/request"),
        (case([line("v * p")], drivers={**DRIVERS, "g": {"value": 1, "unit": "%"}}), "percent is not a unit"),
        (case([line("v * p")], drivers={**DRIVERS, "t": {"value": 1}}), "driver name 't' is reserved"),
        (case([line("v * p", name="bad name")]), "line name 'bad name' cannot be used in formulas"),
        (case([line("v * p"), line("v * p")]), "the name 'b' is used twice"),
        (case([line("v * p", periods=[0, 9])]), "line 'b': period 9 is outside the case"),
        (case([line("v * p", "revenue")]), "'lines[0].kind' has the wrong type. Expected one of 'benefit', 'cost'"),
        (
            case([line("v * p")], build_cost=5),
            "give either 'drivers' and 'lines' or the build, run and benefit amounts",
        ),
        ({"discount_rate": 0.1, "drivers": DRIVERS}, "the case has drivers but no 'lines'"),
        (
            case([line("v * p")], drivers={"v": {"value": 1, "range": {"low": 2, "high": 3}}, "p": DRIVERS["p"]}),
            "driver 'v': its value lies outside its range. Expected low <= value <= high; found low=2, value=1, high=3",
        ),
        (
            case(
                [line("v * p")],
                drivers={
                    "v": {"value": 1, "unit": "x", "range": {"low": 0, "high": 3, "shape": "normal"}},
                    "p": DRIVERS["p"],
                },
            ),
            "a normal range is symmetric",
        ),
        (
            case(
                [line("v * p")],
                drivers={**DRIVERS, "w": {"value": 1, "range": {"low": 0, "high": 2, "shape": "uniform"}}},
            ),
            "drivers.w.range.shape' has the wrong type",
        ),
        (case([line("v * p")], terminal_growth=0.2), "'terminal_growth' must stay below the discount rate"),
        ({"discount_rate": 0.1, "cash_flows": [-1, 2], "tax_rate": 0.2}, "'tax_rate' needs cost and benefit lines"),
        (case([line("v * p")], tax_rate=1.5), "'tax_rate' is out of range"),
    ],
)
def test_bad_specs_get_one_clear_message(spec, words):
    with pytest.raises(InputError) as error:
        case_from_spec(spec, file="case.json")
    assert words in str(error.value) and "case.json" in str(error.value)


def test_a_division_by_zero_in_some_future_is_bad_input_naming_the_line():
    spec = case(
        [line("v * p / (share - 0.5)")],
        drivers={**DRIVERS, "share": {"value": 0.7, "unit": "share", "range": {"low": 0.5, "high": 0.9, "shape": "triangular"}}},
    )  # fmt: skip
    with pytest.raises(InputError, match="line 'b' is not a finite number in period 1"):
        run(case_from_spec(spec).replace(n_sim=10_000))


def test_the_tornado_and_sensitivity_rank_drivers_not_periods():
    spec = case(
        [line("v * p * (1 + g) ^ (t - 1)")],
        drivers={
            "v": {"value": 10, "unit": "requests/month", "range": {"low": 5, "high": 15}},
            "p": {"value": 2, "unit": "$/request", "range": {"low": 1.9, "high": 2.1}},
            "g": {"value": 0.1, "unit": "share", "range": {"low": 0.0, "high": 0.2}},
        },
    )
    data = run(case_from_spec(spec)).to_dict()
    assert next(b["input"] for b in data["tornado"]["bars"]) == "v"
    shares = {row["driver"]: row["share_of_variance"] for row in data["sensitivity"]["by_driver"]}
    assert set(shares) == {"v", "p", "g"} and max(shares, key=shares.get) == "v"
    assert "Var(E[NPV | driver])" in data["sensitivity"]["method"]


def test_driver_ranges_can_be_written_in_python():
    spec = CaseSpec(
        discount_rate=0.1, horizon=2,
        drivers={"gain": Driver(100.0, "$/year", DriverRange(50.0, 150.0, "triangular"))},
        lines=(Line("g", "gain", "benefit"),),
    )  # fmt: skip
    assert spec.ranged_inputs()["gain"].points() == (50.0, 100.0, 150.0)
