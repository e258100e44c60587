"""Options compared on common random numbers: the incremental NPV, the chance one beats the other, regret.

Every uncertain input is drawn once per simulated future and shared by every option that uses
it, so two options are compared in the same futures: the difference of their NPVs (A - B) is
a distribution of its own, usually much narrower than either NPV. From it come P(A beats B)
(the share of futures where A's NPV is higher), the expected regret of each option (how much
worse than the best option of each future it does, on average) and the break-even value of
the driver that moves the difference most.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from lib.analysis import Record, json_field
from lib.roi._sensitivity import sensitivity

METHOD = (
    "Common random numbers: every uncertain input is drawn once per simulated future and shared by the options "
    "that use it, so both options of the pair are valued in the same futures."
)
HISTOGRAM_BINS = 60
_SCAN_POINTS = 241


@dataclass(frozen=True)
class Spread(Record):
    """Percentiles and mean of a simulated amount (dollars).

    Attributes
    ----------
    p10, p50, p90, mean : float
    """

    p10: float
    p50: float
    p90: float
    mean: float


@dataclass(frozen=True)
class BreakEven(Record):
    """The value of one driver at which the two options are worth the same (the others at likely).

    Attributes
    ----------
    driver : str
        The driver that explains most of the spread of A - B.
    share_of_variance : float
        Its first-order share of that spread, 0 to 1.
    likely, low, high : float
        Its likely value and range.
    value : float or None
        Where A - B crosses zero (the crossing nearest the likely value); None when it does not
        cross between low - 3 × (high - low) and high + 3 × (high - low).
    within_range : bool
        Whether ``value`` lies inside low..high.
    a_better_above : bool or None
        True when A is worth more above ``value``, False when below; None without a crossing.
    """

    driver: str
    share_of_variance: float
    likely: float
    low: float
    high: float
    value: float | None
    within_range: bool
    a_better_above: bool | None


@dataclass(frozen=True)
class Comparison(Record):
    """Option A against option B on common random numbers.

    Attributes
    ----------
    pair : (str, str)
        A and B.
    incremental_npv : Spread
        NPV of A minus NPV of B.
    p_a_beats_b : float
        Share of simulated futures where A's NPV is higher than B's.
    regret : dict
        Option -> expected regret in dollars: the mean, over futures, of the best option's NPV
        minus this option's (0 for an option that is best in every future).
    break_even : BreakEven or None
        For the driver that moves A - B most; None when nothing is uncertain.
    n_sim, seed : int
    method : str
    histogram_edges, histogram_counts : tuple
        A 60-bin histogram of A - B.
    incremental_draws : numpy.ndarray or None
        A - B per future (this session only).
    """

    pair: tuple[str, str]
    incremental_npv: Spread
    p_a_beats_b: float
    regret: dict[str, float]
    break_even: BreakEven | None
    n_sim: int
    seed: int
    method: str = METHOD
    histogram_edges: tuple[float, ...] = ()
    histogram_counts: tuple[int, ...] = ()
    incremental_draws: np.ndarray | None = json_field(omit=True, compare=False)


def histogram(values: np.ndarray, bins: int = HISTOGRAM_BINS) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """Counts and edges of a histogram; values that (nearly) never vary make one bin around them."""
    values = np.asarray(values, dtype=float)
    low, high = float(values.min()), float(values.max())
    if high - low <= 1e-9 * max(1.0, abs(low), abs(high)):
        return (int(values.size),), (low - 0.5, high + 0.5)
    counts, edges = np.histogram(values, bins=bins)
    return tuple(int(c) for c in counts), tuple(float(e) for e in edges)


def spread_of_draws(values: np.ndarray) -> Spread:
    """P10, P50, P90 and mean of simulated amounts."""
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return Spread(float(p10), float(p50), float(p90), float(np.mean(values)))


def expected_regret(npvs: Mapping[str, np.ndarray]) -> dict[str, float]:
    """Option -> mean over futures of (best NPV of that future - the option's NPV).

    Examples
    --------
    >>> expected_regret({"a": np.array([1.0, 5.0]), "b": np.array([3.0, 2.0])})
    {'a': 1.0, 'b': 1.5}
    """
    stacked = np.stack([np.asarray(v, dtype=float) for v in npvs.values()])
    best = stacked.max(axis=0)
    return {name: float((best - row).mean()) for name, row in zip(npvs, stacked, strict=True)}


def _root(g: Callable[[float], float], left: float, right: float) -> float:
    g_left = g(left)
    for _ in range(200):  # bisection to the last bit of a float
        middle = (left + right) / 2
        if middle in (left, right):
            break
        g_middle = g(middle)
        if g_middle == 0:
            return middle
        if np.sign(g_middle) == np.sign(g_left):
            left, g_left = middle, g_middle
        else:
            right = middle
    return (left + right) / 2


def break_even(
    difference: Callable[[np.ndarray], np.ndarray],
    *,
    driver: str,
    share: float,
    likely: float,
    low: float,
    high: float,
) -> BreakEven:
    """Where ``difference`` (A - B as a function of one driver's value) crosses zero.

    Parameters
    ----------
    difference : callable
        Values of the driver (array) -> A - B at each (the other inputs at likely).
    driver : str
    share : float
    likely, low, high : float

    Returns
    -------
    BreakEven
    """
    width = max(high - low, abs(likely) * 0.1, 1e-9)
    grid = np.linspace(low - 3 * width, high + 3 * width, _SCAN_POINTS)
    grid = np.unique(np.concatenate([grid, [likely, low, high]]))
    values = np.asarray(difference(grid), dtype=float)
    crossings = []
    for i in range(grid.size - 1):
        a, b = values[i], values[i + 1]
        if not (np.isfinite(a) and np.isfinite(b)):
            continue
        if a == 0:
            crossings.append(float(grid[i]))
        elif np.sign(a) != np.sign(b) and b != 0:
            crossings.append(_root(lambda x: float(difference(np.array([x]))[0]), float(grid[i]), float(grid[i + 1])))
    if not crossings:
        return BreakEven(driver, share, likely, low, high, None, False, None)
    value = min(crossings, key=lambda x: abs(x - likely))
    above = float(difference(np.array([value + width * 1e-3]))[0])
    return BreakEven(driver, share, likely, low, high, value, bool(low <= value <= high), bool(above > 0))


def compare_pair(
    npvs: Mapping[str, np.ndarray],
    pair: tuple[str, str],
    *,
    draws: Mapping[str, np.ndarray],
    ranges: Mapping[str, tuple[float, float, float]],
    difference_at: Callable[[str, np.ndarray], np.ndarray],
    seed: int,
) -> Comparison:
    """The comparison of a pair from the options' NPVs in the same futures.

    Parameters
    ----------
    npvs : mapping
        Option -> NPV per future (all of one length; length 1 when nothing is uncertain).
    pair : (str, str)
    draws : mapping
        Joint input name -> draws (for the sensitivity of A - B).
    ranges : mapping
        Joint input name -> (low, likely, high).
    difference_at : callable
        (input name, values) -> A - B with that input at each value and the others at likely.
    seed : int

    Returns
    -------
    Comparison
    """
    a, b = pair
    delta = np.asarray(npvs[a], dtype=float) - np.asarray(npvs[b], dtype=float)
    p10, p50, p90 = np.percentile(delta, [10, 50, 90])
    counts, edges = histogram(delta)
    rows = sensitivity({k: v for k, v in draws.items() if k in ranges}, delta) if delta.size > 1 else ()
    found = None
    if rows and rows[0].share_of_variance > 0:
        top = rows[0]
        low, likely, high = ranges[top.driver]
        found = break_even(
            lambda values: difference_at(top.driver, values),
            driver=top.driver, share=top.share_of_variance, likely=likely, low=low, high=high,
        )  # fmt: skip
    return Comparison(
        pair=(a, b),
        incremental_npv=Spread(float(p10), float(p50), float(p90), float(delta.mean())),
        p_a_beats_b=float(np.mean(delta > 0)),
        regret=expected_regret(npvs),
        break_even=found,
        n_sim=int(delta.size),
        seed=int(seed),
        histogram_edges=edges,
        histogram_counts=counts,
        incremental_draws=delta,
    )


def best_two(npvs: Mapping[str, np.ndarray], order: Sequence[str]) -> tuple[str, str]:
    """The two options with the highest mean NPV (the earlier listed on a tie), best first."""
    ranked = sorted(order, key=lambda name: (-float(np.mean(npvs[name])), order.index(name)))
    return ranked[0], ranked[1]
