"""Renderers: a :class:`Report` as Markdown, HTML or JSON, and its blocks for Jupyter.

HTML is self-contained and safe for any data: every text is escaped, tables are
built cell by cell, and charts are embedded as PNG images rendered here (a data
URI in an ``<img>`` runs no script), so no value or column name can end an
element or inject markup. Markdown escapes the characters that would start raw
HTML or a link.
"""

from __future__ import annotations

import base64
import html
import json
import math
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from lib.analysis._report import (
    Block,
    Bullets,
    Chart,
    Heading,
    KeyFigures,
    Paragraph,
    ProvenanceBlock,
    Report,
    Table,
    Verdict,
)

_STATUS_WORDS = {
    "pass": "Pass",
    "fail": "Fail",
    "insufficient": "Insufficient evidence",
    "info": "Note",
    "warning": "Warning",
    "error": "Error",
    "success": "Done",
}


# --- numbers and text ---------------------------------------------------------------------------


def format_number(value: Any, spec: str | None = None) -> str:
    """Readable text for one cell: a format spec when given, else a sensible default.

    Parameters
    ----------
    value : object
    spec : str, optional
        A Python format spec (``".3f"``, ``",.0f"``, ``".1%"``).

    Returns
    -------
    str

    Examples
    --------
    >>> format_number(0.25000000000000006)
    '0.25'
    >>> format_number(1234567.891)
    '1,234,568'
    >>> format_number(None)
    '—'
    >>> format_number(0.1234, ".1%")
    '12.3%'
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return "—"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return format(int(value), spec or ",")
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if math.isnan(number):
            return "—"
        if math.isinf(number):
            return "∞" if number > 0 else "-∞"
        if spec:
            return format(number, spec)
        if abs(number) >= 1000 or number.is_integer():
            return f"{number:,.0f}"
        return f"{number:.4g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(format_number(v) for v in value)
    return str(value)


def escape_html(text: object) -> str:
    """HTML-escape any text (quotes too)."""
    return html.escape(str(text), quote=True)


# "$" would start mathematics in Streamlit's Markdown (and in Jupyter's).
_MARKDOWN_SPECIALS = str.maketrans({"\\": "\\\\", "`": "\\`", "<": "&lt;", ">": "&gt;", "&": "&amp;", "$": "\\$"})
# A bracket only starts a link when a parenthesis, a bracket or a colon follows it.
_LINK_OPENERS = (("](", "]\\("), ("][", "]\\["), ("]:", "]\\:"))


def escape_markdown(text: object) -> str:
    r"""Escape text for Markdown: no raw HTML, no links or code spans from data; brackets otherwise kept.

    Examples
    --------
    >>> escape_markdown("<img src=x onerror=alert(1)> [a](javascript:x)")
    '&lt;img src=x onerror=alert(1)&gt; [a]\\(javascript:x)'
    >>> escape_markdown("interval [0.1, 0.2]")
    'interval [0.1, 0.2]'
    """
    escaped = str(text).translate(_MARKDOWN_SPECIALS)
    for opener, safe in _LINK_OPENERS:
        escaped = escaped.replace(opener, safe)
    return escaped


def _markdown_cell(text: str) -> str:
    return escape_markdown(text).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def formatted_frame(block: Table) -> pd.DataFrame:
    """The table's cells as display text, formats applied (at most ``max_rows`` rows)."""
    frame = block.frame.head(block.max_rows)
    out = pd.DataFrame(index=range(len(frame)))
    for column in frame.columns:
        spec = block.formats.get(str(column))
        out[str(column)] = [format_number(v, spec) for v in frame[column].tolist()]
    return out


def _hidden_rows_note(block: Table) -> str | None:
    hidden = len(block.frame) - block.max_rows
    return f"{hidden:,} more rows not shown." if hidden > 0 else None


# --- charts ---------------------------------------------------------------------------------------


def chart_spec(chart: Any) -> dict[str, Any]:
    """The Vega-Lite specification of a chart, data inlined (no row limit)."""
    if isinstance(chart, dict):
        return chart
    import altair as alt

    with alt.data_transformers.disable_max_rows():
        return chart.to_dict()


@lru_cache(maxsize=64)
def _png_of(spec_json: str) -> bytes:
    import altair as alt
    import vl_convert as vlc

    wanted = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
    version = wanted if wanted in vlc.get_vegalite_versions() else None
    return vlc.vegalite_to_png(json.loads(spec_json), vl_version=version, scale=2)


def chart_png(chart: Any) -> bytes:
    """A chart rendered to PNG, here and offline (no browser, no network).

    Parameters
    ----------
    chart : altair.Chart or dict

    Returns
    -------
    bytes
    """
    return _png_of(json.dumps(chart_spec(chart), sort_keys=True, default=str))


def chart_png_base64(chart: Any) -> str:
    """The chart's PNG, base64-encoded (for data URIs and notebook outputs)."""
    return base64.b64encode(chart_png(chart)).decode("ascii")


# --- Markdown -------------------------------------------------------------------------------------


def _table_markdown(block: Table) -> list[str]:
    lines: list[str] = []
    if block.title:
        lines += [f"**{escape_markdown(block.title)}**", ""]
    shown = formatted_frame(block)
    if shown.empty and not len(shown.columns):
        lines.append("_No rows._")
    else:
        lines.append("| " + " | ".join(_markdown_cell(c) for c in shown.columns) + " |")
        lines.append("| " + " | ".join("---" for _ in shown.columns) + " |")
        for row in shown.itertuples(index=False):
            lines.append("| " + " | ".join(_markdown_cell(v) for v in row) + " |")
        if shown.empty:
            lines.append("")
            lines.append("_No rows._")
    for note in (_hidden_rows_note(block), block.caption):
        if note:
            lines += ["", escape_markdown(note)]
    return lines


def provenance_items(block: ProvenanceBlock) -> list[str]:
    """Plain-text lines saying how the result was made (inputs, seed, time, parameters, software)."""
    p = block.provenance
    items = []
    inputs = p.inputs or ({"data": {"name": p.input_name, "sha256": p.input_sha256}} if p.input_sha256 else {})
    for role, item in inputs.items():
        items.append(f"Input ({role}): {item.get('name') or 'unnamed'}, sha256 {item.get('sha256') or '—'}")
    if p.seed is not None:
        items.append(f"Seed: {p.seed}")
    items.append(f"Created: {p.created_at}")
    if p.parameters:
        items.append(f"Parameters: {json.dumps(p.parameters, ensure_ascii=False, default=str)}")
    items.append("Software: " + ", ".join(f"{k} {v}" for k, v in p.library_versions.items()))
    return items


def _block_markdown(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return ["#" * max(2, min(block.level, 4)) + " " + escape_markdown(block.text)]
    if isinstance(block, Paragraph):
        return [escape_markdown(block.text)]
    if isinstance(block, Bullets):
        return [f"- {escape_markdown(item)}" for item in block.items]
    if isinstance(block, KeyFigures):
        return [f"- **{escape_markdown(label)}**: {escape_markdown(value)}" for label, value in block.items]
    if isinstance(block, Verdict):
        head = f"**{_STATUS_WORDS.get(block.status, block.status)}: {escape_markdown(block.title)}**"
        return [head + (f" {escape_markdown(block.text)}" if block.text else "")]
    if isinstance(block, Table):
        return _table_markdown(block)
    if isinstance(block, Chart):
        text = f"_Chart: {escape_markdown(block.title)}_"
        return [text + (f" — {escape_markdown(block.description)}" if block.description else "")]
    if isinstance(block, ProvenanceBlock):
        return ["## Provenance", "", *[f"- {escape_markdown(i)}" for i in provenance_items(block)]]
    raise TypeError(f"unknown report block {type(block).__name__}")


def render_markdown(report: Report) -> str:
    """The report as Markdown (charts named, not drawn; HTML and notebooks draw them).

    Parameters
    ----------
    report : Report

    Returns
    -------
    str
    """
    lines = [f"# {escape_markdown(report.title)}", ""]
    for block in report.blocks:
        lines += [*_block_markdown(block), ""]
    return "\n".join(lines).rstrip() + "\n"


# --- HTML -----------------------------------------------------------------------------------------

_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1040px;margin:2rem auto;padding:0 1rem;color:#1f2933;line-height:1.45}
table{border-collapse:collapse;margin:.6rem 0;font-size:.88rem}th,td{border:1px solid #cbd2d9;padding:.3rem .55rem;text-align:left;vertical-align:top}
th{background:#f0f4f8}td.num{text-align:right;font-variant-numeric:tabular-nums}caption{caption-side:bottom;text-align:left;color:#52606d;font-size:.82rem;padding-top:.3rem}
.verdict{border-left:4px solid #7b8794;padding:.4rem .8rem;margin:.6rem 0;background:#f5f7fa}.verdict.pass,.verdict.success{border-color:#067647}
.verdict.fail,.verdict.error{border-color:#b42318}.verdict.insufficient,.verdict.warning{border-color:#b54708}
.figures{display:flex;flex-wrap:wrap;gap:.6rem}.figure{border:1px solid #cbd2d9;border-radius:6px;padding:.4rem .8rem;min-width:9rem}
.figure .label{color:#52606d;font-size:.8rem}.figure .value{font-size:1.25rem;font-weight:600}
figure{margin:1rem 0}figure img{max-width:100%;height:auto}figcaption{color:#52606d;font-size:.85rem}
.provenance{color:#52606d;font-size:.82rem;word-break:break-all}
@media print{body{max-width:none;margin:0}table,figure,.verdict,.figures{page-break-inside:avoid}h2,h3{page-break-after:avoid}}
""".strip()


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def table_html(block: Table) -> str:
    """An escaped HTML table of the block (numbers right-aligned, caption under it)."""
    shown = formatted_frame(block)
    numeric = {str(c) for c in block.frame.columns if _is_numeric(block.frame[c])}
    head = "".join(f"<th>{escape_html(c)}</th>" for c in shown.columns)
    rows = []
    for row in shown.itertuples(index=False):
        cells = "".join(
            f'<td class="num">{escape_html(v)}</td>' if c in numeric else f"<td>{escape_html(v)}</td>"
            for c, v in zip(shown.columns, row, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    notes = " ".join(n for n in (_hidden_rows_note(block), block.caption) if n)
    caption = f"<caption>{escape_html(notes)}</caption>" if notes else ""
    title = f"<h3>{escape_html(block.title)}</h3>" if block.title else ""
    body = "".join(rows) if rows else f'<tr><td colspan="{max(len(shown.columns), 1)}">No rows.</td></tr>'
    return f"{title}<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def chart_html(block: Chart) -> str:
    """The chart as an embedded PNG with its title and description."""
    alt_text = escape_html(block.description or block.title)
    image = f'<img alt="{alt_text}" src="data:image/png;base64,{chart_png_base64(block.chart)}">'
    caption = escape_html(block.title + (f" — {block.description}" if block.description else ""))
    return f"<figure>{image}<figcaption>{caption}</figcaption></figure>"


def _provenance_html(block: ProvenanceBlock) -> str:
    items = "".join(f"<li>{escape_html(i)}</li>" for i in provenance_items(block))
    return f'<h2>Provenance</h2><ul class="provenance">{items}</ul>'


def _block_html(block: Block) -> str:
    if isinstance(block, Heading):
        level = max(2, min(block.level, 4))
        return f"<h{level}>{escape_html(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p>{escape_html(block.text)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{escape_html(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, KeyFigures):
        cells = "".join(
            f'<div class="figure"><div class="label">{escape_html(label)}</div>'
            f'<div class="value">{escape_html(value)}</div></div>'
            for label, value in block.items
        )
        return f'<div class="figures">{cells}</div>'
    if isinstance(block, Verdict):
        word = _STATUS_WORDS.get(block.status, block.status)
        text = f" {escape_html(block.text)}" if block.text else ""
        return (
            f'<div class="verdict {escape_html(block.status)}"><strong>{escape_html(word)}: '
            f"{escape_html(block.title)}</strong>{text}</div>"
        )
    if isinstance(block, Table):
        return table_html(block)
    if isinstance(block, Chart):
        return chart_html(block)
    if isinstance(block, ProvenanceBlock):
        return _provenance_html(block)
    raise TypeError(f"unknown report block {type(block).__name__}")


def render_html_fragment(report: Report) -> str:
    """The report's body as HTML (for Jupyter and for embedding)."""
    return f"<h1>{escape_html(report.title)}</h1>" + "".join(_block_html(b) for b in report.blocks)


def render_html(report: Report) -> str:
    """The report as a standalone, self-contained HTML page.

    Parameters
    ----------
    report : Report

    Returns
    -------
    str
    """
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"
        f"<title>{escape_html(report.title)}</title><style>{_STYLE}</style></head>"
        f"<body>{render_html_fragment(report)}</body></html>\n"
    )


# --- JSON -----------------------------------------------------------------------------------------


def report_payload(report: Report) -> dict[str, Any]:
    """What the JSON renderer writes: the result's ``to_dict()`` (the CLI's ``--format json``)."""
    if report.result is not None:
        return report.result.to_dict()
    raise ValueError("a report without a result has no JSON form")


def render_json(report: Report) -> str:
    """The result behind the report as strict, indented JSON (exactly ``--format json``).

    Parameters
    ----------
    report : Report

    Returns
    -------
    str
    """
    return json.dumps(report_payload(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# --- Jupyter --------------------------------------------------------------------------------------


def mime_bundle(block: Table | Chart) -> dict[str, str]:
    """The MIME bundle that shows a table or chart in Jupyter (also stored in exported notebooks).

    Parameters
    ----------
    block : Table or Chart

    Returns
    -------
    dict
        ``text/html`` for tables, ``image/png`` (base64) for charts, and ``text/plain``.
    """
    if isinstance(block, Table):
        text = formatted_frame(block).to_string(index=False, max_rows=20)
        return {"text/html": table_html(block), "text/plain": text}
    return {"image/png": chart_png_base64(block.chart), "text/plain": f"<chart: {block.title}>"}


class DisplayBlock:
    """A table or chart that Jupyter shows richly (see :meth:`Report.show`)."""

    def __init__(self, block: Table | Chart) -> None:
        self.block = block

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return mime_bundle(self.block)

    def __repr__(self) -> str:
        return mime_bundle(self.block)["text/plain"]
