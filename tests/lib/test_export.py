"""Exports: CSV injection, HTML escaping, strict JSON, Markdown tables."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from lib.export import escape, html_document, html_table, markdown_table, safe_csv_frame, to_csv_bytes, to_json


def test_formula_cells_are_neutralised_numbers_are_not():
    frame = pd.DataFrame({"=cmd": ["=1+1", "+x", "-y", "@z", "ok", "\tq"], "n": [-1, 2, 3, 4, 5, 6]})
    out = safe_csv_frame(frame)
    assert out.columns[0] == "'=cmd"
    assert out.iloc[:, 0].tolist() == ["'=1+1", "'+x", "'-y", "'@z", "ok", "'\tq"]
    assert out["n"].tolist() == [-1, 2, 3, 4, 5, 6]
    text = to_csv_bytes(frame).decode()
    assert "\n'=1+1," in text and ",-1\n" in text


def test_html_is_escaped():
    assert escape("<script>alert('x')</script>") == "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    table = html_table(pd.DataFrame({"a": ["<b>bold</b>"]}))
    assert "<b>bold" not in table and "&lt;b&gt;" in table
    page = html_document("<Title>", "<p>ok</p>", provenance_markdown="## Provenance\n\n- Seed: <1>\n")
    assert "<title>&lt;Title&gt;</title>" in page and "<li>Seed: &lt;1&gt;</li>" in page


def test_json_is_strict_and_converts_numpy():
    payload = json.loads(
        to_json({"a": np.float64("nan"), "b": np.int32(3), "c": np.array([1.5]), "d": (1, 2), "e": np.bool_(True)})
    )
    assert payload == {"a": None, "b": 3, "c": [1.5], "d": [1, 2], "e": True}


def test_markdown_table_escapes_pipes():
    table = markdown_table(["a", "b"], [["x|y", 1]])
    assert table.splitlines() == ["| a | b |", "| --- | --- |", "| x\\|y | 1 |"]
