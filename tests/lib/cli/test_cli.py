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


# ---- limits, memory and other ways a run can end: always one line and a documented exit code ----

MB = 1024 * 1024


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


@pytest.mark.parametrize("raw", ["abc", "nan", "inf", "0", "-1"])
def test_an_unusable_size_limit_is_refused_by_name(tmp_path, monkeypatch, capsys, raw):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n3,4\n")
    monkeypatch.setenv("DECISION_DESK_MAX_UPLOAD_MB", raw)
    assert main(["inspect", str(path)]) == 2
    line = _one_line_error(capsys)
    assert "DECISION_DESK_MAX_UPLOAD_MB" in line and "from 1 to 1,024" in line and repr(raw) in line


def test_a_file_over_a_lowered_limit_is_refused_before_it_is_read(tmp_path, monkeypatch, capsys):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * int(1.3 * MB / 4))
    monkeypatch.setenv("DECISION_DESK_MAX_UPLOAD_MB", "1")
    read_bytes = Path.read_bytes

    def guarded(self: Path) -> bytes:
        if self.name == "big.csv":
            pytest.fail(f"{self} was read")
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    for command in (["inspect", str(path)], ["audit", str(path), "--label", "a", "--sensitive", "b", "--pred", "a"]):
        assert main(command) == 2
        assert "too large. Expected at most 1 MB; found 1.3 MB." in _one_line_error(capsys)


def test_a_lowered_limit_never_blocks_the_bundled_samples(monkeypatch, capsys):
    monkeypatch.setenv("DECISION_DESK_MAX_UPLOAD_MB", "1")  # adult_predictions.csv is 1.8 MB
    assert main(["inspect", "adult_predictions"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == 16281
    args = ["audit", "adult_predictions", "--label", "label", "--sensitive", "sex", "--pred", "prediction"]
    assert main([*args, "--n-boot", "50"]) in (0, 1)
    assert capsys.readouterr().err == ""


def test_memory_running_out_anywhere_is_bad_input_on_one_line(monkeypatch, capsys):
    import lib.data

    def exhausted(*args, **kwargs):
        raise MemoryError("Unable to allocate 2.24 GiB for an array with shape (300000000,) and data type float64")

    monkeypatch.setattr(lib.data, "summarise", exhausted)
    assert main(["inspect", "german_credit"]) == 2
    line = _one_line_error(capsys)
    assert line.startswith("error: not enough memory for this input: ") and "2.24 GiB" in line


def test_memory_running_out_in_a_real_process_exits_2_without_a_traceback():
    code = (
        "import sys, lib.data\n"
        "def boom(*a, **k): raise MemoryError()\n"
        "lib.data.summarise = boom\n"
        "from lib.cli import main\n"
        "sys.exit(main(['inspect', 'german_credit']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("error: not enough memory for this input: ") and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("raised", "code", "phrase"),
    [
        (RecursionError("maximum recursion depth exceeded"), 2, "nested too deeply"),
        (OverflowError("Python int too large to convert to SQLite INTEGER"), 2, "number in the input is too large"),
        (FileNotFoundError(2, "No such file or directory", "x" * 300), 2, "cannot be used (No such file or directory)"),
        (OSError(28, "No space left on device"), 3, "unexpected OSError"),
        (ZeroDivisionError("division by zero"), 3, "unexpected ZeroDivisionError"),
    ],
)
def test_other_failures_map_to_documented_exit_codes(monkeypatch, capsys, raised, code, phrase):
    import lib.data

    def fail(*args, **kwargs):
        raise raised

    monkeypatch.setattr(lib.data, "summarise", fail)
    assert main(["inspect", "german_credit"]) == code
    line = _one_line_error(capsys)
    assert phrase in line and len(line) < 400


def test_a_reader_that_stops_early_is_not_an_error(tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"column_{i}" for i in range(3000)) + "\n" + ",".join("1" * 3000) + "\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "lib", "inspect", str(wide), "--format", "md"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100)  # like `| head -c 100`: read a little, then close the pipe
    process.stdout.close()
    assert process.wait(timeout=120) == 0
    assert process.stderr.read() == b""


def test_an_argument_with_a_newline_still_gives_one_line(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["inspect", "x.csv", "--format", "a\nb"])
    assert stop.value.code == 2
    _one_line_error(capsys)


def test_the_shared_helpers_load_nothing_heavy():
    """Every command imports them to register, so pandas and the renderers wait until a command runs."""
    code = "import sys, lib.cli._common, lib.cli.cmd_datasets; print(sorted({'pandas', 'numpy', 'lib.analysis'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_the_export_formats_are_the_renderers():
    import lib.analysis
    import lib.cli._common

    assert lib.cli._common.EXPORT_FORMATS == lib.analysis.EXPORT_FORMATS
