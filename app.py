"""Decision Desk: page set-up, navigation and the shared sidebar. Nothing else."""

import streamlit as st

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
        ],
    }
)
# The sidebar is filled after the page ran, so it shows what the page just loaded.
sidebar_slot = st.sidebar.container()
try:
    navigation.run()
finally:
    render_sidebar(sidebar_slot)
