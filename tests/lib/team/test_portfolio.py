"""The experiment portfolio: hand-worked cases, scipy oracles, the budget rule simulated, and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from lib.analysis import make_provenance
from lib.errors import InputError
from lib.team import (
    DEFAULT_COST_PER_PERSON_WEEK,
    Hypothesis,
    PortfolioResult,
    PortfolioSpec,
    budget_within,
    hypotheses_from_frame,
    hypotheses_from_rows,
    run_portfolio,
)

PROVENANCE = make_provenance(parameters={})


def _run(spec: PortfolioSpec) -> PortfolioResult:
    return run_portfolio(spec, provenance=PROVENANCE)


def test_two_coin_flips_by_hand():
    spec = PortfolioSpec(
        hypotheses=(
            Hypothesis("a", compute_cost=100.0, value=1_000.0, p_success=0.5),
            Hypothesis("b", compute_cost=300.0, value=1_000.0, p_success=0.5),
        ),
        min_wins=1,
        confidence=0.7,
    )
    result = _run(spec)
    assert result.expected_wins == 1.0
    assert result.p_at_least == {"0": 1.0, "1": 0.75, "2": 0.25}
    assert [r.name for r in result.ranking] == ["a", "b"]  # $5 back per dollar, then $1.67
    assert result.ranking[0].value_per_dollar == pytest.approx(5.0)
    assert result.ranking[1].expected_value == 500.0 and result.ranking[1].net_value == 200.0
    assert [r.p_at_least_k for r in result.ranking] == [0.5, 0.75]
    ranked = result.budget_for_k_wins.ranked
    assert ranked.reachable and ranked.experiments == 2 and ranked.budget == 400.0 and ranked.funded == ("a", "b")
    typical = result.budget_for_k_wins.typical
    assert typical.experiments_needed == 2 and typical.budget == 400.0  # 1 - 0.5**2 = 0.75 >= 0.7
    assert result.value.expected_value == 1_000.0 and result.value.net == 600.0 and result.value.roi == 1.5


def test_costs_price_people_weeks_at_the_portfolio_rate():
    h = Hypothesis("x", compute_cost=5_000.0, people_weeks=4.0, value=1.0, p_success=0.5)
    assert PortfolioSpec(hypotheses=(h,)).cost_of(h) == 5_000.0 + 4 * DEFAULT_COST_PER_PERSON_WEEK
    assert PortfolioSpec(hypotheses=(h,), cost_per_person_week=1_000.0).cost_of(h) == 9_000.0


def test_equal_chances_give_binomial_wins():
    spec = PortfolioSpec(
        hypotheses=tuple(Hypothesis(f"e{i}", compute_cost=10.0, value=50.0, p_success=0.3) for i in range(12)),
        min_wins=3,
    )
    result = _run(spec)
    expected = stats.binom.sf(np.arange(13) - 1, 12, 0.3)
    assert np.allclose([result.p_at_least[str(k)] for k in range(13)], expected, atol=1e-12)
    assert result.wins == {f"p{q}": int(stats.binom.ppf(q / 100, 12, 0.3)) for q in (10, 50, 90)}
    assert result.budget_for_k_wins.typical.experiments_needed == 3 + int(stats.nbinom.ppf(0.8, 3, 0.3))


def test_team_rate_is_the_beta_posterior_and_its_experiments_are_beta_binomial():
    spec = PortfolioSpec(
        hypotheses=tuple(Hypothesis(f"e{i}", compute_cost=10.0, value=50.0) for i in range(8)),
        prior_mean=0.3,
        prior_strength=10.0,
        history_wins=4,
        history_trials=20,
        interval=0.9,
    )
    result = _run(spec)
    rate = result.team_rate
    assert (rate.a, rate.b) == (7.0, 23.0) and rate.mean == pytest.approx(7 / 30)
    assert rate.interval == pytest.approx(tuple(stats.beta.ppf([0.05, 0.95], 7.0, 23.0)), rel=1e-9)
    assert result.uses_team_rate == 8
    expected = stats.betabinom.sf(np.arange(9) - 1, 8, 7.0, 23.0)
    assert np.allclose([result.p_at_least[str(k)] for k in range(9)], expected, atol=1e-12)
    assert result.expected_wins == pytest.approx(8 * 7 / 30)


def test_history_moves_the_rate_toward_the_teams_record():
    hypotheses = (Hypothesis("e", compute_cost=1.0, value=1.0),)
    prior = _run(PortfolioSpec(hypotheses=hypotheses)).team_rate
    good = _run(PortfolioSpec(hypotheses=hypotheses, history_wins=30, history_trials=50)).team_rate
    bad = _run(PortfolioSpec(hypotheses=hypotheses, history_wins=2, history_trials=50)).team_rate
    assert prior.mean == pytest.approx(0.3)
    assert bad.mean < prior.mean < good.mean
    assert good.interval[1] - good.interval[0] < prior.interval[1] - prior.interval[0]


def test_an_unreachable_target_says_so():
    spec = PortfolioSpec(
        hypotheses=(Hypothesis("a", compute_cost=1.0, value=1.0, p_success=0.2),), min_wins=2, confidence=0.5
    )
    result = _run(spec)
    ranked = result.budget_for_k_wins.ranked
    assert not ranked.reachable and ranked.probability == 0.0 and ranked.experiments == 1
    assert result.p_at_least == {"0": 1.0, "1": pytest.approx(0.2), "2": 0.0}


def _simulated_share(spec: PortfolioSpec, funded: tuple[str, ...], *, draws: int, seed: int) -> float:
    """Share of simulated futures with at least min_wins wins among the funded experiments."""
    rng = np.random.default_rng(seed)
    result = _run(spec)
    rate = result.team_rate
    chosen = [h for h in spec.hypotheses if h.name in funded]
    shared_rate = rng.beta(rate.a, rate.b, draws)  # one team rate per future
    wins = np.zeros(draws)
    for h in chosen:
        p = shared_rate if h.p_success is None else h.p_success
        wins += rng.random(draws) < p
    return float(np.mean(wins >= spec.min_wins))


def test_the_budget_claim_holds_when_simulated():
    # The claim "this budget gives at least k wins with 80 % confidence" is checked by drawing outcomes,
    # the shared team rate drawn once per future: the simulated share keeps to the stated chance, and one
    # experiment fewer falls short of the confidence.
    hypotheses = tuple(
        Hypothesis(
            f"e{i}", compute_cost=1_000.0 * (i + 1), value=20_000.0, p_success=None if i % 2 else 0.25 + 0.05 * i
        )
        for i in range(10)
    )
    spec = PortfolioSpec(hypotheses=hypotheses, min_wins=2, confidence=0.8)
    result = _run(spec)
    ranked = result.budget_for_k_wins.ranked
    assert ranked.reachable
    share = _simulated_share(spec, ranked.funded, draws=200_000, seed=1)
    assert share == pytest.approx(ranked.probability, abs=0.005) and share >= 0.8 - 0.005
    fewer = ranked.funded[:-1]
    assert _simulated_share(spec, fewer, draws=200_000, seed=2) < 0.8


def test_typical_budget_claim_holds_when_simulated():
    spec = PortfolioSpec(
        hypotheses=tuple(Hypothesis(f"e{i}", compute_cost=10.0, value=1.0, p_success=0.3) for i in range(4)), min_wins=4
    )
    n = _run(spec).budget_for_k_wins.typical.experiments_needed
    rng = np.random.default_rng(3)
    draws = 400_000
    share = np.mean(rng.binomial(n, 0.3, draws) >= 4)
    noise = 3 * np.sqrt(0.8 * 0.2 / draws)
    assert share >= 0.8 - noise
    assert share == pytest.approx(stats.binom.sf(3, n, 0.3), abs=noise)
    assert stats.binom.sf(3, n - 1, 0.3) < 0.8 <= stats.binom.sf(3, n, 0.3)


@settings(max_examples=40, deadline=None)
@given(
    costs=st.lists(st.floats(1.0, 1e5), min_size=1, max_size=12),
    chances=st.lists(st.one_of(st.none(), st.floats(0.0, 1.0)), min_size=12, max_size=12),
    k=st.integers(1, 5),
    budgets=st.lists(st.floats(0.0, 1.5e6), min_size=2, max_size=2),
)
def test_more_budget_never_lowers_the_chance_of_k_wins(costs, chances, k, budgets):
    hypotheses = tuple(
        Hypothesis(f"e{i}", compute_cost=c, value=1_000.0, p_success=p)
        for i, (c, p) in enumerate(zip(costs, chances, strict=False))
    )
    spec = PortfolioSpec(hypotheses=hypotheses, min_wins=k)
    low, high = sorted(budgets)
    funded_low, p_low = budget_within(spec, low)
    funded_high, p_high = budget_within(spec, high)
    assert funded_high >= funded_low
    assert p_high >= p_low - 1e-12
    assert 0.0 <= p_low <= 1.0


def test_ranking_order_does_not_depend_on_the_input_order():
    hs = [Hypothesis(n, compute_cost=10.0, value=100.0, p_success=0.5) for n in ("b", "a", "c")]
    assert [r.name for r in _run(PortfolioSpec(hypotheses=tuple(hs))).ranking] == ["a", "b", "c"]
    assert [r.name for r in _run(PortfolioSpec(hypotheses=tuple(reversed(hs)))).ranking] == ["a", "b", "c"]


# --- bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"p_success": 1.2}, "'hypotheses[x].p_success' is out of range"),
        ({"p_success": -0.1}, "'hypotheses[x].p_success' is out of range"),
        ({"compute_cost": -5.0}, "'hypotheses[x].compute_cost' is negative"),
        ({"people_weeks": -1.0}, "'hypotheses[x].people_weeks' is negative"),
        ({"value": -1.0}, "'hypotheses[x].value' is negative"),
        ({"weeks_to_result": 0.0}, "'hypotheses[x].weeks_to_result' is out of range"),
        ({"compute_cost": float("nan")}, "must be a finite number"),
    ],
)
def test_bad_experiments_are_refused_by_name(changes, message):
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Hypothesis("x", **{"compute_cost": 1.0, "value": 1.0, **changes})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"history_wins": 5, "history_trials": 3}, "'history_wins' is above 'history_trials'"),
        ({"confidence": 1.0}, "'confidence' is out of range"),
        ({"prior_mean": 0.0}, "'prior_mean' is out of range"),
        ({"min_wins": 0}, "'min_wins' is out of range"),
        ({"prior_strength": 0.0}, "'prior_strength' is out of range"),
    ],
)
def test_bad_portfolio_settings_are_refused_by_name(changes, message):
    with pytest.raises(InputError, match=message):
        PortfolioSpec(hypotheses=(Hypothesis("x", compute_cost=1.0, value=1.0),), **changes)


def test_duplicate_names_and_free_experiments_are_refused():
    with pytest.raises(InputError, match="two experiments share a name"):
        PortfolioSpec(hypotheses=(Hypothesis("x", compute_cost=1.0), Hypothesis("x", compute_cost=2.0)))
    with pytest.raises(InputError, match="experiment 'x' costs nothing"):
        PortfolioSpec(hypotheses=(Hypothesis("x", value=1.0),))
    with pytest.raises(InputError, match="'hypotheses' has the wrong length"):
        PortfolioSpec(hypotheses=())


CSV_COLUMNS = ["name", "compute_cost", "people_weeks", "p_success", "value", "weeks_to_result"]


def _frame(*rows):
    return pd.DataFrame(list(rows), columns=CSV_COLUMNS)


def test_a_table_reads_into_experiments_with_empty_chances_left_to_the_team_rate():
    frame = _frame(["A", "$40,000", 12, 0.25, 900000, 10], ["B", 15000, None, None, 300000, None])
    a, b = hypotheses_from_frame(frame, file="p.csv")
    assert a == Hypothesis(
        "A", compute_cost=40_000.0, people_weeks=12.0, p_success=0.25, value=900_000.0, weeks_to_result=10.0
    )
    assert b == Hypothesis("B", compute_cost=15_000.0, value=300_000.0)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["A", 1, 0, 1.3, 10, 1]], "file 'p.csv', column 'p_success': chances of success outside [0, 1] in row 2"),
        ([["A", 1, 0, 0.3, 10, 1], ["B", -4, 0, 0.3, 10, 1]], "column 'compute_cost': negative costs in row 3"),
        ([["A", "lots", 0, 0.3, 10, 1]], "column 'compute_cost': cells that are not numbers in row 2"),
        ([["", 1, 0, 0.3, 10, 1], [None, 1, 0, 0.3, 10, 1]], "column 'name': experiments without a name in rows 2, 3"),
        ([["A", 1, 0, 0.3, None, 1]], "column 'value': empty values in row 2"),
        ([["A", 1, 0, 0.3, 10, 0]], "column 'weeks_to_result': weeks to result of 0 or less in row 2"),
        (
            [["A", 1, 0, 0.3, 10, 1], ["A", 1, 0, 0.3, 10, 1]],
            "file 'p.csv', column 'name': experiments share a name in rows 2, 3",
        ),
    ],
)
def test_bad_tables_name_the_file_the_column_and_the_rows(rows, message):
    with pytest.raises(InputError) as caught:
        PortfolioSpec(hypotheses=hypotheses_from_frame(_frame(*rows), file="p.csv"))
    assert message in str(caught.value)


def test_a_table_without_the_columns_says_which_are_needed():
    with pytest.raises(InputError, match=r"the experiment list has no value column.*found columns name, cost"):
        hypotheses_from_frame(pd.DataFrame({"name": ["a"], "cost": [1]}), file="p.csv")
    with pytest.raises(InputError, match="no cost column"):
        hypotheses_from_frame(pd.DataFrame({"name": ["a"], "value": [1]}), file="p.csv")


def test_edited_rows_skip_blank_lines():
    rows = [
        {
            "name": "A",
            "compute_cost": 1.0,
            "people_weeks": None,
            "p_success": 0.5,
            "value": 2.0,
            "weeks_to_result": 1.0,
        },
        {
            "name": None,
            "compute_cost": None,
            "people_weeks": None,
            "p_success": None,
            "value": None,
            "weeks_to_result": None,
        },
    ]
    assert [h.name for h in hypotheses_from_rows(rows)] == ["A"]
