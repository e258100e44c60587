"""Hostile inputs, built in memory: every way a table, a spec or a typed value can be wrong.

Nothing here is a committed binary: each file is made from a small valid input, so the
hostile part is the only thing that differs from a file the command accepts.
"""

from __future__ import annotations

import codecs
import io
import json
import random
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

HTML = "<script>alert('x')</script>"
FORMULAS = ("=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)")


# ---- valid inputs each command starts from ----


def predictions_table(n: int = 80, *, seed: int = 0) -> pd.DataFrame:
    """Labels, scores, predictions and a sensitive group: what audits and explanations read."""
    rng = np.random.default_rng(seed)
    group = np.array(["a", "b", "c", "d"])[np.arange(n) % 4]
    score = np.round(rng.uniform(0.01, 0.99, n), 3)
    label = (rng.uniform(size=n) < score).astype(int)
    return pd.DataFrame(
        {
            "label": label,
            "score": score,
            "pred": (score > 0.5).astype(int),
            "group": group,
            "x1": np.round(rng.normal(size=n), 3),
            "x2": rng.integers(0, 100, n),
        }
    )


def spend_table() -> pd.DataFrame:
    """Three months of spend for two teams, the columns the spend analyser reads."""
    rows = []
    for month in ("2025-01-01", "2025-02-01", "2025-03-01"):
        for team, util in (("ads", 0.8), ("search", 0.05)):
            rows.append((month, team, f"{team}-model", "training", f"{team} cluster", 1000.0, util, None))
            rows.append((month, team, f"{team}-model", "inference", f"{team} endpoint", 500.0, util, 1_000_000))
    return pd.DataFrame(
        rows, columns=["date", "team", "project", "category", "resource", "cost", "gpu_utilisation", "predictions"]
    )


def matrix_table() -> pd.DataFrame:
    """A decision matrix: criteria with weights, one column of 1-5 scores per option."""
    return pd.DataFrame(
        {"criterion": ["edge", "speed", "cost"], "weight": [5, 3, 2], "Build": [5, 2, 3], "Buy": [2, 5, 4]}
    )


def judgements_table() -> pd.DataFrame:
    """AHP judgements: first, second and how many times more important the first is."""
    return pd.DataFrame({"first": ["cost", "cost", "speed"], "second": ["speed", "edge", "edge"], "times": [3, 5, 2]})


# ---- file writers ----


def csv_bytes(frame: pd.DataFrame, **options: object) -> bytes:
    return frame.to_csv(index=False, **options).encode("utf-8")


def parquet_bytes(frame: pd.DataFrame | pa.Table) -> bytes:
    buffer = io.BytesIO()
    table = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, buffer)
    return buffer.getvalue()


def xlsx_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, engine="openpyxl")
    return buffer.getvalue()


# ---- hostile tables: each takes the command's valid table and returns (file name, bytes) ----


def _first_text_column(frame: pd.DataFrame) -> str:
    texts = [c for c in frame.columns if frame[c].dtype == object]
    return texts[-1] if texts else frame.columns[-1]


def _first_number_column(frame: pd.DataFrame) -> str:
    numbers = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    return numbers[-1] if numbers else frame.columns[-1]


def _with_cells(frame: pd.DataFrame, column: str, values: list[object]) -> pd.DataFrame:
    changed = frame.copy().astype({column: object})
    for row, value in enumerate(values):
        changed.iat[row % len(changed), changed.columns.get_loc(column)] = value
    return changed


def _nested_parquet(frame: pd.DataFrame) -> bytes:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    lists = pa.array([[i, i + 1] for i in range(len(frame))])
    return parquet_bytes(table.append_column("nested", lists))


def _dictionary_parquet(frame: pd.DataFrame) -> bytes:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    column = _first_text_column(frame)
    index = table.column_names.index(column)
    encoded = table.column(index).cast(pa.string()).dictionary_encode()
    return parquet_bytes(table.set_column(index, column, encoded))


def _tail_garbage(frame: pd.DataFrame) -> bytes:
    data = parquet_bytes(frame)
    return data[: len(data) // 2] + b"\x00\xff" * 20 + data[-8:]


def _many_columns(frame: pd.DataFrame) -> bytes:
    extra = pd.DataFrame(np.zeros((len(frame), 1500), dtype=np.int8), columns=[f"c{i}" for i in range(1500)])
    return csv_bytes(pd.concat([frame, extra], axis=1))


def _random_bytes(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


TableMaker = Callable[[pd.DataFrame], tuple[str, bytes]]

HOSTILE_TABLES: dict[str, TableMaker] = {
    "empty": lambda f: ("empty.csv", b""),
    "blank lines": lambda f: ("blank.csv", b" \r\n\n\t\n"),
    "header only": lambda f: ("header.csv", csv_bytes(f.head(0))),
    "NUL byte in a cell": lambda f: ("nul.csv", csv_bytes(f).replace(b"\n", b"\x00\n", 2)),
    "NUL bytes only": lambda f: ("nuls.csv", b"\x00" * 256),
    "random bytes": lambda f: ("random.csv", _random_bytes(4096, 1)),
    "random bytes as parquet": lambda f: ("random.parquet", b"PAR1" + _random_bytes(512, 2) + b"PAR1"),
    "random bytes as xlsx": lambda f: ("random.xlsx", b"PK\x03\x04" + _random_bytes(512, 3)),
    "UTF-16 with a byte-order mark": lambda f: ("utf16.csv", f.to_csv(index=False).encode("utf-16")),
    "UTF-16 without a mark": lambda f: ("utf16le.csv", f.to_csv(index=False).encode("utf-16-le")),
    "UTF-8 with a mark and CRLF": lambda f: ("bom.csv", codecs.BOM_UTF8 + csv_bytes(f, lineterminator="\r\n")),
    "Latin-1 text": lambda f: (
        "latin1.csv",
        _with_cells(f, _first_text_column(f), ["Málaga", "Besançon"]).to_csv(index=False).encode("latin-1"),
    ),
    "semicolons": lambda f: ("semi.csv", csv_bytes(f, sep=";")),
    "ragged row": lambda f: ("ragged.csv", csv_bytes(f) + b"1,2,3,4,5,6,7,8,9,10,11\n"),
    "short row": lambda f: ("short.csv", csv_bytes(f) + b"1\n"),
    "unclosed quote": lambda f: ("quote.csv", csv_bytes(f) + b'"never closed,1\n'),
    "huge numbers": lambda f: (
        "huge.csv",
        csv_bytes(_with_cells(f, _first_number_column(f), ["1e400", "-1e400", "9" * 40, "1e308", "-0"])),
    ),
    "inf and nan": lambda f: (
        "infnan.csv",
        csv_bytes(_with_cells(f, _first_number_column(f), ["inf", "-inf", "nan", "NaN", "Infinity"])),
    ),
    "numbers as text": lambda f: (
        "text_numbers.csv",
        csv_bytes(_with_cells(f, _first_number_column(f), ["twelve", "1,5", "0x1F", "1e", "—"])),
    ),
    "column all missing": lambda f: ("missing.csv", csv_bytes(f.assign(**{f.columns[1]: np.nan}))),
    "every cell missing": lambda f: ("allmissing.csv", csv_bytes(f.map(lambda v: None))),
    "formula cells": lambda f: ("formulas.csv", csv_bytes(_with_cells(f, _first_text_column(f), list(FORMULAS)))),
    "HTML in cells": lambda f: ("html_cells.csv", csv_bytes(_with_cells(f, _first_text_column(f), [HTML, "<b>x</b>"]))),
    "HTML in a column name": lambda f: ("html_name.csv", csv_bytes(f.rename(columns={f.columns[-1]: HTML}))),
    "HTML file name": lambda f: (f"{HTML}.csv", csv_bytes(f)),
    "duplicate column names": lambda f: (
        "dup.csv",
        csv_bytes(f).replace(f.columns[1].encode(), f.columns[0].encode(), 1),
    ),
    "names differing by spaces": lambda f: (
        "spaces.csv",
        csv_bytes(f.rename(columns={f.columns[1]: f" {f.columns[0]} "})),
    ),
    "single column": lambda f: ("one.csv", csv_bytes(f.iloc[:, :1])),
    "single row": lambda f: ("row.csv", csv_bytes(f.head(1))),
    "two rows": lambda f: ("two.csv", csv_bytes(f.head(2))),
    "one value everywhere": lambda f: ("constant.csv", csv_bytes(f.map(lambda v: 1))),
    "long cell": lambda f: ("long.csv", csv_bytes(_with_cells(f, _first_text_column(f), ["x" * 200_000]))),
    "many columns": lambda f: ("wide.csv", _many_columns(f)),
    "text named parquet": lambda f: ("text.parquet", csv_bytes(f)),
    "truncated parquet": lambda f: ("cut.parquet", parquet_bytes(f)[:-30]),
    "garbage inside parquet": lambda f: ("garbage.parquet", _tail_garbage(f)),
    "parquet without rows": lambda f: ("norows.parquet", parquet_bytes(f.head(0))),
    "parquet with nested values": lambda f: ("nested.parquet", _nested_parquet(f)),
    "parquet with dictionaries": lambda f: ("dict.parquet", _dictionary_parquet(f)),
    "valid parquet": lambda f: ("valid.parquet", parquet_bytes(f)),
    "valid xlsx": lambda f: ("valid.xlsx", xlsx_bytes(f)),
    "xlsx with formulas and HTML": lambda f: (
        "formulas.xlsx",
        xlsx_bytes(_with_cells(f, _first_text_column(f), ["=1+1", "=A1/0", HTML])),
    ),
    "xlsx header only": lambda f: ("header.xlsx", xlsx_bytes(f.head(0))),
    "damaged xlsx": lambda f: ("damaged.xlsx", b"PK\x03\x04" + b"\x00" * 64),
    "legacy xls": lambda f: ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
    "gzip named csv": lambda f: ("zipped.csv", b"\x1f\x8b\x08\x00" + _random_bytes(64, 4)),
    "unsupported extension": lambda f: ("table.pdf", b"%PDF-1.4 not a table"),
}


# ---- hostile JSON documents: each takes a valid spec (a dict) and returns bytes ----


def _deep_list(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _deep_dict(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


def _replace_first_number(spec: object, value: str) -> bytes:
    """The spec's text with its first number written as ``value`` (JSON that json.dumps cannot make)."""
    text = json.dumps(spec)
    marker = "__HOSTILE__"

    def swap(item: object) -> tuple[object, bool]:
        if isinstance(item, bool):
            return item, False
        if isinstance(item, (int, float)):
            return marker, True
        if isinstance(item, dict):
            for key, child in item.items():
                new, done = swap(child)
                if done:
                    return {**item, key: new}, True
        if isinstance(item, list):
            for index, child in enumerate(item):
                new, done = swap(child)
                if done:
                    return [*item[:index], new, *item[index + 1 :]], True
        return item, False

    swapped, done = swap(spec)
    if not done:
        return text.encode()
    return json.dumps(swapped).replace(f'"{marker}"', value).encode()


def _duplicate_first_key(spec: object) -> bytes:
    text = json.dumps(spec)
    if not (isinstance(spec, dict) and spec):
        return b'{"a": 1, "a": 2}'
    key = next(iter(spec))
    return ("{" + f'"{key}": "first", ' + text[1:]).encode()


JsonMaker = Callable[[object], bytes]

HOSTILE_JSON: dict[str, JsonMaker] = {
    "empty": lambda s: b"",
    "null": lambda s: b"null",
    "a list": lambda s: b"[]",
    "a string": lambda s: b'"spec"',
    "a number": lambda s: b"42",
    "empty object": lambda s: b"{}",
    "deeply nested lists": lambda s: _deep_list(100_000),
    "deeply nested objects": lambda s: _deep_dict(5_000),
    "nested 60 levels": lambda s: _deep_list(60),
    "huge integer": lambda s: _replace_first_number(s, "9" * 5000),
    "NaN": lambda s: _replace_first_number(s, "NaN"),
    "Infinity": lambda s: _replace_first_number(s, "Infinity"),
    "-Infinity": lambda s: _replace_first_number(s, "-Infinity"),
    "1e400": lambda s: _replace_first_number(s, "1e400"),
    "negative": lambda s: _replace_first_number(s, "-1"),
    "zero": lambda s: _replace_first_number(s, "0"),
    "a string for a number": lambda s: _replace_first_number(s, '"12"'),
    "duplicate keys": _duplicate_first_key,
    "unknown key": lambda s: json.dumps({**s, "surprise": 1} if isinstance(s, dict) else s).encode(),
    "HTML in every string": lambda s: json.dumps(_strings_to(s, HTML)).encode(),
    "UTF-16": lambda s: json.dumps(s).encode("utf-16"),
    "UTF-8 with a mark": lambda s: codecs.BOM_UTF8 + json.dumps(s).encode(),
    "Latin-1 bytes": lambda s: json.dumps(_strings_to(s, "Málaga"), ensure_ascii=False).encode("latin-1"),
    "trailing garbage": lambda s: json.dumps(s).encode() + b" }{",
    "truncated": lambda s: json.dumps(s).encode()[:-3],
    "NUL bytes": lambda s: b"\x00" * 64,
    "random bytes": lambda s: _random_bytes(1024, 5),
    "huge list": lambda s: json.dumps(_lists_to(s, list(range(200_000)))).encode(),
}


def _strings_to(item: object, text: str) -> object:
    if isinstance(item, str):
        return text
    if isinstance(item, dict):
        return {k: _strings_to(v, text) for k, v in item.items()}
    if isinstance(item, list):
        return [_strings_to(v, text) for v in item]
    return item


def _lists_to(item: object, replacement: list[object]) -> object:
    if isinstance(item, dict):
        return {k: _lists_to(v, replacement) for k, v in item.items()}
    if isinstance(item, list):
        return replacement
    return item


# ---- hostile values typed on the command line, and hostile answers ----

HOSTILE_VALUES = (
    "",
    "nan",
    "inf",
    "-inf",
    "1e400",
    "-1",
    "0",
    "9" * 400,
    "abc",
    HTML,
    "1,000",
    "a\nb",
    "--",
    "../../etc/passwd",
)
# One hostile value of each sort: not a number, a number out of every range, markup, a path.
HOSTILE_VALUE_SORTS = ("", "nan", "inf", "0", "-1", "9" * 400, HTML, "../../etc/passwd")

HOSTILE_TEXTS: dict[str, bytes] = {
    "empty": b"",
    "NUL bytes": b"\x00" * 64,
    "random bytes": _random_bytes(2048, 6),
    "UTF-16": "Situation: cost went from $0.42 to $0.19.".encode("utf-16"),
    "Latin-1": "Situación: el coste bajó un 40 %.".encode("latin-1"),
    "HTML": f"{HTML} {FORMULAS[0]}".encode(),
    "very long": b"word " * 400_000,
    "one enormous word": b"x" * 1_000_000,
}
