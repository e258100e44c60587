"""The LLM cost of ownership: a month worked by hand, the preset case costing the same, laws of the break-even."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.analysis import run
from lib.errors import InputError
from lib.roi import KEEP_API, SELF_HOST, LlmSpec, Range, llm_tco_case, month_table

SECONDS = 730 * 3600
TCO = dict(
    requests_per_month=3_000_000.0,
    growth=0.10,
    input_tokens=1_500.0,
    output_tokens=300.0,
    price_input_per_million=3.0,
    price_output_per_million=15.0,
    api_price_trend=-0.02,
    prefill_tokens_per_second=12_000.0,
    decode_tokens_per_second=2_500.0,
    stream_tokens_per_second=40.0,
    gpus_per_replica=4,
    peak_to_average=3.0,
    latency_target_s=20.0,
    min_replicas=2,
    utilisation=0.6,
    gpu_hourly=4.0,
    ops_ftes=1.5,
    ops_cost_per_fte=240_000.0,
    migration_cost=150_000.0,
    months=24,
)


def test_month_twelve_by_hand():
    result = run(LlmSpec(**TCO))
    month = result.monthly[11]
    requests = 3e6 * 1.1**11
    assert month.requests == pytest.approx(requests)
    assert month.api_cost == pytest.approx(requests * (1500 * 3 + 300 * 15) / 1e6 * 0.98**11)
    # A request holds a replica 1500/12000 + 300/2500 = 0.245 s; idle it takes 0.125 + 7.5 = 7.625 s, so the 20 s
    # target caps load at 1 - 7.625/20 = 61.9 %, above the 60 % utilisation cap: 60 % binds.
    load = requests / SECONDS * 3.0 * 0.245
    replicas = max(2, math.ceil(load / 0.6))
    assert month.replicas == replicas and month.gpus == 4 * replicas
    assert month.gpu_cost == pytest.approx(4 * replicas * 4.0 * 730)
    assert month.ops_cost == pytest.approx(1.5 * 240_000 / 12)
    assert month.self_hosted_cost == pytest.approx(month.gpu_cost + month.ops_cost)
    assert result.monthly[0].one_time_cost == 150_000.0
    cumulative = np.cumsum([m.saving for m in result.monthly])
    assert [m.cumulative_saving for m in result.monthly] == pytest.approx(cumulative)
    first = next((i + 1 for i, c in enumerate(cumulative) if c >= 0), None)
    assert result.break_even_month == first
    assert result.total_saving == pytest.approx(cumulative[-1])


def test_a_tight_latency_target_provisions_more_replicas_and_says_so():
    loose = run(LlmSpec(**{**TCO, "latency_target_s": 60.0}))
    tight = run(LlmSpec(**{**TCO, "latency_target_s": 8.0}))
    assert tight.monthly[-1].replicas > loose.monthly[-1].replicas
    assert any("latency target limits each replica" in n for n in tight.notes)


def test_the_high_availability_minimum_and_replicas_not_single_gpus():
    small = run(LlmSpec(**{**TCO, "requests_per_month": 1000.0, "growth": 0.0, "min_replicas": 3}))
    assert {m.replicas for m in small.monthly} == {3} and small.gpus_used == 12
    assert any("high-availability minimum keeps 3" in n for n in small.notes)
    assert all(m.gpus % 4 == 0 for m in run(LlmSpec(**TCO)).monthly)


def test_reserved_gpus_are_priced_at_the_reserved_rate():
    reserved = run(LlmSpec(**TCO, gpu_pricing="reserved", reserved_gpu_hourly=2.5))
    assert reserved.monthly[0].gpu_cost == pytest.approx(reserved.monthly[0].gpus * 2.5 * 730)


def test_the_preset_case_costs_what_the_calculator_costs_month_by_month():
    spec = LlmSpec(**TCO)
    calculator = run(spec)
    case = run(llm_tco_case(spec, discount_rate=0.08))
    by_name = {o.name: o for o in case.options}
    hosted = by_name[SELF_HOST].breakdown
    api = by_name[KEEP_API].breakdown
    for m in calculator.monthly:
        assert hosted.running[m.month] == pytest.approx(m.gpu_cost + m.ops_cost, rel=1e-9)
        assert hosted.one_time[m.month] == pytest.approx(m.one_time_cost)
        assert api.running[m.month] == pytest.approx(m.api_cost, rel=1e-9)
    assert case.comparison.pair == (SELF_HOST, KEEP_API)


def test_ranges_run_a_seeded_monte_carlo_the_preset_agrees_with():
    spec = LlmSpec(**{**TCO, "growth": Range(0.03, 0.10, 0.15), "gpu_hourly": Range(3.0, 4.0, 6.0)}, seed=5)
    first, again = run(spec), run(spec)
    assert first.simulation == again.simulation
    sim = first.simulation
    assert sim.total_saving.p10 <= sim.total_saving.p50 <= sim.total_saving.p90
    assert {r.driver for r in sim.sensitivity} == {"growth", "gpu_hourly"}
    assert 0 <= sim.p_break_even <= 1 and sim.p_self_hosting_cheaper == pytest.approx(sim.p_break_even, abs=0.05)
    case = run(llm_tco_case(spec, discount_rate=0.0))
    # With no discounting, self-hosting beats the API exactly when its total saving is positive.
    assert case.comparison.p_a_beats_b == pytest.approx(sim.p_self_hosting_cheaper, abs=0.02)


def test_the_tokens_form_keeps_its_first_month_figures():
    old = dict(
        tokens_per_month=5e9, input_share=0.75, price_input_per_million=2.0, price_output_per_million=10.0,
        gpu_hourly=2.0, n_gpus=2, tokens_per_second=1000.0, utilisation=0.5, ops_monthly=1000.0,
    )  # fmt: skip
    result = run(LlmSpec(**old))
    assert result.api_monthly_cost == pytest.approx(5e9 / 1e6 * 4.0)
    assert result.gpus_needed == math.ceil(5e9 / (1000 * 0.5 * SECONDS)) == result.gpus_used
    assert result.self_hosted_monthly_cost == pytest.approx(result.gpus_used * 2 * 730 + 1000)
    assert len(result.monthly) == 24 and {m.api_cost for m in result.monthly} == {result.api_monthly_cost}
    assert result.break_even_month == (1 if result.monthly_saving >= 0 else None)


@settings(max_examples=60, deadline=None)
@given(
    requests=st.floats(min_value=1e4, max_value=1e9),
    tokens=st.tuples(st.floats(min_value=10, max_value=5000), st.floats(min_value=10, max_value=2000)),
    price=st.floats(min_value=0.1, max_value=30),
    gpu=st.floats(min_value=0.5, max_value=10),
    tp=st.sampled_from([1, 2, 4, 8]),
    peak=st.floats(min_value=1, max_value=5),
)
def test_at_the_break_even_volume_both_options_cost_the_same(requests, tokens, price, gpu, tp, peak):
    spec = LlmSpec(
        requests_per_month=requests, input_tokens=tokens[0], output_tokens=tokens[1], price_input_per_million=price,
        price_output_per_million=price * 4, prefill_tokens_per_second=10_000.0, decode_tokens_per_second=2_000.0,
        gpus_per_replica=tp, peak_to_average=peak, utilisation=0.6, gpu_hourly=gpu, ops_monthly=20_000.0, months=1,
    )  # fmt: skip
    result = run(spec)
    volume = result.break_even_requests_per_month
    if volume is None:
        return
    at = month_table(spec.replace(requests_per_month=volume), {})
    assert at["api"][0, 0] == pytest.approx(at["gpu_cost"][0, 0] + at["ops"][0, 0], rel=1e-6)
    below = month_table(spec.replace(requests_per_month=volume * (1 - 1e-6)), {})
    assert below["api"][0, 0] <= (below["gpu_cost"][0, 0] + below["ops"][0, 0]) * (1 + 1e-9)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            {"latency_target_s": 5.0},
            "the latency target of 5 s cannot be met: a request takes 7.62 s on an idle replica",
        ),
        ({"stream_tokens_per_second": None}, "a latency target needs 'stream_tokens_per_second'"),
        ({"n_gpus": 2}, "'n_gpus' belongs to the tokens form"),
        ({"input_tokens": None}, "the LLM calculator (requests form) is missing 'input_tokens'"),
        ({"gpu_pricing": "reserved"}, "there is no 'reserved_gpu_hourly'"),
        ({"peak_to_average": 0.5}, "'peak_to_average' is out of range"),
        ({"months": 121}, "'months' is out of range"),
        ({"utilisation": Range(0.5, 0.6, 1.2)}, "utilisation"),
        ({"correlations": (("growth", "gpu_hourly", 0.5),)}, "driver 'growth' has no range"),
    ],
)
def test_bad_calculator_inputs_are_named(change, words):
    with pytest.raises(InputError) as error:
        LlmSpec(**{**TCO, **change})
    assert words in str(error.value)


def test_the_preset_needs_the_requests_form():
    tokens = LlmSpec(
        tokens_per_month=1e9, input_share=0.5, price_input_per_million=1, price_output_per_million=2, gpu_hourly=1,
        n_gpus=1, tokens_per_second=100, utilisation=0.5,
    )  # fmt: skip
    with pytest.raises(InputError, match="built from the requests form"):
        llm_tco_case(tokens)
