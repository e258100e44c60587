"""`savings`: cost levers applied to a monthly baseline by category, without double counting."""

from __future__ import annotations

import argparse
from pathlib import Path

from lib.cli._common import EXIT_OK, add_export_options, emit, file_bytes
from lib.errors import InputError


def _savings(args: argparse.Namespace) -> int:
    from lib.analysis import read_json_text, run, sha256_of
    from lib.cli.cmd_roi import stamped
    from lib.roi import SavingsSpec

    if args.spec is None:
        spec = SavingsSpec()
        result = run(spec)
    else:
        path = Path(args.spec)
        if not path.is_file():
            raise InputError("no such file", file=args.spec, expected="a JSON spec file")
        data = file_bytes(path)
        spec = SavingsSpec.from_dict(read_json_text(data, file=path.name), file=path.name)
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
            '"levers": [{"name", "category", "applies_to", "low", "likely", "high"}, ...]} with shares 0..1; '
            "levers left out are the published defaults. Without SPEC.json: the defaults on a $500K-a-month bill."
        ),
    )
    parser.add_argument("spec", metavar="SPEC.json", nargs="?", help="baseline and levers as JSON (optional)")
    add_export_options(parser)
    parser.set_defaults(handler=_savings)
