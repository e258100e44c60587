"""Break-even calculators: LLM API vs self-hosted, serverless vs always-on, spot vs on-demand, per prediction.

Months are 730 hours (365 × 24 / 12) throughout. Each calculator is an analysis kind: a spec
(see :mod:`lib.roi._specs`) in, a result out; the keyword functions here build the spec.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from lib.analysis import Provenance, Result, json_field, provenance_for
from lib.roi._llm import LlmBreakEven, llm_break_even, llm_inputs, run_llm
from lib.roi._specs import HOURS_PER_MONTH, EndpointSpec, PerPredictionSpec, SpotSpec

__all__ = [
    "ALWAYS_ON_NOTE",
    "COLD_START_NOTE",
    "SPOT_MODEL",
    "EndpointBreakEven",
    "LlmBreakEven",
    "PerPredictionSaving",
    "SpotBreakEven",
    "endpoint_break_even",
    "endpoint_cost_per_request",
    "llm_break_even",
    "llm_inputs",
    "per_prediction_saving",
    "run_endpoint",
    "run_llm",
    "run_per_prediction",
    "run_spot",
    "spot_break_even",
]

COLD_START_NOTE = (
    "Serverless endpoints scale to zero, so the first request after a quiet spell waits for a cold start, "
    "typically 1 to 10 seconds; keep latency-critical traffic on an always-on endpoint."
)
SPOT_MODEL = (
    "Interruptions arrive at random (a Poisson process) at the given rate per hour the job holds instances. "
    "Each one loses, on average, half a checkpoint interval of work plus the restart overhead, so the expected "
    "wall time is T / (1 - rate × (interval / 2 + overhead)), and every hour of it is paid at the spot price: "
    "spot cost = wall time × on-demand price × (1 - discount). Time spent writing checkpoints is not counted."
)
ALWAYS_ON_NOTE = "The always-on cost assumes the instances can carry the traffic; add instances if they cannot."


@dataclass(frozen=True)
class EndpointBreakEven(Result):
    """Serverless (pay per request) against an always-on endpoint.

    Attributes
    ----------
    serverless_monthly_cost, always_on_monthly_cost : float
        Dollars per month.
    cost_per_request : float
        Serverless dollars per request.
    break_even_requests_per_hour : float or None
        Traffic at which both cost the same; None when requests cost nothing.
    monthly_saving : float
        Always-on cost minus serverless cost.
    notes : tuple of str
    provenance : Provenance
    """

    json_extras = ("calculator", "cheaper")
    calculator: ClassVar[str] = "endpoint"

    serverless_monthly_cost: float
    always_on_monthly_cost: float
    cost_per_request: float
    break_even_requests_per_hour: float | None
    monthly_saving: float
    notes: tuple[str, ...]
    provenance: Provenance = json_field(compare=False)

    @property
    def cheaper(self) -> str:
        """Which option costs less at this traffic."""
        return "serverless" if self.serverless_monthly_cost < self.always_on_monthly_cost else "always-on"


def endpoint_cost_per_request(
    *, duration_s: float, memory_gb: float, price_per_gb_second: float, price_per_million_requests: float
) -> float:
    """Serverless dollars per request: compute (GB-seconds) plus the request fee.

    Examples
    --------
    >>> endpoint_cost_per_request(duration_s=1, memory_gb=2, price_per_gb_second=0.5, price_per_million_requests=1e6)
    2.0
    """
    return duration_s * memory_gb * price_per_gb_second + price_per_million_requests / 1e6


def run_endpoint(spec: EndpointSpec, *, provenance: Provenance | None = None) -> EndpointBreakEven:
    """The endpoint calculator on a spec (see :func:`endpoint_break_even`)."""
    per_request = endpoint_cost_per_request(
        duration_s=spec.duration_s,
        memory_gb=spec.memory_gb,
        price_per_gb_second=spec.price_per_gb_second,
        price_per_million_requests=spec.price_per_million_requests,
    )
    always_on = spec.instance_hourly * spec.instances * HOURS_PER_MONTH
    serverless = spec.requests_per_hour * HOURS_PER_MONTH * per_request
    break_even = always_on / (HOURS_PER_MONTH * per_request) if per_request > 0 else None
    return EndpointBreakEven(
        serverless_monthly_cost=serverless,
        always_on_monthly_cost=always_on,
        cost_per_request=per_request,
        break_even_requests_per_hour=break_even if break_even is None or math.isfinite(break_even) else None,
        monthly_saving=always_on - serverless,
        notes=(COLD_START_NOTE, ALWAYS_ON_NOTE),
        provenance=provenance or provenance_for(spec),
    )


def endpoint_break_even(
    *,
    requests_per_hour: float,
    duration_s: float,
    memory_gb: float,
    price_per_gb_second: float,
    price_per_million_requests: float,
    instance_hourly: float,
    instances: int = 1,
) -> EndpointBreakEven:
    """Find the traffic at which an always-on endpoint becomes cheaper than serverless.

    Parameters
    ----------
    requests_per_hour : float
        Average traffic.
    duration_s : float
        Seconds of compute per request.
    memory_gb : float
        Memory of the serverless function, GB.
    price_per_gb_second : float
        Serverless dollars per GB-second.
    price_per_million_requests : float
        Serverless request fee, dollars per 1M requests.
    instance_hourly : float
        Dollars per hour of one always-on instance.
    instances : int
        Always-on instances kept running.

    Returns
    -------
    EndpointBreakEven
    """
    return run_endpoint(EndpointSpec(**locals()))


@dataclass(frozen=True)
class SpotBreakEven(Result):
    """Expected cost and wall time of a training job on spot against on-demand.

    Attributes
    ----------
    on_demand_cost, spot_expected_cost : float
        Dollars per run.
    on_demand_hours, spot_expected_hours : float
        Wall time per run.
    expected_interruptions : float
    break_even_discount : float
        The spot discount at which both cost the same.
    saving_per_run : float
        On-demand cost minus expected spot cost.
    model : str
        The interruption model in words.
    provenance : Provenance
    """

    json_extras = ("calculator", "cheaper")
    calculator: ClassVar[str] = "spot"

    on_demand_cost: float
    on_demand_hours: float
    spot_expected_cost: float
    spot_expected_hours: float
    expected_interruptions: float
    break_even_discount: float
    saving_per_run: float
    model: str
    provenance: Provenance = json_field(compare=False)

    @property
    def cheaper(self) -> str:
        """Which option costs less per run."""
        return "spot" if self.spot_expected_cost < self.on_demand_cost else "on-demand"


def run_spot(spec: SpotSpec, *, provenance: Provenance | None = None) -> SpotBreakEven:
    """The spot calculator on a spec (see :func:`spot_break_even`)."""
    lost_share = spec.interruptions_per_hour * (spec.checkpoint_interval_hours / 2 + spec.restart_overhead_hours)
    wall = spec.job_hours / (1 - lost_share)
    spot_cost = wall * spec.on_demand_hourly * (1 - spec.spot_discount)
    on_demand = spec.job_hours * spec.on_demand_hourly
    return SpotBreakEven(
        on_demand_cost=on_demand,
        on_demand_hours=spec.job_hours,
        spot_expected_cost=spot_cost,
        spot_expected_hours=wall,
        expected_interruptions=spec.interruptions_per_hour * wall,
        break_even_discount=1 - spec.job_hours / wall,
        saving_per_run=on_demand - spot_cost,
        model=SPOT_MODEL,
        provenance=provenance or provenance_for(spec),
    )


def spot_break_even(
    *,
    job_hours: float,
    on_demand_hourly: float,
    spot_discount: float,
    interruptions_per_hour: float,
    checkpoint_interval_hours: float,
    restart_overhead_hours: float,
) -> SpotBreakEven:
    """Expected cost and wall time of spot training under random interruptions.

    Parameters
    ----------
    job_hours : float
        Hours the job takes uninterrupted (on demand).
    on_demand_hourly : float
        On-demand dollars per hour for the whole job's instances.
    spot_discount : float
        Spot price discount, 0..1 (0.7 = 70 % cheaper).
    interruptions_per_hour : float
        Expected interruptions per running hour.
    checkpoint_interval_hours : float
        Hours between checkpoints (0.25 = every 15 minutes).
    restart_overhead_hours : float
        Hours to get a new instance and reload the checkpoint.

    Returns
    -------
    SpotBreakEven

    Notes
    -----
    See ``SPOT_MODEL``: lost time per interruption is half an interval plus
    the overhead on average; the job never finishes when that loss reaches an
    hour per hour, which is reported as bad input.
    """
    return run_spot(SpotSpec(**locals()))


@dataclass(frozen=True)
class PerPredictionSaving(Result):
    """Saving from a lower cost per 1,000 predictions at a monthly volume.

    Attributes
    ----------
    cost_before, cost_after : float
        Dollars per 1,000 predictions.
    predictions_per_month : float
    monthly_cost_before, monthly_cost_after, monthly_saving, annual_saving : float
        Dollars, to the cent.
    provenance : Provenance
    """

    json_extras = ("calculator", "saving_pct")
    calculator: ClassVar[str] = "per-prediction"

    cost_before: float
    cost_after: float
    predictions_per_month: float
    monthly_cost_before: float
    monthly_cost_after: float
    monthly_saving: float
    annual_saving: float
    provenance: Provenance = json_field(compare=False)

    @property
    def saving_pct(self) -> float | None:
        """The cut in cost per prediction, in percent (None when it cost nothing before)."""
        return None if self.cost_before == 0 else (1 - self.cost_after / self.cost_before) * 100


def run_per_prediction(spec: PerPredictionSpec, *, provenance: Provenance | None = None) -> PerPredictionSaving:
    """The per-prediction calculator on a spec (see :func:`per_prediction_saving`)."""
    # Money is reported to the cent so $0.42 -> $0.19 at 2 billion reads $460,000, not $459,999.99999.
    monthly_before = round(spec.cost_before * spec.predictions_per_month / 1000, 2)
    monthly_after = round(spec.cost_after * spec.predictions_per_month / 1000, 2)
    saving = round(monthly_before - monthly_after, 2)
    return PerPredictionSaving(
        cost_before=spec.cost_before,
        cost_after=spec.cost_after,
        predictions_per_month=spec.predictions_per_month,
        monthly_cost_before=monthly_before,
        monthly_cost_after=monthly_after,
        monthly_saving=saving,
        annual_saving=round(saving * 12, 2),
        provenance=provenance or provenance_for(spec),
    )


def per_prediction_saving(
    *, cost_before: float, cost_after: float, predictions_per_month: float
) -> PerPredictionSaving:
    """Monthly and yearly saving from cutting the cost per 1,000 predictions.

    ``cost_before`` and ``cost_after`` are dollars per 1,000 predictions; a
    higher ``cost_after`` gives a negative saving.

    Examples
    --------
    >>> per_prediction_saving(cost_before=0.42, cost_after=0.19, predictions_per_month=2e9).monthly_saving
    460000.0
    """
    return run_per_prediction(PerPredictionSpec(**locals()))
