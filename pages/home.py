"""Home: what Decision Desk is for, a short tour, and the workspace."""

import pandas as pd
import streamlit as st

from lib.analysis import saved_parts
from lib.errors import InputError
from lib.export import to_json
from ui.exports import export_bar
from ui.messages import show_error
from ui.page_setup import ensure_app_navigation, stop_page
from ui.report_view import render_report
from ui.workspace import PAGE_FOR_KIND, request_reopen, workspace

ensure_app_navigation()

st.title("Decision Desk")
st.markdown(
    "Evidence for the decisions ML engineering leaders make: what to build, whether a model "
    "is fair enough to ship, and how to answer when someone asks."
)

plan, audit, practise = st.columns(3)
with plan:
    st.subheader(":material/calculate: Planning reviews")
    st.markdown(
        "Compare building, buying and partnering; put numbers on ROI and ML cost; "
        "bring a review pack that says how sure the numbers are."
    )
with audit:
    st.subheader(":material/policy: Responsible-AI audits")
    st.markdown(
        "Upload a model's outputs, measure how it treats each group with intervals and verdicts, "
        "see why it decides, and sign off with evidence."
    )
with practise:
    st.subheader(":material/record_voice_over: Interview practice")
    st.markdown(
        "Rehearse ML-leadership and MLE scenarios against a published rubric, with the "
        "same calculators a strong answer leans on."
    )

st.header("A short tour")
st.markdown(
    """
1. **Datasets**: pick a bundled sample or upload a CSV, TSV, Parquet or Excel file. Check the
   schema and quality summary, then confirm which column is the label, the prediction, the score,
   and which are sensitive attributes. Every other page reads those roles.
2. Run an analysis on the pages listed in the sidebar. Each result says which file (by hash),
   which parameters and which library versions produced it.
3. Save the analysis to your **workspace** (a local file on this machine) and export it for the
   meeting, as a report or as a notebook that re-runs it. Recent analyses appear below.
"""
)

st.header("Recent analyses")
space = workspace()
recent = space.list(limit=50) if space is not None else []
if space is not None and not recent:
    st.caption("Nothing saved yet. Analyses you save appear here.")
if recent:
    table = pd.DataFrame(
        [
            {"id": a.id, "title": a.title, "kind": a.kind, "updated (UTC)": a.updated_at[:19].replace("T", " ")}
            for a in recent
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")
    chosen = st.selectbox(
        "Saved analysis",
        [a.id for a in recent],
        key="home_open",
        format_func=lambda i: next(f"#{a.id} {a.title} ({a.kind})" for a in recent if a.id == i),
    )
    try:
        analysis = space.open(chosen)
        spec, result = saved_parts(analysis) if analysis.typed else (None, None)
    except InputError as error:
        show_error(error)
        stop_page()
    st.caption(
        f"Kind {analysis.kind} · data sha256 {analysis.data_hash or '—'} · created {analysis.created_at[:19]} UTC"
    )
    page = PAGE_FOR_KIND.get(analysis.kind)
    if spec is not None and page is not None and st.button("Open in its page", key="home_reopen", type="primary"):
        request_reopen(analysis.id, analysis.kind)
        st.switch_page(page)
    if spec is None:
        st.info("Saved before analyses kept their spec: it can be read and downloaded as JSON, not re-run.")
        st.json({"parameters": analysis.parameters, "results": analysis.results}, expanded=1)
        st.download_button(
            "Download as JSON",
            to_json(analysis.to_dict()),
            file_name=f"analysis-{analysis.id}.json",
            mime="application/json",
            key="home_download",
            on_click="ignore",
        )
    else:
        with st.expander("The saved result", expanded=False):
            render_report(result.report(), key="home_report")
        export_bar(spec, result, key="home", stem=f"analysis-{analysis.id}", locations=analysis.locations)
    rename_col, delete_col = st.columns([3, 1])
    with rename_col:
        new_title = st.text_input("New title", value=analysis.title, key=f"home_new_title_{analysis.id}")
        if st.button("Rename", key="home_rename"):
            try:
                space.rename(analysis.id, new_title)
                st.rerun()
            except InputError as error:
                show_error(error)
    with delete_col:
        # The confirmation belongs to one analysis: choosing another, or deleting, asks again.
        confirm = st.checkbox("Confirm delete", key=f"home_confirm_delete_{analysis.id}")
        if st.button("Delete", key="home_delete", disabled=not confirm):
            space.delete(analysis.id)
            st.session_state.pop(f"home_confirm_delete_{analysis.id}", None)
            st.rerun()
