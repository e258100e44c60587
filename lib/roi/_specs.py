"""Specs of the ROI & Cost analyses: investment cases, options, break-even calculators, savings, spend.

Every number has a documented range (see each spec's attributes); anything outside it is
refused before work starts, with a message naming the field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, NamedTuple, Required, TypedDict

import numpy as np

from lib.analysis import DATA_TABLE, Record, Spec, check_count, check_seed, check_text
from lib.errors import InputError
from lib.roi._cashflow import periodic_rate, roi_pct
from lib.roi._checks import MAX_AMOUNT, check_amount, check_fraction, check_positive, coerce_floats
from lib.roi._ranges import Range, Value, check_value, likely_of, lowest_of

Period = Literal["year", "month"]
PERIODS_PER_YEAR = {"year": 1, "month": 12}
STRUCTURED_KEYS = ("build_cost", "run_cost", "benefit")
# Documented limits of an investment case.
MAX_PERIODS = 600
MIN_SIMULATIONS = 10_000
MAX_SIMULATIONS = 2_000_000
# Draws held in memory at once: simulations × ranged inputs (160 MB of numbers).
MAX_DRAWS = 20_000_000
MAX_OPTIONS = 50
# Months are 730 hours (365 × 24 / 12) throughout.
HOURS_PER_MONTH = 730.0
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
MAX_DISCOUNT_RATE = 10.0  # 1,000 % a year
DEFAULT_N_SIM = 10_000


def _check_rate(value: Value | None, *, field: str) -> None:
    if value is None:
        return
    check_value(value, field=field, low=-MAX_AMOUNT, high=MAX_DISCOUNT_RATE)
    if lowest_of(value) <= -1:
        raise InputError(
            f"'{field}' must be above -1 (-100 %)", expected="a yearly rate such as 0.08 for 8 %",
            found=f"{lowest_of(value):g}",
        )  # fmt: skip


def _check_simulation(n_sim: int, seed: int, n_ranged: int) -> None:
    check_count(n_sim, field="n_sim", low=MIN_SIMULATIONS, high=MAX_SIMULATIONS, what="draws")
    check_seed(seed)
    if n_sim * n_ranged > MAX_DRAWS:
        raise InputError(
            "too many draws for one simulation: 'n_sim' × ranged inputs is too large",
            expected=f"at most {MAX_DRAWS:,} draws (e.g. {MAX_DRAWS // max(n_ranged, 1):,} simulations here)",
            found=f"{n_sim:,} × {n_ranged} = {n_sim * n_ranged:,}",
        )


class _Lines(NamedTuple):
    """The cost-and-benefit form of a case, every field filled in."""

    build_cost: Value
    run_cost: Value
    benefit: Value
    ramp_up_periods: float
    horizon: int


@dataclass(frozen=True)
class CaseSpec(Spec):
    """One investment case: what it costs and returns, period by period, and how sure that is.

    Either ``cash_flows`` is given (period 0 = today), or the flows are built from
    ``build_cost`` (spent at period 0), ``run_cost`` and ``benefit`` per period for
    periods 1..``horizon``, the benefit rising in a straight line over
    ``ramp_up_periods`` periods before reaching its full level. Any amount (and the
    discount rate) may be a :class:`Range`; then the run adds a Monte Carlo
    simulation of NPV and a tornado of the inputs.

    Attributes
    ----------
    discount_rate : float or Range
        Per year, above -1 (-100 %) and at most 10 (1,000 %); with monthly periods the
        equivalent monthly rate ``(1 + r) ** (1 / 12) - 1`` is used.
    name : str
    period : {"year", "month"}
    cash_flows : tuple of (float or Range), optional
        2 to 600 net amounts in dollars, period 0 first; each within ±1e15.
    build_cost, run_cost, benefit : float or Range, optional
        Dollars (0 to 1e15); 0 when left out in the cost-and-benefit form.
    ramp_up_periods : float, optional
        0 to 600 periods (default 0).
    horizon : int, optional
        Periods after today, 1 to 600 (default 5).
    n_sim : int
        Monte Carlo draws, 10,000 to 2,000,000 (and at most 20,000,000 draws over all ranged inputs).
    seed : int
        Seed of the draws, 0 to 2**32 - 1.
    """

    kind: ClassVar[str] = "roi_case"

    discount_rate: float | Range
    name: str = "investment"
    period: Period = "year"
    cash_flows: tuple[float | Range, ...] | None = None
    build_cost: float | Range | None = None
    run_cost: float | Range | None = None
    benefit: float | Range | None = None
    ramp_up_periods: float | None = None
    horizon: int | None = None
    n_sim: int = DEFAULT_N_SIM
    seed: int = 0

    def __post_init__(self) -> None:
        """Check which form the case takes, fill in that form's defaults, then validate."""
        if isinstance(self.cash_flows, list):
            object.__setattr__(self, "cash_flows", tuple(self.cash_flows))
        coerce_floats(self)
        structured = [k for k in (*STRUCTURED_KEYS, "ramp_up_periods", "horizon") if getattr(self, k) is not None]
        if self.cash_flows is not None:
            if structured:
                raise InputError(
                    "give either 'cash_flows' or the cost and benefit lines, not both", found=", ".join(structured)
                )
        else:
            if not any(getattr(self, k) is not None for k in STRUCTURED_KEYS):
                raise InputError(
                    "the spec has no cash flows", expected="'cash_flows' or 'build_cost', 'run_cost' and 'benefit'"
                )
            for key in STRUCTURED_KEYS:
                if getattr(self, key) is None:
                    object.__setattr__(self, key, 0.0)
            if self.ramp_up_periods is None:
                object.__setattr__(self, "ramp_up_periods", 0.0)
            if self.horizon is None:
                object.__setattr__(self, "horizon", 5)
        super().__post_init__()

    def validate(self) -> None:
        """Check the rate, every amount, the periods and the simulation's size."""
        check_text(self.name, field="name", max_length=200)
        _check_rate(self.discount_rate, field="discount_rate")
        if self.period not in PERIODS_PER_YEAR:
            raise InputError("'period' is not known", expected="'year' or 'month'", found=repr(self.period))
        if self.cash_flows is not None:
            if not 2 <= len(self.cash_flows) <= MAX_PERIODS:
                raise InputError(
                    "'cash_flows' must be a list of period amounts",
                    expected=f"2 to {MAX_PERIODS} numbers or ranges, period 0 = today",
                    found=f"{len(self.cash_flows)} amounts",
                )
            for t, value in enumerate(self.cash_flows):
                check_value(value, field=f"cash_flows[{t}]", low=-MAX_AMOUNT, unit=" dollars")
        else:
            lines = self._lines()
            for key in STRUCTURED_KEYS:
                check_value(getattr(lines, key), field=key, low=0.0, unit=" dollars")
            check_count(lines.horizon, field="horizon", low=1, high=MAX_PERIODS, what="periods")
            check_amount(lines.ramp_up_periods, field="ramp_up_periods", high=MAX_PERIODS, unit=" periods")
        _check_simulation(self.n_sim, self.seed, len(self.ranged_inputs()))

    def _lines(self) -> _Lines:
        """The cost-and-benefit fields of a case without cash flows."""
        build_cost, run_cost, benefit = self.build_cost, self.run_cost, self.benefit
        ramp_up_periods, horizon = self.ramp_up_periods, self.horizon
        # Without cash flows, __post_init__ fills every line (0), the ramp (0) and the horizon (5).
        assert build_cost is not None and run_cost is not None and benefit is not None
        assert ramp_up_periods is not None and horizon is not None
        return _Lines(build_cost, run_cost, benefit, ramp_up_periods, horizon)

    @property
    def n_periods(self) -> int:
        """Number of cash-flow points, period 0 included."""
        return len(self.cash_flows) if self.cash_flows is not None else self._lines().horizon + 1

    def inputs_by_name(self) -> dict[str, Value]:
        """Every input that can be a range, by name (the order the simulation draws them in)."""
        values: dict[str, Value] = {"discount_rate": self.discount_rate}
        if self.cash_flows is not None:
            values.update({f"cash_flows[{t}]": v for t, v in enumerate(self.cash_flows)})
        else:
            values.update({k: getattr(self, k) for k in STRUCTURED_KEYS})
        return values

    def ranged_inputs(self) -> dict[str, Range]:
        """The inputs given as ranges."""
        return {k: v for k, v in self.inputs_by_name().items() if isinstance(v, Range)}

    def flows_for(self, draws: dict[str, np.ndarray]) -> np.ndarray:
        """Cash flows, shape (n, periods), for arrays of input values (length n, or 1 for fixed inputs)."""
        size = max(np.asarray(v).size for v in draws.values())

        def column(name: str) -> np.ndarray:
            return np.broadcast_to(np.asarray(draws[name], dtype=float).reshape(-1), (size,))

        if self.cash_flows is not None:
            return np.stack([column(f"cash_flows[{t}]") for t in range(self.n_periods)], axis=-1)
        lines = self._lines()
        t = np.arange(1, lines.horizon + 1)
        ramp = np.minimum(1.0, t / lines.ramp_up_periods) if lines.ramp_up_periods > 0 else np.ones_like(t, float)
        running: np.ndarray = column("benefit")[:, None] * ramp - column("run_cost")[:, None]
        return np.concatenate([-column("build_cost")[:, None], running], axis=1)

    def rate_for(self, annual: np.ndarray) -> np.ndarray:
        """Per-period rates from annual rates."""
        return periodic_rate(annual, PERIODS_PER_YEAR[self.period])

    def likely_flows(self) -> np.ndarray:
        """The cash flows with every input at its likely value."""
        draws = {k: np.array([likely_of(v)]) for k, v in self.inputs_by_name().items()}
        return self.flows_for(draws)[0]

    def roi_pct_at_likely(self) -> float | None:
        """Undiscounted ROI in percent at likely values.

        With cost and benefit lines it is (total benefit - total cost) / total
        cost, counting the build cost and every period's run cost. With bare
        cash flows only net amounts are known, so money out is the sum of the
        negative flows.
        """
        if self.cash_flows is not None:
            return roi_pct(self.likely_flows())
        lines = self._lines()
        t = np.arange(1, lines.horizon + 1)
        ramp = np.minimum(1.0, t / lines.ramp_up_periods) if lines.ramp_up_periods > 0 else np.ones(lines.horizon)
        benefit = likely_of(lines.benefit) * ramp.sum()
        cost = likely_of(lines.build_cost) + likely_of(lines.run_cost) * lines.horizon
        return None if cost == 0 else float((benefit - cost) / cost * 100)


@dataclass(frozen=True)
class OptionSpec(Record):
    """One option of an :class:`OptionsSpec`: any field of a case, overriding the shared ones.

    Attributes
    ----------
    name : str, optional
        Defaults to "option N".
    discount_rate, period, cash_flows, build_cost, run_cost, benefit, ramp_up_periods, horizon
        As in :class:`CaseSpec`; a field left out takes the shared value.
    """

    name: str | None = None
    discount_rate: float | Range | None = None
    period: Period | None = None
    cash_flows: tuple[float | Range, ...] | None = None
    build_cost: float | Range | None = None
    run_cost: float | Range | None = None
    benefit: float | Range | None = None
    ramp_up_periods: float | None = None
    horizon: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.cash_flows, list):
            object.__setattr__(self, "cash_flows", tuple(self.cash_flows))
        coerce_floats(self)


class _CaseFields(TypedDict, total=False):
    """Keyword arguments of :class:`CaseSpec` an option gives; fields left out take the case's defaults."""

    name: Required[str]
    discount_rate: Value
    period: Period
    cash_flows: tuple[Value, ...]
    build_cost: Value
    run_cost: Value
    benefit: Value
    ramp_up_periods: float
    horizon: int


@dataclass(frozen=True)
class OptionsSpec(Spec):
    """Several investment options compared on NPV, IRR, payback and ROI.

    Shared fields apply to every option that leaves them out (``horizon`` and
    ``ramp_up_periods`` only to options in the cost-and-benefit form). Option names
    must differ: they key the NPVs other pages read.

    Attributes
    ----------
    options : tuple of OptionSpec
        1 to 50 options.
    discount_rate : float or Range, optional
    period : {"year", "month"}, optional
    horizon : int, optional
    ramp_up_periods : float, optional
    n_sim, seed : int
        As in :class:`CaseSpec`, for every option with ranges.
    """

    kind: ClassVar[str] = "roi_options"

    options: tuple[OptionSpec, ...]
    discount_rate: float | Range | None = None
    period: Period | None = None
    horizon: int | None = None
    ramp_up_periods: float | None = None
    n_sim: int = DEFAULT_N_SIM
    seed: int = 0

    def __post_init__(self) -> None:
        """Ints become floats where the fields hold floats, then validate."""
        if isinstance(self.options, list):
            object.__setattr__(self, "options", tuple(self.options))
        coerce_floats(self)
        super().__post_init__()

    def validate(self) -> None:
        """Every option must make a valid case, and option names must differ."""
        _check_simulation(self.n_sim, self.seed, 0)
        if not 1 <= len(self.options) <= MAX_OPTIONS:
            raise InputError(
                "'options' must list the options to compare",
                expected=f"1 to {MAX_OPTIONS} options",
                found=f"{len(self.options)}",
            )
        names = [case.name for case in self.cases()]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise InputError(
                "two options have the same name", expected="a different name for each option", found=repeated[0]
            )

    def cases(self) -> tuple[CaseSpec, ...]:
        """Each option as a full case: its own fields, else the shared ones.

        Raises
        ------
        InputError
            Naming the option and the field that is wrong.
        """
        out = []
        for i, option in enumerate(self.options):
            if not isinstance(option, OptionSpec):
                raise InputError(f"'options[{i}]' must be an option", found=type(option).__name__)
            values = self._case_fields(option, default_name=f"option {i + 1}")
            if "discount_rate" not in values:
                raise InputError(
                    f"option '{values['name']}' has no 'discount_rate'",
                    expected="a shared 'discount_rate' or one in each option",
                )
            try:
                out.append(CaseSpec(**values, n_sim=self.n_sim, seed=self.seed))
            except InputError as error:
                raise InputError(
                    f"option '{values['name']}' (options[{i}]): {error.problem}",
                    expected=error.expected,
                    found=error.found,
                ) from None
        return tuple(out)

    def _case_fields(self, option: OptionSpec, *, default_name: str) -> _CaseFields:
        """The option's own fields, else the shared ones; fields set nowhere are left out."""
        values: _CaseFields = {"name": default_name if option.name is None else option.name}
        discount_rate = self.discount_rate if option.discount_rate is None else option.discount_rate
        if discount_rate is not None:
            values["discount_rate"] = discount_rate
        period = self.period if option.period is None else option.period
        if period is not None:
            values["period"] = period
        if option.cash_flows is not None:
            values["cash_flows"] = option.cash_flows
        if option.build_cost is not None:
            values["build_cost"] = option.build_cost
        if option.run_cost is not None:
            values["run_cost"] = option.run_cost
        if option.benefit is not None:
            values["benefit"] = option.benefit
        ramp_up_periods, horizon = option.ramp_up_periods, option.horizon
        if option.cash_flows is None:  # the shared horizon and ramp apply to the cost-and-benefit form only
            ramp_up_periods = self.ramp_up_periods if ramp_up_periods is None else ramp_up_periods
            horizon = self.horizon if horizon is None else horizon
        if ramp_up_periods is not None:
            values["ramp_up_periods"] = ramp_up_periods
        if horizon is not None:
            values["horizon"] = horizon
        return values


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
