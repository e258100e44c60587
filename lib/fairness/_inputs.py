"""Reading an audit's columns: labels, predictions or thresholded scores, groups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.data import binary_labels, check_probabilities, require_columns
from lib.errors import InputError
from lib.fairness._counts import GroupCodes, encode_groups


@dataclass(frozen=True)
class AuditInputs:
    """The arrays an audit counts, plus what was noticed while reading them."""

    y_true: np.ndarray
    y_pred: np.ndarray
    scores: np.ndarray | None
    groups: GroupCodes
    threshold: float | None
    # How many rows each row stands for, when the rows are a log's distinct values counted by a database.
    weights: np.ndarray | None = None


def binary_column(
    series: pd.Series, *, positive: object = None, what: str, file: str | None, column: str
) -> np.ndarray:
    """A two-valued column as booleans (see :func:`lib.data.binary_labels`)."""
    return binary_labels(series, positive=positive, file=file, column=column, what=what)


def _score_values(series: pd.Series, *, threshold: float | None, file: str | None, column: str) -> np.ndarray:
    if threshold is None:
        return check_probabilities(series, file=file, column=column)
    if not np.isfinite(threshold):
        raise InputError("the threshold must be a finite number", file=file, column=column, found=str(threshold))
    values = pd.to_numeric(series, errors="coerce")
    bad = int(values.isna().sum())
    if bad:
        raise InputError(
            "scores must be numbers in every row",
            file=file,
            column=column,
            expected="a numeric score in every row",
            found=f"{bad:,} empty or non-numeric values",
        )
    scores = values.to_numpy(dtype=float)
    if scores.size and scores.min() >= 0.0 and scores.max() <= 1.0 and not 0.0 <= threshold <= 1.0:
        raise InputError(
            "the threshold is outside the scores' range",
            file=file,
            column=column,
            expected="a threshold from 0 to 1 for scores that lie in [0, 1]",
            found=f"{threshold:g}",
        )
    return scores


def _prediction_positive(series: pd.Series, positive: object) -> object:
    """Use the label's positive value for predictions when they share it."""
    if positive is None:
        return None
    wanted = str(positive).strip().lower()
    seen = {str(v).strip().lower() for v in pd.unique(series.dropna())[:3]}
    return positive if wanted in seen else None


def read_audit_inputs(
    frame: pd.DataFrame,
    *,
    label: str,
    sensitive: Sequence[str],
    prediction: str | None = None,
    score: str | None = None,
    threshold: float | None = None,
    positive: object = None,
    file: str | None = None,
) -> AuditInputs:
    """Validate the chosen columns and turn them into arrays.

    Raises
    ------
    InputError
        On a missing column, a label or prediction that is not binary, scores
        outside [0, 1] without a threshold, no sensitive column, or a sensitive
        column with too many values.
    """
    if (prediction is None) == (score is None):
        raise InputError(
            "give either a prediction column or a score column",
            file=file,
            expected="exactly one of a prediction or a score column",
            found="both" if prediction else "neither",
        )
    if not sensitive:
        raise InputError("choose at least one sensitive column", file=file, expected="a column such as sex or race")
    require_columns(frame, [label, prediction, score, *sensitive], file=file, purpose="audit")
    overlap = {label, prediction, score} & set(sensitive)
    if overlap:
        raise InputError(
            "a column cannot be both an outcome and a sensitive attribute",
            file=file,
            column=sorted(c for c in overlap if c)[0],
        )
    y_true = binary_column(frame[label], positive=positive, what="label", file=file, column=label)
    scores = None
    if prediction is not None:
        y_pred = binary_column(
            frame[prediction],
            positive=_prediction_positive(frame[prediction], positive),
            what="prediction",
            file=file,
            column=prediction,
        )
    else:
        scores = _score_values(frame[score], threshold=threshold, file=file, column=str(score))
        threshold = 0.5 if threshold is None else float(threshold)
        y_pred = scores >= threshold
    groups = encode_groups(frame, sensitive, file=file)
    return AuditInputs(y_true=y_true, y_pred=y_pred, scores=scores, groups=groups, threshold=threshold)


def sanity_notes(inputs: AuditInputs, *, label: str, prediction: str | None, score: str | None) -> list[str]:
    """Warnings that the audit may be comparing the model with itself.

    A label that equals the prediction in every row (accuracy 1), or that is a
    threshold of the score (the two classes' scores do not overlap), usually means
    the model's output was taken for the real outcome; every error-rate disparity
    is then 0 and the gate passes for the wrong reason.

    Returns
    -------
    list of str
    """
    notes = []
    output = prediction or score
    if inputs.y_true.size and bool((inputs.y_true == inputs.y_pred).all()):
        notes.append(
            f"Warning: the label '{label}' equals the model's output '{output}' in every row (accuracy 1.0). "
            "The audit then compares the model with itself; choose the real outcome as the label."
        )
    elif inputs.y_true.size and bool((inputs.y_true != inputs.y_pred).all()):
        notes.append(
            f"Warning: the label '{label}' is the model's output '{output}' inverted in every row (accuracy 0.0); "
            "check which column holds the real outcome and which value is positive."
        )
    if inputs.scores is not None and inputs.y_true.any() and not inputs.y_true.all():
        positives, negatives = inputs.scores[inputs.y_true], inputs.scores[~inputs.y_true]
        if positives.min() > negatives.max() or positives.max() < negatives.min():
            notes.append(
                f"Warning: the label '{label}' is a threshold of the score '{score}' (the two classes' scores do "
                "not overlap), so it is likely derived from the model, not observed; choose the real outcome."
            )
    return notes
