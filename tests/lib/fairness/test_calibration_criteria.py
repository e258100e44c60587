"""Calibration per group against scikit-learn and scipy, predictive parity, the criteria summary, mitigation gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest
from sklearn.metrics import brier_score_loss

from lib.fairness import audit, audit_report, mitigate
from lib.fairness._calibration import wilson_interval


@pytest.fixture(scope="module")
def german_audit(german):
    return audit(german, label="label", score="score", sensitive=["sex", "age_group"], n_boot=100)


def test_brier_and_ece_match_independent_computations(german, german_audit):
    for group in german_audit.calibration.groups:
        rows = german[group.attribute].astype(str) == group.group
        y, s = german.loc[rows, "label"].to_numpy(), german.loc[rows, "score"].to_numpy()
        assert group.brier == pytest.approx(brier_score_loss(y, s), abs=1e-12)
        bins = np.minimum((s * 10).astype(int), 9)
        ece = sum(abs(y[bins == b].mean() - s[bins == b].mean()) * (bins == b).sum() for b in np.unique(bins)) / len(y)
        assert group.ece == pytest.approx(ece, abs=1e-12)


@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 10), (10, 10), (47, 120)])
def test_wilson_interval_matches_scipy(k, n):
    low, high = wilson_interval(np.array([k]), np.array([n]))
    expected = binomtest(k, n).proportion_ci(method="wilson")
    assert low[0] == pytest.approx(expected.low, abs=1e-12) and high[0] == pytest.approx(expected.high, abs=1e-12)


def test_predictive_parity_is_the_precision_gap(german_audit):
    headline = {d.name: d for d in german_audit.disparities if d.attribute == "sex"}
    precision = {g.name: g.metrics["precision"] for g in german_audit.groups if g.attribute == "sex"}
    assert headline["predictive_parity_difference"].value == pytest.approx(
        max(precision.values()) - min(precision.values())
    )
    assert headline["predictive_parity_ratio"].value == pytest.approx(min(precision.values()) / max(precision.values()))


def test_criteria_summary_reads_base_rates_and_lists_every_criterion(german_audit):
    summary = german_audit.criteria
    assert summary.base_rates_differ is True and "under 25" in summary.base_rates
    names = [c.criterion for c in summary.checks]
    assert "calibration within groups" in names and "equal precision (predictive parity)" in names
    assert "cannot be calibrated in every group and have equal error rates" in summary.explanation
    markdown = audit_report(german_audit).to_markdown()
    for text in ("## Calibration", "Which fairness criterion", "expected calibration error", "punitive"):
        assert text in markdown


def test_no_calibration_for_predictions_or_scores_on_another_scale(german):
    assert audit(german, label="label", prediction="prediction", sensitive=["sex"], n_boot=60).calibration is None
    scaled = german.assign(score=german["score"] * 10)
    assert audit(scaled, label="label", score="score", threshold=5, sensitive=["sex"], n_boot=60).calibration is None


def test_mitigation_leaves_out_groups_with_one_outcome_and_names_them(adult):
    result = mitigate(adult, label="label", score="score", sensitive=["sex", "race", "native_country"], n_boot=50)
    assert result.notes and "holding one outcome only" in result.notes[0]
    left_out = result.predictions.assign(
        group=result.predictions[["sex", "race", "native_country"]].astype(str).agg(" × ".join, axis=1)
    )
    single = left_out.groupby("group")["label"].nunique() == 1
    kept = left_out[left_out["group"].isin(single[single].index)]
    assert (kept["prediction_before"] == kept["prediction_after"]).all() and len(kept) > 0


def test_mitigation_with_no_two_outcome_groups_says_why():
    frame = pd.DataFrame({"label": [1] * 40 + [0] * 40, "score": np.linspace(0, 1, 80), "g": ["a"] * 40 + ["b"] * 40})
    with pytest.raises(Exception, match="fewer than two groups hold both outcomes"):
        mitigate(frame, label="label", score="score", sensitive=["g"], n_boot=50)
