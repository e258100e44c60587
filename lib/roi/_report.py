"""Reports of the ROI & Cost analyses, as blocks every renderer understands, and their tables as one CSV."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

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
    report,
    table,
)
from lib.export import to_csv_bytes
from lib.roi._breakeven import EndpointBreakEven, LlmBreakEven, PerPredictionSaving, SpotBreakEven
from lib.roi._report_case import case_report, cash_flow_table, money, options_report, options_table, tornado_table
from lib.roi._savings import SavingsPlan
from lib.roi._specs import HOURS_PER_MONTH, EndpointSpec, LlmSpec
from lib.roi._spend import SpendAnalysis

_MONEY = ",.0f"
__all__ = [
    "case_report", "cash_flow_table", "endpoint_caption", "endpoint_report", "llm_report", "options_report",
    "options_table", "per_prediction_report", "savings_report", "spend_report", "spot_report", "tables_csv",
    "tornado_table",
]  # fmt: skip
_SpecT = TypeVar("_SpecT", bound=Spec)


def _charts() -> Any:
    """The chart builders, loaded on first use (altair is heavy; JSON output never needs it)."""
    from lib.roi import charts

    return charts


def _pct(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f} %"


# --- break-even calculators ---------------------------------------------------------------------------


def _quantities(result: Any, names: Sequence[str]) -> pd.DataFrame:
    data = result.to_dict()
    return pd.DataFrame({"quantity": list(names), "value": [data[n] for n in names]})


def _spec_of(result: Any, spec_type: type[_SpecT]) -> _SpecT:
    # The spec travels in the provenance, so a saved result can still draw its chart.
    return spec_type.from_dict(result.provenance.parameters)


def llm_months_table(result: LlmBreakEven) -> pd.DataFrame:
    """Month by month: volume, both options' costs, GPUs and the saving to date."""
    frame = pd.DataFrame([m.to_dict() for m in result.monthly])
    return frame.dropna(axis=1, how="all") if len(frame) else frame


def _llm_simulation_blocks(result: LlmBreakEven) -> list[Block]:
    sim = result.simulation
    if sim is None:
        return []
    months = sim.break_even_month
    reads = {k: ("not within the horizon" if v is None else f"month {v}") for k, v in months.items()}
    rows = pd.DataFrame(
        [{"input": r.driver, "share of variance": r.share_of_variance, "rank correlation": r.rank_correlation}
         for r in sim.sensitivity],
        columns=["input", "share of variance", "rank correlation"],
    )  # fmt: skip
    unmet = (
        f" In {sim.latency_unmet:.1%} of futures the latency target cannot be met even on an idle replica; those are "
        "costed at the utilisation cap alone."
        if sim.latency_unmet > 0
        else ""
    )
    return [
        Heading("Uncertainty"),
        KeyFigures(
            (
                ("P10 total saving", money(sim.total_saving.p10)),
                ("P50 total saving", money(sim.total_saving.p50)),
                ("P90 total saving", money(sim.total_saving.p90)),
                ("Chance self-hosting is cheaper", f"{sim.p_self_hosting_cheaper:.1%}"),
            )
        ),
        Paragraph(
            f"{sim.n_sim:,} simulated futures (seed {sim.seed}); each ranged input is drawn once per future and holds "
            f"in every month. Self-hosting breaks even within {len(result.monthly)} months in {sim.p_break_even:.1%} of "
            f"them; break-even month P10 {reads['p10']}, P50 {reads['p50']}, P90 {reads['p90']}.{unmet}"
        ),
        table(
            "llm_sensitivity",
            rows,
            title="What decides the saving",
            formats={"share of variance": ".1%", "rank correlation": ".2f"},
            caption="First-order share of the variance of the total saving each ranged input explains.",
        ),
    ]


def llm_report(result: LlmBreakEven) -> Report:
    """The LLM API against self-hosting: first month, every month, break-even month and volume, a cost chart."""
    spec = _spec_of(result, LlmSpec)
    be = result.break_even_tokens_per_month
    month = "not within the horizon" if result.break_even_month is None else f"month {result.break_even_month}"
    chart = (
        Chart(
            "cost_chart",
            _charts().llm_cost_chart(spec),
            "Monthly cost over token volume",
            "API cost rises with every token; self-hosting steps up by one GPU at a time.",
        )
        if spec.form == "tokens"
        else Chart(
            "cost_chart",
            _charts().llm_months_chart(result),
            "Monthly cost, month by month",
            "API cost follows the volume and the price trend; self-hosting steps up a replica at a time.",
        )
    )
    blocks: list[Block | None] = [
        KeyFigures(
            (
                ("API, month 1 ($/month)", money(result.api_monthly_cost)),
                (f"Self-hosted, {result.gpus_used} GPUs, month 1 ($/month)", money(result.self_hosted_monthly_cost)),
                (f"Saving over {len(result.monthly)} months", money(result.total_saving)),
                ("Break-even", month),
            )
        ),
        Paragraph(
            f"Break-even volume: {'never' if be is None else f'{be:,.0f} tokens a month'}. "
            f"Over {len(result.monthly)} months the API costs {money(result.total_api_cost)} and self-hosting "
            f"{money(result.total_self_hosted_cost)}. Model: {result.model}"
        ),
        Bullets(result.notes) if result.notes else None,
        table(
            "quantities",
            _quantities(
                result,
                [n for n in result.to_dict() if n not in ("notes", "provenance", "monthly", "model", "simulation")],
            ),
        ),
        table(
            "monthly",
            llm_months_table(result),
            title="Month by month",
            formats={
                c: _MONEY
                for c in (
                    "requests",
                    "tokens",
                    "api_cost",
                    "gpu_cost",
                    "ops_cost",
                    "one_time_cost",
                    "self_hosted_cost",
                    "saving",
                    "cumulative_saving",
                )
            },
        ),
        chart,
        *_llm_simulation_blocks(result),
    ]
    return report("Break-even: LLM API vs self-hosted GPUs", blocks, result=result)


def endpoint_caption(result: EndpointBreakEven) -> str:
    """Where serverless stops paying, computed from these inputs (never a quoted typical figure)."""
    be = result.break_even_requests_per_hour
    if be is None:
        return "With these prices requests cost nothing on serverless, so it is never dearer than always-on."
    return (
        f"With these inputs serverless is cheaper below {be:,.0f} requests an hour (about {be * HOURS_PER_MONTH:,.0f} "
        f"a month) and the always-on endpoint above; one request costs ${result.cost_per_request:,.6f} on serverless."
    )


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
        Paragraph(endpoint_caption(result)),
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
                ("On-demand cost", money(result.on_demand_cost)),
                ("Spot expected cost", money(result.spot_expected_cost)),
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
                ("Monthly saving", money(result.monthly_saving)),
                ("Yearly saving", money(result.annual_saving)),
                ("Monthly cost after", money(result.monthly_cost_after)),
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


def _savings_simulation_blocks(plan: SavingsPlan) -> list[Block]:
    sim = plan.simulation
    if sim is None:
        return []
    month = {k: ("not within the horizon" if v is None else f"month {v}") for k, v in sim.payback_month.items()}
    rows = pd.DataFrame(
        [{"input": r.driver, "share of variance": r.share_of_variance, "rank correlation": r.rank_correlation}
         for r in sim.sensitivity[:15]],
        columns=["input", "share of variance", "rank correlation"],
    )  # fmt: skip
    return [
        Heading("Uncertainty"),
        KeyFigures(
            (
                (f"P10 net saving over {plan.months} months", money(sim.net_saving.p10)),
                ("P50 net saving", money(sim.net_saving.p50)),
                ("P90 net saving", money(sim.net_saving.p90)),
                ("Chance the plan pays back", f"{sim.p_net_positive:.1%}"),
            )
        ),
        Paragraph(
            f"{sim.n_sim:,} simulated futures (seed {sim.seed}): each lever's saving (PERT between its low and high), "
            f"adoption, start delay and implementation cost drawn once per future, independently. Once every lever is "
            f"live the plan saves {money(sim.run_rate.p10)} (P10) to {money(sim.run_rate.p90)} (P90) a month; it pays "
            f"back in {month['p10']} (P10), {month['p50']} (P50), {month['p90']} (P90)."
        ),
        table(
            "savings_sensitivity",
            rows,
            title="What decides the net saving",
            formats={"share of variance": ".1%", "rank correlation": ".2f"},
            caption="First-order share of the variance of the net saving (the 15 largest).",
        ),
    ]


def savings_report(plan: SavingsPlan) -> Report:
    """The savings plan: totals, savings by category and by lever, over time, and its uncertainty."""
    share = plan.total_likely / plan.total_baseline if plan.total_baseline > 0 else 0.0
    money_formats = {c: _MONEY for c in ("spend", "saving_low", "saving_likely", "saving_high", "spend_after_likely")}
    payback = "not within the horizon" if plan.payback_month is None else f"month {plan.payback_month}"
    blocks: list[Block | None] = [
        KeyFigures(
            (
                ("Likely saving ($/month)", money(plan.total_likely)),
                ("Range ($/month)", f"{money(plan.total_low)} to {money(plan.total_high)}"),
                ("Implementation (one-time)", money(plan.implementation_cost)),
                (f"Net saving over {plan.months} months", money(plan.net_saving)),
                ("Payback", payback),
            )
        ),
        Paragraph(
            f"Monthly saving {money(plan.total_likely)} once every lever is live ({share * 100:.0f} % of spend; range "
            f"{money(plan.total_low)} to {money(plan.total_high)}, adoption counted) on a baseline of "
            f"{money(plan.total_baseline)}. Levers on the same spend are combined, not added: each cuts what the "
            f"levers before it left. {plan.timing}"
        ),
        table("by_category", plan.by_category, title="By category", formats=money_formats),
        table(
            "levers",
            plan.levers,
            title="Levers",
            formats={
                **money_formats,
                "implementation_cost": _MONEY,
                "start_delay_months": ".1f",
                **{c: ".0%" for c in ("applies_to", "low", "likely", "high", "adoption")},
            },
            caption="applies_to is the share of the category a lever can reach; low, likely and high are its cut; "
            "adoption is the share that actually moves (likely values shown).",
        ),
        Chart(
            "savings_chart",
            _charts().savings_chart(plan),
            "Monthly saving per lever",
            "Likely saving per lever with its low-to-high range.",
        )
        if len(plan.levers)
        else None,
        table(
            "by_month",
            plan.by_month,
            title="Month by month (likely values)",
            formats={"saving": _MONEY, "cumulative_net": _MONEY},
        ),
        Chart(
            "savings_months_chart",
            _charts().savings_months_chart(plan.by_month),
            "Net saving to date",
            "Savings to date minus implementation costs, month by month; orange until the plan pays back.",
        )
        if len(plan.by_month)
        else None,
        *_savings_simulation_blocks(plan),
    ]
    return report("Savings plan", blocks, result=plan)


def spend_report(analysis: SpendAnalysis) -> Report:
    """The spend analysis: totals, notes, spend over time, split, budget alerts, waste and anomalies."""
    params = analysis.provenance.parameters
    target = params.get("gpu_target", 0.7)
    idle = params.get("idle_below", 0.1)
    limit = params.get("anomaly_z", 3.5)
    money_formats = {c: _MONEY for c in ("cost", "spend", "budget", "unused_cost", "previous", "change")}
    blocks: list[Block | None] = [
        KeyFigures(
            (
                ("Total spend", money(analysis.total_cost)),
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
            formats={**money_formats, "share": ".0%"},
        )
        if analysis.monthly_budget is not None
        else None,
        table(
            "gpu_flags",
            analysis.gpu_flags,
            title=f"GPU utilisation under {target * 100:g} % and the cost of the unused share",
            formats={**money_formats, "mean_utilisation": ".0%"},
        ),
        table(
            "idle",
            analysis.idle,
            title=f"Idle resources: GPUs busy under {idle * 100:g} % of the time on average, yet paid for",
            formats={**money_formats, "mean_utilisation": ".0%"},
        ),
        table(
            "anomalies",
            analysis.anomalies,
            title=f"Month-over-month anomalies (robust z-score of the change above {limit:g})",
            formats={**money_formats, "robust_z": ".1f"},
        ),
        table(
            "cost_per_prediction",
            analysis.cost_per_prediction,
            title="Cost per 1,000 predictions",
            formats={**money_formats, "predictions": ",.0f", "cost_per_1000": ".4f"},
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
