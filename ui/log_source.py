"""Logs in the app: open one by path (a file, a folder or a glob), show it without loading it, run on it.

A log is a current dataset of its own kind: the session keeps the :class:`lib.logs.LogSource`
and a seeded sample of it. Pages that count (Bias Audit, Monitor) run on the log itself;
pages that need rows (Explain, previews, column choices) use the stated sample.
"""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import pandas as pd
import streamlit as st

from lib.analysis import DataSource, TableSource
from lib.data import Dataset, load_table
from lib.logs import DEFAULT_MEMORY_LIMIT, DEFAULT_THREADS, ENGINES, LogSource, open_log
from ui.state import CurrentData

#: Rows of the seeded sample a log is previewed, its columns offered and Explain run on.
SAMPLE_ROWS = 1_000
SAMPLE_SEED = 0


def sample_note(log: LogSource, rows: int) -> str:
    """How the sample was drawn, in plain words."""
    return (
        f"A seeded sample of {min(SAMPLE_ROWS, rows):,} of {rows:,} rows (seed {SAMPLE_SEED}): previews, column "
        "choices and Explain use it; Bias Audit and Monitor count every row of the log where it lies."
    )


def log_table(log: LogSource) -> tuple[pd.DataFrame, Dataset]:
    """The log's seeded sample and a dataset record for it (rows counted in the log, roles guessed from the sample)."""
    rows = log.check_rows()
    sample = log.sample(SAMPLE_ROWS, seed=SAMPLE_SEED) if rows else pd.DataFrame(columns=log.column_names())
    buffer = io.BytesIO()
    sample.to_parquet(buffer, index=False)
    frame, dataset = load_table(buffer.getvalue(), name="sample.parquet")
    dataset = dataclasses.replace(
        dataset,
        name=log.name,
        sha256=log.sha256,
        n_rows=rows,
        file_format="log",
        notes=(sample_note(log, rows), *dataset.notes),
    )
    return frame, dataset


def open_log_form(*, key: str) -> tuple[pd.DataFrame, Dataset, LogSource] | None:
    """A path box, the engine's settings and an Open button; the opened log once the user opened it.

    Raises
    ------
    lib.errors.InputError
        For a path that names no usable log (the caller shows it).
    """
    path = st.text_input(
        "Path of a log on this machine: a Parquet or CSV file, a folder of Parquet files, or a glob",
        key=f"{key}_log_path",
        placeholder="/data/predictions/  or  /data/predictions/day=2025-*/*.parquet",
        help="The files are read where they lie and never copied. Hive partition folders (day=2025-01-01) "
        "become columns.",
    )
    with st.expander("Engine"):
        engine = st.selectbox("Engine", ENGINES, key=f"{key}_log_engine", help="Spark needs its extra and Java 17.")
        memory = st.text_input("Memory limit", DEFAULT_MEMORY_LIMIT, key=f"{key}_log_memory")
        threads = st.number_input("Threads", 1, 64, DEFAULT_THREADS, key=f"{key}_log_threads")
    opened: tuple[pd.DataFrame, Dataset, LogSource] | None = st.session_state.get(f"{key}_log_opened")
    if st.button("Open the log", key=f"{key}_log_open", disabled=not path.strip()):
        log = open_log(path.strip(), engine=engine, memory_limit=memory, threads=int(threads))
        frame, dataset = log_table(log)
        opened = (frame, dataset, log)
        st.session_state[f"{key}_log_opened"] = opened
    return opened


def source_of(data: CurrentData) -> DataSource:
    """The current dataset as an analysis's ``data`` input: the log itself, or the table."""
    if data.log is not None:
        return data.log
    location = data.source.split(":", 1)[1] if data.source.startswith("sample:") else data.dataset.name
    return TableSource(data.frame, data.dataset.name, data.dataset.sha256, location=location, roles=data.roles)


def show_log(data: CurrentData) -> None:
    """The Datasets page's view of a log: files, rows, engine, schema and the sample (never the whole log)."""
    log: LogSource = data.log
    files, rows, engine = st.columns(3)
    files.metric("Files", f"{len(log.files.paths):,}")
    rows.metric("Rows", f"{data.dataset.n_rows:,}")
    described = log.describe()
    engine.metric("Engine", f"{described['engine']} {described['engine_version']}")
    st.caption(
        f"{log.files.format.upper()} · {log.files.total_bytes / 1e6:,.1f} MB on disk · memory limit "
        f"{log.settings.memory_limit} · {log.settings.threads} threads · fingerprint of paths, sizes and times "
        f"`{log.sha256}`"
    )
    if log.files.partitions:
        st.caption("Partition columns (from folder names): " + ", ".join(log.files.partitions))
    schema, sample = st.tabs(["Schema", "Sample"])
    with schema:
        st.dataframe(pd.DataFrame(log.schema(), columns=["column", "type"]), hide_index=True, width="stretch")
    with sample:
        st.dataframe(data.frame.head(200), width="stretch")
        st.caption(sample_note(log, data.dataset.n_rows))


def frame_of(source: Any) -> pd.DataFrame:
    """Rows to offer columns from: a table's frame, or a log's seeded sample."""
    if isinstance(source, LogSource):
        # A sample reads the whole log once; it is kept for the session, keyed by the files' fingerprint.
        samples = st.session_state.setdefault("dd_log_samples", {})
        if source.sha256 not in samples:
            samples[source.sha256] = log_table(source)[0]
        return samples[source.sha256]
    return source.frame


def drift_spec_for_logs(spec: Any, sources: dict[str, Any]) -> tuple[Any, str | None]:
    """On logs, the score is monitored as a column: label-free estimates need rows. The spec, and what changed."""
    if not any(isinstance(s, LogSource) for s in sources.values()) or (spec.score is None and not spec.sensitive):
        return spec, None
    columns = spec.columns if spec.score is None or spec.score in spec.columns else (*spec.columns, spec.score)
    changed = spec.replace(
        columns=columns, score=None, sensitive=(), value_tp=None, cost_fp=None, cost_fn=None, volume=None
    )
    return changed, (
        "On logs the score is compared as a column; label-free performance estimates need rows, "
        "so they are made on tables only."
    )
