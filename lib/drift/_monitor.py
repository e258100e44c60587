"""The performance section of a drift analysis: realised drift, CBPE per chunk, fairness without labels, cost."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.data import binary_labels
from lib.drift._inputs import Prepared
from lib.drift._performance import (
    METRICS,
    REALISED_METRICS,
    ChunkPerformance,
    CostRange,
    GroupEstimate,
    PerformanceResult,
    ScoreBins,
    _num,
    as_intervals,
    as_values,
    bin_scores,
    calibration_check,
    drift_cost,
    estimate,
    realised,
    score_edges,
)
from lib.drift._specs import DriftSpec
from lib.errors import InputError

RATES = ("true_positive_rate", "false_positive_rate")


def _scores(frame: pd.DataFrame, column: str, *, file: str) -> np.ndarray:
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    text_bad = frame[column].notna().to_numpy() & np.isnan(values)
    if text_bad.any():
        shown = ", ".join(repr(v) for v in pd.unique(frame[column][text_bad])[:5])
        raise InputError(
            "the score column has values that are not numbers",
            file=file,
            column=column,
            expected="probabilities from 0 to 1",
            found=shown,
        )
    if np.isnan(values).any():
        raise InputError(
            "the score column has missing values",
            file=file,
            column=column,
            expected="a score in every row",
            found=f"{int(np.isnan(values).sum()):,} empty rows",
        )
    outside = (values < 0) | (values > 1)
    if outside.any():
        raise InputError(
            "label-free performance estimation needs scores that are probabilities",
            file=file,
            column=column,
            expected="scores from 0 to 1",
            found=f"{int(outside.sum()):,} scores outside, from {values.min():g} to {values.max():g}",
        )
    return values


def _labels(frame: pd.DataFrame, spec: DriftSpec, *, file: str) -> np.ndarray | None:
    """Labels as 1.0 / 0.0, NaN where not yet known (labels arrive late); None without a label column."""
    if spec.label is None or spec.label not in frame.columns:
        return None
    series = frame[spec.label]
    known = series.notna().to_numpy()
    out = np.full(len(series), np.nan)
    if known.any():
        out[known] = binary_labels(series[known], positive=spec.positive, file=file, column=spec.label)
    return out


def _money(
    spec: DriftSpec, rates: np.ndarray, draws: np.ndarray, reference: np.ndarray, basis: str
) -> CostRange | None:
    if None in (spec.value_tp, spec.cost_fp, spec.cost_fn, spec.volume):
        return None
    assert (
        spec.value_tp is not None and spec.cost_fp is not None and spec.cost_fn is not None and spec.volume is not None
    )
    return drift_cost(
        reference,
        rates,
        draws,
        value_tp=spec.value_tp,
        cost_fp=spec.cost_fp,
        cost_fn=spec.cost_fn,
        volume=spec.volume,
        level=spec.level,
        basis=basis,
    )


def performance_section(spec: DriftSpec, data: Prepared, rng: np.random.Generator) -> PerformanceResult | None:
    """Realised and estimated performance, when a score (or a label) is given.

    Raises
    ------
    InputError
        Scores that are not probabilities; labels that are not binary.
    """
    if spec.score is None:
        return None
    edges = score_edges(spec.threshold)
    predicted = (edges[:-1] >= spec.threshold)[None, :]
    ref_scores = _scores(data.reference, spec.score, file=data.reference_name)
    cur_scores = _scores(data.current, spec.score, file=data.current_name)
    ref_labels = _labels(data.reference, spec, file=data.reference_name)
    cur_labels = _labels(data.current, spec, file=data.current_name)
    ref_bins = bin_scores(ref_scores, ref_labels, np.zeros(len(ref_scores), np.int64), 1, edges)
    cur_bins = bin_scores(cur_scores, cur_labels, np.zeros(len(cur_scores), np.int64), 1, edges)
    calibration = calibration_check(ref_bins, min_rows=spec.min_rows) if ref_labels is not None else None
    result: dict = {"score": spec.score, "label": spec.label, "threshold": spec.threshold, "calibration": calibration}
    result["realised"] = _realised(ref_bins, cur_bins, predicted, spec, rng)
    if calibration is None:
        result.update(
            estimated_status="refused",
            estimated_reason="the reference has no labels, so the scores' calibration cannot be checked",
        )
    elif not calibration.calibrated:
        result.update(
            estimated_status="refused",
            estimated_reason="the reference scores are not calibrated: " + calibration.reason,
        )
    else:
        point, ci, draws = estimate(cur_bins, predicted, n_boot=spec.n_boot, level=spec.level, rng=rng)
        ref_point, _, _ = estimate(ref_bins, predicted, n_boot=1, level=spec.level, rng=rng)
        result.update(
            estimated_status="estimated",
            estimated_reason="reference scores pass the calibration check: " + calibration.reason,
            estimated=as_values(point, 0),
            estimated_ci=as_intervals(ci, 0),
            reference_estimated=as_values(ref_point, 0),
            chunks=_chunks(spec, data, cur_scores, cur_labels, edges, predicted, rng),
        )
        rates = _rates(cur_bins, predicted)
        ref_rates = _rates(ref_bins, predicted, labelled=True)
        result["cost"] = _money(spec, rates, draws[:, 0, :], ref_rates, "the reference's realised rates")
        result["fairness"], result["disparities"] = _fairness(
            spec, data, ref_scores, ref_labels, cur_scores, cur_labels, edges, predicted, rng
        )
    return PerformanceResult(**result)


def _rates(bins: ScoreBins, predicted: np.ndarray, *, labelled: bool = False) -> np.ndarray:
    """TP, FP, FN, TN shares per prediction: realised from labels, or expected from scores."""
    n = bins.labelled[0] if labelled else bins.rows[0]
    pos = bins.positives[0] if labelled else bins.score_sum[0]
    return _confusion_shares(pos, n - pos, predicted[0])


def _confusion_shares(pos: np.ndarray, neg: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    tp, fp = (pos * predicted).sum(), (neg * predicted).sum()
    fn, tn = (pos * ~predicted).sum(), (neg * ~predicted).sum()
    total = tp + fp + fn + tn
    return np.array([tp, fp, fn, tn]) / total if total else np.full(4, np.nan)


def _realised(ref: ScoreBins, cur: ScoreBins, predicted: np.ndarray, spec: DriftSpec, rng: np.random.Generator) -> dict:
    rows_ref, rows_cur = int(ref.labelled.sum()), int(cur.labelled.sum())
    out: dict = {"rows_reference": rows_ref, "rows_current": rows_cur}
    if not rows_ref and not rows_cur:
        return out
    sides = {"reference": ref, "current": cur}
    samples: dict[str, dict[str, np.ndarray]] = {}
    for side, bins in sides.items():
        if not bins.labelled.sum():
            continue
        values = realised(bins, predicted)
        out[side] = as_values(values, 0, REALISED_METRICS)
        samples[side] = _resample_realised(bins, predicted, spec.n_boot, rng)
        out[f"{side}_ci"] = {m: _interval(samples[side][m], spec.level) for m in REALISED_METRICS}
    if "reference" in samples and "current" in samples:
        out["difference"] = {
            m: None
            if out["current"][m] is None or out["reference"][m] is None
            else out["current"][m] - out["reference"][m]
            for m in REALISED_METRICS
        }
        out["difference_ci"] = {
            m: _shifted(samples["current"][m] - samples["reference"][m], out["difference"][m], spec.level)
            for m in REALISED_METRICS
        }
    return out


def _interval(draws: np.ndarray, level: float) -> tuple[float | None, float | None]:
    alpha = (1 - level) / 2
    if np.isnan(draws).all():
        return None, None
    low, high = np.nanquantile(draws, [alpha, 1 - alpha])
    return _num(low), _num(high)


def _shifted(draws: np.ndarray, estimate: float | None, level: float) -> tuple[float | None, float | None]:
    if estimate is None or np.isnan(draws).all():
        return None, None
    alpha = (1 - level) / 2
    low, mid, high = np.nanquantile(draws, [alpha, 0.5, 1 - alpha])
    return _num(min(estimate + low - mid, estimate)), _num(max(estimate + high - mid, estimate))


def _resample_realised(
    bins: ScoreBins, predicted: np.ndarray, n_boot: int, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Bootstrap of the labelled rows: one multinomial draw over (bin, outcome) cells per resample."""
    pos = bins.positives[0]
    neg = bins.labelled[0] - pos
    table = np.concatenate([pos, neg])
    total = int(table.sum())
    draws = rng.multinomial(total, table / total, size=n_boot).astype(float)
    k = len(pos)
    d_pos, d_neg = draws[:, :k], draws[:, k:]
    from lib.drift._performance import metric_table

    out = metric_table(d_pos, d_neg, predicted)
    # Brier and calibration error with each outcome's rows at their bin's mean score.
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_pos = np.where(pos > 0, bins.positive_score_sum[0] / np.where(pos > 0, pos, 1), 0.0)
        neg_sum = bins.labelled_score_sum[0] - bins.positive_score_sum[0]
        mean_neg = np.where(neg > 0, neg_sum / np.where(neg > 0, neg, 1), 0.0)
        out["brier"] = (d_pos * (1 - mean_pos) ** 2 + d_neg * mean_neg**2).sum(-1) / total
    eces = []
    for i in range(n_boot):
        resampled = ScoreBins(
            rows=(d_pos[i] + d_neg[i])[None],
            score_sum=(d_pos[i] * mean_pos + d_neg[i] * mean_neg)[None],
            labelled=(d_pos[i] + d_neg[i])[None],
            labelled_score_sum=(d_pos[i] * mean_pos + d_neg[i] * mean_neg)[None],
            labelled_square_sum=np.zeros((1, k)),
            positives=d_pos[i][None],
            positive_score_sum=(d_pos[i] * mean_pos)[None],
        )
        eces.append(calibration_check(resampled).ece)
    out["ece"] = np.array([np.nan if e is None else e for e in eces])
    return out


def _chunks(spec, data: Prepared, scores, labels, edges, predicted, rng) -> tuple[ChunkPerformance, ...]:
    chunking = data.current_chunks
    if chunking is None:
        return ()
    n = len(chunking.labels)
    bins = bin_scores(scores, labels, chunking.codes, n, edges)
    point, ci, _ = estimate(bins, predicted, n_boot=spec.n_boot, level=spec.level, rng=rng)
    real = realised(bins, predicted)
    out = []
    for i, label in enumerate(chunking.labels):
        labelled = int(bins.labelled[i].sum())
        out.append(
            ChunkPerformance(
                chunk=label,
                rows=int(bins.rows[i].sum()),
                labelled=labelled,
                estimated=as_values(point, i),
                ci=as_intervals(ci, i),
                realised=as_values(real, i) if labelled else dict.fromkeys(METRICS),
            )
        )
    return tuple(out)


def _fairness(spec, data: Prepared, ref_scores, ref_labels, scores, labels, edges, predicted, rng):
    groups: list[GroupEstimate] = []
    disparities: dict[str, dict[str, float | None]] = {}
    for attribute in spec.sensitive:
        values = data.current[attribute].astype("string").fillna("(missing)")
        levels = sorted(pd.unique(values).tolist())[:50]
        codes = pd.Index(levels).get_indexer(values).astype(np.int64)
        bins = bin_scores(scores, labels, codes, len(levels), edges)
        n, s = bins.rows, bins.score_sum
        draws = rng.binomial(
            n.astype(np.int64),
            np.clip(np.where(n > 0, s / np.where(n > 0, n, 1), 0), 0, 1),
            size=(spec.n_boot, *n.shape),
        )
        est = _group_rates(s, n - s, predicted)
        boot = _group_rates(draws.astype(float), n - draws, predicted)
        real = _group_rates(bins.positives, bins.labelled - bins.positives, predicted)
        ref_calibrated = _group_calibration(data, attribute, levels, ref_scores, ref_labels, edges, spec.min_rows)
        for i, level in enumerate(levels):
            rows = int(n[i].sum())
            labelled = bins.labelled[i].sum() > 0
            groups.append(
                GroupEstimate(
                    attribute=attribute,
                    group=str(level),
                    rows=rows,
                    small=rows < spec.min_rows,
                    calibrated=ref_calibrated.get(str(level)),
                    selection_rate=_num((n[i] * predicted[0]).sum() / rows) if rows else None,
                    estimated={r: _num(est[r][i]) for r in RATES},
                    ci={r: _interval(boot[r][:, i], spec.level) for r in RATES},
                    realised={r: _num(real[r][i]) if labelled else None for r in RATES},
                )
            )
        mine = [g for g in groups if g.attribute == attribute and not g.small]
        disparities[attribute] = _disparities(mine)
    return tuple(groups), disparities


def _group_rates(pos: np.ndarray, neg: np.ndarray, predicted: np.ndarray) -> dict[str, np.ndarray]:
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            "true_positive_rate": (pos * predicted).sum(-1) / pos.sum(-1),
            "false_positive_rate": (neg * predicted).sum(-1) / neg.sum(-1),
        }


def _group_calibration(data, attribute, levels, scores, labels, edges, min_rows) -> dict[str, bool | None]:
    if labels is None or attribute not in data.reference.columns:
        return {}
    values = data.reference[attribute].astype("string").fillna("(missing)")
    codes = pd.Index(levels).get_indexer(values).astype(np.int64)
    bins = bin_scores(scores, labels, codes, len(levels), edges)
    out: dict[str, bool | None] = {}
    for i, level in enumerate(levels):
        check = calibration_check(bins.select(i), min_rows=min_rows)
        out[str(level)] = check.calibrated if check.ece is not None else None
    return out


def _spread(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return max(known) - min(known) if len(known) >= 2 else None


def _disparities(groups: list[GroupEstimate]) -> dict[str, float | None]:
    """Fairlearn-named differences over the groups with enough rows."""
    est_tpr = _spread([g.estimated["true_positive_rate"] for g in groups])
    est_fpr = _spread([g.estimated["false_positive_rate"] for g in groups])
    real_tpr = _spread([g.realised["true_positive_rate"] for g in groups])
    real_fpr = _spread([g.realised["false_positive_rate"] for g in groups])
    return {
        "demographic_parity_difference": _spread([g.selection_rate for g in groups]),
        "equalized_odds_difference_estimated": None if est_tpr is None or est_fpr is None else max(est_tpr, est_fpr),
        "equalized_odds_difference_realised": None if real_tpr is None or real_fpr is None else max(real_tpr, real_fpr),
    }
