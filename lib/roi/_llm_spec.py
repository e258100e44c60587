"""The LLM calculator's spec: paying an API per token against serving an open-weights model yourself.

Two forms. The **tokens form** (the original calculator) gives a monthly token volume and one
throughput per GPU. The **requests form** is a total cost of ownership a principal engineer can
check: requests per month growing month by month, input and output tokens per request, API
prices and their trend, prefill and decode throughput per replica, GPUs per replica
(tensor-parallel size), peak-to-average traffic and a latency target that set the replicas
provisioned, a high-availability minimum, utilisation, the GPU price (on-demand or reserved),
operations people and a one-time migration. Both forms cost ``months`` months and accept
ranges on their uncertain inputs (then a Monte Carlo runs).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar, Literal

from lib.analysis import Spec, check_count
from lib.errors import InputError
from lib.roi._checks import check_amount, check_fraction, coerce_floats
from lib.roi._correlate import check_correlations
from lib.roi._limits import DEFAULT_N_SIM, HOURS_PER_MONTH, SECONDS_PER_MONTH, check_simulation
from lib.roi._ranges import Range, Value, check_value, likely_of, spread_of

MAX_TOKENS_PER_MONTH = 1e18
MAX_GPUS = 1_000_000
MAX_PRICE = 1e6
MAX_MONTHS = 120
TOKENS_FIELDS = ("tokens_per_month", "input_share", "n_gpus", "tokens_per_second")
REQUESTS_FIELDS = (
    "requests_per_month", "input_tokens", "output_tokens", "prefill_tokens_per_second", "decode_tokens_per_second",
)  # fmt: skip
# Inputs that may be ranges, in the order the Monte Carlo draws them.
RANGED_FIELDS = (
    "requests_per_month", "growth", "input_tokens", "output_tokens", "price_input_per_million",
    "price_output_per_million", "api_price_trend", "prefill_tokens_per_second", "decode_tokens_per_second",
    "stream_tokens_per_second", "peak_to_average", "utilisation", "gpu_hourly", "reserved_gpu_hourly",
    "ops_cost_per_fte", "migration_cost",
)  # fmt: skip
Pricing = Literal["on_demand", "reserved"]
MaybeValue = float | Range | None


@dataclass(frozen=True)
class LlmSpec(Spec):
    """Paying an LLM API per token against running your own GPUs, month by month.

    Attributes
    ----------
    price_input_per_million, price_output_per_million : float or Range
        API dollars per 1M input / output tokens (0 to 1,000,000).
    gpu_hourly : float or Range
        On-demand dollars per GPU-hour (0 to 1,000,000).
    utilisation : float or Range
        Tokens form: share of the month the GPUs do useful work. Requests form: the highest
        share of a replica's throughput used at peak (headroom). 0.001 to 1.
    tokens_per_month : float, optional
        Tokens form: tokens per month, input and output together (0 to 1e18).
    input_share : float, optional
        Tokens form: share of those tokens that are input tokens, 0 to 1.
    n_gpus : int, optional
        Tokens form: GPUs planned, 1 to 1,000,000 (more are added when the volume needs them).
    tokens_per_second : float, optional
        Tokens form: tokens one GPU serves per second at full load (0.001 to 1e9).
    ops_monthly : float
        Other operations overhead in dollars per month (0 to 1e15).
    requests_per_month : float or Range, optional
        Requests form: requests in the first month (0 to 1e15).
    input_tokens, output_tokens : float or Range, optional
        Requests form: tokens per request (0 to 1e7).
    prefill_tokens_per_second, decode_tokens_per_second : float or Range, optional
        Requests form: what one replica processes per second, prefill (prompt) and decode
        (generated tokens, all requests in flight together), 0.001 to 1e9.
    stream_tokens_per_second : float or Range, optional
        Requests form: the decode speed one request sees on a loaded replica (for the latency target).
    gpus_per_replica : int
        Requests form: GPUs one copy of the model is sharded over (tensor-parallel size), 1 to 1,024.
    peak_to_average : float or Range
        Requests form: peak traffic over the month's average, 1 to 1,000 (default 1).
    latency_target_s : float, optional
        Requests form: seconds a request may take at peak (above the time it takes on an idle replica).
    min_replicas : int
        Requests form: replicas kept running whatever the traffic (high availability), 1 to 100,000 (default 2).
    growth : float or Range
        Volume growth per month, a share (0.1 = 10 %; -0.99 to 10).
    api_price_trend : float or Range
        API price change per month, a share (-0.03 = 3 % cheaper each month; -0.99 to 10).
    gpu_pricing : {"on_demand", "reserved"}
        Which GPU price applies.
    reserved_gpu_hourly : float or Range, optional
        Reserved dollars per GPU-hour (needed with ``gpu_pricing: reserved``).
    ops_ftes : float
        People running the service (full-time equivalents, 0 to 10,000).
    ops_cost_per_fte : float or Range
        Dollars per FTE per year.
    migration_cost : float or Range
        One-time dollars to move off the API, paid in month 1.
    months : int
        Months costed, 1 to 120 (default 24).
    n_sim, seed : int
        Monte Carlo draws (10,000 to 2,000,000) and seed, used when an input is a range.
    correlations : tuple of (str, str, float)
        Rank correlations of ranged inputs (Iman–Conover).
    """

    kind: ClassVar[str] = "breakeven_llm"

    price_input_per_million: float | Range
    price_output_per_million: float | Range
    gpu_hourly: float | Range
    utilisation: float | Range
    tokens_per_month: float | None = None
    input_share: float | None = None
    n_gpus: int | None = None
    tokens_per_second: float | None = None
    ops_monthly: float = 0.0
    requests_per_month: float | Range | None = None
    input_tokens: float | Range | None = None
    output_tokens: float | Range | None = None
    prefill_tokens_per_second: float | Range | None = None
    decode_tokens_per_second: float | Range | None = None
    stream_tokens_per_second: float | Range | None = None
    gpus_per_replica: int = 1
    peak_to_average: float | Range = 1.0
    latency_target_s: float | None = None
    min_replicas: int = 2
    growth: float | Range = 0.0
    api_price_trend: float | Range = 0.0
    gpu_pricing: Pricing = "on_demand"
    reserved_gpu_hourly: float | Range | None = None
    ops_ftes: float = 0.0
    ops_cost_per_fte: float | Range = 0.0
    migration_cost: float | Range = 0.0
    months: int = 24
    n_sim: int = DEFAULT_N_SIM
    seed: int = 0
    correlations: tuple[tuple[str, str, float], ...] = ()

    def __post_init__(self) -> None:
        """Ints become floats where the fields hold floats, then validate."""
        from lib.roi._case_specs import _pairs

        object.__setattr__(self, "correlations", _pairs(self.correlations))
        coerce_floats(self)
        super().__post_init__()

    @property
    def form(self) -> str:
        """``requests`` when a request volume is given, else ``tokens``."""
        return "requests" if self.requests_per_month is not None else "tokens"

    def validate(self) -> None:
        """One form's fields, every number within its documented range, a latency target that can be met."""
        self._check_form()
        self._check_common()
        if self.form == "tokens":
            assert self.tokens_per_month is not None and self.input_share is not None  # _check_form saw to it
            assert self.n_gpus is not None and self.tokens_per_second is not None
            check_amount(self.tokens_per_month, field="tokens_per_month", high=MAX_TOKENS_PER_MONTH, unit=" tokens")
            check_fraction(self.input_share, field="input_share")
            check_count(self.n_gpus, field="n_gpus", low=1, high=MAX_GPUS, what="GPUs")
            check_amount(
                self.tokens_per_second, field="tokens_per_second", low=0.001, high=1e9, unit=" tokens/s per GPU"
            )
        else:
            self._check_requests()
        ranged = self.ranged_inputs()
        check_correlations(self.correlations, ranged=list(ranged), known=list(self.inputs_by_name()))
        check_simulation(self.n_sim, self.seed, len(ranged))

    def _check_form(self) -> None:
        if self.form == "requests":
            stray = [k for k in TOKENS_FIELDS if getattr(self, k) is not None]
            if stray:
                raise InputError(
                    f"'{stray[0]}' belongs to the tokens form, and the spec gives 'requests_per_month'",
                    expected="either tokens_per_month, input_share, n_gpus and tokens_per_second, or the requests form",
                )
            missing = [k for k in REQUESTS_FIELDS if getattr(self, k) is None]
        else:
            stray = [k for k in REQUESTS_FIELDS if getattr(self, k) is not None]
            if stray:
                raise InputError(
                    f"'{stray[0]}' belongs to the requests form, which needs 'requests_per_month'",
                    expected="requests_per_month with tokens per request and prefill and decode throughput",
                )
            missing = [k for k in TOKENS_FIELDS if getattr(self, k) is None]
        if missing:
            raise InputError(
                f"the LLM calculator ({self.form} form) is missing '{missing[0]}'",
                expected="values for " + ", ".join(f"'{k}'" for k in missing),
            )

    def _check_common(self) -> None:
        price = " $"
        check_value(self.price_input_per_million, field="price_input_per_million", low=0.0, high=MAX_PRICE, unit=price)
        check_value(
            self.price_output_per_million, field="price_output_per_million", low=0.0, high=MAX_PRICE, unit=price
        )
        check_value(self.gpu_hourly, field="gpu_hourly", low=0.0, high=MAX_PRICE, unit=" $/hour")
        for point in spread_of(self.utilisation) if isinstance(self.utilisation, Range) else (self.utilisation,):
            check_fraction(point, field="utilisation", allow_zero=False, low=0.001)
        check_value(self.utilisation, field="utilisation", low=0.001, high=1.0)
        check_amount(self.ops_monthly, field="ops_monthly", unit=" $/month")
        check_value(self.growth, field="growth", low=-0.99, high=10.0)
        check_value(self.api_price_trend, field="api_price_trend", low=-0.99, high=10.0)
        if self.gpu_pricing not in ("on_demand", "reserved"):
            raise InputError(
                "'gpu_pricing' is not known", expected="'on_demand' or 'reserved'", found=repr(self.gpu_pricing)
            )
        if self.gpu_pricing == "reserved" and self.reserved_gpu_hourly is None:
            raise InputError(
                "'gpu_pricing' is 'reserved' but there is no 'reserved_gpu_hourly'", expected="a reserved price"
            )
        if self.reserved_gpu_hourly is not None:
            check_value(self.reserved_gpu_hourly, field="reserved_gpu_hourly", low=0.0, high=MAX_PRICE, unit=" $/hour")
        check_amount(self.ops_ftes, field="ops_ftes", high=10_000, unit=" FTEs")
        check_value(self.ops_cost_per_fte, field="ops_cost_per_fte", low=0.0, unit=" $/year")
        check_value(self.migration_cost, field="migration_cost", low=0.0, unit=" $")
        check_count(self.months, field="months", low=1, high=MAX_MONTHS, what="months")

    def _check_requests(self) -> None:
        assert self.requests_per_month is not None and self.input_tokens is not None  # _check_form saw to it
        assert self.output_tokens is not None
        check_value(self.requests_per_month, field="requests_per_month", low=0.0, unit=" requests")
        check_value(self.input_tokens, field="input_tokens", low=0.0, high=1e7, unit=" tokens per request")
        check_value(self.output_tokens, field="output_tokens", low=0.0, high=1e7, unit=" tokens per request")
        for name in ("prefill_tokens_per_second", "decode_tokens_per_second", "stream_tokens_per_second"):
            value = getattr(self, name)
            if value is not None:
                check_value(value, field=name, low=0.001, high=1e9, unit=" tokens/s")
        check_count(self.gpus_per_replica, field="gpus_per_replica", low=1, high=1024, what="GPUs")
        check_value(self.peak_to_average, field="peak_to_average", low=1.0, high=1000.0)
        check_count(self.min_replicas, field="min_replicas", low=1, high=100_000, what="replicas")
        if self.latency_target_s is not None:
            check_amount(self.latency_target_s, field="latency_target_s", low=0.001, high=86_400, unit=" seconds")
            if self.stream_tokens_per_second is None:
                raise InputError(
                    "a latency target needs 'stream_tokens_per_second' (the decode speed one request sees)",
                    expected="tokens per second per request, e.g. 40",
                )
            idle = self.idle_latency()
            if idle >= self.latency_target_s:
                raise InputError(
                    f"the latency target of {self.latency_target_s:g} s cannot be met: a request takes {idle:.2f} s "
                    "on an idle replica (input tokens / prefill speed + output tokens / stream speed)",
                    expected=f"'latency_target_s' above {idle:.2f}", found=f"{self.latency_target_s:g}",
                )  # fmt: skip

    def inputs_by_name(self) -> dict[str, Value]:
        """Every input that may be a range and is set, by name (the order the Monte Carlo draws them)."""
        return {k: getattr(self, k) for k in RANGED_FIELDS if getattr(self, k) is not None}

    def ranged_inputs(self) -> dict[str, Range]:
        """The inputs given as ranges."""
        return {k: v for k, v in self.inputs_by_name().items() if isinstance(v, Range)}

    def likely(self, name: str) -> float:
        """An input at its likely value."""
        return likely_of(getattr(self, name))

    def idle_latency(self) -> float:
        """Seconds one request takes on an idle replica at likely values: prefill, then decode at stream speed."""
        stream = self.stream_tokens_per_second
        assert stream is not None
        return self.likely("input_tokens") / self.likely("prefill_tokens_per_second") + self.likely(
            "output_tokens"
        ) / likely_of(stream)

    def worst(self, name: str) -> float:
        """The high end of an input's range (its value when it is a number)."""
        return spread_of(getattr(self, name))[1]

    # --- the tokens form at likely values (kept for the original calculator and its chart) ---

    @property
    def blended_price_per_million(self) -> float:
        """API dollars per 1M tokens at this input/output mix."""
        if self.form == "requests":
            tokens_in, tokens_out = self.likely("input_tokens"), self.likely("output_tokens")
            share = tokens_in / (tokens_in + tokens_out) if tokens_in + tokens_out else 0.0
        else:
            assert self.input_share is not None
            share = self.input_share
        return share * self.likely("price_input_per_million") + (1 - share) * self.likely("price_output_per_million")

    @property
    def gpu_price(self) -> float:
        """Dollars per GPU-hour at the chosen pricing (likely value)."""
        if self.gpu_pricing == "reserved" and self.reserved_gpu_hourly is not None:
            return likely_of(self.reserved_gpu_hourly)
        return self.likely("gpu_hourly")

    @property
    def ops_per_month(self) -> float:
        """Operations dollars per month: people (FTEs × yearly cost / 12) plus other overhead."""
        return self.ops_monthly + self.ops_ftes * likely_of(self.ops_cost_per_fte) / 12

    @property
    def tokens_per_gpu_month(self) -> float:
        """Tokens one GPU serves in a month at the planned utilisation (tokens form)."""
        assert self.tokens_per_second is not None
        return self.tokens_per_second * self.likely("utilisation") * SECONDS_PER_MONTH

    def gpus_for(self, tokens: float) -> int:
        """GPUs used at a volume: enough to serve it, never fewer than configured (tokens form)."""
        assert self.n_gpus is not None
        return max(self.n_gpus, math.ceil(tokens / self.tokens_per_gpu_month - 1e-9))

    def api_cost(self, tokens: float) -> float:
        """API dollars per month at a volume."""
        return tokens / 1e6 * self.blended_price_per_million

    def self_hosted_cost(self, tokens: float) -> float:
        """Self-hosted dollars per month at a volume (tokens form: GPUs added as needed)."""
        return self.gpus_for(tokens) * self.gpu_price * HOURS_PER_MONTH + self.ops_per_month
