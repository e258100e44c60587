"""Bias Audit: group metrics with intervals, verdicts, thresholds, mitigation and a release gate."""

import streamlit as st

from lib.analysis import saved_parts
from lib.errors import InputError
from lib.fairness import calibration_blocks, criteria_blocks, gate_verdict
from ui.bias_audit import (
    TAB_KEY,
    TABS,
    audit_settings,
    charts_tab,
    explorer_tab,
    groups_tab,
    guide_tab,
    keep_tab_choices,
    mitigation_tab,
    restore_settings,
    verdict_cards,
)
from ui.data_picker import pick_data
from ui.exports import data_locations, export_bar
from ui.log_source import source_of
from ui.messages import show_error
from ui.page_setup import ensure_app_navigation
from ui.report_view import render_blocks, render_report
from ui.runner import run_cached
from ui.state import current_data
from ui.workspace import reopened_data, save_form, take_reopen_request, workspace

ensure_app_navigation()

st.title("Bias Audit")
st.caption(
    "Does the model treat groups differently, how sure can we be, and what would fix it? "
    "Every figure comes with a 95% bootstrap interval; small groups are flagged, never dropped."
)

# The page body is a function that returns early, so nothing after it is skipped.


def reopen_saved() -> bool:
    """Restore a saved audit this page was asked to reopen; False when it is shown read-only instead."""
    reopened = take_reopen_request(("bias_audit",))
    if reopened is not None and (space := workspace()) is not None:
        saved = space.open(reopened)
        spec, saved_result = saved_parts(saved)
        data = reopened_data(saved)
        if data is not None:
            restore_settings(spec, sha256=data.dataset.sha256, roles=data.roles)
            st.session_state["bias_audit_origin"] = "Dataset from the Datasets page"
            st.info(f"Reopened #{saved.id} '{saved.title}' on {data.dataset.name}.")
        else:
            st.warning(
                f"#{saved.id} '{saved.title}' was made from {saved_result.provenance.input_name} "
                f"(sha256 {saved.data_hash}), which is not loaded: its saved result is shown read-only. "
                "Upload that file on the Datasets page to re-run it."
            )
            render_report(saved_result.report(), key="bias_audit_saved")
            return False
    return True


def audit_page() -> None:
    """Data, settings, the audit's verdicts and its tabs."""
    origin = st.radio(
        "Data",
        ["Dataset from the Datasets page", "Choose or upload here"],
        horizontal=True,
        index=0 if current_data() is not None else 1,
        key="bias_audit_origin",
    )
    data = current_data() if origin.startswith("Dataset") else pick_data(key="bias_audit_data", confirm=True)
    if data is None:
        st.info("Choose a dataset on the Datasets page, or pick a sample or upload a file here.")
        return
    frame, dataset = data.frame, data.dataset
    st.caption(f"{dataset.name} · {dataset.n_rows:,} rows")
    sources = {"data": source_of(data)}
    if data.log is not None:
        st.caption("A log: the audit counts every row where it lies; column choices come from its sample.")

    try:
        spec = audit_settings(frame, data.roles, sha256=dataset.sha256)
        if spec is None:
            return
        with st.status("Counting groups and resampling...", expanded=False) as status:
            result = run_cached(spec, sources)
            status.update(label=f"Audit done: {result.n_rows:,} rows, {spec.n_boot:,} resamples", state="complete")
    except InputError as error:
        show_error(error)
        return

    verdict = gate_verdict(result.gate)
    {"fail": st.error, "pass": st.success}.get(verdict.status, st.warning)(f"{verdict.title}: {verdict.text}")
    verdict_cards(result)
    for warning in (n for n in result.notes if n.startswith("Warning:")):
        st.warning(warning)
    if result.notes:
        with st.expander(f"Notes on the data ({len(result.notes)}): missing values, undefined rates, small groups"):
            for note in result.notes:
                st.markdown(f"- {note}")

    # Only the open tab is drawn (and computed): the mitigation is fitted when its tab is opened.
    keep_tab_choices()
    groups, charts, criteria, explorer, mitigation, guide, export = st.tabs(TABS, key=TAB_KEY, on_change="rerun")
    if groups.open:
        with groups:
            groups_tab(result, spec)
    if charts.open:
        with charts:
            charts_tab(result)
    if criteria.open:
        with criteria:
            if result.calibration is None:
                st.caption("Calibration needs scores that are probabilities: choose a score column in [0, 1].")
            render_blocks([*calibration_blocks(result), *criteria_blocks(result)], key="bias_audit_criteria")
    if explorer.open:
        with explorer:
            if spec.score is None:
                st.info("The threshold explorer needs a score column: choose 'score' as the model output.")
            else:
                explorer_tab(spec, sources, locations=data_locations(data))
    if mitigation.open:
        with mitigation:
            if spec.score is None:
                st.info("Mitigation chooses new thresholds, so it needs a score column.")
            elif data.log is not None:
                st.info("Mitigation fits thresholds on rows: open a table (or an extract of the log) to mitigate.")
            else:
                mitigation_tab(spec, sources, dataset.name, locations=data_locations(data))
    if guide.open:
        with guide:
            guide_tab()
    if export.open:
        with export:
            export_bar(spec, result, key="bias_audit", stem="bias_audit", locations=data_locations(data))
            save_form(
                spec=spec,
                result=result,
                default_title=f"Bias audit of {dataset.name}",
                key="bias_audit",
                locations=data_locations(data),
            )


if reopen_saved():
    audit_page()
