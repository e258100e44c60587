"""The one widget that brings data in: a bundled sample, an upload, or a log opened by path.

The session has one current dataset. Visiting a page never replaces it: the
picker opens showing the current dataset, and only a choice the user makes
(another sample, a new upload) changes it. Pages other than Datasets pass
``confirm=True``, so the picker says which dataset every page would switch to
and waits for a click.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.data import Dataset
from lib.errors import InputError
from lib.samples import SAMPLES, get_sample
from ui.loading import load_bundled, load_uploaded, upload_limit_text
from ui.log_source import open_log_form
from ui.messages import show_error
from ui.state import CurrentData, current_data, set_current_data

_SOURCES = ("Bundled sample", "Upload a file", "Open a log by path")
# True while the current dataset is the sample a picker loaded by itself (nobody chose it yet).
_AUTOMATIC = "dd_current_automatic"


def _current_sample(data: CurrentData | None) -> str | None:
    if data is not None and data.source.startswith("sample:"):
        return data.source.split(":", 1)[1]
    return None


def _switch(frame: pd.DataFrame, dataset: Dataset, source: str, *, key: str, confirm: bool, log: object = None) -> None:
    """Make a loaded table (or an opened log) current, asking first when ``confirm`` and another is current."""
    current = current_data()
    if current is not None and current.dataset.sha256 == dataset.sha256:
        return
    if current is None:
        # Nothing was current: show the default sample without asking, and remember nobody chose it.
        set_current_data(frame, dataset, source=source, log=log)
        st.session_state[_AUTOMATIC] = True
        return
    if confirm and not st.session_state.get(_AUTOMATIC, False):
        st.info(
            f"The current dataset is {current.dataset.name}; every page uses it. Switch every page to {dataset.name}?"
        )
        if not st.button(f"Use {dataset.name} on every page", key=f"{key}_switch", type="primary"):
            return
    set_current_data(frame, dataset, source=source, log=log)
    st.session_state[_AUTOMATIC] = False
    if confirm:
        st.rerun()


def pick_data(*, key: str, samples: tuple[str, ...] | None = None, confirm: bool = False) -> CurrentData | None:
    """Let the user choose a sample or upload a file; the choice becomes the session's current dataset.

    Parameters
    ----------
    key : str
        Prefix for widget keys, unique per page.
    samples : tuple of str, optional
        Sample keys to offer (default: all).
    confirm : bool
        Ask before replacing another current dataset (pages other than Datasets).

    Returns
    -------
    CurrentData or None
        The current dataset after this widget ran (unchanged when loading failed or was not confirmed).
    """
    current = current_data()
    offered = [s.key for s in SAMPLES if samples is None or s.key in samples]
    # Widgets start from the current dataset, so opening a page shows it instead of replacing it.
    if f"{key}_source" not in st.session_state:
        kind = "sample" if current is None else current.source.split(":", 1)[0]
        st.session_state[f"{key}_source"] = {"upload": _SOURCES[1], "log": _SOURCES[2]}.get(kind, _SOURCES[0])
    if f"{key}_sample" not in st.session_state or st.session_state[f"{key}_sample"] not in offered:
        now = _current_sample(current)
        st.session_state[f"{key}_sample"] = now if now in offered else offered[0]
    source = st.radio("Data source", _SOURCES, horizontal=True, key=f"{key}_source")
    try:
        if source == _SOURCES[0]:
            choice = st.selectbox("Sample", offered, key=f"{key}_sample", format_func=lambda k: get_sample(k).title)
            sample = get_sample(choice)
            st.caption(f"{sample.good_for} Source: {sample.source}; licence {sample.licence}.")
            if current is None or _current_sample(current) != choice:
                frame, dataset = load_bundled(choice)
                _switch(frame, dataset, f"sample:{choice}", key=key, confirm=confirm)
        elif source == _SOURCES[2]:
            opened = open_log_form(key=key)
            if opened is not None:
                frame, dataset, log = opened
                _switch(frame, dataset, f"log:{log.location}", key=key, confirm=confirm, log=log)
            elif current is not None and current.log is not None:
                st.caption(f"Current: the log {current.dataset.name}. Open another path to replace it.")
        else:
            try:
                limit: str | None = upload_limit_text()
            except InputError as error:
                limit = None
                if st.session_state.get(f"{key}_upload") is None:  # with a file, loading it says the same
                    show_error(error)
            # No type filter: a wrong file gets our explanation instead of a silent refusal.
            upload = st.file_uploader(
                "Upload a table (CSV, TSV, Parquet or Excel .xlsx)", key=f"{key}_upload", help=limit
            )
            if upload is not None:
                frame, dataset = load_uploaded(upload.getvalue(), upload.name)
                _switch(frame, dataset, "upload", key=key, confirm=confirm)
            elif current is not None and current.source == "upload":
                st.caption(f"Current: {current.dataset.name} (uploaded). Upload another file to replace it.")
    except InputError as error:
        show_error(error)
    return current_data()
