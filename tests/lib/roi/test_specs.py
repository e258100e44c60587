"""ROI & Cost specs: JSON round trips, every bad field named, and the limits that keep results finite."""

from __future__ import annotations

import json

import numpy_financial as npf
import pytest

from lib.analysis import read_json_text, run, spec_from_dict
from lib.errors import InputError
from lib.roi import (
    MAX_DRAWS,
    CaseSpec,
    EndpointSpec,
    Lever,
    LlmSpec,
    OptionSpec,
    OptionsSpec,
    PerPredictionSpec,
    Range,
    SavingsSpec,
    SpendSpec,
    SpotSpec,
)

LLM = dict(
    tokens_per_month=2e9,
    input_share=0.75,
    price_input_per_million=2.0,
    price_output_per_million=10.0,
    gpu_hourly=2.0,
    n_gpus=2,
    tokens_per_second=1000.0,
    utilisation=0.5,
)
ENDPOINT = dict(
    requests_per_hour=100,
    duration_s=0.5,
    memory_gb=4,
    price_per_gb_second=0.00002,
    price_per_million_requests=0.2,
    instance_hourly=0.5,
)
SPOT = dict(
    job_hours=100,
    on_demand_hourly=32,
    spot_discount=0.7,
    interruptions_per_hour=0.1,
    checkpoint_interval_hours=0.25,
    restart_overhead_hours=0.125,
)
PER_PREDICTION = dict(cost_before=0.42, cost_after=0.19, predictions_per_month=2e9)

SPECS = [
    CaseSpec(discount_rate=0.08, cash_flows=(-40000, 5000, 8000, 12000, 30000)),
    CaseSpec(discount_rate=Range(0.05, 0.08, 0.12), build_cost=Range(10, high=20), benefit=8, horizon=3),
    OptionsSpec(
        discount_rate=0.1, options=(OptionSpec(name="a", build_cost=1, benefit=1), OptionSpec(name="b", run_cost=2))
    ),
    LlmSpec(**LLM),
    EndpointSpec(**ENDPOINT, instances=2),
    SpotSpec(**SPOT),
    PerPredictionSpec(**PER_PREDICTION),
    SavingsSpec(baseline={"training": 1000}, levers=(Lever("spot", "training", 1, 0.5, 0.6, 0.7),)),
    SpendSpec(monthly_budget=250_000),
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.kind)
def test_specs_round_trip_through_json_with_one_fingerprint(spec):
    # Whole numbers written in Python and the same numbers read back from JSON make one spec.
    again = spec_from_dict(json.loads(json.dumps(spec.to_dict())))
    assert again == spec and again.fingerprint() == spec.fingerprint()


def test_structured_case_writes_its_defaults_and_a_range_its_midpoint():
    spec = SPECS[1]
    assert (spec.run_cost, spec.ramp_up_periods, spec.horizon) == (0.0, 0.0, 3)
    assert spec.build_cost == Range(10.0, 15.0, 20.0, "pert")
    data = spec.to_dict()
    assert data["build_cost"] == {"low": 10.0, "likely": 15.0, "high": 20.0, "distribution": "pert"}
    assert data["cash_flows"] is None and "dist" not in data["build_cost"]


def test_dist_is_read_as_the_distribution():
    spec = CaseSpec.from_dict({"discount_rate": 0.1, "cash_flows": [-1, {"low": 0, "high": 4, "dist": "triangular"}]})
    assert spec.cash_flows[1] == Range(0.0, 2.0, 4.0, "triangular")


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: CaseSpec(discount_rate=0.1, cash_flows=(-1, 2), n_sim=9_999), "n_sim"),
        (lambda: CaseSpec(discount_rate=0.1, cash_flows=(-1, 2), seed=-1), "seed"),
        (lambda: CaseSpec(discount_rate=0.1, cash_flows=(-1, 2), seed=2**32), "seed"),
        (lambda: CaseSpec(discount_rate=11.0, cash_flows=(-1, 2)), "discount_rate"),
        (lambda: CaseSpec(discount_rate=0.1, cash_flows=(-1, 2e15)), r"cash_flows\[1\]"),
        (lambda: CaseSpec(discount_rate=0.1, cash_flows=(-1, Range(0, high=1e308))), r"cash_flows\[1\]"),
        (lambda: CaseSpec(discount_rate=0.1, benefit=1, horizon=601), "horizon"),
        (lambda: CaseSpec(discount_rate=0.1, benefit=1, ramp_up_periods=-1), "ramp_up_periods"),
        (lambda: CaseSpec(discount_rate=0.1, cash_flows=(-1, 2), name=" "), "name"),
        (lambda: CaseSpec(discount_rate=0.1, benefit=Range(1, 2, 3, "uniform")), "benefit"),
        (lambda: CaseSpec(discount_rate=Range(0.1), benefit=1), "discount_rate"),
        (lambda: LlmSpec(**{**LLM, "tokens_per_second": 1e-320}), "tokens_per_second"),
        (lambda: LlmSpec(**{**LLM, "utilisation": 1e-300}), "utilisation"),
        (lambda: LlmSpec(**{**LLM, "n_gpus": 2.0}), "n_gpus"),
        (lambda: LlmSpec(**{**LLM, "tokens_per_month": 1e300}), "tokens_per_month"),
        (lambda: LlmSpec(**{**LLM, "gpu_hourly": True}), "gpu_hourly"),
        (lambda: EndpointSpec(**ENDPOINT, instances=0), "instances"),
        (lambda: EndpointSpec(**{**ENDPOINT, "duration_s": float("nan")}), "duration_s"),
        (lambda: SpotSpec(**{**SPOT, "job_hours": 1e-320}), "job_hours"),
        (lambda: SpotSpec(**{**SPOT, "interruptions_per_hour": 5}), "interruptions_per_hour"),
        (lambda: PerPredictionSpec(**{**PER_PREDICTION, "predictions_per_month": 1e16}), "predictions_per_month"),
        (lambda: SavingsSpec(baseline={"training": float("inf")}), "baseline training"),
        (lambda: SavingsSpec(levers=(Lever("x", "data", 1, 0, 0, 0),) * 101), "levers"),
        (lambda: SpendSpec(monthly_budget=0), "monthly_budget"),
        (lambda: SpendSpec(gpu_target=0), "gpu_target"),
        (lambda: SpendSpec(idle_below=0.8), "idle_below"),
        (lambda: SpendSpec(anomaly_z=0.5), "anomaly_z"),
    ],
)
def test_a_bad_field_is_named(make, field):
    with pytest.raises(InputError, match=field):
        make()


@pytest.mark.parametrize(
    ("kind", "body", "path"),
    [
        ("roi_case", {"discount_rate": True, "cash_flows": [-1, 2]}, "discount_rate"),
        ("roi_case", {"discount_rate": 0.1, "cash_flows": [-1, True]}, r"cash_flows\[1\]"),
        ("roi_case", {"discount_rate": 0.1, "cash_flows": [-1, {"low": 0, "high": 1, "mode": 1}]}, "mode"),
        ("roi_options", {"options": [{"name": "a", "benefit": "lots"}]}, r"options\[0\]\.benefit"),
        ("breakeven_llm", {**LLM, "utilisation": True}, "utilisation"),
        ("breakeven_spot", {**SPOT, "job_hours": "100"}, "job_hours"),
        ("savings_plan", {"baseline": {"training": True}}, r"baseline\.training"),
        ("spend_analysis", {"monthly_budget": False}, "monthly_budget"),
    ],
)
def test_json_true_is_never_read_as_a_number(kind, body, path):
    with pytest.raises(InputError, match=path):
        spec_from_dict({"kind": kind, **body})


def test_a_byte_order_mark_is_accepted():
    text = b"\xef\xbb\xbf" + json.dumps({"kind": "roi_case", "discount_rate": 0.08, "cash_flows": [-1, 2]}).encode()
    assert spec_from_dict(read_json_text(text, file="case.json")).cash_flows == (-1.0, 2.0)


def test_options_share_fields_and_refuse_repeated_names():
    spec = OptionsSpec(
        discount_rate=0.1,
        horizon=3,
        options=(
            OptionSpec(name="build", build_cost=100, benefit=60),
            OptionSpec(name="flows", cash_flows=(-10, 40, 40, 40)),
            OptionSpec(discount_rate=0.0, benefit=5),
        ),
    )
    build, flows, third = spec.cases()
    assert (build.horizon, build.discount_rate) == (3, 0.1)
    assert flows.horizon is None  # the shared horizon belongs to cost-and-benefit options only
    assert (third.name, third.discount_rate) == ("option 3", 0.0)
    result = run(spec)
    assert result.npv_by_option["build"] == pytest.approx(npf.npv(0.1, [-100, 60, 60, 60]))
    assert result.npv_by_option["flows"] == pytest.approx(npf.npv(0.1, [-10, 40, 40, 40]))
    with pytest.raises(InputError, match="same name"):
        OptionsSpec(discount_rate=0.1, options=(OptionSpec(name="a", benefit=1), OptionSpec(name="a", benefit=2)))
    with pytest.raises(InputError, match=r"option 'b' \(options\[1\]\): 'build_cost' cannot be negative"):
        OptionsSpec(discount_rate=0.1, options=(OptionSpec(name="a", benefit=1), OptionSpec(name="b", build_cost=-1)))
    with pytest.raises(InputError, match="no 'discount_rate'"):
        OptionsSpec(options=(OptionSpec(name="a", benefit=1),))


def test_huge_amounts_never_turn_into_null_percentiles():
    with pytest.raises(InputError, match="out of range"):
        CaseSpec(discount_rate=0.08, cash_flows=(Range(-1e308, 0, 1e308), 1e308))
    # At the ceiling every figure stays a finite number.
    edge = CaseSpec(discount_rate=0.08, cash_flows=(Range(-1e15, 0, 1e15), *(1e15,) * 599), n_sim=10_000)
    data = run(edge).to_dict()["simulation"]
    assert all(isinstance(data[k], float) for k in ("p10", "p50", "p90", "p_loss", "mean"))


def test_a_rate_near_minus_100_percent_over_many_periods_is_bad_input_not_null():
    spec = CaseSpec(discount_rate=Range(-0.9999, 0.0, 0.1), build_cost=1, benefit=1e9, horizon=600)
    with pytest.raises(InputError, match="discount rate comes so close to -100 %"):
        run(spec)


def test_draws_held_at_once_have_a_ceiling():
    flows = tuple(Range(0, 1, 2) for _ in range(600))
    with pytest.raises(InputError, match=f"at most {MAX_DRAWS:,} draws"):
        CaseSpec(discount_rate=0.1, cash_flows=flows, n_sim=100_000)
