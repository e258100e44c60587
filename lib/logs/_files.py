"""Finding a log's files where they lie, and checking that they agree before any query runs.

A log is one Parquet or CSV file, a folder of Parquet files (``day=2025-01-01/part-0.parquet``:
hive partitions, whose ``key=value`` folders become columns), or a glob of Parquet files.
Only the files' footers are read here (the schema of each Parquet file), never their rows.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lib.errors import InputError

LogFormat = Literal["parquet", "csv"]
PARQUET_SUFFIXES = (".parquet", ".pq", ".parq")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
#: Most files a log may have: past this, listing and checking footers alone takes minutes.
MAX_FILES = 100_000
_GLOB_CHARACTERS = re.compile(r"[*?\[]")
_PARTITION = re.compile(r"^([^=/\\]+)=(.*)$")


@dataclass(frozen=True)
class LogFiles:
    """The files of one log, found and checked.

    Attributes
    ----------
    location : str
        The path, folder or glob as the user gave it.
    format : {"parquet", "csv"}
    paths : tuple of str
        Every file, sorted.
    base : str
        The folder the hive partitions start from.
    partitions : tuple of str
        Hive partition keys (folder names ``key=value``), in path order.
    columns : tuple of (str, str)
        Column name and type of the files (Parquet: from the first footer; partitions last).
    fingerprint : str
        SHA-256 of every file's path, size and modification time: it changes when a file does,
        without reading the files' bytes.
    total_bytes : int
    """

    location: str
    format: LogFormat
    paths: tuple[str, ...]
    base: str
    partitions: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]
    fingerprint: str
    total_bytes: int


def _kind_of(path: str) -> LogFormat | None:
    lower = path.lower()
    if lower.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if lower.endswith(CSV_SUFFIXES):
        return "csv"
    return None


def _expand(location: str) -> tuple[list[str], str]:
    """The files a location names, and the folder partitions start from."""
    if _GLOB_CHARACTERS.search(location):
        found = sorted(p for p in glob.glob(location, recursive=True) if os.path.isfile(p))
        if not found:
            raise InputError(
                "no file matches this pattern",
                file=location,
                expected="a glob that matches Parquet files, e.g. logs/**/*.parquet",
                found="0 files",
            )
        prefix = _GLOB_CHARACTERS.split(location, maxsplit=1)[0]
        base = prefix if prefix.endswith(("/", os.sep)) else os.path.dirname(prefix)
        return found, base or "."
    path = Path(location)
    if path.is_dir():
        found = sorted(str(p) for p in path.rglob("*") if p.is_file() and _kind_of(p.name) == "parquet")
        if not found:
            raise InputError(
                "the folder holds no Parquet file",
                file=location,
                expected="a folder of .parquet files (partition folders such as day=2025-01-01 are read too)",
                found="no .parquet file in it or below it",
            )
        return found, str(path)
    if path.is_file():
        return [str(path)], str(path.parent)
    raise InputError(
        "no such file or folder",
        file=location,
        expected="a Parquet or CSV file, a folder of Parquet files, or a glob such as logs/*.parquet",
    )


def _partition_keys(path: str, base: str) -> tuple[tuple[str, str], ...]:
    relative = os.path.relpath(os.path.dirname(path), base)
    pairs = []
    for part in Path(relative).parts:
        match = _PARTITION.match(part)
        if match:
            pairs.append((match.group(1), match.group(2)))
    return tuple(pairs)


def _parquet_schema(path: str, *, location: str) -> list[tuple[str, str]]:
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except (OSError, ValueError) as error:
        first = (str(error).splitlines() or [""])[0][:160]
        raise InputError(
            "this file is not a readable Parquet file", file=path, expected="a Parquet file", found=first
        ) from None
    return [(field.name, str(field.type)) for field in schema]


def _check_same_schema(paths: list[str], *, location: str) -> list[tuple[str, str]]:
    """Every Parquet file's footer against the first's: same columns, same types."""
    first = _parquet_schema(paths[0], location=location)
    wanted = dict(first)
    for path in paths[1:]:
        columns = _parquet_schema(path, location=location)
        found = dict(columns)
        for name, kind in first:
            if name not in found:
                raise InputError(
                    "a column is missing in some of the log's files",
                    file=path,
                    column=name,
                    expected=f"every file to have the columns of {os.path.basename(paths[0])}",
                    found=f"no column '{name}' in this file",
                )
            if found[name] != kind:
                raise InputError(
                    "the log's files have different schemas",
                    file=path,
                    column=name,
                    expected=f"{kind} (as in {paths[0]})",
                    found=found[name],
                )
        extra = [name for name in found if name not in wanted]
        if extra:
            raise InputError(
                "the log's files have different schemas",
                file=path,
                column=extra[0],
                expected=f"only the columns of {paths[0]}",
                found=f"an extra column '{extra[0]}'",
            )
    return first


def _check_partitions(paths: list[str], base: str) -> tuple[str, ...]:
    keys = [tuple(k for k, _ in _partition_keys(p, base)) for p in paths]
    if len(set(keys)) > 1:
        odd = next(p for p, k in zip(paths, keys, strict=True) if k != keys[0])
        raise InputError(
            "the log's partition folders differ",
            file=odd,
            expected="every file under the same partition keys (" + (", ".join(keys[0]) or "none") + ")",
            found=", ".join(keys[paths.index(odd)]) or "no partition folder",
        )
    return keys[0] if keys else ()


def find_log_files(location: str | os.PathLike[str]) -> LogFiles:
    """Find a log's files and check that they can be queried together.

    Parameters
    ----------
    location : str or path
        A Parquet or CSV file, a folder of Parquet files (hive partitions read as columns),
        or a glob of Parquet files.

    Returns
    -------
    LogFiles

    Raises
    ------
    InputError
        No file found; files of another format or of both formats; more than
        :data:`MAX_FILES` files; a file that is not Parquet; files whose columns or
        types differ (naming the file and the column); partition folders that differ.
    """
    text = os.fspath(location).strip()
    if not text:
        raise InputError("no log was given", expected="a path, a folder or a glob")
    paths, base = _expand(text)
    if len(paths) > MAX_FILES:
        raise InputError(
            "the log has too many files", file=text, expected=f"at most {MAX_FILES:,}", found=f"{len(paths):,}"
        )
    formats = {_kind_of(p) for p in paths}
    if None in formats:
        odd = next(p for p in paths if _kind_of(p) is None)
        raise InputError("this file is neither Parquet nor CSV", file=odd, expected="files ending in .parquet or .csv")
    if len(formats) > 1:
        raise InputError("the log mixes Parquet and CSV files", file=text, expected="files of one format", found="both")
    kind: LogFormat = "parquet" if formats == {"parquet"} else "csv"
    if kind == "csv" and len(paths) > 1:
        raise InputError(
            "a log of several files must be Parquet", file=text, expected="one CSV file, or Parquet files",
            found=f"{len(paths):,} CSV files",
        )  # fmt: skip
    columns: list[tuple[str, str]] = []
    partitions: tuple[str, ...] = ()
    if kind == "parquet":
        columns = _check_same_schema(paths, location=text)
        partitions = _check_partitions(paths, base)
        clash = [k for k in partitions if k in dict(columns)]
        if clash:
            raise InputError(
                "a partition folder has the name of a column",
                file=text,
                column=clash[0],
                expected="partition keys that are not also columns of the files",
            )
        columns += [(k, "partition") for k in partitions]
    digest = hashlib.sha256()
    total = 0
    for path in paths:
        stat = os.stat(path)
        total += stat.st_size
        digest.update(f"{os.path.abspath(path)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return LogFiles(
        location=text,
        format=kind,
        paths=tuple(paths),
        base=base,
        partitions=partitions,
        columns=tuple(columns),
        fingerprint=digest.hexdigest(),
        total_bytes=total,
    )


def is_log_location(location: str) -> bool:
    """Whether a location names a folder or a glob (a log, never a table loaded into memory)."""
    return bool(_GLOB_CHARACTERS.search(location)) or os.path.isdir(location)
