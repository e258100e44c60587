"""Break-even calculators: LLM API vs self-hosted, serverless vs always-on, spot vs on-demand, per prediction.

Months are 730 hours (365 × 24 / 12) throughout. Each calculator is an analysis kind: a spec
(see :mod:`lib.roi._specs`) in, a result out; the keyword functions here build the spec.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from lib.analysis import Provenance, Result, json_field, provenance_for
from lib.roi._specs import HOURS_PER_MONTH, EndpointSpec, LlmSpec, PerPredictionSpec, SpotSpec

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
class LlmBreakEven(Result):
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
    api_price_per_million : float
        Blended API dollars per 1M tokens.
    notes : tuple of str
    provenance : Provenance
    """

    json_extras = ("calculator", "cheaper")
    calculator: ClassVar[str] = "llm"

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
    provenance: Provenance = json_field(compare=False)

    @property
    def cheaper(self) -> str:
        """Which option costs less at this volume."""
        return "self-hosted" if self.monthly_saving > 0 else "api"


def _llm_break_even_volume(spec: LlmSpec) -> float | None:
    price = spec.blended_price_per_million / 1e6
    if price <= 0:
        return None
    per_gpu_cost = spec.gpu_hourly * HOURS_PER_MONTH
    per_gpu_tokens = spec.tokens_per_gpu_month
    fixed = spec.n_gpus * per_gpu_cost + spec.ops_monthly
    if fixed / price <= spec.n_gpus * per_gpu_tokens:
        return fixed / price
    # Beyond the configured fleet each GPU adds per_gpu_cost and per_gpu_tokens of capacity; the API
    # catches up only if those tokens cost more through the API than the GPU does.
    margin = per_gpu_tokens * price - per_gpu_cost
    estimate = spec.ops_monthly / margin if margin > 0 else math.inf
    if not math.isfinite(estimate) or not math.isfinite(fixed / price):
        return None  # the margin is too thin for any volume a number can hold
    k = max(spec.n_gpus + 1, math.ceil(estimate - 1e-9))
    while True:  # at most a step or two past the estimate
        cost_k = k * per_gpu_cost + spec.ops_monthly
        if cost_k / price <= k * per_gpu_tokens:
            # Costs cross inside this GPU step, or exactly where the k-th GPU is added.
            return max(cost_k / price, (k - 1) * per_gpu_tokens)
        k += 1


def run_llm(spec: LlmSpec, *, provenance: Provenance | None = None) -> LlmBreakEven:
    """The LLM calculator on a spec (see :func:`llm_break_even`)."""
    needed = math.ceil(spec.tokens_per_month / spec.tokens_per_gpu_month - 1e-9)
    used = max(spec.n_gpus, needed)
    capacity = spec.n_gpus * spec.tokens_per_gpu_month
    shortfall = max(0.0, spec.tokens_per_month - capacity)
    api = spec.api_cost(spec.tokens_per_month)
    hosted = spec.self_hosted_cost(spec.tokens_per_month)
    notes = []
    if shortfall > 0:
        notes.append(
            f"The {spec.n_gpus} planned GPUs serve {capacity:,.0f} tokens a month at {spec.utilisation:.0%} "
            f"utilisation, {shortfall:,.0f} short of the volume; the self-hosted cost uses the {used} GPUs needed."
        )
    break_even = _llm_break_even_volume(spec)
    if break_even is not None and not math.isfinite(break_even):
        break_even = None  # beyond any volume a number can hold: for every real volume, it never does
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
        api_price_per_million=spec.blended_price_per_million,
        notes=tuple(notes),
        provenance=provenance or provenance_for(spec),
    )


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
) -> LlmSpec:
    """The LLM calculator's validated inputs (a spec; its methods re-cost other volumes for charts).

    Parameters are those of :func:`llm_break_even`.
    """
    return LlmSpec(
        tokens_per_month=tokens_per_month,
        input_share=input_share,
        price_input_per_million=price_input_per_million,
        price_output_per_million=price_output_per_million,
        gpu_hourly=gpu_hourly,
        n_gpus=n_gpus,
        tokens_per_second=tokens_per_second,
        utilisation=utilisation,
        ops_monthly=ops_monthly,
    )


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
    return run_llm(LlmSpec(**locals()))


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
