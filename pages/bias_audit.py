"""Bias Audit: group metrics with intervals, verdicts, thresholds, mitigation and a release gate."""

import streamlit as st

from lib.errors import InputError
from lib.export import to_json
from lib.fairness import (
    METRIC_NAMES,
    audit_html,
    audit_json,
    audit_markdown,
    disparity_chart,
    metric_by_group_chart,
    release_gate,
    threshold_chart,
    tradeoff_chart,
)
from ui.bias_audit import (
    audit_settings,
    cached_audit,
    cached_sweep,
    groups_table,
    guide_tab,
    mitigation_tab,
    verdict_cards,
)
from ui.data_picker import pick_data
from ui.page_setup import ensure_app_navigation
from ui.state import current_data
from ui.workspace import save_form

ensure_app_navigation()

st.title("Bias Audit")
st.caption(
    "Does the model treat groups differently, how sure can we be, and what would fix it? "
    "Every figure comes with a 95% bootstrap interval; small groups are flagged, never dropped."
)

origin = st.radio(
    "Data",
    ["Dataset from the Datasets page", "Choose or upload here"],
    horizontal=True,
    index=0 if current_data() is not None else 1,
    key="bias_audit_origin",
)
data = current_data() if origin.startswith("Dataset") else pick_data(key="bias_audit_data")
if data is None:
    st.info("Choose a dataset on the Datasets page, or pick a sample or upload a file here.")
    st.stop()
frame, dataset = data.frame, data.dataset
st.caption(f"{dataset.name} · {dataset.n_rows:,} rows")

options = audit_settings(frame, data.roles, sha256=dataset.sha256)
if not options["sensitive"]:
    st.info("Choose at least one sensitive column to audit.")
    st.stop()
try:
    with st.status("Counting groups and resampling...", expanded=False) as status:
        result = cached_audit(dataset.sha256, frame, dataset.name, options)
        status.update(label=f"Audit done: {result.n_rows:,} rows, {options['n_boot']:,} resamples", state="complete")
except InputError as error:
    st.error(str(error))
    st.stop()

gate = release_gate(result)
failed, unsure = len(gate.failed), len(gate.insufficient)
summary = f"{failed} checks fail, {unsure} lack evidence, {len(gate.checks) - failed - unsure} pass."
if failed:
    st.error(f"Release gate failed: {summary}")
elif unsure:
    st.warning(f"Release gate passed, with doubts: {summary}")
else:
    st.success(f"Release gate passed: {summary}")
verdict_cards(result)
if result.notes:
    with st.expander(f"Notes on the data ({len(result.notes)}): missing values, undefined rates, small groups"):
        for note in result.notes:
            st.markdown(f"- {note}")

groups, charts, explorer, mitigation, guide, export = st.tabs(
    ["Groups", "Charts", "Threshold explorer", "Mitigation", "Glossary and guide", "Export and save"]
)
with groups:
    shown = st.multiselect(
        "Metrics",
        list(METRIC_NAMES),
        default=[*METRIC_NAMES[1:5], "precision", "accuracy"],
        key="bias_audit_table_metrics",
    )
    st.dataframe(groups_table(result, shown), hide_index=True, width="stretch")
    st.caption("Each cell: value [95% interval]. Small: under the minimum rows, or under 10 cases behind a rate.")
    st.markdown(
        f"**Ratios to the {options['reference']} group** (fair band {options['min_ratio']:g} to "
        f"{1 / options['min_ratio']:.2f})"
    )
    st.dataframe([r.to_dict() for r in result.reference_ratios], hide_index=True, width="stretch")
with charts:
    pick_metric, pick_groups = st.columns(2)
    metric = pick_metric.selectbox("Metric", list(METRIC_NAMES), index=1, key="bias_audit_chart_metric")
    shown_groups = pick_groups.selectbox("Groups of", result.attributes, key="bias_audit_chart_attribute")
    st.altair_chart(metric_by_group_chart(result, metric, attribute=shown_groups), width="stretch")
    st.altair_chart(disparity_chart(result, "difference"), width="stretch")
    st.altair_chart(disparity_chart(result, "ratio"), width="stretch")
    st.caption(
        "A largest-minus-smallest gap can only widen under resampling noise, so when the true gap is near zero "
        "its interval may sit above the point estimate."
    )
with explorer:
    if "score" not in options:
        st.info("The threshold explorer needs a score column: choose 'score' as the model output.")
    else:
        keys = ("label", "score", "sensitive", "positive", "intersectional")
        sweep = cached_sweep(dataset.sha256, frame, dataset.name, {k: options[k] for k in keys})
        attribute = st.selectbox("Groups of", result.attributes, key="bias_audit_sweep_attribute")
        rate = st.radio(
            "Rate",
            ["selection_rate", "true_positive_rate", "false_positive_rate"],
            horizontal=True,
            key="bias_audit_sweep_rate",
        )
        st.altair_chart(threshold_chart(sweep, rate, attribute=attribute), width="stretch")
        gap = st.radio(
            "Disparity",
            ["demographic_parity_difference", "equalized_odds_difference", "equal_opportunity_difference"],
            horizontal=True,
            key="bias_audit_sweep_gap",
        )
        st.altair_chart(tradeoff_chart(sweep, gap, attribute=attribute), width="stretch")
with mitigation:
    if "score" not in options:
        st.info("Mitigation chooses new thresholds, so it needs a score column.")
    else:
        mitigation_tab(options, dataset.sha256, frame, dataset.name)
with guide:
    guide_tab()
with export:
    md, html, js = st.columns(3)
    md.download_button("Report (Markdown)", audit_markdown(result, gate=gate), "bias_audit.md", key="bias_audit_md")
    html.download_button("Report (HTML)", audit_html(result, gate=gate), "bias_audit.html", key="bias_audit_html")
    js.download_button("Results (JSON)", to_json(audit_json(result)), "bias_audit.json", key="bias_audit_json")
    save_form(
        kind="bias_audit",
        default_title=f"Bias audit of {dataset.name}",
        parameters=result.parameters,
        results=audit_json(result),
        data_hash=dataset.sha256,
        key="bias_audit",
    )
