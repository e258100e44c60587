"""Data sources: what an analysis reads, named by role, with the hash that pins it.

A source knows its file name, its SHA-256 and, when it can be found again, its
*location* (a path, or the key of a bundled sample), so that a notebook or a
saved analysis can load the same bytes later and check them. Tables come as
:class:`TableSource`, other files (a skops model) as :class:`FileSource`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

import pandas as pd

from lib.analysis._provenance import sha256_of
from lib.errors import InputError


@runtime_checkable
class DataSource(Protocol):
    """What every source offers an analysis."""

    @property
    def name(self) -> str:
        """The file's name as the user knows it."""
        ...

    @property
    def sha256(self) -> str | None:
        """SHA-256 of the file's bytes."""
        ...

    @property
    def location(self) -> str | None:
        """Where to load it again: a path, or a bundled sample's key."""
        ...

    def describe(self) -> dict[str, str | None]:
        """``{"name", "sha256"}`` for provenance."""
        ...


@dataclass(frozen=True, eq=False)
class TableSource:
    """A table held in memory, with the file it came from.

    Attributes
    ----------
    frame : pandas.DataFrame
        The parsed table.
    name : str
        File (or sample) name as the user knows it.
    sha256 : str
        SHA-256 of the file's bytes.
    location : str or None
        Where to load it again: a path, or a bundled sample's key.
    roles : ColumnRoles or None
        Column roles confirmed for this table, when known.
    """

    frame: pd.DataFrame
    name: str
    sha256: str | None
    location: str | None = None
    roles: object | None = field(default=None)

    def describe(self) -> dict[str, str | None]:
        """``{"name", "sha256"}`` for provenance."""
        return {"name": self.name, "sha256": self.sha256}


@dataclass(frozen=True, eq=False)
class FileSource:
    """A file read as bytes (e.g. a model saved with skops).

    Attributes
    ----------
    data : bytes
    name : str
    sha256 : str
    location : str or None
    """

    data: bytes
    name: str
    sha256: str | None
    location: str | None = None

    def describe(self) -> dict[str, str | None]:
        """``{"name", "sha256"}`` for provenance."""
        return {"name": self.name, "sha256": self.sha256}


def file_source(data: bytes, name: str, *, location: str | None = None) -> FileSource:
    """A :class:`FileSource` for some bytes, hashing them.

    Parameters
    ----------
    data : bytes
    name : str
    location : str, optional

    Returns
    -------
    FileSource
    """
    return FileSource(data=data, name=name, sha256=sha256_of(data), location=location)


def table_source(location: str | Path, *, base: Path | None = None) -> TableSource:
    """Load a table from a path or a bundled sample's key.

    Parameters
    ----------
    location : str or Path
        A file path (relative paths are read from ``base``, default the current folder)
        or the key of a bundled sample.
    base : Path, optional

    Returns
    -------
    TableSource

    Raises
    ------
    InputError
        When the file does not exist or cannot be parsed.
    """
    from lib.data import load_table
    from lib.samples import load_sample, sample_keys

    text = str(location)
    path = Path(text) if base is None or Path(text).is_absolute() else base / text
    if not path.exists() and text in sample_keys():
        frame, dataset, _ = load_sample(text)
        return TableSource(frame, dataset.name, dataset.sha256, location=text, roles=dataset.roles)
    if not path.is_file():
        raise InputError(
            "no such file",
            file=text,
            expected="a path to a CSV, TSV, Parquet or .xlsx file, or a bundled sample name",
        )
    from lib.data import check_file_size

    check_file_size(path.stat().st_size, name=path.name)
    data = path.read_bytes()
    frame, dataset = load_table(data, name=path.name)
    return TableSource(frame, dataset.name, dataset.sha256, location=text, roles=dataset.roles)


def raw_file_source(location: str | Path, *, base: Path | None = None) -> FileSource:
    """Read a file's bytes as a :class:`FileSource`.

    Parameters
    ----------
    location : str or Path
    base : Path, optional
        Folder that relative paths are read from.

    Returns
    -------
    FileSource

    Raises
    ------
    InputError
        When the file does not exist.
    """
    from lib.data import check_file_size

    text = str(location)
    path = Path(text) if base is None or Path(text).is_absolute() else base / text
    if not path.is_file():
        raise InputError("no such file", file=text, expected="a path to the file the analysis read")
    check_file_size(path.stat().st_size, name=path.name)
    return file_source(path.read_bytes(), path.name, location=text)


def _table_or_log(location: str, *, base: Path | None) -> DataSource:
    """A table loaded into memory, or a log (a folder, a glob, a large Parquet file) counted where it lies."""
    from lib.logs import open_log, reads_as_log

    text = str(location)
    resolved = text if base is None or Path(text).is_absolute() else str(base / text)
    return open_log(resolved) if reads_as_log(resolved) else table_source(location, base=base)


def open_sources(
    locations: Mapping[str, str],
    *,
    kinds: Mapping[str, str],
    expected_sha256: Mapping[str, str | None] | None = None,
    base: Path | None = None,
) -> dict[str, DataSource]:
    """Load every input of an analysis and check each against the hash it was recorded with.

    Parameters
    ----------
    locations : mapping
        Role -> path or sample key.
    kinds : mapping
        Role -> ``table`` or ``file``.
    expected_sha256 : mapping, optional
        Role -> the SHA-256 recorded when the analysis first ran.
    base : Path, optional
        Folder that relative paths are read from.

    Returns
    -------
    dict
        Role -> source.

    Raises
    ------
    InputError
        When an input is missing, unreadable, or its bytes differ from the recorded ones
        (the message names the file and both hashes).
    """
    sources: dict[str, DataSource] = {}
    for role, what in kinds.items():
        if role not in locations or not locations[role]:
            raise InputError(
                f"the analysis needs its '{role}' input", expected=f"a path for '{role}' (e.g. DATA['{role}'])"
            )
        source: DataSource = (
            _table_or_log(locations[role], base=base)
            if what == "table"
            else raw_file_source(locations[role], base=base)
        )
        wanted = (expected_sha256 or {}).get(role)
        if wanted and source.sha256 != wanted:
            raise InputError(
                "this file is not the one the analysis was made from",
                file=source.name,
                expected=f"sha256 {wanted}",
                found=f"sha256 {source.sha256}",
            )
        sources[role] = source
    return sources


def describe_sources(sources: Mapping[str, DataSource]) -> dict[str, dict[str, str | None]]:
    """Role -> ``{"name", "sha256"}`` of each source, for provenance.

    Parameters
    ----------
    sources : mapping

    Returns
    -------
    dict
    """
    return {role: source.describe() for role, source in sources.items()}
