"""Cached computations and result views for the Build vs Buy page."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from lib.decision import DecisionResult, decide, read_matrix
from lib.decision.charts import acceptability_chart, ranking_chart, tornado_chart
from lib.decision.io import matrix_to_json
from lib.decision.matrix import DecisionMatrix
from lib.decision.weights import AhpResult, ahp_weights, pairwise_from_judgements


@st.cache_data(show_spinner=False, max_entries=32)
def cached_decide(matrix_json: str, n_sim: int, concentration: float, seed: int, vary_scores: bool) -> DecisionResult:
    """Rank and simulate; keyed on the matrix's JSON so edits recompute and repeats do not."""
    matrix = read_matrix(matrix_json.encode(), name="matrix.json")
    return decide(matrix, n_sim=n_sim, concentration=concentration, seed=seed, vary_scores=vary_scores)


def run_decide(matrix: DecisionMatrix, **options: object) -> DecisionResult:
    """:func:`cached_decide` for a matrix object."""
    return cached_decide(matrix_to_json(matrix), **options)  # type: ignore[arg-type]


@st.cache_data(show_spinner=False, max_entries=16)
def cached_import(data: bytes, name: str) -> DecisionMatrix:
    """Parse an uploaded MATRIX.csv / MATRIX.json."""
    return read_matrix(data, name=name)


def ahp_editor(criteria: list[str], *, key: str) -> AhpResult:
    """Pairwise judgements in a table; returns the AHP weights (raises InputError on bad judgements)."""
    pairs = pd.DataFrame(
        [(a, b, 1.0) for i, a in enumerate(criteria) for b in criteria[i + 1 :]],
        columns=["more important?", "than", "times"],
    )
    st.caption(
        "For each pair: how many times as important is the first criterion as the second? "
        "1 = equal, 3 = moderately, 5 = strongly, 9 = extremely; 1/3 = 0.33 means the reverse."
    )
    edited = st.data_editor(
        pairs,
        hide_index=True,
        key=f"{key}_{hashlib.sha256(repr(criteria).encode()).hexdigest()[:10]}",
        disabled=["more important?", "than"],
        column_config={"times": st.column_config.NumberColumn("times", min_value=0.0, max_value=9.0, format="%.2f")},
    )
    judgements = [(r["more important?"], r["than"], r["times"]) for _, r in edited.iterrows()]
    matrix = pairwise_from_judgements(criteria, judgements, source="the comparison table")
    return ahp_weights(matrix, criteria, source="the comparison table")


def show_ahp(result: AhpResult) -> None:
    """Consistency ratio and, when too high, the judgement to revisit."""
    text = f"Consistency ratio {result.consistency_ratio:.3f} (λmax {result.lambda_max:.3f})."
    if result.acceptable:
        st.success(text + " Judgements are consistent enough (limit 0.10).")
    else:
        a, b = result.worst_pair or ("", "")
        st.warning(
            text + f" Above 0.10: the judgements contradict each other. Revisit '{a}' versus '{b}': "
            f"you gave {result.worst_judgement:.2f}, the other judgements imply about {result.implied_judgement:.2f}."
        )


def show_result(result: DecisionResult) -> None:
    """Headline figures, charts and the flip-point table."""
    first = result.acceptability.p_rank()[result.winner][0]
    a, b, c = st.columns(3)
    a.metric("Winner", result.winner)
    b.metric("Margin over " + result.runner_up, f"{result.margin:.2f} points")
    c.metric("Ranked first in simulations", f"{first:.0%}")
    st.caption(f"Method: {result.method}. Scores on the 1-5 scale.")
    for d in result.matrix.disagreements():
        st.warning(f"Scorers disagree on {d['option']} / {d['criterion']}: from {d['low']:g} to {d['high']:g}.")
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
            f"{result.winner} would no longer win."
        )
    with flip_tab:
        st.dataframe(
            pd.DataFrame(
                {
                    "criterion": [f.criterion for f in result.flips],
                    "weight": [f"{f.weight:.1%}" for f in result.flips],
                    "change that flips the winner": [
                        "none within 0-100%" if f.change is None else f"{f.change:+.1%} (to {f.new_weight:.1%})"
                        for f in result.flips
                    ],
                    "new winner": [f.new_winner or "" for f in result.flips],
                }
            ),
            hide_index=True,
            width="stretch",
        )
