"""Running an explanation spec: the three ways in (train here, an uploaded model, outputs alone), then the groups.

:func:`run_explain` is the one place that dispatches on the way in; the page, the
command line and notebooks all reach it through the ``explain`` analysis kind.
The friendly functions below it build a spec and call the same code.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import is_classifier

from lib.analysis import DataSource, FileSource, TableSource, make_provenance, provenance_for, sha256_of
from lib.data import ColumnRoles
from lib.errors import InputError
from lib.explain._explainers import (
    PERMUTATION_ROWS,
    ShapValues,
    compute_shap,
    explainer_kind,
    split_pipeline,
    strata_for,
    stratified_sample,
)
from lib.explain._features import FeatureEncoder, default_features
from lib.explain._models import load_model, model_columns
from lib.explain._results import (
    ExplanationResult,
    cohort_importance,
    explain_gap,
    explanation_result,
    group_labels,
)
from lib.explain._specs import MAX_COHORT_GROUPS, MAX_ROWS, ExplainSpec, ModelFamily, Task
from lib.explain._surrogate import fit_surrogate
from lib.explain._training import MODEL_NAMES, holdout_metrics, prepare_target, train_model
from lib.provenance import Provenance

# The most groups a cohort column may have among the explained rows: more is a
# column of identifiers or measurements, not groups to compare.


def run_explain(spec: ExplainSpec, sources: Mapping[str, DataSource]) -> ExplanationResult:
    """Run an explanation spec on its inputs (the ``explain`` kind's run).

    Parameters
    ----------
    spec : ExplainSpec
    sources : mapping
        ``data`` (a :class:`TableSource`) and, for an upload, ``model`` (a :class:`FileSource`).

    Returns
    -------
    ExplanationResult

    Raises
    ------
    InputError
        For any input the explanation cannot use, with the reason.
    """
    table = _table(sources)
    provenance = provenance_for(spec, sources)
    base = spec.without_groups()
    if spec.way_in == "train":
        result = _explain_trained(base, table, provenance)
    elif spec.way_in == "outputs":
        result = _explain_outputs(base, table, provenance)
    else:
        model_file = _model_file(spec, sources)
        model = load_model(model_file.data, model_file.name, trusted=spec.trusted)
        result = _explain_model(base, table, model, model_file=model_file.name, provenance=provenance)
    return with_groups(result, spec, table.frame)


def with_groups(result: ExplanationResult, spec: ExplainSpec, frame: pd.DataFrame) -> ExplanationResult:
    """The result with the spec's cohorts and gap computed from its per-row values (no new SHAP values).

    Parameters
    ----------
    result : ExplanationResult
        A fresh result of ``spec`` with or without its groups (it must have its per-row values).
    spec : ExplainSpec
        The spec whose ``cohort``, ``gap_a`` and ``gap_b`` are wanted.
    frame : pandas.DataFrame
        The table the result was made from.

    Returns
    -------
    ExplanationResult
        Its provenance records ``spec``.

    Raises
    ------
    InputError
        For a missing column, too many groups, or a gap group with no explained rows.
    """
    made_from = ExplainSpec.from_dict(result.provenance.parameters).without_groups()
    if made_from != spec.without_groups():
        raise ValueError("the result was made from another explanation spec")
    cohorts = gap = None
    if spec.cohort is not None:
        _require(frame, [spec.cohort], file=result.provenance.input_name)
        if not result.has_rows or result.positions is None:
            raise InputError(
                "comparing groups needs each row's SHAP values, which a saved result does not keep",
                expected="a fresh run of the explanation",
            )
        labels = group_labels(result.column_for_rows(frame, spec.cohort))
        count = len(set(labels))
        if count > MAX_COHORT_GROUPS:
            raise InputError(
                "the cohort column has too many groups to compare",
                file=result.provenance.input_name,
                column=spec.cohort,
                expected=f"at most {MAX_COHORT_GROUPS} groups among the explained rows",
                found=f"{count:,} groups",
            )
        values = result.per_row().values
        cohorts = cohort_importance(values, result.features, labels, column=spec.cohort)
        if spec.gap_a is not None:
            gap = explain_gap(
                values,
                result.features,
                result.base_value,
                labels,
                group_a=spec.gap_a,
                group_b=spec.gap_b,
                column=spec.cohort,
            )
    provenance = dataclasses.replace(result.provenance, parameters=spec.to_dict())
    return dataclasses.replace(result, cohorts=cohorts, gap=gap, provenance=provenance)


def _table(sources: Mapping[str, DataSource]) -> TableSource:
    source = sources["data"]
    if not isinstance(source, TableSource):
        raise InputError("the data input must be a table", file=source.name)
    return source


def _roles(table: TableSource) -> ColumnRoles | None:
    return table.roles if isinstance(table.roles, ColumnRoles) else None


def _model_file(spec: ExplainSpec, sources: Mapping[str, DataSource]) -> FileSource:
    source = sources["model"]
    if not isinstance(source, FileSource):
        raise InputError("the model input must be a file", file=source.name, expected="a .skops file")
    if spec.model_sha256 is not None:
        # Hash the bytes that will be loaded: approvals belong to one file, never to a name.
        actual = sha256_of(source.data)
        if actual != spec.model_sha256:
            raise InputError(
                "the approved types were given for another model file",
                file=source.name,
                expected=f"the file with sha256 {spec.model_sha256} (approve this file's types on their own)",
                found=f"sha256 {actual}",
            )
    return source


def _row_ids(frame: pd.DataFrame, spec: ExplainSpec, roles: ColumnRoles | None) -> tuple[np.ndarray, str | None]:
    column = spec.id_column or (roles.id if roles is not None else None)
    if column and column in frame.columns:
        return frame[column].to_numpy(), column
    return np.arange(len(frame)), None


def _choose_rows(frame: pd.DataFrame, strata: np.ndarray, *, kind: str, spec: ExplainSpec, notes: list[str]) -> Any:
    cap = spec.max_rows
    if kind == "permutation":
        cap = min(cap, PERMUTATION_ROWS)
    positions = stratified_sample(strata_for(strata), cap, seed=spec.seed)
    if len(positions) < len(frame):
        why = (
            "the permutation explainer is slow"
            if kind == "permutation" and cap == PERMUTATION_ROWS
            else f"the limit of {spec.max_rows:,} rows"
        )
        notes.append(
            f"Explained a stratified sample of {len(positions):,} of {len(frame):,} rows ({why}); "
            "each class or output decile keeps its share."
        )
    return positions


def _features(
    frame: pd.DataFrame, spec: ExplainSpec, exclude: Sequence[str | None], roles: ColumnRoles | None
) -> tuple[list[str], list[str]]:
    if spec.features:
        chosen, notes = [c for c in spec.features if c not in exclude], list[str]()
    else:
        chosen, notes = default_features(frame, exclude=exclude, roles=roles)
    return chosen, notes + sensitive_feature_notes(chosen, roles)


def sensitive_feature_notes(features: Sequence[str], roles: ColumnRoles | None) -> list[str]:
    """A warning when sensitive attributes are among a model's features.

    Parameters
    ----------
    features : sequence of str
    roles : ColumnRoles or None

    Returns
    -------
    list of str
        One warning naming the sensitive features, or nothing.
    """
    sensitive = [c for c in features if roles is not None and c in roles.sensitive]
    if not sensitive:
        return []
    return [
        f"Warning: sensitive attributes are among the features ({', '.join(sensitive)}). Their SHAP values show "
        "how much the model leans on them directly; leave them out to see a model without them (proxies such as "
        "postcode or first name can still carry them)."
    ]


def _group_values(values: np.ndarray, encoder: FeatureEncoder) -> tuple[np.ndarray, tuple[str, ...]]:
    """Sum the SHAP values of a feature's encoded columns (one-hot) back into one value."""
    groups = encoder.groups
    summed = np.column_stack([values[:, positions].sum(axis=1) for positions in groups.values()])
    return summed, tuple(groups)


def _finish(
    *,
    shap_values: ShapValues,
    encoder: FeatureEncoder | None,
    spec: ExplainSpec,
    table: TableSource,
    task: str,
    model_name: str,
    rows: pd.DataFrame,
    positions: np.ndarray,
    metrics: dict[str, float],
    fidelity: dict[str, Any] | None,
    notes: list[str],
    provenance: Provenance,
    transformed: pd.DataFrame | None = None,
) -> ExplanationResult:
    values, features = shap_values.values, shap_values.features
    if encoder is not None and encoder.encoding == "onehot":
        values, features = _group_values(values, encoder)
    ids, id_column = _row_ids(table.frame, spec, _roles(table))
    display = rows.reset_index(drop=True)
    if transformed is not None:
        # Features a pipeline created (e.g. one-hot columns) are shown with their transformed values.
        extra = transformed.reset_index(drop=True)
        display = display.assign(**{c: extra[c] for c in features if c not in display.columns and c in extra})
    return explanation_result(
        task=task,
        model=model_name,
        explainer=shap_values.explainer,
        output_space=shap_values.output_space,
        features=features,
        values=values,
        base_value=shap_values.base_value,
        model_output=shap_values.model_output,
        row_ids=ids[positions],
        data=display[[c for c in features if c in display.columns]],
        metrics=metrics,
        fidelity=fidelity,
        notes=notes,
        n_rows=len(table.frame),
        background_rows=shap_values.background_rows,
        provenance=provenance,
        id_column=id_column,
        positions=positions,
    )


def _explain_trained(spec: ExplainSpec, table: TableSource, provenance: Provenance) -> ExplanationResult:
    frame, file, roles = table.frame, table.name, _roles(table)
    target = spec.target or ""
    _require(frame, [target, spec.id_column], file=file)
    chosen, notes = _features(frame, spec, [target], roles)
    trained = train_model(
        frame,
        target=target,
        features=chosen,
        model=spec.model,
        task=spec.task,
        positive=spec.positive,
        seed=spec.seed,
        file=file,
    )
    notes += list(trained.notes)
    kept = frame.loc[trained.x.index]
    if trained.task == "regression":
        strata = trained.estimator.predict(trained.x)
    else:
        strata = prepare_target(kept[target], task=trained.task, positive=spec.positive, file=file).values
    kind = explainer_kind(split_pipeline(trained.estimator, trained.x.head(1))[0])
    positions = _choose_rows(kept, strata, kind=kind, spec=spec, notes=notes)
    background = trained.x.loc[list(set(trained.x.index) - set(trained.test_index))]
    values = compute_shap(trained.estimator, trained.x.iloc[positions], background=background, seed=spec.seed)
    return _finish(
        shap_values=values,
        encoder=trained.encoder,
        spec=spec,
        table=table,
        task=trained.task,
        model_name=MODEL_NAMES[spec.model],
        rows=kept.iloc[positions],
        positions=frame.index.get_indexer(kept.index)[positions],
        metrics=trained.metrics,
        fidelity=None,
        notes=notes,
        provenance=provenance,
    )


def _explain_outputs(spec: ExplainSpec, table: TableSource, provenance: Provenance) -> ExplanationResult:
    frame, file, roles = table.frame, table.name, _roles(table)
    outputs = spec.outputs or ""
    _require(frame, [outputs, spec.fidelity_by, spec.id_column], file=file)
    chosen, notes = _features(frame, spec, [outputs], roles)
    trained, fidelity = fit_surrogate(
        frame, outputs=outputs, features=chosen, fidelity_by=spec.fidelity_by, seed=spec.seed, file=file
    )
    notes += list(trained.notes)
    kept = frame.loc[trained.x.index]
    codes = prepare_target(kept[outputs], task=trained.task, file=file).values
    positions = _choose_rows(kept, codes, kind="tree", spec=spec, notes=notes)
    values = compute_shap(trained.estimator, trained.x.iloc[positions], seed=spec.seed)
    what = "scores" if trained.task == "regression" else "labels"
    return _finish(
        shap_values=values,
        encoder=trained.encoder,
        spec=spec,
        table=table,
        task=trained.task,
        model_name=f"surrogate HistGradientBoosting fitted to the {what} in '{outputs}'",
        rows=kept.iloc[positions],
        positions=frame.index.get_indexer(kept.index)[positions],
        metrics={},
        fidelity=fidelity,
        notes=notes,
        provenance=provenance,
    )


def _explain_model(
    spec: ExplainSpec, table: TableSource, model: Any, *, model_file: str, provenance: Provenance
) -> ExplanationResult:
    frame, file = table.frame, table.name
    _require(frame, [spec.target, spec.id_column], file=file)
    columns = model_columns(model, frame, features=spec.features, file=file)
    task: Task = "classification" if is_classifier(model) else "regression"
    notes: list[str] = []
    x = frame[columns]
    try:
        metrics: dict[str, float] = {}
        if spec.target:
            checked = prepare_target(
                frame[spec.target], task=task, positive=_positive_of(model, spec.positive), file=file
            )
            keep = ~np.isnan(checked.values)
            metrics = holdout_metrics(
                model, x[keep], checked.values[keep].astype(int if task == "classification" else float), task=task
            )
            notes.append(
                f"Metrics are measured on the {int(keep.sum()):,} given rows with a target, not on a held-out split."
            )
        kind = explainer_kind(split_pipeline(model, x.head(1))[0])
        positions = _choose_rows(frame, np.asarray(model.predict(x)), kind=kind, spec=spec, notes=notes)
        values = compute_shap(model, x.iloc[positions], background=x, seed=spec.seed)
        transformed = split_pipeline(model, x.iloc[positions])[1]
    except InputError:
        raise
    except Exception as error:  # an uploaded model is someone else's code: its failure is bad input here
        first = (str(error).strip().splitlines() or [""])[0][:200]
        raise InputError(
            "the uploaded model failed on this data",
            file=model_file,
            expected="data with the columns and value types the model was trained on (finite numbers)",
            found=f"{type(error).__name__}: {first}",
        ) from error
    return _finish(
        shap_values=values,
        encoder=None,
        spec=spec,
        table=table,
        task=task,
        model_name=_model_name(model),
        rows=frame.iloc[positions],
        positions=positions,
        metrics=metrics,
        fidelity=None,
        notes=notes,
        provenance=provenance,
        transformed=transformed,
    )


def _model_name(model: Any) -> str:
    if hasattr(model, "steps"):
        return "Pipeline(" + ", ".join(type(step).__name__ for _, step in model.steps) + ")"
    return type(model).__name__


def _positive_of(model: Any, positive: object) -> object:
    classes = getattr(model, "classes_", None)
    if positive is None and classes is not None and len(classes) == 2:
        return str(classes[1])
    return positive


def _require(frame: pd.DataFrame, columns: Sequence[str | None], *, file: str | None) -> None:
    from lib.data import require_columns

    require_columns(frame, columns, file=file)


# --- friendly functions: build a spec, run the same code ------------------------------------------


def _source(frame: pd.DataFrame, *, file: str | None, sha256: str | None, roles: ColumnRoles | None) -> TableSource:
    return TableSource(frame, file or "data", sha256, roles=roles)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


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
) -> ExplanationResult:
    """Train a model here and explain it on the data's rows (way in ``train``).

    Parameters
    ----------
    frame : pandas.DataFrame
    target : str
        The outcome column.
    model : {"hgb", "rf", "linear"}
    features : sequence of str, optional
        Default: every usable column.
    task : {"classification", "regression"}, optional
        Default: inferred from the target.
    positive : object, optional
        The positive class.
    roles : ColumnRoles, optional
        Column roles (the id column names rows; roles guide the default features).
    max_rows : int, optional
        Explain at most this many rows (default and maximum 100,000).
    seed : int
    file, sha256 : str, optional
        The data file's name and hash, for provenance.

    Returns
    -------
    ExplanationResult
    """
    spec = ExplainSpec(
        way_in="train",
        target=target,
        model=model,
        features=tuple(features) if features else None,
        task=task,
        positive=_text(positive),
        max_rows=max_rows or MAX_ROWS,
        seed=seed,
    )
    return run_explain(spec, {"data": _source(frame, file=file, sha256=sha256, roles=roles)})


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
) -> ExplanationResult:
    """Fit a surrogate to a column of model outputs and explain the surrogate (way in ``outputs``).

    Parameters
    ----------
    frame : pandas.DataFrame
    outputs : str
        The column of scores or labels.
    features : sequence of str, optional
    fidelity_by : str, optional
        Report the surrogate's fidelity per group of this column.
    roles : ColumnRoles, optional
    max_rows : int, optional
    seed : int
    file, sha256 : str, optional

    Returns
    -------
    ExplanationResult
    """
    spec = ExplainSpec(
        way_in="outputs",
        outputs=outputs,
        fidelity_by=fidelity_by,
        features=tuple(features) if features else None,
        max_rows=max_rows or MAX_ROWS,
        seed=seed,
    )
    return run_explain(spec, {"data": _source(frame, file=file, sha256=sha256, roles=roles)})


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
) -> ExplanationResult:
    """Explain a model already loaded (way in ``upload``); metrics need ``target``.

    Parameters
    ----------
    frame : pandas.DataFrame
    model : estimator or Pipeline
        A fitted scikit-learn model (see :func:`load_model` for skops files).
    target : str, optional
    features : sequence of str, optional
        Used only when the model does not record its input columns.
    positive : object, optional
    roles : ColumnRoles, optional
    max_rows : int, optional
    seed : int
    file, sha256 : str, optional
        The data file's name and hash.
    model_name : str, optional
        The model file's name.

    Returns
    -------
    ExplanationResult
    """
    spec = ExplainSpec(
        way_in="upload",
        target=target,
        features=tuple(features) if features else None,
        positive=_text(positive),
        max_rows=max_rows or MAX_ROWS,
        seed=seed,
    )
    table = _source(frame, file=file, sha256=sha256, roles=roles)
    provenance = make_provenance(
        parameters=spec.to_dict(),
        seed=seed,
        inputs={"data": table.describe(), "model": {"name": model_name, "sha256": None}},
    )
    return _explain_model(spec, table, model, model_file=model_name or "the model", provenance=provenance)
