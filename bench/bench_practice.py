"""Interview practice speed and calibration: scoring must feel instant on submit, and rank answers sensibly.

Prints two tables: measured times against targets (the relevance model's load, one answer after it,
a huge paste, reports, progress), and the labelled calibration set's scores by label with the
ordering the tests assert. Run: ``python bench/bench_practice.py``.
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
from lib.practice._scoring import cut_to_scored  # noqa: E402
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


def fresh_answer(spec: PracticeScoreSpec) -> Callable[[], object]:
    """A call that scores the spec's answer with every sentence new, so no sentence-level cache helps."""
    counter = iter(range(10**9))

    def call() -> object:
        n = next(counter)
        text = " ".join(f"{s} (take {n})" for s in spec.answer.split(". "))
        return run(spec.replace(answer=text))

    return call


def model_load_ms() -> float:
    """Milliseconds to load the relevance model from the installed wheel, in a fresh process (best of three)."""
    code = "from lib.practice._model import embedder; print(embedder().load_seconds)"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(3)
    ]
    return 1000 * min(times)


def calibration_table() -> None:
    """Scores of the labelled calibration set: one row per scenario, and the ordering rules checked."""
    import json

    answers = json.loads((ROOT / "lib" / "practice" / "calibration.json").read_text())["answers"]
    bank = {s.id: s for s in load_bank()}
    labels = ("strong", "competent", "mediocre", "stuffed", "off_topic", "pitfall")
    scores: dict[str, dict[str, float]] = {}
    for answer in answers:
        scenario = bank[answer["scenario_id"]]
        total = score_answer(answer["text"], scenario, minutes=answer["minutes"]).total
        scores.setdefault(scenario.id, {})[answer["label"]] = total
    width = max(len(s) for s in scores)
    print()
    print(f"{'scenario':<{width}}  " + "  ".join(f"{label:>9}" for label in labels) + "  ordering holds")
    for scenario_id, row in scores.items():
        holds = (
            row["strong"] >= row["stuffed"] + 20
            and row["strong"] >= row["mediocre"] + 20
            and row["off_topic"] <= 30
            and row["pitfall"] <= 45
        )
        print(
            f"{scenario_id:<{width}}  "
            + "  ".join(f"{row[label]:>9.1f}" if label in row else f"{'-':>9}" for label in labels)
            + f"  {'yes' if holds else 'NO'}"
        )
    print("ordering: strong >= stuffed + 20, strong >= mediocre + 20, off-topic <= 30, pitfall-committing <= 45")
    print("competent answers (where written) must land 10 or more above mediocre and 10 or more below strong")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    bank = load_bank()
    scenario = bank[0]
    typical = framework_as_answer(scenario) * 3  # about 300 words, a five-minute answer
    paste = ("I cut p95 latency from 180 ms to 95 ms with a canary and alerts. " * 800)[:50_000]
    huge = "I cut p95 latency from 180 ms to 95 ms with a canary and alerts. " * 300_000  # about 20 MB
    load_ms = model_load_ms()
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
            ("load the relevance model (fresh process, once)", load_ms, 1000),
            ("score a 5-minute answer after load (spec run)", best_of(lambda: run(spec), repeat), 200),
            ("score a new 5-minute answer (nothing cached)", best_of(fresh_answer(spec), repeat), 200),
            (
                "score a 50,000-character paste",
                best_of(lambda: run(spec.replace(answer=paste)), repeat),
                500,
            ),
            ("cut a 20 MB paste to what is scored", best_of(lambda: cut_to_scored(huge), repeat), 1000),
            (
                "score every scenario's reference",
                best_of(lambda: [score_answer(framework_as_answer(s), s) for s in bank], repeat),
                34 * 200,
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
    calibration_table()


if __name__ == "__main__":
    main()
