"""Choosing and encoding the columns a model explains.

Categorical columns are encoded here (ordinal codes for trees, one-hot for
linear models) so the fitted model sees only numbers: SHAP values of
HistGradientBoosting's native categorical splits do not add up, ours must.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from lib.data import ColumnRoles
from lib.errors import InputError

# A text column with more distinct values than this carries no pattern a model
# can learn from a few thousand rows (free text, names, codes): it is dropped.
MAX_CATEGORIES = 200
Encoding = Literal["ordinal", "onehot"]


def identifier_like_columns(frame: pd.DataFrame, *, roles: ColumnRoles | None = None) -> list[str]:
    """Columns that identify rows rather than describe them.

    A column is identifier-like when it holds the id role, or when every row
    has its own value and the values are text or whole numbers (a measured
    float such as a price can be distinct per row and still be a feature).
    """
    found = []
    for column in frame.columns:
        series = frame[column]
        if roles is not None and roles.id == column:
            found.append(str(column))
            continue
        if len(series) < 20 or pd.api.types.is_float_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        if series.notna().all() and series.is_unique:
            found.append(str(column))
    return found


def default_features(
    frame: pd.DataFrame, *, exclude: Sequence[str | None], roles: ColumnRoles | None = None
) -> tuple[list[str], list[str]]:
    """Features to use by default and the notes explaining what was left out.

    Label, prediction, score, id and date columns and identifier-like columns
    are left out; the notes name them so the user can put them back.
    """
    excluded = {c for c in exclude if c}
    if roles is not None:
        excluded |= {c for c in (roles.label, roles.prediction, roles.score, roles.date) if c}
    ids = [c for c in identifier_like_columns(frame, roles=roles) if c not in excluded]
    features = [str(c) for c in frame.columns if c not in excluded and c not in ids]
    notes = []
    if ids:
        notes.append(
            "Left out as identifier-like (a distinct value per row, or the id role): "
            + ", ".join(ids)
            + ". Name them as features to put them back."
        )
    return features, notes


@dataclass(frozen=True)
class FeatureEncoder:
    """How raw columns become the numeric matrix a model is fitted on.

    Attributes
    ----------
    numeric : tuple of str
        Columns used as numbers.
    categories : dict
        Categorical column -> its categories in code order.
    encoding : {"ordinal", "onehot"}
    medians : dict
        Numeric column -> training median, used to fill missing values.
    """

    numeric: tuple[str, ...]
    categories: dict[str, tuple[str, ...]]
    encoding: Encoding
    medians: dict[str, float] = field(default_factory=dict)

    @property
    def features(self) -> list[str]:
        """The raw feature columns, in order."""
        return [*self.numeric, *self.categories]

    @property
    def encoded_names(self) -> list[str]:
        """Columns of the encoded matrix."""
        names = list(self.numeric)
        for column, cats in self.categories.items():
            names += [f"{column}={c}" for c in cats] if self.encoding == "onehot" else [column]
        return names

    @property
    def groups(self) -> dict[str, list[int]]:
        """Raw feature -> positions of its encoded columns (for summing SHAP values back)."""
        out: dict[str, list[int]] = {}
        position = 0
        for column in self.numeric:
            out[column] = [position]
            position += 1
        for column, cats in self.categories.items():
            width = len(cats) if self.encoding == "onehot" else 1
            out[column] = list(range(position, position + width))
            position += width
        return out

    def transform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Encode ``frame`` (missing numbers -> training median, missing text -> its own category)."""
        parts: dict[str, np.ndarray] = {}
        for column in self.numeric:
            values = pd.to_numeric(frame[column], errors="coerce").astype(float)
            parts[column] = values.fillna(self.medians.get(column, 0.0)).to_numpy()
        for column, cats in self.categories.items():
            text = frame[column].astype("string").fillna("(missing)").astype(str)
            codes = pd.Categorical(text, categories=list(cats)).codes.astype(float)
            if self.encoding == "onehot":
                for i, cat in enumerate(cats):
                    parts[f"{column}={cat}"] = (codes == i).astype(float)
            else:
                # Unseen categories get -1: trees route them like the lowest code.
                parts[column] = codes
        return pd.DataFrame(parts, index=frame.index, columns=self.encoded_names)


def fit_encoder(
    frame: pd.DataFrame, features: Sequence[str], *, encoding: Encoding, file: str | None = None
) -> tuple[FeatureEncoder, list[str]]:
    """Decide how each feature is encoded; refuse unusable columns.

    Raises
    ------
    InputError
        When a feature is missing from the data, entirely empty, or no usable feature remains.
    """
    missing = [c for c in features if c not in frame.columns]
    if missing:
        raise InputError(
            "features not in the data",
            file=file,
            column=missing[0],
            expected="column names of the file",
            found="missing " + ", ".join(repr(c) for c in missing),
        )
    numeric: list[str] = []
    categories: dict[str, tuple[str, ...]] = {}
    medians: dict[str, float] = {}
    notes: list[str] = []
    dropped: list[str] = []
    for column in features:
        series = frame[column]
        if series.isna().all():
            raise InputError(
                "a feature has no values at all",
                file=file,
                column=column,
                expected="at least some values",
                found="every row empty; leave this feature out",
            )
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            numeric.append(column)
            medians[column] = float(pd.to_numeric(series, errors="coerce").astype(float).median())
            continue
        text = series.astype("string").fillna("(missing)").astype(str)
        distinct = text.nunique()
        if distinct > MAX_CATEGORIES:
            dropped.append(f"{column} ({distinct:,} distinct values)")
            continue
        categories[column] = tuple(sorted(text.unique()))
    if dropped:
        notes.append(
            f"Dropped text columns with more than {MAX_CATEGORIES} distinct values, too many to learn from: "
            + ", ".join(dropped)
            + "."
        )
    if not numeric and not categories:
        raise InputError(
            "no usable feature is left",
            file=file,
            expected="at least one numeric or categorical feature",
            found="none after leaving out " + (", ".join(dropped) or "the chosen columns"),
        )
    n_missing = sum(int(frame[c].isna().sum()) for c in numeric)
    if n_missing:
        notes.append(f"Filled {n_missing:,} missing numeric cells with each column's median.")
    return FeatureEncoder(tuple(numeric), categories, encoding, medians), notes
