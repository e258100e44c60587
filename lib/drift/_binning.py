"""Bins for each monitored column, fixed from the reference and stated in every result.

A numeric column gets three nested grids, all cut at values of the reference:

- *fine* bins (up to 1,000 reference quantiles, or every distinct value when there
  are at most 1,000) for KS and Wasserstein;
- *mid* bins (about 100, a subset of the fine cuts) for the bootstrap;
- *coarse* bins (10 reference quantiles by default, or equal width) for PSI and
  Jensen-Shannon.

Below-range and above-range values have bins of their own (training-serving
skew), and missing values are counted apart. A categorical column's bins are
its reference categories, then "other" (reference categories past the cap), then
"unseen" (values the reference never had).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lib.analysis import Record, json_meta

FINE_BINS = 1_000
MID_BINS = 100
MAX_CATEGORIES = 200
QUANTILE_SAMPLE = 200_000
UNSEEN = "(unseen)"
OTHER = "(other)"


@dataclass(frozen=True)
class ColumnBinning(Record):
    """How one column was cut.

    Attributes
    ----------
    kind : {"numeric", "categorical"}
    method : str
        ``quantile``, ``equal_width`` or ``categories``.
    bins : int
        Bins used by PSI and Jensen-Shannon (ties in the reference can merge quantile bins).
    requested_bins : int
    edges : tuple of float
        Inner cut points of the PSI bins (numeric); the outer bins are open-ended.
    categories : tuple of str
        Reference categories (categorical), most frequent first.
    psi_floor : float
        Share given to an empty bin in PSI.
    fine_bins : int
        Bins behind KS and Wasserstein.
    exact : bool
        KS and Wasserstein are exact: every reference value has its own fine bin.
    reference_min, reference_max : float or None
        The reference range (values outside it are out of range).
    """

    kind: str
    method: str
    bins: int
    requested_bins: int
    edges: tuple[float, ...] = ()
    categories: tuple[str, ...] = ()
    psi_floor: float = 1e-4
    fine_bins: int = 0
    exact: bool = False
    reference_min: float | None = None
    reference_max: float | None = None
    # Grids used while counting (not part of the JSON).
    fine_edges: np.ndarray = field(default_factory=lambda: np.zeros(0), metadata=json_meta(omit=True), compare=False)
    to_mid: np.ndarray = field(default_factory=lambda: np.zeros(0, int), metadata=json_meta(omit=True), compare=False)
    to_coarse: np.ndarray = field(
        default_factory=lambda: np.zeros(0, int), metadata=json_meta(omit=True), compare=False
    )
    rare: tuple[str, ...] = field(default=(), metadata=json_meta(omit=True), compare=False)
    shift: float = field(default=0.0, metadata=json_meta(omit=True), compare=False)

    @property
    def n_fine(self) -> int:
        """Number of fine slots (numeric: below, interior, above; categorical: categories, other, unseen)."""
        return len(self.to_coarse)

    @property
    def n_mid(self) -> int:
        """Number of mid slots."""
        return int(self.to_mid.max()) + 1 if len(self.to_mid) else 0

    @property
    def n_coarse(self) -> int:
        """Number of PSI bins (categorical: categories, other, unseen)."""
        return int(self.to_coarse.max()) + 1 if len(self.to_coarse) else 0


def numeric_binning(reference: np.ndarray, *, bins: int, method: str) -> ColumnBinning:
    """Cut a numeric column at reference values (see the module's description).

    Parameters
    ----------
    reference : numpy.ndarray of float
        The reference's non-missing values (at least one).
    bins : int
        PSI bins wanted.
    method : {"quantile", "equal_width"}

    Returns
    -------
    ColumnBinning
    """
    # Cut points come from at most 200,000 evenly spaced reference rows: as good as all of them, and fast.
    step = max(1, len(reference) // QUANTILE_SAMPLE)
    return binning_from_sample(
        reference[::step],
        low=float(reference.min()),
        high=float(reference.max()),
        every_distinct=lambda: np.unique(reference),
        sampled=step > 1,
        bins=bins,
        method=method,
    )


def binning_from_sample(
    sample: np.ndarray,
    *,
    low: float,
    high: float,
    every_distinct: Callable[[], np.ndarray],
    sampled: bool,
    bins: int,
    method: str,
) -> ColumnBinning:
    """Cut a numeric column from a sample of its reference values (the entry point for a database).

    Parameters
    ----------
    sample : numpy.ndarray of float
        Evenly spaced reference values (every value when there are at most 200,000).
    low, high : float
        The reference's smallest and largest values.
    every_distinct : callable
        Returns the reference's distinct values (called only when the sample has at most 1,000).
    sampled : bool
        Whether ``sample`` leaves values out.
    bins : int
    method : {"quantile", "equal_width"}

    Returns
    -------
    ColumnBinning
    """
    cuts = np.unique(np.quantile(sample, np.linspace(0, 1, FINE_BINS + 1)))
    distinct = np.unique(sample)
    exact = len(distinct) <= FINE_BINS
    if exact and sampled:
        distinct = every_distinct()
        exact = len(distinct) <= FINE_BINS
    if exact:
        cuts = distinct
    if method == "equal_width":
        inner = np.linspace(low, high, bins + 1)[1:-1]
    else:
        inner = np.quantile(sample, np.arange(1, bins) / bins)
    inner = np.unique(inner[(inner > low) & (inner <= high)])
    top = np.nextafter(high, np.inf)
    fine_edges = np.unique(np.concatenate([cuts, inner, [low, top]]))
    step = max(1, int(np.ceil(len(fine_edges) / MID_BINS)))
    mid_edges = np.unique(np.concatenate([fine_edges[::step], inner, [low, top]]))
    # Fine slot 0 is below the range, slot i holds [edge[i-1], edge[i]), the last slot is above the range.
    lefts = fine_edges[:-1]
    to_mid = np.concatenate([[0], np.searchsorted(mid_edges, lefts, side="right"), [len(mid_edges)]])
    to_coarse = np.concatenate([[0], np.searchsorted(inner, lefts, side="right"), [len(inner)]])
    return ColumnBinning(
        kind="numeric",
        method=method,
        bins=len(inner) + 1,
        requested_bins=bins,
        edges=tuple(float(v) for v in inner),
        fine_bins=len(fine_edges) - 1,
        exact=bool(exact),
        reference_min=low,
        reference_max=high,
        fine_edges=fine_edges,
        to_mid=to_mid.astype(np.int64),
        to_coarse=to_coarse.astype(np.int64),
        shift=float(np.median(sample)),
    )


def numeric_slots(values: np.ndarray, binning: ColumnBinning) -> np.ndarray:
    """Fine slot of each value (missing values get the slot after the last)."""
    slots = np.searchsorted(binning.fine_edges, values, side="right")
    return np.where(np.isnan(values), binning.n_fine, slots)


def categorical_binning(reference: pd.Series, *, requested_bins: int) -> ColumnBinning:
    """Bins for a categorical column: reference categories (most frequent first), other, unseen.

    Parameters
    ----------
    reference : pandas.Series
        The reference's non-missing values (compared as text).
    requested_bins : int
        Recorded only (categories are their own bins).

    Returns
    -------
    ColumnBinning
    """
    codes, uniques = pd.factorize(reference, use_na_sentinel=True)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    return binning_from_counts(uniques, counts, requested_bins=requested_bins)


def binning_from_counts(
    values: Sequence[object], counts: Sequence[int] | np.ndarray, *, requested_bins: int
) -> ColumnBinning:
    """Bins for a categorical column from its distinct reference values and their counts (a database's answer).

    Parameters
    ----------
    values : sequence
        Distinct non-missing reference values.
    counts : sequence of int
        Rows of each.
    requested_bins : int

    Returns
    -------
    ColumnBinning
    """
    # Values that read the same as text (1 and "1") are one category.
    totals: dict[str, int] = {}
    for value, count in zip(values, counts, strict=True):
        totals[str(value)] = totals.get(str(value), 0) + int(count)
    ordered = sorted(totals, key=lambda k: (-totals[k], k))
    categories = tuple(ordered[:MAX_CATEGORIES])
    rare = tuple(ordered[MAX_CATEGORIES:])
    n = len(categories)
    slots = np.arange(n + 2)
    return ColumnBinning(
        kind="categorical",
        method="categories",
        bins=n + 2,
        requested_bins=requested_bins,
        categories=categories,
        fine_bins=n + 2,
        exact=True,
        to_mid=slots,
        to_coarse=slots,
        rare=rare,
    )


def categorical_slots(values: pd.Series, binning: ColumnBinning) -> tuple[np.ndarray, np.ndarray]:
    """Slot of each value (categories, then other, then unseen; missing after them) and the unseen mask.

    Each distinct value is looked up once (``pandas.factorize``), so millions of rows cost one hash pass.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    n = len(binning.categories)
    where = {name: i for i, name in enumerate(binning.categories)}
    rare = set(binning.rare)
    slot_of = np.array([where.get(str(v), n if str(v) in rare else n + 1) for v in uniques] + [n + 2], dtype=np.int64)
    slots = slot_of[codes]  # code -1 (missing) takes the last entry
    return slots, slots == n + 1
