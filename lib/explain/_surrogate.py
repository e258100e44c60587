"""Explaining outputs without a model: a surrogate fitted to them, and how faithful it is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score

from lib.explain._training import TrainedModel, infer_task, train_model


def fidelity_scores(outputs: np.ndarray, estimator: Any, x: pd.DataFrame, *, task: str) -> dict[str, float]:
    """How well the surrogate reproduces the outputs: R² for scores, accuracy and AUC for labels."""
    if task == "regression":
        if len(outputs) < 2 or np.ptp(outputs) == 0:
            return {"r2": float("nan")}
        return {"r2": float(r2_score(outputs, estimator.predict(x)))}
    scores = {"accuracy": float(accuracy_score(outputs, estimator.predict(x)))}
    if len(np.unique(outputs)) == 2:
        scores["auc"] = float(roc_auc_score(outputs, estimator.predict_proba(x)[:, 1]))
    return scores


def fit_surrogate(
    frame: pd.DataFrame,
    *,
    outputs: str,
    features: Sequence[str],
    fidelity_by: str | None = None,
    seed: int = 0,
    file: str | None = None,
) -> tuple[TrainedModel, dict[str, Any]]:
    """Fit gradient boosting to a column of model outputs and measure its fidelity on held-out rows.

    Scores (many numeric values) are fitted by regression, labels (two values)
    by classification; fidelity is reported overall and per group of
    ``fidelity_by``.
    """
    task = infer_task(frame[outputs])
    trained = train_model(frame, target=outputs, features=features, model="hgb", task=task, seed=seed, file=file)
    metric = "r2" if trained.task == "regression" else "accuracy"
    x_test = trained.x.loc[list(trained.test_index)]
    truth = trained_target(trained, frame.loc[x_test.index, outputs])
    fidelity: dict[str, Any] = {
        "metric": metric,
        "measured_on": f"{len(x_test):,} held-out rows",
        "overall": fidelity_scores(truth, trained.estimator, x_test, task=trained.task),
        "by_group": {},
        "group_column": fidelity_by,
    }
    if fidelity_by:
        labels = frame.loc[x_test.index, fidelity_by].astype("string").fillna("(missing)")
        for label in sorted(labels.unique()):
            mask = (labels == label).to_numpy()
            fidelity["by_group"][str(label)] = {
                **fidelity_scores(truth[mask], trained.estimator, x_test[mask], task=trained.task),
                "rows": int(mask.sum()),
            }
    return trained, fidelity


def trained_target(trained: TrainedModel, series: pd.Series) -> np.ndarray:
    """The outputs coded the way the surrogate was fitted (0/1 for labels)."""
    if trained.task == "regression":
        return series.to_numpy(dtype=float)
    return (series.astype("string") == trained.classes[1]).to_numpy(dtype=int)
