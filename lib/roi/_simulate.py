"""Uncertainty: Monte Carlo over ranged inputs (correlated when stated), a tornado, and sensitivity by driver."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from lib.analysis import Record, json_field
from lib.errors import InputError
from lib.roi._cashflow import npv
from lib.roi._compare import histogram
from lib.roi._correlate import METHOD as CORRELATED
from lib.roi._correlate import correlation_matrix, impose
from lib.roi._ranges import Range, Value, likely_of
from lib.roi._specs import CaseSpec

HISTOGRAM_BINS = 60
# Cash-flow cells computed at once: the draws are worked through in blocks of this many cells,
# so a long horizon times many draws never needs one huge matrix.
BLOCK_CELLS = 2_000_000
INDEPENDENT = "independent: each ranged input is drawn on its own, once per simulated future"


@dataclass(frozen=True)
class SimulationResult(Record):
    """The NPV distribution of a case whose inputs are ranges.

    Attributes
    ----------
    n_sim : int
        Number of draws.
    seed : int
    mean, p10, p50, p90 : float
        Mean and percentiles of NPV in dollars.
    p_loss : float
        Share of draws with NPV below zero.
    ranged_inputs : tuple of str
        The inputs drawn from their ranges.
    histogram_edges, histogram_counts : tuple
        A 60-bin histogram of the draws (edges in dollars), for charts of saved results.
    dependence : str
        How the inputs were drawn together: independently, or correlated by Iman–Conover.
    npv_draws : numpy.ndarray or None
        Every simulated NPV (kept for this session only; not in the JSON).
    """

    n_sim: int
    seed: int
    mean: float
    p10: float
    p50: float
    p90: float
    p_loss: float
    ranged_inputs: tuple[str, ...]
    histogram_edges: tuple[float, ...] = ()
    histogram_counts: tuple[int, ...] = ()
    dependence: str = INDEPENDENT
    npv_draws: np.ndarray | None = json_field(omit=True, compare=False)


@dataclass(frozen=True)
class TornadoBar(Record):
    """NPV with one input at its low and at its high value, the others at likely."""

    json_extras = ("swing",)

    input: str
    low_value: float
    high_value: float
    npv_at_low: float
    npv_at_high: float

    @property
    def swing(self) -> float:
        """Width of the bar in dollars."""
        return abs(self.npv_at_high - self.npv_at_low)


@dataclass(frozen=True)
class Tornado(Record):
    """The NPV at likely values and one bar per ranged input, widest first."""

    base_npv: float
    bars: tuple[TornadoBar, ...]


def draw_inputs(
    values: Mapping[str, Value],
    correlations: Sequence[tuple[str, str, float]],
    n: int,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """Draw every ranged input ``n`` times in order (fixed ones stay one value), then impose correlations.

    Parameters
    ----------
    values : mapping
        Input name -> number or :class:`Range`, in the order they are drawn.
    correlations : sequence of (str, str, float)
        Rank correlations (see :mod:`lib.roi._correlate`); all zero leaves the draws independent.
    n : int
    rng : numpy.random.Generator

    Returns
    -------
    dict
        Name -> array (length n for ranged inputs, 1 for fixed ones).
    """
    draws = {
        name: value.sample(rng, n) if isinstance(value, Range) else np.array([likely_of(value)])
        for name, value in values.items()
    }
    return impose(draws, correlations, rng)


def dependence_of(correlations: Sequence[tuple[str, str, float]]) -> str:
    """The way inputs were drawn together, in words."""
    names, _ = correlation_matrix(correlations)
    if not names:
        return INDEPENDENT
    pairs = ", ".join(f"{a}–{b} {rho:g}" for a, b, rho in correlations if rho != 0)
    return f"{CORRELATED} Rank correlations: {pairs}."


def check_finite_npv(values: np.ndarray) -> None:
    """Refuse NPVs that overflowed (a rate near -100 % over many periods) as bad input naming the rate."""
    if not np.all(np.isfinite(values)):
        raise InputError(
            "the NPV cannot be computed: the discount rate comes so close to -100 % that the far periods "
            "weigh more than any number can hold",
            expected="'discount_rate' (low) further above -1, or fewer periods",
        )


def npv_of(case: CaseSpec, draws: Mapping[str, np.ndarray]) -> np.ndarray:
    """NPV per draw of a case, computed in blocks so long horizons never need one huge matrix.

    Parameters
    ----------
    case : CaseSpec
    draws : mapping
        The case's input name -> values (length n, or 1 for fixed inputs).

    Returns
    -------
    numpy.ndarray
    """
    n = max(np.asarray(v).size for v in draws.values())
    values = np.empty(n)
    step = max(1, BLOCK_CELLS // case.n_periods)
    for start in range(0, n, step):
        block = {
            k: (np.asarray(v)[start : start + step] if np.asarray(v).size > 1 else np.asarray(v))
            for k, v in draws.items()
        }
        flows = case.flows_for(block)
        annual = np.asarray(block["discount_rate"], dtype=float).reshape(-1)
        rates = np.broadcast_to(np.asarray(case.rate_for(annual), dtype=float), (flows.shape[0],))
        values[start : start + step] = np.asarray(npv(rates, flows), dtype=float).reshape(-1)
    return values


def summarise(
    values: np.ndarray, *, seed: int, ranged: Sequence[str], dependence: str = INDEPENDENT
) -> SimulationResult:
    """Mean, percentiles, chance of loss and histogram of simulated NPVs.

    Raises
    ------
    InputError
        When an NPV overflowed.
    """
    check_finite_npv(values)
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    counts, edges = histogram(values, HISTOGRAM_BINS)
    return SimulationResult(
        n_sim=int(values.size),
        seed=int(seed),
        mean=float(values.mean()),
        p10=float(p10),
        p50=float(p50),
        p90=float(p90),
        p_loss=float(np.mean(values < 0)),
        ranged_inputs=tuple(ranged),
        histogram_edges=edges,
        histogram_counts=counts,
        dependence=dependence,
        npv_draws=values,
    )


def simulate_draws(case: CaseSpec) -> tuple[SimulationResult, dict[str, np.ndarray]]:
    """The case's simulation and the input draws it used (for sensitivity)."""
    rng = np.random.default_rng(case.seed)
    draws = draw_inputs(case.inputs_by_name(), case.correlations, case.n_sim, rng)
    values = npv_of(case, draws)
    summary = summarise(
        values, seed=case.seed, ranged=list(case.ranged_inputs()), dependence=dependence_of(case.correlations)
    )
    return summary, draws


def simulate_npv(case: CaseSpec, *, n_sim: int | None = None, seed: int | None = None) -> SimulationResult:
    """Draw every ranged input ``n_sim`` times at once and compute NPV per draw.

    Inputs are drawn one seeded generator in a fixed input order, so a seed replays exactly;
    fixed inputs stay at their value. Without correlations (or with every correlation zero)
    the inputs are independent; with them, Iman–Conover re-orders the draws (see
    :mod:`lib.roi._correlate`).

    Parameters
    ----------
    case : CaseSpec
    n_sim, seed : int, optional
        Default to the case's own.

    Returns
    -------
    SimulationResult

    Raises
    ------
    InputError
        Draws out of range (10,000 to 2,000,000), or an NPV too large to compute.
    """
    if n_sim is not None or seed is not None:
        case = case.replace(n_sim=case.n_sim if n_sim is None else n_sim, seed=case.seed if seed is None else seed)
    return simulate_draws(case)[0]


def npv_at(case: CaseSpec, changes: Mapping[str, float]) -> float:
    """NPV with every input at its likely value except ``changes``."""
    draws = {**case.likely_draws(), **{k: np.array([float(v)]) for k, v in changes.items()}}
    return float(npv_of(case, draws)[0])


def tornado(case: CaseSpec) -> tuple[float, tuple[TornadoBar, ...]]:
    """Base NPV and one bar per ranged input (each driver from its low to its high), widest swing first."""
    base_npv = npv_at(case, {})
    bars = []
    for name, value in case.ranged_inputs().items():
        low, _, high = value.points()
        bars.append(TornadoBar(name, low, high, npv_at(case, {name: low}), npv_at(case, {name: high})))
    check_finite_npv(np.array([base_npv, *[b.npv_at_low for b in bars], *[b.npv_at_high for b in bars]]))
    return base_npv, tuple(sorted(bars, key=lambda b: b.swing, reverse=True))
