"""Build vs Buy page helpers: weights, settings and the record (widgets -> spec), and result views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import streamlit as st

from lib.analysis import MAX_SEED, escape_markdown
from lib.decision import (
    AhpSpec,
    DecisionMatrix,
    DecisionNote,
    DecisionResult,
    DecisionSpec,
    Judgement,
    matrix_to_csv,
    matrix_to_json,
)
from lib.decision.analysis import matrix_as_ranked
from lib.decision.charts import acceptability_chart, ranking_chart, tornado_chart
from lib.decision.presets import TOTAL_COST_CRITERION
from lib.decision.report import decision_text, flips_frame, headline
from lib.decision.robustness import DEFAULT_CONCENTRATION, DEFAULT_N_SIM, MAX_CONCENTRATION
from lib.decision.roi_link import latest_cost_scores, latest_roi_scores
from lib.errors import InputError
from ui.decision_editor import MODES, PREFIX, ahp_judgements, set_scores
from ui.messages import show_error
from ui.runner import run_cached
from ui.workspace import open_workspace

SIMULATIONS = (500, 1000, 2000, 5000, 10000)


def roi_offer(matrix: DecisionMatrix) -> None:
    """Offer to score the total-cost criterion from the present value of costs in the newest saved ROI analysis."""
    cost_row = next((c for c in matrix.criteria if c.lower() == TOTAL_COST_CRITERION.lower()), None)
    if cost_row is None:
        return
    key = f"{PREFIX}_roi_ceiling"
    try:
        found = latest_cost_scores(matrix.options)
        if found is not None and st.session_state.get(key):
            found = latest_cost_scores(matrix.options, ceiling=float(st.session_state[key]))
        legacy = latest_roi_scores(matrix.options) if found is None else None
    except (InputError, OSError):
        return  # no readable workspace: nothing to offer
    if found is None:
        if legacy is not None:
            st.caption(
                f"The saved ROI analysis '{escape_markdown(legacy.title)}' holds NPVs only. NPV counts benefits too, so "
                f"it cannot score '{escape_markdown(cost_row)}'; save the options again from ROI & Cost to record "
                "the present value of their costs."
            )
        return
    listing = ", ".join(f"{o}: ${v:,.0f} → {found.scores[o]:.2f}" for o, v in found.pv_cost.items())
    st.info(
        f"The saved ROI analysis '{escape_markdown(found.title)}' has the present value of costs for these options "
        f"({escape_markdown(listing)}). Value function: {escape_markdown(found.mapping)}. NPV is not used here: "
        "it counts benefits, which the other criteria score."
    )
    ceiling_col, button_col = st.columns([1, 2])
    st.session_state.setdefault(key, found.ceiling)
    ceiling_col.number_input(
        "Cost that scores 1 ($)", min_value=1.0, step=10_000.0, format="%.0f", key=key,
        help="The top of the stated range: the most this decision would consider spending. $0 scores 5.",
    )  # fmt: skip
    if button_col.button(f"Score '{cost_row}' from the present value of costs", key=f"{PREFIX}_use_roi"):
        set_scores(cost_row, found.scores)
        st.rerun()


def weights_section(matrix: DecisionMatrix) -> tuple[str, tuple[Judgement, ...]]:
    """Direct weights or AHP judgements; returns the weighting and the judgements.

    Raises
    ------
    InputError
        When the judgements cannot be used.
    """
    labels = list(MODES.values())
    mode = st.radio("Weighting", labels, horizontal=True, key=f"{PREFIX}_weight_mode")
    if mode != MODES["ahp"]:
        return "direct", ()
    judgements = ahp_judgements(matrix.criteria)
    ahp = run_cached(AhpSpec(criteria=matrix.criteria, judgements=judgements))
    (st.success if ahp.acceptable else st.warning)(ahp.advice())
    return "ahp", judgements


def simulation_settings() -> dict[str, Any]:
    """The simulation's widgets; returns the spec fields they set."""
    with st.expander("Simulation settings"):
        a, b, c, d = st.columns(4)
        chosen = st.session_state.get(f"{PREFIX}_n_sim", DEFAULT_N_SIM)
        n_sim = a.select_slider(
            "Simulations", sorted({*SIMULATIONS, int(chosen)}), value=DEFAULT_N_SIM, key=f"{PREFIX}_n_sim"
        )
        # A reopened spec may hold a concentration below the usual 1 (any value above 0 is valid).
        lowest = min(1.0, float(st.session_state.get(f"{PREFIX}_conc", 1.0)))
        concentration = b.number_input(
            "Weight concentration",
            min_value=lowest,
            max_value=MAX_CONCENTRATION,
            value=DEFAULT_CONCENTRATION,
            key=f"{PREFIX}_conc",
            help="Larger keeps simulated weights closer to yours; 5-20 means you are unsure of them.",
        )
        seed = c.number_input("Seed", min_value=0, max_value=MAX_SEED, value=0, step=1, key=f"{PREFIX}_seed")
        vary = d.toggle("Vary scores within scorers' range", value=True, key=f"{PREFIX}_vary")
    return {"n_sim": int(n_sim), "concentration": float(concentration), "seed": int(seed), "vary_scores": bool(vary)}


def show_result(result: DecisionResult) -> None:
    """Headline figures, the tie or robustness in words, charts and the flip-point table."""
    a, b, c = st.columns(3)
    if result.winner is None:
        a.metric("Winner", "No winner (tie)")
        b.metric("Margin", f"{result.margin:.2f} points")
        c.metric("Tied options", f"{len(result.tied)}")
    else:
        a.metric("Winner", result.winner)
        b.metric("Margin over " + (result.runner_up or ""), f"{result.margin:.2f} points")
        c.metric("Ranked first in simulations", f"{result.p_first(result.winner):.0%}")
    verdict = headline(result)
    (st.warning if result.tie else st.info)(f"**{escape_markdown(verdict.title)}.** {escape_markdown(verdict.text)}")
    st.caption(f"Method: {result.method}. Scores on the 1-5 scale.")
    st.caption("Weights in use: " + " · ".join(f"{c} {w:.0%}" for c, w in result.weights.items()))
    for d in result.disagreements:
        where = escape_markdown(f"{d.option} / {d.criterion}")
        st.warning(f"Scorers disagree on {where}: from {d.low:g} to {d.high:g}.")
    ranking_tab, sim_tab, swing_tab, flip_tab = st.tabs(
        ["Ranking", "Rank acceptability", "Weight swings", "Flip points"]
    )
    with ranking_tab:
        st.altair_chart(ranking_chart(result), width="stretch")
    with sim_tab:
        st.altair_chart(acceptability_chart(result), width="stretch")
    with swing_tab:
        st.altair_chart(tornado_chart(result), width="stretch")
        st.caption(
            "Each weight is moved 50 % down and up, the others rescaled. Bars crossing the red line mean "
            f"{result.leader} would no longer lead."
        )
    with flip_tab:
        frame = flips_frame(result)
        frame["weight"] = [f"{w:.1%}" for w in frame["weight"]]
        st.dataframe(frame, hide_index=True, width="stretch")


def record_form(result: DecisionResult) -> DecisionNote:
    """The decision record's widgets; returns the record they describe.

    Its title is also the saved analysis's title, so the page has one title box.
    """
    title = st.text_input("Title", key=f"{PREFIX}_title")  # filled in when a preset or file is loaded
    context = st.text_area(
        "Context", key=f"{PREFIX}_context", placeholder="What problem, for whom, under which constraints?"
    )
    choices = ["", *result.options]
    if st.session_state.get(f"{PREFIX}_chosen") not in choices:
        st.session_state.pop(f"{PREFIX}_chosen", None)  # the option was renamed or removed
    unset = f"The top-ranked option ({result.winner})" if result.winner else "Not chosen yet: the options tie"
    chosen = st.selectbox(
        "Decision", choices, format_func=lambda o: o or unset, key=f"{PREFIX}_chosen", help=decision_text(result)
    )
    if result.tie and not chosen:
        st.warning("The matrix does not decide between " + ", ".join(result.tied) + ": choose one and say why.")
    rationale = st.text_area(
        "Rationale", key=f"{PREFIX}_rationale", placeholder="Why this option, and what was traded off."
    )
    metrics = st.text_area(
        "Success metrics", key=f"{PREFIX}_metrics", placeholder="e.g. CTR +15%, in production in under 3 months"
    )
    review = st.date_input("Review date", value=dt.date.today() + dt.timedelta(days=90), key=f"{PREFIX}_review")
    return DecisionNote(
        title=title.strip(),
        context=context,
        chosen=chosen,
        rationale=rationale,
        success_metrics=metrics,
        review_date=review.isoformat() if isinstance(review, dt.date) else "",
    )


# Decimals kept in exported weights: AHP's 0.25000000000000006 reads as 0.25, and weights are relative anyway.
WEIGHT_DECIMALS = 4


def matrix_downloads(spec: DecisionSpec) -> dict[str, tuple[Callable[[], bytes | str], str, str]]:
    """MATRIX.csv and MATRIX.json of the matrix as ranked (AHP weights applied, rounded), for the export bar."""
    ranked = matrix_as_ranked(spec)
    ranked = replace(ranked, weights=np.round(np.asarray(ranked.weights, dtype=float), WEIGHT_DECIMALS))
    return {
        "MATRIX.csv": (lambda: matrix_to_csv(ranked), "MATRIX.csv", "text/csv"),
        "MATRIX.json": (lambda: matrix_to_json(ranked), "MATRIX.json", "application/json"),
    }


def save_decision(spec: DecisionSpec, result: DecisionResult) -> int | None:
    """Save the decision under its record's title (the one title box); returns the new id after a save."""
    title = (spec.record.title if spec.record else "") or "Decision"
    space, problem = open_workspace()
    clicked = st.button("Save to workspace", key=f"{PREFIX}_save_submit", disabled=space is None)
    st.caption(f"Saved as '{escape_markdown(title)}': the record's title above.")
    if problem is not None:
        st.caption(f"Saving is off: {problem}")
    if not clicked or space is None:
        return None
    try:
        analysis_id = space.save_analysis(title=title, spec=spec, result=result, locations={})
    except InputError as error:
        show_error(error)
        return None
    st.success(f"Saved as #{analysis_id} '{escape_markdown(title)}'.")
    return analysis_id
