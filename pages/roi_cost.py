"""ROI & Cost: an investment case with its uncertainty, break-even calculators, a savings plan and the actual spend."""

import streamlit as st

from ui.page_setup import ensure_app_navigation
from ui.roi_case import render_investment, render_uncertainty, shared_inputs
from ui.roi_inputs import apply_prefill
from ui.roi_spend import render_spend
from ui.roi_tools import render_breakeven, render_savings
from ui.workspace import save_form

ensure_app_navigation()

st.title("ROI & Cost")
st.caption(
    "Show that ML spending pays off and find where it leaks: the case for an investment, how sure it is, "
    "the break-even questions leaders ask, a savings plan, and what the bills say."
)
prefilled = apply_prefill()
if prefilled:
    st.info("Some inputs were filled in for you: " + ", ".join(prefilled) + ". Change any of them freely.")

case_tab, risk_tab, breakeven_tab, savings_tab, spend_tab = st.tabs(
    ["Investment case", "Uncertainty", "Break-even", "Savings plan", "Spend analyser"]
)
with case_tab:
    shared = shared_inputs()
    specs = render_investment(shared)
with risk_tab:
    simulation = render_uncertainty(specs)
with breakeven_tab:
    breakeven = render_breakeven()
with savings_tab:
    plan = render_savings()
with spend_tab:
    spend = render_spend()

st.divider()
st.subheader("Save to workspace")
npv_by_option = st.session_state.get("roi_cost_npv_by_option", {}) if specs else {}
results = {
    "npv": npv_by_option,
    "best_option": max(npv_by_option, key=npv_by_option.get) if npv_by_option else None,
    "simulation": simulation.to_dict() if simulation else None,
    "breakeven": {k: v for k, v in (breakeven or {}).items() if k != "provenance"} or None,
    "savings": plan.to_dict()["total_saving"] if plan else None,
    "spend": {k: v for k, v in spend.to_dict().items() if k != "provenance"} if spend else None,
}
save_form(
    kind="roi",
    default_title="ROI & Cost: " + (" vs ".join(npv_by_option) or "analysis"),
    parameters={"shared": shared, "options": specs},
    results=results,
    data_hash=spend.provenance.input_sha256 if spend else None,
    key="roi_cost",
)
