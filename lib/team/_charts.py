"""Altair charts for team plans and experiment portfolios (data in, ``alt.Chart`` out)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
from scipy.special import betaln

from lib.team._plan import TOTAL, TeamPlanResult
from lib.team._portfolio import PortfolioResult
from lib.team._roles import ROLE_TITLES

MEASURES = {
    "headcount": ("Headcount at quarter end", "people", ",.0f"),
    "cost": ("Cost per quarter", "dollars", "$,.0f"),
    "effective_fte": ("Effective FTE per quarter", "effective FTE", ",.1f"),
}
# Bars drawn in the ranking chart; longer lists are cut to the best ones, and the title says so.
MAX_RANKED_BARS = 40
BLUE, ORANGE, GREEN, GREY = "#2563eb", "#c2410c", "#15803d", "#6b7280"


def _role_title(role: str) -> str:
    return "Whole team" if role == TOTAL else ROLE_TITLES.get(role, role)


def plan_band_chart(result: TeamPlanResult, measure: str = "headcount", *, role: str = TOTAL) -> alt.LayerChart:
    """A measure by quarter: the P10–P90 band of the simulated futures with the P50 line.

    Parameters
    ----------
    result : TeamPlanResult
    measure : {"headcount", "cost", "effective_fte"}
    role : str
        A role, or ``"total"`` for the whole team.

    Returns
    -------
    altair.LayerChart
    """
    title, unit, fmt = MEASURES[measure]
    frame = result.quarters_frame(measure)
    frame = frame[frame["role"] == role]
    base = alt.Chart(
        frame, title=alt.Title(f"{title}: {_role_title(role)}", subtitle="band: P10 to P90 of the futures; line: P50")
    )
    x = alt.X("quarter:O", title="quarter")
    tooltip = ["quarter:O", *(alt.Tooltip(f"{c}:Q", format=fmt, title=c.upper()) for c in ("p10", "p50", "p90"))]
    area = base.mark_area(opacity=0.25, color=BLUE).encode(
        x=x, y=alt.Y("p10:Q", title=unit, axis=alt.Axis(format=fmt)), y2="p90:Q", tooltip=tooltip
    )
    line = base.mark_line(point=True, color=BLUE).encode(x=x, y="p50:Q", tooltip=tooltip)
    return area + line


def mix_chart(result: TeamPlanResult) -> alt.Chart:
    """Each role's share: the reference mix, the starting team and the expected team at the end."""
    rows = []
    for m in result.mix:
        rows.append({"role": m.title, "team": "reference mix", "share": m.reference_share})
        if m.start_share is not None:
            rows.append({"role": m.title, "team": "start", "share": m.start_share})
        if m.end_share is not None:
            rows.append({"role": m.title, "team": "end of plan (expected)", "share": m.end_share})
    frame = pd.DataFrame(rows, columns=["role", "team", "share"])
    return (
        alt.Chart(frame, title="Team mix against the reference")
        .mark_bar()
        .encode(
            y=alt.Y("role:N", title=None, axis=alt.Axis(labelLimit=220)),
            yOffset=alt.YOffset("team:N", sort=["reference mix", "start", "end of plan (expected)"]),
            x=alt.X("share:Q", title="share of engineers and scientists", axis=alt.Axis(format=".0%")),
            color=alt.Color(
                "team:N",
                scale=alt.Scale(
                    domain=["reference mix", "start", "end of plan (expected)"], range=[GREY, ORANGE, BLUE]
                ),
                title=None,
            ),
            tooltip=["role:N", "team:N", alt.Tooltip("share:Q", format=".1%")],
        )
    )


def wins_chart(result: PortfolioResult) -> alt.Chart:
    """The chance of exactly each number of wins; bars at or above the wanted number in green."""
    frame = result.wins_frame()
    enough, fewer = f"{result.min_wins} or more", f"fewer than {result.min_wins}"
    frame["wins wanted"] = np.where(frame["wins"] >= result.min_wins, enough, fewer)
    return (
        alt.Chart(frame, title=f"How many experiments succeed ({result.n_experiments} run)")
        .mark_bar()
        .encode(
            x=alt.X("wins:O", title="wins"),
            y=alt.Y("p_exactly:Q", title="chance", axis=alt.Axis(format=".0%")),
            color=alt.Color("wins wanted:N", scale=alt.Scale(domain=[enough, fewer], range=[GREEN, GREY])),
            tooltip=[
                "wins:O",
                alt.Tooltip("p_exactly:Q", format=".1%", title="chance of exactly"),
                alt.Tooltip("p_at_least:Q", format=".1%", title="chance of at least"),
            ],
        )
    )


def ranking_chart(result: PortfolioResult) -> alt.Chart:
    """Expected dollars back per dollar spent, best first (the top 40 when the list is longer)."""
    frame = result.ranking_frame().head(MAX_RANKED_BARS)
    shown = "" if result.n_experiments <= MAX_RANKED_BARS else f" (best {MAX_RANKED_BARS} of {result.n_experiments})"
    return (
        alt.Chart(frame, title="Expected value per dollar" + shown)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort=list(frame["name"]), title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("value_per_dollar:Q", title="expected dollars back per dollar spent"),
            color=alt.condition("datum.value_per_dollar >= 1", alt.value(GREEN), alt.value(ORANGE)),
            tooltip=[
                "rank:Q",
                "name:N",
                alt.Tooltip("value_per_dollar:Q", format=".2f", title="value per dollar"),
                alt.Tooltip("p_success:Q", format=".0%", title="chance of success"),
                alt.Tooltip("cost:Q", format="$,.0f"),
                alt.Tooltip("expected_value:Q", format="$,.0f", title="expected value"),
                "chance_from:N",
            ],
        )
    )


def budget_curve_chart(result: PortfolioResult) -> alt.LayerChart:
    """The chance of at least k wins as the budget goes down the ranking, with the confidence wanted."""
    frame = result.ranking_frame()[["rank", "name", "cumulative_cost", "p_at_least_k"]]
    frame = pd.concat(
        [pd.DataFrame([{"rank": 0, "name": "nothing funded", "cumulative_cost": 0.0, "p_at_least_k": 0.0}]), frame]
    )
    line = (
        alt.Chart(
            frame,
            title=f"Chance of at least {result.min_wins} win{'s' if result.min_wins != 1 else ''} by budget (funding the ranking in order)",
        )
        .mark_line(interpolate="step-after", point=True, color=BLUE)
        .encode(
            x=alt.X("cumulative_cost:Q", title="budget (dollars)", axis=alt.Axis(format="$,.0f")),
            y=alt.Y("p_at_least_k:Q", title="chance", axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
            tooltip=[
                alt.Tooltip("name:N", title="last funded"),
                alt.Tooltip("cumulative_cost:Q", format="$,.0f", title="budget"),
                alt.Tooltip("p_at_least_k:Q", format=".1%", title="chance"),
            ],
        )
    )
    target = alt.Chart(pd.DataFrame({"confidence": [result.confidence]})).mark_rule(strokeDash=[4, 3], color=ORANGE)
    return line + target.encode(y="confidence:Q", tooltip=[alt.Tooltip("confidence:Q", format=".0%")])


def _beta_density(x: np.ndarray, a: float, b: float) -> np.ndarray:
    return np.exp((a - 1) * np.log(x) + (b - 1) * np.log1p(-x) - betaln(a, b))


def team_rate_chart(result: PortfolioResult) -> alt.Chart:
    """The team's success rate before and after its own history (Beta densities on 199 points)."""
    rate = result.team_rate
    x = np.linspace(0.005, 0.995, 199)
    frame = pd.concat(
        [
            pd.DataFrame({"rate": x, "density": _beta_density(x, rate.prior_a, rate.prior_b), "belief": "prior"}),
            pd.DataFrame({"rate": x, "density": _beta_density(x, rate.a, rate.b), "belief": "with the team's history"}),
        ]
    )
    return (
        alt.Chart(frame, title="The team's success rate: prior and updated")
        .mark_line()
        .encode(
            x=alt.X("rate:Q", title="success rate", axis=alt.Axis(format=".0%")),
            y=alt.Y("density:Q", title="density"),
            color=alt.Color(
                "belief:N", scale=alt.Scale(domain=["prior", "with the team's history"], range=[GREY, BLUE]), title=None
            ),
            tooltip=["belief:N", alt.Tooltip("rate:Q", format=".1%"), alt.Tooltip("density:Q", format=".2f")],
        )
    )
