"""Validation helpers later analyses rely on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lib.data import binary_labels, check_probabilities, missing_report, positive_value_choices, require_columns
from lib.errors import InputError


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0, 1, 1, 0], [False, True, True, False]),
        ([0.0, 1.0, 1.0], [False, True, True]),
        ([True, False, True], [True, False, True]),
        (["yes", "no", "Yes"], [True, False, True]),
        (["Y", "N"], [True, False]),
        (["true", "false"], [True, False]),
        ([1, 1, 1], [True, True, True]),
    ],
)
def test_obvious_pairs_need_no_positive_value(values, expected):
    assert binary_labels(pd.Series(values)).tolist() == expected


def test_other_pairs_need_an_explicit_positive_value():
    series = pd.Series(["<=50K", ">50K", ">50K"], name="income")
    with pytest.raises(InputError, match=r"choose which label value is the positive.*found values '<=50K', '>50K'\.$"):
        binary_labels(series, file="adult.csv")
    assert binary_labels(series, positive=">50K").tolist() == [False, True, True]


def test_positive_value_must_exist():
    with pytest.raises(InputError, match=r"not in the label column.*found 'maybe'"):
        binary_labels(pd.Series(["a", "b"]), positive="maybe")


def test_more_than_two_values_are_refused_with_the_list():
    with pytest.raises(InputError, match=r"must be binary.*found 3: 'a', 'b', 'c'") as caught:
        binary_labels(pd.Series(["a", "b", "c"], name="grade"), file="f.csv")
    assert "column 'grade'" in str(caught.value)


def test_missing_labels_are_refused():
    with pytest.raises(InputError, match="2 empty rows"):
        binary_labels(pd.Series([1, None, 0, None]))


def test_positive_value_choices_lists_distinct_values():
    assert positive_value_choices(pd.Series(["b", "a", "b", None])) == ["a", "b"]


def test_probabilities_in_range_pass_through():
    assert check_probabilities(pd.Series([0.0, 0.5, 1.0])).tolist() == [0.0, 0.5, 1.0]


@pytest.mark.parametrize(
    ("values", "phrase"),
    [
        ([0.2, 1.4], r"outside \[0, 1\]"),
        ([-0.1, 0.3], r"outside \[0, 1\]"),
        (["0.2", "high"], "non-numeric"),
        ([0.2, np.nan], "empty rows"),
    ],
)
def test_bad_probabilities(values, phrase):
    with pytest.raises(InputError, match=phrase):
        check_probabilities(pd.Series(values, name="score"), file="p.csv")


def test_require_columns_suggests_near_names():
    frame = pd.DataFrame({"label": [1], "prediction": [1], "Sex": ["f"]})
    with pytest.raises(InputError, match=r"did you mean 'prediction'"):
        require_columns(frame, ["predicton"], file="p.csv")
    with pytest.raises(InputError, match=r"did you mean 'Sex'"):
        require_columns(frame, ["sex"])
    with pytest.raises(InputError, match="the file has 'label', 'prediction', 'Sex'"):
        require_columns(frame, ["zzzzzz"])
    require_columns(frame, ["label", None])


def test_missing_report_counts_and_fractions():
    report = missing_report(pd.DataFrame({"a": [1, None, None, 4], "b": [1, 2, 3, 4]}))
    assert report.counts == {"a": 2, "b": 0}
    assert report.fractions["a"] == 0.5
    assert report.columns_with_missing == ["a"]
