"""Threshold sweep against direct audits and Fairlearn; mitigation against ThresholdOptimizer itself."""

from __future__ import annotations

import numpy as np
import pytest
from fairlearn import metrics as flm
from fairlearn.postprocessing import ThresholdOptimizer

from lib.errors import InputError
from lib.export import to_csv_bytes
from lib.fairness import audit, explore_thresholds, mitigate
from lib.fairness._mitigation import ScoreColumn

from .conftest import make_frame


@pytest.mark.parametrize("threshold", [0.2, 0.5, 0.71])
def test_sweep_matches_fairlearn_at_each_threshold(german, threshold):
    sweep = explore_thresholds(german, label="label", score="score", sensitive=["age_group"], thresholds=[threshold])
    predicted = (german["score"] >= threshold).astype(int)
    frame = flm.MetricFrame(
        metrics={"selection_rate": flm.selection_rate, "true_positive_rate": flm.true_positive_rate},
        y_true=german["label"],
        y_pred=predicted,
        sensitive_features=german["age_group"],
    )
    for row in sweep.by_group.itertuples():
        assert row.selection_rate == pytest.approx(frame.by_group.loc[row.group, "selection_rate"], abs=1e-12)
        assert row.true_positive_rate == pytest.approx(frame.by_group.loc[row.group, "true_positive_rate"], abs=1e-12)
    curve = sweep.tradeoff.iloc[0]
    assert curve["demographic_parity_difference"] == pytest.approx(
        flm.demographic_parity_difference(german["label"], predicted, sensitive_features=german["age_group"]), abs=1e-12
    )
    assert curve["accuracy"] == pytest.approx((predicted == german["label"]).mean(), abs=1e-12)


def test_sweep_agrees_with_the_audit_and_is_monotone():
    frame = make_frame(2, n=500)
    sweep = explore_thresholds(frame, label="label", score="score", sensitive=["group", "band"])
    assert set(sweep.by_group["attribute"]) == {"group", "band"}
    for _, rows in sweep.by_group.groupby(["attribute", "group"]):
        # Raising the threshold can only say yes to fewer people.
        assert (np.diff(rows.sort_values("threshold")["selection_rate"].to_numpy()) <= 1e-12).all()
    t = float(sweep.tradeoff["threshold"].iloc[40])
    result = audit(frame, label="label", score="score", threshold=t, sensitive=["group"], n_boot=50)
    at_t = sweep.by_group[(sweep.by_group["threshold"] == t) & (sweep.by_group["attribute"] == "group")]
    for g in result.groups:
        assert at_t.set_index("group").loc[g.name, "false_positive_rate"] == pytest.approx(
            g.metrics["false_positive_rate"], abs=1e-12
        )


@pytest.mark.parametrize(
    "constraint", ["demographic_parity", "equalized_odds", "true_positive_rate_parity", "false_positive_rate_parity"]
)
def test_mitigation_equals_threshold_optimizer(adult, constraint):
    sample = adult.sample(4000, random_state=0).reset_index(drop=True)
    result = mitigate(sample, label="label", score="score", sensitive=["sex"], constraint=constraint, n_boot=50, seed=3)
    optimizer = ThresholdOptimizer(
        estimator=ScoreColumn(), constraints=constraint, prefit=True, predict_method="predict"
    )
    optimizer.fit(sample[["score"]], sample["label"], sensitive_features=sample["sex"])
    expected = optimizer.predict(sample[["score"]], sensitive_features=sample["sex"], random_state=3)
    np.testing.assert_array_equal(result.predictions["prediction_after"].to_numpy(), expected)
    assert set(result.thresholds["group"]) == {"Female", "Male"}
    shares = result.thresholds.groupby("group")["share of the group"].sum()
    np.testing.assert_allclose(shares.to_numpy(), 1.0)
    csv = to_csv_bytes(result.predictions).decode()
    assert csv.splitlines()[0].startswith("row,sex,label,score,prediction_before,prediction_after")


def test_demographic_parity_mitigation_narrows_the_gap(adult):
    result = mitigate(
        adult, label="label", score="score", sensitive=["sex"], constraint="demographic_parity", n_boot=50
    )
    row = result.comparison.set_index("measure").loc["demographic_parity_difference"]
    assert row["after"] < 0.03 < row["before"]


def test_mitigation_refuses_an_unknown_constraint():
    with pytest.raises(InputError, match="unknown fairness constraint"):
        mitigate(make_frame(), label="label", score="score", sensitive=["group"], constraint="fair")  # type: ignore[arg-type]


def test_mitigation_leaves_out_a_group_with_one_class_and_says_so():
    frame = make_frame(4)
    frame.loc[frame["group"] == "a", "label"] = 1
    result = mitigate(frame, label="label", score="score", sensitive=["group"], n_boot=50)
    assert "holding one outcome only: a " in result.notes[0]
    kept = result.predictions[result.predictions["group"] == "a"]
    assert (kept["prediction_before"] == kept["prediction_after"]).all()
    frame.loc[frame["group"] == "b", "label"] = 0
    with pytest.raises(InputError, match="fewer than two groups hold both outcomes"):
        mitigate(frame, label="label", score="score", sensitive=["group"], n_boot=50)
