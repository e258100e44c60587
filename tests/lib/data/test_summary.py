"""Schema and quality summary."""

from __future__ import annotations

import json

from lib.data import load_table, summarise


def test_summary_counts_missing_distinct_and_balance():
    data = b"id,sex,label,x\n1,f,yes,1.5\n2,m,no,\n3,f,yes,2.5\n4,,yes,2.5\n"
    frame, dataset = load_table(data, name="s.csv")
    summary = summarise(frame, dataset)
    by_name = {c.name: c for c in summary.columns}
    assert by_name["x"].missing == 1 and by_name["x"].missing_pct == 25.0
    assert by_name["sex"].missing == 1 and by_name["sex"].distinct == 2
    assert by_name["label"].role == "label"
    balance = {b.column: b for b in summary.class_balance}
    assert balance["label"].counts == {"yes": 3, "no": 1}
    assert balance["label"].shares["yes"] == 0.75
    assert summary.duplicate_rows == 0


def test_json_and_markdown_outputs():
    frame, dataset = load_table(b"a,b\n1,x\n1,x\n", name="d.csv")
    summary = summarise(frame, dataset)
    payload = json.loads(json.dumps(summary.to_dict()))
    assert payload["rows"] == 2 and payload["duplicate_rows"] == 1
    assert {c["name"] for c in payload["columns"]} == {"a", "b"}
    markdown = summary.to_markdown()
    assert markdown.startswith("# d.csv") and "| a | int64 |" in markdown
