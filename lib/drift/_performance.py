"""Performance over time with and without labels, from score bins.

Scores are cut into 1,000 equal-width bins (split at the decision threshold), and
every figure comes from per-bin sums: rows, sum of scores, labelled rows,
positives, sum of squared scores. That is what a database would ``GROUP BY``.

*Confidence-based performance estimation* (CBPE): when scores are calibrated, a
row with score s is a positive with probability s, so the expected confusion
counts are sums of scores (``E[TP]`` = sum of s over predicted positives, and so
on). The sampling interval is where the *realised* metric should land if the
scores stay calibrated: labels are drawn as Binomial(rows, mean score) per bin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats

from lib.analysis import Record, json_meta

SCORE_BINS = 1_000
CALIBRATION_GROUPS = 10
CALIBRATION_TOLERANCE = 0.05
METRICS = ("accuracy", "precision", "recall", "f1", "auc")
REALISED_METRICS = ("accuracy", "auc", "brier", "ece")
Interval = tuple[float | None, float | None]


def _num(value: float) -> float | None:
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def score_edges(threshold: float) -> np.ndarray:
    """Equal-width score bin edges from 0 to 1, with the threshold as an edge."""
    return np.unique(np.concatenate([np.linspace(0.0, 1.0, SCORE_BINS + 1), [threshold]]))


def score_slots(scores: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Bin of each score (the last bin holds 1.0)."""
    return np.clip(np.searchsorted(edges, scores, side="right") - 1, 0, len(edges) - 2)


@dataclass(frozen=True, eq=False)
class ScoreBins:
    """Per-bin sums of one or more cells (arrays of shape (cells, bins))."""

    rows: np.ndarray
    score_sum: np.ndarray
    labelled: np.ndarray
    labelled_score_sum: np.ndarray
    labelled_square_sum: np.ndarray
    positives: np.ndarray
    positive_score_sum: np.ndarray

    def select(self, index: int | slice | np.ndarray) -> ScoreBins:
        """Some of the cells."""
        return ScoreBins(*(np.atleast_2d(getattr(self, f)[index]) for f in self.__dataclass_fields__))


def bin_scores(
    scores: np.ndarray, labels: np.ndarray | None, keys: np.ndarray, n_cells: int, edges: np.ndarray
) -> ScoreBins:
    """Sum scores and labels per (cell, bin); rows with key -1 belong to no cell, NaN labels are unlabelled."""
    n_bins = len(edges) - 1
    keep = keys >= 0
    slot = keys[keep] * n_bins + score_slots(scores[keep], edges)
    s = scores[keep]
    size = n_cells * n_bins

    def count(weights: np.ndarray | None) -> np.ndarray:
        return np.bincount(slot, weights=weights, minlength=size).reshape(n_cells, n_bins).astype(float)

    y = np.full(len(s), np.nan) if labels is None else labels[keep]
    has = ~np.isnan(y)
    y0 = np.where(has, y, 0.0)
    return ScoreBins(
        rows=count(None),
        score_sum=count(s),
        labelled=count(has.astype(float)),
        labelled_score_sum=count(np.where(has, s, 0.0)),
        labelled_square_sum=count(np.where(has, s * s, 0.0)),
        positives=count(y0),
        positive_score_sum=count(y0 * s),
    )


def confusion_metrics(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, tn: np.ndarray) -> dict[str, np.ndarray]:
    """Accuracy, precision, recall (TPR), F1, FPR and selection rate from (expected) confusion counts."""
    with np.errstate(invalid="ignore", divide="ignore"):
        n = tp + fp + fn + tn
        return {
            "accuracy": (tp + tn) / n,
            "precision": tp / (tp + fp),
            "recall": tp / (tp + fn),
            "f1": 2 * tp / (2 * tp + fp + fn),
            "false_positive_rate": fp / (fp + tn),
            "selection_rate": (tp + fp) / n,
        }


def binned_auc(positives: np.ndarray, negatives: np.ndarray) -> np.ndarray:
    """Area under the ROC curve from positives and negatives per ascending score bin (ties count half).

    Examples
    --------
    >>> float(binned_auc(np.array([0.0, 1.0]), np.array([1.0, 0.0])))
    1.0
    """
    below = np.cumsum(negatives, axis=-1) - negatives
    total_pos, total_neg = positives.sum(-1), negatives.sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (positives * (below + 0.5 * negatives)).sum(-1) / (total_pos * total_neg)


def _confusion(pos: np.ndarray, neg: np.ndarray, predicted: np.ndarray) -> tuple[np.ndarray, ...]:
    tp = (pos * predicted).sum(-1)
    fp = (neg * predicted).sum(-1)
    fn = (pos * ~predicted).sum(-1)
    tn = (neg * ~predicted).sum(-1)
    return tp, fp, fn, tn


def metric_table(pos: np.ndarray, neg: np.ndarray, predicted: np.ndarray) -> dict[str, np.ndarray]:
    """Every classification metric and the AUC from positives and negatives per bin."""
    out = confusion_metrics(*_confusion(pos, neg, predicted))
    out["auc"] = binned_auc(pos, neg)
    return out


def _percentiles(samples: dict[str, np.ndarray], level: float) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    alpha = (1 - level) / 2
    out = {}
    for name, draws in samples.items():
        with np.errstate(invalid="ignore"):
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                low, high = np.nanquantile(draws, [alpha, 1 - alpha], axis=0)
        out[name] = (low, high)
    return out


def estimate(bins: ScoreBins, predicted: np.ndarray, *, n_boot: int, level: float, rng: np.random.Generator) -> tuple:
    """CBPE: expected metrics of each cell, and where the realised metrics should land (percentile interval).

    Returns
    -------
    (dict, dict, numpy.ndarray)
        Metric -> estimate per cell; metric -> (low, high) per cell; and the resampled
        expected-confusion rates per prediction ``(n_boot, cells, 4)`` (TP, FP, FN, TN shares).
    """
    n, s = bins.rows, bins.score_sum
    point = metric_table(s, n - s, predicted)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(n > 0, s / np.where(n > 0, n, 1), 0.0)
    draws = rng.binomial(n.astype(np.int64), np.clip(share, 0, 1), size=(n_boot, *n.shape)).astype(float)
    samples = metric_table(draws, n - draws, predicted)
    tp, fp, fn, tn = _confusion(draws, n - draws, predicted)
    total = n.sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.stack([tp, fp, fn, tn], axis=-1) / total[None, :, None]
    return point, _percentiles(samples, level), rates


def realised(bins: ScoreBins, predicted: np.ndarray) -> dict[str, np.ndarray]:
    """Metrics of the labelled rows, plus the Brier score and the calibration error."""
    pos = bins.positives
    neg = bins.labelled - pos
    out = metric_table(pos, neg, predicted)
    labelled = bins.labelled.sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        brier = (bins.labelled_square_sum - 2 * bins.positive_score_sum + pos).sum(-1) / labelled
    out["brier"] = brier
    out["ece"] = np.array([calibration_check(bins.select(i)).ece for i in range(len(labelled))])
    return out


@dataclass(frozen=True)
class CalibrationCheck(Record):
    """Are the reference's scores calibrated? (10 equal-mass score groups of labelled rows.).

    Attributes
    ----------
    rows : int
        Labelled rows checked.
    ece : float or None
        Expected calibration error: mean absolute gap between the mean score and the share positive.
    statistic, p_value : float or None
        Hosmer-Lemeshow statistic, on as many degrees of freedom as groups (held-out scores).
    calibrated : bool
    reason : str
    """

    rows: int
    ece: float | None
    statistic: float | None
    p_value: float | None
    calibrated: bool
    reason: str
    groups: int = CALIBRATION_GROUPS
    tolerance: float = CALIBRATION_TOLERANCE


def calibration_check(bins: ScoreBins, *, min_rows: int = 1) -> CalibrationCheck:
    """Calibrated unless the calibration error is above the tolerance *and* the Hosmer-Lemeshow test rejects.

    So a large sample with a negligible miscalibration is accepted and a small noisy
    one is not refused on noise alone; fewer labelled rows than ``min_rows`` are refused.
    """
    n, s, pos = bins.labelled[0], bins.labelled_score_sum[0], bins.positives[0]
    rows = int(n.sum())
    if rows < max(min_rows, CALIBRATION_GROUPS):
        return CalibrationCheck(
            rows,
            None,
            None,
            None,
            False,
            f"only {rows:,} labelled reference rows (need {max(min_rows, CALIBRATION_GROUPS):,})",
        )
    before = np.cumsum(n) - n
    group = np.minimum((before * CALIBRATION_GROUPS // rows).astype(int), CALIBRATION_GROUPS - 1)
    g_n = np.bincount(group, weights=n, minlength=CALIBRATION_GROUPS)
    g_s = np.bincount(group, weights=s, minlength=CALIBRATION_GROUPS)
    g_pos = np.bincount(group, weights=pos, minlength=CALIBRATION_GROUPS)
    used = g_n > 0
    ece = float(np.abs(g_pos - g_s)[used].sum() / rows)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = g_s * (1 - g_s / g_n)
        terms = np.where(used & (var > 0), (g_pos - g_s) ** 2 / np.where(var > 0, var, 1), 0.0)
    statistic = float(terms.sum())
    p_value = float(stats.chi2.sf(statistic, int(used.sum())))
    bad = ece > CALIBRATION_TOLERANCE and p_value < 0.05
    reason = (
        f"calibration error {ece:.3f} is above {CALIBRATION_TOLERANCE:g} and the Hosmer-Lemeshow test rejects "
        f"calibration (p {p_value:.2g})"
        if bad
        else f"calibration error {ece:.3f} (tolerance {CALIBRATION_TOLERANCE:g}), Hosmer-Lemeshow p {p_value:.2g}"
    )
    return CalibrationCheck(rows, ece, statistic, p_value, not bad, reason)


@dataclass(frozen=True)
class ChunkPerformance(Record):
    """Estimated (and, where labels exist, realised) performance of one chunk.

    Attributes
    ----------
    chunk : str
    rows, labelled : int
    estimated : dict
        Metric -> CBPE estimate.
    ci : dict
        Metric -> where the realised value should land if scores stay calibrated.
    realised : dict
        Metric -> value on the labelled rows (None without labels).
    """

    chunk: str
    rows: int
    labelled: int
    estimated: dict[str, float | None]
    ci: dict[str, Interval]
    realised: dict[str, float | None]


@dataclass(frozen=True)
class GroupEstimate(Record):
    """Label-free fairness figures of one group: exact selection rate, estimated TPR and FPR.

    Attributes
    ----------
    attribute, group : str
    rows : int
    small : bool
    calibrated : bool or None
        The group's reference scores pass the calibration check (None: no reference labels).
    selection_rate : float or None
        Exact (no labels needed).
    estimated : dict
        ``true_positive_rate`` and ``false_positive_rate`` estimated from scores.
    ci : dict
    realised : dict
        The same rates from the group's labelled current rows (None without labels).
    """

    attribute: str
    group: str
    rows: int
    small: bool
    calibrated: bool | None
    selection_rate: float | None
    estimated: dict[str, float | None]
    ci: dict[str, Interval]
    realised: dict[str, float | None]


@dataclass(frozen=True)
class CostRange(Record):
    """What an estimated change in performance costs per period, as a low / likely / high range.

    ``range`` (in the JSON) is the shape the ROI page reads: ``{"low", "likely", "high", "distribution"}``.

    Attributes
    ----------
    low, likely, high : float
        Loss per period (negative: a gain), against the reference's rates.
    volume : int
        Predictions per period.
    value_tp, cost_fp, cost_fn : float
    basis : str
        Which reference rates were used (realised from labels, or estimated).
    """

    json_extras = ("range",)

    low: float
    likely: float
    high: float
    volume: int
    value_tp: float
    cost_fp: float
    cost_fn: float
    basis: str

    @property
    def range(self) -> dict[str, float | str]:
        """The range as the ROI page reads it."""
        return {"low": self.low, "likely": self.likely, "high": self.high, "distribution": "pert"}


def drift_cost(
    reference_rates: np.ndarray,
    current_rates: np.ndarray,
    current_draws: np.ndarray,
    *,
    value_tp: float,
    cost_fp: float,
    cost_fn: float,
    volume: int,
    level: float = 0.95,
    basis: str = "",
) -> CostRange:
    """Loss per period from a change in confusion rates: ``-volume * (dTP * value - dFP * cost_fp - dFN * cost_fn)``.

    Parameters
    ----------
    reference_rates, current_rates : numpy.ndarray, shape (4,)
        TP, FP, FN, TN shares per prediction.
    current_draws : numpy.ndarray, shape (n_boot, 4)
        Resampled current rates (the range's spread).
    value_tp, cost_fp, cost_fn : float
    volume : int
    level : float
    basis : str

    Returns
    -------
    CostRange

    Examples
    --------
    >>> ref = np.array([0.3, 0.1, 0.1, 0.5]); cur = np.array([0.25, 0.1, 0.15, 0.5])
    >>> round(drift_cost(ref, cur, np.tile(cur, (10, 1)), value_tp=100, cost_fp=10, cost_fn=50, volume=1000).likely, 2)
    7500.0
    """
    weights = np.array([value_tp, -cost_fp, -cost_fn, 0.0])

    def loss(rates: np.ndarray) -> np.ndarray:
        return -volume * ((rates - reference_rates) * weights).sum(-1)

    likely = float(loss(current_rates))
    draws = loss(current_draws)
    alpha = (1 - level) / 2
    low, high = (float(v) for v in np.nanquantile(draws, [alpha, 1 - alpha])) if len(draws) else (likely, likely)
    # The likely value is the estimate; resampling noise sets the spread around it.
    centre = float(np.nanmedian(draws)) if len(draws) else likely
    return CostRange(
        low=min(low - centre + likely, likely),
        likely=likely,
        high=max(high - centre + likely, likely),
        volume=volume,
        value_tp=value_tp,
        cost_fp=cost_fp,
        cost_fn=cost_fn,
        basis=basis,
    )


@dataclass(frozen=True)
class PerformanceResult(Record):
    """Realised performance drift (labels on both sides) and label-free estimates (CBPE).

    Attributes
    ----------
    score, label : str or None
    threshold : float
    calibration : CalibrationCheck or None
        The reference's calibration (CBPE is refused when it fails).
    estimated_status : {"estimated", "refused", "not requested"}
    estimated_reason : str
    estimated : dict
        Metric -> CBPE estimate on all current rows.
    estimated_ci : dict
    reference_estimated : dict
        CBPE on the reference (compare with ``realised["reference"]``: the method's own error there).
    realised : dict
        ``reference``, ``current`` and ``difference`` metrics with ``*_ci`` intervals, and row counts.
    chunks : tuple of ChunkPerformance
    fairness : tuple of GroupEstimate
    disparities : dict
        Demographic parity difference (exact) and equalized odds difference (estimated, realised) per attribute.
    cost : CostRange or None
    """

    score: str | None
    label: str | None
    threshold: float
    estimated_status: str
    estimated_reason: str
    calibration: CalibrationCheck | None = None
    estimated: dict[str, float | None] = field(default_factory=dict)
    estimated_ci: dict[str, Interval] = field(default_factory=dict)
    reference_estimated: dict[str, float | None] = field(default_factory=dict)
    realised: dict[str, Any] = field(default_factory=dict)
    chunks: tuple[ChunkPerformance, ...] = ()
    fairness: tuple[GroupEstimate, ...] = ()
    disparities: dict[str, dict[str, float | None]] = field(default_factory=dict)
    cost: CostRange | None = field(default=None, metadata=json_meta(omit_none=True))


def as_values(table: dict[str, np.ndarray], index: int, names: tuple[str, ...] = METRICS) -> dict[str, float | None]:
    """One cell's metrics as plain numbers."""
    return {name: _num(table[name][index]) for name in names if name in table}


def as_intervals(
    table: dict[str, tuple[np.ndarray, np.ndarray]], index: int, names: tuple[str, ...] = METRICS
) -> dict[str, Interval]:
    """One cell's intervals as plain pairs."""
    return {name: (_num(table[name][0][index]), _num(table[name][1][index])) for name in names if name in table}
