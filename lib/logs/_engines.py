"""The engines that read a log: DuckDB on one machine (default), Spark when one machine is not enough.

Both answer the same SQL over a view named ``log``, so every aggregation is written
once (see :mod:`lib.logs._queries`) and the two engines give identical counts.
DuckDB runs under a memory limit and spills to a temporary folder; Spark runs in
local mode or on the cluster at ``spark_master``.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import pandas as pd

from lib.errors import InputError
from lib.logs._defaults import DEFAULT_MEMORY_LIMIT, DEFAULT_THREADS, ENGINES
from lib.logs._files import LogFiles

EngineName = Literal["duckdb", "spark"]
MAX_THREADS = 256
#: Below this DuckDB cannot hold even one row group of a typical log.
MIN_MEMORY_BYTES = 32 * 1000**2
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*$", re.IGNORECASE)
_UNITS = {"B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3, "TB": 1000**4}
_UNITS.update({"KIB": 1024, "MIB": 1024**2, "GIB": 1024**3, "TIB": 1024**4})


def memory_bytes(text: str) -> int:
    """Bytes in a memory limit written like ``2GB``, ``512MB`` or ``1.5GiB``.

    Examples
    --------
    >>> memory_bytes("2GB"), memory_bytes("512 MiB")
    (2000000000, 536870912)
    """
    match = _SIZE.match(str(text))
    if not match:
        raise InputError(
            "the memory limit is not a size",
            expected="a number and a unit, e.g. 2GB, 512MB or 1.5GiB",
            found=repr(str(text))[:40],
        )
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


@dataclass(frozen=True)
class EngineSettings:
    """How a log is queried.

    Attributes
    ----------
    engine : {"duckdb", "spark"}
    memory_limit : str
        DuckDB's memory limit (it spills to ``temp_directory`` beyond it); Spark's driver memory in local mode.
    threads : int
        Threads (DuckDB) or local cores (Spark).
    temp_directory : str or None
        Where DuckDB spills (default: a folder in the system's temporary folder).
    spark_master : str or None
        ``spark://host:7077``, ``yarn``... (default ``local[threads]``).
    """

    engine: EngineName = "duckdb"
    memory_limit: str = DEFAULT_MEMORY_LIMIT
    threads: int = DEFAULT_THREADS
    temp_directory: str | None = None
    spark_master: str | None = None

    def __post_init__(self) -> None:
        """Check the engine's name, the memory limit and the thread count."""
        if self.engine not in ENGINES:
            raise InputError("unknown engine", expected="duckdb or spark", found=repr(self.engine)[:40])
        if memory_bytes(self.memory_limit) < MIN_MEMORY_BYTES:
            raise InputError(
                "the memory limit is too small to query a log",
                expected="at least 32MB (256MB or more is comfortable)",
                found=self.memory_limit,
            )
        if isinstance(self.threads, bool) or not isinstance(self.threads, int) or not 1 <= self.threads <= MAX_THREADS:
            raise InputError(
                "the thread count is out of range", expected=f"1 to {MAX_THREADS}", found=str(self.threads)
            )


class Engine(Protocol):
    """What a log's engine offers: SQL over the view ``log``."""

    name: str
    version: str
    settings: EngineSettings

    def quote(self, column: str) -> str:
        """The column's name quoted for this engine's SQL."""
        ...

    def query(self, sql: str) -> pd.DataFrame:
        """Run a query and return its (small) answer."""
        ...

    def column_types(self) -> list[tuple[str, str]]:
        """Name and engine type of every column of ``log``."""
        ...


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _too_little_memory(settings: EngineSettings, error: Exception) -> InputError:
    limit = memory_bytes(settings.memory_limit)
    suggestion = max(4 * limit, 500 * 1000**2)
    return InputError(
        "the memory limit is too small for this query, even when spilling to disk",
        expected=f"a larger limit, e.g. --memory-limit {suggestion / 1000**3:.1f}GB (four times this one, at least "
        "0.5GB); fewer threads also need less memory",
        found=f"--memory-limit {settings.memory_limit} ({(str(error).splitlines() or [''])[0][:120]})",
    )


class DuckDBEngine:
    """DuckDB, embedded: no server, a memory limit, spilling to a temporary folder."""

    name = "duckdb"

    def __init__(self, files: LogFiles, settings: EngineSettings) -> None:
        import duckdb

        self.version = duckdb.__version__
        self.settings = settings
        self._duckdb = duckdb
        spill = settings.temp_directory or os.path.join(tempfile.gettempdir(), "decision-desk-duckdb")
        os.makedirs(spill, exist_ok=True)
        self.connection = duckdb.connect(
            ":memory:",
            config={
                "memory_limit": settings.memory_limit,
                "threads": settings.threads,
                "temp_directory": spill,
                # Row order is never needed for counts; not keeping it lets aggregations stream.
                "preserve_insertion_order": False,
            },
        )
        # A progress bar on stderr would break the command line's one-line contract. Inside Jupyter, DuckDB
        # refuses any change to this setting unless ipywidgets is installed; it draws no bar there either.
        with contextlib.suppress(duckdb.InvalidInputException):
            self.connection.execute("SET enable_progress_bar = false")
        paths = "[" + ", ".join(_sql_text(p) for p in files.paths) + "]"
        if files.format == "parquet":
            source = f"read_parquet({paths}, hive_partitioning = {str(bool(files.partitions)).lower()})"
        else:
            source = f"read_csv({_sql_text(files.paths[0])}, header = true, auto_detect = true)"
        self._run(f"CREATE VIEW log AS SELECT * FROM {source}")

    def quote(self, column: str) -> str:
        """Double quotes, doubled inside."""
        return '"' + column.replace('"', '""') + '"'

    def _run(self, sql: str) -> Any:
        duckdb = self._duckdb
        try:
            return self.connection.execute(sql)
        except duckdb.OutOfMemoryException as error:
            raise _too_little_memory(self.settings, error) from None
        except (duckdb.IOException, duckdb.InvalidInputException, duckdb.ConversionException) as error:
            first = (str(error).splitlines() or [""])[0][:200]
            raise InputError("the log cannot be read", expected="readable Parquet or CSV files", found=first) from None

    def query(self, sql: str) -> pd.DataFrame:
        """Run a query; a memory limit too small becomes an :class:`InputError` naming a limit that would do."""
        return self._run(sql).df()

    def column_types(self) -> list[tuple[str, str]]:
        """Columns of the view, with DuckDB's types."""
        frame = self.query("DESCRIBE SELECT * FROM log")
        return [(str(n), str(t)) for n, t in zip(frame["column_name"], frame["column_type"], strict=True)]


class SparkEngine:
    """PySpark: local mode on one machine, or any cluster through ``spark_master``."""

    name = "spark"

    def __init__(self, files: LogFiles, settings: EngineSettings, *, session: Any = None) -> None:
        try:
            import pyspark
            from pyspark.sql import SparkSession
        except ImportError:
            raise InputError(
                "the Spark engine is not installed",
                expected="pip install -r requirements-spark.txt (and Java 17), or --engine duckdb",
            ) from None
        self.version = pyspark.__version__
        self.settings = settings
        if session is None:
            master = settings.spark_master or f"local[{settings.threads}]"
            gib = max(1, memory_bytes(settings.memory_limit) // 1024**3)
            session = (
                SparkSession.builder.master(master)
                .appName("decision-desk")
                .config("spark.driver.memory", f"{gib}g")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", str(max(2, settings.threads * 2)))
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.ui.showConsoleProgress", "false")
                .getOrCreate()
            )
            session.sparkContext.setLogLevel("ERROR")
        self.session = session
        if files.format == "parquet":
            reader = session.read.option("basePath", files.base) if files.partitions else session.read
            frame = reader.parquet(*files.paths)
        else:
            frame = session.read.csv(files.paths[0], header=True, inferSchema=True)
        self.view = f"log_{abs(hash((files.fingerprint, id(self)))) % 10**12}"
        frame.createOrReplaceTempView(self.view)

    def quote(self, column: str) -> str:
        """Backticks, doubled inside."""
        return "`" + column.replace("`", "``") + "`"

    def query(self, sql: str) -> pd.DataFrame:
        """Run a query (``log`` names this log's view)."""
        import warnings

        text = re.sub(r"\bFROM log\b", f"FROM {self.view}", sql)
        with warnings.catch_warnings():
            # PySpark warns that it does not yet know pandas 3; the small answers here convert correctly
            # (the tests hold Spark's counts equal to DuckDB's).
            warnings.simplefilter("ignore")
            return self.session.sql(text).toPandas()

    def column_types(self) -> list[tuple[str, str]]:
        """Columns of the view, with Spark's types."""
        return [(str(n), str(t)) for n, t in self.session.table(self.view).dtypes]


def open_engine(files: LogFiles, settings: EngineSettings) -> Engine:
    """The engine ``settings`` names, over the log's files."""
    if settings.engine == "spark":
        return SparkEngine(files, settings)
    return DuckDBEngine(files, settings)
