"""The ROI & Cost analyses on the analysis contract: cases, options, four calculators, savings, spend."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lib.analysis import AnalysisKind, DataSource, Example, TableSource, provenance_for, register
from lib.errors import InputError
from lib.roi._breakeven import (
    EndpointBreakEven,
    LlmBreakEven,
    PerPredictionSaving,
    SpotBreakEven,
    run_endpoint,
    run_llm,
    run_per_prediction,
    run_spot,
)
from lib.roi._case import InvestmentResult, OptionsResult, compare_options, evaluate_case
from lib.roi._drivers import Driver, DriverRange, Line
from lib.roi._llm_preset import llm_tco_case
from lib.roi._ranges import Range
from lib.roi._report import (
    case_report,
    endpoint_report,
    llm_report,
    options_report,
    per_prediction_report,
    savings_report,
    spend_report,
    spot_report,
)
from lib.roi._savings import SavingsPlan, run_savings
from lib.roi._specs import (
    CaseSpec,
    EndpointSpec,
    LlmSpec,
    OptionSpec,
    OptionsSpec,
    PerPredictionSpec,
    SavingsSpec,
    SpendSpec,
    SpotSpec,
)
from lib.roi._spend import SpendAnalysis, run_spend


def _table(sources: Mapping[str, DataSource]) -> TableSource:
    source = sources["data"]
    if not isinstance(source, TableSource):
        raise InputError("the data input must be a table", file=source.name)
    return source


def _without_inputs(run: Any) -> Any:
    """A kind's run function for analyses that read no file: the spec alone, its provenance recorded."""

    def run_kind(spec: Any, sources: Mapping[str, DataSource]) -> Any:
        return run(spec, provenance=provenance_for(spec, sources))

    return run_kind


def _case_examples() -> list[Example]:
    return [
        Example(
            CaseSpec(discount_rate=0.08, cash_flows=(-40000.0, 5000.0, 8000.0, 12000.0, 30000.0)),
            {},
            "The minimal case: a rate and five yearly cash flows",
        ),
        Example(
            CaseSpec(
                name="Fraud model rebuild",
                discount_rate=Range(low=0.05, likely=0.08, high=0.12),
                period="month",
                horizon=24,
                build_cost=Range(low=80_000.0, likely=100_000.0, high=150_000.0, distribution="triangular"),
                run_cost=2_000.0,
                benefit=Range(low=4_000.0, likely=9_000.0, high=12_000.0),
                ramp_up_periods=3.0,
                n_sim=10_000,
                seed=5,
            ),
            {},
            "A monthly case with ranges: Monte Carlo and a tornado",
        ),
        Example(
            driver_case_example(), {}, "A case from drivers and formula lines, correlated, with tax and depreciation"
        ),
    ]


def driver_case_example() -> CaseSpec:
    """A fraud model built from drivers: volume growing, value per caught case, adoption, with finance lines."""
    return CaseSpec(
        name="Fraud model from drivers",
        discount_rate=0.08,
        period="month",
        horizon=24,
        ramp_up_periods=3.0,
        drivers={
            "transactions": Driver(2_000_000.0, "transactions/month", DriverRange(1_500_000.0, 2_600_000.0)),
            "growth": Driver(0.02, "share", DriverRange(0.0, 0.05, "triangular")),
            "fraud_caught": Driver(0.0004, "cases/transaction", DriverRange(0.0002, 0.0006)),
            "loss_per_case": Driver(120.0, "$/case", DriverRange(80.0, 200.0)),
            "adoption": Driver(0.8, "share", DriverRange(0.6, 0.95)),
            "cost_per_transaction": Driver(0.002, "$/transaction"),
            "team": Driver(1.5, "FTE"),
            "cost_per_fte": Driver(180_000.0, "$/FTE/year", DriverRange(150_000.0, 220_000.0)),
        },
        correlations=(("transactions", "fraud_caught", 0.5),),
        lines=(
            Line("volume", "transactions * (1 + growth) ^ (t - 1)", "memo"),
            Line("losses_avoided", "volume * fraud_caught * loss_per_case * adoption", "benefit"),
            Line("serving", "volume * cost_per_transaction", "cost"),
            Line("people", "team * cost_per_fte", "cost"),
            Line("build", "250000", "capital"),
        ),
        tax_rate=0.25,
        depreciation_periods=36,
        n_sim=10_000,
        seed=11,
    )


def _options_examples() -> list[Example]:
    return [
        Example(
            OptionsSpec(
                discount_rate=0.1,
                horizon=3,
                options=(
                    OptionSpec(name="build", build_cost=100.0, benefit=60.0),
                    OptionSpec(name="buy", build_cost=10.0, run_cost=20.0, benefit=60.0),
                ),
            ),
            {},
            "Build or buy over three years",
        ),
        Example(
            OptionsSpec(
                discount_rate=0.08,
                period="year",
                horizon=3,
                drivers={
                    "cases": Driver(40_000.0, "cases/year", DriverRange(25_000.0, 60_000.0)),
                    "value": Driver(30.0, "$/case", DriverRange(15.0, 45.0)),
                    "licence": Driver(400_000.0, "$/year", DriverRange(350_000.0, 500_000.0)),
                    "team": Driver(3.0, "FTE", DriverRange(2.0, 5.0)),
                    "cost_per_fte": Driver(200_000.0, "$/FTE/year"),
                },
                correlations=(("cases", "value", 0.3),),
                options=(
                    OptionSpec(
                        name="Build",
                        lines=(
                            Line("gain", "cases * value", "benefit"),
                            Line("people", "team * cost_per_fte", "cost"),
                            Line("platform", "600000", "capital"),
                        ),
                        ramp_up_periods=1.0,
                    ),
                    OptionSpec(
                        name="Buy", lines=(Line("gain", "cases * value", "benefit"), Line("fee", "licence", "cost"))
                    ),
                ),
                compare=True,
                n_sim=10_000,
                seed=3,
            ),
            {},
            "Build against buy from shared drivers, compared on common random numbers",
        ),
        Example(llm_tco_case(llm_requests_example()), {}, "The LLM total cost of ownership as an investment case"),
    ]


def llm_requests_example() -> LlmSpec:
    """Self-hosting a 70B-class model on 4-GPU replicas at 3M requests a month growing 10 % a month."""
    return LlmSpec(
        requests_per_month=3_000_000.0,
        growth=Range(0.03, 0.10, 0.15),
        input_tokens=1_500.0,
        output_tokens=300.0,
        price_input_per_million=3.0,
        price_output_per_million=15.0,
        api_price_trend=Range(-0.05, -0.02, 0.0),
        prefill_tokens_per_second=Range(8_000.0, 12_000.0, 15_000.0),
        decode_tokens_per_second=Range(1_500.0, 2_500.0, 3_000.0),
        stream_tokens_per_second=40.0,
        gpus_per_replica=4,
        peak_to_average=3.0,
        latency_target_s=20.0,
        min_replicas=2,
        utilisation=0.6,
        gpu_hourly=Range(3.0, 4.0, 6.0),
        ops_ftes=1.5,
        ops_cost_per_fte=240_000.0,
        migration_cost=150_000.0,
        months=24,
        seed=1,
    )


def _llm_examples() -> list[Example]:
    spec = LlmSpec(
        tokens_per_month=2e9,
        input_share=0.75,
        price_input_per_million=2.0,
        price_output_per_million=10.0,
        gpu_hourly=2.0,
        n_gpus=2,
        tokens_per_second=1000.0,
        utilisation=0.5,
        ops_monthly=1000.0,
    )
    return [
        Example(spec, {}, "Two billion tokens a month on an API or on two GPUs"),
        Example(llm_requests_example(), {}, "A 70B-class model: 24 months of API against 4-GPU replicas, with ranges"),
    ]


def _endpoint_examples() -> list[Example]:
    spec = EndpointSpec(
        requests_per_hour=100.0,
        duration_s=0.5,
        memory_gb=4.0,
        price_per_gb_second=0.00002,
        price_per_million_requests=0.2,
        instance_hourly=0.5,
        instances=2,
    )
    return [Example(spec, {}, "A hundred requests an hour, serverless or on two instances")]


def _spot_examples() -> list[Example]:
    spec = SpotSpec(
        job_hours=100.0,
        on_demand_hourly=32.0,
        spot_discount=0.7,
        interruptions_per_hour=0.1,
        checkpoint_interval_hours=0.25,
        restart_overhead_hours=0.125,
    )
    return [Example(spec, {}, "A 100-hour training job with checkpoints every 15 minutes")]


def _per_prediction_examples() -> list[Example]:
    spec = PerPredictionSpec(cost_before=0.42, cost_after=0.19, predictions_per_month=2e9)
    return [Example(spec, {}, "From $0.42 to $0.19 per 1,000 predictions at two billion a month")]


def _savings_examples() -> list[Example]:
    return [
        Example(SavingsSpec(), {}, "The default levers on a $500K-a-month ML bill, with implementation and adoption")
    ]


def _spend_examples() -> list[Example]:
    return [Example(SpendSpec(monthly_budget=250_000.0), {"data": "ml_spend"}, "The bundled spend export")]


ROI_CASE: Any = register(
    AnalysisKind(
        name="roi_case",
        title="investment case",
        spec_type=CaseSpec,
        result_type=InvestmentResult,
        run=_without_inputs(evaluate_case),
        report=case_report,
        examples=_case_examples,
    )
)
ROI_OPTIONS: Any = register(
    AnalysisKind(
        name="roi_options",
        title="investment options",
        spec_type=OptionsSpec,
        result_type=OptionsResult,
        run=_without_inputs(compare_options),
        report=options_report,
        examples=_options_examples,
    )
)
BREAKEVEN_LLM: Any = register(
    AnalysisKind(
        name="breakeven_llm",
        title="LLM break-even",
        spec_type=LlmSpec,
        result_type=LlmBreakEven,
        run=_without_inputs(run_llm),
        report=llm_report,
        examples=_llm_examples,
    )
)
BREAKEVEN_ENDPOINT: Any = register(
    AnalysisKind(
        name="breakeven_endpoint",
        title="endpoint break-even",
        spec_type=EndpointSpec,
        result_type=EndpointBreakEven,
        run=_without_inputs(run_endpoint),
        report=endpoint_report,
        examples=_endpoint_examples,
    )
)
BREAKEVEN_SPOT: Any = register(
    AnalysisKind(
        name="breakeven_spot",
        title="spot break-even",
        spec_type=SpotSpec,
        result_type=SpotBreakEven,
        run=_without_inputs(run_spot),
        report=spot_report,
        examples=_spot_examples,
    )
)
BREAKEVEN_PER_PREDICTION: Any = register(
    AnalysisKind(
        name="breakeven_per_prediction",
        title="per-prediction saving",
        spec_type=PerPredictionSpec,
        result_type=PerPredictionSaving,
        run=_without_inputs(run_per_prediction),
        report=per_prediction_report,
        examples=_per_prediction_examples,
    )
)
SAVINGS_PLAN: Any = register(
    AnalysisKind(
        name="savings_plan",
        title="savings plan",
        spec_type=SavingsSpec,
        result_type=SavingsPlan,
        run=_without_inputs(run_savings),
        report=savings_report,
        examples=_savings_examples,
    )
)
SPEND_ANALYSIS: Any = register(
    AnalysisKind(
        name="spend_analysis",
        title="spend analysis",
        spec_type=SpendSpec,
        result_type=SpendAnalysis,
        run=lambda spec, sources: run_spend(spec, _table(sources), provenance=provenance_for(spec, sources)),
        report=spend_report,
        examples=_spend_examples,
    )
)
