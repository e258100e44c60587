"""Performance with and without labels: CBPE against realised metrics, the calibration check, fairness, cost."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score

from lib.analysis import TableSource
from lib.drift import DriftSpec, binned_auc, drift_cost, run_drift, simulate_scores
from lib.errors import InputError


def tables(reference: pd.DataFrame, current: pd.DataFrame) -> dict[str, TableSource]:
    return {
        "reference": TableSource(reference, "reference.csv", "a" * 64),
        "current": TableSource(current, "current.csv", "b" * 64),
    }


def test_cbpe_estimates_land_within_their_intervals_in_at_least_90_percent_of_chunks():
    reference = simulate_scores(20_000, seed=1, months=12)
    reference["date"] = reference["date"] - np.timedelta64(366, "D")
    current = simulate_scores(60_000, seed=2, months=12)
    spec = DriftSpec(columns=("score",), score="score", label="label", date="date", chunk="week", n_boot=200)
    perf = run_drift(spec, tables(reference, current)).performance
    assert perf.estimated_status == "estimated"
    checks = []
    for chunk in perf.chunks:
        for metric in ("accuracy", "precision", "recall", "f1", "auc"):
            low, high = chunk.ci[metric]
            checks.append(low <= chunk.realised[metric] <= high)
    assert len(perf.chunks) >= 50
    assert np.mean(checks) >= 0.9


def test_realised_metrics_match_scikit_learn():
    data = simulate_scores(5_000, seed=3)
    spec = DriftSpec(columns=("score",), score="score", label="label", threshold=0.4, n_boot=100)
    perf = run_drift(spec, tables(data, data)).performance
    predicted = data["score"] >= 0.4
    realised = perf.realised["current"]
    assert realised["accuracy"] == pytest.approx(accuracy_score(data["label"], predicted))
    assert realised["auc"] == pytest.approx(roc_auc_score(data["label"], data["score"]), abs=2e-4)
    assert realised["brier"] == pytest.approx(float(((data["score"] - data["label"]) ** 2).mean()))
    assert perf.realised["difference"]["accuracy"] == 0.0
    low, high = perf.realised["difference_ci"]["accuracy"]
    assert low <= 0.0 <= high
    estimated_on_reference = perf.reference_estimated
    for metric, oracle in (("precision", precision_score), ("recall", recall_score), ("f1", f1_score)):
        assert estimated_on_reference[metric] == pytest.approx(oracle(data["label"], predicted), abs=0.03)


def test_binned_auc_counts_ties_as_half_like_scikit_learn():
    positives, negatives = np.array([1.0, 3.0, 0.0, 2.0]), np.array([2.0, 1.0, 4.0, 0.0])
    scores = np.repeat(np.arange(4), (positives + negatives).astype(int))
    labels = np.concatenate([[1] * int(p) + [0] * int(n) for p, n in zip(positives, negatives, strict=True)])
    assert float(binned_auc(positives, negatives)) == pytest.approx(roc_auc_score(labels, scores))


def test_miscalibrated_reference_scores_refuse_the_estimate_with_the_reason():
    reference = simulate_scores(20_000, seed=4, calibrated=False)
    current = simulate_scores(20_000, seed=5, calibrated=False)
    perf = run_drift(
        DriftSpec(columns=("score",), score="score", label="label"), tables(reference, current)
    ).performance
    assert perf.estimated_status == "refused"
    assert "not calibrated" in perf.estimated_reason and "Hosmer-Lemeshow" in perf.estimated_reason
    assert perf.estimated == {} and perf.calibration.calibrated is False


def test_no_reference_labels_refuse_the_estimate():
    reference = simulate_scores(2_000, seed=6).drop(columns="label")
    current = simulate_scores(2_000, seed=7)
    perf = run_drift(
        DriftSpec(columns=("score",), score="score", label="label"), tables(reference, current)
    ).performance
    assert perf.estimated_status == "refused" and "no labels" in perf.estimated_reason


def test_late_labels_leave_unlabelled_chunks_estimated_only():
    reference = simulate_scores(10_000, seed=8, months=3)
    reference["date"] = reference["date"] - np.timedelta64(365, "D")
    current = simulate_scores(10_000, seed=9, months=3)
    current["label"] = current["label"].astype(float)
    current.loc[current["date"] >= np.datetime64("2025-03-01"), "label"] = np.nan
    spec = DriftSpec(columns=("score",), score="score", label="label", date="date", chunk="month", n_boot=100)
    perf = run_drift(spec, tables(reference, current)).performance
    march = perf.chunks[-1]
    assert march.labelled == 0 and march.realised["accuracy"] is None and march.estimated["accuracy"] is not None
    assert perf.chunks[0].labelled == perf.chunks[0].rows


def test_scores_outside_zero_one_are_refused_naming_the_file_and_column():
    reference = simulate_scores(500, seed=10)
    current = simulate_scores(500, seed=11)
    current.loc[3, "score"] = 1.7
    with pytest.raises(InputError, match=r"file 'current.csv', column 'score'.*scores from 0 to 1.*1 scores outside"):
        run_drift(DriftSpec(columns=("score",), score="score", label="label"), tables(reference, current))


def test_fairness_without_labels_matches_the_audit_once_labels_arrive():
    reference = simulate_scores(40_000, seed=12, groups=3)
    current = simulate_scores(40_000, seed=13, groups=3)
    spec = DriftSpec(columns=("score",), score="score", label="label", sensitive=("group",), n_boot=200)
    perf = run_drift(spec, tables(reference, current)).performance
    assert [g.group for g in perf.fairness] == ["g0", "g1", "g2"]
    inside = []
    for g in perf.fairness:
        rows = current[current["group"] == g.group]
        assert g.selection_rate == pytest.approx(float((rows["score"] >= 0.5).mean()))
        realised_tpr = float((rows["score"][rows["label"] == 1] >= 0.5).mean())
        assert g.realised["true_positive_rate"] == pytest.approx(realised_tpr)
        for rate in ("true_positive_rate", "false_positive_rate"):
            low, high = g.ci[rate]
            inside.append(low <= g.realised[rate] <= high)
        assert g.calibrated is True
    assert sum(inside) >= 5
    dpd = perf.disparities["group"]["demographic_parity_difference"]
    assert dpd == pytest.approx(
        max(g.selection_rate for g in perf.fairness) - min(g.selection_rate for g in perf.fairness)
    )


def test_drift_cost_by_hand():
    reference = np.array([0.30, 0.10, 0.10, 0.50])
    current = np.array([0.25, 0.12, 0.15, 0.48])
    draws = np.tile(current, (20, 1)) + np.linspace(-0.01, 0.01, 20)[:, None] * np.array([1, -1, -1, 1])
    cost = drift_cost(reference, current, draws, value_tp=100.0, cost_fp=10.0, cost_fn=50.0, volume=1_000)
    # -1,000 x (-0.05 x 100 - 0.02 x 10 - 0.05 x 50) = 7,700 per period.
    assert cost.likely == pytest.approx(7_700.0)
    assert cost.low < cost.likely < cost.high
    assert cost.to_dict()["range"] == {
        "low": cost.low,
        "likely": cost.likely,
        "high": cost.high,
        "distribution": "pert",
    }


def test_the_cost_of_drift_reaches_the_result():
    reference = simulate_scores(10_000, seed=14)
    current = simulate_scores(10_000, seed=15)
    current["score"] = np.clip(current["score"] * 0.8, 0, 1)
    spec = DriftSpec(
        columns=("score",), score="score", label="label", value_tp=100.0, cost_fp=10.0, cost_fn=50.0, volume=5_000
    )
    perf = run_drift(spec, tables(reference, current)).performance
    assert perf.cost is not None and perf.cost.volume == 5_000
    assert perf.cost.low <= perf.cost.likely <= perf.cost.high
