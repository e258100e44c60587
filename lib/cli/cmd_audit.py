"""`audit`, `thresholds` and `mitigate`: the bias audit as a release gate, the threshold sweep, mitigation."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lib.cli._common import EXIT_GATE_FAILED, EXIT_OK, add_export_options, emit, read_source


def _run(spec: Any, args: argparse.Namespace) -> Any:
    """Run on the table, or on the log counted where it lies (a folder, a glob, a large Parquet file)."""
    from lib.analysis import run
    from lib.logs import source_from_args

    return run(spec, {"data": source_from_args(args.data, args, read_source)})


def _audit(args: argparse.Namespace) -> int:
    from lib.errors import InputError
    from lib.fairness import AuditSpec

    if args.threshold is not None and args.score is None:
        raise InputError("--threshold applies to a score column", expected="--score COL with --threshold")
    spec = AuditSpec(
        label=args.label,
        prediction=args.pred,
        score=args.score,
        threshold=args.threshold,
        positive=args.positive,
        sensitive=tuple(args.sensitive),
        intersectional=args.intersectional,
        max_difference=args.max_difference,
        min_ratio=args.min_ratio,
        min_group_size=args.min_group_size,
        reference=args.reference,
        n_boot=args.n_boot,
        seed=args.seed,
        strict=args.strict,
    )
    result = _run(spec, args)
    emit(spec, result, args, locations={"data": args.data})
    for note in result.notes:
        if note.startswith("Warning:"):
            print("note: " + note.removeprefix("Warning: "), file=sys.stderr)
    return EXIT_OK if result.gate.passed else EXIT_GATE_FAILED


def _thresholds(args: argparse.Namespace) -> int:
    from lib.fairness import SweepSpec

    spec = SweepSpec(
        label=args.label,
        score=args.score,
        sensitive=tuple(args.sensitive),
        positive=args.positive,
        intersectional=args.intersectional,
    )
    emit(spec, _run(spec, args), args, locations={"data": args.data})
    return EXIT_OK


def _mitigate(args: argparse.Namespace) -> int:
    from lib.fairness import MitigationSpec, run_mitigation

    spec = MitigationSpec(
        label=args.label,
        score=args.score,
        sensitive=tuple(args.sensitive),
        constraint=args.constraint,
        positive=args.positive,
        threshold=args.threshold,
        intersectional=not args.separately,
        min_group_size=args.min_group_size,
        n_boot=args.n_boot,
        seed=args.seed,
    )
    emit(spec, run_mitigation(spec, read_source(args.data)), args, locations={"data": args.data})
    return EXIT_OK


def _common(parser: argparse.ArgumentParser, *, score_only: bool) -> None:
    parser.add_argument(
        "data",
        metavar="DATA",
        help="CSV, TSV, Parquet or .xlsx file, a sample name, or a log: a folder or glob of Parquet files",
    )
    parser.add_argument("--label", required=True, metavar="COL", help="column of actual outcomes")
    if score_only:
        parser.add_argument("--score", required=True, metavar="COL", help="column of scores")
    parser.add_argument(
        "--sensitive", required=True, action="append", metavar="COL", help="sensitive column (repeat for more)"
    )
    parser.add_argument("--positive", metavar="VALUE", help="the positive label value when it is not 0/1 or yes/no")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `audit`, `thresholds` and `mitigate` sub-commands."""
    from lib.fairness import (
        CONSTRAINTS,
        DEFAULT_MAX_DIFFERENCE,
        DEFAULT_MIN_GROUP_SIZE,
        DEFAULT_MIN_RATIO,
        DEFAULT_N_BOOT,
        MAX_N_BOOT,
    )
    from lib.logs import add_log_options

    parser = subparsers.add_parser(
        "audit",
        help="bias audit of a model's outputs; exit 1 when a disparity fails its limit",
        description="Group metrics, Fairlearn-named disparities with bootstrap intervals, and a release gate.",
    )
    _common(parser, score_only=False)
    outputs = parser.add_mutually_exclusive_group(required=True)
    outputs.add_argument("--pred", metavar="COL", help="column of binary predictions")
    outputs.add_argument("--score", metavar="COL", help="column of scores, thresholded into predictions")
    parser.add_argument(
        "--threshold", type=float, metavar="T", help="decision threshold for --score, 0 to 1 (default 0.5)"
    )
    parser.add_argument("--intersectional", action="store_true", help="audit combinations of the sensitive columns")
    parser.add_argument(
        "--max-difference", type=float, default=DEFAULT_MAX_DIFFERENCE, metavar="D",
        help=f"limit for differences (default {DEFAULT_MAX_DIFFERENCE:g})",
    )  # fmt: skip
    parser.add_argument(
        "--min-ratio", type=float, default=DEFAULT_MIN_RATIO, metavar="R",
        help=f"limit for ratios and the four-fifths rule (default {DEFAULT_MIN_RATIO:g})",
    )  # fmt: skip
    parser.add_argument(
        "--min-group-size", type=int, default=DEFAULT_MIN_GROUP_SIZE, metavar="N",
        help=f"groups with fewer rows are flagged small (default {DEFAULT_MIN_GROUP_SIZE})",
    )  # fmt: skip
    parser.add_argument(
        "--reference", default="largest", metavar="GROUP",
        help="reference group for the Aequitas-style ratios: largest (default), best, or a group name",
    )  # fmt: skip
    parser.add_argument("--strict", action="store_true", help="insufficient evidence also fails the gate")
    parser.add_argument(
        "--n-boot", type=int, default=DEFAULT_N_BOOT, metavar="B",
        help=f"bootstrap resamples, 50 to {MAX_N_BOOT:,} (default {DEFAULT_N_BOOT})",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed, 0 to 2**32-1 (default 0)")
    add_export_options(parser)
    add_log_options(parser)
    parser.set_defaults(handler=_audit)

    sweep = subparsers.add_parser(
        "thresholds",
        help="threshold sweep: each group's rates and the disparity-accuracy trade-off across thresholds",
    )
    _common(sweep, score_only=True)
    sweep.add_argument("--intersectional", action="store_true", help="combinations of the sensitive columns")
    add_export_options(sweep)
    add_log_options(sweep)
    sweep.set_defaults(handler=_thresholds)

    mitigate = subparsers.add_parser(
        "mitigate",
        help="group-specific thresholds (Fairlearn's ThresholdOptimizer) audited before and after",
    )
    _common(mitigate, score_only=True)
    mitigate.add_argument("--constraint", choices=CONSTRAINTS, default="demographic_parity")
    mitigate.add_argument("--threshold", type=float, metavar="T", help="the current single threshold (default 0.5)")
    mitigate.add_argument(
        "--separately", action="store_true", help="audit each sensitive column on its own (default: combinations)"
    )
    mitigate.add_argument("--min-group-size", type=int, default=DEFAULT_MIN_GROUP_SIZE, metavar="N")
    mitigate.add_argument("--n-boot", type=int, default=200, metavar="B", help="bootstrap resamples (default 200)")
    mitigate.add_argument("--seed", type=int, default=0, metavar="S")
    add_export_options(mitigate)
    mitigate.set_defaults(handler=_mitigate)
