"""Result records of a drift analysis: columns, chunks, segments, the gate and the whole run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lib.analysis import Record, Result, json_meta
from lib.drift._binning import ColumnBinning
from lib.drift._performance import PerformanceResult
from lib.drift._verdict import DRIFT, INSUFFICIENT, NO_DRIFT
from lib.provenance import Provenance

STATISTICS = (
    "psi",
    "ks",
    "ks_pvalue",
    "ks_pvalue_adjusted",
    "wasserstein",
    "wasserstein_norm",
    "js",
    "chi2",
    "chi2_pvalue",
    "chi2_pvalue_adjusted",
)
Interval = tuple[float | None, float | None]


@dataclass(frozen=True)
class Cell(Record):
    """One column compared in one cell (a segment, a chunk, or both).

    Attributes
    ----------
    column : str
    segment, chunk : str or None
    n_reference, n_current : int
        Non-missing values on each side.
    small : bool
        Fewer rows than the minimum on either side (flagged, never hidden; it never passes).
    statistics : dict
        See :data:`STATISTICS` (None where a statistic does not apply).
    ci : dict
        Statistic -> [low, high] (overall, segment and chunk cells).
    verdict, reason : str or None
    watch : bool
        PSI at or above the "watch" level without a drift verdict.
    missing_rate : dict
        ``reference`` and ``current`` shares of missing values.
    out_of_range_share : float or None
        Share of current values outside the reference range (numeric) or unseen (categorical).
    above_band : tuple of str
        Statistics above the band learned from reference chunks (chunk cells).
    """

    column: str
    segment: str | None
    chunk: str | None
    n_reference: int
    n_current: int
    small: bool
    statistics: dict[str, float | None]
    ci: dict[str, Interval]
    verdict: str | None
    reason: str
    watch: bool
    missing_rate: dict[str, float | None]
    out_of_range_share: float | None
    above_band: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColumnResult(Record):
    """A column's overall comparison, its binning, and its time view.

    Attributes
    ----------
    column, kind, role : str
        ``kind`` is numeric or categorical; ``role`` feature, prediction, score or label.
    statistics, ci, verdict, reason, watch, missing_rate, out_of_range_share, n_reference, n_current, small
        As in :class:`Cell`, for all rows.
    binning : ColumnBinning
    unseen_categories : dict or None
        Categorical: ``count`` (distinct unseen values), ``rows``, ``share`` and ``examples``.
    band : dict
        Statistic -> [low, high], mean ± 3 SD over reference chunks (time view).
    first_crossing : dict or None
        ``chunk`` and ``statistics``: the first current chunk above the band.
    note : str
    histogram : dict
        ``bins`` (names of the PSI bins), and ``reference`` and ``current`` counts in them.
    """

    column: str
    kind: str
    role: str
    statistics: dict[str, float | None]
    ci: dict[str, Interval]
    verdict: str
    reason: str
    watch: bool
    binning: ColumnBinning
    missing_rate: dict[str, float | None]
    out_of_range_share: float | None
    unseen_categories: dict[str, Any] | None
    n_reference: int
    n_current: int
    small: bool
    band: dict[str, Interval] = field(default_factory=dict)
    first_crossing: dict[str, Any] | None = None
    note: str = ""
    histogram: dict[str, list] = field(default_factory=dict)


@dataclass(frozen=True)
class ChunkResult(Record):
    """One chunk of time (or of rows): its rows and every column's comparison with the whole reference.

    Attributes
    ----------
    chunk : str
    period : {"reference", "current"}
        Reference chunks give the time view's bands; current chunks are judged against them.
    start, end : str or None
        First and last day (period chunks).
    rows : int
    small : bool
    columns : tuple of Cell
    """

    chunk: str
    period: str
    start: str | None
    end: str | None
    rows: int
    small: bool
    columns: tuple[Cell, ...]


@dataclass(frozen=True)
class SegmentResult(Record):
    """One segment: every column compared with the segment's own reference rows, overall and per chunk.

    Attributes
    ----------
    segment : str
    rows_reference, rows_current : int
    small : bool
    columns : tuple of Cell
    chunks : tuple of ChunkResult
        Segment x chunk cells (statistics and adjusted p-values; no intervals).
    """

    segment: str
    rows_reference: int
    rows_current: int
    small: bool
    columns: tuple[Cell, ...]
    chunks: tuple[ChunkResult, ...] = ()


@dataclass(frozen=True)
class DriftGate(Record):
    """The release gate: passed when no column's overall verdict is drift."""

    passed: bool
    drifted: tuple[str, ...]
    insufficient: tuple[str, ...]
    drifted_in_segments: tuple[str, ...]


@dataclass(frozen=True)
class DriftResult(Result):
    """Everything a drift analysis found.

    ``columns`` holds each column's overall comparison; ``chunks`` (when the data is
    chunked) the time view; ``segments`` (when segmented) each segment's comparison;
    ``performance`` realised and label-free estimated performance when a score is
    given; ``gate`` the release gate; ``multiple_testing`` how p-values were adjusted.
    """

    json_extras = ("gate",)

    reference_name: str
    current_name: str
    rows_reference: int
    rows_current: int
    columns: tuple[ColumnResult, ...]
    multiple_testing: dict[str, Any]
    thresholds: dict[str, float]
    notes: tuple[str, ...]
    provenance: Provenance
    chunks: tuple[ChunkResult, ...] | None = field(default=None, metadata=json_meta(omit_none=True))
    segments: tuple[SegmentResult, ...] | None = field(default=None, metadata=json_meta(omit_none=True))
    performance: PerformanceResult | None = field(default=None, metadata=json_meta(omit_none=True))

    @property
    def gate(self) -> DriftGate:
        """Passed when no column drifts overall; segments that drift are listed too."""
        drifted_segments = tuple(
            f"{c.column} in {s.segment}" for s in self.segments or () for c in s.columns if c.verdict == DRIFT
        )
        return DriftGate(
            passed=not any(c.verdict == DRIFT for c in self.columns),
            drifted=tuple(c.column for c in self.columns if c.verdict == DRIFT),
            insufficient=tuple(c.column for c in self.columns if c.verdict == INSUFFICIENT),
            drifted_in_segments=drifted_segments,
        )

    def verdict_counts(self) -> dict[str, int]:
        """How many columns got each verdict."""
        return {v: sum(c.verdict == v for c in self.columns) for v in (DRIFT, INSUFFICIENT, NO_DRIFT)}

    def columns_frame(self) -> pd.DataFrame:
        """One row per column: verdict, the main statistics with intervals, missing and out-of-range shares."""
        rows = []
        for c in self.columns:
            row: dict[str, Any] = {"column": c.column, "kind": c.kind, "role": c.role, "verdict": c.verdict}
            for name in ("psi", "js", "wasserstein_norm", "ks"):
                row[name] = c.statistics.get(name)
                low, high = c.ci.get(name, (None, None))
                row[f"{name}_low"], row[f"{name}_high"] = low, high
            for name in ("ks_pvalue_adjusted", "chi2_pvalue_adjusted"):
                row[name] = c.statistics.get(name)
            row["missing_reference"] = c.missing_rate.get("reference")
            row["missing_current"] = c.missing_rate.get("current")
            row["out_of_range_share"] = c.out_of_range_share
            row["watch"] = c.watch
            rows.append(row)
        return pd.DataFrame(rows)

    def cells_frame(self) -> pd.DataFrame:
        """Every cell in long form: column, segment, chunk, statistics, verdict (for CSV and charts)."""
        rows = []

        def add(cell: Cell, period: str) -> None:
            row: dict[str, Any] = {
                "column": cell.column,
                "segment": cell.segment,
                "chunk": cell.chunk,
                "period": period,
                "rows_reference": cell.n_reference,
                "rows_current": cell.n_current,
                "small": cell.small,
                "verdict": cell.verdict,
                "above_band": ", ".join(cell.above_band),
            }
            row.update({k: cell.statistics.get(k) for k in STATISTICS})
            rows.append(row)

        for chunk in self.chunks or ():
            for cell in chunk.columns:
                add(cell, chunk.period)
        for segment in self.segments or ():
            for cell in segment.columns:
                add(cell, "current")
            for chunk in segment.chunks:
                for cell in chunk.columns:
                    add(cell, "current")
        return pd.DataFrame(rows)
