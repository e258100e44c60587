"""Threshold explorer: per-group rates and the disparity-accuracy trade-off across thresholds.

For each group the scores of actual positives and negatives are sorted once;
the confusion counts at any threshold are then two binary searches, so a sweep
of a hundred thresholds costs about as much as one audit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.analysis import Result, TableSource
from lib.errors import InputError
from lib.fairness._counts import collapse_matrix, group_names
from lib.fairness._disparity import disparity
from lib.fairness._inputs import read_audit_inputs
from lib.fairness._metrics import metrics_from_counts
from lib.fairness._specs import SweepSpec
from lib.provenance import Provenance, make_provenance

SWEEP_METRICS = ("selection_rate", "true_positive_rate", "false_positive_rate")
TRADEOFF_DISPARITIES = ("demographic_parity_difference", "equalized_odds_difference", "equal_opportunity_difference")


@dataclass(frozen=True)
class ThresholdSweep(Result):
    """Rates per group and the trade-off curve over a grid of thresholds.

    Attributes
    ----------
    by_group : pandas.DataFrame
        Columns ``attribute``, ``threshold``, ``group``, ``count`` and the :data:`SWEEP_METRICS`.
    tradeoff : pandas.DataFrame
        Columns ``attribute``, ``threshold``, ``accuracy`` and the :data:`TRADEOFF_DISPARITIES`.
    provenance : Provenance
    """

    by_group: pd.DataFrame
    tradeoff: pd.DataFrame
    provenance: Provenance


def counts_at_thresholds(
    y_true: np.ndarray, scores: np.ndarray, codes: np.ndarray, n_groups: int, thresholds: np.ndarray
) -> np.ndarray:
    """Confusion counts (TN, FP, FN, TP) per threshold and group, predicting ``score >= threshold``.

    Returns
    -------
    numpy.ndarray of int64, shape (thresholds, groups, 4)
    """
    out = np.zeros((len(thresholds), n_groups, 4), dtype=np.int64)
    for g in range(n_groups):
        member = codes == g
        positives = np.sort(scores[member & y_true])
        negatives = np.sort(scores[member & ~y_true])
        tp = len(positives) - np.searchsorted(positives, thresholds, side="left")
        fp = len(negatives) - np.searchsorted(negatives, thresholds, side="left")
        out[:, g] = np.stack([len(negatives) - fp, fp, len(positives) - tp, tp], axis=1)
    return out


def explore_thresholds(
    frame: pd.DataFrame,
    *,
    label: str,
    score: str,
    sensitive: Sequence[str],
    positive: object = None,
    intersectional: bool = False,
    thresholds: Sequence[float] | None = None,
    file: str | None = None,
    input_sha256: str | None = None,
) -> ThresholdSweep:
    """Sweep decision thresholds over a score column (builds a :class:`SweepSpec` and runs it).

    Parameters
    ----------
    frame : pandas.DataFrame
    label, score : str
        Actual outcome and score columns.
    sensitive : sequence of str
    positive : object, optional
        The positive label value when it is not 0/1 or yes/no.
    intersectional : bool
        Groups are combinations of the columns (True) or each column on its own.
    thresholds : sequence of float, optional
        Default: 101 evenly spaced points across the scores' range.
    file, input_sha256 : str, optional
        Input file name and hash, for messages and provenance.
    """
    spec = SweepSpec(
        label=label,
        score=score,
        sensitive=tuple(sensitive),
        positive=None if positive is None else str(positive),
        intersectional=intersectional,
        thresholds=None if thresholds is None else tuple(float(t) for t in thresholds),
    )
    return run_sweep(spec, TableSource(frame, name=file or "data", sha256=input_sha256))


def run_sweep(spec: SweepSpec, source: TableSource, *, provenance: Provenance | None = None) -> ThresholdSweep:
    """Run a threshold sweep spec on a table.

    Returns
    -------
    ThresholdSweep
    """
    frame, file = source.frame, source.name
    label, score, sensitive, positive = spec.label, spec.score, spec.sensitive, spec.positive
    thresholds = spec.thresholds
    inputs = read_audit_inputs(
        frame, label=label, sensitive=sensitive, score=score, threshold=0.0, positive=positive, file=file
    )
    scores = inputs.scores
    if scores is None or len(scores) == 0:
        raise InputError("there are no scores to sweep", file=file, column=score)
    grid = (
        np.linspace(float(scores.min()), float(scores.max()), 101)
        if thresholds is None
        else np.asarray(thresholds, dtype=float)
    )
    fine = counts_at_thresholds(inputs.y_true, scores, inputs.groups.codes, len(inputs.groups.values), grid)
    return sweep_from_counts(
        spec,
        fine,
        inputs.groups.values,
        grid,
        provenance=provenance or make_provenance(parameters=spec.to_dict(), inputs={"data": source.describe()}),
    )


def sweep_from_counts(
    spec: SweepSpec,
    fine: np.ndarray,
    group_values: Sequence[tuple[str, ...]],
    grid: np.ndarray,
    *,
    provenance: Provenance,
) -> ThresholdSweep:
    """A threshold sweep from confusion counts at each threshold (the count entry point).

    Parameters
    ----------
    spec : SweepSpec
    fine : numpy.ndarray of int, shape (thresholds, groups, 4)
        TN, FP, FN, TP of each finest (intersectional) group at each threshold.
    group_values : sequence of tuple of str
        Each group's values of ``spec.sensitive``.
    grid : numpy.ndarray
        The thresholds.
    provenance : Provenance

    Returns
    -------
    ThresholdSweep
    """
    intersectional = spec.intersectional
    values = list(group_values)
    columns = tuple(spec.sensitive)
    if intersectional or len(columns) == 1:
        views = [(" × ".join(columns), fine, group_names(columns, values))]
    else:
        views = []
        for position, column in enumerate(columns):
            matrix, levels = collapse_matrix(values, position)
            views.append((column, np.einsum("vg,tgc->tvc", matrix, fine), [v[0] for v in levels]))
    group_rows, curve_rows = [], []
    for attribute, counts, names in views:
        metrics = metrics_from_counts(counts)
        sizes = counts.sum(axis=2)
        overall = metrics_from_counts(counts.sum(axis=1))
        gaps = {name: disparity(name, metrics) for name in TRADEOFF_DISPARITIES}
        for t, threshold in enumerate(grid):
            for g, group in enumerate(names):
                row = {"attribute": attribute, "threshold": float(threshold), "group": group, "count": int(sizes[t, g])}
                row.update({m: float(metrics[m][t, g]) for m in SWEEP_METRICS})
                group_rows.append(row)
            curve = {"attribute": attribute, "threshold": float(threshold), "accuracy": float(overall["accuracy"][t])}
            curve.update({name: float(gaps[name][t]) for name in TRADEOFF_DISPARITIES})
            curve_rows.append(curve)
    return ThresholdSweep(by_group=pd.DataFrame(group_rows), tradeoff=pd.DataFrame(curve_rows), provenance=provenance)
