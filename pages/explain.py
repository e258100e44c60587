"""Explain: why a model decides, from a model trained here, an uploaded skops model, or its outputs alone."""

import streamlit as st

from lib.analysis import DataSource, saved_parts
from lib.errors import InputError
from lib.explain import ExplainSpec
from ui.data_picker import pick_data
from ui.explain import (
    ask_for_run,
    explain_settings,
    follow_dataset,
    render_charts_tabs,
    render_header,
    requested_spec,
    restore_settings,
)
from ui.exports import data_locations, export_bar
from ui.messages import show_error
from ui.page_setup import ensure_app_navigation
from ui.report_view import render_report
from ui.runner import run_cached, table_of
from ui.workspace import reopened_data, save_form, take_reopen_request, workspace

ensure_app_navigation()

st.title("Explain")
st.caption(
    "See which features drive a model's outputs, for the whole data, one row, or the gap between two groups. "
    "SHAP values are checked to add up to the model's output."
)

# The page body is a function that returns early, so nothing after it is skipped.


def reopen_saved() -> bool:
    """Restore a saved explanation this page was asked to reopen; False when it is shown read-only instead."""
    reopened = take_reopen_request(("explain",))
    if reopened is not None and (space := workspace()) is not None:
        saved = space.open(reopened)
        saved_spec, saved_result = saved_parts(saved)
        saved_data = reopened_data(saved)
        if saved_data is not None and isinstance(saved_spec, ExplainSpec) and saved_spec.way_in != "upload":
            restore_settings(saved_spec, saved_data)
            st.info(f"Reopened #{saved.id} '{saved.title}' on {saved_data.dataset.name}.")
        else:
            missing = "its model file is not kept" if saved_data is not None else "its data file is not loaded"
            st.warning(
                f"#{saved.id} '{saved.title}' was made from {saved_result.provenance.input_name} "
                f"(sha256 {saved.data_hash}), but {missing}: its saved result is shown read-only. "
                "Load the data (and upload the model) here to explain it again."
            )
            render_report(saved_result.report(), key="explain_saved")
            return False
    return True


def explain_page() -> None:
    """Data, settings, the Explain button, the result's tabs, exports and saving."""
    if not reopen_saved():
        return
    with st.expander("Data", expanded=True):
        data = pick_data(key="explain", confirm=True)
    if data is None:
        st.info("Choose a sample or upload a table to explain.")
        return
    frame, dataset, roles = data.frame, data.dataset, data.roles
    if data.log is not None:
        st.info(
            f"Explain fits and explains rows, so it runs on a seeded sample of {len(frame):,} of the log's "
            f"{dataset.n_rows:,} rows (seed 0), not on the whole log."
        )
    follow_dataset(data)
    try:
        settings = explain_settings(frame, roles)
    except InputError as error:
        show_error(error)
        return
    if settings is None:
        return
    current, model_file = settings

    if st.button("Explain", type="primary", key="explain_run"):
        ask_for_run(current, data_sha256=dataset.sha256)
    spec = requested_spec(current, data_sha256=dataset.sha256)
    if spec is None:
        return
    sources: dict[str, DataSource] = {"data": table_of(data)}
    locations = data_locations(data)
    if model_file is not None:
        sources["model"] = model_file
        locations["model"] = model_file.name

    failure = None
    with st.status("Fitting and explaining...", expanded=False) as status:
        try:
            result = run_cached(spec, sources)
        except InputError as error:
            failure = error
            status.update(label="Could not explain", state="error")
        else:
            status.update(
                label=f"Explained {result.n_explained:,} rows ({result.explainer} explainer)", state="complete"
            )
    if failure is not None:  # shown outside the collapsed status box so it cannot be missed
        show_error(failure)
        return

    render_header(result)
    group_columns = [c for c in frame.columns if 1 < frame[c].nunique() <= 20]
    group_columns.sort(key=lambda c: c not in roles.sensitive)
    try:
        spec, result = render_charts_tabs(result, spec, frame, group_columns, key="explain")
    except InputError as error:
        show_error(error)

    from lib.explain import values_csv  # with the result, not before: it loads the chart code

    st.subheader("Downloads and workspace")
    stem = dataset.name.rsplit(".", 1)[0]
    export_bar(
        spec,
        result,
        key="explain",
        stem=f"{stem}.explain",
        locations=locations,
        extra={"SHAP values (CSV)": (lambda: values_csv(result), f"{stem}.shap_values.csv", "text/csv")},
    )
    save_form(
        spec=spec,
        result=result,
        default_title=f"Explain {dataset.name}: {result.model}",
        key="explain",
        locations=locations,
    )


explain_page()
