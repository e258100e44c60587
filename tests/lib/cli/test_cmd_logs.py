"""Logs on the command line: audit and thresholds of a folder or glob, inspect, engine options, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lib.analysis import TableSource, run
from lib.cli import main
from lib.fairness import AuditSpec
from tests.lib.logs.conftest import make_log_frame

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def logs(tmp_path_factory) -> tuple[pd.DataFrame, Path]:
    frame = make_log_frame(11, n=2_000)
    root = tmp_path_factory.mktemp("cli-logs")
    for month, part in frame.groupby(frame["day"].dt.strftime("%Y-%m")):
        (root / f"month={month}").mkdir()
        part.to_parquet(root / f"month={month}" / "part.parquet", index=False)
    return frame, root


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_audit_of_a_folder_equals_the_table_and_names_the_engine(logs, capsys):
    frame, root = logs
    args = ["audit", str(root), "--label", "label", "--pred", "prediction", "--sensitive", "sex"]
    code = main([*args, "--sensitive", "race", "--n-boot", "200", "--memory-limit", "256MB", "--threads", "1"])
    found = _json(capsys)
    spec = AuditSpec(label="label", prediction="prediction", sensitive=("sex", "race"), n_boot=200)
    expected = run(spec, {"data": TableSource(frame, "x", None)}).to_dict()
    assert code == (0 if expected["gate"]["passed"] else 1)
    provenance = found.pop("provenance")
    expected.pop("provenance")
    assert found == expected
    described = provenance["inputs"]["data"]
    assert described["engine"] == "duckdb" and described["memory_limit"] == "256MB" and described["files"] == "3"
    assert provenance["library_versions"]["duckdb"] == described["engine_version"]


def test_thresholds_of_a_glob(logs, capsys):
    _, root = logs
    pattern = str(root / "*" / "*.parquet")
    assert main(["thresholds", pattern, "--label", "label", "--score", "score", "--sensitive", "race"]) == 0
    found = _json(capsys)
    assert found["provenance"]["inputs"]["data"]["name"] == pattern


def test_inspect_reports_rows_schema_and_a_sample(logs, capsys):
    frame, root = logs
    assert main(["inspect", str(root), "--sample", "5", "--seed", "3"]) == 0
    found = _json(capsys)
    assert found["rows"] == len(frame) and found["files"] == 3 and found["partitions"] == ["month"]
    names = [c["name"] for c in found["columns"]]
    assert names == [*frame.columns, "month"]
    assert len(found["sample_rows"]) == 5 and found["engine"]["engine"] == "duckdb"
    assert main(["inspect", str(root), "--sample", "5", "--seed", "3"]) == 0
    assert _json(capsys)["sample_rows"] == found["sample_rows"]
    assert main(["inspect", str(root), "--format", "md"]) == 0
    assert "| label | BIGINT |" in capsys.readouterr().out


def test_inspect_of_a_small_table_keeps_its_summary(capsys, samples_dir):
    assert main(["inspect", str(samples_dir / "german_credit.csv"), "--format", "json"]) == 0
    assert "dataset" in _json(capsys)


def _module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        (None, ["inspect", "{root}/nothing/*.parquet"], "no file matches this pattern"),
        (
            "text",
            ["audit", "{root}", "--label", "label", "--score", "score", "--sensitive", "race"],
            "must hold numbers",
        ),
        ("schemas", ["inspect", "{root}"], "different schemas"),
        ("missing", ["inspect", "{root}"], "column 'score': a column is missing in some of the log's files"),
        (
            "plain",
            ["audit", "{root}", "--label", "label", "--pred", "prediction", "--sensitive", "race", "--max-rows", "10"],
            "found 40 rows",
        ),
        ("plain", ["inspect", "{root}", "--memory-limit", "1MB"], "memory limit is too small"),
        ("plain", ["inspect", "{root}", "--memory-limit", "lots"], "not a size"),
    ],
)
def test_bad_logs_exit_2_with_one_line(tmp_path, make, args, message):
    frame = make_log_frame(2, n=40)
    if make == "text":
        frame.assign(score=frame["score"].astype(str)).to_parquet(tmp_path / "a.parquet")
    elif make == "schemas":
        frame.to_parquet(tmp_path / "a.parquet")
        frame.assign(score=frame["score"].astype(str)).to_parquet(tmp_path / "b.parquet")
    elif make == "missing":
        frame.to_parquet(tmp_path / "a.parquet")
        frame.drop(columns="score").to_parquet(tmp_path / "b.parquet")
    elif make == "plain":
        frame.to_parquet(tmp_path / "a.parquet")
    result = _module(*[a.format(root=tmp_path) for a in args])
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert message in result.stderr


def test_run_and_the_notebook_code_open_a_folder_as_a_log(logs, capsys, tmp_path):
    """`run KIND --data data=FOLDER` and the code an exported notebook runs both count the log where it lies."""
    from lib.analysis import code_for, open_sources
    from lib.logs import LogSource

    frame, root = logs
    spec = AuditSpec(label="label", prediction="prediction", sensitive=("sex",), n_boot=200)
    (tmp_path / "spec.json").write_text(json.dumps(spec.to_dict()))
    code = main(["run", "bias_audit", "--spec", str(tmp_path / "spec.json"), "--data", f"data={root}"])
    found = _json(capsys)
    expected = run(spec, {"data": TableSource(frame, "x", None)}).to_dict()
    assert code in (0, 1) and found["provenance"]["inputs"]["data"]["engine"] == "duckdb"
    found.pop("provenance"), expected.pop("provenance")
    assert found == expected
    sources = open_sources({"data": str(root)}, kinds={"data": "table"})
    assert isinstance(sources["data"], LogSource)
    digest = sources["data"].sha256  # the log's fingerprint: its files' paths, sizes and times
    script = code_for(spec, locations={"data": str(root)}, expected_sha256={"data": digest})
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_exported_notebook_of_a_log_audit_runs_in_a_kernel(logs, tmp_path, monkeypatch):
    """Inside Jupyter, DuckDB refuses to change its progress-bar setting without ipywidgets; the notebook still runs."""
    import nbformat
    from nbclient import NotebookClient

    _, root = logs
    out = tmp_path / "audit.ipynb"
    args = ["audit", str(root), "--label", "label", "--pred", "prediction", "--sensitive", "sex", "--n-boot", "200"]
    assert main([*args, "--format", "ipynb", "--out", str(out)]) in (0, 1)
    monkeypatch.setenv("DECISION_DESK_ROOT", str(ROOT))
    notebook = nbformat.read(out, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp_path}}).execute()
    payload = next(
        o.data["application/json"] for o in notebook.cells[-1].outputs if "application/json" in o.get("data", {})
    )
    assert payload["provenance"]["inputs"]["data"]["engine"] == "duckdb"
