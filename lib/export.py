"""Export helpers shared by every report: safe CSV, escaped HTML, Markdown tables, JSON."""

from __future__ import annotations

import html
import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def safe_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``frame`` whose text cells and headers cannot start a formula.

    Numbers are left alone (a negative number is data, not a formula); only text
    cells starting with ``= + - @`` (or tab/CR) are prefixed with ``'``.
    """
    out = frame.copy()
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            out[column] = series.map(neutralise_cell).astype(object)
    return out


def to_csv_bytes(frame: pd.DataFrame, *, index: bool = False) -> bytes:
    """CSV export with formula-looking cells neutralised, UTF-8."""
    return safe_csv_frame(frame).to_csv(index=index).encode("utf-8")


def jsonable(value: Any) -> Any:
    """Convert numpy/pandas scalars and containers to plain JSON types; NaN -> None."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else number
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "to_dict"):
        return jsonable(value.to_dict())
    return value


def to_json(value: Any, *, indent: int | None = 2) -> str:
    """Serialise to strict JSON (no NaN), converting numpy types."""
    return json.dumps(jsonable(value), indent=indent, allow_nan=False, ensure_ascii=False)


def _markdown_cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-style Markdown table with pipes in cells escaped."""
    lines = [
        "| " + " | ".join(_markdown_cell(h) for h in headers) + " |",
        "| " + " | ".join("---" for _ in headers) + " |",
    ]
    lines += ["| " + " | ".join(_markdown_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def escape(text: object) -> str:
    """HTML-escape any user text before it reaches a page or an HTML export."""
    return html.escape(str(text), quote=True)


_HTML_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1f2933}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}th,td{border:1px solid #cbd2d9;padding:.3rem .6rem;text-align:left}
th{background:#f0f4f8}code{background:#f0f4f8;padding:0 .2rem}.fail{color:#b42318}.pass{color:#067647}.warn{color:#b54708}
""".strip()


def html_table(frame: pd.DataFrame) -> str:
    """An escaped HTML table of a DataFrame."""
    return frame.to_html(index=False, escape=True, na_rep="—", border=0)


def html_document(title: str, body_html: str, *, provenance_markdown: str | None = None) -> str:
    """Wrap already-escaped body HTML in a standalone page with a provenance footer."""
    footer = ""
    if provenance_markdown:
        items = [escape(line[2:]) for line in provenance_markdown.splitlines() if line.startswith("- ")]
        footer = "<h2>Provenance</h2><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_HTML_STYLE}</style></head>"
        f"<body><h1>{escape(title)}</h1>{body_html}{footer}</body></html>"
    )
