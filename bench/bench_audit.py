"""Bias audit speed: 1,000,000 rows, two sensitive columns, intersectional, 1,000 bootstrap resamples.

Prints a table of measured times against the target, with Fairlearn's MetricFrame
computing the same per-group metrics for comparison. Run: ``python bench/bench_audit.py``.
Figures are wall-clock seconds, best of ``--repeat`` runs, after one warm-up run.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.fairness import audit, confusion_counts, encode_groups

TARGET_SECONDS = 1.0


def make_outputs(n: int, seed: int = 0) -> pd.DataFrame:
    """Synthetic model outputs: a label, a prediction that agrees 80% of the time, sex and race."""
    rng = np.random.default_rng(seed)
    label = rng.integers(0, 2, n)
    prediction = np.where(rng.random(n) < 0.8, label, 1 - label)
    return pd.DataFrame(
        {
            "label": label,
            "prediction": prediction,
            "sex": rng.choice(["female", "male"], n),
            "race": rng.choice(["a", "b", "c", "d", "e"], n, p=[0.6, 0.2, 0.1, 0.07, 0.03]),
        }
    )


def best_of(function: Callable[[], object], repeat: int) -> float:
    function()  # warm-up: imports, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def fairlearn_metric_frame(frame: pd.DataFrame, n_boot: int | None) -> None:
    from fairlearn import metrics as flm
    from sklearn.metrics import accuracy_score, balanced_accuracy_score, precision_score

    metrics = {
        "selection_rate": flm.selection_rate,
        "true_positive_rate": flm.true_positive_rate,
        "false_positive_rate": flm.false_positive_rate,
        "true_negative_rate": flm.true_negative_rate,
        "false_negative_rate": flm.false_negative_rate,
        "precision": lambda y, p: precision_score(y, p, zero_division=0),
        "accuracy": accuracy_score,
        "balanced_accuracy": balanced_accuracy_score,
        "base_rate": lambda y, p: float(np.mean(y)),
    }
    options = {} if n_boot is None else {"n_boot": n_boot, "ci_quantiles": [0.025, 0.975], "random_state": 0}
    flm.MetricFrame(
        metrics=metrics,
        y_true=frame["label"],
        y_pred=frame["prediction"],
        sensitive_features=frame[["sex", "race"]],
        **options,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--n-boot", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fairlearn-boot", type=int, default=1, help="resamples to time MetricFrame with")
    args = parser.parse_args()

    frame = make_outputs(args.rows)
    y = frame["label"].to_numpy(bool)
    p = frame["prediction"].to_numpy(bool)
    groups = encode_groups(frame, ["sex", "race"])

    def full_audit() -> object:
        return audit(
            frame,
            label="label",
            prediction="prediction",
            sensitive=["sex", "race"],
            intersectional=True,
            n_boot=args.n_boot,
            seed=0,
        )

    count_only = best_of(lambda: confusion_counts(y, p, groups.codes, len(groups.values)), args.repeat)
    ours = best_of(full_audit, args.repeat)
    fairlearn_plain = best_of(lambda: fairlearn_metric_frame(frame, None), 1)
    start = time.perf_counter()
    fairlearn_metric_frame(frame, args.fairlearn_boot)
    fairlearn_boot = time.perf_counter() - start
    per_resample = max(fairlearn_boot - fairlearn_plain, 0.0) / args.fairlearn_boot
    fairlearn_extrapolated = fairlearn_plain + per_resample * args.n_boot

    rows = [
        ("count cells (np.bincount)", count_only, None),
        (f"full audit, {args.n_boot:,} resamples", ours, TARGET_SECONDS),
        ("Fairlearn MetricFrame, no intervals", fairlearn_plain, None),
        (f"Fairlearn MetricFrame, n_boot={args.fairlearn_boot} (measured)", fairlearn_boot, None),
        (f"Fairlearn MetricFrame, n_boot={args.n_boot:,} (extrapolated)", fairlearn_extrapolated, None),
    ]
    print(f"Bias audit bench: {args.rows:,} rows, sex x race intersectional ({len(groups.values)} groups)")
    print(f"{'what':<52} {'seconds':>10} {'target':>8} {'ok':>4}")
    for name, seconds, target in rows:
        verdict = "" if target is None else ("yes" if seconds < target else "NO")
        print(f"{name:<52} {seconds:>10.3f} {'' if target is None else f'< {target:g}':>8} {verdict:>4}")
    print(f"{'ratio: MetricFrame without intervals / our audit with them':<52} {fairlearn_plain / ours:>10.1f}x")
    print(f"{'ratio: MetricFrame n_boot (extrapolated) / our audit':<52} {fairlearn_extrapolated / ours:>10.0f}x")
    print("MetricFrame with 1,000 resamples of a million rows is extrapolated from a few resamples, not run.")


if __name__ == "__main__":
    main()
