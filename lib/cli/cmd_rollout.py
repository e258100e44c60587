"""`rollout`: a staged rollout plan from a plan file: stages, minimum exposure, checks, rollback criteria."""

from __future__ import annotations

import argparse
from pathlib import Path

from lib.cli._common import EXIT_OK, add_export_options, emit, file_bytes
from lib.errors import InputError


def _rollout(args: argparse.Namespace) -> int:
    from lib.analysis import provenance_for, read_json_text
    from lib.launch import RolloutSpec, run_rollout

    path = Path(args.plan)
    if not path.is_file():
        raise InputError("no such file", file=args.plan, expected="a JSON rollout plan")
    spec = RolloutSpec.from_dict(read_json_text(file_bytes(path), file=path.name, what="plan"), file=path.name)
    emit(spec, run_rollout(spec, provenance=provenance_for(spec)), args)
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `rollout` sub-command."""
    parser = subparsers.add_parser(
        "rollout",
        help="a staged rollout plan: time and requests per stage, checks, rollback criteria, checklist",
        description='PLAN.json holds {"daily_requests": N, "stages": [1, 5, 25, 50, 100], "guardrails": '
        '[{"name": "error rate", "baseline": 0.002, "change": 0.001}], "latency_p95_ms": 120, ...}; '
        "md and html give the checklist to print.",
    )
    parser.add_argument("plan", metavar="PLAN.json", help="the rollout plan (a rollout_plan spec)")
    add_export_options(parser)
    parser.set_defaults(handler=_rollout)
