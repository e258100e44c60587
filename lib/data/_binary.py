"""Reading Parquet files and Excel workbooks, each sized up from its metadata before it is read."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lib.data._limits import MAX_UNPACKED_BYTES, MAX_WORKBOOK_UNPACKED_BYTES, check_cells, size_pair
from lib.errors import InputError

_DAMAGED_PARQUET = "a complete .parquet file; copy or export it again"


def read_parquet(data: bytes, name: str, *, max_cells: int) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Parse a Parquet file; return the frame, its column names as stored and notes.

    The footer says how many rows and columns the file holds and how large they
    unpack; a file over :data:`lib.data._limits.MAX_CELLS` cells or
    :data:`lib.data._limits.MAX_UNPACKED_BYTES` is refused before a row is read.
    """
    if len(data) < 12 or data[-4:] != b"PAR1":
        raise InputError(
            "the Parquet file is truncated or damaged (its footer is missing)", file=name, expected=_DAMAGED_PARQUET
        )
    try:
        parquet = pq.ParquetFile(io.BytesIO(data))
        metadata = parquet.metadata
        unpacked = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
        names = list(parquet.schema_arrow.names)
    except MemoryError:  # Arrow's out-of-memory error is an ArrowException too: never call it damage
        raise
    except (pa.ArrowException, OSError, ValueError, IndexError) as error:
        raise _damaged(error, name) from None
    check_cells(metadata.num_rows, metadata.num_columns, name=name, what="the Parquet file", max_cells=max_cells)
    if unpacked > MAX_UNPACKED_BYTES:
        limit, found = size_pair(unpacked, MAX_UNPACKED_BYTES)
        raise InputError(
            f"the Parquet file's {metadata.num_rows:,} rows unpack to more than fits in memory",
            file=name,
            expected=f"at most {limit} once unpacked",
            found=found,
        )
    try:
        table = parquet.read()
    except MemoryError:
        raise
    except (pa.ArrowException, OSError, ValueError, IndexError) as error:
        raise _damaged(error, name) from None
    table, notes = _flatten(table)
    try:
        frame = table.to_pandas()
    except MemoryError:
        raise
    except (pa.ArrowException, ValueError, TypeError, KeyError) as error:
        # Pandas metadata in the file (index, categories) that does not match its columns: read the columns alone.
        frame = table.replace_schema_metadata(None).to_pandas()
        notes.append(f"The file's pandas metadata could not be applied ({_first_line(error)}); its columns were read.")
    return frame, names, notes


def _damaged(error: Exception, name: str) -> InputError:
    return InputError(f"the Parquet file is damaged ({_first_line(error)})", file=name, expected=_DAMAGED_PARQUET)


def _flatten(table: pa.Table) -> tuple[pa.Table, list[str]]:
    """Nested columns (lists, structs, maps) as JSON text and dictionaries as plain values, so every cell compares."""
    notes = []
    columns = []
    for field, column in zip(table.schema, table.columns, strict=True):
        kind = field.type
        if pa.types.is_dictionary(kind):
            column = column.cast(kind.value_type)
        elif pa.types.is_nested(kind):
            texts = [None if v is None else json.dumps(v, default=str, ensure_ascii=False) for v in column.to_pylist()]
            column = pa.chunked_array([pa.array(texts, pa.string())])
            notes.append(f"Column '{field.name}' holds nested values ({kind}); they are shown as text.")
        columns.append(column)
    if not notes and not any(pa.types.is_dictionary(f.type) for f in table.schema):
        return table, notes
    return pa.Table.from_arrays(columns, names=table.column_names, metadata=table.schema.metadata), notes


def read_excel(data: bytes, name: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Parse the first sheet of a workbook; return the frame, its header as written and notes.

    The zip directory says how large the workbook unpacks; one over
    :data:`lib.data._limits.MAX_WORKBOOK_UNPACKED_BYTES` is refused before it is opened.
    """
    expected = "a .xlsx file that opens in a spreadsheet program"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise InputError(
            f"the workbook is damaged and cannot be opened ({_first_line(error)})", file=name, expected=expected
        ) from None
    if unpacked > MAX_WORKBOOK_UNPACKED_BYTES:
        limit, found = size_pair(unpacked, MAX_WORKBOOK_UNPACKED_BYTES)
        raise InputError(
            "the workbook unpacks to more than a spreadsheet can be read in reasonable time",
            file=name,
            expected=f"at most {limit} once unpacked; save a large table as CSV or Parquet",
            found=found,
        )
    try:
        book = pd.ExcelFile(io.BytesIO(data), engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, AttributeError) as error:
        raise InputError(
            f"the workbook is damaged and cannot be opened ({_first_line(error)})", file=name, expected=expected
        ) from None
    if not book.sheet_names:
        raise InputError("the workbook has no sheets", file=name, expected="a header row and data rows")
    notes = []
    if len(book.sheet_names) > 1:
        notes.append(f"The workbook has {len(book.sheet_names)} sheets; the first, '{book.sheet_names[0]}', was read.")
    raw = pd.read_excel(book, sheet_name=book.sheet_names[0], header=None)
    raw = raw.dropna(how="all").dropna(axis=1, how="all")
    if raw.empty:
        raise InputError("the first sheet is empty", file=name, expected="a header row and data rows")
    header = ["" if pd.isna(v) else str(v).strip() for v in raw.iloc[0]]
    frame = raw.iloc[1:].reset_index(drop=True)
    frame.columns = pd.Index(header)
    return frame.infer_objects(), header, notes


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__
