"""ROI & Cost speed figures against targets: `python bench/roi.py` prints a table.

The machine is shared, so read the figures as rough; each is the best of a few runs.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lib.analysis import run
from lib.roi import DEFAULT_LEVERS, analyse_spend, case_from_spec, evaluate_case, irr, savings_plan, simulate_npv

SPEC = {
    "discount_rate": {"low": 0.06, "likely": 0.08, "high": 0.12},
    "period": "month",
    "horizon": 60,
    "build_cost": {"low": 300_000, "likely": 400_000, "high": 600_000},
    "run_cost": {"low": 12_000, "likely": 15_000, "high": 20_000},
    "benefit": {"low": 20_000, "likely": 45_000, "high": 55_000},
    "ramp_up_periods": 6,
}


def best_of(function: Callable[[], object], repeats: int = 3) -> float:
    """Best wall time in seconds over a few runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def synthetic_spend(rows: int, seed: int = 0) -> pd.DataFrame:
    """A spend export with many resources over 36 months."""
    rng = np.random.default_rng(seed)
    months = pd.date_range("2023-01-01", periods=36, freq="MS")
    return pd.DataFrame(
        {
            "date": rng.choice(months, rows).astype("datetime64[ns]").astype(str),
            "team": rng.choice([f"team-{i}" for i in range(20)], rows),
            "project": rng.choice([f"project-{i}" for i in range(200)], rows),
            "category": rng.choice(["training", "inference", "data", "other"], rows),
            "resource": rng.choice([f"resource-{i}" for i in range(2000)], rows),
            "cost": rng.gamma(2.0, 500.0, rows),
            "gpu_utilisation": rng.uniform(0, 1, rows),
            "predictions": rng.integers(0, 10**7, rows).astype(float),
        }
    )


def main() -> None:
    case = case_from_spec(SPEC)
    # The same case at its likely values: NPV, IRR and payback without the Monte Carlo.
    likely = case.replace(
        **{k: getattr(case, k).likely for k in ("discount_rate", "build_cost", "run_cost", "benefit")}
    )
    sample = pd.read_csv(Path(__file__).resolve().parent.parent / "sample_data" / "ml_spend.csv")
    big = synthetic_spend(100_000)
    flows = np.array([-400_000.0] + [30_000.0] * 60)
    rows = [
        ("investment case, 60 months (NPV, IRR, payback)", best_of(lambda: evaluate_case(likely)), 0.05),
        ("IRR alone, 61 flows", best_of(lambda: irr(flows)), 0.02),
        ("Monte Carlo, 10,000 draws x 61 periods", best_of(lambda: simulate_npv(case, n_sim=10_000)), 0.2),
        ("Monte Carlo, 100,000 draws x 61 periods", best_of(lambda: simulate_npv(case, n_sim=100_000)), 1.0),
        ("Monte Carlo, 1,000,000 draws x 61 periods", best_of(lambda: simulate_npv(case, n_sim=1_000_000), 1), 10.0),
        ("roi_case kind with ranges, 10,000 draws (run + tornado)", best_of(lambda: run(case)), 0.3),
        (
            "savings plan, 7 levers",
            best_of(lambda: savings_plan({"training": 1e6, "inference": 5e5}, DEFAULT_LEVERS)),
            0.05,
        ),
        ("spend analyser, sample (288 rows)", best_of(lambda: analyse_spend(sample, monthly_budget=250_000)), 1.0),
        ("spend analyser, 100,000 rows", best_of(lambda: analyse_spend(big, monthly_budget=5e6), repeats=1), 2.0),
    ]
    width = max(len(name) for name, _, _ in rows)
    print(f"{'what'.ljust(width)}  {'measured':>10}  {'target':>8}  ok")
    for name, seconds, target in rows:
        print(f"{name.ljust(width)}  {seconds:>9.3f}s  {target:>7.2f}s  {'yes' if seconds <= target else 'NO'}")


if __name__ == "__main__":
    main()
