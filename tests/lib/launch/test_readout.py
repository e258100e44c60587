"""A/B readouts against scipy and statsmodels; the decision rule's error rates by simulation; bad files."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest

from lib.analysis import TableSource, provenance_for, run
from lib.errors import InputError
from lib.launch import ArmStats, ReadoutGuardrail, ReadoutSpec, msprt_half_width, run_readout, srm_p_value


def readout(spec: ReadoutSpec, frame: pd.DataFrame | None = None):
    source = None if frame is None else TableSource(frame, "results.csv", "0" * 64)
    return run_readout(spec, source, provenance=provenance_for(spec))


def counts_spec(c_units, c_conv, t_units, t_conv, **options):
    return ReadoutSpec(control_stats=ArmStats(c_units, c_conv), treatment_stats=ArmStats(t_units, t_conv), **options)


@pytest.mark.parametrize(
    ("c", "t"), [((10_000, 500), (10_000, 560)), ((2_000, 300), (2_100, 280)), ((400, 12), (380, 20))]
)
def test_conversion_readout_matches_statsmodels_ztest(c, t):
    result = readout(counts_spec(*c, *t))
    _z, p = proportions_ztest([t[1], c[1]], [t[0], c[0]])
    assert result.p_value == pytest.approx(p, rel=1e-9)
    p1, p2 = c[1] / c[0], t[1] / t[0]
    se = math.sqrt(p1 * (1 - p1) / c[0] + p2 * (1 - p2) / t[0])
    assert result.effect == pytest.approx(p2 - p1)
    assert result.ci == pytest.approx((p2 - p1 - 1.959964 * se, p2 - p1 + 1.959964 * se), rel=1e-6)
    one = readout(counts_spec(*c, *t, alternative="one-sided"))
    assert one.p_value == pytest.approx(proportions_ztest([t[1], c[1]], [t[0], c[0]], alternative="larger")[1])


def test_continuous_readout_matches_scipy_welch_from_rows():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {"arm": ["control"] * 800 + ["treatment"] * 900, "revenue": np.r_[rng.gamma(2, 20, 800), rng.gamma(2, 21, 900)]}
    )
    result = readout(ReadoutSpec(arm="arm", metric="revenue"), frame)
    a = frame.loc[frame.arm == "control", "revenue"]
    b = frame.loc[frame.arm == "treatment", "revenue"]
    oracle = stats.ttest_ind(b, a, equal_var=False)
    assert result.metric_type == "continuous"
    assert result.p_value == pytest.approx(oracle.pvalue, rel=1e-9)
    low, high = oracle.confidence_interval(0.95)
    assert result.ci == pytest.approx((low, high), rel=1e-9)


def test_rows_and_totals_and_stated_counts_agree():
    rows = pd.DataFrame({"arm": ["A"] * 1000 + ["B"] * 1000, "y": [1] * 100 + [0] * 900 + [1] * 130 + [0] * 870})
    by_rows = readout(ReadoutSpec(arm="arm", metric="y", control="A", treatment="B"), rows)
    daily = pd.DataFrame({"arm": ["A", "A", "B", "B"], "units": [400, 600, 500, 500], "conv": [40, 60, 70, 60]})
    by_totals = readout(ReadoutSpec(arm="arm", metric="conv", units="units", control="A", treatment="B"), daily)
    stated = readout(counts_spec(1000, 100, 1000, 130))
    for other in (by_totals, stated):
        assert other.effect == pytest.approx(by_rows.effect) and other.p_value == pytest.approx(by_rows.p_value)


def test_pooled_means_of_daily_totals_equal_the_units():
    rng = np.random.default_rng(4)
    values = {arm: [rng.normal(10 + i, 3, size) for i, size in enumerate((200, 300))] for arm in ("a", "b")}
    rows = pd.DataFrame([{"arm": arm, "v": v} for arm, parts in values.items() for part in parts for v in part])
    totals = pd.DataFrame(
        [
            {"arm": arm, "n": len(p), "mean": p.mean(), "sd": p.std(ddof=1)}
            for arm, parts in values.items()
            for p in parts
        ]
    )
    a = readout(ReadoutSpec(arm="arm", metric="v", control="a", treatment="b"), rows)
    b = readout(ReadoutSpec(arm="arm", metric="mean", units="n", sd="sd", control="a", treatment="b"), totals)
    assert b.arms["a"].sd == pytest.approx(a.arms["a"].sd) and b.p_value == pytest.approx(a.p_value)


def test_srm_matches_scipy_chisquare_and_stops_the_readout():
    assert srm_p_value(5_000, 5_600, expected_ratio=1.0) == pytest.approx(stats.chisquare([5_000, 5_600]).pvalue)
    assert srm_p_value(3_300, 6_700, expected_ratio=2.0) == pytest.approx(
        stats.chisquare([3_300, 6_700], f_exp=[10_000 / 3, 20_000 / 3]).pvalue
    )
    result = readout(counts_spec(5_000, 500, 5_600, 700))
    assert result.srm and result.decision == "investigate"


def test_decisions_follow_the_plan():
    assert readout(counts_spec(20_000, 1_000, 20_000, 1_150)).decision == "ship"
    assert readout(counts_spec(20_000, 1_150, 20_000, 1_000)).decision == "do not ship"
    assert readout(counts_spec(20_000, 1_000, 20_000, 1_010)).decision == "inconclusive"
    assert readout(counts_spec(20_000, 1_000, 20_000, 1_150, planned_n_per_arm=30_000)).decision == "keep running"
    lower = readout(counts_spec(20_000, 1_150, 20_000, 1_000, higher_is_better=False))
    assert lower.decision == "ship"
    harmful = ReadoutGuardrail("errors", 0.001, control=ArmStats(20_000, 200), treatment=ArmStats(20_000, 320))
    guarded = readout(counts_spec(20_000, 1_000, 20_000, 1_150, guardrails=(harmful,)))
    assert guarded.decision == "do not ship" and guarded.guardrails[0].status == "fail"
    assert "errors" in guarded.reasons[0]


def _simulate(p1, p2, n, *, runs, seed, **options):
    rng = np.random.default_rng(seed)
    c = rng.binomial(n, p1, runs)
    t = rng.binomial(n, p2, runs)
    return [readout(counts_spec(n, int(a), n, int(b), **options)).decision for a, b in zip(c, t, strict=True)]


def test_the_ship_rule_keeps_its_error_rates():
    # With no true effect, a two-sided test at 5 % ships about 2.5 % of the time; at the planned MDE, ~80 %.
    null = _simulate(0.05, 0.05, 31_218, runs=600, seed=1)
    assert np.mean([d == "ship" for d in null]) <= 0.045
    effect = _simulate(0.05, 0.055, 31_218, runs=300, seed=2)
    assert 0.72 <= np.mean([d == "ship" for d in effect]) <= 0.88


def test_sequential_interval_stays_valid_when_peeking():
    # 20 looks at a null effect: the fixed interval excludes 0 at some look far more often than 5 %,
    # the always-valid interval rarely.
    rng = np.random.default_rng(5)
    runs, looks, step = 400, 20, 500
    fixed_hits = seq_hits = 0
    for _ in range(runs):
        a = rng.normal(0, 1, looks * step).cumsum()[step - 1 :: step]
        b = rng.normal(0, 1, looks * step).cumsum()[step - 1 :: step]
        n = np.arange(1, looks + 1) * step
        diff = b / n - a / n
        variance = 2.0 / n
        fixed_hits += bool((np.abs(diff) > 1.959964 * np.sqrt(variance)).any())
        seq_hits += bool(any(abs(d) > msprt_half_width(v, 0.1, 0.05) for d, v in zip(diff, variance, strict=True)))
    assert fixed_hits / runs > 0.12
    assert seq_hits / runs <= 0.05


def test_sequential_readout_reports_its_method_and_a_wider_interval():
    result = readout(counts_spec(20_000, 1_000, 20_000, 1_150, sequential=True, mde=0.005))
    low, high = result.sequential["ci"]
    assert low < result.ci[0] and high > result.ci[1]
    assert "mixture SPRT" in result.sequential["method"]


@pytest.mark.parametrize(
    ("frame", "options", "message"),
    [
        (pd.DataFrame({"arm": ["a", "b", "c"], "y": [0, 1, 0]}), {"control": "a", "treatment": "b"},
         "more arms than declared"),
        (pd.DataFrame({"arm": ["a", "b", "c"], "y": [0, 1, 0]}), {}, "exactly two arms"),
        (pd.DataFrame({"arm": ["a", "a"], "y": [0, 1]}), {"control": "a", "treatment": "b"}, "arm 'b' has no units"),
        (pd.DataFrame({"arm": ["a", "b"], "y": ["x", "y"]}), {}, "the metric must be numbers"),
        (pd.DataFrame({"arm": ["a", "b"], "units": [0, 10], "y": [0, 1]}), {"units": "units"}, "an arm has no units"),
        (pd.DataFrame({"arm": ["a", "b"], "y": [0, 1]}), {"metric": "nope"}, "no such column"),
    ],
)  # fmt: skip
def test_bad_results_files_get_one_clear_message(frame, options, message):
    fields = {"arm": "arm", "metric": "y", **options}
    with pytest.raises(InputError) as caught:
        readout(ReadoutSpec(**fields), frame)
    assert message in str(caught.value) and "results.csv" in str(caught.value)


def test_arms_with_no_units_and_bad_settings_are_refused():
    with pytest.raises(InputError, match="no units"):
        ArmStats(0, 0)
    with pytest.raises(InputError, match="in 'treatment_stats'"):
        run({"kind": "abtest_readout", "control_stats": {"units": 10, "conversions": 1},
             "treatment_stats": {"units": 0, "conversions": 0}})  # fmt: skip
    with pytest.raises(InputError, match="needs the plan's MDE"):
        counts_spec(10, 1, 10, 2, sequential=True)
