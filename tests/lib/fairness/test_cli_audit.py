"""`python -m lib audit`: the release gate's interface, exit codes and JSON keys."""

from __future__ import annotations

import json

import pytest

from lib.cli import main
from lib.fairness import METRIC_NAMES

from .conftest import make_frame

NAMES = {
    "demographic_parity_difference",
    "demographic_parity_ratio",
    "equalized_odds_difference",
    "equalized_odds_ratio",
    "equal_opportunity_difference",
    "equal_opportunity_ratio",
}


@pytest.fixture
def fair_csv(tmp_path):
    path = tmp_path / "fair.csv"
    make_frame(0, n=3000, groups=("a", "b")).to_csv(path, index=False)
    return path


def test_adult_fails_the_gate_with_the_promised_json(samples_dir, capsys):
    code = main(
        [
            "audit",
            str(samples_dir / "adult_predictions.csv"),
            "--label",
            "label",
            "--pred",
            "prediction",
            "--sensitive",
            "sex",
            "--n-boot",
            "100",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert {"overall", "groups", "disparities", "gate", "provenance"} <= set(out)
    assert set(out["disparities"]) >= NAMES
    for item in out["disparities"].values():
        assert {"value", "ci", "verdict"} <= set(item)
        assert item["verdict"] in {"pass", "fail", "insufficient evidence"}
    group = out["groups"][0]
    assert {"group", "count", "small", "ci", *METRIC_NAMES} <= set(group)
    assert group["group"] == {"sex": "Female"}
    assert set(group["ci"]) >= {"selection_rate", "true_positive_rate"}
    assert out["gate"]["passed"] is False and out["gate"]["checks"]
    assert out["provenance"]["seed"] == 0 and out["provenance"]["input_sha256"]


def test_fair_data_passes_and_strict_blocks_on_insufficient_evidence(fair_csv, capsys):
    base = ["audit", str(fair_csv), "--label", "label", "--score", "score", "--sensitive", "group", "--n-boot", "100"]
    assert main([*base, "--max-difference", "0.3", "--min-ratio", "0.5"]) == 0
    capsys.readouterr()
    # A tight limit the data cannot settle: listed, blocking only with --strict.
    loose = main([*base, "--max-difference", "0.04", "--min-ratio", "0.5"])
    first = json.loads(capsys.readouterr().out)
    strict = main([*base, "--max-difference", "0.04", "--min-ratio", "0.5", "--strict"])
    second = json.loads(capsys.readouterr().out)
    insufficient = [c for c in first["gate"]["checks"] if c["verdict"] == "insufficient evidence"]
    assert insufficient and not [c for c in first["gate"]["checks"] if c["verdict"] == "fail"]
    assert loose == 0 and first["gate"]["passed"] is True
    assert strict == 1 and second["gate"]["passed"] is False


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--pred", "score"], "prediction must be binary"),
        (["--pred", "prediction", "--sensitive", "nope"], "no such column"),
        (["--score", "score", "--threshold", "0.4", "--n-boot", "10"], "from 50 to 20,000"),
        (["--pred", "prediction", "--threshold", "0.4"], "--threshold applies to a score column"),
    ],
)
def test_bad_input_exits_2_with_one_line(fair_csv, capsys, extra, message):
    argv = ["audit", str(fair_csv), "--label", "label", "--sensitive", "group", *extra]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert message in captured.err


def test_usage_error_exits_2(fair_csv, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["audit", str(fair_csv), "--label", "label", "--sensitive", "group"])
    assert stop.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.parametrize(("fmt", "marker"), [("md", "# Bias audit"), ("html", "<!doctype html>")])
def test_reports_go_to_a_file_with_provenance(fair_csv, tmp_path, capsys, fmt, marker):
    out = tmp_path / f"report.{fmt}"
    argv = [
        "audit",
        str(fair_csv),
        "--label",
        "label",
        "--pred",
        "prediction",
        "--sensitive",
        "group",
        "--sensitive",
        "band",
    ]
    code = main([*argv, "--intersectional", "--n-boot", "60", "--format", fmt, "--out", str(out)])
    assert code in (0, 1)
    text = out.read_text()
    assert text.startswith(marker)
    assert "Provenance" in text and "a × x" in text
    assert capsys.readouterr().out == ""


def test_html_report_escapes_group_names(tmp_path):
    frame = make_frame(0, groups=("<script>alert(1)</script>", "b"))
    path = tmp_path / "x.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "r.html"
    main(
        [
            "audit",
            str(path),
            "--label",
            "label",
            "--pred",
            "prediction",
            "--sensitive",
            "group",
            "--n-boot",
            "50",
            "--format",
            "html",
            "--out",
            str(out),
        ]
    )
    text = out.read_text()
    assert "<script>alert" not in text and "&lt;script&gt;" in text


def test_reference_group_by_name(fair_csv, capsys):
    argv = ["audit", str(fair_csv), "--label", "label", "--pred", "prediction", "--sensitive", "group"]
    assert main([*argv, "--n-boot", "50", "--reference", "b", "--max-difference", "0.5", "--min-ratio", "0.1"]) == 0
    ratios = json.loads(capsys.readouterr().out)["reference_ratios"]
    assert {r["reference"] for r in ratios} == {"b"}
    assert main([*argv, "--n-boot", "50", "--reference", "zzz"]) == 2
    assert "reference group is not among the groups" in capsys.readouterr().err
