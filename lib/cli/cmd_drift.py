"""`drift`: data and prediction drift between a reference and current data; exit 1 when a column drifts."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lib.cli._common import EXIT_GATE_FAILED, EXIT_OK, add_export_options, emit, read_source


def _columns(text: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


def _chunk(text: str | None) -> tuple[str, int]:
    from lib.errors import InputError

    if text is None:
        return "none", 10_000
    if text in ("day", "week", "month"):
        return text, 10_000
    if text.isdigit():
        return "rows", int(text)
    raise InputError("--chunk takes day, week, month or a number of rows", found=repr(text)[:40])


def _sources(locations: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    """Tables, or logs counted where they lie when either side is a folder, a glob or a large Parquet file."""
    from lib.logs import log_from_args, wants_log

    if any(wants_log(location, args) for location in locations.values()):
        return {role: log_from_args(location, args) for role, location in locations.items()}
    return {role: read_source(location) for role, location in locations.items()}


def _drift(args: argparse.Namespace) -> int:
    from lib.analysis import run
    from lib.drift import DriftSpec
    from lib.errors import InputError

    if args.split_date and args.current:
        raise InputError("--split-date splits one file", expected="one file with --split-date, or two files without it")
    if not args.split_date and not args.current:
        raise InputError(
            "drift needs a reference and a current file", expected="REFERENCE CURRENT, or one file with --split-date"
        )
    chunk, chunk_rows = _chunk(args.chunk)
    spec = DriftSpec(
        columns=_columns(args.columns),
        segment=tuple(args.segment or ()),
        date=args.date,
        chunk=chunk,  # type: ignore[arg-type]
        chunk_rows=chunk_rows,
        split_date=args.split_date,
        score=args.score,
        label=args.label,
        prediction=args.prediction,
        positive=args.positive,
        threshold=args.threshold,
        sensitive=tuple(args.sensitive or ()),
        binning=args.binning,
        bins=args.bins,
        psi_threshold=args.psi_threshold,
        psi_watch=min(args.psi_watch, args.psi_threshold),
        wasserstein_threshold=args.wasserstein_threshold,
        js_threshold=args.js_threshold,
        alpha=args.alpha,
        min_rows=args.min_rows,
        n_boot=args.n_boot,
        seed=args.seed,
        value_tp=args.value_tp,
        cost_fp=args.cost_fp,
        cost_fn=args.cost_fn,
        volume=args.volume,
    )
    locations = {"data": args.reference} if args.split_date else {"reference": args.reference, "current": args.current}
    result = run(spec, _sources(locations, args))
    emit(spec, result, args, locations=locations)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    return EXIT_OK if result.gate.passed else EXIT_GATE_FAILED


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `drift` sub-command."""
    from lib.drift import (
        DEFAULT_BINS,
        DEFAULT_JS_THRESHOLD,
        DEFAULT_MIN_ROWS,
        DEFAULT_N_BOOT,
        DEFAULT_PSI_THRESHOLD,
        DEFAULT_PSI_WATCH,
        DEFAULT_WASSERSTEIN_THRESHOLD,
        MAX_BINS,
        MAX_N_BOOT,
    )
    from lib.logs import add_log_options

    parser = subparsers.add_parser(
        "drift",
        help="data and prediction drift of current data against a reference; exit 1 when a column drifts",
        description="PSI, KS, Wasserstein, Jensen-Shannon and chi-square per column, segment and chunk, with "
        "bootstrap intervals, materiality verdicts, Benjamini-Hochberg adjusted p-values, and label-free "
        "performance estimates for calibrated scores. The score, prediction and label columns are always "
        "monitored when both sides have them.",
    )
    parser.add_argument(
        "reference",
        metavar="REFERENCE",
        help="reference table or log: a folder or glob of Parquet files (or the one file with --split-date)",
    )
    parser.add_argument(
        "current", metavar="CURRENT", nargs="?", help="current table or log (left out with --split-date)"
    )
    parser.add_argument("--columns", metavar="A,B,...", help="columns to monitor (default: every shared column)")
    parser.add_argument("--segment", action="append", metavar="COL", help="segment column (repeat for combinations)")
    parser.add_argument("--date", metavar="COL", help="date column, for chunks and --split-date")
    parser.add_argument("--chunk", metavar="day|week|month|N", help="chunks of the current data: a period or N rows")
    parser.add_argument("--split-date", metavar="YYYY-MM-DD", help="one file: rows before the date are the reference")
    parser.add_argument("--score", metavar="COL", help="score column (probability of the positive class)")
    parser.add_argument("--label", metavar="COL", help="actual outcome column (may be empty where labels are late)")
    parser.add_argument("--prediction", metavar="COL", help="prediction column")
    parser.add_argument("--positive", metavar="VALUE", help="the positive label value when it is not 0/1 or yes/no")
    parser.add_argument(
        "--threshold", type=float, default=0.5, metavar="T", help="decision threshold on scores (default 0.5)"
    )
    parser.add_argument("--sensitive", action="append", metavar="COL", help="groups for label-free fairness (repeat)")
    parser.add_argument(
        "--binning", choices=("quantile", "equal_width"), default="quantile", help="PSI/JS bins (default quantile)"
    )
    parser.add_argument(
        "--bins",
        type=int,
        default=DEFAULT_BINS,
        metavar="K",
        help=f"PSI/JS bins, 2 to {MAX_BINS} (default {DEFAULT_BINS})",
    )
    parser.add_argument(
        "--psi-threshold",
        type=float,
        default=DEFAULT_PSI_THRESHOLD,
        metavar="X",
        help=f"PSI that counts as material drift (default {DEFAULT_PSI_THRESHOLD:g})",
    )
    parser.add_argument(
        "--psi-watch",
        type=float,
        default=DEFAULT_PSI_WATCH,
        metavar="X",
        help=f"PSI worth watching (default {DEFAULT_PSI_WATCH:g})",
    )
    parser.add_argument(
        "--wasserstein-threshold",
        type=float,
        default=DEFAULT_WASSERSTEIN_THRESHOLD,
        metavar="X",
        help=f"Wasserstein distance in reference SDs (default {DEFAULT_WASSERSTEIN_THRESHOLD:g})",
    )
    parser.add_argument(
        "--js-threshold",
        type=float,
        default=DEFAULT_JS_THRESHOLD,
        metavar="X",
        help=f"Jensen-Shannon distance (default {DEFAULT_JS_THRESHOLD:g})",
    )
    parser.add_argument("--alpha", type=float, default=0.05, metavar="Q", help="false discovery rate (default 0.05)")
    parser.add_argument(
        "--min-rows",
        type=int,
        default=DEFAULT_MIN_ROWS,
        metavar="N",
        help=f"chunks and segments with fewer rows are flagged small (default {DEFAULT_MIN_ROWS})",
    )
    parser.add_argument(
        "--n-boot",
        type=int,
        default=DEFAULT_N_BOOT,
        metavar="B",
        help=f"bootstrap resamples, 50 to {MAX_N_BOOT:,} (default {DEFAULT_N_BOOT})",
    )
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed, 0 to 2**32-1 (default 0)")
    parser.add_argument("--value-tp", type=float, metavar="V", help="value of a true positive (for the cost of drift)")
    parser.add_argument("--cost-fp", type=float, metavar="C", help="cost of a false positive")
    parser.add_argument("--cost-fn", type=float, metavar="C", help="cost of a false negative")
    parser.add_argument("--volume", type=int, metavar="N", help="predictions per period")
    add_export_options(parser)
    add_log_options(parser)
    parser.set_defaults(handler=_drift)
