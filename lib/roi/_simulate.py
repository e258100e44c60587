"""Uncertainty: Monte Carlo over ranged inputs, and a one-at-a-time tornado."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lib.errors import InputError
from lib.provenance import Provenance, make_provenance
from lib.roi._case import InvestmentCase
from lib.roi._cashflow import npv
from lib.roi._ranges import Range, likely_of

MIN_SIMULATIONS = 10_000
MAX_SIMULATIONS = 2_000_000


@dataclass(frozen=True)
class SimulationResult:
    """The NPV distribution of a case whose inputs are ranges.

    Attributes
    ----------
    n_sim : int
        Number of draws.
    mean, p10, p50, p90 : float
        Mean and percentiles of NPV in dollars.
    p_loss : float
        Share of draws with NPV below zero.
    npv_draws : numpy.ndarray
        Every simulated NPV (kept for charts; not in ``to_dict``).
    """

    n_sim: int
    seed: int
    mean: float
    p10: float
    p50: float
    p90: float
    p_loss: float
    ranged_inputs: tuple[str, ...]
    npv_draws: np.ndarray = field(repr=False, compare=False)
    provenance: Provenance = field(compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (without the raw draws)."""
        return {
            "n_sim": self.n_sim,
            "seed": self.seed,
            "mean": self.mean,
            "p10": self.p10,
            "p50": self.p50,
            "p90": self.p90,
            "p_loss": self.p_loss,
            "ranged_inputs": list(self.ranged_inputs),
        }


def simulate_npv(case: InvestmentCase, *, n_sim: int = MIN_SIMULATIONS, seed: int = 0) -> SimulationResult:
    """Draw every ranged input ``n_sim`` times at once and compute NPV per draw.

    Inputs are drawn independently; fixed inputs stay at their value.

    Raises
    ------
    InputError
        Fewer than 10,000 draws, or more than two million.
    """
    if not MIN_SIMULATIONS <= int(n_sim) <= MAX_SIMULATIONS:
        raise InputError(
            "the number of simulations is out of range",
            expected=f"{MIN_SIMULATIONS:,} to {MAX_SIMULATIONS:,}",
            found=f"{n_sim}",
        )
    rng = np.random.default_rng(seed)
    draws = {}
    for name, value in case.inputs().items():
        # Draws come from one seeded generator in a fixed input order, so a seed replays exactly.
        draws[name] = value.sample(rng, n_sim) if isinstance(value, Range) else np.full(n_sim, likely_of(value))
    values = _npv_of(case, draws)
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return SimulationResult(
        n_sim=int(n_sim),
        seed=int(seed),
        mean=float(values.mean()),
        p10=float(p10),
        p50=float(p50),
        p90=float(p90),
        p_loss=float(np.mean(values < 0)),
        ranged_inputs=tuple(case.ranged_inputs()),
        npv_draws=values,
        provenance=make_provenance(parameters={**case.to_dict(), "n_sim": int(n_sim)}, seed=int(seed)),
    )


def _npv_of(case: InvestmentCase, draws: dict[str, np.ndarray]) -> np.ndarray:
    flows = case.flows_for(draws)
    return np.asarray(npv(case.rate_for(draws["discount_rate"]), flows), dtype=float).reshape(-1)


@dataclass(frozen=True)
class TornadoBar:
    """NPV with one input at its low and at its high value, the others at likely."""

    input: str
    low_value: float
    high_value: float
    npv_at_low: float
    npv_at_high: float

    @property
    def swing(self) -> float:
        """Width of the bar in dollars."""
        return abs(self.npv_at_high - self.npv_at_low)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "input": self.input,
            "low_value": self.low_value,
            "high_value": self.high_value,
            "npv_at_low": self.npv_at_low,
            "npv_at_high": self.npv_at_high,
            "swing": self.swing,
        }


def tornado(case: InvestmentCase) -> tuple[float, tuple[TornadoBar, ...]]:
    """Base NPV and one bar per ranged input, widest swing first."""
    base = {k: np.array([likely_of(v)]) for k, v in case.inputs().items()}
    base_npv = float(_npv_of(case, base)[0])
    bars = []
    for name, value in case.ranged_inputs().items():
        at_low = float(_npv_of(case, {**base, name: np.array([value.low])})[0])
        at_high = float(_npv_of(case, {**base, name: np.array([value.high])})[0])
        bars.append(TornadoBar(name, value.low, value.high, at_low, at_high))
    return base_npv, tuple(sorted(bars, key=lambda b: b.swing, reverse=True))
