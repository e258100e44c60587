"""Framing readiness checks (leakage by signal and by time) and the rollout plan's exposure, by hand."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from lib.analysis import TableSource, provenance_for
from lib.errors import InputError
from lib.launch import (
    FramingSpec,
    RolloutGuardrail,
    RolloutSpec,
    n_for_proportions,
    rank_auc,
    run_framing,
    run_rollout,
    timeline_chart,
)


def framing(frame=None, **fields):
    spec = FramingSpec(product_goal="Fewer chargebacks", **fields)
    source = None if frame is None else TableSource(frame, "train.csv", "0" * 64)
    return run_framing(spec, source, provenance=provenance_for(spec))


def test_rank_auc_matches_scikit_learn():
    rng = np.random.default_rng(0)
    y = rng.random(500) < 0.3
    x = np.round(rng.normal(y * 0.7, 1), 1)  # rounded: ties are counted half
    assert rank_auc(x, y) == pytest.approx(roc_auc_score(y, x))


def test_leakage_by_signal_and_by_time_is_flagged():
    rng = np.random.default_rng(1)
    n = 2000
    y = rng.random(n) < 0.2
    label_time = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D")
    frame = pd.DataFrame(
        {
            "id": np.arange(n),
            "amount": rng.normal(y * 0.3, 1),
            "refund_issued": y.astype(int) ^ (rng.random(n) < 0.01),  # known only after the outcome
            "country": rng.choice(["DE", "FR", "NL"], n),
            "label": y.astype(int),
            "labelled_at": label_time,
            "reviewed_at": label_time + pd.to_timedelta(rng.integers(-5, 3, n), unit="D"),
        }
    )
    result = framing(frame, label="label", label_time="labelled_at", exclude=("id",))
    checks = {c.name: c for c in result.checks}
    assert checks["Leakage: single-feature signal"].status == "fail"
    assert "refund_issued" in checks["Leakage: single-feature signal"].finding
    assert checks["Leakage: dates after the label"].status == "fail"
    assert "reviewed_at" in checks["Leakage: dates after the label"].finding
    assert checks["Label balance"].status == "pass" and checks["Rows"].status == "pass"
    flagged = {s.column for s in result.signals if s.flagged}
    assert flagged == {"refund_issued"}


def test_small_unbalanced_data_and_missing_values_are_flagged():
    frame = pd.DataFrame({"label": [1] + [0] * 199, "x": [np.nan] * 100 + list(range(100))})
    result = framing(frame, label="label", min_rows=1000)
    status = {c.name: c.status for c in result.checks}
    assert status["Rows"] == "fail" and status["Label balance"] == "fail" and status["Missing values"] == "warning"


def test_gaps_and_the_summary_say_what_a_go_lacks():
    result = framing(decision="go")
    assert any("No non-ML baseline" in g for g in result.gaps)
    assert any("No business KPI" in g for g in result.gaps)
    assert result.summary.startswith("Decision: go. Against it:")
    assert framing().checks == ()


def test_framing_refuses_bad_records():
    with pytest.raises(InputError, match="'product_goal' must be non-empty"):
        FramingSpec(product_goal=" ")
    with pytest.raises(InputError, match="'output_type' is not known"):
        FramingSpec(product_goal="x", output_type="magic")
    with pytest.raises(InputError, match="column 'nope'"):
        framing(pd.DataFrame({"label": [0, 1]}), label="nope")


def test_rollout_stage_exposure_by_hand():
    spec = RolloutSpec(
        daily_requests=240_000, stages=(10.0, 100.0), min_stage_hours=1.0, bake_hours=24.0,
        guardrails=(RolloutGuardrail("errors", 0.01, baseline=0.02),),
    )  # fmt: skip
    result = run_rollout(spec, provenance=provenance_for(spec))
    first = result.stages[0]
    # 10 % of 10,000 requests an hour = 1,000 canary requests an hour; the rest (ratio 9) is the control.
    needed = n_for_proportions(0.02, 0.03, ratio=9.0, alpha=0.05, power=0.8, alternative="one-sided")
    assert first.hours == pytest.approx(needed / 1000)
    assert first.requests == math.ceil(first.hours * 1000)
    assert first.driver == "guardrail errors" and first.name == "canary 10 %"
    assert result.stages[1].hours == 24.0 and result.stages[1].driver == "bake time at 100 %"
    assert result.total_hours == pytest.approx(first.hours + 24.0)
    assert any(r.startswith("Roll back automatically") for r in first.rollback)


def test_smaller_stages_need_longer_and_long_ones_are_warned():
    guard = (RolloutGuardrail("errors", 0.0005, baseline=0.002),)
    spec = RolloutSpec(daily_requests=50_000, guardrails=guard, shadow=True)
    result = run_rollout(spec, provenance=provenance_for(spec))
    hours = [s.guardrail_hours.get("errors") for s in result.stages[1:-1]]
    assert all(a > b for a, b in itertools.pairwise(hours))
    assert result.warnings and "days" in result.warnings[0]
    assert result.stages[0].name == "shadow" and result.stages[0].percent == 0
    chart = timeline_chart(result).to_dict()
    assert len(chart["data"]["values"] if "values" in chart["data"] else chart["datasets"]) >= 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"daily_requests": 0}, "'daily_requests' is out of range"),
        ({"daily_requests": 10, "stages": (5.0, 1.0, 100.0)}, "must rise and end at 100"),
        ({"daily_requests": 10, "stages": (5.0, 50.0)}, "must rise and end at 100"),
        ({"daily_requests": 10, "latency_p95_ms": 300, "latency_p99_ms": 100}, "p99 latency limit is below"),
        ({"daily_requests": 10, "psi_watch": 0.3, "psi_act": 0.2}, "'psi_act' is below 'psi_watch'"),
    ],
)
def test_bad_plans_are_refused(fields, message):
    with pytest.raises(InputError) as caught:
        RolloutSpec(**fields)
    assert message in str(caught.value)


def test_guardrail_definitions_are_checked():
    with pytest.raises(InputError, match="guardrail 'x': the baseline moved by the change is not a rate"):
        RolloutGuardrail("x", 0.5, baseline=0.9)
    with pytest.raises(InputError, match="'baseline' is not a baseline rate"):
        RolloutGuardrail("x", 0.1, baseline=1.5)
