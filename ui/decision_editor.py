"""Editable decision matrix for the Build vs Buy page: options, criteria, weights, scorer sheets.

Editors keep their edits only while the table they were given stays the same, so each
editor's starting table lives in session state and changes only when the structure
changes (a preset or file is loaded, an option or criterion is added, removed or renamed).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import streamlit as st

from lib.decision import DecisionMatrix, build_matrix
from lib.decision.matrix import NEUTRAL_SCORE

PREFIX = "build_vs_buy"
_STATE = f"{PREFIX}_editor_state"


def load_matrix(matrix: DecisionMatrix) -> None:
    """Make ``matrix`` the one being edited (after a preset or an import)."""
    old = st.session_state.get(_STATE, {})
    st.session_state[_STATE] = {
        "version": old.get("version", 0) + 1,
        "criteria": pd.DataFrame({"criterion": list(matrix.criteria), "weight": matrix.weights.astype(float)}),
        "options": pd.DataFrame({"option": list(matrix.options)}),
        "sheets": [
            pd.DataFrame(matrix.sheets[k].T, index=list(matrix.criteria), columns=list(matrix.options))
            for k in range(len(matrix.scorers))
        ],
        "scorers": list(matrix.scorers) if len(matrix.scorers) > 1 else ["Scorer 1"],
        "signature": None,
        "bases": [],
    }


def has_matrix() -> bool:
    """True once a preset or file was loaded."""
    return _STATE in st.session_state


def _names(column: pd.Series) -> list[str]:
    return ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip() for v in column]


def _carry(sheet: pd.DataFrame, criteria: list[str], options: list[str]) -> pd.DataFrame:
    """Reshape a score sheet to new criteria/options; a rename at the same position keeps the scores."""
    sheet = sheet.copy()
    if len(sheet.index) == len(criteria):
        sheet.index = criteria
    if len(sheet.columns) == len(options):
        sheet.columns = options
    sheet = sheet.loc[~sheet.index.duplicated(), ~sheet.columns.duplicated()]
    return sheet.reindex(index=criteria, columns=options).astype(float).fillna(NEUTRAL_SCORE)


def set_scores(criterion: str, scores: dict[str, float]) -> None:
    """Overwrite one criterion's scores in every scorer's sheet (e.g. from an ROI analysis)."""
    state = st.session_state[_STATE]
    # Keep the edits made to criteria and options: their editors restart from these tables.
    state["criteria"] = state.get("criteria_now", state["criteria"])
    state["options"] = state.get("options_now", state["options"])
    for sheet in state["sheets"]:
        for option, value in scores.items():
            if criterion in sheet.index and option in sheet.columns:
                sheet.loc[criterion, option] = round(float(value), 2)
    state["signature"] = None  # rebuild the editors from the updated sheets
    state["version"] += 1


def edit_matrix() -> tuple[DecisionMatrix | None, list[str], list[str]]:
    """Draw the editors; return the validated matrix (or None) and the criteria and option names.

    Raises
    ------
    lib.errors.InputError
        When the edited tables are not a valid matrix.
    """
    state = st.session_state[_STATE]
    v = state["version"]
    left, right = st.columns([3, 1])
    with left:
        criteria_frame = st.data_editor(
            state["criteria"],
            num_rows="dynamic",
            hide_index=True,
            key=f"{PREFIX}_criteria_{v}",
            column_config={
                "criterion": st.column_config.TextColumn("criterion", required=True),
                "weight": st.column_config.NumberColumn("weight (any scale)", min_value=0.0, format="%.2f"),
            },
        )
    with right:
        options_frame = st.data_editor(
            state["options"],
            num_rows="dynamic",
            hide_index=True,
            key=f"{PREFIX}_options_{v}",
            column_config={"option": st.column_config.TextColumn("option (2 to 8)", required=True)},
        )
        n_scorers = st.number_input(
            "Scorers", min_value=1, max_value=6, value=len(state["scorers"]), key=f"{PREFIX}_n_scorers_{v}"
        )
    state["criteria_now"], state["options_now"] = criteria_frame, options_frame
    criteria, options = _names(criteria_frame["criterion"]), _names(options_frame["option"])
    while len(state["sheets"]) < n_scorers:
        state["sheets"].append(state["sheets"][0].copy())
    state["sheets"] = state["sheets"][: int(n_scorers)]
    state["scorers"] = [f"Scorer {k + 1}" for k in range(int(n_scorers))]
    signature = hashlib.sha256(repr((criteria, options, int(n_scorers), v)).encode()).hexdigest()[:12]
    if state["signature"] != signature:
        state["bases"] = [_carry(sheet, criteria, options) for sheet in state["sheets"]]
        state["signature"] = signature
    st.caption(
        "Scores from 1 to 5, where 5 is best for the option on that criterion (a cheap option scores 5 on cost)."
    )
    tabs = st.tabs(state["scorers"])
    score_config = {o: st.column_config.NumberColumn(o, min_value=1.0, max_value=5.0, step=0.5) for o in options}
    for k, tab in enumerate(tabs):
        with tab:
            state["sheets"][k] = st.data_editor(
                state["bases"][k], key=f"{PREFIX}_scores_{k}_{signature}", column_config=score_config
            )
    weights = criteria_frame["weight"].tolist()
    sheets = {name: state["sheets"][k].to_numpy(dtype=object).T for k, name in enumerate(state["scorers"])}
    matrix = build_matrix(options, criteria, weights, sheets=sheets, source="the matrix on this page")
    return matrix, criteria, options
