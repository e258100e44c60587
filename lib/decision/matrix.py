"""The decision matrix: options, criteria, weights and 1-5 scores, validated once."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from lib.errors import InputError

SCORE_MIN, SCORE_MAX = 1.0, 5.0
MIN_OPTIONS, MAX_OPTIONS = 2, 8
# Documented maxima of what a user controls: criteria, scorers' sheets and the size of a raw weight.
MAX_CRITERIA = 30
MAX_SCORERS = 12
# Weights are relative, so this bound costs nothing; it keeps their sum finite (1e308 + 1e308 overflows).
MAX_WEIGHT = 1_000_000.0
# Scorers whose scores for one option on one criterion differ by this much or more disagree.
DISAGREEMENT_GAP = 2.0
# Score given to a new cell until someone judges it: the middle of the scale.
NEUTRAL_SCORE = 3.0


@dataclass(frozen=True)
class DecisionMatrix:
    """Options scored against weighted criteria.

    Attributes
    ----------
    options : tuple of str
        Option names, unique, 2 to 8 of them.
    criteria : tuple of str
        Criterion names, unique.
    weights : numpy.ndarray
        Raw non-negative weight per criterion (not all zero); see :attr:`normalised_weights`.
    scores : numpy.ndarray
        Mean score, shape ``(n_options, n_criteria)``, each in 1-5 where 5 is best for the option.
    sheets : numpy.ndarray
        Every scorer's sheet, shape ``(n_scorers, n_options, n_criteria)``; one sheet when
        there is a single scorer.
    scorers : tuple of str
        Scorer names, one per sheet.
    """

    options: tuple[str, ...]
    criteria: tuple[str, ...]
    weights: np.ndarray
    scores: np.ndarray
    sheets: np.ndarray
    scorers: tuple[str, ...]

    @property
    def normalised_weights(self) -> np.ndarray:
        """Weights divided by their sum (they add up to 1)."""
        return normalise(self.weights)

    @property
    def low(self) -> np.ndarray:
        """Lowest score any scorer gave, per option and criterion."""
        return self.sheets.min(axis=0)

    @property
    def high(self) -> np.ndarray:
        """Highest score any scorer gave, per option and criterion."""
        return self.sheets.max(axis=0)

    @property
    def spread(self) -> np.ndarray:
        """Highest minus lowest score across scorers (0 with one scorer)."""
        return self.high - self.low

    def disagreements(self) -> list[dict[str, Any]]:
        """Cells where scorers differ by :data:`DISAGREEMENT_GAP` points or more."""
        flagged = []
        spread = self.spread
        for i, option in enumerate(self.options):
            for j, criterion in enumerate(self.criteria):
                if spread[i, j] >= DISAGREEMENT_GAP:
                    flagged.append(
                        {
                            "option": option,
                            "criterion": criterion,
                            "low": float(self.low[i, j]),
                            "high": float(self.high[i, j]),
                        }
                    )
        return flagged

    def disputed_criteria(self) -> list[str]:
        """Criteria with at least one cell where scorers disagree by 2 points or more."""
        seen = {d["criterion"] for d in self.disagreements()}
        return [c for c in self.criteria if c in seen]

    def with_weights(self, weights: Sequence[float]) -> DecisionMatrix:
        """The same matrix with other weights (validated)."""
        return build_matrix(
            self.options,
            self.criteria,
            weights,
            sheets={s: self.sheets[k] for k, s in enumerate(self.scorers)},
        )

    def with_scores(self, scores: np.ndarray) -> DecisionMatrix:
        """The same matrix with a single sheet of new scores (validated)."""
        return build_matrix(self.options, self.criteria, list(self.weights), scores)

    def scores_dict(self) -> dict[str, dict[str, float]]:
        """Option -> criterion -> mean score."""
        return {
            o: {c: float(self.scores[i, j]) for j, c in enumerate(self.criteria)} for i, o in enumerate(self.options)
        }

    def to_dict(self) -> dict[str, object]:
        """The MATRIX.json layout, with every scorer's sheet when there are several."""
        out: dict[str, object] = {
            "options": list(self.options),
            "criteria": [{"name": c, "weight": float(w)} for c, w in zip(self.criteria, self.weights, strict=True)],
            "scores": self.scores_dict(),
        }
        if len(self.scorers) > 1:
            out["scorers"] = {
                s: {
                    o: {c: float(self.sheets[k, i, j]) for j, c in enumerate(self.criteria)}
                    for i, o in enumerate(self.options)
                }
                for k, s in enumerate(self.scorers)
            }
        return out


def normalise(weights: Sequence[float] | np.ndarray) -> np.ndarray:
    """Non-negative weights, not all zero, scaled to add up to 1.

    Dividing by the largest weight first keeps the sum finite for any finite weights.

    Examples
    --------
    >>> normalise([2.0, 1.0, 1.0]).tolist()
    [0.5, 0.25, 0.25]
    """
    values = np.asarray(weights, dtype=float)
    scaled = values / values.max()
    return scaled / scaled.sum()


def _check_names(names: Sequence[object], *, what: str, source: str | None) -> tuple[str, ...]:
    cleaned = []
    for name in names:
        text = "" if name is None or (isinstance(name, float) and math.isnan(name)) else str(name).strip()
        if not text:
            raise InputError(f"a {what} has no name", file=source, expected=f"every {what} named")
        cleaned.append(text)
    seen: set[str] = set()
    duplicates = sorted({n for n in cleaned if n in seen or seen.add(n)})  # type: ignore[func-returns-value]
    if duplicates:
        raise InputError(
            f"{what} names must be unique",
            file=source,
            expected=f"each {what} once",
            found="repeated " + ", ".join(repr(d) for d in duplicates),
        )
    return tuple(cleaned)


def _as_number(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _blank(value: object) -> bool:
    # Table readers give an empty cell as None, "" or NaN.
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and math.isnan(value))
    )


def _shown(value: object) -> str:
    return "an empty cell" if _blank(value) else repr(value)


def check_weights(weights: Sequence[object], criteria: Sequence[str], *, source: str | None = None) -> np.ndarray:
    """Validate raw weights: finite, from 0 to :data:`MAX_WEIGHT`, not all zero.

    Returns
    -------
    numpy.ndarray
        The weights as floats (not normalised).
    """
    if len(weights) != len(criteria):
        raise InputError(
            "the number of weights does not match the number of criteria",
            file=source,
            column="weight",
            expected=f"{len(criteria)} weights",
            found=str(len(weights)),
        )
    values = np.array([_as_number(w) for w in weights], dtype=float)
    for criterion, value, raw in zip(criteria, values, weights, strict=True):
        if not math.isfinite(value) or value < 0:
            raise InputError(
                f"the weight of criterion '{criterion}' is not usable",
                file=source,
                column="weight",
                expected="a number of 0 or more",
                found=_shown(raw),
            )
        if value > MAX_WEIGHT:
            raise InputError(
                f"the weight of criterion '{criterion}' is too large",
                file=source,
                column="weight",
                expected=f"a number from 0 to {MAX_WEIGHT:,.0f} (weights are relative: only their ratios count)",
                found=f"{value:g}",
            )
    if values.sum() <= 0:
        raise InputError(
            "all weights are zero, so no criterion counts",
            file=source,
            column="weight",
            expected="at least one weight above 0",
            found="all 0",
        )
    return values


def _check_sheet(
    sheet: object, options: tuple[str, ...], criteria: tuple[str, ...], *, scorer: str | None, source: str | None
) -> np.ndarray:
    raw = np.asarray(sheet, dtype=object)
    if raw.shape != (len(options), len(criteria)):
        raise InputError(
            "the score table has the wrong shape",
            file=source,
            expected=f"{len(options)} options × {len(criteria)} criteria",
            found=" × ".join(str(n) for n in raw.shape),
        )
    values = np.vectorize(_as_number, otypes=[float])(raw) if raw.size else raw.astype(float)
    who = f" (scorer '{scorer}')" if scorer else ""
    for i, option in enumerate(options):
        for j, criterion in enumerate(criteria):
            value = values[i, j]
            if math.isnan(value):
                raise InputError(
                    f"the score of '{option}' on '{criterion}'{who} is missing",
                    file=source,
                    column=option,
                    expected="a score from 1 to 5",
                    found=_shown(raw[i, j]),
                )
            if not SCORE_MIN <= value <= SCORE_MAX:
                raise InputError(
                    f"the score of '{option}' on '{criterion}'{who} is outside 1-5",
                    file=source,
                    column=option,
                    expected="a score from 1 to 5 (5 = best for the option)",
                    found=f"{value:g}",
                )
    return values


def build_matrix(
    options: Sequence[object],
    criteria: Sequence[object],
    weights: Sequence[object],
    scores: object | None = None,
    *,
    sheets: Mapping[str, object] | None = None,
    source: str | None = None,
) -> DecisionMatrix:
    """Validate options, criteria, weights and scores into a :class:`DecisionMatrix`.

    Parameters
    ----------
    options, criteria : sequence of str
        Unique names; 2 to 8 options, at least one criterion.
    weights : sequence of float
        One non-negative weight per criterion, not all zero (normalised later).
    scores : array-like, optional
        One sheet of scores, shape ``(n_options, n_criteria)``, each 1-5.
    sheets : mapping of str to array-like, optional
        Several scorers' sheets (scorer -> scores); used instead of ``scores``.
    source : str, optional
        File name for error messages.

    Raises
    ------
    InputError
        On any bad input, with one message naming what is wrong.
    """
    option_names = _check_names(options, what="option", source=source)
    criterion_names = _check_names(criteria, what="criterion", source=source)
    if len(option_names) < MIN_OPTIONS:
        raise InputError(
            "a decision needs at least two options to compare",
            file=source,
            expected=f"{MIN_OPTIONS} to {MAX_OPTIONS} options",
            found=f"{len(option_names)} ({', '.join(option_names) or 'none'})",
        )
    if len(option_names) > MAX_OPTIONS:
        raise InputError(
            "too many options to compare",
            file=source,
            expected=f"{MIN_OPTIONS} to {MAX_OPTIONS} options",
            found=str(len(option_names)),
        )
    if not criterion_names:
        raise InputError("there are no criteria", file=source, expected="at least one criterion", found="none")
    if len(criterion_names) > MAX_CRITERIA:
        raise InputError(
            "too many criteria to weigh",
            file=source,
            expected=f"1 to {MAX_CRITERIA} criteria",
            found=str(len(criterion_names)),
        )
    weight_values = check_weights(list(weights), criterion_names, source=source)
    if sheets:
        scorer_names = _check_names(list(sheets), what="scorer", source=source)
        if len(scorer_names) > MAX_SCORERS:
            raise InputError(
                "too many scorers' sheets",
                file=source,
                expected=f"1 to {MAX_SCORERS} scorers",
                found=str(len(scorer_names)),
            )
        stack = np.stack(
            [
                _check_sheet(sheet, option_names, criterion_names, scorer=name, source=source)
                for name, sheet in zip(scorer_names, sheets.values(), strict=True)
            ]
        )
    elif scores is not None:
        scorer_names = ("scores",)
        stack = _check_sheet(scores, option_names, criterion_names, scorer=None, source=source)[None, :, :]
    else:
        raise InputError("there are no scores", file=source, expected="a score for every option and criterion")
    return DecisionMatrix(
        options=option_names,
        criteria=criterion_names,
        weights=weight_values,
        scores=stack.mean(axis=0),
        sheets=stack,
        scorers=scorer_names,
    )
