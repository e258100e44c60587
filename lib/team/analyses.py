"""The Team & Portfolio analyses on the analysis contract: team plan, experiment portfolio, quality gates."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lib.analysis import AnalysisKind, DataSource, Example, TableSource, provenance_for, register
from lib.errors import InputError
from lib.roi import Range
from lib.team._gates import QualityGateResult, default_items, run_gates
from lib.team._plan import TeamPlanResult, run_plan
from lib.team._portfolio import PortfolioResult, run_portfolio
from lib.team._report import gates_report, plan_report, portfolio_report
from lib.team._specs import GateItem, Hire, Hypothesis, PortfolioSpec, QualityGateSpec, RolePlan, TeamPlanSpec

# A small synthetic roster (made up for the examples; no real people), shipped with the package.
EXAMPLE_ROSTER = Path(__file__).resolve().parent / "example_roster.csv"


def _run_plan(spec: TeamPlanSpec, sources: Mapping[str, DataSource]) -> TeamPlanResult:
    provenance = provenance_for(spec, sources)
    if spec.start != "roster":
        return run_plan(spec, provenance=provenance)
    source = sources["data"]
    if not isinstance(source, TableSource):
        raise InputError("the roster must be a table", file=source.name)
    return run_plan(spec, source.frame, roster_name=source.name, provenance=provenance)


def _run_portfolio(spec: PortfolioSpec, sources: Mapping[str, DataSource]) -> PortfolioResult:
    return run_portfolio(spec, provenance=provenance_for(spec, sources))


def _run_gates(spec: QualityGateSpec, sources: Mapping[str, DataSource]) -> QualityGateResult:
    return run_gates(spec, provenance=provenance_for(spec, sources))


def _plan_examples() -> list[Example]:
    return [
        Example(
            TeamPlanSpec(
                hires=(Hire("mlops_engineer", 1, 2), Hire("ml_engineer", 2, 2), Hire("data_engineer", 3, 1)),
                quarters=6,
            ),
            {},
            "An L6 team of 15 adds two MLOps engineers, two ML engineers and a data engineer over six quarters",
        ),
        Example(
            TeamPlanSpec(
                start="roster",
                preset="l6_team",
                quarters=4,
                roles=(
                    RolePlan("ml_engineer", cost=Range(300_000.0, 340_000.0, 400_000.0)),
                    RolePlan("data_engineer", cost=290_000.0, attrition=0.2),
                    RolePlan("software_engineer", cost=Range(250_000.0, 290_000.0, 330_000.0)),
                    RolePlan("applied_scientist", cost=Range(320_000.0, 380_000.0, 460_000.0)),
                    RolePlan("mlops_engineer", cost=Range(300_000.0, 330_000.0, 380_000.0), time_to_hire=4.0),
                    RolePlan("engineering_manager", cost=480_000.0, attrition=0.08),
                ),
                hires=(Hire("mlops_engineer", 1, 2), Hire("data_engineer", 2, 1)),
                data_heavy=True,
                n_sim=5_000,
                seed=7,
            ),
            {"data": str(EXAMPLE_ROSTER)},
            "A twelve-person roster, data-heavy roadmap, adding MLOps and data engineers",
        ),
    ]


def _portfolio_examples() -> list[Example]:
    hypotheses = (
        Hypothesis("Two-tower retrieval", compute_cost=40_000.0, people_weeks=12.0, value=900_000.0, p_success=0.25, weeks_to_result=10.0),
        Hypothesis("Re-ranker distillation", compute_cost=15_000.0, people_weeks=6.0, value=300_000.0, weeks_to_result=6.0),
        Hypothesis("Fresher features", compute_cost=5_000.0, people_weeks=4.0, value=250_000.0, p_success=0.45, weeks_to_result=3.0),
        Hypothesis("LLM query rewriting", compute_cost=60_000.0, people_weeks=10.0, value=1_200_000.0, weeks_to_result=12.0),
        Hypothesis("Calibrated scores", compute_cost=2_000.0, people_weeks=3.0, value=80_000.0, p_success=0.6, weeks_to_result=2.0),
    )  # fmt: skip
    return [
        Example(PortfolioSpec(hypotheses=hypotheses, min_wins=2), {}, "Five search experiments, two wins wanted"),
        Example(
            PortfolioSpec(hypotheses=hypotheses, min_wins=1, confidence=0.9, history_wins=4, history_trials=20),
            {},
            "The same list with the team's record of 4 wins in 20",
        ),
    ]


def _gate_examples() -> list[Example]:
    items = tuple(
        GateItem(i.gate, i.check, status="done", analysis_id=3, evidence="#3 bias audit")
        if i.check == "fairness_audit"
        else (GateItem(i.gate, i.check, status="done") if i.gate == "experiment_to_validation" else i)
        for i in default_items()
    )
    return [
        Example(QualityGateSpec(name="Search ranker v2", items=items), {}, "Through validation, not yet production"),
    ]


TEAM_PLAN: Any = register(
    AnalysisKind(
        name="team_plan",
        title="team plan",
        spec_type=TeamPlanSpec,
        result_type=TeamPlanResult,
        run=_run_plan,
        report=plan_report,
        examples=_plan_examples,
    )
)
PORTFOLIO: Any = register(
    AnalysisKind(
        name="portfolio",
        title="experiment portfolio",
        spec_type=PortfolioSpec,
        result_type=PortfolioResult,
        run=_run_portfolio,
        report=portfolio_report,
        examples=_portfolio_examples,
    )
)
QUALITY_GATE: Any = register(
    AnalysisKind(
        name="quality_gate",
        title="quality gates",
        spec_type=QualityGateSpec,
        result_type=QualityGateResult,
        run=_run_gates,
        report=gates_report,
        examples=_gate_examples,
        passed=lambda result: result.passed,
    )
)
