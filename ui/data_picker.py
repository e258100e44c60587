"""The one widget that brings data in: a bundled sample or an upload."""

from __future__ import annotations

import streamlit as st

from lib.errors import InputError
from lib.samples import SAMPLES, get_sample
from ui.loading import load_bundled, load_uploaded
from ui.state import CurrentData, current_data, set_current_data


def pick_data(*, key: str, samples: tuple[str, ...] | None = None) -> CurrentData | None:
    """Let the user choose a sample or upload a file; make it the current dataset.

    Parameters
    ----------
    key : str
        Prefix for widget keys, unique per page.
    samples : tuple of str, optional
        Sample keys to offer (default: all).

    Returns
    -------
    CurrentData or None
        The current dataset after this widget ran (unchanged when loading failed).
    """
    offered = [s for s in SAMPLES if samples is None or s.key in samples]
    source = st.radio("Data source", ["Bundled sample", "Upload a file"], horizontal=True, key=f"{key}_source")
    try:
        if source == "Bundled sample":
            choice = st.selectbox(
                "Sample",
                [s.key for s in offered],
                key=f"{key}_sample",
                format_func=lambda k: get_sample(k).title,
            )
            st.caption(
                get_sample(choice).good_for
                + f" Source: {get_sample(choice).source}; licence {get_sample(choice).licence}."
            )
            frame, dataset = load_bundled(choice)
            set_current_data(frame, dataset, source=f"sample:{choice}")
        else:
            # No type filter: a wrong file gets our explanation instead of a silent refusal.
            upload = st.file_uploader("Upload a table (CSV, TSV, Parquet or Excel .xlsx)", key=f"{key}_upload")
            if upload is not None:
                frame, dataset = load_uploaded(upload.getvalue(), upload.name)
                set_current_data(frame, dataset, source="upload")
    except InputError as error:
        st.error(str(error))
    return current_data()
