"""LLM API against self-hosting, month by month: the calculator's model, its result and its Monte Carlo.

Model (requests form), for month m = 1..months:

- requests R_m = R_1 (1 + growth) ** (m - 1); API cost = R_m × (input tokens × input price + output tokens ×
  output price) / 1e6 × (1 + price trend) ** (m - 1);
- one request occupies a replica for s = input / prefill speed + output / decode speed seconds of its full
  throughput; at peak, requests arrive at R_m / seconds in a month × peak-to-average;
- a replica is loaded to at most its utilisation cap; with a latency target L the cap is also at most
  1 - L0 / L, where L0 = input / prefill speed + output / stream speed is the time on an idle replica
  (the latency of a shared server grows as L0 / (1 - load), the processor-sharing law);
- replicas = max(high-availability minimum, ceil(peak rate × s / cap)); GPUs = replicas × GPUs per replica,
  paid every hour of the month (730) at the on-demand or reserved price;
- operations = FTEs × yearly cost / 12 + other overhead; the migration is paid in month 1;
- the break-even month is the first month the cumulative saving (API minus self-hosted) reaches zero.

The tokens form keeps the original calculator: one throughput per GPU, GPUs added one at a time
when the average volume needs them, never fewer than planned.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from lib.analysis import Provenance, Record, Result, json_field, json_meta, provenance_for
from lib.roi._compare import Spread
from lib.roi._limits import HOURS_PER_MONTH, SECONDS_PER_MONTH
from lib.roi._llm_spec import LlmSpec
from lib.roi._ranges import likely_of
from lib.roi._sensitivity import SensitivityRow, sensitivity
from lib.roi._simulate import dependence_of, draw_inputs

REQUESTS_MODEL = (
    "Requests grow by the monthly growth rate and API prices follow their monthly trend. A request occupies a "
    "replica for input tokens / prefill speed + output tokens / decode speed seconds; replicas are provisioned for "
    "the peak rate (average × peak-to-average) so no replica is loaded beyond its utilisation cap, nor beyond "
    "1 - idle latency / latency target (a shared server's latency grows as idle latency / (1 - load)); never fewer "
    "than the high-availability minimum. GPUs = replicas × GPUs per replica, paid 730 hours a month. Operations = "
    "FTEs × yearly cost / 12 + other overhead; the migration is paid in month 1. The break-even month is the first "
    "month the cumulative saving reaches zero."
)
TOKENS_MODEL = (
    "Tokens grow by the monthly growth rate and API prices follow their monthly trend. Each GPU serves tokens per "
    "second × utilisation × 2,628,000 seconds a month; GPUs are added one at a time when the volume needs them, "
    "never fewer than planned, paid 730 hours a month. Operations = FTEs × yearly cost / 12 + other overhead; the "
    "migration is paid in month 1. The break-even month is the first month the cumulative saving reaches zero."
)
# Cells of the month table computed at once in the Monte Carlo.
BLOCK_CELLS = 2_000_000


@dataclass(frozen=True)
class MonthRow(Record):
    """One month of both options' costs (dollars).

    Attributes
    ----------
    month : int
        1 = the first month.
    requests : float or None
        Requests that month (requests form).
    tokens : float
    api_cost : float
    replicas : int or None
        Replicas provisioned (requests form).
    gpus : int
    gpu_cost, ops_cost, one_time_cost, self_hosted_cost : float
    saving, cumulative_saving : float
        API cost minus self-hosted cost, that month and to date.
    """

    month: int
    requests: float | None
    tokens: float
    api_cost: float
    replicas: int | None
    gpus: int
    gpu_cost: float
    ops_cost: float
    one_time_cost: float
    self_hosted_cost: float
    saving: float
    cumulative_saving: float


@dataclass(frozen=True)
class LlmSimulation(Record):
    """The calculator's Monte Carlo over its ranged inputs.

    Attributes
    ----------
    n_sim, seed : int
    dependence : str
    total_saving : Spread
        Saving over the whole horizon (API minus self-hosted, migration included), dollars.
    p_self_hosting_cheaper : float
        Share of futures where self-hosting costs less over the horizon.
    p_break_even : float
        Share of futures that break even within the horizon.
    break_even_month : dict
        ``p10``, ``p50``, ``p90`` of the break-even month (None: not within the horizon).
    latency_unmet : float
        Share of futures where the latency target cannot be met even by an idle replica.
    sensitivity : tuple of SensitivityRow
        Which inputs the total saving's spread comes from.
    """

    n_sim: int
    seed: int
    dependence: str
    total_saving: Spread
    p_self_hosting_cheaper: float
    p_break_even: float
    break_even_month: dict[str, int | None]
    latency_unmet: float
    sensitivity: tuple[SensitivityRow, ...]


@dataclass(frozen=True)
class LlmBreakEven(Result):
    """Monthly cost of an LLM API against self-hosted GPUs, with capacity respected.

    The first-month figures keep the original calculator's names; ``monthly`` holds every month.

    Attributes
    ----------
    api_monthly_cost : float
        Dollars in month 1 paying per token.
    self_hosted_monthly_cost : float
        Dollars in month 1 for the GPUs provisioned plus operations (the migration left out).
    gpus_needed : int
        GPUs the month-1 load needs (before any minimum).
    gpus_used : int
        GPUs paid for in month 1 (at least the planned GPUs, or the high-availability minimum).
    capacity_tokens_per_month : float
        What the planned GPUs (tokens form) or the month-1 replicas (requests form) can serve.
    capacity_shortfall_tokens : float
        Volume the planned GPUs cannot serve (0 when they suffice; always 0 in the requests form).
    monthly_saving : float
        API cost minus self-hosted cost in month 1 (negative: the API is cheaper).
    break_even_tokens_per_month : float or None
        Smallest monthly volume at which self-hosting (adding capacity as volume grows) costs no more
        than the API; None when each extra GPU or replica costs more than the tokens it serves.
    api_price_per_million : float
        Blended API dollars per 1M tokens.
    notes : tuple of str
    provenance : Provenance
    monthly : tuple of MonthRow
        Month by month, both options.
    break_even_month : int or None
        First month the cumulative saving reaches zero; None when it does not within the horizon.
    total_api_cost, total_self_hosted_cost, total_saving : float
        Over the horizon, dollars.
    break_even_requests_per_month : float or None
        The break-even volume in requests (requests form).
    model : str
        The costing model in words.
    simulation : LlmSimulation or None
        With ranged inputs.
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
    monthly: tuple[MonthRow, ...] = ()
    break_even_month: int | None = None
    total_api_cost: float = 0.0
    total_self_hosted_cost: float = 0.0
    total_saving: float = 0.0
    break_even_requests_per_month: float | None = None
    model: str = ""
    simulation: LlmSimulation | None = field(default=None, metadata=json_meta(omit_none=True))

    @property
    def cheaper(self) -> str:
        """Which option costs less in month 1."""
        return "self-hosted" if self.monthly_saving > 0 else "api"


def _column(values: Mapping[str, np.ndarray], spec: LlmSpec, name: str) -> np.ndarray:
    if name in values:
        return np.asarray(values[name], dtype=float).reshape(-1, 1)
    value = getattr(spec, name)
    return np.array([[0.0 if value is None else likely_of(value)]])


def month_table(spec: LlmSpec, values: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Both options' costs per draw and month (arrays of shape (n, months)).

    Parameters
    ----------
    spec : LlmSpec
    values : mapping
        Input name -> its draws (or likely value); inputs left out take the spec's likely value.

    Returns
    -------
    dict
        ``requests``, ``tokens``, ``api``, ``replicas``, ``needed``, ``gpus``, ``gpu_cost``, ``ops``,
        ``one_time``, ``self_hosted``, ``saving``, ``cumulative`` and ``latency_unmet`` (per draw).
    """

    def col(name: str) -> np.ndarray:
        return _column(values, spec, name)

    month = np.arange(1, spec.months + 1, dtype=float)[None, :]
    volume = (1.0 + col("growth")) ** (month - 1)
    prices = (1.0 + col("api_price_trend")) ** (month - 1)
    unmet = np.zeros(1)
    if spec.form == "tokens":
        assert spec.tokens_per_month is not None and spec.input_share is not None and spec.n_gpus is not None
        assert spec.tokens_per_second is not None
        tokens = spec.tokens_per_month * volume
        blended = spec.input_share * col("price_input_per_million") + (1 - spec.input_share) * col(
            "price_output_per_million"
        )
        api = tokens / 1e6 * blended * prices
        per_gpu = spec.tokens_per_second * col("utilisation") * SECONDS_PER_MONTH
        needed = np.ceil(tokens / per_gpu - 1e-9)
        gpus = np.maximum(spec.n_gpus, needed)
        requests = replicas = None
    else:
        tokens_in, tokens_out = col("input_tokens"), col("output_tokens")
        requests = col("requests_per_month") * volume
        tokens = requests * (tokens_in + tokens_out)
        api = requests * (tokens_in * col("price_input_per_million") + tokens_out * col("price_output_per_million"))
        api = api / 1e6 * prices
        work = tokens_in / col("prefill_tokens_per_second") + tokens_out / col("decode_tokens_per_second")
        cap = col("utilisation")
        if spec.latency_target_s is not None:
            idle = tokens_in / col("prefill_tokens_per_second") + tokens_out / col("stream_tokens_per_second")
            headroom = 1.0 - idle / spec.latency_target_s
            unmet = (headroom <= 0).reshape(-1).astype(float)
            cap = np.where(headroom > 0, np.minimum(cap, headroom), cap)
        load = requests / SECONDS_PER_MONTH * col("peak_to_average") * work
        needed_replicas = np.ceil(load / cap - 1e-9)
        replicas = np.maximum(spec.min_replicas, needed_replicas)
        needed = needed_replicas * spec.gpus_per_replica
        gpus = replicas * spec.gpus_per_replica
    hourly = col("reserved_gpu_hourly") if spec.gpu_pricing == "reserved" else col("gpu_hourly")
    gpu_cost = gpus * hourly * HOURS_PER_MONTH
    ops = np.broadcast_to(spec.ops_monthly + spec.ops_ftes * col("ops_cost_per_fte") / 12, gpu_cost.shape)
    one_time = np.where(month == 1, col("migration_cost"), 0.0) * np.ones_like(gpu_cost)
    self_hosted = gpu_cost + ops + one_time
    shape = np.broadcast_shapes(api.shape, self_hosted.shape)
    saving = np.broadcast_to(api, shape) - np.broadcast_to(self_hosted, shape)
    return {
        "requests": requests, "tokens": tokens, "api": api, "replicas": replicas, "needed": needed, "gpus": gpus,
        "gpu_cost": gpu_cost, "ops": ops, "one_time": one_time, "self_hosted": self_hosted, "saving": saving,
        "cumulative": np.cumsum(saving, axis=-1), "latency_unmet": unmet,
    }  # fmt: skip


def break_even_months(cumulative: np.ndarray) -> np.ndarray:
    """First month (1-based) each row's cumulative saving reaches zero; 0 where it never does.

    Examples
    --------
    >>> break_even_months(np.array([[-5.0, -1.0, 2.0], [-1.0, -2.0, -3.0], [0.0, 1.0, 2.0]])).tolist()
    [3, 0, 1]
    """
    reached = cumulative >= 0
    first = np.argmax(reached, axis=-1) + 1
    return np.where(reached.any(axis=-1), first, 0)


def _break_even_volume(
    *, unit_price: float, unit_cost: float, units: int, per_unit: float, fixed: float
) -> float | None:
    """Smallest volume where the API (unit_price per item) costs at least the fleet.

    The fleet has ``units`` units at least, each serving ``per_unit`` items and costing
    ``unit_cost``, plus ``fixed``; units are added as the volume needs them.
    """
    if unit_price <= 0 or per_unit <= 0:
        return None
    start = units * unit_cost + fixed
    if start / unit_price <= units * per_unit:
        return start / unit_price
    # Beyond the minimum each unit adds unit_cost and per_unit of capacity; the API catches up only
    # if those items cost more through the API than the unit does.
    margin = per_unit * unit_price - unit_cost
    estimate = fixed / margin if margin > 0 else math.inf
    if not math.isfinite(estimate) or not math.isfinite(start / unit_price):
        return None  # the margin is too thin for any volume a number can hold
    k = max(units + 1, math.ceil(estimate - 1e-9))
    while True:  # at most a step or two past the estimate
        cost_k = k * unit_cost + fixed
        if cost_k / unit_price <= k * per_unit:
            return max(cost_k / unit_price, (k - 1) * per_unit)
        k += 1


def _month_rows(spec: LlmSpec, table: Mapping[str, np.ndarray]) -> tuple[MonthRow, ...]:
    def at(name: str, i: int) -> float:
        return float(np.broadcast_to(table[name], table["saving"].shape)[0, i])

    rows = []
    for i in range(spec.months):
        rows.append(
            MonthRow(
                month=i + 1,
                requests=None if table["requests"] is None else at("requests", i),
                tokens=at("tokens", i),
                api_cost=at("api", i),
                replicas=None if table["replicas"] is None else int(at("replicas", i)),
                gpus=int(at("gpus", i)),
                gpu_cost=at("gpu_cost", i),
                ops_cost=at("ops", i),
                one_time_cost=at("one_time", i),
                self_hosted_cost=at("self_hosted", i),
                saving=at("saving", i),
                cumulative_saving=at("cumulative", i),
            )
        )
    return tuple(rows)


def _simulate(spec: LlmSpec) -> LlmSimulation:
    rng = np.random.default_rng(spec.seed)
    draws = draw_inputs(spec.inputs_by_name(), spec.correlations, spec.n_sim, rng)
    totals = np.empty(spec.n_sim)
    months = np.empty(spec.n_sim, dtype=int)
    unmet = np.zeros(spec.n_sim)
    step = max(1, BLOCK_CELLS // spec.months)
    for start in range(0, spec.n_sim, step):
        block = {k: (v[start : start + step] if v.size > 1 else v) for k, v in draws.items()}
        table = month_table(spec, block)
        size = min(step, spec.n_sim - start)
        totals[start : start + size] = np.broadcast_to(table["cumulative"][:, -1], (size,))
        months[start : start + size] = np.broadcast_to(break_even_months(table["cumulative"]), (size,))
        unmet[start : start + size] = np.broadcast_to(table["latency_unmet"], (size,))
    p10, p50, p90 = np.percentile(totals, [10, 50, 90])
    # "Never" counts as later than the horizon, so percentiles of the month stay meaningful.
    later = np.where(months == 0, spec.months + 1, months)
    month_points = {
        k: (None if v > spec.months else int(v))
        for k, v in zip(("p10", "p50", "p90"), np.percentile(later, [10, 50, 90], method="inverted_cdf"), strict=True)
    }
    return LlmSimulation(
        n_sim=spec.n_sim,
        seed=spec.seed,
        dependence=dependence_of(spec.correlations),
        total_saving=Spread(float(p10), float(p50), float(p90), float(totals.mean())),
        p_self_hosting_cheaper=float(np.mean(totals > 0)),
        p_break_even=float(np.mean(months > 0)),
        break_even_month=month_points,
        latency_unmet=float(unmet.mean()),
        sensitivity=sensitivity(draws, totals),
    )


def _notes(spec: LlmSpec, table: Mapping[str, np.ndarray], capacity: float, shortfall: float, used: int) -> list[str]:
    notes = []
    if spec.form == "tokens":
        if shortfall > 0:
            notes.append(
                f"The {spec.n_gpus} planned GPUs serve {capacity:,.0f} tokens a month at {spec.likely('utilisation'):.0%} "
                f"utilisation, {shortfall:,.0f} short of the volume; the self-hosted cost uses the {used} GPUs needed."
            )
        return notes
    replicas = int(np.asarray(table["replicas"])[0, 0])
    needed = int(np.asarray(table["needed"])[0, 0]) // spec.gpus_per_replica
    if replicas > needed:
        notes.append(
            f"Month 1 needs {needed} replica{'s' if needed != 1 else ''} for its peak load; the high-availability "
            f"minimum keeps {spec.min_replicas} running ({spec.min_replicas * spec.gpus_per_replica} GPUs)."
        )
    if spec.latency_target_s is not None:
        idle = spec.idle_latency()
        cap = 1 - idle / spec.latency_target_s
        if cap < spec.likely("utilisation"):
            notes.append(
                f"The {spec.latency_target_s:g} s latency target limits each replica to {cap:.0%} of its throughput at "
                f"peak (a request takes {idle:.2f} s on an idle replica), below the {spec.likely('utilisation'):.0%} "
                "utilisation cap."
            )
    return notes


def run_llm(spec: LlmSpec, *, provenance: Provenance | None = None) -> LlmBreakEven:
    """The LLM calculator on a spec: the first month, every month, the break-even month, and a Monte Carlo with ranges.

    Parameters
    ----------
    spec : LlmSpec
    provenance : Provenance, optional

    Returns
    -------
    LlmBreakEven
    """
    table = month_table(spec, {})
    first = {k: float(np.asarray(v)[0, 0]) for k, v in table.items() if v is not None and np.asarray(v).ndim == 2}
    api, hosted = first["api"], first["gpu_cost"] + first["ops"]
    if spec.form == "tokens":
        assert spec.n_gpus is not None and spec.tokens_per_month is not None
        capacity = spec.n_gpus * spec.tokens_per_gpu_month
        shortfall = max(0.0, spec.tokens_per_month - capacity)
        break_even = _break_even_volume(
            unit_price=spec.blended_price_per_million / 1e6, unit_cost=spec.gpu_price * HOURS_PER_MONTH,
            units=spec.n_gpus, per_unit=spec.tokens_per_gpu_month, fixed=spec.ops_per_month,
        )  # fmt: skip
        requests_break_even = None
    else:
        per_request_tokens = spec.likely("input_tokens") + spec.likely("output_tokens")
        per_replica = _requests_per_replica(spec)
        capacity = first["replicas"] * per_replica * per_request_tokens
        shortfall = 0.0
        requests_break_even = _break_even_volume(
            unit_price=per_request_tokens * spec.blended_price_per_million / 1e6,
            unit_cost=spec.gpus_per_replica * spec.gpu_price * HOURS_PER_MONTH,
            units=spec.min_replicas, per_unit=per_replica, fixed=spec.ops_per_month,
        )  # fmt: skip
        break_even = None if requests_break_even is None else requests_break_even * per_request_tokens
    if break_even is not None and not math.isfinite(break_even):
        break_even = requests_break_even = None  # beyond any volume a number can hold
    notes = _notes(spec, table, capacity, shortfall, int(first["gpus"]))
    if break_even is None:
        notes.append(
            "Self-hosting never breaks even on volume: each GPU costs more than the API charges for what it serves."
        )
    months = break_even_months(np.asarray(table["cumulative"]))
    rows = _month_rows(spec, table)
    return LlmBreakEven(
        api_monthly_cost=api,
        self_hosted_monthly_cost=hosted,
        gpus_needed=int(first["needed"]),
        gpus_used=int(first["gpus"]),
        capacity_tokens_per_month=capacity,
        capacity_shortfall_tokens=shortfall,
        monthly_saving=api - hosted,
        break_even_tokens_per_month=break_even,
        api_price_per_million=spec.blended_price_per_million,
        notes=tuple(notes),
        provenance=provenance or provenance_for(spec),
        monthly=rows,
        break_even_month=int(months[0]) or None,
        total_api_cost=float(sum(r.api_cost for r in rows)),
        total_self_hosted_cost=float(sum(r.self_hosted_cost for r in rows)),
        total_saving=float(rows[-1].cumulative_saving),
        break_even_requests_per_month=requests_break_even,
        model=TOKENS_MODEL if spec.form == "tokens" else REQUESTS_MODEL,
        simulation=_simulate(spec) if spec.ranged_inputs() else None,
    )


def _requests_per_replica(spec: LlmSpec) -> float:
    """Requests per month one replica serves at its cap, at the month's peak-to-average (likely values)."""
    work = spec.likely("input_tokens") / spec.likely("prefill_tokens_per_second") + spec.likely(
        "output_tokens"
    ) / spec.likely("decode_tokens_per_second")
    cap = spec.likely("utilisation")
    if spec.latency_target_s is not None:
        cap = min(cap, 1 - spec.idle_latency() / spec.latency_target_s)
    return cap * SECONDS_PER_MONTH / (spec.likely("peak_to_average") * work) if work > 0 else math.inf


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
    """The original calculator's validated inputs (a spec; its methods re-cost other volumes for charts).

    Parameters are those of :func:`llm_break_even`.
    """
    return LlmSpec(**locals())


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
    **options: Any,
) -> LlmBreakEven:
    """Compare paying an LLM API per token with running your own GPUs (the tokens form).

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
    **options
        Any other field of :class:`LlmSpec` (``months``, ``growth``, ``ops_ftes``, ...).

    Returns
    -------
    LlmBreakEven
        When the planned GPUs cannot serve the volume, the self-hosted cost
        is for the GPUs that can, and a note says so: no saving is claimed
        for traffic the planned GPUs could not serve.
    """
    fields = {k: v for k, v in locals().items() if k != "options"}
    return run_llm(LlmSpec(**fields, **options))
