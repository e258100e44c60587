"""Build vs Buy: a weighted decision matrix, how robust its winner is, and the decision record."""

import streamlit as st

from lib.decision import spec_from_matrix, with_record
from lib.errors import InputError
from ui.decision_editor import choose_start, edit_matrix, reopen_saved
from ui.decision_views import (
    matrix_downloads,
    record_form,
    roi_offer,
    save_decision,
    show_result,
    simulation_settings,
    weights_section,
)
from ui.exports import export_bar
from ui.messages import show_error
from ui.page_setup import ensure_app_navigation
from ui.runner import run_cached

ensure_app_navigation()

K = "build_vs_buy"
st.title("Build vs Buy")
st.caption(
    "Compare building, buying or partnering on weighted criteria, then see how fragile the winner is: "
    "which weight changes would flip it, and how often it still wins when weights and scores are uncertain."
)
reopen_saved()

# 1. Starting point: a preset or an imported MATRIX file.
choose_start()


def decision_page() -> None:
    """The matrix, weights, result, record, exports and saving; returns early (not st.stop) so the sidebar is drawn."""
    # 2. Edit options, criteria, weights and every scorer's sheet.
    st.subheader("Options, criteria and scores")
    try:
        matrix = edit_matrix()
    except InputError as error:
        show_error(error)
        return
    roi_offer(matrix)

    # 3. Weights: as entered, or from pairwise comparisons.
    st.subheader("Weights")
    try:
        weighting, judgements = weights_section(matrix)
    except InputError as error:
        show_error(error)
        return

    # 4. Result and robustness.
    st.subheader("Result")
    settings = simulation_settings()
    try:
        spec = spec_from_matrix(matrix, weighting=weighting, judgements=judgements, **settings)
        with st.status("Ranking and simulating...", expanded=False) as status:
            result = run_cached(spec)
            status.update(
                label=f"Ranked {len(matrix.options)} options; {spec.n_sim:,} simulations done.", state="complete"
            )
    except InputError as error:
        show_error(error)
        return
    show_result(result)

    # 5. Decision record, exports and saving.
    st.subheader("Decision record")
    try:
        spec, result = with_record(spec, result, record_form(result))
    except InputError as error:  # e.g. a text longer than the record keeps
        show_error(error)
        return
    export_bar(spec, result, key=K, stem="decision_record", extra=matrix_downloads(spec))
    save_decision(spec, result)


decision_page()
