"""Bias Audit page helpers: widgets -> specs, and the verdict cards."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from lib.analysis import Spec, format_number
from lib.data import ColumnRoles
from lib.errors import InputError
from lib.export import to_csv_bytes
from lib.fairness import (
    CONSTRAINTS,
    FAIL,
    MAX_AUDIT_GROUPS,
    MAX_N_BOOT,
    PASS,
    SENSITIVE_USE_WARNING,
    AuditResult,
    AuditSpec,
    MitigationSpec,
    SweepSpec,
    count_groups,
    default_sensitive,
    glossary_frame,
    interval_text,
    mitigation_chart,
    recommend_metrics,
)
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


def _index(columns: list[str], name: str | None) -> int:
    return columns.index(name) if name in columns else 0


_COLUMN_KEYS = (
    "bias_audit_label",
    "bias_audit_positive",
    "bias_audit_kind",
    "bias_audit_output_score",
    "bias_audit_output_prediction",
    "bias_audit_sensitive",
)


def _forget_columns_of_another_dataset(sha256: str) -> None:
    # Column choices belong to one dataset; a new dataset starts again from its own roles.
    if st.session_state.get("bias_audit_dataset") != sha256:
        for key in _COLUMN_KEYS:
            st.session_state.pop(key, None)
        st.session_state["bias_audit_dataset"] = sha256


def restore_settings(spec: AuditSpec, *, sha256: str) -> None:
    """Put a saved audit's settings into the widgets (before they are drawn)."""
    st.session_state["bias_audit_dataset"] = sha256
    kind = "score" if spec.score else "prediction"
    values = {
        "bias_audit_label": spec.label,
        "bias_audit_positive": spec.positive or "automatic",
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


def audit_settings(frame: pd.DataFrame, roles: ColumnRoles, *, sha256: str) -> AuditSpec | None:
    """The audit's widgets, with the Datasets page's roles as defaults; returns the spec they describe.

    Returns None (with a prompt shown) while no sensitive column is chosen.

    Raises
    ------
    InputError
        When the chosen settings do not make a valid spec.
    """
    _forget_columns_of_another_dataset(sha256)
    columns = [str(c) for c in frame.columns]
    with st.container(border=True):
        left, middle, right = st.columns(3)
        label = left.selectbox("Actual outcome (label)", columns, _index(columns, roles.label), key="bias_audit_label")
        choices = ["automatic", *[str(v) for v in frame[label].dropna().unique()[:20]]]
        positive = left.selectbox("Positive outcome value", choices, key="bias_audit_positive")
        kind = middle.radio(
            "Model output",
            ["score", "prediction"],
            index=0 if roles.score else 1,
            horizontal=True,
            key="bias_audit_kind",
        )
        default = roles.score if kind == "score" else roles.prediction
        # One box per kind, so switching between score and prediction never keeps the other's column.
        output = middle.selectbox(
            f"{kind.capitalize()} column", columns, _index(columns, default), key=f"bias_audit_output_{kind}"
        )
        offered, skipped = default_sensitive(frame, roles.sensitive)
        if "bias_audit_sensitive" in st.session_state:
            st.session_state["bias_audit_sensitive"] = [
                c for c in st.session_state["bias_audit_sensitive"] if c in columns
            ]
        sensitive = right.multiselect(
            "Sensitive columns", columns, default=offered if "bias_audit_sensitive" not in st.session_state else None,
            key="bias_audit_sensitive",
        )  # fmt: skip
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
        reference = d.selectbox(
            "Reference group for ratios",
            _reference_choices(frame, sensitive, intersectional),
            key="bias_audit_reference",
        )
        n_boot = a.number_input("Bootstrap resamples", 50, MAX_N_BOOT, 1000, 50, key="bias_audit_n_boot")
        seed = b.number_input("Seed", 0, 2**32 - 1, 0, key="bias_audit_seed")
        threshold = None
        if kind == "score":
            threshold = middle.slider("Decision threshold", 0.0, 1.0, 0.5, 0.01, key="bias_audit_threshold")
    if not sensitive:
        st.info("Choose at least one sensitive column to audit.")
        return None
    return AuditSpec(
        label=label,
        sensitive=tuple(sensitive),
        prediction=output if kind == "prediction" else None,
        score=output if kind == "score" else None,
        threshold=None if threshold is None else float(threshold),
        positive=None if positive == "automatic" else positive,
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


def mitigation_tab(spec: AuditSpec, sources: dict[str, Any], name: str) -> tuple[Spec, Any] | None:
    """Group-specific thresholds under a chosen constraint, before and after, and the download.

    Returns
    -------
    (MitigationSpec, MitigationResult) or None
        The mitigation shown, for the export bar; None when it could not be fitted.
    """
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
        st.error(str(error))
        return None
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
    )
    return chosen, mitigation


def guide_tab() -> None:
    """The glossary and the 'which metric matters here' guide."""
    st.dataframe(glossary_frame(), hide_index=True, width="stretch")
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
    trusted = st.checkbox("Past outcomes are a fair record", value=True, key="bias_audit_guide_trusted")
    advice = recommend_metrics(decision=decision, costly_error=costly, labels_trusted=trusted)
    st.markdown("Gate on: " + ", ".join(f"`{m}`" for m in advice.gate_on))
    for reason in advice.reasons:
        st.markdown(f"- {reason}")
