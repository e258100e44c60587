"""Prediction logs beyond memory: Parquet or CSV files queried where they lie, by DuckDB or Spark.

:func:`open_log` finds a log's files (a file, a folder with hive partitions, or a glob),
checks that their schemas agree, and returns a :class:`LogSource`: a data source on the
analysis contract that answers with counts, never with rows. The bias audit, the
threshold sweep and drift run from those counts with the same results as in memory.
"""

from typing import TYPE_CHECKING

from lib.lazy import lazy_exports

if TYPE_CHECKING:
    from lib.logs._cli import add_log_options, log_from_args, reads_as_log, source_from_args, wants_log
    from lib.logs._defaults import DEFAULT_MAX_ROWS, DEFAULT_MEMORY_LIMIT, DEFAULT_THREADS, ENGINES
    from lib.logs._drift import drift_log
    from lib.logs._engines import (
        DuckDBEngine,
        EngineSettings,
        SparkEngine,
        memory_bytes,
    )
    from lib.logs._fairness import audit_log, sweep_log
    from lib.logs._files import LogFiles, find_log_files, is_log_location
    from lib.logs._inspect import LogInspection, inspect_log
    from lib.logs._provenance import log_provenance
    from lib.logs._queries import EXACT_SCORES, SCORE_BINS, distinct_counts
    from lib.logs._source import LogLimits, LogSource, open_log

_EXPORTS = {
    "DEFAULT_MAX_ROWS": "lib.logs._defaults",
    "DEFAULT_MEMORY_LIMIT": "lib.logs._defaults",
    "DEFAULT_THREADS": "lib.logs._defaults",
    "ENGINES": "lib.logs._defaults",
    "EXACT_SCORES": "lib.logs._queries",
    "SCORE_BINS": "lib.logs._queries",
    "DuckDBEngine": "lib.logs._engines",
    "EngineSettings": "lib.logs._engines",
    "LogFiles": "lib.logs._files",
    "LogInspection": "lib.logs._inspect",
    "LogLimits": "lib.logs._source",
    "LogSource": "lib.logs._source",
    "SparkEngine": "lib.logs._engines",
    "add_log_options": "lib.logs._cli",
    "audit_log": "lib.logs._fairness",
    "drift_log": "lib.logs._drift",
    "log_from_args": "lib.logs._cli",
    "source_from_args": "lib.logs._cli",
    "wants_log": "lib.logs._cli",
    "reads_as_log": "lib.logs._cli",
    "distinct_counts": "lib.logs._queries",
    "find_log_files": "lib.logs._files",
    "inspect_log": "lib.logs._inspect",
    "is_log_location": "lib.logs._files",
    "log_provenance": "lib.logs._provenance",
    "memory_bytes": "lib.logs._engines",
    "open_log": "lib.logs._source",
    "sweep_log": "lib.logs._fairness",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_MEMORY_LIMIT",
    "DEFAULT_THREADS",
    "ENGINES",
    "EXACT_SCORES",
    "SCORE_BINS",
    "DuckDBEngine",
    "EngineSettings",
    "LogFiles",
    "LogInspection",
    "LogLimits",
    "LogSource",
    "SparkEngine",
    "add_log_options",
    "audit_log",
    "distinct_counts",
    "drift_log",
    "find_log_files",
    "inspect_log",
    "is_log_location",
    "log_from_args",
    "log_provenance",
    "memory_bytes",
    "open_log",
    "reads_as_log",
    "source_from_args",
    "sweep_log",
    "wants_log",
]
