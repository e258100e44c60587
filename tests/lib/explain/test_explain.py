"""SHAP explanations checked against shap itself, hand-worked linear values and sklearn metrics."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import LinearRegression
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score

from lib.errors import InputError
from lib.explain import (
    ExplanationResult,
    compute_shap,
    explain_outputs,
    explain_trained,
    explanation_result,
    fit_surrogate,
    stratified_sample,
    train_model,
)
from lib.provenance import make_provenance
from tests.lib.explain.fixtures import make_table

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import shap

FEATURES = ["x1", "x2", "colour", "group"]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return make_table()


@pytest.mark.parametrize("model", ["hgb", "rf", "linear"])
@pytest.mark.parametrize(("target", "space"), [("outcome", None), ("amount", "raw")])
def test_values_add_up_for_every_model_family(table, model, target, space):
    result = explain_trained(table, target=target, model=model, features=FEATURES, seed=1)
    assert result.additivity_ok
    assert result.additivity_max_error < 1e-8
    assert result.n_explained == len(table)
    expected_space = space or {"hgb": "log-odds", "rf": "probability", "linear": "log-odds"}[model]
    assert result.output_space == expected_space
    assert result.explainer == ("linear" if model == "linear" else "tree")
    assert list(result.features) == FEATURES  # one-hot columns are summed back per feature


def test_model_output_is_the_models_own_output(table):
    trained = train_model(table, target="outcome", features=FEATURES, model="hgb", seed=0)
    values = compute_shap(trained.estimator, trained.x)
    np.testing.assert_allclose(values.model_output, trained.estimator.decision_function(trained.x))


@pytest.mark.parametrize("model", ["hgb", "rf"])
def test_global_importance_equals_mean_abs_shap_from_shap_directly(table, model):
    trained = train_model(table, target="outcome", features=FEATURES, model=model, seed=3)
    ours = compute_shap(trained.estimator, trained.x)
    direct = np.asarray(shap.TreeExplainer(trained.estimator).shap_values(trained.x))
    if direct.ndim == 3:
        direct = direct[:, :, 1]
    np.testing.assert_allclose(ours.values, direct, atol=1e-12)
    result = explain_trained(table, target="outcome", model=model, features=FEATURES, seed=3)
    expected = dict(zip(trained.x.columns, np.abs(direct).mean(axis=0), strict=True))
    assert list(result.global_importance) == sorted(expected, key=lambda f: -expected[f])
    for feature, value in result.global_importance.items():
        assert value == pytest.approx(expected[feature], abs=1e-12)


def test_linear_values_equal_coefficient_times_centred_value_by_hand():
    rng = np.random.default_rng(7)
    x = pd.DataFrame(rng.normal(size=(300, 3)) * [1.0, 5.0, 0.1] + [0, 10, -3], columns=["a", "b", "c"])
    y = 2 * x["a"] - 0.3 * x["b"] + 8 * x["c"] + rng.normal(size=300)
    model = LinearRegression().fit(x, y)
    values = compute_shap(model, x, background=x)
    by_hand = model.coef_ * (x.to_numpy() - x.to_numpy().mean(axis=0))
    np.testing.assert_allclose(values.values, by_hand, atol=1e-10)
    assert values.base_value == pytest.approx(model.predict(x).mean())


def test_linear_pipeline_values_match_hand_computation_through_the_scaler(table):
    trained = train_model(table, target="amount", features=["x1", "x2"], model="linear", seed=0)
    scaler, final = trained.estimator[0], trained.estimator[-1]
    background = trained.x.drop(index=list(trained.test_index))
    values = compute_shap(trained.estimator, trained.x, background=background)
    coef_per_unit = final.coef_ / scaler.scale_
    by_hand = coef_per_unit * (trained.x.to_numpy() - background.to_numpy().mean(axis=0))
    np.testing.assert_allclose(values.values, by_hand, atol=1e-9)


def test_surrogate_fidelity_matches_sklearn_metrics(table):
    frame = table.assign(score=1 / (1 + np.exp(-(table["x1"] - table["x2"]))))
    trained, fidelity = fit_surrogate(frame, outputs="score", features=FEATURES, fidelity_by="group", seed=0)
    test_rows = trained.x.loc[list(trained.test_index)]
    truth = frame.loc[test_rows.index, "score"]
    assert fidelity["metric"] == "r2"
    assert fidelity["overall"]["r2"] == pytest.approx(r2_score(truth, trained.estimator.predict(test_rows)))
    in_b = frame.loc[test_rows.index, "group"] == "b"
    assert fidelity["by_group"]["b"]["r2"] == pytest.approx(
        r2_score(truth[in_b], trained.estimator.predict(test_rows[in_b]))
    )
    assert fidelity["by_group"]["b"]["rows"] == int(in_b.sum())


def test_surrogate_fidelity_for_labels_uses_accuracy_and_auc(table):
    trained, fidelity = fit_surrogate(table, outputs="outcome", features=FEATURES, seed=0)
    test_rows = trained.x.loc[list(trained.test_index)]
    truth = (table.loc[test_rows.index, "outcome"] == "yes").astype(int)
    assert fidelity["overall"]["accuracy"] == pytest.approx(accuracy_score(truth, trained.estimator.predict(test_rows)))
    assert fidelity["overall"]["auc"] == pytest.approx(
        roc_auc_score(truth, trained.estimator.predict_proba(test_rows)[:, 1])
    )


def test_low_fidelity_is_warned_about(table):
    noisy = table.assign(score=np.random.default_rng(0).uniform(size=len(table)))
    result = explain_outputs(noisy, outputs="score", features=FEATURES, fidelity_by="group", seed=0)
    assert result.fidelity["overall"]["r2"] < 0.8
    assert any("poorly" in w for w in result.fidelity_warnings())
    assert result.to_dict()["warnings"]


def test_holdout_metrics_are_sklearn_metrics_on_the_seeded_split(table):
    trained = train_model(table, target="outcome", features=FEATURES, model="rf", seed=5)
    x_test = trained.x.loc[list(trained.test_index)]
    y_test = (table.loc[x_test.index, "outcome"] == "yes").astype(int)
    assert trained.metrics["auc"] == pytest.approx(roc_auc_score(y_test, trained.estimator.predict_proba(x_test)[:, 1]))
    assert trained.n_test == 100
    again = train_model(table, target="outcome", features=FEATURES, model="rf", seed=5)
    assert again.metrics == trained.metrics


def test_identifier_columns_are_left_out_with_a_note(table):
    result = explain_trained(table.drop(columns=["amount"]), target="outcome", model="linear", seed=0)
    assert "record_id" not in result.features
    assert any("record_id" in note for note in result.notes)
    back = explain_trained(table, target="outcome", model="linear", features=[*FEATURES, "record_id"], seed=0)
    assert "record_id" in back.features


def test_max_rows_draws_a_stratified_sample_and_says_so(table):
    result = explain_trained(table, target="outcome", model="hgb", features=FEATURES, max_rows=100, seed=0)
    assert result.n_explained == 100 and result.sampled
    assert any("stratified sample of 100 of 400" in note for note in result.notes)
    assert result.additivity_ok


def test_permutation_explainer_for_other_models_adds_up(table):
    from sklearn.neighbors import KNeighborsClassifier

    x = table[["x1", "x2"]]
    model = KNeighborsClassifier().fit(x, table["outcome"])
    values = compute_shap(model, x.head(20), background=x, seed=0)
    assert values.explainer == "permutation" and values.output_space == "probability"
    errors = np.abs(values.base_value + values.values.sum(axis=1) - values.model_output)
    assert errors.max() < 1e-8


def test_rows_are_found_by_id_or_row_number(table):
    from lib.data import infer_roles

    roles = infer_roles(table)
    assert roles.id == "record_id"
    result = explain_trained(table, target="outcome", model="linear", features=FEATURES, roles=roles, seed=0)
    assert result.row_position("1005") == 5
    with pytest.raises(InputError, match="no explained row"):
        result.row_position("77")


# --- laws ---------------------------------------------------------------------------------


def _result(values: np.ndarray, base: float) -> ExplanationResult:
    n, p = values.shape
    return explanation_result(
        task="regression",
        model="m",
        explainer="tree",
        output_space="raw",
        features=tuple(f"f{i}" for i in range(p)),
        values=values,
        base_value=base,
        model_output=base + values.sum(axis=1),
        row_ids=np.arange(n),
        data=pd.DataFrame(index=range(n)),
        metrics={},
        fidelity=None,
        notes=(),
        n_rows=n,
        background_rows=0,
        provenance=make_provenance(parameters={}),
    )


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 40),
    p=st.integers(1, 6),
    seed=st.integers(0, 10_000),
    base=st.floats(-5, 5),
)
def test_gap_contributions_sum_to_the_gap_exactly(n, p, seed, base):
    rng = np.random.default_rng(seed)
    values = rng.normal(size=(n, p)) * rng.uniform(0.01, 100)
    groups = np.array(["a", "b"] * n)[:n]
    result = _result(values, base)
    gap = result.explain_gap(pd.Series(groups), group_a="a", group_b="b")
    assert sum(gap.contributions.values()) == pytest.approx(gap.gap, rel=1e-9, abs=1e-9)
    outputs = result.model_output
    assert gap.gap == pytest.approx(outputs[groups == "a"].mean() - outputs[groups == "b"].mean(), rel=1e-9, abs=1e-9)


def test_gap_of_a_missing_group_is_an_input_error():
    result = _result(np.ones((4, 2)), 0.0)
    with pytest.raises(InputError, match="no explained rows"):
        result.explain_gap(pd.Series(["a"] * 4), group_a="a", group_b="z", column="sex")


@settings(max_examples=40, deadline=None)
@given(
    counts=st.lists(st.integers(1, 60), min_size=1, max_size=6),
    size=st.integers(1, 200),
    seed=st.integers(0, 1000),
)
def test_stratified_sample_keeps_every_stratum_and_its_share(counts, size, seed):
    strata = np.repeat(np.arange(len(counts)), counts)
    chosen = stratified_sample(strata, size, seed=seed)
    n = len(strata)
    assert len(np.unique(chosen)) == len(chosen)
    if size >= n:
        assert len(chosen) == n
        return
    taken = np.bincount(strata[chosen], minlength=len(counts))
    assert (taken >= 1).all()
    assert size <= len(chosen) <= size + len(counts)
    shares = np.array(counts) * size / n
    assert ((np.abs(taken - shares) <= 1 + 1e-9) | (taken == 1)).all()


@settings(max_examples=25, deadline=None)
@given(n=st.integers(3, 30), p=st.integers(1, 5), seed=st.integers(0, 1000))
def test_cohort_importance_weights_back_to_global_importance(n, p, seed):
    rng = np.random.default_rng(seed)
    result = _result(rng.normal(size=(n, p)), 0.0)
    groups = pd.Series(rng.choice(["x", "y"], size=n))
    cohorts = result.cohort_importance(groups)
    for feature, overall in result.global_importance.items():
        rows = cohorts[cohorts["feature"] == feature]
        weighted = (rows["mean_abs_shap"] * rows["rows"]).sum() / rows["rows"].sum()
        assert weighted == pytest.approx(overall)


def test_result_json_has_the_documented_keys(table):
    result = explain_trained(table, target="outcome", model="linear", features=FEATURES, seed=0)
    payload = result.to_dict()
    for key in (
        "task",
        "model",
        "explainer",
        "output_space",
        "metrics",
        "fidelity",
        "base_value",
        "global_importance",
        "additivity_max_error",
    ):
        assert key in payload
    importances = list(payload["global_importance"].values())
    assert importances == sorted(importances, reverse=True)
    frame = result.values_frame()
    assert list(frame.columns[-2:]) == ["base_value", "model_output"]
    recomputed = frame[list(result.features)].sum(axis=1) + frame["base_value"]
    np.testing.assert_allclose(recomputed, frame["model_output"], atol=1e-9)
