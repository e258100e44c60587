"""Specs of the ROI & Cost analyses: investment cases, options, break-even calculators, savings, spend.

Every number has a documented range (see each spec's attributes); anything outside it is
refused before work starts, with a message naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from lib.analysis import DATA_TABLE, Record, Spec, check_count, check_text
from lib.errors import InputError
from lib.roi._case_specs import FINANCE_KEYS, CaseSpec, OptionSpec, OptionsSpec
from lib.roi._checks import check_amount, check_fraction, check_positive, coerce_floats
from lib.roi._limits import (
    DEFAULT_N_SIM,
    HOURS_PER_MONTH,
    MAX_DISCOUNT_RATE,
    MAX_DRAWS,
    MAX_OPTIONS,
    MAX_PERIODS,
    MAX_SIMULATIONS,
    MIN_SIMULATIONS,
    PERIODS_PER_YEAR,
    SECONDS_PER_MONTH,
    STRUCTURED_KEYS,
    Period,
    check_simulation,
)
from lib.roi._llm_spec import LlmSpec
from lib.roi._ranges import Range, check_value

__all__ = [
    "DEFAULT_N_SIM",
    "FINANCE_KEYS",
    "HOURS_PER_MONTH",
    "MAX_DISCOUNT_RATE",
    "MAX_DRAWS",
    "MAX_OPTIONS",
    "MAX_PERIODS",
    "MAX_SIMULATIONS",
    "MIN_SIMULATIONS",
    "PERIODS_PER_YEAR",
    "SECONDS_PER_MONTH",
    "STRUCTURED_KEYS",
    "CaseSpec",
    "LlmSpec",
    "OptionSpec",
    "OptionsSpec",
    "Period",
]


# --- break-even calculators ------------------------------------------------------------------------

MAX_GPUS = 1_000_000
MAX_INSTANCES = 100_000
MAX_PRICE = 1e6
MAX_VOLUME = 1e15


@dataclass(frozen=True)
class EndpointSpec(Spec):
    """Serverless (pay per request) against an always-on endpoint.

    Attributes
    ----------
    requests_per_hour : float
        Average traffic (0 to 1e12).
    duration_s : float
        Seconds of compute per request (0 to 86,400).
    memory_gb : float
        Memory of the serverless function, GB (0 to 10,000).
    price_per_gb_second : float
        Serverless dollars per GB-second (0 to 1,000).
    price_per_million_requests : float
        Serverless request fee, dollars per 1M requests (0 to 1,000,000).
    instance_hourly : float
        Dollars per hour of one always-on instance (0 to 1,000,000).
    instances : int
        Always-on instances kept running, 1 to 100,000.
    """

    kind: ClassVar[str] = "breakeven_endpoint"

    requests_per_hour: float
    duration_s: float
    memory_gb: float
    price_per_gb_second: float
    price_per_million_requests: float
    instance_hourly: float
    instances: int = 1

    def __post_init__(self) -> None:
        """Ints become floats where the fields hold floats, then validate."""
        coerce_floats(self)
        super().__post_init__()

    def validate(self) -> None:
        """Every number within its documented range."""
        check_amount(self.requests_per_hour, field="requests_per_hour", high=1e12, unit=" requests/hour")
        check_amount(self.duration_s, field="duration_s", high=86_400, unit=" seconds")
        check_amount(self.memory_gb, field="memory_gb", high=10_000, unit=" GB")
        check_amount(self.price_per_gb_second, field="price_per_gb_second", high=1_000, unit=" $")
        check_amount(self.price_per_million_requests, field="price_per_million_requests", high=MAX_PRICE, unit=" $")
        check_amount(self.instance_hourly, field="instance_hourly", high=MAX_PRICE, unit=" $/hour")
        check_count(self.instances, field="instances", low=1, high=MAX_INSTANCES, what="instances")


@dataclass(frozen=True)
class SpotSpec(Spec):
    """A training job on spot instances against on-demand, under random interruptions.

    Attributes
    ----------
    job_hours : float
        Hours the job takes uninterrupted (0.001 to 1,000,000).
    on_demand_hourly : float
        On-demand dollars per hour for the whole job's instances (0 to 1,000,000).
    spot_discount : float
        Spot price discount, 0 to 1 (0.7 = 70 % cheaper).
    interruptions_per_hour : float
        Expected interruptions per running hour (0 to 1,000).
    checkpoint_interval_hours : float
        Hours between checkpoints (0 to 10,000).
    restart_overhead_hours : float
        Hours to get a new instance and reload the checkpoint (0 to 10,000).
    """

    kind: ClassVar[str] = "breakeven_spot"

    job_hours: float
    on_demand_hourly: float
    spot_discount: float
    interruptions_per_hour: float
    checkpoint_interval_hours: float
    restart_overhead_hours: float

    def __post_init__(self) -> None:
        """Ints become floats where the fields hold floats, then validate."""
        coerce_floats(self)
        super().__post_init__()

    def validate(self) -> None:
        """Every number within its documented range, and a job that can finish."""
        check_positive(self.job_hours, field="job_hours", low=0.001, high=1e6, unit=" hours")
        check_amount(self.on_demand_hourly, field="on_demand_hourly", high=MAX_PRICE, unit=" $/hour")
        check_fraction(self.spot_discount, field="spot_discount")
        check_amount(self.interruptions_per_hour, field="interruptions_per_hour", high=1_000, unit=" per hour")
        check_amount(self.checkpoint_interval_hours, field="checkpoint_interval_hours", high=10_000, unit=" hours")
        check_amount(self.restart_overhead_hours, field="restart_overhead_hours", high=10_000, unit=" hours")
        lost_share = self.interruptions_per_hour * (self.checkpoint_interval_hours / 2 + self.restart_overhead_hours)
        if lost_share >= 1:
            raise InputError(
                "with these interruptions the job loses work as fast as it makes progress and never finishes",
                expected="interruptions_per_hour × (checkpoint_interval_hours / 2 + restart_overhead_hours) below 1",
                found=f"{lost_share:.2f}",
            )


@dataclass(frozen=True)
class PerPredictionSpec(Spec):
    """A lower cost per 1,000 predictions at a monthly volume.

    Attributes
    ----------
    cost_before, cost_after : float
        Dollars per 1,000 predictions (0 to 1,000,000).
    predictions_per_month : float
        Predictions per month (0 to 1e15).
    """

    kind: ClassVar[str] = "breakeven_per_prediction"

    cost_before: float
    cost_after: float
    predictions_per_month: float

    def __post_init__(self) -> None:
        """Ints become floats where the fields hold floats, then validate."""
        coerce_floats(self)
        super().__post_init__()

    def validate(self) -> None:
        """Every number within its documented range."""
        unit = " $ per 1,000 predictions"
        check_amount(self.cost_before, field="cost_before", high=MAX_PRICE, unit=unit)
        check_amount(self.cost_after, field="cost_after", high=MAX_PRICE, unit=unit)
        check_amount(self.predictions_per_month, field="predictions_per_month", high=MAX_VOLUME, unit=" predictions")


# --- savings plan and spend ------------------------------------------------------------------------

CATEGORIES: tuple[str, ...] = ("training", "inference", "data", "other")
MAX_LEVERS = 100


@dataclass(frozen=True)
class Lever(Record):
    """One way to cut cost, with what it takes to pull it.

    Attributes
    ----------
    name : str
        What the lever is.
    category : str
        The spend it acts on: training, inference, data or other.
    applies_to : float
        Share of that category's spend the lever can reach, 0..1.
    low, likely, high : float
        Saving on the spend it reaches, as shares 0..1 (drawn as PERT in the Monte Carlo).
    implementation_cost : float or Range
        One-time dollars to put the lever in place, paid before the savings start (default 0).
    start_delay_months : float or Range
        Months before the saving starts, 0 to 120 (default 0; a fraction starts it part-way through a month).
    adoption : float or Range
        Share of the reachable spend that actually moves, 0..1 (default 1).
    """

    name: str
    category: str
    applies_to: float
    low: float
    likely: float
    high: float
    implementation_cost: float | Range = 0.0
    start_delay_months: float | Range = 0.0
    adoption: float | Range = 1.0

    def __post_init__(self) -> None:
        coerce_floats(self)
        check_text(self.name, field="lever name", max_length=200)
        if self.category not in CATEGORIES:
            raise InputError(
                f"lever '{self.name}' has an unknown category",
                expected=", ".join(CATEGORIES),
                found=repr(self.category),
            )
        for attr in ("applies_to", "low", "likely", "high"):
            check_fraction(getattr(self, attr), field=f"{self.name}: {attr}")
        if not self.low <= self.likely <= self.high:
            raise InputError(
                f"lever '{self.name}': the saving range must satisfy low <= likely <= high",
                found=f"low={self.low:g}, likely={self.likely:g}, high={self.high:g}",
            )
        check_value(self.implementation_cost, field=f"{self.name}: implementation_cost", low=0.0, unit=" $")
        check_value(
            self.start_delay_months, field=f"{self.name}: start_delay_months", low=0.0, high=120.0, unit=" months"
        )
        check_value(self.adoption, field=f"{self.name}: adoption", low=0.0, high=1.0)
        for point in self.adoption.points() if isinstance(self.adoption, Range) else (self.adoption,):
            check_fraction(point, field=f"{self.name}: adoption")

    def levels(self) -> dict[str, tuple[float, float]]:
        """``low``, ``likely``, ``high`` -> (saving share, adoption share) at that level."""
        adoption = self.adoption.points() if isinstance(self.adoption, Range) else (self.adoption,) * 3
        return {level: (getattr(self, level), a) for level, a in zip(("low", "likely", "high"), adoption, strict=True)}


# Savings: typical figures from published ML cost guides where they exist. Reach ("applies_to"), implementation
# cost, start delay and adoption are our assumptions for a mixed workload (a few engineer-weeks each, priced at
# about $5K a week); everything is editable on the page.
DEFAULT_LEVERS: tuple[Lever, ...] = (
    Lever("Spot instances for training (checkpoint ~15 min)", "training", 0.6, 0.60, 0.70, 0.80,
          Range(25_000.0, 40_000.0, 70_000.0), Range(1.0, 2.0, 4.0), Range(0.5, 0.75, 0.9)),
    Lever("Mixed precision training", "training", 0.8, 0.30, 0.40, 0.50,
          Range(10_000.0, 20_000.0, 40_000.0), Range(0.5, 1.0, 3.0), Range(0.6, 0.8, 0.95)),
    Lever("Quantisation / distillation of served models", "inference", 0.5, 0.50, 0.60, 0.90,
          Range(40_000.0, 80_000.0, 150_000.0), Range(2.0, 3.0, 6.0), Range(0.3, 0.6, 0.8)),
    Lever("Multi-model endpoints for low-traffic models", "inference", 0.2, 0.30, 0.50, 0.70,
          Range(10_000.0, 15_000.0, 30_000.0), Range(0.5, 1.0, 2.0), Range(0.5, 0.8, 1.0)),
    Lever("Batch instead of real-time inference", "inference", 0.3, 0.30, 0.50, 0.70,
          Range(15_000.0, 30_000.0, 60_000.0), Range(1.0, 2.0, 4.0), Range(0.3, 0.5, 0.8)),
    Lever("Right-sizing endpoints", "inference", 0.6, 0.10, 0.20, 0.30,
          Range(5_000.0, 10_000.0, 20_000.0), Range(0.5, 1.0, 2.0), Range(0.6, 0.8, 0.95)),
    Lever("Auto-shutdown of idle development instances", "other", 0.5, 0.20, 0.40, 0.60,
          Range(2_000.0, 5_000.0, 10_000.0), Range(0.25, 0.5, 1.0), Range(0.7, 0.9, 1.0)),
)  # fmt: skip
# A $500K-a-month ML bill.
DEFAULT_BASELINE = {"training": 250_000.0, "inference": 175_000.0, "data": 60_000.0, "other": 15_000.0}
MAX_SAVINGS_MONTHS = 120


@dataclass(frozen=True)
class SavingsSpec(Spec):
    """Cost levers applied to a monthly baseline by category, without double counting, over a horizon.

    Attributes
    ----------
    baseline : dict
        Category (training, inference, data, other) -> monthly spend in dollars (0 to 1e15);
        categories left out spend nothing.
    levers : tuple of Lever
        At most 100, applied in order within each category.
    months : int
        Months the plan is followed for (net saving, payback), 1 to 120 (default 24).
    n_sim, seed : int
        Monte Carlo draws (10,000 to 2,000,000) and seed over the levers' ranges.
    """

    kind: ClassVar[str] = "savings_plan"

    baseline: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_BASELINE))
    levers: tuple[Lever, ...] = DEFAULT_LEVERS
    months: int = 24
    n_sim: int = DEFAULT_N_SIM
    seed: int = 0

    def __post_init__(self) -> None:
        """Validate, then write every category into the baseline (0 where left out)."""
        if isinstance(self.levers, list):
            object.__setattr__(self, "levers", tuple(self.levers))
        coerce_floats(self)
        super().__post_init__()
        object.__setattr__(self, "baseline", {c: float(self.baseline.get(c, 0.0)) for c in CATEGORIES})

    def validate(self) -> None:
        """Known categories, spends within range, at most 100 levers, a horizon and a simulation that fit."""
        if not isinstance(self.baseline, dict):
            raise InputError("'baseline' must map spend categories to dollars", expected=", ".join(CATEGORIES))
        for category, amount in self.baseline.items():
            if category not in CATEGORIES:
                raise InputError("unknown spend category", expected=", ".join(CATEGORIES), found=repr(category))
            check_amount(amount, field=f"baseline {category}", unit=" $/month")
        if len(self.levers) > MAX_LEVERS:
            raise InputError("too many levers", expected=f"at most {MAX_LEVERS}", found=f"{len(self.levers)}")
        for i, lever in enumerate(self.levers):
            if not isinstance(lever, Lever):
                raise InputError(f"'levers[{i}]' must be a lever", found=type(lever).__name__)
        check_count(self.months, field="months", low=1, high=MAX_SAVINGS_MONTHS, what="months")
        check_simulation(self.n_sim, self.seed, 4 * len(self.levers))


@dataclass(frozen=True)
class SpendSpec(Spec):
    """A monthly spend export: spend over time, budget alerts, waste flags and anomalies.

    The table needs columns ``date, team, project, category, resource, cost`` and may
    have ``gpu_utilisation`` (0..1 or 0..100) and ``predictions``.

    Attributes
    ----------
    monthly_budget : float, optional
        Dollars per month (above 0, at most 1e15); alerts at 50, 80 and 100 % of it.
    gpu_target : float
        GPU resources whose mean utilisation is under this share are flagged (default 0.70).
    idle_below : float
        Resources under this mean utilisation count as idle (default 0.10; at most ``gpu_target``).
    anomaly_z : float
        Month-over-month changes with a robust z-score beyond this are anomalies (default 3.5; 1 to 100).
    """

    kind: ClassVar[str] = "spend_analysis"
    inputs: ClassVar[Any] = DATA_TABLE

    monthly_budget: float | None = None
    gpu_target: float = 0.70
    idle_below: float = 0.10
    anomaly_z: float = 3.5

    def __post_init__(self) -> None:
        """Ints become floats where the fields hold floats, then validate."""
        coerce_floats(self)
        super().__post_init__()

    def validate(self) -> None:
        """Budget above zero; thresholds within their ranges."""
        if self.monthly_budget is not None:
            check_positive(self.monthly_budget, field="monthly_budget", unit=" $/month")
        check_fraction(self.gpu_target, field="gpu_target", allow_zero=False)
        check_fraction(self.idle_below, field="idle_below")
        if self.idle_below > self.gpu_target:
            raise InputError(
                "'idle_below' is above 'gpu_target'",
                expected="an idle share at most the GPU target",
                found=f"{self.idle_below:g} > {self.gpu_target:g}",
            )
        check_amount(self.anomaly_z, field="anomaly_z", low=1.0, high=100.0)
