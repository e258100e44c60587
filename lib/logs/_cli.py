"""Command-line options every log-reading command shares, and choosing between a table and a log."""

from __future__ import annotations

import argparse
import os
from typing import Any

from lib.logs._defaults import DEFAULT_MAX_ROWS, DEFAULT_MEMORY_LIMIT, DEFAULT_THREADS, ENGINES
from lib.logs._files import PARQUET_SUFFIXES, is_log_location

#: A single Parquet file with more rows than this is read as a log, not loaded into memory
#: (its footer says how many rows it has, so nothing is read to decide).
LOG_ROWS = 1_000_000
_OPTIONS = ("engine", "memory_limit", "threads", "spark_master", "max_rows", "max_groups")


def add_log_options(parser: argparse.ArgumentParser) -> None:
    """``--engine``, ``--memory-limit``, ``--threads``, ``--spark-master``, ``--max-rows``, ``--max-groups``."""
    group = parser.add_argument_group(
        "logs",
        "A folder or glob of Parquet files (hive partitions read as columns), a Parquet file of more than "
        f"{LOG_ROWS:,} rows, or any input given one of these options is counted where it lies, never loaded.",
    )
    group.add_argument("--engine", choices=ENGINES, help="duckdb (default, one machine) or spark")
    group.add_argument(
        "--memory-limit", metavar="SIZE", help=f"memory for the engine, e.g. 2GB (default {DEFAULT_MEMORY_LIMIT})"
    )
    group.add_argument("--threads", type=int, metavar="N", help=f"engine threads (default {DEFAULT_THREADS})")
    group.add_argument("--spark-master", metavar="URL", help="a Spark cluster, e.g. spark://host:7077 (default local)")
    group.add_argument(
        "--max-rows", type=int, metavar="N", help=f"refuse logs with more rows (default {DEFAULT_MAX_ROWS:,})"
    )
    group.add_argument("--max-groups", type=int, metavar="N", help="refuse audits of more groups (default 2,000)")


def _large_parquet(location: str) -> bool:
    if not location.lower().endswith(PARQUET_SUFFIXES) or not os.path.isfile(location):
        return False
    try:
        import pyarrow.parquet as pq

        return pq.ParquetFile(location).metadata.num_rows > LOG_ROWS
    except (OSError, ValueError):
        return False  # the table reader says what is wrong with the file


def reads_as_log(location: str) -> bool:
    """Whether a location is read as a log whatever the options: a folder, a glob or a large Parquet file."""
    return is_log_location(location) or _large_parquet(location)


def wants_log(location: str, args: argparse.Namespace) -> bool:
    """Whether an input is read as a log: a folder, a glob, a large Parquet file, or any log option given."""
    given = any(getattr(args, name, None) is not None for name in _OPTIONS)
    return given or reads_as_log(location)


def log_from_args(location: str, args: argparse.Namespace) -> Any:
    """Open a log with the options given on the command line (defaults for the rest)."""
    from lib.logs._source import open_log

    options: dict[str, Any] = {}
    for name in _OPTIONS:
        value = getattr(args, name, None)
        if value is not None:
            options[name] = value
    return open_log(location, **options)


def source_from_args(location: str, args: argparse.Namespace, read_table: Any) -> Any:
    """A log when :func:`wants_log` says so, else the table ``read_table(location)`` loads."""
    return log_from_args(location, args) if wants_log(location, args) else read_table(location)
