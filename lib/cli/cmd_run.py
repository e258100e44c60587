"""`run`: run any registered analysis from a spec file."""

from __future__ import annotations

import argparse
from pathlib import Path

from lib.cli._common import EXIT_GATE_FAILED, EXIT_OK, add_export_options, emit
from lib.errors import InputError


def _parse_data(items: list[str] | None) -> dict[str, str]:
    locations: dict[str, str] = {}
    for item in items or []:
        role, sep, location = item.partition("=")
        if not sep or not role.strip() or not location.strip():
            raise InputError("--data takes NAME=PATH", expected="e.g. --data data=predictions.csv", found=repr(item))
        if role.strip() in locations:
            raise InputError("an input is given twice", expected="one --data per input name", found=role.strip())
        locations[role.strip()] = location.strip()
    return locations


def _list_kinds() -> int:
    import dataclasses

    from lib.analysis import kinds
    from lib.export import to_json

    rows = [
        {
            "kind": kind.name,
            "title": kind.title,
            "inputs": dict(kind.spec_type.inputs),
            "fields": [f.name for f in dataclasses.fields(kind.spec_type)],
            "schema_version": kind.spec_type.schema_version,
        }
        for kind in kinds().values()
    ]
    print(to_json(rows))
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    from lib.analysis import get_kind, open_inputs, read_json_text, spec_from_dict

    if args.list:
        return _list_kinds()
    if not args.kind or not args.spec:
        raise InputError("run needs a kind and a spec", expected="run KIND --spec SPEC.json (or run --list)")
    kind = get_kind(args.kind)
    path = Path(args.spec)
    if not path.is_file():
        raise InputError("no such file", file=args.spec, expected="a JSON spec file")
    spec = spec_from_dict(read_json_text(path.read_bytes(), file=path.name), kind=kind.name, file=path.name)
    locations = _parse_data(args.data)
    needed = spec.required_inputs()
    unknown = sorted(set(locations) - set(needed))
    if unknown:
        raise InputError(
            f"the {kind.title} has no input named '{unknown[0]}'",
            expected="inputs " + (", ".join(needed) if needed else "none"),
        )
    missing = [role for role in needed if role not in locations]
    if missing:
        raise InputError(
            f"the {kind.title} needs its '{missing[0]}' input", expected=f"--data {missing[0]}=PATH (or a sample name)"
        )
    sources = open_inputs(spec, locations)
    result = kind.run(spec, sources)
    emit(spec, result, args, locations=locations)
    if kind.passed is not None and not kind.passed(result):
        return EXIT_GATE_FAILED
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `run` sub-command."""
    parser = subparsers.add_parser(
        "run",
        help="run any analysis kind from a spec file (see `workspace show` or an exported notebook for specs)",
        description="Run a registered analysis kind from SPEC.json. Inputs are given as --data NAME=PATH "
        "(a path or a bundled sample name); most kinds read one input named 'data'.",
    )
    parser.add_argument("kind", metavar="KIND", nargs="?", help="the analysis kind, e.g. bias_audit")
    parser.add_argument("--spec", metavar="SPEC.json", help="the spec as JSON")
    parser.add_argument("--list", action="store_true", help="list the kinds, their inputs and spec fields (JSON)")
    parser.add_argument("--data", action="append", metavar="NAME=PATH", help="an input by name (repeat for more)")
    add_export_options(parser)
    parser.set_defaults(handler=_run)
