"""MATRIX.csv / MATRIX.json round trips and bad files."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lib.decision import build_matrix, matrix_to_csv, matrix_to_json, parse_weights_option, read_matrix
from lib.decision.presets import get_preset
from lib.errors import InputError

CSV = b"criterion,weight,Build,Buy,Partner\nedge,5,5,2,3\nspeed,3,2,5,3\ncost,2,3,4,3\n"


def test_csv_reads_the_documented_layout():
    m = read_matrix(CSV, name="MATRIX.csv")
    assert m.options == ("Build", "Buy", "Partner")
    assert m.criteria == ("edge", "speed", "cost")
    np.testing.assert_allclose(m.normalised_weights, [0.5, 0.3, 0.2])
    np.testing.assert_allclose(m.scores[:, 0], [5, 2, 3])


def test_json_reads_the_documented_layout():
    payload = {
        "options": ["Build", "Buy"],
        "criteria": [{"name": "edge", "weight": 2}, {"name": "cost", "weight": 1}],
        "scores": {"Build": {"edge": 5, "cost": 2}, "Buy": {"edge": 2, "cost": 5}},
    }
    m = read_matrix(json.dumps(payload).encode(), name="MATRIX.json")
    np.testing.assert_allclose(m.scores, [[5, 2], [2, 5]])
    np.testing.assert_allclose(m.normalised_weights, [2 / 3, 1 / 3])


@pytest.mark.parametrize("key", ["core_logic", "llm_sourcing"])
def test_round_trips(key):
    m = get_preset(key).matrix()
    for data, name in ((matrix_to_csv(m), "MATRIX.csv"), (matrix_to_json(m).encode(), "MATRIX.json")):
        back = read_matrix(data, name=name)
        assert back.options == m.options and back.criteria == m.criteria
        np.testing.assert_allclose(back.scores, m.scores)
        np.testing.assert_allclose(back.weights, m.weights)


def test_json_round_trip_keeps_every_scorer():
    m = build_matrix(["A", "B"], ["x"], [1], sheets={"ann": [[1], [3]], "bo": [[5], [3]]})
    back = read_matrix(matrix_to_json(m).encode(), name="m.json")
    assert back.scorers == ("ann", "bo")
    np.testing.assert_allclose(back.spread, [[4], [0]])


def test_csv_export_neutralises_formula_like_names():
    m = build_matrix(["=HYPERLINK()", "Buy"], ["@risk"], [1], [[3], [4]])
    text = matrix_to_csv(m).decode()
    assert "'=HYPERLINK()" in text and "'@risk" in text


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"criterion,weight,Build,Buy\nedge,0,5,2\ncost,0,3,4\n", "m.csv", "all weights are zero"),
        (b"criterion,weight,Build,Buy\nedge,1,7,2\n", "m.csv", "outside 1-5"),
        (b"criterion,weight,Build,Buy\nedge,1,,2\n", "m.csv", "missing"),
        (b"criterion,weight,Build,Build\nedge,1,3,2\n", "m.csv", "unique"),
        (b"criterion,weight,Build,Buy\nedge,1,3,2\nedge,1,3,2\n", "m.csv", "criterion names must be unique"),
        (b"criterion,weight,Build\nedge,1,3\n", "m.csv", "at least two options"),
        (b"name,weight,Build,Buy\nedge,1,3,2\n", "m.csv", "criterion column"),
        (b"", "m.csv", "empty"),
        (b"criterion,weight,Build,Buy\n", "m.csv", "no criteria"),
        (b"criterion,weight,Build,Buy\nedge,heavy,3,2\n", "m.csv", "weight of criterion 'edge'"),
        (b"{not json", "m.json", "matrix is not valid JSON"),
        (b'{"options": ["A", "B"]}', "m.json", '"criteria" list'),
        (
            b'{"options": ["A", "A"], "criteria": [{"name": "x", "weight": 1}], "scores": {"A": {"x": 3}}}',
            "m.json",
            "option names must be unique",
        ),
        (
            b'{"options": ["A", "B"], "criteria": [{"name": "x", "weight": 1}], "scores": {"A": {"x": 3}}}',
            "m.json",
            "'B' on 'x' is missing",
        ),
    ],
)
def test_bad_files(data, name, message):
    with pytest.raises(InputError, match=message) as caught:
        read_matrix(data, name=name)
    assert name in str(caught.value)


def test_weights_option():
    assert parse_weights_option("edge=0.3, cost=0.2", ["edge", "speed", "cost"]) == [0.3, 0.0, 0.2]
    with pytest.raises(InputError, match="unknown criterion 'nope'"):
        parse_weights_option("nope=1", ["edge"])
    with pytest.raises(InputError, match="malformed"):
        parse_weights_option("edge", ["edge"])
    with pytest.raises(InputError, match="not a number"):
        parse_weights_option("edge=abc", ["edge"])


def test_a_ragged_csv_names_the_line_without_parser_jargon():
    with pytest.raises(InputError, match="ragged") as caught:
        read_matrix(b"criterion,weight,Build,Buy\nedge,1,3,2\ncost,1,3,2,5\n", name="m.csv")
    assert "line 3" in str(caught.value) and "C error" not in str(caught.value)


def test_latin1_and_semicolon_matrices_are_read_like_the_datasets_page_reads_them():
    latin = "criterion,weight,Café,Thé\nqualité,2,5,2\n".encode("latin-1")
    m = read_matrix(latin, name="m.csv")
    assert m.options == ("Café", "Thé") and m.criteria == ("qualité",)
    semicolons = read_matrix(b"criterion;weight;A;B\nx;1;3;2\n", name="m.csv")
    assert semicolons.options == ("A", "B")


def test_an_xlsx_matrix_is_read(tmp_path):
    import pandas as pd

    path = tmp_path / "MATRIX.xlsx"
    pd.DataFrame({"criterion": ["edge", "cost"], "weight": [3, 1], "Build": [5, 2], "Buy": [2, 5]}).to_excel(
        path, index=False
    )
    m = read_matrix(path.read_bytes(), name="MATRIX.xlsx")
    assert m.options == ("Build", "Buy")
    np.testing.assert_allclose(m.normalised_weights, [0.75, 0.25])


def test_weights_beyond_the_limit_are_refused():
    with pytest.raises(InputError, match="too large"):
        read_matrix(b"criterion,weight,A,B\nx,1e308,3,2\ny,1e308,2,3\n", name="m.csv")


def test_weights_option_refuses_a_criterion_named_twice():
    with pytest.raises(InputError, match="twice"):
        parse_weights_option("edge=1,edge=2", ["edge", "cost"])


def test_judgement_files():
    from lib.decision import read_judgements

    spec = read_judgements(b"first,second,times\ncost,speed,3\ncost,edge,1/5\nspeed,edge,0.333\n", name="j.csv")
    assert spec.criteria == ("cost", "speed", "edge")
    assert [j.times for j in spec.judgements] == [3.0, 0.2, 0.333]
    latin = read_judgements("first,second,times\ncoût,qualité,3\n".encode("latin-1"), name="j.csv")
    assert latin.criteria == ("coût", "qualité")
    with pytest.raises(InputError, match="row 2"):
        read_judgements(b"first,second,times\na,,3\n", name="j.csv")
