"""Flip points (exact, checked by brute force), Monte Carlo rank acceptability and weight swings."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.decision import build_matrix, decide
from lib.decision.robustness import flip_points, rank_acceptability, reweight, weight_swings, winner_at
from lib.errors import InputError


def test_flip_point_by_hand():
    # A = 5w + 1(1-w), B = 1w + 5(1-w): tie at w = 0.5, so from 60 % the first weight must drop by 10 points.
    m = build_matrix(["A", "B"], ["x", "y"], [0.6, 0.4], [[5, 1], [1, 5]])
    flips = {f.criterion: f for f in flip_points(m)}
    assert flips["x"].change == pytest.approx(-0.1)
    assert flips["x"].new_weight == pytest.approx(0.5)
    assert flips["x"].new_winner == "B"
    assert flips["y"].change == pytest.approx(0.1)


def test_three_way_tie_names_the_rival_that_pulls_ahead():
    # All three total 3.5; more weight on x lifts o1 and o2 at once, and o2 (steeper) leads beyond.
    m = build_matrix(["o0", "o1", "o2"], ["x", "y"], [1, 1], [[2, 5], [3, 4], [4, 3]])
    flip = flip_points(m)[0]
    assert flip.change == pytest.approx(0.0, abs=1e-12)
    assert flip.new_winner == "o2"


def test_no_flip_when_the_winner_dominates():
    m = build_matrix(["A", "B"], ["x", "y"], [1, 1], [[5, 4], [3, 4]])
    assert [f.change for f in flip_points(m)] == [None, None]


def test_reweight_keeps_the_other_ratios():
    w = reweight(np.array([0.5, 0.3, 0.2]), 0, 0.8)
    np.testing.assert_allclose(w, [0.8, 0.12, 0.08])
    np.testing.assert_allclose(reweight(np.array([1.0, 0.0, 0.0]), 0, 0.4), [0.4, 0.3, 0.3])


matrices = st.integers(min_value=2, max_value=4).flatmap(
    lambda k: st.integers(min_value=2, max_value=5).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.integers(1, 5), min_size=n, max_size=n), min_size=k, max_size=k),
            st.lists(st.integers(1, 10), min_size=n, max_size=n),
        )
    )
)


def _lead(m, weights: np.ndarray, winner: int) -> np.ndarray:
    """Winner's total minus the best rival's, for each row of weights."""
    total = np.atleast_2d(weights) @ m.scores.T
    return total[:, winner] - np.delete(total, winner, axis=1).max(axis=1)


def _leaders(m, weights: np.ndarray) -> set[str]:
    """Options level with the best total (rivals that tie among themselves all lead)."""
    total = m.scores @ weights
    return {m.options[i] for i in np.flatnonzero(total >= total.max() - 1e-12)}


@settings(max_examples=40, deadline=None)
@given(matrices)
def test_flip_points_really_flip_and_nothing_smaller_does(case):
    scores, weights = case
    m = build_matrix([f"o{i}" for i in range(len(scores))], [f"c{j}" for j in range(len(weights))], weights, scores)
    w = m.normalised_weights
    win = m.options.index(winner_at(m, w))
    grid = np.linspace(0.0, 1.0, 401)
    eps = 1e-7
    for j, flip in enumerate(flip_points(m)):
        # Brute force: grid weights at which some rival is strictly ahead of the current winner.
        leads = _lead(m, np.array([reweight(w, j, t) for t in grid]), win)
        flipping = grid[leads < -1e-12]
        if flip.change is None:
            assert flipping.size == 0
            continue
        directions = [np.sign(flip.change)] if abs(flip.change) > eps else [-1.0, 1.0]
        beyond = [flip.new_weight + d * eps for d in directions if 0 <= flip.new_weight + d * eps <= 1]
        # Just beyond the point the reported rival is strictly ahead (with a tie at the current
        # weights, rivals may overtake in both directions; the reported one does in one of them).
        assert any(
            _lead(m, reweight(w, j, t), win)[0] < 0 and flip.new_winner in _leaders(m, reweight(w, j, t))
            for t in beyond
        )
        if abs(flip.change) > eps:
            # A slightly smaller change keeps the winner ahead or level.
            before = flip.new_weight - np.sign(flip.change) * eps
            assert _lead(m, reweight(w, j, before), win)[0] >= -1e-12
        if flipping.size:
            closest = np.abs(flipping - w[j]).min()
            assert closest >= abs(flip.change) - 1e-9
            assert closest <= abs(flip.change) + 1 / 400 + 1e-9


@settings(max_examples=30, deadline=None)
@given(matrices, st.integers(0, 2**16), st.floats(min_value=0.5, max_value=500))
def test_rank_probabilities_sum_to_one_by_option_and_by_rank(case, seed, concentration):
    scores, weights = case
    weights = [0, *weights[1:]]  # a zero weight must stay out of the Dirichlet draw
    m = build_matrix([f"o{i}" for i in range(len(scores))], [f"c{j}" for j in range(len(weights))], weights, scores)
    p = rank_acceptability(m, n_sim=50, concentration=concentration, seed=seed).probabilities
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p.sum(axis=0), 1.0)


def test_weight_uncertainty_matches_the_beta_distribution():
    # A wins exactly when the first weight exceeds 1/2; with Dirichlet(10 * (0.6, 0.4)) that weight is Beta(6, 4).
    m = build_matrix(["A", "B"], ["x", "y"], [0.6, 0.4], [[5, 1], [1, 5]])
    result = rank_acceptability(m, n_sim=20_000, concentration=10, seed=3)
    expected = scipy.stats.beta.sf(0.5, 6, 4)
    assert result.probabilities[0, 0] == pytest.approx(expected, abs=0.015)


def test_score_uncertainty_within_scorer_range():
    # A's score is uniform on [1, 5] (two scorers), B is 3 for sure: A is first half the time.
    m = build_matrix(["A", "B"], ["x"], [1], sheets={"s1": [[1], [3]], "s2": [[5], [3]]})
    varied = rank_acceptability(m, n_sim=20_000, seed=1)
    assert varied.probabilities[0, 0] == pytest.approx(0.5, abs=0.015)
    assert varied.scores_varied
    fixed = rank_acceptability(m, n_sim=20_000, seed=1, vary_scores=False)
    # Mean scores tie at 3; a tie is broken at random, so each option is first half the time.
    assert fixed.probabilities[0, 0] == pytest.approx(0.5, abs=0.015)
    assert not fixed.scores_varied


def test_simulation_is_seeded():
    m = build_matrix(["A", "B", "C"], ["x", "y"], [0.5, 0.5], [[5, 1], [1, 5], [3, 3]])
    a = rank_acceptability(m, n_sim=300, seed=7).probabilities
    b = rank_acceptability(m, n_sim=300, seed=7).probabilities
    np.testing.assert_array_equal(a, b)
    with pytest.raises(InputError, match="simulations"):
        rank_acceptability(m, n_sim=0)
    with pytest.raises(InputError, match="concentration"):
        rank_acceptability(m, concentration=0)


def test_weight_swings_by_hand():
    m = build_matrix(["A", "B"], ["x", "y"], [0.6, 0.4], [[5, 1], [1, 5]])
    swings = {s.criterion: s for s in weight_swings(m, swing=0.5)}
    # x at 30 %: A = 0.3*5 + 0.7*1 = 2.2, B = 0.3*1 + 0.7*5 = 3.8 -> margin -1.6; x at 90 %: 4.6 - 1.4 = 3.2.
    assert swings["x"].margin_low == pytest.approx(-1.6)
    assert swings["x"].margin_high == pytest.approx(3.2)
    assert swings["x"].low_weight == pytest.approx(0.3)
    result = decide(m, n_sim=10)
    assert result.margin == pytest.approx(0.8)
