"""Running a drift analysis: every column counted once, p-values adjusted together, verdicts, bands."""

from __future__ import annotations

import math
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from lib.analysis import DataSource, provenance_for
from lib.drift._binning import ColumnBinning, categorical_binning, numeric_binning
from lib.drift._compute import ColumnCells, Layout, cell_statistics, column_cells
from lib.drift._fdr import benjamini_hochberg
from lib.drift._inputs import Chunking, Prepared, prepare
from lib.drift._monitor import performance_section
from lib.drift._results import Cell, ChunkResult, ColumnResult, DriftResult, SegmentResult
from lib.drift._specs import DriftSpec
from lib.drift._verdict import DRIFT, INSUFFICIENT, judge
from lib.provenance import Provenance

BAND_WIDTH = 3.0
WORKERS = 2


def _num(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def _binning(
    spec: DriftSpec, column: str, reference: pd.Series, current: pd.Series
) -> tuple[ColumnBinning | None, str]:
    """How to cut a column, and a note when it is unusual (constant, empty, mixed types)."""
    values = reference.dropna()
    if values.empty:
        return None, f"column '{column}' has no values in the reference: it cannot be compared"
    numeric = pd.api.types.is_numeric_dtype(reference) and not pd.api.types.is_bool_dtype(reference)
    note = ""
    if numeric:
        x = values.to_numpy(dtype=float)
        distinct = np.unique(x[: min(len(x), 200_000)])
        if len(distinct) == 1:
            note = (
                f"column '{column}' is constant in the reference (every value is {distinct[0]:g}): it is compared as "
                "categories, and any other current value counts as unseen"
            )
        elif len(distinct) > 2 or len(np.unique(x)) > 2:
            if not pd.api.types.is_numeric_dtype(current):
                bad = int((pd.to_numeric(current, errors="coerce").isna() & current.notna()).sum())
                if bad:
                    note = f"column '{column}' has {bad:,} current values that are not numbers: they count as missing"
            return numeric_binning(x, bins=spec.bins, method=spec.binning), note
    return categorical_binning(values, requested_bins=spec.bins), note


def _statistics(cells: ColumnCells, i: int, adjusted: np.ndarray) -> dict[str, float | None]:
    s = cells.statistics
    numeric = cells.binning.kind == "numeric"
    p, q = _num(cells.p_values[i]), _num(adjusted[i])
    return {
        "psi": _num(s["psi"][i]),
        "ks": _num(s["ks"][i]),
        "ks_pvalue": p if numeric else None,
        "ks_pvalue_adjusted": q if numeric else None,
        "wasserstein": _num(s["wasserstein"][i]),
        "wasserstein_norm": _num(s["wasserstein_norm"][i]),
        "js": _num(s["js"][i]),
        "chi2": _num(s["chi2"][i]),
        "chi2_pvalue": None if numeric else p,
        "chi2_pvalue_adjusted": None if numeric else q,
    }


def _thresholds(spec: DriftSpec, numeric: bool) -> dict[str, float]:
    out = {"psi": spec.psi_threshold, "js": spec.js_threshold}
    if numeric:
        out["wasserstein_norm"] = spec.wasserstein_threshold
    return out


class _Builder:
    """Turns one column's arrays into cell records."""

    def __init__(self, spec: DriftSpec, column: str, cells: ColumnCells, adjusted: np.ndarray):
        self.spec, self.column, self.cells, self.adjusted = spec, column, cells, adjusted
        self.thresholds = _thresholds(spec, cells.binning.kind == "numeric")

    def small(self, i: int) -> bool:
        return bool(min(self.cells.n_reference[i], self.cells.n_current[i]) < self.spec.min_rows)

    def cell(
        self, i: int, *, segment: str | None, chunk: str | None, judged: bool, above: tuple[str, ...] = ()
    ) -> Cell:
        c = self.cells
        statistics = _statistics(c, i, self.adjusted)
        ci = {k: (_num(low[i]), _num(high[i])) for k, (low, high) in c.ci.items()} if judged else {}
        verdict, reason = self.verdict(i, statistics, ci) if judged else (None, "")
        psi = statistics["psi"]
        return Cell(
            column=self.column,
            segment=segment,
            chunk=chunk,
            n_reference=int(c.n_reference[i]),
            n_current=int(c.n_current[i]),
            small=self.small(i),
            statistics=statistics,
            ci=ci,
            verdict=verdict,
            reason=reason,
            watch=bool(verdict not in (None, DRIFT) and psi is not None and psi >= self.spec.psi_watch),
            missing_rate={"reference": _num(c.missing_reference[i]), "current": _num(c.missing_current[i])},
            out_of_range_share=_num(c.out_of_range[i]),
            above_band=above,
        )

    def verdict(self, i: int, statistics: dict[str, float | None], ci: dict) -> tuple[str, str]:
        c = self.cells
        if c.n_current[i] == 0 and c.missing_current[i] == 1.0:
            share = _num(c.missing_reference[i]) or 0.0
            return DRIFT, f"every current value is missing ({share:.1%} in the reference)"
        p = statistics["ks_pvalue_adjusted"] if c.binning.kind == "numeric" else statistics["chi2_pvalue_adjusted"]
        return judge(ci, self.thresholds, p_adjusted=p, alpha=self.spec.alpha, small=self.small(i))


def _band(values: np.ndarray) -> tuple[float | None, float | None]:
    known = values[~np.isnan(values)]
    if len(known) < 2:
        return None, None
    mean, sd = float(known.mean()), float(known.std())
    return max(0.0, mean - BAND_WIDTH * sd), mean + BAND_WIDTH * sd


@dataclass(frozen=True, eq=False)
class Tally:
    """Row counts and names an analysis reports, whether counted from tables or by a database.

    Attributes
    ----------
    reference_name, current_name : str
    rows_reference, rows_current : int
    columns : tuple of str
    roles : dict
        Column -> ``feature``, ``score``, ``prediction`` or ``label``.
    segment_names : tuple
    segment_rows : (numpy.ndarray, numpy.ndarray)
        Rows of each segment in the reference and the current data.
    chunks, reference_chunks : (labels, starts, ends, rows) or None
        Current and reference chunks, each with its rows.
    segment_chunk_rows : numpy.ndarray or None
        Current rows of each segment in each chunk.
    undated_rows : int
        Current rows without a date (in no chunk).
    missing : dict
        Column -> (share missing in the reference, share missing in the current data, current values present).
    notes : tuple of str
    """

    reference_name: str
    current_name: str
    rows_reference: int
    rows_current: int
    columns: tuple[str, ...]
    roles: dict[str, str]
    segment_names: tuple[str | None, ...]
    segment_rows: tuple[np.ndarray, np.ndarray]
    chunks: tuple[tuple[str, ...], tuple[str | None, ...], tuple[str | None, ...], np.ndarray] | None
    reference_chunks: tuple[tuple[str, ...], tuple[str | None, ...], tuple[str | None, ...], np.ndarray] | None
    segment_chunk_rows: np.ndarray | None
    undated_rows: int
    missing: dict[str, tuple[float, float, int]]
    notes: tuple[str, ...] = ()

    @property
    def chunk_labels(self) -> tuple[str, ...]:
        """Labels of the current chunks (none when not chunked)."""
        return self.chunks[0] if self.chunks is not None else ()

    @classmethod
    def of(cls, data: Prepared) -> Tally:
        """Count the rows of prepared tables."""
        n = len(data.segment_names)
        cur, ref = data.current_chunks, data.reference_chunks

        def rows(chunking: Chunking | None, mask: np.ndarray | None = None) -> np.ndarray:
            assert chunking is not None
            codes = chunking.codes if mask is None else chunking.codes[mask]
            return np.bincount(codes[codes >= 0], minlength=len(chunking.labels))

        def described(chunking: Chunking | None) -> tuple | None:
            return None if chunking is None else (chunking.labels, chunking.starts, chunking.ends, rows(chunking))

        return cls(
            reference_name=data.reference_name,
            current_name=data.current_name,
            rows_reference=len(data.reference),
            rows_current=len(data.current),
            columns=data.columns,
            roles=data.roles,
            segment_names=data.segment_names,
            segment_rows=(
                np.bincount(data.reference_segments, minlength=n),
                np.bincount(data.current_segments, minlength=n),
            ),
            chunks=described(cur),
            reference_chunks=described(ref),
            segment_chunk_rows=None
            if cur is None
            else np.stack([rows(cur, data.current_segments == s) for s in range(n)]),
            undated_rows=0 if cur is None else int((cur.codes < 0).sum()),
            missing={
                c: (
                    float(data.reference[c].isna().mean()),
                    float(data.current[c].isna().mean()),
                    int(data.current[c].notna().sum()),
                )
                for c in data.columns
            },
            notes=data.notes,
        )


def run_drift(
    spec: DriftSpec, sources: Mapping[str, DataSource], *, provenance: Provenance | None = None
) -> DriftResult:
    """Compare reference and current data column by column, by segment and over time.

    Parameters
    ----------
    spec : DriftSpec
    sources : mapping
        ``reference`` and ``current`` tables, or ``data`` with ``spec.split_date``.
    provenance : Provenance, optional

    Returns
    -------
    DriftResult

    Raises
    ------
    InputError
        For input the analysis cannot use (see :func:`lib.drift._inputs.prepare`).
    """
    data = prepare(spec, sources)
    cur_chunks, ref_chunks = data.current_chunks, data.reference_chunks
    layout = Layout.build(
        n_segments=len(data.segment_names),
        reference_segments=data.reference_segments,
        current_segments=data.current_segments,
        current_chunks=None if cur_chunks is None else cur_chunks.codes,
        n_chunks=0 if cur_chunks is None else len(cur_chunks.labels),
        reference_chunks=None if ref_chunks is None else ref_chunks.codes,
        n_reference_chunks=0 if ref_chunks is None else len(ref_chunks.labels),
    )
    notes = list(data.notes)
    skipped: dict[str, str] = {}
    column_notes: dict[str, str] = {}
    # One generator per column, spawned from the seed: a column's intervals do not depend on which other
    # columns are monitored, and columns can be counted in parallel with the same result.
    streams = np.random.SeedSequence(spec.seed).spawn(len(data.columns) + 1)
    jobs = []
    for column, stream in zip(data.columns, streams, strict=False):
        binning, note = _binning(spec, column, data.reference[column], data.current[column])
        if note:
            notes.append(note[0].upper() + note[1:] + ".")
            column_notes[column] = note
        if binning is None:
            skipped[column] = note
            continue
        jobs.append((column, binning, np.random.default_rng(stream)))

    def count(job: tuple[str, ColumnBinning, np.random.Generator]) -> ColumnCells:
        column, binning, generator = job
        return column_cells(
            data.reference[column], data.current[column], binning, layout, n_boot=spec.n_boot, level=spec.level,
            rng=generator,
        )  # fmt: skip

    # numpy releases the GIL while it bins, counts and draws: two threads use both cores of a small machine.
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        computed = dict(zip((job[0] for job in jobs), pool.map(count, jobs), strict=True))
    return assemble_drift(
        spec,
        Tally.of(data),
        layout,
        computed,
        skipped=skipped,
        column_notes=column_notes,
        notes=notes,
        provenance=provenance or provenance_for(spec, sources),
        performance=performance_section(spec, data, np.random.default_rng(streams[-1])),
    )


def assemble_drift(
    spec: DriftSpec,
    data: Tally,
    layout: Layout,
    computed: dict[str, ColumnCells],
    *,
    skipped: dict[str, str],
    column_notes: dict[str, str],
    notes: list[str],
    provenance: Provenance,
    performance: Any = None,
) -> DriftResult:
    """A drift result from each column's counted cells (the count entry point: tables and logs both end here).

    Parameters
    ----------
    spec : DriftSpec
    data : Tally
        Row counts and names.
    layout : Layout
        Segments and chunks (only their numbers are read here).
    computed : dict
        Column -> its cells (see :func:`lib.drift.cell_statistics`), in the order of ``data.columns``.
    skipped, column_notes : dict
        Column -> why it was not compared, and notes on columns.
    notes : list of str
        Notes so far (the input's first).
    provenance : Provenance
    performance : PerformanceResult, optional

    Returns
    -------
    DriftResult
    """
    kinds = layout.cell_kinds()
    tested = np.array([kind != "reference_chunk" for kind, _, _ in kinds])
    pooled = (
        np.concatenate([np.where(tested, c.p_values, np.nan) for c in computed.values()]) if computed else np.zeros(0)
    )
    adjusted_all = benjamini_hochberg(pooled)
    adjusted = {column: adjusted_all[i * len(kinds) : (i + 1) * len(kinds)] for i, column in enumerate(computed)}
    builders = {col: _Builder(spec, col, cells, adjusted[col]) for col, cells in computed.items()}
    bands, crossings, above = _time_view(spec, builders, kinds, data)
    columns = tuple(
        _column_result(
            spec,
            data,
            column,
            builders.get(column),
            skipped.get(column),
            column_notes.get(column, ""),
            bands.get(column, {}),
            crossings.get(column),
        )
        for column in data.columns
    )
    notes += _size_notes(spec, data, layout)
    result = DriftResult(
        reference_name=data.reference_name,
        current_name=data.current_name,
        rows_reference=data.rows_reference,
        rows_current=data.rows_current,
        columns=columns,
        multiple_testing={
            "method": "Benjamini-Hochberg",
            "alpha": spec.alpha,
            "tests": int((~np.isnan(pooled)).sum()),
            "discoveries": int((adjusted_all < spec.alpha).sum()),
            "family": "every column's KS (numeric) or chi-square (categorical) p-value in every cell: "
            "overall, segments, chunks and segment-by-chunk",
        },
        thresholds={
            "psi": spec.psi_threshold,
            "psi_watch": spec.psi_watch,
            "wasserstein_norm": spec.wasserstein_threshold,
            "js": spec.js_threshold,
            "alpha": spec.alpha,
            "level": spec.level,
            "min_rows": spec.min_rows,
        },
        notes=tuple(notes),
        provenance=provenance,
        chunks=_chunk_results(spec, data, builders, kinds, above) if data.chunks is not None else None,
        segments=_segment_results(spec, data, builders, kinds) if layout.segmented else None,
        performance=performance,
    )
    return result


def _column_result(
    spec: DriftSpec,
    data: Tally,
    column: str,
    builder: _Builder | None,
    skipped: str | None,
    note: str,
    band: dict,
    crossing: dict | None,
) -> ColumnResult:
    role = data.roles.get(column, "feature")
    if builder is None:
        reference_missing, current_missing, current_present = data.missing[column]
        return ColumnResult(
            column=column,
            kind="unknown",
            role=role,
            statistics={},
            ci={},
            verdict=INSUFFICIENT,
            reason=skipped or "no values to compare",
            watch=False,
            binning=ColumnBinning(kind="unknown", method="none", bins=0, requested_bins=spec.bins),
            missing_rate={"reference": reference_missing, "current": current_missing},
            out_of_range_share=None,
            unseen_categories=None,
            n_reference=0,
            n_current=current_present,
            small=True,
            note=note,
        )
    cell = builder.cell(0, segment=None, chunk=None, judged=True)
    cells = builder.cells
    unseen = None
    if cells.binning.kind == "categorical":
        n_cur = int(cells.n_current[0])
        unseen = {
            "count": len(cells.unseen_values),
            "rows": cells.unseen_rows,
            "share": cells.unseen_rows / n_cur if n_cur else None,
            "examples": list(cells.unseen_values[:5]),
        }
    return ColumnResult(
        column=column,
        kind=cells.binning.kind,
        role=role,
        statistics=cell.statistics,
        ci=cell.ci,
        verdict=cell.verdict or INSUFFICIENT,
        reason=cell.reason,
        watch=cell.watch,
        binning=cells.binning,
        missing_rate=cell.missing_rate,
        out_of_range_share=cell.out_of_range_share,
        unseen_categories=unseen,
        n_reference=cell.n_reference,
        n_current=cell.n_current,
        small=cell.small,
        band=band,
        first_crossing=crossing,
        note=note,
        histogram=cells.histogram,
    )


def _time_view(spec: DriftSpec, builders: dict[str, _Builder], kinds: list, data: Tally) -> tuple[dict, dict, dict]:
    """Bands from reference chunks, which statistics each current chunk puts above them, and the first crossing."""
    bands: dict[str, dict] = {}
    crossings: dict[str, dict | None] = {}
    above: dict[tuple[str, int], tuple[str, ...]] = {}
    ref_index = [i for i, (kind, _, _) in enumerate(kinds) if kind == "reference_chunk"]
    cur_index = [(i, k) for i, (kind, _, k) in enumerate(kinds) if kind == "chunk"]
    if not ref_index or data.chunks is None:
        return bands, crossings, above
    for column, builder in builders.items():
        names = ["psi", "js"] + (["ks", "wasserstein_norm"] if builder.cells.binning.kind == "numeric" else [])
        band = {name: _band(builder.cells.statistics[name][ref_index]) for name in names}
        bands[column] = band
        crossings[column] = None
        for i, k in cur_index:
            over = tuple(
                n
                for n in names
                if band[n][1] is not None
                and not np.isnan(builder.cells.statistics[n][i])
                and builder.cells.statistics[n][i] > band[n][1]
            )
            above[(column, k)] = over
            if over and crossings[column] is None:
                crossings[column] = {"chunk": data.chunk_labels[k], "statistics": list(over)}
    return bands, crossings, above


def _chunk_results(spec: DriftSpec, data: Tally, builders: dict, kinds: list, above: dict) -> tuple[ChunkResult, ...]:
    out = []
    cur, ref = data.chunks, data.reference_chunks
    assert cur is not None
    if ref is not None:
        labels, starts, ends, rows = ref
        for j, label in enumerate(labels):
            i = kinds.index(("reference_chunk", None, j))
            cells = tuple(b.cell(i, segment=None, chunk=label, judged=False) for b in builders.values())
            out.append(
                ChunkResult(label, "reference", starts[j], ends[j], int(rows[j]), bool(rows[j] < spec.min_rows), cells)
            )
    labels, starts, ends, rows = cur
    for k, label in enumerate(labels):
        i = kinds.index(("chunk", None, k))
        cells = tuple(
            b.cell(i, segment=None, chunk=label, judged=True, above=above.get((col, k), ()))
            for col, b in builders.items()
        )
        out.append(
            ChunkResult(label, "current", starts[k], ends[k], int(rows[k]), bool(rows[k] < spec.min_rows), cells)
        )
    return tuple(out)


def _segment_results(spec: DriftSpec, data: Tally, builders: dict, kinds: list) -> tuple[SegmentResult, ...]:
    out = []
    ref_rows, cur_rows = data.segment_rows
    cur = data.chunks
    for s, name in enumerate(data.segment_names):
        label = str(name)
        i = kinds.index(("segment", s, None))
        cells = tuple(b.cell(i, segment=label, chunk=None, judged=True) for b in builders.values())
        chunks = []
        if cur is not None and data.segment_chunk_rows is not None:
            labels, starts, ends, _ = cur
            rows = data.segment_chunk_rows[s]
            for k, chunk in enumerate(labels):
                j = kinds.index(("segment_chunk", s, k))
                chunk_cells = tuple(b.cell(j, segment=label, chunk=chunk, judged=False) for b in builders.values())
                chunks.append(
                    ChunkResult(
                        chunk, "current", starts[k], ends[k], int(rows[k]), bool(rows[k] < spec.min_rows), chunk_cells
                    )
                )
        small = bool(min(ref_rows[s], cur_rows[s]) < spec.min_rows)
        out.append(SegmentResult(label, int(ref_rows[s]), int(cur_rows[s]), small, cells, tuple(chunks)))
    return tuple(out)


def _size_notes(spec: DriftSpec, data: Tally, layout: Layout) -> list[str]:
    notes = []
    if data.chunks is not None:
        labels, _, _, rows = data.chunks
        small = [f"{label} ({rows[k]:,} rows)" for k, label in enumerate(labels) if rows[k] < spec.min_rows]
        if small:
            notes.append(
                f"{len(small)} chunk(s) have fewer than {spec.min_rows:,} rows and are flagged small (they never pass): "
                + ", ".join(small[:10])
                + ("..." if len(small) > 10 else "")
                + "."
            )
        reference_chunks = len(data.reference_chunks[0]) if data.reference_chunks is not None else 0
        if reference_chunks < 2:
            notes.append(
                f"The reference has {reference_chunks} chunk(s) of this size, so no bands can be learned from it for "
                "the time view: use shorter chunks, or a longer reference period."
            )
        if data.undated_rows:
            notes.append(
                f"{data.undated_rows:,} current rows have no date: they count overall and by segment, not in chunks."
            )
    if layout.segmented:
        ref_rows, cur_rows = data.segment_rows
        small = [
            f"{name} ({ref_rows[s]:,} reference, {cur_rows[s]:,} current rows)"
            for s, name in enumerate(data.segment_names)
            if min(ref_rows[s], cur_rows[s]) < spec.min_rows
        ]
        if small:
            notes.append(
                f"{len(small)} segment(s) are small (under {spec.min_rows:,} rows on a side): "
                + ", ".join(small[:10])
                + "."
            )
    return notes


def compare_counts(
    binning: ColumnBinning,
    reference: np.ndarray,
    current: np.ndarray,
    *,
    sums: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    spec: DriftSpec | None = None,
    names: tuple[str, ...] | None = None,
) -> list[Cell]:
    """Compare columns (or cells) given only their binned counts: statistics, adjusted p-values, verdicts.

    The path a database takes: ``GROUP BY`` the fine slot of ``binning`` on each
    side, then call this. Every row of ``reference`` / ``current`` is one comparison
    (one column, or one segment of a column); p-values are adjusted together.

    Parameters
    ----------
    binning : ColumnBinning
        The bins shared by every row (see :func:`lib.drift.numeric_binning`).
    reference, current : numpy.ndarray, shape (comparisons, fine slots + 1)
        Counts per slot, the last slot counting missing values.
    sums : tuple of numpy.ndarray, optional
        Per-slot sums of ``value - binning.shift`` (reference, current) and the reference's sums of squares.
    spec : DriftSpec, optional
        Thresholds, level, resamples, seed and minimum rows (defaults otherwise).
    names : tuple of str, optional

    Returns
    -------
    list of Cell
    """
    spec = spec or DriftSpec()
    cells = cell_statistics(
        binning, reference, current, sums=sums, n_boot=spec.n_boot, level=spec.level,
        rng=np.random.default_rng(spec.seed),
    )  # fmt: skip
    adjusted = benjamini_hochberg(cells.p_values)
    names = names or tuple(f"column {i + 1}" for i in range(len(reference)))
    return [
        _Builder(spec, name, cells, adjusted).cell(i, segment=None, chunk=None, judged=True)
        for i, name in enumerate(names)
    ]
