"""`decide`: rank a build / buy / partner matrix and report how robust the winner is."""

from __future__ import annotations

import argparse
from pathlib import Path

from lib.cli._common import add_format_option, write_output
from lib.decision import decide, parse_weights_option, read_matrix
from lib.decision.robustness import DEFAULT_CONCENTRATION, DEFAULT_N_SIM
from lib.errors import InputError
from lib.export import to_json
from lib.provenance import sha256_of


def _decide(args: argparse.Namespace) -> int:
    path = Path(args.matrix)
    if not path.is_file():
        raise InputError("no such file", file=args.matrix, expected="a MATRIX.csv or MATRIX.json file")
    data = path.read_bytes()
    matrix = read_matrix(data, name=path.name)
    if args.weights:
        matrix = matrix.with_weights(parse_weights_option(args.weights, matrix.criteria))
    result = decide(
        matrix,
        n_sim=args.n_sim,
        concentration=args.concentration,
        seed=args.seed,
        input_sha256=sha256_of(data),
        input_name=path.name,
    )
    write_output(to_json(result.to_dict()) if args.format == "json" else result.to_markdown(), args.out)
    return 0


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
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number above 0, found {text}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `decide` sub-command."""
    parser = subparsers.add_parser(
        "decide",
        help="rank options in a decision matrix and test how robust the winner is",
        description="Weighted-sum ranking of a MATRIX.csv or MATRIX.json (scores 1-5, 5 = best for the option), "
        "with flip points per criterion and Monte Carlo rank acceptability. In the JSON, flip gives per criterion "
        "the signed change of its weight share (-0.1 = ten points lower, others rescaled) at which another option "
        "overtakes the winner, or null when none within 0-100%.",
    )
    parser.add_argument(
        "matrix", metavar="MATRIX", help="MATRIX.csv (criterion, weight, one column per option) or MATRIX.json"
    )
    parser.add_argument("--weights", metavar="C1=W1,C2=W2", help="replace the weights (criteria not named get 0)")
    parser.add_argument(
        "--n-sim", type=_positive_int, default=DEFAULT_N_SIM, help=f"simulations (default {DEFAULT_N_SIM})"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--concentration",
        type=_positive_float,
        default=DEFAULT_CONCENTRATION,
        help=f"Dirichlet concentration around the weights; larger = less weight uncertainty (default {DEFAULT_CONCENTRATION:g})",
    )
    add_format_option(parser, ("json", "md"))
    parser.add_argument("--out", metavar="FILE", help="write the output to a file instead of stdout")
    parser.set_defaults(handler=_decide)
