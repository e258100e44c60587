"""`spend`: the spend analyser on a monthly spend export (budget alerts, waste, anomalies)."""

from __future__ import annotations

import argparse

from lib.cli._common import EXIT_OK, add_export_options, emit, read_source
from lib.errors import InputError

OPTION_NAMES = {
    "monthly_budget": "--budget",
    "gpu_target": "--gpu-target",
    "idle_below": "--idle-below",
    "anomaly_z": "--anomaly-z",
}


def _spend(args: argparse.Namespace) -> int:
    from lib.analysis import run
    from lib.cli.cmd_roi import renamed
    from lib.roi import SpendSpec

    try:
        spec = SpendSpec(
            monthly_budget=args.budget, gpu_target=args.gpu_target, idle_below=args.idle_below, anomaly_z=args.anomaly_z
        )
    except InputError as error:
        raise renamed(error, OPTION_NAMES) from None
    result = run(spec, {"data": read_source(args.data)})
    emit(spec, result, args, locations={"data": args.data})
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `spend` sub-command."""
    parser = subparsers.add_parser(
        "spend",
        help="spend analyser: monthly spend by category, budget alerts, idle GPUs and anomalies",
        description=(
            "DATA: a monthly spend export with columns date, team, project, category (training, inference, data, "
            "other), resource and cost in dollars; optional gpu_utilisation (0-1 or %) and predictions."
        ),
    )
    parser.add_argument("data", metavar="DATA", help="CSV, TSV, Parquet or .xlsx file (or a sample name: ml_spend)")
    parser.add_argument(
        "--budget", type=float, metavar="DOLLARS_PER_MONTH", help="monthly budget; alerts at 50, 80 and 100 %% of it"
    )
    parser.add_argument(
        "--gpu-target", type=float, default=0.70, metavar="SHARE",
        help="flag GPU resources whose mean utilisation is under this share, 0..1 (default 0.70)",
    )  # fmt: skip
    parser.add_argument(
        "--idle-below", type=float, default=0.10, metavar="SHARE",
        help="resources under this mean utilisation are idle, 0..1 and at most --gpu-target (default 0.10)",
    )  # fmt: skip
    parser.add_argument(
        "--anomaly-z", type=float, default=3.5, metavar="Z",
        help="robust z-score beyond which a month-over-month change is an anomaly, 1..100 (default 3.5)",
    )  # fmt: skip
    add_export_options(parser)
    parser.set_defaults(handler=_spend)
