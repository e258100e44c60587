"""Reports of the Team & Portfolio analyses, as blocks every renderer understands."""

from __future__ import annotations

import pandas as pd

from lib.analysis import Block, Bullets, Chart, Heading, KeyFigures, Paragraph, Report, Verdict, report, table
from lib.team._charts import (
    budget_curve_chart,
    mix_chart,
    plan_band_chart,
    ranking_chart,
    team_rate_chart,
    wins_chart,
)
from lib.team._gates import QualityGateResult
from lib.team._plan import TOTAL, Band, TeamPlanResult
from lib.team._portfolio import PortfolioResult
from lib.team._roles import PRESETS, ROLE_TITLES

_BAND_FORMATS = {"headcount": ",.0f", "cost": ",.0f", "effective_fte": ",.1f"}
_BAND_UNITS = {"headcount": " (people)", "cost": " ($)", "effective_fte": " (FTE)"}


def band_text(value: Band, fmt: str = ",.0f") -> str:
    """``"P50 (P10 to P90)"`` in one format, e.g. ``"$1,200,000 ($1,100,000 to $1,300,000)"``."""
    money = fmt.startswith("$")
    spec = fmt.lstrip("$")

    def shown(number: float) -> str:
        return ("$" if money else "") + format(number, spec)

    return f"{shown(value.p50)} ({shown(value.p10)} to {shown(value.p90)})"


def quarter_table(result: TeamPlanResult, measure: str) -> pd.DataFrame:
    """One row per quarter and role (whole team first): P10, P50, P90 and mean."""
    frame = result.quarters_frame(measure)
    frame["role"] = frame["role"].map(lambda r: "Whole team" if r == TOTAL else ROLE_TITLES.get(r, r))
    frame["order"] = frame["role"] != "Whole team"
    frame = frame.sort_values(["quarter", "order"], kind="stable").drop(columns="order")
    unit = _BAND_UNITS[measure]
    return frame.rename(
        columns={c: c.upper() + unit if c != "mean" else "mean" + unit for c in ("p10", "p50", "p90", "mean")}
    )


def mix_table(result: TeamPlanResult) -> pd.DataFrame:
    """The mix against the reference, in words a reader knows."""
    return pd.DataFrame(
        [
            {
                "role": m.title,
                "reference share": m.reference_share,
                "start (people)": m.start_count,
                "start share": m.start_share,
                "end of plan (expected people)": m.end_count,
                "end share": m.end_share,
                "gap (points)": None if m.gap is None else m.gap * 100,
                "people to match the reference": m.to_match,
            }
            for m in result.mix
        ]
    )


def plan_report(result: TeamPlanResult, *, title: str | None = None) -> Report:
    """The team plan's report: headline figures, flagged gaps, quarters, mix, method and sources.

    Parameters
    ----------
    result : TeamPlanResult
    title : str, optional

    Returns
    -------
    Report
    """
    preset = PRESETS[result.preset]
    last = result.quarters[-1]
    start_people = sum(result.starting_headcount.values())
    starts = {"preset": f"the {preset.title} mix", "blank": "nobody", "roster": "the roster"}
    blocks: list[Block | None] = [
        KeyFigures(
            (
                ("People on day one", f"{start_people:,}"),
                (f"People after {result.n_quarters} quarters (P50, P10 to P90)", band_text(last.headcount[TOTAL])),
                ("Cost of the plan (P50, P10 to P90)", band_text(result.total_cost, "$,.0f")),
                (f"Effective FTE in quarter {result.n_quarters}", band_text(last.effective_fte[TOTAL], ",.1f")),
                ("People cost per month (P50)", f"${result.people_cost_per_month.p50:,.0f}"),
            )
        ),
        Paragraph(
            f"The team starts from {starts[result.start]} and is compared with the {preset.title} mix. "
            f"{sum(result.requisitions.values()):,} requisitions are planned; on average {result.leavers:.1f} people "
            f"leave during the plan. Figures come from {result.n_sim:,} simulated futures (seed {result.seed})."
        ),
        Heading("Gaps to look at"),
        *(
            [Verdict("warning" if f.severity == "warning" else "info", _flag_title(f.code), f.message) for f in result.flags]
            or [Verdict("success", "No gaps flagged", "The mix, the MLOps ratio and the size are within the limits set.")]
        ),
        Heading("Headcount by quarter"),
        Chart("headcount", plan_band_chart(result, "headcount"), "People at the end of each quarter",
              "The P10 to P90 band of simulated headcount at each quarter's end, with the median line."),
        table("headcount", quarter_table(result, "headcount"), formats=_formats("headcount"),
              caption="People on the team at the end of each quarter; P10 and P90 bound 80 % of the simulated futures."),
        Heading("Cost by quarter"),
        Chart("cost", plan_band_chart(result, "cost"), "Cost paid in each quarter",
              "The P10 to P90 band of the simulated cost of each quarter in dollars, with the median line."),
        table("cost", quarter_table(result, "cost"), formats=_formats("cost"),
              caption="Fully loaded cost paid in each quarter, dollars."),
        Heading("Capacity: effective full-time people"),
        table("effective_fte", quarter_table(result, "effective_fte"), formats=_formats("effective_fte"),
              caption="Time on the team weighted by ramp-up speed: a new person counts for less until fully ramped up."),
        Heading("Mix against the reference"),
        Chart("mix", mix_chart(result), "Team mix against the reference",
              "Each role's share of engineers and scientists: reference mix, starting team and expected end team."),
        table("mix", mix_table(result), formats={"reference share": ".0%", "start share": ".0%", "end share": ".0%",
                                                 "end of plan (expected people)": ",.1f", "gap (points)": "+.0f"},
              caption="Managers are left out of the mix; MLOps engineers count with ML engineers."),
        Paragraph(_ratio_text(result)),
        _roster_bullets(result),
        Heading("How it is simulated"),
        Paragraph(
            "Each requisition is filled after a time to hire drawn from its role's range; a new person's speed rises "
            "in a straight line to full over the ramp-up months. People leave at their role's yearly attrition "
            "(spread evenly over time) and, with backfill, their seat is hired again. A role's cost is drawn once per "
            "simulated future (the market's price), from the same low / likely / high ranges ROI & Cost uses."
        ),
        Heading("Where the default figures come from", level=3),
        Bullets(tuple(f"{k}: {v}" for k, v in result.sources.items())),
    ]  # fmt: skip
    return report(title or f"Team plan over {result.n_quarters} quarters", blocks, result=result)


def _formats(measure: str) -> dict[str, str]:
    fmt, unit = _BAND_FORMATS[measure], _BAND_UNITS[measure]
    # A mean of head counts is not a whole number: one decimal says so.
    return {c + unit: fmt for c in ("P10", "P50", "P90")} | {"mean" + unit: ",.1f" if measure == "headcount" else fmt}


_FLAG_TITLES = {
    "mix": "Mix far from the reference",
    "mlops_ratio": "Too few MLOps engineers per scientist",
    "data_engineers": "Short of data engineers",
    "shrinking": "The team shrinks",
    "team_size": "Size outside the reference",
    "open_requisitions": "Requisitions still open at the end",
}


def _flag_title(code: str) -> str:
    return _FLAG_TITLES.get(code, code.replace("_", " ").capitalize())


def _ratio_text(result: TeamPlanResult) -> str:
    if result.mlops_per_scientist is None:
        return "No scientists on the team at the end of the plan, so the MLOps-to-scientist ratio does not apply."
    wanted = float(result.provenance.parameters.get("mlops_ratio", 0.0))
    target = f"the plan asks for {wanted:g}" if wanted > 0 else "the plan sets no minimum"
    return (
        f"Expected MLOps-capable engineers per scientist at the end of the plan: {result.mlops_per_scientist:.2f}; "
        f"{target} (guides suggest about 2 where ML systems are still immature)."
    )


def _roster_bullets(result: TeamPlanResult) -> Bullets | None:
    roster = result.roster
    if roster is None:
        return None
    items = [
        f"Roster {roster.name}: {roster.people:,} people, ${roster.yearly_cost_known:,.0f} a year of known costs; "
        f"{roster.people_without_cost:,} without a cost are costed at their role's figure."
    ]
    if roster.by_level:
        items.append("By level: " + ", ".join(f"{k} {v}" for k, v in roster.by_level.items()))
    if roster.by_location:
        items.append("By location: " + ", ".join(f"{k} {v}" for k, v in roster.by_location.items()))
    return Bullets(tuple(items))


def _chance(value: float) -> str:
    if 0 < value < 0.001:
        return "under 0.1%"
    if 0.999 < value < 1:
        return "over 99.9%"
    return f"{value:.1%}"


def portfolio_report(result: PortfolioResult, *, title: str | None = None) -> Report:
    """The portfolio's report: wins, budget for k wins, value, ranking and the team's success rate.

    Parameters
    ----------
    result : PortfolioResult
    title : str, optional

    Returns
    -------
    Report
    """
    k = result.min_wins
    p_k = result.p_at_least.get(str(k), 0.0)
    rate = result.team_rate
    blocks: list[Block | None] = [
        KeyFigures(
            (
                ("Expected wins", f"{result.expected_wins:.2f} of {result.n_experiments}"),
                ("Wins (P10 to P90)", f"{result.wins['p10']} to {result.wins['p90']}"),
                (f"Chance of at least {_wins(k)}", _chance(p_k)),
                ("Net expected value", f"${result.value.net:,.0f}"),
                ("Cost of the whole list", f"${result.value.cost:,.0f}"),
            )
        ),
        _budget_verdict(result),
        Paragraph(_typical_text(result)),
        Heading("How many wins"),
        Chart("wins", wins_chart(result), "Chance of each number of wins",
              f"The chance that exactly 0 to {result.n_experiments} experiments succeed; at least {k} in green."),
        table("p_at_least", result.wins_frame().rename(columns=_WINS_COLUMNS), formats={c: ".3f" for c in _WINS_COLUMNS.values() if c != "wins"},
              caption="Experiments with their own chance count independently; those at the team's rate share its uncertainty."),
        Heading("Ranking by value per dollar"),
        Chart("ranking", ranking_chart(result), "Expected value per dollar",
              "Each experiment's expected dollars back per dollar spent, best first; under 1 loses money on average."),
        table("ranking", ranking_table(result), formats=_RANKING_FORMATS),
        Chart("budget_curve", budget_curve_chart(result), f"Chance of at least {_wins(k)} by budget",
              f"Funding the ranking from the top: the chance of at least {_wins(k)} against the dollars spent, "
              f"with the {result.confidence:.0%} wanted as a dashed line."),
        Heading("The team's success rate"),
        Paragraph(
            f"Before the team's own record, the success rate is a Beta {rate.source}, counting as much as "
            f"{rate.prior_a + rate.prior_b:g} experiments. With the team's history "
            f"({rate.history_wins} wins out of {rate.history_trials}) the rate is {rate.mean:.1%}, "
            f"{rate.level:.0%} credible interval {rate.interval[0]:.1%} to {rate.interval[1]:.1%}. "
            f"{result.uses_team_rate} of {result.n_experiments} experiments use it."
        ),
        Chart("team_rate", team_rate_chart(result), "The team's success rate",
              "Beta densities of the success rate before and after the team's own history."),
    ]  # fmt: skip
    return report(title or f"Experiment portfolio: {result.n_experiments} experiments", blocks, result=result)


_WINS_COLUMNS = {"wins": "wins", "p_exactly": "chance of exactly", "p_at_least": "chance of at least"}
_RANKING_COLUMNS = {
    "rank": "rank",
    "name": "experiment",
    "cost": "cost ($)",
    "p_success": "chance of success",
    "chance_from": "chance from",
    "value": "value if it succeeds ($)",
    "expected_value": "expected value ($)",
    "net_value": "net expected value ($)",
    "value_per_dollar": "value per dollar",
    "weeks_to_result": "weeks to result",
    "net_value_per_week": "net value per week ($)",
    "cumulative_cost": "budget to here ($)",
    "p_at_least_k": "chance of k wins to here",
}
_RANKING_FORMATS = {
    "cost ($)": ",.0f",
    "chance of success": ".0%",
    "value if it succeeds ($)": ",.0f",
    "expected value ($)": ",.0f",
    "net expected value ($)": ",.0f",
    "value per dollar": ".2f",
    "weeks to result": ",.1f",
    "net value per week ($)": ",.0f",
    "budget to here ($)": ",.0f",
    "chance of k wins to here": ".1%",
}


def ranking_table(result: PortfolioResult) -> pd.DataFrame:
    """The ranking with readable column names and units."""
    return result.ranking_frame()[list(_RANKING_COLUMNS)].rename(columns=_RANKING_COLUMNS)


def _budget_verdict(result: PortfolioResult) -> Verdict:
    k, ranked, c = result.min_wins, result.budget_for_k_wins.ranked, result.confidence
    if ranked.reachable:
        return Verdict(
            "success",
            f"${ranked.budget:,.0f} buys at least {_wins(k)} with {c:.0%} confidence",
            f"Fund the top {ranked.experiments} experiments of the ranking: {_chance(ranked.probability)} chance of "
            f"at least {_wins(k)}.",
        )
    return Verdict(
        "warning",
        f"The whole list does not reach {_wins(k)} with {c:.0%} confidence",
        f"All {ranked.experiments} experiments (${ranked.budget:,.0f}) give {_chance(ranked.probability)}. "
        "Add experiments, raise their chances, or accept a lower confidence.",
    )


def _wins(k: int) -> str:
    return f"{k:,} win" + ("" if k == 1 else "s")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def _typical_text(result: PortfolioResult) -> str:
    k, typical = result.min_wins, result.budget_for_k_wins.typical
    if typical.experiments_needed is None or typical.budget is None:
        return "Experiments like the average one never succeed, so no budget buys a win."
    return (
        f"With experiments like the average one ({typical.p_success:.0%} chance, ${typical.cost_per_experiment:,.0f} "
        f"each), {typical.experiments_needed:,} experiments (${typical.budget:,.0f}) give at least {_wins(k)} with "
        f"{result.confidence:.0%} confidence: the negative-binomial count of tries until the {_ordinal(k)} win."
    )


def gates_report(result: QualityGateResult, *, title: str | None = None) -> Report:
    """The quality gates' report: how far the model may go, and each gate's checks.

    Parameters
    ----------
    result : QualityGateResult
    title : str, optional

    Returns
    -------
    Report
    """
    items = result.items_frame()
    blocks: list[Block | None] = [
        # An unfinished checklist is work still to do, not an error: it reads as a warning.
        Verdict(
            "pass" if result.passed else "warning",
            "Every gate passed" if result.passed else f"The model may move to {result.stage}, not further",
            f"Stage reached: {result.stage}.",
        )
    ]
    for gate in result.gates:
        blocks.append(Heading(gate.title))
        text = f"{len(gate.done)} done, {len(gate.waived)} waived, {len(gate.open)} open."
        if gate.open:
            text += " Open: " + ", ".join(gate.open) + "."
        blocks.append(Verdict("pass" if gate.passed else "warning", "Passed" if gate.passed else "Not passed", text))
        if gate.without_evidence:
            blocks.append(
                Verdict(
                    "warning",
                    "Done without linked evidence",
                    ", ".join(gate.without_evidence) + ": link a saved analysis.",
                )
            )
        blocks.append(table(f"checks_{gate.gate}", items[items["gate"] == gate.title].drop(columns="gate")))
    return report(title or f"Quality gates: {result.name}", blocks, result=result)
