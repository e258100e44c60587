"""ROI & Cost: an investment case with its uncertainty, break-even calculators, a savings plan and the actual spend."""

import streamlit as st

from ui.page_setup import ensure_app_navigation
from ui.roi_case import render_investment, render_uncertainty, shared_inputs
from ui.roi_drivers import render_drivers
from ui.roi_exports import ROI_KINDS, reopen_requested, save_section
from ui.roi_inputs import TABS, apply_prefill, opening_tab, prefill_notice
from ui.roi_savings import render_savings
from ui.roi_spend import render_spend
from ui.roi_tools import render_breakeven
from ui.workspace import take_reopen_request

ensure_app_navigation()

st.title("ROI & Cost")
st.caption(
    "Show that ML spending pays off and find where it leaks: the case for an investment, how sure it is, "
    "a case built from drivers with options compared in the same simulated futures, the break-even questions "
    "leaders ask, a savings plan, and what the bills say."
)
reopen_requested(take_reopen_request(ROI_KINDS))
prefilled = apply_prefill()
if prefilled:
    st.info(prefill_notice(prefilled))

# A handover from Interview Practice opens the tab that holds its figures. The browser applies a default
# only when the tabs first appear, and switching tabs needs no rerun, so it stays instant.
case_tab, risk_tab, drivers_tab, breakeven_tab, savings_tab, spend_tab = st.tabs(TABS, default=opening_tab())
with case_tab:
    options = render_investment(shared_inputs())
with risk_tab:
    ranged = render_uncertainty(options)
with drivers_tab:
    drivers = render_drivers()
with breakeven_tab:
    breakeven = render_breakeven()
with savings_tab:
    plan = render_savings()
with spend_tab:
    spend = render_spend()

st.divider()
st.subheader("Save to workspace")
save_section(
    {
        "Investment options": options,
        "Uncertainty of one option": ranged,
        "Case from drivers": drivers,
        "Break-even calculator": breakeven,
        "Savings plan": plan,
        "Spend analysis": spend,
    }
)
