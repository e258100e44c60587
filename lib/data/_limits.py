"""How much input the reader accepts, and sizes written the way people read them.

Every limit is checked before the expensive work starts: a file's size from the
file system, a Parquet file's rows and columns from its footer, a workbook's
unpacked size from its zip directory. A file over a limit is refused with the
figure found and the limit, never read until memory runs out.
"""

from __future__ import annotations

import math
import os

from lib.errors import InputError

#: The app's ceiling in megabytes; ``.streamlit/config.toml`` sets Streamlit's upload limit to the same figure.
CEILING_MB = 1024
#: The variable that lowers the file-size limit (in megabytes, from 1 to :data:`CEILING_MB`).
LIMIT_VARIABLE = "DECISION_DESK_MAX_UPLOAD_MB"
#: Most cells (rows x columns) a table may hold: 100 million cells take about 0.8 GB as numbers
#: and several GB as text once loaded, which is what a desktop or a small server can hold.
MAX_CELLS = 100_000_000
#: Most bytes a Parquet file's columns may unpack to, from its footer (compressed files unpack many times over).
MAX_UNPACKED_BYTES = 4 * 1024**3
#: Most bytes a workbook's parts may unpack to: a spreadsheet is read cell by cell, about a million cells a
#: minute, so anything larger belongs in a CSV or Parquet file.
MAX_WORKBOOK_UNPACKED_BYTES = 256 * 1024**2

_MB = 1024 * 1024


def max_upload_bytes() -> int:
    """Largest accepted file, from ``DECISION_DESK_MAX_UPLOAD_MB`` (default and ceiling 1,024 MB).

    Returns
    -------
    int
        The limit in bytes.

    Raises
    ------
    InputError
        When the variable is set to anything but a number of megabytes from 1 to 1,024
        (text, ``nan``, ``inf``, zero and negative numbers are refused, never ignored).
    """
    raw = os.environ.get(LIMIT_VARIABLE)
    if raw is None or not raw.strip():
        return CEILING_MB * _MB
    try:
        megabytes = float(raw.strip().replace("_", "").replace(",", ""))
    except ValueError:
        megabytes = math.nan
    if not (math.isfinite(megabytes) and 1 <= megabytes <= CEILING_MB):
        raise InputError(
            f"The setting {LIMIT_VARIABLE} is not a usable size limit",
            expected=f"a number of megabytes from 1 to {CEILING_MB:,} (the app's ceiling), or the variable unset",
            found=repr(raw[:40]),
        )
    return int(megabytes * _MB)


def format_size(n_bytes: float) -> str:
    """A byte count rounded the way people read sizes: three significant figures, in B, KB, MB or GB.

    Parameters
    ----------
    n_bytes : float
        A size in bytes.

    Returns
    -------
    str

    Examples
    --------
    >>> format_size(1024 * 1024)
    '1 MB'
    >>> format_size(1.3 * 1024 * 1024)
    '1.3 MB'
    >>> format_size(1024**3)
    '1,024 MB'
    >>> format_size(6_300_000_000)
    '5.87 GB'
    >>> format_size(512)
    '512 bytes'
    """
    if n_bytes < 1024:
        return f"{n_bytes:,.0f} bytes"
    for unit, size in (("KB", 1024), ("MB", _MB), ("GB", 1024**3)):
        value = n_bytes / size
        # MB runs up to the app's ceiling, so "1,024 MB" reads as the limit people set.
        if value < 1024 or unit == "GB" or (unit == "MB" and value <= CEILING_MB):
            return f"{_three_figures(value)} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def _three_figures(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{float(f'{value:.3g}'):g}"


def size_pair(size: int, limit: int) -> tuple[str, str]:
    """The limit and the size found, written so that they differ whenever the sizes do.

    Rounded sizes can read the same ("at most 1 MB; found 1 MB"); then both are given in bytes.

    Examples
    --------
    >>> size_pair(int(1.3 * 1024 * 1024), 1024 * 1024)
    ('1 MB', '1.3 MB')
    >>> size_pair(1024 * 1024 + 1, 1024 * 1024)
    ('1 MB (1,048,576 bytes)', '1,048,577 bytes')
    """
    shown_limit, shown_size = format_size(limit), format_size(size)
    if shown_limit == shown_size and size != limit:
        return f"{shown_limit} ({limit:,} bytes)", f"{size:,} bytes"
    return shown_limit, shown_size


def check_file_size(size: int, *, name: str, limit: int | None = None) -> None:
    """Refuse a file larger than the limit, before a byte of it is read.

    Parameters
    ----------
    size : int
        The file's size in bytes.
    name : str
        The file's name, for the message.
    limit : int, optional
        Largest size accepted; defaults to :func:`max_upload_bytes`.

    Raises
    ------
    InputError
        When the file is larger than the limit, with both sizes rounded so they read differently.
    """
    limit = max_upload_bytes() if limit is None else limit
    if size > limit:
        shown_limit, shown_size = size_pair(size, limit)
        raise InputError("the file is too large", file=name, expected=f"at most {shown_limit}", found=shown_size)


def check_cells(n_rows: int, n_columns: int, *, name: str, what: str, max_cells: int = MAX_CELLS) -> None:
    """Refuse a table with more cells than fit in memory, before it is loaded.

    Parameters
    ----------
    n_rows, n_columns : int
        The table's shape, from metadata or a compact first parse.
    name : str
        The file's name, for the message.
    what : str
        Where the shape comes from ("the Parquet file", "the CSV file"), for the message.
    max_cells : int
        The cap; :data:`MAX_CELLS` unless a test lowers it.

    Raises
    ------
    InputError
        Naming the rows, the columns, the cells and the cap.
    """
    cells = n_rows * n_columns
    if cells > max_cells:
        raise InputError(
            f"{what} holds {n_rows:,} rows in {n_columns:,} column{'s' if n_columns != 1 else ''}, "
            "more than fits in memory",
            file=name,
            expected=f"at most {_cells(max_cells)} (rows x columns); keep fewer rows or columns, or sample the rows",
            found=f"{_cells(cells)}",
        )


def _cells(n: int) -> str:
    if n >= 10_000_000:
        return f"{n / 1_000_000:,.0f} million cells"
    return f"{n:,} cells"
