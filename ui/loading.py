"""Cached loading of uploads and samples (the cache key is the file's bytes)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.data import Dataset, load_table
from lib.samples import load_sample


@st.cache_data(show_spinner="Reading the file...", max_entries=8)
def load_uploaded(data: bytes, name: str) -> tuple[pd.DataFrame, Dataset]:
    """Parse an uploaded file; raises :class:`lib.errors.InputError` on bad input."""
    return load_table(data, name=name)


@st.cache_data(show_spinner="Loading the sample...", max_entries=8)
def load_bundled(key: str) -> tuple[pd.DataFrame, Dataset]:
    """Load a bundled sample by key."""
    frame, dataset, _ = load_sample(key)
    return frame, dataset
