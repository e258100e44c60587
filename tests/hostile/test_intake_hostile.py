"""Data intake over the hostile corpus: a table and its summary, or one clear message.

Every message lib.data can produce on these files is checked for what a person reads:
one line, the file named, no programming-language representation (``np.int64(1)``),
label values as the file writes them.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from lib.data import (
    binary_labels,
    check_probabilities,
    infer_roles,
    load_table,
    missing_report,
    positive_value_choices,
    require_columns,
    summarise,
)
from lib.errors import InputError
from tests.hostile import corpus

BASES = {
    "predictions": corpus.predictions_table,
    "spend": corpus.spend_table,
    "matrix": corpus.matrix_table,
}
CASES = [(base, case) for base in BASES for case in corpus.HOSTILE_TABLES]
_CODE_LIKE = re.compile(r"\bnp\.\w+\(|numpy\.|dtype\(|Timestamp\(|\bNone\b|Traceback|<class ")


def assert_readable(message: str, *, file: str | None = None) -> None:
    """What a person reads: one line, not too long, no code representations, the file named."""
    assert "\n" not in message and len(message) < 700, message
    assert not _CODE_LIKE.search(message.replace(corpus.HTML, "")), message
    if file is not None:
        assert f"file '{file}'" in message, message


@pytest.mark.parametrize(("base", "case"), CASES, ids=[f"{b}-{c}" for b, c in CASES])
def test_each_hostile_table_is_a_table_with_a_summary_or_one_clear_message(base, case):
    name, data = corpus.HOSTILE_TABLES[case](BASES[base]())
    try:
        frame, dataset = load_table(data, name=name)
    except InputError as error:
        assert_readable(str(error), file=name)
        return
    assert dataset.n_rows == len(frame) >= 1 and dataset.n_columns == frame.shape[1] >= 2
    for note in dataset.notes:
        assert note[:1].isupper() and "\n" not in note, note
        assert_readable(note)
    summary = summarise(frame, dataset)
    payload = json.loads(json.dumps(summary.to_dict(), default=str))
    assert payload["rows"] == len(frame)
    assert summary.to_markdown().startswith(f"# {name}")
    for balance in summary.class_balance:
        assert sum(balance.counts.values()) + balance.missing == len(frame)


@pytest.mark.parametrize(("base", "case"), CASES, ids=[f"{b}-{c}" for b, c in CASES])
def test_validators_on_every_column_return_values_or_one_clear_message(base, case):
    name, data = corpus.HOSTILE_TABLES[case](BASES[base]())
    try:
        frame, _ = load_table(data, name=name)
    except InputError:
        return
    infer_roles(frame)
    missing_report(frame)
    for column in frame.columns:
        positive_value_choices(frame[column])
        for check in (binary_labels, check_probabilities):
            try:
                check(frame[column], file=name, column=column)
            except InputError as error:
                assert_readable(str(error), file=name)
    with pytest.raises(InputError) as caught:
        require_columns(frame, ["no such column"], file=name)
    assert_readable(str(caught.value), file=name)


@pytest.mark.parametrize(
    ("values", "phrase"),
    [
        (np.array([1, 1, 1], dtype=np.int64) + 1, "every row is 2"),
        (pd.Series(["<=50K", "<=50K"]), "every row is '<=50K'"),
        (pd.Series(["<=50K", ">50K", "<=50K"]), "values '<=50K', '>50K'"),
        (pd.Series([np.int64(3), np.int64(4)]), "values 3, 4"),
        (pd.Series(["A", "b", "C"]), "3: 'A', 'b', 'C'"),
    ],
)
def test_label_messages_show_values_as_the_file_writes_them(values, phrase):
    with pytest.raises(InputError) as caught:
        binary_labels(pd.Series(values), file="f.csv", column="y")
    assert phrase in str(caught.value)
    assert_readable(str(caught.value), file="f.csv")


def test_a_positive_value_of_a_numpy_type_is_shown_as_a_number():
    with pytest.raises(InputError) as caught:
        binary_labels(pd.Series([0, 1]), positive=np.int64(7), column="y")
    assert "Expected one of 0, 1; found 7." in str(caught.value)


def test_a_non_numeric_score_is_shown_as_written():
    with pytest.raises(InputError) as caught:
        check_probabilities(pd.Series([0.2, "high"], dtype=object), column="score")
    assert "1 non-numeric value such as 'high'" in str(caught.value)
