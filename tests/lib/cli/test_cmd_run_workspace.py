"""`run KIND --spec` and `workspace list|show|export`: any analysis from a spec, saved analyses out."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

from lib.analysis import run
from lib.cli import main
from lib.fairness import AuditSpec
from lib.store import Workspace
from tests.conftest import ROOT
from tests.contract import comparable

SPEC = AuditSpec(label="label", score="score", threshold=0.5, sensitive=("age_group",), n_boot=100)


def write_spec(tmp_path, data) -> str:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return str(path)


def test_run_reproduces_the_direct_result(tmp_path, capsys):
    code = main(
        [
            "run",
            "bias_audit",
            "--spec",
            write_spec(tmp_path, SPEC.to_dict()),
            "--data",
            "data=german_credit_predictions",
        ]
    )
    printed = json.loads(capsys.readouterr().out)
    direct = run(SPEC, {"data": "german_credit_predictions"})
    assert comparable(printed) == comparable(direct.to_dict())
    assert code == (0 if direct.gate.passed else 1)


def test_run_writes_a_notebook_with_paths_relative_to_it(tmp_path, samples_dir):
    out = tmp_path / "nested" / "audit.ipynb"
    out.parent.mkdir()
    data = samples_dir / "german_credit_predictions.csv"
    main(["run", "bias_audit", "--spec", write_spec(tmp_path, SPEC.to_dict()), "--data", f"data={data}",
          "--format", "ipynb", "--out", str(out)])  # fmt: skip
    notebook = nbformat.read(out, as_version=4)
    parameters = notebook.cells[1].source
    assert "DATA = {'data': '" in parameters and str(tmp_path) not in parameters
    assert "german_credit_predictions.csv" in parameters


@pytest.mark.parametrize(
    ("spec", "data", "words"),
    [
        ("{", ["data=german_credit_predictions"], "not valid JSON"),
        ({"kind": "bias_audit", "schema_version": 7}, [], "newer version of Decision Desk"),
        ({**SPEC.to_dict(), "kind": "explain"}, [], "another kind of analysis"),
        (SPEC.to_dict(), [], "needs its 'data' input. Expected --data data=PATH"),
        (SPEC.to_dict(), ["model=x.skops"], "has no input named 'model'"),
        (SPEC.to_dict(), ["data"], "--data takes NAME=PATH"),
        ({**SPEC.to_dict(), "n_boot": "many"}, ["data=german_credit_predictions"], "'n_boot' has the wrong type"),
    ],
)
def test_bad_specs_exit_2_with_one_line(tmp_path, spec, data, words):
    args = ["run", "bias_audit", "--spec", write_spec(tmp_path, spec)]
    for item in data:
        args += ["--data", item]
    done = subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert words in done.stderr and done.stderr.count("\n") == 1


def test_an_unknown_kind_exits_2_naming_the_known_ones(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "lib", "run", "no_such_kind", "--spec", write_spec(tmp_path, {})],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 2 and "unknown analysis kind" in done.stderr and "bias_audit" in done.stderr


def test_workspace_list_show_export(tmp_path, capsys):
    result = run(SPEC, {"data": "german_credit_predictions"})
    analysis_id = Workspace().save_analysis(
        title="German audit", spec=SPEC, result=result, locations={"data": "german_credit_predictions"}
    )
    Workspace().save(kind="roi", title="Old one", parameters={}, results={"npv": 1.0})
    assert main(["workspace", "list", "--kind", "bias_audit", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in listed] == [analysis_id] and listed[0]["title"] == "German audit"
    assert main(["workspace", "show", str(analysis_id), "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["spec"] == SPEC.to_dict() and shown["result"] == result.to_dict()
    out = tmp_path / "saved.ipynb"
    assert main(["workspace", "export", str(analysis_id), "--format", "ipynb", "--out", str(out)]) == 0
    notebook = nbformat.read(out, as_version=4)
    assert notebook.cells[-1].outputs[0].data["application/json"] == result.to_dict()
    assert "'german_credit_predictions'" in notebook.cells[1].source
    for fmt, start in (("html", "<!doctype html>"), ("md", "# Bias audit"), ("json", "{")):
        assert main(["workspace", "export", str(analysis_id), "--format", fmt]) == 0
        assert capsys.readouterr().out.startswith(start)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["workspace", "show", "999"], "no saved analysis with this id"),
        (["workspace", "export", "999", "--format", "ipynb"], "no saved analysis with this id"),
        (["workspace", "show", "abc"], "expected an analysis id"),
    ],
)
def test_workspace_errors_exit_2_with_one_line(args, words):
    done = subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and words in done.stderr and done.stderr.count("\n") == 1


def test_an_analysis_saved_before_specs_cannot_be_exported(capsys):
    legacy = Workspace().save(kind="roi", title="Old", parameters={}, results={"npv": 1.0})
    assert main(["workspace", "export", str(legacy), "--format", "ipynb"]) == 2
    assert "saved before analyses kept their spec" in capsys.readouterr().err


def test_run_lists_every_kind_with_inputs_and_fields(capsys):
    assert main(["run", "--list"]) == 0
    listed = {row["kind"]: row for row in json.loads(capsys.readouterr().out)}
    assert {"bias_audit", "threshold_sweep", "mitigation"} <= set(listed)
    assert listed["bias_audit"]["inputs"] == {"data": "table"} and "sensitive" in listed["bias_audit"]["fields"]
