"""Speed of the decision matrix computations against the page's targets.

Run: ``python bench/build_vs_buy.py``. Prints measured (best of a few runs) versus target.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.analysis import export_analysis
from lib.decision import ahp_weights, build_matrix, decide, get_preset, matrix_to_csv, run_decision, spec_from_matrix
from lib.decision.robustness import MAX_N_SIM, flip_points, rank_acceptability


def best_of(function: Callable[[], object], repeats: int = 3) -> float:
    """Fastest wall time of a few runs, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rng = np.random.default_rng(0)
    preset = get_preset("core_logic").matrix()
    big = build_matrix(
        [f"option {i}" for i in range(8)],
        [f"criterion {j}" for j in range(20)],
        rng.uniform(0.1, 1, 20),
        sheets={f"scorer {s}": rng.integers(1, 6, (8, 20)) for s in range(5)},
    )
    judgements = rng.choice([1 / 5, 1 / 3, 1, 3, 5], (10, 10))
    pairwise = np.triu(judgements, 1) + np.tril(1 / judgements.T, -1) + np.eye(10)
    spec = spec_from_matrix(preset)
    result = run_decision(spec)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "MATRIX.csv"
        path.write_bytes(matrix_to_csv(preset))
        judgements = Path(folder) / "judgements.csv"
        judgements.write_text("first,second,times\ncost,speed,3\ncost,edge,1/5\nspeed,edge,1/3\n")
        command = [sys.executable, "-m", "lib", "decide", str(path)]
        rows = [
            ("decide: 3 options × 9 criteria, 2,000 simulations", lambda: decide(preset), 0.5),
            ("decide: 8 options × 20 criteria, 5 scorers, 2,000 sims", lambda: decide(big), 1.0),
            ("rank acceptability: 8 × 20, 10,000 simulations", lambda: rank_acceptability(big, n_sim=10_000), 2.0),
            ("flip points: 8 × 20 (exact)", lambda: flip_points(big), 0.05),
            (
                f"rank acceptability: 8 × 20, {MAX_N_SIM:,} simulations (the maximum)",
                lambda: rank_acceptability(big, n_sim=MAX_N_SIM),
                5.0,
            ),
            ("AHP: 10 × 10 judgements", lambda: ahp_weights(pairwise, [f"c{k}" for k in range(10)]), 0.05),
            ("report: Markdown of the preset's decision", lambda: export_analysis(spec, result, "md"), 1.0),
            (
                "notebook: .ipynb of the preset's decision (charts drawn)",
                lambda: export_analysis(spec, result, "ipynb"),
                10.0,
            ),
            (
                "CLI: python -m lib decide MATRIX.csv (new process)",
                lambda: subprocess.run(command, check=True, capture_output=True, cwd=Path(__file__).parents[1]),
                5.0,
            ),
            (
                "CLI: python -m lib ahp judgements.csv (new process)",
                lambda: subprocess.run(
                    [sys.executable, "-m", "lib", "ahp", str(judgements)],
                    check=True,
                    capture_output=True,
                    cwd=Path(__file__).parents[1],
                ),
                5.0,
            ),
        ]
        print(f"{'computation':<62} {'measured':>10} {'target':>10}  ok")
        for name, function, target in rows:
            seconds = best_of(function, repeats=2 if name.startswith("CLI") else 3)
            print(f"{name:<62} {seconds * 1e3:>8.1f}ms {target * 1e3:>8.0f}ms  {'yes' if seconds <= target else 'NO'}")


if __name__ == "__main__":
    main()
