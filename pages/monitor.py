"""Monitor: data and prediction drift over time and by segment, and performance before labels arrive."""

import streamlit as st

from lib.analysis import saved_parts
from lib.drift import conventions_frame, gate_verdict, glossary_frame, overview_chart, segments_table
from lib.errors import InputError
from lib.export import to_csv_bytes
from ui.data_picker import pick_data
from ui.exports import export_bar
from ui.log_source import drift_spec_for_logs, frame_of
from ui.messages import show_error
from ui.monitor import (
    MODES,
    column_view,
    forget_choices_of_other_tables,
    main_source,
    overview_table,
    performance_view,
    pick_current_table,
    reopened_sources,
    restore_settings,
    settings,
    time_view,
    verdict_cards,
)
from ui.page_setup import ensure_app_navigation, stop_page
from ui.report_view import render_report
from ui.runner import run_cached
from ui.state import current_data
from ui.workspace import save_form, take_reopen_request, workspace

ensure_app_navigation()

st.title("Monitor")
st.caption(
    "Have the inputs or the model's outputs moved since the reference period, does it matter, and is performance "
    "slipping before labels arrive? Every effect size has a bootstrap interval; p-values are adjusted together."
)

reopened = take_reopen_request(("drift",))
if reopened is not None and (space := workspace()) is not None:
    saved = space.open(reopened)
    saved_spec, saved_result = saved_parts(saved)
    found = reopened_sources(saved, current_data())
    if found is None:
        st.warning(
            f"#{saved.id} '{saved.title}' was made from files that are not loaded: its saved result is shown "
            "read-only. Load the same files (the Datasets page checks them by SHA-256) to re-run it."
        )
        render_report(saved_result.report(), key="monitor_saved")
        stop_page()
    restore_settings(saved_spec)
    st.session_state["monitor_reopened"] = (saved.id, saved.title, saved_spec, found)

if "monitor_reopened" in st.session_state:
    analysis_id, title, spec, sources = st.session_state["monitor_reopened"]
    st.info(f"Reopened #{analysis_id} '{title}', re-run on the same files.")
    if st.button("Start a new analysis", key="monitor_new"):
        del st.session_state["monitor_reopened"]
        st.rerun()
    locations = {role: source.location or source.name for role, source in sources.items()}
else:
    mode = st.radio("Compare", MODES, horizontal=True, key="monitor_mode")
    split = mode == MODES[1]
    with st.expander("Reference data" if not split else "Data to split", expanded=current_data() is None):
        data = pick_data(key="monitor_data", confirm=True)
    if data is None:
        st.info("Choose a dataset on the Datasets page, or pick a sample or upload a file above.")
        stop_page()
    main, main_location = main_source(data)
    current = None
    if not split:
        st.caption(f"Reference: {data.dataset.name} · {data.dataset.n_rows:,} rows")
        if "monitor_current_sample" not in st.session_state:
            st.session_state["monitor_current_sample"] = "adult" if main_location != "adult" else "adult_predictions"
        current = pick_current_table(data.dataset.name)
        if current is None:
            stop_page()
    forget_choices_of_other_tables(f"{main.sha256}/{'split' if current is None else current[0].sha256}")
    try:
        spec = settings(data.frame, None if current is None else frame_of(current[0]), data.roles, split=split)
    except InputError as error:
        show_error(error)
        stop_page()
    if current is None:
        sources, locations = {"data": main}, {"data": main_location}
    else:
        sources = {"reference": main, "current": current[0]}
        locations = {"reference": main_location, "current": current[1]}
    spec, changed = drift_spec_for_logs(spec, sources)
    if changed:
        st.info(changed)

try:
    with st.status("Binning, counting and resampling...", expanded=False) as status:
        result = run_cached(spec, sources)
        status.update(label=f"Drift done: {result.rows_reference:,} reference and {result.rows_current:,} current rows",
                      state="complete")  # fmt: skip
except InputError as error:
    show_error(error)
    stop_page()

verdict = gate_verdict(result)
{"fail": st.error, "pass": st.success}.get(verdict.status, st.warning)(f"{verdict.title}. {verdict.text}")
verdict_cards(result)
if result.notes:
    with st.expander(f"Notes on the data ({len(result.notes)}): small chunks, constant or empty columns"):
        for note in result.notes:
            st.markdown(f"- {note}")

overview, column, over_time, segments, performance, glossary, export = st.tabs(
    ["Overview", "Column", "Over time", "Segments", "Performance", "Glossary", "Export and save"]
)
with overview:
    st.altair_chart(overview_chart(result), width="stretch")
    st.dataframe(overview_table(result), hide_index=True, width="stretch")
    mt = result.multiple_testing
    st.caption(
        f"{mt['tests']:,} p-values adjusted together (Benjamini-Hochberg, false discovery rate {mt['alpha']:g})."
    )
with column:
    column_view(result)
with over_time:
    time_view(result)
with segments:
    if result.segments:
        st.dataframe(segments_table(result), hide_index=True, width="stretch")
    else:
        st.info("Choose one or more segment columns to compare each segment with its own reference rows.")
with performance:
    performance_view(result)
with glossary:
    st.dataframe(glossary_frame(), hide_index=True, width="stretch")
    st.markdown("**How conventions change the numbers** (the same samples, N(0, 1) against N(0.25, 1))")
    st.dataframe(conventions_frame(), hide_index=True, width="stretch")
with export:
    export_bar(
        spec, result, key="monitor", stem="drift", locations=locations,
        extra={
            "Columns (CSV)": (lambda: to_csv_bytes(result.columns_frame()), "drift_columns.csv", "text/csv"),
            "Every cell (CSV)": (lambda: to_csv_bytes(result.cells_frame()), "drift_cells.csv", "text/csv"),
        },
    )  # fmt: skip
    save_form(
        spec=spec,
        result=result,
        default_title=f"Drift of {result.current_name} against {result.reference_name}",
        key="monitor",
        locations=locations,
    )
