"""Launch: is ML the right tool, what the model is worth, how to test it, and how to roll it out."""

import streamlit as st

from lib.analysis import saved_parts
from lib.errors import InputError
from ui.exports import data_locations, export_bar
from ui.launch import (
    KINDS,
    SECTIONS,
    design_form,
    framing_form,
    readout_form,
    restore,
    roi_handoff,
    rollout_form,
    value_form,
)
from ui.messages import show_error
from ui.page_setup import ensure_app_navigation, stop_page
from ui.report_view import render_blocks, render_report
from ui.runner import run_cached
from ui.state import current_data
from ui.workspace import reopened_data, save_form, take_reopen_request, workspace

ensure_app_navigation()

st.title("Launch")
st.caption(
    "The decisions before and around a model: is ML the right tool, what the model is worth in dollars, "
    "how to A/B test it, and how to roll it out with checks that can stop it."
)

reopened = take_reopen_request(KINDS)
if reopened is not None and (space := workspace()) is not None:
    saved = space.open(reopened)
    spec, saved_result = saved_parts(saved)
    if spec.required_inputs() and reopened_data(saved) is None:
        st.warning(
            f"#{saved.id} '{saved.title}' was made from {saved_result.provenance.input_name} "
            f"(sha256 {saved.data_hash}), which is not loaded: its saved result is shown read-only. "
            "Load that file on the Datasets page to re-run it."
        )
        render_report(saved_result.report(), key="launch_saved")
        stop_page()
    restore(spec)
    st.info(f"Reopened #{saved.id} '{saved.title}'.")

section = st.radio("Section", list(SECTIONS), horizontal=True, key="launch_section", label_visibility="collapsed")
data = current_data()
if data is not None:
    st.caption(f"Current dataset: {data.dataset.name} · {data.dataset.n_rows:,} rows (change it on the Datasets page)")

try:
    if section == "Framing":
        built = framing_form(data)
    elif section == "Model value":
        built = value_form(data)
    elif section == "A/B plan":
        built = design_form(), {}
    elif section == "A/B readout":
        built = readout_form(data)
    else:
        built = rollout_form(), {}
    if built is None:
        stop_page()
    spec, sources = built
    with st.spinner("Working it out..."):
        result = run_cached(spec, sources)
except InputError as error:
    show_error(error)
    stop_page()

st.divider()
report = result.report()
render_blocks(report.blocks, key=f"launch_{spec.kind}")
if spec.kind == "model_value":
    roi_handoff(result)

st.subheader("Export and save")
locations = data_locations(data) if sources else {}
export_bar(spec, result, key=f"launch_{spec.kind}", stem=spec.kind, locations=locations)
save_form(spec=spec, result=result, default_title=report.title, key=f"launch_{spec.kind}", locations=locations)
