"""A/B test design: sample size per arm, duration from traffic, reachable MDE, guardrail margins."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from lib.analysis import NO_INPUTS, Record, Result, Spec, check_number, check_text, coerce_sequences
from lib.errors import InputError
from lib.launch._checks import MAX_TRAFFIC, check_choice, check_metric, check_test_settings
from lib.launch._stats import (
    Alternative,
    closed_form_n,
    cohens_h,
    mde_for_means,
    mde_for_proportions,
    n_for_means,
    n_for_proportions,
    non_inferiority_n,
    non_inferiority_power,
)
from lib.provenance import Provenance

MAX_RATIO = 100.0
MAX_DAYS = 3650.0
WEEK_DAYS = 7
# Past this many days a plan is a sign the MDE or the traffic is wrong: say so.
LONG_TEST_DAYS = 56
Harm = Literal["increase", "decrease"]
HARMS = ("increase", "decrease")

DESIGN_METHOD = (
    "Conversion metrics: normal approximation on the arcsine scale (Cohen's h), solving the power equation as "
    "statsmodels' NormalIndPower does. Continuous metrics: two-sample t-test with equal variances, power from the "
    "noncentral t distribution (as statsmodels' TTestIndPower). Guardrails: one-sided non-inferiority z-test at the "
    "margin, assuming no true change. Units are rounded up."
)


@dataclass(frozen=True)
class GuardrailPlan(Record):
    """A metric the change must not harm by more than a margin.

    Attributes
    ----------
    name : str
        What it measures ("error rate", "revenue per user").
    margin : float
        The largest harm that is acceptable, in the metric's units (absolute, above 0).
    harm : {"increase", "decrease"}
        Which direction hurts (latency and error rates: increase; revenue: decrease).
    baseline : float, optional
        The current rate, for a rate metric (0 to 1, exclusive).
    mean, sd : float, optional
        The current mean and standard deviation, for a continuous metric.
    """

    name: str
    margin: float
    harm: Harm = "increase"
    baseline: float | None = None
    mean: float | None = None
    sd: float | None = None

    def __post_init__(self) -> None:
        """Check the definition before any work starts."""
        coerce_sequences(self)
        check_text(self.name, field="guardrails.name", max_length=120)
        check_metric(baseline=self.baseline, mean=self.mean, sd=self.sd, where=f"guardrail '{self.name}'")
        check_number(self.margin, field=f"margin of guardrail '{self.name}'", low=0.0, low_open=True)
        check_choice(self.harm, field="harm", choices=HARMS)
        if self.baseline is not None:
            worst = self.baseline + self.margin if self.harm == "increase" else self.baseline - self.margin
            if not 0.0 < worst < 1.0:
                raise InputError(
                    f"guardrail '{self.name}': baseline and margin leave the range of a rate",
                    expected="baseline ± margin between 0 and 1",
                    found=f"{worst:g}",
                )

    @property
    def variance(self) -> float:
        """One unit's variance: ``p (1 - p)`` for a rate, ``sd^2`` for a mean."""
        if self.baseline is not None:
            return self.baseline * (1.0 - self.baseline)
        assert self.sd is not None
        return self.sd**2


@dataclass(frozen=True)
class DesignSpec(Spec):
    """An A/B test plan: what to detect, with which error rates, on how much traffic.

    Attributes
    ----------
    mde : float
        The minimum detectable effect: absolute (0.01 = one percentage point, or metric units) or, with
        ``relative``, a share of the baseline (0.1 = 10 %). Above 0.
    baseline : float, optional
        The control's conversion rate, above 0 and below 1 (a conversion-type metric).
    mean, sd : float, optional
        The control's mean and the standard deviation per unit (a continuous metric).
    relative : bool
        Read ``mde`` as a share of the baseline rate or mean.
    alpha : float
        Significance level, above 0 and below 0.5.
    power : float
        Chance of detecting the MDE when it is real, above ``alpha`` and below 1.
    alternative : {"two-sided", "one-sided"}
        Two-sided tests a change either way; one-sided only an improvement.
    ratio : float
        Treatment units per control unit (unequal allocation), above 0 and at most 100.
    daily_traffic : float, optional
        Units eligible for the test per day; gives the duration.
    traffic_share : float
        Share of eligible traffic put in the test, above 0 and at most 1.
    duration_days : float, optional
        A fixed duration: the plan then also gives the MDE reachable in it (needs ``daily_traffic``).
    metric_name : str
    guardrails : tuple of GuardrailPlan
    """

    kind = "abtest_design"
    inputs = NO_INPUTS

    mde: float
    baseline: float | None = None
    mean: float | None = None
    sd: float | None = None
    relative: bool = False
    alpha: float = 0.05
    power: float = 0.8
    alternative: Alternative = "two-sided"
    ratio: float = 1.0
    daily_traffic: float | None = None
    traffic_share: float = 1.0
    duration_days: float | None = None
    metric_name: str = "primary metric"
    guardrails: tuple[GuardrailPlan, ...] = ()

    def validate(self) -> None:
        """Check the metric, the MDE, the error rates, the allocation and the traffic."""
        metric_type = check_metric(baseline=self.baseline, mean=self.mean, sd=self.sd, where="the primary metric")
        check_number(self.mde, field="mde")
        if self.mde <= 0:
            raise InputError(
                "'mde' (the minimum detectable effect) must be above 0",
                expected="an effect to detect, such as 0.01 (absolute) or 0.1 with --relative",
                found=f"{self.mde:g}",
            )
        check_test_settings(alpha=self.alpha, power=self.power, alternative=self.alternative)
        check_number(self.ratio, field="ratio", low=0.0, high=MAX_RATIO, low_open=True)
        check_number(self.traffic_share, field="traffic_share", low=0.0, high=1.0, low_open=True)
        check_number(
            self.daily_traffic, field="daily_traffic", low=0.0, high=MAX_TRAFFIC, low_open=True, allow_none=True
        )
        check_number(self.duration_days, field="duration_days", low=0.0, high=MAX_DAYS, low_open=True, allow_none=True)
        if self.duration_days is not None and self.daily_traffic is None:
            raise InputError(
                "a fixed duration needs the daily traffic", expected="'daily_traffic' with 'duration_days'"
            )
        check_text(self.metric_name, field="metric_name", max_length=120)
        if metric_type == "conversion":
            assert self.baseline is not None
            if not 0.0 < self.target < 1.0:
                raise InputError(
                    "the baseline plus the MDE is not a rate",
                    expected="baseline + MDE below 1",
                    found=f"{self.baseline:g} + {self.mde_absolute:g} = {self.target:g}",
                )
        names = [g.name for g in self.guardrails]
        if len(set(names)) != len(names):
            raise InputError("two guardrails have the same name", found=", ".join(names))

    @property
    def metric_type(self) -> str:
        """``conversion`` (a baseline rate) or ``continuous`` (a mean and SD)."""
        return "conversion" if self.baseline is not None else "continuous"

    @property
    def reference(self) -> float:
        """The control's rate or mean."""
        return float(self.baseline if self.baseline is not None else self.mean or 0.0)

    @property
    def mde_absolute(self) -> float:
        """The MDE in the metric's units."""
        return self.mde * abs(self.reference) if self.relative else self.mde

    @property
    def target(self) -> float:
        """The treatment's rate or mean the test is sized to detect."""
        return self.reference + self.mde_absolute


@dataclass(frozen=True)
class GuardrailDesign(Record):
    """What a guardrail needs, and what the primary metric's sample gives it.

    Attributes
    ----------
    name : str
    margin : float
    harm : str
    n_per_arm : int
        Control units to rule out harm beyond the margin with the plan's power.
    power_at_plan : float
        Chance of ruling it out with the primary metric's sample, when there is no true harm.
    days : int or None
        Days the guardrail's sample takes (with traffic).
    enough : bool
        The primary metric's sample also covers this guardrail.
    """

    name: str
    margin: float
    harm: str
    n_per_arm: int
    power_at_plan: float
    days: int | None
    enough: bool


@dataclass(frozen=True)
class DesignResult(Result):
    """The A/B test plan: units per arm, duration, MDE in both scales, guardrails and warnings.

    JSON keys the command line promises: ``n_per_arm`` (control arm), ``n_total``, ``days``
    (None without traffic), ``mde_absolute``, ``mde_relative``; plus ``n_by_arm``,
    ``mde_reachable`` (with a fixed duration), ``guardrails`` and ``warnings``.
    """

    json_extras = ("n_by_arm", "method")
    method = DESIGN_METHOD

    metric_name: str
    metric_type: str
    n_per_arm: int
    n_treatment: int
    n_total: int
    days: int | None
    mde_absolute: float
    mde_relative: float | None
    reference: float
    target: float
    effect_size: float
    closed_form_n_per_arm: float
    alpha: float
    power: float
    alternative: str
    ratio: float
    daily_units: float | None
    mde_reachable: dict[str, Any] | None
    guardrails: tuple[GuardrailDesign, ...]
    warnings: tuple[str, ...]
    provenance: Provenance

    @property
    def n_by_arm(self) -> dict[str, int]:
        """Units in each arm."""
        return {"control": self.n_per_arm, "treatment": self.n_treatment}


def required_n(spec: DesignSpec, mde_absolute: float) -> float:
    """Unrounded control-arm units to detect ``mde_absolute`` under the spec's metric and error rates."""
    settings: dict[str, Any] = {
        "ratio": spec.ratio,
        "alpha": spec.alpha,
        "power": spec.power,
        "alternative": spec.alternative,
    }
    if spec.baseline is not None:
        return n_for_proportions(spec.baseline, spec.baseline + mde_absolute, **settings)
    assert spec.sd is not None
    return n_for_means(mde_absolute, spec.sd, **settings)


def _reachable(spec: DesignSpec, units_per_day: float) -> dict[str, Any]:
    assert spec.duration_days is not None
    total = units_per_day * spec.duration_days
    n1 = total / (1.0 + spec.ratio)
    settings: dict[str, Any] = {
        "ratio": spec.ratio,
        "alpha": spec.alpha,
        "power": spec.power,
        "alternative": spec.alternative,
    }
    if n1 < 2:
        absolute = None
    elif spec.baseline is not None:
        absolute = mde_for_proportions(spec.baseline, n1, **settings)
    else:
        assert spec.sd is not None
        absolute = mde_for_means(spec.sd, n1, **settings)
    relative = None if absolute is None or spec.reference == 0 else absolute / abs(spec.reference)
    return {"days": spec.duration_days, "n_per_arm": math.floor(n1), "absolute": absolute, "relative": relative}


def _days(units: float, units_per_day: float | None) -> int | None:
    return None if units_per_day is None else math.ceil(units / units_per_day)


def _guardrail(spec: DesignSpec, plan: GuardrailPlan, n1: int, units_per_day: float | None) -> GuardrailDesign:
    needed = math.ceil(
        non_inferiority_n(plan.variance, plan.margin, ratio=spec.ratio, alpha=spec.alpha, power=spec.power)
    )
    power = non_inferiority_power(plan.variance, plan.margin, n1, ratio=spec.ratio, alpha=spec.alpha)
    total = needed + math.ceil(needed * spec.ratio)
    return GuardrailDesign(
        name=plan.name,
        margin=plan.margin,
        harm=plan.harm,
        n_per_arm=needed,
        power_at_plan=power,
        days=_days(total, units_per_day),
        enough=needed <= n1,
    )


def _warnings(spec: DesignSpec, days: int | None, guardrails: tuple[GuardrailDesign, ...]) -> list[str]:
    out = []
    if days is not None and days < WEEK_DAYS:
        out.append(
            f"The test would end after {days} day{'s' if days != 1 else ''}, under one weekly cycle: weekday and "
            "weekend users behave differently, so run it for at least 7 days (14 is safer)."
        )
    if spec.duration_days is not None and spec.duration_days < WEEK_DAYS:
        out.append(f"The fixed duration of {spec.duration_days:g} days is under one weekly cycle (7 days).")
    if days is not None and days > LONG_TEST_DAYS:
        out.append(
            f"The test needs {days:,} days. Tests that long drift with the season and the product: test a larger "
            "change, a more sensitive metric, or put more traffic in the test."
        )
    for item in guardrails:
        if not item.enough:
            out.append(
                f"Guardrail '{item.name}' needs {item.n_per_arm:,} units per arm to rule out harm of {item.margin:g}; "
                f"the primary metric's sample gives it only {item.power_at_plan:.0%} power."
            )
    if spec.ratio != 1:
        out.append(f"Unequal allocation ({spec.ratio:g} treatment units per control unit) needs more units in total.")
    return out


def run_design(spec: DesignSpec, *, provenance: Provenance) -> DesignResult:
    """Plan an A/B test (see :class:`DesignSpec`).

    Parameters
    ----------
    spec : DesignSpec
    provenance : Provenance

    Returns
    -------
    DesignResult

    Raises
    ------
    InputError
        When the test would need more than 1e12 units.
    """
    n_exact = required_n(spec, spec.mde_absolute)
    if not math.isfinite(n_exact):
        raise InputError("the MDE is too small to detect with any realistic sample", found=f"mde {spec.mde_absolute:g}")
    n1 = math.ceil(n_exact - 1e-9)
    n2 = math.ceil(n1 * spec.ratio - 1e-9)
    units_per_day = None if spec.daily_traffic is None else spec.daily_traffic * spec.traffic_share
    days = _days(n1 + n2, units_per_day)
    if spec.baseline is not None:
        effect = cohens_h(spec.baseline, spec.target)
    else:
        assert spec.sd is not None
        effect = spec.mde_absolute / spec.sd
    closed = closed_form_n(effect, ratio=spec.ratio, alpha=spec.alpha, power=spec.power, alternative=spec.alternative)
    guardrails = tuple(_guardrail(spec, g, n1, units_per_day) for g in spec.guardrails)
    reachable = _reachable(spec, units_per_day) if spec.duration_days is not None and units_per_day else None
    return DesignResult(
        metric_name=spec.metric_name,
        metric_type=spec.metric_type,
        n_per_arm=n1,
        n_treatment=n2,
        n_total=n1 + n2,
        days=days,
        mde_absolute=spec.mde_absolute,
        mde_relative=spec.mde
        if spec.relative
        else (None if spec.reference == 0 else spec.mde_absolute / abs(spec.reference)),
        reference=spec.reference,
        target=spec.target,
        effect_size=effect,
        closed_form_n_per_arm=closed,
        alpha=spec.alpha,
        power=spec.power,
        alternative=spec.alternative,
        ratio=spec.ratio,
        daily_units=units_per_day,
        mde_reachable=reachable,
        guardrails=guardrails,
        warnings=tuple(_warnings(spec, days, guardrails)),
        provenance=provenance,
    )


def sample_size_curve(spec: DesignSpec, *, points: int = 40) -> list[dict[str, float]]:
    """Control-arm units over a range of MDEs around the plan's (half to three times), for the chart."""
    rows = []
    for i in range(points):
        mde = spec.mde_absolute * (0.5 + 2.5 * i / (points - 1))
        if spec.baseline is not None and spec.baseline + mde >= 1.0:
            break
        rows.append({"mde_absolute": mde, "n_per_arm": math.ceil(required_n(spec, mde))})
    return rows
