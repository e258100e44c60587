"""What a log holds, without loading it: files, row count, schema and a seeded sample."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lib.analysis import Record, json_meta
from lib.logs._source import LogSource


@dataclass(frozen=True)
class LogInspection(Record):
    """A log's shape.

    Attributes
    ----------
    name : str
        The path, folder or glob.
    format : str
        ``parquet`` or ``csv``.
    files : int
    bytes : int
        Size of the files on disk.
    rows : int
    columns : tuple of dict
        ``{"name", "type"}`` of every column (partition keys included).
    partitions : tuple of str
        Hive partition keys.
    sample : pandas.DataFrame
        The seeded sample (JSON: ``sample`` as a list of records).
    sample_seed : int
    engine : dict
        Name, version, memory limit and threads of the engine that read it.
    fingerprint : str
        SHA-256 of the files' paths, sizes and modification times.
    """

    name: str
    format: str
    files: int
    bytes: int
    rows: int
    columns: tuple[dict[str, str], ...]
    partitions: tuple[str, ...]
    sample: pd.DataFrame = field(metadata=json_meta(omit=True))
    sample_seed: int
    engine: dict[str, str | None]
    fingerprint: str

    json_extras = ("sample_rows",)

    @property
    def sample_rows(self) -> list[dict[str, Any]]:
        """The sample as JSON-ready records (dates as ISO text)."""
        from lib.export import jsonable

        return [jsonable(row) for row in self.sample.astype(object).where(self.sample.notna(), None).to_dict("records")]


def inspect_log(log: LogSource, *, sample_rows: int = 10, seed: int = 0) -> LogInspection:
    """Row count, schema and a sample of a log (Parquet: the row count comes from the files' footers).

    Parameters
    ----------
    log : LogSource
    sample_rows : int
    seed : int

    Returns
    -------
    LogInspection
    """
    described = log.describe()
    engine = {k: described.get(k) for k in ("engine", "engine_version", "memory_limit", "threads", "spark_master")}
    rows = log.check_rows()
    return LogInspection(
        name=log.name,
        format=log.files.format,
        files=len(log.files.paths),
        bytes=log.files.total_bytes,
        rows=rows,
        columns=tuple({"name": n, "type": t} for n, t in log.schema()),
        partitions=log.files.partitions,
        sample=log.sample(sample_rows, seed=seed) if rows else pd.DataFrame(columns=log.column_names()),
        sample_seed=seed,
        engine={k: v for k, v in engine.items() if v is not None},
        fingerprint=log.sha256,
    )
