"""The explanation result and what can be read from it: importance, cohorts, the gap."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from lib.errors import InputError
from lib.provenance import Provenance

# Additivity is checked to this absolute tolerance in the output space; tree and
# linear explainers are exact to rounding, the permutation explainer by construction.
ADDITIVITY_TOLERANCE = 1e-6
FIDELITY_WARNING = 0.8
# Fewer held-out rows than this make a group's fidelity figure mostly noise.
SMALL_GROUP = 30


@dataclass(frozen=True, eq=False)
class GapDecomposition:
    """The difference in mean model output between two groups, feature by feature.

    ``contributions`` sum to ``gap`` exactly (up to rounding), because every
    row's output is the base value plus its SHAP values and the base value is
    shared by both groups.
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

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "column": self.column,
            "group_a": self.group_a,
            "group_b": self.group_b,
            "n_a": self.n_a,
            "n_b": self.n_b,
            "mean_output_a": self.mean_output_a,
            "mean_output_b": self.mean_output_b,
            "gap": self.gap,
            "contributions": self.contributions,
        }


@dataclass(frozen=True, eq=False)
class ExplanationResult:
    """SHAP values for a model on some rows, with everything needed to trust them.

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
    values : numpy.ndarray
        SHAP values, rows x features.
    base_value : float
    model_output : numpy.ndarray
        The model's own output per explained row.
    row_ids : numpy.ndarray
        Identifier of each explained row (the id column, else the 0-based row number).
    data : pandas.DataFrame
        The explained rows' feature values as the user knows them (for charts).
    metrics : dict
        Holdout metrics (trained models) or metrics on the given rows (uploaded models).
    fidelity : dict or None
        Surrogates only: overall and per-group agreement with the given outputs.
    notes : tuple of str
        What was left out, sampled or filled, in words.
    n_rows : int
        Rows available before any sampling.
    background_rows : int
    provenance : Provenance
    """

    task: str
    model: str
    explainer: str
    output_space: str
    features: tuple[str, ...]
    values: np.ndarray
    base_value: float
    model_output: np.ndarray
    row_ids: np.ndarray
    data: pd.DataFrame
    metrics: dict[str, float]
    fidelity: dict[str, Any] | None
    notes: tuple[str, ...]
    n_rows: int
    background_rows: int
    provenance: Provenance
    id_column: str | None = None
    positions: np.ndarray | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def column_for_rows(self, frame: pd.DataFrame, column: str) -> pd.Series:
        """Values of ``column`` of the input frame for the explained rows, in their order."""
        positions = self.positions if self.positions is not None else np.arange(self.n_explained)
        return frame[column].iloc[positions].reset_index(drop=True)

    @property
    def n_explained(self) -> int:
        """Rows explained."""
        return int(self.values.shape[0])

    @property
    def sampled(self) -> bool:
        """True when fewer rows were explained than were available."""
        return self.n_explained < self.n_rows

    @property
    def additivity_errors(self) -> np.ndarray:
        """|base value + sum of SHAP values - model output| per row."""
        return np.abs(self.base_value + self.values.sum(axis=1) - self.model_output)

    @property
    def additivity_max_error(self) -> float:
        """The largest additivity error over the explained rows."""
        errors = self.additivity_errors
        return float(errors.max()) if errors.size else 0.0

    @property
    def additivity_ok(self) -> bool:
        """Whether every row adds up within the tolerance (scaled to the output's size)."""
        scale = max(1.0, float(np.abs(self.model_output).max()) if self.model_output.size else 1.0)
        return self.additivity_max_error <= ADDITIVITY_TOLERANCE * scale

    @property
    def global_importance(self) -> dict[str, float]:
        """Feature -> mean |SHAP value|, largest first."""
        means = np.abs(self.values).mean(axis=0) if self.n_explained else np.zeros(len(self.features))
        order = np.argsort(-means, kind="stable")
        return {self.features[i]: float(means[i]) for i in order}

    def values_frame(self) -> pd.DataFrame:
        """One row per explained row: the SHAP value per feature, ``base_value`` and ``model_output``."""
        frame = pd.DataFrame(self.values, columns=list(self.features))
        frame.insert(0, self.id_column or "row", self.row_ids)
        frame["base_value"] = self.base_value
        frame["model_output"] = self.model_output
        return frame

    def row_position(self, row: object) -> int:
        """Position of a row in the explained set, found by its id or row number.

        Raises
        ------
        InputError
            When no explained row has that id.
        """
        as_text = np.array([str(v) for v in self.row_ids])
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

    def cohort_importance(self, groups: pd.Series) -> pd.DataFrame:
        """Mean |SHAP| per feature within each group of a column (long format).

        ``groups`` is aligned with the explained rows (same length, same order).
        """
        labels = pd.Series(np.asarray(groups), dtype="string").fillna("(missing)").to_numpy()
        rows = []
        for label in sorted(set(labels)):
            mask = labels == label
            means = np.abs(self.values[mask]).mean(axis=0)
            rows += [
                {"group": label, "feature": f, "mean_abs_shap": float(m), "rows": int(mask.sum())}
                for f, m in zip(self.features, means, strict=True)
            ]
        return pd.DataFrame(rows)

    def explain_gap(
        self, groups: pd.Series, *, group_a: object, group_b: object, column: str = "group"
    ) -> GapDecomposition:
        """Decompose mean output(group a) - mean output(group b) into per-feature SHAP differences.

        Raises
        ------
        InputError
            When either group has no explained rows.
        """
        labels = pd.Series(np.asarray(groups), dtype="string").fillna("(missing)").to_numpy()
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
        differences = self.values[a].mean(axis=0) - self.values[b].mean(axis=0)
        order = np.argsort(-np.abs(differences), kind="stable")
        reconstructed_a = self.base_value + self.values[a].sum(axis=1)
        reconstructed_b = self.base_value + self.values[b].sum(axis=1)
        return GapDecomposition(
            column=column,
            group_a=str(group_a),
            group_b=str(group_b),
            n_a=int(a.sum()),
            n_b=int(b.sum()),
            mean_output_a=float(reconstructed_a.mean()),
            mean_output_b=float(reconstructed_b.mean()),
            gap=float(reconstructed_a.mean() - reconstructed_b.mean()),
            contributions={self.features[i]: float(differences[i]) for i in order},
        )

    def fidelity_warnings(self) -> list[str]:
        """Plain-language warnings where the surrogate agrees with the outputs less than 0.8."""
        if not self.fidelity:
            return []
        metric = self.fidelity.get("metric")
        out = []
        overall = self.fidelity.get("overall", {}).get(metric)
        if overall is not None and overall < FIDELITY_WARNING:
            out.append(
                f"The surrogate matches the given outputs poorly ({metric} {overall:.2f} < {FIDELITY_WARNING}): "
                "its explanations may not describe the real model."
            )
        for group, scores in self.fidelity.get("by_group", {}).items():
            value, rows = scores.get(metric), scores.get("rows", 0)
            if value is not None and value < FIDELITY_WARNING:
                small = f" (only {rows:,} held-out rows, too few to judge firmly)" if rows < SMALL_GROUP else ""
                out.append(
                    f"In group {group!r} the surrogate's {metric} is {value:.2f} on {rows:,} held-out rows, "
                    f"below {FIDELITY_WARNING}{small}."
                )
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (the command line's JSON)."""
        return {
            "task": self.task,
            "model": self.model,
            "explainer": self.explainer,
            "output_space": self.output_space,
            "metrics": self.metrics,
            "fidelity": self.fidelity,
            "base_value": self.base_value,
            "global_importance": self.global_importance,
            "additivity_max_error": self.additivity_max_error,
            "additivity_ok": self.additivity_ok,
            "rows_available": self.n_rows,
            "rows_explained": self.n_explained,
            "sampled": self.sampled,
            "background_rows": self.background_rows,
            "notes": list(self.notes),
            "warnings": self.fidelity_warnings(),
            "provenance": self.provenance.to_dict(),
        }
