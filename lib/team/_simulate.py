"""The Monte Carlo behind a team plan: people who join, ramp up, leave and are replaced.

Time runs in months; quarter ``q`` covers months ``3(q-1)`` to ``3q``. Each person is a time
interval on a *seat* (someone in the starting team, or a requisition). A person stays for an
exponential time whose rate makes the role's yearly attrition come true (staying a year has
probability ``1 - attrition``); with backfill, the seat's next person starts after a fresh time
to hire. Uncertain inputs are :class:`lib.roi.Range` values drawn with one seeded generator, as
in ROI & Cost's simulation: a role's cost once per future, a time to hire once per requisition.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from lib.roi import Range
from lib.team._specs import RolePlan, Value

# A seat is followed through at most this many people in one plan; with attrition at most 95 %
# a year the chance of needing more within 60 months is far below one in a billion.
MAX_GENERATIONS = 200


@dataclass(frozen=True)
class RoleDraws:
    """One role's simulated futures, quarter by quarter (arrays of shape ``(n_sim, quarters)``).

    Attributes
    ----------
    headcount : numpy.ndarray
        People on the team at the end of each quarter.
    cost : numpy.ndarray
        Dollars paid in each quarter.
    fte : numpy.ndarray
        Effective full-time people in each quarter (time on the team weighted by ramp-up speed).
    open_at_end : numpy.ndarray
        Requisitions (new or backfills) still unfilled when the plan ends, shape ``(n_sim,)``.
    leavers : numpy.ndarray
        People who left during the plan, shape ``(n_sim,)``.
    """

    headcount: np.ndarray
    cost: np.ndarray
    fte: np.ndarray
    open_at_end: np.ndarray
    leavers: np.ndarray


def draw(value: Value, rng: np.random.Generator, size: int) -> np.ndarray:
    """``size`` draws of a number (repeated) or a range (triangular or PERT, as ROI & Cost draws)."""
    if isinstance(value, Range):
        return np.asarray(value.sample(rng, size), dtype=float)
    return np.full(size, float(value))


def ramp_area(tenure: np.ndarray, *, months: float, start: float) -> np.ndarray:
    """Full-speed months worked in the first ``tenure`` months: speed rises linearly from ``start`` to 1.

    Parameters
    ----------
    tenure : numpy.ndarray
        Months since the first day (0 or more).
    months : float
        Months to reach full speed (0: full speed from day one).
    start : float
        Speed on the first day, 0 to 1.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> ramp_area(np.array([1.5, 3.0, 5.0]), months=3.0, start=0.25).round(5).tolist()
    [0.65625, 1.875, 3.875]
    """
    t = np.asarray(tenure, dtype=float)
    if months <= 0:
        return t
    ramping = np.minimum(t, months)  # the part of the tenure spent ramping up (never overflows)
    return start * ramping + (1 - start) * ramping**2 / (2 * months) + np.maximum(t - months, 0.0)


def monthly_leaving_rate(attrition: float) -> float:
    """The exponential rate per month at which a share ``attrition`` leaves within a year.

    Examples
    --------
    >>> round(monthly_leaving_rate(0.12), 6)
    0.010653
    """
    return -math.log1p(-attrition) / 12 if attrition > 0 else 0.0


# People simulated at once: futures are worked through in blocks of this many person-draws, so
# memory stays bounded (about 50 MB a block) whatever the plan's size.
BLOCK_PEOPLE = 500_000


class _Totals:
    """Per-future sums by quarter, filled one batch of people at a time."""

    def __init__(self, n_sim: int, quarters: int) -> None:
        self.quarters = quarters
        self.headcount = np.zeros((n_sim, quarters))
        self.cost = np.zeros((n_sim, quarters))
        self.fte = np.zeros((n_sim, quarters))

    def add(
        self,
        block: slice,
        sims: np.ndarray,
        start: np.ndarray,
        end: np.ndarray,
        monthly_cost: np.ndarray,
        ramping: np.ndarray,
        plan: RolePlan,
    ) -> None:
        """Add people on the team from ``start`` to ``end`` (months) to every quarter they touch.

        ``sims`` numbers the futures within ``block`` (0 for its first).
        """
        size = block.stop - block.start
        # Work with totals up to each quarter's end (time on the team, full-speed time); a quarter's
        # share is the difference between its two ends. Ramp-up is computed only for those ramping.
        ramp = np.flatnonzero(ramping)
        previous_time = np.zeros(start.size)
        previous_worked = np.zeros(start.size)
        for q in range(self.quarters):
            boundary = 3.0 * (q + 1)
            time_on_team = np.clip(np.minimum(end, boundary) - start, 0.0, None)
            worked = time_on_team.copy()
            if ramp.size:
                worked[ramp] = ramp_area(time_on_team[ramp], months=plan.ramp_months, start=plan.ramp_start)
            months, done = time_on_team - previous_time, worked - previous_worked
            previous_time, previous_worked = time_on_team, worked
            if not months.any():
                continue
            on_team = (start <= boundary) & (end > boundary)
            self.cost[block, q] += np.bincount(sims, weights=monthly_cost * months, minlength=size)
            self.fte[block, q] += np.bincount(sims, weights=done / 3.0, minlength=size)
            self.headcount[block, q] += np.bincount(sims[on_team], minlength=size)


@dataclass(frozen=True)
class _Seats:
    """The seats of one role: when each is first filled (or opened), its known cost, whether it ramps."""

    opened: np.ndarray
    fixed_cost: np.ndarray
    ramping: np.ndarray


def _seats(starting: int, starting_costs: Sequence[float], openings: Mapping[int, int]) -> _Seats:
    known = np.asarray(list(starting_costs)[:starting], dtype=float)
    opened = [np.zeros(starting)]
    cost = [np.concatenate([known, np.full(starting - known.size, np.nan)])]
    ramping = [np.zeros(starting, dtype=bool)]
    for quarter, count in sorted(openings.items()):
        opened.append(np.full(count, 3.0 * (quarter - 1)))
        cost.append(np.full(count, np.nan))
        ramping.append(np.ones(count, dtype=bool))
    return _Seats(np.concatenate(opened), np.concatenate(cost), np.concatenate(ramping))


def simulate_role(
    plan: RolePlan,
    *,
    starting: int,
    starting_costs: Sequence[float] = (),
    openings: Mapping[int, int],
    quarters: int,
    n_sim: int,
    backfill: bool,
    rng: np.random.Generator,
) -> RoleDraws:
    """Simulate one role's people over the plan.

    Parameters
    ----------
    plan : RolePlan
    starting : int
        People in the role on day one (at full speed).
    starting_costs : sequence of float
        Known yearly costs of some of them (a roster's); the rest cost the role's drawn figure.
    openings : mapping
        Quarter (1-based) -> requisitions opened at its start.
    quarters : int
    n_sim : int
    backfill : bool
        Replace leavers through a new requisition.
    rng : numpy.random.Generator

    Returns
    -------
    RoleDraws
    """
    totals = _Totals(n_sim, quarters)
    leavers, open_at_end = np.zeros(n_sim), np.zeros(n_sim)
    role_cost = draw(plan.cost, rng, n_sim)  # one market price per future
    seats = _seats(starting, starting_costs, openings)
    if seats.opened.size == 0:
        return RoleDraws(totals.headcount, totals.cost, totals.fte, open_at_end, leavers)
    step = max(1, BLOCK_PEOPLE // seats.opened.size)
    for first in range(0, n_sim, step):
        block = slice(first, min(first + step, n_sim))
        _simulate_block(plan, seats, block, role_cost, totals, leavers, open_at_end, backfill=backfill, rng=rng)
    return RoleDraws(totals.headcount, totals.cost, totals.fte, open_at_end, leavers)


def _simulate_block(
    plan: RolePlan,
    seats: _Seats,
    block: slice,
    role_cost: np.ndarray,
    totals: _Totals,
    leavers: np.ndarray,
    open_at_end: np.ndarray,
    *,
    backfill: bool,
    rng: np.random.Generator,
) -> None:
    horizon = 3.0 * totals.quarters
    size, n_seats = block.stop - block.start, seats.opened.size
    costs = role_cost[block]
    sims = np.repeat(np.arange(size), n_seats)
    ramping = np.tile(seats.ramping, size)
    yearly = np.tile(seats.fixed_cost, size)
    yearly = np.where(np.isnan(yearly), costs[sims], yearly)
    # A requisition's person starts after its own time to hire.
    start = np.tile(seats.opened, size) + np.where(ramping, draw(plan.time_to_hire, rng, sims.size), 0.0)
    rate = monthly_leaving_rate(plan.attrition)
    left_total, open_total = np.zeros(size), np.zeros(size)
    for _ in range(MAX_GENERATIONS):
        waiting = start >= horizon
        open_total += np.bincount(sims[waiting], minlength=size)
        keep = ~waiting
        sims, start, ramping, yearly = sims[keep], start[keep], ramping[keep], yearly[keep]
        if sims.size == 0:
            break
        stay = rng.exponential(1.0 / rate, sims.size) if rate > 0 else np.full(sims.size, np.inf)
        end = start + stay
        totals.add(block, sims, start, end, yearly / 12.0, ramping, plan)
        left = end < horizon
        left_total += np.bincount(sims[left], minlength=size)
        if not backfill:
            break
        sims, end = sims[left], end[left]
        # The replacement is hired at the role's price in this future, and ramps up again.
        yearly = costs[sims]
        ramping = np.ones(sims.size, dtype=bool)
        start = end + draw(plan.time_to_hire, rng, sims.size)
    leavers[block] += left_total
    open_at_end[block] += open_total
