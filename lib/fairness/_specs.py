"""Specs of the fairness analyses: the audit, the threshold sweep and the mitigation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lib.analysis import DATA_TABLE, Spec, check_count, check_number, check_seed, check_text
from lib.errors import InputError

DEFAULT_MAX_DIFFERENCE = 0.1
DEFAULT_MIN_RATIO = 0.8
DEFAULT_MIN_GROUP_SIZE = 30
DEFAULT_N_BOOT = 1000
# Documented maxima of the counts a user controls (checked before any work starts).
MAX_N_BOOT = 20_000
MAX_GROUP_SIZE = 10_000_000
MAX_SWEEP_POINTS = 1_001
CONSTRAINTS = ("demographic_parity", "equalized_odds", "true_positive_rate_parity", "false_positive_rate_parity")
Constraint = Literal["demographic_parity", "equalized_odds", "true_positive_rate_parity", "false_positive_rate_parity"]


def _check_columns(label: str, sensitive: tuple[str, ...]) -> None:
    check_text(label, field="label")
    if not sensitive:
        raise InputError("choose at least one sensitive column", expected="a column such as sex or race")
    for column in sensitive:
        check_text(column, field="sensitive")
    if len(set(sensitive)) != len(sensitive):
        raise InputError("a sensitive column is listed twice", found=", ".join(sensitive))


def _check_threshold(threshold: float | None, score: str | None) -> None:
    if threshold is None:
        return
    if score is None:
        raise InputError("a threshold applies to a score column", expected="a score column with the threshold")
    # Any finite value: scores on another scale are allowed; the run checks it against scores in [0, 1].
    check_number(threshold, field="threshold")


@dataclass(frozen=True)
class AuditSpec(Spec):
    """Everything a bias audit needs besides its data.

    Attributes
    ----------
    label : str
        Column of actual outcomes.
    sensitive : tuple of str
        Sensitive columns.
    prediction, score : str or None
        Exactly one: binary predictions, or scores turned into predictions as ``score >= threshold``.
    threshold : float or None
        Threshold for scores (0.5 when not given); in [0, 1] when the scores are.
    positive : str or None
        The positive label value when it is not 0/1, yes/no or the like.
    intersectional : bool
        Audit combinations of the sensitive columns instead of each on its own.
    max_difference, min_ratio : float
        Limits for differences and ratios, each from 0 to 1 (a difference of 1 or a ratio of 0 sets no limit).
    min_group_size : int
        Groups with fewer rows are flagged small.
    reference : str
        Reference group for the ratios: ``largest``, ``best`` or a group name.
    n_boot : int
        Bootstrap resamples (50 to 20,000).
    seed : int
        Seed of the resampling.
    level : float
        Confidence level of the intervals.
    strict : bool
        Insufficient evidence also fails the release gate.
    """

    kind = "bias_audit"
    inputs = DATA_TABLE

    label: str
    sensitive: tuple[str, ...]
    prediction: str | None = None
    score: str | None = None
    threshold: float | None = None
    positive: str | None = None
    intersectional: bool = False
    max_difference: float = DEFAULT_MAX_DIFFERENCE
    min_ratio: float = DEFAULT_MIN_RATIO
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE
    reference: str = "largest"
    n_boot: int = DEFAULT_N_BOOT
    seed: int = 0
    level: float = 0.95
    strict: bool = False

    def validate(self) -> None:
        """Check columns, limits and counts (see the attributes for the accepted ranges)."""
        _check_columns(self.label, self.sensitive)
        if (self.prediction is None) == (self.score is None):
            raise InputError(
                "give either a prediction column or a score column",
                expected="exactly one of a prediction or a score column",
                found="both" if self.prediction else "neither",
            )
        _check_threshold(self.threshold, self.score)
        # 1 (differences) and 0 (ratios) mean "no limit"; 0 and 1 are the strictest.
        check_number(self.max_difference, field="max_difference", low=0.0, high=1.0)
        check_number(self.min_ratio, field="min_ratio", low=0.0, high=1.0)
        check_count(self.min_group_size, field="min_group_size", low=1, high=MAX_GROUP_SIZE, what="rows")
        check_count(self.n_boot, field="n_boot", low=50, high=MAX_N_BOOT, what="resamples")
        check_seed(self.seed)
        check_number(self.level, field="level", low=0.5, high=1.0, high_open=True)
        check_text(self.reference, field="reference")


@dataclass(frozen=True)
class SweepSpec(Spec):
    """A sweep of decision thresholds over a score column.

    Attributes
    ----------
    label, score : str
    sensitive : tuple of str
    positive : str or None
    intersectional : bool
    thresholds : tuple of float or None
        The thresholds to try (default: 101 evenly spaced across the scores' range; at most 1,001).
    """

    kind = "threshold_sweep"
    inputs = DATA_TABLE

    label: str
    score: str
    sensitive: tuple[str, ...]
    positive: str | None = None
    intersectional: bool = False
    thresholds: tuple[float, ...] | None = None

    def validate(self) -> None:
        """Check columns and the threshold grid."""
        _check_columns(self.label, self.sensitive)
        check_text(self.score, field="score")
        if self.thresholds is not None:
            if not 1 <= len(self.thresholds) <= MAX_SWEEP_POINTS:
                raise InputError(
                    "'thresholds' has the wrong length",
                    expected=f"1 to {MAX_SWEEP_POINTS:,} thresholds",
                    found=f"{len(self.thresholds):,}",
                )
            for value in self.thresholds:
                check_number(value, field="thresholds")


@dataclass(frozen=True)
class MitigationSpec(Spec):
    """Group-specific thresholds chosen by Fairlearn's ThresholdOptimizer, audited before and after.

    Attributes
    ----------
    label, score : str
    sensitive : tuple of str
    constraint : str
        ``demographic_parity``, ``equalized_odds``, ``true_positive_rate_parity`` or ``false_positive_rate_parity``.
    positive : str or None
    threshold : float or None
        The original single threshold, for the audit before (0.5 when not given).
    intersectional : bool
    min_group_size : int
    n_boot : int
    seed : int
        Seeds the resampling and the randomised thresholds.
    """

    kind = "mitigation"
    inputs = DATA_TABLE

    label: str
    score: str
    sensitive: tuple[str, ...]
    constraint: Constraint = "demographic_parity"
    positive: str | None = None
    threshold: float | None = None
    intersectional: bool = True
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE
    n_boot: int = 200
    seed: int = 0

    def validate(self) -> None:
        """Check columns, the constraint, the threshold and counts."""
        _check_columns(self.label, self.sensitive)
        check_text(self.score, field="score")
        if self.constraint not in CONSTRAINTS:
            raise InputError(
                "unknown fairness constraint", expected="one of " + ", ".join(CONSTRAINTS), found=repr(self.constraint)
            )
        _check_threshold(self.threshold, self.score)
        check_count(self.min_group_size, field="min_group_size", low=1, high=MAX_GROUP_SIZE, what="rows")
        check_count(self.n_boot, field="n_boot", low=50, high=MAX_N_BOOT, what="resamples")
        check_seed(self.seed)
