"""Count once: per-group confusion counts from label, prediction and group codes.

Every group metric, disparity and bootstrap interval in this package is derived
from the ``(groups, 4)`` array built here, so the rows are read exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.errors import InputError

# Last axis of every counts array: true negatives, false positives, false negatives, true positives.
TN, FP, FN, TP = 0, 1, 2, 3
MISSING_GROUP = "missing"
MAX_GROUPS_PER_COLUMN = 200
# Combinations of the sensitive columns an audit accepts: beyond this almost every cell is a handful of
# rows, and the bootstrap's memory grows with the cells (checked before any resampling).
MAX_AUDIT_GROUPS = 2_000
# Columns with more groups than this are offered but not pre-selected as sensitive.
MAX_DEFAULT_GROUPS = 12


@dataclass(frozen=True)
class GroupCodes:
    """Rows mapped to groups of the chosen sensitive columns.

    Attributes
    ----------
    columns : tuple of str
        The sensitive columns.
    codes : numpy.ndarray of int64
        Row -> index into ``values`` (the finest, intersectional group).
    values : tuple of tuple of str
        Each observed combination of the columns' values, one per group.
    missing : dict
        Column -> number of rows whose value was missing (grouped as ``"missing"``).
    """

    columns: tuple[str, ...]
    codes: np.ndarray
    values: tuple[tuple[str, ...], ...]
    missing: dict[str, int]


def encode_groups(frame: pd.DataFrame, columns: Sequence[str], *, file: str | None = None) -> GroupCodes:
    """Give every row the code of its combination of sensitive values.

    Missing values form an explicit ``"missing"`` group rather than being dropped,
    so nobody disappears from the audit.

    Raises
    ------
    InputError
        When a column has so many distinct values that it cannot be a group attribute.
    """
    per_column_codes = []
    per_column_levels = []
    missing: dict[str, int] = {}
    for column in columns:
        series = frame[column]
        is_missing = series.isna().to_numpy()
        codes, levels = pd.factorize(series, sort=True, use_na_sentinel=True)
        levels = [str(level) for level in levels]
        n_missing = int(is_missing.sum())
        if n_missing:
            missing[column] = n_missing
            label = MISSING_GROUP if MISSING_GROUP not in levels else f"{MISSING_GROUP} (empty cells)"
            codes = np.where(codes < 0, len(levels), codes)
            levels.append(label)
        if len(levels) > MAX_GROUPS_PER_COLUMN:
            raise InputError(
                "this column has too many distinct values to be a sensitive attribute",
                file=file,
                column=column,
                expected=f"at most {MAX_GROUPS_PER_COLUMN} groups (e.g. sex, race, an age band)",
                found=f"{len(levels):,} distinct values",
            )
        per_column_codes.append(codes.astype(np.int64))
        per_column_levels.append(levels)
    combined = np.zeros(len(frame), dtype=np.int64)
    for codes, levels in zip(per_column_codes, per_column_levels, strict=True):
        combined = combined * len(levels) + codes
    observed, dense = np.unique(combined, return_inverse=True)
    if len(observed) > MAX_AUDIT_GROUPS:
        raise InputError(
            "the sensitive columns make too many groups to audit",
            file=file,
            expected=f"at most {MAX_AUDIT_GROUPS:,} groups (audit the columns one at a time, or band them)",
            found=f"{len(observed):,} combinations of {', '.join(columns)}",
        )
    values = []
    for code in observed.tolist():
        parts = []
        for levels in reversed(per_column_levels):
            code, index = divmod(code, len(levels))
            parts.append(levels[index])
        values.append(tuple(reversed(parts)))
    return GroupCodes(tuple(columns), dense.astype(np.int64).reshape(-1), tuple(values), missing)


def confusion_counts(
    y_true: np.ndarray, y_pred: np.ndarray, codes: np.ndarray, n_groups: int, *, weights: np.ndarray | None = None
) -> np.ndarray:
    """Per-group TN, FP, FN, TP in one ``np.bincount`` over a combined cell code.

    Parameters
    ----------
    y_true, y_pred : numpy.ndarray of bool
        Actual and predicted outcome (True = positive).
    codes : numpy.ndarray of int
        Group index of each row, in ``range(n_groups)``.
    n_groups : int
    weights : numpy.ndarray of int, optional
        How many rows each row stands for (rows already counted by a database).

    Returns
    -------
    numpy.ndarray of int64, shape (n_groups, 4)
    """
    cell = codes * 4 + 2 * y_true.astype(np.int64) + y_pred.astype(np.int64)
    if weights is None:
        return np.bincount(cell, minlength=n_groups * 4).reshape(n_groups, 4).astype(np.int64)
    # Summed as whole numbers: float weights would lose counts past 2**53.
    out = np.zeros(n_groups * 4, dtype=np.int64)
    np.add.at(out, cell, np.asarray(weights, dtype=np.int64))
    return out.reshape(n_groups, 4)


def collapse_matrix(values: Sequence[tuple[str, ...]], position: int) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """0/1 matrix summing intersectional groups into the groups of one column.

    Returns
    -------
    (numpy.ndarray, list)
        Matrix of shape (groups of the column, intersectional groups) and the
        column's group values (as 1-tuples).
    """
    levels = sorted({v[position] for v in values})
    index = {level: i for i, level in enumerate(levels)}
    matrix = np.zeros((len(levels), len(values)), dtype=np.int64)
    for j, value in enumerate(values):
        matrix[index[value[position]], j] = 1
    return matrix, [(level,) for level in levels]


def default_sensitive(frame: pd.DataFrame, candidates: Sequence[str]) -> tuple[list[str], list[str]]:
    """The sensitive columns to pre-select: those with few enough groups to read; notes on the others.

    Parameters
    ----------
    frame : pandas.DataFrame
    candidates : sequence of str
        Columns marked sensitive (e.g. by role inference).

    Returns
    -------
    (list of str, list of str)
        The columns to pre-select, and a note per column left for the user to add.
    """
    chosen, notes = [], []
    for column in candidates:
        if column not in frame.columns:
            continue
        groups = int(frame[column].nunique(dropna=False))
        if groups <= MAX_DEFAULT_GROUPS:
            chosen.append(column)
        else:
            notes.append(
                f"'{column}' has {groups:,} groups, too many to pre-select (at most {MAX_DEFAULT_GROUPS}); "
                "add it yourself, or band it first."
            )
    return chosen, notes


def count_groups(frame: pd.DataFrame, columns: Sequence[str], *, intersectional: bool) -> int:
    """How many groups an audit of ``columns`` would compare (before computing anything)."""
    if not columns:
        return 0
    if intersectional:
        return len(frame[list(columns)].drop_duplicates())
    return int(sum(frame[c].nunique(dropna=False) for c in columns))


SEPARATOR = " × "


def group_names(columns: Sequence[str], values: Sequence[tuple[str, ...]]) -> list[str]:
    """Readable, unambiguous names of groups: values joined by " × ", or "column=value" when that could mislead.

    A value that itself contains " × " (or two groups that would read the same) switches every name of the
    view to ``column='value'`` pairs, so no two groups ever share a name.

    Examples
    --------
    >>> group_names(["sex", "race"], [("F", "A"), ("M", "B")])
    ['F × A', 'M × B']
    >>> group_names(["a", "b"], [("x × y", "z"), ("x", "y × z")])
    ["a='x × y', b='z'", "a='x', b='y × z'"]
    """
    plain = [SEPARATOR.join(v) for v in values]
    if len(set(plain)) == len(plain) and not any(SEPARATOR in part for v in values for part in v):
        return plain
    return [", ".join(f"{c}={part!r}" for c, part in zip(columns, v, strict=True)) for v in values]
