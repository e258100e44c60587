"""Workspace widgets: opening the workspace, the save form, and reopening a saved analysis in its page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from lib.analysis import Spec
from lib.errors import InputError
from lib.samples import sample_keys
from lib.store import Workspace
from ui.loading import load_bundled
from ui.messages import show_error
from ui.state import CurrentData, current_data, set_current_data

_REOPEN_KEY = "dd_reopen"


def open_workspace() -> tuple[Workspace | None, InputError | None]:
    """The user's workspace, or None and the reason it cannot be used (nothing is shown)."""
    try:
        return Workspace(), None
    except InputError as error:
        return None, error


def workspace() -> Workspace | None:
    """The user's workspace, or None (with the reason shown where the page needs it)."""
    space, error = open_workspace()
    if error is not None:
        show_error(error, lead="The workspace cannot be used: ")
    return space


def save_form(
    *,
    spec: Spec,
    result: Any,
    default_title: str,
    key: str,
    locations: Mapping[str, str] | None = None,
) -> int | None:
    """A title box and a save button; saves the typed spec and result, returns the new id after a save."""
    title_key, default_key = f"{key}_save_title", f"{key}_save_default"
    # A keyed text box ignores a new value=; follow the page's default until the user edits the title.
    previous_default = st.session_state.get(default_key)
    if previous_default != default_title and st.session_state.get(title_key, previous_default) == previous_default:
        st.session_state[title_key] = default_title
    st.session_state[default_key] = default_title
    space, problem = open_workspace()
    with st.form(key=f"{key}_save_form", border=False):
        title = st.text_input("Title", key=title_key)
        submitted = st.form_submit_button("Save to workspace", key=f"{key}_save_submit", disabled=space is None)
    if problem is not None:
        st.caption(f"Saving is off: {problem}")
    if not submitted or space is None:
        return None
    try:
        analysis_id = space.save_analysis(title=title, spec=spec, result=result, locations=dict(locations or {}))
    except InputError as error:
        show_error(error)
        return None
    st.success(f"Saved as #{analysis_id} '{title.strip()}'.")
    return analysis_id


def request_reopen(analysis_id: int, kind: str) -> None:
    """Ask the page that owns ``kind`` to restore a saved analysis on its next run."""
    st.session_state[_REOPEN_KEY] = {"id": int(analysis_id), "kind": kind}


def take_reopen_request(kinds: tuple[str, ...]) -> int | None:
    """The id of a saved analysis this page was asked to restore (consumed once), if any."""
    request = st.session_state.get(_REOPEN_KEY)
    if not request or request.get("kind") not in kinds:
        return None
    del st.session_state[_REOPEN_KEY]
    return int(request["id"])


def reopened_data(analysis: Any) -> CurrentData | None:
    """The dataset a saved analysis was made from, made current when it can be found; else None.

    The current dataset counts when its hash matches; a bundled sample is loaded again
    (reopening is the user's explicit choice, so it may change the current dataset).
    """
    data = current_data()
    if data is not None and data.dataset.sha256 == analysis.data_hash:
        return data
    location = (analysis.locations or {}).get("data")
    if location and location in sample_keys():
        frame, dataset = load_bundled(location)
        if dataset.sha256 == analysis.data_hash:
            return set_current_data(frame, dataset, source=f"sample:{location}")
    return None


# The page that re-runs each kind of saved analysis (kinds shown only in another page's tab are read on Home).
PAGE_FOR_KIND = {
    "bias_audit": "pages/bias_audit.py",
    "explain": "pages/explain.py",
    "drift": "pages/monitor.py",
    "roi_case": "pages/roi_cost.py",
    "roi_options": "pages/roi_cost.py",
    "breakeven_llm": "pages/roi_cost.py",
    "breakeven_endpoint": "pages/roi_cost.py",
    "breakeven_spot": "pages/roi_cost.py",
    "breakeven_per_prediction": "pages/roi_cost.py",
    "savings_plan": "pages/roi_cost.py",
    "spend_analysis": "pages/roi_cost.py",
    "decision": "pages/build_vs_buy.py",
    "ahp_weights": "pages/build_vs_buy.py",
    "practice_score": "pages/interview_practice.py",
    "practice_progress": "pages/interview_practice.py",
    "review_pack": "pages/review_pack.py",
    "dataset_summary": "pages/review_pack.py",
    "team_plan": "pages/team_portfolio.py",
    "portfolio": "pages/team_portfolio.py",
    "quality_gate": "pages/team_portfolio.py",
    "launch_framing": "pages/launch.py",
    "model_value": "pages/launch.py",
    "abtest_design": "pages/launch.py",
    "abtest_readout": "pages/launch.py",
    "rollout_plan": "pages/launch.py",
}
