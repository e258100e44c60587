"""Break-even calculators: hand-worked figures, laws, capacity, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.errors import InputError
from lib.roi import (
    HOURS_PER_MONTH,
    endpoint_break_even,
    llm_break_even,
    llm_inputs,
    per_prediction_saving,
    spot_break_even,
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
    ops_monthly=1000.0,
)


def test_the_classic_per_prediction_example():
    result = per_prediction_saving(cost_before=0.42, cost_after=0.19, predictions_per_month=2e9)
    assert result.monthly_saving == 460_000.0
    assert result.annual_saving == 5_520_000.0
    assert result.monthly_cost_before == 840_000.0


def test_llm_costs_by_hand():
    result = llm_break_even(**LLM)
    # blended price 0.75 * 2 + 0.25 * 10 = $4 per 1M; 2,000M tokens -> $8,000
    assert result.api_price_per_million == pytest.approx(4.0)
    assert result.api_monthly_cost == pytest.approx(8000.0)
    # one GPU serves 1000 * 0.5 * 730 * 3600 = 1.314e9 tokens: 2 GPUs suffice
    assert result.capacity_tokens_per_month == pytest.approx(2 * 1.314e9)
    assert result.gpus_needed == 2 and result.capacity_shortfall_tokens == 0
    assert result.self_hosted_monthly_cost == pytest.approx(2 * 2 * HOURS_PER_MONTH + 1000)
    assert result.monthly_saving == pytest.approx(8000 - 3920)
    assert result.break_even_tokens_per_month == pytest.approx(3920 / 4 * 1e6)


def test_llm_never_claims_a_saving_the_gpus_cannot_serve():
    result = llm_break_even(**{**LLM, "tokens_per_month": 5e9})
    assert result.gpus_needed == 4  # 5e9 / 1.314e9 = 3.8
    assert result.capacity_shortfall_tokens == pytest.approx(5e9 - 2 * 1.314e9)
    assert result.self_hosted_monthly_cost == pytest.approx(4 * 2 * HOURS_PER_MONTH + 1000)
    assert any("short" in note for note in result.notes)


def test_llm_never_breaks_even_when_a_gpu_costs_more_than_its_tokens():
    result = llm_break_even(**{**LLM, "gpu_hourly": 100.0})
    assert result.break_even_tokens_per_month is None
    assert result.cheaper == "api"


llm_params = st.fixed_dictionaries(
    {
        "tokens_per_month": st.floats(min_value=0, max_value=1e11),
        "input_share": st.floats(min_value=0, max_value=1),
        "price_input_per_million": st.floats(min_value=0.01, max_value=30),
        "price_output_per_million": st.floats(min_value=0.01, max_value=60),
        "gpu_hourly": st.floats(min_value=0.1, max_value=40),
        "n_gpus": st.integers(min_value=1, max_value=64),
        "tokens_per_second": st.floats(min_value=10, max_value=20_000),
        "utilisation": st.floats(min_value=0.05, max_value=1),
        "ops_monthly": st.floats(min_value=0, max_value=1e5),
    }
)


@settings(max_examples=80, deadline=None)
@given(params=llm_params)
def test_llm_laws_capacity_and_equal_cost_at_break_even(params):
    result = llm_break_even(**params)
    inputs = llm_inputs(**params)
    # the GPUs costed can serve the whole volume
    assert result.gpus_used * inputs.tokens_per_gpu_month >= params["tokens_per_month"] * (1 - 1e-12)
    volume = result.break_even_tokens_per_month
    if volume is not None:
        assert inputs.api_cost(volume) == pytest.approx(inputs.self_hosted_cost(volume), rel=1e-6)
        smaller = volume * (1 - 1e-6)
        assert inputs.api_cost(smaller) <= inputs.self_hosted_cost(smaller) * (1 + 1e-9)


def test_endpoint_by_hand():
    result = endpoint_break_even(
        requests_per_hour=100,
        duration_s=0.5,
        memory_gb=4,
        price_per_gb_second=0.00002,
        price_per_million_requests=0.2,
        instance_hourly=0.5,
        instances=2,
    )
    per_request = 0.5 * 4 * 0.00002 + 0.2 / 1e6
    assert result.cost_per_request == pytest.approx(per_request)
    assert result.serverless_monthly_cost == pytest.approx(100 * HOURS_PER_MONTH * per_request)
    assert result.always_on_monthly_cost == pytest.approx(730.0)
    assert result.break_even_requests_per_hour == pytest.approx(1.0 / per_request)
    assert "cold start" in result.notes[0]


@settings(max_examples=60, deadline=None)
@given(
    duration=st.floats(min_value=0.01, max_value=30),
    memory=st.floats(min_value=0.125, max_value=16),
    price=st.floats(min_value=1e-6, max_value=1e-3),
    fee=st.floats(min_value=0, max_value=5),
    hourly=st.floats(min_value=0.01, max_value=50),
    instances=st.integers(min_value=1, max_value=8),
)
def test_endpoint_costs_are_equal_at_the_reported_break_even(duration, memory, price, fee, hourly, instances):
    common = dict(
        duration_s=duration,
        memory_gb=memory,
        price_per_gb_second=price,
        price_per_million_requests=fee,
        instance_hourly=hourly,
        instances=instances,
    )
    traffic = endpoint_break_even(requests_per_hour=1, **common).break_even_requests_per_hour
    at = endpoint_break_even(requests_per_hour=traffic, **common)
    assert at.serverless_monthly_cost == pytest.approx(at.always_on_monthly_cost, rel=1e-9)


SPOT = dict(
    job_hours=100,
    on_demand_hourly=32,
    spot_discount=0.7,
    interruptions_per_hour=0.1,
    checkpoint_interval_hours=0.25,
    restart_overhead_hours=0.125,
)


def test_spot_by_hand():
    result = spot_break_even(**SPOT)
    # lost per interruption 0.125 + 0.125 = 0.25 h; 0.1 per hour -> 2.5 % of each hour lost
    assert result.spot_expected_hours == pytest.approx(100 / 0.975)
    assert result.spot_expected_cost == pytest.approx(100 / 0.975 * 32 * 0.3)
    assert result.on_demand_cost == 3200
    assert result.break_even_discount == pytest.approx(0.025)
    assert "Poisson" in result.model


def test_spot_without_interruptions_is_just_the_discount():
    result = spot_break_even(**{**SPOT, "interruptions_per_hour": 0})
    assert result.spot_expected_hours == 100 and result.spot_expected_cost == pytest.approx(960)


@settings(max_examples=60, deadline=None)
@given(
    rate=st.floats(min_value=0, max_value=0.5),
    interval=st.floats(min_value=0, max_value=2),
    overhead=st.floats(min_value=0, max_value=0.5),
)
def test_spot_costs_equal_on_demand_at_the_break_even_discount(rate, interval, overhead):
    params = {**SPOT, "interruptions_per_hour": rate, "checkpoint_interval_hours": interval}
    params["restart_overhead_hours"] = overhead
    if rate * (interval / 2 + overhead) >= 0.99:
        with pytest.raises(InputError, match="never finishes"):
            spot_break_even(**params)
        return
    discount = spot_break_even(**params).break_even_discount
    at = spot_break_even(**{**params, "spot_discount": discount})
    assert at.spot_expected_cost == pytest.approx(at.on_demand_cost, rel=1e-9)


def test_spot_simulated_interruptions_agree_with_the_model():
    # An independent event-by-event simulation: exponential times between interruptions,
    # checkpoints every `interval` hours of progress, work since the last one lost, restart overhead.
    rng = np.random.default_rng(0)
    rate, interval, overhead, work = 0.2, 0.5, 0.1, 20.0
    walls = []
    for _ in range(3000):
        saved, wall = 0.0, 0.0
        while True:
            run = rng.exponential(1 / rate)
            if saved + run >= work:
                walls.append(wall + work - saved)
                break
            saved = math.floor((saved + run) / interval) * interval
            wall += run + overhead
    model = spot_break_even(
        job_hours=work,
        on_demand_hourly=1,
        spot_discount=0,
        interruptions_per_hour=rate,
        checkpoint_interval_hours=interval,
        restart_overhead_hours=overhead,
    )
    # The simulation never interrupts a restart, so it runs a little shorter than the model (~1 % here).
    assert np.mean(walls) == pytest.approx(model.spot_expected_hours, rel=0.03)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (
            lambda: per_prediction_saving(cost_before=-0.1, cost_after=0.1, predictions_per_month=1),
            "cannot be negative",
        ),
        (
            lambda: per_prediction_saving(cost_before=0.1, cost_after=0.1, predictions_per_month=-5),
            "cannot be negative",
        ),
        (lambda: llm_break_even(**{**LLM, "utilisation": 1.2}), "out of range"),
        (lambda: llm_break_even(**{**LLM, "utilisation": 0}), "out of range"),
        (lambda: llm_break_even(**{**LLM, "price_input_per_million": -1}), "cannot be negative"),
        (lambda: llm_break_even(**{**LLM, "tokens_per_month": -1}), "cannot be negative"),
        (lambda: llm_break_even(**{**LLM, "n_gpus": 1.5}), "whole number"),
        (lambda: llm_break_even(**{**LLM, "input_share": 1.5}), "out of range"),
        (
            lambda: endpoint_break_even(
                **{
                    **dict(
                        requests_per_hour=-1,
                        duration_s=1,
                        memory_gb=1,
                        price_per_gb_second=1e-5,
                        price_per_million_requests=0.2,
                        instance_hourly=1,
                    )
                }
            ),
            "cannot be negative",
        ),
        (lambda: spot_break_even(**{**SPOT, "spot_discount": 1.3}), "out of range"),
        (lambda: spot_break_even(**{**SPOT, "on_demand_hourly": -3}), "cannot be negative"),
    ],
)
def test_bad_input_is_one_clear_error(call, words):
    with pytest.raises(InputError, match=words):
        call()
