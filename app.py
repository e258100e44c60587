"""Decision Desk: page set-up, navigation and the shared sidebar. Nothing else."""

import streamlit as st

from ui.page_setup import PageStopped
from ui.sidebar import render_sidebar

st.set_page_config(page_title="Decision Desk", page_icon=":material/balance:", layout="wide")

navigation = st.navigation(
    {
        "Start": [
            st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
            st.Page("pages/datasets.py", title="Datasets", icon=":material/table_chart:"),
        ],
        "Plan": [
            st.Page("pages/build_vs_buy.py", title="Build vs Buy", icon=":material/alt_route:"),
            st.Page("pages/roi_cost.py", title="ROI & Cost", icon=":material/calculate:"),
            st.Page("pages/team_portfolio.py", title="Team & Portfolio", icon=":material/groups:"),
            st.Page("pages/launch.py", title="Launch", icon=":material/rocket_launch:"),
        ],
        "Audit": [
            st.Page("pages/bias_audit.py", title="Bias Audit", icon=":material/policy:"),
            st.Page("pages/explain.py", title="Explain", icon=":material/insights:"),
            st.Page("pages/monitor.py", title="Monitor", icon=":material/monitoring:"),
        ],
        "Govern": [
            st.Page("pages/review_pack.py", title="Review Pack", icon=":material/verified:"),
        ],
        "Practise": [
            st.Page("pages/interview_practice.py", title="Interview Practice", icon=":material/record_voice_over:"),
        ],
    }
)
# The sidebar is filled after the page ran, so it shows what the page just loaded.
sidebar_slot = st.sidebar.container()
try:
    navigation.run()
except PageStopped:
    pass  # the page ended early on purpose (ui.page_setup.stop_page); the sidebar is still drawn
finally:
    render_sidebar(sidebar_slot)
