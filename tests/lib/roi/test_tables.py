"""The Drivers tab's tables as a spec and back, with one clear message per bad cell."""

from __future__ import annotations

import math

import pytest

from lib.analysis import get_kind, run
from lib.errors import InputError
from lib.roi import (
    Range,
    llm_requests_example,
    llm_tco_case,
    options_from_tables,
    periods_text,
    tables_from_options,
    value_from_text,
    value_text,
)
from lib.roi._tables import periods_from_text

SHARED = {"discount_rate": 0.1, "period": "year", "horizon": 3, "ramp_up_periods": 0.0}
DRIVERS = [
    {"driver": "cases", "value": 100.0, "unit": "cases/year", "low": 50.0, "high": 150.0, "shape": "triangular"},
    {"driver": "value", "value": 20.0, "unit": "$/case", "low": math.nan, "high": None, "shape": None},
    {"driver": None, "value": None},  # an empty row of the editor
]
LINES = [
    {"option": "A", "line": "gain", "formula": "cases * value", "kind": "benefit", "periods": "", "ramp": "default"},
    {"option": "A", "line": "kit", "formula": "1000", "kind": "capital", "periods": "0", "ramp": "no"},
    {
        "option": "B",
        "line": "gain",
        "formula": "cases * value",
        "kind": "benefit",
        "periods": "1-3",
        "inflation": False,
    },
    {"option": "B", "line": None, "formula": None},
]


def test_tables_make_options_over_shared_drivers_and_come_back():
    spec = options_from_tables(SHARED, drivers=DRIVERS, lines=LINES, compare=("A", "B"), n_sim=10_000, seed=2)
    assert [o.name for o in spec.options] == ["A", "B"] and set(spec.drivers) == {"cases", "value"}
    assert spec.drivers["value"].range is None and spec.drivers["cases"].range.shape == "triangular"
    assert spec.options[1].lines[0].periods == (1, 2, 3) and spec.options[1].lines[0].inflation is False
    result = run(spec)
    assert result.npv_by_option["A"] == pytest.approx(-1000 + sum(2000 / 1.1**t for t in (1, 2, 3)))
    tables = tables_from_options(spec)
    again = options_from_tables(
        tables["shared"], drivers=tables["drivers"], lines=tables["lines"], correlations=tables["correlations"],
        finance=tables["finance"], compare=tuple(tables["compare"]), n_sim=tables["n_sim"], seed=tables["seed"],
    )  # fmt: skip
    assert again == spec


def test_the_llm_preset_fits_the_tables():
    spec = llm_tco_case(llm_requests_example())
    tables = tables_from_options(spec)
    assert tables is not None and {row["option"] for row in tables["lines"]} == {"Self-host", "Keep the API"}


def test_specs_the_tables_cannot_hold_are_left_read_only():
    assert tables_from_options(get_kind("roi_options").examples()[0].spec) is None  # options without lines


@pytest.mark.parametrize(
    ("drivers", "lines", "words"),
    [
        ([{"driver": "cases", "value": "lots"}], LINES[:1], "drivers table, row 1 ('cases'): value must be a number"),
        ([{"driver": "cases", "value": 1.0, "low": 0.0}], LINES[:1], "drivers table, row 1 ('cases'): high must be a number"),
        ([*DRIVERS, {"driver": "cases", "value": 1.0}], LINES[:1], "row 4 ('cases'): the driver is listed twice"),
        (DRIVERS, [{"option": "A", "line": "gain", "formula": "", "kind": "benefit"}], "lines table, row 1 ('gain'): the formula is empty"),
        (DRIVERS, [{**LINES[0], "periods": "1 to 3"}], "periods cannot be read"),
        (DRIVERS, [], "the lines table has no lines"),
    ],
)  # fmt: skip
def test_a_bad_cell_is_named(drivers, lines, words):
    with pytest.raises(InputError, match=words.replace("(", r"\(").replace(")", r"\)")):
        options_from_tables(SHARED, drivers=drivers, lines=lines)


def test_periods_and_values_as_text():
    assert periods_from_text("0, 2-4; 7", where="x") == (0, 2, 3, 4, 7)
    assert periods_text((0, 2, 3, 4, 7)) == "0, 2-4, 7"
    assert value_from_text("25000 / 40000 / 70000", where="x", default=0.0) == Range(25000.0, 40000.0, 70000.0)
    assert (
        value_from_text(" 3 ", where="x", default=0.0) == 3.0 and value_from_text(None, where="x", default=1.0) == 1.0
    )
    assert value_text(Range(0.5, 0.75, 0.9)) == "0.5 / 0.75 / 0.9" and value_text(2.0) == "2"
    with pytest.raises(InputError, match="x cannot be read"):
        value_from_text("1 / 2", where="x", default=0.0)
