"""`ahp`: criteria weights from pairwise judgements, with the consistency check."""

from __future__ import annotations

import argparse
from pathlib import Path

from lib.cli._common import EXIT_OK, add_export_options, emit, file_bytes
from lib.errors import InputError

_FORMAT = """\
JUDGEMENTS is a table (CSV, TSV or .xlsx) with one row per pair of criteria:

  first,second,times
  cost,speed,3        cost is 3 times as important as speed
  cost,edge,1/5       edge is 5 times as important as cost (1/5 or 0.2)
  speed,edge,1/3

'times' is on Saaty's scale from 1/9 to 9 (1 = equally important, 3 = moderately,
5 = strongly, 7 = very strongly, 9 = extremely more important). Criteria are listed in
the order they first appear; pairs not judged count as equally important. Or give the
ahp_weights spec as JSON:

  {"criteria": ["cost", "speed", "edge"],
   "judgements": [{"first": "cost", "second": "speed", "times": 3}, ...]}

The JSON output has weights (criterion -> share), consistency_ratio (acceptable when at
most 0.10), and worst_pair, worst_judgement and implied_judgement: the judgement that
departs most from the weights, and what the other judgements imply it should be.
"""


def _ahp(args: argparse.Namespace) -> int:
    from lib.decision import read_judgements, run_ahp

    path = Path(args.judgements)
    if not path.is_file():
        raise InputError("no such file", file=args.judgements, expected="a judgements CSV or JSON file")
    spec = read_judgements(file_bytes(path), name=path.name)
    emit(spec, run_ahp(spec), args)
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `ahp` sub-command."""
    parser = subparsers.add_parser(
        "ahp",
        help="criteria weights from AHP pairwise judgements, with the consistency ratio",
        description="Weights from pairwise judgements (the principal eigenvector of Saaty's comparison matrix), "
        "the consistency ratio, and the judgement to revisit when they contradict each other.",
        epilog=_FORMAT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("judgements", metavar="JUDGEMENTS", help="a first,second,times table, or the spec as JSON")
    add_export_options(parser)
    parser.set_defaults(handler=_ahp)
