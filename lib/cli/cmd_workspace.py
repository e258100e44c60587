"""`workspace`: list, show and export the analyses saved in the workspace."""

from __future__ import annotations

import argparse

from lib.cli._common import EXIT_OK, add_format_option, write_output
from lib.errors import InputError


def _workspace():
    from lib.store import Workspace

    try:
        return Workspace()
    except OSError as error:
        raise InputError(f"the workspace cannot be opened ({error.strerror or error})") from None


def _list(args: argparse.Namespace) -> int:
    from lib.export import markdown_table, to_json

    rows = [
        {"id": a.id, "kind": a.kind, "title": a.title, "data_hash": a.data_hash, "updated_at": a.updated_at}
        for a in _workspace().list(kind=args.kind)
    ]
    if args.format == "json":
        write_output(to_json(rows))
    else:
        write_output(
            markdown_table(
                ["id", "kind", "title", "updated"],
                [[r["id"], r["kind"], r["title"], r["updated_at"][:19]] for r in rows],
            )
        )
    return EXIT_OK


def _analysis_id(text: str) -> int:
    try:
        value = int(text) if len(text) <= 100 else int("x")  # a 400-digit id is not worth converting
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an analysis id (a whole number), found {text[:24]!r}{'...' if len(text) > 24 else ''}"
        ) from None
    if not 1 <= value <= 2**63 - 1:
        shown = str(value) if len(str(value)) <= 20 else f"a number with {len(str(value))} digits"
        raise argparse.ArgumentTypeError(f"expected an analysis id from 1 to {2**63 - 1}, found {shown}")
    return value


def _show(args: argparse.Namespace) -> int:
    from lib.export import to_json

    write_output(to_json(_workspace().open(args.id).to_dict()))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from lib.analysis import export_analysis, saved_parts
    from lib.cli._common import notebook_location

    analysis = _workspace().open(args.id)
    spec, result = saved_parts(analysis)
    locations = {role: notebook_location(where, args.out) for role, where in (analysis.locations or {}).items()}
    write_output(export_analysis(spec, result, args.format, locations=locations), args.out)
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `workspace` sub-command with `list`, `show` and `export`."""
    workspace = subparsers.add_parser("workspace", help="the saved analyses: list, show, export")
    actions = workspace.add_subparsers(dest="workspace_command", metavar="ACTION", parser_class=type(workspace))

    listing = actions.add_parser("list", help="saved analyses, most recent first")
    listing.add_argument("--kind", metavar="K", help="only this kind (e.g. bias_audit)")
    add_format_option(listing, ("json", "md"))
    listing.set_defaults(handler=_list)

    show = actions.add_parser("show", help="one saved analysis: spec, result and inputs")
    show.add_argument("id", type=_analysis_id, metavar="ID")
    add_format_option(show, ("json",))
    show.set_defaults(handler=_show)

    export = actions.add_parser("export", help="export a saved analysis (a notebook re-runs it)")
    export.add_argument("id", type=_analysis_id, metavar="ID")
    add_format_option(export, ("ipynb", "html", "md", "json", "py"))
    export.add_argument("--out", metavar="FILE", help="write to a file instead of stdout")
    export.set_defaults(handler=_export)
    workspace.set_defaults(handler=lambda _args: (workspace.print_help(), 0)[1])
