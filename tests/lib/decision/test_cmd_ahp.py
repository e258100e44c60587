"""The `ahp` command: judgements in, weights and the consistency check out; bad files exit 2."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lib.cli import main
from lib.decision import ahp_weights

TEXTBOOK = [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]


def test_csv_judgements_match_the_textbook(tmp_path, capsys):
    path = tmp_path / "judgements.csv"
    path.write_text("first,second,times\na,b,3\na,c,5\nc,b,1/3\n")
    assert main(["ahp", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    oracle = ahp_weights(TEXTBOOK, ["a", "b", "c"])
    np.testing.assert_allclose(list(out["weights"].values()), oracle.weight_vector, atol=1e-12)
    assert out["consistency_ratio"] == pytest.approx(0.033, abs=1e-3) and out["acceptable"] is True
    assert out["criteria"] == ["a", "b", "c"]


def test_json_spec_and_an_inconsistent_cycle(tmp_path, capsys):
    path = tmp_path / "judgements.json"
    spec = {
        "criteria": ["a", "b", "c"],
        "judgements": [
            {"first": "a", "second": "b", "times": 3},
            {"first": "b", "second": "c", "times": 3},
            {"first": "c", "second": "a", "times": 5},
        ],
    }
    path.write_text(json.dumps(spec))
    assert main(["ahp", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["acceptable"] is False and out["consistency_ratio"] > 0.1
    assert out["worst_pair"] is not None and out["implied_judgement"] > 0
    assert main(["ahp", str(path), "--format", "md"]) == 0
    assert "Judgements contradict each other" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("j.csv", "first,second,times\na,b,0\n", "not a positive number"),
        ("j.csv", "first,second,times\na,b,x\n", "not a positive number"),
        ("j.csv", "first,second,times\na,b,12\n", "Saaty"),
        ("j.csv", "first,second,times\na,a,3\n", "compares a criterion with itself"),
        ("j.csv", "first,second,times\na,b,3\nb,a,2\n", "a second time"),
        ("j.csv", "one,two\na,b\n", "first, second and times"),
        ("j.csv", "first,second,times\na,b,3,4\n", "ragged"),
        ("j.json", '{"criteria": ["a", "b"], "judgements": [{"first": "a", "second": "b", "times": true}]}', "times"),
        ("j.json", '{"criteria": ["a"], "judgements": []}', "'criteria'"),
        ("j.json", "{not json", "not valid JSON"),
        ("j.csv", "", "empty"),
    ],
)
def test_bad_judgements_exit_2_with_one_line(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    assert main(["ahp", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_missing_file_and_help(tmp_path, capsys):
    assert main(["ahp", str(tmp_path / "none.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["ahp", "--help"])
    assert "first,second,times" in capsys.readouterr().out
