"""`value`: what a model's decisions are worth per month at every threshold, with the best one's interval."""

from __future__ import annotations

import argparse

from lib.cli._common import EXIT_OK, add_export_options, emit, read_source


def _value(args: argparse.Namespace) -> int:
    from lib.analysis import provenance_for
    from lib.launch import ValueSpec, run_value

    spec = ValueSpec(
        tp_value=args.tp_value,
        fp_cost=args.fp_cost,
        fn_cost=args.fn_cost,
        review_cost=args.review_cost,
        volume=args.volume,
        label=args.label,
        score=args.score,
        positive=args.positive,
        baseline_column=args.baseline_column,
        baseline_precision=args.baseline_precision,
        baseline_recall=args.baseline_recall,
        baseline_name=args.baseline_name,
        status_quo=args.status_quo,
        n_boot=args.n_boot,
        seed=args.seed,
    )
    source = read_source(args.data)
    emit(spec, run_value(spec, source, provenance=provenance_for(spec, {"data": source})), args,
         locations={"data": args.data})  # fmt: skip
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `value` sub-command."""
    from lib.launch import MAX_N_BOOT

    parser = subparsers.add_parser(
        "value",
        help="value per month of a model's decisions at every threshold, the best threshold and its interval",
        description="Confusion-matrix economics from labels and scores. JSON keys: value_by_threshold, "
        "best_threshold, best_threshold_ci, best_value_per_month, baselines, incremental_per_month, roi_benefit.",
    )
    parser.add_argument("data", metavar="SCORES", help="CSV, TSV, Parquet or .xlsx file (or a sample name)")
    parser.add_argument("--label", required=True, metavar="COL", help="column of actual outcomes")
    parser.add_argument("--score", required=True, metavar="COL", help="column of scores (higher = more likely)")
    parser.add_argument("--positive", metavar="VALUE", help="the positive label value when it is not 0/1 or yes/no")
    parser.add_argument("--tp-value", type=float, required=True, metavar="V", help="dollars per true positive")
    parser.add_argument("--fp-cost", type=float, required=True, metavar="C", help="dollars per false positive")
    parser.add_argument("--fn-cost", type=float, required=True, metavar="C", help="dollars per missed positive")
    parser.add_argument("--review-cost", type=float, default=0.0, metavar="C", help="dollars per flagged case")
    parser.add_argument("--volume", type=float, metavar="N", help="cases per month (default: the file's rows)")
    parser.add_argument("--baseline-column", metavar="COL", help="0/1 decisions of a non-ML rule on the same rows")
    parser.add_argument("--baseline-precision", type=float, metavar="P", help="the rule's precision (with recall)")
    parser.add_argument("--baseline-recall", type=float, metavar="R", help="the rule's recall (with precision)")
    parser.add_argument("--baseline-name", default="non-ML rule", metavar="NAME", help="what the rule is called")
    parser.add_argument(
        "--status-quo", choices=("auto", "none", "all", "rule"), default="auto",
        help="what the model replaces: the rule when given (auto), no action, or acting on every case",
    )  # fmt: skip
    parser.add_argument(
        "--n-boot", type=int, default=1000, metavar="B", help=f"bootstrap resamples, 100 to {MAX_N_BOOT:,}"
    )
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    add_export_options(parser)
    parser.set_defaults(handler=_value)
