"""`team plan`, `team failures`, `team log-failure` and `portfolio`: options, JSON keys, exit codes, one-line errors."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from scipy import stats

from lib.cli import main
from lib.team.analyses import EXAMPLE_ROSTER

PORTFOLIO_CSV = """name,compute_cost,people_weeks,p_success,value,weeks_to_result
Two-tower retrieval,40000,12,0.25,900000,10
Re-ranker distillation,15000,6,,300000,6
Fresher features,5000,4,0.45,250000,3
"""


def _run(capsys, argv):
    try:
        code = main(argv)
    except SystemExit as stop:  # usage mistakes leave through argparse with the same exit code
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_team_plan_json_keys_and_options(tmp_path, capsys):
    plan = _write(tmp_path, "plan.json", json.dumps({"hires": [{"role": "MLOps engineer", "quarter": 1, "count": 2}]}))
    code, out, err = _run(capsys, ["team", "plan", plan, "--quarters", "3", "--n-sim", "2000", "--seed", "5"])
    assert code == 0 and err == ""
    data = json.loads(out)
    assert {"quarters", "mix", "flags"} <= set(data)
    assert [q["quarter"] for q in data["quarters"]] == [1, 2, 3]
    assert set(data["quarters"][0]["headcount"]["mlops_engineer"]) == {"p10", "p50", "p90", "mean"}
    assert set(data["quarters"][0]["cost"]["total"]) == {"p10", "p50", "p90", "mean"}
    assert data["n_sim"] == 2000 and data["seed"] == 5 and data["provenance"]["parameters"]["quarters"] == 3
    assert data["provenance"]["inputs"] == {"plan": {"name": "plan.json", "sha256": data["provenance"]["input_sha256"]}}
    assert {m["role"] for m in data["mix"]} == {
        "ml_engineer",
        "data_engineer",
        "software_engineer",
        "applied_scientist",
    }


def test_team_plan_from_a_roster(tmp_path, capsys):
    roster = tmp_path / "team.csv"
    shutil.copy(EXAMPLE_ROSTER, roster)
    plan = _write(tmp_path, "plan.json", "{}")
    code, out, _ = _run(capsys, ["team", "plan", plan, "--roster", str(roster), "--n-sim", "1000"])
    data = json.loads(out)
    assert code == 0 and data["start"] == "roster" and data["roster"]["people"] == 12
    assert data["provenance"]["input_name"] == "team.csv" and set(data["provenance"]["inputs"]) == {"data", "plan"}


@pytest.mark.parametrize("fmt", ["md", "html", "ipynb"])
def test_team_plan_other_formats(tmp_path, capsys, fmt):
    plan = _write(tmp_path, "plan.json", '{"n_sim": 1000}')
    code, out, _ = _run(capsys, ["team", "plan", plan, "--format", fmt])
    assert code == 0
    if fmt == "md":
        assert out.startswith("# Team plan over 4 quarters") and "Gaps to look at" in out
    elif fmt == "html":
        assert out.startswith("<!doctype html>")
    else:
        nbformat.validate(nbformat.reads(out, as_version=4))


@pytest.mark.parametrize(
    ("files", "argv", "message"),
    [
        ({}, ["team", "plan", "missing.json"], "file 'missing.json': no such file"),
        ({"p.json": "{"}, ["team", "plan", "p.json"], "not valid JSON"),
        ({"p.json": '{"start": "roster"}'}, ["team", "plan", "p.json"], "the plan starts from a roster"),
        ({"p.json": "{}"}, ["team", "plan", "p.json", "--quarters", "40"], "--quarters is out of range"),
        ({"p.json": '{"hires": [{"role": "chef", "quarter": 1}]}'}, ["team", "plan", "p.json"], "unknown roles"),
        (
            {"p.json": "{}", "r.csv": "name,cost\nAda,3\n"},
            ["team", "plan", "p.json", "--roster", "r.csv"],
            "file 'r.csv': the roster has no role column",
        ),
        (
            {"p.json": "{}", "r.csv": "role,level\nMLE,L5\nastronaut,L9\n"},
            ["team", "plan", "p.json", "--roster", "r.csv"],
            "unknown roles in the roster. Expected one of ml_engineer",
        ),
        ({"p.json": "{}"}, ["team", "plan", "p.json", "--n-sim", "lots"], "invalid int value"),
    ],
)
def test_team_plan_bad_input_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch, files, argv, message):
    monkeypatch.chdir(tmp_path)
    for name, text in files.items():
        _write(tmp_path, name, text)
    code, out, err = _run(capsys, argv)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_portfolio_json_keys(tmp_path, capsys):
    path = _write(tmp_path, "portfolio.csv", PORTFOLIO_CSV)
    code, out, err = _run(capsys, ["portfolio", path, "--min-wins", "2", "--confidence", "0.8"])
    assert code == 0 and err == ""
    data = json.loads(out)
    assert {"expected_wins", "p_at_least", "budget_for_k_wins", "ranking"} <= set(data)
    assert data["expected_wins"] == pytest.approx(0.25 + 0.30 + 0.45)
    assert set(data["p_at_least"]) == {"0", "1", "2", "3"} and data["p_at_least"]["0"] == 1.0
    assert data["budget_for_k_wins"]["k"] == 2 and data["budget_for_k_wins"]["confidence"] == 0.8
    assert data["ranking"][0]["name"] == "Fresher features"
    assert data["provenance"]["inputs"]["experiments"]["name"] == "portfolio.csv"


def test_portfolio_prior_and_history_options(tmp_path, capsys):
    path = _write(tmp_path, "portfolio.csv", PORTFOLIO_CSV)
    argv = [
        "portfolio",
        path,
        "--prior",
        "0.4",
        "--prior-strength",
        "20",
        "--history-wins",
        "3",
        "--history-trials",
        "10",
    ]
    code, out, _ = _run(capsys, argv)
    rate = json.loads(out)["team_rate"]
    assert code == 0 and (rate["a"], rate["b"]) == (11.0, 19.0)
    assert rate["interval"] == pytest.approx(list(stats.beta.ppf([0.05, 0.95], 11.0, 19.0)))


def test_portfolio_markdown(tmp_path, capsys):
    path = _write(tmp_path, "portfolio.csv", PORTFOLIO_CSV)
    code, out, _ = _run(capsys, ["portfolio", path, "--format", "md"])
    assert (
        code == 0 and out.startswith("# Experiment portfolio: 3 experiments") and "Ranking by value per dollar" in out
    )


@pytest.mark.parametrize(
    ("text", "argv", "message"),
    [
        (
            "name,value,cost,p_success\na,10,5,1.3\n",
            [],
            "column 'p_success': chances of success outside [0, 1] in row 2",
        ),
        ("name,value,cost\na,10,-5\n", [], "column 'cost': negative costs in row 2"),
        ("name,cost\na,5\n", [], "the experiment list has no value column"),
        ("name,value,cost\na,10,5\n", ["--confidence", "1.5"], "'confidence' is out of range"),
        ("name,value,cost\na,10,5\n", ["--history-wins", "4", "--history-trials", "2"], "'history_wins' is above"),
    ],
)
def test_portfolio_bad_input_is_one_line_and_exit_2(tmp_path, capsys, text, argv, message):
    path = _write(tmp_path, "p.csv", text)
    code, out, err = _run(capsys, ["portfolio", path, *argv])
    assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1


def test_failure_log_from_the_command_line(capsys):
    argv = [
        "team",
        "log-failure",
        "--title",
        "Label leak",
        "--what",
        "AUC 0.99 in validation",
        "--why",
        "A future column",
    ]
    code, out, _ = _run(capsys, [*argv, "--tag", "data", "--date", "2025-02-01"])
    assert code == 0 and json.loads(out)["id"] == 1 and json.loads(out)["complete"] is False
    code, out, _ = _run(
        capsys, [*argv[:3], "Drift", "--what", "CTR fell", "--why", "New catalogue", "--fix", "Retrain trigger"]
    )
    assert code == 0
    code, out, _ = _run(capsys, ["team", "failures", "--search", "future"])
    assert [e["title"] for e in json.loads(out)] == ["Label leak"]
    code, out, _ = _run(capsys, ["team", "failures", "--tag", "data", "--format", "csv"])
    assert code == 0 and out.splitlines()[0].startswith("id,occurred_on,title") and "Label leak" in out
    code, out, _ = _run(capsys, ["team", "failures", "--format", "md"])
    assert out.startswith("# Failure log") and "2 failures logged" in out
    code, _, err = _run(capsys, [*argv, "--date", "yesterday"])
    assert code == 2 and "the failure's date is not a date" in err


def test_team_alone_lists_its_commands(capsys):
    code, out, _ = _run(capsys, ["team"])
    assert code == 0 and "plan" in out and "log-failure" in out and "failures" in out
