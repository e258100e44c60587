"""Correlated drivers: a stated rank-correlation matrix imposed on independent draws by Iman–Conover.

Method (Iman and Conover, 1982). Every driver is first drawn on its own from its range,
exactly as without correlations. Then, for the drivers named in a correlation, a matrix of
normal scores (van der Waerden: the normal quantiles of i / (n + 1)) is shuffled column by
column, its own sample correlation is removed (Cholesky), and the target correlation is put
in; each driver's draws are then re-ordered to follow the ranks of its column. So:

- every driver keeps exactly the values it was drawn with (its range and shape are untouched);
- the stated numbers are Spearman rank correlations: each is turned into the Pearson
  correlation of the normal scores by 2 sin(π ρ / 6), the inverse of Spearman's relation for
  normal variables, so the rank correlation of the draws comes out at ρ;
- with every stated correlation zero nothing is re-ordered, so the draws are the independent
  ones, number for number.

A set of correlations that cannot hold together (the matrix is not positive semi-definite) is
refused naming the pair that breaks it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

import numpy as np

from lib.errors import InputError

METHOD = (
    "Iman–Conover: each driver is drawn on its own from its range, then the draws are re-ordered so their "
    "rank (Spearman) correlations match the stated ones; every driver keeps its own values."
)
CORRELATION_METHOD = METHOD
_TOLERANCE = 1e-10


def pearson_of_scores(rank_correlation: float) -> float:
    """The Pearson correlation of normal scores whose Spearman correlation is ``rank_correlation``.

    Examples
    --------
    >>> round(pearson_of_scores(0.5), 4)
    0.5176
    >>> round(pearson_of_scores(1.0), 12)
    1.0
    """
    return 2 * math.sin(math.pi * rank_correlation / 6)


def check_correlations(
    correlations: Sequence[tuple[str, str, float]], *, ranged: Sequence[str], known: Sequence[str], where: str = ""
) -> None:
    """Refuse pairs that name unknown or fixed drivers, repeat, fall outside -1..1, or cannot hold together.

    Parameters
    ----------
    correlations : sequence of (str, str, float)
        Pairs and their rank correlation.
    ranged : sequence of str
        Drivers with a range (only these can be correlated).
    known : sequence of str
        Every driver name.
    where : str
        Prefix for messages.

    Raises
    ------
    InputError
        Naming the pair.
    """
    seen: set[frozenset[str]] = set()
    for i, item in enumerate(correlations):
        if len(item) != 3:
            raise InputError(f"{where}'correlations[{i}]' must be [driver, driver, rho]", found=f"{len(item)} values")
        a, b, rho = item
        for name in (a, b):
            if name not in known:
                raise InputError(
                    f"{where}'correlations[{i}]' names '{name}', which is not a driver",
                    expected="one of " + ", ".join(repr(k) for k in known) if known else "drivers defined in 'drivers'",
                )
            if name not in ranged:
                raise InputError(
                    f"{where}'correlations[{i}]': driver '{name}' has no range, so it cannot be correlated",
                    expected=f"a 'range' on '{name}', or no correlation for it",
                )
        if a == b:
            raise InputError(f"{where}'correlations[{i}]' pairs '{a}' with itself", expected="two different drivers")
        if isinstance(rho, bool) or not isinstance(rho, (int, float)) or not math.isfinite(rho) or abs(rho) > 1:
            raise InputError(
                f"{where}'correlations[{i}]': the correlation of '{a}' and '{b}' is out of range",
                expected="a rank correlation from -1 to 1", found=repr(rho)[:40],
            )  # fmt: skip
        pair = frozenset((a, b))
        if pair in seen:
            raise InputError(f"{where}'correlations' gives the pair '{a}'–'{b}' twice", expected="each pair once")
        seen.add(pair)
    names, target = correlation_matrix(correlations)
    if names:
        _check_consistent(names, target, correlations, where=where)


def correlation_matrix(correlations: Sequence[tuple[str, str, float]]) -> tuple[list[str], np.ndarray]:
    """The drivers in non-zero pairs (in order of first mention) and their Pearson-of-scores matrix."""
    names: list[str] = []
    for a, b, rho in correlations:
        if rho != 0:
            names += [n for n in (a, b) if n not in names]
    index = {n: i for i, n in enumerate(names)}
    matrix = np.eye(len(names))
    for a, b, rho in correlations:
        if rho != 0:
            matrix[index[a], index[b]] = matrix[index[b], index[a]] = pearson_of_scores(float(rho))
    return names, matrix


def _psd(matrix: np.ndarray) -> bool:
    return bool(np.linalg.eigvalsh(matrix).min() >= -_TOLERANCE)


def _check_consistent(
    names: list[str], target: np.ndarray, correlations: Sequence[tuple[str, str, float]], *, where: str
) -> None:
    if _psd(target):
        return
    index = {n: i for i, n in enumerate(names)}
    stated = {frozenset((a, b)): float(rho) for a, b, rho in correlations if rho != 0}
    order = [frozenset((a, b)) for a, b, rho in correlations if rho != 0]
    # Three drivers at a time first: the usual mistake is a triangle that cannot close.
    for trio in itertools.combinations(names, 3):
        sub = target[np.ix_([index[n] for n in trio], [index[n] for n in trio])]
        if _psd(sub):
            continue
        pairs = [frozenset(p) for p in itertools.combinations(trio, 2) if frozenset(p) in stated]
        blamed = max(pairs, key=order.index)  # the pair stated last
        a, b = sorted(blamed, key=names.index)
        c = next(n for n in trio if n not in blamed)
        r_ac, r_bc = stated.get(frozenset((a, c)), 0.0), stated.get(frozenset((b, c)), 0.0)
        low, high = _feasible(r_ac, r_bc)
        raise InputError(
            f"{where}the correlations cannot hold together: '{a}'–'{b}' at {stated[blamed]:g} contradicts "
            f"'{a}'–'{c}' at {r_ac:g} and '{b}'–'{c}' at {r_bc:g} (the matrix is not positive semi-definite)",
            expected=f"a correlation of '{a}' and '{b}' from about {low:.2f} to {high:.2f} given the other two",
            found=f"{stated[blamed]:g}",
        )
    # Larger sets: blame the pair whose removal helps most.
    best, best_gain = order[-1], -math.inf
    for pair in order:
        trial = target.copy()
        i, j = (index[n] for n in pair)
        trial[i, j] = trial[j, i] = 0.0
        gain = float(np.linalg.eigvalsh(trial).min())
        if gain > best_gain:
            best, best_gain = pair, gain
    a, b = sorted(best, key=names.index)
    raise InputError(
        f"{where}the correlations cannot hold together (the matrix is not positive semi-definite); "
        f"the pair '{a}'–'{b}' at {stated[best]:g} conflicts most with the others",
        expected="correlations that a real set of quantities could have: lower that pair, or the ones it conflicts with",
        found=f"{stated[best]:g}",
    )


def _feasible(r_ac: float, r_bc: float) -> tuple[float, float]:
    """Rank correlations of a and b that fit with a–c and b–c (through the normal scores' Pearson values)."""
    p_ac, p_bc = pearson_of_scores(r_ac), pearson_of_scores(r_bc)
    spread = math.sqrt(max(0.0, (1 - p_ac**2) * (1 - p_bc**2)))
    low, high = p_ac * p_bc - spread, p_ac * p_bc + spread
    return tuple(6 / math.pi * math.asin(max(-1.0, min(1.0, v / 2))) for v in (low, high))  # type: ignore[return-value]


def _factor(matrix: np.ndarray) -> np.ndarray:
    """A square root L with L Lᵀ = matrix, for positive semi-definite matrices (singular ones too)."""
    values, vectors = np.linalg.eigh(matrix)
    return np.asarray(vectors * np.sqrt(np.clip(values, 0.0, None)))


def impose(
    draws: Mapping[str, np.ndarray], correlations: Sequence[tuple[str, str, float]], rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Re-order the draws of correlated drivers so their rank correlations match (Iman–Conover).

    Parameters
    ----------
    draws : mapping
        Driver -> its independent draws (all of one length n; fixed drivers may have length 1).
    correlations : sequence of (str, str, float)
        Checked pairs (see :func:`check_correlations`).
    rng : numpy.random.Generator
        Shuffles the scores (drawn after the drivers, so the drivers' own values never change).

    Returns
    -------
    dict
        The same drivers; the correlated ones re-ordered.
    """
    names, target = correlation_matrix(correlations)
    out = dict(draws)
    if not names:
        return out
    from scipy.special import ndtri  # loaded on first use: uncorrelated runs never need scipy

    n = int(np.asarray(draws[names[0]]).size)
    scores = ndtri(np.arange(1, n + 1) / (n + 1))
    shuffled = np.stack([rng.permutation(scores) for _ in names], axis=1)
    own = np.atleast_2d(np.corrcoef(shuffled, rowvar=False))
    lower = np.linalg.cholesky(own + 1e-12 * np.eye(len(names)))
    independent = np.linalg.solve(lower, shuffled.T).T  # sample correlation now exactly the identity
    correlated = independent @ _factor(target).T
    for j, name in enumerate(names):
        ranks = np.argsort(np.argsort(correlated[:, j], kind="stable"), kind="stable")
        out[name] = np.sort(np.asarray(draws[name], dtype=float))[ranks]
    return out
