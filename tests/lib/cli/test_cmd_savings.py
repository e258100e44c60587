"""The `savings` command: the default plan, a spec file, strict reading and every format."""

from __future__ import annotations

import json

import pytest

from lib.cli import main


def _run(capsys, argv):
    try:
        code = main(argv)
    except SystemExit as stop:
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


def test_the_default_plan(capsys):
    code, out, err = _run(capsys, ["savings"])
    data = json.loads(out)
    assert code == 0 and err == ""
    assert data["total_baseline"] == 500_000 and set(data["total_saving"]) == {"low", "likely", "high"}
    assert len(data["levers"]) == 7 and {r["category"] for r in data["by_category"]} == {
        "training",
        "inference",
        "data",
        "other",
    }


def test_a_spec_file_with_a_byte_order_mark(tmp_path, capsys):
    spec = {
        "baseline": {"training": 1000},
        "levers": [
            {"name": "a", "category": "training", "applies_to": 1, "low": 0.5, "likely": 0.5, "high": 0.5},
            {"name": "b", "category": "training", "applies_to": 1, "low": 0.5, "likely": 0.5, "high": 0.5},
        ],
    }
    path = tmp_path / "plan.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(spec).encode())
    code, out, _ = _run(capsys, ["savings", str(path)])
    data = json.loads(out)
    assert code == 0 and data["total_saving"]["likely"] == pytest.approx(750.0)  # combined, not 1000
    assert data["provenance"]["input_name"] == "plan.json"
    code, out, _ = _run(capsys, ["savings", str(path), "--format", "md"])
    assert code == 0 and "not added" in out


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ({"baseline": {"training": True}}, "'baseline.training' has the wrong type"),
        ({"baseline": {"hr": 5}}, "unknown spend category"),
        ({"baseline": {"training": -5}}, "cannot be negative"),
        ({"levers": [{"name": "x", "category": "data", "applies_to": 2, "low": 0, "likely": 0, "high": 0}]}, "x"),
        ({"budget": 5}, "unknown field 'budget'"),
    ],
)
def test_bad_specs_exit_2_with_one_line(tmp_path, capsys, spec, words):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(spec))
    code, out, err = _run(capsys, ["savings", str(path)])
    assert code == 2 and out == "" and words in err and err.count("\n") == 1
