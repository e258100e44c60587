"""Monitor page helpers: choosing reference and current data, widgets -> DriftSpec, and result views."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from lib.analysis import TableSource, format_number
from lib.data import ColumnRoles
from lib.drift import (
    DEFAULT_MIN_ROWS,
    DRIFT,
    MAX_BINS,
    MAX_N_BOOT,
    NO_DRIFT,
    DriftResult,
    DriftSpec,
    columns_table,
    distribution_chart,
    fairness_table,
    interval_text,
    performance_chart,
    time_chart,
)
from lib.errors import InputError
from lib.samples import SAMPLES, get_sample
from ui.loading import load_bundled, load_uploaded
from ui.log_source import open_log_form
from ui.messages import show_error
from ui.state import CurrentData

MODES = ("Two tables: reference and current", "One table split by a date")
_BADGES = {DRIFT: ("drift", "red"), NO_DRIFT: ("no material drift", "green")}


def table_source(frame: pd.DataFrame, name: str, sha256: str | None, location: str) -> TableSource:
    """A page-local table as an analysis input."""
    return TableSource(frame, name, sha256, location=location)


def main_source(data: CurrentData) -> tuple[Any, str]:
    """The session's current dataset as an input (a log itself when it is one), and where to find it again."""
    if data.log is not None:
        return data.log, data.log.location
    location = data.source.split(":", 1)[1] if data.source.startswith("sample:") else data.dataset.name
    return TableSource(
        data.frame, data.dataset.name, data.dataset.sha256, location=location, roles=data.roles
    ), location


def pick_current_table(current_name: str) -> tuple[Any, str] | None:
    """The current (newer) table or log, from a sample, an upload or a path; it never replaces the session's dataset."""
    source = st.radio(
        "Current data from",
        ["Bundled sample", "Upload a file", "Open a log by path"],
        horizontal=True,
        key="monitor_current_source",
    )
    try:
        if source == "Open a log by path":
            opened = open_log_form(key="monitor_current")
            if opened is None:
                st.info(f"Open the newer log to compare with {current_name}.")
                return None
            return opened[2], opened[2].location
        if source == "Bundled sample":
            keys = [s.key for s in SAMPLES]
            key = st.selectbox(
                "Current sample", keys, key="monitor_current_sample", format_func=lambda k: get_sample(k).title
            )
            frame, dataset = load_bundled(key)
            return table_source(frame, dataset.name, dataset.sha256, key), key
        upload = st.file_uploader(
            "Upload the current table (CSV, TSV, Parquet or Excel .xlsx)", key="monitor_current_upload"
        )
        if upload is None:
            st.info(f"Upload the newer data to compare with {current_name}.")
            return None
        frame, dataset = load_uploaded(upload.getvalue(), upload.name)
        return table_source(frame, dataset.name, dataset.sha256, dataset.name), dataset.name
    except InputError as error:
        show_error(error)
        return None


def _index(options: list[str], name: str | None) -> int:
    return options.index(name) if name in options else 0


def _optional(label: str, options: list[str], default: str | None, *, key: str, container: Any) -> str | None:
    choices = ["(none)", *options]
    chosen = container.selectbox(label, choices, _index(choices, default), key=key)
    return None if chosen == "(none)" else chosen


def _default_split(frame: pd.DataFrame, date: str | None) -> dt.date:
    if date is None:
        return dt.date.today()
    dates = pd.to_datetime(frame[date].astype("string"), errors="coerce", format="mixed").dropna()
    if dates.empty:
        return dt.date.today()
    return (dates.min() + (dates.max() - dates.min()) / 2).date()


_COLUMN_KEYS = (
    "monitor_date", "monitor_split_date", "monitor_score", "monitor_label", "monitor_prediction", "monitor_columns",
    "monitor_segment", "monitor_sensitive", "monitor_column_pick", "monitor_time_column",
)  # fmt: skip


def forget_choices_of_other_tables(pair: str) -> None:
    """Column choices belong to one pair of tables: another pair starts again from its own roles."""
    if st.session_state.get("monitor_pair") != pair:
        for key in _COLUMN_KEYS:
            st.session_state.pop(key, None)
        st.session_state["monitor_pair"] = pair


def settings(reference: pd.DataFrame, current: pd.DataFrame | None, roles: ColumnRoles, *, split: bool) -> DriftSpec:
    """The drift settings, with the Datasets page's roles as defaults; returns the spec they describe.

    Raises
    ------
    InputError
        When the chosen settings do not make a valid spec.
    """
    columns = [str(c) for c in reference.columns]
    shared = columns if current is None else [c for c in columns if c in set(map(str, current.columns))]
    with st.container(border=True):
        left, middle, right = st.columns(3)
        date = _optional("Date column", columns, roles.date, key="monitor_date", container=left)
        split_date = None
        if split:
            split_date = left.date_input(
                "Split date (current data from)", _default_split(reference, date), key="monitor_split_date"
            )
        chunk = left.selectbox("Chunks", ["none", "day", "week", "month", "rows"], key="monitor_chunk")
        chunk_rows = (
            int(left.number_input("Rows per chunk", 10, 10_000_000, 10_000, key="monitor_chunk_rows"))
            if chunk == "rows"
            else 10_000
        )
        score = _optional("Score column", shared, roles.score, key="monitor_score", container=middle)
        label = _optional("Label column", columns, roles.label, key="monitor_label", container=middle)
        prediction = _optional(
            "Prediction column", shared, roles.prediction, key="monitor_prediction", container=middle
        )
        skip = {date}
        suggested = [
            c
            for c in (*roles.features, roles.prediction, roles.score, roles.label)
            if c and c in shared and c not in skip
        ]
        monitored = right.multiselect(
            "Columns to monitor", [c for c in shared if c != date], default=suggested or None, key="monitor_columns"
        )
        segment = right.multiselect("Segments", [c for c in shared if c != date], key="monitor_segment")
        sensitive = right.multiselect(
            "Groups for fairness without labels",
            shared,
            default=[c for c in roles.sensitive if c in shared],
            key="monitor_sensitive",
        )
    with st.expander("Thresholds, binning and resampling"):
        a, b, c, d = st.columns(4)
        psi = a.number_input("PSI: act", 0.01, 5.0, 0.2, 0.01, key="monitor_psi")
        watch = a.number_input("PSI: watch", 0.01, 5.0, 0.1, 0.01, key="monitor_psi_watch")
        wasserstein = b.number_input("Wasserstein (reference SDs)", 0.01, 10.0, 0.1, 0.01, key="monitor_wasserstein")
        js = b.number_input("Jensen-Shannon distance", 0.01, 1.0, 0.1, 0.01, key="monitor_js")
        binning = c.radio("PSI bins", ["quantile", "equal_width"], horizontal=True, key="monitor_binning")
        bins = c.number_input("Number of PSI bins", 2, MAX_BINS, 10, key="monitor_bins")
        min_rows = c.number_input(
            "Minimum rows per chunk or segment", 1, 1_000_000, DEFAULT_MIN_ROWS, key="monitor_min_rows"
        )
        n_boot = d.number_input("Bootstrap resamples", 50, MAX_N_BOOT, 200, 50, key="monitor_n_boot")
        seed = d.number_input("Seed", 0, 2**32 - 1, 0, key="monitor_seed")
        threshold = d.slider("Decision threshold on scores", 0.01, 0.99, 0.5, 0.01, key="monitor_threshold")
        st.markdown(
            "**What drift costs** (optional: value of a true positive, cost of each error, predictions per period)"
        )
        m1, m2, m3, m4 = st.columns(4)
        money = (
            m1.number_input("Value of a true positive", 0.0, 1e9, None, key="monitor_value_tp"),
            m2.number_input("Cost of a false positive", 0.0, 1e9, None, key="monitor_cost_fp"),
            m3.number_input("Cost of a false negative", 0.0, 1e9, None, key="monitor_cost_fn"),
            m4.number_input("Predictions per period", 1, 10**12, None, key="monitor_volume"),
        )
    given = all(v is not None for v in money) and score is not None
    return DriftSpec(
        columns=tuple(monitored), segment=tuple(segment), date=date, chunk=chunk, chunk_rows=chunk_rows,
        split_date=split_date.isoformat() if isinstance(split_date, dt.date) else None,
        score=score, label=label, prediction=prediction, threshold=float(threshold), sensitive=tuple(sensitive),
        binning=binning, bins=int(bins), psi_threshold=float(psi), psi_watch=float(min(watch, psi)),
        wasserstein_threshold=float(wasserstein), js_threshold=float(js), min_rows=int(min_rows),
        n_boot=int(n_boot), seed=int(seed),
        value_tp=float(money[0]) if given else None, cost_fp=float(money[1]) if given else None,
        cost_fn=float(money[2]) if given else None, volume=int(money[3]) if given else None,
    )  # fmt: skip


def restore_settings(spec: DriftSpec) -> None:
    """Put a saved analysis's settings into the widgets (before they are drawn)."""
    values: dict[str, Any] = {
        "monitor_mode": MODES[1] if spec.split_date else MODES[0],
        "monitor_date": spec.date or "(none)", "monitor_chunk": spec.chunk, "monitor_chunk_rows": spec.chunk_rows,
        "monitor_score": spec.score or "(none)", "monitor_label": spec.label or "(none)",
        "monitor_prediction": spec.prediction or "(none)", "monitor_columns": list(spec.columns),
        "monitor_segment": list(spec.segment), "monitor_sensitive": list(spec.sensitive),
        "monitor_psi": spec.psi_threshold, "monitor_psi_watch": spec.psi_watch,
        "monitor_wasserstein": spec.wasserstein_threshold, "monitor_js": spec.js_threshold,
        "monitor_binning": spec.binning, "monitor_bins": spec.bins, "monitor_min_rows": spec.min_rows,
        "monitor_n_boot": spec.n_boot, "monitor_seed": spec.seed, "monitor_threshold": spec.threshold,
    }  # fmt: skip
    if spec.split_date:
        values["monitor_split_date"] = dt.date.fromisoformat(spec.split_date)
    st.session_state.update(values)
    st.session_state.pop("monitor_pair", None)


def reopened_sources(saved: Any, data: CurrentData | None) -> dict[str, TableSource] | None:
    """The inputs a saved drift analysis read, when each can be found again (current dataset or a sample)."""
    from lib.samples import sample_keys

    wanted = saved_inputs(saved)
    found: dict[str, TableSource] = {}
    for role, sha256 in wanted.items():
        if data is not None and data.dataset.sha256 == sha256:
            found[role] = main_source(data)[0]
            continue
        location = (saved.locations or {}).get(role)
        if location in sample_keys():
            frame, dataset = load_bundled(location)
            if dataset.sha256 == sha256:
                found[role] = table_source(frame, dataset.name, dataset.sha256, location)
                continue
        return None
    return found


def saved_inputs(saved: Any) -> dict[str, str | None]:
    """Role -> SHA-256 of each input a saved analysis recorded."""
    inputs = ((saved.results or {}).get("provenance") or {}).get("inputs") or {}
    return {role: item.get("sha256") for role, item in inputs.items()}


def verdict_cards(result: DriftResult, *, per_row: int = 4) -> None:
    """One card per column: verdict, PSI with its interval, and the reason."""
    columns = list(result.columns)
    for start in range(0, len(columns), per_row):
        for slot, column in zip(st.columns(per_row), columns[start : start + per_row], strict=False):
            with slot.container(border=True):
                label, colour = _BADGES.get(column.verdict, ("insufficient evidence", "orange"))
                st.badge(label + (" · watch" if column.watch else ""), color=colour)
                psi = column.statistics.get("psi")
                st.metric(
                    column.column,
                    format_number(psi, ".3f") if psi is not None else "—",
                    help="PSI (population stability index)",
                )
                st.caption(
                    f"PSI interval {interval_text(column.ci.get('psi'))}. {column.reason[:1].upper()}{column.reason[1:]}."
                )


def column_view(result: DriftResult) -> None:
    """Drill into one column: distributions, every statistic with its interval, binning and notes."""
    names = [c.column for c in result.columns]
    chosen = st.selectbox("Column", names, key="monitor_column_pick")
    column = next(c for c in result.columns if c.column == chosen)
    st.altair_chart(distribution_chart(result, chosen), width="stretch")
    rows = [
        {"statistic": name, "value": value, "interval": interval_text(column.ci.get(name))}
        for name, value in column.statistics.items() if value is not None
    ]  # fmt: skip
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    b = column.binning
    st.caption(
        f"{b.method} bins: {b.bins} for PSI and Jensen-Shannon (asked for {b.requested_bins}), {b.fine_bins:,} fine bins "
        f"for KS and Wasserstein ({'exact' if b.exact else 'binned'}); empty bins floored at {b.psi_floor:g}."
    )
    if column.unseen_categories and column.unseen_categories.get("rows"):
        u = column.unseen_categories
        st.warning(
            f"{u['rows']:,} current rows hold {u['count']} categories the reference never had, e.g. {', '.join(u['examples'])}."
        )
    if column.note:
        st.info(column.note[:1].upper() + column.note[1:] + ".")


def time_view(result: DriftResult) -> None:
    """A statistic over the chunks with its reference band, per column."""
    if not result.chunks:
        st.info("Choose a date column and chunks (or rows per chunk) to see drift over time.")
        return
    left, right = st.columns(2)
    column = left.selectbox("Column", [c.column for c in result.columns], key="monitor_time_column")
    kind = next(c.kind for c in result.columns if c.column == column)
    options = ["psi", "js"] + (["ks", "wasserstein_norm"] if kind == "numeric" else [])
    statistic = right.radio("Statistic", options, horizontal=True, key="monitor_time_statistic")
    st.altair_chart(time_chart(result, column, statistic), width="stretch")
    found = next(c for c in result.columns if c.column == column)
    if found.first_crossing:
        st.warning(f"{column} first rises above its reference band in {found.first_crossing['chunk']} "
                   f"({', '.join(found.first_crossing['statistics'])}).")  # fmt: skip


def performance_view(result: DriftResult) -> None:
    """Realised performance drift, label-free estimates per chunk, fairness without labels, and the cost."""
    perf = result.performance
    if perf is None:
        st.info("Choose a score column (a probability) to estimate performance, with or without labels.")
        return
    realised = perf.realised
    if "reference" in realised or "current" in realised:
        st.markdown("**Realised performance** (labelled rows, bootstrap intervals)")
        rows = [
            {"metric": m, **{side: (realised.get(side) or {}).get(m) for side in ("reference", "current", "difference")},
             "difference interval": interval_text((realised.get("difference_ci") or {}).get(m))}
            for m in ("accuracy", "auc", "brier", "ece")
        ]  # fmt: skip
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    box = st.success if perf.estimated_status == "estimated" else st.warning
    box(f"Label-free estimate {perf.estimated_status}: {perf.estimated_reason}.")
    if perf.estimated_status != "estimated":
        return
    st.dataframe(
        pd.DataFrame([{"metric": m, "estimated": perf.estimated.get(m), "should fall within": interval_text(perf.estimated_ci.get(m))}
                      for m in perf.estimated]),
        hide_index=True, width="stretch",
    )  # fmt: skip
    if perf.chunks:
        metric = st.radio(
            "Metric", ["accuracy", "precision", "recall", "f1", "auc"], horizontal=True, key="monitor_perf_metric"
        )
        st.altair_chart(performance_chart(perf, metric), width="stretch")
    if perf.fairness:
        st.markdown(
            "**Fairness without labels** (selection rate exact; TPR and FPR estimated, realised where labels exist)"
        )
        st.dataframe(fairness_table(perf), hide_index=True, width="stretch")
    if perf.cost is not None:
        c = perf.cost
        a, b, d = st.columns(3)
        a.metric("Likely loss per period", f"{c.likely:,.0f}")
        b.metric("Low", f"{c.low:,.0f}")
        d.metric("High", f"{c.high:,.0f}")
        st.caption(
            f"Against {c.basis}, {c.volume:,} predictions per period; the ROI page reads the range from the JSON export."
        )


def overview_table(result: DriftResult) -> pd.DataFrame:
    """The columns table as the page shows it."""
    return columns_table(result)
