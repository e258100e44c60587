"""Reading text tables (CSV, TSV and the like): encodings, separators and ragged rows."""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from lib.data._limits import check_cells
from lib.errors import InputError

#: Bytes the CSV reader parses at a time; a row longer than this is re-read with a block that holds the file.
BLOCK_SIZE = 1 << 24
_HEAD = 65536
_DELIMITER_NAMES = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
# Byte-order marks, longest first: a UTF-32 little-endian mark starts like a UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# Signatures of files people upload by mistake, so the message can say what the file is.
_SIGNATURES = (
    (b"\x1f\x8b", "a gzip-compressed file; decompress it first"),
    (b"%PDF", "a PDF document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"ARROW1", "an Arrow/Feather file; save it as Parquet"),
    (b"ORC", "an ORC file; save it as Parquet"),
    (b"Obj\x01", "an Avro file; save it as Parquet"),
    (b"\x89HDF", "an HDF5 file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"BZh", "a bzip2-compressed file; decompress it first"),
    (b"\xfd7zXZ", "an xz-compressed file; decompress it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x80\x02", "a Python pickle, which is never loaded here"),
    (b"\x80\x03", "a Python pickle, which is never loaded here"),
    (b"\x80\x04", "a Python pickle, which is never loaded here"),
    (b"\x80\x05", "a Python pickle, which is never loaded here"),
)
_NOT_TEXT = "a text table (CSV/TSV in UTF-8, UTF-16 or Latin-1), a .parquet or a .xlsx file"


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """The file's text and a note on its encoding when it is not UTF-8.

    UTF-8 (with or without a byte-order mark), UTF-16 and UTF-32 (with a mark, or
    UTF-16 recognised by its zero bytes) and Latin-1 / Windows-1252 are read; a file
    that is none of these is refused with what it seems to be.
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _decode_as(data[len(bom) :], codec, label, name)
    guessed = _utf16_without_mark(data[:_HEAD])
    if guessed:
        return _decode_as(data, guessed, "UTF-16", name)
    if b"\x00" in data:
        raise _binary_error(data, name)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252 is Latin-1 plus printable characters where Latin-1 has control codes (the euro sign...).
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    head = text[:_HEAD]
    controls = sum(1 for ch in head if (ord(ch) < 32 and ch not in "\t\r\n") or 0x7F <= ord(ch) < 0xA0)
    if controls > max(3, len(head) // 100):
        raise _binary_error(data, name)
    return text, ["The file is not UTF-8; it was read as Latin-1 (Windows-1252)."]


def _decode_as(data: bytes, codec: str, label: str, name: str) -> tuple[str, list[str]]:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        raise InputError(
            f"the file is marked as {label} text but cannot be read as {label}",
            file=name,
            expected=f"valid {label} text, or the table saved again as UTF-8 CSV",
            found=f"an invalid byte sequence at byte {error.start:,}",
        ) from None
    if "\x00" in text:
        raise InputError(
            f"the {label} text holds NUL characters, which a text table never does",
            file=name,
            expected="a table saved again as UTF-8 CSV",
        )
    return text, [] if label == "UTF-8" else [f"The file is {label} text; it was read as such."]


def _utf16_without_mark(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when every other byte is zero, as in UTF-16 text of Latin letters."""
    if len(head) < 4 or b"\x00" not in head:
        return None
    head = head[: len(head) // 2 * 2]
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _binary_error(data: bytes, name: str) -> InputError:
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            return InputError(f"this is {what}, not a table", file=name, expected=_NOT_TEXT)
    nuls = data.count(b"\x00")
    first = data.find(b"\x00")
    head = data[:_HEAD].replace(b"\x00", b"")
    controls = sum(1 for byte in head if (byte < 32 and byte not in b"\t\r\n") or byte == 0x7F)
    if nuls and controls <= len(head) // 200:
        line = data.count(b"\n", 0, first) + 1
        return InputError(
            "the file holds NUL bytes, which a text table never does (it may be damaged)",
            file=name,
            expected=_NOT_TEXT,
            found=f"{nuls:,} NUL byte{'s' if nuls != 1 else ''}, the first on line {line:,}",
        )
    return InputError("the file holds binary data, not text", file=name, expected=_NOT_TEXT)


def sniff_delimiter(text: str, name: str) -> str:
    """The column separator: tabs for ``.tsv``, else the one the first 50 lines agree on."""
    if Path(name).suffix.lower() == ".tsv":
        return "\t"
    sample = "\n".join(text[:_HEAD].splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t|"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_text(data: bytes, name: str, *, max_cells: int) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Parse a text table; return the frame, its header as written and notes.

    Raises
    ------
    InputError
        Ragged rows, an unclosed quote, an encoding that is not text, or more cells than fit in memory.
    """
    text, notes = decode(data, name)
    # UTF-8 input goes to the parser as it came (no notes means UTF-8); other encodings are handed over as UTF-8.
    utf8 = data.removeprefix(codecs.BOM_UTF8) if not notes else text.encode("utf-8")
    delimiter = sniff_delimiter(text, name)
    header = _header(text, delimiter)
    if delimiter != ",":
        notes.append(f"Columns are separated by {_DELIMITER_NAMES.get(delimiter, repr(delimiter))}.")
    table = _parse(utf8, delimiter, name, text)
    # The parse is compact (Arrow); the frame can be many times larger, so the shape is checked in between.
    check_cells(table.num_rows, table.num_columns, name=name, what="the table", max_cells=max_cells)
    return table.to_pandas(), [h.strip() for h in header], notes


def _header(text: str, delimiter: str) -> list[str]:
    """The first record as written (the parser's names can differ), from the first megabyte."""
    try:
        return next(csv.reader(io.StringIO(text[: 16 * _HEAD].lstrip("\r\n")), delimiter=delimiter), [])
    except csv.Error:  # a header field longer than the csv module allows: the parsed names are checked instead
        return []


def _parse(utf8: bytes, delimiter: str, name: str, text: str) -> pa.Table:
    block = BLOCK_SIZE
    while True:
        try:
            return pacsv.read_csv(
                io.BytesIO(utf8),
                read_options=pacsv.ReadOptions(block_size=block),
                parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
                convert_options=pacsv.ConvertOptions(strings_can_be_null=True),
            )
        except pa.ArrowInvalid as error:
            # One row longer than a block: read again with a block that holds the whole file (its size is capped).
            if "straddling" in str(error) and block < len(utf8) + 1:
                block = len(utf8) + 1
                continue
            raise csv_error(error, name, text) from None


def csv_error(error: Exception, name: str, text: str) -> InputError:
    """Turn the parser's complaint into a message that names the line and what was wrong."""
    message = str(error)
    counts = re.search(r"Expected (\d+) columns, got (\d+): ?(.*)", message, flags=re.S)
    if counts:
        expected, got, row = counts.group(1), counts.group(2), counts.group(3).strip().splitlines()
        row_text = row[0][:80] if row else ""
        line = _line_number(text, row_text)
        where = f"line {line:,}" if line else "a row"
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
    first = (message.strip().splitlines() or ["no details"])[0][:200]
    return InputError(f"the file could not be read as CSV ({first})", file=name)


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
