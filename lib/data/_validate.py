"""Checks that later analyses run on their input columns."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.errors import InputError

# Pairs whose positive value is obvious; anything else must be chosen by the user.
_KNOWN_POSITIVES = {
    frozenset({"0", "1"}): "1",
    frozenset({"0.0", "1.0"}): "1.0",
    frozenset({"false", "true"}): "true",
    frozenset({"no", "yes"}): "yes",
    frozenset({"n", "y"}): "y",
    frozenset({"negative", "positive"}): "positive",
    frozenset({"neg", "pos"}): "pos",
    frozenset({"f", "t"}): "t",
}


def _canonical(value: object) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value).strip().lower()


def require_columns(
    frame: pd.DataFrame, columns: Iterable[str | None], *, file: str | None = None, purpose: str | None = None
) -> None:
    """Check that each named column exists, suggesting near matches when not.

    Raises
    ------
    InputError
        Naming the missing column and the closest existing names.
    """
    available = [str(c) for c in frame.columns]
    for column in columns:
        if column is None or column in frame.columns:
            continue
        close = difflib.get_close_matches(str(column), available, n=3, cutoff=0.5)
        lowered = {c.lower(): c for c in available}
        if str(column).lower() in lowered and lowered[str(column).lower()] not in close:
            close.insert(0, lowered[str(column).lower()])
        hint = (
            f"did you mean {' or '.join(repr(c) for c in close)}?"
            if close
            else ("the file has " + ", ".join(repr(c) for c in available[:8]) + ("..." if len(available) > 8 else ""))
        )
        raise InputError(
            f"no such column{' for the ' + purpose if purpose else ''}",
            file=file,
            column=str(column),
            expected="a column of the file",
            found=f"none by that name; {hint}",
        )


def positive_value_choices(series: pd.Series) -> list[object]:
    """Return the distinct non-missing values of a would-be binary column, sorted."""
    values = pd.unique(series.dropna())
    return sorted(values.tolist(), key=lambda v: (_canonical(v).replace(".", "", 1).isdigit() is False, _canonical(v)))


def binary_labels(
    series: pd.Series,
    *,
    positive: object = None,
    file: str | None = None,
    column: str | None = None,
    what: str = "label",
) -> np.ndarray:
    """Turn a two-valued column into booleans (True = the positive value).

    Accepts 0/1, True/False, yes/no and the like without being told which value
    is positive; any other pair (e.g. ``<=50K`` / ``>50K``) needs ``positive``.

    Parameters
    ----------
    series : pandas.Series
        The column.
    positive : object, optional
        The value that counts as positive; compared as text, case-insensitive.
    file, column : str, optional
        For error messages.
    what : str
        What the column is ("label", "prediction"), for error messages.

    Returns
    -------
    numpy.ndarray of bool

    Raises
    ------
    InputError
        On missing values, more or fewer than two values, or an unclear positive value.
    """
    column = column if column is not None else str(series.name)
    n_missing = int(series.isna().sum())
    if n_missing:
        raise InputError(
            f"the {what} column has missing values",
            file=file,
            column=column,
            expected="a value in every row",
            found=f"{n_missing:,} empty rows",
        )
    # Canonicalise the distinct values only, then index by code: fast on millions of rows.
    codes, uniques = pd.factorize(series)
    canonical = np.array([_canonical(v) for v in uniques], dtype=object)
    distinct = sorted(set(canonical))
    # Messages list the values as the file writes them ('<=50K'), one per canonical value.
    as_written = {c: show_value(v) for c, v in zip(reversed(canonical), reversed(uniques), strict=True)}
    shown = [as_written[c] for c in distinct]
    if len(distinct) > 2:
        listed = ", ".join(shown[:10]) + (" ..." if len(distinct) > 10 else "")
        raise InputError(
            f"the {what} must be binary",
            file=file,
            column=column,
            expected="exactly two distinct values",
            found=f"{len(distinct)}: {listed}",
        )
    if positive is not None:
        wanted = _canonical(positive)
        if wanted not in distinct:
            raise InputError(
                f"the chosen positive value is not in the {what} column",
                file=file,
                column=column,
                expected="one of " + ", ".join(shown),
                found=show_value(positive),
            )
        return (canonical == wanted).astype(bool)[codes]
    known = _KNOWN_POSITIVES.get(frozenset(distinct)) if len(distinct) == 2 else None
    if known is None and len(distinct) == 1 and distinct[0] in {"0", "1", "true", "false", "yes", "no"}:
        known = {"0": "1", "false": "true", "no": "yes"}.get(distinct[0], distinct[0])
    if known is None:
        raise InputError(
            f"choose which {what} value is the positive outcome",
            file=file,
            column=column,
            expected="a positive value to be chosen",
            found=f"every row is {shown[0]}" if len(shown) == 1 else "values " + ", ".join(shown),
        )
    return (canonical == known).astype(bool)[codes]


def show_value(value: object, *, limit: int = 40) -> str:
    """A cell's value for a message, as the file writes it: ``'<=50K'``, ``1``, ``0.5``, ``missing``.

    Never a programming-language representation such as ``np.int64(1)``.

    Parameters
    ----------
    value : object
        A cell's value (text, a number of any numpy type, a timestamp...).
    limit : int
        Longest text shown; longer text is cut with "...".

    Returns
    -------
    str

    Examples
    --------
    >>> import numpy as np
    >>> show_value(np.int64(1)), show_value("<=50K"), show_value(np.float64(0.25)), show_value(None)
    ('1', "'<=50K'", '0.25', 'missing')
    """
    if value is None or (pd.api.types.is_scalar(value) and not isinstance(value, (str, bytes)) and pd.isna(value)):
        return "missing"
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str):
        text = " ".join(value.split()) if value.strip() else value
        return "'" + (text if len(text) <= limit else text[: limit - 3] + "...") + "'"
    if isinstance(value, float):
        return f"{value:g}" if abs(value) >= 1e15 or (value != 0 and abs(value) < 1e-4) else repr(value)
    text = str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_probabilities(series: pd.Series, *, file: str | None = None, column: str | None = None) -> np.ndarray:
    """Check that a column holds probabilities in [0, 1] and return them as floats.

    Raises
    ------
    InputError
        When values are missing, not numeric, or outside [0, 1].
    """
    column = column if column is not None else str(series.name)
    values = pd.to_numeric(series, errors="coerce")
    bad_text = int((values.isna() & series.notna()).sum())
    if bad_text:
        example = series[values.isna() & series.notna()].iloc[0]
        raise InputError(
            "scores must be numbers",
            file=file,
            column=column,
            expected="numbers between 0 and 1",
            found=f"{bad_text:,} non-numeric value{'s' if bad_text != 1 else ''} such as {show_value(example)}",
        )
    n_missing = int(values.isna().sum())
    if n_missing:
        raise InputError(
            "the score column has missing values",
            file=file,
            column=column,
            expected="a score in every row",
            found=f"{n_missing:,} empty rows",
        )
    low, high = float(values.min()), float(values.max())
    if low < 0.0 or high > 1.0:
        raise InputError(
            "scores lie outside [0, 1]",
            file=file,
            column=column,
            expected="probabilities between 0 and 1 (or give a threshold for raw scores)",
            found=f"values from {low:g} to {high:g}",
        )
    return values.to_numpy(dtype=float)


@dataclass(frozen=True)
class MissingReport:
    """Missing values per column.

    Attributes
    ----------
    counts : dict
        Column -> number of missing cells.
    fractions : dict
        Column -> share of rows missing (0-1).
    n_rows : int
    """

    counts: dict[str, int]
    fractions: dict[str, float]
    n_rows: int

    @property
    def columns_with_missing(self) -> list[str]:
        """Columns with at least one missing cell, worst first."""
        return sorted((c for c, n in self.counts.items() if n), key=lambda c: -self.counts[c])


def missing_report(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> MissingReport:
    """Count missing cells per column."""
    selected = frame if columns is None else frame[list(columns)]
    counts = selected.isna().sum()
    n = len(selected)
    return MissingReport(
        counts={str(c): int(v) for c, v in counts.items()},
        fractions={str(c): (float(v) / n if n else 0.0) for c, v in counts.items()},
        n_rows=n,
    )
