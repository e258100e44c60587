"""Drift speed and verdict error rates.

Speed: 1,000,000 reference + 1,000,000 current rows x 20 columns (15 numeric, 5
categorical), 10 segments, 12 monthly chunks, 200 bootstrap resamples, against a
10-second target on a 2-core machine. Beside it, what Evidently's DataDriftPreset
takes for the same columns without segments or intervals, when an interpreter with
Evidently is given (``--evidently-python``): Evidently 0.7.23 fails to import with
pandas 3, so it runs in a separate environment with pandas 2.

Error rates: no-drift data with 50 columns at n = 1e3 ... 1e6 (how often anything is
called drift, and how often any Benjamini-Hochberg discovery is made), and shifts
just under and over the 0.1 SD materiality line.

Run: ``python bench/bench_drift.py`` (``--quick`` for a smaller run). Times are
wall-clock seconds, best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.analysis import TableSource
from lib.drift import DRIFT, DriftSpec, benjamini_hochberg, cell_statistics, compare_counts, numeric_binning, run_drift

TARGET_SECONDS = 10.0


def make_tables(n: int, *, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reference (2024) and current (2025) tables: 15 numeric and 5 categorical columns, 10 segments, dates."""
    rng = np.random.default_rng(seed)

    def table(move: float, year: int) -> pd.DataFrame:
        data: dict[str, object] = {f"x{i}": rng.normal(move * (i < 3), 1.0, n) for i in range(15)}
        for i in range(5):
            data[f"c{i}"] = pd.Categorical.from_codes(rng.integers(0, 8, n), categories=[f"v{k}" for k in range(8)])
        data["segment"] = pd.Categorical.from_codes(rng.integers(0, 10, n), categories=[f"s{k}" for k in range(10)])
        first = np.datetime64(f"{year}-01-01")
        data["date"] = first + rng.integers(0, 365, n).astype("timedelta64[D]")
        return pd.DataFrame(data)

    return table(0.0, 2024), table(0.15, 2025)


def time_ours(reference: pd.DataFrame, current: pd.DataFrame, repeat: int) -> tuple[float, float, object]:
    """Best wall-clock and processor seconds of the full analysis."""
    spec = DriftSpec(segment=("segment",), date="date", chunk="month", n_boot=200, seed=0)
    sources = {"reference": TableSource(reference, "reference", None), "current": TableSource(current, "current", None)}
    wall, cpu, result = np.inf, np.inf, None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = run_drift(spec, sources)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu, result


EVIDENTLY_SCRIPT = textwrap.dedent(
    """
    import sys, time
    import pandas as pd
    from evidently import Report
    from evidently.presets import DataDriftPreset
    reference = pd.read_parquet(sys.argv[1]); current = pd.read_parquet(sys.argv[2])
    columns = [c for c in reference.columns if c not in ("segment", "date")]
    start = time.perf_counter()
    Report([DataDriftPreset(columns=columns)]).run(current[columns], reference[columns])
    print(time.perf_counter() - start)
    """
)


def time_evidently(python: str | None, reference: pd.DataFrame, current: pd.DataFrame) -> str:
    if python is None:
        here = "installed here" if importlib.util.find_spec("evidently") else "not installed here"
        return (
            f"not run: Evidently is {here}, and 0.7.23 fails to import with pandas 3 (ImportError: "
            "infer_dtype_from_object); give --evidently-python with an interpreter that has evidently==0.7.23 "
            "and pandas 2"
        )
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / "reference.parquet", Path(folder) / "current.parquet"]
        for frame, path in zip((reference, current), paths, strict=True):
            frame.to_parquet(path)
        script = Path(folder) / "evidently_bench.py"
        script.write_text(EVIDENTLY_SCRIPT)
        done = subprocess.run([python, str(script), *map(str, paths)], capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        return "failed: " + (done.stderr.strip().splitlines() or ["no message"])[-1][:200]
    return f"{float(done.stdout.strip().splitlines()[-1]):.1f} s (separate environment with pandas 2; 20 columns, no segments, no chunks, no intervals)"


def _grid():
    binning = numeric_binning(np.random.default_rng(0).normal(size=200_000), bins=10, method="quantile")
    cdf = stats.norm.cdf(binning.fine_edges)
    probs = np.concatenate([[cdf[0]], np.diff(cdf), [1 - cdf[-1]]])
    inner = (binning.fine_edges[:-1] + binning.fine_edges[1:]) / 2
    centres = np.concatenate([[binning.fine_edges[0] - 0.5], inner, [binning.fine_edges[-1] + 0.5]])
    return binning, probs / probs.sum(), centres


def _draw(rng, n, probs, cur_probs, centres, binning, columns):
    ref = np.hstack([rng.multinomial(n, probs, size=columns), np.zeros((columns, 1))]).astype(float)
    cur = np.hstack([rng.multinomial(n, cur_probs, size=columns), np.zeros((columns, 1))]).astype(float)
    x = np.concatenate([centres - binning.shift, [0.0]])
    return ref, cur, (ref * x, cur * x, ref * x**2)


def error_rates(repeats: int, verdict_repeats: int) -> list[dict[str, object]]:
    """False alarms with 50 columns and no drift, and verdicts around the materiality line."""
    binning, probs, centres = _grid()
    rows = []
    for n in (1_000, 10_000, 100_000, 1_000_000):
        rng = np.random.default_rng(n)
        discoveries = 0
        for _ in range(repeats):
            ref, cur, sums = _draw(rng, n, probs, probs, centres, binning, 50)
            cells = cell_statistics(binning, ref, cur, sums=sums, n_interval=0, n_boot=50, level=0.95, rng=rng)
            discoveries += bool((benjamini_hochberg(cells.p_values) < 0.05).any())
        drifted = 0
        for _ in range(verdict_repeats):
            ref, cur, sums = _draw(rng, n, probs, probs, centres, binning, 50)
            drifted += any(
                c.verdict == DRIFT for c in compare_counts(binning, ref, cur, sums=sums, spec=DriftSpec(n_boot=50))
            )
        rows.append({
            "case": f"no drift, 50 columns, n = {n:,}", "any BH discovery": discoveries / repeats,
            "any drift verdict": drifted / verdict_repeats, "runs": f"{repeats} / {verdict_repeats}",
        })  # fmt: skip
    for shift in (0.05, 0.2):
        cdf = stats.norm.cdf(binning.fine_edges, loc=shift)
        shifted = np.concatenate([[cdf[0]], np.diff(cdf), [1 - cdf[-1]]])
        rng = np.random.default_rng(7)
        verdicts = []
        for _ in range(verdict_repeats):
            ref, cur, sums = _draw(rng, 200_000, probs, shifted / shifted.sum(), centres, binning, 20)
            verdicts += [c.verdict for c in compare_counts(binning, ref, cur, sums=sums, spec=DriftSpec(n_boot=100))]
        rows.append({
            "case": f"shift {shift} SD (line 0.1 SD), n = 200,000", "any BH discovery": None,
            "any drift verdict": verdicts.count(DRIFT) / len(verdicts), "runs": f"{len(verdicts)} columns",
        })  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows per side (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="100,000 rows and fewer simulation runs")
    parser.add_argument("--evidently-python", metavar="PATH", help="interpreter with evidently 0.7 and pandas 2")
    args = parser.parse_args()
    rows = 100_000 if args.quick else args.rows
    reference, current = make_tables(rows)
    seconds, cpu, result = time_ours(reference, current, args.repeat)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Drift: {rows:,} + {rows:,} rows x 20 columns, 10 segments, 12 monthly chunks, 200 resamples")
    print(f"Machine: {os.cpu_count()} cores, load average {load:.1f} as the run ended (wall time grows with load).")
    print("| what | wall seconds | processor seconds (all threads) | target |")
    print("| --- | --- | --- | --- |")
    print(
        f"| Decision Desk drift (all of the above, with intervals and verdicts) | {seconds:.2f} | {cpu:.2f} "
        f"| under {TARGET_SECONDS:g} wall |"
    )
    evidently = time_evidently(args.evidently_python, reference, current)
    print(f"| Evidently DataDriftPreset (same columns) | {evidently} | | — |")
    counts = result.verdict_counts()
    print(f"\nVerdicts: {counts}; {result.multiple_testing['tests']:,} p-values adjusted together.\n")
    print("Error rates of the verdicts (simulated from binned counts)")
    print("| case | any BH discovery | any drift verdict | runs |\n| --- | --- | --- | --- |")
    for row in error_rates(40 if args.quick else 200, 5 if args.quick else 20):
        discovery = "—" if row["any BH discovery"] is None else f"{row['any BH discovery']:.1%}"
        print(f"| {row['case']} | {discovery} | {row['any drift verdict']:.1%} | {row['runs']} |")
    print(
        "\nUnder no drift at all, Benjamini-Hochberg keeps P(any discovery) at the false discovery rate (5%); with "
        "200 runs a rate's standard error is about 1.5 points. A drift verdict also needs an effect size above its "
        "materiality threshold, so no drift is essentially never called drift."
    )


if __name__ == "__main__":
    main()
