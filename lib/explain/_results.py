"""The explanation result and what can be read from it: importance, cohorts, the gap.

The per-row arrays (SHAP values, model output, row ids, the explained rows' data)
stay out of the JSON; what the JSON keeps (importance, additivity, metrics,
fidelity, cohorts and the gap) is computed from them once, when the result is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from lib.analysis import Record, Result, json_meta
from lib.errors import InputError
from lib.provenance import Provenance

# Additivity is checked to this absolute tolerance in the output space; tree and
# linear explainers are exact to rounding, the permutation explainer by construction.
ADDITIVITY_TOLERANCE = 1e-6
FIDELITY_WARNING = 0.8
# Fewer held-out rows than this make a group's fidelity figure mostly noise.
SMALL_GROUP = 30
MISSING_GROUP = "(missing)"
# Per-row arrays stay out of the JSON: a result read back has the summaries only.
_PER_ROW = json_meta(omit=True)


def group_labels(groups: Sequence[object] | pd.Series | np.ndarray) -> np.ndarray:
    """Group values as text, a missing value as its own group ``(missing)``.

    Parameters
    ----------
    groups : sequence
        One value per row.

    Returns
    -------
    numpy.ndarray
        The labels, as text.

    Examples
    --------
    >>> [str(label) for label in group_labels(["a", None, 3])]
    ['a', '(missing)', '3']
    """
    return pd.Series(np.asarray(groups, dtype=object), dtype="string").fillna(MISSING_GROUP).to_numpy(dtype=object)


@dataclass(frozen=True)
class GapDecomposition(Record):
    """The difference in mean model output between two groups, feature by feature.

    ``contributions`` sum to ``gap`` exactly (up to rounding), because every
    row's output is the base value plus its SHAP values and the base value is
    shared by both groups.

    Attributes
    ----------
    column : str
    group_a, group_b : str
    n_a, n_b : int
        Explained rows in each group.
    mean_output_a, mean_output_b : float
        Mean model output of each group, in the result's output space.
    gap : float
        ``mean_output_a - mean_output_b``.
    contributions : dict
        Feature -> mean SHAP value in A minus in B, largest in size first.
    """

    column: str
    group_a: str
    group_b: str
    n_a: int
    n_b: int
    mean_output_a: float
    mean_output_b: float
    gap: float
    contributions: dict[str, float]


@dataclass(frozen=True)
class CohortGroup(Record):
    """One group of a cohort column: its explained rows and mean |SHAP| per feature."""

    group: str
    rows: int
    importance: dict[str, float]


@dataclass(frozen=True)
class CohortImportance(Record):
    """Mean |SHAP| per feature within each group of a column (JSON: groups keyed by name)."""

    column: str
    groups: tuple[CohortGroup, ...] = field(metadata=json_meta(keyed_by="group"))

    def frame(self) -> pd.DataFrame:
        """Long table: ``group``, ``feature``, ``mean_abs_shap``, ``rows``."""
        rows = [
            {"group": g.group, "feature": feature, "mean_abs_shap": value, "rows": g.rows}
            for g in self.groups
            for feature, value in g.importance.items()
        ]
        return pd.DataFrame(rows, columns=["group", "feature", "mean_abs_shap", "rows"])


@dataclass(frozen=True, eq=False)
class PerRow:
    """A fresh result's per-row arrays, aligned row by row.

    Attributes
    ----------
    values : numpy.ndarray
        SHAP values, rows x features.
    model_output : numpy.ndarray
        The model's own output per row, in the output space.
    row_ids : numpy.ndarray
        Each row's id (or 0-based row number).
    data : pandas.DataFrame
        The rows' feature values as the user knows them.
    """

    values: np.ndarray
    model_output: np.ndarray
    row_ids: np.ndarray
    data: pd.DataFrame


@dataclass(frozen=True)
class ExplanationResult(Result):
    """SHAP values for a model on some rows, with everything needed to trust them.

    Make one with :func:`explanation_result`, which computes the summaries from the
    per-row arrays. A result read back from JSON has the summaries but not the arrays
    (``has_rows`` is False): per-row charts then need a re-run.

    Attributes
    ----------
    task : str
        ``classification`` or ``regression``.
    model : str
        What was explained (family or class name; ``surrogate ...`` for outputs).
    explainer : str
        ``tree``, ``linear`` or ``permutation``.
    output_space : str
        ``log-odds``, ``probability`` or ``raw``; values add up in this space.
    features : tuple of str
        One name per column of ``values``.
    metrics : dict
        Holdout metrics (trained models) or metrics on the given rows (uploaded models).
    fidelity : dict or None
        Surrogates only: overall and per-group agreement with the given outputs.
    base_value : float
    global_importance : dict
        Feature -> mean |SHAP value|, largest first.
    additivity_max_error : float
        Largest |base value + sum of SHAP values - model output| over the explained rows.
    additivity_ok : bool
        Whether every row adds up within the tolerance (scaled to the output's size).
    n_rows : int
        Rows available before any sampling (JSON ``rows_available``).
    n_explained : int
        Rows explained (JSON ``rows_explained``).
    background_rows : int
    notes : tuple of str
        What was left out, sampled or filled, in words.
    id_column : str or None
        The column row ids come from (None: row numbers, 0-based).
    cohorts : CohortImportance or None
        Importance by group of the spec's cohort column.
    gap : GapDecomposition or None
        The spec's two groups' gap in mean output, by feature.
    provenance : Provenance
    values : numpy.ndarray or None
        SHAP values, rows x features (not in the JSON).
    model_output : numpy.ndarray or None
        The model's own output per explained row (not in the JSON).
    row_ids : numpy.ndarray or None
        Identifier of each explained row (not in the JSON).
    data : pandas.DataFrame or None
        The explained rows' feature values as the user knows them (not in the JSON).
    positions : numpy.ndarray or None
        Each explained row's position in the input table (not in the JSON).
    """

    json_extras = ("sampled", ("warnings", "fidelity_warnings"))

    task: str
    model: str
    explainer: str
    output_space: str
    features: tuple[str, ...]
    metrics: dict[str, float]
    fidelity: dict[str, Any] | None
    base_value: float
    global_importance: dict[str, float]
    additivity_max_error: float
    additivity_ok: bool
    n_rows: int = field(metadata=json_meta(name="rows_available"))
    n_explained: int = field(metadata=json_meta(name="rows_explained"))
    background_rows: int
    notes: tuple[str, ...]
    id_column: str | None
    cohorts: CohortImportance | None
    gap: GapDecomposition | None
    provenance: Provenance
    values: np.ndarray | None = field(default=None, compare=False, metadata=_PER_ROW)
    model_output: np.ndarray | None = field(default=None, compare=False, metadata=_PER_ROW)
    row_ids: np.ndarray | None = field(default=None, compare=False, metadata=_PER_ROW)
    data: pd.DataFrame | None = field(default=None, compare=False, metadata=_PER_ROW)
    positions: np.ndarray | None = field(default=None, compare=False, metadata=_PER_ROW)

    @property
    def has_rows(self) -> bool:
        """Whether the per-row arrays are here (a fresh run), not only the summaries (read from JSON)."""
        return self.values is not None and self.model_output is not None

    @property
    def sampled(self) -> bool:
        """True when fewer rows were explained than were available."""
        return self.n_explained < self.n_rows

    def per_row(self) -> PerRow:
        """The per-row arrays of a fresh run.

        Returns
        -------
        PerRow

        Raises
        ------
        InputError
            For a result read back from JSON, which keeps the summaries only.
        """
        if self.values is None or self.model_output is None or self.row_ids is None or self.data is None:
            raise InputError(
                "this result holds summaries only; its per-row SHAP values were not saved",
                expected="a fresh run of the analysis",
            )
        return PerRow(self.values, self.model_output, self.row_ids, self.data)

    def _rows(self) -> np.ndarray:
        return self.per_row().values

    @property
    def additivity_errors(self) -> np.ndarray:
        """|base value + sum of SHAP values - model output| per row."""
        rows = self.per_row()
        return _additivity_errors(rows.values, self.base_value, rows.model_output)

    def column_for_rows(self, frame: pd.DataFrame, column: str) -> pd.Series:
        """Values of ``column`` of the input frame for the explained rows, in their order."""
        positions = self.positions if self.positions is not None else np.arange(self.n_explained)
        return frame[column].iloc[positions].reset_index(drop=True)

    def values_frame(self) -> pd.DataFrame:
        """One row per explained row: the SHAP value per feature, ``base_value`` and ``model_output``."""
        rows = self.per_row()
        frame = pd.DataFrame(rows.values, columns=list(self.features))
        frame.insert(0, self.id_column or "row", rows.row_ids)
        frame["base_value"] = self.base_value
        frame["model_output"] = rows.model_output
        return frame

    def row_position(self, row: object) -> int:
        """Position of a row in the explained set, found by its id or row number.

        Raises
        ------
        InputError
            When no explained row has that id.
        """
        as_text = np.array([str(v) for v in self.per_row().row_ids])
        hits = np.flatnonzero(as_text == str(row).strip())
        if not hits.size:
            where = f"the {self.n_explained:,} explained rows" + (" (a sample)" if self.sampled else "")
            raise InputError(
                "no explained row has this id",
                column=self.id_column,
                expected=f"an id or row number among {where}",
                found=repr(row),
            )
        return int(hits[0])

    def cohort_importance(self, groups: Sequence[object] | pd.Series) -> pd.DataFrame:
        """Mean |SHAP| per feature within each group of a column (long format).

        ``groups`` is aligned with the explained rows (same length, same order).
        """
        return cohort_importance(self._rows(), self.features, groups, column="group").frame()

    def explain_gap(
        self, groups: Sequence[object] | pd.Series, *, group_a: object, group_b: object, column: str = "group"
    ) -> GapDecomposition:
        """Decompose mean output(group a) - mean output(group b) into per-feature SHAP differences.

        Raises
        ------
        InputError
            When either group has no explained rows.
        """
        return explain_gap(
            self._rows(), self.features, self.base_value, groups, group_a=group_a, group_b=group_b, column=column
        )

    def fidelity_warnings(self) -> list[str]:
        """Plain-language warnings where the surrogate agrees with the outputs less than 0.8."""
        if not self.fidelity:
            return []
        metric = self.fidelity.get("metric")
        out = []
        overall = (self.fidelity.get("overall") or {}).get(metric)
        if overall is not None and overall < FIDELITY_WARNING:
            out.append(
                f"The surrogate matches the given outputs poorly ({metric} {overall:.2f} < {FIDELITY_WARNING}): "
                "its explanations may not describe the real model."
            )
        for group, scores in (self.fidelity.get("by_group") or {}).items():
            value, rows = scores.get(metric), scores.get("rows", 0)
            if value is not None and value < FIDELITY_WARNING:
                small = f" (only {rows:,} held-out rows, too few to judge firmly)" if rows < SMALL_GROUP else ""
                out.append(
                    f"In group {group!r} the surrogate's {metric} is {value:.2f} on {rows:,} held-out rows, "
                    f"below {FIDELITY_WARNING}{small}."
                )
        return out


def _additivity_errors(values: np.ndarray, base_value: float, model_output: np.ndarray | None) -> np.ndarray:
    if model_output is None:
        return np.zeros(len(values))
    return np.abs(base_value + values.sum(axis=1) - model_output)


def importance_of(values: np.ndarray, features: Sequence[str]) -> dict[str, float]:
    """Feature -> mean |SHAP value| over the rows, largest first (ties keep the feature order).

    Parameters
    ----------
    values : numpy.ndarray
        SHAP values, rows x features.
    features : sequence of str

    Returns
    -------
    dict

    Examples
    --------
    >>> importance_of(np.array([[1.0, -3.0], [-1.0, 1.0]]), ["a", "b"])
    {'b': 2.0, 'a': 1.0}
    """
    means = np.abs(values).mean(axis=0) if len(values) else np.zeros(len(features))
    order = np.argsort(-means, kind="stable")
    return {features[i]: float(means[i]) for i in order}


def cohort_importance(
    values: np.ndarray, features: Sequence[str], groups: Sequence[object] | pd.Series, *, column: str
) -> CohortImportance:
    """Mean |SHAP| per feature within each group (``groups`` aligned with the rows of ``values``)."""
    labels = group_labels(groups)
    parts = []
    for label in sorted(set(labels)):
        mask = labels == label
        means = np.abs(values[mask]).mean(axis=0)
        parts.append(
            CohortGroup(
                group=str(label),
                rows=int(mask.sum()),
                importance={f: float(m) for f, m in zip(features, means, strict=True)},
            )
        )
    return CohortImportance(column=column, groups=tuple(parts))


def explain_gap(
    values: np.ndarray,
    features: Sequence[str],
    base_value: float,
    groups: Sequence[object] | pd.Series,
    *,
    group_a: object,
    group_b: object,
    column: str,
) -> GapDecomposition:
    """Split mean output(A) - mean output(B) into each feature's mean SHAP difference.

    Raises
    ------
    InputError
        When either group has no explained rows.
    """
    labels = group_labels(groups)
    masks = {}
    for name in (group_a, group_b):
        mask = labels == str(name)
        if not mask.any():
            raise InputError(
                "a group has no explained rows",
                column=column,
                expected="a value present among the explained rows",
                found=repr(name),
            )
        masks[str(name)] = mask
    a, b = masks[str(group_a)], masks[str(group_b)]
    differences = values[a].mean(axis=0) - values[b].mean(axis=0)
    order = np.argsort(-np.abs(differences), kind="stable")
    # Outputs rebuilt from the values, so the contributions add up to the gap exactly.
    mean_a = float((base_value + values[a].sum(axis=1)).mean())
    mean_b = float((base_value + values[b].sum(axis=1)).mean())
    return GapDecomposition(
        column=column,
        group_a=str(group_a),
        group_b=str(group_b),
        n_a=int(a.sum()),
        n_b=int(b.sum()),
        mean_output_a=mean_a,
        mean_output_b=mean_b,
        gap=mean_a - mean_b,
        contributions={features[i]: float(differences[i]) for i in order},
    )


def explanation_result(
    *,
    task: str,
    model: str,
    explainer: str,
    output_space: str,
    features: Sequence[str],
    values: np.ndarray,
    base_value: float,
    model_output: np.ndarray,
    row_ids: np.ndarray,
    data: pd.DataFrame,
    metrics: dict[str, float],
    fidelity: dict[str, Any] | None,
    notes: Sequence[str],
    n_rows: int,
    background_rows: int,
    provenance: Provenance,
    id_column: str | None = None,
    positions: np.ndarray | None = None,
) -> ExplanationResult:
    """An :class:`ExplanationResult` from the per-row arrays, its summaries computed and additivity checked.

    Returns
    -------
    ExplanationResult
    """
    values = np.asarray(values, dtype=float)
    output = np.asarray(model_output, dtype=float)
    features = tuple(str(f) for f in features)
    errors = _additivity_errors(values, float(base_value), output)
    max_error = float(errors.max()) if errors.size else 0.0
    scale = max(1.0, float(np.abs(output).max()) if output.size else 1.0)
    return ExplanationResult(
        task=task,
        model=model,
        explainer=explainer,
        output_space=output_space,
        features=features,
        metrics=dict(metrics),
        fidelity=fidelity,
        base_value=float(base_value),
        global_importance=importance_of(values, features),
        additivity_max_error=max_error,
        additivity_ok=bool(max_error <= ADDITIVITY_TOLERANCE * scale),
        n_rows=int(n_rows),
        n_explained=int(values.shape[0]),
        background_rows=int(background_rows),
        notes=tuple(notes),
        id_column=id_column,
        cohorts=None,
        gap=None,
        provenance=provenance,
        values=values,
        model_output=output,
        row_ids=np.asarray(row_ids),
        data=data,
        positions=None if positions is None else np.asarray(positions),
    )
