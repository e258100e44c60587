"""Prediction logs beyond memory: Parquet or CSV files queried where they lie, by DuckDB or Spark.

:func:`open_log` finds a log's files (a file, a folder with hive partitions, or a glob),
checks that their schemas agree, and returns a :class:`LogSource`: a data source on the
analysis contract that answers with counts, never with rows. The bias audit, the
threshold sweep and drift run from those counts with the same results as in memory.
"""

from typing import TYPE_CHECKING

from lib.lazy import lazy_exports

if TYPE_CHECKING:
    from lib.logs._engines import (
        DEFAULT_MEMORY_LIMIT,
        DEFAULT_THREADS,
        ENGINES,
        DuckDBEngine,
        EngineSettings,
        SparkEngine,
        memory_bytes,
    )
    from lib.logs._fairness import audit_log, sweep_log
    from lib.logs._files import LogFiles, find_log_files
    from lib.logs._inspect import LogInspection, inspect_log
    from lib.logs._provenance import log_provenance
    from lib.logs._queries import EXACT_SCORES, SCORE_BINS, distinct_counts
    from lib.logs._source import DEFAULT_MAX_ROWS, LogLimits, LogSource, is_log_location, open_log

_EXPORTS = {
    "DEFAULT_MAX_ROWS": "lib.logs._source",
    "DEFAULT_MEMORY_LIMIT": "lib.logs._engines",
    "DEFAULT_THREADS": "lib.logs._engines",
    "ENGINES": "lib.logs._engines",
    "EXACT_SCORES": "lib.logs._queries",
    "SCORE_BINS": "lib.logs._queries",
    "DuckDBEngine": "lib.logs._engines",
    "EngineSettings": "lib.logs._engines",
    "LogFiles": "lib.logs._files",
    "LogInspection": "lib.logs._inspect",
    "LogLimits": "lib.logs._source",
    "LogSource": "lib.logs._source",
    "SparkEngine": "lib.logs._engines",
    "audit_log": "lib.logs._fairness",
    "distinct_counts": "lib.logs._queries",
    "find_log_files": "lib.logs._files",
    "inspect_log": "lib.logs._inspect",
    "is_log_location": "lib.logs._source",
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
    "audit_log",
    "distinct_counts",
    "find_log_files",
    "inspect_log",
    "is_log_location",
    "log_provenance",
    "memory_bytes",
    "open_log",
    "sweep_log",
]
