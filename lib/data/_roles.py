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
# Outcome names checked first, most specific first: "two_year_recid" before a generic "recid" column.
_PREFERRED_LABELS = ("label", "target", "y", "y_true", "outcome", "actual", "ground_truth", "two_year_recid")
# A model's outputs, never the label while an outcome-like column exists (COMPAS's high_risk, decile_score).
_MODEL_OUTPUT_NAMES = {
    "risk",
    "high_risk",
    "risk_score",
    "decile",
    "decile_score",
    "flag",
    "flagged",
    "alert",
    "rating",
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


def _separates(binary: pd.Series, score: pd.Series) -> bool:
    """Whether a two-valued column is a threshold of a numeric one (the classes' values do not overlap)."""
    values = pd.to_numeric(score, errors="coerce")
    known = binary.notna() & values.notna()
    if known.sum() < 10:
        return False
    classes = binary[known].astype(str)
    levels = classes.unique()
    if len(levels) != 2:
        return False
    first, second = (values[known][classes == level] for level in levels)
    return bool(first.max() < second.min() or second.max() < first.min())


_NOT_A_LABEL = 99


def _label_rank(tokens: set[str]) -> int:
    """0.. for the preferred outcome names (in their order), then other outcome names, else not a label."""
    for rank, name in enumerate(_PREFERRED_LABELS):
        if name in tokens:
            return rank
    return len(_PREFERRED_LABELS) if tokens & _LABEL_NAMES else _NOT_A_LABEL


def _choose_label(frame: pd.DataFrame, taken: set[str]) -> str | None:
    """The outcome column: outcome-like names first, never a threshold of a score while another choice exists."""
    candidates = []
    for position, column in enumerate(frame.columns):
        tokens = _tokens(column)
        if column in taken or not _is_binary(frame[column]):
            continue
        rank = _label_rank(tokens)
        if rank == _NOT_A_LABEL or (tokens & _MODEL_OUTPUT_NAMES and not tokens & _LABEL_NAMES):
            continue
        candidates.append((rank, position, column))
    scores = [
        c for c in frame.columns if _is_probability(frame[c]) or _tokens(c) & (_SCORE_NAMES | _MODEL_OUTPUT_NAMES)
    ]
    honest = [c for c in candidates if not any(_separates(frame[c[2]], frame[s]) for s in scores if s != c[2])]
    pool = honest or candidates
    return min(pool)[2] if pool else None


def infer_roles(frame: pd.DataFrame) -> ColumnRoles:
    """Guess each column's role from its name and contents.

    Names decide first (``sex`` is sensitive, ``y_pred`` a prediction); contents
    confirm (a label must have two values, a score must lie in [0, 1]). The label
    prefers outcome-like names (``two_year_recid`` over ``is_recid``), and a column
    named like a model output (``high_risk``, ``decile_score``) or one that is a
    threshold of a score is never the label while another candidate exists; a
    two-valued model output becomes the prediction. Every column without another
    role becomes a feature, so the guess is always a complete mapping the user can
    correct.

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
        if "id" not in single and _looks_like_id(series, tokens):
            single["id"] = column
        elif "date" not in single and _looks_like_date(series, tokens):
            single["date"] = column
        elif "score" not in single and tokens & _SCORE_NAMES and _is_probability(series):
            single["score"] = column
        elif "prediction" not in single and tokens & _PREDICTION_NAMES and _is_binary(series):
            single["prediction"] = column
    label = _choose_label(frame, set(single.values()))
    if label is not None:
        single["label"] = label
    if "prediction" not in single:
        for column in frame.columns:
            tokens = _tokens(column)
            if column not in single.values() and tokens & _MODEL_OUTPUT_NAMES and _is_binary(frame[column]):
                single["prediction"] = column
                break
    for column in frame.columns:
        if column in single.values():
            continue
        if _tokens(column) & _SENSITIVE_NAMES:
            sensitive.append(column)
        else:
            features.append(column)
    return ColumnRoles(**single, sensitive=tuple(sensitive), features=tuple(features))
