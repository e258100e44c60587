"""Command-line start-up: how long each command takes in a fresh Python, beside `import pandas`.

Prints a table of wall-clock seconds (minimum and median of ``--repeat`` runs, after one
warm-up run each) against the 1 s target for the light commands: help, listings and the
calculators, which have no data to read. A second table times a Parquet file that holds
300 million rows: the in-memory reader refuses it from its footer in well under a second,
and the command line inspects it as a log without loading it.
Run: ``python bench/bench_startup.py [--repeat N]``.

The machine's load shows in every row alike; compare a command with the `import pandas`
row (the floor for anything that reads a table) rather than with the target alone.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LIGHT_TARGET_S = 1.0
REFUSAL_TARGET_S = 0.5
MATRIX = "criterion,weight,Build,Buy,Partner\nedge,5,5,2,3\nspeed,3,2,5,3\ncost,2,3,4,3\n"


def commands(folder: Path) -> list[tuple[str, list[str], bool]]:
    """(label, argv after the interpreter, light?) for every row of the table."""
    matrix = folder / "matrix.csv"
    matrix.write_text(MATRIX)
    lib = ["-m", "lib"]
    per_prediction = ["--cost-before", "0.42", "--cost-after", "0.19", "--predictions-per-month", "2e9"]
    return [
        ('python -c "import pandas"', ["-c", "import pandas"], False),
        ("--help", [*lib, "--help"], True),
        ("datasets", [*lib, "datasets"], True),
        ("practice list", [*lib, "practice", "list"], True),
        ("practice show mle-reduced-cost", [*lib, "practice", "show", "mle-reduced-cost"], True),
        ("decide matrix.csv", [*lib, "decide", str(matrix)], False),
        ("breakeven per-prediction ...", [*lib, "breakeven", "per-prediction", *per_prediction], True),
        ("audit --help", [*lib, "audit", "--help"], True),
        ("explain --help", [*lib, "explain", "--help"], True),
    ]


def time_process(argv: list[str], repeat: int) -> list[float]:
    """Wall-clock seconds of ``python ARGV`` in a fresh process, ``repeat`` times after a warm-up."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def once() -> float:
        start = time.perf_counter()
        result = subprocess.run([sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, check=False)
        elapsed = time.perf_counter() - start
        if result.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed: {result.stderr.decode()[:300]}")
        return elapsed

    once()
    return [once() for _ in range(repeat)]


def huge_parquet(path: Path) -> int:
    """A Parquet file of 300 million rows in two columns, a few MB on disk; returns its size."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = 300_000_000
    pq.write_table(pa.table({"a": pa.nulls(rows), "b": pa.nulls(rows)}), path, row_group_size=rows)
    return path.stat().st_size


def time_refusal(path: Path, repeat: int) -> list[float]:
    """Seconds from the file's bytes to the refusal, inside one process."""
    from lib.data import load_table
    from lib.errors import InputError

    data = path.read_bytes()
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        try:
            load_table(io.BytesIO(data).getvalue(), name=path.name)
        except InputError:
            times.append(time.perf_counter() - start)
        else:
            raise SystemExit("the 300-million-row file was read instead of refused")
    return times[1:]


def row(label: str, times: list[float], target: float | None, *, digits: int = 2) -> str:
    low, middle = min(times), statistics.median(times)
    verdict = "" if target is None else ("ok" if middle <= target else "OVER")
    shown_target = "" if target is None else f"{target:.1f}"
    return f"| {label:<38} | {low:>6.{digits}f} | {middle:>6.{digits}f} | {shown_target:>6} | {verdict:<4} |"


def header(first: str) -> str:
    return f"| {first:<38} | {'min s':>6} | {'median':>6} | {'target':>6} | {'':<4} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per command (default 5)")
    repeat = parser.parse_args().repeat
    top = header("command (python -m lib ...)")
    rule = "|" + "|".join("-" * (len(cell)) for cell in top.split("|")[1:-1]) + "|"
    with tempfile.TemporaryDirectory() as folder:
        print(f"Start-up, fresh process, {repeat} runs each after a warm-up\n")
        print(top)
        print(rule)
        for label, argv, light in commands(Path(folder)):
            print(row(label, time_process(argv, repeat), LIGHT_TARGET_S if light else None), flush=True)
        big = Path(folder) / "huge.parquet"
        size = huge_parquet(big)
        print(f"\nRefusing {big.name} ({size / 2**20:.1f} MB on disk, 300,000,000 rows x 2 columns)\n")
        print(header("step"))
        print(rule)
        print(row("load_table -> refused (in process)", time_refusal(big, repeat), REFUSAL_TARGET_S, digits=4))
        # The command line reads a Parquet file this large as a log: counted where it lies, never loaded.
        inspect = [*["-m", "lib"], "inspect", str(big), "--format", "json"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        result = subprocess.run([sys.executable, *inspect], cwd=ROOT, env=env, capture_output=True, text=True)
        print(row("inspect huge.parquet as a log", time_process(inspect, repeat), None))
        rows = json.loads(result.stdout)["rows"] if result.returncode == 0 else None
        print(f"\nThe command line reads it as a log (exit {result.returncode}): {rows:,} rows, nothing loaded")


if __name__ == "__main__":
    main()
