"""ROI & Cost exports, saving and reopening: one export bar per result, one save form, saved analyses restored."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from lib.analysis import Spec, saved_parts
from lib.errors import InputError
from lib.roi import tables_csv
from ui.exports import export_bar
from ui.messages import show_error
from ui.page_setup import stop_page
from ui.roi_inputs import PREFIX
from ui.workspace import save_form

# Every kind this page makes, and so reopens.
ROI_KINDS = (
    "roi_options",
    "roi_case",
    "breakeven_llm",
    "breakeven_endpoint",
    "breakeven_spot",
    "breakeven_per_prediction",
    "savings_plan",
    "spend_analysis",
)


def export(spec: Spec, result: Any, *, key: str, stem: str, locations: Mapping[str, str] | None = None) -> None:
    """The export bar (Markdown, HTML, JSON, notebook) plus every table of the report as one CSV."""
    csv = (lambda: tables_csv(result.report()), f"{stem}.csv", "text/csv")
    export_bar(spec, result, key=key, stem=stem, locations=locations, extra={"Tables (CSV)": csv})


def _default_title(spec: Spec, result: Any) -> str:
    if spec.kind == "roi_options":
        return "ROI & Cost: " + " vs ".join(result.npv_by_option)
    if spec.kind == "roi_case":
        return f"Uncertainty of {result.name}"
    if spec.kind == "savings_plan":
        return f"Savings plan: ${result.total_likely:,.0f} a month"
    if spec.kind == "spend_analysis":
        return f"Spend analysis of {result.provenance.input_name}"
    return "Break-even: " + result.report().title.split(": ", 1)[-1]


def save_section(choices: Mapping[str, tuple[Any, ...] | None]) -> None:
    """Choose one of the page's results and save its spec and result to the workspace.

    Parameters
    ----------
    choices : mapping
        Label -> (spec, result) or (spec, result, input locations), or None for a tab with nothing to save.
    """
    ready = {label: item for label, item in choices.items() if item is not None}
    if not ready:
        st.info("Nothing to save yet: every tab is waiting for valid inputs.")
        return
    label = st.radio("What to save", list(ready), horizontal=True, key=f"{PREFIX}_save_what")
    spec, result, *where = ready[label]
    save_form(spec=spec, result=result, default_title=_default_title(spec, result), key=PREFIX, locations=dict(*where))


def reopen(analysis: Any) -> tuple[bool, Any]:
    """Restore a saved analysis into the page's widgets, before they are drawn.

    Parameters
    ----------
    analysis : lib.store.Analysis

    Returns
    -------
    (bool, Result)
        Whether the widgets now hold its settings (False: show the saved result read-only), and the result.

    Raises
    ------
    InputError
        When the analysis cannot be read (saved before specs, or by a newer release).
    """
    from lib.roi import options_rows
    from ui.roi_case import restore_options, restore_uncertainty
    from ui.roi_drivers import load
    from ui.roi_inputs import LANDING_KEY, TABS
    from ui.roi_savings import restore_savings
    from ui.roi_spend import restore_spend
    from ui.roi_tools import restore_breakeven
    from ui.workspace import reopened_data

    spec, result = saved_parts(analysis)
    if spec.kind == "roi_options":
        form = options_rows(spec)
        if form is not None:
            return restore_options(*form), result
        restored = load(spec)
        if restored:
            st.session_state[LANDING_KEY] = TABS[2]  # open on the Drivers tab, where the tables now are
        return restored, result
    if spec.kind == "roi_case":
        return restore_uncertainty(spec), result
    if spec.kind == "savings_plan":
        return restore_savings(spec), result
    if spec.kind == "spend_analysis":
        return (reopened_data(analysis) is not None and restore_spend(spec)), result
    return restore_breakeven(spec), result


def reopen_requested(analysis_id: int | None) -> None:
    """Reopen the saved analysis Home asked for: its settings in the widgets, or its report read-only.

    Stops the page after a read-only report, so the live tabs do not run.
    """
    from ui.report_view import render_report
    from ui.workspace import workspace

    if analysis_id is None or (space := workspace()) is None:
        return
    saved = space.open(analysis_id)
    try:
        restored, result = reopen(saved)
    except InputError as error:
        show_error(error)
        return
    if restored:
        st.info(f"Reopened #{saved.id} '{saved.title}': its settings are in the tabs below.")
        return
    st.warning(
        f"#{saved.id} '{saved.title}' does not fit this page's inputs (or its data file is not loaded), "
        "so its saved result is shown read-only."
    )
    render_report(result.report(), key=f"{PREFIX}_saved")
    stop_page()
