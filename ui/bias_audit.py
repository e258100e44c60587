"""Bias Audit page helpers: widgets -> specs, and the verdict cards."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from lib.analysis import format_number
from lib.data import ColumnRoles, binary_labels
from lib.errors import InputError
from lib.export import to_csv_bytes
from lib.fairness import (
    CONSTRAINTS,
    FAIL,
    MAX_AUDIT_GROUPS,
    MAX_N_BOOT,
    METRIC_NAMES,
    PASS,
    SENSITIVE_USE_WARNING,
    AuditResult,
    AuditSpec,
    MitigationSpec,
    SweepSpec,
    count_groups,
    default_sensitive,
    disparity_chart,
    fair_band_text,
    glossary_frame,
    groups_report_table,
    interval_text,
    metric_by_group_chart,
    mitigation_chart,
    recommend_metrics,
    threshold_chart,
    tradeoff_chart,
)
from ui.exports import export_bar
from ui.messages import show_error
from ui.runner import run_cached

_BADGE = {FAIL: ("fail", "red"), PASS: ("pass", "green")}


def verdict_cards(result: AuditResult, *, per_row: int = 3) -> None:
    """One card per disparity, leading with the value over groups with enough data; all groups second."""
    items = list(result.headline().values())
    for start in range(0, len(items), per_row):
        for column, item in zip(st.columns(per_row), items[start : start + per_row], strict=False):
            with column.container(border=True):
                label, colour = _BADGE.get(item.verdict, ("insufficient evidence", "orange"))
                st.badge(label, color=colour)
                st.metric(
                    item.name.replace("_", " "),
                    format_number(item.value_large_groups, ".3f") if item.value_large_groups is not None else "—",
                    help=f"Over the groups of {item.attribute} with enough data; limit {item.limit:g}",
                )
                st.caption(
                    f"Groups with enough data: 95% interval {interval_text(item.ci_large_groups)} · limit "
                    f"{item.limit:g} · groups of {item.attribute}. {item.reason.capitalize()}."
                )
                if item.small_groups or item.value != item.value_large_groups:
                    st.caption(
                        f"All groups: {format_number(item.value, '.3f')} ({interval_text(item.ci)})"
                        + (f"; small groups: {', '.join(item.small_groups)}" if item.small_groups else "")
                    )


_COLUMN_KEYS = (
    "bias_audit_label",
    "bias_audit_positive",
    "bias_audit_kind",
    "bias_audit_output_score",
    "bias_audit_output_prediction",
    "bias_audit_sensitive",
    "bias_audit_reference",
    "bias_audit_chart_attribute",
    "bias_audit_sweep_attribute",
)
_FOR = "bias_audit_dataset"
TABS = ("Groups", "Charts", "Calibration and criteria", "Threshold explorer", "Mitigation", "Glossary and guide",
        "Export and save")  # fmt: skip
TAB_KEY = "bias_audit_tab"
# Boxes inside the tabs. Only the open tab is drawn, and Streamlit forgets a box that is not drawn,
# so these are carried over every run: coming back to a tab finds the choices made there.
_TAB_CHOICES = (
    "bias_audit_table_metrics",
    "bias_audit_chart_metric",
    "bias_audit_chart_attribute",
    "bias_audit_sweep_attribute",
    "bias_audit_sweep_rate",
    "bias_audit_sweep_gap",
    "bias_audit_constraint",
    "bias_audit_guide_decision",
    "bias_audit_guide_error",
    "bias_audit_guide_trusted",
)


def keep_tab_choices() -> None:
    """Carry the choices made in tabs that are not drawn this run over to the next (call before the tabs)."""
    for key in _TAB_CHOICES:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


AUTOMATIC = "automatic"


def _marker(sha256: str, roles: ColumnRoles) -> str:
    return f"{sha256}|{roles.to_dict()!r}"


def follow_dataset(sha256: str, roles: ColumnRoles) -> None:
    """Start the column boxes again from the confirmed roles when the dataset or its roles changed."""
    if st.session_state.get(_FOR) != _marker(sha256, roles):
        for key in _COLUMN_KEYS:
            st.session_state.pop(key, None)
        st.session_state[_FOR] = _marker(sha256, roles)


def restore_settings(spec: AuditSpec, *, sha256: str, roles: ColumnRoles) -> None:
    """Put a saved audit's settings into the widgets (before they are drawn)."""
    follow_dataset(sha256, roles)
    kind = "score" if spec.score else "prediction"
    values = {
        "bias_audit_label": spec.label,
        "bias_audit_positive": spec.positive or AUTOMATIC,
        "bias_audit_kind": kind,
        f"bias_audit_output_{kind}": spec.score or spec.prediction,
        "bias_audit_sensitive": list(spec.sensitive),
        "bias_audit_intersectional": spec.intersectional,
        "bias_audit_max_difference": spec.max_difference,
        "bias_audit_min_ratio": spec.min_ratio,
        "bias_audit_min_group_size": spec.min_group_size,
        "bias_audit_reference": spec.reference,
        "bias_audit_n_boot": spec.n_boot,
        "bias_audit_seed": spec.seed,
    }
    if spec.threshold is not None:
        values["bias_audit_threshold"] = spec.threshold
    st.session_state.update(values)


def _reference_choices(frame: pd.DataFrame, sensitive: list[str], intersectional: bool) -> list[str]:
    """Largest, best, or a named group (named groups only when each column is audited on its own)."""
    if intersectional or not sensitive:
        return ["largest", "best"]
    names = sorted({str(v) for column in sensitive for v in frame[column].dropna().unique()[:50]})
    return ["largest", "best", *names]


def _start(key: str, options: list[Any], default: Any) -> None:
    """Keep a box's value valid for its options, and set its default (through session state) when it has none.

    A box keeps its identity, its key, across datasets, and the browser keeps showing its old
    choice unless the value is set here; so the boxes that hold a dataset's columns or values start
    from session state rather than from a widget default.
    """
    value = st.session_state.get(key)
    if isinstance(value, list):
        kept = [v for v in value if v in options]
        if kept != value:
            st.session_state[key] = kept
    elif key in st.session_state and value not in options:
        del st.session_state[key]
    if key not in st.session_state:
        st.session_state[key] = default


def _column_box(container: Any, label: str, columns: list[str], default: str | None, *, key: str) -> str | None:
    """A column box opening on the role's column, or empty (None) when the roles name none."""
    _start(key, columns, default if default in columns else None)
    return container.selectbox(label, columns, index=None, key=key, placeholder="Choose a column")


def _positive_choices(values: pd.Series) -> tuple[list[str], bool]:
    """The positive-value box's options, and whether the label's values say by themselves which is positive."""
    shown = [str(v) for v in values.dropna().unique()[:20]]
    try:
        binary_labels(values)
    except InputError:
        if len(shown) == 2 and not values.isna().any():
            return shown, False  # e.g. '<=50K' / '>50K': only the user can say which is the positive one
        # Otherwise the audit names the problem (missing values, more than two values).
    return [AUTOMATIC, *shown], True


def _outcome_settings(frame: pd.DataFrame, roles: ColumnRoles, columns: list[str], boxes: Any) -> dict[str, Any]:
    """Label, its positive value and the model output; a value is None while the user has yet to choose it."""
    left, middle = boxes
    label = _column_box(left, "Actual outcome (label)", columns, roles.label, key="bias_audit_label")
    positive = None
    if label is not None:
        choices, automatic = _positive_choices(frame[label])
        _start("bias_audit_positive", choices, AUTOMATIC if automatic else None)
        positive = left.selectbox(
            "Positive outcome value",
            choices,
            index=None,
            key="bias_audit_positive",
            placeholder="Choose the positive value",
            help="The outcome the model is asked to predict, such as 'approved' or '>50K'.",
        )
    _start("bias_audit_kind", ["score", "prediction"], "score" if roles.score or not roles.prediction else "prediction")
    kind = middle.radio("Model output", ["score", "prediction"], horizontal=True, key="bias_audit_kind")
    default = roles.score if kind == "score" else roles.prediction
    # One box per kind, so switching between score and prediction never keeps the other's column.
    output = _column_box(middle, f"{kind.capitalize()} column", columns, default, key=f"bias_audit_output_{kind}")
    return {"label": label, "positive": positive, "kind": kind, "output": output}


def _prompt(outcome: dict[str, Any], sensitive: list[str]) -> str | None:
    """What the user still has to choose before the audit can run, in words; None when nothing."""
    if outcome["label"] is None:
        return "Choose the label: the column holding the actual outcome (what really happened)."
    if outcome["positive"] is None:
        return f"Choose which value of '{outcome['label']}' is the positive outcome."
    if outcome["output"] is None:
        return f"Choose the {outcome['kind']} column: the model's output to audit."
    if not sensitive:
        return "Choose at least one sensitive column to audit."
    return None


def audit_settings(frame: pd.DataFrame, roles: ColumnRoles, *, sha256: str) -> AuditSpec | None:
    """The audit's widgets, with the Datasets page's roles as defaults; returns the spec they describe.

    Returns None (with a prompt shown) while the label, its positive value, the model output or
    a sensitive column is still to be chosen.

    Raises
    ------
    InputError
        When the chosen settings do not make a valid spec.
    """
    follow_dataset(sha256, roles)
    columns = [str(c) for c in frame.columns]
    with st.container(border=True):
        left, middle, right = st.columns(3)
        outcome = _outcome_settings(frame, roles, columns, (left, middle))
        # The outcome columns cannot also be sensitive attributes, so they are not offered.
        outcomes = {outcome["label"], outcome["output"]}
        offered_columns = [c for c in columns if c not in outcomes]
        offered, skipped = default_sensitive(frame, [c for c in roles.sensitive if c not in outcomes])
        _start("bias_audit_sensitive", offered_columns, offered)
        sensitive = right.multiselect("Sensitive columns", offered_columns, key="bias_audit_sensitive")
        intersectional = right.toggle("Intersectional groups", key="bias_audit_intersectional")
        for note in skipped:
            right.caption(note)
        cells = count_groups(frame, sensitive, intersectional=bool(intersectional))
        if intersectional and cells > 50:
            right.warning(
                f"{cells:,} combinations: most will be small groups, flagged rather than judged."
                + (f" Above {MAX_AUDIT_GROUPS:,} the audit is refused." if cells > MAX_AUDIT_GROUPS else "")
            )
        a, b, c, d = st.columns(4)
        max_difference = a.number_input("Max difference", 0.01, 0.99, 0.10, 0.01, key="bias_audit_max_difference")
        min_ratio = b.number_input("Min ratio", 0.01, 1.0, 0.80, 0.01, key="bias_audit_min_ratio")
        min_group_size = c.number_input("Min group size (rows)", 1, 100_000, 30, key="bias_audit_min_group_size")
        references = _reference_choices(frame, sensitive, intersectional)
        _start("bias_audit_reference", references, references[0])
        reference = d.selectbox("Reference group for ratios", references, key="bias_audit_reference")
        n_boot = a.number_input("Bootstrap resamples", 50, MAX_N_BOOT, 1000, 50, key="bias_audit_n_boot")
        seed = b.number_input("Seed", 0, 2**32 - 1, 0, key="bias_audit_seed")
        threshold = None
        if outcome["kind"] == "score":
            threshold = middle.slider("Decision threshold", 0.0, 1.0, 0.5, 0.01, key="bias_audit_threshold")
    prompt = _prompt(outcome, sensitive)
    if prompt is not None:
        st.info(prompt)
        return None
    output, kind, positive = outcome["output"], outcome["kind"], outcome["positive"]
    return AuditSpec(
        label=outcome["label"],
        sensitive=tuple(sensitive),
        prediction=output if kind == "prediction" else None,
        score=output if kind == "score" else None,
        threshold=None if threshold is None else float(threshold),
        positive=None if positive == AUTOMATIC else positive,
        intersectional=bool(intersectional),
        max_difference=float(max_difference),
        min_ratio=float(min_ratio),
        min_group_size=int(min_group_size),
        reference=str(reference),
        n_boot=int(n_boot),
        seed=int(seed),
    )


def sweep_spec(spec: AuditSpec) -> SweepSpec:
    """The threshold sweep over the audit's score column and groups."""
    return SweepSpec(
        label=spec.label,
        score=spec.score or "",
        sensitive=spec.sensitive,
        positive=spec.positive,
        intersectional=spec.intersectional,
    )


def _pick(container: Any, label: str, options: list[str], *, key: str, **settings: Any) -> Any:
    """A selectbox whose kept value is dropped when this result no longer offers it (the first option then)."""
    _start(key, options, options[0] if options else None)
    return container.selectbox(label, options, key=key, **settings)


def ratios_frame(result: AuditResult) -> pd.DataFrame:
    """The ratios to the reference group, rounded to three decimals, each interval as one readable range."""
    return pd.DataFrame(
        [
            {
                "groups of": r.attribute,
                "metric": r.metric.replace("_", " "),
                "group": r.group,
                "reference": r.reference,
                "ratio": None if r.value is None else round(float(r.value), 3),
                "95% interval": interval_text(r.ci),
                "within the fair band": r.within_band,
            }
            for r in result.reference_ratios
        ],
        columns=["groups of", "metric", "group", "reference", "ratio", "95% interval", "within the fair band"],
    )


@st.fragment
def groups_tab(result: AuditResult, spec: AuditSpec) -> None:
    """Per-group metrics with intervals, and each group's ratio to the reference group."""
    st.session_state.setdefault("bias_audit_table_metrics", [*METRIC_NAMES[1:5], "precision", "accuracy"])
    shown = st.multiselect(
        "Metrics", list(METRIC_NAMES), key="bias_audit_table_metrics", format_func=lambda m: m.replace("_", " ")
    )
    table = groups_report_table(result, tuple(shown))
    metrics = {m.replace("_", " ") for m in shown}
    config = {c: st.column_config.NumberColumn(c, format="%.3f") for c in table.columns if c in metrics}
    st.dataframe(table, hide_index=True, width="stretch", column_config=config)
    st.caption("Small: under the minimum rows, or under 10 cases behind a rate.")
    st.markdown(f"**Ratios to the {spec.reference} group.** {fair_band_text(spec.min_ratio)}")
    st.dataframe(ratios_frame(result), hide_index=True, width="stretch")


@st.fragment
def charts_tab(result: AuditResult) -> None:
    """A metric per group, and every disparity against its limit (redrawn alone when a box changes)."""
    pick_metric, pick_groups = st.columns(2)
    st.session_state.setdefault("bias_audit_chart_metric", METRIC_NAMES[1])
    metric = _pick(
        pick_metric,
        "Metric",
        list(METRIC_NAMES),
        key="bias_audit_chart_metric",
        format_func=lambda m: m.replace("_", " "),
    )
    attributes = list(result.attributes)
    shown = _pick(pick_groups, "Groups of", attributes, key="bias_audit_chart_attribute")
    # Whole group names ("Married-spouse-absent"), not cut at the axis's default width.
    chart = metric_by_group_chart(result, metric, attribute=shown).configure_axisY(labelLimit=0)
    st.altair_chart(chart, width="stretch")
    st.altair_chart(disparity_chart(result, "difference"), width="stretch")
    st.altair_chart(disparity_chart(result, "ratio"), width="stretch")
    st.caption(
        "A largest-minus-smallest gap can only widen under resampling noise, so when the true gap is near zero "
        "its interval may sit above the point estimate."
    )


@st.fragment
def explorer_tab(spec: AuditSpec, sources: dict[str, Any], *, locations: dict[str, str]) -> None:
    """Rates and disparities across thresholds, and the sweep's export."""
    sweep = run_cached(sweep_spec(spec), sources)
    attribute = _pick(st, "Groups of", list(sweep.by_group["attribute"].unique()), key="bias_audit_sweep_attribute")
    rates = ["selection_rate", "true_positive_rate", "false_positive_rate"]
    rate = st.radio(
        "Rate", rates, horizontal=True, key="bias_audit_sweep_rate", format_func=lambda m: m.replace("_", " ")
    )
    st.altair_chart(threshold_chart(sweep, rate, attribute=attribute), width="stretch")
    gaps = ["demographic_parity_difference", "equalized_odds_difference", "equal_opportunity_difference"]
    gap = st.radio(
        "Disparity", gaps, horizontal=True, key="bias_audit_sweep_gap", format_func=lambda m: m.replace("_", " ")
    )
    st.altair_chart(tradeoff_chart(sweep, gap, attribute=attribute), width="stretch")
    st.markdown("**Export the sweep**")
    export_bar(sweep_spec(spec), sweep, key="bias_audit_sweep", stem="threshold_sweep", locations=locations)


@st.fragment
def mitigation_tab(spec: AuditSpec, sources: dict[str, Any], name: str, *, locations: dict[str, str]) -> None:
    """Group-specific thresholds under a chosen constraint, before and after, the download and the exports."""
    st.warning(SENSITIVE_USE_WARNING)
    constraint = st.selectbox("Constraint", list(CONSTRAINTS), key="bias_audit_constraint")
    chosen = MitigationSpec(
        label=spec.label,
        score=spec.score or "",
        sensitive=spec.sensitive,
        constraint=constraint,
        positive=spec.positive,
        threshold=spec.threshold,
        intersectional=spec.intersectional,
        min_group_size=spec.min_group_size,
        seed=spec.seed,
    )
    try:
        with st.spinner("Fitting group thresholds..."):
            mitigation = run_cached(chosen, sources)
    except InputError as error:
        show_error(error)
        return
    for note in mitigation.notes:
        st.info(note)
    st.markdown("**Thresholds per group** (a group may mix two thresholds in the shares shown)")
    st.dataframe(mitigation.thresholds, hide_index=True, width="stretch")
    st.dataframe(mitigation.comparison, hide_index=True, width="stretch")
    st.altair_chart(mitigation_chart(mitigation), width="stretch")
    st.download_button(
        "Download mitigated predictions (CSV)",
        to_csv_bytes(mitigation.predictions),
        file_name=f"{name}.mitigated.csv",
        key="bias_audit_mitigated_csv",
        on_click="ignore",
    )
    st.markdown("**Export the mitigation**")
    export_bar(chosen, mitigation, key="bias_audit_mitigation", stem="mitigation", locations=locations)


@st.fragment
def guide_tab() -> None:
    """The glossary and the 'which metric matters here' guide."""
    # A table that wraps its text: the definitions are sentences, and a grid would scroll sideways.
    st.table(glossary_frame(), hide_index=True)
    st.markdown("**Which metric matters here?**")
    decision = st.radio(
        "The decision",
        ["assistive", "punitive"],
        horizontal=True,
        key="bias_audit_guide_decision",
        captions=["gives something: a loan, an interview", "takes something: a fraud flag, a denial"],
    )
    costly = st.radio(
        "The costlier mistake",
        ["false_negative", "false_positive", "both"],
        horizontal=True,
        key="bias_audit_guide_error",
    )
    st.session_state.setdefault("bias_audit_guide_trusted", True)
    trusted = st.checkbox("Past outcomes are a fair record", key="bias_audit_guide_trusted")
    advice = recommend_metrics(decision=decision, costly_error=costly, labels_trusted=trusted)
    st.markdown("Gate on: " + ", ".join(f"`{m}`" for m in advice.gate_on))
    for reason in advice.reasons:
        st.markdown(f"- {reason}")
