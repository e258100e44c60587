"""Input helpers for the ROI & Cost page: defaults kept in session state, and prefilled numbers.

Another page may put ``st.session_state["roi_prefill"]`` (input name -> value), and its own
name in ``st.session_state["roi_prefill_from"]``, before switching here; the numbers are applied
once, then both entries are removed, and the notice names the page that sent them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

PREFIX = "roi_cost"
PREFILL_KEY = "roi_prefill"
SENDER_KEY = "roi_prefill_from"
SENT_BY = f"{PREFIX}_prefill_sender"
# Input name accepted in ``roi_prefill`` -> widget key on the page.
PREFILL_WIDGETS = {
    "period": f"{PREFIX}_period",
    "discount_rate_pct": f"{PREFIX}_rate",
    "horizon": f"{PREFIX}_horizon",
    "cost_before": f"{PREFIX}_pp_before",
    "cost_after": f"{PREFIX}_pp_after",
    "predictions_per_month": f"{PREFIX}_pp_volume",
    "tokens_per_month": f"{PREFIX}_llm_tokens",
    "gpu_hourly": f"{PREFIX}_llm_gpu_hourly",
    "n_gpus": f"{PREFIX}_llm_gpus",
    "requests_per_hour": f"{PREFIX}_ep_traffic",
    "job_hours": f"{PREFIX}_spot_hours",
    "on_demand_hourly": f"{PREFIX}_spot_price",
    "baseline_training": f"{PREFIX}_base_training",
    "baseline_inference": f"{PREFIX}_base_inference",
    "baseline_data": f"{PREFIX}_base_data",
    "baseline_other": f"{PREFIX}_base_other",
    "monthly_budget": f"{PREFIX}_budget",
    "benefit_low_pct": f"{PREFIX}_mc_benefit_low",
    "benefit_high_pct": f"{PREFIX}_mc_benefit_high",
}
# These fill the first row of the options table.
PREFILL_OPTION_FIELDS = ("option", "build_cost", "run_cost", "benefit", "ramp_up_periods")
OPTION_DEFAULTS_KEY = f"{PREFIX}_option_defaults"
PREFILLED_FLAG = f"{PREFIX}_prefilled"
# Whole rows of the options table, set when a saved analysis is reopened.
OPTION_ROWS_KEY = f"{PREFIX}_option_rows"
# The page's tabs, in order, and the tab a handover asks the page to open on (read once).
TABS = ("Investment case", "Uncertainty", "Drivers", "Break-even", "Savings plan", "Spend analyser")
LANDING_KEY = f"{PREFIX}_landing_tab"
CALCULATOR_KEY = f"{PREFIX}_calculator"
# Input name -> (what it is in words, the tab that holds it, how its value reads).
PREFILL_WORDS: dict[str, tuple[str, str, str]] = {
    "period": ("period", TABS[0], "text"),
    "discount_rate_pct": ("discount rate", TABS[0], "percent"),
    "horizon": ("horizon (periods)", TABS[0], "count"),
    "option": ("option name", TABS[0], "text"),
    "build_cost": ("build cost", TABS[0], "dollars"),
    "run_cost": ("run cost per period", TABS[0], "dollars"),
    "benefit": ("benefit per period", TABS[0], "dollars"),
    "ramp_up_periods": ("ramp-up (periods)", TABS[0], "count"),
    "cost_before": ("cost before, per 1,000 predictions", TABS[3], "cents"),
    "cost_after": ("cost after, per 1,000 predictions", TABS[3], "cents"),
    "predictions_per_month": ("predictions per month", TABS[3], "count"),
    "tokens_per_month": ("tokens per month", TABS[3], "count"),
    "gpu_hourly": ("GPU price per hour", TABS[3], "cents"),
    "n_gpus": ("GPUs planned", TABS[3], "count"),
    "requests_per_hour": ("requests per hour", TABS[3], "count"),
    "job_hours": ("training job length (hours)", TABS[3], "count"),
    "on_demand_hourly": ("on-demand price per hour", TABS[3], "cents"),
    "baseline_training": ("training spend per month", TABS[4], "dollars"),
    "baseline_inference": ("inference spend per month", TABS[4], "dollars"),
    "baseline_data": ("data spend per month", TABS[4], "dollars"),
    "baseline_other": ("other spend per month", TABS[4], "dollars"),
    "monthly_budget": ("monthly budget", TABS[5], "dollars"),
    "benefit_low_pct": ("benefit low end (P10)", TABS[1], "share"),
    "benefit_high_pct": ("benefit high end (P90)", TABS[1], "share"),
}
# The break-even calculator that shows each break-even input.
PREFILL_CALCULATOR = {
    "cost_before": "per-prediction",
    "cost_after": "per-prediction",
    "predictions_per_month": "per-prediction",
    "tokens_per_month": "llm_tokens",
    "gpu_hourly": "llm_tokens",
    "n_gpus": "llm_tokens",
    "requests_per_hour": "endpoint",
    "job_hours": "spot",
    "on_demand_hourly": "spot",
}


def apply_prefill() -> list[str]:
    """Copy ``roi_prefill`` into the page's inputs once, open the tab that holds most of them; return the names used."""
    prefill = st.session_state.pop(PREFILL_KEY, None)
    sender = st.session_state.pop(SENDER_KEY, None)
    if not isinstance(prefill, dict):
        return st.session_state.get(PREFILLED_FLAG, [])
    st.session_state[SENT_BY] = sender.strip() if isinstance(sender, str) and sender.strip() else "another page"
    used = []
    for name, value in prefill.items():
        if name in PREFILL_WIDGETS:
            widget = PREFILL_WIDGETS[name]
            st.session_state[widget] = value if name == "period" else _number(value, st.session_state.get(widget))
            used.append(name)
        elif name in PREFILL_OPTION_FIELDS:
            defaults = dict(st.session_state.get(OPTION_DEFAULTS_KEY, {}))
            defaults[name] = value
            st.session_state[OPTION_DEFAULTS_KEY] = defaults
            # New figures start the table again from the defaults, whatever was reopened before.
            st.session_state.pop(OPTION_ROWS_KEY, None)
            st.session_state.pop(f"{PREFIX}_options", None)
            used.append(name)
    st.session_state[PREFILLED_FLAG] = used
    if "option" in used:  # the uncertainty tab looks at the option handed over (its benefit range is the one sent)
        st.session_state[f"{PREFIX}_mc_option"] = str(st.session_state[OPTION_DEFAULTS_KEY]["option"])
    if used:
        st.session_state[LANDING_KEY] = landing_tab(used)
    calculators = [PREFILL_CALCULATOR[n] for n in used if n in PREFILL_CALCULATOR]
    if calculators:  # the calculator showing most of the figures (the first named on a tie)
        st.session_state[CALCULATOR_KEY] = max(dict.fromkeys(calculators), key=calculators.count)
    return used


def opening_tab() -> str | None:
    """The tab to open on, once, after a handover (None: the first tab, or the one the person is on)."""
    return st.session_state.pop(LANDING_KEY, None)


def landing_tab(names: list[str]) -> str:
    """The tab holding most of the named inputs (the earlier tab on a tie)."""
    counts = {tab: sum(PREFILL_WORDS[n][1] == tab for n in names if n in PREFILL_WORDS) for tab in TABS}
    return max(TABS, key=lambda tab: (counts[tab], -TABS.index(tab)))


def reads(value: Any, style: str) -> str:
    """A prefilled value as it reads in a sentence: dollars, a percentage, a count or text."""
    if style == "text" or isinstance(value, str):
        return str(value)
    number_value = float(value)
    if style == "dollars":
        return f"${number_value:,.0f}"
    if style == "cents":
        return f"${number_value:,.2f}"
    if style == "percent":
        return f"{number_value:g} % a year"
    if style == "share":
        return f"{number_value:g} % of the likely value"
    return f"{number_value:,.0f}" if number_value.is_integer() else f"{number_value:,g}"


def prefill_notice(names: list[str]) -> str:
    """The filled-in inputs in words with their values, tab by tab (values as the boxes now hold them)."""
    options = st.session_state.get(OPTION_DEFAULTS_KEY, {})
    parts = []
    for tab in TABS:
        here = [n for n in names if n in PREFILL_WORDS and PREFILL_WORDS[n][1] == tab]
        if not here:
            continue
        items = []
        for name in here:
            words, _, style = PREFILL_WORDS[name]
            value = options.get(name) if name in PREFILL_OPTION_FIELDS else st.session_state.get(PREFILL_WIDGETS[name])
            items.append(words if value is None else f"{words} {reads(value, style)}")
        parts.append(f"on {tab}, " + ", ".join(items))
    sender = st.session_state.get(SENT_BY, "another page")
    return f"Filled in from {sender}: " + "; ".join(parts) + ". Change any of them freely."


def show_options_table(frame: pd.DataFrame) -> None:
    """The options table (``lib.roi.options_table``) with money, percentages and periods formatted."""
    config: dict[str, Any] = {}
    for column in frame.columns:
        if column.endswith("($)"):
            config[column] = st.column_config.NumberColumn(column, format="dollar")
        elif column.startswith(("IRR", "payback", "ROI")):
            config[column] = st.column_config.NumberColumn(column, format="%.1f")
        elif column == "chance of loss":
            config[column] = st.column_config.NumberColumn(column, format="percent")
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)


def _number(value: Any, current: Any) -> Any:
    """Keep the widget's type (int or float) so Streamlit accepts the value."""
    try:
        return int(value) if isinstance(current, int) and float(value).is_integer() else float(value)
    except (TypeError, ValueError):
        return current


def number(label: str, name: str, default: float, **options: Any) -> float:
    """A number input whose default lives in session state (so prefilled values win without warnings)."""
    key = f"{PREFIX}_{name}"
    st.session_state.setdefault(key, default)
    return st.number_input(label, key=key, **options)
