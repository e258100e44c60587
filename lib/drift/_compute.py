"""Counting a column once into every (segment x chunk) cell, and its statistics there.

A column is binned once per side (see :mod:`lib.drift._binning`); one
``bincount`` per side then gives the counts of every segment, chunk and
segment-by-chunk cell, and every statistic is computed from those counts.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.drift._binning import OTHER, UNSEEN, ColumnBinning, categorical_slots, numeric_slots
from lib.drift._bootstrap import resample, shifted_interval
from lib.drift._stats import (
    chi2_homogeneity,
    exact_ks,
    js_distance,
    ks_asymptotic,
    ks_pvalue,
    ks_statistic,
    psi,
    wasserstein_binned,
)

# Statistics with bootstrap intervals, and the range each lies in.
RANGES = {
    "psi": (0.0, None),
    "js": (0.0, 1.0),
    "ks": (0.0, 1.0),
    "wasserstein": (0.0, None),
    "wasserstein_norm": (0.0, None),
}


@dataclass(frozen=True, eq=False)
class Layout:
    """Where each row goes: segment of every row, chunk of every current and reference row."""

    n_segments: int
    n_chunks: int
    n_reference_chunks: int
    reference_segments: np.ndarray
    current_keys: np.ndarray
    reference_chunk_keys: np.ndarray

    @classmethod
    def build(
        cls,
        *,
        n_segments: int,
        reference_segments: np.ndarray,
        current_segments: np.ndarray,
        current_chunks: np.ndarray | None,
        n_chunks: int,
        reference_chunks: np.ndarray | None,
        n_reference_chunks: int,
    ) -> Layout:
        """Precompute the combined keys once for every column."""
        if current_chunks is None:
            current_chunks = np.full(len(current_segments), -1, dtype=np.int64)
        if reference_chunks is None:
            reference_chunks = np.full(len(reference_segments), -1, dtype=np.int64)
        chunk_slot = np.where(current_chunks >= 0, current_chunks, n_chunks)
        return cls(
            n_segments=n_segments,
            n_chunks=n_chunks,
            n_reference_chunks=n_reference_chunks,
            reference_segments=reference_segments,
            current_keys=current_segments * (n_chunks + 1) + chunk_slot,
            reference_chunk_keys=np.where(reference_chunks >= 0, reference_chunks, n_reference_chunks),
        )

    @property
    def segmented(self) -> bool:
        """More than one segment."""
        return self.n_segments > 1

    def cell_kinds(self) -> list[tuple[str, int | None, int | None]]:
        """(kind, segment, chunk) of every cell, in the order the counts are stacked."""
        cells: list[tuple[str, int | None, int | None]] = [("overall", None, None)]
        if self.segmented:
            cells += [("segment", s, None) for s in range(self.n_segments)]
        cells += [("chunk", None, k) for k in range(self.n_chunks)]
        if self.segmented:
            cells += [("segment_chunk", s, k) for s in range(self.n_segments) for k in range(self.n_chunks)]
        cells += [("reference_chunk", None, j) for j in range(self.n_reference_chunks)]
        return cells

    @property
    def n_interval_cells(self) -> int:
        """Cells with bootstrap intervals and verdicts: overall, each segment, each chunk."""
        return 1 + (self.n_segments if self.segmented else 0) + self.n_chunks


def _stack(
    reference: np.ndarray, current: np.ndarray, reference_chunks: np.ndarray, layout: Layout
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Reference and current counts of every cell (see :meth:`Layout.cell_kinds`), and each cell's reference group."""
    s, c = layout.n_segments, layout.n_chunks
    ref_all = reference.sum(axis=0)
    cur_all = current.sum(axis=(0, 1))
    refs = [ref_all[None]]
    curs = [cur_all[None]]
    groups = [np.zeros(1, dtype=np.int64)]
    if layout.segmented:
        refs.append(reference)
        curs.append(current.sum(axis=1))
        groups.append(np.arange(1, s + 1))
    if c:
        refs.append(np.repeat(ref_all[None], c, axis=0))
        curs.append(current[:, :c].sum(axis=0))
        groups.append(np.zeros(c, dtype=np.int64))
    if layout.segmented and c:
        refs.append(np.repeat(reference, c, axis=0))
        curs.append(current[:, :c].reshape(s * c, -1))
        groups.append(np.repeat(np.arange(1, s + 1), c))
    j = layout.n_reference_chunks
    if j:
        refs.append(np.repeat(ref_all[None], j, axis=0))
        curs.append(reference_chunks)
        groups.append(np.zeros(j, dtype=np.int64))
    return np.concatenate(refs), np.concatenate(curs), np.concatenate(groups)


def stack_cells(
    reference: np.ndarray, current: np.ndarray, reference_chunks: np.ndarray, layout: Layout
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every cell's reference and current counts, and each cell's reference group, from counts by segment and chunk.

    Parameters
    ----------
    reference : numpy.ndarray, shape (segments, slots)
    current : numpy.ndarray, shape (segments, chunks + 1, slots)
        The last chunk holds rows without a chunk.
    reference_chunks : numpy.ndarray, shape (reference chunks, slots)
    layout : Layout

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, numpy.ndarray)
        In :meth:`Layout.cell_kinds` order.
    """
    return _stack(reference, current, reference_chunks, layout)


def _count(
    slots_ref: np.ndarray, slots_cur: np.ndarray, layout: Layout, n_slots: int, weights: tuple | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    s, c, j = layout.n_segments, layout.n_chunks, layout.n_reference_chunks
    w_ref, w_cur = weights if weights is not None else (None, None)
    ref = np.bincount(layout.reference_segments * n_slots + slots_ref, weights=w_ref, minlength=s * n_slots)
    cur = np.bincount(layout.current_keys * n_slots + slots_cur, weights=w_cur, minlength=s * (c + 1) * n_slots)
    chunks = np.bincount(layout.reference_chunk_keys * n_slots + slots_ref, weights=w_ref, minlength=(j + 1) * n_slots)
    return ref.reshape(s, n_slots), cur.reshape(s, c + 1, n_slots), chunks.reshape(j + 1, n_slots)[:j]


@dataclass(frozen=True, eq=False)
class ColumnCells:
    """One column's statistics in every cell (arrays in :meth:`Layout.cell_kinds` order)."""

    binning: ColumnBinning
    n_reference: np.ndarray
    n_current: np.ndarray
    missing_reference: np.ndarray
    missing_current: np.ndarray
    out_of_range: np.ndarray
    statistics: dict[str, np.ndarray]
    p_values: np.ndarray
    ci: dict[str, tuple[np.ndarray, np.ndarray]]
    unseen_values: tuple[str, ...]
    unseen_rows: int
    histogram: dict[str, list]


def bin_labels(binning: ColumnBinning) -> list[str]:
    """Readable names of the PSI bins ("< 3.2", "3.2 to 5", "≥ 9"; categories, other, unseen)."""
    if binning.kind == "categorical":
        return [*binning.categories, OTHER, UNSEEN]
    edges = [f"{e:.4g}" for e in binning.edges]
    if not edges:
        return ["all values"]
    return [f"< {edges[0]}", *[f"{a} to {b}" for a, b in itertools.pairwise(edges)], f"≥ {edges[-1]}"]


def _aggregate(counts: np.ndarray, mapping: np.ndarray, size: int) -> np.ndarray:
    """Sum the last axis into ``size`` groups (``mapping`` says each slot's group, in order)."""
    values = np.asarray(counts, dtype=float)
    starts = np.flatnonzero(np.r_[True, mapping[1:] != mapping[:-1]])
    if len(starts) == size and np.array_equal(mapping[starts], np.arange(size)):
        return np.add.reduceat(values, starts, axis=-1)
    onehot = np.zeros((len(mapping), size))
    onehot[np.arange(len(mapping)), mapping] = 1.0
    return values @ onehot


def _ks_pvalues(ks: np.ndarray, n_ref: np.ndarray, n_cur: np.ndarray, ref: np.ndarray, cur: np.ndarray) -> np.ndarray:
    out = np.full(len(ks), np.nan)
    large = ~exact_ks(n_ref, n_cur) & (n_ref > 0) & (n_cur > 0) & ~np.isnan(ks)
    if large.any():
        out[large] = ks_asymptotic(ks[large], n_ref[large], n_cur[large])
    for i in np.flatnonzero(~large & (n_ref > 0) & (n_cur > 0) & ~np.isnan(ks)):
        out[i] = ks_pvalue(float(ks[i]), int(n_ref[i]), int(n_cur[i]), counts=(ref[i], cur[i]))
    return out


def column_cells(
    reference: pd.Series,
    current: pd.Series,
    binning: ColumnBinning,
    layout: Layout,
    *,
    n_boot: int,
    level: float,
    rng: np.random.Generator,
) -> ColumnCells:
    """Count one column into every cell and compute its statistics, p-values and intervals.

    Parameters
    ----------
    reference, current : pandas.Series
        The column on each side.
    binning : ColumnBinning
    layout : Layout
    n_boot : int
    level : float
    rng : numpy.random.Generator

    Returns
    -------
    ColumnCells
    """
    numeric = binning.kind == "numeric"
    n_fine = binning.n_fine
    unseen_values: tuple[str, ...] = ()
    unseen_rows = 0
    weights = None
    if numeric:
        x_ref = pd.to_numeric(reference, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        x_cur = pd.to_numeric(current, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        slots_ref, slots_cur = numeric_slots(x_ref, binning), numeric_slots(x_cur, binning)
        w_ref = np.nan_to_num(x_ref - binning.shift)
        w_cur = np.nan_to_num(x_cur - binning.shift)
        weights = (w_ref, w_cur)
    else:
        slots_ref, _ = categorical_slots(reference, binning)
        slots_cur, unseen = categorical_slots(current, binning)
        unseen_rows = int(unseen.sum())
        if unseen_rows:
            found = pd.Series(current[unseen].astype("string")).value_counts()
            unseen_values = tuple(str(v) for v in found.index[:20])
    n_slots = n_fine + 1
    ref, cur, groups = _stack(*_count(slots_ref, slots_cur, layout, n_slots), layout)
    sums = None
    if weights is not None:
        ref_sum, cur_sum, _ = _stack(*_count(slots_ref, slots_cur, layout, n_slots, weights=weights), layout)
        squares = (weights[0] ** 2, weights[1] ** 2)
        ref_sq = _stack(*_count(slots_ref, slots_cur, layout, n_slots, weights=squares), layout)[0]
        sums = (ref_sum, cur_sum, ref_sq)
    cells = cell_statistics(
        binning,
        ref,
        cur,
        sums=sums,
        groups=groups,
        n_interval=layout.n_interval_cells,
        n_boot=n_boot,
        level=level,
        rng=rng,
    )
    return dataclasses.replace(cells, unseen_values=unseen_values, unseen_rows=unseen_rows)


def cell_statistics(
    binning: ColumnBinning,
    reference: np.ndarray,
    current: np.ndarray,
    *,
    sums: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    groups: np.ndarray | None = None,
    n_interval: int | None = None,
    n_boot: int,
    level: float,
    rng: np.random.Generator,
) -> ColumnCells:
    """Every statistic, p-value and interval of a column from its counts in each cell.

    This is where a database can feed the analysis: counts per (cell, fine slot) are
    all it needs (numeric columns also want per-slot sums of ``value - binning.shift``
    and of its square, for Wasserstein and the reference standard deviation).

    Parameters
    ----------
    binning : ColumnBinning
    reference, current : numpy.ndarray, shape (cells, fine slots + 1)
        Counts per fine slot; the last slot counts missing values.
    sums : (numpy.ndarray, numpy.ndarray, numpy.ndarray), optional
        Reference sums, current sums and reference sums of squares, the same shape (numeric columns).
    groups : numpy.ndarray, optional
        Cells sharing a reference share its resamples (default: every cell its own).
    n_interval : int, optional
        Only the first ``n_interval`` cells get intervals (default: all).
    n_boot : int
    level : float
    rng : numpy.random.Generator

    Returns
    -------
    ColumnCells
    """
    numeric = binning.kind == "numeric"
    n_fine = binning.n_fine
    ref, cur = np.asarray(reference, dtype=float), np.asarray(current, dtype=float)
    groups = np.arange(len(ref)) if groups is None else groups
    n_interval = len(ref) if n_interval is None else n_interval
    ref_fine, cur_fine = ref[:, :n_fine], cur[:, :n_fine]
    n_ref, n_cur = ref_fine.sum(-1), cur_fine.sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        missing_ref = ref[:, n_fine] / ref.sum(-1)
        missing_cur = cur[:, n_fine] / cur.sum(-1)
        out_of_range = (cur_fine[:, 0] + cur_fine[:, -1]) / n_cur if numeric else cur_fine[:, -1] / n_cur
    coarse_ref = _aggregate(ref_fine, binning.to_coarse, binning.n_coarse)
    coarse_cur = _aggregate(cur_fine, binning.to_coarse, binning.n_coarse)
    statistics = {"psi": psi(coarse_ref, coarse_cur), "js": js_distance(coarse_ref, coarse_cur)}
    nan = np.full(len(ref), np.nan)
    mid = None
    sd = nan
    if numeric and sums is not None:
        ref_sum, cur_sum, ref_sq = (np.asarray(v, dtype=float) for v in sums)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = ref_sum[:, :n_fine].sum(-1) / n_ref
            sd = np.sqrt(np.maximum(ref_sq[:, :n_fine].sum(-1) / n_ref - mean**2, 0.0))
            ref_means = ref_sum[:, :n_fine] / ref_fine + binning.shift
            cur_means = cur_sum[:, :n_fine] / cur_fine + binning.shift
        statistics["ks"] = ks_statistic(ref_fine, cur_fine)
        statistics["wasserstein"] = wasserstein_binned(ref_fine, ref_means, cur_fine, cur_means)
        with np.errstate(invalid="ignore", divide="ignore"):
            statistics["wasserstein_norm"] = np.where(sd > 0, statistics["wasserstein"] / sd, np.nan)
        statistics["chi2"] = nan
        p_values = _ks_pvalues(statistics["ks"], n_ref, n_cur, ref_fine, cur_fine)
        mid = (ref_sum[:, :n_fine], cur_sum[:, :n_fine])
    else:
        chi2, p_values, _ = chi2_homogeneity(coarse_ref, coarse_cur)
        statistics.update({"ks": nan, "wasserstein": nan, "wasserstein_norm": nan, "chi2": chi2})
    ci = _intervals(
        binning, ref_fine, cur_fine, groups, n_interval, statistics, sd, mid, n_boot=n_boot, level=level, rng=rng
    )
    return ColumnCells(
        binning=binning,
        n_reference=n_ref.astype(np.int64),
        n_current=n_cur.astype(np.int64),
        missing_reference=missing_ref,
        missing_current=missing_cur,
        out_of_range=out_of_range,
        statistics=statistics,
        p_values=p_values,
        ci=ci,
        unseen_values=(),
        unseen_rows=0,
        histogram={
            "bins": bin_labels(binning),
            "reference": [int(v) for v in coarse_ref[0]],
            "current": [int(v) for v in coarse_cur[0]],
        },
    )


def _intervals(
    binning: ColumnBinning,
    ref_fine: np.ndarray,
    cur_fine: np.ndarray,
    groups: np.ndarray,
    k: int,
    statistics: dict[str, np.ndarray],
    sd: np.ndarray,
    sums: tuple[np.ndarray, np.ndarray] | None,
    *,
    n_boot: int,
    level: float,
    rng: np.random.Generator,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Bootstrap intervals of every statistic in the first ``k`` cells (on the mid grid)."""
    if k == 0:
        return {name: (np.zeros(0), np.zeros(0)) for name in statistics if name in RANGES}
    n_mid = binning.n_mid
    ref_mid = _aggregate(ref_fine[:k], binning.to_mid, n_mid)
    cur_mid = _aggregate(cur_fine[:k], binning.to_mid, n_mid)
    # One reference resample per reference group (all rows, or one segment), shared by its cells.
    group_index = groups[:k]
    first_cell = {int(g): int(np.flatnonzero(group_index == g)[0]) for g in np.unique(group_index)}
    order = sorted(first_cell)
    ref_draws = resample(ref_mid[[first_cell[g] for g in order]], n_boot=n_boot, rng=rng)
    ref_draws = ref_draws[:, np.searchsorted(order, group_index)]
    cur_draws = resample(cur_mid, n_boot=n_boot, rng=rng)
    mid_to_coarse = np.zeros(n_mid, dtype=np.int64)
    mid_to_coarse[binning.to_mid] = binning.to_coarse
    coarse_ref = _aggregate(ref_draws.astype(float), mid_to_coarse, binning.n_coarse)
    coarse_cur = _aggregate(cur_draws.astype(float), mid_to_coarse, binning.n_coarse)
    samples = {"psi": psi(coarse_ref, coarse_cur), "js": js_distance(coarse_ref, coarse_cur)}
    if binning.kind == "numeric" and sums is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            ref_means = _aggregate(sums[0][:k], binning.to_mid, n_mid) / ref_mid + binning.shift
            cur_means = _aggregate(sums[1][:k], binning.to_mid, n_mid) / cur_mid + binning.shift
        samples["ks"] = ks_statistic(ref_draws, cur_draws)
        w = wasserstein_binned(ref_draws, ref_means[None], cur_draws, cur_means[None])
        samples["wasserstein"] = w
        with np.errstate(invalid="ignore", divide="ignore"):
            samples["wasserstein_norm"] = np.where(sd[:k] > 0, w / sd[:k], np.nan)
    out = {}
    for name, draws in samples.items():
        low, high = RANGES[name]
        out[name] = shifted_interval(draws, statistics[name][:k], level=level, low=low, high=high)
    return out


def compare_arrays(
    binning: ColumnBinning,
    reference: np.ndarray | pd.Series,
    current: np.ndarray | pd.Series,
    *,
    n_boot: int = 200,
    level: float = 0.95,
    seed: int = 0,
) -> ColumnCells:
    """Statistics, p-value and intervals of one column's two samples on a given binning (one cell).

    Parameters
    ----------
    binning : ColumnBinning
    reference, current : array-like
    n_boot : int
    level : float
    seed : int

    Returns
    -------
    ColumnCells
    """
    ref, cur = pd.Series(reference), pd.Series(current)
    layout = Layout.build(
        n_segments=1,
        reference_segments=np.zeros(len(ref), dtype=np.int64),
        current_segments=np.zeros(len(cur), dtype=np.int64),
        current_chunks=None,
        n_chunks=0,
        reference_chunks=None,
        n_reference_chunks=0,
    )
    return column_cells(ref, cur, binning, layout, n_boot=n_boot, level=level, rng=np.random.default_rng(seed))
