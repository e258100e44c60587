"""The bias audit: group metrics, disparities, intervals and verdicts from one count."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from lib.analysis import TableSource
from lib.data import show_value
from lib.errors import InputError
from lib.fairness._bootstrap import bias_corrected_interval, percentile_interval, resample_counts
from lib.fairness._calibration import CalibrationResult, calibration_by_group
from lib.fairness._counts import FN, FP, TN, TP, collapse_matrix, confusion_counts, group_names
from lib.fairness._disparity import DISPARITIES, disparity
from lib.fairness._inputs import AuditInputs, read_audit_inputs, sanity_notes
from lib.fairness._limit_test import limit_test_p_value
from lib.fairness._metrics import HIGHER_IS_BETTER, METRIC_NAMES, denominators, metrics_from_counts
from lib.fairness._results import AuditResult, DisparityResult, GroupResult, ReferenceRatio, _num
from lib.fairness._specs import DEFAULT_MAX_DIFFERENCE, DEFAULT_MIN_GROUP_SIZE, DEFAULT_MIN_RATIO, AuditSpec
from lib.fairness._verdict import judge
from lib.provenance import Provenance, make_provenance

MIN_DENOMINATOR = 10
REFERENCE_METRICS = (
    "selection_rate",
    "true_positive_rate",
    "false_positive_rate",
    "false_negative_rate",
    "precision",
    "false_discovery_rate",
    "false_omission_rate",
)
Reference = Literal["largest", "best"] | str


@dataclass(frozen=True)
class _View:
    attribute: str
    columns: tuple[str, ...]
    values: list[tuple[str, ...]]
    matrix: np.ndarray | None  # None: the finest groups themselves


def _views(columns: Sequence[str], values: Sequence[tuple[str, ...]], intersectional: bool) -> list[_View]:
    columns = tuple(columns)
    values = list(values)
    if intersectional or len(columns) == 1:
        return [_View(" × ".join(columns), columns, values, None)]
    views = []
    for position, column in enumerate(columns):
        matrix, levels = collapse_matrix(values, position)
        views.append(_View(column, (column,), levels, matrix))
    return views


def _names(view: _View) -> list[str]:
    return group_names(view.columns, view.values)


def _view_codes(inputs: AuditInputs, view: _View) -> np.ndarray:
    """Each row's group within one view (the finest groups, or one column's)."""
    codes = inputs.groups.codes
    return codes if view.matrix is None else np.argmax(view.matrix, axis=0)[codes]


def _calibration(inputs: AuditInputs | None, views: list[_View]) -> CalibrationResult | None:
    if inputs is None or inputs.scores is None:
        return None
    scores = inputs.scores
    if not scores.size or scores.min() < 0 or scores.max() > 1:
        return None  # calibration reads scores as probabilities
    return calibration_by_group(
        inputs.y_true,
        scores,
        [(v.attribute, _view_codes(inputs, v), _names(v)) for v in views],
        weights=inputs.weights,
    )


def _auc_by_group(inputs: AuditInputs, view: _View) -> list[float | None]:
    if inputs.scores is None:
        return [None] * len(view.values)
    codes = _view_codes(inputs, view)
    out: list[float | None] = []
    for g in range(len(view.values)):
        member = codes == g
        labels = inputs.y_true[member]
        weights = None if inputs.weights is None else inputs.weights[member]
        if labels.all() or not labels.any():
            out.append(None)
        else:
            # Distinct scores weighted by their counts give the same curve, tie for tie, as the rows.
            out.append(float(roc_auc_score(labels, inputs.scores[member], sample_weight=weights)))
    return out


def _reference_index(
    reference: Reference, metric: str, values: np.ndarray, sizes: np.ndarray, names: list[str]
) -> int | None:
    if reference == "largest":
        return int(np.argmax(sizes))
    if reference == "best":
        defined = ~np.isnan(values)
        if not defined.any():
            return None
        masked = np.where(defined, values, -np.inf if HIGHER_IS_BETTER[metric] else np.inf)
        return int(np.argmax(masked) if HIGHER_IS_BETTER[metric] else np.argmin(masked))
    return names.index(reference) if reference in names else None


def audit_counts(
    counts: np.ndarray,
    group_values: Sequence[tuple[str, ...]],
    *,
    columns: Sequence[str],
    intersectional: bool = False,
    max_difference: float = DEFAULT_MAX_DIFFERENCE,
    min_ratio: float = DEFAULT_MIN_RATIO,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    reference: Reference = "largest",
    n_boot: int = 1000,
    seed: int | None = 0,
    level: float = 0.95,
    inputs: AuditInputs | None = None,
    provenance: Provenance | None = None,
    extra_notes: Sequence[str] = (),
) -> AuditResult:
    """Audit from per-group confusion counts alone (the rows are never needed again).

    Parameters
    ----------
    counts : numpy.ndarray of int, shape (groups, 4)
        TN, FP, FN, TP of each intersectional group.
    group_values : sequence of tuple of str
        Each group's values of ``columns``.
    columns : sequence of str
        The sensitive columns.
    intersectional : bool
        Audit the combinations of the columns (True) or each column on its own.
    max_difference, min_ratio : float
        Limits for difference and ratio disparities.
    min_group_size : int
        Groups with fewer rows are flagged small.
    reference : {"largest", "best"} or str
        Reference group for the Aequitas-style ratios (or a group name).
    n_boot : int
        Bootstrap resamples for the intervals (at least 50).
    seed : int or None
        Seed of the resampling.
    level : float
        Confidence level of the intervals.
    inputs : AuditInputs, optional
        The rows behind the counts, when at hand (needed only for AUC per group).
    provenance : Provenance, optional
        Provenance to attach; by default one is made from the parameters.
    extra_notes : sequence of str
        Notes found while reading the input, shown before the audit's own.

    Returns
    -------
    AuditResult
    """
    if n_boot < 50:
        raise InputError("too few bootstrap resamples for an interval", expected="at least 50", found=str(n_boot))
    if not 0 <= max_difference <= 1 or not 0 <= min_ratio <= 1:
        raise InputError(
            "the limits are out of range",
            expected="a maximum difference from 0 to 1 and a minimum ratio from 0 to 1 (1 and 0 mean no limit)",
            found=f"{max_difference:g} and {min_ratio:g}",
        )
    counts = np.asarray(counts, dtype=np.int64)
    boot = resample_counts(counts, n_boot=n_boot, seed=seed)
    views = _views(columns, group_values, intersectional)
    notes = list(extra_notes)
    groups: list[GroupResult] = []
    disparities: list[DisparityResult] = []
    references: list[ReferenceRatio] = []
    limits = {"difference": max_difference, "ratio": min_ratio}
    band = (min_ratio, 1.0 / min_ratio if min_ratio > 0 else math.inf)

    if reference not in ("largest", "best"):
        known = [name for view in views for name in _names(view)]
        if reference not in known:
            raise InputError(
                "the reference group is not among the groups",
                expected="largest, best, or one of " + ", ".join(repr(n) for n in known[:12]),
                found=repr(reference),
            )
    for view_number, view in enumerate(views):
        view_counts = counts if view.matrix is None else view.matrix @ counts
        view_boot = boot if view.matrix is None else np.einsum("vg,bgc->bvc", view.matrix, boot)
        if len(view.values) < 2:
            raise InputError(
                "only one group: there is nothing to compare",
                column=view.attribute,
                expected="at least two groups in the sensitive column",
                found=f"every row in {show_value(_names(view)[0])}",
            )
        names = _names(view)
        point = metrics_from_counts(view_counts)
        sampled = metrics_from_counts(view_boot)
        denoms = denominators(view_counts)
        sizes = view_counts.sum(axis=1)
        small_rows = sizes < min_group_size
        large = {m: ~(small_rows | (denoms[m] < MIN_DENOMINATOR)) for m in METRIC_NAMES}
        # One quantile call for every group metric keeps 1,000 resamples cheap.
        stacked = np.concatenate([sampled[m] for m in METRIC_NAMES], axis=1)
        lows, highs = percentile_interval(stacked, level=level)
        lows = lows.reshape(len(METRIC_NAMES), -1)
        highs = highs.reshape(len(METRIC_NAMES), -1)
        aucs = _auc_by_group(inputs, view) if inputs is not None else [None] * len(names)
        for g, value in enumerate(view.values):
            small_metrics = tuple(m for m in METRIC_NAMES if denoms[m][g] < MIN_DENOMINATOR)
            groups.append(
                GroupResult(
                    attribute=view.attribute,
                    group=dict(zip(view.columns, value, strict=True)),
                    name=names[g],
                    count=int(sizes[g]),
                    small=bool(small_rows[g] or small_metrics),
                    counts={k: int(view_counts[g, i]) for k, i in (("tn", TN), ("fp", FP), ("fn", FN), ("tp", TP))},
                    metrics={m: _num(point[m][g]) for m in METRIC_NAMES},
                    ci={m: (_num(lows[i, g]), _num(highs[i, g])) for i, m in enumerate(METRIC_NAMES)},
                    small_metrics=small_metrics,
                    auc=aucs[g],
                )
            )
            if sizes[g] == 1:
                notes.append(
                    f"{view.attribute}: group {show_value(names[g])} has a single row; every rate there is 0 or 1."
                )
        for m in ("true_positive_rate", "false_positive_rate", "selection_rate", "precision"):
            gone = [names[g] for g in range(len(names)) if math.isnan(point[m][g])]
            if gone:
                notes.append(
                    f"{view.attribute}: {m.replace('_', ' ')} is undefined (0/0) for "
                    + ", ".join(repr(n) for n in gone)
                    + "; disparities using it are computed over the other groups."
                )
        small_names = [names[g] for g in range(len(names)) if small_rows[g]]
        if small_names:
            notes.append(
                f"{view.attribute}: groups under {min_group_size} rows are flagged small: "
                + ", ".join(small_names)
                + "."
            )
        disparities += _view_disparities(
            view.attribute,
            names,
            point,
            sampled,
            large,
            limits,
            level,
            cases=denoms,
            n_sim=n_boot,
            seed=seed,
            view_index=view_number,
        )
        references += _reference_ratios(view.attribute, names, point, sampled, sizes, reference, band, level)

    total = counts.sum(axis=0)
    overall_point = metrics_from_counts(total)
    overall_sampled = metrics_from_counts(boot.sum(axis=1))
    low, high = percentile_interval(np.stack([overall_sampled[m] for m in METRIC_NAMES], axis=1), level=level)
    parameters = {
        "sensitive": list(columns),
        "intersectional": intersectional,
        "max_difference": max_difference,
        "min_ratio": min_ratio,
        "min_group_size": min_group_size,
        "reference": reference,
        "n_boot": n_boot,
        "level": level,
    }
    return AuditResult(
        attributes=tuple(v.attribute for v in views),
        n_rows=int(total.sum()),
        overall={m: _num(float(overall_point[m])) for m in METRIC_NAMES},
        overall_ci={m: (_num(low[i]), _num(high[i])) for i, m in enumerate(METRIC_NAMES)},
        groups=tuple(groups),
        disparities=tuple(disparities),
        reference_ratios=tuple(references),
        notes=tuple(dict.fromkeys(notes)),
        parameters=parameters,
        provenance=provenance or make_provenance(parameters=parameters, seed=seed),
        calibration=_calibration(inputs, views),
    )


def _view_disparities(
    attribute: str,
    names: list[str],
    point: dict[str, np.ndarray],
    sampled: dict[str, np.ndarray],
    large: dict[str, np.ndarray],
    limits: dict[str, float],
    level: float,
    *,
    cases: dict[str, np.ndarray],
    n_sim: int,
    seed: int | None,
    view_index: int,
) -> list[DisparityResult]:
    disparity_names = list(DISPARITIES)
    values = np.array([disparity(n, point) for n in disparity_names], dtype=float)
    values_large = np.array([disparity(n, point, large) for n in disparity_names], dtype=float)
    boot_all = np.stack([disparity(n, sampled) for n in disparity_names], axis=1)
    boot_large = np.stack([disparity(n, sampled, large) for n in disparity_names], axis=1)
    lows, highs = bias_corrected_interval(
        np.concatenate([boot_all, boot_large], axis=1), np.concatenate([values, values_large]), level=level
    )
    # A gap (max - min) and a ratio (min / max) of rates both lie in [0, 1]; so do their intervals.
    lows, highs = np.clip(lows, 0.0, 1.0), np.clip(highs, 0.0, 1.0)
    k = len(disparity_names)
    numerators = {m: np.rint(np.nan_to_num(point[m]) * cases[m]) for m in cases}
    out = []
    for i, name in enumerate(disparity_names):
        kind, parts = DISPARITIES[name]
        limit = limits[kind]
        left_out = sorted({names[g] for m in parts for g in range(len(names)) if math.isnan(point[m][g])})
        small = sorted({names[g] for m in parts for g in range(len(names)) if not large[m][g]})
        p_value = limit_test_p_value(
            name,
            {m: numerators[m][large[m]] for m in parts},
            {m: cases[m][large[m]] for m in parts},
            limit=limit,
            n_sim=n_sim,
            seed=(0 if seed is None else seed, view_index, i),
        )
        verdict, reason = judge(
            kind=kind,
            limit=limit,
            value=float(values[i]),
            ci=(float(lows[i]), float(highs[i])),
            value_large=float(values_large[i]),
            p_value=p_value,
            alpha=1.0 - level,
            small_groups=small,
        )
        details: dict[str, Any] = {}
        if name == "four_fifths_rule":
            rates = point["selection_rate"]
            top = np.nanmax(rates) if np.isfinite(rates).any() else np.nan
            impact = {names[g]: _num(rates[g] / top) if top > 0 else None for g in range(len(names))}
            details = {
                "impact_ratios": impact,
                "groups_below": [n for n, v in impact.items() if v is not None and v < limit],
            }
        out.append(
            DisparityResult(
                name=name,
                attribute=attribute,
                kind=kind,
                value=_num(values[i]),
                ci=(_num(lows[i]), _num(highs[i])),
                value_large_groups=_num(values_large[i]),
                ci_large_groups=(_num(lows[k + i]), _num(highs[k + i])),
                limit=limit,
                verdict=verdict,
                reason=reason,
                p_value=p_value,
                groups_left_out=tuple(left_out),
                small_groups=tuple(small),
                details=details,
            )
        )
    return out


def _reference_ratios(
    attribute: str,
    names: list[str],
    point: dict[str, np.ndarray],
    sampled: dict[str, np.ndarray],
    sizes: np.ndarray,
    reference: Reference,
    band: tuple[float, float],
    level: float,
) -> list[ReferenceRatio]:
    out = []
    for metric in REFERENCE_METRICS:
        ref = _reference_index(reference, metric, point[metric], sizes, names)
        if ref is None:
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            ratios = point[metric] / point[metric][ref]
            boot = sampled[metric] / sampled[metric][:, [ref]]
        boot = np.where(np.isfinite(boot), boot, np.nan)
        low, high = percentile_interval(boot, level=level)
        for g, name in enumerate(names):
            value = _num(ratios[g]) if np.isfinite(ratios[g]) else None
            out.append(
                ReferenceRatio(
                    attribute=attribute,
                    metric=metric,
                    group=name,
                    reference=names[ref],
                    value=value,
                    ci=(_num(low[g]), _num(high[g])),
                    within_band=None if value is None else bool(band[0] <= value <= band[1]),
                )
            )
    return out


def run_audit(spec: AuditSpec, source: TableSource, *, provenance: Provenance | None = None) -> AuditResult:
    """Run a bias audit spec on a table.

    Parameters
    ----------
    spec : AuditSpec
    source : TableSource
        The table, with its file name and hash.
    provenance : Provenance, optional
        Defaults to one recording the whole spec and the input.

    Returns
    -------
    AuditResult

    Raises
    ------
    InputError
        For any input the audit cannot use, with the reason.
    """
    return audit_counted_rows(
        spec, source.frame, file=source.name, provenance=provenance, inputs_described={"data": source.describe()}
    )


def audit_counted_rows(
    spec: AuditSpec,
    frame: pd.DataFrame,
    *,
    weights: np.ndarray | None = None,
    file: str | None = None,
    provenance: Provenance | None = None,
    inputs_described: dict[str, dict[str, str | None]] | None = None,
    extra_notes: Sequence[str] = (),
) -> AuditResult:
    """Run a bias audit on rows, each standing for ``weights`` rows of the data (the count entry point).

    A database answers an audit with the distinct (sensitive values, label, prediction or
    score) rows of a log and how many times each occurs; this audits them exactly as the
    whole table would be audited: the same counts, intervals, AUC and verdicts.

    Parameters
    ----------
    spec : AuditSpec
    frame : pandas.DataFrame
        The spec's columns.
    weights : numpy.ndarray of int, optional
        Rows each row stands for (default: 1 each).
    file : str, optional
        For messages.
    provenance : Provenance, optional
    inputs_described : dict, optional
        Role -> ``{"name", "sha256", ...}`` for the default provenance.
    extra_notes : sequence of str
        Notes from reading the input (e.g. how scores were binned).

    Returns
    -------
    AuditResult

    Raises
    ------
    InputError
        For any input the audit cannot use, with the reason.
    """
    inputs = read_audit_inputs(
        frame,
        label=spec.label,
        sensitive=spec.sensitive,
        prediction=spec.prediction,
        score=spec.score,
        threshold=spec.threshold,
        positive=spec.positive,
        file=file,
    )
    groups = inputs.groups
    if weights is not None:
        weights = np.asarray(weights, dtype=np.int64)
        missing = {c: int(weights[frame[c].isna().to_numpy()].sum()) for c in groups.missing}
        inputs = replace(inputs, weights=weights, groups=replace(groups, missing=missing))
        groups = inputs.groups
    counts = confusion_counts(inputs.y_true, inputs.y_pred, groups.codes, len(groups.values), weights=weights)
    notes = list(extra_notes) + sanity_notes(inputs, label=spec.label, prediction=spec.prediction, score=spec.score)
    notes += [
        f"{column}: {n:,} rows have no value and are audited as their own group 'missing'."
        for column, n in groups.missing.items()
    ]
    parameters = spec.to_dict()
    provenance = provenance or make_provenance(parameters=parameters, seed=spec.seed, inputs=inputs_described or {})
    try:
        result = audit_counts(
            counts,
            groups.values,
            columns=groups.columns,
            intersectional=spec.intersectional,
            max_difference=spec.max_difference,
            min_ratio=spec.min_ratio,
            min_group_size=spec.min_group_size,
            reference=spec.reference,
            n_boot=spec.n_boot,
            seed=spec.seed,
            level=spec.level,
            inputs=inputs,
            provenance=provenance,
            extra_notes=notes,
        )
    except InputError as error:
        raise (error.with_file(file) if file else error) from None
    return replace(result, parameters=parameters)


def audit(
    frame: pd.DataFrame,
    *,
    label: str,
    sensitive: Sequence[str],
    prediction: str | None = None,
    score: str | None = None,
    threshold: float | None = None,
    positive: object = None,
    intersectional: bool = False,
    max_difference: float = DEFAULT_MAX_DIFFERENCE,
    min_ratio: float = DEFAULT_MIN_RATIO,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    reference: Reference = "largest",
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
    strict: bool = False,
    file: str | None = None,
    input_sha256: str | None = None,
) -> AuditResult:
    """Audit a model's outputs for group disparities (builds an :class:`AuditSpec` and runs it).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per decision.
    label : str
        Column of actual outcomes (binary).
    sensitive : sequence of str
        Sensitive columns; missing values form a "missing" group.
    prediction, score : str, optional
        Exactly one: a binary prediction column, or a score column turned into
        predictions as ``score >= threshold``.
    threshold : float, optional
        Decision threshold for scores (default 0.5, and then scores must lie in [0, 1]).
    positive : object, optional
        The positive label value, when the label is not 0/1, yes/no or the like.
    intersectional, max_difference, min_ratio, min_group_size, reference, n_boot, seed, level
        See :func:`audit_counts`.
    strict : bool
        Insufficient evidence also fails the release gate.
    file, input_sha256 : str, optional
        Input file name and hash, for messages and provenance.

    Returns
    -------
    AuditResult

    Raises
    ------
    InputError
        For any input the audit cannot use, with the reason.
    """
    spec = AuditSpec(
        label=label,
        sensitive=tuple(sensitive),
        prediction=prediction,
        score=score,
        threshold=threshold,
        positive=None if positive is None else str(positive),
        intersectional=intersectional,
        max_difference=max_difference,
        min_ratio=min_ratio,
        min_group_size=min_group_size,
        reference=str(reference),
        n_boot=n_boot,
        seed=seed,
        level=level,
        strict=strict,
    )
    return run_audit(spec, TableSource(frame, name=file or "data", sha256=input_sha256))


def audit_arrays(
    y_true: np.ndarray,
    y_pred: np.ndarray,
    sensitive_features: pd.DataFrame | pd.Series,
    **options: Any,
) -> AuditResult:
    """Audit arrays of booleans (e.g. after filtering) with a table of sensitive features.

    Raises
    ------
    InputError
        When the arrays and the sensitive features differ in length.
    """
    features = sensitive_features.to_frame() if isinstance(sensitive_features, pd.Series) else sensitive_features
    lengths = {"label": len(y_true), "prediction": len(y_pred), "sensitive features": len(features)}
    if len(set(lengths.values())) > 1:
        raise InputError(
            "the label, prediction and sensitive columns have different lengths",
            expected="the same number of rows in each",
            found=", ".join(f"{k} {v:,}" for k, v in lengths.items()),
        )
    frame = features.reset_index(drop=True).copy()
    frame["__label"] = np.asarray(y_true).astype(int)
    frame["__prediction"] = np.asarray(y_pred).astype(int)
    return audit(
        frame,
        label="__label",
        prediction="__prediction",
        sensitive=[str(c) for c in features.columns],
        **options,
    )
