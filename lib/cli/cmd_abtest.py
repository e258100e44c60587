"""`abtest size` and `abtest readout`: plan an A/B test, and read out its results as the plan says."""

from __future__ import annotations

import argparse

from lib.cli._common import EXIT_OK, add_export_options, emit, read_source
from lib.errors import InputError


def _choose(args: argparse.Namespace) -> int:
    raise InputError("abtest needs what to do", expected="'abtest size' or 'abtest readout'")


def _split(text: str, *, option: str, shape: str, parts: tuple[int, ...]) -> list[str]:
    pieces = [p.strip() for p in text.rsplit(":", max(parts) - 1)] if ":" in text else [text]
    if len(pieces) not in parts or not all(pieces):
        raise InputError(f"{option} takes {shape}", found=repr(text))
    return pieces


def _number(text: str, *, option: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise InputError(f"{option}: {what} must be a number", found=repr(text)) from None


def _harm(text: str, *, option: str) -> str:
    if text not in ("increase", "decrease"):
        raise InputError(f"{option}: the harmful direction must be 'increase' or 'decrease'", found=repr(text))
    return text


def _design_guardrails(items: list[str] | None) -> tuple:
    from lib.launch import GuardrailPlan

    shape = "NAME:BASELINE:MARGIN[:increase|decrease] (a rate guardrail)"
    out = []
    for item in items or []:
        pieces = _split(item, option="--guardrail", shape=shape, parts=(3, 4))
        name, baseline, margin = pieces[0], pieces[1], pieces[2]
        harm = _harm(pieces[3], option="--guardrail") if len(pieces) == 4 else "increase"
        out.append(
            GuardrailPlan(
                name,
                _number(margin, option="--guardrail", what="the margin"),
                harm=harm,  # type: ignore[arg-type]
                baseline=_number(baseline, option="--guardrail", what="the baseline"),
            )
        )
    return tuple(out)


def _size(args: argparse.Namespace) -> int:
    from lib.analysis import provenance_for
    from lib.launch import DesignSpec, run_design

    if args.baseline is None and args.mean is None and args.sd is None:
        raise InputError("abtest size needs the metric", expected="--baseline RATE, or --mean M --sd S")
    spec = DesignSpec(
        mde=args.mde,
        baseline=args.baseline,
        mean=args.mean,
        sd=args.sd,
        relative=args.relative,
        alpha=args.alpha,
        power=args.power,
        alternative="one-sided" if args.one_sided else "two-sided",
        ratio=args.ratio,
        daily_traffic=args.daily_traffic,
        traffic_share=args.traffic_share,
        duration_days=args.duration,
        metric_name=args.metric_name,
        guardrails=_design_guardrails(args.guardrail),
    )
    emit(spec, run_design(spec, provenance=provenance_for(spec)), args)
    return EXIT_OK


def _readout_guardrails(items: list[str] | None) -> tuple:
    from lib.launch import ReadoutGuardrail

    shape = "COL:MARGIN[:increase|decrease]"
    out = []
    for item in items or []:
        pieces = _split(item, option="--guardrail", shape=shape, parts=(2, 3))
        harm = _harm(pieces[2], option="--guardrail") if len(pieces) == 3 else "increase"
        margin = _number(pieces[1], option="--guardrail", what="the margin")
        out.append(ReadoutGuardrail(pieces[0], margin, harm=harm))  # type: ignore[arg-type]
    return tuple(out)


def _readout(args: argparse.Namespace) -> int:
    from lib.analysis import provenance_for
    from lib.launch import ReadoutSpec, run_readout

    spec = ReadoutSpec(
        arm=args.arm,
        metric=args.metric,
        units=args.units,
        sd=args.sd,
        control=args.control,
        treatment=args.treatment,
        metric_type=args.metric_type,
        expected_ratio=args.ratio,
        alpha=args.alpha,
        alternative="one-sided" if args.one_sided else "two-sided",
        higher_is_better=not args.lower_is_better,
        planned_n_per_arm=args.planned_n,
        sequential=args.sequential,
        mde=args.mde,
        guardrails=_readout_guardrails(args.guardrail),
    )
    source = read_source(args.data)
    result = run_readout(spec, source, provenance=provenance_for(spec, {"data": source}))
    emit(spec, result, args, locations={"data": args.data})
    return EXIT_OK


def _sides(parser: argparse.ArgumentParser) -> None:
    sides = parser.add_mutually_exclusive_group()
    sides.add_argument("--two-sided", action="store_true", help="test a change either way (the default)")
    sides.add_argument("--one-sided", action="store_true", help="test only an improvement")
    parser.add_argument("--alpha", type=float, default=0.05, metavar="A", help="significance level (default 0.05)")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `abtest` sub-command with `size` and `readout`."""
    parser = subparsers.add_parser(
        "abtest",
        help="A/B tests: sample size and duration (size), and the readout with its decision (readout)",
        description="Plan an A/B test, or read out its results against the plan.",
    )
    parser.set_defaults(handler=_choose)
    actions = parser.add_subparsers(dest="abtest_command", metavar="WHAT", parser_class=type(parser))

    size = actions.add_parser(
        "size",
        help="units per arm, total and days for a minimum detectable effect",
        description="Sample size per arm for a conversion metric (--baseline) or a continuous one (--mean, --sd). "
        "JSON keys: n_per_arm (control arm), n_total, days, mde_absolute, mde_relative.",
    )
    size.add_argument("--baseline", type=float, metavar="RATE", help="the control's conversion rate, 0..1 exclusive")
    size.add_argument("--mean", type=float, metavar="M", help="the control's mean, for a continuous metric")
    size.add_argument("--sd", type=float, metavar="S", help="standard deviation per unit, for a continuous metric")
    size.add_argument("--mde", type=float, required=True, metavar="D", help="minimum detectable effect (absolute)")
    size.add_argument("--relative", action="store_true", help="read --mde as a share of the baseline (0.1 = 10 %%)")
    size.add_argument("--power", type=float, default=0.8, metavar="P", help="power, below 1 (default 0.8)")
    _sides(size)
    size.add_argument("--ratio", type=float, default=1.0, metavar="R", help="treatment units per control unit")
    size.add_argument("--daily-traffic", type=float, metavar="N", help="units eligible per day (gives days)")
    size.add_argument(
        "--traffic-share", type=float, default=1.0, metavar="S", help="share of eligible traffic in the test"
    )
    size.add_argument("--duration", type=float, metavar="DAYS", help="a fixed duration: also give the reachable MDE")
    size.add_argument("--metric-name", default="primary metric", metavar="NAME", help="what the metric is called")
    size.add_argument(
        "--guardrail", action="append", metavar="NAME:BASELINE:MARGIN[:increase|decrease]",
        help="a rate guardrail and its non-inferiority margin (repeat for more)",
    )  # fmt: skip
    add_export_options(size)
    size.set_defaults(handler=_size)

    readout = actions.add_parser(
        "readout",
        help="effect, interval, p-value, sample-ratio check and the plan's decision",
        description="Read a results file: one row per unit (arm and metric columns), or per-arm totals (--units). "
        "JSON keys: effect, ci, p_value, srm_pvalue, decision.",
    )
    readout.add_argument("data", metavar="RESULTS", help="CSV, TSV, Parquet or .xlsx file")
    readout.add_argument("--arm", required=True, metavar="COL", help="column of the arm")
    readout.add_argument("--metric", required=True, metavar="COL", help="column of the metric (or conversions)")
    readout.add_argument("--units", metavar="COL", help="column of units per row: the file holds per-arm totals")
    readout.add_argument("--sd", metavar="COL", help="column of standard deviations, with --units for a mean")
    readout.add_argument("--control", metavar="NAME", help="the control arm's name (declared arms)")
    readout.add_argument("--treatment", metavar="NAME", help="the treatment arm's name (declared arms)")
    readout.add_argument("--metric-type", choices=("auto", "conversion", "continuous"), default="auto")
    readout.add_argument("--ratio", type=float, default=1.0, metavar="R", help="planned treatment units per control")
    _sides(readout)
    readout.add_argument("--lower-is-better", action="store_true", help="a fall of the metric is the improvement")
    readout.add_argument("--planned-n", type=int, metavar="N", help="the plan's control-arm units")
    readout.add_argument("--sequential", action="store_true", help="add the always-valid interval (needs --mde)")
    readout.add_argument("--mde", type=float, metavar="D", help="the plan's MDE in the metric's units")
    readout.add_argument(
        "--guardrail", action="append", metavar="COL:MARGIN[:increase|decrease]",
        help="a guardrail column and its margin (repeat for more)",
    )  # fmt: skip
    add_export_options(readout)
    readout.set_defaults(handler=_readout)
