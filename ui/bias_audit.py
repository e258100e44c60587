"""Bias Audit page helpers: cached lib calls and the verdict cards."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from lib.data import ColumnRoles
from lib.errors import InputError
from lib.export import to_csv_bytes
from lib.fairness import (
    CONSTRAINTS,
    SENSITIVE_USE_WARNING,
    AuditResult,
    MitigationResult,
    ThresholdSweep,
    audit,
    explore_thresholds,
    glossary_frame,
    mitigate,
    mitigation_chart,
    recommend_metrics,
)
from lib.fairness._verdict import FAIL, PASS

# The dataset hash stands in for the frame in the cache key; the frame itself is not hashed.


@st.cache_data(show_spinner=False, max_entries=16)
def cached_audit(sha256: str, _frame: pd.DataFrame, name: str, options: dict[str, Any]) -> AuditResult:
    """Run the audit once per (file, options)."""
    return audit(_frame, file=name, input_sha256=sha256, **options)


@st.cache_data(show_spinner=False, max_entries=8)
def cached_sweep(sha256: str, _frame: pd.DataFrame, name: str, options: dict[str, Any]) -> ThresholdSweep:
    """Sweep thresholds once per (file, options)."""
    return explore_thresholds(_frame, file=name, input_sha256=sha256, **options)


@st.cache_data(show_spinner=False, max_entries=8)
def cached_mitigation(sha256: str, _frame: pd.DataFrame, name: str, options: dict[str, Any]) -> MitigationResult:
    """Fit group-specific thresholds once per (file, options)."""
    return mitigate(_frame, file=name, input_sha256=sha256, **options)


_BADGE = {FAIL: ("fail", "red"), PASS: ("pass", "green")}


def verdict_cards(result: AuditResult, *, per_row: int = 3) -> None:
    """One bordered card per disparity: value, interval, verdict and the reason."""
    items = list(result.headline().values())
    for start in range(0, len(items), per_row):
        for column, item in zip(st.columns(per_row), items[start : start + per_row], strict=False):
            with column.container(border=True):
                label, colour = _BADGE.get(item.verdict, ("insufficient evidence", "orange"))
                st.badge(label, color=colour)
                value = "undefined" if item.value is None else f"{item.value:.3f}"
                low, high = item.ci
                interval = "no interval" if low is None or high is None else f"95% interval {low:.3f} to {high:.3f}"
                st.metric(item.name.replace("_", " "), value, help=f"Groups of {item.attribute}; limit {item.limit:g}")
                st.caption(
                    f"{interval} · limit {item.limit:g} · groups of {item.attribute}. {item.reason.capitalize()}."
                )


def _cell(value: float | None, low: float | None, high: float | None) -> str:
    if value is None:
        return "undefined"
    return f"{value:.3f}" if low is None or high is None else f"{value:.3f} [{low:.3f}, {high:.3f}]"


def groups_table(result: AuditResult, metrics: list[str]) -> pd.DataFrame:
    """Per-group table with each metric shown as value and interval."""
    with_auc = any(g.auc is not None for g in result.groups)
    rows = []
    for g in result.groups:
        row: dict[str, Any] = {"groups of": g.attribute, "group": g.name, "rows": g.count, "small": g.small}
        for metric in metrics:
            row[metric.replace("_", " ")] = _cell(g.metrics[metric], *g.ci[metric])
        if with_auc:
            row["AUC (no interval)"] = None if g.auc is None else round(g.auc, 3)
        rows.append(row)
    return pd.DataFrame(rows)


def _index(columns: list[str], name: str | None) -> int:
    return columns.index(name) if name in columns else 0


_COLUMN_KEYS = (
    "bias_audit_label",
    "bias_audit_positive",
    "bias_audit_kind",
    "bias_audit_output",
    "bias_audit_sensitive",
)


def _forget_columns_of_another_dataset(sha256: str) -> None:
    # Column choices belong to one dataset; a new dataset starts again from its own roles.
    if st.session_state.get("bias_audit_dataset") != sha256:
        for key in _COLUMN_KEYS:
            st.session_state.pop(key, None)
        st.session_state["bias_audit_dataset"] = sha256


def _reference_choices(frame: pd.DataFrame, sensitive: list[str], intersectional: bool) -> list[str]:
    """Largest, best, or a named group (named groups only when each column is audited on its own)."""
    if intersectional or not sensitive:
        return ["largest", "best"]
    names = sorted({str(v) for column in sensitive for v in frame[column].dropna().unique()[:50]})
    return ["largest", "best", *names]


def audit_settings(frame: pd.DataFrame, roles: ColumnRoles, *, sha256: str) -> dict[str, Any]:
    """The column roles, limits and resampling options, with the Datasets page's roles as defaults."""
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
        output = middle.selectbox(
            f"{kind.capitalize()} column", columns, _index(columns, default), key="bias_audit_output"
        )
        sensitive = right.multiselect(
            "Sensitive columns",
            columns,
            default=[c for c in roles.sensitive if c in columns],
            key="bias_audit_sensitive",
        )
        intersectional = right.toggle("Intersectional groups", key="bias_audit_intersectional")
        a, b, c, d = st.columns(4)
        options: dict[str, Any] = {
            "label": label,
            kind: output,
            "sensitive": sensitive,
            "positive": None if positive == "automatic" else positive,
            "intersectional": intersectional,
            "max_difference": float(
                a.number_input("Max difference", 0.01, 0.99, 0.10, 0.01, key="bias_audit_max_difference")
            ),
            "min_ratio": float(b.number_input("Min ratio", 0.01, 1.0, 0.80, 0.01, key="bias_audit_min_ratio")),
            "min_group_size": int(
                c.number_input("Min group size (rows)", 1, 100_000, 30, key="bias_audit_min_group_size")
            ),
            "reference": d.selectbox(
                "Reference group for ratios",
                _reference_choices(frame, sensitive, intersectional),
                key="bias_audit_reference",
            ),
            "n_boot": int(a.number_input("Bootstrap resamples", 50, 10_000, 1000, 50, key="bias_audit_n_boot")),
            "seed": int(b.number_input("Seed", 0, 2**31 - 1, 0, key="bias_audit_seed")),
        }
        if kind == "score":
            options["threshold"] = float(
                middle.slider("Decision threshold", 0.0, 1.0, 0.5, 0.01, key="bias_audit_threshold")
            )
    return options


def mitigation_tab(options: dict[str, Any], sha256: str, frame: pd.DataFrame, name: str) -> None:
    """Group-specific thresholds under a chosen constraint, before and after, and the download."""
    st.warning(SENSITIVE_USE_WARNING)
    constraint = st.selectbox("Constraint", list(CONSTRAINTS), key="bias_audit_constraint")
    keys = ("label", "score", "sensitive", "positive", "threshold", "intersectional", "min_group_size", "seed")
    chosen = {**{k: options[k] for k in keys}, "constraint": constraint, "n_boot": 200}
    try:
        with st.spinner("Fitting group thresholds..."):
            mitigation = cached_mitigation(sha256, frame, name, chosen)
    except InputError as error:
        st.error(str(error))
        return
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
