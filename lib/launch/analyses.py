"""The launch planner on the analysis contract: framing, model value, A/B design and readout, rollout."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lib.analysis import AnalysisKind, DataSource, Example, TableSource, provenance_for, register
from lib.errors import InputError
from lib.launch._design import DesignResult, DesignSpec, GuardrailPlan, run_design
from lib.launch._framing import FramingResult, FramingSpec, run_framing
from lib.launch._readout import ArmStats, ReadoutGuardrail, ReadoutResult, ReadoutSpec, run_readout
from lib.launch._report import design_report, framing_report, readout_report, rollout_report, value_report
from lib.launch._rollout import RolloutGuardrail, RolloutResult, RolloutSpec, run_rollout
from lib.launch._value import Confusion, ValueResult, ValueSpec, run_value


def _table(sources: Mapping[str, DataSource]) -> TableSource | None:
    source = sources.get("data")
    if source is None:
        return None
    if not isinstance(source, TableSource):
        raise InputError("the data input must be a table", file=source.name)
    return source


def _run_framing(spec: FramingSpec, sources: Mapping[str, DataSource]) -> FramingResult:
    return run_framing(spec, _table(sources), provenance=provenance_for(spec, sources))


def _run_value(spec: ValueSpec, sources: Mapping[str, DataSource]) -> ValueResult:
    return run_value(spec, _table(sources), provenance=provenance_for(spec, sources))


def _run_design(spec: DesignSpec, sources: Mapping[str, DataSource]) -> DesignResult:
    return run_design(spec, provenance=provenance_for(spec, sources))


def _run_readout(spec: ReadoutSpec, sources: Mapping[str, DataSource]) -> ReadoutResult:
    return run_readout(spec, _table(sources), provenance=provenance_for(spec, sources))


def _run_rollout(spec: RolloutSpec, sources: Mapping[str, DataSource]) -> RolloutResult:
    return run_rollout(spec, provenance=provenance_for(spec, sources))


def _framing_examples() -> list[Example]:
    record: dict[str, Any] = {
        "title": "Credit pre-screen",
        "product_goal": "Cut loan losses without turning away good applicants",
        "output_type": "class",
        "baseline_name": "Underwriter checklist",
        "baseline_cost": "$18 per application (15 minutes of an underwriter)",
        "baseline_quality": "catches about 55 % of bad loans",
        "baseline_speed": "one working day",
        "label_source": "repayment outcome after 12 months",
        "model_metrics": ("recall at 10 % flagged", "AUC"),
        "business_kpis": ("loss rate", "approval rate"),
        "metric_link": "each point of recall at a fixed flag rate removes about 0.1 points of loss rate",
        "decision": "go",
        "reasons": ("the checklist is slow and misses half the bad loans",),
    }
    return [
        Example(FramingSpec(**record), {}, "A framing record without a dataset"),
        Example(
            FramingSpec(**record, label="label", exclude=("id", "score", "prediction")),
            {"data": "german_credit_predictions"},
            "German credit: readiness checks",
        ),
    ]


def _value_examples() -> list[Example]:
    # An offer sent to likely high earners: a taken offer earns $120, a wasted one costs $20, a review $5,
    # and a missed high earner costs $30 of lost margin.
    money: dict[str, Any] = {"tp_value": 120.0, "fp_cost": 20.0, "fn_cost": 30.0, "review_cost": 5.0}
    return [
        Example(
            ValueSpec(
                **money,
                label="label",
                score="score",
                volume=50_000,
                n_boot=300,
                baseline_precision=0.45,
                baseline_recall=0.6,
                baseline_name="education rule",
            ),
            {"data": "adult_predictions"},
            "Adult income: value by threshold against a simple rule",
        ),
        Example(
            ValueSpec(**money, stated=Confusion(tp=120, fp=80, fn=40, tn=760), volume=5_000, n_boot=300),
            {},
            "A stated confusion matrix",
        ),
    ]


def _design_examples() -> list[Example]:
    return [
        Example(
            DesignSpec(
                baseline=0.05,
                mde=0.1,
                relative=True,
                daily_traffic=20_000,
                duration_days=14,
                guardrails=(GuardrailPlan("error rate", 0.002, baseline=0.01),),
            ),
            {},
            "Conversion: 10 % relative lift on a 5 % baseline",
        ),
        Example(DesignSpec(mean=42.0, sd=30.0, mde=1.5, ratio=2.0, daily_traffic=3_000), {}, "Revenue per user"),
    ]


def _readout_examples() -> list[Example]:
    return [
        Example(
            ReadoutSpec(
                control_stats=ArmStats(units=20_000, conversions=1_000),
                treatment_stats=ArmStats(units=20_100, conversions=1_120),
                planned_n_per_arm=20_000,
                mde=0.005,
                sequential=True,
                guardrails=(
                    ReadoutGuardrail(
                        "error rate", 0.003, control=ArmStats(20_000, 200), treatment=ArmStats(20_100, 205)
                    ),
                ),
            ),
            {},
            "Conversion readout with a guardrail",
        ),
        Example(
            ReadoutSpec(
                control_stats=ArmStats(units=5_000, mean=41.8, sd=30.2),
                treatment_stats=ArmStats(units=5_600, mean=42.1, sd=29.9),
            ),
            {},
            "Revenue per user with a broken split",
        ),
    ]


def _rollout_examples() -> list[Example]:
    return [
        Example(
            RolloutSpec(
                daily_requests=2_000_000,
                shadow=True,
                latency_p95_ms=120,
                latency_p99_ms=300,
                error_rate_max=0.005,
                guardrails=(
                    RolloutGuardrail("error rate", 0.001, baseline=0.002),
                    RolloutGuardrail("checkout rate", 0.005, harm="decrease", baseline=0.08, business=True),
                ),
            ),
            {},
            "Two million requests a day, shadow first",
        )
    ]


LAUNCH_FRAMING: Any = register(
    AnalysisKind("launch_framing", "framing record", FramingSpec, FramingResult, _run_framing, framing_report,
                 _framing_examples)
)  # fmt: skip
MODEL_VALUE: Any = register(
    AnalysisKind("model_value", "model value", ValueSpec, ValueResult, _run_value, value_report, _value_examples)
)
ABTEST_DESIGN: Any = register(
    AnalysisKind("abtest_design", "A/B test plan", DesignSpec, DesignResult, _run_design, design_report,
                 _design_examples)
)  # fmt: skip
ABTEST_READOUT: Any = register(
    AnalysisKind("abtest_readout", "A/B test readout", ReadoutSpec, ReadoutResult, _run_readout, readout_report,
                 _readout_examples)
)  # fmt: skip
ROLLOUT_PLAN: Any = register(
    AnalysisKind("rollout_plan", "rollout plan", RolloutSpec, RolloutResult, _run_rollout, rollout_report,
                 _rollout_examples)
)  # fmt: skip
