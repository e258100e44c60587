"""Model value against a hand-worked confusion matrix, its laws, its bootstrap and the ROI hand-off."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lib.analysis import TableSource, provenance_for, run
from lib.errors import InputError
from lib.launch import Confusion, ValueSpec, confusion_from_precision_recall, roi_case_spec, roi_prefill, run_value
from lib.roi import CaseSpec

MONEY = {"tp_value": 100.0, "fp_cost": 10.0, "fn_cost": 50.0, "review_cost": 2.0}


def value(frame, **fields):
    spec = ValueSpec(**{**MONEY, "label": "y", "score": "s", "n_boot": 200, **fields})
    return run_value(spec, TableSource(frame, "scores.csv", "0" * 64), provenance=provenance_for(spec))


SMALL = pd.DataFrame({"y": [1, 1, 0, 1, 0, 0, 0, 1], "s": [0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1]})


def test_value_by_hand_on_eight_cases():
    # Flag s >= 0.6: TP 3, FP 1, FN 1. Per case: (3*100 - 1*10 - 1*50 - 4*2) / 8 = 29.0; per 800 cases: 23,200.
    result = value(SMALL, volume=800, n_thresholds=11)
    row = result.value_by_threshold.set_index("threshold").loc[0.6]
    assert (row.tp, row.fp, row.fn, row.tn) == (3, 1, 1, 3)
    assert row.value_per_month == pytest.approx(23_200.0)
    # Flag all (s >= 0.1): (4*100 - 4*10 - 8*2) / 8 = 43.0 a case, the best of the eight cut points
    # (0.9: -6.5, 0.8: 12.0, 0.7: 10.5, 0.6: 29.0, 0.4: 27.5, 0.3: 26.0, 0.2: 24.5).
    assert result.best_threshold == pytest.approx(0.1)
    assert result.best_value_per_month == pytest.approx(34_400.0)
    none = next(b for b in result.baselines if b.name == "act on no case")
    everything = next(b for b in result.baselines if b.name == "act on every case")
    assert none.value_per_month == pytest.approx(-4 * 50 / 8 * 800)
    assert everything.value_per_month == pytest.approx((4 * 100 - 4 * 10 - 8 * 2) / 8 * 800)
    assert result.incremental_per_month == pytest.approx(34_400.0 + 20_000.0)
    # A dearer review moves the best threshold up: at $40 a review, 0.6 wins (10.0 a case against 5.0 for all).
    assert value(SMALL, volume=800, review_cost=40.0).best_threshold == pytest.approx(0.6)


def test_a_rule_column_is_valued_on_the_same_cases():
    frame = SMALL.assign(rule=[1, 0, 1, 0, 0, 0, 0, 1])
    result = value(frame, baseline_column="rule", baseline_name="old rule", volume=8)
    rule = next(b for b in result.baselines if b.name == "old rule")
    assert rule.value_per_month == pytest.approx(2 * 100 - 1 * 10 - 2 * 50 - 3 * 2)
    assert result.status_quo == "old rule"
    assert result.incremental_per_month == pytest.approx(result.best_value_per_month - rule.value_per_month)


def test_stated_matrix_and_precision_recall_point():
    assert confusion_from_precision_recall(precision=0.6, recall=0.75, base_rate=0.16, n_cases=1000) == Confusion(
        120, 80, 40, 760
    )
    spec = ValueSpec(**MONEY, stated=Confusion(120, 80, 40, 760), volume=1000, n_boot=200)
    result = run(spec)
    assert result.best_value_per_month == pytest.approx(120 * 100 - 80 * 10 - 40 * 50 - 200 * 2)
    assert result.best_value_ci[0] < result.best_value_per_month < result.best_value_ci[1]


def test_bootstrap_is_seeded_and_its_interval_holds_the_estimate():
    rng = np.random.default_rng(0)
    y = rng.random(3000) < 0.2
    frame = pd.DataFrame({"y": y.astype(int), "s": np.clip(rng.normal(0.3 + 0.3 * y, 0.15), 0, 1)})
    a, b = value(frame, seed=7), value(frame, seed=7)
    assert a.best_threshold_ci == b.best_threshold_ci and a.incremental_ci == b.incremental_ci
    assert a.best_threshold_ci[0] <= a.best_threshold <= a.best_threshold_ci[1]
    assert a.incremental_ci[0] <= a.incremental_per_month <= a.incremental_ci[1]
    assert value(frame, seed=8).incremental_ci != a.incremental_ci


@settings(max_examples=60, deadline=None)
@given(
    labels=st.lists(st.booleans(), min_size=2, max_size=40),
    scores=st.lists(st.floats(0, 1), min_size=40, max_size=40),
    costs=st.tuples(*(st.floats(0, 500) for _ in range(4))),
)
def test_value_at_the_best_threshold_is_never_below_any_other(labels, scores, costs):
    assume(any(labels) and not all(labels))
    frame = pd.DataFrame({"y": [int(v) for v in labels], "s": scores[: len(labels)]})
    money = dict(zip(("tp_value", "fp_cost", "fn_cost", "review_cost"), costs, strict=True))
    spec = ValueSpec(**money, label="y", score="s", positive="1", n_boot=100, n_thresholds=51)
    result = run_value(spec, TableSource(frame, "h.csv", None), provenance=provenance_for(spec))
    assert (result.value_by_threshold.value_per_month <= result.best_value_per_month + 1e-6).all()
    for b in result.baselines:
        assert b.value_per_month <= result.best_value_per_month + 1e-6


def test_roi_hand_off_builds_a_case_roi_accepts():
    rng = np.random.default_rng(1)
    y = rng.random(2000) < 0.3
    frame = pd.DataFrame({"y": y.astype(int), "s": np.clip(rng.normal(0.3 + 0.4 * y, 0.2), 0, 1)})
    result = value(frame, volume=10_000)
    roi = result.to_dict()["roi_benefit"]
    assert roi["low"] <= roi["likely"] <= roi["high"] and roi["period"] == "month"
    case = CaseSpec.from_dict(roi_case_spec(result, discount_rate=0.08, build_cost=50_000, run_cost=2_000))
    assert case.period == "month" and case.benefit.likely == pytest.approx(roi["likely"])
    prefill = roi_prefill(result)
    assert prefill["benefit"] == pytest.approx(round(roi["likely"], 2))
    assert prefill["benefit_low_pct"] <= 100 <= prefill["benefit_high_pct"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"fp_cost": -5.0}, "the cost of a false positive ('fp_cost') cannot be negative"),
        ({"fn_cost": -1.0}, "the cost of a false negative ('fn_cost') cannot be negative"),
        ({"review_cost": -1.0}, "the cost of a human review ('review_cost') cannot be negative"),
        ({"tp_value": -1.0}, "the value of a true positive ('tp_value') cannot be negative"),
        ({"volume": 0.0}, "'volume' is out of range"),
        ({"baseline_precision": 0.5}, "precision and recall together"),
        ({"status_quo": "rule"}, "no rule is given"),
        ({"n_boot": 10}, "'n_boot' is out of range"),
    ],
)
def test_bad_money_gets_one_clear_message(fields, message):
    with pytest.raises(InputError) as caught:
        ValueSpec(**{**MONEY, "label": "y", "score": "s", **fields})
    assert message in str(caught.value)


def test_bad_scores_name_the_file_and_column():
    with pytest.raises(InputError, match=r"scores.csv.*column 's'.*scores must be numbers"):
        value(SMALL.assign(s=["a"] * 8))
    with pytest.raises(InputError, match=r"column 'y'.*binary"):
        value(SMALL.assign(y=[0, 1, 2, 0, 1, 2, 0, 1]))
