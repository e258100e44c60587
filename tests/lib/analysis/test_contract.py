"""Every registered analysis kind keeps the contract, checked on each of its examples.

Spec JSON round-trip, seeded determinism, result JSON round-trip, every renderer,
``code_for`` re-run in a fresh process, and the exported notebook executed offline
with its last cell compared to the direct run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from lib.analysis import EXPORT_FORMATS, code_for, export_analysis, get_kind, kinds, run, spec_from_dict
from tests.conftest import ROOT
from tests.contract import assert_close, comparable

EXAMPLES = [
    pytest.param(kind.name, index, id=f"{kind.name}-{index}")
    for kind in kinds().values()
    for index, _ in enumerate(kind.examples())
]


# A fresh Python runs every example: the first example of each kind as its exported notebook (in a kernel,
# which runs the same code as code_for and more), the others through code_for in a subprocess.
NOTEBOOK_EXAMPLES = [p for p in EXAMPLES if p.values[1] == 0]
SCRIPT_EXAMPLES = [p for p in EXAMPLES if p.values[1] > 0]


def example(name: str, index: int):
    return get_kind(name).examples()[index]


@pytest.fixture(scope="module")
def results():
    """One run per example, shared by the checks below."""
    cache: dict = {}

    def get(name: str, index: int):
        if (name, index) not in cache:
            item = example(name, index)
            cache[(name, index)] = run(item.spec, item.locations)
        return cache[(name, index)]

    return get


def test_every_kind_has_examples_and_a_documented_spec():
    assert len(kinds()) >= 3
    for kind in kinds().values():
        assert kind.examples(), f"{kind.name} has no example"
        assert kind.spec_type.__doc__ and kind.result_type.__doc__
        assert kind.spec_type.kind == kind.name


@pytest.mark.parametrize(("name", "index"), EXAMPLES)
def test_spec_round_trips_through_json(name, index):
    spec = example(name, index).spec
    text = json.dumps(spec.to_dict())
    again = spec_from_dict(json.loads(text))
    assert again == spec and again.fingerprint() == spec.fingerprint()
    assert json.loads(text)["kind"] == name and json.loads(text)["schema_version"] >= 1


@pytest.mark.parametrize(("name", "index"), EXAMPLES)
def test_same_spec_same_result_and_result_json_round_trips(name, index, results):
    item = example(name, index)
    first = results(name, index)
    second = run(item.spec, item.locations)
    assert comparable(first.to_dict()) == comparable(second.to_dict())
    payload = first.to_dict()
    rebuilt = type(first).from_dict(json.loads(json.dumps(payload)))
    assert rebuilt.to_dict() == payload
    assert payload["provenance"]["parameters"] == item.spec.to_dict()


@pytest.mark.parametrize(("name", "index"), EXAMPLES)
def test_every_renderer_runs(name, index, results):
    item = example(name, index)
    result = results(name, index)
    outputs = {fmt: export_analysis(item.spec, result, fmt, locations=item.locations) for fmt in EXPORT_FORMATS}
    assert json.loads(outputs["json"]) == json.loads(result.to_json())
    assert outputs["md"].startswith("# ") and "Provenance" in outputs["md"]
    assert outputs["html"].startswith("<!doctype html>") and "<script" not in outputs["html"].lower()
    notebook = nbformat.reads(outputs["ipynb"], as_version=4)
    nbformat.validate(notebook)
    assert "parameters" in notebook.cells[1].metadata.tags
    assert notebook.cells[-1].outputs[0].data["application/json"] == json.loads(outputs["json"])
    assert "# %%" in outputs["py"] and "SPEC = " in outputs["py"]


@pytest.mark.parametrize(("name", "index"), SCRIPT_EXAMPLES)
def test_code_reproduces_the_result_in_a_fresh_process(name, index, results, tmp_path):
    item = example(name, index)
    result = results(name, index)
    hashes = {role: entry["sha256"] for role, entry in result.provenance.inputs.items()}
    script = tmp_path / "reproduce.py"
    script.write_text(code_for(item.spec, locations=item.locations, expected_sha256=hashes))
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert_close(comparable(json.loads(done.stdout)), comparable(result.to_dict()))


@pytest.mark.slow
@pytest.mark.parametrize(("name", "index"), NOTEBOOK_EXAMPLES)
def test_exported_notebook_executes_and_ends_with_the_same_json(name, index, results, tmp_path):
    item = example(name, index)
    result = results(name, index)
    notebook = nbformat.reads(export_analysis(item.spec, result, "ipynb", locations=item.locations), as_version=4)
    os.environ.setdefault("DECISION_DESK_ROOT", str(ROOT))
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": tmp_path}})
    client.execute()
    last = notebook.cells[-1].outputs
    payload = next(o.data["application/json"] for o in last if "application/json" in o.get("data", {}))
    assert_close(comparable(payload), comparable(result.to_dict()))


def test_a_changed_input_stops_the_notebook_naming_both_hashes(tmp_path):
    item = example("bias_audit", 0)
    data = (ROOT / "sample_data" / "adult_predictions.csv").read_bytes()
    changed = tmp_path / "adult_predictions.csv"
    changed.write_bytes(data.replace(b"\n1,0,", b"\n1,1,", 1))
    result = run(item.spec, {"data": str(ROOT / "sample_data" / "adult_predictions.csv")})
    notebook = nbformat.reads(
        export_analysis(item.spec, result, "ipynb", locations={"data": "adult_predictions.csv"}), as_version=4
    )
    os.environ.setdefault("DECISION_DESK_ROOT", str(ROOT))
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": tmp_path}})
    with pytest.raises(Exception) as stopped:
        client.execute()
    text = str(stopped.value)
    assert "not the one the analysis was made from" in text
    assert result.provenance.input_sha256 in text and "adult_predictions.csv" in text
