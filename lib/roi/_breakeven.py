"""Break-even calculators: LLM API vs self-hosted, serverless vs always-on, spot vs on-demand, per prediction.

Months are 730 hours (365 × 24 / 12) throughout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from lib.errors import InputError
from lib.provenance import Provenance, make_provenance
from lib.roi._checks import fraction, non_negative, positive

HOURS_PER_MONTH = 730.0
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
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
class LlmBreakEven:
    """Monthly cost of an LLM API against self-hosted GPUs, with capacity respected.

    Attributes
    ----------
    api_monthly_cost : float
        Dollars per month paying per token.
    self_hosted_monthly_cost : float
        Dollars per month for the GPUs actually needed (at least the configured
        number) plus operations.
    gpus_needed : int
        GPUs required to serve the volume at the given throughput and utilisation.
    gpus_used : int
        ``max(configured, needed)``: what the self-hosted cost is based on.
    capacity_tokens_per_month : float
        What the configured GPUs can serve.
    capacity_shortfall_tokens : float
        Volume the configured GPUs cannot serve (0 when they suffice).
    monthly_saving : float
        API cost minus self-hosted cost (negative: the API is cheaper).
    break_even_tokens_per_month : float or None
        Smallest volume at which self-hosting (with GPUs added as volume grows)
        costs no more than the API; None when each extra GPU costs more than the
        tokens it serves would cost through the API.
    """

    api_monthly_cost: float
    self_hosted_monthly_cost: float
    gpus_needed: int
    gpus_used: int
    capacity_tokens_per_month: float
    capacity_shortfall_tokens: float
    monthly_saving: float
    break_even_tokens_per_month: float | None
    api_price_per_million: float
    notes: tuple[str, ...]
    provenance: Provenance = field(compare=False)

    @property
    def cheaper(self) -> str:
        """Which option costs less at this volume."""
        return "self-hosted" if self.monthly_saving > 0 else "api"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "calculator": "llm",
            "api_monthly_cost": self.api_monthly_cost,
            "self_hosted_monthly_cost": self.self_hosted_monthly_cost,
            "gpus_needed": self.gpus_needed,
            "gpus_used": self.gpus_used,
            "capacity_tokens_per_month": self.capacity_tokens_per_month,
            "capacity_shortfall_tokens": self.capacity_shortfall_tokens,
            "monthly_saving": self.monthly_saving,
            "cheaper": self.cheaper,
            "break_even_tokens_per_month": self.break_even_tokens_per_month,
            "api_price_per_million": self.api_price_per_million,
            "notes": list(self.notes),
            "provenance": self.provenance.to_dict(),
        }


@dataclass(frozen=True)
class LlmInputs:
    """Validated inputs of :func:`llm_break_even` (kept so charts can re-cost other volumes)."""

    tokens_per_month: float
    input_share: float
    price_input_per_million: float
    price_output_per_million: float
    gpu_hourly: float
    n_gpus: int
    tokens_per_second: float
    utilisation: float
    ops_monthly: float

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


def llm_inputs(
    *,
    tokens_per_month: float,
    input_share: float,
    price_input_per_million: float,
    price_output_per_million: float,
    gpu_hourly: float,
    n_gpus: int,
    tokens_per_second: float,
    utilisation: float,
    ops_monthly: float = 0.0,
) -> LlmInputs:
    """Validate the LLM calculator's inputs (see :func:`llm_break_even`)."""
    gpus = non_negative(n_gpus, name="n_gpus", unit=" GPUs")
    if gpus != int(gpus) or gpus < 1:
        raise InputError("'n_gpus' must be a whole number of GPUs", expected="1 or more", found=f"{gpus:g}")
    return LlmInputs(
        tokens_per_month=non_negative(tokens_per_month, name="tokens_per_month", unit=" tokens"),
        input_share=fraction(input_share, name="input_share"),
        price_input_per_million=non_negative(price_input_per_million, name="price_input_per_million", unit=" $"),
        price_output_per_million=non_negative(price_output_per_million, name="price_output_per_million", unit=" $"),
        gpu_hourly=non_negative(gpu_hourly, name="gpu_hourly", unit=" $/hour"),
        n_gpus=int(gpus),
        tokens_per_second=positive(tokens_per_second, name="tokens_per_second", unit=" tokens/s per GPU"),
        utilisation=fraction(utilisation, name="utilisation", allow_zero=False),
        ops_monthly=non_negative(ops_monthly, name="ops_monthly", unit=" $/month"),
    )


def _llm_break_even_volume(inp: LlmInputs) -> float | None:
    price = inp.blended_price_per_million / 1e6
    if price <= 0:
        return None
    per_gpu_cost = inp.gpu_hourly * HOURS_PER_MONTH
    per_gpu_tokens = inp.tokens_per_gpu_month
    fixed = inp.n_gpus * per_gpu_cost + inp.ops_monthly
    if fixed / price <= inp.n_gpus * per_gpu_tokens:
        return fixed / price
    # Beyond the configured fleet each GPU adds per_gpu_cost and per_gpu_tokens of capacity; the API
    # catches up only if those tokens cost more through the API than the GPU does.
    margin = per_gpu_tokens * price - per_gpu_cost
    if margin <= 0:
        return None
    k = max(inp.n_gpus + 1, math.ceil((inp.ops_monthly) / margin - 1e-9))
    while True:  # at most a step or two past the estimate
        cost_k = k * per_gpu_cost + inp.ops_monthly
        if cost_k / price <= k * per_gpu_tokens:
            # Costs cross inside this GPU step, or exactly where the k-th GPU is added.
            return max(cost_k / price, (k - 1) * per_gpu_tokens)
        k += 1


def llm_break_even(
    *,
    tokens_per_month: float,
    input_share: float,
    price_input_per_million: float,
    price_output_per_million: float,
    gpu_hourly: float,
    n_gpus: int,
    tokens_per_second: float,
    utilisation: float,
    ops_monthly: float = 0.0,
) -> LlmBreakEven:
    """Compare paying an LLM API per token with running your own GPUs.

    Parameters
    ----------
    tokens_per_month : float
        Tokens processed per month (input and output together).
    input_share : float
        Share of those tokens that are input (prompt) tokens, 0..1.
    price_input_per_million, price_output_per_million : float
        API dollars per 1M input / output tokens.
    gpu_hourly : float
        Dollars per GPU-hour.
    n_gpus : int
        GPUs planned.
    tokens_per_second : float
        Tokens one GPU serves per second at full load.
    utilisation : float
        Share of the month the GPUs do useful work, 0..1 (above 0).
    ops_monthly : float
        Operations overhead in dollars per month (people, monitoring).

    Returns
    -------
    LlmBreakEven
        When the planned GPUs cannot serve the volume, the self-hosted cost
        is for the GPUs that can, and a note says so: no saving is claimed
        for traffic the planned GPUs could not serve.
    """
    params = {k: v for k, v in locals().items()}
    inp = llm_inputs(**params)
    needed = math.ceil(inp.tokens_per_month / inp.tokens_per_gpu_month - 1e-9)
    used = max(inp.n_gpus, needed)
    capacity = inp.n_gpus * inp.tokens_per_gpu_month
    shortfall = max(0.0, inp.tokens_per_month - capacity)
    api = inp.api_cost(inp.tokens_per_month)
    hosted = inp.self_hosted_cost(inp.tokens_per_month)
    notes = []
    if shortfall > 0:
        notes.append(
            f"The {inp.n_gpus} planned GPUs serve {capacity:,.0f} tokens a month at {inp.utilisation:.0%} "
            f"utilisation, {shortfall:,.0f} short of the volume; the self-hosted cost uses the {used} GPUs needed."
        )
    break_even = _llm_break_even_volume(inp)
    if break_even is None:
        notes.append("Self-hosting never breaks even: each GPU costs more than the API charges for what it serves.")
    return LlmBreakEven(
        api_monthly_cost=api,
        self_hosted_monthly_cost=hosted,
        gpus_needed=needed,
        gpus_used=used,
        capacity_tokens_per_month=capacity,
        capacity_shortfall_tokens=shortfall,
        monthly_saving=api - hosted,
        break_even_tokens_per_month=break_even,
        api_price_per_million=inp.blended_price_per_million,
        notes=tuple(notes),
        provenance=make_provenance(parameters=params),
    )


@dataclass(frozen=True)
class EndpointBreakEven:
    """Serverless (pay per request) against an always-on endpoint."""

    serverless_monthly_cost: float
    always_on_monthly_cost: float
    cost_per_request: float
    break_even_requests_per_hour: float | None
    monthly_saving: float
    notes: tuple[str, ...]
    provenance: Provenance = field(compare=False)

    @property
    def cheaper(self) -> str:
        """Which option costs less at this traffic."""
        return "serverless" if self.serverless_monthly_cost < self.always_on_monthly_cost else "always-on"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "calculator": "endpoint",
            "serverless_monthly_cost": self.serverless_monthly_cost,
            "always_on_monthly_cost": self.always_on_monthly_cost,
            "cost_per_request": self.cost_per_request,
            "break_even_requests_per_hour": self.break_even_requests_per_hour,
            "monthly_saving": self.monthly_saving,
            "cheaper": self.cheaper,
            "notes": list(self.notes),
            "provenance": self.provenance.to_dict(),
        }


def endpoint_cost_per_request(
    *, duration_s: float, memory_gb: float, price_per_gb_second: float, price_per_million_requests: float
) -> float:
    """Serverless dollars per request: compute (GB-seconds) plus the request fee."""
    return duration_s * memory_gb * price_per_gb_second + price_per_million_requests / 1e6


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
    """
    params = {k: v for k, v in locals().items()}
    traffic = non_negative(requests_per_hour, name="requests_per_hour", unit=" requests/hour")
    per_request = endpoint_cost_per_request(
        duration_s=non_negative(duration_s, name="duration_s", unit=" seconds"),
        memory_gb=non_negative(memory_gb, name="memory_gb", unit=" GB"),
        price_per_gb_second=non_negative(price_per_gb_second, name="price_per_gb_second", unit=" $"),
        price_per_million_requests=non_negative(
            price_per_million_requests, name="price_per_million_requests", unit=" $"
        ),
    )
    count = non_negative(instances, name="instances")
    if count != int(count) or count < 1:
        raise InputError("'instances' must be a whole number", expected="1 or more", found=f"{count:g}")
    always_on = non_negative(instance_hourly, name="instance_hourly", unit=" $/hour") * int(count) * HOURS_PER_MONTH
    serverless = traffic * HOURS_PER_MONTH * per_request
    break_even = always_on / (HOURS_PER_MONTH * per_request) if per_request > 0 else None
    return EndpointBreakEven(
        serverless_monthly_cost=serverless,
        always_on_monthly_cost=always_on,
        cost_per_request=per_request,
        break_even_requests_per_hour=break_even,
        monthly_saving=always_on - serverless,
        notes=(COLD_START_NOTE, ALWAYS_ON_NOTE),
        provenance=make_provenance(parameters=params),
    )


@dataclass(frozen=True)
class SpotBreakEven:
    """Expected cost and wall time of a training job on spot against on-demand."""

    on_demand_cost: float
    on_demand_hours: float
    spot_expected_cost: float
    spot_expected_hours: float
    expected_interruptions: float
    break_even_discount: float
    saving_per_run: float
    model: str
    provenance: Provenance = field(compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "calculator": "spot",
            "on_demand_cost": self.on_demand_cost,
            "on_demand_hours": self.on_demand_hours,
            "spot_expected_cost": self.spot_expected_cost,
            "spot_expected_hours": self.spot_expected_hours,
            "expected_interruptions": self.expected_interruptions,
            "break_even_discount": self.break_even_discount,
            "saving_per_run": self.saving_per_run,
            "cheaper": "spot" if self.spot_expected_cost < self.on_demand_cost else "on-demand",
            "model": self.model,
            "provenance": self.provenance.to_dict(),
        }


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

    Notes
    -----
    See ``SPOT_MODEL``: lost time per interruption is half an interval plus
    the overhead on average; the job never finishes when that loss reaches an
    hour per hour, which is reported as bad input.
    """
    params = {k: v for k, v in locals().items()}
    hours = positive(job_hours, name="job_hours", unit=" hours")
    price = non_negative(on_demand_hourly, name="on_demand_hourly", unit=" $/hour")
    discount = fraction(spot_discount, name="spot_discount")
    rate = non_negative(interruptions_per_hour, name="interruptions_per_hour", unit=" per hour")
    interval = non_negative(checkpoint_interval_hours, name="checkpoint_interval_hours", unit=" hours")
    overhead = non_negative(restart_overhead_hours, name="restart_overhead_hours", unit=" hours")
    lost_share = rate * (interval / 2 + overhead)
    if lost_share >= 1:
        raise InputError(
            "with these interruptions the job loses work as fast as it makes progress and never finishes",
            expected="interruptions_per_hour × (checkpoint_interval_hours / 2 + restart_overhead_hours) below 1",
            found=f"{lost_share:.2f}",
        )
    wall = hours / (1 - lost_share)
    spot_cost = wall * price * (1 - discount)
    on_demand = hours * price
    return SpotBreakEven(
        on_demand_cost=on_demand,
        on_demand_hours=hours,
        spot_expected_cost=spot_cost,
        spot_expected_hours=wall,
        expected_interruptions=rate * wall,
        break_even_discount=1 - hours / wall,
        saving_per_run=on_demand - spot_cost,
        model=SPOT_MODEL,
        provenance=make_provenance(parameters=params),
    )


@dataclass(frozen=True)
class PerPredictionSaving:
    """Saving from a lower cost per 1,000 predictions at a monthly volume."""

    cost_before: float
    cost_after: float
    predictions_per_month: float
    monthly_cost_before: float
    monthly_cost_after: float
    monthly_saving: float
    annual_saving: float
    provenance: Provenance = field(compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "calculator": "per-prediction",
            "cost_before": self.cost_before,
            "cost_after": self.cost_after,
            "predictions_per_month": self.predictions_per_month,
            "monthly_cost_before": self.monthly_cost_before,
            "monthly_cost_after": self.monthly_cost_after,
            "monthly_saving": self.monthly_saving,
            "annual_saving": self.annual_saving,
            "saving_pct": None if self.cost_before == 0 else (1 - self.cost_after / self.cost_before) * 100,
            "provenance": self.provenance.to_dict(),
        }


def per_prediction_saving(
    *, cost_before: float, cost_after: float, predictions_per_month: float
) -> PerPredictionSaving:
    """Monthly and yearly saving from cutting the cost per 1,000 predictions.

    ``cost_before`` and ``cost_after`` are dollars per 1,000 predictions; a
    higher ``cost_after`` gives a negative saving.
    """
    params = {k: v for k, v in locals().items()}
    before = non_negative(cost_before, name="cost_before", unit=" $ per 1,000 predictions")
    after = non_negative(cost_after, name="cost_after", unit=" $ per 1,000 predictions")
    volume = non_negative(predictions_per_month, name="predictions_per_month", unit=" predictions")
    # Money is reported to the cent so $0.42 -> $0.19 at 2 billion reads $460,000, not $459,999.99999.
    monthly_before = round(before * volume / 1000, 2)
    monthly_after = round(after * volume / 1000, 2)
    saving = round(monthly_before - monthly_after, 2)
    return PerPredictionSaving(
        cost_before=before,
        cost_after=after,
        predictions_per_month=volume,
        monthly_cost_before=monthly_before,
        monthly_cost_after=monthly_after,
        monthly_saving=saving,
        annual_saving=round(saving * 12, 2),
        provenance=make_provenance(parameters=params),
    )
