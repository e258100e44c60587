"""ROI & Cost page, break-even and savings-plan tabs: widgets -> specs, results -> widgets."""

from __future__ import annotations

from typing import Any

import streamlit as st

from lib.analysis import Spec
from lib.errors import InputError
from lib.roi import (
    EndpointSpec,
    LlmSpec,
    PerPredictionSpec,
    Range,
    SpotSpec,
    endpoint_caption,
    money,
)
from lib.roi.charts import endpoint_cost_chart, llm_cost_chart
from ui.messages import show_error
from ui.roi_exports import export
from ui.roi_inputs import PREFIX, number
from ui.roi_llm import render_tco, restore_tco, tco_spec
from ui.runner import run_cached

CALCULATORS = {
    "per-prediction": "Cost per 1,000 predictions",
    "llm": "LLM API vs self-hosting: cost of ownership, month by month",
    "llm_tokens": "LLM API vs self-hosted GPUs: one month, by tokens",
    "endpoint": "Serverless vs always-on endpoint",
    "spot": "Spot vs on-demand training",
}
# Each calculator's spec and its inputs: (spec field, widget name, label, default, number_input options).
INPUTS: dict[str, tuple[type[Spec], list[tuple[str, str, str, float, dict[str, Any]]]]] = {
    "per-prediction": (
        PerPredictionSpec,
        [
            ("cost_before", "pp_before", "Cost before ($ per 1,000 predictions)", 0.42, {"step": 0.01, "format": "%.4f"}),
            ("cost_after", "pp_after", "Cost after ($ per 1,000 predictions)", 0.19, {"step": 0.01, "format": "%.4f"}),
            ("predictions_per_month", "pp_volume", "Predictions per month", 2e9, {"step": 1e8, "format": "%.0f"}),
        ],
    ),
    "llm_tokens": (
        LlmSpec,
        [
            ("tokens_per_month", "llm_tokens", "Tokens per month", 3e9, {"step": 1e8, "format": "%.0f"}),
            ("input_share", "llm_share", "Input share of tokens (0-1)", 0.75, {"step": 0.05}),
            ("ops_monthly", "llm_ops", "Operations overhead ($/month)", 8_000.0, {"step": 500.0}),
            ("price_input_per_million", "llm_price_in", "API price, input ($ per 1M tokens)", 3.0, {"step": 0.25}),
            ("price_output_per_million", "llm_price_out", "API price, output ($ per 1M tokens)", 15.0, {"step": 0.5}),
            ("gpu_hourly", "llm_gpu_hourly", "GPU price ($ per GPU-hour)", 4.0, {"step": 0.25}),
            ("n_gpus", "llm_gpus", "GPUs planned", 2, {"min_value": 1, "step": 1}),
            ("tokens_per_second", "llm_tps", "Throughput (tokens/s per GPU)", 1_500.0, {"step": 100.0}),
            ("utilisation", "llm_util", "Utilisation (0-1)", 0.6, {"step": 0.05}),
        ],
    ),
    "endpoint": (
        EndpointSpec,
        [
            ("requests_per_hour", "ep_traffic", "Requests per hour", 60.0, {"step": 10.0}),
            ("duration_s", "ep_duration", "Compute per request (seconds)", 1.0, {"step": 0.1}),
            ("memory_gb", "ep_memory", "Serverless memory (GB)", 6.0, {"step": 1.0}),
            ("price_per_gb_second", "ep_gbs", "Serverless price ($ per GB-second)", 0.00006, {"step": 0.00001, "format": "%.6f"}),
            ("price_per_million_requests", "ep_fee", "Request fee ($ per 1M requests)", 0.2, {"step": 0.1}),
            ("instance_hourly", "ep_hourly", "Always-on instance ($/hour)", 0.74, {"step": 0.05}),
            ("instances", "ep_instances", "Always-on instances", 1, {"min_value": 1, "step": 1}),
        ],
    ),
    "spot": (
        SpotSpec,
        [
            ("job_hours", "spot_hours", "Job length uninterrupted (hours)", 100.0, {"step": 10.0}),
            ("on_demand_hourly", "spot_price", "On-demand price ($/hour)", 32.0, {"step": 1.0}),
            ("spot_discount", "spot_discount", "Spot discount (0-1)", 0.7, {"step": 0.05}),
            ("interruptions_per_hour", "spot_rate", "Interruptions per running hour", 0.05, {"step": 0.01, "format": "%.3f"}),
            ("checkpoint_interval_hours", "spot_interval", "Checkpoint every (hours)", 0.25, {"step": 0.05}),
            ("restart_overhead_hours", "spot_overhead", "Restart overhead (hours)", 0.2, {"step": 0.05}),
        ],
    ),
}  # fmt: skip


def _calculator_spec(choice: str) -> Spec:
    """The chosen calculator's inputs in three columns, as its spec."""
    spec_type, inputs = INPUTS[choice]
    columns = st.columns(3)
    per_column = -(-len(inputs) // 3)
    values: dict[str, Any] = {}
    for i, (field, widget, label, default, options) in enumerate(inputs):
        with columns[i // per_column]:
            value = number(label, widget, default, **options)
        values[field] = int(value) if isinstance(default, int) else value
    return spec_type(**values)


def render_breakeven() -> tuple[Spec, Any] | None:
    """One calculator at a time; returns its spec and result."""
    choice = st.selectbox("Calculator", list(CALCULATORS), format_func=CALCULATORS.get, key=f"{PREFIX}_calculator")
    try:
        spec = tco_spec() if choice == "llm" else _calculator_spec(choice)
        result = run_cached(spec)
    except InputError as error:
        show_error(error)
        return None
    views = {"per-prediction": _per_prediction, "llm": render_tco, "llm_tokens": _llm, "endpoint": _endpoint}
    views.get(choice, _spot)(spec, result)
    for note in getattr(result, "notes", ()):
        st.info(note)
    export(spec, result, key=f"{PREFIX}_be", stem=f"breakeven_{choice}")
    return spec, result


def _per_prediction(spec: PerPredictionSpec, result: Any) -> None:
    m1, m2, m3 = st.columns(3)
    m1.metric("Monthly saving", money(result.monthly_saving))
    m2.metric("Yearly saving", money(result.annual_saving))
    m3.metric(
        "Monthly cost after",
        money(result.monthly_cost_after),
        f"-${result.monthly_saving:,.0f}",
        delta_color="inverse",
    )


def _llm(spec: LlmSpec, result: Any) -> None:
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("API ($/month)", money(result.api_monthly_cost))
    m2.metric(f"Self-hosted, {result.gpus_used} GPUs ($/month)", money(result.self_hosted_monthly_cost))
    m3.metric("Saving by self-hosting ($/month)", money(result.monthly_saving))
    be = result.break_even_tokens_per_month
    m4.metric("Break-even (tokens/month)", "never" if be is None else f"{be:,.0f}")
    st.altair_chart(llm_cost_chart(spec), width="stretch")


def _endpoint(spec: EndpointSpec, result: Any) -> None:
    m1, m2, m3 = st.columns(3)
    m1.metric("Serverless ($/month)", f"${result.serverless_monthly_cost:,.2f}")
    m2.metric("Always-on ($/month)", f"${result.always_on_monthly_cost:,.2f}")
    be = result.break_even_requests_per_hour
    m3.metric("Break-even (requests/hour)", "never" if be is None else f"{be:,.0f}")
    top = max(spec.requests_per_hour * 2, (be or spec.requests_per_hour) * 1.5, 10.0)
    st.altair_chart(
        endpoint_cost_chart(
            duration_s=spec.duration_s, memory_gb=spec.memory_gb, price_per_gb_second=spec.price_per_gb_second,
            price_per_million_requests=spec.price_per_million_requests, instance_hourly=spec.instance_hourly,
            instances=spec.instances, max_requests_per_hour=top,
        ),
        width="stretch",
    )  # fmt: skip
    st.caption(endpoint_caption(result))


def _spot(spec: SpotSpec, result: Any) -> None:
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("On-demand cost", money(result.on_demand_cost), help=f"{result.on_demand_hours:,.1f} hours")
    m2.metric("Spot expected cost", money(result.spot_expected_cost))
    m3.metric("Spot expected wall time", f"{result.spot_expected_hours:,.1f} h")
    m4.metric("Spot pays off above a discount of", f"{result.break_even_discount:.1%}")
    st.caption("Model: " + result.model)


def restore_breakeven(spec: Spec) -> bool:
    """Put a saved calculator's inputs back into its widgets (before they are drawn)."""
    if isinstance(spec, LlmSpec) and spec.form == "requests":
        st.session_state[f"{PREFIX}_calculator"] = "llm"
        return restore_tco(spec)
    choice = next(name for name, (spec_type, _) in INPUTS.items() if isinstance(spec, spec_type))
    st.session_state[f"{PREFIX}_calculator"] = choice
    for field, widget, _, default, _ in INPUTS[choice][1]:
        value = getattr(spec, field)
        if isinstance(value, Range):
            return False  # the one-month calculator has no place for a range: the saved result is shown read-only
        st.session_state[f"{PREFIX}_{widget}"] = int(value) if isinstance(default, int) else float(value)
    return True
