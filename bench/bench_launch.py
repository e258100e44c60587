"""How often the A/B readout's decision is wrong, and what peeking does to it.

Simulates conversion tests with a known true effect and reads each out with the same rule the
Launch page and ``python -m lib abtest readout`` use. Prints:

- for tests sized by ``abtest size`` for a 10 % and a 20 % relative lift on a 5 % baseline
  (80 % power, 5 % two-sided): how often the readout says *ship* with no true effect (target:
  about 2.5 %, one tail of a 5 % two-sided test, within Monte Carlo error), at the planned lift (target: about 80 %),
  and at half of it;
- how often a harmful change (the treatment 10 % worse) is shipped (target: 0 %);
- peeking: over 20 looks at a null effect, how often a fixed 95 % interval excludes zero at
  some look, against the always-valid (mSPRT) interval the sequential readout uses (target:
  at most 5 %).

Run: ``python bench/bench_launch.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.analysis import provenance_for
from lib.launch import ArmStats, DesignSpec, ReadoutSpec, msprt_half_width, run_design, run_readout

BASELINE = 0.05


def ship_rate(n: int, lift: float, runs: int, seed: int) -> float:
    """Share of simulated tests of ``n`` units per arm that the readout ships."""
    rng = np.random.default_rng(seed)
    control = rng.binomial(n, BASELINE, runs)
    treatment = rng.binomial(n, BASELINE * (1 + lift), runs)
    ships = 0
    for c, t in zip(control, treatment, strict=True):
        spec = ReadoutSpec(control_stats=ArmStats(n, int(c)), treatment_stats=ArmStats(n, int(t)))
        ships += run_readout(spec, None, provenance=provenance_for(spec)).decision == "ship"
    return ships / runs


def peeking(runs: int, seed: int, *, looks: int = 20, step: int = 500) -> tuple[float, float]:
    """Share of null tests declared significant at some look: fixed interval, always-valid interval."""
    rng = np.random.default_rng(seed)
    fixed = valid = 0
    n = np.arange(1, looks + 1) * step
    variance = 2.0 / n
    for _ in range(runs):
        a = rng.normal(0, 1, looks * step).cumsum()[step - 1 :: step]
        b = rng.normal(0, 1, looks * step).cumsum()[step - 1 :: step]
        diff = b / n - a / n
        fixed += bool((np.abs(diff) > 1.959964 * np.sqrt(variance)).any())
        valid += any(abs(d) > msprt_half_width(v, 0.1, 0.05) for d, v in zip(diff, variance, strict=True))
    return fixed / runs, valid / runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000, help="simulated tests per row (default 1000)")
    runs = parser.parse_args().runs
    print(f"A/B readout decisions, {runs:,} simulated tests per row, baseline {BASELINE:.0%}\n")
    print(f"{'planned lift':>12} {'n per arm':>10} {'true lift':>10} {'P(ship)':>8} {'target':>14} {'seconds':>8}")
    for planned in (0.10, 0.20):
        design = DesignSpec(baseline=BASELINE, mde=planned, relative=True)
        n = run_design(design, provenance=provenance_for(design)).n_per_arm
        for true, target in ((0.0, "about 2.5 %"), (planned / 2, "(between)"), (planned, "about 80 %"), (-0.10, "0 %")):
            start = time.perf_counter()
            rate = ship_rate(n, true, runs, seed=int(1000 * planned + 100 * true + 7))
            seconds = time.perf_counter() - start
            print(f"{planned:>12.0%} {n:>10,} {true:>10.0%} {rate:>8.1%} {target:>14} {seconds:>8.2f}")
    fixed, valid = peeking(max(runs // 2, 100), seed=5)
    print("\nPeeking: 20 looks at a null effect, share declared significant at some look")
    print(f"{'fixed 95 % interval':>28}: {fixed:6.1%}  (what peeking does to a fixed test)")
    print(f"{'always-valid interval':>28}: {valid:6.1%}  (target <= 5 %)")


if __name__ == "__main__":
    main()
