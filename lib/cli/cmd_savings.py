"""`savings`: cost levers applied to a monthly baseline by category, without double counting, over time."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from lib.cli._common import EXIT_OK, add_export_options, emit, file_bytes
from lib.errors import InputError


def _savings(args: argparse.Namespace) -> int:
    from lib.analysis import read_json_text, run, sha256_of
    from lib.cli.cmd_roi import renamed, stamped
    from lib.roi import SavingsSpec

    options = {k: v for k, v in (("months", args.months), ("n_sim", args.n_sim), ("seed", args.seed)) if v is not None}
    names = {"months": "--months", "n_sim": "--n-sim", "seed": "--seed"}
    if args.spec is None:
        try:
            spec = SavingsSpec(**options)
        except InputError as error:
            raise renamed(error, names) from None
        result = run(spec)
    else:
        path = Path(args.spec)
        if not path.is_file():
            raise InputError("no such file", file=args.spec, expected="a JSON spec file")
        data = file_bytes(path)
        body: Any = read_json_text(data, file=path.name)
        if isinstance(body, dict):
            body = {**body, **options}
        try:
            spec = SavingsSpec.from_dict(body, file=path.name)
        except InputError as error:
            raise renamed(error, names) from None
        # The spec file's name and hash go into the provenance, as for `roi`.
        result = stamped(run(spec), path.name, sha256_of(data))
    emit(spec, result, args)
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `savings` sub-command."""
    parser = subparsers.add_parser(
        "savings",
        help="savings plan: cost levers on a monthly baseline by category (levers on one spend combine, never add)",
        description=(
            'SPEC.json: {"baseline": {"training": $/month, "inference": ..., "data": ..., "other": ...}, '
            '"levers": [{"name", "category", "applies_to", "low", "likely", "high", "implementation_cost", '
            '"start_delay_months", "adoption"}, ...], "months": 24} with shares 0..1; implementation cost, start '
            'delay and adoption may be ranges {"low", "likely", "high"}; levers left out are the defaults. Without '
            "SPEC.json: the defaults on a $500K-a-month bill. A Monte Carlo draws every lever's saving, adoption, "
            "delay and cost once per simulated future."
        ),
    )
    parser.add_argument("spec", metavar="SPEC.json", nargs="?", help="baseline and levers as JSON (optional)")
    parser.add_argument("--months", type=int, default=None, help="months the plan runs, 1 to 120 (default 24)")
    parser.add_argument(
        "--n-sim", type=int, default=None, help="Monte Carlo draws, 10,000 to 2,000,000 (default 10000)"
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed, 0 to 2**32-1 (default 0)")
    add_export_options(parser)
    parser.set_defaults(handler=_savings)
