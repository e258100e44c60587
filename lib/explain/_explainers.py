"""Computing SHAP values with the explainer that is exact and fast for the model.

Trees get ``TreeExplainer`` (exact, path-dependent), linear models get
``LinearExplainer`` (exact for independent features), anything else gets the
``PermutationExplainer`` over a small background sample. Pipelines are split:
the preprocessing steps transform the rows, and the last step is explained on
the transformed frame, with the transformed feature names kept.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import is_classifier

from lib.errors import InputError

with warnings.catch_warnings():
    # shap announces future API changes at import; they are not ours to act on.
    warnings.filterwarnings("ignore", category=PendingDeprecationWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="shap")
    import shap

Progress = Callable[[float, str], None]
# Rows per TreeExplainer call, so a long run can report progress.
_CHUNK = 20_000
# The permutation explainer calls the model hundreds of times per row.
PERMUTATION_ROWS = 300
BACKGROUND_ROWS = 50

_TREE_TYPES = (
    "HistGradientBoostingClassifier",
    "HistGradientBoostingRegressor",
    "RandomForestClassifier",
    "RandomForestRegressor",
    "ExtraTreesClassifier",
    "ExtraTreesRegressor",
    "GradientBoostingClassifier",
    "GradientBoostingRegressor",
    "DecisionTreeClassifier",
    "DecisionTreeRegressor",
)
# Tree models whose raw tree output is a margin (log-odds) rather than a probability.
_MARGIN_TREES = ("HistGradientBoostingClassifier", "GradientBoostingClassifier")


@dataclass(frozen=True)
class ShapValues:
    """SHAP values for some rows, in a stated output space.

    Attributes
    ----------
    values : numpy.ndarray
        Rows x features.
    base_value : float
        The expected model output the values start from.
    model_output : numpy.ndarray
        The model's own output for each row, in ``output_space``.
    features : tuple of str
        Names of the explained (possibly transformed) features.
    explainer : str
        ``tree``, ``linear`` or ``permutation``.
    output_space : str
        ``log-odds``, ``probability`` or ``raw``.
    background_rows : int
        Background sample size (0 for path-dependent tree explanations).
    """

    values: np.ndarray
    base_value: float
    model_output: np.ndarray
    features: tuple[str, ...]
    explainer: str
    output_space: str
    background_rows: int = 0


def split_pipeline(model: Any, x: pd.DataFrame) -> tuple[Any, pd.DataFrame]:
    """Return the last step of a pipeline and ``x`` transformed by the steps before it."""
    if not hasattr(model, "steps"):
        return model, x
    final = model.steps[-1][1]
    if len(model.steps) == 1:
        return final, x
    pre = model[:-1]
    transformed = pre.transform(x)
    if hasattr(transformed, "toarray"):
        transformed = transformed.toarray()
    if isinstance(transformed, pd.DataFrame):
        return final, transformed.astype(float)
    try:
        names = [str(n) for n in pre.get_feature_names_out()]
    except (AttributeError, ValueError, TypeError):
        names = [f"x{i}" for i in range(np.shape(transformed)[1])]
    if len(names) != np.shape(transformed)[1]:
        names = [f"x{i}" for i in range(np.shape(transformed)[1])]
    return final, pd.DataFrame(np.asarray(transformed, dtype=float), index=x.index, columns=names)


def explainer_kind(final: Any) -> str:
    """``tree``, ``linear`` or ``permutation`` for a fitted estimator."""
    name = type(final).__name__
    if name in _TREE_TYPES:
        return "tree"
    coef = getattr(final, "coef_", ())
    one_output = np.ndim(coef) == 1 or np.shape(coef)[:1] == (1,)
    if hasattr(final, "coef_") and hasattr(final, "intercept_") and one_output:
        return "linear"
    return "permutation"


def output_space_of(final: Any, kind: str) -> str:
    """The space SHAP values add up in for this estimator and explainer."""
    if not is_classifier(final):
        return "raw"
    if kind == "tree":
        return "log-odds" if type(final).__name__ in _MARGIN_TREES else "probability"
    return "log-odds" if kind == "linear" else "probability"


def model_output(final: Any, x: pd.DataFrame, *, space: str) -> np.ndarray:
    """The estimator's output in ``space`` (positive class for classifiers)."""
    if not hasattr(final, "feature_names_in_"):
        # Fitted on a bare array (e.g. after a scaler): hand it one, without names.
        x = np.asarray(x, dtype=float)
    if space == "log-odds":
        return np.asarray(final.decision_function(x), dtype=float).ravel()
    if space == "probability":
        return np.asarray(final.predict_proba(x), dtype=float)[:, 1]
    return np.asarray(final.predict(x), dtype=float).ravel()


def stratified_sample(strata: np.ndarray, size: int, *, seed: int) -> np.ndarray:
    """Positions of ``size`` rows drawn so each stratum keeps its share (at least one row).

    Returns sorted positions; all positions when ``size`` covers every row.
    """
    n = len(strata)
    if size >= n:
        return np.arange(n)
    rng = np.random.default_rng(seed)
    _, inverse, counts = np.unique(strata, return_inverse=True, return_counts=True)
    quotas = np.maximum(1, np.floor(counts * size / n).astype(int))
    # Hand out rows lost to rounding to the largest strata first.
    for i in np.argsort(-counts):
        if quotas.sum() >= size:
            break
        if quotas[i] < counts[i]:
            quotas[i] += 1
    chosen = [
        rng.choice(np.flatnonzero(inverse == i), size=min(q, c), replace=False)
        for i, (q, c) in enumerate(zip(quotas, counts, strict=True))
    ]
    return np.sort(np.concatenate(chosen))


def strata_for(values: np.ndarray, *, bins: int = 10) -> np.ndarray:
    """Strata for sampling: the values themselves when few, else their deciles."""
    values = np.asarray(values)
    if len(np.unique(values)) <= bins:
        return values
    edges = np.quantile(values, np.linspace(0, 1, bins + 1)[1:-1])
    return np.searchsorted(edges, values)


def compute_shap(
    model: Any,
    x: pd.DataFrame,
    *,
    background: pd.DataFrame | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> ShapValues:
    """SHAP values of ``model`` for the rows of ``x``.

    Parameters
    ----------
    model : estimator or Pipeline
        A fitted scikit-learn model; a pipeline is explained through its last step.
    x : pandas.DataFrame
        The rows to explain, as the model expects them.
    background : pandas.DataFrame, optional
        Rows standing for "typical" data (linear and permutation explainers);
        defaults to ``x``.
    seed : int
        Seed for the background sample.
    progress : callable, optional
        Called with (fraction done, message).

    Raises
    ------
    InputError
        For a classifier with more than two classes.
    """
    final, xt = split_pipeline(model, x)
    if is_classifier(final) and len(getattr(final, "classes_", [0, 1])) != 2:
        raise InputError(
            "explanations here cover two-class classifiers and regressions",
            expected="a model with two classes",
            found=f"{len(final.classes_)} classes",
        )
    kind = explainer_kind(final)
    space = output_space_of(final, kind)
    report = progress or (lambda fraction, message: None)
    features = tuple(str(c) for c in xt.columns)
    if kind == "tree":
        explainer = shap.TreeExplainer(final)
        parts = []
        for start in range(0, len(xt), _CHUNK):
            report(start / max(len(xt), 1), f"Explaining rows {start + 1:,} to {min(start + _CHUNK, len(xt)):,}")
            raw = np.asarray(explainer.shap_values(xt.iloc[start : start + _CHUNK], check_additivity=False))
            parts.append(raw)
        values = np.concatenate(parts) if parts else np.zeros((0, len(features)))
        bases = np.asarray(explainer.expected_value, dtype=float).ravel()
        if values.ndim == 3:  # one slice per class: keep the positive class
            values, bases = values[:, :, 1], bases[1:]
        report(1.0, "Done")
        return ShapValues(values, float(bases[0]), model_output(final, xt, space=space), features, kind, space)
    _, back = split_pipeline(model, background if background is not None else x)
    if kind == "linear":
        masker = shap.maskers.Independent(back, max_samples=len(back))
        explainer = shap.LinearExplainer(final, masker)
        values = np.asarray(explainer.shap_values(xt), dtype=float)
        linear_base = float(np.ravel(explainer.expected_value)[0])
        report(1.0, "Done")
        return ShapValues(values, linear_base, model_output(final, xt, space=space), features, kind, space, len(back))
    rng = np.random.default_rng(seed)
    summary = back.iloc[rng.choice(len(back), size=min(BACKGROUND_ROWS, len(back)), replace=False)]

    def predict(rows: np.ndarray) -> np.ndarray:
        return model_output(final, pd.DataFrame(rows, columns=list(xt.columns)), space=space)

    explainer = shap.PermutationExplainer(
        predict, shap.maskers.Independent(summary, max_samples=len(summary)), seed=seed
    )
    # Each permutation costs 2p + 1 model calls per row over the background; a
    # few permutations already add up exactly (the sampling noise is in how the
    # total is shared out), so keep the count small and state the background.
    max_evals = 5 * (2 * len(features) + 1)
    parts, starts = [], []
    step = 25
    for start in range(0, len(xt), step):
        report(start / max(len(xt), 1), f"Explaining rows {start + 1:,} to {min(start + step, len(xt)):,}")
        out = explainer(xt.iloc[start : start + step].to_numpy(dtype=float), max_evals=max_evals, silent=True)
        parts.append(np.asarray(out.values, dtype=float))
        starts.append(np.asarray(out.base_values, dtype=float).ravel())
    report(1.0, "Done")
    values = np.concatenate(parts)
    base = float(np.concatenate(starts)[0])
    return ShapValues(values, base, model_output(final, xt, space=space), features, kind, space, len(summary))
