"""ROI & Cost page, savings-plan tab: baseline and levers (with what each takes) -> a plan over time, with ranges."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from lib.errors import InputError
from lib.roi import (
    CATEGORIES,
    DEFAULT_BASELINE,
    DEFAULT_LEVERS,
    Lever,
    SavingsPlan,
    SavingsSpec,
    levers_from_records,
    money,
    value_text,
)
from lib.roi.charts import savings_chart, savings_months_chart, sensitivity_chart
from ui.messages import show_error
from ui.roi_exports import export
from ui.roi_inputs import PREFIX, number
from ui.runner import run_cached

LEVER_ROWS_KEY = f"{PREFIX}_lever_rows"
COLUMNS = [
    "name", "category", "applies_to", "low", "likely", "high", "implementation_cost", "start_delay_months", "adoption",
]  # fmt: skip
RANGE_HELP = "A number, or low / likely / high (a PERT range drawn once per simulated future)."


def lever_row(lever: Lever) -> dict[str, Any]:
    """A lever as a table row: ranges of what it takes written low / likely / high."""
    row = lever.to_dict()
    for key in ("implementation_cost", "start_delay_months", "adoption"):
        row[key] = value_text(getattr(lever, key))
    return row


def _baseline() -> dict[str, float]:
    baseline = {}
    for column, category in zip(st.columns(4), CATEGORIES, strict=True):
        with column:
            baseline[category] = number(
                f"{category} ($/month)", f"base_{category}", DEFAULT_BASELINE[category], step=5_000.0
            )
    total = sum(baseline.values())
    st.caption(f"Monthly spend by category: ${total:,.0f} a month in all, as entered above.")
    return baseline


def _levers() -> pd.DataFrame:
    st.caption(
        "Levers: 'reach' is the share of the category's spend a lever can touch; low / likely / high are the saving "
        "on that spend (0-1); adoption is the share that actually moves; implementation is paid up front and the "
        "saving starts after the delay. The saving ranges are typical published figures; reach, implementation, "
        "delay and adoption are our assumptions. Edit freely."
    )
    rows = st.session_state.get(LEVER_ROWS_KEY) or [lever_row(lever) for lever in DEFAULT_LEVERS]
    share = {"min_value": 0.0, "max_value": 1.0, "step": 0.05}
    return st.data_editor(
        pd.DataFrame(rows, columns=COLUMNS),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"{PREFIX}_levers",
        column_config={
            "category": st.column_config.SelectboxColumn("category", options=list(CATEGORIES)),
            "applies_to": st.column_config.NumberColumn("reach (0-1)", **share),
            "low": st.column_config.NumberColumn("low (0-1)", **share),
            "likely": st.column_config.NumberColumn("likely (0-1)", **share),
            "high": st.column_config.NumberColumn("high (0-1)", **share),
            "implementation_cost": st.column_config.TextColumn("implementation ($)", help=RANGE_HELP),
            "start_delay_months": st.column_config.TextColumn("delay (months)", help=RANGE_HELP),
            "adoption": st.column_config.TextColumn("adoption (0-1)", help=RANGE_HELP),
        },
    )


def _views(plan: SavingsPlan) -> None:
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(
        "Likely saving ($/month)",
        money(plan.total_likely),
        f"{plan.total_likely / max(plan.total_baseline, 1):.0%} of spend",
    )
    m2.metric("Range ($/month)", f"${plan.total_low:,.0f} – ${plan.total_high:,.0f}")
    m3.metric(
        f"Net saving over {plan.months} months",
        money(plan.net_saving),
        f"after ${plan.implementation_cost:,.0f} to implement",
        delta_color="off",
    )
    m4.metric("Payback", "not within the horizon" if plan.payback_month is None else f"month {plan.payback_month}")
    sim = plan.simulation
    if sim is not None:
        s1, s2, s3 = st.columns(3)
        s1.metric("P10 net saving", money(sim.net_saving.p10))
        s2.metric("P90 net saving", money(sim.net_saving.p90))
        s3.metric("Chance the plan pays back", f"{sim.p_net_positive:.0%}")
        st.caption(
            f"{sim.n_sim:,} simulated futures (seed {sim.seed}): each lever's saving, adoption, delay and implementation "
            f"cost drawn once per future. Once every lever is live: ${sim.run_rate.p10:,.0f} (P10) to "
            f"${sim.run_rate.p90:,.0f} (P90) a month."
        )
    if len(plan.levers):
        st.altair_chart(savings_chart(plan), width="stretch")
    st.altair_chart(savings_months_chart(plan.by_month), width="stretch")
    if sim is not None and sim.sensitivity:
        st.altair_chart(sensitivity_chart(sim.sensitivity[:12], what="net saving"), width="stretch")
    st.dataframe(
        plan.by_category, hide_index=True, width="stretch",
        column_config={c: st.column_config.NumberColumn(c, format="dollar") for c in plan.by_category.columns[1:]},
    )  # fmt: skip
    st.caption(
        "Levers on the same category are combined, not added: each one cuts what the levers above it left. "
        + plan.timing
    )


def render_savings() -> tuple[SavingsSpec, SavingsPlan] | None:
    """Baseline by category and editable levers -> a plan over time; returns its spec and result."""
    baseline = _baseline()
    edited = _levers()
    months_col, seed_col, _ = st.columns(3)
    with months_col:
        months = int(number("Months the plan runs", "plan_months", 24, min_value=1, max_value=120, step=1))
    with seed_col:
        seed = int(number("Seed", "plan_seed", 0, min_value=0, max_value=2**32 - 1, step=1))
    try:
        levers = levers_from_records(edited.dropna(how="all").to_dict(orient="records"))
        spec = SavingsSpec(baseline=baseline, levers=levers, months=months, seed=seed)
        with st.status("Simulating the plan...", expanded=False) as status:
            plan = run_cached(spec)
            status.update(label="Simulated the plan", state="complete")
    except InputError as error:
        show_error(error)
        return None
    _views(plan)
    export(spec, plan, key=f"{PREFIX}_plan", stem="savings_plan")
    return spec, plan


def restore_savings(spec: SavingsSpec) -> bool:
    """Put a saved plan's baseline, levers, horizon and seed back into the widgets (before they are drawn)."""
    if spec.n_sim != 10_000:
        return False  # the tab has no place for another number of draws: the saved result is shown read-only
    st.session_state.update({f"{PREFIX}_base_{c}": float(spec.baseline[c]) for c in CATEGORIES})
    st.session_state[LEVER_ROWS_KEY] = [lever_row(lever) for lever in spec.levers]
    st.session_state[f"{PREFIX}_plan_months"] = spec.months
    st.session_state[f"{PREFIX}_plan_seed"] = spec.seed
    st.session_state.pop(f"{PREFIX}_levers", None)  # forget edits made to the previous table
    return True
