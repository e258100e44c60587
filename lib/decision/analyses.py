"""The decision analyses on the analysis contract: the decision matrix and AHP weights."""

from __future__ import annotations

from typing import Any

from lib.analysis import AnalysisKind, Example, register
from lib.decision.analysis import DecisionResult, run_ahp, run_decision
from lib.decision.presets import get_preset
from lib.decision.report import ahp_report, decision_report
from lib.decision.specs import AhpSpec, DecisionNote, DecisionSpec, Judgement, spec_from_matrix
from lib.decision.weights import AhpResult

# Saaty's textbook judgements: a is 3 times as important as b and 5 times c; b is 3 times c.
_TEXTBOOK = (Judgement("a", "b", 3.0), Judgement("a", "c", 5.0), Judgement("b", "c", 3.0))


def _decision_examples() -> list[Example]:
    core = get_preset("core_logic")
    judgements = (
        Judgement(core.criteria[0], core.criteria[2], 3.0),
        Judgement(core.criteria[1], core.criteria[2], 2.0),
        Judgement(core.criteria[5], core.criteria[3], 5.0),
    )
    record = DecisionNote(
        title="Recommendation engine: build, buy or partner",
        context="Click-through is flat and the ranking logic is what sets the product apart.",
        chosen="Build",
        rationale="Our click data is unique; a licensed engine would give competitors the same ranking.",
        success_metrics="Click-through +15% within two quarters; in production in under 3 months.",
        review_date="2027-03-01",
    )
    return [
        Example(spec_from_matrix(get_preset("llm_sourcing").matrix(), n_sim=500), {}, "LLM sourcing preset"),
        Example(
            spec_from_matrix(core.matrix(), weighting="ahp", judgements=judgements, n_sim=300, seed=7, record=record),
            {},
            "Core business logic, weights from AHP judgements, with a decision record",
        ),
    ]


def _ahp_examples() -> list[Example]:
    return [Example(AhpSpec(criteria=("a", "b", "c"), judgements=_TEXTBOOK), {}, "Saaty's textbook judgements")]


DECISION: Any = register(
    AnalysisKind(
        name="decision",
        title="decision matrix",
        spec_type=DecisionSpec,
        result_type=DecisionResult,
        run=run_decision,
        report=decision_report,
        examples=_decision_examples,
    )
)
AHP_WEIGHTS: Any = register(
    AnalysisKind(
        name="ahp_weights",
        title="AHP weights",
        spec_type=AhpSpec,
        result_type=AhpResult,
        run=run_ahp,
        report=ahp_report,
        examples=_ahp_examples,
    )
)
