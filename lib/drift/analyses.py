"""The drift analysis on the analysis contract."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lib.analysis import AnalysisKind, DataSource, Example, provenance_for, register
from lib.drift._report import drift_report
from lib.drift._results import DriftResult
from lib.drift._run import run_drift
from lib.drift._specs import DriftSpec


def _run(spec: DriftSpec, sources: Mapping[str, DataSource]) -> DriftResult:
    from lib.logs import LogSource

    if any(isinstance(source, LogSource) for source in sources.values()):
        # Logs are counted where they lie, in batches: the same statistics from the same counts.
        from lib.logs import drift_log, log_provenance

        return drift_log(spec, sources, provenance=log_provenance(spec, sources))
    return run_drift(spec, sources, provenance=provenance_for(spec, sources))


def _examples() -> list[Example]:
    return [
        Example(
            DriftSpec(
                columns=("age", "education_num", "hours_per_week", "capital_gain", "workclass", "sex", "race"),
                segment=("sex",),
            ),
            {"reference": "adult", "current": "adult_predictions"},
            "Adult census against the scored test split, by sex",
        ),
        Example(
            DriftSpec(
                columns=("cost", "gpu_utilisation", "category"),
                date="date",
                split_date="2025-12-01",
                chunk="month",
                segment=("team",),
                min_rows=5,
            ),
            {"data": "ml_spend"},
            "ML spend: the second year against the first, by month and team",
        ),
        Example(
            DriftSpec(
                columns=("age",),
                score="score",
                label="label",
                sensitive=("sex",),
                value_tp=100.0,
                cost_fp=10.0,
                cost_fn=50.0,
                volume=10_000,
            ),
            {"reference": "german_credit_predictions", "current": "adult_predictions"},
            "Credit scores against census scores: prediction drift and label-free performance",
        ),
        Example(
            DriftSpec(
                columns=("income", "channel", "tenure_months", "score"),
                date="date",
                split_date="2025-09-01",
                chunk="month",
                segment=("region",),
                score="score",
                label="label",
                n_boot=100,
            ),
            {"data": "prediction_log"},
            "Churn log: September onwards against the first eight months, by month and region, labels arriving late",
        ),
    ]


DRIFT: Any = register(
    AnalysisKind(
        name="drift",
        title="drift analysis",
        spec_type=DriftSpec,
        result_type=DriftResult,
        run=_run,
        report=drift_report,
        examples=_examples,
        passed=lambda result: result.gate.passed,
    )
)
