"""Experiment portfolios: expected wins and their distribution, budget for k wins, value per dollar.

Experiments with their own chance of success are independent (their wins follow a
Poisson-binomial distribution, a binomial when the chances are equal). Experiments that take the
team's success rate share one uncertain rate, a Beta posterior from the prior and the team's
history, so their wins follow a beta-binomial distribution; the portfolio's wins are the sum.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lib.analysis import Record, Result, json_meta
from lib.provenance import Provenance
from lib.team._roles import DEFAULT_SUCCESS_PRIOR, SUCCESS_PRIOR_SOURCE
from lib.team._specs import Hypothesis, PortfolioSpec
from lib.team._wins import (
    at_least_with_shared_rate,
    beta_binomial_pmf,
    beta_interval,
    experiments_for_wins,
    poisson_binomial_pmf,
    quantile,
    survival,
)


@dataclass(frozen=True)
class TeamRate(Record):
    """The team's success rate: a Beta prior updated with its own history.

    Attributes
    ----------
    prior_a, prior_b : float
        ``prior_mean × prior_strength`` and ``(1 - prior_mean) × prior_strength``.
    history_wins, history_trials : int
    a, b : float
        The posterior: ``prior_a + wins`` and ``prior_b + trials - wins``.
    mean : float
        ``a / (a + b)``: the chance given to experiments without their own.
    interval : tuple of float
        Central credible interval at ``level``.
    level : float
    source : str
        Where the prior's centre comes from.
    """

    prior_a: float
    prior_b: float
    history_wins: int
    history_trials: int
    a: float
    b: float
    mean: float
    interval: tuple[float, float]
    level: float
    source: str


@dataclass(frozen=True)
class RankedExperiment(Record):
    """One experiment in the value-per-dollar ranking.

    Attributes
    ----------
    rank : int
    name : str
    cost : float
        Dollars: compute plus person-weeks at the portfolio's rate.
    p_success : float
    chance_from : str
        ``own`` or ``team rate``.
    value : float
        Dollars if it succeeds.
    expected_value : float
        ``p_success × value``.
    net_value : float
        ``expected_value - cost``.
    value_per_dollar : float
        ``expected_value / cost``.
    weeks_to_result : float
    net_value_per_week : float
        ``net_value / weeks_to_result``: what waiting for the result costs, or earns, per week.
    cumulative_cost : float
        Cost of this experiment and every one ranked above it.
    p_at_least_k : float
        Chance of at least ``min_wins`` wins when this one and every one above it are funded.
    """

    rank: int
    name: str
    cost: float
    p_success: float
    chance_from: str
    value: float
    expected_value: float
    net_value: float
    value_per_dollar: float
    weeks_to_result: float
    net_value_per_week: float
    cumulative_cost: float
    p_at_least_k: float


@dataclass(frozen=True)
class TypicalBudget(Record):
    """Budget for k wins from experiments like the average one (the negative-binomial answer).

    ``experiments_needed`` is None when the chance of success is 0 (or the answer passes a billion).
    """

    p_success: float
    cost_per_experiment: float
    experiments_needed: int | None
    budget: float | None


@dataclass(frozen=True)
class RankedBudget(Record):
    """Budget for k wins funding this list in ranking order until the confidence is reached.

    ``reachable`` is False when even the whole list falls short; ``budget`` and
    ``experiments`` then describe the whole list.
    """

    reachable: bool
    experiments: int
    budget: float
    probability: float
    funded: tuple[str, ...]


@dataclass(frozen=True)
class BudgetForWins(Record):
    """How much to spend for at least ``k`` wins with the given confidence, two ways."""

    k: int
    confidence: float
    typical: TypicalBudget
    ranked: RankedBudget


@dataclass(frozen=True)
class PortfolioValue(Record):
    """Dollars: expected value if every experiment runs, the cost, and the net (``roi`` = net / cost)."""

    expected_value: float
    cost: float
    net: float
    roi: float


@dataclass(frozen=True)
class PortfolioResult(Result):
    """An experiment portfolio's wins, budget for k wins, value and ranking.

    JSON: ``expected_wins``; ``wins`` (P10 / P50 / P90); ``p_at_least`` (k -> chance of at least k
    wins, k from 0 to the number of experiments); ``budget_for_k_wins``; ``value``; ``ranking``
    (best value per dollar first); ``team_rate``.
    """

    n_experiments: int
    min_wins: int
    confidence: float
    expected_wins: float
    wins: dict[str, int]
    p_at_least: dict[str, float]
    budget_for_k_wins: BudgetForWins
    value: PortfolioValue
    ranking: tuple[RankedExperiment, ...]
    team_rate: TeamRate
    uses_team_rate: int
    provenance: Provenance
    wins_pmf: tuple[float, ...] = field(default=(), metadata=json_meta(omit=True), compare=False)

    def ranking_frame(self) -> pd.DataFrame:
        """The ranking as a table."""
        return pd.DataFrame([r.to_dict() for r in self.ranking])

    def wins_frame(self) -> pd.DataFrame:
        """Wins from 0 to n: the chance of exactly that many (when known) and of at least that many."""
        at_least = [self.p_at_least[str(k)] for k in range(self.n_experiments + 1)]
        exact = list(self.wins_pmf) or [a - b for a, b in zip(at_least, [*at_least[1:], 0.0], strict=True)]
        return pd.DataFrame({"wins": range(self.n_experiments + 1), "p_exactly": exact, "p_at_least": at_least})


def team_rate(spec: PortfolioSpec) -> TeamRate:
    """The Beta posterior of the team's success rate, with its credible interval."""
    prior_a = spec.prior_mean * spec.prior_strength
    prior_b = (1.0 - spec.prior_mean) * spec.prior_strength
    a = prior_a + spec.history_wins
    b = prior_b + spec.history_trials - spec.history_wins
    return TeamRate(
        prior_a=prior_a,
        prior_b=prior_b,
        history_wins=spec.history_wins,
        history_trials=spec.history_trials,
        a=a,
        b=b,
        mean=a / (a + b),
        interval=beta_interval(a, b, spec.interval),
        level=spec.interval,
        source=f"prior centred on {spec.prior_mean:.0%} success"
        + (
            f" (about 70 % of experiments fail: {SUCCESS_PRIOR_SOURCE.label()})"
            if abs(spec.prior_mean - DEFAULT_SUCCESS_PRIOR) < 1e-12
            else " (the team's own choice)"
        ),
    )


def _value_per_dollar(spec: PortfolioSpec, h: Hypothesis, p: float) -> float:
    return p * h.value / spec.cost_of(h)


def _ranked_order(spec: PortfolioSpec, chances: dict[str, float]) -> list[Hypothesis]:
    # Best value per dollar first; ties by name, so the order never depends on the input's order.
    return sorted(spec.hypotheses, key=lambda h: (-_value_per_dollar(spec, h, chances[h.name]), h.name))


def _prefix_chances(spec: PortfolioSpec, order: list[Hypothesis], rate: TeamRate) -> list[float]:
    """P(at least k wins) when the first 1, 2, ... experiments of ``order`` are funded."""
    own_pmf = np.ones(1)
    shared, out = 0, []
    for h in order:
        if h.p_success is None:
            shared += 1
        else:
            grown = np.zeros(own_pmf.size + 1)
            grown[:-1] += own_pmf * (1.0 - h.p_success)
            grown[1:] += own_pmf * h.p_success
            own_pmf = grown
        out.append(at_least_with_shared_rate(survival(own_pmf), shared, rate.a, rate.b, spec.min_wins))
    return out


def run_portfolio(spec: PortfolioSpec, *, provenance: Provenance) -> PortfolioResult:
    """Wins, budget for k wins, value and ranking of a portfolio.

    Parameters
    ----------
    spec : PortfolioSpec
    provenance : Provenance

    Returns
    -------
    PortfolioResult
    """
    rate = team_rate(spec)
    chances = {h.name: rate.mean if h.p_success is None else h.p_success for h in spec.hypotheses}
    own = [h.p_success for h in spec.hypotheses if h.p_success is not None]
    shared = len(spec.hypotheses) - len(own)
    pmf = np.convolve(poisson_binomial_pmf(own), beta_binomial_pmf(shared, rate.a, rate.b) if shared else [1.0])
    pmf = np.clip(pmf, 0.0, None)
    pmf = pmf / pmf.sum()
    at_least = survival(pmf)
    at_least[0] = 1.0  # at least no wins is certain; the sum of the pmf may round below 1
    p_k = at_least[spec.min_wins] if spec.min_wins < at_least.size else 0.0
    order = _ranked_order(spec, chances)
    prefix = _prefix_chances(spec, order, rate)
    costs = np.cumsum([spec.cost_of(h) for h in order])
    ranking = tuple(
        RankedExperiment(
            rank=i + 1,
            name=h.name,
            cost=spec.cost_of(h),
            p_success=chances[h.name],
            chance_from="team rate" if h.p_success is None else "own",
            value=h.value,
            expected_value=chances[h.name] * h.value,
            net_value=chances[h.name] * h.value - spec.cost_of(h),
            value_per_dollar=_value_per_dollar(spec, h, chances[h.name]),
            weeks_to_result=h.weeks_to_result,
            net_value_per_week=(chances[h.name] * h.value - spec.cost_of(h)) / h.weeks_to_result,
            cumulative_cost=float(costs[i]),
            p_at_least_k=prefix[i],
        )
        for i, h in enumerate(order)
    )
    total_cost = float(costs[-1])
    gross = float(sum(r.expected_value for r in ranking))
    return PortfolioResult(
        n_experiments=len(spec.hypotheses),
        min_wins=spec.min_wins,
        confidence=spec.confidence,
        expected_wins=float(sum(chances.values())),
        wins={f"p{q}": quantile(pmf, q / 100) for q in (10, 50, 90)},
        # Every count from 0 to n, and the wins wanted even when the list is shorter (a chance of 0).
        p_at_least={str(k): float(v) for k, v in enumerate(at_least)} | {str(spec.min_wins): float(p_k)},
        budget_for_k_wins=budget_for_wins(spec, chances, ranking),
        value=PortfolioValue(
            expected_value=gross, cost=total_cost, net=gross - total_cost, roi=(gross - total_cost) / total_cost
        ),
        ranking=ranking,
        team_rate=rate,
        uses_team_rate=shared,
        provenance=provenance,
        wins_pmf=tuple(float(v) for v in pmf),
    )


def budget_for_wins(
    spec: PortfolioSpec, chances: dict[str, float], ranking: tuple[RankedExperiment, ...]
) -> BudgetForWins:
    """The budget for at least ``min_wins`` wins at ``confidence``: like the average experiment, and down the ranking."""
    mean_p = float(np.mean(list(chances.values())))
    mean_cost = float(np.mean([spec.cost_of(h) for h in spec.hypotheses]))
    needed = experiments_for_wins(spec.min_wins, mean_p, spec.confidence)
    typical = TypicalBudget(
        p_success=mean_p,
        cost_per_experiment=mean_cost,
        experiments_needed=needed,
        budget=None if needed is None else needed * mean_cost,
    )
    reached = next((r for r in ranking if r.p_at_least_k >= spec.confidence), None)
    last = reached or ranking[-1]
    ranked = RankedBudget(
        reachable=reached is not None,
        experiments=last.rank,
        budget=last.cumulative_cost,
        probability=last.p_at_least_k,
        funded=tuple(r.name for r in ranking[: last.rank]),
    )
    return BudgetForWins(k=spec.min_wins, confidence=spec.confidence, typical=typical, ranked=ranked)


def budget_within(spec: PortfolioSpec, budget: float) -> tuple[int, float]:
    """Experiments funded down the ranking within ``budget`` (stopping at the first that does not fit).

    Parameters
    ----------
    spec : PortfolioSpec
    budget : float
        Dollars.

    Returns
    -------
    (int, float)
        Experiments funded and the chance of at least ``min_wins`` wins from them.
    """
    rate = team_rate(spec)
    chances = {h.name: rate.mean if h.p_success is None else h.p_success for h in spec.hypotheses}
    order = _ranked_order(spec, chances)
    costs = np.cumsum([spec.cost_of(h) for h in order])
    funded = int(np.searchsorted(costs, budget, side="right"))
    if funded == 0:
        return 0, 0.0
    return funded, _prefix_chances(spec, order[:funded], rate)[-1]
