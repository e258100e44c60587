"""Column roles: which column is the label, the prediction, the score, and so on.

The app infers roles from names and contents, then the user corrects them; every
later analysis reads roles from one :class:`ColumnRoles` record.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lib.errors import InputError

SINGLE_ROLES = ("label", "prediction", "score", "id", "date")
ROLE_CHOICES = ("label", "prediction", "score", "sensitive", "id", "date", "feature", "ignore")

# Names are matched on whole tokens so that "prediction_date" is not a prediction.
_LABEL_NAMES = {
    "label",
    "target",
    "y",
    "y_true",
    "outcome",
    "class",
    "truth",
    "actual",
    "ground_truth",
    "income",
    "default",
    "risk",
    "approved",
    "hired",
    "two_year_recid",
    "recid",
    "churn",
    "survived",
    "target_label",
    "malignant",
    "diagnosis",
    "credit_risk",
    "is_fraud",
    "fraud",
}
_PREDICTION_NAMES = {"prediction", "pred", "y_pred", "predicted", "decision", "yhat", "y_hat"}
_SCORE_NAMES = {"score", "prob", "proba", "probability", "y_score", "y_prob", "pred_proba"}
_SENSITIVE_NAMES = {
    "sex",
    "gender",
    "race",
    "ethnicity",
    "ethnic",
    "religion",
    "disability",
    "age_group",
    "age_band",
    "marital_status",
    "nationality",
    "native_country",
    "national_origin",
    "pregnancy",
    "sexual_orientation",
    "veteran",
    "foreign_worker",
    "personal_status",
}
_ID_NAMES = {"id", "rownames", "index", "record", "record_id", "row_id", "uuid", "key"}
_DATE_NAMES = {"date", "month", "day", "time", "timestamp", "datetime", "period", "week"}


@dataclass(frozen=True)
class ColumnRoles:
    """What each column of a dataset is for.

    Attributes
    ----------
    label, prediction, score, id, date : str or None
        The single column holding that role, if any.
    sensitive : tuple of str
        Columns holding sensitive attributes (sex, race, age group...).
    features : tuple of str
        Columns a model may use as inputs.
    """

    label: str | None = None
    prediction: str | None = None
    score: str | None = None
    id: str | None = None
    date: str | None = None
    sensitive: tuple[str, ...] = ()
    features: tuple[str, ...] = field(default=())

    def role_of(self, column: str) -> str:
        """Return the role name of ``column`` ("ignore" when it has none)."""
        for role in SINGLE_ROLES:
            if getattr(self, role) == column:
                return role
        if column in self.sensitive:
            return "sensitive"
        if column in self.features:
            return "feature"
        return "ignore"

    def assignments(self, columns: list[str] | tuple[str, ...]) -> dict[str, str]:
        """Return ``{column: role}`` for every column, in column order."""
        return {column: self.role_of(column) for column in columns}

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready mapping of role -> column(s)."""
        return {
            "label": self.label,
            "prediction": self.prediction,
            "score": self.score,
            "id": self.id,
            "date": self.date,
            "sensitive": list(self.sensitive),
            "features": list(self.features),
        }


def roles_from_assignments(assignments: Mapping[str, str], *, file: str | None = None) -> ColumnRoles:
    """Build :class:`ColumnRoles` from ``{column: role}``, refusing contradictions.

    Parameters
    ----------
    assignments : mapping of str to str
        Each column's role, one of :data:`ROLE_CHOICES`.
    file : str, optional
        File name for error messages.

    Raises
    ------
    InputError
        When a role is unknown or a single-column role is given to two columns.
    """
    single: dict[str, str] = {}
    sensitive: list[str] = []
    features: list[str] = []
    for column, role in assignments.items():
        if role not in ROLE_CHOICES:
            raise InputError(
                "unknown column role",
                file=file,
                column=column,
                expected="one of " + ", ".join(ROLE_CHOICES),
                found=repr(role),
            )
        if role in SINGLE_ROLES:
            if role in single:
                raise InputError(
                    f"only one column can be the {role}",
                    file=file,
                    column=column,
                    expected=f"a single {role} column",
                    found=f"both '{single[role]}' and '{column}'",
                )
            single[role] = column
        elif role == "sensitive":
            sensitive.append(column)
        elif role == "feature":
            features.append(column)
    return ColumnRoles(**single, sensitive=tuple(sensitive), features=tuple(features))


def _tokens(name: str) -> set[str]:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1_\2", str(name)).lower()
    parts = [p for p in re.split(r"[^a-z0-9]+", spaced) if p]
    joined = "_".join(parts)
    return set(parts) | {joined}


def _is_binary(series: pd.Series) -> bool:
    return series.dropna().nunique() == 2


def _is_probability(series: pd.Series) -> bool:
    if not pd.api.types.is_float_dtype(series):
        return False
    values = series.dropna()
    if values.empty or values.nunique() <= 2:
        return False
    return bool(values.min() >= 0.0 and values.max() <= 1.0)


def _looks_like_date(series: pd.Series, tokens: set[str]) -> bool:
    if pd.api.types.is_datetime64_any_dtype(series):
        return True
    if not tokens & _DATE_NAMES or pd.api.types.is_numeric_dtype(series):
        return False
    head = series.dropna().astype(str).head(50)
    if head.empty:
        return False
    parsed = pd.to_datetime(head, errors="coerce", format="mixed")
    return bool(parsed.notna().mean() > 0.9)


def _looks_like_id(series: pd.Series, tokens: set[str]) -> bool:
    if tokens & _ID_NAMES or any(t.endswith("_id") for t in tokens):
        return series.nunique(dropna=True) >= 0.95 * max(len(series), 1)
    if pd.api.types.is_integer_dtype(series) and len(series) > 20:
        values = series.to_numpy()
        steps = np.diff(values)
        return bool(series.is_unique and (steps == 1).all())
    return False


def infer_roles(frame: pd.DataFrame) -> ColumnRoles:
    """Guess each column's role from its name and contents.

    Names decide first (``sex`` is sensitive, ``y_pred`` a prediction); contents
    confirm (a label must have two values, a score must lie in [0, 1]). Every
    column without another role becomes a feature, so the guess is always a
    complete mapping the user can correct.

    Parameters
    ----------
    frame : pandas.DataFrame
        The parsed data.

    Returns
    -------
    ColumnRoles
    """
    single: dict[str, str] = {}
    sensitive: list[str] = []
    features: list[str] = []
    for column in frame.columns:
        series = frame[column]
        tokens = _tokens(column)
        role = "feature"
        if "id" not in single and _looks_like_id(series, tokens):
            role = "id"
        elif "date" not in single and _looks_like_date(series, tokens):
            role = "date"
        elif "score" not in single and tokens & _SCORE_NAMES and _is_probability(series):
            role = "score"
        elif "prediction" not in single and tokens & _PREDICTION_NAMES and _is_binary(series):
            role = "prediction"
        elif "label" not in single and tokens & _LABEL_NAMES and _is_binary(series):
            role = "label"
        elif tokens & _SENSITIVE_NAMES:
            role = "sensitive"
        if role in SINGLE_ROLES:
            single[role] = column
        elif role == "sensitive":
            sensitive.append(column)
        else:
            features.append(column)
    return ColumnRoles(**single, sensitive=tuple(sensitive), features=tuple(features))
