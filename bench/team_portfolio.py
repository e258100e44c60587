"""Team & Portfolio: speed of the team-plan simulation, and how often the budget-for-k-wins claim fails.

1. Team plan: wall-clock seconds to simulate plans of growing size (people on day one plus
   requisitions) at 10,000 and 100,000 futures, against a target of 2 seconds for a 25-person
   plan at 10,000 futures (what the page runs on every edit).
2. Budget for k wins: for random portfolios (own chances and team-rate experiments mixed), the
   claim "funding the top of the ranking to this budget gives at least k wins with confidence c"
   is checked by drawing outcomes (the shared team rate drawn once per future). The table shows
   the stated chance, the simulated share, how often the simulated share falls short of the
   confidence (should be about 0 % beyond noise) and how often one experiment fewer would already
   have reached it (should be 0 %: the budget is the smallest that does).

Run: ``python bench/team_portfolio.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.analysis import make_provenance
from lib.roi import Range
from lib.team import (
    Hire,
    Hypothesis,
    PortfolioSpec,
    RolePlan,
    TeamPlanSpec,
    default_role_plans,
    run_plan,
    run_portfolio,
)

TARGET_SECONDS = 2.0
PROVENANCE = make_provenance(parameters={})


def time_plan(size: int, hires: int, n_sim: int) -> float:
    roles = tuple(
        RolePlan(p.role, cost=p.cost, time_to_hire=Range(1.0, 3.0, 6.0), attrition=0.15) for p in default_role_plans()
    )
    per_role = max(1, hires // 3)
    spec = TeamPlanSpec(
        team_size=size,
        quarters=8,
        roles=roles,
        hires=(
            Hire("ml_engineer", 1, per_role),
            Hire("data_engineer", 3, per_role),
            Hire("mlops_engineer", 5, per_role),
        ),
        n_sim=n_sim,
    )
    run_plan(spec, provenance=PROVENANCE)  # warm-up
    start = time.perf_counter()
    run_plan(spec, provenance=PROVENANCE)
    return time.perf_counter() - start


def claim_check(seed: int, *, draws: int = 100_000) -> tuple[float, float, bool, bool] | None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 25))
    hypotheses = tuple(
        Hypothesis(
            f"e{i}",
            compute_cost=float(rng.uniform(1e3, 1e5)),
            value=float(rng.uniform(1e4, 1e6)),
            p_success=None if rng.random() < 0.4 else float(rng.uniform(0.05, 0.9)),
        )
        for i in range(n)
    )
    spec = PortfolioSpec(
        hypotheses=hypotheses,
        min_wins=int(rng.integers(1, max(2, n // 3))),
        confidence=float(rng.choice([0.7, 0.8, 0.9])),
        history_wins=int(rng.integers(0, 10)),
        history_trials=20,
    )
    result = run_portfolio(spec, provenance=PROVENANCE)
    ranked = result.budget_for_k_wins.ranked
    if not ranked.reachable:
        return None
    rate = result.team_rate
    chances = {h.name: h.p_success for h in spec.hypotheses}

    def share(funded: tuple[str, ...]) -> float:
        shared = rng.beta(rate.a, rate.b, draws)
        wins = np.zeros(draws)
        for name in funded:
            p = shared if chances[name] is None else chances[name]
            wins += rng.random(draws) < p
        return float(np.mean(wins >= spec.min_wins))

    simulated = share(ranked.funded)
    noise = 3 * np.sqrt(spec.confidence * (1 - spec.confidence) / draws)
    short = simulated < spec.confidence - noise
    earlier = len(ranked.funded) > 1 and share(ranked.funded[:-1]) >= spec.confidence + noise
    return ranked.probability, simulated, short, earlier


def main() -> None:
    print("Team plan simulation (8 quarters, attrition 15 %/yr, backfill on)")
    print(f"{'people':>8} {'requisitions':>13} {'futures':>9} {'seconds':>9} {'target':>8}")
    for size, hires, n_sim in [
        (15, 6, 10_000),
        (25, 9, 10_000),
        (100, 30, 10_000),
        (25, 9, 100_000),
        (500, 150, 10_000),
    ]:
        seconds = time_plan(size, hires, n_sim)
        target = f"{TARGET_SECONDS:.1f}" if (size, n_sim) == (25, 10_000) else "-"
        print(f"{size:>8,} {hires:>13,} {n_sim:>9,} {seconds:>9.2f} {target:>8}")
    print()
    print("Budget for k wins: the claim against simulated outcomes (random portfolios)")
    checks = [c for c in (claim_check(seed) for seed in range(200)) if c is not None]
    gaps = np.array([abs(stated - simulated) for stated, simulated, _, _ in checks])
    print(f"{'portfolios':>11} {'max |stated - simulated|':>25} {'falls short':>12} {'fewer would do':>15}")
    print(
        f"{len(checks):>11} {gaps.max():>25.4f} {np.mean([c[2] for c in checks]):>12.1%} "
        f"{np.mean([c[3] for c in checks]):>15.1%}"
    )


if __name__ == "__main__":
    main()
