"""Bad input to explanations: each gets one clear InputError."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from lib.errors import InputError
from lib.explain import (
    check_model_file,
    explain_trained,
    explain_uploaded,
    fit_encoder,
    load_model,
    prepare_target,
    untrusted_types,
)
from tests.lib.explain.fixtures import make_table

FEATURES = ["x1", "x2", "colour", "group"]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return make_table(200)


@pytest.fixture(scope="module")
def hgb_bytes(table) -> bytes:
    model = HistGradientBoostingClassifier(max_iter=10, random_state=0).fit(table[["x1", "x2"]], table["outcome"])
    return sio.dumps(model)


def test_target_with_one_class(table):
    with pytest.raises(InputError, match="only one class") as error:
        explain_trained(table.assign(outcome="yes"), target="outcome", features=FEATURES)
    assert "column 'outcome'" in str(error.value)


def test_all_missing_feature(table):
    with pytest.raises(InputError, match="no values at all") as error:
        explain_trained(table.assign(empty=np.nan), target="outcome", features=[*FEATURES, "empty"])
    assert "column 'empty'" in str(error.value)


def test_text_column_with_many_distinct_values_is_dropped_with_a_note():
    rng = np.random.default_rng(0)
    n = 30_000
    frame = pd.DataFrame(
        {
            "x": rng.normal(size=n),
            "comment": [f"note {i % 25_000}" for i in range(n)],
            "y": rng.choice(["a", "b"], size=n),
        }
    )
    encoder, notes = fit_encoder(frame, ["x", "comment"], encoding="ordinal")
    assert encoder.features == ["x"]
    assert any("comment (25,000 distinct values)" in note for note in notes)


def test_only_unusable_features_is_an_input_error():
    frame = pd.DataFrame({"comment": [f"t{i}" for i in range(500)], "y": [0, 1] * 250})
    with pytest.raises(InputError, match="no usable feature"):
        fit_encoder(frame, ["comment"], encoding="ordinal")


def test_regression_target_given_to_a_classifier(table):
    with pytest.raises(InputError, match="looks like a regression target") as error:
        prepare_target(table["amount"], task="classification")
    assert "column 'amount'" in str(error.value)


def test_text_target_given_to_a_regression(table):
    with pytest.raises(InputError, match="numeric"):
        prepare_target(table["outcome"], task="regression")


def test_regression_target_given_to_an_uploaded_classifier(table):
    model = LogisticRegression().fit(table[["x1", "x2"]], table["outcome"])
    with pytest.raises(InputError, match="regression target"):
        explain_uploaded(table, model, target="amount")


def test_unknown_feature_names_the_column(table):
    with pytest.raises(InputError, match="features not in the data") as error:
        explain_trained(table, target="outcome", features=["x1", "nope"])
    assert "nope" in str(error.value)


def test_unknown_target_suggests_a_near_name(table):
    with pytest.raises(InputError, match="outcome"):
        explain_trained(table, target="outcom", features=FEATURES)


@pytest.mark.parametrize("name", ["model.pkl", "model.pickle", "model.joblib"])
def test_pickle_and_joblib_files_are_refused_by_extension(name):
    with pytest.raises(InputError, match="arbitrary code") as error:
        check_model_file(b"PK\x03\x04 whatever", name)
    assert name in str(error.value)


@pytest.mark.parametrize("protocol", [2, 4, 5])
def test_pickle_files_are_refused_by_their_first_bytes_whatever_the_name(protocol):
    data = pickle.dumps({"a": 1}, protocol=protocol)
    assert data[0] == 0x80
    with pytest.raises(InputError, match="pickle"):
        untrusted_types(data, "model.skops")


def test_corrupt_skops_file(hgb_bytes):
    with pytest.raises(InputError, match=r"damaged|not a readable skops") as error:
        untrusted_types(hgb_bytes[: len(hgb_bytes) // 2], "model.skops")
    assert "model.skops" in str(error.value)
    with pytest.raises(InputError, match="not a readable skops"):
        untrusted_types(b"hello, not a zip", "model.skops")


def test_untrusted_types_are_listed_and_must_be_approved(hgb_bytes):
    listed = untrusted_types(hgb_bytes, "model.skops")
    assert listed == sorted(sio.get_untrusted_types(data=hgb_bytes))
    assert listed  # the tree predictor is not trusted by default
    with pytest.raises(InputError, match="not approved") as error:
        load_model(hgb_bytes, "model.skops", trusted=[])
    assert listed[0] in str(error.value)
    model = load_model(hgb_bytes, "model.skops", trusted=listed)
    assert hasattr(model, "predict_proba")


def test_model_expecting_missing_columns_names_them(table, hgb_bytes):
    model = load_model(hgb_bytes, "model.skops", trusted=untrusted_types(hgb_bytes, "model.skops"))
    with pytest.raises(InputError, match="expects columns") as error:
        explain_uploaded(table.drop(columns=["x2"]), model, target="outcome")
    assert "missing x2" in str(error.value)


def test_uploaded_tree_model_adds_up_and_reports_metrics(table, hgb_bytes):
    model = load_model(hgb_bytes, "model.skops", trusted=untrusted_types(hgb_bytes, "model.skops"))
    result = explain_uploaded(table, model, target="outcome", model_name="model.skops")
    assert result.explainer == "tree" and result.output_space == "log-odds"
    assert result.additivity_ok
    assert set(result.metrics) == {"accuracy", "f1", "auc"}
    assert result.features == ("x1", "x2")


def test_uploaded_pipeline_is_explained_through_its_last_step(table):
    pipeline = make_pipeline(StandardScaler(), LinearRegression()).fit(table[["x1", "x2"]], table["amount"])
    data = sio.dumps(pipeline)
    model = load_model(data, "pipe.skops", trusted=untrusted_types(data, "pipe.skops"))
    result = explain_uploaded(table, model, target="amount")
    assert result.explainer == "linear" and result.output_space == "raw"
    assert result.additivity_ok
    assert set(result.metrics) == {"r2", "mae"}


@pytest.mark.parametrize("model", ["linear", "rf"])
def test_infinite_values_are_refused_by_linear_and_forest_models_naming_the_column(table, model):
    frame = table.assign(x2=np.where(table.index % 50 == 0, -np.inf, table["x2"]))
    with pytest.raises(InputError, match="infinite values") as error:
        explain_trained(frame, target="outcome", model=model, features=["x1", "x2"])
    assert "column 'x2'" in str(error.value) and "4 infinite values" in str(error.value)


def test_gradient_boosting_takes_infinite_values_and_still_adds_up(table):
    frame = table.assign(x2=np.where(table.index % 50 == 0, np.inf, table["x2"]))
    result = explain_trained(frame, target="outcome", model="hgb", features=["x1", "x2"])
    assert result.additivity_ok
