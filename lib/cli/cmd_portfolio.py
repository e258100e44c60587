"""`portfolio`: an experiment portfolio's wins, budget for k wins and value-per-dollar ranking."""

from __future__ import annotations

import argparse
import dataclasses

from lib.cli._common import EXIT_OK, add_export_options, emit, read_table


def _portfolio(args: argparse.Namespace) -> int:
    from lib.team import PortfolioSpec, hypotheses_from_frame

    frame, dataset, data = read_table(args.portfolio)
    options = {
        "min_wins": args.min_wins,
        "confidence": args.confidence,
        "prior_mean": args.prior,
        "prior_strength": args.prior_strength,
        "history_wins": args.history_wins,
        "history_trials": args.history_trials,
        "cost_per_person_week": args.cost_per_person_week,
        "interval": args.interval,
    }
    spec = PortfolioSpec(
        hypotheses=hypotheses_from_frame(frame, file=dataset.name),
        **{k: v for k, v in options.items() if v is not None},
    )
    from lib.analysis import run, sha256_of

    result = run(spec)
    # The list is copied into the spec; its file's name and hash still go in the provenance.
    entry = {"name": dataset.name, "sha256": sha256_of(data)}
    provenance = dataclasses.replace(
        result.provenance, input_name=entry["name"], input_sha256=entry["sha256"], inputs={"experiments": entry}
    )
    emit(spec, dataclasses.replace(result, provenance=provenance), args)
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `portfolio` sub-command."""
    from lib.team import DEFAULT_COST_PER_PERSON_WEEK, DEFAULT_SUCCESS_PRIOR

    parser = subparsers.add_parser(
        "portfolio",
        help="experiment portfolio: expected wins, chance of at least k wins, budget for k wins, value per dollar",
        description=(
            "PORTFOLIO.csv has one row per experiment: name, value (dollars if it succeeds), compute_cost and/or "
            "people_weeks, and optionally p_success (0 to 1; empty uses the team's rate) and weeks_to_result."
        ),
    )
    parser.add_argument("portfolio", metavar="PORTFOLIO.csv", help="the experiment list (CSV, TSV, Parquet or .xlsx)")
    parser.add_argument("--min-wins", type=int, metavar="K", help="wins wanted (default 1)")
    parser.add_argument("--confidence", type=float, metavar="C", help="chance wanted of at least K wins (default 0.8)")
    parser.add_argument(
        "--prior", type=float, metavar="P",
        help=f"the team's success rate before its history (default {DEFAULT_SUCCESS_PRIOR:g}: about 70 %% of experiments fail)",
    )  # fmt: skip
    parser.add_argument(
        "--prior-strength", type=float, metavar="N", help="experiments the prior counts as (default 10)"
    )
    parser.add_argument("--history-wins", type=int, metavar="W", help="the team's past successes (default 0)")
    parser.add_argument("--history-trials", type=int, metavar="N", help="the team's past experiments (default 0)")
    parser.add_argument(
        "--cost-per-person-week", type=float, metavar="D",
        help=f"dollars per person-week (default {DEFAULT_COST_PER_PERSON_WEEK:,.0f})",
    )  # fmt: skip
    parser.add_argument(
        "--interval", type=float, metavar="L", help="credible interval of the success rate (default 0.9)"
    )
    add_export_options(parser)
    parser.set_defaults(handler=_portfolio)
