"""How fragile the winner is: flip points, Monte Carlo rank acceptability, weight swings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from lib.decision.matrix import DecisionMatrix
from lib.decision.ranking import margin_of, order, totals, winner_index

DEFAULT_CONCENTRATION = 50.0
DEFAULT_N_SIM = 2000
DEFAULT_SWING = 0.5


def reweight(weights: np.ndarray, j: int, value: float) -> np.ndarray:
    """Set criterion ``j``'s share to ``value`` and rescale the others proportionally.

    The other criteria keep their ratios to each other and together take ``1 - value``.
    When they all had zero weight, they share ``1 - value`` equally.
    """
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    rest = 1.0 - w[j]
    out = np.empty_like(w)
    if w.size == 1:
        return np.ones(1)
    if rest > 1e-12:
        out[:] = w * (1.0 - value) / rest
    else:
        out[:] = (1.0 - value) / (w.size - 1)
    out[j] = value
    return out


@dataclass(frozen=True)
class FlipPoint:
    """The smallest change of one criterion's weight that changes the winner.

    Attributes
    ----------
    criterion : str
    weight : float
        Current normalised weight (0-1).
    change : float or None
        Signed change in weight share (new minus current); None when no weight in 0-100 %
        changes the winner.
    new_weight : float or None
        The weight share at which the winner changes (a tie there; beyond it the other option leads).
    new_winner : str or None
        Who wins beyond that point.
    """

    criterion: str
    weight: float
    change: float | None
    new_weight: float | None
    new_winner: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "criterion": self.criterion,
            "weight": self.weight,
            "change": self.change,
            "new_weight": self.new_weight,
            "new_winner": self.new_winner,
        }


def flip_points(matrix: DecisionMatrix) -> tuple[FlipPoint, ...]:
    """For each criterion, the smallest weight change (others rescaled) that changes the winner.

    Under proportional rescaling an option's total is linear in the criterion's share ``t``:
    ``S_a(t) = t * s_aj + (1 - t) * R_a`` where ``R_a`` is the option's total over the other
    criteria with their weights renormalised. So the winner's lead over each rival is a line
    in ``t`` and its zero is found exactly; the nearest zero in [0, 1] across rivals, on the
    side where the lead turns negative, is the flip point.
    """
    w = matrix.normalised_weights
    scores = matrix.scores
    base = totals(scores, w)
    win = winner_index(base)
    points = []
    for j, criterion in enumerate(matrix.criteria):
        best: tuple[float, float, int, float] | None = None  # (|change|, new weight, rival, |slope|)
        if len(w) > 1:
            # Two points on the line determine it: t = 0 and t = 1.
            at0 = scores @ reweight(w, j, 0.0)
            at1 = scores[:, j]
            for r in range(len(matrix.options)):
                if r == win:
                    continue
                d0, d1 = at0[win] - at0[r], at1[win] - at1[r]
                lead_now = base[win] - base[r]
                slope = d1 - d0
                if abs(slope) < 1e-15:
                    continue
                root = -d0 / slope
                # The rival takes over strictly beyond the root, in the direction where the lead falls.
                beyond = root + (1e-12 if slope < 0 else -1e-12)
                if not 0.0 <= root <= 1.0 or not 0.0 <= beyond <= 1.0:
                    continue
                if lead_now < -1e-12:  # cannot happen for the winner beyond rounding
                    continue
                # "Changes the winner" means a rival pulls strictly ahead, which happens just beyond the root.
                change = abs(root - w[j])
                # Rivals crossing at the same point: the one whose lead grows fastest beyond it wins there.
                if (
                    best is None
                    or change < best[0] - 1e-12
                    or (abs(change - best[0]) <= 1e-12 and abs(slope) > best[3] + 1e-12)
                ):
                    best = (change, root, r, abs(slope))
        if best is None:
            points.append(FlipPoint(criterion, float(w[j]), None, None, None))
        else:
            _, root, r, _ = best
            points.append(FlipPoint(criterion, float(w[j]), float(root - w[j]), float(root), matrix.options[r]))
    return tuple(points)


@dataclass(frozen=True)
class RankAcceptability:
    """Share of simulations in which each option took each rank.

    Attributes
    ----------
    options : tuple of str
    probabilities : numpy.ndarray
        Shape ``(n_options, n_options)``; row = option, column = rank 1..k. Rows and columns sum to 1.
    n_sim : int
    concentration : float
        Dirichlet concentration: larger keeps simulated weights closer to the chosen ones.
    seed : int
    """

    options: tuple[str, ...]
    probabilities: np.ndarray
    n_sim: int
    concentration: float
    seed: int
    scores_varied: bool

    def p_rank(self) -> dict[str, list[float]]:
        """Option -> probabilities of ranking 1st, 2nd, ..."""
        return {o: [float(p) for p in self.probabilities[i]] for i, o in enumerate(self.options)}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "p_rank": self.p_rank(),
            "n_sim": self.n_sim,
            "concentration": self.concentration,
            "seed": self.seed,
            "scores_varied": self.scores_varied,
        }


def rank_acceptability(
    matrix: DecisionMatrix,
    *,
    n_sim: int = DEFAULT_N_SIM,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = 0,
    vary_scores: bool = True,
) -> RankAcceptability:
    """Monte Carlo rank acceptability.

    Weights are drawn from a Dirichlet distribution whose mean is the chosen
    weights (``alpha = concentration * w``); criteria with zero weight stay at zero.
    Scores, when ``vary_scores``, are drawn uniformly between the lowest and highest
    score the scorers gave for each cell (fixed with one scorer).

    Parameters
    ----------
    matrix : DecisionMatrix
    n_sim : int
        Number of simulations (at least 1).
    concentration : float
        Positive; larger means less weight uncertainty.
    seed : int
        Seed for :func:`numpy.random.default_rng`.
    vary_scores : bool
        Whether to draw scores within the scorers' spread.
    """
    from lib.errors import InputError

    if int(n_sim) < 1:
        raise InputError("the number of simulations must be at least 1", expected="N >= 1", found=str(n_sim))
    if not concentration > 0:
        raise InputError("the concentration must be positive", expected="a number above 0", found=str(concentration))
    rng = np.random.default_rng(seed)
    n_sim = int(n_sim)
    w = matrix.normalised_weights
    active = w > 0
    sims = np.zeros((n_sim, w.size))
    sims[:, active] = rng.dirichlet(concentration * w[active], size=n_sim)
    if vary_scores:
        low, high = matrix.low, matrix.high
        scores = low[None] + (high - low)[None] * rng.random((n_sim, *low.shape))
    else:
        scores = np.broadcast_to(matrix.scores, (n_sim, *matrix.scores.shape))
    total = np.einsum("sok,sk->so", scores, sims)
    # Stable sort on the negated totals: ties go to the option listed first, as in the ranking.
    ranks = np.argsort(-total, axis=1, kind="stable")
    k = len(matrix.options)
    counts = np.zeros((k, k))
    for position in range(k):
        counts[:, position] = np.bincount(ranks[:, position], minlength=k)
    return RankAcceptability(
        options=matrix.options,
        probabilities=counts / n_sim,
        n_sim=n_sim,
        concentration=float(concentration),
        seed=int(seed),
        scores_varied=bool(vary_scores and np.any(matrix.spread > 0)),
    )


@dataclass(frozen=True)
class Swing:
    """The winner's margin when one criterion's weight is swung down and up."""

    criterion: str
    weight: float
    low_weight: float
    high_weight: float
    margin_low: float
    margin_high: float

    @property
    def width(self) -> float:
        """How far the margin moves across the swing."""
        return abs(self.margin_high - self.margin_low)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "criterion": self.criterion,
            "weight": self.weight,
            "low_weight": self.low_weight,
            "high_weight": self.high_weight,
            "margin_low": self.margin_low,
            "margin_high": self.margin_high,
        }


def weight_swings(matrix: DecisionMatrix, *, swing: float = DEFAULT_SWING) -> tuple[Swing, ...]:
    """Winner's margin over the best rival as each weight moves by ``± swing`` of itself.

    A criterion at 20 % with ``swing=0.5`` is tried at 10 % and 30 %, the others rescaled
    proportionally. A negative margin means the current winner would lose. Sorted widest first.
    """
    w = matrix.normalised_weights
    win = winner_index(totals(matrix.scores, w))
    rows = []
    for j, criterion in enumerate(matrix.criteria):
        low = max(0.0, w[j] * (1 - swing))
        high = min(1.0, w[j] * (1 + swing))
        margin_low = margin_of(matrix.scores @ reweight(w, j, low), win)
        margin_high = margin_of(matrix.scores @ reweight(w, j, high), win)
        rows.append(Swing(criterion, float(w[j]), float(low), float(high), margin_low, margin_high))
    return tuple(sorted(rows, key=lambda s: -s.width))


def winner_at(matrix: DecisionMatrix, weights: np.ndarray) -> str:
    """Name of the winner with the given weights."""
    return matrix.options[int(order(totals(matrix.scores, weights))[0])]
