"""Role inference and the user's corrections."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lib.data import ColumnRoles, infer_roles, roles_from_assignments
from lib.errors import InputError


def test_inference_on_a_typical_prediction_log():
    rng = np.random.default_rng(0)
    n = 50
    frame = pd.DataFrame(
        {
            "record_id": np.arange(n),
            "date": pd.date_range("2025-01-01", periods=n).strftime("%Y-%m-%d"),
            "gender": rng.choice(["f", "m"], n),
            "race": rng.choice(["a", "b", "c"], n),
            "income": rng.integers(1000, 5000, n),
            "y_true": rng.integers(0, 2, n),
            "y_pred": rng.integers(0, 2, n),
            "y_prob": rng.random(n),
            "hours_per_week": rng.integers(10, 60, n),
        }
    )
    roles = infer_roles(frame)
    assert roles.id == "record_id"
    assert roles.date == "date"
    assert roles.label == "y_true"
    assert roles.prediction == "y_pred"
    assert roles.score == "y_prob"
    assert roles.sensitive == ("gender", "race")
    # "income" here is a number, not a two-valued label; "week" in a name is not a date
    assert "income" in roles.features and "hours_per_week" in roles.features


def test_every_column_gets_exactly_one_role():
    frame = pd.DataFrame({"a": [1, 2], "sex": ["f", "m"], "label": [0, 1]})
    roles = infer_roles(frame)
    assignment = roles.assignments(list(frame.columns))
    assert assignment == {"a": "feature", "sex": "sensitive", "label": "label"}


def test_round_trip_through_assignments():
    roles = ColumnRoles(label="y", prediction="p", score="s", id="i", date="d", sensitive=("g",), features=("x", "z"))
    columns = ["i", "d", "g", "x", "z", "y", "p", "s", "unused"]
    assignments = roles.assignments(columns)
    assert assignments["unused"] == "ignore"
    assert roles_from_assignments(assignments) == roles


def test_two_labels_are_refused():
    with pytest.raises(InputError, match=r"only one column can be the label.*both 'a' and 'b'"):
        roles_from_assignments({"a": "label", "b": "label"}, file="f.csv")


def test_unknown_role_is_refused():
    with pytest.raises(InputError, match="unknown column role"):
        roles_from_assignments({"a": "target"})
