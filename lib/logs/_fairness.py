"""The bias audit and the threshold sweep of a log, from counts the engine makes.

An audit needs, per combination of sensitive values, how many rows have each label and
prediction (or each label and score): one ``GROUP BY``. Those counted rows go through
the same code as an in-memory table (:func:`lib.fairness.audit_counted_rows`), so the
results are the same. A sweep needs the counts at each threshold: one ``GROUP BY`` with a
conditional sum per threshold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.data import binary_labels
from lib.errors import InputError
from lib.fairness import (
    MAX_AUDIT_GROUPS,
    AuditResult,
    AuditSpec,
    SweepSpec,
    ThresholdSweep,
    audit_counted_rows,
    encode_groups,
    sweep_from_counts,
)
from lib.logs._queries import (
    EXACT_SCORES,
    SCORE_BINS,
    Summary,
    check_group_count,
    check_numeric,
    grouped,
    number,
    refuse_wide_columns,
    summarise,
)
from lib.logs._source import LogSource
from lib.provenance import Provenance

ROWS = "__decision_desk_rows"
# The cells of lib.fairness's confusion counts, in its order.
TN, FP, FN, TP = 0, 1, 2, 3
CALIBRATION_EDGES = np.linspace(0.0, 1.0, 11)


def _check_columns(log: LogSource, outcomes: list[str | None], sensitive: tuple[str, ...]) -> None:
    log.require([*outcomes, *sensitive], purpose="audit")
    overlap = sorted({c for c in outcomes if c} & set(sensitive))
    if overlap:
        raise InputError(
            "a column cannot be both an outcome and a sensitive attribute", file=log.name, column=overlap[0]
        )


def _check_summary(log: LogSource, summary: Summary, *, label: str, prediction: str | None, score: str | None) -> None:
    log.check_rows(summary.rows)
    if summary.rows == 0:
        raise InputError("the log has no rows", file=log.name, expected="at least one prediction")
    for column, what, expected in (
        (label, "label", "a value in every row"),
        (prediction, "prediction", "a value in every row"),
        (score, "score", "a score in every row"),
    ):
        if column is not None and summary.missing.get(column):
            raise InputError(
                f"the {what} column has missing values",
                file=log.name,
                column=column,
                expected=expected,
                found=f"{summary.missing[column]:,} empty rows",
            )


def _clamp_scores(frame: pd.DataFrame, *, threshold: float, calibrated: bool, low: float, high: float) -> np.ndarray:
    """Each bin's mean score, kept on its side of the threshold and in its calibration bin (rounding aside)."""
    mean = np.clip(frame["__sum"].to_numpy(dtype=float) / frame[ROWS].to_numpy(dtype=float), low, high)
    below = np.nextafter(threshold, -np.inf)
    mean = np.where(frame["__above"].to_numpy() == 1, np.maximum(mean, threshold), np.minimum(mean, below))
    if calibrated:
        which = frame["__cal"].to_numpy(dtype=np.int64)
        lows = np.where(which > 0, CALIBRATION_EDGES[np.clip(which, 0, 10)], -np.inf)
        tops = np.where(which < 9, np.nextafter(CALIBRATION_EDGES[np.clip(which + 1, 0, 10)], -np.inf), np.inf)
        mean = np.clip(mean, lows, tops)
    return mean


def _binned_rows(log: LogSource, spec: AuditSpec, keys: list[str], summary: Summary) -> tuple[pd.DataFrame, str]:
    score = str(spec.score)
    low, high = float(summary.score_min or 0.0), float(summary.score_max or 0.0)
    threshold = 0.5 if spec.threshold is None else float(spec.threshold)
    value = f"CAST({log.quote(score)} AS DOUBLE)"
    # Probabilities share one grid on [0, 1] whose bins nest in the ten calibration bins; other scores span their range.
    calibrated = low >= 0.0 and high <= 1.0
    start, width = (0.0, 1.0 / SCORE_BINS) if calibrated else (low, (high - low) / SCORE_BINS)
    keys = [
        *keys,
        f"CAST({value} >= {number(threshold)} AS INTEGER) AS __above",
        f"LEAST(CAST(floor(({value} - {number(start)}) / {number(width)}) AS BIGINT), {SCORE_BINS - 1}) AS __bin",
    ]
    frame = grouped(log, keys, [f"count(*) AS {ROWS}", f"sum({value}) AS __sum"])
    if calibrated:
        frame["__cal"] = frame["__bin"].to_numpy(dtype=np.int64) * 10 // SCORE_BINS
    frame[score] = _clamp_scores(frame, threshold=threshold, calibrated=calibrated, low=low, high=high)
    frame = frame.drop(columns=[c for c in ("__above", "__bin", "__cal", "__sum") if c in frame.columns])
    note = (
        f"The log has about {summary.score_distinct:,} distinct scores: AUC, calibration and the score-overlap "
        f"check use each group's mean score within {SCORE_BINS:,} equal-width score bins "
        f"(width {width:.3g}); confusion counts, rates, intervals and verdicts are exact."
    )
    return frame, note


def audit_log(spec: AuditSpec, log: LogSource, *, provenance: Provenance) -> AuditResult:
    """Run a bias audit on a log: one scan for checks, one ``GROUP BY`` for the counts.

    Parameters
    ----------
    spec : AuditSpec
    log : LogSource
    provenance : Provenance

    Returns
    -------
    AuditResult
        The same as :func:`lib.fairness.run_audit` on the log loaded as a table (with
        more than ``EXACT_SCORES`` distinct scores, AUC and calibration come from binned
        scores, as a note says).

    Raises
    ------
    InputError
        Missing columns, a score column of text, missing values, too many rows, a column
        with too many values, too many groups, or any error of the audit itself.
    """
    label, prediction, score = spec.label, spec.prediction, spec.score
    _check_columns(log, [label, prediction, score], spec.sensitive)
    if score is not None:
        check_numeric(log, score, what="score")
    summary = summarise(
        log, nullable=[c for c in (label, prediction, score) if c], sensitive=spec.sensitive, score=score
    )
    _check_summary(log, summary, label=label, prediction=prediction, score=score)
    if score is not None and spec.threshold is None:
        low, high = float(summary.score_min or 0.0), float(summary.score_max or 0.0)
        if low < 0.0 or high > 1.0:
            raise InputError(
                "scores lie outside [0, 1]",
                file=log.name,
                column=score,
                expected="probabilities between 0 and 1 (or give a threshold for raw scores)",
                found=f"values from {low:g} to {high:g}",
            )
    refuse_wide_columns(log, summary.distinct)
    check_group_count(log, spec.sensitive, summary.distinct, cap=log.limits.max_groups or MAX_AUDIT_GROUPS)
    q = log.quote
    keys = [f"{q(c)} AS {q(c)}" for c in (*spec.sensitive, label)]
    notes: list[str] = []
    if prediction is not None:
        frame = grouped(log, [*keys, f"{q(prediction)} AS {q(prediction)}"], [f"count(*) AS {ROWS}"])
    elif (summary.score_distinct or 0) <= EXACT_SCORES:
        frame = grouped(log, [*keys, f"CAST({q(str(score))} AS DOUBLE) AS {q(str(score))}"], [f"count(*) AS {ROWS}"])
    else:
        frame, note = _binned_rows(log, spec, keys, summary)
        notes.append(note)
    weights = frame.pop(ROWS).to_numpy(dtype=np.int64)
    return audit_counted_rows(spec, frame, weights=weights, file=log.name, provenance=provenance, extra_notes=notes)


def sweep_log(spec: SweepSpec, log: LogSource, *, provenance: Provenance) -> ThresholdSweep:
    """Run a threshold sweep on a log: counts at every threshold from one ``GROUP BY``.

    Parameters
    ----------
    spec : SweepSpec
    log : LogSource
    provenance : Provenance

    Returns
    -------
    ThresholdSweep
        The same as :func:`lib.fairness.run_sweep` on the log loaded as a table.
    """
    _check_columns(log, [spec.label, spec.score], spec.sensitive)
    check_numeric(log, spec.score, what="score")
    summary = summarise(log, nullable=[spec.label, spec.score], sensitive=spec.sensitive, score=spec.score)
    _check_summary(log, summary, label=spec.label, prediction=None, score=spec.score)
    refuse_wide_columns(log, summary.distinct)
    check_group_count(log, spec.sensitive, summary.distinct, cap=log.limits.max_groups or MAX_AUDIT_GROUPS)
    low, high = float(summary.score_min or 0.0), float(summary.score_max or 0.0)
    grid = np.linspace(low, high, 101) if spec.thresholds is None else np.asarray(spec.thresholds, dtype=float)
    q = log.quote
    value = f"CAST({q(spec.score)} AS DOUBLE)"
    keys = [f"{q(c)} AS {q(c)}" for c in (*spec.sensitive, spec.label)]
    sums = [f"sum(CASE WHEN {value} >= {number(t)} THEN 1 ELSE 0 END) AS __ge{k}" for k, t in enumerate(grid)]
    frame = grouped(log, keys, [f"count(*) AS {ROWS}", *sums])
    positive = binary_labels(frame[spec.label], positive=spec.positive, what="label", file=log.name, column=spec.label)
    groups = encode_groups(frame, spec.sensitive, file=log.name)
    rows = frame[ROWS].to_numpy(dtype=np.int64)
    at_or_above = frame[[f"__ge{k}" for k in range(len(grid))]].to_numpy(dtype=np.int64)
    fine = np.zeros((len(grid), len(groups.values), 4), dtype=np.int64)
    for member, hit, miss in ((positive, TP, FN), (~positive, FP, TN)):
        codes = groups.codes[member]
        above = at_or_above[member]
        for t in range(len(grid)):
            np.add.at(fine[t, :, hit], codes, above[:, t])
            np.add.at(fine[t, :, miss], codes, rows[member] - above[:, t])
    return sweep_from_counts(spec, fine, groups.values, grid, provenance=provenance)
