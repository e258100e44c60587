"""Altair charts for the decision matrix (result in, chart out)."""

from __future__ import annotations

from typing import cast

import altair as alt
import pandas as pd

from lib.decision.analysis import DecisionResult
from lib.decision.weights import AhpWeights


def ranking_chart(result: DecisionResult) -> alt.Chart:
    """Stacked bars: each option's weighted score split by criterion contribution."""
    scores = result.scores()
    rows = [
        {
            "option": o,
            "criterion": c,
            "contribution": float(scores[i, j] * result.weights[c]),
            "score": float(scores[i, j]),
            "weight": float(result.weights[c]),
        }
        for i, o in enumerate(result.options)
        for j, c in enumerate(result.criteria)
    ]
    order = [r.option for r in result.ranking]
    return (
        alt.Chart(pd.DataFrame(rows), title="Weighted score by option (1-5 scale)")
        .mark_bar()
        .encode(
            y=alt.Y("option:N", sort=order, title=None, axis=alt.Axis(labelLimit=200)),
            x=alt.X("sum(contribution):Q", title="weighted score", scale=alt.Scale(domain=[0, 5])),
            color=alt.Color("criterion:N", legend=alt.Legend(orient="bottom", columns=3)),
            tooltip=[
                "option:N",
                "criterion:N",
                alt.Tooltip("score:Q", format=".2f", title="score (1-5)"),
                alt.Tooltip("weight:Q", format=".1%"),
                alt.Tooltip("contribution:Q", format=".3f"),
            ],
        )
        .properties(height=alt.Step(40))
    )


def acceptability_chart(result: DecisionResult) -> alt.Chart:
    """Stacked bars: each option's probability of ranking 1st, 2nd, ..."""
    rows = [
        {"option": o, "rank": f"rank {k + 1}", "rank_number": k + 1, "probability": p}
        for o, ps in result.p_rank.items()
        for k, p in enumerate(ps)
    ]
    order = [r.option for r in result.ranking]
    return (
        alt.Chart(pd.DataFrame(rows), title=f"Rank acceptability ({result.simulation.n_sim:,} simulations)")
        .mark_bar()
        .encode(
            y=alt.Y("option:N", sort=order, title=None, axis=alt.Axis(labelLimit=200)),
            x=alt.X("probability:Q", axis=alt.Axis(format="%"), title="share of simulations"),
            color=alt.Color("rank:N", sort=alt.SortField("rank_number"), scale=alt.Scale(scheme="blues", reverse=True)),
            order=alt.Order("rank_number:Q"),
            tooltip=["option:N", "rank:N", alt.Tooltip("probability:Q", format=".1%")],
        )
        .properties(height=alt.Step(40))
    )


def tornado_chart(result: DecisionResult) -> alt.LayerChart:
    """The leader's margin as each weight swings down and up; bars crossing 0 mean the lead changes hands."""
    rows = []
    for s in result.swings:
        for end, weight, margin in (
            ("lower weight", s.low_weight, s.margin_low),
            ("higher weight", s.high_weight, s.margin_high),
        ):
            rows.append(
                {
                    "criterion": s.criterion,
                    "end": end,
                    "weight": weight,
                    "margin": margin,
                    "base": result.margin,
                    "current weight": s.weight,
                }
            )
    frame = pd.DataFrame(rows)
    order = [s.criterion for s in result.swings]
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("criterion:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("margin:Q", title=f"margin of {result.leader} over the best rival (points)"),
            x2="base:Q",
            color=alt.Color(
                "end:N", scale=alt.Scale(domain=["lower weight", "higher weight"], range=["#e8875b", "#4c78a8"])
            ),
            tooltip=[
                "criterion:N",
                "end:N",
                alt.Tooltip("current weight:Q", format=".1%"),
                alt.Tooltip("weight:Q", format=".1%", title="swung weight"),
                alt.Tooltip("margin:Q", format=".3f"),
            ],
        )
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#b42318", strokeDash=[4, 3]).encode(x="x:Q")
    base = (
        alt.Chart(pd.DataFrame({"x": [result.margin]}))
        .mark_rule(color="#1f2933")
        .encode(x="x:Q", tooltip=[alt.Tooltip("x:Q", format=".3f", title="current margin")])
    )
    title = "Winner's margin as each weight swings" if result.winner else "How each weight tips the tie"
    return cast(alt.LayerChart, alt.layer(bars, zero, base, title=title).properties(height=alt.Step(26)))


def ahp_weights_chart(weights: AhpWeights) -> alt.Chart:
    """Bars: the weight AHP derives for each criterion."""
    frame = pd.DataFrame({"criterion": list(weights.weights), "weight": list(weights.weights.values())})
    return (
        alt.Chart(frame, title="Weights from the pairwise judgements")
        .mark_bar()
        .encode(
            y=alt.Y("criterion:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("weight:Q", axis=alt.Axis(format="%"), title="weight"),
            tooltip=["criterion:N", alt.Tooltip("weight:Q", format=".1%")],
        )
        .properties(height=alt.Step(26))
    )
