"""Explain page helpers: widgets -> an ExplainSpec (and the model file), and the result's views."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from lib.analysis import MAX_SEED, FileSource, escape_markdown, file_source
from lib.data import ColumnRoles
from lib.errors import InputError
from lib.explain import MAX_ROWS, ExplainSpec, ExplanationResult, default_features
from ui.messages import show_error
from ui.state import CurrentData

# The settings need only the light names above. The model reader (skops, scikit-learn), the run
# (shap) and the charts (altair) are imported inside the functions that use them, on first use:
# importing them all up front made the page's first render take over a second longer.

WAYS = {
    "train": "Train a model here",
    "upload": "Upload a model (skops)",
    "outputs": "Explain outputs (no model)",
}
_MODELS = {"hgb": "Gradient boosting", "rf": "Random forest", "linear": "Logistic / linear"}
_REQUEST = "explain_request"
_FOR = "explain_columns_for"
# Boxes that hold column names or values of one dataset: a new dataset (or new roles) starts them again.
_COLUMN_KEYS = (
    "explain_target",
    "explain_outputs",
    "explain_fidelity_by",
    "explain_features",
    "explain_drop_sensitive",
    "explain_upload_target",
    "explain_group_column",
    "explain_gap_a",
    "explain_gap_b",
    "explain_gap_for",
    "explain_dependence_feature",
)


def _marker(data: CurrentData) -> str:
    return f"{data.dataset.sha256}|{data.roles.to_dict()!r}"


def follow_dataset(data: CurrentData) -> None:
    """Start the column boxes again from the confirmed roles when the dataset or its roles changed."""
    if st.session_state.get(_FOR) != _marker(data):
        for key in _COLUMN_KEYS:
            st.session_state.pop(key, None)
        st.session_state[_FOR] = _marker(data)


# --- widgets -> spec ------------------------------------------------------------------------------


def restore_settings(spec: ExplainSpec, data: CurrentData) -> None:
    """Put a saved explanation's settings into the widgets (before they are drawn) and ask for its run."""
    values: dict[str, Any] = {
        "explain_source": "Bundled sample" if data.source.startswith("sample:") else "Upload a file",
        "explain_way": spec.way_in,
        "explain_max_rows": spec.max_rows,
        "explain_seed": spec.seed,
    }
    if data.source.startswith("sample:"):
        values["explain_sample"] = data.source.split(":", 1)[1]
    if spec.way_in == "train":
        values.update(explain_target=spec.target, explain_model=spec.model)
    if spec.way_in == "outputs":
        values.update(explain_outputs=spec.outputs, explain_fidelity_by=spec.fidelity_by)
    if spec.features:
        values["explain_features"] = list(spec.features)
    if spec.cohort:
        values["explain_group_column"] = spec.cohort
    if spec.gap_a is not None:
        values.update(explain_gap_a=spec.gap_a, explain_gap_b=spec.gap_b, explain_gap_for=spec.cohort)
    follow_dataset(data)
    st.session_state.update(values)
    st.session_state[_REQUEST] = {"spec": spec.without_groups().to_dict(), "data": data.dataset.sha256}


def _forget_missing(key: str, options: list[Any], default: Any = None, *, start: bool = False) -> None:
    """Keep a box's value valid for its options, and with ``start``, set its default when it has none.

    A value kept from another dataset (or a saved spec) that this one does not offer starts again
    from the default. A box keeps its identity (its key) across datasets, and the browser keeps
    showing its old choice unless the value is set here, so the boxes of a dataset's columns are
    always started through session state rather than a widget default.
    """
    value = st.session_state.get(key)
    if isinstance(value, list):
        kept = [v for v in value if v in options]
        if kept != value:
            st.session_state[key] = kept
    elif key in st.session_state and value not in options:
        del st.session_state[key]
    if start and key not in st.session_state:
        st.session_state[key] = default


def _model_file() -> tuple[FileSource, list[str]] | None:
    from lib.explain import untrusted_types

    upload = st.file_uploader(
        "Model file saved with skops (.skops); pickle and joblib files are refused",
        type=["skops", "pkl", "pickle", "joblib"],
        key="explain_model_file",
    )
    if upload is None:
        st.info("Upload a scikit-learn model or pipeline saved with `skops.io.dump`.")
        return None
    model = file_source(upload.getvalue(), upload.name)
    needed = untrusted_types(model.data, model.name)
    if st.session_state.get("explain_trust_for") != model.sha256:
        # Approvals belong to one file's bytes: another file starts with nothing approved.
        st.session_state.pop("explain_trust", None)
        st.session_state["explain_trust_for"] = model.sha256
    return model, needed


def _chosen_column(container: Any, label: str, columns: list[str], default: str | None, *, key: str) -> str | None:
    """A column box that opens on the role's column, or empty (None) when the roles name none."""
    _forget_missing(key, columns, default if default in columns else None, start=True)
    return container.selectbox(label, columns, index=None, key=key, placeholder="Choose a column")


def _features(
    frame: pd.DataFrame, roles: ColumnRoles, columns: list[str], exclude: list[str]
) -> tuple[str, ...] | None:
    """The features box; None means every usable column (what an empty box asks for)."""
    offered = [c for c in columns if c not in exclude]
    auto, notes = default_features(frame, exclude=exclude, roles=roles)
    sensitive = [c for c in auto if c in roles.sensitive]
    _forget_missing("explain_drop_sensitive", [True, False], False, start=True)
    left_out = bool(sensitive) and st.checkbox(
        f"Leave out the sensitive attributes ({', '.join(sensitive)})", key="explain_drop_sensitive"
    )
    if left_out:
        auto = [c for c in auto if c not in sensitive]
        offered = [c for c in offered if c not in sensitive]
    _forget_missing("explain_features", offered, auto, start=True)
    features = st.multiselect("Features", offered, key="explain_features", placeholder="Every usable column")
    for note in notes:
        st.caption(note)
    if features:
        return tuple(features)
    st.caption(
        f"No feature chosen, so every usable column is used ({len(auto):,}: {', '.join(auto[:8])}"
        + (" ..." if len(auto) > 8 else "")
        + ")."
    )
    # Every usable column, less the sensitive ones when they are left out (the run would put them back).
    return tuple(auto) if left_out else None


def explain_settings(frame: pd.DataFrame, roles: ColumnRoles) -> tuple[ExplainSpec, FileSource | None] | None:
    """The explanation's widgets; returns the spec they describe (without groups) and the model file.

    Returns None (with a prompt shown) while a needed column or the model file is not chosen yet.

    Raises
    ------
    InputError
        For a model file that is not a readable skops file, or settings that make no valid spec.
    """
    columns = [str(c) for c in frame.columns]
    way = st.radio("Way in", list(WAYS), format_func=WAYS.get, horizontal=True, key="explain_way")
    fields: dict[str, Any] = {"way_in": way}
    model: FileSource | None = None
    if way == "train":
        left, middle, _ = st.columns(3)
        fields["target"] = _chosen_column(left, "Target column", columns, roles.label, key="explain_target")
        models = list(_MODELS)
        fields["model"] = middle.selectbox("Model", models, format_func=lambda m: _MODELS[m], key="explain_model")
        if fields["target"] is None:
            st.info("Choose the target column: the outcome the model learns to predict.")
            return None
        exclude = [fields["target"]]
    elif way == "outputs":
        left, right = st.columns(2)
        default = next((c for c in (roles.score, roles.prediction) if c in columns), None)
        fields["outputs"] = _chosen_column(
            left, "Column of model outputs (scores or labels)", columns, default, key="explain_outputs"
        )
        if fields["outputs"] is None:
            st.info("Choose the column that holds the model's outputs (its scores or predicted labels).")
            return None
        few = [c for c in columns if 1 < frame[c].nunique() <= 20 and c != fields["outputs"]]
        first = next((c for c in roles.sensitive if c in few), None)
        _forget_missing("explain_fidelity_by", [None, *few], first, start=True)
        fields["fidelity_by"] = right.selectbox(
            "Fidelity by group of",
            [None, *few],
            key="explain_fidelity_by",
            format_func=lambda c: "(all rows together)" if c is None else c,
        )
        exclude = [fields["outputs"]]
    else:
        chosen = _model_file()
        if chosen is None:
            return None
        model, needed = chosen
        if needed:
            st.warning(
                f"Loading {model.name} creates types that skops does not trust by default. "
                "Approve only those you expect; another file needs its own approval."
            )
        fields["trusted"] = tuple(st.multiselect("Approved types", needed, default=[], key="explain_trust"))
        fields["model_sha256"] = model.sha256
        _forget_missing("explain_upload_target", [None, *columns], None, start=True)
        fields["target"] = st.selectbox(
            "Target column (optional, for metrics)",
            [None, *columns],
            key="explain_upload_target",
            format_func=lambda c: "(none: no metrics)" if c is None else c,
        )
        exclude = [fields["target"]]
    if way != "upload":
        fields["features"] = _features(frame, roles, columns, exclude)
    left, right = st.columns(2)
    fields["max_rows"] = int(
        left.number_input("Explain at most this many rows", 1, MAX_ROWS, 20_000, step=1000, key="explain_max_rows")
    )
    fields["seed"] = int(right.number_input("Seed", 0, MAX_SEED, 0, key="explain_seed"))
    fields["id_column"] = roles.id if roles.id in columns else None
    return ExplainSpec(**fields), model


def ask_for_run(spec: ExplainSpec, *, data_sha256: str) -> None:
    """Remember the spec the user asked to explain (the Explain button)."""
    st.session_state[_REQUEST] = {"spec": spec.to_dict(), "data": data_sha256}


def requested_spec(current: ExplainSpec, *, data_sha256: str) -> ExplainSpec | None:
    """The spec last asked for, while it still fits: same data, same way in, and for uploads the same file.

    A different model file never reuses an earlier request: it needs its own approvals and its own click.
    """
    request = st.session_state.get(_REQUEST)
    if not request or request.get("data") != data_sha256:
        return None
    spec = ExplainSpec.from_dict(request["spec"])
    if spec.way_in != current.way_in or spec.model_sha256 != current.model_sha256:
        return None
    return spec


# --- result -> widgets ----------------------------------------------------------------------------


def render_header(result: ExplanationResult) -> None:
    """Key facts, additivity verdict, warnings and notes."""
    from lib.explain import additivity_sentence

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
    from lib.explain import fidelity_frame, metrics_frame

    if result.metrics:
        st.dataframe(metrics_frame(result), hide_index=True)
        st.caption("Classification: AUC, accuracy and F1; regression: R² and MAE (mean absolute error, target units).")
    if result.fidelity:
        fid = result.fidelity
        st.markdown(
            f"**Surrogate fidelity** ({escape_markdown(fid['metric'])}, measured on {escape_markdown(fid['measured_on'])})"
        )
        st.dataframe(fidelity_frame(result), hide_index=True)
    if not result.metrics and not result.fidelity:
        st.caption("Choose a target column to measure how well the uploaded model predicts it.")


def render_local(result: ExplanationResult, *, key: str) -> None:
    """Waterfall for one row found by id or row number."""
    from lib.explain import waterfall_chart

    label = f"Row ({result.id_column})" if result.id_column else "Row number (0-based)"
    marker = (result.provenance.input_sha256, result.provenance.created_at)
    if st.session_state.get(f"{key}_row_for") != marker:
        # A new result: start from its first row instead of a row typed for an older one.
        st.session_state[f"{key}_row_for"] = marker
        st.session_state[f"{key}_row"] = str(result.per_row().row_ids[0])
    wanted = st.text_input(label, key=f"{key}_row")
    try:
        position = result.row_position(wanted)
    except InputError as error:
        show_error(error)
        return
    st.altair_chart(waterfall_chart(result, position), width="stretch")


def render_groups(
    result: ExplanationResult, spec: ExplainSpec, frame: pd.DataFrame, columns: list[str], *, key: str
) -> tuple[ExplainSpec, ExplanationResult]:
    """Cohort importance and the explain-the-gap decomposition for a chosen column.

    Returns the spec and result with the chosen cohort and gap (what the export bar and the save form take).
    """
    from lib.explain import cohort_chart, gap_chart, gap_frame, gap_sentence, with_groups

    if not columns:
        st.caption("No column with a few groups to compare.")
        return spec, result
    _forget_missing(f"{key}_group_column", columns, columns[0], start=True)
    column = st.selectbox("Group column", columns, key=f"{key}_group_column")
    chosen = spec.replace(cohort=column)
    grouped = with_groups(result, chosen, frame)
    cohorts = grouped.cohorts
    if cohorts is None:  # with_groups always fills them for a cohort column
        return spec, result
    cohort_tab, gap_tab = st.tabs(["Importance by cohort", "Explain the gap"])
    with cohort_tab:
        st.altair_chart(cohort_chart(cohorts.frame(), column=column), width="stretch")
    values = [g.group for g in cohorts.groups]
    with gap_tab:
        if len(values) < 2:
            st.caption("This column has one group among the explained rows.")
            return chosen, grouped
        if st.session_state.get(f"{key}_gap_for") != column:
            # Another column: compare its two largest groups until the user picks others.
            largest = sorted(cohorts.groups, key=lambda g: -g.rows)[:2]
            st.session_state[f"{key}_gap_a"], st.session_state[f"{key}_gap_b"] = (g.group for g in largest)
            st.session_state[f"{key}_gap_for"] = column
        _forget_missing(f"{key}_gap_a", values)
        _forget_missing(f"{key}_gap_b", values)
        left, right = st.columns(2)
        group_a = left.selectbox("Group A", values, key=f"{key}_gap_a")
        group_b = right.selectbox("Group B", values, key=f"{key}_gap_b")
        if group_a == group_b:
            st.caption("Choose two different groups to compare.")
            return chosen, grouped
        chosen = chosen.replace(gap_a=group_a, gap_b=group_b)
        grouped = with_groups(result, chosen, frame)
        st.markdown(escape_markdown(gap_sentence(grouped)))
        if grouped.gap is not None:
            st.altair_chart(gap_chart(grouped.gap), width="stretch")
        st.dataframe(gap_frame(grouped), hide_index=True, width="stretch")
    return chosen, grouped


def render_charts_tabs(
    result: ExplanationResult, spec: ExplainSpec, frame: pd.DataFrame, group_columns: list[str], *, key: str
) -> tuple[ExplainSpec, ExplanationResult]:
    """The result tabs: performance, global, beeswarm, dependence, local, cohorts and gap.

    Returns the spec and result with the cohort and gap chosen in the last tab.
    """
    from lib.explain import beeswarm_chart, beeswarm_points, dependence_chart, importance_chart, strongest_interaction

    tabs = st.tabs(["Performance", "Global", "Beeswarm", "Dependence", "Local", "Cohorts and gap"])
    with tabs[0]:
        render_performance(result)
    with tabs[1]:
        st.altair_chart(importance_chart(result), width="stretch")
    with tabs[2]:
        st.altair_chart(beeswarm_chart(result), width="stretch")
        st.caption(
            f"Each dot is a row ({beeswarm_points(result):,} of {result.n_explained:,} shown per feature); "
            "right of zero pushes the output up."
        )
    with tabs[3]:
        top = list(result.global_importance)
        _forget_missing(f"{key}_dependence_feature", top, top[0] if top else None, start=True)
        feature = st.selectbox("Feature", list(result.global_importance), key=f"{key}_dependence_feature")
        st.altair_chart(
            dependence_chart(result, feature, colour_by=strongest_interaction(result, feature)), width="stretch"
        )
    with tabs[4]:
        render_local(result, key=key)
    with tabs[5]:
        return render_groups(result, spec, frame, group_columns, key=key)
