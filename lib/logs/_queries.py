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
