"""Prediction logs beyond memory: audits, drift and Spark on Parquet logs of 10M to 300M rows.

Generates Parquet logs (label, prediction, score, two sensitive columns of 5 x 3 groups, a
date, 5 features; one folder of monthly hive partitions ``month=YYYY-MM`` per log) in
``--folder`` (kept between runs: a log is generated once), then runs each case in a fresh
subprocess through the command line and prints its time and the process's peak resident
memory (RSS) against the targets:

* intersectional audit of 100M rows with 1,000 resamples: under 30 s and 1.5 GB;
* an audit of 300M rows completes under a 2 GB memory limit;
* drift of 100M vs 100M rows, 5 columns, 12 monthly chunks: under 60 s;
* Spark local mode on 10M rows beside DuckDB, with equal counts.

Run: ``python bench/bench_logs.py`` (all sizes), or smaller: ``python bench/bench_logs.py --rows 1000000``;
one case only: ``python bench/bench_logs.py --only drift --rows 10000000 --rows 100000000``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHUNK = 5_000_000
FEATURES = ("f1", "f2", "f3", "f4", "f5")
SEX = ("female", "male", "nonbinary", "unknown", "declined")
RACE = ("group_a", "group_b", "group_c")
TARGETS = {"audit": (30.0, 1.5), "drift": (60.0, None)}
CASES = ("audit", "limit", "drift", "spark")


def _chunk_table(rng: np.random.Generator, rows: int, month: int, year: int, *, shift: float):
    import pyarrow as pa

    sex = rng.integers(0, len(SEX), rows, dtype=np.int8)
    race = rng.integers(0, len(RACE), rows, dtype=np.int8)
    label = (rng.random(rows) < 0.3 + 0.05 * race).astype(np.int8)
    score = np.clip(0.25 * label + rng.beta(2, 5, rows) + 0.02 * sex, 0, 1).astype(np.float32)
    days = rng.integers(0, 28, rows).astype("timedelta64[D]") + np.datetime64(f"{year}-{month:02d}-01")
    columns = {
        "label": pa.array(label),
        "prediction": pa.array((score >= 0.5).astype(np.int8)),
        "score": pa.array(score),
        "sex": pa.DictionaryArray.from_arrays(pa.array(sex), pa.array(SEX)),
        "race": pa.DictionaryArray.from_arrays(pa.array(race), pa.array(RACE)),
        "date": pa.array(days.astype("datetime64[D]")),
    }
    for i, name in enumerate(FEATURES):
        columns[name] = pa.array((rng.normal(shift * (i + 1) / 5, 1 + i / 10, rows)).astype(np.float32))
    return pa.table(columns)


def generate(folder: Path, rows: int, *, year: int = 2024, shift: float = 0.0, seed: int = 0) -> Path:
    """A log of ``rows`` rows in 12 monthly partitions (generated once; reused when complete)."""
    import pyarrow.parquet as pq

    root = folder / f"log_{rows}_{year}_{shift:g}"
    done = root / "_complete"
    if done.exists():
        return root
    rng = np.random.default_rng(seed)
    per_month = np.full(12, rows // 12)
    per_month[: rows % 12] += 1
    for month in range(1, 13):
        part = root / f"month={year}-{month:02d}"
        part.mkdir(parents=True, exist_ok=True)
        left, index = int(per_month[month - 1]), 0
        while left:
            size = min(CHUNK, left)
            table = _chunk_table(rng, size, month, year, shift=shift)
            pq.write_table(table, part / f"part-{index:04d}.parquet", compression="zstd", row_group_size=1_000_000)
            left, index = left - size, index + 1
    done.write_text("")
    return root


def _child(argv: list[str]) -> None:
    """Run one command in this process, then print its time and peak RSS as JSON on the last line."""
    from contextlib import redirect_stdout
    from io import StringIO

    from lib.cli import main

    start = time.perf_counter()
    out = StringIO()
    with redirect_stdout(out):
        code = main(argv)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak, cpu = usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime
    result = json.loads(out.getvalue()) if out.getvalue().strip().startswith("{") else {}
    print(json.dumps({"code": code, "seconds": seconds, "cpu": cpu, "peak": peak, "result": result}))


def measure(argv: list[str]) -> dict:
    """Time and peak memory of one command in a fresh process."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(argv)], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        return {
            "code": done.returncode, "seconds": float("nan"), "cpu": float("nan"), "peak": 0,
            "error": done.stderr.strip()[-300:],
        }  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def _audit_args(log: Path, *, n_boot: int, memory: str, engine: str = "duckdb") -> list[str]:
    return [
        "audit", str(log), "--label", "label", "--score", "score", "--sensitive", "sex", "--sensitive", "race",
        "--intersectional", "--n-boot", str(n_boot), "--memory-limit", memory, "--threads", "2", "--engine", engine,
    ]  # fmt: skip


def _counts(result: dict) -> list:
    return [(g["name"], g["counts"]) for g in result.get("groups", [])]


def _row(case: str, rows: int, found: dict, target: tuple[float | None, float | None], note: str = "") -> list[str]:
    seconds, gib = found["seconds"], found["peak"] / 1024**3
    time_target, memory_target = target
    ok = found["code"] in (0, 1) and (time_target is None or seconds <= time_target)
    ok = ok and (memory_target is None or gib <= memory_target)
    targets = " / ".join(
        t for t in (f"< {time_target:g} s" if time_target else "", f"< {memory_target:g} GB" if memory_target else "")
        if t
    )  # fmt: skip
    status = "ok" if ok else ("FAILED: " + found.get("error", "")[:120] if "error" in found else "over target")
    # CPU time (all threads) beside the wall time: on a shared machine it moves less with the others' load.
    load = os.getloadavg()[0]
    return [
        case, f"{rows:,}", f"{seconds:.1f}", f"{found.get('cpu', float('nan')):.1f}", f"{load:.1f}", f"{gib:.2f}",
        targets or "-", status + (f" ({note})" if note else ""),
    ]  # fmt: skip


def main() -> None:
    """Generate the logs and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, action="append", help="log sizes (default 10M, 100M and 300M)")
    parser.add_argument("--folder", default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "decision-desk-bench-logs"))
    parser.add_argument("--n-boot", type=int, default=1000)
    parser.add_argument("--skip", action="append", default=[], help="cases to skip: audit, limit, drift, spark")
    parser.add_argument("--only", action="append", choices=CASES, help="run only these cases (e.g. --only drift)")
    args = parser.parse_args()
    if args.child:
        _child(json.loads(args.child))
        return
    if args.only:
        args.skip = [c for c in CASES if c not in args.only]
    sizes = sorted(args.rows or [10_000_000, 100_000_000, 300_000_000])
    folder = Path(args.folder)
    table = [["case", "rows", "seconds", "CPU s", "load after", "peak RSS GB", "target", "result"]]
    for rows in sizes:
        start = time.perf_counter()
        log = generate(folder, rows)
        print(f"log of {rows:,} rows ready in {time.perf_counter() - start:.0f} s: {log}", file=sys.stderr)
        if "audit" not in args.skip and rows <= 100_000_000:
            found = measure(_audit_args(log, n_boot=args.n_boot, memory="1GB"))
            table.append(_row(f"audit, 15 groups, {args.n_boot} resamples, 1GB", rows, found, TARGETS["audit"]))
        if "limit" not in args.skip and rows > 100_000_000:
            found = measure(_audit_args(log, n_boot=args.n_boot, memory="2GB"))
            table.append(_row("audit under a 2GB memory limit", rows, found, (None, None)))
        if "drift" not in args.skip and rows == max(r for r in sizes if r <= 100_000_000):
            current = generate(folder, rows, year=2025, shift=0.05, seed=1)
            drift = [
                "drift", str(log), str(current), "--columns", ",".join(FEATURES), "--date", "date",
                "--chunk", "month", "--memory-limit", "2GB", "--threads", "2",
            ]  # fmt: skip
            found = measure(drift)
            table.append(_row("drift vs another log, 5 columns, 12 months", rows, found, TARGETS["drift"]))
        if "spark" not in args.skip and rows == sizes[0]:
            duck = measure(_audit_args(log, n_boot=args.n_boot, memory="2GB"))
            spark = measure(_audit_args(log, n_boot=args.n_boot, memory="2GB", engine="spark"))
            equal = bool(_counts(duck["result"])) and _counts(duck["result"]) == _counts(spark["result"])
            table.append(_row("audit on DuckDB", rows, duck, (None, None)))
            table.append(
                _row("audit on Spark (local[2]; RSS of Python, not the JVM)", rows, spark, (None, None),
                     f"counts equal: {equal}")
            )  # fmt: skip
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for i, row in enumerate(table):
        print(" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
        if i == 0:
            print("-+-".join("-" * w for w in widths))


if __name__ == "__main__":
    main()
