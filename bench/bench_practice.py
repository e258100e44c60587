"""Interview practice speed: scoring must feel instant on submit, even for a huge paste.

Prints a table of measured times against targets. Run: ``python bench/bench_practice.py``.
Figures are wall-clock milliseconds, best of ``--repeat`` runs, after one warm-up run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.practice import (
    PracticeLog,
    framework_as_answer,
    load_bank,
    next_scenario,
    review_schedule,
    score_answer,
)
from lib.store import Workspace

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    bank = load_bank()
    scenario = bank[0]
    typical = framework_as_answer(scenario) * 3  # about 300 words, a five-minute answer
    paste = ("I cut p95 latency from 180 ms to 95 ms with a canary and alerts. " * 800)[:50_000]
    with tempfile.TemporaryDirectory() as folder:
        log = PracticeLog(Workspace(Path(folder) / "bench.sqlite3"))
        result = score_answer(typical, scenario)
        for i in range(1000):
            log.record(result, answer=typical, now=T0 + dt.timedelta(hours=i))
        attempts = log.attempts()
        rows = [
            ("load and check the scenario bank", best_of(load_bank, repeat), 200),
            ("score a 5-minute answer", best_of(lambda: score_answer(typical, scenario), repeat), 100),
            ("score a 50,000-character paste", best_of(lambda: score_answer(paste, scenario), repeat), 500),
            (
                "score every scenario's reference",
                best_of(lambda: [score_answer(framework_as_answer(s), s) for s in bank], repeat),
                1000,
            ),
            ("read 1,000 attempts from SQLite", best_of(log.attempts, repeat), 300),
            (
                "review schedule + next scenario, 1,000 attempts",
                best_of(lambda: (review_schedule(attempts), next_scenario(bank, attempts, now=T0)), repeat),
                200,
            ),
        ]
    width = max(len(r[0]) for r in rows)
    print(f"{'step':<{width}}  {'measured ms':>11}  {'target ms':>9}  ok")
    for name, measured, target in rows:
        print(f"{name:<{width}}  {measured:>11.1f}  {target:>9}  {'yes' if measured <= target else 'NO'}")


if __name__ == "__main__":
    main()
