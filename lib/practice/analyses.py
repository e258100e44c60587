"""The practice analyses on the analysis contract: scoring one answer, and progress over attempts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lib.analysis import AnalysisKind, DataSource, Example, FileSource, provenance_for, register
from lib.errors import InputError
from lib.practice._bank import Scenario, get_scenario, load_bank, parse_bank
from lib.practice._progress import progress
from lib.practice._report import progress_report, score_report
from lib.practice._results import ProgressResult, ScoreResult
from lib.practice._scoring import score
from lib.practice._specs import AttemptRecord, PracticeProgressSpec, PracticeScoreSpec

STRONG_ANSWER = (
    "Situation: our ranking service cost $0.42 per 1,000 predictions and finance flagged the bill. "
    "My goal was to cut unit cost without hurting NDCG@10. "
    "I profiled the service, quantised the model and ran it in shadow before a canary with a rollback rule. "
    "As a result, cost went from $0.42 to $0.19 per 1,000 predictions. "
    "We accepted a 0.5% NDCG drop as the trade-off. "
    "I assumed traffic was uniform and missed a nightly spike; the alert caught it."
)
WEAK_ANSWER = "I led the team, aligned stakeholders and improved performance."


def scenarios_for(spec: PracticeScoreSpec, sources: Mapping[str, DataSource]) -> tuple[Scenario, ...]:
    """The scenario bank a score spec reads: the bundled one, or the ``bank`` file input."""
    if spec.bank == "bundled":
        return load_bank()
    source = sources.get("bank")
    if not isinstance(source, FileSource):
        raise InputError("the spec scores against a bank file, but none was given", expected="a 'bank' input file")
    return parse_bank(source.data, name=source.name)


def _run_score(spec: PracticeScoreSpec, sources: Mapping[str, DataSource]) -> ScoreResult:
    scenario = get_scenario(scenarios_for(spec, sources), spec.scenario_id)
    return score(spec, scenario, provenance=provenance_for(spec, sources))


def _run_progress(spec: PracticeProgressSpec, sources: Mapping[str, DataSource]) -> ProgressResult:
    return progress(spec, load_bank(), provenance=provenance_for(spec, sources))


def _score_examples() -> list[Example]:
    return [
        Example(
            PracticeScoreSpec(scenario_id="mle-reduced-cost", answer=STRONG_ANSWER, minutes=2),
            {},
            "A strong two-minute answer: STAR, figures, a trade-off, guardrails and a missed assumption",
        ),
        Example(
            PracticeScoreSpec(scenario_id="cost-500k-roi", answer=WEAK_ANSWER, minutes=5),
            {},
            "A weak answer: one generic sentence",
        ),
    ]


def _progress_examples() -> list[Example]:
    shares = {
        "structure": 1.0,
        "quantified_result": 1.0,
        "baseline": 0.5,
        "trade_off": 0.0,
        "guardrails": 0.5,
        "ownership": 0.5,
        "stakeholders": 1.0,
        "length": 1.0,
        "coverage": 0.5,
    }
    attempts = (
        AttemptRecord("mle-reduced-cost", "2026-01-05T09:00:00+00:00", 55.0, dict(shares), 5.0, 1),
        AttemptRecord("mle-reduced-cost", "2026-01-06T09:30:00+00:00", 80.0, shares | {"trade_off": 1.0}, 5.0, 2),
        AttemptRecord("cost-500k-roi", "2026-01-07T18:00:00+00:00", 40.0, shares | {"structure": 0.5}, 10.0, 3),
        AttemptRecord("mle-reduced-cost", "2026-01-08T08:15:00+00:00", 85.0, shares | {"trade_off": 1.0}, 2.0, 4),
    )
    return [Example(PracticeProgressSpec(today="2026-01-09", attempts=attempts), {}, "Four attempts on two scenarios")]


PRACTICE_SCORE: Any = register(
    AnalysisKind(
        name="practice_score",
        title="practice score",
        spec_type=PracticeScoreSpec,
        result_type=ScoreResult,
        run=_run_score,
        report=score_report,
        examples=_score_examples,
    )
)
PRACTICE_PROGRESS: Any = register(
    AnalysisKind(
        name="practice_progress",
        title="practice progress",
        spec_type=PracticeProgressSpec,
        result_type=ProgressResult,
        run=_run_progress,
        report=progress_report,
        examples=_progress_examples,
    )
)
