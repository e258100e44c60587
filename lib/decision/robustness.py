"""How fragile the winner is: flip points, Monte Carlo rank acceptability, weight swings."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lib.analysis import Record
from lib.decision.matrix import DecisionMatrix, normalise
from lib.decision.ranking import margin_of, order, totals, winner_index

DEFAULT_CONCENTRATION = 50.0
DEFAULT_N_SIM = 2000
DEFAULT_SWING = 0.5
# Documented bounds of the simulation settings a user controls.
MAX_N_SIM = 50_000
MAX_CONCENTRATION = 1_000_000.0
# Simulations run in blocks of this many, so memory stays small whatever the number asked for.
_BLOCK = 2_000
# Totals are compared after rounding to this many decimals, so rounding noise is not a lead.
_TIE_DECIMALS = 9


def reweight(weights: np.ndarray, j: int, value: float) -> np.ndarray:
    """Set criterion ``j``'s share to ``value`` and rescale the others proportionally.

    The other criteria keep their ratios to each other and together take ``1 - value``.
    When they all had zero weight, they share ``1 - value`` equally.
    """
    w = normalise(weights)
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
class FlipPoint(Record):
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
    scores_varied : bool
        Whether scores were drawn within the scorers' range (False with one scorer).
    """

    options: tuple[str, ...]
    probabilities: np.ndarray
    n_sim: int
    concentration: float
    seed: int
    scores_varied: bool

    def p_rank(self) -> dict[str, tuple[float, ...]]:
        """Option -> probabilities of ranking 1st, 2nd, ..."""
        return {o: tuple(float(p) for p in self.probabilities[i]) for i, o in enumerate(self.options)}


def check_simulation(n_sim: int, concentration: float) -> None:
    """Refuse a number of simulations or a concentration outside their documented bounds.

    Raises
    ------
    InputError
        Naming ``n_sim`` or ``concentration``.
    """
    from lib.analysis import check_count, check_number

    check_count(n_sim, field="n_sim", low=1, high=MAX_N_SIM, what="simulations")
    check_number(concentration, field="concentration", low=0.0, low_open=True, high=MAX_CONCENTRATION)


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
    score the scorers gave for each cell (fixed with one scorer). Options whose totals
    tie in a simulation are ordered at random, so no option gains from being listed first.

    Parameters
    ----------
    matrix : DecisionMatrix
    n_sim : int
        Number of simulations, 1 to 50,000.
    concentration : float
        Above 0 and at most 1,000,000; larger means less weight uncertainty.
    seed : int
        Seed for :func:`numpy.random.default_rng`.
    vary_scores : bool
        Whether to draw scores within the scorers' spread.

    Raises
    ------
    InputError
        When ``n_sim`` or ``concentration`` is out of bounds.
    """
    if isinstance(n_sim, (int, np.integer)) and not isinstance(n_sim, bool):
        n_sim = int(n_sim)
    if isinstance(concentration, (int, np.integer)) and not isinstance(concentration, bool):
        concentration = float(concentration)
    check_simulation(n_sim, concentration)
    rng = np.random.default_rng(seed)
    w = matrix.normalised_weights
    active = w > 0
    k = len(matrix.options)
    counts = np.zeros((k, k))
    varied = bool(vary_scores and np.any(matrix.spread > 0))
    done = 0
    while done < n_sim:
        size = min(_BLOCK, n_sim - done)
        sims = np.zeros((size, w.size))
        sims[:, active] = rng.dirichlet(concentration * w[active], size=size)
        if varied:
            low, high = matrix.low, matrix.high
            scores = low[None] + (high - low)[None] * rng.random((size, *low.shape))
        else:
            scores = np.broadcast_to(matrix.scores, (size, *matrix.scores.shape))
        total = np.round(np.einsum("sok,sk->so", scores, sims), _TIE_DECIMALS)
        # Best first; equal totals are ordered by a random key, one per option and simulation.
        ranks = np.lexsort((rng.random((size, k)), -total), axis=-1)
        for position in range(k):
            counts[:, position] += np.bincount(ranks[:, position], minlength=k)
        done += size
    return RankAcceptability(
        options=matrix.options,
        probabilities=counts / n_sim,
        n_sim=n_sim,
        concentration=float(concentration),
        seed=int(seed),
        scores_varied=varied,
    )


@dataclass(frozen=True)
class Swing(Record):
    """The leading option's margin when one criterion's weight is swung down and up.

    Attributes
    ----------
    criterion : str
    weight : float
        Current normalised weight.
    low_weight, high_weight : float
        The weight at each end of the swing.
    margin_low, margin_high : float
        The leading option's total minus the best rival's at each end (negative: it would lose).
    """

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
