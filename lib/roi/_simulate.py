"""Uncertainty: Monte Carlo over ranged inputs, and a one-at-a-time tornado."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lib.analysis import Record, json_field
from lib.errors import InputError
from lib.roi._cashflow import npv
from lib.roi._ranges import Range, likely_of
from lib.roi._specs import CaseSpec

HISTOGRAM_BINS = 60
# Cash-flow cells computed at once: the draws are worked through in blocks of this many cells,
# so a long horizon times many draws never needs one huge matrix.
BLOCK_CELLS = 2_000_000


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


def _npv_of(case: CaseSpec, draws: dict[str, np.ndarray]) -> np.ndarray:
    flows = case.flows_for(draws)
    annual = np.asarray(draws["discount_rate"], dtype=float).reshape(-1)
    rates = np.broadcast_to(np.asarray(case.rate_for(annual), dtype=float), (flows.shape[0],))
    return np.asarray(npv(rates, flows), dtype=float).reshape(-1)


def check_finite_npv(values: np.ndarray) -> None:
    """Refuse NPVs that overflowed (a rate near -100 % over many periods) as bad input naming the rate."""
    if not np.all(np.isfinite(values)):
        raise InputError(
            "the NPV cannot be computed: the discount rate comes so close to -100 % that the far periods "
            "weigh more than any number can hold",
            expected="'discount_rate' (low) further above -1, or fewer periods",
        )


def simulate_npv(case: CaseSpec, *, n_sim: int | None = None, seed: int | None = None) -> SimulationResult:
    """Draw every ranged input ``n_sim`` times at once and compute NPV per draw.

    Inputs are drawn independently, one seeded generator in a fixed input order, so a
    seed replays exactly; fixed inputs stay at their value.

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
    n = case.n_sim
    rng = np.random.default_rng(case.seed)
    draws = {}
    for name, value in case.inputs_by_name().items():
        draws[name] = value.sample(rng, n) if isinstance(value, Range) else np.array([likely_of(value)])
    values = np.empty(n)
    step = max(1, BLOCK_CELLS // case.n_periods)
    for start in range(0, n, step):
        block = {k: (v[start : start + step] if v.size > 1 else v) for k, v in draws.items()}
        values[start : start + step] = _npv_of(case, block)
    check_finite_npv(values)
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    counts, edges = np.histogram(values, bins=HISTOGRAM_BINS)
    return SimulationResult(
        n_sim=int(n),
        seed=int(case.seed),
        mean=float(values.mean()),
        p10=float(p10),
        p50=float(p50),
        p90=float(p90),
        p_loss=float(np.mean(values < 0)),
        ranged_inputs=tuple(case.ranged_inputs()),
        histogram_edges=tuple(float(e) for e in edges),
        histogram_counts=tuple(int(c) for c in counts),
        npv_draws=values,
    )


def tornado(case: CaseSpec) -> tuple[float, tuple[TornadoBar, ...]]:
    """Base NPV and one bar per ranged input, widest swing first."""
    base = {k: np.array([likely_of(v)]) for k, v in case.inputs_by_name().items()}
    base_npv = float(_npv_of(case, base)[0])
    bars = []
    for name, value in case.ranged_inputs().items():
        low, _, high = value.points()
        at_low = float(_npv_of(case, {**base, name: np.array([low])})[0])
        at_high = float(_npv_of(case, {**base, name: np.array([high])})[0])
        bars.append(TornadoBar(name, low, high, at_low, at_high))
    check_finite_npv(np.array([base_npv, *[b.npv_at_low for b in bars], *[b.npv_at_high for b in bars]]))
    return base_npv, tuple(sorted(bars, key=lambda b: b.swing, reverse=True))
