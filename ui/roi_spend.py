"""ROI & Cost page, spend-analyser tab: the spend table and thresholds -> a spec, the analysis -> widgets."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.analysis import TableSource
from lib.errors import InputError
from lib.roi import REQUIRED_COLUMNS, SpendAnalysis, SpendSpec
from lib.roi.charts import spend_over_time_chart, split_chart
from ui.data_picker import pick_data
from ui.loading import load_bundled
from ui.messages import show_error
from ui.roi_exports import export
from ui.roi_inputs import PREFIX, number
from ui.runner import run_cached, table_of
from ui.state import current_data

MONEY = ("cost", "spend", "budget", "unused_cost", "previous", "change")
SHARES = ("share", "mean_utilisation")
SAMPLE = "ml_spend"
GPU_TARGET_MIN = 1.0  # %, the smallest target the box accepts


def _table(frame: pd.DataFrame) -> None:
    """A result table with dollars and shares shown as such (months are YYYY-MM text)."""
    config = {c: st.column_config.NumberColumn(c, format="dollar") for c in MONEY}
    config.update({c: st.column_config.NumberColumn(c, format="percent") for c in SHARES})
    config["robust_z"] = st.column_config.NumberColumn("robust z", format="%.1f")
    config["cost_per_1000"] = st.column_config.NumberColumn("$ per 1,000", format="%.4f")
    config["predictions"] = st.column_config.NumberColumn("predictions", format="localized")
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)


def _spend_source() -> TableSource | None:
    """The spend table: the current dataset when it is a spend export, else the sample, or the person's pick.

    Merely opening this page must not replace the dataset chosen on Datasets, so the picker (which
    makes its choice the current dataset) only appears when asked for.
    """
    current = current_data()
    is_spend = current is not None and set(REQUIRED_COLUMNS) <= set(map(str, current.frame.columns))
    if st.toggle("Choose or upload a spend file", value=False, key=f"{PREFIX}_spend_pick"):
        picked = pick_data(key=f"{PREFIX}_spend", samples=(SAMPLE,), confirm=True)
        return None if picked is None else table_of(picked)
    if is_spend:
        st.caption(f"Using the current dataset, {current.dataset.name}.")
        return table_of(current)
    st.caption("Showing the bundled sample spend export until you choose or upload your own.")
    frame, dataset = load_bundled(SAMPLE)
    return TableSource(frame, dataset.name, dataset.sha256, location=SAMPLE)


def _spend_spec() -> SpendSpec:
    use_budget = st.checkbox("Compare with a monthly budget", value=True, key=f"{PREFIX}_use_budget")
    budget = number("Monthly budget ($/month)", "budget", 250_000.0, step=10_000.0) if use_budget else None
    with st.expander("Thresholds for waste and anomalies"):
        a, b, c = st.columns(3)
        with a:
            target = number(
                "GPU utilisation target (%)", "gpu_target", 70.0, min_value=GPU_TARGET_MIN, max_value=100.0, step=5.0
            )
        with b:
            idle = number("Idle below (% utilisation)", "idle_below", 10.0, min_value=0.0, max_value=100.0, step=1.0)
        with c:
            limit = number("Anomaly limit (robust z)", "anomaly_z", 3.5, min_value=1.0, max_value=100.0, step=0.5)
    return SpendSpec(monthly_budget=budget, gpu_target=target / 100, idle_below=idle / 100, anomaly_z=limit)


def render_spend() -> tuple[SpendSpec, SpendAnalysis, dict[str, str]] | None:
    """Pick or upload a spend export, then show where the money goes and what looks wrong.

    Returns the spec, the analysis and where its table is found again (for notebooks and saving).
    """
    st.caption(
        "A monthly spend export with columns date, team, project, category (training, inference, data, other), "
        "resource and cost ($); optional gpu_utilisation (0-1 or %) and predictions."
    )
    source = _spend_source()
    try:
        spec = _spend_spec()
        if source is None:
            st.info("Choose the sample or upload a spend export.")
            return None
        analysis = run_cached(spec, {"data": source})
    except InputError as error:
        show_error(error)
        return None
    floor = analysis.floor_text()
    for note in analysis.notes:
        if note != floor:  # stated beside the anomalies instead
            st.info(note)
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Total spend", f"${analysis.total_cost:,.0f}", help=f"over {analysis.n_months} months")
    m2.metric(f"GPU resources under {spec.gpu_target * 100:g} %", len(analysis.gpu_flags))
    m3.metric("Idle resources", len(analysis.idle))
    m4.metric("Spend anomalies", len(analysis.anomalies))
    group = st.radio("Spend by", ["category", "team", "project"], horizontal=True, key=f"{PREFIX}_spend_group")
    table = {"category": analysis.by_category, "team": analysis.by_team, "project": analysis.by_project}[group]
    st.altair_chart(spend_over_time_chart(table, group=group, budget=spec.monthly_budget), width="stretch")
    if not analysis.budget.empty:
        over = analysis.budget[analysis.budget["alert_level"].fillna(0) >= 100]
        st.markdown(
            f"**Budget alerts** (50 / 80 / 100 % of ${spec.monthly_budget:,.0f}): {len(over)} month(s) over budget."
        )
        _table(analysis.budget)
    target = f"{spec.gpu_target * 100:g} %"
    st.markdown(
        f"**GPU utilisation under {target}** (70 % is the usual training target) and the cost of the unused share"
    )
    _table(analysis.gpu_flags)
    st.markdown(f"**Idle resources**: GPUs busy under {spec.idle_below * 100:g} % of the time on average, yet paid for")
    _table(analysis.idle)
    st.markdown(f"**Month-over-month anomalies** (robust z-score of the change above {spec.anomaly_z:g})")
    if floor:
        st.caption(floor)
    _table(analysis.anomalies)
    st.altair_chart(split_chart(analysis.split), width="stretch")
    st.caption("Typical ranges from published guides: training 40-60 %, inference 30-50 %, data 10-20 % of ML spend.")
    if not analysis.cost_per_prediction.empty:
        st.markdown("**Cost per 1,000 predictions** (cost of the rows that report predictions)")
        _table(analysis.cost_per_prediction)
    locations = {"data": source.location or source.name}
    export(spec, analysis, key=f"{PREFIX}_spend_export", stem="spend_analysis", locations=locations)
    return spec, analysis, locations


def restore_spend(spec: SpendSpec) -> bool:
    """Put a saved analysis's budget and thresholds back into the widgets (before they are drawn).

    Returns False, changing nothing, when a threshold lies outside what the boxes accept.
    """
    if spec.gpu_target * 100 < GPU_TARGET_MIN:
        return False
    values = {
        "use_budget": spec.monthly_budget is not None,
        "gpu_target": spec.gpu_target * 100,
        "idle_below": spec.idle_below * 100,
        "anomaly_z": spec.anomaly_z,
        "spend_pick": False,  # use the reopened (now current) dataset, not an earlier pick
    }
    if spec.monthly_budget is not None:
        values["budget"] = spec.monthly_budget
    st.session_state.update({f"{PREFIX}_{name}": value for name, value in values.items()})
    return True
