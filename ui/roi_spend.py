"""ROI & Cost page, spend-analyser tab."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.data import Dataset
from lib.errors import InputError
from lib.roi import REQUIRED_COLUMNS, SpendAnalysis, analyse_spend, spend_report
from lib.roi.charts import spend_over_time_chart, split_chart
from ui.data_picker import pick_data
from ui.loading import load_bundled
from ui.roi_exports import export_buttons
from ui.roi_inputs import PREFIX, number
from ui.state import current_data

MONEY = ("cost", "spend", "budget", "unused_cost", "previous", "change")
SHARES = ("share", "mean_utilisation")


def _table(frame: pd.DataFrame) -> None:
    """A result table with months, dollars and shares shown as such."""
    config = {"month": st.column_config.DatetimeColumn("month", format="YYYY-MM")}
    config.update({c: st.column_config.NumberColumn(c, format="dollar") for c in MONEY})
    config.update({c: st.column_config.NumberColumn(c, format="percent") for c in SHARES})
    config["robust_z"] = st.column_config.NumberColumn("robust z", format="%.1f")
    config["cost_per_1000"] = st.column_config.NumberColumn("$ per 1,000", format="%.4f")
    config["predictions"] = st.column_config.NumberColumn("predictions", format="localized")
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)


@st.cache_data(show_spinner="Analysing the spend...", max_entries=8)
def _analyse(frame: pd.DataFrame, sha256: str, name: str, budget: float | None) -> SpendAnalysis:
    return analyse_spend(frame, monthly_budget=budget, file=name, input_sha256=sha256)


def _spend_data() -> tuple[pd.DataFrame, Dataset] | None:
    """The spend table: the current dataset when it is a spend export, else the sample, or the person's pick.

    Merely opening this page must not replace the dataset chosen on Datasets, so the picker (which
    makes its choice the current dataset) only appears when asked for.
    """
    current = current_data()
    is_spend = current is not None and set(REQUIRED_COLUMNS) <= set(map(str, current.frame.columns))
    if st.toggle("Choose or upload a spend file", value=False, key=f"{PREFIX}_spend_pick"):
        picked = pick_data(key=f"{PREFIX}_spend", samples=("ml_spend",))
        return None if picked is None else (picked.frame, picked.dataset)
    if is_spend:
        st.caption(f"Using the current dataset, {current.dataset.name}.")
        return current.frame, current.dataset
    st.caption("Showing the bundled sample spend export until you choose or upload your own.")
    return load_bundled("ml_spend")


def render_spend() -> SpendAnalysis | None:
    """Pick or upload a spend export, then show where the money goes and what looks wrong."""
    st.caption(
        "A monthly spend export with columns date, team, project, category (training, inference, data, other), "
        "resource and cost ($); optional gpu_utilisation (0-1 or %) and predictions."
    )
    data = _spend_data()
    use_budget = st.checkbox("Compare with a monthly budget", value=True, key=f"{PREFIX}_use_budget")
    budget = number("Monthly budget ($/month)", "budget", 250_000.0, step=10_000.0) if use_budget else None
    if data is None:
        st.info("Choose the sample or upload a spend export.")
        return None
    try:
        analysis = _analyse(data[0], data[1].sha256, data[1].name, budget)
    except InputError as error:
        st.error(str(error))
        return None
    for note in analysis.notes:
        st.info(note)
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Total spend", f"${analysis.total_cost:,.0f}", help=f"over {analysis.n_months} months")
    m2.metric("GPU resources under 70 %", len(analysis.gpu_flags))
    m3.metric("Idle resources", len(analysis.idle))
    m4.metric("Spend anomalies", len(analysis.anomalies))
    group = st.radio("Spend by", ["category", "team", "project"], horizontal=True, key=f"{PREFIX}_spend_group")
    table = {"category": analysis.by_category, "team": analysis.by_team, "project": analysis.by_project}[group]
    st.altair_chart(spend_over_time_chart(table, group=group, budget=budget), width="stretch")
    if not analysis.budget.empty:
        over = analysis.budget[analysis.budget["alert_level"].fillna(0) >= 100]
        st.markdown(f"**Budget alerts** (50 / 80 / 100 % of ${budget:,.0f}): {len(over)} month(s) over budget.")
        _table(analysis.budget)
    st.markdown("**GPU utilisation under 70 %** (the usual training target) and the cost of the unused share")
    _table(analysis.gpu_flags)
    st.markdown("**Idle resources**: GPUs busy under 10 % of the time on average, yet paid for")
    _table(analysis.idle)
    st.markdown("**Month-over-month anomalies** (robust z-score of the change above 3.5)")
    _table(analysis.anomalies)
    st.altair_chart(split_chart(analysis.split), width="stretch")
    st.caption("Typical ranges from published guides: training 40-60 %, inference 30-50 %, data 10-20 % of ML spend.")
    if not analysis.cost_per_prediction.empty:
        st.markdown("**Cost per 1,000 predictions** (cost of the rows that report predictions)")
        _table(analysis.cost_per_prediction)
    export_buttons(spend_report(analysis), key=f"{PREFIX}_spend_export", stem="spend_analysis")
    return analysis
