"""Schema and quality summary."""

from __future__ import annotations

import json

import pandas as pd

from lib.data import ColumnRoles, load_table, summarise


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


def _alley() -> tuple[object, object]:
    # Like Ames' Alley: two values, and most rows with none.
    values = ["Grvl"] * 5 + ["Pave"] * 2 + [""] * 93
    data = "id,alley,price\n" + "".join(f"{i},{v},{100 + i}\n" for i, v in enumerate(values))
    return load_table(data.encode(), name="ames.csv")


def test_missing_values_are_counted_beside_the_class_balance():
    frame, dataset = _alley()
    (balance,) = [b for b in summarise(frame, dataset).class_balance if b.column == "alley"]
    assert balance.counts == {"Grvl": 5, "Pave": 2} and balance.missing == 93
    assert balance.shares == {"Grvl": 5 / 7, "Pave": 2 / 7}  # shares of the rows with a value, as before
    bars = balance.with_missing_as_value()
    assert bars.counts == {"Grvl": 5, "Pave": 2, "(missing)": 93}
    assert bars.shares["(missing)"] == 0.93 and sum(bars.shares.values()) == 1.0


def test_the_missing_bar_never_takes_the_name_of_a_real_value():
    frame = pd.DataFrame({"flag": ["(missing)", "yes", None, "yes"], "n": [1, 2, 3, 4]})
    _, dataset = load_table(frame.to_csv(index=False).encode(), name="tricky.csv")
    (balance,) = [b for b in summarise(frame, dataset).class_balance if b.column == "flag"]
    assert balance.missing_label == "((missing))"
    assert balance.with_missing_as_value().counts == {"yes": 2, "(missing)": 1, "((missing))": 1}


def test_json_and_markdown_report_the_missing_rows():
    frame, dataset = _alley()
    summary = summarise(frame, dataset)
    assert summary.to_dict()["class_balance_missing"]["alley"] == 93
    assert summary.to_dict()["class_balance"]["alley"] == {"Grvl": 5, "Pave": 2}
    assert "Missing: 93 rows (93.0 % of all rows)" in summary.to_markdown()


def test_the_confirmed_label_leads_the_class_balance_and_sets_the_roles():
    frame, dataset = load_table(b"a,b,grade\n1,x,A\n0,y,B\n1,x,C\n", name="r.csv")
    roles = ColumnRoles(label="grade", features=("a", "b"))
    summary = summarise(frame, dataset, roles=roles)
    assert summary.class_balance[0].column == "grade"
    assert summary.class_balance[0].counts == {"A": 1, "B": 1, "C": 1}
    assert {c.name: c.role for c in summary.columns} == {"a": "feature", "b": "feature", "grade": "label"}


def test_columns_of_lists_are_summarised_not_refused():
    frame = pd.DataFrame({"tags": [[1, 2], [3], [1, 2]], "n": [1, 2, 3]})
    _, dataset = load_table(b"tags,n\nx,1\ny,2\nx,3\n", name="t.csv")
    summary = summarise(frame, dataset)
    assert {c.name: c.distinct for c in summary.columns} == {"tags": 2, "n": 3}
