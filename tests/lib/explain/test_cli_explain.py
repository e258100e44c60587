"""`python -m lib explain`: the command line contract (exit codes, JSON keys, values CSV)."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.ensemble import RandomForestClassifier

from lib.cli import main
from tests.lib.explain.fixtures import make_table

KEYS = {
    "task",
    "model",
    "explainer",
    "output_space",
    "metrics",
    "fidelity",
    "base_value",
    "global_importance",
    "additivity_max_error",
}


@pytest.fixture(scope="module")
def data_file(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("explain") / "table.csv"
    table = make_table(300)
    table["score"] = 1 / (1 + np.exp(-(table["x1"] - table["x2"])))
    table.to_csv(path, index=False)
    return str(path)


def _run(capsys, argv):
    try:
        code = main(argv)
    except SystemExit as stop:  # usage errors leave through argparse, still exit 2 with one line
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


def test_train_here_json_and_values_csv(capsys, data_file, tmp_path):
    values = tmp_path / "values.csv"
    code, out, err = _run(
        capsys,
        [
            "explain",
            data_file,
            "--target",
            "outcome",
            "--model",
            "rf",
            "--features",
            "x1,x2,colour",
            "--seed",
            "3",
            "--format",
            "json",
            "--values-out",
            str(values),
        ],
    )
    assert code == 0, err
    payload = json.loads(out)
    assert set(payload) >= KEYS
    assert payload["task"] == "classification" and payload["explainer"] == "tree"
    assert payload["output_space"] == "probability" and payload["fidelity"] is None
    importances = list(payload["global_importance"].values())
    assert set(payload["global_importance"]) == {"x1", "x2", "colour"}
    assert importances == sorted(importances, reverse=True)
    assert set(payload["metrics"]) == {"accuracy", "f1", "auc"}
    frame = pd.read_csv(values)
    assert {"x1", "x2", "colour", "base_value", "model_output"} <= set(frame.columns)
    assert len(frame) == 300
    rebuilt = frame[["x1", "x2", "colour"]].sum(axis=1) + frame["base_value"]
    np.testing.assert_allclose(rebuilt, frame["model_output"], atol=1e-9)
    assert payload["additivity_max_error"] < 1e-9


def test_outputs_give_a_surrogate_with_fidelity(capsys, data_file):
    code, out, err = _run(
        capsys,
        [
            "explain",
            data_file,
            "--outputs",
            "score",
            "--features",
            "x1,x2,group",
            "--fidelity-by",
            "group",
            "--max-rows",
            "50",
        ],
    )
    assert code == 0, err
    payload = json.loads(out)
    assert payload["fidelity"]["metric"] == "r2"
    assert set(payload["fidelity"]["by_group"]) == {"a", "b"}
    assert payload["rows_explained"] == 50 and payload["task"] == "regression"
    assert payload["output_space"] == "raw"


def test_model_file_needs_its_types_trusted(capsys, data_file, tmp_path):
    table = make_table(300)
    model = RandomForestClassifier(n_estimators=5, random_state=0).fit(table[["x1", "x2"]], table["outcome"])
    path = tmp_path / "forest.skops"
    sio.dump(model, path)
    needed = sio.get_untrusted_types(file=path)
    argv = ["explain", data_file, "--model-file", str(path), "--target", "outcome"]
    if needed:
        code, out, err = _run(capsys, argv)
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and "not approved" in err
    code, out, err = _run(capsys, [*argv, "--trust", *needed] if needed else argv)
    assert code == 0, err
    payload = json.loads(out)
    assert payload["explainer"] == "tree" and payload["additivity_max_error"] < 1e-9


def test_markdown_format(capsys, data_file):
    code, out, _ = _run(capsys, ["explain", data_file, "--target", "amount", "--model", "linear", "--format", "md"])
    assert code == 0
    assert out.startswith("# Explanation") and "## Provenance" in out and "add up" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--target", "nope"], "no such column"),
        (["--target", "outcome", "--outputs", "score"], "choose one way in"),
        ([], "nothing to explain"),
        (["--target", "outcome", "--features", "x1,ghost"], "ghost"),
        (["--target", "outcome", "--max-rows", "0"], "--max-rows"),
        (["--target", "amount", "--task", "classification"], "regression target"),
        (["--target", "outcome", "--model", "svm"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, data_file, argv, message):
    code, out, err = _run(capsys, ["explain", data_file, *argv])
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and message in err


def test_pickle_model_file_is_refused(capsys, data_file, tmp_path):
    path = tmp_path / "model.skops"
    path.write_bytes(pickle.dumps({"not": "a model"}))
    code, _, err = _run(capsys, ["explain", data_file, "--model-file", str(path), "--target", "outcome"])
    assert code == 2 and "pickle" in err and err.count("\n") == 1


def test_constant_target_exit_2(capsys, tmp_path):
    path = tmp_path / "one.csv"
    make_table(60).assign(outcome="yes").to_csv(path, index=False)
    code, _, err = _run(capsys, ["explain", str(path), "--target", "outcome"])
    assert code == 2 and "only one class" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--target", "outcome", "--seed", "-1"], "'seed'"),
        (["--target", "outcome", "--seed", str(2**32)], "'seed'"),
        (["--target", "outcome", "--max-rows", "100001"], "'max_rows'"),
        (["--target", "outcome", "--gap", "a", "b"], "--cohort"),
        (["--target", "outcome", "--cohort", "x1"], "too many groups"),
        (["--target", "outcome", "--cohort", "group", "--gap", "a", "zzz"], "no explained rows"),
    ],
)
def test_out_of_range_options_are_one_line_and_exit_2(capsys, data_file, argv, message):
    code, out, err = _run(capsys, ["explain", data_file, *argv])
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err


@pytest.mark.parametrize("model", ["linear", "rf"])
def test_infinite_feature_values_are_bad_input_for_linear_and_forest_models(capsys, tmp_path, model):
    path = tmp_path / "inf.csv"
    make_table(120).assign(x1=lambda t: np.where(t.index == 4, np.inf, t["x1"])).to_csv(path, index=False)
    code, out, err = _run(
        capsys, ["explain", str(path), "--target", "outcome", "--model", model, "--features", "x1,x2"]
    )
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "infinite" in err and "column 'x1'" in err


def test_a_trusted_model_that_fails_to_predict_is_exit_2(capsys, tmp_path):
    table = make_table(120)
    forest = RandomForestClassifier(n_estimators=5, random_state=0).fit(table[["x1", "x2"]], table["outcome"])
    model = tmp_path / "forest.skops"
    sio.dump(forest, model)
    data = tmp_path / "text.csv"
    table.assign(x1="red").to_csv(data, index=False)
    needed = sio.get_untrusted_types(file=model)
    argv = ["explain", str(data), "--model-file", str(model), "--target", "outcome"]
    code, out, err = _run(capsys, [*argv, "--trust", *needed] if needed else argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "failed on this data" in err and "forest.skops" in err


def test_cohorts_and_the_gap_reach_the_json(capsys, data_file):
    code, out, err = _run(
        capsys,
        ["explain", data_file, "--target", "outcome", "--model", "linear", "--cohort", "group", "--gap", "a", "b"],
    )
    assert code == 0, err
    payload = json.loads(out)
    assert set(payload["cohorts"]["groups"]) == {"a", "b"}
    assert payload["gap"]["group_a"] == "a"
    assert sum(payload["gap"]["contributions"].values()) == pytest.approx(payload["gap"]["gap"], abs=1e-12)
    assert payload["provenance"]["parameters"]["cohort"] == "group"


@pytest.mark.parametrize("fmt", ["html", "ipynb", "py", "md"])
def test_every_export_format_goes_to_out(capsys, data_file, tmp_path, fmt):
    out_file = tmp_path / f"explain.{fmt}"
    argv = ["explain", data_file, "--outputs", "score", "--max-rows", "60", "--format", fmt, "--out", str(out_file)]
    code, out, err = _run(capsys, argv)
    assert code == 0, err
    assert out == ""
    text = out_file.read_text()
    if fmt == "html":
        assert text.startswith("<!doctype html>") and "<script" not in text.lower() and "data:image/png" in text
    if fmt == "ipynb":
        notebook = json.loads(text)
        assert notebook["metadata"]["decision_desk"]["kind"] == "explain"
        assert "table.csv" in "".join(notebook["cells"][1]["source"])
    if fmt == "py":
        assert "# %%" in text and "SPEC = " in text


def test_model_file_run_from_a_spec_names_the_file_in_provenance(capsys, data_file, tmp_path):
    table = make_table(300)
    model = RandomForestClassifier(n_estimators=5, random_state=0).fit(table[["x1", "x2"]], table["outcome"])
    path = tmp_path / "forest.skops"
    sio.dump(model, path)
    needed = sio.get_untrusted_types(file=path)
    code, out, err = _run(
        capsys,
        ["explain", data_file, "--model-file", str(path), "--target", "outcome", "--format", "json"]
        + (["--trust", *needed] if needed else []),
    )
    assert code == 0, err
    payload = json.loads(out)
    assert payload["provenance"]["inputs"]["model"]["name"] == "forest.skops"
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(payload["provenance"]["parameters"]))
    code, again, err = _run(
        capsys, ["run", "explain", "--spec", str(spec_file), "--data", f"data={data_file}", "--data", f"model={path}"]
    )
    assert code == 0, err
    assert json.loads(again)["global_importance"] == payload["global_importance"]
    other = tmp_path / "other.skops"
    sio.dump(RandomForestClassifier(n_estimators=6, random_state=0).fit(table[["x1", "x2"]], table["outcome"]), other)
    code, _, err = _run(
        capsys, ["run", "explain", "--spec", str(spec_file), "--data", f"data={data_file}", "--data", f"model={other}"]
    )
    assert code == 2 and "another model file" in err and "other.skops" in err
