"""Altair charts for ROI and cost (data in, ``alt.Chart`` out)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from lib.roi._breakeven import endpoint_cost_per_request
from lib.roi._case import InvestmentResult, OptionsResult
from lib.roi._compare import Comparison
from lib.roi._llm import LlmBreakEven
from lib.roi._savings import SavingsPlan
from lib.roi._sensitivity import SensitivityRow
from lib.roi._simulate import SimulationResult, TornadoBar
from lib.roi._specs import HOURS_PER_MONTH, LlmSpec

# Axis labels in K, M and B (Vega's SI format would write billions as "G").
SHORT_NUMBER = (
    "abs(datum.value) >= 1e9 ? format(datum.value / 1e9, ',.3~f') + 'B' : "
    "abs(datum.value) >= 1e6 ? format(datum.value / 1e6, ',.3~f') + 'M' : "
    "abs(datum.value) >= 1e3 ? format(datum.value / 1e3, ',.3~f') + 'K' : format(datum.value, ',.3~f')"
)
_FLOWS = ("money in (net)", "money out (net)", "running total")


def _words(name: str) -> str:
    """An input's name as words: ``build_cost`` -> ``build cost``."""
    return name.replace("_", " ")


def cash_flow_chart(result: InvestmentResult) -> alt.LayerChart:
    """Bars of each period's net flow (in or out) with the running total as a line, and a legend for all three."""
    flows = np.asarray(result.cash_flows)
    frame = pd.DataFrame({"period": np.arange(len(flows)), "net_flow": flows, "cumulative": np.cumsum(flows)})
    frame["flow"] = np.where(frame["net_flow"] < 0, _FLOWS[1], _FLOWS[0])
    frame["total"] = _FLOWS[2]
    colours = alt.Scale(domain=list(_FLOWS), range=["#15803d", "#c2410c", "#1d4ed8"])
    base = alt.Chart(frame, title=f"Cash flows per {result.period} (period 0 = today)")
    tooltip = [
        alt.Tooltip("period:O", title=result.period),
        alt.Tooltip("net_flow:Q", format="$,.0f", title="net flow"),
        alt.Tooltip("cumulative:Q", format="$,.0f", title="running total"),
    ]
    bars = base.mark_bar().encode(
        x=alt.X("period:O", title=f"{result.period} (0 = today)"),
        y=alt.Y("net_flow:Q", title="dollars", axis=alt.Axis(format="$,.0f")),
        color=alt.Color("flow:N", scale=colours, title=None, legend=alt.Legend(orient="top")),
        tooltip=tooltip,
    )
    line = base.mark_line(point=True).encode(
        x="period:O", y="cumulative:Q", color=alt.Color("total:N", scale=colours), tooltip=tooltip
    )
    return bars + line


def npv_histogram(result: SimulationResult) -> alt.LayerChart:
    """Histogram of simulated NPV (the result's 60 bins) with labelled P10/P50/P90 rules; losses in orange."""
    edges = np.asarray(result.histogram_edges, dtype=float)
    frame = pd.DataFrame({"start": edges[:-1], "end": edges[1:], "draws": list(result.histogram_counts)})
    frame["loss"] = frame["end"] <= 0
    bars = (
        # Room above the plot for the percentile labels.
        alt.Chart(frame, title=alt.TitleParams(f"NPV over {result.n_sim:,} simulated futures", offset=44))
        .mark_rect()
        .encode(
            x=alt.X("start:Q", title="NPV (dollars)", axis=alt.Axis(format="$,.0f")),
            x2="end:Q",
            y=alt.Y("draws:Q", title="draws"),
            y2=alt.datum(0),
            color=alt.Color("loss:N", scale=alt.Scale(domain=[True, False], range=["#c2410c", "#2563eb"]), legend=None),
            tooltip=[
                alt.Tooltip("start:Q", format="$,.0f", title="from"),
                alt.Tooltip("end:Q", format="$,.0f", title="to"),
                "draws:Q",
            ],
        )
    )
    marks = pd.DataFrame({"label": ["P10", "P50", "P90"], "npv": [result.p10, result.p50, result.p90]})
    marks["text"] = [f"{label} ${npv:,.0f}" for label, npv in zip(marks["label"], marks["npv"], strict=True)]
    # Above the bars (pixels over the plot's top edge), staggered so close percentiles stay readable.
    marks["height"] = [-34, -21, -8]
    rules = (
        alt.Chart(marks)
        .mark_rule(strokeDash=[4, 3], color="#111827")
        .encode(x="npv:Q", tooltip=["label:N", alt.Tooltip("npv:Q", format="$,.0f")])
    )
    labels = (
        alt.Chart(marks)
        .mark_text(align="left", dx=4, fontSize=11, color="#111827")
        .encode(
            x="npv:Q",
            y=alt.Y("height:Q", scale=None),
            text="text:N",
            tooltip=["label:N", alt.Tooltip("npv:Q", format="$,.0f")],
        )
    )
    return bars + rules + labels


def tornado_chart(base_npv: float, bars: tuple[TornadoBar, ...]) -> alt.LayerChart:
    """Each ranged input's NPV at its low and high value, widest first, around the base NPV (inputs in words)."""
    rows = []
    for bar in bars:
        name = _words(bar.input)
        rows.append({"input": name, "end": "at low", "value": bar.low_value, "npv": bar.npv_at_low})
        rows.append({"input": name, "end": "at high", "value": bar.high_value, "npv": bar.npv_at_high})
    frame = pd.DataFrame(rows, columns=["input", "end", "value", "npv"])
    frame["base"] = base_npv
    order = [_words(b.input) for b in bars]
    chart = (
        alt.Chart(frame, title="What moves NPV most (others at likely)")
        .mark_bar()
        .encode(
            y=alt.Y("input:N", sort=order, title=None, axis=alt.Axis(labelLimit=240)),
            x=alt.X("base:Q", title="NPV (dollars)", axis=alt.Axis(format="$,.0f")),
            x2="npv:Q",
            color=alt.Color(
                "end:N", title="input", scale=alt.Scale(domain=["at low", "at high"], range=["#f59e0b", "#2563eb"])
            ),
            tooltip=["input:N", "end:N", alt.Tooltip("value:Q", format=",.4g"), alt.Tooltip("npv:Q", format="$,.0f")],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"base": [base_npv]}))
        .mark_rule(color="#111827")
        .encode(x="base:Q", tooltip=[alt.Tooltip("base:Q", format="$,.0f", title="NPV at likely")])
    )
    return chart + rule


def npv_by_option_chart(result: OptionsResult) -> alt.Chart:
    """NPV of each option, the best one highlighted."""
    frame = pd.DataFrame(
        [{"option": o.name, "npv": o.npv, "best": o.name == result.best_option} for o in result.options]
    )
    return (
        alt.Chart(frame, title="NPV by option")
        .mark_bar()
        .encode(
            y=alt.Y("option:N", sort="-x", title=None, axis=alt.Axis(labelLimit=240)),
            x=alt.X("npv:Q", title="NPV (dollars)", axis=alt.Axis(format="$,.0f")),
            color=alt.Color("best:N", scale=alt.Scale(domain=[True, False], range=["#15803d", "#94a3b8"]), legend=None),
            tooltip=["option:N", alt.Tooltip("npv:Q", format="$,.0f", title="NPV")],
        )
    )


def llm_cost_chart(inputs: LlmSpec, *, max_tokens: float | None = None, points: int = 200) -> alt.Chart:
    """Monthly cost of the API and of self-hosting (GPUs added as needed) over token volume (the tokens form)."""
    assert inputs.tokens_per_month is not None and inputs.n_gpus is not None  # the tokens form's fields
    top = max_tokens or max(inputs.tokens_per_month * 2, inputs.tokens_per_gpu_month * inputs.n_gpus * 1.5)
    volumes = np.linspace(0, top, points)
    rows = []
    for v in volumes:
        rows.append({"tokens": v, "option": "API", "cost": inputs.api_cost(v), "gpus": None})
        rows.append(
            {"tokens": v, "option": "self-hosted", "cost": inputs.self_hosted_cost(v), "gpus": inputs.gpus_for(v)}
        )
    return (
        alt.Chart(pd.DataFrame(rows), title="Monthly cost over token volume")
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("tokens:Q", title="tokens per month", axis=alt.Axis(labelExpr=SHORT_NUMBER)),
            y=alt.Y("cost:Q", title="dollars per month", axis=alt.Axis(format="$,.0f")),
            color=alt.Color("option:N", title=None),
            tooltip=[
                "option:N",
                alt.Tooltip("tokens:Q", format=",.0f"),
                alt.Tooltip("cost:Q", format="$,.0f"),
                alt.Tooltip("gpus:Q", title="GPUs"),
            ],
        )
    )


def endpoint_cost_chart(
    *,
    duration_s: float,
    memory_gb: float,
    price_per_gb_second: float,
    price_per_million_requests: float,
    instance_hourly: float,
    instances: int,
    max_requests_per_hour: float,
    points: int = 100,
) -> alt.Chart:
    """Monthly cost of serverless and always-on over traffic."""
    per_request = endpoint_cost_per_request(
        duration_s=duration_s,
        memory_gb=memory_gb,
        price_per_gb_second=price_per_gb_second,
        price_per_million_requests=price_per_million_requests,
    )
    traffic = np.linspace(0, max_requests_per_hour, points)
    frame = pd.concat(
        [
            pd.DataFrame(
                {"requests_per_hour": traffic, "option": "serverless", "cost": traffic * HOURS_PER_MONTH * per_request}
            ),
            pd.DataFrame(
                {
                    "requests_per_hour": traffic,
                    "option": "always-on",
                    "cost": instance_hourly * instances * HOURS_PER_MONTH,
                }
            ),
        ]
    )
    return (
        alt.Chart(frame, title="Monthly cost over traffic")
        .mark_line()
        .encode(
            x=alt.X("requests_per_hour:Q", title="requests per hour"),
            y=alt.Y("cost:Q", title="dollars per month", axis=alt.Axis(format="$,.0f")),
            color=alt.Color("option:N", title=None),
            tooltip=[
                "option:N",
                alt.Tooltip("requests_per_hour:Q", format=",.0f"),
                alt.Tooltip("cost:Q", format="$,.2f"),
            ],
        )
    )


def savings_chart(plan: SavingsPlan) -> alt.LayerChart:
    """Likely saving per lever with its low-high range."""
    frame = plan.levers[["name", "category", "saving_low", "saving_likely", "saving_high"]]
    base = alt.Chart(frame, title="Monthly saving per lever (likely, with range)")
    bars = base.mark_bar().encode(
        y=alt.Y("name:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("saving_likely:Q", title="dollars per month", axis=alt.Axis(format="$,.0f")),
        color=alt.Color("category:N"),
        tooltip=[
            "name:N",
            "category:N",
            alt.Tooltip("saving_low:Q", format="$,.0f", title="low"),
            alt.Tooltip("saving_likely:Q", format="$,.0f", title="likely"),
            alt.Tooltip("saving_high:Q", format="$,.0f", title="high"),
        ],
    )
    ranges = base.mark_rule(color="#111827").encode(y=alt.Y("name:N", sort="-x"), x="saving_low:Q", x2="saving_high:Q")
    return bars + ranges


def spend_over_time_chart(
    table: pd.DataFrame, *, group: str, budget: float | None = None
) -> alt.LayerChart | alt.Chart:
    """Stacked monthly spend by ``group`` (category, team or project; months as ``YYYY-MM``), with the budget as a rule."""
    bars = (
        alt.Chart(table, title=f"Monthly spend by {group}")
        .mark_bar()
        .encode(
            x=alt.X("month:O", title="month"),
            y=alt.Y("sum(cost):Q", title="dollars", axis=alt.Axis(format="$,.0f")),
            color=alt.Color(f"{group}:N"),
            tooltip=[
                alt.Tooltip("month:O", title="month"),
                f"{group}:N",
                alt.Tooltip("sum(cost):Q", format="$,.0f", title="cost"),
            ],
        )
    )
    if budget is None:
        return bars
    rule = (
        alt.Chart(pd.DataFrame({"budget": [budget]}))
        .mark_rule(color="#b42318", strokeDash=[6, 3])
        .encode(y="budget:Q", tooltip=[alt.Tooltip("budget:Q", format="$,.0f", title="monthly budget")])
    )
    return bars + rule


def split_chart(split: pd.DataFrame) -> alt.LayerChart:
    """Share of spend per category against its typical range."""
    base = alt.Chart(split, title="Spend split against typical ranges")
    ranges = base.mark_bar(color="#d1d5db", height=18).encode(
        y=alt.Y("category:N", title=None, sort=list(split["category"])),
        x=alt.X("typical_low:Q", title="share of spend (%)", scale=alt.Scale(domain=[0, 100])),
        x2="typical_high:Q",
        tooltip=["category:N", "typical_low:Q", "typical_high:Q"],
    )
    points = base.mark_point(filled=True, size=120, color="#1d4ed8").encode(
        y=alt.Y("category:N", sort=list(split["category"])),
        x="share_pct:Q",
        tooltip=["category:N", alt.Tooltip("share_pct:Q", format=".1f"), "status:N"],
    )
    return ranges + points


def sensitivity_chart(rows: tuple[SensitivityRow, ...], *, what: str = "NPV") -> alt.Chart:
    """Each driver's first-order share of the variance of ``what``, largest first (drivers in words)."""
    frame = pd.DataFrame(
        [{"driver": _words(r.driver), "share": r.share_of_variance, "direction": r.rank_correlation} for r in rows],
        columns=["driver", "share", "direction"],
    )
    frame["moves"] = np.where(frame["direction"] >= 0, f"{what} rises with it", f"{what} falls as it rises")
    return (
        alt.Chart(frame, title=f"Share of the {what}'s spread each driver explains")
        .mark_bar()
        .encode(
            y=alt.Y("driver:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("share:Q", title="first-order share of variance", axis=alt.Axis(format="%")),
            color=alt.Color(
                "moves:N", title=None, legend=alt.Legend(orient="top"),
                scale=alt.Scale(domain=[f"{what} rises with it", f"{what} falls as it rises"], range=["#2563eb", "#c2410c"]),
            ),
            tooltip=["driver:N", alt.Tooltip("share:Q", format=".1%"), alt.Tooltip("direction:Q", format=".2f", title="rank correlation")],
        )
    )  # fmt: skip


def comparison_histogram(comparison: Comparison) -> alt.LayerChart:
    """Histogram of A - B over the simulated futures (60 bins), the futures where B wins in orange, zero marked."""
    a, b = comparison.pair
    edges = np.asarray(comparison.histogram_edges, dtype=float)
    frame = pd.DataFrame({"start": edges[:-1], "end": edges[1:], "draws": list(comparison.histogram_counts)})
    frame["winner"] = np.where(frame["end"] <= 0, f"{b} better", f"{a} better")
    bars = (
        alt.Chart(frame, title=f"NPV of {a} minus NPV of {b} over {comparison.n_sim:,} futures")
        .mark_rect()
        .encode(
            x=alt.X("start:Q", title="incremental NPV (dollars)", axis=alt.Axis(format="$,.0f")),
            x2="end:Q",
            y=alt.Y("draws:Q", title="futures"),
            y2=alt.datum(0),
            color=alt.Color(
                "winner:N", title=None, legend=alt.Legend(orient="top"),
                scale=alt.Scale(domain=[f"{a} better", f"{b} better"], range=["#2563eb", "#c2410c"]),
            ),
            tooltip=[alt.Tooltip("start:Q", format="$,.0f", title="from"), alt.Tooltip("end:Q", format="$,.0f", title="to"), "draws:Q"],
        )
    )  # fmt: skip
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#111827").encode(x="x:Q")
    return bars + zero


def llm_months_chart(result: LlmBreakEven) -> alt.LayerChart:
    """Monthly cost of the API and of self-hosting month by month, with the break-even month marked."""
    rows = []
    for m in result.monthly:
        rows.append({"month": m.month, "option": "API", "cost": m.api_cost, "gpus": None})
        rows.append({"month": m.month, "option": "self-hosted", "cost": m.self_hosted_cost, "gpus": m.gpus})
    frame = pd.DataFrame(rows)
    lines = (
        alt.Chart(frame, title="Monthly cost, month by month")
        .mark_line(point=True)
        .encode(
            x=alt.X("month:Q", title="month", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("cost:Q", title="dollars per month", axis=alt.Axis(format="$,.0f")),
            color=alt.Color("option:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=["month:Q", "option:N", alt.Tooltip("cost:Q", format="$,.0f"), alt.Tooltip("gpus:Q", title="GPUs")],
        )
    )
    marks = pd.DataFrame({"month": [result.break_even_month] if result.break_even_month else []}, dtype=float)
    rule = (
        alt.Chart(marks)
        .mark_rule(strokeDash=[4, 3], color="#111827")
        .encode(x="month:Q", tooltip=[alt.Tooltip("month:Q", title="break-even month")])
    )
    return lines + rule


def savings_months_chart(by_month: pd.DataFrame) -> alt.Chart:
    """Savings to date minus implementation costs, month by month (likely values); below zero in orange."""
    frame = by_month.copy()
    frame["paid back"] = np.where(frame["cumulative_net"] >= 0, "paid back", "not yet")
    return (
        alt.Chart(frame, title="Net saving to date (savings minus implementation)")
        .mark_bar()
        .encode(
            x=alt.X("month:O", title="month"),
            y=alt.Y("cumulative_net:Q", title="dollars", axis=alt.Axis(format="$,.0f")),
            color=alt.Color(
                "paid back:N", title=None, legend=alt.Legend(orient="top"),
                scale=alt.Scale(domain=["paid back", "not yet"], range=["#15803d", "#c2410c"]),
            ),
            tooltip=["month:O", alt.Tooltip("saving:Q", format="$,.0f", title="saving that month"),
                     alt.Tooltip("cumulative_net:Q", format="$,.0f", title="net to date")],
        )
    )  # fmt: skip
