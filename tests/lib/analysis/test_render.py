"""Renderers: every text escaped, charts drawn offline as images, numbers readable."""

from __future__ import annotations

import base64
import json

import altair as alt
import pandas as pd
import pytest

from lib.analysis import (
    Bullets,
    Chart,
    Heading,
    KeyFigures,
    Paragraph,
    Verdict,
    chart_png,
    format_number,
    make_provenance,
    render_html,
    render_markdown,
    report,
    table,
)
from lib.analysis._render import mime_bundle

HOSTILE = [
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<!-- comment",
    '"><svg onload=alert(3)>',
    "[click](javascript:alert(4))",
    "`code` | pipe\nnewline",
]


def hostile_report():
    frame = pd.DataFrame({h: [h, 1.5] for h in HOSTILE})
    chart = alt.Chart(pd.DataFrame({"x": HOSTILE, "y": range(len(HOSTILE))})).mark_bar().encode(x="x:N", y="y:Q")
    provenance = make_provenance(parameters={"label": HOSTILE[0]}, input_name=HOSTILE[1], input_sha256="ab" * 32)
    blocks = [
        Heading(HOSTILE[0]),
        Paragraph(" ".join(HOSTILE)),
        Bullets(tuple(HOSTILE)),
        KeyFigures(tuple((h, h) for h in HOSTILE)),
        Verdict("fail", HOSTILE[1], HOSTILE[3]),
        table("t", frame, title=HOSTILE[2], caption=HOSTILE[4]),
        Chart("c", chart, HOSTILE[0], HOSTILE[1]),
    ]
    return report(HOSTILE[3], blocks, provenance=provenance)


def test_html_escapes_every_text_and_runs_no_script():
    html = render_html(hostile_report())
    lowered = html.lower()
    for text in ("<script", "<img src=x", "<svg", "<!-- comment"):
        assert text not in lowered
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert html.count('<img alt="') == 1  # the chart, as an image


def test_markdown_has_no_raw_html_or_links_from_data():
    markdown = render_markdown(hostile_report())
    assert "<script" not in markdown and "<img" not in markdown and "<svg" not in markdown
    assert "](javascript" not in markdown
    table_lines = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert all(line.count(" | ") == table_lines[0].count(" | ") for line in table_lines)


def test_charts_render_to_png_offline_even_past_altairs_row_limit():
    frame = pd.DataFrame({"x": range(12_000), "y": range(12_000)})
    png = chart_png(alt.Chart(frame).mark_point().encode(x="x:Q", y="y:Q"))
    assert png.startswith(b"\x89PNG")
    bundle = mime_bundle(Chart("c", alt.Chart(frame).mark_point().encode(x="x:Q", y="y:Q"), "t"))
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("value", "spec", "text"),
    [
        (0.25000000000000006, None, "0.25"),
        (1234567.4, None, "1,234,567"),
        (3, None, "3"),
        (None, None, "—"),
        (float("nan"), None, "—"),
        (True, None, "yes"),
        (0.0712, ".1%", "7.1%"),
        (1e-9, None, "1e-09"),
    ],
)
def test_numbers_read_well(value, spec, text):
    assert format_number(value, spec) == text


def test_table_formats_and_row_limit():
    block = table("t", pd.DataFrame({"rate": [0.123456] * 5}), formats={"rate": ".2f"}, max_rows=2)
    markdown = render_markdown(report("T", [block]))
    assert "0.12" in markdown and "3 more rows not shown" in markdown
    assert json.dumps(mime_bundle(block))
