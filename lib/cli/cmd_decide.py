"""`decide`: rank a build / buy / partner matrix and report how robust the winner is."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from lib.cli._common import EXIT_OK, add_export_options, emit, file_bytes
from lib.decision.robustness import DEFAULT_CONCENTRATION, DEFAULT_N_SIM, MAX_CONCENTRATION, MAX_N_SIM
from lib.errors import InputError


def _decide(args: argparse.Namespace) -> int:
    from lib.decision import parse_weights_option, read_matrix, run_decision, spec_from_matrix

    path = Path(args.matrix)
    if not path.is_file():
        raise InputError("no such file", file=args.matrix, expected="a MATRIX.csv or MATRIX.json file")
    matrix = read_matrix(file_bytes(path), name=path.name)
    if args.weights:
        matrix = matrix.with_weights(parse_weights_option(args.weights, matrix.criteria))
    spec = spec_from_matrix(matrix, n_sim=args.n_sim, concentration=args.concentration, seed=args.seed)
    emit(spec, run_decision(spec), args)
    return EXIT_OK


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, found {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, found {text!r}") from None
    if not math.isfinite(value) or not value > 0:
        raise argparse.ArgumentTypeError(f"expected a finite number above 0, found {text}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `decide` sub-command."""
    parser = subparsers.add_parser(
        "decide",
        help="rank options in a decision matrix and test how robust the winner is",
        description="Weighted-sum ranking of a MATRIX.csv or MATRIX.json (scores 1-5, 5 = best for the option), "
        "with flip points per criterion and Monte Carlo rank acceptability. In the JSON, flip gives per criterion "
        "the signed change of its weight share (-0.1 = ten points lower, others rescaled) at which another option "
        "overtakes the winner, or null when none within 0-100%. When options tie at the top, winner is null, "
        "tie is true and tied names them. --format ipynb writes a notebook that re-runs the decision.",
    )
    parser.add_argument(
        "matrix",
        metavar="MATRIX",
        help="MATRIX.csv (criterion, weight, one column per option; TSV, .xlsx or Latin-1 text also read) "
        "or MATRIX.json",
    )
    parser.add_argument(
        "--weights",
        metavar="C1=W1,C2=W2",
        help="replace the weights (criteria not named get 0; each criterion at most once)",
    )
    parser.add_argument(
        "--n-sim",
        type=_positive_int,
        default=DEFAULT_N_SIM,
        help=f"simulations, 1 to {MAX_N_SIM:,} (default {DEFAULT_N_SIM})",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed, 0 to 2**32-1 (default 0)")
    parser.add_argument(
        "--concentration",
        type=_positive_float,
        default=DEFAULT_CONCENTRATION,
        help="Dirichlet concentration around the weights, above 0 and at most "
        f"{MAX_CONCENTRATION:,.0f}; larger = less weight uncertainty (default {DEFAULT_CONCENTRATION:g})",
    )
    add_export_options(parser)
    parser.set_defaults(handler=_decide)
