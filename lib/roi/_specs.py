"""Specs of the ROI & Cost analyses: investment cases, options, break-even calculators, savings, spend.

Every number has a documented range (see each spec's attributes); anything outside it is
refused before work starts, with a message naming the field.
"""

from __future__ import annotations

import math
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
)

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
    "OptionSpec",
    "OptionsSpec",
    "Period",
]


# --- break-even calculators ------------------------------------------------------------------------

MAX_TOKENS_PER_MONTH = 1e18
MAX_GPUS = 1_000_000
MAX_INSTANCES = 100_000
MAX_PRICE = 1e6
MAX_VOLUME = 1e15


@dataclass(frozen=True)
class LlmSpec(Spec):
    """Paying an LLM API per token against running your own GPUs.

    Attributes
    ----------
    tokens_per_month : float
        Tokens processed per month, input and output together (0 to 1e18).
    input_share : float
        Share of those tokens that are input (prompt) tokens, 0 to 1.
    price_input_per_million, price_output_per_million : float
        API dollars per 1M input / output tokens (0 to 1,000,000).
    gpu_hourly : float
        Dollars per GPU-hour (0 to 1,000,000).
    n_gpus : int
        GPUs planned, 1 to 1,000,000.
    tokens_per_second : float
        Tokens one GPU serves per second at full load (0.001 to 1e9).
    utilisation : float
        Share of the month the GPUs do useful work, 0.001 to 1.
    ops_monthly : float
        Operations overhead in dollars per month (0 to 1e15).
    """

    kind: ClassVar[str] = "breakeven_llm"

    tokens_per_month: float
    input_share: float
    price_input_per_million: float
    price_output_per_million: float
    gpu_hourly: float
    n_gpus: int
    tokens_per_second: float
    utilisation: float
    ops_monthly: float = 0.0

    def __post_init__(self) -> None:
        """Ints become floats where the fields hold floats, then validate."""
        coerce_floats(self)
        super().__post_init__()

    def validate(self) -> None:
        """Every number within its documented range."""
        check_amount(self.tokens_per_month, field="tokens_per_month", high=MAX_TOKENS_PER_MONTH, unit=" tokens")
        check_fraction(self.input_share, field="input_share")
        check_amount(self.price_input_per_million, field="price_input_per_million", high=MAX_PRICE, unit=" $")
        check_amount(self.price_output_per_million, field="price_output_per_million", high=MAX_PRICE, unit=" $")
        check_amount(self.gpu_hourly, field="gpu_hourly", high=MAX_PRICE, unit=" $/hour")
        check_count(self.n_gpus, field="n_gpus", low=1, high=MAX_GPUS, what="GPUs")
        check_amount(self.tokens_per_second, field="tokens_per_second", low=0.001, high=1e9, unit=" tokens/s per GPU")
        check_fraction(self.utilisation, field="utilisation", allow_zero=False, low=0.001)
        check_amount(self.ops_monthly, field="ops_monthly", unit=" $/month")

    @property
    def blended_price_per_million(self) -> float:
        """API dollars per 1M tokens at this input/output mix."""
        return self.input_share * self.price_input_per_million + (1 - self.input_share) * self.price_output_per_million

    @property
    def tokens_per_gpu_month(self) -> float:
        """Tokens one GPU serves in a month at the planned utilisation."""
        return self.tokens_per_second * self.utilisation * SECONDS_PER_MONTH

    def gpus_for(self, tokens: float) -> int:
        """GPUs used at a volume: enough to serve it, never fewer than configured."""
        return max(self.n_gpus, math.ceil(tokens / self.tokens_per_gpu_month - 1e-9))

    def api_cost(self, tokens: float) -> float:
        """API dollars per month at a volume."""
        return tokens / 1e6 * self.blended_price_per_million

    def self_hosted_cost(self, tokens: float) -> float:
        """Self-hosted dollars per month at a volume (GPUs added as needed)."""
        return self.gpus_for(tokens) * self.gpu_hourly * HOURS_PER_MONTH + self.ops_monthly


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
    """One way to cut cost.

    Attributes
    ----------
    name : str
        What the lever is.
    category : str
        The spend it acts on: training, inference, data or other.
    applies_to : float
        Share of that category's spend the lever can reach, 0..1.
    low, likely, high : float
        Saving on the spend it reaches, as shares 0..1.
    """

    name: str
    category: str
    applies_to: float
    low: float
    likely: float
    high: float

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


# Typical figures from published ML cost guides where they exist; the reach ("applies_to") is our
# assumption for a mixed workload, and everything is editable on the page.
DEFAULT_LEVERS: tuple[Lever, ...] = (
    Lever("Spot instances for training (checkpoint ~15 min)", "training", 0.6, 0.60, 0.70, 0.80),
    Lever("Mixed precision training", "training", 0.8, 0.30, 0.40, 0.50),
    Lever("Quantisation / distillation of served models", "inference", 0.5, 0.50, 0.60, 0.90),
    Lever("Multi-model endpoints for low-traffic models", "inference", 0.2, 0.30, 0.50, 0.70),
    Lever("Batch instead of real-time inference", "inference", 0.3, 0.30, 0.50, 0.70),
    Lever("Right-sizing endpoints", "inference", 0.6, 0.10, 0.20, 0.30),
    Lever("Auto-shutdown of idle development instances", "other", 0.5, 0.20, 0.40, 0.60),
)
# A $500K-a-month ML bill.
DEFAULT_BASELINE = {"training": 250_000.0, "inference": 175_000.0, "data": 60_000.0, "other": 15_000.0}


@dataclass(frozen=True)
class SavingsSpec(Spec):
    """Cost levers applied to a monthly baseline by category, without double counting.

    Attributes
    ----------
    baseline : dict
        Category (training, inference, data, other) -> monthly spend in dollars (0 to 1e15);
        categories left out spend nothing.
    levers : tuple of Lever
        At most 100, applied in order within each category.
    """

    kind: ClassVar[str] = "savings_plan"

    baseline: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_BASELINE))
    levers: tuple[Lever, ...] = DEFAULT_LEVERS

    def __post_init__(self) -> None:
        """Validate, then write every category into the baseline (0 where left out)."""
        if isinstance(self.levers, list):
            object.__setattr__(self, "levers", tuple(self.levers))
        coerce_floats(self)
        super().__post_init__()
        object.__setattr__(self, "baseline", {c: float(self.baseline.get(c, 0.0)) for c in CATEGORIES})

    def validate(self) -> None:
        """Known categories, spends within range, at most 100 levers."""
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
