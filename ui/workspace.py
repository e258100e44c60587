"""Workspace widgets: the saved-analyses list and a save form."""

from __future__ import annotations

from typing import Any

import streamlit as st

from lib.errors import InputError
from lib.store import Workspace


def workspace() -> Workspace | None:
    """The user's workspace, or None (with an error shown) when it cannot be opened."""
    try:
        return Workspace()
    except (InputError, OSError) as error:
        st.error(f"The workspace cannot be opened: {error}")
        return None


def save_form(
    *,
    kind: str,
    default_title: str,
    parameters: dict[str, Any],
    results: dict[str, Any],
    data_hash: str | None,
    key: str,
) -> int | None:
    """A title box and a save button; returns the new analysis id after a save."""
    title_key, default_key = f"{key}_save_title", f"{key}_save_default"
    # A keyed text box ignores a new value=; follow the page's default until the user edits the title.
    previous_default = st.session_state.get(default_key)
    if previous_default != default_title and st.session_state.get(title_key, previous_default) == previous_default:
        st.session_state[title_key] = default_title
    st.session_state[default_key] = default_title
    with st.form(key=f"{key}_save_form", border=False):
        title = st.text_input("Title", key=title_key)
        submitted = st.form_submit_button("Save to workspace")
    if not submitted:
        return None
    space = workspace()
    if space is None:
        return None
    try:
        analysis_id = space.save(kind=kind, title=title, parameters=parameters, results=results, data_hash=data_hash)
    except InputError as error:
        st.error(str(error))
        return None
    st.success(f"Saved as #{analysis_id} '{title.strip()}'.")
    return analysis_id
