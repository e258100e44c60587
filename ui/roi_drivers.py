"""ROI & Cost page, Drivers tab: a case built from drivers and formula lines, options compared on the same futures."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from lib.errors import InputError
from lib.roi import (
    CORRELATION_COLUMNS,
    DRIVER_COLUMNS,
    LINE_COLUMNS,
    LINE_KINDS,
    RAMP_CONVENTION,
    Driver,
    DriverRange,
    Line,
    LlmSpec,
    OptionSpec,
    OptionsResult,
    OptionsSpec,
    break_even_text,
    lines_table,
    llm_requests_example,
    llm_tco_case,
    money,
    options_from_tables,
    options_table,
    regret_table,
    sensitivity_table,
    tables_from_options,
)
from lib.roi.charts import cash_flow_chart, comparison_histogram, sensitivity_chart, tornado_chart
from ui.messages import show_error
from ui.roi_exports import export
from ui.roi_inputs import PREFIX, number, show_options_table
from ui.runner import run_cached

KEY = f"{PREFIX}_drv"
TABLES_KEY = f"{KEY}_tables"  # the rows the editors start from (a preset or a reopened analysis)
PRESETS = ("Fraud model: build or buy", "LLM: self-host or keep the API", "Blank")
SHAPES = ["pert", "triangular", "normal"]
GRAMMAR = (
    "Formulas use driver and line names, numbers, + - * / ^, brackets, min(...), max(...), ceil(...) and t, the "
    "period number (1 is the first period). Units are checked: a benefit or cost line must come out in dollars per "
    "period (a yearly driver in a monthly case is booked per month), a one-time or capital line in dollars. "
)


def fraud_preset() -> OptionsSpec:
    """Build against buy for a fraud model: shared drivers, two options' lines."""
    gain = Line("caught", "cases * loss_per_case * adoption", "benefit")
    return OptionsSpec(
        discount_rate=0.08, period="year", horizon=3, ramp_up_periods=1.0, tax_rate=0.25, depreciation_periods=3,
        drivers={
            "cases": Driver(2_000.0, "cases/year", DriverRange(1_200.0, 3_000.0)),
            "loss_per_case": Driver(900.0, "$/case", DriverRange(500.0, 1_500.0)),
            "adoption": Driver(0.8, "share", DriverRange(0.6, 0.95)),
            "team": Driver(2.0, "FTE", DriverRange(1.5, 3.5)),
            "cost_per_fte": Driver(200_000.0, "$/FTE/year"),
            "licence": Driver(520_000.0, "$/year", DriverRange(380_000.0, 700_000.0, "triangular")),
        },
        correlations=(("cases", "loss_per_case", 0.3),),
        options=(
            OptionSpec(name="Build", lines=(gain, Line("people", "team * cost_per_fte", "cost"),
                                            Line("platform", "400000", "capital"))),
            OptionSpec(name="Buy", lines=(gain, Line("fee", "licence", "cost"), Line("integration", "80000", "one_time"))),
        ),
        compare=("Build", "Buy"),
    )  # fmt: skip


def preset(name: str) -> OptionsSpec:
    """The spec a preset starts from (the LLM one from the Break-even tab's last inputs when there are any)."""
    if name == PRESETS[1]:
        saved = st.session_state.get(f"{PREFIX}_tco_spec")
        try:
            spec = LlmSpec.from_dict(saved) if saved else llm_requests_example()
        except InputError:
            spec = llm_requests_example()
        return llm_tco_case(spec)
    if name == PRESETS[2]:
        return OptionsSpec(
            discount_rate=0.08, period="year", horizon=5,
            drivers={"volume": Driver(1_000.0, "units/year"), "price": Driver(10.0, "$/unit")},
            options=(OptionSpec(name="Option A", lines=(Line("revenue", "volume * price", "benefit"),)),),
        )  # fmt: skip
    return fraud_preset()


def load(spec: OptionsSpec) -> bool:
    """Put a spec into the tab's tables and settings (before they are drawn); False when it does not fit them."""
    tables = tables_from_options(spec)
    if tables is None or tables["n_sim"] > 1_000_000:
        return False
    shared = tables["shared"]
    st.session_state[TABLES_KEY] = tables
    st.session_state.update({
        f"{KEY}_period": shared["period"] or "year", f"{KEY}_rate": float(shared["discount_rate"]) * 100,
        f"{KEY}_horizon": int(shared["horizon"] or 5), f"{KEY}_ramp": float(shared["ramp_up_periods"] or 0.0),
        f"{KEY}_n": int(tables["n_sim"]), f"{KEY}_seed": int(tables["seed"]),
    })  # fmt: skip
    for name, value in tables["finance"].items():
        st.session_state[f"{KEY}_use_{name}"] = value is not None
        if value is not None:
            st.session_state[f"{KEY}_{name}"] = float(value) * (100 if name != "depreciation_periods" else 1)
    for editor in ("drivers", "lines", "correlations"):
        st.session_state.pop(f"{KEY}_{editor}", None)  # forget edits made to the previous tables
    return True


def _load_preset() -> None:
    load(preset(st.session_state[f"{KEY}_preset"]))


def _shared() -> dict[str, Any]:
    period_col, rate_col, horizon_col, ramp_col = st.columns(4)
    st.session_state.setdefault(f"{KEY}_period", "year")
    period = period_col.selectbox("Period", ["month", "year"], key=f"{KEY}_period")
    with rate_col:
        rate = number("Discount rate (% per year)", "drv_rate", 8.0, min_value=-99.0, max_value=200.0, step=0.5)
    with horizon_col:
        horizon = int(number(f"Horizon ({period}s)", "drv_horizon", 3, min_value=1, max_value=600, step=1))
    with ramp_col:
        ramp = number(f"Ramp-up ({period}s)", "drv_ramp", 1.0, min_value=0.0, max_value=600.0, step=0.5)
    return {"discount_rate": rate / 100, "period": period, "horizon": horizon, "ramp_up_periods": ramp}


def _editor(name: str, columns: tuple[str, ...], config: dict[str, Any]) -> list[dict[str, Any]]:
    frame = pd.DataFrame(st.session_state[TABLES_KEY][name], columns=list(columns))
    if name == "lines":  # flags the editor can show: a ramp choice with a default, inflation on unless unticked
        frame["ramp"] = frame["ramp"].map(
            lambda v: {True: "yes", False: "no"}.get(v, v) if v in (True, False, "yes", "no") else "default"
        )
        frame["inflation"] = frame["inflation"].map(lambda v: v is not False)
    frame = st.data_editor(
        frame, num_rows="dynamic", hide_index=True, width="stretch",
        key=f"{KEY}_{name}", column_config=config,
    )  # fmt: skip
    return frame.to_dict(orient="records")


def _finance(period: str) -> dict[str, Any]:
    boxes = (
        ("tax_rate", "Tax rate (%)", 25.0), ("depreciation_periods", f"Depreciate capital over ({period}s)", 3.0),
        ("terminal_growth", "Terminal growth (% a year)", 2.0), ("inflation", "Inflation (% a year)", 2.5),
    )  # fmt: skip
    out: dict[str, Any] = {}
    for column, (name, label, default) in zip(st.columns(4), boxes, strict=True):
        with column:
            if st.checkbox(label, key=f"{KEY}_use_{name}"):
                value = number("value", f"drv_{name}", default, step=0.5, label_visibility="collapsed")
                out[name] = int(value) if name == "depreciation_periods" else value / 100
    return out


def _inputs() -> OptionsSpec:
    """The tab's widgets as a spec (raises InputError for a bad cell or spec)."""
    st.caption(GRAMMAR + RAMP_CONVENTION)
    shared = _shared()
    st.markdown("**Drivers** — each drawn once per simulated future from its range (empty low and high: fixed).")
    drivers = _editor("drivers", DRIVER_COLUMNS, {"shape": st.column_config.SelectboxColumn("shape", options=SHAPES)})
    st.markdown("**Lines** — one option per name in the first column; periods such as 0 or 1-12 (empty: the default).")
    lines = _editor("lines", LINE_COLUMNS, {
        "kind": st.column_config.SelectboxColumn("kind", options=list(LINE_KINDS), required=True),
        "formula": st.column_config.TextColumn("formula", width="large"),
        "ramp": st.column_config.SelectboxColumn("ramp", options=["default", "yes", "no"],
                                                 help="default: benefit lines ramp up, others do not"),
        "inflation": st.column_config.CheckboxColumn("inflation"),
    })  # fmt: skip
    with st.expander("Correlations and finance lines"):
        st.caption(
            "Rank correlations between ranged drivers, -1 to 1 (Iman–Conover: each driver keeps its own values)."
        )
        correlations = _editor("correlations", CORRELATION_COLUMNS, {})
        finance = _finance(shared["period"])
    names = list(dict.fromkeys(str(r.get("option") or "option 1").strip() for r in lines if r.get("line")))
    a_col, b_col, n_col, seed_col = st.columns(4)
    first = a_col.selectbox("Compare A", names, key=f"{KEY}_a") if names else None
    second = b_col.selectbox("against B", [n for n in names if n != first] or names, key=f"{KEY}_b") if names else None
    with n_col:
        n_sim = int(number("Simulated futures", "drv_n", 10_000, min_value=10_000, max_value=1_000_000, step=10_000))
    with seed_col:
        seed = int(number("Seed", "drv_seed", 0, min_value=0, max_value=2**32 - 1, step=1))
    pair: bool | tuple[str, str] = (first, second) if first and second and first != second else False
    return options_from_tables(shared, drivers=drivers, lines=lines, correlations=correlations, finance=finance,
                               compare=pair, n_sim=n_sim, seed=seed)  # fmt: skip


def _comparison(result: OptionsResult) -> None:
    comparison = result.comparison
    if comparison is None:
        return
    a, b = comparison.pair
    spread = comparison.incremental_npv
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(f"P({a} beats {b})", f"{comparison.p_a_beats_b:.0%}")
    m2.metric("P10 of A − B", money(spread.p10))
    m3.metric("P50 of A − B", money(spread.p50))
    m4.metric("P90 of A − B", money(spread.p90))
    st.altair_chart(comparison_histogram(comparison), width="stretch")
    st.caption(comparison.method + " " + break_even_text(comparison))
    st.dataframe(regret_table(comparison), hide_index=True, width="stretch",
                 column_config={"expected regret ($)": st.column_config.NumberColumn(format="dollar")})  # fmt: skip


def _option_views(result: OptionsResult) -> None:
    shown = st.selectbox("Look at", [o.name for o in result.options], key=f"{KEY}_shown")
    option = next(o for o in result.options if o.name == shown)
    st.altair_chart(cash_flow_chart(option), width="stretch")
    if option.tornado is not None:
        st.altair_chart(tornado_chart(option.tornado.base_npv, option.tornado.bars), width="stretch")
    if option.sensitivity is not None and option.sensitivity.by_driver:
        st.altair_chart(sensitivity_chart(option.sensitivity.by_driver), width="stretch")
        st.dataframe(sensitivity_table(option), hide_index=True, width="stretch")
        st.caption(option.sensitivity.method)
    if option.finance is not None:
        for note in option.finance.notes:
            st.caption(note)
    with st.expander(f"Lines of {shown}, period by period (likely values)"):
        st.dataframe(lines_table(option), hide_index=True, width="stretch")


def render_drivers() -> tuple[OptionsSpec, OptionsResult] | None:
    """The drivers tab; returns the spec and result when the tables make a valid case."""
    if TABLES_KEY not in st.session_state:
        load(fraud_preset())
    st.selectbox("Start from", PRESETS, key=f"{KEY}_preset", on_change=_load_preset,
                 help="Replaces the tables below with a worked example.")  # fmt: skip
    try:
        spec = _inputs()
        with st.status(f"Simulating {spec.n_sim:,} futures...", expanded=False) as status:
            result = run_cached(spec)
            status.update(label=f"Simulated {spec.n_sim:,} futures", state="complete")
    except InputError as error:
        show_error(error)
        return None
    show_options_table(options_table(result))
    _comparison(result)
    _option_views(result)
    export(spec, result, key=f"{KEY}_export", stem="case_from_drivers")
    return spec, result
