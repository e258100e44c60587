"""Defaults and limits of log reading, importable without pandas (the command line registers with them)."""

from __future__ import annotations

import os

ENGINES = ("duckdb", "spark")
#: Laptop defaults: 2 GB of memory, and every core up to 4.
DEFAULT_MEMORY_LIMIT = "2GB"
DEFAULT_THREADS = max(1, min(4, os.cpu_count() or 1))
#: Most rows a log may have unless told otherwise (ten billion: days of a large service's predictions).
DEFAULT_MAX_ROWS = 10_000_000_000
