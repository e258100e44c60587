"""The `spend` command: the bundled export, budget alerts, thresholds and one-line errors."""

from __future__ import annotations

import json

import pytest

from lib.cli import main
from tests.conftest import SAMPLES


def _run(capsys, argv):
    try:
        code = main(argv)
    except SystemExit as stop:
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


def test_the_sample_with_a_budget(capsys):
    code, out, err = _run(capsys, ["spend", "ml_spend", "--budget", "250000"])
    data = json.loads(out)
    assert code == 0 and err == ""
    assert data["n_months"] == 24 and data["monthly_budget"] == 250000
    assert {"total_cost", "budget", "gpu_flags", "idle", "anomalies", "split", "cost_per_prediction", "notes"} <= set(
        data
    )
    assert [r["resource"] for r in data["idle"]] == ["dev notebook gpu-01 (idle)"]
    assert all(len(r["month"]) == 7 for r in data["budget"])  # months as YYYY-MM
    assert data["provenance"]["input_name"] == "ml_spend.csv" and len(data["provenance"]["input_sha256"]) == 64


def test_a_file_path_thresholds_and_markdown(capsys):
    path = str(SAMPLES / "ml_spend.csv")
    code, out, _ = _run(capsys, ["spend", path, "--gpu-target", "0.5", "--idle-below", "0.05", "--format", "md"])
    assert code == 0 and out.startswith("# Spend analysis") and "under 50 %" in out and "## Provenance" in out
    code, out, _ = _run(capsys, ["spend", path])
    assert code == 0 and json.loads(out)["budget"] == []


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--budget", "0"], "--budget must be above zero"),
        (["--gpu-target", "1.5"], "--gpu-target is out of range"),
        (["--idle-below", "0.9"], "--idle-below is above --gpu-target"),
        (["--anomaly-z", "0"], "--anomaly-z is out of range"),
        (["--budget", "nan"], "--budget must be a finite number"),
    ],
)
def test_bad_options_exit_2_naming_the_option(capsys, argv, words):
    code, out, err = _run(capsys, ["spend", "ml_spend", *argv])
    assert code == 2 and out == "" and words in err and err.count("\n") == 1


def test_a_bad_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,team,project,category,resource,cost\nsoon,a,p,training,gpu,1\n")
    code, out, err = _run(capsys, ["spend", str(bad)])
    assert code == 2 and out == "" and "do not parse" in err
    code, _, err = _run(capsys, ["spend", str(tmp_path / "missing.csv")])
    assert code == 2 and "no such file" in err
