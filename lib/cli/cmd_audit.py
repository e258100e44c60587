"""`audit`: a bias audit as a release gate (exit 1 when a disparity fails its limit)."""

from __future__ import annotations

import argparse

from lib.cli._common import add_format_option, read_table, write_output
from lib.errors import InputError
from lib.fairness import DEFAULT_MAX_DIFFERENCE, DEFAULT_MIN_GROUP_SIZE, DEFAULT_MIN_RATIO, audit
from lib.fairness._gate import release_gate
from lib.fairness._report import render_audit


def _run(args: argparse.Namespace) -> int:
    if args.threshold is not None and args.score is None:
        raise InputError("--threshold applies to a score column", expected="--score COL with --threshold")
    if args.n_boot < 50:
        raise InputError("too few bootstrap resamples", expected="--n-boot of at least 50", found=str(args.n_boot))
    if args.min_group_size < 1:
        raise InputError("the minimum group size must be positive", found=str(args.min_group_size))
    frame, dataset, _ = read_table(args.data)
    result = audit(
        frame,
        label=args.label,
        prediction=args.pred,
        score=args.score,
        threshold=args.threshold,
        positive=args.positive,
        sensitive=args.sensitive,
        intersectional=args.intersectional,
        max_difference=args.max_difference,
        min_ratio=args.min_ratio,
        min_group_size=args.min_group_size,
        reference=args.reference,
        n_boot=args.n_boot,
        seed=args.seed,
        file=dataset.name,
        input_sha256=dataset.sha256,
    )
    write_output(render_audit(result, output_format=args.format, strict=args.strict), args.out)
    return 0 if release_gate(result, strict=args.strict).passed else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `audit` sub-command."""
    parser = subparsers.add_parser(
        "audit",
        help="bias audit of a model's outputs; exit 1 when a disparity fails its limit",
        description="Group metrics, Fairlearn-named disparities with bootstrap intervals, and a release gate.",
    )
    parser.add_argument("data", metavar="DATA", help="CSV, TSV, Parquet or .xlsx file (or a sample name)")
    parser.add_argument("--label", required=True, metavar="COL", help="column of actual outcomes")
    outputs = parser.add_mutually_exclusive_group(required=True)
    outputs.add_argument("--pred", metavar="COL", help="column of binary predictions")
    outputs.add_argument("--score", metavar="COL", help="column of scores, thresholded into predictions")
    parser.add_argument("--threshold", type=float, metavar="T", help="decision threshold for --score (default 0.5)")
    parser.add_argument(
        "--sensitive", required=True, action="append", metavar="COL", help="sensitive column (repeat for more)"
    )
    parser.add_argument("--positive", metavar="VALUE", help="the positive label value when it is not 0/1 or yes/no")
    parser.add_argument("--intersectional", action="store_true", help="audit combinations of the sensitive columns")
    parser.add_argument(
        "--max-difference",
        type=float,
        default=DEFAULT_MAX_DIFFERENCE,
        metavar="D",
        help="limit for differences (default 0.1)",
    )
    parser.add_argument(
        "--min-ratio",
        type=float,
        default=DEFAULT_MIN_RATIO,
        metavar="R",
        help="limit for ratios and the four-fifths rule (default 0.8)",
    )
    parser.add_argument(
        "--min-group-size",
        type=int,
        default=DEFAULT_MIN_GROUP_SIZE,
        metavar="N",
        help="groups with fewer rows are flagged small (default 30)",
    )
    parser.add_argument(
        "--reference",
        default="largest",
        metavar="GROUP",
        help="reference group for the Aequitas-style ratios: largest (default), best, or a group name",
    )
    parser.add_argument("--strict", action="store_true", help="insufficient evidence also fails the gate")
    parser.add_argument("--n-boot", type=int, default=1000, metavar="B", help="bootstrap resamples (default 1000)")
    parser.add_argument("--seed", type=int, default=0, metavar="S")
    add_format_option(parser, ("json", "md", "html"))
    parser.add_argument("--out", metavar="FILE", help="write the report to a file instead of stdout")
    parser.set_defaults(handler=_run)
