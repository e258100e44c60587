"""The LLM total cost of ownership as an investment case: drivers, formula lines and two options compared.

:func:`llm_tco_case` turns the calculator's requests form into an ``roi_options`` spec whose
drivers carry the calculator's ranges, whose lines are the calculator's model written as
formulas a finance partner can read, and which compares self-hosting with keeping the API on
common random numbers (incremental NPV, P(self-host beats API), regret, break-even of the most
uncertain driver). Month by month it costs exactly what the calculator costs.
"""

from __future__ import annotations

from lib.errors import InputError
from lib.roi._case_specs import OptionSpec, OptionsSpec
from lib.roi._drivers import Driver, DriverRange, Line
from lib.roi._llm_spec import LlmSpec
from lib.roi._ranges import Range, Value

SELF_HOST = "Self-host"
KEEP_API = "Keep the API"
# Spec field -> (driver name, unit).
DRIVERS = {
    "requests_per_month": ("requests", "requests/month"),
    "growth": ("growth", "share"),
    "input_tokens": ("input_tokens", "tokens/request"),
    "output_tokens": ("output_tokens", "tokens/request"),
    "price_input_per_million": ("price_input", "$/million tokens"),
    "price_output_per_million": ("price_output", "$/million tokens"),
    "api_price_trend": ("price_trend", "share"),
    "prefill_tokens_per_second": ("prefill", "tokens/second"),
    "decode_tokens_per_second": ("decode", "tokens/second"),
    "stream_tokens_per_second": ("stream", "tokens/second"),
    "peak_to_average": ("peak", "ratio"),
    "utilisation": ("utilisation", "share"),
    "ops_cost_per_fte": ("ops_cost", "$/FTE/year"),
    "migration_cost": ("migration", "$"),
}
VOLUME = Line(name="volume", formula="requests * (1 + growth) ^ (t - 1)", kind="memo")


def _driver(value: Value, unit: str) -> Driver:
    if isinstance(value, Range):
        low, likely, high = value.points()
        return Driver(likely, unit, DriverRange(low, high, value.distribution))
    return Driver(float(value), unit)


def llm_tco_case(spec: LlmSpec, *, discount_rate: float = 0.08) -> OptionsSpec:
    """Self-hosting against the API as two options over shared drivers (the requests form only).

    Parameters
    ----------
    spec : LlmSpec
        In the requests form.
    discount_rate : float
        Yearly, for the NPVs (default 8 %).

    Returns
    -------
    OptionsSpec
        Monthly periods over ``spec.months``, ``compare`` set to (self-host, keep the API).

    Raises
    ------
    InputError
        For the tokens form.
    """
    if spec.form != "requests":
        raise InputError(
            "the investment case of the LLM calculator is built from the requests form",
            expected="requests_per_month, tokens per request and prefill and decode throughput",
        )
    drivers = {
        name: _driver(getattr(spec, field), unit)
        for field, (name, unit) in DRIVERS.items()
        if getattr(spec, field) is not None
    }
    price = spec.reserved_gpu_hourly if spec.gpu_pricing == "reserved" and spec.reserved_gpu_hourly else spec.gpu_hourly
    drivers["gpu_price"] = _driver(price, "$/GPU-hour")
    drivers["gpus_per_replica"] = Driver(float(spec.gpus_per_replica), "GPUs")
    drivers["min_replicas"] = Driver(float(spec.min_replicas), "")
    drivers["ops_ftes"] = Driver(spec.ops_ftes, "FTE")
    drivers["ops_other"] = Driver(spec.ops_monthly, "$/month")
    cap = "utilisation"
    if spec.latency_target_s is not None:
        drivers["latency"] = Driver(spec.latency_target_s, "seconds/request")
        cap = "min(utilisation, 1 - (input_tokens / prefill + output_tokens / stream) / latency)"
    names = {field: name for field, (name, _) in DRIVERS.items()} | {
        "gpu_hourly": "gpu_price",
        "reserved_gpu_hourly": "gpu_price",
    }
    correlations = tuple((names[a], names[b], rho) for a, b, rho in spec.correlations)
    self_host = OptionSpec(
        name=SELF_HOST,
        lines=(
            VOLUME,
            Line(name="work", formula="input_tokens / prefill + output_tokens / decode", kind="memo"),
            Line(name="cap", formula=cap, kind="memo"),
            Line(name="replicas", formula="max(min_replicas, ceil(peak * volume * work / cap))", kind="memo"),
            Line(name="gpus", formula="replicas * gpus_per_replica * gpu_price", kind="cost"),
            Line(name="operations", formula="ops_ftes * ops_cost + ops_other", kind="cost"),
            Line(name="move", formula="migration", kind="one_time", periods=(1,)),
        ),
    )
    api = OptionSpec(
        name=KEEP_API,
        lines=(
            VOLUME,
            Line(
                name="api",
                formula="volume * (input_tokens * price_input + output_tokens * price_output) * (1 + price_trend) ^ (t - 1)",
                kind="cost",
            ),
        ),
    )
    return OptionsSpec(
        options=(self_host, api),
        discount_rate=discount_rate,
        period="month",
        horizon=spec.months,
        drivers=drivers,
        correlations=correlations,
        n_sim=spec.n_sim,
        seed=spec.seed,
        compare=(SELF_HOST, KEEP_API),
    )
