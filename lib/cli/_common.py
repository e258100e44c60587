"""Helpers every sub-command shares: reading inputs and writing outputs."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from lib.data import Dataset, load_table
from lib.errors import InputError
from lib.samples import sample_keys


def read_table(source: str) -> tuple[pd.DataFrame, Dataset, bytes]:
    """Load a table from a path, or a bundled sample by its key.

    Returns
    -------
    (pandas.DataFrame, Dataset, bytes)
    """
    path = Path(source)
    if not path.exists() and source in sample_keys():
        from lib.samples import load_sample

        return load_sample(source)
    if not path.is_file():
        raise InputError(
            "no such file",
            file=source,
            expected="a path to a CSV, TSV, Parquet or .xlsx file, or a bundled sample name",
        )
    data = path.read_bytes()
    frame, dataset = load_table(data, name=path.name)
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
