"""ROI and ML cost: investment cases with uncertainty, break-even calculators, savings plans, spend analysis."""

from lib.roi._breakeven import (
    COLD_START_NOTE,
    HOURS_PER_MONTH,
    SPOT_MODEL,
    EndpointBreakEven,
    LlmBreakEven,
    LlmInputs,
    PerPredictionSaving,
    SpotBreakEven,
    endpoint_break_even,
    llm_break_even,
    llm_inputs,
    per_prediction_saving,
    spot_break_even,
)
from lib.roi._case import InvestmentCase, InvestmentResult, case_from_spec, evaluate_case
from lib.roi._cashflow import discounted_payback_periods, irr, npv, payback_periods, roi_pct
from lib.roi._ranges import Range, parse_value
from lib.roi._report import Report, breakeven_report, investment_report, savings_report, spend_report
from lib.roi._savings import (
    CATEGORIES,
    DEFAULT_LEVERS,
    Lever,
    SavingsPlan,
    combined_saving_share,
    levers_from_records,
    savings_plan,
)
from lib.roi._simulate import SimulationResult, TornadoBar, simulate_npv, tornado
from lib.roi._spend import SpendAnalysis, analyse_spend, clean_spend, robust_z

__all__ = [
    "CATEGORIES",
    "COLD_START_NOTE",
    "DEFAULT_LEVERS",
    "HOURS_PER_MONTH",
    "SPOT_MODEL",
    "EndpointBreakEven",
    "InvestmentCase",
    "InvestmentResult",
    "Lever",
    "LlmBreakEven",
    "LlmInputs",
    "PerPredictionSaving",
    "Range",
    "Report",
    "SavingsPlan",
    "SimulationResult",
    "SpendAnalysis",
    "SpotBreakEven",
    "TornadoBar",
    "analyse_spend",
    "breakeven_report",
    "case_from_spec",
    "clean_spend",
    "combined_saving_share",
    "discounted_payback_periods",
    "endpoint_break_even",
    "evaluate_case",
    "investment_report",
    "irr",
    "levers_from_records",
    "llm_break_even",
    "llm_inputs",
    "npv",
    "parse_value",
    "payback_periods",
    "per_prediction_saving",
    "robust_z",
    "roi_pct",
    "savings_plan",
    "savings_report",
    "simulate_npv",
    "spend_report",
    "spot_break_even",
    "tornado",
]
