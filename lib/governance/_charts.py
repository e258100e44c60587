"""Charts of the review pack: the risk matrix (probability × impact)."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from lib.governance._risks import LIKELIHOODS, Risk, risk_rating, risk_score

_COLOURS = {"low": "#c7e9c0", "medium": "#fdd49e", "high": "#fc9272"}


def risk_matrix_frame(risks: Sequence[Risk]) -> pd.DataFrame:
    """Nine cells (probability × impact) with the number of open risks and their titles; closed risks left out."""
    rows = []
    for probability in LIKELIHOODS:
        for impact in LIKELIHOODS:
            inside = [
                r.title for r in risks if (r.probability, r.impact) == (probability, impact) and r.status != "closed"
            ]
            score = risk_score(probability, impact)
            rows.append(
                {
                    "probability": probability,
                    "impact": impact,
                    "risks": len(inside),
                    "titles": ", ".join(inside) or "none",
                    "score": score,
                    "rating": risk_rating(score),
                }
            )
    return pd.DataFrame(rows)


def risk_matrix_chart(risks: Sequence[Risk]) -> alt.Chart:
    """The risk matrix: a 3 × 3 grid coloured by rating, each cell showing how many risks sit in it.

    Parameters
    ----------
    risks : sequence of Risk

    Returns
    -------
    altair.Chart
        Nine data rows (one per cell).
    """
    data = risk_matrix_frame(risks)
    order = list(LIKELIHOODS)
    base = alt.Chart(data).encode(
        x=alt.X("probability:N", sort=order, title="Probability"),
        y=alt.Y("impact:N", sort=list(reversed(order)), title="Impact"),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "rating:N",
            scale=alt.Scale(domain=list(_COLOURS), range=list(_COLOURS.values())),
            title="Rating",
        ),
        tooltip=["probability", "impact", "risks", "titles", "rating"],
    )
    counts = base.mark_text(fontSize=18, fontWeight="bold").encode(text="risks:Q")
    return (cells + counts).properties(
        width=300, height=240, title="Open risks by probability and impact (closed risks left out)"
    )
