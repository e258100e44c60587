"""Helpers every sub-command shares: reading inputs and writing outputs.

Every sub-command imports this module to register itself, so it imports nothing heavy:
pandas, the readers and the renderers load when a command runs, and ``--help`` or a
calculator answers in about the time Python takes to start.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lib.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from lib.analysis import Spec, TableSource
    from lib.data import Dataset

EXIT_OK, EXIT_GATE_FAILED = 0, 1
#: The formats ``emit`` writes; the same as :data:`lib.analysis.EXPORT_FORMATS` (a test holds them equal),
#: written here so registering a command does not load the renderers.
EXPORT_FORMATS: tuple[str, ...] = ("json", "md", "html", "ipynb", "py")


def read_table(source: str) -> tuple[pd.DataFrame, Dataset, bytes]:
    """Load a table from a path, or a bundled sample by its key.

    A path's size is checked before it is read; bundled samples are never held to the
    lowered limit of ``DECISION_DESK_MAX_UPLOAD_MB``.

    Returns
    -------
    (pandas.DataFrame, Dataset, bytes)
    """
    from lib.data import check_file_size, load_table

    path = Path(source)
    if not path.exists() and _is_sample(source):
        return _read_sample(source)
    if not path.is_file():
        raise InputError(
            "no such file",
            file=source,
            expected="a path to a CSV, TSV, Parquet or .xlsx file, or a bundled sample name",
        )
    check_file_size(path.stat().st_size, name=path.name)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"the file cannot be read ({error.strerror})", file=path.name) from None
    frame, dataset = load_table(data, name=path.name)
    return frame, dataset, data


def file_bytes(path: Path) -> bytes:
    """A file's bytes, refused up front when it is larger than the reader accepts (see ``check_file_size``)."""
    from lib.data import check_file_size

    check_file_size(path.stat().st_size, name=path.name)
    return path.read_bytes()


def read_source(location: str) -> TableSource:
    """A table input from a path or a bundled sample's key (its size checked before reading)."""
    from lib.analysis import TableSource, table_source

    path = Path(location)
    if not path.exists() and _is_sample(location):
        frame, dataset, _ = _read_sample(location)
        return TableSource(frame, dataset.name, dataset.sha256, location=location, roles=dataset.roles)
    if path.is_file():
        from lib.data import check_file_size

        check_file_size(path.stat().st_size, name=path.name)
    return table_source(location)


def _is_sample(key: str) -> bool:
    from lib.samples import sample_keys

    return key in sample_keys()


def _read_sample(key: str) -> tuple[pd.DataFrame, Dataset, bytes]:
    """A bundled sample through the same reader, held to the app's ceiling rather than a lowered limit."""
    from lib.data import CEILING_MB, load_table
    from lib.samples import get_sample

    data, file_name = get_sample(key).read_bytes()
    frame, dataset = load_table(data, name=file_name, max_bytes=CEILING_MB * 1024 * 1024)
    return frame, dataset, data


def write_output(text: str, out: str | None = None) -> None:
    """Print ``text`` to stdout, or write it to ``out`` when given."""
    if not text.endswith("\n"):
        text += "\n"
    if out:
        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as error:
            raise InputError(f"cannot write the output file ({error.strerror})", file=out) from error
    else:
        print(text, end="")


def add_format_option(parser: argparse.ArgumentParser, choices: tuple[str, ...], default: str = "json") -> None:
    """Add ``--format`` with the given choices."""
    parser.add_argument("--format", choices=choices, default=default, help=f"output format (default {default})")


def add_export_options(parser: argparse.ArgumentParser, *, formats: tuple[str, ...] = EXPORT_FORMATS) -> None:
    """Add ``--format`` (json, md, html, ipynb, py) and ``--out`` to an analysis command."""
    parser.add_argument(
        "--format",
        choices=formats,
        default="json",
        help="json (default), md, html, ipynb (a notebook that re-runs the analysis) or py (its py:percent twin)",
    )
    parser.add_argument("--out", metavar="FILE", help="write the output to a file instead of stdout")


def notebook_location(location: str, out: str | None) -> str:
    """Where a notebook written to ``out`` finds an input: a sample key as is, a path relative to the notebook."""
    path = Path(location)
    if not path.exists():
        return location  # a bundled sample's key
    start = Path(out).resolve().parent if out else Path.cwd()
    try:
        return os.path.relpath(path.resolve(), start)
    except ValueError:  # another drive on Windows
        return str(path.resolve())


def emit(spec: Spec, result: Any, args: argparse.Namespace, *, locations: dict[str, str] | None = None) -> None:
    """Write an analysis in the format the command line asked for (to ``--out`` or stdout).

    Parameters
    ----------
    spec : Spec
    result : Result
    args : argparse.Namespace
        With ``format`` and ``out``.
    locations : dict, optional
        Role -> path or sample key as typed; notebooks get paths relative to ``--out``.
    """
    from lib.analysis import export_analysis

    out = getattr(args, "out", None)
    where = {role: notebook_location(value, out) for role, value in (locations or {}).items()}
    write_output(export_analysis(spec, result, args.format, locations=where), out)
