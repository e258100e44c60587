"""The explanation on the analysis contract: one ``explain`` kind for all three ways in."""

from __future__ import annotations

from typing import Any

from lib.analysis import AnalysisKind, Example, register
from lib.explain._report import explanation_report
from lib.explain._results import ExplanationResult
from lib.explain._run import run_explain
from lib.explain._specs import ExplainSpec


def _examples() -> list[Example]:
    return [
        Example(
            ExplainSpec(
                way_in="train",
                target="progression",
                model="hgb",
                max_rows=200,
                cohort="sex",
                gap_a="group 1",
                gap_b="group 2",
            ),
            {"data": "diabetes"},
            "Diabetes progression: gradient boosting trained here, the gap between the two sexes",
        ),
        Example(
            ExplainSpec(
                way_in="outputs",
                outputs="score",
                fidelity_by="age_group",
                max_rows=300,
                cohort="sex",
                gap_a="female",
                gap_b="male",
            ),
            {"data": "german_credit_predictions"},
            "German credit scores through a surrogate, with its fidelity by age group",
        ),
    ]


EXPLAIN: Any = register(
    AnalysisKind(
        name="explain",
        title="explanation",
        spec_type=ExplainSpec,
        result_type=ExplanationResult,
        run=run_explain,
        report=explanation_report,
        examples=_examples,
    )
)
