"""Editable decision matrix for the Build vs Buy page: starting point, tables, weights, reopening.

Editors keep their edits only while the table they were given stays the same, so each
editor's starting table lives in session state and changes only when the structure
changes (a preset or file is loaded, an option or criterion is added, removed or renamed,
or a saved decision is reopened).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
import pandas as pd
import streamlit as st

from lib.analysis import saved_parts
from lib.decision import AhpSpec, DecisionMatrix, DecisionSpec, Judgement, build_matrix, get_preset, read_matrix
from lib.decision.matrix import MAX_SCORERS, NEUTRAL_SCORE
from lib.decision.presets import PRESETS
from lib.decision.specs import pair_values
from lib.errors import InputError
from ui.messages import show_error
from ui.page_setup import stop_page
from ui.report_view import render_report
from ui.workspace import take_reopen_request, workspace

PREFIX = "build_vs_buy"
_STATE = f"{PREFIX}_editor_state"
_LOADED = f"{PREFIX}_loaded"
_HOLD = f"{PREFIX}_hold"  # a reopened decision keeps the editor until the starting point changes
_AHP_BASE = f"{PREFIX}_ahp_base"
_SHOWN = f"{PREFIX}_shown"  # where the matrix being edited came from, in words
MODES = {"direct": "Direct", "ahp": "AHP pairwise comparison"}
KINDS = ("decision", "ahp_weights")


def load_matrix(matrix: DecisionMatrix) -> None:
    """Make ``matrix`` the one being edited (after a preset, an import or a reopened decision)."""
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
    """True once a preset, a file or a saved decision was loaded."""
    return _STATE in st.session_state


@st.cache_data(show_spinner=False, max_entries=16)
def _imported(data: bytes, name: str) -> DecisionMatrix:
    return read_matrix(data, name=name)


def choose_start() -> None:
    """The starting point: a preset or an imported MATRIX file, loaded when the choice changes."""
    loaded = st.session_state.get(_LOADED)
    # Streamlit forgets a page's widgets while another page is shown; coming back, the starting
    # point is still the one being edited, so it is not loaded again over the user's edits.
    returning = loaded is not None and f"{PREFIX}_preset" not in st.session_state
    if returning and loaded is not None and loaded[0] == "preset":
        st.session_state[f"{PREFIX}_preset"] = loaded[1]
    start, upload = st.columns(2)
    preset_key = start.selectbox(
        "Start from", [p.key for p in PRESETS], format_func=lambda k: get_preset(k).title, key=f"{PREFIX}_preset"
    )
    preset = get_preset(preset_key)
    start.caption(preset.summary + " Typical judgements; edit them to fit your case.")
    imported = upload.file_uploader(
        "Or import a MATRIX.csv / MATRIX.json",
        type=["csv", "tsv", "txt", "xlsx", "json"],
        key=f"{PREFIX}_import",
        help="criterion, weight, then one column of 1-5 scores per option. Remove the file to go back to presets.",
    )
    choice = ("file", imported.file_id) if imported is not None else ("preset", preset_key)
    if st.session_state.pop(_HOLD, False) or returning or loaded == choice:
        st.session_state[_LOADED] = choice
        return
    try:
        if imported is not None:
            load_matrix(_imported(imported.getvalue(), imported.name))
            title, shown = f"{imported.name}: decision", f"the file {imported.name}"
        else:
            load_matrix(preset.matrix())
            title, shown = f"{preset.title}: decision", f"the preset '{preset.title}'"
    except InputError as error:
        show_error(error)
        if not has_matrix():
            stop_page()
        if _SHOWN in st.session_state:
            st.caption(f"The matrix below is still the one from {st.session_state[_SHOWN]}.")
        return
    st.session_state[_LOADED] = choice
    st.session_state[_SHOWN] = shown
    st.session_state[f"{PREFIX}_title"] = title
    st.session_state.pop(_AHP_BASE, None)


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


def edit_matrix() -> DecisionMatrix:
    """Draw the editors; return the validated matrix.

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
            "Scorers",
            min_value=1,
            max_value=MAX_SCORERS,
            value=len(state["scorers"]),
            key=f"{PREFIX}_n_scorers_{v}",
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
    return build_matrix(options, criteria, weights, sheets=sheets, source="the matrix on this page")


def ahp_judgements(criteria: tuple[str, ...]) -> tuple[Judgement, ...]:
    """Pairwise judgements in a table, one row per pair, starting from 1 (or a reopened decision's).

    Raises
    ------
    lib.errors.InputError
        When a judgement is left empty.
    """
    base = st.session_state.get(_AHP_BASE, {})
    pairs = pd.DataFrame(
        [(a, b, float(base.get((a, b), 1.0))) for i, a in enumerate(criteria) for b in criteria[i + 1 :]],
        columns=["more important?", "than", "times"],
    )
    st.caption(
        "For each pair: how many times as important is the first criterion as the second? "
        "1 = equal, 3 = moderately, 5 = strongly, 9 = extremely; 1/3 = 0.33 means the reverse."
    )
    shape = hashlib.sha256(repr((criteria, sorted(base.items()))).encode()).hexdigest()[:10]
    edited = st.data_editor(
        pairs,
        hide_index=True,
        key=f"{PREFIX}_ahp_{shape}",
        disabled=["more important?", "than"],
        column_config={"times": st.column_config.NumberColumn("times", min_value=0.11, max_value=9.0, format="%.2f")},
    )
    judgements = []
    for a, b, times in edited.itertuples(index=False):
        if times is None or pd.isna(times):
            raise InputError(f"the judgement '{a}' versus '{b}' is empty", expected="a value from 1/9 to 9")
        judgements.append(Judgement(str(a), str(b), float(times)))
    return tuple(judgements)


def _restore_judgements(criteria: tuple[str, ...], judgements: tuple[Judgement, ...]) -> None:
    st.session_state[_AHP_BASE] = pair_values(criteria, judgements)


def _restore_decision(spec: DecisionSpec) -> None:
    load_matrix(spec.matrix())
    st.session_state[_HOLD] = True
    st.session_state[f"{PREFIX}_weight_mode"] = MODES[spec.weighting]
    _restore_judgements(spec.criterion_names, spec.judgements)
    st.session_state.update(
        {
            f"{PREFIX}_n_sim": spec.n_sim,
            f"{PREFIX}_conc": spec.concentration,
            f"{PREFIX}_seed": spec.seed,
            f"{PREFIX}_vary": spec.vary_scores,
        }
    )
    note = spec.record
    if note is not None:
        review = dt.date.fromisoformat(note.review_date) if note.review_date else None
        st.session_state.update(
            {
                f"{PREFIX}_title": note.title,
                f"{PREFIX}_context": note.context,
                f"{PREFIX}_chosen": note.chosen,
                f"{PREFIX}_rationale": note.rationale,
                f"{PREFIX}_metrics": note.success_metrics,
                f"{PREFIX}_review": review,
            }
        )


def reopen_saved() -> None:
    """Restore a saved decision (or AHP weights) this page was asked to reopen, if any."""
    reopened = take_reopen_request(KINDS)
    space = workspace() if reopened is not None else None
    if reopened is None or space is None:
        return
    try:
        saved = space.open(reopened)
        spec, result = saved_parts(saved)
    except InputError as error:
        show_error(error)
        return
    if isinstance(spec, DecisionSpec):
        _restore_decision(spec)
        st.session_state[_SHOWN] = f"the saved decision #{saved.id} '{saved.title}'"
        st.info(f"Reopened #{saved.id} '{saved.title}': its matrix, weights, settings and record are loaded below.")
        return
    if not isinstance(spec, AhpSpec):
        return
    current = st.session_state.get(_STATE, {}).get("criteria_now")
    if current is not None and tuple(_names(current["criterion"])) == spec.criteria:
        _restore_judgements(spec.criteria, spec.judgements)
        st.session_state[f"{PREFIX}_weight_mode"] = MODES["ahp"]
        st.info(f"Reopened #{saved.id} '{saved.title}': its judgements are loaded into the weights below.")
        return
    with st.expander(f"#{saved.id} '{saved.title}' (read-only)", expanded=True):
        st.caption("The matrix on this page has other criteria, so these saved weights are shown as they were.")
        render_report(result.report(), key=f"{PREFIX}_saved")
