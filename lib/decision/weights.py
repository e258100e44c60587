"""Criterion weights: direct entry (normalised) or AHP pairwise comparison."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lib.analysis import Record, Result
from lib.errors import InputError
from lib.provenance import Provenance

# Saaty's random consistency index for matrices of order 1..10 (mean CI of random reciprocal matrices).
RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
CR_LIMIT = 0.10
METHOD = "AHP principal eigenvector"
# Saaty's scale runs from 1/9 to 9; a value typed to two decimals (0.11 for 1/9) is within 1 %.
JUDGEMENT_MIN, JUDGEMENT_MAX = 1 / 9, 9.0
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
class AhpWeights(Record):
    """Weights from a pairwise comparison matrix (eigenvector method).

    Attributes
    ----------
    criteria : tuple of str
    matrix : numpy.ndarray
        The full reciprocal comparison matrix, rows and columns in criteria order.
    weights : dict
        Criterion -> weight: the principal right eigenvector, normalised to sum to 1.
    lambda_max : float
        Principal eigenvalue (equals n for a perfectly consistent matrix).
    consistency_index : float
        ``(lambda_max - n) / (n - 1)``.
    consistency_ratio : float
        Consistency index divided by Saaty's random index for this size (0 for n <= 2).
    random_index : float
        Saaty's random index for this size.
    worst_pair : tuple of str or None
        The judgement (row, column) that departs most from the derived weights.
    worst_judgement : float or None
        The value given for that judgement.
    implied_judgement : float or None
        What the derived weights imply it should have been (``w_row / w_col``).
    limit : float
        The consistency ratio above which the judgements contradict each other (0.10).
    method : str
    """

    json_extras = ("acceptable",)

    criteria: tuple[str, ...]
    matrix: np.ndarray
    weights: dict[str, float]
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    random_index: float
    worst_pair: tuple[str, str] | None
    worst_judgement: float | None
    implied_judgement: float | None
    limit: float = CR_LIMIT
    method: str = METHOD

    @property
    def acceptable(self) -> bool:
        """True when the consistency ratio is at most 0.10."""
        return self.consistency_ratio <= self.limit + 1e-12

    @property
    def weight_vector(self) -> np.ndarray:
        """The weights in criteria order."""
        return np.array([self.weights[c] for c in self.criteria], dtype=float)

    def advice(self) -> str:
        """The consistency check in words, naming the judgement to revisit when it fails."""
        text = f"Consistency ratio {self.consistency_ratio:.3f} (λmax {self.lambda_max:.3f})."
        if self.acceptable:
            return text + f" The judgements are consistent enough (limit {self.limit:.2f})."
        a, b = self.worst_pair or ("", "")
        return (
            text + f" Above {self.limit:.2f}: the judgements contradict each other. Revisit '{a}' versus '{b}': "
            f"you gave {self.worst_judgement:.2f}, the other judgements imply about {self.implied_judgement:.2f}."
        )


@dataclass(frozen=True, kw_only=True)
class AhpResult(AhpWeights, Result):
    """AHP weights as an analysis of its own (kind ``ahp_weights``), with provenance.

    ``to_dict()`` is the command line's JSON: ``method``, ``weights`` (criterion -> weight),
    ``lambda_max``, ``consistency_index``, ``consistency_ratio``, ``acceptable``,
    ``worst_pair``, ``worst_judgement``, ``implied_judgement`` and the comparison ``matrix``.
    """

    provenance: Provenance

    def weights_only(self) -> AhpWeights:
        """The same figures without provenance (as a decision matrix result carries them)."""
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(AhpWeights)}
        return AhpWeights(**fields)


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


def ahp_weights(matrix: object, criteria: Sequence[str], *, source: str | None = None) -> AhpWeights:
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
    AhpWeights

    Examples
    --------
    >>> result = ahp_weights([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]], ["a", "b", "c"])
    >>> [round(w, 3) for w in result.weights.values()], round(result.consistency_ratio, 3)
    ([0.637, 0.258, 0.105], 0.033)
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
    return AhpWeights(
        criteria=names,
        matrix=values,
        weights={c: float(w) for c, w in zip(names, weights, strict=True)},
        lambda_max=lambda_max,
        consistency_index=float(ci),
        consistency_ratio=float(cr),
        random_index=float(ri),
        worst_pair=worst_pair,
        worst_judgement=worst_value,
        implied_judgement=implied,
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
