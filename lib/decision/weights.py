"""Criterion weights: direct entry (normalised) or AHP pairwise comparison."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from lib.errors import InputError
from lib.provenance import Provenance, make_provenance

# Saaty's random consistency index for matrices of order 1..10 (mean CI of random reciprocal matrices).
RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
CR_LIMIT = 0.10
# Reciprocity is checked with a relative tolerance, so judgements typed as 0.333 for 1/3 still pass.
_RECIPROCAL_TOLERANCE = 0.01


def normalise_weights(weights: Sequence[float]) -> np.ndarray:
    """Divide non-negative weights by their sum.

    Raises
    ------
    InputError
        When a weight is negative or not a number, or when all are zero.
    """
    from lib.decision.matrix import check_weights

    values = check_weights(list(weights), [f"#{i + 1}" for i in range(len(weights))])
    return values / values.sum()


@dataclass(frozen=True)
class AhpResult:
    """Weights from a pairwise comparison matrix (eigenvector method).

    Attributes
    ----------
    criteria : tuple of str
    weights : numpy.ndarray
        Principal right eigenvector, normalised to sum to 1.
    lambda_max : float
        Principal eigenvalue (equals n for a perfectly consistent matrix).
    consistency_index : float
        ``(lambda_max - n) / (n - 1)``.
    consistency_ratio : float
        Consistency index divided by Saaty's random index for this size (0 for n <= 2).
    worst_pair : tuple of str or None
        The judgement (row, column) that departs most from the derived weights.
    worst_judgement : float or None
        The value given for that judgement.
    implied_judgement : float or None
        What the derived weights imply it should have been (``w_row / w_col``).
    """

    criteria: tuple[str, ...]
    matrix: np.ndarray
    weights: np.ndarray
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    worst_pair: tuple[str, str] | None
    worst_judgement: float | None
    implied_judgement: float | None
    provenance: Provenance

    @property
    def acceptable(self) -> bool:
        """True when the consistency ratio is at most 0.10."""
        return self.consistency_ratio <= CR_LIMIT + 1e-12

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "method": "AHP principal eigenvector",
            "weights": {c: float(w) for c, w in zip(self.criteria, self.weights, strict=True)},
            "lambda_max": self.lambda_max,
            "consistency_index": self.consistency_index,
            "consistency_ratio": self.consistency_ratio,
            "acceptable": self.acceptable,
            "worst_pair": list(self.worst_pair) if self.worst_pair else None,
            "worst_judgement": self.worst_judgement,
            "implied_judgement": self.implied_judgement,
            "provenance": self.provenance.to_dict(),
        }


def random_index(n: int) -> float:
    """Saaty's random index for an ``n`` x ``n`` matrix (the last tabulated value beyond 10)."""
    return RANDOM_INDEX[min(n, len(RANDOM_INDEX)) - 1]


def check_pairwise(matrix: object, criteria: Sequence[str], *, source: str | None = None) -> np.ndarray:
    """Validate a pairwise comparison matrix: square, positive, 1 on the diagonal, reciprocal."""
    values = np.asarray(matrix, dtype=float)
    n = len(criteria)
    if values.shape != (n, n):
        raise InputError(
            "the comparison matrix has the wrong shape",
            file=source,
            expected=f"{n} × {n} for {n} criteria",
            found=" × ".join(str(s) for s in values.shape),
        )
    for i in range(n):
        for j in range(n):
            a = values[i, j]
            if not math.isfinite(a) or a <= 0:
                raise InputError(
                    f"the judgement '{criteria[i]}' versus '{criteria[j]}' must be a positive number",
                    file=source,
                    column=criteria[j],
                    expected="a value from 1/9 to 9 (1 = equally important)",
                    found=f"{a:g}",
                )
    for i in range(n):
        if abs(values[i, i] - 1) > _RECIPROCAL_TOLERANCE:
            raise InputError(
                f"a criterion compared with itself ('{criteria[i]}') must be 1",
                file=source,
                column=criteria[i],
                expected="1 on the diagonal",
                found=f"{values[i, i]:g}",
            )
        for j in range(i + 1, n):
            product = values[i, j] * values[j, i]
            if abs(product - 1) > _RECIPROCAL_TOLERANCE:
                raise InputError(
                    f"the comparison matrix is not reciprocal for '{criteria[i]}' and '{criteria[j]}'",
                    file=source,
                    column=criteria[j],
                    expected=f"the two judgements to multiply to 1 (e.g. 3 and 1/3), {values[i, j]:g} needs {1 / values[i, j]:.4g}",
                    found=f"{values[j, i]:g}",
                )
    return values


def ahp_weights(matrix: object, criteria: Sequence[str], *, source: str | None = None) -> AhpResult:
    """Weights from an AHP pairwise comparison matrix.

    ``matrix[i][j]`` says how much more important criterion ``i`` is than ``j``
    (Saaty's 1-9 scale, reciprocal below the diagonal).

    Parameters
    ----------
    matrix : array-like
        Square positive reciprocal matrix.
    criteria : sequence of str
        Criterion names in row order.
    source : str, optional
        File name for error messages.

    Returns
    -------
    AhpResult
    """
    names = tuple(str(c) for c in criteria)
    values = check_pairwise(matrix, names, source=source)
    n = len(names)
    eigenvalues, eigenvectors = np.linalg.eig(values)
    # Perron-Frobenius: a positive matrix has one real eigenvalue of largest modulus with a positive vector.
    k = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[k].real)
    vector = np.abs(eigenvectors[:, k].real)
    weights = vector / vector.sum()
    ci = max(0.0, (lambda_max - n) / (n - 1)) if n > 1 else 0.0
    ri = random_index(n)
    cr = ci / ri if ri > 0 else 0.0
    worst_pair = worst_value = implied = None
    if n > 2:
        # Departure of each judgement from the ratio the weights imply, on a log scale so 3 vs 1/3 is symmetric.
        ratio = values * weights[None, :] / weights[:, None]
        error = np.abs(np.log(ratio))
        np.fill_diagonal(error, 0.0)
        upper = np.triu(error, k=1)
        i, j = np.unravel_index(int(np.argmax(upper)), upper.shape)
        if upper[i, j] > 1e-9:
            worst_pair = (names[i], names[j])
            worst_value = float(values[i, j])
            implied = float(weights[i] / weights[j])
    return AhpResult(
        criteria=names,
        matrix=values,
        weights=weights,
        lambda_max=lambda_max,
        consistency_index=ci,
        consistency_ratio=cr,
        worst_pair=worst_pair,
        worst_judgement=worst_value,
        implied_judgement=implied,
        provenance=make_provenance(parameters={"method": "ahp", "criteria": list(names)}),
    )


def pairwise_from_upper(upper: Sequence[Sequence[float]]) -> np.ndarray:
    """Fill a full reciprocal matrix from its upper triangle (diagonal set to 1)."""
    values = np.asarray(upper, dtype=float).copy()
    n = values.shape[0]
    for i in range(n):
        values[i, i] = 1.0
        for j in range(i + 1, n):
            values[j, i] = 1.0 / values[i, j] if values[i, j] != 0 else 0.0
    return values


def pairwise_from_judgements(
    criteria: Sequence[str], judgements: Sequence[tuple[str, str, float]], *, source: str | None = None
) -> np.ndarray:
    """A reciprocal matrix from ``(a, b, value)`` judgements: ``a`` is ``value`` times as important as ``b``.

    Pairs not judged count as equally important (1). A zero or negative judgement is bad input.
    """
    names = list(criteria)
    matrix = np.ones((len(names), len(names)))
    for a, b, value in judgements:
        if a not in names or b not in names or a == b:
            continue
        number = float(value) if value is not None else math.nan
        if not math.isfinite(number) or number <= 0:
            raise InputError(
                f"the judgement '{a}' versus '{b}' must be a positive number",
                file=source,
                expected="a value from 1/9 to 9 (1 = equally important)",
                found="an empty cell" if value is None else f"{value}",
            )
        i, j = names.index(a), names.index(b)
        matrix[i, j], matrix[j, i] = number, 1.0 / number
    return matrix
