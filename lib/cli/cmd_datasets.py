"""`datasets` and `inspect`: the bundled samples and a file's schema summary."""

from __future__ import annotations

import argparse

from lib.cli._common import add_format_option, read_table, write_output


def _datasets(args: argparse.Namespace) -> int:
    from lib.export import markdown_table, to_json
    from lib.samples import SAMPLES

    rows = [
        {
            "key": s.key,
            "title": s.title,
            "file": s.file,
            "source": s.source,
            "licence": s.licence,
            "good_for": s.good_for,
        }
        for s in SAMPLES
    ]
    if args.format == "json":
        write_output(to_json(rows))
    else:
        write_output(
            markdown_table(
                ["key", "title", "licence", "good for"],
                [[r["key"], r["title"], r["licence"], r["good_for"]] for r in rows],
            )
        )
    return 0


def _inspect(args: argparse.Namespace) -> int:
    from lib.data import summarise
    from lib.export import to_json

    frame, dataset, _ = read_table(args.file)
    summary = summarise(frame, dataset)
    write_output(to_json(summary.to_dict()) if args.format == "json" else summary.to_markdown(), args.out)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `datasets` and `inspect` sub-commands."""
    datasets = subparsers.add_parser("datasets", help="list the bundled sample datasets")
    add_format_option(datasets, ("md", "json"), default="md")
    datasets.set_defaults(handler=_datasets)

    inspect = subparsers.add_parser("inspect", help="schema and quality summary of a table")
    inspect.add_argument("file", metavar="FILE", help="CSV, TSV, Parquet or .xlsx file (or a sample name)")
    add_format_option(inspect, ("json", "md"))
    inspect.add_argument("--out", metavar="FILE", help="write the output to a file instead of stdout")
    inspect.set_defaults(handler=_inspect)
