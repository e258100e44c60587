"""What a model is worth: confusion-matrix economics at every threshold, the best one, and its bootstrap interval.

Each case the model flags (``score >= threshold``) is acted on: a true positive earns
``tp_value``, a false positive costs ``fp_cost``, and every flagged case costs a human
review (``review_cost``); a positive left unflagged costs ``fn_cost``. True negatives
are worth nothing. Summed over the cases and scaled to the monthly volume::

    value = volume / N * (TP (v_tp - c_review + c_fn) - FP (c_fp + c_review) - P c_fn)

Resampling the rows is one multinomial draw over (score bin, label, rule) cells
(``DESIGN.md``), so a thousand resamples never touch the rows again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from lib.analysis import (
    DATA_TABLE,
    NO_INPUTS,
    Record,
    Result,
    Spec,
    TableSource,
    check_count,
    check_number,
    check_seed,
    check_text,
    coerce_sequences,
)
from lib.data import binary_labels, require_columns, show_value
from lib.errors import InputError
from lib.launch._checks import MAX_TRAFFIC, check_choice, check_cost
from lib.provenance import Provenance

StatusQuo = Literal["auto", "none", "all", "rule"]
STATUS_QUO = ("auto", "none", "all", "rule")
MAX_N_BOOT = 20_000
MAX_THRESHOLDS = 1_001
# Resamples evaluate at most this many cut points (score quantiles) when scores have more distinct values.
MAX_CUTS = 2_000
_CHUNK = 200
NONE_NAME, ALL_NAME = "act on no case", "act on every case"


@dataclass(frozen=True)
class Confusion(Record):
    """A stated confusion matrix: counts of one evaluation (at least one case).

    Attributes
    ----------
    tp, fp, fn, tn : int
    """

    tp: int
    fp: int
    fn: int
    tn: int

    def __post_init__(self) -> None:
        """Counts are whole numbers of 0 or more, with at least one case."""
        coerce_sequences(self)
        for name in ("tp", "fp", "fn", "tn"):
            check_count(getattr(self, name), field=f"stated.{name}", low=0, high=10**12, what="cases")
        if self.total == 0:
            raise InputError("the stated confusion matrix has no cases", expected="at least one case")

    @property
    def total(self) -> int:
        """All cases."""
        return self.tp + self.fp + self.fn + self.tn


def confusion_from_precision_recall(*, precision: float, recall: float, base_rate: float, n_cases: int) -> Confusion:
    """The confusion counts of a precision-recall point on ``n_cases`` cases with a base rate (rounded).

    Examples
    --------
    >>> confusion_from_precision_recall(precision=0.5, recall=0.8, base_rate=0.1, n_cases=1000)
    Confusion(tp=80, fp=80, fn=20, tn=820)
    """
    check_number(precision, field="precision", low=0.0, high=1.0, low_open=True)
    check_number(recall, field="recall", low=0.0, high=1.0)
    check_number(base_rate, field="base_rate", low=0.0, high=1.0, low_open=True, high_open=True)
    check_count(n_cases, field="n_cases", low=1, high=10**12, what="cases")
    positives = round(base_rate * n_cases)
    tp = round(recall * positives)
    fp = min(round(tp * (1 - precision) / precision), n_cases - positives)
    return Confusion(tp=tp, fp=fp, fn=positives - tp, tn=n_cases - positives - fp)


@dataclass(frozen=True)
class ValueSpec(Spec):
    """The money behind a model's decisions.

    Attributes
    ----------
    tp_value : float
        Dollars gained per true positive (caught fraud, a saved customer).
    fp_cost, fn_cost : float
        Dollars lost per false positive and per missed positive.
    review_cost : float
        Dollars per flagged case for a human review (0 when nobody reviews).
    volume : float, optional
        Cases per month; without it the data's rows are taken as one month.
    label, score : str, optional
        Columns of actual outcomes and of scores (higher = more likely positive), for a data file.
    positive : str, optional
        The positive label value when it is not 0/1, yes/no or the like.
    stated : Confusion, optional
        A confusion matrix instead of a data file.
    baseline_column : str, optional
        A 0/1 column of the non-ML rule's decisions on the same cases.
    baseline_precision, baseline_recall : float, optional
        Or the rule's precision and recall, applied to the data's base rate.
    baseline_name : str
    status_quo : {"auto", "none", "all", "rule"}
        What the model replaces: ``auto`` is the rule when one is given, else acting on no case.
    n_thresholds : int
        Rows of the value-by-threshold table, 2 to 1,001.
    n_boot : int
        Bootstrap resamples, 100 to 20,000.
    seed : int
    level : float
        Confidence level of the intervals.
    """

    kind = "model_value"
    inputs = DATA_TABLE

    tp_value: float
    fp_cost: float
    fn_cost: float
    review_cost: float = 0.0
    volume: float | None = None
    label: str | None = None
    score: str | None = None
    positive: str | None = None
    stated: Confusion | None = None
    baseline_column: str | None = None
    baseline_precision: float | None = None
    baseline_recall: float | None = None
    baseline_name: str = "non-ML rule"
    status_quo: StatusQuo = "auto"
    n_thresholds: int = 101
    n_boot: int = 1000
    seed: int = 0
    level: float = 0.95

    def validate(self) -> None:
        """Check the money, the input form, the rule, and the resampling settings."""
        check_cost(self.tp_value, field="tp_value", what="the value of a true positive")
        check_cost(self.fp_cost, field="fp_cost", what="the cost of a false positive")
        check_cost(self.fn_cost, field="fn_cost", what="the cost of a false negative")
        check_cost(self.review_cost, field="review_cost", what="the cost of a human review")
        check_number(self.volume, field="volume", low=0.0, high=MAX_TRAFFIC, low_open=True, allow_none=True)
        from_file = self.label is not None or self.score is not None
        if from_file == (self.stated is not None):
            raise InputError(
                "give either label and score columns or a stated confusion matrix",
                found="both" if from_file else "neither",
            )
        if from_file:
            check_text(self.label, field="label")
            check_text(self.score, field="score")
        elif self.baseline_column is not None:
            raise InputError("a rule column needs a data file", expected="baseline_precision and baseline_recall")
        if (self.baseline_precision is None) != (self.baseline_recall is None):
            raise InputError("give the rule's precision and recall together")
        if self.baseline_column is not None and self.baseline_precision is not None:
            raise InputError("give the rule as a column or as precision and recall, not both")
        check_number(
            self.baseline_precision, field="baseline_precision", low=0.0, high=1.0, low_open=True, allow_none=True
        )
        check_number(self.baseline_recall, field="baseline_recall", low=0.0, high=1.0, allow_none=True)
        check_text(self.baseline_name, field="baseline_name", max_length=120)
        check_choice(self.status_quo, field="status_quo", choices=STATUS_QUO)
        if self.status_quo == "rule" and not self.has_rule:
            raise InputError(
                "the status quo is the rule, but no rule is given", expected="baseline_column or precision and recall"
            )
        check_count(self.n_thresholds, field="n_thresholds", low=2, high=MAX_THRESHOLDS, what="thresholds")
        check_count(self.n_boot, field="n_boot", low=100, high=MAX_N_BOOT, what="resamples")
        check_seed(self.seed)
        check_number(self.level, field="level", low=0.5, high=1.0, high_open=True)

    @property
    def has_rule(self) -> bool:
        """A non-ML rule is given."""
        return self.baseline_column is not None or self.baseline_precision is not None

    def required_inputs(self) -> dict[str, str]:
        """A data table for labels and scores; nothing for a stated confusion matrix."""
        return dict(DATA_TABLE) if self.stated is None else dict(NO_INPUTS)

    @property
    def status_quo_name(self) -> str:
        """The name of what the model is compared with."""
        choice = self.status_quo if self.status_quo != "auto" else ("rule" if self.has_rule else "none")
        return {"none": NONE_NAME, "all": ALL_NAME, "rule": self.baseline_name}[choice]


@dataclass(frozen=True)
class BaselineValue(Record):
    """The value of a decision rule that needs no model, on the model's scale (dollars per month)."""

    name: str
    description: str
    value_per_month: float
    ci: tuple[float, float]


@dataclass(frozen=True)
class ValueResult(Result):
    """Value per month by threshold, the best threshold with its interval, and the baselines.

    JSON keys the command line promises: ``value_by_threshold`` (rows of threshold, flagged share,
    precision, recall and value per month), ``best_threshold``, ``best_threshold_ci``,
    ``best_value_per_month``, ``best_value_ci``, ``baselines``, ``incremental_per_month`` (over the
    status quo) with ``incremental_ci`` and ``incremental_percentiles`` (P10, P50, P90), and
    ``roi_benefit`` (the benefit range an ROI case can take).
    """

    json_extras = ("roi_benefit",)

    mode: str
    n_cases: int
    positives: int
    volume: float
    money: dict[str, float]
    value_by_threshold: pd.DataFrame
    best_threshold: float | None
    best_threshold_ci: tuple[float | None, float | None]
    best_flags_none: bool
    best_value_per_month: float
    best_value_ci: tuple[float, float]
    best_metrics: dict[str, float | None]
    baselines: tuple[BaselineValue, ...]
    status_quo: str
    incremental_per_month: float
    incremental_ci: tuple[float, float]
    incremental_percentiles: dict[str, float]
    level: float
    n_boot: int
    notes: tuple[str, ...]
    provenance: Provenance

    @property
    def roi_benefit(self) -> dict[str, Any]:
        """The monthly benefit over the status quo as a range: P10 low, the estimate likely, P90 high."""
        p = self.incremental_percentiles
        likely = self.incremental_per_month
        return {
            "period": "month",
            "unit": "dollars per month",
            "low": min(p["p10"], likely),
            "likely": likely,
            "high": max(p["p90"], likely),
            "distribution": "pert",
            "compared_with": self.status_quo,
            "threshold": self.best_threshold,
            "interval": f"bootstrap P10 to P90 of {self.n_boot:,} resamples",
        }


# --- counting ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Money:
    tp_value: float
    fp_cost: float
    fn_cost: float
    review_cost: float

    def totals(self, tp: Any, fp: Any, positives: Any) -> Any:
        """Summed value over cases (arrays broadcast)."""
        gain = self.tp_value - self.review_cost + self.fn_cost
        return tp * gain - fp * (self.fp_cost + self.review_cost) - positives * self.fn_cost


def _money(spec: ValueSpec) -> _Money:
    return _Money(spec.tp_value, spec.fp_cost, spec.fn_cost, spec.review_cost)


def value_of_counts(spec: ValueSpec, *, tp: float, fp: float, fn: float, tn: float, volume: float) -> float:
    """Dollars per month of one confusion matrix, scaled from its cases to ``volume`` cases.

    Examples
    --------
    >>> spec = ValueSpec(tp_value=100, fp_cost=10, fn_cost=50, review_cost=2, stated=Confusion(1, 1, 1, 1))
    >>> value_of_counts(spec, tp=30, fp=20, fn=10, tn=40, volume=1000)
    22000.0
    """
    total = tp + fp + fn + tn
    return float(_money(spec).totals(tp, fp, tp + fn)) / total * volume


def _rule_rates(spec: ValueSpec, base_rate: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # A rule known by precision and recall flags recall x positives, of which a share (1 - precision) is wrong.
    assert spec.baseline_precision is not None and spec.baseline_recall is not None
    tp = base_rate * spec.baseline_recall
    return tp, tp * (1 - spec.baseline_precision) / spec.baseline_precision


@dataclass(frozen=True)
class _Cells:
    """Cases grouped by score cut (descending), label and rule decision."""

    cuts: np.ndarray  # descending score cut points; flagging at cuts[j] flags bins 0..j
    counts: np.ndarray  # (bins, 2 labels, 2 rule decisions)


def _cells(scores: np.ndarray, labels: np.ndarray, rule: np.ndarray | None, cuts: np.ndarray) -> _Cells:
    ascending = cuts[::-1]
    # Bin j (in descending order) holds cuts[j] <= score < cuts[j - 1].
    position = np.searchsorted(ascending, scores, side="right") - 1
    bins = len(cuts) - 1 - position
    decisions = np.zeros(len(scores), dtype=int) if rule is None else rule.astype(int)
    counts = np.zeros((len(cuts), 2, 2), dtype=np.int64)
    np.add.at(counts, (bins, labels.astype(int), decisions), 1)
    return _Cells(cuts=cuts, counts=counts)


def _curve(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """TP and FP when flagging nothing, then at each cut (counts: (..., bins, 2, 2))."""
    by_label = counts.sum(axis=-1)
    tp = np.cumsum(by_label[..., 1], axis=-1)
    fp = np.cumsum(by_label[..., 0], axis=-1)
    zero = np.zeros((*tp.shape[:-1], 1), dtype=tp.dtype)
    return np.concatenate([zero, tp], axis=-1), np.concatenate([zero, fp], axis=-1)


def _baseline_totals(spec: ValueSpec, counts: np.ndarray) -> dict[str, np.ndarray]:
    """Summed value of each no-model rule, per resample (counts: (..., bins, 2, 2))."""
    money = _money(spec)
    positives = counts[..., 1, :].sum(axis=(-1, -2))
    negatives = counts[..., 0, :].sum(axis=(-1, -2))
    out = {NONE_NAME: money.totals(0, 0, positives), ALL_NAME: money.totals(positives, negatives, positives)}
    if spec.baseline_column is not None:
        rule_tp = counts[..., 1, 1].sum(axis=-1)
        rule_fp = counts[..., 0, 1].sum(axis=-1)
        out[spec.baseline_name] = money.totals(rule_tp, rule_fp, positives)
    elif spec.baseline_precision is not None:
        total = positives + negatives
        tp, fp = _rule_rates(spec, positives / total)
        out[spec.baseline_name] = money.totals(tp * total, fp * total, positives)
    return out


def _interval(samples: np.ndarray, level: float) -> tuple[float, float]:
    tail = (1 - level) / 2
    low, high = np.quantile(samples, [tail, 1 - tail])
    return float(low), float(high)


# --- the run -----------------------------------------------------------------------------------------


def _read(spec: ValueSpec, source: TableSource) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    frame, file = source.frame, source.name
    assert spec.label is not None and spec.score is not None
    require_columns(frame, [spec.label, spec.score, spec.baseline_column], file=file, purpose="model value")
    if frame.empty:
        raise InputError("the file has no rows", file=file, expected="one row per case")
    labels = binary_labels(frame[spec.label], positive=spec.positive, file=file, column=spec.label)
    raw = frame[spec.score]
    scores = pd.to_numeric(raw, errors="coerce")
    bad = scores.isna() & raw.notna()
    if bad.any():
        raise InputError(
            "scores must be numbers", file=file, column=spec.score, expected="a number per case",
            found=f"{int(bad.sum()):,} values such as {show_value(raw[bad].iloc[0])}",
        )  # fmt: skip
    if scores.isna().any():
        raise InputError(
            "the score column has missing values", file=file, column=spec.score, expected="a score in every row",
            found=f"{int(scores.isna().sum()):,} empty rows",
        )  # fmt: skip
    values = scores.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        raise InputError("scores must be finite numbers", file=file, column=spec.score, found="infinite values")
    rule = None
    if spec.baseline_column is not None:
        rule = binary_labels(frame[spec.baseline_column], file=file, column=spec.baseline_column, what="rule decision")
    return values, labels, rule


def _grid(scores: np.ndarray, n: int) -> np.ndarray:
    low, high = float(scores.min()), float(scores.max())
    if low >= 0.0 and high <= 1.0:
        low, high = 0.0, 1.0
    # Rounded, so a grid point such as 0.6 is 0.6 and not 0.6000000000000001 (which a score of 0.6 misses).
    return np.round(np.linspace(low, high, n), 12) if high > low else np.array([low])


def _table(spec: ValueSpec, cells: _Cells, grid: np.ndarray, volume: float) -> pd.DataFrame:
    tp, fp = _curve(cells.counts)
    positives, total = int(tp[-1]), int(tp[-1] + fp[-1])
    # Flagging at t takes every bin whose cut is >= t: their number indexes the cumulative counts.
    taken = np.searchsorted(-cells.cuts, -grid, side="right")
    tp_t, fp_t = tp[taken], fp[taken]
    flagged = tp_t + fp_t
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(flagged > 0, tp_t / np.maximum(flagged, 1), np.nan)
    value = _money(spec).totals(tp_t, fp_t, positives) / total * volume
    return pd.DataFrame(
        {
            "threshold": grid,
            "flagged_share": flagged / total,
            "precision": precision,
            "recall": tp_t / positives if positives else np.full(len(grid), np.nan),
            "tp": tp_t,
            "fp": fp_t,
            "fn": positives - tp_t,
            "tn": (total - positives) - fp_t,
            "value_per_month": value,
        }
    )


def _metrics(tp: float, fp: float, positives: float, total: float) -> dict[str, float | None]:
    flagged = tp + fp
    return {
        "precision": tp / flagged if flagged else None,
        "recall": tp / positives if positives else None,
        "flagged_share": flagged / total,
    }


def _resample(counts: np.ndarray, n_boot: int, seed: int) -> Any:
    flat = counts.reshape(-1)
    total = int(flat.sum())
    rng = np.random.default_rng(seed)
    done = 0
    while done < n_boot:
        size = min(_CHUNK, n_boot - done)
        yield rng.multinomial(total, flat / total, size=size).reshape(size, *counts.shape)
        done += size


def run_value(spec: ValueSpec, source: TableSource | None, *, provenance: Provenance) -> ValueResult:
    """Value the model's decisions (see :class:`ValueSpec` and the module's formula).

    Parameters
    ----------
    spec : ValueSpec
    source : TableSource or None
        Labels and scores (None for a stated confusion matrix).
    provenance : Provenance

    Returns
    -------
    ValueResult
    """
    notes: list[str] = []
    money = _money(spec)
    if spec.stated is not None:
        c = spec.stated
        # One cut: the stated operating point flags bin 0 (its TP and FP); the rest are unflagged.
        counts = np.array([[[c.fp, 0], [c.tp, 0]], [[c.tn, 0], [c.fn, 0]]], dtype=np.int64)
        cells = _Cells(cuts=np.array([1.0, 0.0]), counts=counts)
        best_index, grid_table = 1, _table_empty()
        notes.append("A stated confusion matrix has one operating point: no threshold to choose.")
    else:
        if source is None:
            raise InputError("the value analysis needs its data file", expected="a table with label and score columns")
        scores, labels, rule = _read(spec, source)
        distinct = np.unique(scores)[::-1]
        cells = _cells(scores, labels, rule, distinct)
        grid_table = pd.DataFrame()
        best_index = -1
    n = int(cells.counts.sum())
    positives = int(cells.counts[:, 1, :].sum())
    volume = float(spec.volume) if spec.volume is not None else float(n)
    if spec.volume is None:
        notes.append(f"No monthly volume given: the data's {n:,} cases are taken as one month.")
    tp, fp = _curve(cells.counts)
    totals = money.totals(tp, fp, positives)
    if spec.stated is None:
        best_index = int(np.argmax(totals))  # ties go to the fewest flagged cases
        grid_table = _table(spec, cells, _grid(scores, spec.n_thresholds), volume)
    flags_none = best_index == 0
    best_threshold = (
        None
        if spec.stated is not None
        else float(np.nextafter(cells.cuts[0], np.inf) if flags_none else cells.cuts[best_index - 1])
    )
    # Resampling: at most MAX_CUTS cut points (score quantiles plus the best threshold itself).
    boot_cells = cells
    if spec.stated is None and len(cells.cuts) > MAX_CUTS:
        quantiles = np.quantile(scores, np.linspace(0, 1, MAX_CUTS))
        extra = [] if best_threshold is None or flags_none else [best_threshold]
        cuts = np.unique(np.concatenate([quantiles, extra, [scores.min()]]))[::-1]
        boot_cells = _cells(scores, labels, rule, cuts)
        notes.append(
            f"Resamples compare thresholds at {len(cuts):,} score quantiles ({len(cells.cuts):,} distinct scores)."
        )
    if spec.stated is None:
        boot_best = 0 if flags_none else int(np.flatnonzero(boot_cells.cuts == best_threshold)[0]) + 1
    else:
        boot_best = 1
    per_month = volume / n
    baseline_now = {k: float(v) * per_month for k, v in _baseline_totals(spec, cells.counts).items()}
    chosen: list[np.ndarray] = []
    best_cut: list[np.ndarray] = []
    base_draws: dict[str, list[np.ndarray]] = {k: [] for k in baseline_now}
    for draws in _resample(boot_cells.counts, spec.n_boot, spec.seed):
        d_tp, d_fp = _curve(draws)
        d_pos = draws[:, :, 1, :].sum(axis=(1, 2))[:, None]
        d_totals = money.totals(d_tp, d_fp, d_pos)
        chosen.append(d_totals[:, boot_best] * per_month)
        winners = np.argmax(d_totals, axis=1)
        best_cut.append(np.where(winners == 0, np.nan, boot_cells.cuts[np.maximum(winners - 1, 0)]))
        for name, values in _baseline_totals(spec, draws).items():
            base_draws[name].append(np.asarray(values, dtype=float) * per_month)
    chosen_all = np.concatenate(chosen)
    baselines = tuple(
        BaselineValue(
            name, _describe(name, spec), baseline_now[name], _interval(np.concatenate(base_draws[name]), spec.level)
        )
        for name in baseline_now
    )
    status = spec.status_quo_name
    incremental = chosen_all - np.concatenate(base_draws[status])
    best_value = float(totals[best_index]) * per_month
    if spec.stated is None:
        cuts_drawn = np.concatenate(best_cut)
        none_share = float(np.isnan(cuts_drawn).mean())
        threshold_ci = _nan_interval(cuts_drawn, spec.level)
        notes.append(
            "The best threshold is chosen on the same cases it is valued on, so its value is optimistic: "
            "confirm it on held-out cases."
        )
        if none_share > 0:
            notes.append(f"In {none_share:.0%} of resamples the best choice is to act on no case.")
    else:
        threshold_ci = (None, None)
    return ValueResult(
        mode="stated" if spec.stated is not None else "scores",
        n_cases=n,
        positives=positives,
        volume=volume,
        money={
            "tp_value": spec.tp_value,
            "fp_cost": spec.fp_cost,
            "fn_cost": spec.fn_cost,
            "review_cost": spec.review_cost,
        },
        value_by_threshold=grid_table,
        best_threshold=best_threshold,
        best_threshold_ci=threshold_ci,
        best_flags_none=flags_none,
        best_value_per_month=best_value,
        best_value_ci=_interval(chosen_all, spec.level),
        best_metrics=_metrics(float(tp[best_index]), float(fp[best_index]), positives, n),
        baselines=baselines,
        status_quo=status,
        incremental_per_month=best_value - baseline_now[status],
        incremental_ci=_interval(incremental, spec.level),
        incremental_percentiles={f"p{q}": float(np.quantile(incremental, q / 100)) for q in (10, 50, 90)},
        level=spec.level,
        n_boot=spec.n_boot,
        notes=tuple(notes),
        provenance=provenance,
    )


def _table_empty() -> pd.DataFrame:
    return pd.DataFrame(
        columns=["threshold", "flagged_share", "precision", "recall", "tp", "fp", "fn", "tn", "value_per_month"]
    )


def _nan_interval(samples: np.ndarray, level: float) -> tuple[float | None, float | None]:
    """Percentile interval of the best threshold; resamples that act on no case count as above every score."""
    tail = (1 - level) / 2
    filled = np.where(np.isnan(samples), np.inf, samples)
    # No interpolation: thresholds are cut points, and "above every score" is infinite.
    low, high = np.quantile(filled, [tail, 1 - tail], method="inverted_cdf")
    return (None if math.isinf(low) else float(low)), (None if math.isinf(high) else float(high))


def _describe(name: str, spec: ValueSpec) -> str:
    if name == NONE_NAME:
        return "No model and no rule: every positive is missed."
    if name == ALL_NAME:
        return "Every case is flagged and reviewed."
    if spec.baseline_column is not None:
        return f"The rule's decisions in column '{spec.baseline_column}'."
    return f"A rule with precision {spec.baseline_precision:g} and recall {spec.baseline_recall:g}."
