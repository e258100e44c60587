"""Formulas and units: a small arithmetic grammar that refuses everything else, and units checked before numbers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.errors import InputError
from lib.roi import parse_formula, parse_unit
from lib.roi._formula import evaluate, names_in, unit_of
from lib.roi._units import NONE


def value(text: str, **names: float) -> float:
    return float(evaluate(parse_formula(text, where="x"), {k: np.asarray(v) for k, v in names.items()}))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("2 ^ 3 ^ 2", 512.0),  # right-associative, as in mathematics
        ("-2 ^ 2", -4.0),  # the power binds tighter than the sign
        ("2 ** 3", 8.0),
        ("10 − 4 × 2 ÷ 4", 8.0),  # the signs people type
        ("min(3, a, 5) + max(a, 1)", 4.0),
        ("ceil(a + 0.1)", 3.0),
        ("ceil(3.0000000001)", 3.0),  # a hair above a whole number from rounding stays that number
        ("1.5e3 / .5", 3000.0),
    ],
)
def test_arithmetic_by_hand(text, expected):
    assert value(text, a=2.0) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("__import__(1)", "a call to '__import__'"),
        ("__import__('os')", 'the character "\'"'),
        ("a.b", "the character '.'"),
        ("a[0]", "the character '['"),
        ("a = 1", "the character '='"),
        ("lambda: 1", "the character ':'"),
        ("exp(1)", "a call to 'exp'"),
        ("min(1)", "min(...) with one value"),
        ("ceil(1, 2)", "ceil(...) with more than one value"),
        ("1 +", "the end of the formula"),
        ("(1 + 2", "the end of the formula"),
        ("max", "'max' without its brackets"),
        ("", "empty"),
        ("a b", "'b'"),
    ],
)
def test_anything_but_arithmetic_is_refused_with_the_place_it_stopped(text, found):
    with pytest.raises(InputError) as error:
        parse_formula(text, where="line 'x'")
    assert found in str(error.value) and "line 'x'" in str(error.value)


def test_deep_nesting_and_long_formulas_are_refused():
    with pytest.raises(InputError, match="nests too deeply"):
        parse_formula("(" * 60 + "1" + ")" * 60, where="x")
    with pytest.raises(InputError, match="at most 1000 characters"):
        parse_formula("1 + " * 400 + "1", where="x")


ALLOWED = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789.+-*/^(), eE")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(ALLOWED | set("[]{}'\"=;:!@#$%&|<>?`~\\"))), max_size=40))
def test_the_grammar_reads_arithmetic_over_names_or_refuses(text):
    try:
        tree = parse_formula(text, where="x")
    except InputError:
        return
    # Whatever parses is made only of the grammar's characters, and reads only names written in it.
    assert set(text) <= ALLOWED
    for name in names_in(tree):
        assert name in text and name.isidentifier()


def test_units_read_like_words_and_convert_time():
    assert parse_unit("$/year", field="x").in_period("month") * 12 == pytest.approx(1.0)
    assert parse_unit("$/month", field="x").in_period("month") == 1.0  # exactly one: no rounding in a monthly case
    assert parse_unit("requests per month", field="x") == parse_unit("request/month", field="x")
    assert parse_unit("$/million tokens", field="x").in_period("month") == pytest.approx(1e-6)
    assert parse_unit("$/1000 predictions", field="x").in_period("year") == pytest.approx(1e-3)
    assert parse_unit("$/GPU-hour", field="x").in_period("month") == pytest.approx(730.0)
    assert parse_unit("share", field="x") == NONE == parse_unit("", field="x")
    with pytest.raises(InputError, match="percent is not a unit"):
        parse_unit("%/month", field="driver 'g'")
    with pytest.raises(InputError, match="driver 'g': the unit '\\$/#' has a part that cannot be read"):
        parse_unit("$/#", field="driver 'g'")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("volume + price", "units do not match in '+': 'volume' is in request/month but 'price' is in $/request"),
        ("volume * price + 1", "the number 1 is in share (no unit)"),
        ("max(volume, price)", "units do not match in max(...)"),
        ("price ^ growth", "has a unit ($/request), so it can only be raised to a whole number"),
        ("growth ^ volume", "a power must be a plain number"),
        ("ceil(price)", "ceil(...) rounds up a count, not money or time"),
    ],
)
def test_unit_mismatches_name_the_quantities(text, words):
    units = {
        "volume": parse_unit("requests/month", field="x"),
        "price": parse_unit("$/request", field="x"),
        "growth": NONE,
    }
    with pytest.raises(InputError) as error:
        unit_of(parse_formula(text, where="line 'b'"), units.__getitem__, where="line 'b'")
    assert words in str(error.value)


def test_units_multiply_and_cancel():
    units = {"volume": parse_unit("requests/month", field="x"), "price": parse_unit("$/request", field="x")}
    unit = unit_of(parse_formula("volume * price * (1 + 0.1) ^ 2", where="x"), units.__getitem__, where="x")
    assert unit.text() == "$/month"
