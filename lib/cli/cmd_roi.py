"""`roi` and `breakeven`: investment cases with uncertainty, and the break-even calculators."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from lib.cli._common import add_format_option, write_output
from lib.errors import InputError
from lib.export import to_json
from lib.provenance import sha256_of
from lib.roi import (
    breakeven_report,
    case_from_spec,
    endpoint_break_even,
    evaluate_case,
    investment_report,
    llm_break_even,
    per_prediction_saving,
    simulate_npv,
    spot_break_even,
    tornado,
)

SHARED_OPTION_KEYS = ("discount_rate", "period", "horizon", "ramp_up_periods")

# Calculator -> (function, [(option, python name, help)])
CALCULATORS: dict[str, tuple[Any, list[tuple[str, str, str]]]] = {
    "llm": (
        llm_break_even,
        [
            ("--tokens-per-month", "tokens_per_month", "tokens per month, input and output together"),
            ("--input-share", "input_share", "share of tokens that are input tokens, 0..1"),
            ("--price-input", "price_input_per_million", "API dollars per 1M input tokens"),
            ("--price-output", "price_output_per_million", "API dollars per 1M output tokens"),
            ("--gpu-hourly", "gpu_hourly", "dollars per GPU-hour"),
            ("--gpus", "n_gpus", "GPUs planned"),
            ("--tokens-per-second", "tokens_per_second", "tokens per second one GPU serves at full load"),
            ("--utilisation", "utilisation", "share of the month the GPUs do useful work, 0..1"),
            ("--ops-monthly", "ops_monthly", "operations overhead, dollars per month"),
        ],
    ),
    "endpoint": (
        endpoint_break_even,
        [
            ("--requests-per-hour", "requests_per_hour", "average requests per hour"),
            ("--duration-s", "duration_s", "seconds of compute per request"),
            ("--memory-gb", "memory_gb", "serverless memory, GB"),
            ("--price-per-gb-second", "price_per_gb_second", "serverless dollars per GB-second"),
            ("--price-per-million-requests", "price_per_million_requests", "serverless dollars per 1M requests"),
            ("--instance-hourly", "instance_hourly", "always-on dollars per instance-hour"),
            ("--instances", "instances", "always-on instances"),
        ],
    ),
    "spot": (
        spot_break_even,
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
        per_prediction_saving,
        [
            ("--cost-before", "cost_before", "dollars per 1,000 predictions before"),
            ("--cost-after", "cost_after", "dollars per 1,000 predictions after"),
            ("--predictions-per-month", "predictions_per_month", "predictions per month"),
        ],
    ),
}
OPTIONAL = {"ops_monthly", "instances"}


def read_spec(path: str) -> dict[str, Any]:
    """Read a JSON spec file; bad JSON is bad input."""
    file = Path(path)
    if not file.is_file():
        raise InputError("no such file", file=path, expected="a JSON spec file")
    try:
        spec = json.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError("the spec is not UTF-8 text", file=file.name, expected="a JSON file") from None
    except json.JSONDecodeError as error:
        raise InputError(
            f"the spec is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})", file=file.name
        ) from None
    if not isinstance(spec, dict):
        raise InputError("the spec must be a JSON object", file=file.name, expected="{...}", found=type(spec).__name__)
    return spec


def evaluate_spec(spec: dict[str, Any], *, n_sim: int, seed: int, file: str | None = None) -> dict[str, Any]:
    """Everything the `roi` command reports for one case (no options)."""
    case = case_from_spec(spec, file=file)
    result = evaluate_case(case)
    out = result.to_dict()
    if case.ranged_inputs():
        simulation = simulate_npv(case, n_sim=n_sim, seed=seed)
        base, bars = tornado(case)
        out["simulation"] = simulation.to_dict()
        out["tornado"] = {"base_npv": base, "bars": [b.to_dict() for b in bars]}
        out["provenance"] = simulation.provenance.to_dict()
    return out


def _roi(args: argparse.Namespace) -> int:
    spec = read_spec(args.spec)
    name = Path(args.spec).name
    digest = sha256_of(Path(args.spec).read_bytes())
    specs = _option_specs(spec, name) if "options" in spec else [spec]
    results = [evaluate_spec(s, n_sim=args.n_sim, seed=args.seed, file=name) for s in specs]
    for result in results:
        result["provenance"].update(input_sha256=digest, input_name=name)
    if "options" in spec:
        out: dict[str, Any] = {
            "options": results,
            "npv_by_option": {r["name"]: r["npv"] for r in results},
            "best_option": max(results, key=lambda r: r["npv"])["name"],
        }
    else:
        out = results[0]
    text = to_json(out) if args.format == "json" else "\n".join(_markdown(s, args, name) for s in specs)
    write_output(text, args.out)
    return 0


def _option_specs(spec: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """Each option's full spec: the shared keys, overridden by the option's own."""
    options = spec["options"]
    if not isinstance(options, list) or not options or not all(isinstance(o, dict) for o in options):
        raise InputError("'options' must be a list of option specs", file=name, expected='[{"name": ..., ...}]')
    extra = sorted(set(spec) - {*SHARED_OPTION_KEYS, "options"})
    if extra:
        raise InputError("with 'options', other keys belong inside each option", file=name, found=", ".join(extra))
    shared = {k: spec[k] for k in SHARED_OPTION_KEYS if k in spec}
    return [{**shared, "name": f"option {i + 1}", **o} for i, o in enumerate(options)]


def _markdown(spec: dict[str, Any], args: argparse.Namespace, name: str) -> str:
    case = case_from_spec(spec, file=name)
    result = evaluate_case(case)
    if not case.ranged_inputs():
        return investment_report(result).to_markdown()
    _, bars = tornado(case)
    simulation = simulate_npv(case, n_sim=args.n_sim, seed=args.seed)
    return investment_report(result, simulation=simulation, tornado_bars=bars).to_markdown()


def _breakeven(args: argparse.Namespace) -> int:
    function, params = CALCULATORS[args.calculator]
    values = {python: getattr(args, python) for _, python, _ in params if getattr(args, python) is not None}
    try:
        result = function(**values)
    except InputError as error:
        # Name the option the person typed, not the Python argument behind it.
        problem = error.problem
        for option, python, _ in params:
            problem = problem.replace(f"'{python}'", f"{option}")
        raise InputError(problem, expected=error.expected, found=error.found) from None
    if args.format == "json":
        write_output(to_json(result.to_dict()), args.out)
    else:
        write_output(breakeven_report(f"Break-even: {args.calculator}", result).to_markdown(), args.out)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `roi` and `breakeven` sub-commands."""
    roi = subparsers.add_parser(
        "roi",
        help="NPV, IRR, payback and ROI of an investment case; Monte Carlo when inputs are ranges",
        description=(
            "SPEC.json: {discount_rate, cash_flows: [...]} with period 0 = today, or {discount_rate, period: year|month, "
            "horizon, build_cost, run_cost, benefit, ramp_up_periods}; any number may be a range "
            '{"low", "likely", "high", "distribution": "pert"|"triangular"}; or {discount_rate, ..., options: [...]}.'
        ),
    )
    roi.add_argument("spec", metavar="SPEC.json", help="the investment case as JSON")
    roi.add_argument("--n-sim", type=int, default=10_000, help="Monte Carlo draws (default 10000, at least 10000)")
    roi.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    add_format_option(roi, ("json", "md"))
    roi.add_argument("--out", metavar="FILE", help="write the output to a file instead of stdout")
    roi.set_defaults(handler=_roi)

    breakeven = subparsers.add_parser("breakeven", help="break-even calculators: llm, endpoint, spot, per-prediction")
    calculators = breakeven.add_subparsers(dest="calculator", metavar="CALCULATOR", required=True)
    for calculator, (function, params) in CALCULATORS.items():
        sub = calculators.add_parser(calculator, help=(function.__doc__ or "").strip().splitlines()[0])
        for option, python, text in params:
            sub.add_argument(option, dest=python, type=float, required=python not in OPTIONAL, help=text)
        add_format_option(sub, ("json", "md"))
        sub.add_argument("--out", metavar="FILE", help="write the output to a file instead of stdout")
        sub.set_defaults(handler=_breakeven, calculator=calculator)
