"""Reading uploaded tables: CSV/TSV, Parquet and Excel, from bytes or a path."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from lib.data._roles import ColumnRoles, infer_roles
from lib.errors import InputError

DEFAULT_MAX_MB = 1024
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


def max_upload_bytes() -> int:
    """Largest accepted file, from ``DECISION_DESK_MAX_UPLOAD_MB`` (default 1024 MB)."""
    raw = os.environ.get("DECISION_DESK_MAX_UPLOAD_MB", str(DEFAULT_MAX_MB))
    try:
        return int(float(raw) * 1024 * 1024)
    except ValueError:
        return DEFAULT_MAX_MB * 1024 * 1024


def load_table(
    source: bytes | str | os.PathLike[str],
    *,
    name: str | None = None,
    max_bytes: int | None = None,
) -> tuple[pd.DataFrame, Dataset]:
    """Parse a table from bytes or a path and describe it.

    Parameters
    ----------
    source : bytes or path
        The file's contents, or its path on disk.
    name : str, optional
        The file's name; needed with bytes to pick the format by extension.
    max_bytes : int, optional
        Size limit; defaults to :func:`max_upload_bytes`.

    Returns
    -------
    (pandas.DataFrame, Dataset)

    Raises
    ------
    InputError
        For any file that cannot be read as a table, with the reason.
    """
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = name or "uploaded file"
    else:
        path = Path(source)
        name = name or path.name
        if not path.is_file():
            raise InputError("no such file", file=name, expected="an existing file")
        _check_size(path.stat().st_size, limit, name)
        data = path.read_bytes()
    _check_size(len(data), limit, name)
    if not data.strip():
        raise InputError("the file is empty", file=name, expected="a header row and data rows")

    file_format, notes = _detect_format(data, name)
    try:
        if file_format == "parquet":
            frame = _read_parquet(data, name)
        elif file_format == "xlsx":
            frame, sheet_notes = _read_excel(data, name)
            notes += sheet_notes
        else:
            frame, text_notes = _read_text(data, name)
            notes += text_notes
    except InputError:
        raise
    except Exception as error:  # any reader failure is bad input, never a crash
        raise InputError(
            f"could not be read as {file_format.upper()} ({type(error).__name__}: {_first_line(error)})",
            file=name,
        ) from error

    frame, name_notes = _clean_column_names(frame, name)
    notes += name_notes
    _check_shape(frame, name)
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


def _check_size(size: int, limit: int, name: str) -> None:
    if size > limit:
        raise InputError(
            "the file is too large",
            file=name,
            expected=f"at most {limit / 1024 / 1024:,.0f} MB",
            found=f"{size / 1024 / 1024:,.1f} MB",
        )


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
            found=f"'{extension}'",
        )
    if by_content and by_content != by_name:
        return by_content, [
            f"The file is named {extension or 'without extension'} but holds {by_content.upper()} data; it was read as {by_content.upper()}."
        ]
    return by_name, []


def _decode(data: bytes, name: str) -> tuple[str, list[str]]:
    head = data[:65536]
    if b"\x00" in head:
        raise InputError(
            "the file holds binary data, not text",
            file=name,
            expected="a text table (CSV/TSV), a .parquet or a .xlsx file",
        )
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("latin-1")
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\r\n") + sum(
        1 for ch in text[:65536] if 0x7F <= ord(ch) < 0xA0
    )
    if controls > max(3, len(text[:65536]) // 100):
        raise InputError(
            "the file holds binary data, not text",
            file=name,
            expected="a text table (CSV/TSV), a .parquet or a .xlsx file",
        )
    return text, ["The file is not UTF-8; it was read as Latin-1."]


def _sniff_delimiter(text: str, name: str) -> str:
    if Path(name).suffix.lower() == ".tsv":
        return "\t"
    sample = "\n".join(text[:65536].splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t|"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _read_text(data: bytes, name: str) -> tuple[pd.DataFrame, list[str]]:
    text, notes = _decode(data, name)
    delimiter = _sniff_delimiter(text, name)
    header = next(csv.reader(io.StringIO(text.lstrip("\r\n")), delimiter=delimiter), [])
    _check_duplicate_names([h.strip() for h in header], name)
    if delimiter != ",":
        notes.append(f"Columns are separated by {_DELIMITER_NAMES.get(delimiter, repr(delimiter))}.")
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(strings_can_be_null=True),
        )
    except pa.ArrowInvalid as error:
        raise _csv_error(error, name, text) from error
    return table.to_pandas(), notes


_DELIMITER_NAMES = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _csv_error(error: Exception, name: str, text: str) -> InputError:
    message = str(error)
    counts = re.search(r"Expected (\d+) columns, got (\d+): ?(.*)", message, flags=re.S)
    if counts:
        expected, got, row = counts.group(1), counts.group(2), counts.group(3).strip().splitlines()
        row_text = row[0][:80] if row else ""
        line = _line_number(text, row_text)
        where = f"line {line}" if line else "a row"
        if row_text.count('"') % 2:
            where += " (a quote opened there is never closed)"
        return InputError(
            "rows have different numbers of fields (a ragged CSV)",
            file=name,
            expected=f"{expected} fields in every row, as in the header",
            found=f"{got} fields on {where}: '{row_text}'",
        )
    if "Empty CSV file" in message:
        return InputError("the file is empty", file=name, expected="a header row and data rows")
    return InputError(f"could not be read as CSV ({_first_line(error)})", file=name)


def _line_number(text: str, row_text: str) -> int | None:
    if not row_text:
        return None
    lines = text.splitlines()
    for number, line in enumerate(lines[1:], start=2):
        if line == row_text:
            return number
    for number, line in enumerate(lines[1:], start=2):
        if line.startswith(row_text):
            return number
    return None


def _read_parquet(data: bytes, name: str) -> pd.DataFrame:
    if len(data) < 12 or data[-4:] != b"PAR1":
        raise InputError(
            "the Parquet file is truncated or damaged (its footer is missing)",
            file=name,
            expected="a complete .parquet file; copy or export it again",
        )
    try:
        table = pq.read_table(io.BytesIO(data))
    except Exception as error:
        raise InputError(
            f"the Parquet file is damaged ({_first_line(error)})",
            file=name,
            expected="a complete .parquet file; copy or export it again",
        ) from error
    _check_duplicate_names(table.column_names, name)
    return table.to_pandas()


def _read_excel(data: bytes, name: str) -> tuple[pd.DataFrame, list[str]]:
    try:
        book = pd.ExcelFile(io.BytesIO(data), engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise InputError(
            f"the workbook is damaged and cannot be opened ({_first_line(error)})",
            file=name,
            expected="a .xlsx file that opens in a spreadsheet program",
        ) from error
    notes = []
    if len(book.sheet_names) > 1:
        notes.append(f"The workbook has {len(book.sheet_names)} sheets; the first, '{book.sheet_names[0]}', was read.")
    raw = pd.read_excel(book, sheet_name=book.sheet_names[0], header=None)
    raw = raw.dropna(how="all").dropna(axis=1, how="all")
    if raw.empty:
        raise InputError("the first sheet is empty", file=name, expected="a header row and data rows")
    header = ["" if pd.isna(v) else str(v).strip() for v in raw.iloc[0]]
    _check_duplicate_names(header, name)
    frame = raw.iloc[1:].reset_index(drop=True)
    frame.columns = header
    return frame.infer_objects(), notes


def _check_duplicate_names(names: list[str], name: str) -> None:
    seen: set[str] = set()
    duplicates = []
    for column in names:
        if column in seen and column not in duplicates:
            duplicates.append(column)
        seen.add(column)
    if duplicates:
        shown = ", ".join(f"'{d}'" for d in duplicates[:5])
        raise InputError(
            "column names must be unique",
            file=name,
            expected="one column per name",
            found=f"repeated names {shown}",
        )


def _clean_column_names(frame: pd.DataFrame, name: str) -> tuple[pd.DataFrame, list[str]]:
    notes = []
    renamed = {}
    names = [str(c).strip() for c in frame.columns]
    for position, column in enumerate(names):
        if column == "" or column.lower().startswith("unnamed:"):
            new = "rownames" if position == 0 and "rownames" not in names else f"column_{position + 1}"
            renamed[column] = new
            names[position] = new
    if renamed:
        notes.append("Unnamed columns were given names: " + ", ".join(renamed.values()) + ".")
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
            found=f"only the header ({', '.join(map(str, frame.columns[:5]))})",
        )
    if frame.shape[1] == 1:
        raise InputError(
            "the file has a single column; if it uses an unusual separator, save it as a comma-separated CSV",
            file=name,
            expected="at least two columns",
            found=f"one column '{frame.columns[0]}'",
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
            examples = ", ".join(repr(v) for v in as_text[~numeric].unique()[:3])
            notes.append(
                f"Column '{column}' mixes numbers ({_count(n_numeric)}) and text ({_count(n_text)}, e.g. {examples}); it is treated as text."
            )
    return notes


def _count(n: int) -> str:
    return f"{n:,} value" + ("" if n == 1 else "s")
