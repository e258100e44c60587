"""Input helpers for the ROI & Cost page: defaults kept in session state, and prefilled numbers.

Another page may put ``st.session_state["roi_prefill"]`` (input name -> value)
before switching here; the numbers are applied once, then the entry is removed.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

PREFIX = "roi_cost"
PREFILL_KEY = "roi_prefill"
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
}
# These fill the first row of the options table.
PREFILL_OPTION_FIELDS = ("option", "build_cost", "run_cost", "benefit", "ramp_up_periods")
OPTION_DEFAULTS_KEY = f"{PREFIX}_option_defaults"
PREFILLED_FLAG = f"{PREFIX}_prefilled"
# Whole rows of the options table, set when a saved analysis is reopened.
OPTION_ROWS_KEY = f"{PREFIX}_option_rows"


def apply_prefill() -> list[str]:
    """Copy ``roi_prefill`` into the page's inputs once; return the names used."""
    prefill = st.session_state.pop(PREFILL_KEY, None)
    if not isinstance(prefill, dict):
        return st.session_state.get(PREFILLED_FLAG, [])
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
    return used


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
