"""ROI & Cost page, investment case and uncertainty tabs."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from lib.errors import InputError
from lib.roi import (
    InvestmentResult,
    SimulationResult,
    TornadoBar,
    case_from_spec,
    evaluate_case,
    investment_report,
    simulate_npv,
    tornado,
)
from lib.roi.charts import cash_flow_chart, npv_histogram, tornado_chart
from ui.roi_exports import export_buttons
from ui.roi_inputs import OPTION_DEFAULTS_KEY, PREFIX, number

OPTION_COLUMNS = ["option", "build_cost", "run_cost", "benefit", "ramp_up_periods"]
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


@st.cache_data(show_spinner=False, max_entries=32)
def _evaluate(spec: dict[str, Any]) -> InvestmentResult:
    return evaluate_case(case_from_spec(spec))


@st.cache_data(show_spinner=False, max_entries=16)
def _simulate(spec: dict[str, Any], n_sim: int, seed: int) -> tuple[SimulationResult, float, tuple[TornadoBar, ...]]:
    case = case_from_spec(spec)
    base, bars = tornado(case)
    return simulate_npv(case, n_sim=n_sim, seed=seed), base, bars


def shared_inputs() -> dict[str, Any]:
    """Period, discount rate and horizon (shared by every option)."""
    period_col, rate_col, horizon_col = st.columns(3)
    st.session_state.setdefault(f"{PREFIX}_period", "month")
    period = period_col.selectbox("Period", ["month", "year"], key=f"{PREFIX}_period")
    with rate_col:
        rate = number("Discount rate (% per year)", "rate", 8.0, min_value=-99.0, max_value=200.0, step=0.5)
    with horizon_col:
        horizon = int(number(f"Horizon ({period}s after today)", "horizon", 36, min_value=1, max_value=600, step=1))
    return {"discount_rate": rate / 100, "period": period, "horizon": horizon}


def render_investment(shared: dict[str, Any]) -> list[dict[str, Any]]:
    """The options table, each option's metrics and cash flows. Returns the option specs that are valid."""
    st.caption(
        "Period 0 is today: the build cost is paid now and is not discounted; period 1 is one "
        f"{shared['period']} from now. NPV adds each period's net flow divided by (1 + r) to the power t, "
        "as numpy-financial counts; with monthly periods r is the monthly rate equal to the yearly one."
    )
    rows = [dict(r) for r in DEFAULT_OPTIONS]
    rows[0].update(st.session_state.get(OPTION_DEFAULTS_KEY, {}))
    table = st.data_editor(
        pd.DataFrame(rows, columns=OPTION_COLUMNS),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"{PREFIX}_options",
        column_config={
            "option": st.column_config.TextColumn("option", required=True),
            "build_cost": st.column_config.NumberColumn("build cost ($, today)", min_value=0, format="dollar"),
            "run_cost": st.column_config.NumberColumn(
                f"run cost ($ per {shared['period']})", min_value=0, format="dollar"
            ),
            "benefit": st.column_config.NumberColumn(
                f"benefit ($ per {shared['period']})", min_value=0, format="dollar"
            ),
            "ramp_up_periods": st.column_config.NumberColumn(f"ramp-up ({shared['period']}s)", min_value=0),
        },
    )
    specs, results = [], []
    for row in table.dropna(subset=["option"]).to_dict(orient="records"):
        spec = {**shared, "name": str(row["option"]), **{k: _zero(row.get(k)) for k in OPTION_COLUMNS[1:]}}
        try:
            results.append(_evaluate(spec))
            specs.append(spec)
        except InputError as error:
            st.error(f"Option '{row['option']}': {error}")
    if not results:
        st.info("Add an option with a name to see its numbers.")
        return []
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "option": r.name,
                    "NPV ($)": r.npv,
                    f"IRR (% per {r.period})": None if r.irr is None else r.irr * 100,
                    f"payback ({r.period}s)": r.payback_periods,
                    "ROI (%)": r.roi_pct,
                }
                for r in results
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "NPV ($)": st.column_config.NumberColumn(format="dollar"),
            **{c: st.column_config.NumberColumn(format="%.1f") for c in ("IRR (% per month)", "IRR (% per year)")},
            f"payback ({shared['period']}s)": st.column_config.NumberColumn(format="%.1f"),
            "ROI (%)": st.column_config.NumberColumn(format="%.1f"),
        },
    )
    st.caption(
        "ROI = (total benefit - total cost) / total cost, undiscounted, with the build cost and every "
        f"{shared['period']}'s run cost counted. Payback is read within the {shared['period']} the running total "
        "turns positive, assuming money arrives evenly through it."
    )
    best = max(results, key=lambda r: r.npv)
    st.success(f"Highest NPV: **{best.name}**, ${best.npv:,.0f} at {shared['discount_rate']:.1%} a year.")
    shown = st.selectbox("Cash flows of", [r.name for r in results], key=f"{PREFIX}_flows_of")
    chosen = next(r for r in results if r.name == shown)
    st.altair_chart(cash_flow_chart(chosen), width="stretch")
    export_buttons(investment_report(chosen, options=results), key=f"{PREFIX}_case", stem="investment_case")
    st.session_state[f"{PREFIX}_npv_by_option"] = {r.name: r.npv for r in results}
    return specs


def _zero(value: Any) -> float:
    return 0.0 if value is None or pd.isna(value) else float(value)


def render_uncertainty(specs: list[dict[str, Any]]) -> SimulationResult | None:
    """Ranges around one option's likely values -> Monte Carlo and a tornado."""
    if not specs:
        st.info("Set up an option on the investment case tab first.")
        return None
    names = [s["name"] for s in specs]
    chosen = st.selectbox("Option", names, key=f"{PREFIX}_mc_option")
    spec = dict(next(s for s in specs if s["name"] == chosen))
    distribution = st.radio(
        "Shape between low and high", ["pert", "triangular"], horizontal=True, key=f"{PREFIX}_mc_dist",
        help="PERT puts more weight near the likely value than a triangle does.",
    )  # fmt: skip
    st.markdown("Low and high as a percentage of the likely value (100 % = the number on the first tab):")
    cells = iter(st.columns(4) + st.columns(4))
    for line, (low_default, high_default) in DEFAULT_SWINGS.items():
        label = line.replace("_", " ")
        with next(cells):
            low = number(f"{label}: low (% of likely)", f"mc_{line}_low", low_default, step=5.0)
        with next(cells):
            high = number(f"{label}: high (% of likely)", f"mc_{line}_high", high_default, step=5.0)
        likely = spec[line]
        spec[line] = {"low": likely * low / 100, "likely": likely, "high": likely * high / 100}
        spec[line]["distribution"] = distribution
    with next(cells):
        below = number("discount rate: points below", "mc_rate_below", 2.0, min_value=0.0, step=0.5)
    with next(cells):
        above = number("discount rate: points above", "mc_rate_above", 4.0, min_value=0.0, step=0.5)
    rate = spec["discount_rate"]
    spec["discount_rate"] = {"low": rate - below / 100, "likely": rate, "high": rate + above / 100}
    sims_col, seed_col, _, _ = st.columns(4)
    with sims_col:
        n_sim = int(number("Simulated futures", "mc_n", 10_000, min_value=10_000, max_value=1_000_000, step=10_000))
    with seed_col:
        seed = int(number("Seed", "mc_seed", 42, min_value=0, step=1))
    try:
        with st.status(f"Simulating {n_sim:,} futures...", expanded=False) as status:
            simulation, base, bars = _simulate(spec, n_sim, seed)
            status.update(label=f"Simulated {n_sim:,} futures", state="complete")
    except InputError as error:
        st.error(str(error))
        return None
    p10, p50, p90, loss = st.columns(4)
    p10.metric("P10 NPV", f"${simulation.p10:,.0f}", help="1 future in 10 does worse than this")
    p50.metric("P50 NPV", f"${simulation.p50:,.0f}")
    p90.metric("P90 NPV", f"${simulation.p90:,.0f}", help="1 future in 10 does better than this")
    loss.metric("Chance NPV < 0", f"{simulation.p_loss:.1%}")
    st.altair_chart(npv_histogram(simulation), width="stretch")
    st.altair_chart(tornado_chart(base, bars), width="stretch")
    st.caption("Each bar moves one input from its low to its high value while the others stay at their likely value.")
    result = _evaluate(
        {**spec, "discount_rate": spec["discount_rate"]["likely"], **{k: spec[k]["likely"] for k in DEFAULT_SWINGS}}
    )
    export_buttons(
        investment_report(result, simulation=simulation, tornado_bars=bars), key=f"{PREFIX}_mc", stem="uncertainty"
    )
    return simulation
