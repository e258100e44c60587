"""A/B test readout: effect with its interval, p-value, sample-ratio check, guardrails and the plan's decision."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from lib.analysis import (
    DATA_TABLE,
    NO_INPUTS,
    Record,
    Result,
    Spec,
    TableSource,
    check_count,
    check_number,
    check_text,
    coerce_sequences,
)
from lib.data import require_columns, show_value
from lib.errors import InputError
from lib.launch._checks import check_choice, check_test_settings
from lib.launch._stats import Alternative, msprt_half_width, msprt_p_value
from lib.provenance import Provenance

MetricType = Literal["auto", "conversion", "continuous"]
METRIC_TYPES = ("auto", "conversion", "continuous")
SRM_THRESHOLD = 0.001
MAX_UNITS = 10**12
SHIP, DO_NOT_SHIP, INCONCLUSIVE, KEEP_RUNNING, INVESTIGATE = (
    "ship",
    "do not ship",
    "inconclusive",
    "keep running",
    "investigate",
)
# Names that say which arm is the control when the user did not.
_CONTROL_NAMES = ("control", "baseline", "a", "0", "off", "old", "false", "ctrl")

READOUT_METHOD = (
    "Conversion: difference of rates with a Wald interval (unpooled variance) and a pooled two-proportion z-test "
    "(as statsmodels' proportions_ztest). Continuous: Welch's t-test and interval (unequal variances). A one-sided "
    "test at alpha is shown with the two-sided 1 - 2 alpha interval, whose bound matches it. Sample-ratio "
    "mismatch: chi-square goodness of fit of the units per arm against the planned split, flagged below p = 0.001. "
    "Sequential interval (when asked): mixture SPRT of Johari, Koomen, Pekelis & Walsh (2017), normal mixing "
    "distribution with standard deviation tau = the MDE; valid at every look."
)


@dataclass(frozen=True)
class ArmStats(Record):
    """One arm's results: units, and conversions (a rate) or a mean with its standard deviation.

    Attributes
    ----------
    units : int
        Users, sessions or whatever was randomised (at least 1).
    conversions : int, optional
        Units that converted (0 to ``units``).
    mean, sd : float, optional
        The metric's mean and standard deviation per unit.
    """

    units: int
    conversions: int | None = None
    mean: float | None = None
    sd: float | None = None

    def __post_init__(self) -> None:
        """Refuse arms with no units and counts that do not fit."""
        coerce_sequences(self)
        if isinstance(self.units, bool) or not isinstance(self.units, int) or self.units < 1:
            raise InputError("an arm has no units", expected="at least 1 unit in each arm", found=str(self.units))
        check_count(self.units, field="units", low=1, high=MAX_UNITS)
        if self.conversions is not None:
            check_count(self.conversions, field="conversions", low=0, high=self.units, what="(at most the units)")
        elif self.mean is None or self.sd is None:
            raise InputError("an arm needs conversions, or a mean and a standard deviation", found="neither")
        if self.mean is not None:
            check_number(self.mean, field="mean")
            check_number(self.sd, field="sd", low=0.0)

    @property
    def metric_type(self) -> str:
        """``conversion`` or ``continuous``."""
        return "conversion" if self.conversions is not None else "continuous"

    @property
    def value(self) -> float:
        """The rate or the mean."""
        return self.conversions / self.units if self.conversions is not None else float(self.mean or 0.0)

    @property
    def variance(self) -> float:
        """One unit's variance."""
        if self.conversions is not None:
            return self.value * (1.0 - self.value)
        return float(self.sd or 0.0) ** 2


@dataclass(frozen=True)
class ReadoutGuardrail(Record):
    """A guardrail at readout: its data, and the harm that must be ruled out.

    Attributes
    ----------
    name : str
        With a data file: the column holding the guardrail metric.
    margin : float
        The largest acceptable harm, in the metric's units (above 0).
    harm : {"increase", "decrease"}
    sd_column : str, optional
        In a file of per-arm totals: the column of the guardrail's standard deviation (a continuous metric).
    control, treatment : ArmStats, optional
        Without a data file: the guardrail's results in each arm.
    """

    name: str
    margin: float
    harm: Literal["increase", "decrease"] = "increase"
    sd_column: str | None = None
    control: ArmStats | None = None
    treatment: ArmStats | None = None

    def __post_init__(self) -> None:
        """Check the name, the margin and the direction."""
        coerce_sequences(self)
        check_text(self.name, field="guardrails.name", max_length=200)
        check_number(self.margin, field=f"margin of guardrail '{self.name}'", low=0.0, low_open=True)
        check_choice(self.harm, field="harm", choices=("increase", "decrease"))
        if (self.control is None) != (self.treatment is None):
            raise InputError(f"guardrail '{self.name}' needs results for both arms", found="only one arm")


@dataclass(frozen=True)
class ReadoutSpec(Spec):
    """How to read an A/B test's results, as the plan registered it before the test started.

    Give either a data file (``arm`` and ``metric`` columns; one row per unit, or with ``units``
    one row per arm or per arm and day) or each arm's results (``control_stats``, ``treatment_stats``).

    Attributes
    ----------
    arm, metric : str, optional
        Columns of the arm and of the metric (per unit: 0/1 or a number; per arm: conversions or the mean).
    units : str, optional
        Column of units per row: the file holds totals, not units.
    sd : str, optional
        Column of the standard deviation per row, for a continuous metric in a file of totals.
    control, treatment : str, optional
        The declared arm names; a file with any other arm is refused.
    control_stats, treatment_stats : ArmStats, optional
        Each arm's results when there is no file.
    metric_type : {"auto", "conversion", "continuous"}
        ``auto``: 0/1 values (or conversions) are a rate, anything else a mean.
    expected_ratio : float
        Planned treatment units per control unit (the sample-ratio check's expectation).
    alpha : float
    alternative : {"two-sided", "one-sided"}
    higher_is_better : bool
        Which direction of the metric is an improvement.
    planned_n_per_arm : int, optional
        The plan's control-arm units; reading earlier is flagged.
    sequential : bool
        Add the always-valid interval, so looking early is safe (needs ``mde``).
    mde : float, optional
        The plan's MDE in the metric's units (the sequential interval's mixing scale).
    guardrails : tuple of ReadoutGuardrail
    """

    kind = "abtest_readout"
    inputs = DATA_TABLE

    arm: str | None = None
    metric: str | None = None
    units: str | None = None
    sd: str | None = None
    control: str | None = None
    treatment: str | None = None
    control_stats: ArmStats | None = None
    treatment_stats: ArmStats | None = None
    metric_type: MetricType = "auto"
    expected_ratio: float = 1.0
    alpha: float = 0.05
    alternative: Alternative = "two-sided"
    higher_is_better: bool = True
    planned_n_per_arm: int | None = None
    sequential: bool = False
    mde: float | None = None
    guardrails: tuple[ReadoutGuardrail, ...] = ()

    def validate(self) -> None:
        """Check that the data is given one way, and the test settings."""
        from_file = self.arm is not None or self.metric is not None
        from_stats = self.control_stats is not None or self.treatment_stats is not None
        if from_file == from_stats:
            raise InputError(
                "give either a results file (arm and metric columns) or each arm's results",
                found="both" if from_file else "neither",
            )
        if from_file:
            check_text(self.arm, field="arm")
            check_text(self.metric, field="metric")
            if self.sd is not None and self.units is None:
                raise InputError("an sd column goes with a units column (a file of per-arm totals)")
        else:
            if self.control_stats is None or self.treatment_stats is None:
                raise InputError("give results for both arms", expected="control_stats and treatment_stats")
            if self.control_stats.metric_type != self.treatment_stats.metric_type:
                raise InputError(
                    "the two arms give different kinds of metric", expected="conversions in both, or means"
                )
            for guardrail in self.guardrails:
                if guardrail.control is None:
                    raise InputError(
                        f"guardrail '{guardrail.name}' needs each arm's results", expected="control and treatment"
                    )
        for name in (self.control, self.treatment):
            if name is not None:
                check_text(name, field="control/treatment", max_length=200)
        if self.control is not None and self.control == self.treatment:
            raise InputError("the control and treatment arms have the same name", found=repr(self.control))
        check_choice(self.metric_type, field="metric_type", choices=METRIC_TYPES)
        check_number(self.expected_ratio, field="expected_ratio", low=0.0, high=100.0, low_open=True)
        check_test_settings(alpha=self.alpha, power=None, alternative=self.alternative)
        if self.planned_n_per_arm is not None:
            check_count(self.planned_n_per_arm, field="planned_n_per_arm", low=2, high=MAX_UNITS, what="units")
        check_number(self.mde, field="mde", low=0.0, low_open=True, allow_none=True)
        if self.sequential and self.mde is None:
            raise InputError(
                "the sequential interval needs the plan's MDE", expected="'mde' in the metric's units, e.g. 0.005"
            )
        names = [g.name for g in self.guardrails]
        if len(set(names)) != len(names):
            raise InputError("two guardrails have the same name", found=", ".join(names))

    def required_inputs(self) -> dict[str, str]:
        """A data table when the results come from a file; nothing when each arm's results are given."""
        return dict(DATA_TABLE) if self.arm is not None else dict(NO_INPUTS)


@dataclass(frozen=True)
class GuardrailReadout(Record):
    """A guardrail's verdict: ``pass`` (harm beyond the margin ruled out), ``fail`` (shown) or ``inconclusive``."""

    name: str
    control: float
    treatment: float
    change: float
    harm_bound: float
    margin: float
    status: str
    reason: str


@dataclass(frozen=True)
class ReadoutResult(Result):
    """An A/B test's readout.

    JSON keys the command line promises: ``effect`` (treatment minus control), ``ci``,
    ``p_value``, ``srm_pvalue``, ``decision``; plus ``relative_effect``, ``arms``,
    ``sequential`` (when asked), ``guardrails``, ``reasons``.
    """

    json_extras = ("method",)
    method = READOUT_METHOD

    metric_type: str
    control: str
    treatment: str
    arms: dict[str, ArmStats]
    effect: float
    ci: tuple[float, float]
    level: float
    p_value: float
    relative_effect: float | None
    relative_ci: tuple[float | None, float | None]
    srm_pvalue: float
    srm: bool
    sequential: dict[str, Any] | None
    guardrails: tuple[GuardrailReadout, ...]
    decision: str
    reasons: tuple[str, ...]
    notes: tuple[str, ...]
    alpha: float
    alternative: str
    higher_is_better: bool
    provenance: Provenance


# --- the numbers -------------------------------------------------------------------------------------


def _difference(control: ArmStats, treatment: ArmStats, *, alpha: float, alternative: str) -> dict[str, float]:
    """Effect, its interval at the plan's level, the p-value (toward an increase when one-sided) and the SE."""
    level_alpha = alpha if alternative == "two-sided" else 2 * alpha
    diff = treatment.value - control.value
    n1, n2 = control.units, treatment.units
    if control.metric_type == "conversion":
        se = math.sqrt(control.variance / n1 + treatment.variance / n2)
        z_crit = float(stats.norm.isf(level_alpha / 2))
        pooled = (float(control.conversions or 0) + float(treatment.conversions or 0)) / (n1 + n2)
        se0 = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = diff / se0 if se0 > 0 else 0.0
        p_up = float(stats.norm.sf(z))
        p_two = float(2 * stats.norm.sf(abs(z)))
        low, high = diff - z_crit * se, diff + z_crit * se
    else:
        v1, v2 = control.variance / n1, treatment.variance / n2
        se = math.sqrt(v1 + v2)
        if n1 < 2 or n2 < 2:
            raise InputError("a continuous metric needs at least 2 units in each arm", found=f"{n1} and {n2}")
        df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1)) if se > 0 else float(n1 + n2 - 2)
        t_crit = float(stats.t.isf(level_alpha / 2, df))
        t = diff / se if se > 0 else 0.0
        p_up = float(stats.t.sf(t, df))
        p_two = float(2 * stats.t.sf(abs(t), df))
        low, high = diff - t_crit * se, diff + t_crit * se
    return {"diff": diff, "low": low, "high": high, "se": se, "p_up": p_up, "p_two": p_two, "level": 1 - level_alpha}


def _relative(
    control: ArmStats, treatment: ArmStats, z_crit: float
) -> tuple[float | None, tuple[float | None, float | None]]:
    # Katz's interval on the log of the ratio of rates (or means), for rates and positive means.
    c, t = control.value, treatment.value
    if c <= 0 or t <= 0:
        return (None if c == 0 else t / c - 1.0), (None, None)
    log_se = math.sqrt(control.variance / (control.units * c**2) + treatment.variance / (treatment.units * t**2))
    ratio = t / c
    return ratio - 1.0, (ratio * math.exp(-z_crit * log_se) - 1.0, ratio * math.exp(z_crit * log_se) - 1.0)


def srm_p_value(control_units: int, treatment_units: int, *, expected_ratio: float) -> float:
    """Chi-square goodness-of-fit p-value of the units per arm against the planned split.

    Examples
    --------
    >>> round(srm_p_value(5000, 5000, expected_ratio=1.0), 6)
    1.0
    """
    total = control_units + treatment_units
    expected = np.array([1.0, expected_ratio]) / (1.0 + expected_ratio) * total
    return float(stats.chisquare([control_units, treatment_units], f_exp=expected).pvalue)


def _guardrail(
    item: ReadoutGuardrail, control: ArmStats, treatment: ArmStats, *, alpha: float, sequential: bool
) -> GuardrailReadout:
    change = treatment.value - control.value
    harm = change if item.harm == "increase" else -change
    se = math.sqrt(control.variance / control.units + treatment.variance / treatment.units)
    if sequential:
        width = msprt_half_width(se**2, item.margin, 2 * alpha) if se > 0 else 0.0
    else:
        width = float(stats.norm.isf(alpha)) * se
    upper, lower = harm + width, harm - width
    if upper < item.margin:
        status, reason = "pass", f"harm beyond {item.margin:g} is ruled out (bound {upper:.4g})"
    elif lower > item.margin:
        status, reason = "fail", f"harm beyond the margin {item.margin:g} is shown (bound {lower:.4g})"
    else:
        status, reason = "inconclusive", f"harm of up to {upper:.4g} is not ruled out (margin {item.margin:g})"
    return GuardrailReadout(item.name, control.value, treatment.value, change, upper, item.margin, status, reason)


# --- reading the data --------------------------------------------------------------------------------


def _numbers(series: pd.Series, *, file: str, column: str) -> pd.Series:
    values = pd.to_numeric(series.astype("object") if series.dtype == bool else series, errors="coerce")
    bad = values.isna() & series.notna()
    if bad.any():
        raise InputError(
            "the metric must be numbers",
            file=file,
            column=column,
            expected="0/1 or numbers",
            found=f"{int(bad.sum()):,} values such as {show_value(series[bad].iloc[0])}",
        )
    finite = values.dropna()
    if not np.isfinite(finite.to_numpy(dtype=float)).all():
        raise InputError("the metric has infinite values", file=file, column=column, expected="finite numbers")
    return values.astype(float)


def _arm_names(labels: pd.Series, spec: ReadoutSpec, *, file: str) -> tuple[str, str, list[str]]:
    found = sorted(pd.unique(labels.dropna()).tolist())
    notes: list[str] = []
    declared = [n for n in (spec.control, spec.treatment) if n is not None]
    if declared:
        for name in declared:
            if name not in found:
                raise InputError(
                    f"arm {name!r} has no units",
                    file=file,
                    column=spec.arm,
                    expected=f"rows for {name!r}",
                    found="arms " + (", ".join(repr(v) for v in found[:10]) or "none"),
                )
        extra = [v for v in found if v not in declared]
        if spec.control is not None and spec.treatment is not None and extra:
            raise InputError(
                "the arm column has more arms than declared",
                file=file,
                column=spec.arm,
                expected=f"only {spec.control!r} and {spec.treatment!r}",
                found="also " + ", ".join(repr(v) for v in extra[:10]),
            )
        if len(declared) == 1:
            others = [v for v in found if v not in declared]
            if len(others) != 1:
                raise InputError(
                    "name both arms: the file's arms are not one declared arm and one other",
                    file=file,
                    column=spec.arm,
                    expected="two arms",
                    found=", ".join(repr(v) for v in found[:10]) or "none",
                )
            control = spec.control or others[0]
            treatment = spec.treatment or others[0]
        else:
            control, treatment = str(spec.control), str(spec.treatment)
        return control, treatment, notes
    if len(found) != 2:
        raise InputError(
            "the arm column must hold exactly two arms (or declare control and treatment)",
            file=file,
            column=spec.arm,
            expected="two arm names, e.g. control and treatment",
            found=f"{len(found)}: " + ", ".join(repr(v) for v in found[:10]),
        )
    named = [v for v in found if v.strip().lower() in _CONTROL_NAMES]
    control = named[0] if len(named) == 1 else found[0]
    treatment = found[1] if control == found[0] else found[0]
    if len(named) != 1:
        notes.append(f"The control arm was taken to be {control!r} (first by name); declare it to be sure.")
    return control, treatment, notes


def _stats_from_units(values: pd.Series, metric_type: str) -> ArmStats:
    if metric_type == "conversion":
        return ArmStats(units=len(values), conversions=int(values.sum()))
    sd = float(values.std(ddof=1)) if len(values) > 1 else 0.0
    return ArmStats(units=len(values), mean=float(values.mean()), sd=sd)


def _stats_from_totals(rows: pd.DataFrame, *, units: str, value: str, sd: str | None, file: str) -> ArmStats:
    n = rows[units].to_numpy(dtype=float)
    if (n < 0).any() or not np.all(n == np.round(n)):
        raise InputError("units must be whole numbers of 0 or more", file=file, column=units)
    total = int(n.sum())
    if total < 1:
        raise InputError("an arm has no units", file=file, column=units, expected="at least 1 unit per arm", found="0")
    values = rows[value].to_numpy(dtype=float)
    if sd is None:
        if (values < 0).any() or (values > n).any() or not np.all(values == np.round(values)):
            raise InputError(
                "conversions must be whole numbers from 0 to the units of the row",
                file=file,
                column=value,
                found=f"values from {values.min():g} to {values.max():g}",
            )
        return ArmStats(units=total, conversions=int(values.sum()))
    sds = rows[sd].to_numpy(dtype=float)
    if (sds < 0).any():
        raise InputError("standard deviations cannot be negative", file=file, column=sd)
    # Rows (days, segments) of one arm combine into the arm's mean and standard deviation.
    mean = float((n * values).sum() / total)
    spread = float(((n - 1).clip(min=0) * sds**2).sum() + (n * (values - mean) ** 2).sum())
    return ArmStats(units=total, mean=mean, sd=math.sqrt(spread / (total - 1)) if total > 1 else 0.0)


def _metric_type(values: pd.Series, requested: str, *, totals: bool, has_sd: bool) -> str:
    if requested != "auto":
        return requested
    if totals:
        return "continuous" if has_sd else "conversion"
    return "conversion" if set(pd.unique(values.dropna())) <= {0.0, 1.0} else "continuous"


def arms_from_table(
    spec: ReadoutSpec, source: TableSource
) -> tuple[dict[str, ArmStats], dict[str, dict[str, ArmStats]], str, str, list[str]]:
    """Each arm's results (and each guardrail's) from a file of units or of per-arm totals.

    Returns
    -------
    (dict, dict, str, str, list of str)
        Arm -> results, guardrail -> arm -> results, the control's name, the treatment's, notes.
    """
    frame, file = source.frame, source.name
    assert spec.arm is not None and spec.metric is not None
    guard_columns = [g.name for g in spec.guardrails] + [g.sd_column for g in spec.guardrails if g.sd_column]
    require_columns(frame, [spec.arm, spec.metric, spec.units, spec.sd, *guard_columns], file=file, purpose="readout")
    labels = frame[spec.arm].map(lambda v: None if pd.isna(v) else str(v))
    control, treatment, notes = _arm_names(labels, spec, file=file)
    if labels.isna().any():
        notes.append(f"{int(labels.isna().sum()):,} rows without an arm were left out.")
    totals = spec.units is not None

    def read(column: str, sd_column: str | None, requested: str) -> dict[str, ArmStats]:
        values = _numbers(frame[column], file=file, column=column)
        if totals:
            assert spec.units is not None
            numbers = frame[[spec.units, column, *([sd_column] if sd_column else [])]].apply(
                pd.to_numeric, errors="coerce"
            )
            if numbers.isna().any().any():
                raise InputError("a file of totals needs a number in every cell", file=file, column=column)
            kind = _metric_type(values, requested, totals=True, has_sd=sd_column is not None)
            if kind == "continuous" and sd_column is None:
                raise InputError(
                    "a continuous metric in a file of totals needs its standard deviation column",
                    file=file,
                    column=column,
                    expected="an sd column",
                )
            return {
                arm: _stats_from_totals(
                    numbers[labels == arm],
                    units=spec.units,
                    value=column,
                    sd=sd_column if kind == "continuous" else None,
                    file=file,
                )
                for arm in (control, treatment)
            }
        missing = int(values[labels.notna()].isna().sum())
        if missing:
            notes.append(f"{missing:,} units without a value of '{column}' were left out.")
        kind = _metric_type(values, requested, totals=False, has_sd=False)
        if kind == "conversion" and not set(pd.unique(values.dropna())) <= {0.0, 1.0}:
            raise InputError("a conversion metric must be 0 or 1 per unit", file=file, column=column, expected="0 or 1")
        out = {}
        for arm in (control, treatment):
            arm_values = values[(labels == arm) & values.notna()]
            if arm_values.empty:
                raise InputError(f"arm {arm!r} has no units with a value", file=file, column=column)
            out[arm] = _stats_from_units(arm_values, kind)
        return out

    arms = read(spec.metric, spec.sd, spec.metric_type)
    guardrails = {g.name: read(g.name, g.sd_column, "auto") for g in spec.guardrails}
    return arms, guardrails, control, treatment, notes


# --- the decision ------------------------------------------------------------------------------------


def _decide(
    spec: ReadoutSpec, arms: Mapping[str, ArmStats], significant: tuple[bool, bool], srm_p: float,
    sequential: dict[str, Any] | None, guardrails: tuple[GuardrailReadout, ...],
) -> tuple[str, list[str]]:  # fmt: skip
    """The decision the registered plan implies; ``significant`` is (better, worse) beyond chance."""
    units = [a.units for a in arms.values()]
    if srm_p < SRM_THRESHOLD:
        return INVESTIGATE, [
            f"Sample ratio mismatch: the arms' units ({units[0]:,} and {units[1]:,}) are unlikely under the planned "
            f"split (chi-square p = {srm_p:.2g}). Find the cause (assignment, logging, bots) before reading the effect."
        ]
    reached = spec.planned_n_per_arm is None or min(units) >= spec.planned_n_per_arm
    if sequential is None and not reached:
        assert spec.planned_n_per_arm is not None
        return KEEP_RUNNING, [
            f"The plan's sample is not reached ({min(units):,} of {spec.planned_n_per_arm:,} units in the smaller arm). "
            "Reading a fixed-sample test early inflates false positives: keep running, or use the sequential interval."
        ]
    better, worse = significant
    if better:
        failing = [g for g in guardrails if g.status != "pass"]
        if failing:
            return DO_NOT_SHIP, [f"The metric improved, but guardrail '{g.name}': {g.reason}." for g in failing]
        return SHIP, ["The metric improved beyond chance and every guardrail rules out harm beyond its margin."]
    if worse:
        return DO_NOT_SHIP, ["The treatment made the metric worse, beyond chance."]
    if sequential is not None and not reached:
        return KEEP_RUNNING, ["No effect is established yet; the sequential interval allows looking again later."]
    return INCONCLUSIVE, [
        "No effect was detected: the plan says do not ship on this evidence. The true effect is likely smaller than "
        "the MDE the test was sized for."
    ]


def _significance(spec: ReadoutSpec, numbers: dict[str, float], sequential: dict[str, Any] | None) -> tuple[bool, bool]:
    """(better, worse) beyond chance: the always-valid interval when sequential, else the test's p-value."""
    sign = 1.0 if spec.higher_is_better else -1.0
    if sequential is not None:
        low, high = sequential["ci"]
        good_low, good_high = (low, high) if sign > 0 else (-high, -low)
        return good_low > 0, good_high < 0 and spec.alternative == "two-sided"
    direction = sign * numbers["diff"]
    if spec.alternative == "two-sided":
        hit = numbers["p_two"] < spec.alpha
        return hit and direction > 0, hit and direction < 0
    p_good = numbers["p_up"] if sign > 0 else 1.0 - numbers["p_up"]
    return p_good < spec.alpha, False


def run_readout(spec: ReadoutSpec, source: TableSource | None, *, provenance: Provenance) -> ReadoutResult:
    """Read out an A/B test (see :class:`ReadoutSpec`).

    Parameters
    ----------
    spec : ReadoutSpec
    source : TableSource or None
        The results file, when the spec reads one.
    provenance : Provenance

    Returns
    -------
    ReadoutResult
    """
    notes: list[str] = []
    if spec.arm is not None:
        if source is None:
            raise InputError("the readout needs its results file", expected="a table with the arm and metric columns")
        arms, guard_arms, control, treatment, notes = arms_from_table(spec, source)
    else:
        assert spec.control_stats is not None and spec.treatment_stats is not None
        control, treatment = spec.control or "control", spec.treatment or "treatment"
        arms = {control: spec.control_stats, treatment: spec.treatment_stats}
        guard_arms = {}
        for g in spec.guardrails:
            assert g.control is not None and g.treatment is not None  # checked by the spec
            guard_arms[g.name] = {control: g.control, treatment: g.treatment}
    c, t = arms[control], arms[treatment]
    numbers = _difference(c, t, alpha=spec.alpha, alternative=spec.alternative)
    if spec.alternative == "two-sided":
        p_value = numbers["p_two"]
    else:
        p_value = numbers["p_up"] if spec.higher_is_better else 1.0 - numbers["p_up"]
    relative, relative_ci = _relative(c, t, float(stats.norm.isf((1 - numbers["level"]) / 2)))
    srm_p = srm_p_value(c.units, t.units, expected_ratio=spec.expected_ratio)
    sequential = None
    if spec.sequential:
        assert spec.mde is not None
        seq_alpha = spec.alpha if spec.alternative == "two-sided" else 2 * spec.alpha
        variance = numbers["se"] ** 2
        width = msprt_half_width(variance, spec.mde, seq_alpha) if variance > 0 else 0.0
        sequential = {
            "method": "mixture SPRT (Johari et al. 2017), normal mixing distribution",
            "tau": spec.mde,
            "ci": (numbers["diff"] - width, numbers["diff"] + width),
            "level": 1 - seq_alpha,
            "p_value": msprt_p_value(numbers["diff"], variance, spec.mde) if variance > 0 else 1.0,
        }
    guardrails = tuple(
        _guardrail(
            g, guard_arms[g.name][control], guard_arms[g.name][treatment], alpha=spec.alpha, sequential=spec.sequential
        )
        for g in spec.guardrails
    )
    decision, reasons = _decide(spec, arms, _significance(spec, numbers, sequential), srm_p, sequential, guardrails)
    return ReadoutResult(
        metric_type=c.metric_type,
        control=control,
        treatment=treatment,
        arms={control: c, treatment: t},
        effect=numbers["diff"],
        ci=(numbers["low"], numbers["high"]),
        level=numbers["level"],
        p_value=p_value,
        relative_effect=relative,
        relative_ci=relative_ci,
        srm_pvalue=srm_p,
        srm=srm_p < SRM_THRESHOLD,
        sequential=sequential,
        guardrails=guardrails,
        decision=decision,
        reasons=tuple(reasons),
        notes=tuple(notes),
        alpha=spec.alpha,
        alternative=spec.alternative,
        higher_is_better=spec.higher_is_better,
        provenance=provenance,
    )
