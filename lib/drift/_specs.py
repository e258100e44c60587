"""The spec of a drift analysis: what to compare, how to bin, what counts as material."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from lib.analysis import Spec, check_count, check_number, check_seed, check_text
from lib.errors import InputError

DEFAULT_BINS = 10
DEFAULT_N_BOOT = 200
DEFAULT_MIN_ROWS = 100
# Materiality thresholds: PSI 0.1 "watch" and 0.2 "act"; Wasserstein in reference SDs; JS distance (base 2).
DEFAULT_PSI_WATCH = 0.1
DEFAULT_PSI_THRESHOLD = 0.2
DEFAULT_WASSERSTEIN_THRESHOLD = 0.1
DEFAULT_JS_THRESHOLD = 0.1
# Documented maxima of what a user controls (checked before any work starts).
MAX_BINS = 100
MAX_N_BOOT = 5_000
MAX_COLUMNS = 500
MAX_CHUNK_ROWS = 100_000_000
MAX_MIN_ROWS = 1_000_000
MAX_AMOUNT = 1e12
CHUNK_PERIODS = ("day", "week", "month")
Binning = Literal["quantile", "equal_width"]
Chunk = Literal["none", "day", "week", "month", "rows"]
TWO_TABLES: Mapping[str, str] = MappingProxyType({"reference": "table", "current": "table"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _check_names(names: tuple[str, ...], *, field: str) -> None:
    for name in names:
        check_text(name, field=field)
    if len(set(names)) != len(names):
        raise InputError(f"a column is listed twice in '{field}'", found=", ".join(names))


def parse_split_date(text: str) -> dt.date:
    """The cut-off date of a one-file comparison, from ``YYYY-MM-DD`` text.

    Examples
    --------
    >>> parse_split_date("2025-07-01")
    datetime.date(2025, 7, 1)
    """
    if not isinstance(text, str) or not _DATE.match(text):
        raise InputError("'split_date' must be a date", expected="YYYY-MM-DD, e.g. 2025-07-01", found=repr(text)[:40])
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError("'split_date' is not a real date", expected="YYYY-MM-DD", found=repr(text)) from None


@dataclass(frozen=True)
class DriftSpec(Spec):
    """Everything a drift analysis needs besides its data.

    Two tables (inputs ``reference`` and ``current``), or one table (input ``data``)
    split at ``split_date`` by its ``date`` column: rows before the date are the
    reference, rows on or after it the current data.

    Attributes
    ----------
    columns : tuple of str
        Columns to monitor (empty: every column both tables share, except the date and segments).
    segment : tuple of str
        Segment columns; with several, segments are their combinations.
    date : str or None
        Date column, for chunks over time and for ``split_date``.
    chunk : {"none", "day", "week", "month", "rows"}
        Chunks of the current data (and of the reference, for the time view's bands).
    chunk_rows : int
        Rows per chunk when ``chunk`` is ``rows`` (in date order when there is a date).
    split_date : str or None
        ``YYYY-MM-DD``: read one table and split it here.
    score, label, prediction : str or None
        Model score (a probability of the positive class), actual outcome, and prediction columns.
    positive : str or None
        The positive label value when it is not 0/1, yes/no or the like.
    threshold : float
        Scores at or above it are predicted positive (label-free performance estimation).
    sensitive : tuple of str
        Groups for the label-free fairness estimates.
    binning : {"quantile", "equal_width"}
        How numeric columns are cut for PSI and Jensen-Shannon.
    bins : int
        Number of bins for PSI and Jensen-Shannon (2 to 100).
    psi_threshold, psi_watch, wasserstein_threshold, js_threshold : float
        Materiality thresholds: PSI "act" and "watch", Wasserstein in reference standard deviations,
        Jensen-Shannon distance.
    alpha : float
        False discovery rate of the p-value tests (Benjamini-Hochberg).
    level : float
        Confidence level of the intervals.
    min_rows : int
        Cells (chunks, segments) with fewer rows are flagged small and never pass.
    n_boot : int
        Bootstrap resamples (50 to 5,000).
    seed : int
    value_tp, cost_fp, cost_fn : float or None
        Value of a true positive and costs of a false positive and a false negative, per prediction.
    volume : int or None
        Predictions per period, to turn an estimated performance change into money.
    """

    kind = "drift"
    inputs = TWO_TABLES

    columns: tuple[str, ...] = ()
    segment: tuple[str, ...] = ()
    date: str | None = None
    chunk: Chunk = "none"
    chunk_rows: int = 10_000
    split_date: str | None = None
    score: str | None = None
    label: str | None = None
    prediction: str | None = None
    positive: str | None = None
    threshold: float = 0.5
    sensitive: tuple[str, ...] = ()
    binning: Binning = "quantile"
    bins: int = DEFAULT_BINS
    psi_threshold: float = DEFAULT_PSI_THRESHOLD
    psi_watch: float = DEFAULT_PSI_WATCH
    wasserstein_threshold: float = DEFAULT_WASSERSTEIN_THRESHOLD
    js_threshold: float = DEFAULT_JS_THRESHOLD
    alpha: float = 0.05
    level: float = 0.95
    min_rows: int = DEFAULT_MIN_ROWS
    n_boot: int = DEFAULT_N_BOOT
    seed: int = 0
    value_tp: float | None = None
    cost_fp: float | None = None
    cost_fn: float | None = None
    volume: int | None = None

    def required_inputs(self) -> dict[str, str]:
        """One table split by date (``data``), or ``reference`` and ``current``."""
        return {"data": "table"} if self.split_date else {"reference": "table", "current": "table"}

    def validate(self) -> None:
        """Check columns, chunking, thresholds and counts (see the attributes for the accepted ranges)."""
        if len(self.columns) > MAX_COLUMNS:
            raise InputError(
                "too many columns to monitor", expected=f"at most {MAX_COLUMNS}", found=f"{len(self.columns):,}"
            )
        _check_names(self.columns, field="columns")
        _check_names(self.segment, field="segment")
        _check_names(self.sensitive, field="sensitive")
        for name in ("date", "score", "label", "prediction", "positive"):
            check_text(getattr(self, name), field=name, allow_none=True)
        if self.chunk not in ("none", "rows", *CHUNK_PERIODS):
            raise InputError("unknown chunking", expected="none, day, week, month or rows", found=repr(self.chunk))
        if self.chunk in CHUNK_PERIODS and self.date is None:
            raise InputError(f"chunks by {self.chunk} need a date column", expected="a date column (--date COL)")
        check_count(self.chunk_rows, field="chunk_rows", low=10, high=MAX_CHUNK_ROWS, what="rows")
        if self.split_date is not None:
            parse_split_date(self.split_date)
            if self.date is None:
                raise InputError(
                    "splitting one file by date needs its date column", expected="a date column (--date COL)"
                )
        if self.date is not None and (self.date in self.segment or self.date in self.columns):
            raise InputError("the date column cannot also be monitored or a segment", column=self.date)
        check_number(self.threshold, field="threshold", low=0.0, high=1.0, low_open=True, high_open=True)
        check_count(self.bins, field="bins", low=2, high=MAX_BINS, what="bins")
        check_number(self.psi_threshold, field="psi_threshold", low=0.0, low_open=True, high=10.0)
        check_number(self.psi_watch, field="psi_watch", low=0.0, low_open=True, high=self.psi_threshold)
        check_number(self.wasserstein_threshold, field="wasserstein_threshold", low=0.0, low_open=True, high=100.0)
        check_number(self.js_threshold, field="js_threshold", low=0.0, low_open=True, high=1.0)
        check_number(self.alpha, field="alpha", low=0.0, high=0.5, low_open=True)
        check_number(self.level, field="level", low=0.5, high=1.0, high_open=True)
        check_count(self.min_rows, field="min_rows", low=1, high=MAX_MIN_ROWS, what="rows")
        check_count(self.n_boot, field="n_boot", low=50, high=MAX_N_BOOT, what="resamples")
        check_seed(self.seed)
        for name in ("value_tp", "cost_fp", "cost_fn"):
            check_number(getattr(self, name), field=name, low=0.0, high=MAX_AMOUNT, allow_none=True)
        if self.volume is not None:
            check_count(self.volume, field="volume", low=1, high=10**12, what="predictions per period")
        money = (self.value_tp, self.cost_fp, self.cost_fn, self.volume)
        if any(v is not None for v in money) and self.score is None:
            raise InputError("turning performance into money needs a score column", expected="--score COL")

    @property
    def chunked(self) -> bool:
        """Whether the current data is cut into chunks."""
        return self.chunk != "none"
