"""The aggregations a log answers, written once in SQL that DuckDB and Spark both run.

Each answer is a small table: distinct counts, confusion cells by group (label x
prediction, or label x score, x each sensitive combination), counts at thresholds,
score histograms. Rows of a log are never fetched, except a stated sample.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.errors import InputError
from lib.logs._source import LogSource

#: Distinct scores up to which an audit counts every (group, label, score) exactly; past it, scores are
#: binned for AUC and calibration only (confusion counts stay exact).
EXACT_SCORES = 50_000
SCORE_BINS = 1_000
#: Per-column distinct values past which a column cannot be a sensitive attribute (the audit's own limit).
MAX_GROUPS_PER_COLUMN = 200
_TEXT_TYPES = ("VARCHAR", "STRING", "CHAR", "TEXT", "BLOB", "BINARY")
_NUMERIC_TYPES = ("DOUBLE", "FLOAT", "REAL", "DECIMAL", "INT", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT", "LONG")


def number(value: float) -> str:
    """A float as SQL both engines read back bit for bit.

    Examples
    --------
    >>> number(0.1)
    "CAST('0.1' AS DOUBLE)"
    """
    return f"CAST('{float(value)!r}' AS DOUBLE)"


def _is_text(kind: str) -> bool:
    upper = kind.upper()
    return upper.startswith(_TEXT_TYPES) or upper == "PARTITION"


def check_numeric(log: LogSource, column: str, *, what: str) -> None:
    """Refuse a column the log stores as text where numbers are needed."""
    kind = log.type_of(column)
    if _is_text(kind) or not kind.upper().startswith(_NUMERIC_TYPES):
        raise InputError(
            f"the {what} column must hold numbers",
            file=log.name,
            column=column,
            expected="a numeric column (double, float or integer)",
            found=f"a column of type {kind}",
        )


@dataclass(frozen=True)
class Summary:
    """One scan's figures about the columns an analysis reads.

    Attributes
    ----------
    rows : int
    missing : dict
        Column -> rows with no value.
    distinct : dict
        Sensitive column -> approximate distinct values (HyperLogLog, within a few percent).
    score_min, score_max : float or None
    score_distinct : int or None
        Approximate distinct scores.
    """

    rows: int
    missing: dict[str, int]
    distinct: dict[str, int]
    score_min: float | None
    score_max: float | None
    score_distinct: int | None


def summarise(
    log: LogSource, *, nullable: Sequence[str], sensitive: Sequence[str], score: str | None = None
) -> Summary:
    """Rows, missing values, distinct counts and the score's range, in one scan."""
    q = log.quote
    parts = ["count(*) AS n"]
    parts += [f"sum(CASE WHEN {q(c)} IS NULL THEN 1 ELSE 0 END) AS m{i}" for i, c in enumerate(nullable)]
    parts += [f"approx_count_distinct({q(c)}) AS d{i}" for i, c in enumerate(sensitive)]
    if score is not None:
        s = f"CAST({q(score)} AS DOUBLE)"
        parts += [f"min({s}) AS lo", f"max({s}) AS hi", f"approx_count_distinct({s}) AS ds"]
    row = log.query("SELECT " + ", ".join(parts) + " FROM log").iloc[0]

    def whole(value: object) -> int:
        return 0 if pd.isna(value) else int(value)  # type: ignore[call-overload]

    return Summary(
        rows=whole(row["n"]),
        missing={c: whole(row[f"m{i}"]) for i, c in enumerate(nullable)},
        distinct={c: whole(row[f"d{i}"]) for i, c in enumerate(sensitive)},
        score_min=None if score is None or pd.isna(row["lo"]) else float(row["lo"]),
        score_max=None if score is None or pd.isna(row["hi"]) else float(row["hi"]),
        score_distinct=None if score is None else whole(row["ds"]),
    )


def distinct_counts(log: LogSource, columns: Sequence[str]) -> dict[str, int]:
    """Approximate distinct values of each column (one scan, HyperLogLog: within a few percent)."""
    log.require(list(columns), purpose="count of distinct values")
    return summarise(log, nullable=(), sensitive=columns).distinct


def refuse_wide_columns(log: LogSource, distinct: dict[str, int], *, cap: int = MAX_GROUPS_PER_COLUMN) -> None:
    """Refuse a sensitive column with far too many values before anything is grouped by it.

    The distinct counts are approximate, so only columns clearly over ``cap`` (by a tenth) are refused
    here; the exact count is checked once the groups are counted.
    """
    for column, count in distinct.items():
        if count > cap * 1.1:
            raise InputError(
                "this column has too many distinct values to be a sensitive attribute",
                file=log.name,
                column=column,
                expected=f"at most {cap} groups (e.g. sex, race, an age band)",
                found=f"about {count:,} distinct values",
            )


def check_group_count(log: LogSource, sensitive: Sequence[str], distinct: dict[str, int], *, cap: int) -> None:
    """Refuse more combinations of the sensitive columns than ``cap``, counted before grouping by them all."""
    bound = int(np.prod([max(1, distinct[c]) for c in sensitive], dtype=float))
    if bound <= cap:
        return
    q = log.quote
    columns = ", ".join(q(c) for c in sensitive)
    groups = int(log.query(f"SELECT count(*) AS g FROM (SELECT DISTINCT {columns} FROM log) AS t")["g"].iloc[0])
    if groups > cap:
        raise InputError(
            "the sensitive columns make too many groups to audit",
            file=log.name,
            expected=f"at most {cap:,} groups (audit the columns one at a time, band them, or raise --max-groups)",
            found=f"{groups:,} combinations of {', '.join(sensitive)}",
        )


def grouped(log: LogSource, keys: Sequence[str], aggregates: Sequence[str]) -> pd.DataFrame:
    """``SELECT keys, aggregates FROM log GROUP BY keys`` (keys are SQL expressions ending in ``AS name``)."""
    positions = ", ".join(str(i + 1) for i in range(len(keys)))
    sql = "SELECT " + ", ".join([*keys, *aggregates]) + " FROM log"
    if keys:
        sql += f" GROUP BY {positions}"
    return log.query(sql)


def bin_expression(value: str, edges: Sequence[float]) -> str:
    """How many of ``edges`` are at or below ``value`` (numpy's ``digitize``, exact in both engines)."""
    if not edges:
        return "0"
    return "(" + " + ".join(f"CAST({value} >= {number(e)} AS INTEGER)" for e in edges) + ")"


#: Cells of the even grid that finds a value's bin in SQL; most cells then hold at most one edge.
GRID_CELLS = 1 << 14
#: Most edges one cell may hold before the grid is refined (a comparison per edge per row).
MAX_EDGES_PER_CELL = 8


@dataclass(frozen=True, eq=False)
class EdgeCells:
    """Sorted edges cut into an even grid, so SQL finds a value's slot with one join and a few comparisons.

    The slot of ``x`` is the number of edges at or below it (``numpy.searchsorted(edges, x, side="right")``).
    A value's cell is ``floor((x - low) * scale)``, computed with the same two correctly rounded
    operations in numpy and in the database, so each edge's cell is known exactly; as the cell only
    grows with ``x``, every edge of an earlier cell is below ``x`` and every edge of a later cell
    above it, and the slot is the edges of earlier cells (``base``) plus the edges of ``x``'s own
    cell at or below ``x`` (columns ``e0``, ``e1``... padded with infinity).

    Attributes
    ----------
    edges : numpy.ndarray
    scale : float
    table : pandas.DataFrame
        One row per cell: ``cell``, ``base`` and the edges it holds.
    """

    edges: np.ndarray
    scale: float
    table: pd.DataFrame

    @classmethod
    def of(cls, edges: np.ndarray, *, cells: int = GRID_CELLS) -> EdgeCells | None:
        """The grid for ``edges`` (at least two, sorted), or None when a cell would hold too many of them."""
        edges = np.asarray(edges, dtype=float)
        low, top = float(edges[0]), float(edges[-1])
        for n in (cells, cells * 16, cells * 256):
            with np.errstate(over="ignore", divide="ignore"):
                scale = n / (top - low)
            if not (np.isfinite(top - low) and np.isfinite(scale) and scale > 0):
                return None  # a range too wide or too narrow for the grid's arithmetic
            cell = np.minimum(np.floor((edges - low) * scale), n - 1).astype(np.int64)
            starts = np.searchsorted(cell, np.arange(n), side="left")
            ends = np.searchsorted(cell, np.arange(n), side="right")
            most = int((ends - starts).max())
            if most <= MAX_EDGES_PER_CELL:
                table = pd.DataFrame({"cell": np.arange(n, dtype=np.int64), "base": starts.astype(np.int64)})
                for k in range(most):
                    at = starts + k
                    table[f"e{k}"] = np.where(at < ends, edges[np.minimum(at, len(edges) - 1)], np.inf)
                return cls(edges, scale, table)
        return None

    def cell_sql(self, value: str) -> str:
        """The cell of ``value`` (an SQL double), or NULL outside ``[edges[0], edges[-1])``."""
        low, top, n = number(self.edges[0]), number(self.edges[-1]), len(self.table)
        cell = f"least(CAST(floor(({value} - {low}) * {number(self.scale)}) AS BIGINT), {n - 1})"
        return f"CASE WHEN {value} >= {low} AND {value} < {top} THEN {cell} END"

    def slot_sql(self, value: str, *, table: str) -> str:
        """The slot of ``value`` once joined to ``table`` on :meth:`cell_sql` (missing values: the slot after the last).

        NULL and NaN are missing; below the first edge is slot 0, at or above the last is ``len(edges)``.
        """
        e = len(self.edges)
        within = " + ".join([f"{table}.base", *(f"CAST({value} >= {table}.{c} AS BIGINT)" for c in self.columns)])
        return (
            f"CASE WHEN {value} IS NULL OR isnan({value}) THEN {e + 1} WHEN {value} < {number(self.edges[0])} THEN 0 "
            f"WHEN {value} >= {number(self.edges[-1])} THEN {e} ELSE {within} END"
        )

    @property
    def columns(self) -> list[str]:
        """The edge columns of :attr:`table`."""
        return [c for c in self.table.columns if c.startswith("e")]
