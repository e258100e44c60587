"""AHP weights against an independent eigen-solver, a textbook case and the consistency law."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.decision.weights import RANDOM_INDEX, ahp_weights, normalise_weights, pairwise_from_upper
from lib.errors import InputError

TEXTBOOK = [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]


def _power_iteration(matrix: np.ndarray, steps: int = 500) -> tuple[np.ndarray, float]:
    vector = np.ones(matrix.shape[0])
    for _ in range(steps):
        vector = matrix @ vector
        vector /= vector.sum()
    return vector, float((matrix @ vector)[0] / vector[0])


def test_textbook_matrix_matches_scipy_and_power_iteration():
    result = ahp_weights(TEXTBOOK, ["a", "b", "c"])
    values, vectors = scipy.linalg.eig(np.array(TEXTBOOK))
    k = int(np.argmax(values.real))
    oracle = np.abs(vectors[:, k].real) / np.abs(vectors[:, k].real).sum()
    np.testing.assert_allclose(result.weight_vector, oracle, atol=1e-10)
    by_hand, lam = _power_iteration(np.array(TEXTBOOK))
    np.testing.assert_allclose(result.weight_vector, by_hand, atol=1e-9)
    assert result.lambda_max == pytest.approx(lam, abs=1e-9)
    # Published figures for this matrix: weights 0.637 / 0.258 / 0.105, CR about 0.033.
    np.testing.assert_allclose(result.weight_vector, [0.637, 0.258, 0.105], atol=1e-3)
    assert result.consistency_ratio == pytest.approx((lam - 3) / 2 / 0.58, rel=1e-9)
    assert result.consistency_ratio == pytest.approx(0.033, abs=1e-3)
    assert result.acceptable


def test_inconsistent_matrix_is_flagged_and_names_the_worst_judgement():
    # a > b (3), b > c (3), but c > a (5): a cycle; the c-versus-a judgement contradicts the rest.
    matrix = pairwise_from_upper([[1, 3, 1 / 5], [0, 1, 3], [0, 0, 1]])
    result = ahp_weights(matrix, ["a", "b", "c"])
    assert result.consistency_ratio > 0.10
    assert not result.acceptable
    assert result.worst_pair is not None
    # The worst judgement departs most (log scale) from the ratio the weights imply.
    w = result.weights
    i, j = result.worst_pair
    worst_error = abs(np.log(result.worst_judgement * w[j] / w[i]))
    for p, q in (("a", "b"), ("a", "c"), ("b", "c")):
        value = matrix[result.criteria.index(p), result.criteria.index(q)]
        assert abs(np.log(value * w[q] / w[p])) <= worst_error + 1e-12


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0.05, max_value=20), min_size=2, max_size=9))
def test_consistent_matrix_has_zero_cr_and_recovers_weights(raw):
    w = np.array(raw) / sum(raw)
    matrix = w[:, None] / w[None, :]
    result = ahp_weights(matrix, [f"c{k}" for k in range(len(w))])
    np.testing.assert_allclose(result.weight_vector, w, atol=1e-9)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert result.worst_pair is None


def test_random_index_is_saatys_table():
    assert RANDOM_INDEX[2:5] == (0.58, 0.90, 1.12)


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 3], [3, 1]], "not reciprocal"),
        ([[1, 0], [0, 1]], "positive number"),
        ([[1, 2, 0], [0.5, 1, 1], [0, 1, 1]], "positive number"),
        ([[2, 1], [1, 1]], "compared with itself"),
        ([[1, 2]], "wrong shape"),
    ],
)
def test_bad_pairwise_matrices(matrix, message):
    with pytest.raises(InputError, match=message):
        ahp_weights(matrix, ["a", "b"] if len(matrix[0]) == 2 else ["a", "b", "c"])


def test_direct_weights_normalise_and_reject_all_zero():
    np.testing.assert_allclose(normalise_weights([2, 1, 1]), [0.5, 0.25, 0.25])
    with pytest.raises(InputError, match="all weights are zero"):
        normalise_weights([0, 0])
    with pytest.raises(InputError, match="weight"):
        normalise_weights([1, -1])


def test_judgement_pairs_build_a_reciprocal_matrix():
    from lib.decision.weights import pairwise_from_judgements

    matrix = pairwise_from_judgements(["a", "b", "c"], [("a", "b", 3), ("a", "c", 5), ("b", "c", 3)])
    np.testing.assert_allclose(matrix, TEXTBOOK)
    with pytest.raises(InputError, match="positive number"):
        pairwise_from_judgements(["a", "b"], [("a", "b", 0)])
