"""One call that ranks the options and measures how robust the winner is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from lib.decision.matrix import DecisionMatrix
from lib.decision.ranking import METHOD, margin_of, rank
from lib.decision.robustness import (
    DEFAULT_CONCENTRATION,
    DEFAULT_N_SIM,
    DEFAULT_SWING,
    FlipPoint,
    RankAcceptability,
    Swing,
    flip_points,
    rank_acceptability,
    weight_swings,
)
from lib.export import markdown_table
from lib.provenance import Provenance, make_provenance


@dataclass(frozen=True)
class DecisionResult:
    """Ranking, margin and robustness of a decision matrix.

    ``to_dict()`` is the command line's JSON: ``method``, ``ranking``, ``winner``,
    ``margin``, ``p_rank``, ``flip`` and more detail.
    """

    matrix: DecisionMatrix
    totals: np.ndarray
    order: np.ndarray
    margin: float
    flips: tuple[FlipPoint, ...]
    acceptability: RankAcceptability
    swings: tuple[Swing, ...]
    provenance: Provenance
    method: str = METHOD

    @property
    def winner(self) -> str:
        """The option ranked first."""
        return self.matrix.options[int(self.order[0])]

    @property
    def runner_up(self) -> str:
        """The option ranked second."""
        return self.matrix.options[int(self.order[1])]

    def ranking(self) -> list[dict[str, Any]]:
        """Options best first with their weighted scores."""
        return [{"option": self.matrix.options[int(i)], "score": float(self.totals[int(i)])} for i in self.order]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (the command line's output)."""
        m = self.matrix
        return {
            "method": self.method,
            "ranking": self.ranking(),
            "winner": self.winner,
            "runner_up": self.runner_up,
            "margin": self.margin,
            "p_rank": self.acceptability.p_rank(),
            "flip": {f.criterion: f.change for f in self.flips},
            "flip_detail": [f.to_dict() for f in self.flips],
            "weights": {c: float(w) for c, w in zip(m.criteria, m.normalised_weights, strict=True)},
            "disagreements": m.disagreements(),
            "swings": [s.to_dict() for s in self.swings],
            "simulation": {k: v for k, v in self.acceptability.to_dict().items() if k != "p_rank"},
            "matrix": m.to_dict(),
            "provenance": self.provenance.to_dict(),
        }

    def to_markdown(self) -> str:
        """A Markdown summary: ranking, robustness and provenance."""
        m = self.matrix
        lines = [
            "# Decision matrix result",
            "",
            f"Method: {self.method}.",
            "",
            f"**Winner: {self.winner}**, ahead of {self.runner_up} by {self.margin:.3f} points on the 1-5 scale.",
            "",
            "## Ranking",
            "",
            markdown_table(
                ["rank", "option", "score", "P(first)"],
                [
                    [k + 1, r["option"], f"{r['score']:.3f}", f"{self.acceptability.p_rank()[r['option']][0]:.0%}"]
                    for k, r in enumerate(self.ranking())
                ],
            ),
            "",
            "## Weights and flip points",
            "",
            markdown_table(
                ["criterion", "weight", "change that flips the winner", "new winner"],
                [
                    [
                        f.criterion,
                        f"{f.weight:.1%}",
                        "none within 0-100%" if f.change is None else f"{f.change:+.1%} (to {f.new_weight:.1%})",
                        f.new_winner or "",
                    ]
                    for f in self.flips
                ],
            ),
            "",
            "## Rank acceptability",
            "",
            f"{self.acceptability.n_sim:,} simulations, Dirichlet concentration {self.acceptability.concentration:g}, "
            f"seed {self.acceptability.seed}"
            + (", scores drawn within the scorers' range." if self.acceptability.scores_varied else "."),
            "",
            markdown_table(
                ["option", *[f"rank {k + 1}" for k in range(len(m.options))]],
                [[o, *[f"{p:.1%}" for p in ps]] for o, ps in self.acceptability.p_rank().items()],
            ),
            "",
        ]
        flagged = m.disagreements()
        if flagged:
            lines += [
                "## Scorers disagree",
                "",
                markdown_table(
                    ["option", "criterion", "lowest", "highest"],
                    [[d["option"], d["criterion"], f"{d['low']:g}", f"{d['high']:g}"] for d in flagged],
                ),
                "",
            ]
        return "\n".join(lines) + "\n" + self.provenance.to_markdown()


def decide(
    matrix: DecisionMatrix,
    *,
    n_sim: int = DEFAULT_N_SIM,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = 0,
    swing: float = DEFAULT_SWING,
    vary_scores: bool = True,
    input_sha256: str | None = None,
    input_name: str | None = None,
) -> DecisionResult:
    """Rank the options by weighted sum and measure the winner's robustness.

    Parameters
    ----------
    matrix : DecisionMatrix
    n_sim : int
        Monte Carlo simulations for rank acceptability.
    concentration : float
        Dirichlet concentration around the chosen weights.
    seed : int
        Random seed.
    swing : float
        Relative weight swing for the tornado chart (0.5 = ±50 % of each weight).
    vary_scores : bool
        Draw scores within the scorers' spread in the simulation.
    input_sha256, input_name : str, optional
        The input file, for provenance.
    """
    total, best_first = rank(matrix)
    acceptability = rank_acceptability(
        matrix, n_sim=n_sim, concentration=concentration, seed=seed, vary_scores=vary_scores
    )
    return DecisionResult(
        matrix=matrix,
        totals=total,
        order=best_first,
        margin=margin_of(total, int(best_first[0])),
        flips=flip_points(matrix),
        acceptability=acceptability,
        swings=weight_swings(matrix, swing=swing),
        provenance=make_provenance(
            parameters={
                "n_sim": int(n_sim),
                "concentration": float(concentration),
                "swing": float(swing),
                "vary_scores": bool(vary_scores),
                "weights": {c: float(w) for c, w in zip(matrix.criteria, matrix.weights, strict=True)},
            },
            input_sha256=input_sha256,
            input_name=input_name,
            seed=int(seed),
        ),
    )
