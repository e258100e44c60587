"""`abtest size|readout`, `value` and `rollout` from the command line: keys, formats, exit codes, errors."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from lib.cli import main
from tests.conftest import ROOT


def run_cli(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_abtest_size_promised_keys(capsys):
    code, out, _ = run_cli(capsys, "abtest", "size", "--baseline", "0.05", "--mde", "0.1", "--relative",
                           "--daily-traffic", "20000", "--format", "json")  # fmt: skip
    data = json.loads(out)
    assert code == 0
    assert {"n_per_arm", "n_total", "days", "mde_absolute", "mde_relative"} <= set(data)
    assert data["n_per_arm"] == 31_218 and data["days"] == 4


def test_abtest_size_continuous_one_sided_with_guardrail(capsys):
    code, out, _ = run_cli(capsys, "abtest", "size", "--mean", "42", "--sd", "30", "--mde", "1.5", "--one-sided",
                           "--ratio", "2", "--guardrail", "errors:0.01:0.002", "--format", "json")  # fmt: skip
    data = json.loads(out)
    assert code == 0 and data["alternative"] == "one-sided" and data["n_by_arm"]["treatment"] == data["n_treatment"]
    assert data["guardrails"][0]["name"] == "errors"


@pytest.fixture
def results_csv(tmp_path):
    rng = np.random.default_rng(2)
    arm = rng.choice(["control", "treatment"], 6000)
    frame = pd.DataFrame(
        {"arm": arm, "converted": (rng.random(6000) < np.where(arm == "control", 0.1, 0.14)).astype(int)}
    )
    path = tmp_path / "RESULTS.csv"
    frame.to_csv(path, index=False)
    return path


def test_abtest_readout_keys_and_markdown(capsys, results_csv):
    code, out, _ = run_cli(capsys, "abtest", "readout", str(results_csv), "--arm", "arm", "--metric", "converted")
    data = json.loads(out)
    assert code == 0 and {"effect", "ci", "p_value", "srm_pvalue", "decision"} <= set(data)
    assert data["decision"] == "ship"
    code, out, _ = run_cli(capsys, "abtest", "readout", str(results_csv), "--arm", "arm", "--metric", "converted",
                           "--format", "md")  # fmt: skip
    assert code == 0 and out.startswith("# A/B test readout") and "Decision: ship" in out


def test_value_keys(capsys):
    code, out, _ = run_cli(capsys, "value", "german_credit_predictions", "--label", "label", "--score", "score",
                           "--tp-value", "100", "--fp-cost", "20", "--fn-cost", "50", "--n-boot", "100")  # fmt: skip
    data = json.loads(out)
    assert code == 0
    assert {"value_by_threshold", "best_threshold", "best_threshold_ci", "roi_benefit"} <= set(data)
    assert len(data["value_by_threshold"]) == 101


def test_rollout_from_a_plan_file(capsys, tmp_path):
    plan = tmp_path / "PLAN.json"
    plan.write_text(
        json.dumps({"daily_requests": 100_000, "guardrails": [{"name": "errors", "baseline": 0.01, "change": 0.005}]})
    )
    code, out, _ = run_cli(capsys, "rollout", str(plan), "--format", "json")
    assert code == 0 and [s["percent"] for s in json.loads(out)["stages"]] == [1, 5, 25, 50, 100]
    code, out, _ = run_cli(capsys, "rollout", str(plan), "--format", "html")
    assert code == 0 and out.startswith("<!doctype html>") and "Checklist" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["abtest", "size", "--baseline", "1.5", "--mde", "0.1"], "'baseline' is not a baseline rate"),
        (["abtest", "size", "--baseline", "0.05", "--mde", "0"], "must be above 0"),
        (["abtest", "size", "--baseline", "0.05", "--mde", "0.01", "--power", "1"], "'power' is out of range"),
        (["abtest", "size", "--mde", "0.01"], "needs the metric"),
        (["abtest", "size", "--baseline", "0.05", "--mde", "0.01", "--guardrail", "x:y"], "--guardrail takes"),
        (["value", "german_credit_predictions", "--label", "label", "--score", "score", "--tp-value", "1",
          "--fp-cost", "-3", "--fn-cost", "1"], "the cost of a false positive ('fp_cost') cannot be negative"),
        (["rollout", "missing.json"], "no such file"),
        (["abtest"], "abtest needs what to do"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_one_line(capsys, argv, message):
    code, _, err = run_cli(capsys, *argv)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_readout_with_an_undeclared_arm_exits_2(capsys, tmp_path):
    path = tmp_path / "three.csv"
    pd.DataFrame({"arm": ["a", "b", "c"], "y": [0, 1, 1]}).to_csv(path, index=False)
    code, _, err = run_cli(capsys, "abtest", "readout", str(path), "--arm", "arm", "--metric", "y",
                           "--control", "a", "--treatment", "b")  # fmt: skip
    assert code == 2 and "three.csv" in err and "more arms than declared" in err and "'c'" in err


def test_the_command_runs_in_a_shell():
    done = subprocess.run(
        [sys.executable, "-m", "lib", "abtest", "size", "--baseline", "0.05", "--mde", "0.01"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0 and json.loads(done.stdout)["n_per_arm"] > 0
