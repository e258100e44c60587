"""The team-plan Monte Carlo against hand-worked cases and scipy: ramp-up, attrition, time to hire, cost."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from lib.roi import Range
from lib.team import RolePlan, monthly_leaving_rate, ramp_area, simulate_role


def _simulate(plan, *, starting=0, openings=None, quarters=4, n_sim=2_000, backfill=False, seed=0, costs=()):
    return simulate_role(
        plan,
        starting=starting,
        starting_costs=costs,
        openings=openings or {},
        quarters=quarters,
        n_sim=n_sim,
        backfill=backfill,
        rng=np.random.default_rng(seed),
    )


@pytest.mark.parametrize(("months", "start"), [(3.0, 0.25), (6.0, 0.0), (1.0, 0.9), (0.0, 0.5)])
@pytest.mark.parametrize("tenure", [0.0, 0.4, 1.0, 2.5, 7.0])
def test_ramp_area_is_the_integral_of_the_speed_curve(months, start, tenure):
    def speed(t):
        return 1.0 if months == 0 or t >= months else start + (1 - start) * t / months

    exact, _ = integrate.quad(speed, 0.0, tenure, points=[months] if 0 < months < tenure else None)
    assert ramp_area(np.array([tenure]), months=months, start=start)[0] == pytest.approx(exact, abs=1e-10)


@pytest.mark.parametrize("attrition", [0.0, 0.12, 0.5, 0.95])
def test_leaving_rate_makes_the_yearly_attrition_come_true(attrition):
    assert np.exp(-12 * monthly_leaving_rate(attrition)) == pytest.approx(1 - attrition)


def test_one_hire_worked_by_hand():
    # Opened at the start of quarter 1, filled after 1.5 months, $120,000 a year, 25 % speed on day one
    # rising to full over 3 months, nobody leaves.
    plan = RolePlan("ml_engineer", cost=120_000.0, time_to_hire=1.5, ramp_months=3.0, ramp_start=0.25, attrition=0.0)
    draws = _simulate(plan, openings={1: 1}, quarters=3, n_sim=3)
    assert draws.headcount[0].tolist() == [1.0, 1.0, 1.0]
    assert draws.cost[0].tolist() == pytest.approx([15_000.0, 30_000.0, 30_000.0])  # 1.5, 3, 3 months at $10,000
    # FTE-months: 0.25*1.5 + 0.75*1.5**2/6 = 0.65625 in quarter 1; ramp ends at month 4.5.
    q2 = (1.875 + 1.5) - 0.65625
    assert draws.fte[0].tolist() == pytest.approx([0.65625 / 3, q2 / 3, 1.0])
    assert draws.open_at_end.tolist() == [0.0, 0.0, 0.0] and draws.leavers.tolist() == [0.0, 0.0, 0.0]


def test_a_requisition_that_fills_after_the_plan_is_open_at_the_end():
    plan = RolePlan("ml_engineer", cost=1.0, time_to_hire=4.0, attrition=0.0)
    draws = _simulate(plan, openings={1: 2}, quarters=1, n_sim=2)
    assert draws.headcount.tolist() == [[0.0], [0.0]] and draws.open_at_end.tolist() == [2.0, 2.0]


@pytest.mark.parametrize(("n", "attrition"), [(40, 0.2), (12, 0.5)])
def test_headcount_under_attrition_is_binomial(n, attrition):
    plan = RolePlan("data_engineer", cost=1.0, attrition=attrition)
    draws = _simulate(plan, starting=n, quarters=4, n_sim=20_000, seed=5)
    for q in range(4):
        stay = (1 - attrition) ** ((q + 1) / 4)
        counts = draws.headcount[:, q]
        assert counts.mean() == pytest.approx(n * stay, abs=4 * np.sqrt(n * stay * (1 - stay) / 20_000))
        empirical = np.bincount(counts.astype(int), minlength=n + 1) / counts.size
        assert 0.5 * np.abs(empirical - stats.binom.pmf(np.arange(n + 1), n, stay)).sum() < 0.02
        for level in (10, 50, 90):
            expected = stats.binom.ppf(level / 100, n, stay)
            assert abs(np.percentile(counts, level, method="inverted_cdf") - expected) <= 1


def test_time_to_hire_range_sets_the_chance_a_hire_has_started():
    plan = RolePlan(
        "ml_engineer", cost=1.0, time_to_hire=Range(1.0, 4.0, 6.0, distribution="triangular"), attrition=0.0
    )
    draws = _simulate(plan, openings={1: 1}, quarters=2, n_sim=40_000, seed=9)
    started = stats.triang.cdf(3.0, c=(4.0 - 1.0) / 5.0, loc=1.0, scale=5.0)
    assert draws.headcount[:, 0].mean() == pytest.approx(started, abs=4 * np.sqrt(started * (1 - started) / 40_000))
    assert draws.headcount[:, 1].mean() == 1.0


def test_cost_range_is_drawn_once_per_future_as_pert():
    # Ten people for a quarter: cost = 10 * C / 4 with C ~ PERT(400k, 465k, 530k), a scaled beta.
    band = Range(400_000.0, 465_000.0, 530_000.0)
    plan = RolePlan("ml_engineer", cost=band, attrition=0.0)
    draws = _simulate(plan, starting=10, quarters=1, n_sim=50_000, seed=2)
    alpha = 1 + 4 * (465_000 - 400_000) / 130_000
    beta = 1 + 4 * (530_000 - 465_000) / 130_000
    for level in (0.1, 0.5, 0.9):
        expected = 10 / 4 * (400_000 + 130_000 * stats.beta.ppf(level, alpha, beta))
        assert np.quantile(draws.cost[:, 0], level) == pytest.approx(expected, rel=0.003)


def test_known_roster_costs_are_used_and_the_rest_take_the_role_figure():
    plan = RolePlan("ml_engineer", cost=100_000.0, attrition=0.0)
    draws = _simulate(plan, starting=3, costs=(200_000.0, 400_000.0), quarters=1, n_sim=2)
    assert draws.cost[:, 0].tolist() == [175_000.0, 175_000.0]  # (200k + 400k + 100k) / 4


def test_instant_backfill_keeps_every_seat_filled():
    plan = RolePlan("software_engineer", cost=1.0, time_to_hire=0.0, ramp_months=0.0, attrition=0.6)
    draws = _simulate(plan, starting=7, quarters=8, n_sim=3_000, backfill=True, seed=4)
    assert np.all(draws.headcount == 7) and draws.leavers.mean() > 7  # many left, every one replaced at once
    assert np.allclose(draws.fte, 7.0)


def test_same_seed_same_futures_other_seed_other_futures():
    plan = RolePlan("ml_engineer", cost=Range(1.0, 2.0, 3.0), attrition=0.3)
    one, two = (
        _simulate(plan, starting=5, openings={2: 3}, seed=11),
        _simulate(plan, starting=5, openings={2: 3}, seed=11),
    )
    other = _simulate(plan, starting=5, openings={2: 3}, seed=12)
    assert np.array_equal(one.cost, two.cost) and np.array_equal(one.headcount, two.headcount)
    assert not np.array_equal(one.cost, other.cost)


@settings(max_examples=40, deadline=None)
@given(
    starting=st.integers(0, 30),
    opened=st.dictionaries(st.integers(1, 6), st.integers(1, 10), max_size=4),
    attrition=st.floats(0.0, 0.95),
    hire_months=st.floats(0.0, 12.0),
    ramp=st.floats(0.0, 12.0),
    backfill=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_headcount_is_never_negative_nor_above_the_seats(
    starting, opened, attrition, hire_months, ramp, backfill, seed
):
    plan = RolePlan("ml_engineer", cost=50_000.0, time_to_hire=hire_months, ramp_months=ramp, attrition=attrition)
    draws = _simulate(plan, starting=starting, openings=opened, quarters=6, n_sim=200, backfill=backfill, seed=seed)
    seats = starting + sum(opened.values())
    assert draws.headcount.min() >= 0 and draws.headcount.max() <= seats
    assert draws.fte.min() >= -1e-9 and draws.fte.max() <= seats + 1e-9
    assert draws.cost.min() >= 0 and draws.cost.max() <= seats * 50_000.0 / 4 + 1e-6
    assert np.all(draws.headcount == np.round(draws.headcount))
