"""Interview practice speed: scoring must feel instant on submit, even for a huge paste.

Prints a table of measured times against targets. Run: ``python bench/bench_practice.py``.
Figures are wall-clock milliseconds, best of ``--repeat`` runs, after one warm-up run
(the fresh-process rows start a new Python each time, so they include its start-up).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lib.analysis import export_analysis, run  # noqa: E402
from lib.practice import (  # noqa: E402
    PracticeLog,
    PracticeScoreSpec,
    framework_as_answer,
    load_bank,
    progress_spec,
    score_answer,
)
from lib.store import Workspace  # noqa: E402

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def best_of(function: Callable[[], object], repeat: int) -> float:
    """Best wall-clock time in milliseconds after one warm-up call."""
    function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return 1000 * min(times)


def in_fresh_process(*argv: str) -> Callable[[], object]:
    """A call that runs Python with ``argv`` in a new process, from the project folder."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return lambda: subprocess.run([sys.executable, *argv], cwd=ROOT, env=env, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    bank = load_bank()
    scenario = bank[0]
    typical = framework_as_answer(scenario) * 3  # about 300 words, a five-minute answer
    paste = ("I cut p95 latency from 180 ms to 95 ms with a canary and alerts. " * 800)[:50_000]
    spec = PracticeScoreSpec(scenario_id=scenario.id, answer=typical, minutes=5)
    result = run(spec)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DECISION_DESK_HOME"] = folder  # `practice progress` below reads this workspace
        log = PracticeLog(Workspace())
        for i in range(1000):
            log.record(result, answer=typical, now=T0 + dt.timedelta(hours=i))
        attempts = log.attempts()
        today = (T0 + dt.timedelta(days=60)).date()
        rows = [
            (
                "import lib.practice (fresh process)",
                best_of(in_fresh_process("-c", "import lib.practice"), repeat),
                1500,
            ),
            ("load and check the scenario bank", best_of(load_bank, repeat), 200),
            ("score a 5-minute answer (spec run)", best_of(lambda: run(spec), repeat), 100),
            (
                "score a 50,000-character paste",
                best_of(lambda: run(spec.replace(answer=paste)), repeat),
                500,
            ),
            (
                "score every scenario's reference",
                best_of(lambda: [score_answer(framework_as_answer(s), s) for s in bank], repeat),
                1000,
            ),
            ("practice report as Markdown", best_of(lambda: export_analysis(spec, result, "md"), repeat), 200),
            ("practice report as a notebook", best_of(lambda: export_analysis(spec, result, "ipynb"), repeat), 1000),
            ("read 1,000 attempts from SQLite", best_of(log.attempts, repeat), 300),
            (
                "progress of 1,000 attempts (spec + run)",
                best_of(lambda: run(progress_spec(attempts, today=today)), repeat),
                300,
            ),
            # `python -m lib` builds every command's options first; those that import scikit-learn
            # and Fairlearn while registering dominate this row, not lib.practice.
            (
                "`practice list` (fresh process)",
                best_of(in_fresh_process("-m", "lib", "practice", "list"), repeat),
                1500,
            ),
            (
                "`practice progress`, 1,000 attempts (fresh process)",
                best_of(in_fresh_process("-m", "lib", "practice", "progress"), repeat),
                5000,
            ),
        ]
    width = max(len(r[0]) for r in rows)
    print(f"{'step':<{width}}  {'measured ms':>11}  {'target ms':>9}  ok")
    for name, measured, target in rows:
        print(f"{name:<{width}}  {measured:>11.1f}  {target:>9}  {'yes' if measured <= target else 'NO'}")


if __name__ == "__main__":
    main()
