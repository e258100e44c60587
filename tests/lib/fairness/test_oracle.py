"""Every disparity and group metric against Fairlearn on the real Adult predictions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fairlearn import metrics as flm
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import accuracy_score, balanced_accuracy_score, precision_score

from lib.fairness import audit

FAIRLEARN_DISPARITIES = (
    "demographic_parity_difference",
    "demographic_parity_ratio",
    "equalized_odds_difference",
    "equalized_odds_ratio",
    "equal_opportunity_difference",
    "equal_opportunity_ratio",
    "false_positive_rate_difference",
    "accuracy_score_difference",
)

GROUP_METRICS = {
    "selection_rate": flm.selection_rate,
    "true_positive_rate": flm.true_positive_rate,
    "false_positive_rate": flm.false_positive_rate,
    "true_negative_rate": flm.true_negative_rate,
    "false_negative_rate": flm.false_negative_rate,
    "precision": lambda y, p: precision_score(y, p, zero_division=np.nan),
    "accuracy": accuracy_score,
    "balanced_accuracy": balanced_accuracy_score,
    "base_rate": lambda y, p: float(np.mean(y)),
}

SENSITIVE = [["sex"], ["race"], ["sex", "race"]]


@pytest.fixture(scope="module")
def results(adult):
    return {
        tuple(columns): audit(
            adult, label="label", prediction="prediction", sensitive=columns, intersectional=True, n_boot=50, seed=1
        )
        for columns in SENSITIVE
    }


@pytest.mark.parametrize("columns", SENSITIVE, ids=lambda c: "+".join(c))
@pytest.mark.parametrize("name", FAIRLEARN_DISPARITIES)
def test_disparity_equals_fairlearn(adult, results, columns, name):
    result = results[tuple(columns)]
    ours = next(d for d in result.disparities if d.name == name)
    # Fairlearn counts 0/0 as 0; the comparison is only meaningful where every rate is defined.
    assert ours.groups_left_out == ()
    expected = getattr(flm, name)(adult["label"], adult["prediction"], sensitive_features=adult[columns])
    assert ours.value == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("columns", SENSITIVE, ids=lambda c: "+".join(c))
def test_group_metrics_equal_metricframe(adult, results, columns):
    frame = flm.MetricFrame(
        metrics=GROUP_METRICS, y_true=adult["label"], y_pred=adult["prediction"], sensitive_features=adult[columns]
    )
    by_group = frame.by_group
    for group in results[tuple(columns)].groups:
        key = tuple(group.group[c] for c in columns)
        row = by_group.loc[key if len(key) > 1 else key[0]]
        for metric in GROUP_METRICS:
            assert group.metrics[metric] == pytest.approx(row[metric], abs=1e-12), (group.name, metric)
    assert sum(g.count for g in results[tuple(columns)].groups) == len(adult)


def test_overall_equals_metricframe(adult, results):
    frame = flm.MetricFrame(
        metrics=GROUP_METRICS, y_true=adult["label"], y_pred=adult["prediction"], sensitive_features=adult["sex"]
    )
    for metric, value in frame.overall.items():
        assert results[("sex",)].overall[metric] == pytest.approx(value, abs=1e-12)


def test_four_fifths_rule_is_the_selection_rate_ratio(adult, results):
    result = results[("race",)]
    rule = next(d for d in result.disparities if d.name == "four_fifths_rule")
    ratio = next(d for d in result.disparities if d.name == "demographic_parity_ratio")
    assert rule.value == ratio.value
    rates = {g.name: g.metrics["selection_rate"] for g in result.groups}
    top = max(rates.values())
    assert rule.details["groups_below"] == [n for n, r in rates.items() if r / top < 0.8]


def test_per_column_views_match_fairlearn_per_column(adult):
    result = audit(adult, label="label", prediction="prediction", sensitive=["sex", "race"], n_boot=50)
    assert result.attributes == ("sex", "race")
    for column in ("sex", "race"):
        ours = next(d for d in result.disparities if d.name == "equalized_odds_difference" and d.attribute == column)
        expected = flm.equalized_odds_difference(adult["label"], adult["prediction"], sensitive_features=adult[column])
        assert ours.value == pytest.approx(expected, abs=1e-12)


def test_all_positive_group_is_undefined_not_zero():
    """A group with no actual negatives: Fairlearn reports FPR 0, we report undefined and leave it out."""
    frame = pd.DataFrame(
        {
            "label": [*[1, 1, 1, 1], *[0, 1, 0, 1, 0, 0], *[1, 0, 0, 1, 1, 0]],
            "prediction": [*[1, 0, 1, 1], *[1, 1, 0, 0, 0, 1], *[1, 1, 0, 1, 0, 0]],
            "group": ["all_pos"] * 4 + ["b"] * 6 + ["c"] * 6,
        }
    )
    result = audit(frame, label="label", prediction="prediction", sensitive=["group"], n_boot=50)
    by_name = {g.name: g for g in result.groups}
    assert by_name["all_pos"].metrics["false_positive_rate"] is None
    assert "false_positive_rate" in by_name["all_pos"].undefined
    fairlearn_fpr = flm.MetricFrame(
        metrics=flm.false_positive_rate,
        y_true=frame["label"],
        y_pred=frame["prediction"],
        sensitive_features=frame["group"],
    ).by_group["all_pos"]
    assert fairlearn_fpr == 0.0

    others = frame[frame["group"] != "all_pos"]
    fpr_gap = next(d for d in result.disparities if d.name == "false_positive_rate_difference")
    assert fpr_gap.groups_left_out == ("all_pos",)
    assert fpr_gap.value == pytest.approx(
        flm.false_positive_rate_difference(others["label"], others["prediction"], sensitive_features=others["group"]),
        abs=1e-12,
    )
    # TPR is defined everywhere, so equal opportunity still matches Fairlearn on all rows.
    opportunity = next(d for d in result.disparities if d.name == "equal_opportunity_difference")
    assert opportunity.value == pytest.approx(
        flm.equal_opportunity_difference(frame["label"], frame["prediction"], sensitive_features=frame["group"]),
        abs=1e-12,
    )
    assert any("all_pos" in note and "false positive rate" in note for note in result.notes)


def test_intervals_agree_with_fairlearn_row_bootstrap(german):
    """Count-based resampling and Fairlearn's row resampling estimate the same interval."""
    ours = audit(german, label="label", prediction="prediction", sensitive=["sex"], n_boot=2000, seed=3)
    frame = flm.MetricFrame(
        metrics=flm.selection_rate,
        y_true=german["label"],
        y_pred=german["prediction"],
        sensitive_features=german["sex"],
        n_boot=400,
        ci_quantiles=[0.025, 0.975],
        random_state=5,
    )
    low, high = frame.by_group_ci[0], frame.by_group_ci[1]
    for group in ours.groups:
        ci = group.ci["selection_rate"]
        assert ci[0] == pytest.approx(low[group.name], abs=0.02)
        assert ci[1] == pytest.approx(high[group.name], abs=0.02)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(40, 300), n_groups=st.integers(2, 4))
def test_random_data_matches_fairlearn_wherever_rates_are_defined(seed, n, n_groups):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "label": rng.integers(0, 2, n),
            "prediction": rng.integers(0, 2, n),
            "group": rng.choice([f"g{i}" for i in range(n_groups)], n),
        }
    )
    result = audit(frame, label="label", prediction="prediction", sensitive=["group"], n_boot=50, seed=seed)
    for item in result.disparities:
        if item.groups_left_out or item.name == "four_fifths_rule":
            continue
        if item.name.startswith("predictive_parity"):
            # Not a Fairlearn function: the gap in precision per group, computed by MetricFrame.
            by_group = flm.MetricFrame(
                metrics=precision_score,
                y_true=frame["label"],
                y_pred=frame["prediction"],
                sensitive_features=frame["group"],
            )
            expected = by_group.difference() if item.kind == "difference" else by_group.ratio()
        else:
            expected = getattr(flm, item.name)(frame["label"], frame["prediction"], sensitive_features=frame["group"])
        assert item.value == pytest.approx(expected, abs=1e-12), item.name
