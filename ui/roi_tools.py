"""ROI & Cost page, break-even and savings-plan tabs."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from lib.errors import InputError
from lib.roi import (
    DEFAULT_LEVERS,
    SavingsPlan,
    breakeven_report,
    endpoint_break_even,
    levers_from_records,
    llm_break_even,
    llm_inputs,
    per_prediction_saving,
    savings_plan,
    savings_report,
    spot_break_even,
)
from lib.roi.charts import endpoint_cost_chart, llm_cost_chart, savings_chart
from ui.roi_exports import export_buttons
from ui.roi_inputs import PREFIX, number

CALCULATORS = {
    "per-prediction": "Cost per 1,000 predictions",
    "llm": "LLM API vs self-hosted GPUs",
    "endpoint": "Serverless vs always-on endpoint",
    "spot": "Spot vs on-demand training",
}


def render_breakeven() -> dict[str, Any] | None:
    """One calculator at a time; returns its JSON result."""
    choice = st.selectbox("Calculator", list(CALCULATORS), format_func=CALCULATORS.get, key=f"{PREFIX}_calculator")
    try:
        result = {"per-prediction": _per_prediction, "llm": _llm, "endpoint": _endpoint, "spot": _spot}[choice]()
    except InputError as error:
        st.error(str(error))
        return None
    for note in result.to_dict().get("notes", []):
        st.info(note)
    export_buttons(breakeven_report(CALCULATORS[choice], result), key=f"{PREFIX}_be", stem=f"breakeven_{choice}")
    return result.to_dict()


def _per_prediction():
    a, b, c = st.columns(3)
    with a:
        before = number("Cost before ($ per 1,000 predictions)", "pp_before", 0.42, step=0.01, format="%.4f")
    with b:
        after = number("Cost after ($ per 1,000 predictions)", "pp_after", 0.19, step=0.01, format="%.4f")
    with c:
        volume = number("Predictions per month", "pp_volume", 2_000_000_000.0, step=1e8, format="%.0f")
    result = per_prediction_saving(cost_before=before, cost_after=after, predictions_per_month=volume)
    m1, m2, m3 = st.columns(3)
    m1.metric("Monthly saving", f"${result.monthly_saving:,.0f}")
    m2.metric("Yearly saving", f"${result.annual_saving:,.0f}")
    m3.metric(
        "Monthly cost after",
        f"${result.monthly_cost_after:,.0f}",
        f"-${result.monthly_saving:,.0f}",
        delta_color="inverse",
    )
    return result


def _llm():
    a, b, c = st.columns(3)
    with a:
        tokens = number("Tokens per month", "llm_tokens", 3_000_000_000.0, step=1e8, format="%.0f")
        share = number("Input share of tokens (0-1)", "llm_share", 0.75, step=0.05)
        ops = number("Operations overhead ($/month)", "llm_ops", 8_000.0, step=500.0)
    with b:
        p_in = number("API price, input ($ per 1M tokens)", "llm_price_in", 3.0, step=0.25)
        p_out = number("API price, output ($ per 1M tokens)", "llm_price_out", 15.0, step=0.5)
        gpu_hourly = number("GPU price ($ per GPU-hour)", "llm_gpu_hourly", 4.0, step=0.25)
    with c:
        gpus = int(number("GPUs planned", "llm_gpus", 2, min_value=1, step=1))
        tps = number("Throughput (tokens/s per GPU)", "llm_tps", 1_500.0, step=100.0)
        util = number("Utilisation (0-1)", "llm_util", 0.6, step=0.05)
    params = dict(
        tokens_per_month=tokens, input_share=share, price_input_per_million=p_in, price_output_per_million=p_out,
        gpu_hourly=gpu_hourly, n_gpus=gpus, tokens_per_second=tps, utilisation=util, ops_monthly=ops,
    )  # fmt: skip
    result = llm_break_even(**params)
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("API ($/month)", f"${result.api_monthly_cost:,.0f}")
    m2.metric(f"Self-hosted, {result.gpus_used} GPUs ($/month)", f"${result.self_hosted_monthly_cost:,.0f}")
    m3.metric("Saving by self-hosting ($/month)", f"${result.monthly_saving:,.0f}")
    be = result.break_even_tokens_per_month
    m4.metric("Break-even (tokens/month)", "never" if be is None else f"{be:,.0f}")
    st.altair_chart(llm_cost_chart(llm_inputs(**params)), width="stretch")
    return result


def _endpoint():
    a, b, c = st.columns(3)
    with a:
        traffic = number("Requests per hour", "ep_traffic", 60.0, step=10.0)
        duration = number("Compute per request (seconds)", "ep_duration", 1.0, step=0.1)
    with b:
        memory = number("Serverless memory (GB)", "ep_memory", 6.0, step=1.0)
        gbs = number("Serverless price ($ per GB-second)", "ep_gbs", 0.00006, step=0.00001, format="%.6f")
        fee = number("Request fee ($ per 1M requests)", "ep_fee", 0.2, step=0.1)
    with c:
        hourly = number("Always-on instance ($/hour)", "ep_hourly", 0.74, step=0.05)
        instances = int(number("Always-on instances", "ep_instances", 1, min_value=1, step=1))
    result = endpoint_break_even(
        requests_per_hour=traffic, duration_s=duration, memory_gb=memory, price_per_gb_second=gbs,
        price_per_million_requests=fee, instance_hourly=hourly, instances=instances,
    )  # fmt: skip
    m1, m2, m3 = st.columns(3)
    m1.metric("Serverless ($/month)", f"${result.serverless_monthly_cost:,.2f}")
    m2.metric("Always-on ($/month)", f"${result.always_on_monthly_cost:,.2f}")
    be = result.break_even_requests_per_hour
    m3.metric("Break-even (requests/hour)", "never" if be is None else f"{be:,.0f}")
    top = max(traffic * 2, (be or traffic) * 1.5, 10.0)
    st.altair_chart(
        endpoint_cost_chart(
            duration_s=duration, memory_gb=memory, price_per_gb_second=gbs, price_per_million_requests=fee,
            instance_hourly=hourly, instances=instances, max_requests_per_hour=top,
        ),
        width="stretch",
    )  # fmt: skip
    st.caption("Published guides put the serverless break-even typically below about 100 requests an hour.")
    return result


def _spot():
    a, b, c = st.columns(3)
    with a:
        hours = number("Job length uninterrupted (hours)", "spot_hours", 100.0, step=10.0)
        price = number("On-demand price ($/hour)", "spot_price", 32.0, step=1.0)
    with b:
        discount = number("Spot discount (0-1)", "spot_discount", 0.7, step=0.05)
        rate = number("Interruptions per running hour", "spot_rate", 0.05, step=0.01, format="%.3f")
    with c:
        interval = number("Checkpoint every (hours)", "spot_interval", 0.25, step=0.05)
        overhead = number("Restart overhead (hours)", "spot_overhead", 0.2, step=0.05)
    result = spot_break_even(
        job_hours=hours, on_demand_hourly=price, spot_discount=discount, interruptions_per_hour=rate,
        checkpoint_interval_hours=interval, restart_overhead_hours=overhead,
    )  # fmt: skip
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("On-demand cost", f"${result.on_demand_cost:,.0f}", help=f"{result.on_demand_hours:,.1f} hours")
    m2.metric("Spot expected cost", f"${result.spot_expected_cost:,.0f}")
    m3.metric("Spot expected wall time", f"{result.spot_expected_hours:,.1f} h")
    m4.metric("Spot pays off above a discount of", f"{result.break_even_discount:.1%}")
    st.caption("Model: " + result.model)
    return result


BASELINE_DEFAULTS = {"training": 250_000.0, "inference": 175_000.0, "data": 60_000.0, "other": 15_000.0}


def render_savings() -> SavingsPlan | None:
    """Baseline by category and editable levers -> a plan without double counting."""
    st.caption("Monthly spend by category ($/month). The defaults are a $500K-a-month ML bill.")
    columns = st.columns(4)
    baseline = {}
    for column, (category, default) in zip(columns, BASELINE_DEFAULTS.items(), strict=True):
        with column:
            baseline[category] = number(f"{category} ($/month)", f"base_{category}", default, step=5_000.0)
    st.caption(
        "Levers: 'reach' is the share of the category's spend a lever can touch; low / likely / high are the "
        "saving on that spend (0-1). Defaults are typical published figures; the reach is our assumption. Edit freely."
    )
    edited = st.data_editor(
        pd.DataFrame([lv.to_dict() for lv in DEFAULT_LEVERS]),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"{PREFIX}_levers",
        column_config={
            "category": st.column_config.SelectboxColumn(
                "category", options=["training", "inference", "data", "other"]
            ),
            "applies_to": st.column_config.NumberColumn("reach (0-1)", min_value=0.0, max_value=1.0, step=0.05),
            "low": st.column_config.NumberColumn("low (0-1)", min_value=0.0, max_value=1.0, step=0.05),
            "likely": st.column_config.NumberColumn("likely (0-1)", min_value=0.0, max_value=1.0, step=0.05),
            "high": st.column_config.NumberColumn("high (0-1)", min_value=0.0, max_value=1.0, step=0.05),
        },
    )
    try:
        plan = savings_plan(baseline, levers_from_records(edited.dropna(how="all").to_dict(orient="records")))
    except InputError as error:
        st.error(str(error))
        return None
    m1, m2, m3 = st.columns(3)
    m1.metric(
        "Likely saving ($/month)",
        f"${plan.total_likely:,.0f}",
        f"{plan.total_likely / max(plan.total_baseline, 1):.0%} of spend",
    )
    m2.metric("Range ($/month)", f"${plan.total_low:,.0f} – ${plan.total_high:,.0f}")
    m3.metric("Spend after ($/month)", f"${plan.total_baseline - plan.total_likely:,.0f}")
    st.altair_chart(savings_chart(plan), width="stretch")
    st.dataframe(
        plan.by_category,
        hide_index=True,
        width="stretch",
        column_config={c: st.column_config.NumberColumn(c, format="dollar") for c in plan.by_category.columns[1:]},
    )
    st.caption("Levers on the same category are combined, not added: each one cuts what the levers above it left.")
    export_buttons(savings_report(plan), key=f"{PREFIX}_plan", stem="savings_plan")
    return plan
