"""Reports of the ROI & Cost analyses, as blocks every renderer understands, and their tables as one CSV."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from lib.analysis import (
    Block,
    Bullets,
    Chart,
    Heading,
    KeyFigures,
    Paragraph,
    Report,
    Spec,
    Table,
    Verdict,
    report,
    table,
)
from lib.export import to_csv_bytes
from lib.roi._breakeven import EndpointBreakEven, LlmBreakEven, PerPredictionSaving, SpotBreakEven
from lib.roi._case import InvestmentResult, OptionsResult
from lib.roi._savings import SavingsPlan
from lib.roi._specs import EndpointSpec, LlmSpec
from lib.roi._spend import SpendAnalysis

_MONEY = ",.0f"
_SpecT = TypeVar("_SpecT", bound=Spec)


def _charts() -> Any:
    """The chart builders, loaded on first use (altair is heavy; JSON output never needs it)."""
    from lib.roi import charts

    return charts


def _money(value: float | None) -> str:
    return "n/a" if value is None else f"${value:,.0f}"


def _pct(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f} %"


# --- investment case and options --------------------------------------------------------------------


def _case_figures(result: InvestmentResult) -> KeyFigures:
    irr = "none" if result.irr is None else f"{result.irr:.2%} per {result.period}"
    payback = "not within the horizon" if result.payback_periods is None else f"{result.payback_periods:.2f}"
    return KeyFigures(
        (
            ("NPV", _money(result.npv)),
            ("IRR", irr),
            (f"Payback ({result.period}s)", payback),
            ("ROI", _pct(result.roi_pct)),
        )
    )


def _case_summary(result: InvestmentResult) -> Paragraph:
    irr = "none (the flows never change sign)" if result.irr is None else f"{result.irr:.2%} per {result.period}"
    payback = (
        "not within the horizon" if result.payback_periods is None else f"{result.payback_periods:.2f} {result.period}s"
    )
    return Paragraph(
        f"NPV {_money(result.npv)} at a {result.discount_rate:.2%} yearly discount rate; IRR {irr}; "
        f"payback {payback}; ROI {_pct(result.roi_pct)}. Period 0 is today and is not discounted "
        "(numpy-financial's convention); ROI is undiscounted net gain over money spent."
    )


def cash_flow_table(result: InvestmentResult) -> pd.DataFrame:
    """Period, net flow and running total of a case's flows (dollars)."""
    flows = np.asarray(result.cash_flows)
    return pd.DataFrame({"period": np.arange(len(flows)), "net flow ($)": flows, "cumulative ($)": np.cumsum(flows)})


def tornado_table(result: InvestmentResult) -> pd.DataFrame:
    """One row per ranged input: its low and high value and the NPV at each."""
    bars = result.tornado.bars if result.tornado is not None else ()
    return pd.DataFrame(
        [
            {
                "input": b.input,
                "low value": b.low_value,
                "high value": b.high_value,
                "NPV at low ($)": b.npv_at_low,
                "NPV at high ($)": b.npv_at_high,
                "swing ($)": b.swing,
            }
            for b in bars
        ],
        columns=["input", "low value", "high value", "NPV at low ($)", "NPV at high ($)", "swing ($)"],
    )


def _uncertainty_blocks(result: InvestmentResult, *, key: str = "", charted: bool = True) -> list[Block]:
    simulation = result.simulation
    if simulation is None:
        return []
    blocks: list[Block] = [
        Heading("Uncertainty", level=3 if key else 2),
        KeyFigures(
            (
                ("P10 NPV", _money(simulation.p10)),
                ("P50 NPV", _money(simulation.p50)),
                ("P90 NPV", _money(simulation.p90)),
                ("Chance NPV < 0", f"{simulation.p_loss:.1%}"),
            )
        ),
        Paragraph(
            f"{simulation.n_sim:,} simulated futures (seed {simulation.seed}), each ranged input drawn on its own "
            f"({', '.join(simulation.ranged_inputs)}). One future in ten does worse than P10, one in ten better "
            f"than P90; the mean NPV is {_money(simulation.mean)}."
        ),
    ]
    if charted:
        blocks.append(
            Chart(
                f"{key}npv_histogram",
                _charts().npv_histogram(simulation),
                "Simulated NPV",
                "How often each NPV came up; orange bars lose money, dashed lines mark P10, P50 and P90.",
            )
        )
    blocks.append(
        table(
            f"{key}tornado",
            tornado_table(result),
            title="Sensitivity (tornado)",
            formats={c: _MONEY for c in ("NPV at low ($)", "NPV at high ($)", "swing ($)")},
            caption="Each row moves one input from its low to its high value while the others stay at likely.",
        )
    )
    if charted and result.tornado is not None:
        blocks.append(
            Chart(
                f"{key}tornado_chart",
                _charts().tornado_chart(result.tornado.base_npv, result.tornado.bars),
                "What moves NPV most",
                "NPV with each ranged input at its low and high value, the widest swing first.",
            )
        )
    return blocks


def case_report(result: InvestmentResult) -> Report:
    """The investment case's report: figures, cash flows, and its uncertainty when it has ranges.

    Parameters
    ----------
    result : InvestmentResult

    Returns
    -------
    Report
    """
    blocks: list[Block | None] = [
        _case_figures(result),
        _case_summary(result),
        table(
            "cash_flows",
            cash_flow_table(result),
            title=f"Cash flows per {result.period}",
            formats={"net flow ($)": _MONEY, "cumulative ($)": _MONEY},
        ),
        Chart(
            "cash_flow_chart",
            _charts().cash_flow_chart(result),
            "Cash flows",
            "Each period's net flow as a bar (orange when money goes out) and the running total as a line.",
        ),
        *_uncertainty_blocks(result),
    ]
    return report(f"Investment case: {result.name}", blocks, result=result)


def options_table(result: OptionsResult) -> pd.DataFrame:
    """One row per option: NPV, IRR, payback and ROI (and P10 / chance of loss when simulated)."""
    rows = []
    for o in result.options:
        sim = o.simulation
        rows.append(
            {
                "option": o.name,
                "NPV ($)": o.npv,
                f"IRR (% per {o.period})": None if o.irr is None else o.irr * 100,
                f"payback ({o.period}s)": o.payback_periods,
                "ROI (%)": o.roi_pct,
                "P10 NPV ($)": None if sim is None else sim.p10,
                "chance of loss": None if sim is None else sim.p_loss,
            }
        )
    frame = pd.DataFrame(rows)
    if frame[["P10 NPV ($)", "chance of loss"]].isna().all().all():
        frame = frame.drop(columns=["P10 NPV ($)", "chance of loss"])
    return frame


def options_report(result: OptionsResult) -> Report:
    """Options compared: the table, the NPV chart, then each option's figures and cash flows.

    Parameters
    ----------
    result : OptionsResult

    Returns
    -------
    Report
    """
    best = next(o for o in result.options if o.name == result.best_option)
    frame = options_table(result)
    formats = {c: ".1f" for c in frame.columns if c.startswith(("IRR", "payback", "ROI"))}
    formats.update({"NPV ($)": _MONEY, "P10 NPV ($)": _MONEY, "chance of loss": ".1%"})
    blocks: list[Block | None] = [
        Verdict(
            "info",
            f"Highest NPV: {best.name}",
            f"{_money(best.npv)} at a {best.discount_rate:.2%} yearly discount rate. "
            "Period 0 is today and is not discounted.",
        ),
        table("options", frame, title="Options compared", formats=formats),
        Chart("npv_by_option", _charts().npv_by_option_chart(result), "NPV by option", "Each option's NPV in dollars."),
    ]
    for i, option in enumerate(result.options):
        blocks += [
            Heading(option.name),
            _case_figures(option),
            table(
                f"option_{i}_cash_flows",
                cash_flow_table(option),
                title=f"Cash flows of {option.name} per {option.period}",
                formats={"net flow ($)": _MONEY, "cumulative ($)": _MONEY},
            ),
            *_uncertainty_blocks(option, key=f"option_{i}_", charted=False),
        ]
    return report("Investment options compared", blocks, result=result)


# --- break-even calculators ---------------------------------------------------------------------------


def _quantities(result: Any, names: Sequence[str]) -> pd.DataFrame:
    data = result.to_dict()
    return pd.DataFrame({"quantity": list(names), "value": [data[n] for n in names]})


def _spec_of(result: Any, spec_type: type[_SpecT]) -> _SpecT:
    # The spec travels in the provenance, so a saved result can still draw its chart.
    return spec_type.from_dict(result.provenance.parameters)


def llm_report(result: LlmBreakEven) -> Report:
    """The LLM API against self-hosted GPUs: costs, capacity, break-even volume and a cost chart."""
    spec = _spec_of(result, LlmSpec)
    be = result.break_even_tokens_per_month
    blocks: list[Block | None] = [
        KeyFigures(
            (
                ("API ($/month)", _money(result.api_monthly_cost)),
                (f"Self-hosted, {result.gpus_used} GPUs ($/month)", _money(result.self_hosted_monthly_cost)),
                ("Saving by self-hosting ($/month)", _money(result.monthly_saving)),
                ("Break-even (tokens/month)", "never" if be is None else f"{be:,.0f}"),
            )
        ),
        Bullets(result.notes) if result.notes else None,
        table(
            "quantities",
            _quantities(result, [n for n in result.to_dict() if n not in ("notes", "provenance")]),
        ),
        Chart(
            "cost_chart",
            _charts().llm_cost_chart(spec),
            "Monthly cost over token volume",
            "API cost rises with every token; self-hosting steps up by one GPU at a time.",
        ),
    ]
    return report("Break-even: LLM API vs self-hosted GPUs", blocks, result=result)


def endpoint_report(result: EndpointBreakEven) -> Report:
    """Serverless against always-on: monthly costs, break-even traffic and a cost chart."""
    spec = _spec_of(result, EndpointSpec)
    be = result.break_even_requests_per_hour
    top = max(spec.requests_per_hour * 2, (be or spec.requests_per_hour) * 1.5, 10.0)
    blocks: list[Block | None] = [
        KeyFigures(
            (
                ("Serverless ($/month)", f"${result.serverless_monthly_cost:,.2f}"),
                ("Always-on ($/month)", f"${result.always_on_monthly_cost:,.2f}"),
                ("Break-even (requests/hour)", "never" if be is None else f"{be:,.0f}"),
            )
        ),
        Bullets(result.notes),
        table(
            "quantities",
            _quantities(result, [n for n in result.to_dict() if n not in ("notes", "provenance")]),
        ),
        Chart(
            "cost_chart",
            _charts().endpoint_cost_chart(
                duration_s=spec.duration_s,
                memory_gb=spec.memory_gb,
                price_per_gb_second=spec.price_per_gb_second,
                price_per_million_requests=spec.price_per_million_requests,
                instance_hourly=spec.instance_hourly,
                instances=spec.instances,
                max_requests_per_hour=top,
            ),
            "Monthly cost over traffic",
            "Serverless cost grows with traffic; the always-on cost is flat.",
        ),
    ]
    return report("Break-even: serverless vs always-on endpoint", blocks, result=result)


def spot_report(result: SpotBreakEven) -> Report:
    """Spot against on-demand training: expected cost, wall time and the discount that breaks even."""
    blocks: list[Block | None] = [
        KeyFigures(
            (
                ("On-demand cost", _money(result.on_demand_cost)),
                ("Spot expected cost", _money(result.spot_expected_cost)),
                ("Spot expected wall time", f"{result.spot_expected_hours:,.1f} h"),
                ("Spot pays off above a discount of", f"{result.break_even_discount:.1%}"),
            )
        ),
        Paragraph("Model: " + result.model),
        table(
            "quantities",
            _quantities(result, [n for n in result.to_dict() if n not in ("model", "provenance")]),
        ),
    ]
    return report("Break-even: spot vs on-demand training", blocks, result=result)


def per_prediction_report(result: PerPredictionSaving) -> Report:
    """The saving from a lower cost per 1,000 predictions, monthly and yearly."""
    blocks: list[Block | None] = [
        KeyFigures(
            (
                ("Monthly saving", _money(result.monthly_saving)),
                ("Yearly saving", _money(result.annual_saving)),
                ("Monthly cost after", _money(result.monthly_cost_after)),
            )
        ),
        Paragraph(
            f"From ${result.cost_before:g} to ${result.cost_after:g} per 1,000 predictions at "
            f"{result.predictions_per_month:,.0f} predictions a month; money is rounded to the cent."
        ),
        table(
            "quantities",
            _quantities(result, [n for n in result.to_dict() if n != "provenance"]),
        ),
    ]
    return report("Break-even: cost per 1,000 predictions", blocks, result=result)


# --- savings and spend ------------------------------------------------------------------------------


def savings_report(plan: SavingsPlan) -> Report:
    """The savings plan: totals, savings by category and by lever, and a chart of the levers."""
    share = plan.total_likely / plan.total_baseline if plan.total_baseline > 0 else 0.0
    money = {c: _MONEY for c in ("spend", "saving_low", "saving_likely", "saving_high", "spend_after_likely")}
    blocks: list[Block | None] = [
        KeyFigures(
            (
                ("Likely saving ($/month)", _money(plan.total_likely)),
                ("Range ($/month)", f"{_money(plan.total_low)} to {_money(plan.total_high)}"),
                ("Spend after ($/month)", _money(plan.total_baseline - plan.total_likely)),
            )
        ),
        Paragraph(
            f"Monthly saving {_money(plan.total_likely)} ({share * 100:.0f} % of spend; range {_money(plan.total_low)} to "
            f"{_money(plan.total_high)}) on a baseline of {_money(plan.total_baseline)}. Levers on the same spend "
            "are combined, not added: each cuts what the levers before it left."
        ),
        table("by_category", plan.by_category, title="By category", formats=money),
        table(
            "levers",
            plan.levers,
            title="Levers",
            formats={**money, **{c: ".0%" for c in ("applies_to", "low", "likely", "high")}},
            caption="applies_to is the share of the category a lever can reach; low, likely and high are its cut.",
        ),
        Chart(
            "savings_chart",
            _charts().savings_chart(plan),
            "Monthly saving per lever",
            "Likely saving per lever with its low-to-high range.",
        )
        if len(plan.levers)
        else None,
    ]
    return report("Savings plan", blocks, result=plan)


def spend_report(analysis: SpendAnalysis) -> Report:
    """The spend analysis: totals, notes, spend over time, split, budget alerts, waste and anomalies."""
    params = analysis.provenance.parameters
    target = params.get("gpu_target", 0.7)
    idle = params.get("idle_below", 0.1)
    limit = params.get("anomaly_z", 3.5)
    money = {c: _MONEY for c in ("cost", "spend", "budget", "unused_cost", "previous", "change")}
    blocks: list[Block | None] = [
        KeyFigures(
            (
                ("Total spend", _money(analysis.total_cost)),
                ("Months", f"{analysis.n_months}"),
                (f"GPU resources under {target * 100:g} %", f"{len(analysis.gpu_flags)}"),
                ("Idle resources", f"{len(analysis.idle)}"),
                ("Spend anomalies", f"{len(analysis.anomalies)}"),
            )
        ),
        Bullets(analysis.notes) if analysis.notes else None,
        Chart(
            "spend_by_category",
            _charts().spend_over_time_chart(analysis.by_category, group="category", budget=analysis.monthly_budget),
            "Monthly spend by category",
            "Stacked monthly spend" + (", the dashed line the monthly budget." if analysis.monthly_budget else "."),
        ),
        table(
            "split",
            analysis.split,
            title="Split against typical ranges",
            formats={"cost": _MONEY, "share_pct": ".1f", "typical_low": "g", "typical_high": "g"},
            caption="Typical ranges from published guides: training 40-60 %, inference 30-50 %, data 10-20 %.",
        ),
        Chart("split_chart", _charts().split_chart(analysis.split), "Spend split", "Each category's share of spend."),
        table(
            "budget",
            analysis.budget,
            title="Budget alerts (50, 80 and 100 % of the monthly budget)",
            formats={**money, "share": ".0%"},
        )
        if analysis.monthly_budget is not None
        else None,
        table(
            "gpu_flags",
            analysis.gpu_flags,
            title=f"GPU utilisation under {target * 100:g} % and the cost of the unused share",
            formats={**money, "mean_utilisation": ".0%"},
        ),
        table(
            "idle",
            analysis.idle,
            title=f"Idle resources: GPUs busy under {idle * 100:g} % of the time on average, yet paid for",
            formats={**money, "mean_utilisation": ".0%"},
        ),
        table(
            "anomalies",
            analysis.anomalies,
            title=f"Month-over-month anomalies (robust z-score of the change above {limit:g})",
            formats={**money, "robust_z": ".1f"},
        ),
        table(
            "cost_per_prediction",
            analysis.cost_per_prediction,
            title="Cost per 1,000 predictions",
            formats={**money, "predictions": ",.0f", "cost_per_1000": ".4f"},
        )
        if len(analysis.cost_per_prediction)
        else None,
    ]
    return report("Spend analysis", blocks, result=analysis)


def tables_csv(built: Report) -> bytes:
    """Every table of a report stacked in one CSV (a ``table`` column says which), then provenance rows.

    Cells that a spreadsheet would run as formulas are neutralised.

    Parameters
    ----------
    built : Report

    Returns
    -------
    bytes
    """
    frames = [b.frame.assign(table=b.title or b.key) for b in built.blocks if isinstance(b, Table) and len(b.frame)]
    stacked = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["table"])
    stacked = stacked[["table", *[c for c in stacked.columns if c != "table"]]]
    provenance = built.result.provenance.to_dict() if built.result is not None else {}
    rows = pd.DataFrame(
        {"table": "provenance", "field": list(provenance), "value": [str(v) for v in provenance.values()]}
    )
    return to_csv_bytes(pd.concat([stacked, rows], ignore_index=True))
