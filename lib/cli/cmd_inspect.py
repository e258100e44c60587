"""`inspect`: a log's row count, schema and a seeded sample, without loading it."""

from __future__ import annotations

import argparse
import json
from typing import Any

from lib.cli._common import EXIT_OK, add_format_option, write_output


def _markdown(inspection: object) -> str:
    from lib.export import markdown_table

    data = inspection.to_dict()  # type: ignore[attr-defined]
    engine = data["engine"]
    lines = [
        f"# Log {data['name']}",
        "",
        f"- {data['rows']:,} rows in {data['files']:,} {data['format']} file(s), {data['bytes']:,} bytes on disk",
        f"- Read by {engine.get('engine')} {engine.get('engine_version')} "
        f"(memory limit {engine.get('memory_limit')}, {engine.get('threads')} threads)",
        f"- Fingerprint (paths, sizes, modification times): `{data['fingerprint']}`",
        "",
        "## Columns",
        "",
        markdown_table(["column", "type"], [[c["name"], c["type"]] for c in data["columns"]]),
        "",
        f"## Sample of {len(data['sample_rows'])} rows (seed {data['sample_seed']})",
        "",
    ]
    rows = data["sample_rows"]
    if rows:
        lines.append(markdown_table(list(rows[0]), [list(r.values()) for r in rows]))
    return "\n".join(lines)


def _inspect_log(args: argparse.Namespace, table_handler: Any) -> int:
    """A log's inspection, or the table summary ``inspect FILE`` has always printed for a table."""
    from lib.logs import inspect_log, log_from_args, wants_log

    if not wants_log(args.file, args) and not args.log_only:
        return int(table_handler(args))
    log = log_from_args(args.file, args)
    inspection = inspect_log(log, sample_rows=args.sample, seed=args.seed)
    data = inspection.to_dict()
    write_output(
        json.dumps(data, indent=2, ensure_ascii=False) if args.format == "json" else _markdown(inspection), args.out
    )
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Teach the `inspect` command logs: a folder, a glob, a large Parquet file, or ``--log``.

    `inspect FILE` (registered with `datasets`) summarises a table it loads; for a log it now
    reports the row count, the schema and a seeded sample instead, without loading the log.
    The table summary and its JSON stay as they were.
    """
    from lib.logs import add_log_options

    parser = subparsers.choices.get("inspect")
    if parser is None:  # the table summary is gone: inspect is then for logs alone
        parser = subparsers.add_parser("inspect", help="a log's row count, schema and a sample, without loading it")
        parser.add_argument("file", metavar="LOG", help="a Parquet or CSV file, a folder, or a glob")
        add_format_option(parser, ("json", "md"))
        parser.add_argument("--out", metavar="FILE", help="write the output to a file instead of stdout")
        parser.set_defaults(handler=lambda args: EXIT_OK)
    parser.description = (
        "A table: its schema and quality summary (the table is loaded). A log (a folder or glob of Parquet "
        "files, a Parquet file of more than a million rows, or any file with --log or a log option): its "
        "row count from the files' footers, its schema and a seeded sample, without loading it."
    )
    table_handler = parser.get_default("handler")
    parser.add_argument("--log", dest="log_only", action="store_true", help="read the file as a log, never loading it")
    parser.add_argument("--sample", type=int, default=10, metavar="N", help="rows in a log's sample (default 10)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="seed of a log's sample (default 0)")
    add_log_options(parser)
    parser.set_defaults(handler=lambda args: _inspect_log(args, table_handler))
