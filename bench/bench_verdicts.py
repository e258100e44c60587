"""How often the bias audit's verdicts are wrong: false fails on fair models, power on unfair ones.

Simulates models with known true rates (``lib.fairness._simulate``) and audits
their confusion counts. Prints, for each number of groups and rows per group:

- the false-fail rate of ``demographic_parity_difference`` and the worst of all nine
  disparities on fair models (target: at most 5 %), and of the whole release gate;
- the power against a true demographic parity gap of 0.2 (target: at least 95 % at 1,000 rows);
- how often a clearly unfair model (gap 0.3) passes (target: at most 5 %).

Run: ``python bench/bench_verdicts.py [--reps N]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.fairness import DISPARITIES, FAIL, PASS, audit_counts
from lib.fairness._simulate import simulated_counts

NAMES = list(DISPARITIES)
DP = NAMES.index("demographic_parity_difference")


def rates(groups: int, rows: int, tpr, fpr, reps: int) -> tuple[np.ndarray, np.ndarray, float]:
    fails, passes, gate_fails = np.zeros(len(NAMES)), np.zeros(len(NAMES)), 0
    values = [(f"g{i}",) for i in range(groups)]
    for rep in range(reps):
        counts = simulated_counts(
            rows_per_group=rows, true_positive_rates=tpr, false_positive_rates=fpr, seed=(groups, rows, rep, 7)
        )
        result = audit_counts(counts, values, columns=["g"], n_boot=200, seed=rep)
        verdicts = [d.verdict for d in result.disparities]
        fails += [v == FAIL for v in verdicts]
        passes += [v == PASS for v in verdicts]
        gate_fails += FAIL in verdicts
    return fails / reps, passes / reps, gate_fails / reps


def unfair(groups: int, gap: float) -> tuple[np.ndarray, np.ndarray]:
    # Two groups apart by `gap` in selection rate (through both TPR and FPR), the others in between.
    low_t, low_f = 0.45, 0.2
    high_t, high_f = low_t + gap * 1.5, low_f + gap * 0.65
    middle_t, middle_f = (low_t + high_t) / 2, (low_f + high_f) / 2
    return np.r_[low_t, high_t, np.full(groups - 2, middle_t)], np.r_[low_f, high_f, np.full(groups - 2, middle_f)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=200, help="simulated audits per cell (default 200)")
    args = parser.parse_args()
    started = time.perf_counter()
    print("Fair models (equal true rates in every group); limit 0.1 for differences, 0.8 for ratios")
    print(f"{'groups':>6} {'rows/group':>10} | {'DP diff false-fail':>18} {'worst of 9':>10} {'gate false-fail':>15}")
    for groups in (2, 5, 9, 20):
        for rows in (30, 45, 100, 1000, 10_000):
            fails, _, gate = rates(groups, rows, [0.7] * groups, [0.2] * groups, args.reps)
            print(f"{groups:>6} {rows:>10,} | {fails[DP]:>18.1%} {fails.max():>10.1%} {gate:>15.1%}")
    print("\nTarget: at most 5.0 % per verdict on fair models.\n")
    print("Unfair models: power (fail) against a true demographic parity gap, and how often they pass")
    print(f"{'groups':>6} {'rows/group':>10} {'gap':>5} | {'DP diff fails':>13} {'DP diff passes':>14}")
    for groups in (2, 5, 9, 20):
        for rows, gap in ((1000, 0.2), (100, 0.3), (40, 0.3)):
            tpr, fpr = unfair(groups, gap)
            fails, passes, _ = rates(groups, rows, tpr, fpr, max(args.reps // 2, 20))
            print(f"{groups:>6} {rows:>10,} {gap:>5.1f} | {fails[DP]:>13.1%} {passes[DP]:>14.1%}")
    print("\nTargets: at least 95 % fails for a gap of 0.2 at 1,000 rows per group; at most 5 % passes when unfair.")
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
