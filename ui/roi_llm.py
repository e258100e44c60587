"""ROI & Cost page, the LLM cost-of-ownership calculator: its inputs, ranges and views."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from lib.roi import LlmSpec, Range, money, month_table
from lib.roi.charts import llm_months_chart, sensitivity_chart
from ui.roi_inputs import PREFIX, number

TCO_KEY = f"{PREFIX}_tco_spec"  # the last valid spec, for the Drivers tab's LLM preset
RANGE_ROWS_KEY = f"{PREFIX}_tco_range_rows"
# (spec field, widget name, label, default, number_input options), in three columns.
TCO_INPUTS: list[tuple[str, str, str, float, dict[str, Any]]] = [
    ("requests_per_month", "tco_requests", "Requests in month 1", 3_000_000.0, {"step": 100_000.0, "format": "%.0f"}),
    ("growth", "tco_growth", "Growth per month (0.1 = 10 %)", 0.10, {"step": 0.01, "format": "%.3f"}),
    ("input_tokens", "tco_in", "Input tokens per request", 1_500.0, {"step": 100.0, "format": "%.0f"}),
    ("output_tokens", "tco_out", "Output tokens per request", 300.0, {"step": 50.0, "format": "%.0f"}),
    ("price_input_per_million", "tco_price_in", "API price, input ($ per 1M tokens)", 3.0, {"step": 0.25}),
    ("price_output_per_million", "tco_price_out", "API price, output ($ per 1M tokens)", 15.0, {"step": 0.5}),
    ("api_price_trend", "tco_trend", "API price change per month (-0.02 = 2 % cheaper)", -0.02, {"step": 0.005, "format": "%.3f"}),
    ("prefill_tokens_per_second", "tco_prefill", "Prefill tokens/s per replica", 12_000.0, {"step": 500.0, "format": "%.0f"}),
    ("decode_tokens_per_second", "tco_decode", "Decode tokens/s per replica (all requests)", 2_500.0, {"step": 100.0, "format": "%.0f"}),
    ("stream_tokens_per_second", "tco_stream", "Decode tokens/s one request sees", 40.0, {"step": 5.0, "format": "%.0f"}),
    ("gpus_per_replica", "tco_tp", "GPUs per replica (tensor parallel)", 4, {"min_value": 1, "step": 1}),
    ("peak_to_average", "tco_peak", "Peak traffic over the average", 3.0, {"step": 0.5}),
    ("latency_target_s", "tco_latency", "Latency target at peak (s; 0 = none)", 20.0, {"step": 1.0, "min_value": 0.0}),
    ("min_replicas", "tco_min", "Replicas always running (HA)", 2, {"min_value": 1, "step": 1}),
    ("utilisation", "tco_util", "Highest load per replica (0-1)", 0.6, {"step": 0.05}),
    ("gpu_hourly", "tco_gpu", "GPU price, on-demand ($ per GPU-hour)", 4.0, {"step": 0.25}),
    ("reserved_gpu_hourly", "tco_reserved", "GPU price, reserved ($ per GPU-hour)", 2.5, {"step": 0.25}),
    ("ops_ftes", "tco_ftes", "Operations people (FTEs)", 1.5, {"step": 0.5}),
    ("ops_cost_per_fte", "tco_fte_cost", "Cost per FTE ($ a year)", 240_000.0, {"step": 10_000.0, "format": "%.0f"}),
    ("migration_cost", "tco_migration", "Migration, one-time ($)", 150_000.0, {"step": 10_000.0, "format": "%.0f"}),
    ("months", "tco_months", "Months costed", 24, {"min_value": 1, "max_value": 120, "step": 1}),
]  # fmt: skip
# Ranges offered by default: the inputs a principal engineer argues about first.
DEFAULT_RANGES = [
    {"input": "growth", "low": 0.03, "high": 0.15},
    {"input": "gpu_hourly", "low": 3.0, "high": 6.0},
    {"input": "api_price_trend", "low": -0.05, "high": 0.0},
    {"input": "decode_tokens_per_second", "low": 1_500.0, "high": 3_000.0},
]
RANGEABLE = [
    f for f, *_ in TCO_INPUTS if f not in ("gpus_per_replica", "latency_target_s", "min_replicas", "ops_ftes", "months")
]


def tco_spec() -> LlmSpec:
    """The calculator's inputs as a spec (ranges from the ranges table; blank rows are fixed inputs)."""
    columns = st.columns(3)
    values: dict[str, Any] = {}
    per_column = -(-len(TCO_INPUTS) // 3)
    for i, (field, widget, label, default, options) in enumerate(TCO_INPUTS):
        with columns[i // per_column]:
            value = number(label, widget, default, **options)
        values[field] = int(value) if isinstance(default, int) else value
    pricing = st.radio(
        "GPU price paid", ["on_demand", "reserved"], horizontal=True, key=f"{PREFIX}_tco_pricing",
        format_func={"on_demand": "on-demand", "reserved": "reserved (committed)"}.get,
    )  # fmt: skip
    values["gpu_pricing"] = pricing
    if not values["latency_target_s"]:
        values["latency_target_s"] = None
    st.caption(
        "Ranges (optional): give a low and a high for any input to draw it once per simulated future; its value "
        "above is the likely one. Leave a row's low and high empty to keep that input fixed."
    )
    rows = st.session_state.get(RANGE_ROWS_KEY) or DEFAULT_RANGES
    table = st.data_editor(
        pd.DataFrame(rows, columns=["input", "low", "high"]),
        num_rows="dynamic", hide_index=True, width="stretch", key=f"{PREFIX}_tco_ranges",
        column_config={"input": st.column_config.SelectboxColumn("input", options=RANGEABLE, required=True)},
    )  # fmt: skip
    for row in table.to_dict(orient="records"):
        field, low, high = row.get("input"), row.get("low"), row.get("high")
        if field in values and not (pd.isna(low) or pd.isna(high)):
            values[field] = Range(low=float(low), likely=float(values[field]), high=float(high))
    return LlmSpec(**values)


def render_tco(spec: LlmSpec, result: Any) -> None:
    """Month 1, the whole horizon, the break-even month, a chart and the Monte Carlo."""
    st.session_state[TCO_KEY] = spec.to_dict()
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("API, month 1 ($/month)", money(result.api_monthly_cost))
    m2.metric(f"Self-hosted, {result.gpus_used} GPUs, month 1", money(result.self_hosted_monthly_cost))
    m3.metric(f"Saving over {spec.months} months", money(result.total_saving))
    month = "not within the horizon" if result.break_even_month is None else f"month {result.break_even_month}"
    m4.metric("Break-even", month)
    st.altair_chart(llm_months_chart(result), width="stretch")
    table = pd.DataFrame([m.to_dict() for m in result.monthly])
    with st.expander("Month by month"):
        st.dataframe(table, hide_index=True, width="stretch", column_config={
            c: st.column_config.NumberColumn(c, format="dollar")
            for c in ("api_cost", "gpu_cost", "ops_cost", "one_time_cost", "self_hosted_cost", "saving", "cumulative_saving")
        })  # fmt: skip
    st.caption("Model: " + result.model)
    sim = result.simulation
    if sim is not None:
        s1, s2, s3, s4 = st.columns(4)
        s1.metric("P10 saving", money(sim.total_saving.p10))
        s2.metric("P50 saving", money(sim.total_saving.p50))
        s3.metric("P90 saving", money(sim.total_saving.p90))
        s4.metric("Chance self-hosting is cheaper", f"{sim.p_self_hosting_cheaper:.0%}")
        st.caption(
            f"{sim.n_sim:,} simulated futures (seed {sim.seed}); each ranged input is drawn once per future and holds "
            f"for every month. Self-hosting breaks even within {spec.months} months in {sim.p_break_even:.0%} of them."
        )
        if sim.sensitivity:
            st.altair_chart(sensitivity_chart(sim.sensitivity, what="saving"), width="stretch")
    peak = month_table(spec, {})
    st.caption(
        f"Month {spec.months} runs {int(peak['replicas'][0, -1])} replicas ({int(peak['gpus'][0, -1])} GPUs). "
        "For NPV, P(self-host beats the API), regret and the break-even of the most uncertain input, open the "
        "'LLM: self-host or keep the API' preset on the Drivers tab: it is built from these inputs."
    )


def restore_tco(spec: LlmSpec) -> bool:
    """Put a saved requests-form spec back into the calculator's widgets (before they are drawn)."""
    from lib.roi import likely_of

    if spec.ops_monthly or spec.correlations or spec.seed or spec.n_sim != 10_000:
        return False  # the form has no place for these: the saved result is shown read-only instead
    values = {}
    ranges = []
    for field, widget, _, default, _ in TCO_INPUTS:
        value = getattr(spec, field)
        if value is None:  # no latency target is 0 in the box; an unused price keeps the box's default
            value = 0.0 if field == "latency_target_s" else default
        if isinstance(value, Range):
            low, _, high = value.points()
            ranges.append({"input": field, "low": low, "high": high})
        values[f"{PREFIX}_{widget}"] = int(value) if isinstance(default, int) else float(likely_of(value))
    st.session_state.update(values)
    st.session_state[f"{PREFIX}_tco_pricing"] = spec.gpu_pricing
    st.session_state[RANGE_ROWS_KEY] = ranges or [{"input": "growth", "low": None, "high": None}]
    st.session_state.pop(f"{PREFIX}_tco_ranges", None)
    return True
