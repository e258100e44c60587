"""Training a model here: target checks, a seeded holdout split, fitting and metrics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, mean_absolute_error, r2_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from lib.data import show_value
from lib.errors import InputError
from lib.explain._features import FeatureEncoder, fit_encoder
from lib.explain._specs import ModelFamily, Task

MODEL_NAMES = {
    "hgb": "HistGradientBoosting",
    "rf": "RandomForest",
    "linear": "linear (logistic or least squares)",
}
# A numeric target with at most this many distinct values is read as classes.
_MAX_CLASS_VALUES = 2


@dataclass(frozen=True)
class Target:
    """A checked target: numbers for regression or 0/1 for classification."""

    values: np.ndarray
    task: Task
    classes: tuple[str, ...] = ()

    @property
    def positive(self) -> str | None:
        """The class whose probability the model explains."""
        return self.classes[1] if self.task == "classification" else None


def infer_task(series: pd.Series) -> Task:
    """Two values mean classification; more numbers mean regression."""
    distinct = series.dropna().nunique()
    if distinct <= _MAX_CLASS_VALUES or not pd.api.types.is_numeric_dtype(series):
        return "classification"
    return "regression"


def prepare_target(
    series: pd.Series,
    *,
    task: Task | None = None,
    positive: object = None,
    file: str | None = None,
    what: str = "target",
) -> Target:
    """Check a target column and code it for fitting.

    Raises
    ------
    InputError
        One class only, more than two classes, a continuous target given to a
        classifier, text given to a regression, or an unknown positive value.
    """
    column = str(series.name)
    values = series.dropna()
    if values.empty:
        raise InputError(f"the {what} column is empty", file=file, column=column, expected="values in some rows")
    distinct = values.nunique()
    chosen = task or infer_task(series)
    if chosen == "regression":
        numbers = pd.to_numeric(values, errors="coerce")
        if numbers.isna().any() or not pd.api.types.is_numeric_dtype(series):
            raise InputError(
                f"a regression needs a numeric {what}",
                file=file,
                column=column,
                expected="numbers",
                found=f"text such as {show_value(values[numbers.isna()].iloc[0])}",
            )
        if distinct < 2:
            raise InputError(f"the {what} never varies", file=file, column=column, expected="at least two values")
        return Target(series.to_numpy(dtype=float), "regression")
    if distinct < 2:
        raise InputError(
            f"the {what} has only one class",
            file=file,
            column=column,
            expected="two classes to tell apart",
            found=f"every row is {show_value(values.iloc[0])}",
        )
    if distinct > 2:
        continuous = pd.api.types.is_float_dtype(series) and distinct > 10
        raise InputError(
            f"a classifier needs a two-class {what}"
            + (" but this looks like a regression target" if continuous else ""),
            file=file,
            column=column,
            expected="exactly two distinct values" + (" (choose a regression instead)" if continuous else ""),
            found=f"{distinct:,} distinct values",
        )
    text = series.astype("string").astype(object)
    classes = sorted(str(v) for v in values.astype("string").unique())
    if positive is not None:
        if str(positive) not in classes:
            raise InputError(
                "the chosen positive class is not in the target",
                file=file,
                column=column,
                expected="one of " + ", ".join(repr(c) for c in classes),
                found=repr(positive),
            )
        classes = [c for c in classes if c != str(positive)] + [str(positive)]
    coded = np.where(series.isna(), np.nan, (text == classes[1]).to_numpy(dtype=float))
    return Target(coded.astype(float), "classification", tuple(classes))


def make_estimator(model: ModelFamily, task: Task, *, seed: int) -> Any:
    """The scikit-learn estimator for a family and task, seeded."""
    if model == "hgb":
        cls = HistGradientBoostingClassifier if task == "classification" else HistGradientBoostingRegressor
        return cls(random_state=seed)
    if model == "rf":
        cls = RandomForestClassifier if task == "classification" else RandomForestRegressor
        # Shallow-ish forests keep TreeExplainer fast on 100,000 rows.
        return cls(n_estimators=100, min_samples_leaf=5, max_depth=12, n_jobs=1, random_state=seed)
    if model == "linear":
        # Standardising first helps the solver; SHAP values are unchanged by it
        # because the explainer works on the last step with the scaled frame.
        final = LogisticRegression(max_iter=1000) if task == "classification" else LinearRegression()
        return Pipeline([("scale", StandardScaler()), ("model", final)])
    raise InputError("unknown model family", expected="hgb, rf or linear", found=repr(model))


def holdout_metrics(estimator: Any, x: pd.DataFrame, y: np.ndarray, *, task: Task) -> dict[str, float]:
    """AUC, accuracy and F1 for classification; R² and MAE for regression."""
    if task == "classification":
        # Compare as 0/1 for the positive class, whatever labels the model predicts.
        positive = str(estimator.classes_[-1])
        predicted = (np.asarray(estimator.predict(x)).astype(str) == positive).astype(int)
        metrics = {"accuracy": float(accuracy_score(y, predicted)), "f1": float(f1_score(y, predicted))}
        if len(np.unique(y)) == 2:
            metrics["auc"] = float(roc_auc_score(y, estimator.predict_proba(x)[:, 1]))
        return metrics
    predicted = estimator.predict(x)
    return {"r2": float(r2_score(y, predicted)), "mae": float(mean_absolute_error(y, predicted))}


def _refuse_infinite(rows: pd.DataFrame, columns: Sequence[str], *, model: ModelFamily, file: str | None) -> None:
    # Forests and linear models cannot split on or multiply by infinity; gradient boosting
    # bins it with the largest values, so only these two families refuse it.
    for column in columns:
        numbers = pd.to_numeric(rows[column], errors="coerce").to_numpy(dtype=float)
        infinite = int(np.isinf(numbers).sum())
        if infinite:
            raise InputError(
                f"a feature holds infinite values, which a {MODEL_NAMES[model]} model cannot use",
                file=file,
                column=column,
                expected="finite numbers (replace them, leave the column out, or choose gradient boosting)",
                found=f"{infinite:,} infinite values",
            )


@dataclass(frozen=True)
class TrainedModel:
    """A model fitted here on encoded features, with its holdout metrics."""

    estimator: Any
    encoder: FeatureEncoder
    task: Task
    family: ModelFamily
    target: str
    classes: tuple[str, ...]
    metrics: dict[str, float]
    n_train: int
    n_test: int
    notes: tuple[str, ...]
    test_index: tuple[object, ...] = ()
    x: pd.DataFrame = field(default_factory=pd.DataFrame)


def train_model(
    frame: pd.DataFrame,
    *,
    target: str,
    features: Sequence[str],
    model: ModelFamily = "hgb",
    task: Task | None = None,
    positive: object = None,
    test_size: float = 0.25,
    seed: int = 0,
    file: str | None = None,
) -> TrainedModel:
    """Fit a model on a seeded training split and score it on the holdout.

    Rows with a missing target are left out (with a note). Categorical
    features are ordinal-coded for trees and one-hot coded for linear models.
    """
    checked = prepare_target(frame[target], task=task, positive=positive, file=file)
    keep = ~np.isnan(checked.values)
    notes: list[str] = []
    if not keep.all():
        notes.append(f"Left out {int((~keep).sum()):,} rows with no target value.")
    rows = frame.loc[keep]
    y = checked.values[keep]
    if checked.task == "classification":
        y = y.astype(int)
    encoder, encoder_notes = fit_encoder(
        rows, features, encoding="onehot" if model == "linear" else "ordinal", file=file
    )
    notes += encoder_notes
    if model in ("rf", "linear"):
        _refuse_infinite(rows, encoder.numeric, model=model, file=file)
    x = encoder.transform(rows)
    stratify = y if checked.task == "classification" and np.bincount(y).min() >= 2 else None
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=test_size, random_state=seed, stratify=stratify)
    estimator = make_estimator(model, checked.task, seed=seed)
    estimator.fit(x_train, y_train)
    metrics = holdout_metrics(estimator, x_test, y_test, task=checked.task)
    return TrainedModel(
        estimator=estimator,
        encoder=encoder,
        task=checked.task,
        family=model,
        target=target,
        classes=checked.classes,
        metrics=metrics,
        n_train=len(x_train),
        n_test=len(x_test),
        notes=tuple(notes),
        test_index=tuple(x_test.index),
        x=x,
    )
