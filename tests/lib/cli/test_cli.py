"""`python -m lib`: help, datasets, inspect, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lib.cli import main

ROOT = Path(__file__).resolve().parents[3]


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess, as a pipeline would."""
    return subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_help_lists_the_commands():
    result = run_module("--help")
    assert result.returncode == 0
    assert "datasets" in result.stdout and "inspect" in result.stdout


def test_datasets_lists_bundled_samples(capsys):
    assert main(["datasets", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    keys = {row["key"] for row in rows}
    assert {"adult", "german_credit", "adult_predictions", "ml_spend"} <= keys
    assert all(row["licence"] and row["source"] for row in rows)
    assert main(["datasets"]) == 0
    assert "| adult |" in capsys.readouterr().out


def test_inspect_json(capsys, samples_dir):
    assert main(["inspect", str(samples_dir / "german_credit.csv"), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["rows"] == 1000 and payload["n_columns"] == 24
    assert payload["class_balance"]["credit_risk"] == {"good": 700, "bad": 300}
    assert payload["dataset"]["roles"]["label"] == "credit_risk"
    columns = {c["name"]: c for c in payload["columns"]}
    assert columns["age"]["missing_pct"] == 0.0 and columns["sex"]["distinct"] == 2


def test_inspect_markdown_to_a_file(tmp_path, samples_dir):
    out = tmp_path / "summary.md"
    assert main(["inspect", str(samples_dir / "ml_spend.csv"), "--format", "md", "--out", str(out)]) == 0
    assert out.read_text().startswith("# ml_spend.csv")


def test_inspect_a_sample_by_name(capsys):
    assert main(["inspect", "diabetes"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == 442


@pytest.mark.parametrize(
    ("content", "name", "phrase"),
    [
        (b"", "empty.csv", "is empty"),
        (b"a,b\n1,2,3\n", "ragged.csv", "ragged"),
        (b"%PDF", "x.pdf", "not supported"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, content, name, phrase):
    path = tmp_path / name
    path.write_bytes(content)
    result = run_module("inspect", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and phrase in lines[0] and "Traceback" not in result.stderr


def test_missing_file_and_bad_options_exit_2_with_one_line():
    for args in (("inspect", "no/such.csv"), ("inspect",), ("inspect", "x.csv", "--format", "xml"), ("nonsense",)):
        result = run_module(*args)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)


def test_no_command_prints_help(capsys):
    assert main([]) == 0
    assert "usage:" in capsys.readouterr().out
