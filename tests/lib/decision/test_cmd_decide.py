"""The `decide` command's interface: arguments, JSON keys, exit codes, one-line errors."""

from __future__ import annotations

import json

import pytest

from lib.cli import main

CSV = "criterion,weight,Build,Buy,Partner\nedge,5,5,2,3\nspeed,3,2,5,3\ncost,2,3,4,3\n"


@pytest.fixture
def matrix_csv(tmp_path):
    path = tmp_path / "MATRIX.csv"
    path.write_text(CSV)
    return path


def test_json_output_has_the_documented_keys(matrix_csv, capsys):
    assert main(["decide", str(matrix_csv), "--n-sim", "200", "--seed", "4"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"method", "ranking", "winner", "margin", "p_rank", "flip"} <= set(out)
    assert out["ranking"][0] == {"option": "Build", "score": pytest.approx(3.7)}
    assert out["winner"] == "Build"
    assert out["margin"] == pytest.approx(0.4)
    assert set(out["p_rank"]) == {"Build", "Buy", "Partner"}
    assert all(len(p) == 3 and sum(p) == pytest.approx(1) for p in out["p_rank"].values())
    assert set(out["flip"]) == {"edge", "speed", "cost"}
    assert all(v is None or isinstance(v, float) for v in out["flip"].values())
    assert out["provenance"]["seed"] == 4


def test_same_seed_same_output(matrix_csv, capsys):
    main(["decide", str(matrix_csv), "--n-sim", "100", "--seed", "1"])
    first = json.loads(capsys.readouterr().out)
    main(["decide", str(matrix_csv), "--n-sim", "100", "--seed", "1"])
    assert json.loads(capsys.readouterr().out)["p_rank"] == first["p_rank"]


def test_weights_option_changes_the_winner(matrix_csv, capsys):
    assert main(["decide", str(matrix_csv), "--weights", "speed=1", "--n-sim", "50"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["winner"] == "Buy"
    assert out["flip"]["edge"] is not None


def test_markdown_and_json_input(tmp_path, capsys):
    path = tmp_path / "MATRIX.json"
    path.write_text(
        json.dumps(
            {
                "options": ["Build", "Buy"],
                "criteria": [{"name": "edge", "weight": 1}],
                "scores": {"Build": {"edge": 4}, "Buy": {"edge": 2}},
            }
        )
    )
    assert main(["decide", str(path), "--format", "md", "--n-sim", "20"]) == 0
    text = capsys.readouterr().out
    assert "- **Winner**: Build" in text and "## Provenance" in text


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        ("criterion,weight,A,B\nx,0,3,3\n", [], "all weights are zero"),
        ("criterion,weight,A,B\nx,1,9,3\n", [], "outside 1-5"),
        ("criterion,weight,A,B\nx,1,,3\n", [], "missing"),
        ("criterion,weight,A,A\nx,1,3,3\n", [], "unique"),
        ("criterion,weight,A\nx,1,3\n", [], "at least two options"),
        ("criterion,weight,A,B\nx,1,3,3\n", ["--weights", "y=1"], "unknown criterion"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, content, extra, message):
    path = tmp_path / "MATRIX.csv"
    path.write_text(content)
    assert main(["decide", str(path), *extra]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("extra", [["--n-sim", "0"], ["--format", "xml"], ["--seed", "x"]])
def test_bad_options_exit_2_with_one_line(matrix_csv, capsys, extra):
    with pytest.raises(SystemExit) as caught:
        main(["decide", str(matrix_csv), *extra])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert extra[0] in err
    assert len(err.strip().splitlines()) == 1


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["decide", str(tmp_path / "none.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        ("criterion,weight,A,B\nx,1e308,3,2\ny,1e308,2,3\n", [], "too large"),
        (CSV, ["--weights", "edge=1,edge=2"], "names criterion 'edge' twice"),
        (CSV, ["--seed", "-1"], "'seed' is out of range"),
        (CSV, ["--seed", str(2**32)], "'seed' is out of range"),
        (CSV, ["--n-sim", "50001"], "'n_sim' is out of range"),
        ("criterion,weight,A,B\nx,1,3,3,4\n", [], "ragged"),
    ],
)
def test_refused_input_exits_2_with_one_line(tmp_path, capsys, content, extra, message):
    path = tmp_path / "MATRIX.csv"
    path.write_text(content)
    assert main(["decide", str(path), *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and "C error" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "0"])
def test_concentration_must_be_finite_and_positive(matrix_csv, capsys, value):
    with pytest.raises(SystemExit) as caught:
        main(["decide", str(matrix_csv), f"--concentration={value}"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "--concentration" in err and len(err.strip().splitlines()) == 1


def test_a_tie_has_no_winner(tmp_path, capsys):
    path = tmp_path / "MATRIX.csv"
    path.write_text("criterion,weight,A,B\nx,1,3,3\ny,2,4,4\n")
    assert main(["decide", str(path), "--n-sim", "4000", "--seed", "2"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["winner"] is None and out["tie"] is True and out["tied"] == ["A", "B"]
    assert out["margin"] == 0.0 and set(out["flip"].values()) == {None}
    assert out["p_rank"]["A"][0] == pytest.approx(0.5, abs=0.03)
    assert main(["decide", str(path), "--format", "md", "--n-sim", "10"]) == 0
    assert "No winner" in capsys.readouterr().out


def test_latin1_matrix_is_read(tmp_path, capsys):
    path = tmp_path / "MATRIX.csv"
    path.write_bytes("criterion,weight,Café,Thé\nqualité,2,5,2\ncoût,1,2,4\n".encode("latin-1"))
    assert main(["decide", str(path), "--n-sim", "10"]) == 0
    assert json.loads(capsys.readouterr().out)["winner"] == "Café"


@pytest.mark.parametrize("fmt", ["html", "ipynb", "py"])
def test_export_formats_and_out(matrix_csv, tmp_path, capsys, fmt):
    out = tmp_path / f"decision.{fmt}"
    assert main(["decide", str(matrix_csv), "--n-sim", "50", "--format", fmt, "--out", str(out)]) == 0
    text = out.read_text()
    if fmt == "html":
        assert text.startswith("<!doctype html>") and "Build" in text
    elif fmt == "ipynb":
        notebook = json.loads(text)
        assert notebook["metadata"]["decision_desk"]["kind"] == "decision"
        assert "'options': ['Build', 'Buy', 'Partner']" in "".join(notebook["cells"][1]["source"])
    else:
        assert "# %%" in text and "'kind': 'decision'" in text


def test_run_command_re_runs_a_decision_spec(matrix_csv, tmp_path, capsys):
    assert main(["decide", str(matrix_csv), "--n-sim", "80", "--seed", "9"]) == 0
    first = json.loads(capsys.readouterr().out)
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(first["provenance"]["parameters"]))
    assert main(["run", "decision", "--spec", str(spec)]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["p_rank"] == first["p_rank"] and again["ranking"] == first["ranking"]
