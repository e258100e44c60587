"""Specs of the decision analyses: the whole matrix with its weighting, and AHP weights on their own.

A decision spec holds everything a run needs, so a saved decision, an exported
notebook or ``python -m lib run decision --spec SPEC.json`` re-runs it with no file
beside it: the options, the criteria with their weights, every scorer's 1-5 scores,
how the weights were set (typed directly, or derived from AHP pairwise judgements,
which the run recomputes), the simulation settings and, when written, the decision
record.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from lib.analysis import NO_INPUTS, Record, Spec, check_number, check_seed, coerce_sequences
from lib.decision.matrix import (
    MAX_CRITERIA,
    MAX_OPTIONS,
    MAX_SCORERS,
    MAX_WEIGHT,
    MIN_OPTIONS,
    SCORE_MAX,
    SCORE_MIN,
    DecisionMatrix,
    build_matrix,
)
from lib.decision.robustness import DEFAULT_CONCENTRATION, DEFAULT_N_SIM, DEFAULT_SWING, check_simulation
from lib.decision.weights import JUDGEMENT_MAX, JUDGEMENT_MIN
from lib.errors import InputError

MAX_NAME_LENGTH = 200
# MATRIX.csv holds these columns besides one column per option, so no option can take their names.
RESERVED_OPTION_NAMES = ("criterion", "weight")
MAX_NOTE_LENGTH = 10_000
# Judgements typed to two decimals (0.11 for 1/9) stay within this share of Saaty's bounds.
_JUDGEMENT_TOLERANCE = 0.01

Weighting = Literal["direct", "ahp"]


def _as_float(value: object) -> object:
    # A whole number given from Python becomes the float JSON reads back, so equal specs
    # have equal fingerprints; anything else is left for validation to judge.
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
        try:
            return float(value)
        except OverflowError:  # a whole number beyond any float: refused as not finite
            return math.inf
    return value


def _floats(record: object, *names: str) -> None:
    for name in names:
        object.__setattr__(record, name, _as_float(getattr(record, name)))


class _Part(Record):
    """A record inside a spec: lists given in Python become tuples, so specs stay comparable."""

    def __post_init__(self) -> None:
        """Lists become tuples."""
        coerce_sequences(self)


@dataclass(frozen=True)
class Criterion(_Part):
    """A criterion and its direct weight (any non-negative scale; only ratios count)."""

    name: str
    weight: float

    def __post_init__(self) -> None:
        """A whole-number weight becomes a float."""
        _floats(self, "weight")


@dataclass(frozen=True)
class ScoreSheet(_Part):
    """One scorer's 1-5 scores: one row per option, one column per criterion, in the spec's order."""

    scorer: str
    scores: tuple[tuple[float, ...], ...]

    def __post_init__(self) -> None:
        """Rows become tuples of floats, as JSON reads them back."""
        rows = self.scores if isinstance(self.scores, (list, tuple)) else ()
        object.__setattr__(
            self,
            "scores",
            tuple(tuple(_as_float(v) for v in row) if isinstance(row, (list, tuple)) else row for row in rows),
        )


@dataclass(frozen=True)
class Judgement(_Part):
    """An AHP judgement: ``first`` is ``times`` as important as ``second`` (Saaty's 1/9 to 9)."""

    first: str
    second: str
    times: float

    def __post_init__(self) -> None:
        """A whole-number judgement becomes a float."""
        _floats(self, "times")


@dataclass(frozen=True)
class DecisionNote(_Part):
    """The decision record the decision makers write.

    Attributes
    ----------
    title, context, rationale, success_metrics : str
        Free text.
    chosen : str
        The option chosen; empty means the top-ranked option (on a tie the record asks for a choice).
    review_date : str
        ISO date (YYYY-MM-DD) when the decision is to be revisited, or empty.
    """

    title: str = ""
    context: str = ""
    chosen: str = ""
    rationale: str = ""
    success_metrics: str = ""
    review_date: str = ""


def _check_name(value: str, *, field: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"'{field}' has no name", expected="a non-empty name", found=repr(value)[:40])
    if value != value.strip():
        raise InputError(f"'{field}' starts or ends with spaces", expected="a trimmed name", found=repr(value)[:60])
    if len(value) > MAX_NAME_LENGTH:
        raise InputError(
            f"'{field}' is too long", expected=f"at most {MAX_NAME_LENGTH} characters", found=f"{len(value):,}"
        )


def _check_unique(names: Sequence[str], *, field: str, what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise InputError(f"'{field}' names a {what} twice", expected=f"each {what} once", found=repr(name))
        seen.add(name)


def _check_judgements(judgements: Sequence[Judgement], criteria: Sequence[str], *, field: str) -> None:
    known = set(criteria)
    pairs: set[frozenset[str]] = set()
    for k, item in enumerate(judgements):
        where = f"{field}[{k}]"
        for side in ("first", "second"):
            name = getattr(item, side)
            if name not in known:
                raise InputError(
                    f"'{where}.{side}' is not one of the criteria",
                    expected="one of " + ", ".join(repr(c) for c in criteria[:10]),
                    found=repr(name)[:60],
                )
        if item.first == item.second:
            raise InputError(
                f"'{where}' compares a criterion with itself",
                expected="two different criteria",
                found=repr(item.first)[:60],
            )
        pair = frozenset((item.first, item.second))
        if pair in pairs:
            raise InputError(
                f"'{where}' judges '{item.first}' against '{item.second}' a second time",
                expected="each pair of criteria judged once",
            )
        pairs.add(pair)
        check_number(item.times, field=f"{where}.times")
        low, high = JUDGEMENT_MIN * (1 - _JUDGEMENT_TOLERANCE), JUDGEMENT_MAX * (1 + _JUDGEMENT_TOLERANCE)
        if not low <= item.times <= high:
            raise InputError(
                f"'{where}.times' is outside Saaty's scale",
                expected="a value from 1/9 to 9 (1 = equally important, 3 = moderately more, 1/3 = the reverse)",
                found=f"{item.times:g}",
            )


def _check_note(note: DecisionNote, options: Sequence[str]) -> None:
    for name in ("title", "context", "chosen", "rationale", "success_metrics", "review_date"):
        value = getattr(note, name)
        if not isinstance(value, str):
            raise InputError(f"'record.{name}' must be text", found=repr(value)[:40])
        if len(value) > MAX_NOTE_LENGTH:
            raise InputError(
                f"'record.{name}' is too long",
                expected=f"at most {MAX_NOTE_LENGTH:,} characters",
                found=f"{len(value):,}",
            )
    if note.chosen and note.chosen not in options:
        raise InputError(
            "'record.chosen' is not one of the options",
            expected="one of " + ", ".join(repr(o) for o in options) + " (or empty)",
            found=repr(note.chosen)[:60],
        )
    if note.review_date:
        try:
            dt.date.fromisoformat(note.review_date)
        except ValueError:
            raise InputError(
                "'record.review_date' is not a date", expected="YYYY-MM-DD or empty", found=repr(note.review_date)[:40]
            ) from None


def _check_count(items: Sequence[object], *, field: str, low: int, high: int, what: str) -> None:
    if not low <= len(items) <= high:
        raise InputError(f"'{field}' has the wrong length", expected=f"{low} to {high} {what}", found=f"{len(items):,}")


@dataclass(frozen=True)
class DecisionSpec(Spec):
    """A weighted decision matrix and how to test its winner.

    Attributes
    ----------
    options : tuple of str
        2 to 8 options, unique, none named 'criterion' or 'weight' (MATRIX.csv's own columns).
    criteria : tuple of Criterion
        1 to 30 criteria, unique, each with a direct weight from 0 to 1,000,000 (at least one above 0).
    sheets : tuple of ScoreSheet
        1 to 12 scorers' sheets; each holds one row of 1-5 scores per option, one score per
        criterion (5 = best for the option). The matrix ranks their mean.
    weighting : {"direct", "ahp"}
        ``direct`` uses the criteria's weights; ``ahp`` derives the weights from ``judgements``
        (pairs not judged count as equally important) and ignores the direct ones.
    judgements : tuple of Judgement
        AHP pairwise judgements, each pair at most once, values from 1/9 to 9.
    n_sim : int
        Monte Carlo simulations for rank acceptability, 1 to 50,000.
    concentration : float
        Dirichlet concentration of the simulated weights around the chosen ones, above 0 and at
        most 1,000,000 (5-20: unsure of the weights; 50: fairly sure).
    vary_scores : bool
        Draw each score between the lowest and highest a scorer gave, in the simulations.
    seed : int
        Seed of the simulations, 0 to 2**32 - 1.
    swing : float
        Share of each weight it is moved down and up in the weight swings (above 0, at most 1).
    record : DecisionNote or None
        The decision record, when written; the report and notebook carry it.
    """

    kind = "decision"
    inputs = NO_INPUTS

    options: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    sheets: tuple[ScoreSheet, ...]
    weighting: Weighting = "direct"
    judgements: tuple[Judgement, ...] = ()
    n_sim: int = DEFAULT_N_SIM
    concentration: float = DEFAULT_CONCENTRATION
    vary_scores: bool = True
    seed: int = 0
    swing: float = DEFAULT_SWING
    record: DecisionNote | None = None

    def __post_init__(self) -> None:
        """Whole numbers given for float settings become floats, then the spec is validated."""
        _floats(self, "concentration", "swing")
        super().__post_init__()

    @property
    def criterion_names(self) -> tuple[str, ...]:
        """The criteria's names in order."""
        return tuple(c.name for c in self.criteria)

    def validate(self) -> None:
        """Check names, weights, every score, the judgements, the simulation and the record."""
        _check_count(self.options, field="options", low=MIN_OPTIONS, high=MAX_OPTIONS, what="options")
        for k, option in enumerate(self.options):
            _check_name(option, field=f"options[{k}]")
            if option.lower() in RESERVED_OPTION_NAMES:
                raise InputError(
                    f"'options[{k}]' is named like a MATRIX.csv column",
                    expected="an option name other than " + " or ".join(repr(n) for n in RESERVED_OPTION_NAMES),
                    found=repr(option),
                )
        _check_unique(self.options, field="options", what="option")
        _check_count(self.criteria, field="criteria", low=1, high=MAX_CRITERIA, what="criteria")
        for k, criterion in enumerate(self.criteria):
            _check_name(criterion.name, field=f"criteria[{k}].name")
            check_number(criterion.weight, field=f"criteria[{k}].weight", low=0.0, high=MAX_WEIGHT)
        _check_unique(self.criterion_names, field="criteria", what="criterion")
        if not any(c.weight > 0 for c in self.criteria):
            raise InputError(
                "all weights are zero, so no criterion counts", expected="at least one criteria[].weight above 0"
            )
        self._check_sheets()
        if self.weighting not in ("direct", "ahp"):
            raise InputError("'weighting' is unknown", expected="'direct' or 'ahp'", found=repr(self.weighting)[:40])
        _check_judgements(self.judgements, self.criterion_names, field="judgements")
        check_simulation(self.n_sim, self.concentration)
        check_seed(self.seed)
        check_number(self.swing, field="swing", low=0.0, low_open=True, high=1.0)
        if self.record is not None:
            _check_note(self.record, self.options)

    def _check_sheets(self) -> None:
        _check_count(self.sheets, field="sheets", low=1, high=MAX_SCORERS, what="scorers' sheets")
        for k, sheet in enumerate(self.sheets):
            _check_name(sheet.scorer, field=f"sheets[{k}].scorer")
            if len(sheet.scores) != len(self.options):
                raise InputError(
                    f"'sheets[{k}].scores' has the wrong number of rows",
                    expected=f"one row per option ({len(self.options)})",
                    found=f"{len(sheet.scores)}",
                )
            for i, row in enumerate(sheet.scores):
                if len(row) != len(self.criteria):
                    raise InputError(
                        f"'sheets[{k}].scores[{i}]' ({self.options[i]}) has the wrong number of scores",
                        expected=f"one score per criterion ({len(self.criteria)})",
                        found=f"{len(row)}",
                    )
                for j, value in enumerate(row):
                    bad = isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
                    if bad or not SCORE_MIN <= value <= SCORE_MAX:
                        raise InputError(
                            f"'sheets[{k}].scores[{i}][{j}]', the score of '{self.options[i]}' on "
                            f"'{self.criteria[j].name}' (scorer '{sheet.scorer}'), is outside 1-5",
                            expected="a score from 1 to 5 (5 = best for the option)",
                            found=str(value)[:40],
                        )
        _check_unique([s.scorer for s in self.sheets], field="sheets", what="scorer")

    def matrix(self) -> DecisionMatrix:
        """The matrix with the direct weights (the AHP weights are applied by the run)."""
        return build_matrix(
            self.options,
            self.criterion_names,
            [c.weight for c in self.criteria],
            sheets={s.scorer: [list(row) for row in s.scores] for s in self.sheets},
        )


@dataclass(frozen=True)
class AhpSpec(Spec):
    """Criteria weights from AHP pairwise judgements.

    Attributes
    ----------
    criteria : tuple of str
        2 to 30 criteria, unique, in the order the weights are reported.
    judgements : tuple of Judgement
        ``first`` is ``times`` as important as ``second`` (Saaty's scale, 1/9 to 9); each pair
        at most once, in either direction; pairs not judged count as equally important (1).
    """

    kind = "ahp_weights"
    inputs = NO_INPUTS

    criteria: tuple[str, ...]
    judgements: tuple[Judgement, ...]

    def validate(self) -> None:
        """Check the criteria and every judgement."""
        for k, name in enumerate(self.criteria):
            _check_name(name, field=f"criteria[{k}]")
        _check_unique(self.criteria, field="criteria", what="criterion")
        # The judgements first: a file comparing a criterion with itself names one criterion only.
        _check_judgements(self.judgements, self.criteria, field="judgements")
        _check_count(self.criteria, field="criteria", low=2, high=MAX_CRITERIA, what="criteria")


def pair_values(criteria: Sequence[str], judgements: Sequence[Judgement]) -> dict[tuple[str, str], float]:
    """Each judged pair in the criteria's order -> how many times as important the first is.

    A judgement given the other way round counts as its reciprocal, so a table that asks
    about every pair in one order can show any spec's judgements.

    Examples
    --------
    >>> pair_values(["a", "b", "c"], [Judgement("b", "a", 4.0), Judgement("a", "c", 3.0)])
    {('a', 'b'): 0.25, ('a', 'c'): 3.0}
    """
    order = {name: k for k, name in enumerate(criteria)}
    values = {}
    for j in judgements:
        if order[j.first] < order[j.second]:
            values[(j.first, j.second)] = j.times
        else:
            values[(j.second, j.first)] = 1 / j.times
    return values


def spec_from_matrix(
    matrix: DecisionMatrix,
    *,
    weighting: Weighting = "direct",
    judgements: Sequence[Judgement] = (),
    n_sim: int = DEFAULT_N_SIM,
    concentration: float = DEFAULT_CONCENTRATION,
    vary_scores: bool = True,
    seed: int = 0,
    swing: float = DEFAULT_SWING,
    record: DecisionNote | None = None,
) -> DecisionSpec:
    """The decision spec of a validated matrix (from a file, a preset or the page's editor).

    Parameters
    ----------
    matrix : DecisionMatrix
    weighting, judgements, n_sim, concentration, vary_scores, seed, swing, record
        As in :class:`DecisionSpec`.

    Returns
    -------
    DecisionSpec

    Raises
    ------
    InputError
        When a setting is out of bounds.
    """
    single = len(matrix.scorers) == 1
    return DecisionSpec(
        options=matrix.options,
        criteria=tuple(Criterion(c, float(w)) for c, w in zip(matrix.criteria, matrix.weights, strict=True)),
        sheets=tuple(
            ScoreSheet(
                "Scorer 1" if single and name == "scores" else name,
                tuple(tuple(float(v) for v in row) for row in matrix.sheets[k]),
            )
            for k, name in enumerate(matrix.scorers)
        ),
        weighting=weighting,
        judgements=tuple(judgements),
        n_sim=n_sim,
        concentration=concentration,
        vary_scores=vary_scores,
        seed=seed,
        swing=swing,
        record=record,
    )
