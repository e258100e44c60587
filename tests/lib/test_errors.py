"""InputError: one sentence naming the file, the column, what was expected and what was found."""

from __future__ import annotations

from lib.errors import InputError


def test_message_names_file_column_expectation_and_finding():
    error = InputError("the label must be binary", file="a.csv", column="y", expected="two values", found="three")
    assert str(error) == "file 'a.csv', column 'y': the label must be binary. Expected two values; found three."
    assert isinstance(error, ValueError)


def test_with_file_fills_a_missing_file_only():
    bare = InputError("no such column", column="x")
    assert bare.with_file("b.csv").file == "b.csv" and "file 'b.csv'" in str(bare.with_file("b.csv"))
    named = InputError("bad", file="c.csv")
    assert named.with_file("d.csv") is named


def test_whitespace_and_trailing_stops_are_tidied():
    assert str(InputError("too   many\n spaces.")) == "too many spaces."
