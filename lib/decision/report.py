"""Reports of the decision analyses, as blocks every renderer understands."""

from __future__ import annotations

from typing import Any

import pandas as pd

from lib.analysis import Chart, Heading, KeyFigures, Paragraph, Report, Verdict, report, table
from lib.decision.analysis import DecisionResult
from lib.decision.charts import acceptability_chart, ahp_weights_chart, ranking_chart, tornado_chart
from lib.decision.weights import AhpResult, AhpWeights

NOT_WRITTEN = "Not written yet."


def _names(items: tuple[str, ...] | list[str]) -> str:
    quoted = [f"'{i}'" for i in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def flip_text(change: float | None, new_weight: float | None) -> str:
    """A flip point in words: the change of weight share, and where it lands."""
    if change is None or new_weight is None:
        return "none within 0-100%"
    return f"{change * 100:+.1f} percentage points (to {new_weight:.1%})"


def headline(result: DecisionResult) -> Verdict:
    """Who leads and by how much, or the tie, as one verdict block."""
    n_sim = result.simulation.n_sim
    uncertain = "weights and scores" if result.simulation.scores_varied else "weights"
    if result.tie:
        score = result.ranking[0].score
        return Verdict(
            "warning",
            f"No winner: {_names(result.tied)} tie",
            f"They score {score:.2f} points each on the 1-5 scale, so the matrix does not decide between them. "
            f"The {n_sim:,} simulations with uncertain {uncertain} break ties at random. "
            "Choose one in the decision record and say why.",
        )
    text = (
        f"Ahead of '{result.runner_up}' by {result.margin:.2f} points on the 1-5 scale; first in "
        f"{result.p_first(result.leader):.0%} of {n_sim:,} simulations with uncertain {uncertain}."
    )
    moving = [f for f in result.flips if f.change is not None]
    if moving:
        nearest = min(moving, key=lambda f: abs(f.change or 0.0))
        text += (
            f" The smallest single weight change that changes the winner: '{nearest.criterion}' "
            f"{flip_text(nearest.change, nearest.new_weight)} makes '{nearest.new_winner}' the winner."
        )
    else:
        text += " No single weight change within 0-100% changes the winner."
    return Verdict("info", f"'{result.winner}' ranks first", text)


def decision_text(result: DecisionResult) -> str:
    """The record's decision section: the chosen option, or what is still to be chosen."""
    chosen = result.record.chosen if result.record is not None else ""
    if chosen and result.tie:
        return f"{chosen} (chosen among the tied options {_names(result.tied)})."
    if chosen and chosen != result.winner:
        return f"{chosen} (the matrix ranks '{result.winner}' first; the rationale says why it was not chosen)."
    if chosen or result.winner:
        return f"{chosen or result.winner} (highest weighted score)."
    return (
        f"Not chosen yet: {_names(result.tied)} tie on the matrix, so the decision makers must choose one and say why."
    )


def _record_blocks(result: DecisionResult) -> list[Any]:
    note = result.record
    if note is None:
        return []
    sections = (
        ("Context", note.context),
        ("Decision", decision_text(result)),
        ("Rationale", note.rationale),
        ("Success metrics", note.success_metrics),
        ("Review date", note.review_date),
    )
    blocks: list[Any] = [Heading("Decision record")]
    for name, text in sections:
        blocks += [Heading(name, level=3), Paragraph(text.strip() or NOT_WRITTEN)]
    return blocks


def ranking_frame(result: DecisionResult) -> pd.DataFrame:
    """Rank, option, weighted score and the share of simulations in which it ranked first."""
    return pd.DataFrame(
        [
            {"rank": k + 1, "option": r.option, "score (1-5)": r.score, "ranked first": result.p_first(r.option)}
            for k, r in enumerate(result.ranking)
        ]
    )


def flips_frame(result: DecisionResult) -> pd.DataFrame:
    """Per criterion: its weight, the change that changes the winner, and the new winner."""
    return pd.DataFrame(
        [
            {
                "criterion": f.criterion,
                "weight": f.weight,
                "change that flips the winner": flip_text(f.change, f.new_weight),
                "new winner": f.new_winner or "",
            }
            for f in result.flips
        ]
    )


def acceptability_frame(result: DecisionResult) -> pd.DataFrame:
    """Option by rank: the share of simulations in which each option took each rank."""
    k = len(result.options)
    return pd.DataFrame(
        [{"option": o, **{f"rank {r + 1}": ps[r] for r in range(k)}} for o, ps in result.p_rank.items()]
    )


def swings_frame(result: DecisionResult) -> pd.DataFrame:
    """The leader's margin with each weight swung down and up."""
    return pd.DataFrame(
        [
            {
                "criterion": s.criterion,
                "weight": s.weight,
                "lower weight": s.low_weight,
                "margin at lower": s.margin_low,
                "higher weight": s.high_weight,
                "margin at higher": s.margin_high,
            }
            for s in result.swings
        ]
    )


def scores_frame(result: DecisionResult) -> pd.DataFrame:
    """The matrix as ranked: criterion, weight used, and each option's mean score."""
    scores = result.scores()
    frame = pd.DataFrame({"criterion": list(result.criteria), "weight": [result.weights[c] for c in result.criteria]})
    for i, option in enumerate(result.options):
        frame[option] = scores[i]
    return frame


def ahp_matrix_frame(weights: AhpWeights) -> pd.DataFrame:
    """The comparison matrix: how many times as important each row's criterion is as each column's."""
    frame = pd.DataFrame(weights.matrix, columns=list(weights.criteria))
    frame.insert(0, "criterion", list(weights.criteria))
    return frame


def ahp_judgements_frame(weights: AhpWeights) -> pd.DataFrame:
    """Each pair: the judgement given and the one the derived weights imply."""
    rows = []
    names = weights.criteria
    for i, a in enumerate(names):
        for j in range(i + 1, len(names)):
            b = names[j]
            rows.append(
                {
                    "criterion": a,
                    "versus": b,
                    "given": float(weights.matrix[i, j]),
                    "implied by the weights": weights.weights[a] / weights.weights[b],
                }
            )
    return pd.DataFrame(rows)


def _ahp_blocks(weights: AhpWeights, *, level: int) -> list[Any]:
    verdict = (
        Verdict("pass", "Judgements consistent", weights.advice())
        if weights.acceptable
        else Verdict("warning", "Judgements contradict each other", weights.advice())
    )
    return [
        verdict,
        KeyFigures(
            (
                ("Consistency ratio", f"{weights.consistency_ratio:.3f} (limit {weights.limit:.2f})"),
                ("λmax", f"{weights.lambda_max:.3f}"),
                ("Consistency index", f"{weights.consistency_index:.3f}"),
                ("Random index", f"{weights.random_index:.2f}"),
            )
        ),
        Heading("Pairwise judgements", level=level),
        table(
            "ahp_judgements",
            ahp_judgements_frame(weights),
            formats={"given": ".3g", "implied by the weights": ".3g"},
            caption="'given' says how many times as important the criterion is as the one it is compared with.",
        ),
        table("ahp_matrix", ahp_matrix_frame(weights), formats=dict.fromkeys(weights.criteria, ".3g")),
    ]


def decision_report(result: DecisionResult, *, title: str | None = None) -> Report:
    """The decision matrix's report: headline, record, ranking, flip points, simulations, swings.

    Parameters
    ----------
    result : DecisionResult
    title : str, optional
        Defaults to the record's title, else "Decision matrix".

    Returns
    -------
    Report
    """
    sim = result.simulation
    n_scorers = len(result.matrix.get("scorers") or {}) or 1
    scorers = "1 scorer" if n_scorers == 1 else f"{n_scorers} scorers"
    acceptability = acceptability_frame(result)
    pct = {"ranked first": ".0%", "weight": ".1%"}
    disputes = pd.DataFrame([d.to_dict() for d in result.disagreements])
    blocks: list[Any] = [
        headline(result),
        KeyFigures(
            (
                ("Winner", result.winner or "none (a tie)"),
                ("Margin", f"{result.margin:.2f} points"),
                ("Ranked first in simulations", f"{result.p_first(result.leader):.0%}" if result.winner else "—"),
                ("Matrix", f"{len(result.options)} options × {len(result.criteria)} criteria, {scorers}"),
            )
        ),
        Paragraph(f"Method: {result.method}. Scores run from 1 to 5, where 5 is best for the option."),
        *_record_blocks(result),
        Heading("Ranking"),
        table("ranking", ranking_frame(result), formats={"score (1-5)": ".3f", **pct}),
        Chart(
            "ranking_chart",
            ranking_chart(result),
            "Weighted score by option",
            "Each option's weighted score on the 1-5 scale, split by what each criterion contributes.",
        ),
        Heading("Weights and flip points"),
        table(
            "flip_points",
            flips_frame(result),
            formats=pct,
            caption="The change of one criterion's weight share (the others rescaled in proportion) "
            "at which another option overtakes the winner."
            if result.winner
            else "With a tie there is no winner to overtake.",
        ),
    ]
    if result.ahp is not None:
        blocks += [Heading("Weights from AHP pairwise judgements"), *_ahp_blocks(result.ahp, level=3)]
    blocks += [
        Heading("Rank acceptability"),
        Paragraph(
            f"{sim.n_sim:,} simulations with weights drawn around the chosen ones (Dirichlet concentration "
            f"{sim.concentration:g}, seed {sim.seed})"
            + ("; scores drawn within the scorers' range." if sim.scores_varied else "; scores fixed.")
            + " Options that tie in a simulation are ordered at random."
        ),
        table("rank_acceptability", acceptability, formats=dict.fromkeys(acceptability.columns[1:], ".1%")),
        Chart(
            "acceptability_chart",
            acceptability_chart(result),
            "Rank acceptability",
            "Share of simulations in which each option ranked 1st, 2nd and so on.",
        ),
        Heading("Weight swings"),
        Chart(
            "tornado_chart",
            tornado_chart(result),
            "Margin as each weight swings",
            f"The margin of '{result.leader}' over the best rival, in points, as each weight moves down and up "
            "by the swing (the others rescaled); bars crossing 0 mean another option would lead.",
        ),
        table(
            "swings",
            swings_frame(result),
            formats={
                "weight": ".1%",
                "lower weight": ".1%",
                "higher weight": ".1%",
                "margin at lower": "+.3f",
                "margin at higher": "+.3f",
            },
        ),
    ]
    if len(disputes):
        blocks += [
            Heading("Scorers disagree"),
            table(
                "disagreements",
                disputes,
                formats={"low": "g", "high": "g"},
                caption="Cells where the lowest and highest score differ by 2 points or more.",
            ),
        ]
    blocks += [
        Heading("Scores"),
        table("scores", scores_frame(result), formats={"weight": ".1%", **dict.fromkeys(result.options, ".2f")}),
    ]
    name = title or (result.record.title if result.record is not None and result.record.title else "Decision matrix")
    return report(name, blocks, result=result, kind="decision")


def ahp_report(result: AhpResult, *, title: str | None = None) -> Report:
    """The AHP weights' report: the consistency check, the weights and each judgement against them.

    Parameters
    ----------
    result : AhpResult
    title : str, optional

    Returns
    -------
    Report
    """
    weights = pd.DataFrame({"criterion": list(result.weights), "weight": list(result.weights.values())})
    blocks = [
        *_ahp_blocks(result, level=2)[:2],
        Heading("Weights"),
        table("weights", weights, formats={"weight": ".1%"}),
        Chart(
            "weights_chart",
            ahp_weights_chart(result),
            "Weights from the pairwise judgements",
            "The weight of each criterion, from the principal eigenvector of the comparison matrix.",
        ),
        *_ahp_blocks(result, level=2)[2:],
    ]
    return report(
        title or f"AHP weights for {len(result.criteria)} criteria", blocks, result=result, kind="ahp_weights"
    )
