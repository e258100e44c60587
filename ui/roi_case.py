"""ROI & Cost page, investment case and uncertainty tabs: widgets -> specs, results -> widgets."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from lib.errors import InputError
from lib.roi import (
    CASE_LINES,
    CaseSpec,
    InvestmentResult,
    OptionsResult,
    OptionsSpec,
    options_from_rows,
    options_table,
    ranged_case,
    uncertainty_form,
)
from lib.roi.charts import cash_flow_chart, npv_histogram, tornado_chart
from ui.messages import show_error
from ui.roi_exports import export
from ui.roi_inputs import OPTION_DEFAULTS_KEY, OPTION_ROWS_KEY, PREFIX, number, show_options_table
from ui.runner import run_cached

OPTION_COLUMNS = ["option", *CASE_LINES]
DEFAULT_OPTIONS = [
    {
        "option": "Build in-house",
        "build_cost": 400_000.0,
        "run_cost": 15_000.0,
        "benefit": 45_000.0,
        "ramp_up_periods": 6.0,
    },
    {
        "option": "Buy a service",
        "build_cost": 60_000.0,
        "run_cost": 30_000.0,
        "benefit": 40_000.0,
        "ramp_up_periods": 2.0,
    },
]
# Swing of each line in the uncertainty tab, as % of its likely value: (low, high).
DEFAULT_SWINGS = {"build_cost": (90.0, 150.0), "run_cost": (90.0, 130.0), "benefit": (50.0, 120.0)}
RATE_LIMITS = (-99.0, 200.0)  # the discount-rate box, % per year
MAX_SIM_BOX = 1_000_000
MAX_SEED = 2**32 - 1


def shared_inputs() -> dict[str, Any]:
    """Period, discount rate and horizon (shared by every option)."""
    period_col, rate_col, horizon_col = st.columns(3)
    st.session_state.setdefault(f"{PREFIX}_period", "month")
    period = period_col.selectbox("Period", ["month", "year"], key=f"{PREFIX}_period")
    with rate_col:
        low, high = RATE_LIMITS
        rate = number("Discount rate (% per year)", "rate", 8.0, min_value=low, max_value=high, step=0.5)
    with horizon_col:
        horizon = int(number(f"Horizon ({period}s after today)", "horizon", 36, min_value=1, max_value=600, step=1))
    return {"discount_rate": rate / 100, "period": period, "horizon": horizon}


def _rows() -> list[dict[str, Any]]:
    """The table's starting rows: a reopened analysis's, else the defaults with any prefilled figures."""
    if st.session_state.get(OPTION_ROWS_KEY):
        return [dict(r) for r in st.session_state[OPTION_ROWS_KEY]]
    rows = [dict(r) for r in DEFAULT_OPTIONS]
    rows[0].update(st.session_state.get(OPTION_DEFAULTS_KEY, {}))
    return rows


def render_investment(shared: dict[str, Any]) -> tuple[OptionsSpec, OptionsResult] | None:
    """The options table, each option's metrics and cash flows; returns the spec and result of the valid options."""
    period = shared["period"]
    st.caption(
        "Period 0 is today: the build cost is paid now and is not discounted; period 1 is one "
        f"{period} from now. NPV adds each period's net flow divided by (1 + r) to the power t, "
        "as numpy-financial counts; with monthly periods r is the monthly rate equal to the yearly one."
    )
    table = st.data_editor(
        pd.DataFrame(_rows(), columns=OPTION_COLUMNS),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"{PREFIX}_options",
        column_config={
            "option": st.column_config.TextColumn("option", required=True),
            "build_cost": st.column_config.NumberColumn("build cost ($, today)", min_value=0, format="dollar"),
            "run_cost": st.column_config.NumberColumn(f"run cost ($ per {period})", min_value=0, format="dollar"),
            "benefit": st.column_config.NumberColumn(f"benefit ($ per {period})", min_value=0, format="dollar"),
            "ramp_up_periods": st.column_config.NumberColumn(f"ramp-up ({period}s)", min_value=0),
        },
    )
    spec, problems = options_from_rows(shared, table.to_dict(orient="records"))
    for problem in problems:
        show_error(problem)
    if spec is None:
        st.info("Add an option with a name to see its numbers.")
        return None
    result = run_cached(spec)
    show_options_table(options_table(result))
    st.caption(
        "ROI = (total benefit - total cost) / total cost, undiscounted, with the build cost and every "
        f"{period}'s run cost counted. Payback is read within the {period} the running total "
        "turns positive, assuming money arrives evenly through it."
    )
    best = next(o for o in result.options if o.name == result.best_option)
    st.success(f"Highest NPV: **{best.name}**, ${best.npv:,.0f} at {shared['discount_rate']:.1%} a year.")
    shown = st.selectbox("Cash flows of", [o.name for o in result.options], key=f"{PREFIX}_flows_of")
    st.altair_chart(cash_flow_chart(next(o for o in result.options if o.name == shown)), width="stretch")
    export(spec, result, key=f"{PREFIX}_case", stem="investment_case")
    return spec, result


def render_uncertainty(options: tuple[OptionsSpec, OptionsResult] | None) -> tuple[CaseSpec, InvestmentResult] | None:
    """Ranges around one option's likely values -> Monte Carlo and a tornado; returns the ranged case and result."""
    if options is None:
        st.info("Set up an option on the investment case tab first.")
        return None
    cases = {case.name: case for case in options[0].cases()}
    chosen = st.selectbox("Option", list(cases), key=f"{PREFIX}_mc_option")
    distribution = st.radio(
        "Shape between low and high", ["pert", "triangular"], horizontal=True, key=f"{PREFIX}_mc_dist",
        help="PERT puts more weight near the likely value than a triangle does.",
    )  # fmt: skip
    st.markdown("Low and high as a percentage of the likely value (100 % = the number on the first tab):")
    cells = iter(st.columns(4) + st.columns(4))
    swings = {}
    for line, (low_default, high_default) in DEFAULT_SWINGS.items():
        label = line.replace("_", " ")
        with next(cells):
            low = number(f"{label}: low (% of likely)", f"mc_{line}_low", low_default, step=5.0)
        with next(cells):
            high = number(f"{label}: high (% of likely)", f"mc_{line}_high", high_default, step=5.0)
        swings[line] = (low, high)
    with next(cells):
        below = number("discount rate: points below", "mc_rate_below", 2.0, min_value=0.0, step=0.5)
    with next(cells):
        above = number("discount rate: points above", "mc_rate_above", 4.0, min_value=0.0, step=0.5)
    sims_col, seed_col, _, _ = st.columns(4)
    with sims_col:
        n_sim = int(number("Simulated futures", "mc_n", 10_000, min_value=10_000, max_value=MAX_SIM_BOX, step=10_000))
    with seed_col:
        seed = int(number("Seed", "mc_seed", 42, min_value=0, max_value=MAX_SEED, step=1))
    try:
        spec = ranged_case(
            cases[chosen], swings=swings, rate_points=(below, above), distribution=distribution, n_sim=n_sim, seed=seed
        )
        with st.status(f"Simulating {n_sim:,} futures...", expanded=False) as status:
            result = run_cached(spec)
            status.update(label=f"Simulated {n_sim:,} futures", state="complete")
    except InputError as error:
        show_error(error)
        return None
    simulation, spread = result.simulation, result.tornado
    p10, p50, p90, loss = st.columns(4)
    p10.metric("P10 NPV", f"${simulation.p10:,.0f}", help="1 future in 10 does worse than this")
    p50.metric("P50 NPV", f"${simulation.p50:,.0f}")
    p90.metric("P90 NPV", f"${simulation.p90:,.0f}", help="1 future in 10 does better than this")
    loss.metric("Chance NPV < 0", f"{simulation.p_loss:.1%}")
    st.altair_chart(npv_histogram(simulation), width="stretch")
    st.altair_chart(tornado_chart(spread.base_npv, spread.bars), width="stretch")
    st.caption("Each bar moves one input from its low to its high value while the others stay at their likely value.")
    export(spec, result, key=f"{PREFIX}_mc", stem="uncertainty")
    return spec, result


def _shared_widgets(shared: dict[str, Any]) -> dict[str, Any] | None:
    """Widget values for the shared inputs, or None when a value lies outside what the boxes accept."""
    rate = shared["discount_rate"] * 100
    if not RATE_LIMITS[0] <= rate <= RATE_LIMITS[1]:
        return None
    return {f"{PREFIX}_period": shared["period"], f"{PREFIX}_rate": rate, f"{PREFIX}_horizon": int(shared["horizon"])}


def restore_options(shared: dict[str, Any], rows: list[dict[str, Any]]) -> bool:
    """Put a saved table of options back into the widgets (before they are drawn); False when it cannot."""
    widgets = _shared_widgets(shared)
    if widgets is None:
        return False
    st.session_state.update(widgets)
    st.session_state[OPTION_ROWS_KEY] = rows
    st.session_state.pop(f"{PREFIX}_options", None)  # forget edits made to the previous table
    return True


def restore_uncertainty(spec: CaseSpec) -> bool:
    """Put a saved ranged case back into both tabs' widgets (before they are drawn); False when it cannot."""
    form = uncertainty_form(spec)
    if form is None or form["n_sim"] > MAX_SIM_BOX or not restore_options(form["shared"], [form["row"]]):
        return False
    values = {
        f"mc_{line}_{end}": pct
        for line, pair in form["swings"].items()
        for end, pct in zip(("low", "high"), pair, strict=True)
    }
    values.update({"mc_rate_below": form["rate_points"][0], "mc_rate_above": form["rate_points"][1]})
    values.update(
        {"mc_option": spec.name, "mc_dist": form["distribution"], "mc_n": form["n_sim"], "mc_seed": form["seed"]}
    )
    st.session_state.update({f"{PREFIX}_{name}": value for name, value in values.items()})
    return True
