"""`python -m lib drift`: options, JSON keys, exit codes and one-line errors."""

from __future__ import annotations

import json

import pytest

from lib.cli import main
from lib.drift import simulate_drift, simulate_scores

STATISTIC_KEYS = {
    "psi", "ks", "ks_pvalue", "ks_pvalue_adjusted", "wasserstein", "wasserstein_norm", "js", "chi2", "chi2_pvalue",
    "chi2_pvalue_adjusted",
}  # fmt: skip
COLUMN_KEYS = {
    "column", "kind", "statistics", "ci", "verdict", "binning", "missing_rate", "out_of_range_share", "unseen_categories",
}  # fmt: skip


@pytest.fixture
def files(tmp_path):
    reference, current = simulate_drift(n_reference=3_000, n_current=3_000, n_segments=2, months=3, seed=1)
    shifted = current.copy()
    shifted["x0"] += 1.0
    paths = {}
    for name, frame in (("reference", reference), ("current", current), ("shifted", shifted)):
        paths[name] = tmp_path / f"{name}.csv"
        frame.to_csv(paths[name], index=False)
    log = simulate_scores(4_000, seed=2, months=4)
    paths["log"] = tmp_path / "log.csv"
    log.to_csv(paths["log"], index=False)
    return paths


def test_no_drift_exits_0_with_the_documented_json(files, capsys):
    code = main([
        "drift", str(files["reference"]), str(files["current"]), "--columns", "x0,x1,c0", "--segment", "segment",
        "--date", "date", "--chunk", "month", "--n-boot", "60", "--seed", "3",
    ])  # fmt: skip
    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {"columns", "chunks", "segments", "gate", "provenance"} <= set(payload)
    column = payload["columns"][0]
    assert set(column) >= COLUMN_KEYS and set(column["statistics"]) >= STATISTIC_KEYS
    assert set(column["ci"]) >= {"psi", "js", "ks", "wasserstein_norm"} and len(column["ci"]["psi"]) == 2
    assert payload["gate"] == {"passed": True, "drifted": [], "insufficient": [], "drifted_in_segments": []}
    assert payload["provenance"]["parameters"]["n_boot"] == 60


def test_drift_exits_1_and_lists_the_column(files, capsys):
    code = main(["drift", str(files["reference"]), str(files["shifted"]), "--n-boot", "50", "--psi-threshold", "0.3"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 1
    assert payload["gate"]["passed"] is False and payload["gate"]["drifted"] == ["x0"]
    assert payload["provenance"]["parameters"]["psi_threshold"] == 0.3


def test_one_file_split_by_date_with_scores_and_labels(files, capsys):
    code = main([
        "drift", str(files["log"]), "--split-date", "2025-03-01", "--date", "date", "--chunk", "2000",
        "--score", "score", "--label", "label", "--n-boot", "50", "--format", "json",
    ])  # fmt: skip
    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert payload["performance"]["estimated_status"] == "estimated"
    assert {"reference", "current", "difference"} <= set(payload["performance"]["realised"])
    labels = [c["chunk"] for c in payload["chunks"] if c["period"] == "current"]
    assert labels[0] == "rows 1–2,000" and len(labels) == 2


@pytest.mark.parametrize("fmt", ["md", "html", "ipynb"])
def test_reports_and_notebooks(files, capsys, tmp_path, fmt):
    out = tmp_path / f"drift.{fmt}"
    code = main(
        ["drift", str(files["reference"]), str(files["current"]), "--n-boot", "50", "--format", fmt, "--out", str(out)]
    )
    assert code == 0
    text = out.read_text()
    assert {"md": "# Drift of", "html": "<!doctype html>", "ipynb": '"parameters"'}[fmt] in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--chunk", "fortnight", "--date", "date"], "--chunk takes day, week, month or a number of rows"),
        (["--columns", "x0,nope"], "column 'nope'"),
        (["--date", "c0", "--chunk", "week"], "values that are not dates"),
        (["--split-date", "2025-01-01"], "--split-date splits one file"),
        (["--score", "x0"], "scores from 0 to 1"),
    ],
)
def test_bad_input_exits_2_with_one_line(files, capsys, extra, message):
    code = main(["drift", str(files["reference"]), str(files["current"]), "--n-boot", "50", *extra])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and message in err[0] and err[0].startswith("error: ")


def test_different_columns_are_named_on_stderr(tmp_path, capsys):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("x,y\n1,2\n")
    b.write_text("x,z\n1,2\n")
    assert main(["drift", str(a), str(b)]) == 2
    assert "only in a.csv: y; only in b.csv: z" in capsys.readouterr().err


def test_one_file_needs_split_date(files, capsys):
    assert main(["drift", str(files["log"])]) == 2
    assert "REFERENCE CURRENT, or one file with --split-date" in capsys.readouterr().err


def test_notes_go_to_stderr(tmp_path, capsys):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    rows = "\n".join(f"3,{i}" for i in range(200))
    a.write_text("flag,x\n" + rows + "\n")
    b.write_text("flag,x\n" + rows + "\n")
    assert main(["drift", str(a), str(b), "--n-boot", "50"]) == 0
    assert "note: Column 'flag' is constant in the reference" in capsys.readouterr().err
