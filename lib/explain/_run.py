"""The three ways in: train here, an uploaded model, or outputs alone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import is_classifier

from lib.data import ColumnRoles
from lib.explain._explainers import (
    PERMUTATION_ROWS,
    Progress,
    compute_shap,
    explainer_kind,
    split_pipeline,
    strata_for,
    stratified_sample,
)
from lib.explain._features import FeatureEncoder, default_features
from lib.explain._results import ExplanationResult
from lib.explain._surrogate import fit_surrogate
from lib.explain._training import MODEL_NAMES, ModelFamily, Task, holdout_metrics, prepare_target, train_model
from lib.provenance import make_provenance

DEFAULT_MAX_ROWS = 100_000


def _row_ids(frame: pd.DataFrame, roles: ColumnRoles | None) -> tuple[np.ndarray, str | None]:
    if roles is not None and roles.id and roles.id in frame.columns:
        return frame[roles.id].to_numpy(), roles.id
    return np.arange(len(frame)), None


def _sample_rows(strata: np.ndarray, *, cap: int, seed: int) -> np.ndarray:
    return stratified_sample(strata_for(strata), cap, seed=seed)


def _group_values(values: np.ndarray, encoder: FeatureEncoder) -> tuple[np.ndarray, tuple[str, ...]]:
    """Sum the SHAP values of a feature's encoded columns (one-hot) back into one value."""
    groups = encoder.groups
    summed = np.column_stack([values[:, positions].sum(axis=1) for positions in groups.values()])
    return summed, tuple(groups)


def _finish(
    *,
    shap_values: Any,
    encoder: FeatureEncoder | None,
    task: str,
    model_name: str,
    rows: pd.DataFrame,
    positions: np.ndarray,
    frame: pd.DataFrame,
    roles: ColumnRoles | None,
    metrics: dict[str, float],
    fidelity: dict[str, Any] | None,
    notes: list[str],
    parameters: dict[str, Any],
    seed: int,
    file: str | None,
    sha256: str | None,
    transformed: pd.DataFrame | None = None,
) -> ExplanationResult:
    values, features = shap_values.values, shap_values.features
    if encoder is not None and encoder.encoding == "onehot":
        values, features = _group_values(values, encoder)
    ids, id_column = _row_ids(frame, roles)
    display = rows.reset_index(drop=True)
    if transformed is not None:
        # Features a pipeline created (e.g. one-hot columns) are shown with their transformed values.
        extra = transformed.reset_index(drop=True)
        display = display.assign(**{c: extra[c] for c in features if c not in display.columns and c in extra})
    return ExplanationResult(
        task=task,
        model=model_name,
        explainer=shap_values.explainer,
        output_space=shap_values.output_space,
        features=tuple(features),
        values=np.asarray(values, dtype=float),
        base_value=float(shap_values.base_value),
        model_output=np.asarray(shap_values.model_output, dtype=float),
        row_ids=ids[positions],
        data=display[[c for c in features if c in display.columns]],
        metrics=metrics,
        fidelity=fidelity,
        notes=tuple(notes),
        n_rows=len(frame),
        background_rows=shap_values.background_rows,
        provenance=make_provenance(parameters=parameters, input_sha256=sha256, input_name=file, seed=seed),
        id_column=id_column,
        positions=np.asarray(positions),
    )


def _choose_rows(
    frame: pd.DataFrame, strata: np.ndarray, *, kind: str, max_rows: int | None, seed: int, notes: list[str]
) -> np.ndarray:
    cap = min(max_rows or DEFAULT_MAX_ROWS, DEFAULT_MAX_ROWS)
    if kind == "permutation":
        cap = min(cap, PERMUTATION_ROWS)
    positions = _sample_rows(strata, cap=cap, seed=seed)
    if len(positions) < len(frame):
        why = "the permutation explainer is slow" if kind == "permutation" and cap == PERMUTATION_ROWS else "--max-rows"
        notes.append(
            f"Explained a stratified sample of {len(positions):,} of {len(frame):,} rows ({why}); "
            "each class or output decile keeps its share."
        )
    return positions


def _features_or_default(
    frame: pd.DataFrame, features: Sequence[str] | None, exclude: Sequence[str | None], roles: ColumnRoles | None
) -> tuple[list[str], list[str]]:
    if features:
        return list(features), []
    return default_features(frame, exclude=exclude, roles=roles)


def explain_trained(
    frame: pd.DataFrame,
    *,
    target: str,
    model: ModelFamily = "hgb",
    features: Sequence[str] | None = None,
    task: Task | None = None,
    positive: object = None,
    roles: ColumnRoles | None = None,
    max_rows: int | None = None,
    seed: int = 0,
    file: str | None = None,
    sha256: str | None = None,
    progress: Progress | None = None,
) -> ExplanationResult:
    """Train a model here and explain it on the data's rows (way in 1)."""
    _require(frame, [target], file=file)
    chosen, notes = _features_or_default(frame, features, [target], roles)
    chosen = [c for c in chosen if c != target]
    trained = train_model(
        frame, target=target, features=chosen, model=model, task=task, positive=positive, seed=seed, file=file
    )
    notes += list(trained.notes)
    kept = frame.loc[trained.x.index]
    strata = trained.estimator.predict(trained.x) if trained.task == "regression" else None
    target_codes = prepare_target(kept[target], task=trained.task, positive=positive, file=file).values
    kind = explainer_kind(split_pipeline(trained.estimator, trained.x.head(1))[0])
    positions = _choose_rows(
        kept, target_codes if strata is None else strata, kind=kind, max_rows=max_rows, seed=seed, notes=notes
    )
    x_rows = trained.x.iloc[positions]
    background = trained.x.loc[list(set(trained.x.index) - set(trained.test_index))]
    values = compute_shap(trained.estimator, x_rows, background=background, seed=seed, progress=progress)
    parameters = {
        "way_in": "train",
        "target": target,
        "model": model,
        "features": chosen,
        "task": trained.task,
        "positive_class": trained.classes[1] if trained.classes else None,
        "max_rows": max_rows,
        "holdout_rows": trained.n_test,
    }
    return _finish(
        shap_values=values,
        encoder=trained.encoder,
        task=trained.task,
        model_name=MODEL_NAMES[model],
        rows=kept.iloc[positions],
        positions=frame.index.get_indexer(kept.index)[positions],
        frame=frame,
        roles=roles,
        metrics=trained.metrics,
        fidelity=None,
        notes=notes,
        parameters=parameters,
        seed=seed,
        file=file,
        sha256=sha256,
    )


def explain_outputs(
    frame: pd.DataFrame,
    *,
    outputs: str,
    features: Sequence[str] | None = None,
    fidelity_by: str | None = None,
    roles: ColumnRoles | None = None,
    max_rows: int | None = None,
    seed: int = 0,
    file: str | None = None,
    sha256: str | None = None,
    progress: Progress | None = None,
) -> ExplanationResult:
    """Fit a surrogate to a column of model outputs and explain the surrogate (way in 3)."""
    _require(frame, [outputs, fidelity_by], file=file)
    chosen, notes = _features_or_default(frame, features, [outputs], roles)
    chosen = [c for c in chosen if c != outputs]
    trained, fidelity = fit_surrogate(
        frame, outputs=outputs, features=chosen, fidelity_by=fidelity_by, seed=seed, file=file
    )
    notes += list(trained.notes)
    kept = frame.loc[trained.x.index]
    codes = prepare_target(kept[outputs], task=trained.task, file=file).values
    positions = _choose_rows(kept, codes, kind="tree", max_rows=max_rows, seed=seed, notes=notes)
    values = compute_shap(trained.estimator, trained.x.iloc[positions], seed=seed, progress=progress)
    what = "scores" if trained.task == "regression" else "labels"
    parameters = {
        "way_in": "outputs",
        "outputs": outputs,
        "features": chosen,
        "fidelity_by": fidelity_by,
        "max_rows": max_rows,
    }
    return _finish(
        shap_values=values,
        encoder=trained.encoder,
        task=trained.task,
        model_name=f"surrogate HistGradientBoosting fitted to the {what} in '{outputs}'",
        rows=kept.iloc[positions],
        positions=frame.index.get_indexer(kept.index)[positions],
        frame=frame,
        roles=roles,
        metrics={},
        fidelity=fidelity,
        notes=notes,
        parameters=parameters,
        seed=seed,
        file=file,
        sha256=sha256,
    )


def explain_uploaded(
    frame: pd.DataFrame,
    model: Any,
    *,
    target: str | None = None,
    features: Sequence[str] | None = None,
    positive: object = None,
    roles: ColumnRoles | None = None,
    max_rows: int | None = None,
    seed: int = 0,
    file: str | None = None,
    model_name: str | None = None,
    sha256: str | None = None,
    progress: Progress | None = None,
) -> ExplanationResult:
    """Explain a loaded model on the data (way in 2); metrics need ``target``."""
    from lib.explain._models import model_columns

    _require(frame, [target], file=file)
    columns = model_columns(model, frame, features=features, file=file)
    task: Task = "classification" if is_classifier(model) else "regression"
    notes: list[str] = []
    metrics: dict[str, float] = {}
    x = frame[columns]
    if target:
        checked = prepare_target(frame[target], task=task, positive=_positive_of(model, positive), file=file)
        keep = ~np.isnan(checked.values)
        metrics = holdout_metrics(
            model, x[keep], checked.values[keep].astype(int if task == "classification" else float), task=task
        )
        notes.append(
            f"Metrics are measured on the {int(keep.sum()):,} given rows with a target, not on a held-out split."
        )
    final, _ = split_pipeline(model, x.head(1))
    kind = explainer_kind(final)
    strata = np.asarray(model.predict(x))
    positions = _choose_rows(frame, strata, kind=kind, max_rows=max_rows, seed=seed, notes=notes)
    values = compute_shap(model, x.iloc[positions], background=x, seed=seed, progress=progress)
    transformed = split_pipeline(model, x.iloc[positions])[1]
    parameters = {
        "way_in": "upload",
        "model_file": model_name,
        "target": target,
        "features": columns,
        "max_rows": max_rows,
    }
    return _finish(
        shap_values=values,
        encoder=None,
        task=task,
        model_name=type(model).__name__
        if not hasattr(model, "steps")
        else "Pipeline(" + ", ".join(type(s).__name__ for _, s in model.steps) + ")",
        rows=frame.iloc[positions],
        positions=positions,
        frame=frame,
        roles=roles,
        metrics=metrics,
        fidelity=None,
        notes=notes,
        parameters=parameters,
        seed=seed,
        file=file,
        sha256=sha256,
        transformed=transformed,
    )


def _positive_of(model: Any, positive: object) -> object:
    classes = getattr(model, "classes_", None)
    if positive is None and classes is not None and len(classes) == 2:
        return str(classes[1])
    return positive


def _require(frame: pd.DataFrame, columns: Sequence[str | None], *, file: str | None) -> None:
    from lib.data import require_columns

    require_columns(frame, columns, file=file)
