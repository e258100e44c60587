"""Savings plan: cost levers applied to a monthly baseline by category, without double counting, over time.

Levers on the same spend combine multiplicatively: two 50 % cuts leave 25 % of the cost (a 75 %
saving), never 100 %. Each lever first reaches only the share of its category it ``applies_to``,
and only the share that adopts it (``adoption``); lever i then cuts ``applies_to × adoption ×
saving`` of what the levers before it left.

Over time: each lever costs its implementation up front and starts saving after its start
delay (part-way through a month for a fractional delay). The plan's net saving over the horizon
is the monthly savings added up (undiscounted) minus the implementation costs; payback is the
first month the running total reaches zero. The Monte Carlo draws every lever's saving (PERT
between low and high), adoption, start delay and implementation cost once per simulated future,
as the investment cases do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from lib.analysis import Provenance, Record, Result, json_field, json_meta, provenance_for
from lib.roi._checks import number
from lib.roi._compare import Spread, spread_of_draws
from lib.roi._ranges import Range, Value, likely_of
from lib.roi._sensitivity import SensitivityRow, sensitivity
from lib.roi._simulate import INDEPENDENT, draw_inputs
from lib.roi._specs import CATEGORIES, Lever, SavingsSpec
from lib.roi._tables import value_from_text

LEVELS = ("low", "likely", "high")
LEVER_COLUMNS = (
    "name", "category", "applies_to", "low", "likely", "high", "implementation_cost", "start_delay_months", "adoption",
)  # fmt: skip
BLOCK_CELLS = 2_000_000
TIMING = (
    "Each lever's implementation cost is paid up front; its saving starts after its start delay (part-way through "
    "a month for a fractional delay). Net saving = the monthly savings over the horizon, undiscounted, minus the "
    "implementation costs; payback is the first month the running total reaches zero."
)


@dataclass(frozen=True)
class SavingsSimulation(Record):
    """The plan over simulated futures: each lever's saving, adoption, delay and cost drawn once per future.

    Attributes
    ----------
    n_sim, seed : int
    dependence : str
    run_rate : Spread
        Monthly saving once every lever is live, dollars.
    net_saving : Spread
        Savings over the horizon minus implementation costs, dollars.
    p_net_positive : float
        Share of futures where the plan pays back within the horizon.
    payback_month : dict
        ``p10``, ``p50``, ``p90`` of the payback month (None: not within the horizon).
    sensitivity : tuple of SensitivityRow
        Which inputs the net saving's spread comes from.
    """

    n_sim: int
    seed: int
    dependence: str
    run_rate: Spread
    net_saving: Spread
    p_net_positive: float
    payback_month: dict[str, int | None]
    sensitivity: tuple[SensitivityRow, ...]


@dataclass(frozen=True)
class SavingsPlan(Result):
    """Savings per lever and per category at low, likely and high values, and over time.

    Attributes
    ----------
    baseline : dict
        Monthly spend by category, dollars.
    total_baseline : float
        Monthly spend over all categories, dollars.
    total_saving : dict
        ``low``, ``likely`` and ``high`` monthly savings once every lever is live (adoption counted), dollars.
    by_category : pandas.DataFrame
        Spend, saving range and spend after, per category.
    levers : pandas.DataFrame
        One row per lever: category, reach, saving range, likely implementation cost, start delay and
        adoption, and the dollars it saves a month (``saving_low``, ``saving_likely``, ``saving_high``)
        after the levers listed before it on the same category.
    provenance : Provenance
    months : int
        The horizon, months.
    implementation_cost : float
        Every lever's implementation cost at likely values, dollars.
    by_month : pandas.DataFrame
        Likely values month by month: ``month``, ``saving``, ``cumulative_net`` (savings to date minus
        implementation).
    net_saving : float
        Over the horizon at likely values, dollars.
    payback_month : int or None
        First month the running total reaches zero at likely values.
    timing : str
        How implementation and delays are counted, in words.
    simulation : SavingsSimulation or None
    """

    baseline: dict[str, float]
    total_baseline: float
    total_saving: dict[str, float]
    by_category: pd.DataFrame
    levers: pd.DataFrame
    provenance: Provenance = json_field(compare=False)
    months: int = 0
    implementation_cost: float = 0.0
    by_month: pd.DataFrame = field(default_factory=pd.DataFrame)
    net_saving: float = 0.0
    payback_month: int | None = None
    timing: str = TIMING
    simulation: SavingsSimulation | None = field(default=None, metadata=json_meta(omit_none=True))

    @property
    def total_low(self) -> float:
        """Monthly saving with every lever at its low value, dollars."""
        return self.total_saving["low"]

    @property
    def total_likely(self) -> float:
        """Monthly saving with every lever at its likely value, dollars."""
        return self.total_saving["likely"]

    @property
    def total_high(self) -> float:
        """Monthly saving with every lever at its high value, dollars."""
        return self.total_saving["high"]


def combined_saving_share(cuts: Sequence[float]) -> float:
    """Share of a spend removed by several cuts on it: ``1 - prod(1 - cut)``.

    Examples
    --------
    >>> combined_saving_share([0.5, 0.5])
    0.75
    """
    remaining = 1.0
    for cut in cuts:
        remaining *= 1.0 - cut
    return 1.0 - remaining


def levers_from_records(records: Sequence[Mapping[str, Any]]) -> tuple[Lever, ...]:
    """Levers from table rows (as edited on the page), each cell read as a number.

    ``implementation_cost``, ``start_delay_months`` and ``adoption`` may be missing (0, 0 and 1), a number,
    or ``low / likely / high`` text (a PERT range).

    Raises
    ------
    InputError
        A cell that is not a number, or a lever out of range, naming the lever.
    """
    levers = []
    for i, row in enumerate(records):
        name = str(row.get("name") or f"lever {i + 1}")
        levers.append(
            Lever(
                name=name,
                category=str(row.get("category", "")).strip().lower(),
                **{k: number(row.get(k), field=f"{name}: {k}") for k in ("applies_to", *LEVELS)},
                implementation_cost=value_from_text(
                    row.get("implementation_cost"), where=f"{name}: implementation_cost", default=0.0
                ),
                start_delay_months=value_from_text(
                    row.get("start_delay_months"), where=f"{name}: start_delay_months", default=0.0
                ),
                adoption=value_from_text(row.get("adoption"), where=f"{name}: adoption", default=1.0),
            )
        )
    return tuple(levers)


def lever_inputs(levers: Sequence[Lever]) -> dict[str, Value]:
    """Every uncertain quantity of the levers by name, in the order the Monte Carlo draws them."""
    out: dict[str, Value] = {}
    seen: dict[str, int] = {}
    for lever in levers:
        seen[lever.name] = seen.get(lever.name, 0) + 1
        label = lever.name if seen[lever.name] == 1 else f"{lever.name} ({seen[lever.name]})"
        out[f"{label}: saving"] = Range(lever.low, lever.likely, lever.high) if lever.high > lever.low else lever.likely
        out[f"{label}: adoption"] = lever.adoption
        out[f"{label}: start delay"] = lever.start_delay_months
        out[f"{label}: implementation"] = lever.implementation_cost
    return out


def plan_months(spec: SavingsSpec, values: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Monthly saving (n, months), run-rate saving (n,) and implementation cost (n,) from lever values.

    Parameters
    ----------
    spec : SavingsSpec
    values : mapping
        :func:`lever_inputs` names -> draws (or one value each).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, numpy.ndarray)
    """
    names = list(lever_inputs(spec.levers))
    month = np.arange(1, spec.months + 1, dtype=float)[None, :]
    size = max(np.asarray(v).size for v in values.values()) if values else 1
    monthly = np.zeros((size, spec.months))
    run_rate = np.zeros(size)
    cost = np.zeros(size)
    for category in CATEGORIES:
        left = np.full((size, spec.months), spec.baseline[category])
        left_full = np.full(size, spec.baseline[category])
        for i, lever in enumerate(spec.levers):
            if lever.category != category:
                continue
            saving, adoption, delay, implementation = (
                np.asarray(values[names[4 * i + k]], dtype=float).reshape(-1, 1) for k in range(4)
            )
            cut = lever.applies_to * saving * adoption
            live = np.clip(month - delay, 0.0, 1.0)
            now = left * cut * live
            monthly += now
            left = left - now
            full = left_full * cut[:, 0]
            run_rate += full
            left_full = left_full - full
            cost += implementation[:, 0]
    return monthly, run_rate, cost


def payback_months(monthly: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """First month (1-based) the savings to date cover the implementation cost; 0 where they never do."""
    running = np.cumsum(monthly, axis=-1) - cost.reshape(-1, 1)
    reached = running >= 0
    return np.where(reached.any(axis=-1), np.argmax(reached, axis=-1) + 1, 0)


def _simulate(spec: SavingsSpec) -> SavingsSimulation:
    rng = np.random.default_rng(spec.seed)
    draws = draw_inputs(lever_inputs(spec.levers), (), spec.n_sim, rng)
    net, rate, paid = np.empty(spec.n_sim), np.empty(spec.n_sim), np.empty(spec.n_sim, dtype=int)
    step = max(1, BLOCK_CELLS // spec.months)
    for start in range(0, spec.n_sim, step):
        block = {k: (v[start : start + step] if v.size > 1 else v) for k, v in draws.items()}
        monthly, run_rate, cost = plan_months(spec, block)
        size = min(step, spec.n_sim - start)
        net[start : start + size] = np.broadcast_to(monthly.sum(axis=-1) - cost, (size,))
        rate[start : start + size] = np.broadcast_to(run_rate, (size,))
        paid[start : start + size] = np.broadcast_to(payback_months(monthly, cost), (size,))
    later = np.where(paid == 0, spec.months + 1, paid)
    points = np.percentile(later, [10, 50, 90], method="inverted_cdf")
    return SavingsSimulation(
        n_sim=spec.n_sim,
        seed=spec.seed,
        dependence=INDEPENDENT,
        run_rate=spread_of_draws(rate),
        net_saving=spread_of_draws(net),
        p_net_positive=float(np.mean(net > 0)),
        payback_month={
            k: (None if v > spec.months else int(v)) for k, v in zip(("p10", "p50", "p90"), points, strict=True)
        },
        sensitivity=sensitivity(draws, net),
    )


def run_savings(spec: SavingsSpec, *, provenance: Provenance | None = None) -> SavingsPlan:
    """The savings plan of a spec: levers applied in order within each category, then over time.

    Parameters
    ----------
    spec : SavingsSpec
    provenance : Provenance, optional

    Returns
    -------
    SavingsPlan
        Per-lever savings add up exactly to the category saving, which never exceeds the
        category's spend.
    """
    spend = spec.baseline
    rows = []
    for category in CATEGORIES:
        remaining = dict.fromkeys(LEVELS, spend[category])
        for lever in (lv for lv in spec.levers if lv.category == category):
            row: dict[str, Any] = {k: getattr(lever, k) for k in LEVER_COLUMNS}
            row.update({k: likely_of(row[k]) for k in ("implementation_cost", "start_delay_months", "adoption")})
            for level, (saving, adoption) in lever.levels().items():
                cut = lever.applies_to * saving * adoption
                row[f"saving_{level}"] = remaining[level] * cut
                remaining[level] -= row[f"saving_{level}"]
            rows.append(row)
    columns = [*LEVER_COLUMNS, *(f"saving_{level}" for level in LEVELS)]
    lever_frame = pd.DataFrame(rows, columns=columns)
    per_category = lever_frame.groupby("category")[[f"saving_{level}" for level in LEVELS]].sum()
    by_category = pd.DataFrame({"category": list(CATEGORIES), "spend": [spend[c] for c in CATEGORIES]})
    for level in LEVELS:
        by_category[f"saving_{level}"] = [float(per_category[f"saving_{level}"].get(c, 0.0)) for c in CATEGORIES]
    by_category["spend_after_likely"] = by_category["spend"] - by_category["saving_likely"]
    likely = {k: np.array([likely_of(v)]) for k, v in lever_inputs(spec.levers).items()}
    monthly, _, cost = plan_months(spec, likely)
    running = np.cumsum(monthly[0]) - cost[0]
    paid = int(payback_months(monthly, cost)[0])
    return SavingsPlan(
        baseline=dict(spend),
        total_baseline=float(sum(spend.values())),
        total_saving={level: float(by_category[f"saving_{level}"].sum()) for level in LEVELS},
        by_category=by_category,
        levers=lever_frame,
        provenance=provenance or provenance_for(spec),
        months=spec.months,
        implementation_cost=float(cost[0]),
        by_month=pd.DataFrame(
            {"month": np.arange(1, spec.months + 1), "saving": monthly[0], "cumulative_net": running}
        ),
        net_saving=float(running[-1]),
        payback_month=paid or None,
        simulation=_simulate(spec) if spec.levers else None,
    )


def savings_plan(baseline: Mapping[str, float], levers: Sequence[Lever], **options: Any) -> SavingsPlan:
    """Apply levers to a monthly baseline by category.

    Parameters
    ----------
    baseline : mapping
        Category -> monthly spend in dollars (training, inference, data, other).
    levers : sequence of Lever
        Applied in order within each category.
    **options
        ``months``, ``n_sim``, ``seed`` (see :class:`SavingsSpec`).

    Returns
    -------
    SavingsPlan
    """
    return run_savings(SavingsSpec(baseline=dict(baseline), levers=tuple(levers), **options))
