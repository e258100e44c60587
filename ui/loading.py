"""Cached loading of uploads and samples, and the cached summary the Datasets page shows."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from lib.data import (
    CEILING_MB,
    ColumnRoles,
    Dataset,
    DatasetSummary,
    format_size,
    load_table,
    max_upload_bytes,
    summarise,
)
from lib.samples import get_sample


@st.cache_data(show_spinner="Reading the file...", max_entries=8)
def load_uploaded(data: bytes, name: str) -> tuple[pd.DataFrame, Dataset]:
    """Parse an uploaded file; raises :class:`lib.errors.InputError` on bad input."""
    return load_table(data, name=name)


@st.cache_data(show_spinner="Loading the sample...", max_entries=8)
def load_bundled(key: str) -> tuple[pd.DataFrame, Dataset]:
    """Load a bundled sample by key; a lowered upload limit never applies to the app's own samples."""
    data, file_name = get_sample(key).read_bytes()
    return load_table(data, name=file_name, max_bytes=CEILING_MB * 1024 * 1024)


def summary_of(frame: pd.DataFrame, dataset: Dataset, roles: ColumnRoles) -> DatasetSummary:
    """The schema and quality summary, computed once per file (its SHA-256) and set of roles."""
    return _summary(dataset.sha256, json.dumps(roles.to_dict(), sort_keys=True), frame, dataset, roles)


@st.cache_data(show_spinner="Summarising the table...", max_entries=16)
def _summary(
    sha256: str, roles_key: str, _frame: pd.DataFrame, _dataset: Dataset, _roles: ColumnRoles
) -> DatasetSummary:
    # The key is the file's hash and the roles (they set the role column and the class balance);
    # the frame itself is never hashed, which on a large table costs as much as the summary.
    return summarise(_frame, _dataset, roles=_roles)


def upload_limit_text() -> str:
    """The size limit for uploads in words.

    Raises
    ------
    InputError
        When ``DECISION_DESK_MAX_UPLOAD_MB`` is set to something that is not a usable limit.
    """
    return (
        f"Files up to {format_size(max_upload_bytes())}: CSV, TSV, Parquet or Excel .xlsx. "
        "A larger file is refused with its size."
    )
