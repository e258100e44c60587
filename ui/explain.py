"""Explain page helpers: cached computations and the result tabs."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from lib.data import ColumnRoles
from lib.errors import InputError
from lib.explain import ExplanationResult, explain_outputs, explain_trained, explain_uploaded, load_model
from lib.explain._charts import (
    beeswarm_chart,
    cohort_chart,
    dependence_chart,
    gap_chart,
    importance_chart,
    strongest_interaction,
    waterfall_chart,
)
from lib.explain._exports import additivity_sentence, chart_html, summary_html, summary_markdown, values_csv
from lib.export import markdown_table


def roles_key(roles: ColumnRoles) -> str:
    """A hashable fingerprint of the roles, for cache keys."""
    return json.dumps(roles.to_dict(), sort_keys=True)


@st.cache_data(show_spinner=False, max_entries=6)
def cached_explanation(
    sha256: str,
    way: str,
    params_json: str,
    roles_fingerprint: str,
    model_bytes: bytes | None,
    _frame: pd.DataFrame,
    _roles: ColumnRoles,
    name: str,
) -> ExplanationResult:
    """Run one explanation; the data enters the key through its sha256, not its cells."""
    params = json.loads(params_json)
    common = {"roles": _roles, "file": name, "sha256": sha256, "seed": params["seed"], "max_rows": params["max_rows"]}
    features = params.get("features") or None
    if way == "train":
        return explain_trained(_frame, target=params["target"], model=params["model"], features=features, **common)
    if way == "outputs":
        return explain_outputs(
            _frame, outputs=params["outputs"], fidelity_by=params.get("fidelity_by"), features=features, **common
        )
    model = load_model(model_bytes or b"", params["model_name"], trusted=params["trusted"])
    return explain_uploaded(
        _frame, model, target=params.get("target"), features=features, model_name=params["model_name"], **common
    )


def render_header(result: ExplanationResult) -> None:
    """Key facts, additivity verdict, warnings and notes."""
    cols = st.columns(4)
    cols[0].metric("Explainer", result.explainer)
    cols[1].metric("Output space", result.output_space)
    cols[2].metric("Rows explained", f"{result.n_explained:,}", help=f"of {result.n_rows:,} rows")
    cols[3].metric("Additivity max error", f"{result.additivity_max_error:.1e}")
    (st.success if result.additivity_ok else st.error)(additivity_sentence(result))
    for warning in result.fidelity_warnings():
        st.warning(warning)
    for note in result.notes:
        st.info(note)
    st.caption(f"Model: {result.model}. Base value {result.base_value:.4f} ({result.output_space}).")


def render_performance(result: ExplanationResult) -> None:
    """Holdout metrics, or surrogate fidelity overall and by group."""
    if result.metrics:
        st.dataframe(pd.DataFrame([result.metrics]), hide_index=True)
        st.caption("Classification: AUC, accuracy and F1; regression: R² and MAE (mean absolute error, target units).")
    if result.fidelity:
        fid = result.fidelity
        st.markdown(f"**Surrogate fidelity** ({fid['metric']}, measured on {fid['measured_on']})")
        rows = [{"group": "all rows", **fid["overall"]}] + [{"group": g, **v} for g, v in fid["by_group"].items()]
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    if not result.metrics and not result.fidelity:
        st.caption("Choose a target column to measure how well the uploaded model predicts it.")


def render_local(result: ExplanationResult, *, key: str) -> None:
    """Waterfall for one row found by id or row number."""
    label = f"Row ({result.id_column})" if result.id_column else "Row number (0-based)"
    marker = (result.provenance.input_sha256, result.provenance.created_at)
    if st.session_state.get(f"{key}_row_for") != marker:
        # A new result: start from its first row instead of a row typed for an older one.
        st.session_state[f"{key}_row_for"] = marker
        st.session_state[f"{key}_row"] = str(result.row_ids[0])
    wanted = st.text_input(label, key=f"{key}_row")
    try:
        position = result.row_position(wanted)
    except InputError as error:
        st.error(str(error))
        return
    st.altair_chart(waterfall_chart(result, position), width="stretch")


def render_groups(result: ExplanationResult, frame: pd.DataFrame, columns: list[str], *, key: str) -> None:
    """Cohort importance and the explain-the-gap decomposition for a chosen column."""
    if not columns:
        st.caption("No column with a few groups to compare.")
        return
    column = st.selectbox("Group column", columns, key=f"{key}_group_column")
    groups = result.column_for_rows(frame, column).astype("string").fillna("(missing)")
    cohort_tab, gap_tab = st.tabs(["Importance by cohort", "Explain the gap"])
    with cohort_tab:
        st.altair_chart(cohort_chart(result.cohort_importance(groups), column=column), width="stretch")
    with gap_tab:
        values = sorted(groups.unique())
        if len(values) < 2:
            st.caption("This column has one group among the explained rows.")
            return
        left, right = st.columns(2)
        group_a = left.selectbox("Group A", values, index=0, key=f"{key}_gap_a")
        group_b = right.selectbox("Group B", values, index=1, key=f"{key}_gap_b")
        gap = result.explain_gap(groups, group_a=group_a, group_b=group_b, column=column)
        st.markdown(
            f"Mean output ({result.output_space}): **{group_a}** {gap.mean_output_a:.4f} over {gap.n_a:,} rows, "
            f"**{group_b}** {gap.mean_output_b:.4f} over {gap.n_b:,} rows; gap {gap.gap:+.4f}. "
            "The bars below sum to the gap exactly."
        )
        st.altair_chart(gap_chart(gap), width="stretch")
        st.markdown(
            markdown_table(["feature", "share of gap"], [[f, f"{v:+.4f}"] for f, v in gap.contributions.items()])
        )


def render_charts_tabs(result: ExplanationResult, frame: pd.DataFrame, group_columns: list[str], *, key: str) -> None:
    """The result tabs: performance, global, beeswarm, dependence, local, cohorts and gap."""
    tabs = st.tabs(["Performance", "Global", "Beeswarm", "Dependence", "Local", "Cohorts and gap"])
    with tabs[0]:
        render_performance(result)
    with tabs[1]:
        st.altair_chart(importance_chart(result), width="stretch")
    with tabs[2]:
        st.altair_chart(beeswarm_chart(result), width="stretch")
        st.caption("Each dot is a row (at most 2,000 shown); right of zero pushes the output up.")
    with tabs[3]:
        feature = st.selectbox("Feature", list(result.global_importance), key=f"{key}_dependence_feature")
        st.altair_chart(
            dependence_chart(result, feature, colour_by=strongest_interaction(result, feature)), width="stretch"
        )
    with tabs[4]:
        render_local(result, key=key)
    with tabs[5]:
        render_groups(result, frame, group_columns, key=key)


def render_downloads(result: ExplanationResult, *, name: str, key: str) -> None:
    """Values CSV, Markdown and HTML summaries, and the importance chart as HTML."""
    cols = st.columns(4)
    stem = name.rsplit(".", 1)[0]
    cols[0].download_button("SHAP values (CSV)", values_csv(result), f"{stem}.shap_values.csv", key=f"{key}_csv")
    cols[1].download_button("Summary (Markdown)", summary_markdown(result), f"{stem}.explain.md", key=f"{key}_md")
    charts = {"Global importance": importance_chart(result), "SHAP values per row": beeswarm_chart(result)}
    cols[2].download_button(
        "Summary (HTML)", summary_html(result, charts=charts), f"{stem}.explain.html", key=f"{key}_html"
    )
    cols[3].download_button(
        "Importance chart (HTML)",
        chart_html(importance_chart(result), title="Global importance"),
        f"{stem}.importance.html",
        key=f"{key}_chart_html",
    )
