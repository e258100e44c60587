"""`team`: a team plan simulated over quarters, and the failure log kept in the workspace."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from lib.cli._common import EXIT_OK, add_export_options, emit, file_bytes, read_source, write_output
from lib.errors import InputError


def _plan(args: argparse.Namespace) -> int:
    from lib.analysis import DataSource, run, sha256_of
    from lib.team import TeamPlanSpec, plan_spec_from_json

    path = Path(args.plan)
    if not path.is_file():
        raise InputError(
            "no such file", file=args.plan, expected="a plan JSON file (a team_plan spec; {} for the defaults)"
        )
    plan_bytes = file_bytes(path)
    spec: TeamPlanSpec = plan_spec_from_json(
        plan_bytes,
        file=path.name,
        overrides={"quarters": args.quarters, "n_sim": args.n_sim, "seed": args.seed},
    )
    if args.roster and spec.start != "roster":
        spec = spec.replace(start="roster")
    sources: dict[str, DataSource] = {}
    locations: dict[str, str] = {}
    if spec.start == "roster":
        if not args.roster:
            raise InputError(
                "the plan starts from a roster", file=path.name, expected="--roster FILE (a table with a role column)"
            )
        sources, locations = {"data": read_source(args.roster)}, {"data": args.roster}
    result = run(spec, sources)
    # The plan is copied into the spec; its file's name and hash still go in the provenance.
    entry = {"name": path.name, "sha256": sha256_of(plan_bytes)}
    inputs = {**result.provenance.inputs, "plan": entry}
    main = inputs.get("data", entry)
    provenance = dataclasses.replace(
        result.provenance, input_name=main["name"], input_sha256=main["sha256"], inputs=inputs
    )
    emit(spec, dataclasses.replace(result, provenance=provenance), args, locations=locations)
    return EXIT_OK


def _workspace():
    from lib.store import Workspace

    return Workspace()


def _failures(args: argparse.Namespace) -> int:
    from lib.team import FailureLog, export_failures

    entries = FailureLog(_workspace()).search(text=args.search or "", tag=args.tag)
    output = export_failures(entries, args.format)
    write_output(output.decode("utf-8") if isinstance(output, bytes) else output, args.out)
    return EXIT_OK


def _log_failure(args: argparse.Namespace) -> int:
    from lib.export import to_json
    from lib.team import FailureLog, make_failure

    entry = make_failure(
        title=args.title,
        what_happened=args.what,
        why=args.why,
        detection=args.detection or "",
        mitigation=args.mitigation or "",
        durable_fix=args.fix or "",
        tags=args.tag or (),
        analysis_id=args.analysis,
        occurred_on=args.date,
    )
    failure_id = FailureLog(_workspace()).add(entry)
    write_output(to_json({**entry.to_dict(), "id": failure_id}))
    return EXIT_OK


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `team` command with its `plan`, `failures` and `log-failure` sub-commands."""
    from lib.team import DEFAULT_N_SIM, MAX_QUARTERS, MAX_SIMULATIONS, MIN_SIMULATIONS

    team = subparsers.add_parser(
        "team",
        help="team plan over quarters (headcount, cost, effective FTE with P10/P50/P90); the failure log",
        description="Plan an ML team's shape and hiring, and keep a log of failures with their fixes.",
    )
    commands = team.add_subparsers(dest="team_command", metavar="COMMAND")
    team.set_defaults(handler=lambda args: team.print_help() or EXIT_OK)
    plan = commands.add_parser(
        "plan",
        help="simulate a hiring plan: headcount and cost by role and quarter, the mix against a reference, gaps",
        description="PLAN.json is a team_plan spec (every field optional; {} is an L6 team of 15 for 4 quarters).",
    )
    plan.add_argument("plan", metavar="PLAN.json", help="the plan: a team_plan spec as JSON")
    plan.add_argument(
        "--quarters", type=int, metavar="N", help=f"quarters to plan, 1 to {MAX_QUARTERS} (default: the plan's)"
    )
    plan.add_argument(
        "--n-sim", type=int, metavar="N",
        help=f"simulated futures, {MIN_SIMULATIONS:,} to {MAX_SIMULATIONS:,} (default: the plan's, else {DEFAULT_N_SIM:,})",
    )  # fmt: skip
    plan.add_argument("--seed", type=int, metavar="S", help="random seed, 0 to 2**32-1 (default: the plan's, else 0)")
    plan.add_argument(
        "--roster", metavar="FILE", help="start from this roster (CSV, TSV, Parquet or .xlsx with a role column)"
    )
    add_export_options(plan)
    plan.set_defaults(handler=_plan)

    failures = commands.add_parser(
        "failures", help="list, search and export the failure log", description="The failure log in the workspace."
    )
    failures.add_argument("--search", metavar="TEXT", help="only failures whose text contains every word")
    failures.add_argument("--tag", metavar="TAG", help="only failures with this tag")
    failures.add_argument(
        "--format", choices=("json", "md", "html", "csv"), default="json", help="output format (default json)"
    )
    failures.add_argument("--out", metavar="FILE", help="write the output to a file instead of stdout")
    failures.set_defaults(handler=_failures)

    log = commands.add_parser(
        "log-failure",
        help="add a failure to the log: what happened, why, detection, mitigation, durable fix",
        description="Documenting a failure is what turns it into learning.",
    )
    log.add_argument("--title", required=True, help="a short title")
    log.add_argument("--what", required=True, metavar="TEXT", help="what happened")
    log.add_argument("--why", required=True, metavar="TEXT", help="why it happened")
    log.add_argument("--detection", metavar="TEXT", help="how it was detected")
    log.add_argument("--mitigation", metavar="TEXT", help="how the harm was contained")
    log.add_argument("--fix", metavar="TEXT", help="the durable fix: how it will be avoided")
    log.add_argument("--tag", action="append", metavar="TAG", help="a tag (repeat for more)")
    log.add_argument("--analysis", type=_positive_int, metavar="ID", help="a saved analysis about it")
    log.add_argument("--date", metavar="YYYY-MM-DD", help="when it happened")
    log.set_defaults(handler=_log_failure)
