"""`roi` and `breakeven`: investment cases with uncertainty, and the break-even calculators."""

from __future__ import annotations

import argparse
import dataclasses
import re
from pathlib import Path
from typing import Any, Literal

from lib.cli._common import EXIT_OK, add_export_options, emit, file_bytes
from lib.errors import InputError

# Calculator -> (kind, spec field help, [(option, spec field, help)])
CALCULATORS: dict[str, tuple[str, str, list[tuple[str, str, str]]]] = {
    "llm": (
        "breakeven_llm",
        "LLM API against self-hosted GPUs: month by month, the break-even month, a Monte Carlo over ranged inputs",
        [
            ("--tokens-per-month", "tokens_per_month", "tokens form: tokens per month, input and output together"),
            ("--input-share", "input_share", "tokens form: share of tokens that are input tokens, 0..1"),
            ("--price-input", "price_input_per_million", "API dollars per 1M input tokens"),
            ("--price-output", "price_output_per_million", "API dollars per 1M output tokens"),
            ("--gpu-hourly", "gpu_hourly", "on-demand dollars per GPU-hour"),
            ("--gpus", "n_gpus", "tokens form: GPUs planned, 1 to 1,000,000"),
            (
                "--tokens-per-second",
                "tokens_per_second",
                "tokens form: tokens per second one GPU serves at full load (at least 0.001)",
            ),
            (
                "--utilisation",
                "utilisation",
                "tokens form: share of the month the GPUs work; requests form: the "
                "highest share of a replica's throughput used at peak; 0.001..1",
            ),
            ("--ops-monthly", "ops_monthly", "other operations overhead, dollars per month (default 0)"),
            ("--requests-per-month", "requests_per_month", "requests form: requests in the first month"),
            ("--growth", "growth", "volume growth per month, a share (0.1 = 10 %%; default 0)"),
            ("--input-tokens", "input_tokens", "requests form: input tokens per request"),
            ("--output-tokens", "output_tokens", "requests form: output tokens per request"),
            (
                "--api-price-trend",
                "api_price_trend",
                "API price change per month, a share (-0.03 = 3 %% cheaper; default 0)",
            ),
            (
                "--prefill-tokens-per-second",
                "prefill_tokens_per_second",
                "requests form: prefill tokens per second per replica",
            ),
            (
                "--decode-tokens-per-second",
                "decode_tokens_per_second",
                "requests form: decode tokens per second per replica",
            ),
            ("--stream-tokens-per-second", "stream_tokens_per_second", "requests form: decode speed one request sees"),
            (
                "--gpus-per-replica",
                "gpus_per_replica",
                "requests form: GPUs per replica (tensor-parallel size; default 1)",
            ),
            ("--peak-to-average", "peak_to_average", "requests form: peak traffic over the average (default 1)"),
            ("--latency-target-s", "latency_target_s", "requests form: seconds a request may take at peak"),
            ("--min-replicas", "min_replicas", "requests form: replicas always running (high availability; default 2)"),
            ("--gpu-pricing", "gpu_pricing", "on_demand or reserved (default on_demand)"),
            ("--reserved-gpu-hourly", "reserved_gpu_hourly", "reserved dollars per GPU-hour"),
            ("--ops-ftes", "ops_ftes", "people running the service, FTEs (default 0)"),
            ("--ops-cost-per-fte", "ops_cost_per_fte", "dollars per FTE per year (default 0)"),
            ("--migration-cost", "migration_cost", "one-time dollars to move off the API, paid in month 1 (default 0)"),
            ("--months", "months", "months costed, 1 to 120 (default 24)"),
            ("--n-sim", "n_sim", "Monte Carlo draws when an input is a range, 10,000 to 2,000,000 (default 10000)"),
            ("--seed", "seed", "random seed, 0 to 2**32-1 (default 0)"),
        ],
    ),
    "endpoint": (
        "breakeven_endpoint",
        "the traffic at which an always-on endpoint becomes cheaper than serverless",
        [
            ("--requests-per-hour", "requests_per_hour", "average requests per hour"),
            ("--duration-s", "duration_s", "seconds of compute per request"),
            ("--memory-gb", "memory_gb", "serverless memory, GB"),
            ("--price-per-gb-second", "price_per_gb_second", "serverless dollars per GB-second"),
            ("--price-per-million-requests", "price_per_million_requests", "serverless dollars per 1M requests"),
            ("--instance-hourly", "instance_hourly", "always-on dollars per instance-hour"),
            ("--instances", "instances", "always-on instances, 1 to 100,000 (default 1)"),
        ],
    ),
    "spot": (
        "breakeven_spot",
        "expected cost and wall time of spot training under random interruptions",
        [
            ("--job-hours", "job_hours", "hours the job takes without interruptions"),
            ("--on-demand-hourly", "on_demand_hourly", "on-demand dollars per hour"),
            ("--spot-discount", "spot_discount", "spot discount, 0..1 (0.7 = 70 %% cheaper)"),
            ("--interruptions-per-hour", "interruptions_per_hour", "expected interruptions per running hour"),
            ("--checkpoint-interval-hours", "checkpoint_interval_hours", "hours between checkpoints"),
            ("--restart-overhead-hours", "restart_overhead_hours", "hours to restart after an interruption"),
        ],
    ),
    "per-prediction": (
        "breakeven_per_prediction",
        "monthly and yearly saving from cutting the cost per 1,000 predictions",
        [
            ("--cost-before", "cost_before", "dollars per 1,000 predictions before"),
            ("--cost-after", "cost_after", "dollars per 1,000 predictions after"),
            ("--predictions-per-month", "predictions_per_month", "predictions per month"),
        ],
    ),
}
# Options that may be left out (the spec supplies a default, or says which are missing). Every option of the
# LLM calculator is optional on the command line: it has two forms, and its spec names what a form lacks.
OPTIONAL = {"instances", *(field for _, field, _ in CALCULATORS["llm"][2])}
WHOLE_NUMBERS = {"n_gpus", "instances", "gpus_per_replica", "min_replicas", "months", "n_sim", "seed"}
CHOICES = {"gpu_pricing": ("on_demand", "reserved")}
# Inputs written LOW:LIKELY:HIGH[:SHAPE] on the command line are ranges (PERT unless a shape is given).
RANGED = {
    "requests_per_month", "growth", "input_tokens", "output_tokens", "price_input_per_million",
    "price_output_per_million", "api_price_trend", "prefill_tokens_per_second", "decode_tokens_per_second",
    "stream_tokens_per_second", "peak_to_average", "utilisation", "gpu_hourly", "reserved_gpu_hourly",
    "ops_cost_per_fte", "migration_cost",
}  # fmt: skip


_SHAPES: dict[str, Literal["triangular", "pert", "normal"]] = {
    "pert": "pert",
    "triangular": "triangular",
    "normal": "normal",
}


def number_or_range(text: str) -> Any:
    """A number, or LOW:LIKELY:HIGH with an optional :pert, :triangular or :normal (a range)."""
    parts = text.split(":")
    if len(parts) == 1:
        return float(text)
    shape = parts.pop() if len(parts) == 4 else "pert"
    if len(parts) != 3 or shape not in _SHAPES:
        raise ValueError(text)
    from lib.roi import Range

    low, likely, high = (float(p) for p in parts)
    return Range(low=low, likely=likely, high=high, distribution=_SHAPES[shape])


number_or_range.__name__ = "number or LOW:LIKELY:HIGH"


def renamed(error: InputError, names: dict[str, str]) -> InputError:
    """The same error with spec field names replaced by the options a person typed."""
    problem, expected = error.problem, error.expected
    # Longest names first, whole words only, so tokens_per_second never rewrites prefill_tokens_per_second.
    for field, option in sorted(names.items(), key=lambda item: -len(item[0])):
        problem = problem.replace(f"'{field}'", option)
        if expected:
            expected = expected.replace(f"'{field}'", option)
            if "_" in field:  # a bare name with an underscore is a field name, never a plain word such as "months"
                expected = re.sub(rf"(?<![\w-]){re.escape(field)}(?![\w])", option, expected)
    return InputError(problem, file=error.file, column=error.column, expected=expected, found=error.found)


def _spec_from_file(path: str, *, n_sim: int | None, seed: int | None) -> tuple[Any, str, str]:
    """The case or options spec in a SPEC.json file, with ``--n-sim`` / ``--seed`` applied when given."""
    from lib.analysis import read_json_text, sha256_of
    from lib.roi import CaseSpec, OptionsSpec

    file = Path(path)
    if not file.is_file():
        raise InputError("no such file", file=path, expected="a JSON spec file")
    data = file_bytes(file)
    raw = read_json_text(data, file=file.name)
    if not isinstance(raw, dict):
        raise InputError("the spec must be a JSON object", file=file.name, expected="{...}", found=type(raw).__name__)
    body = dict(raw)
    if n_sim is not None:
        body["n_sim"] = n_sim
    if seed is not None:
        body["seed"] = seed
    options = "options" in body or body.get("kind") == OptionsSpec.kind
    spec_type = OptionsSpec if options else CaseSpec
    try:
        spec = spec_type.from_dict(body, file=file.name)
    except InputError as error:
        raise renamed(error, {"n_sim": "--n-sim", "seed": "--seed"}) from None
    return spec, file.name, sha256_of(data)


def stamped(result: Any, name: str, digest: str) -> Any:
    """The result with the spec file's name and hash in its provenance (and each option's)."""
    entry = {"spec": {"name": name, "sha256": digest}}

    def stamp(item: Any) -> Any:
        provenance = dataclasses.replace(item.provenance, input_name=name, input_sha256=digest, inputs=entry)
        return dataclasses.replace(item, provenance=provenance)

    if hasattr(result, "options"):
        result = dataclasses.replace(result, options=tuple(stamp(o) for o in result.options))
    return stamp(result)


def _roi(args: argparse.Namespace) -> int:
    from lib.analysis import run

    spec, name, digest = _spec_from_file(args.spec, n_sim=args.n_sim, seed=args.seed)
    result = stamped(run(spec), name, digest)
    emit(spec, result, args)
    return EXIT_OK


def _breakeven(args: argparse.Namespace) -> int:
    from lib.analysis import get_kind

    kind_name, _, params = CALCULATORS[args.calculator]
    kind = get_kind(kind_name)
    names = {field: option for option, field, _ in params}
    values: dict[str, Any] = {}
    for _, field, _ in params:
        value = getattr(args, field)
        if value is None:
            continue
        # Whole numbers arrive as floats from the shell (2 or 2e3); anything else is left for the spec to refuse.
        whole = field in WHOLE_NUMBERS and isinstance(value, float) and value.is_integer()
        values[field] = int(value) if whole else value
    required = [
        f.name
        for f in dataclasses.fields(kind.spec_type)
        if f.init and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    missing = [names.get(field, field) for field in required if field not in values]
    if missing:
        raise InputError(
            f"the {args.calculator} calculator needs more inputs",
            expected=", ".join(missing),
            found="no value for " + ("it" if len(missing) == 1 else "them"),
        )
    try:
        spec = kind.spec_type(**values)
        result = kind.run(spec, {})
    except InputError as error:
        raise renamed(error, names) from None
    emit(spec, result, args)
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `roi` and `breakeven` sub-commands."""
    from lib.roi import MAX_SIMULATIONS, MIN_SIMULATIONS

    roi = subparsers.add_parser(
        "roi",
        help="NPV, IRR, payback and ROI of an investment case; Monte Carlo when inputs are ranges",
        description=(
            "SPEC.json: {discount_rate, cash_flows: [...]} with period 0 = today, or {discount_rate, period: year|month, "
            "horizon, build_cost, run_cost, benefit, ramp_up_periods}; any number may be a range "
            '{"low", "likely", "high", "distribution": "pert"|"triangular"|"normal"}; or drivers and lines: '
            "{discount_rate, period, horizon, drivers: {name: {value, unit, range: {low, high, shape}}}, "
            "correlations: [[a, b, rho], ...], lines: [{name, formula, kind: benefit|cost|one_time|capital|memo, "
            "periods}], tax_rate, depreciation_periods, terminal_growth, inflation}; or {discount_rate, ..., drivers, "
            "options: [{name, lines, ...}], compare: true}. A period's benefit is the average of the ramp over it."
        ),
    )
    roi.add_argument("spec", metavar="SPEC.json", help="the investment case as JSON")
    roi.add_argument(
        "--n-sim", type=int, default=None,
        help=f"Monte Carlo draws, {MIN_SIMULATIONS:,} to {MAX_SIMULATIONS:,} (default 10000, or the spec's n_sim)",
    )  # fmt: skip
    roi.add_argument("--seed", type=int, default=None, help="random seed, 0 to 2**32-1 (default 0, or the spec's seed)")
    add_export_options(roi)
    roi.set_defaults(handler=_roi)

    breakeven = subparsers.add_parser(
        "breakeven",
        help="break-even calculators: llm, endpoint, spot, per-prediction",
        description="The llm calculator's uncertain inputs may be ranges written LOW:LIKELY:HIGH (PERT) or "
        "LOW:LIKELY:HIGH:triangular; then a Monte Carlo runs.",
    )
    calculators = breakeven.add_subparsers(dest="calculator", metavar="CALCULATOR", required=True)
    for calculator, (_, text, params) in CALCULATORS.items():
        sub = calculators.add_parser(calculator, help=text)
        for option, field, help_text in params:
            if field in CHOICES:
                sub.add_argument(option, dest=field, choices=CHOICES[field], help=help_text)
                continue
            kind = number_or_range if field in RANGED else float
            sub.add_argument(option, dest=field, type=kind, required=field not in OPTIONAL, help=help_text)
        add_export_options(sub)
        sub.set_defaults(handler=_breakeven, calculator=calculator)
