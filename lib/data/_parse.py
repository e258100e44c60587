"""Reading uploaded tables: CSV/TSV, Parquet and Excel, from bytes or a path, within stated limits."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib.data._binary import read_excel, read_parquet
from lib.data._limits import CEILING_MB, MAX_CELLS, check_cells, check_file_size, format_size
from lib.data._roles import ColumnRoles, infer_roles
from lib.data._text import read_text
from lib.errors import InputError

DEFAULT_MAX_MB = CEILING_MB
TEXT_EXTENSIONS = {".csv", ".tsv", ".txt"}
PARQUET_EXTENSIONS = {".parquet", ".pq"}
EXCEL_EXTENSIONS = {".xlsx"}
SUPPORTED = ".csv, .tsv, .parquet or .xlsx"


@dataclass(frozen=True)
class Dataset:
    """What was loaded: the record every analysis cites as its input.

    Attributes
    ----------
    name : str
        File name (or sample name).
    sha256 : str
        SHA-256 of the file's bytes, the key for caching and provenance.
    n_rows, n_columns : int
        Shape of the parsed table.
    columns : tuple of str
        Column names in file order.
    dtypes : dict
        Column name -> pandas dtype name.
    roles : ColumnRoles
        Roles inferred from names and contents.
    file_format : str
        ``csv``, ``parquet`` or ``xlsx``.
    notes : tuple of str
        Things the reader noticed but did not refuse (encoding, mixed types...).
    """

    name: str
    sha256: str
    n_rows: int
    n_columns: int
    columns: tuple[str, ...]
    dtypes: dict[str, str]
    roles: ColumnRoles
    file_format: str
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready description."""
        return {
            "name": self.name,
            "sha256": self.sha256,
            "rows": self.n_rows,
            "columns": self.n_columns,
            "column_names": list(self.columns),
            "dtypes": dict(self.dtypes),
            "roles": self.roles.to_dict(),
            "format": self.file_format,
            "notes": list(self.notes),
        }


def load_table(
    source: bytes | str | os.PathLike[str],
    *,
    name: str | None = None,
    max_bytes: int | None = None,
    max_cells: int = MAX_CELLS,
) -> tuple[pd.DataFrame, Dataset]:
    """Parse a table from bytes or a path and describe it.

    The work is bounded before it starts: the file's size is checked before it is
    read (:func:`max_upload_bytes`), a Parquet file's rows and columns from its
    footer, a workbook's unpacked size from its zip directory, and a text table's
    shape between the compact parse and the frame; each limit is stated in the
    message that refuses a file.

    Parameters
    ----------
    source : bytes or path
        The file's contents, or its path on disk.
    name : str, optional
        The file's name; needed with bytes to pick the format by extension.
    max_bytes : int, optional
        Size limit; defaults to :func:`max_upload_bytes`.
    max_cells : int
        Most cells (rows x columns) accepted; :data:`lib.data.MAX_CELLS` by default.

    Returns
    -------
    (pandas.DataFrame, Dataset)

    Raises
    ------
    InputError
        For any file that cannot be read as a table, with the reason; also when
        memory runs out while reading it.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = name or "uploaded file"
        check_file_size(len(data), name=name, limit=max_bytes)
    else:
        path = Path(source)
        name = name or path.name
        if not path.is_file():
            raise InputError("no such file", file=name, expected="an existing file")
        check_file_size(path.stat().st_size, name=name, limit=max_bytes)
        data = path.read_bytes()
    if not data.strip():
        raise InputError("the file is empty", file=name, expected="a header row and data rows")
    try:
        return _load(data, name, max_cells=max_cells)
    except MemoryError:
        raise InputError(
            "there is not enough memory to read this file",
            file=name,
            expected=f"a smaller table (the reader accepts up to {MAX_CELLS / 1e6:,.0f} million cells when memory allows)",
            found=f"{format_size(len(data))} on disk",
        ) from None


def _load(data: bytes, name: str, *, max_cells: int) -> tuple[pd.DataFrame, Dataset]:
    file_format, notes = _detect_format(data, name)
    try:
        if file_format == "parquet":
            frame, header, more = read_parquet(data, name, max_cells=max_cells)
        elif file_format == "xlsx":
            frame, header, more = read_excel(data, name)
        else:
            frame, header, more = read_text(data, name, max_cells=max_cells)
    except (InputError, MemoryError):
        raise
    except Exception as error:  # any reader failure is bad input, never a crash
        raise InputError(
            f"the file could not be read as {file_format.upper()} ({type(error).__name__}: {_first_line(error)})",
            file=name,
        ) from None
    notes += more
    _check_duplicate_names(header, name)
    frame, name_notes = _clean_column_names(frame, name)
    notes += name_notes
    _check_shape(frame, name)
    check_cells(len(frame), frame.shape[1], name=name, what="the table", max_cells=max_cells)
    notes += mixed_type_notes(frame)
    dataset = Dataset(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        n_rows=len(frame),
        n_columns=frame.shape[1],
        columns=tuple(frame.columns),
        dtypes={c: str(t) for c, t in frame.dtypes.items()},
        roles=infer_roles(frame),
        file_format=file_format,
        notes=tuple(notes),
    )
    return frame, dataset


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else "no details"


def _detect_format(data: bytes, name: str) -> tuple[str, list[str]]:
    extension = Path(name).suffix.lower()
    by_content = None
    if data[:4] == b"PAR1":
        by_content = "parquet"
    elif data[:4] == b"PK\x03\x04":
        by_content = "xlsx"
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InputError(
            "this is an old-style Excel (.xls) or other legacy Office file",
            file=name,
            expected="a .xlsx workbook (open it and save as .xlsx) or a CSV",
        )
    if extension in PARQUET_EXTENSIONS:
        by_name = "parquet"
    elif extension in EXCEL_EXTENSIONS:
        by_name = "xlsx"
    elif extension in TEXT_EXTENSIONS or extension == "":
        by_name = "csv"
    else:
        raise InputError(
            "this file type is not supported",
            file=name,
            expected=SUPPORTED,
            found=f"'{_short(extension, 20)}'",
        )
    if by_content and by_content != by_name:
        return by_content, [
            f"The file is named {extension or 'without extension'} but holds {by_content.upper()} data; it was read as {by_content.upper()}."
        ]
    return by_name, []


def _check_duplicate_names(names: list[str], name: str) -> None:
    seen: set[str] = set()
    duplicates = []
    for column in names:
        if column in seen and column not in duplicates:
            duplicates.append(column)
        seen.add(column)
    if duplicates:
        shown = ", ".join(f"'{_short(d)}'" for d in duplicates[:5])
        raise InputError(
            "column names must be unique",
            file=name,
            expected="one column per name",
            found=f"repeated names {shown}",
        )


def _clean_column_names(frame: pd.DataFrame, name: str) -> tuple[pd.DataFrame, list[str]]:
    notes = []
    renamed = []
    names = [str(c).strip() for c in frame.columns]
    for position, column in enumerate(names):
        if column == "" or column.lower().startswith("unnamed:"):
            new = "rownames" if position == 0 and "rownames" not in names else f"column_{position + 1}"
            renamed.append(new)
            names[position] = new
    if renamed:
        shown = ", ".join(renamed[:10]) + (f" and {len(renamed) - 10:,} more" if len(renamed) > 10 else "")
        notes.append(f"Unnamed columns were given names: {shown}.")
    frame = frame.copy(deep=False)
    frame.columns = names
    _check_duplicate_names(names, name)
    return frame, notes


def _check_shape(frame: pd.DataFrame, name: str) -> None:
    if frame.shape[1] == 0:
        raise InputError("the file has no columns", file=name, expected="a header row and data rows")
    if len(frame) == 0:
        raise InputError(
            "the file has a header but no data rows",
            file=name,
            expected="at least one row of data under the header",
            found=f"only the header ({', '.join(_short(str(c)) for c in frame.columns[:5])})",
        )
    if frame.shape[1] == 1:
        raise InputError(
            "the file has a single column; if it uses an unusual separator, save it as a comma-separated CSV",
            file=name,
            expected="at least two columns",
            found=f"one column '{_short(str(frame.columns[0]))}'",
        )


def mixed_type_notes(frame: pd.DataFrame, *, limit: int = 200_000) -> list[str]:
    """Describe text columns that also hold numbers (reported, not refused).

    Parameters
    ----------
    frame : pandas.DataFrame
        The parsed table.
    limit : int
        Rows to inspect per column (the head), so large files stay fast.
    """
    notes = []
    for column in frame.columns:
        series = frame[column]
        if not (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
            continue
        values = series.iloc[:limit].dropna()
        if values.empty:
            continue
        as_text = values.astype(str).str.strip()
        numeric = pd.to_numeric(as_text, errors="coerce").notna()
        n_numeric = int(numeric.sum())
        n_text = int((~numeric).sum())
        if n_numeric and n_text:
            examples = ", ".join(f"'{_short(v, 40)}'" for v in as_text[~numeric].unique()[:3])
            notes.append(
                f"Column '{_short(column)}' mixes numbers ({_count(n_numeric)}) and text ({_count(n_text)}, e.g. {examples}); it is treated as text."
            )
    return notes


def _short(text: str, limit: int = 60) -> str:
    """Text for a message: one line, at most ``limit`` characters."""
    one_line = " ".join(str(text).split())
    return one_line if len(one_line) <= limit else one_line[: limit - 3] + "..."


def _count(n: int) -> str:
    return f"{n:,} value" + ("" if n == 1 else "s")
