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


def compas_like(n: int = 400, seed: int = 0) -> pd.DataFrame:
    """A frame shaped like ProPublica's COMPAS file: the model's outputs beside the real outcome."""
    rng = np.random.default_rng(seed)
    decile = rng.integers(1, 11, n)
    recid = (rng.random(n) < 0.15 + 0.06 * decile).astype(int)
    return pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "sex": rng.choice(["Male", "Female"], n),
            "race": rng.choice(["African-American", "Caucasian", "Hispanic"], n),
            "age": rng.integers(18, 70, n),
            "decile_score": decile,
            "high_risk": (decile >= 5).astype(int),
            "is_recid": recid,
            "two_year_recid": recid,
        }
    )


def test_compas_label_is_the_outcome_and_the_risk_flag_is_the_prediction():
    roles = infer_roles(compas_like())
    assert roles.label == "two_year_recid"
    assert roles.prediction == "high_risk"
    assert set(roles.sensitive) == {"sex", "race"}
    assert "decile_score" in roles.features


def test_a_label_that_is_a_threshold_of_the_score_loses_to_an_honest_outcome():
    rng = np.random.default_rng(1)
    score = rng.random(300)
    frame = pd.DataFrame({"label": (score >= 0.5).astype(int), "score": score, "outcome": rng.integers(0, 2, 300)})
    assert infer_roles(frame).label == "outcome"


def test_a_risk_named_column_is_never_the_label_while_an_outcome_exists():
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({"risk": rng.integers(0, 2, 100), "churn": rng.integers(0, 2, 100)})
    roles = infer_roles(frame)
    assert roles.label == "churn" and roles.prediction == "risk"
