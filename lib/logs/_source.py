"""A prediction log as a data source: files queried where they lie, answers without rows.

:class:`LogSource` is a :class:`lib.analysis.DataSource` like an in-memory table, but
it holds no rows: it answers what the analyses need (row count, schema, a seeded
sample, distinct counts, confusion counts and score histograms by group, binned
counts) with one aggregation each, run by DuckDB or Spark.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lib.errors import InputError
from lib.logs._defaults import DEFAULT_MAX_ROWS, DEFAULT_MEMORY_LIMIT, DEFAULT_THREADS
from lib.logs._engines import (
    Engine,
    EngineName,
    EngineSettings,
    open_engine,
)
from lib.logs._files import LogFiles, find_log_files

#: Most rows a sample may have: a sample is held in memory and shown.
MAX_SAMPLE_ROWS = 1_000_000


@dataclass(frozen=True)
class LogLimits:
    """Caps checked before the work that they bound.

    Attributes
    ----------
    max_rows : int
        Most rows an analysis reads.
    max_groups : int or None
        Most groups (combinations of sensitive values) an audit compares (default: the audit's own cap).
    """

    max_rows: int = DEFAULT_MAX_ROWS
    max_groups: int | None = None


@dataclass(frozen=True, eq=False)
class LogSource:
    """A log of predictions on disk, read through an engine.

    Attributes
    ----------
    files : LogFiles
        The files, their schema and fingerprint.
    settings : EngineSettings
    limits : LogLimits
    """

    files: LogFiles
    settings: EngineSettings = field(default_factory=EngineSettings)
    limits: LogLimits = field(default_factory=LogLimits)
    _engine: list[Engine] = field(default_factory=list, repr=False)

    @property
    def name(self) -> str:
        """The path, folder or glob as given."""
        return self.files.location

    @property
    def location(self) -> str:
        """Where to open the log again."""
        return self.files.location

    @property
    def sha256(self) -> str:
        """Fingerprint of the files' paths, sizes and modification times (the rows are never hashed)."""
        return self.files.fingerprint

    @property
    def engine(self) -> Engine:
        """The engine, started on first use."""
        if not self._engine:
            self._engine.append(open_engine(self.files, self.settings))
        return self._engine[0]

    def describe(self) -> dict[str, str | None]:
        """Name and fingerprint, plus the engine, its version, memory limit, threads and file count."""
        engine = self.engine
        out: dict[str, str | None] = {
            "name": self.name,
            "sha256": self.sha256,
            "engine": engine.name,
            "engine_version": engine.version,
            "memory_limit": self.settings.memory_limit,
            "threads": str(self.settings.threads),
            "files": str(len(self.files.paths)),
        }
        if self.settings.engine == "spark":
            out["spark_master"] = self.settings.spark_master or f"local[{self.settings.threads}]"
        return out

    def quote(self, column: str) -> str:
        """A column name quoted for the engine's SQL."""
        return self.engine.quote(column)

    def query(self, sql: str) -> pd.DataFrame:
        """Run SQL over the view ``log``."""
        return self.engine.query(sql)

    def schema(self) -> list[tuple[str, str]]:
        """Every column's name and type, as the engine reads them."""
        return self.engine.column_types()

    def column_names(self) -> list[str]:
        """Every column's name."""
        return [name for name, _ in self.schema()]

    def row_count(self) -> int:
        """Rows in the log (Parquet: from the files' footers, no rows read)."""
        return int(self.query("SELECT count(*) AS n FROM log")["n"].iloc[0])

    def sample(self, rows: int = 1_000, *, seed: int = 0) -> pd.DataFrame:
        """A seeded sample of ``rows`` rows: the rows with the smallest hash of their values and the seed.

        Same log, same seed, same rows, whatever the files' order or the thread count.
        """
        from lib.analysis import check_count, check_seed

        check_count(rows, field="rows", low=1, high=MAX_SAMPLE_ROWS, what="rows")
        check_seed(seed)
        names = [self.quote(c) for c in self.column_names()]
        function = "hash" if self.settings.engine == "duckdb" else "xxhash64"
        order = f"{function}({', '.join(names)}, {int(seed)})"
        frame = self.query(f"SELECT * FROM log ORDER BY {order}, {', '.join(names)} LIMIT {int(rows)}")
        return frame.reset_index(drop=True)

    def check_rows(self, rows: int | None = None) -> int:
        """The row count, refused with both figures when over :attr:`LogLimits.max_rows`."""
        rows = self.row_count() if rows is None else rows
        if rows > self.limits.max_rows:
            raise InputError(
                "the log has more rows than the limit set for it",
                file=self.name,
                expected=f"at most {self.limits.max_rows:,} rows (raise the limit with --max-rows)",
                found=f"{rows:,} rows",
            )
        return rows

    def require(self, columns: list[str | None], *, purpose: str) -> None:
        """Refuse columns the log does not have, listing some it does."""
        known = self.column_names()
        for column in columns:
            if column is not None and column not in known:
                raise InputError(
                    f"the {purpose} needs a column the log does not have",
                    file=self.name,
                    column=column,
                    expected="one of " + ", ".join(known[:15]) + (" ..." if len(known) > 15 else ""),
                    found="no such column",
                )

    def type_of(self, column: str) -> str:
        """The engine's type of a column."""
        return dict(self.schema())[column]

    def close(self) -> None:
        """Stop the engine (DuckDB's connection; a Spark session is left to its owner)."""
        for engine in self._engine:
            connection: Any = getattr(engine, "connection", None)
            if connection is not None:
                connection.close()
        self._engine.clear()


def open_log(
    location: str | os.PathLike[str],
    *,
    engine: EngineName = "duckdb",
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int = DEFAULT_THREADS,
    temp_directory: str | None = None,
    spark_master: str | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_groups: int | None = None,
) -> LogSource:
    """Open a log where it lies (nothing is copied).

    Parameters
    ----------
    location : str or path
        A Parquet or CSV file, a folder of Parquet files, or a glob of Parquet files.
    engine : {"duckdb", "spark"}
    memory_limit : str
        E.g. ``2GB``: DuckDB spills to disk beyond it.
    threads : int
    temp_directory : str, optional
        Where DuckDB spills.
    spark_master : str, optional
        A Spark cluster's URL (default: local mode).
    max_rows : int
        Refuse logs with more rows.
    max_groups : int, optional
        Refuse audits of more groups (default: the audit's own cap).

    Returns
    -------
    LogSource

    Raises
    ------
    InputError
        For a location that names no usable files, files that disagree, or bad settings.

    Examples
    --------
    >>> import pandas as pd, tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> pd.DataFrame({"label": [0, 1, 1], "group": ["a", "b", "a"]}).to_parquet(os.path.join(folder, "p.parquet"))
    >>> log = open_log(folder, memory_limit="256MB", threads=1)
    >>> log.row_count(), log.column_names()
    (3, ['label', 'group'])
    """
    from lib.analysis import check_count

    settings = EngineSettings(
        engine=engine,
        memory_limit=memory_limit,
        threads=threads,
        temp_directory=temp_directory,
        spark_master=spark_master,
    )
    check_count(max_rows, field="max_rows", low=1, high=10**15, what="rows")
    if max_groups is not None:
        check_count(max_groups, field="max_groups", low=2, high=1_000_000, what="groups")
    files = find_log_files(location)
    return LogSource(files=files, settings=settings, limits=LogLimits(max_rows=max_rows, max_groups=max_groups))
