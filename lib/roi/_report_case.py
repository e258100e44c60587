"""Reports of investment cases and options compared, as blocks every renderer understands."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from lib.analysis import Block, Bullets, Chart, Heading, KeyFigures, Paragraph, Report, Status, Verdict, report, table
from lib.roi._case import PV_COST, InvestmentResult, OptionsResult
from lib.roi._compare import Comparison
from lib.roi._drivers import RAMP_CONVENTION

MONEY = ",.0f"
LINE_ROWS = 200  # periods shown in the per-line table; longer cases are cut with a note


def _charts() -> Any:
    """The chart builders, loaded on first use (altair is heavy; JSON output never needs it)."""
    from lib.roi import charts

    return charts


def money(value: float | None) -> str:
    """Dollars without cents, the sign before the dollar sign, or n/a.

    Examples
    --------
    >>> money(-57372.4), money(1500.0), money(None)
    ('-$57,372', '$1,500', 'n/a')
    """
    if value is None:
        return "n/a"
    text = f"${abs(value):,.0f}"
    return f"-{text}" if round(value) < 0 else text


def pct(value: float | None, digits: int = 1) -> str:
    """A percentage that is already in percent, or n/a."""
    return "n/a" if value is None else f"{value:.{digits}f} %"


def _case_figures(result: InvestmentResult) -> KeyFigures:
    irr = "none" if result.irr is None else f"{result.irr:.2%} per {result.period}"
    payback = "not within the horizon" if result.payback_periods is None else f"{result.payback_periods:.2f}"
    return KeyFigures(
        (
            ("NPV", money(result.npv)),
            ("IRR", irr),
            (f"Payback ({result.period}s)", payback),
            ("ROI", pct(result.roi_pct)),
        )
    )


def _case_summary(result: InvestmentResult) -> Paragraph:
    irr = "none (the flows never change sign)" if result.irr is None else f"{result.irr:.2%} per {result.period}"
    payback = (
        "not within the horizon" if result.payback_periods is None else f"{result.payback_periods:.2f} {result.period}s"
    )
    ramp = f" {RAMP_CONVENTION}" if result.breakdown is not None else ""
    return Paragraph(
        f"NPV {money(result.npv)} at a {result.discount_rate:.2%} yearly discount rate; IRR {irr}; "
        f"payback {payback}; ROI {pct(result.roi_pct)}. Period 0 is today and is not discounted "
        f"(numpy-financial's convention); ROI is undiscounted net gain over money spent.{ramp}"
    )


def cash_flow_table(result: InvestmentResult) -> pd.DataFrame:
    """Period, net flow and running total of a case's flows (dollars)."""
    flows = np.asarray(result.cash_flows)
    return pd.DataFrame({"period": np.arange(len(flows)), "net flow ($)": flows, "cumulative ($)": np.cumsum(flows)})


def drivers_table(result: InvestmentResult) -> pd.DataFrame:
    """One row per driver: value, unit and range."""
    rows = []
    for name, driver in (result.drivers or {}).items():
        spread = driver.range
        rows.append(
            {
                "driver": name,
                "value": driver.value,
                "unit": driver.unit or "(none)",
                "low": None if spread is None else spread.low,
                "high": None if spread is None else spread.high,
                "shape": "fixed" if spread is None else spread.shape,
            }
        )
    return pd.DataFrame(rows, columns=["driver", "value", "unit", "low", "high", "shape"])


def lines_table(result: InvestmentResult) -> pd.DataFrame:
    """Every line per period at likely values, then the booked totals (benefit, costs, tax, terminal value)."""
    breakdown = result.breakdown
    if breakdown is None:
        return pd.DataFrame()
    n = len(breakdown.benefit)
    frame = pd.DataFrame({"period": np.arange(n)})
    for name, values in breakdown.lines.items():
        unit = breakdown.units.get(name, "")
        frame[f"{name} ({unit})" if unit else name] = values
    booked = {
        "benefit ($)": breakdown.benefit,
        "running costs ($)": breakdown.running,
        "one-time costs ($)": breakdown.one_time,
        "capital ($)": breakdown.capital,
    }
    if any(breakdown.tax):
        booked.update({"depreciation ($)": breakdown.depreciation, "tax ($)": breakdown.tax})
    if any(breakdown.terminal):
        booked["terminal value ($)"] = breakdown.terminal
    for column, values in booked.items():
        frame[column] = values
    frame["net flow ($)"] = result.cash_flows
    return frame.head(LINE_ROWS)


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


def sensitivity_table(result: InvestmentResult) -> pd.DataFrame:
    """One row per ranged driver: its share of the NPV's variance and its rank correlation with NPV."""
    rows = result.sensitivity.by_driver if result.sensitivity is not None else ()
    return pd.DataFrame(
        [
            {"driver": r.driver, "share of variance": r.share_of_variance, "rank correlation": r.rank_correlation}
            for r in rows
        ],
        columns=["driver", "share of variance", "rank correlation"],
    )


def _uncertainty_blocks(result: InvestmentResult, *, key: str = "", charted: bool = True) -> list[Block]:
    simulation = result.simulation
    if simulation is None:
        return []
    drawn = (
        f"each ranged input drawn on its own ({', '.join(simulation.ranged_inputs)})"
        if simulation.dependence.startswith("independent")
        else f"ranged inputs {', '.join(simulation.ranged_inputs)}, correlated as stated. {simulation.dependence}"
    )
    blocks: list[Block] = [
        Heading("Uncertainty", level=3 if key else 2),
        KeyFigures(
            (
                ("P10 NPV", money(simulation.p10)),
                ("P50 NPV", money(simulation.p50)),
                ("P90 NPV", money(simulation.p90)),
                ("Chance NPV < 0", f"{simulation.p_loss:.1%}"),
            )
        ),
        Paragraph(
            f"{simulation.n_sim:,} simulated futures (seed {simulation.seed}); each driver is drawn once per future and "
            f"holds in every period; {drawn}. One future in ten does worse than P10, one in ten better than P90; "
            f"the mean NPV is {money(simulation.mean)}."
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
            formats={c: MONEY for c in ("NPV at low ($)", "NPV at high ($)", "swing ($)")},
            caption="Each row moves one driver from its low to its high value while the others stay at likely.",
        )
    )
    if charted and result.tornado is not None:
        blocks.append(
            Chart(
                f"{key}tornado_chart",
                _charts().tornado_chart(result.tornado.base_npv, result.tornado.bars),
                "What moves NPV most",
                "NPV with each ranged driver at its low and high value, the widest swing first.",
            )
        )
    if result.sensitivity is not None:
        blocks.append(
            table(
                f"{key}sensitivity",
                sensitivity_table(result),
                title="Variance-based sensitivity",
                formats={"share of variance": ".1%", "rank correlation": ".2f"},
                caption=result.sensitivity.method,
            )
        )
        if charted and result.sensitivity.by_driver:
            blocks.append(
                Chart(
                    f"{key}sensitivity_chart",
                    _charts().sensitivity_chart(result.sensitivity.by_driver),
                    "Where the NPV's spread comes from",
                    "Each driver's first-order share of the variance of NPV, largest first.",
                )
            )
    return blocks


def _model_blocks(result: InvestmentResult, *, key: str = "") -> list[Block]:
    blocks: list[Block] = []
    if result.drivers:
        blocks.append(
            table(
                f"{key}drivers",
                drivers_table(result),
                title="Drivers",
                formats={"value": ",.6g", "low": ",.6g", "high": ",.6g"},
                caption="Each driver is drawn once per simulated future and holds in every period; normal ranges give "
                "the 10th and 90th percentiles, PERT and triangular ranges the smallest and largest value.",
            )
        )
    frame = lines_table(result)
    if len(frame.columns) > 1:
        n = len(result.cash_flows)
        cut = f" The first {LINE_ROWS} of {n} periods are shown." if n > LINE_ROWS else ""
        blocks.append(
            table(
                f"{key}lines",
                frame,
                title=f"Lines per {result.period} at likely values",
                formats={c: ",.6g" if c == "period" else ",.2f" for c in frame.columns},
                caption="Money lines in dollars per period (one-time and capital lines in dollars); memo lines in "
                f"their own unit.{cut}",
            )
        )
    if result.finance is not None:
        blocks.append(Bullets(result.finance.notes))
    return blocks


def case_report(result: InvestmentResult) -> Report:
    """The investment case's report: figures, drivers and lines, cash flows, and its uncertainty when it has ranges.

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
        *_model_blocks(result),
        table(
            "cash_flows",
            cash_flow_table(result),
            title=f"Cash flows per {result.period}",
            formats={"net flow ($)": MONEY, "cumulative ($)": MONEY},
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
    """One row per option: NPV, IRR, payback, ROI, PV of costs (and P10 / chance of loss when simulated)."""
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
                "PV of costs ($)": o.pv_cost,
                "P10 NPV ($)": None if sim is None else sim.p10,
                "chance of loss": None if sim is None else sim.p_loss,
            }
        )
    frame = pd.DataFrame(rows)
    if frame[["P10 NPV ($)", "chance of loss"]].isna().all().all():
        frame = frame.drop(columns=["P10 NPV ($)", "chance of loss"])
    return frame


def regret_table(comparison: Comparison) -> pd.DataFrame:
    """One row per option: its expected regret (dollars), smallest first."""
    rows = sorted(comparison.regret.items(), key=lambda item: item[1])
    return pd.DataFrame(rows, columns=["option", "expected regret ($)"])


def break_even_text(comparison: Comparison) -> str:
    """The break-even value of the driver that moves A - B most, in words."""
    a, b = comparison.pair
    found = comparison.break_even
    if found is None:
        return "Nothing is uncertain, so there is no break-even value to find."
    name = found.driver.replace("_", " ")
    share = f"it explains {found.share_of_variance:.0%} of the spread of {a} minus {b}"
    if found.value is None:
        winner = a if comparison.incremental_npv.p50 > 0 else b
        return (
            f"The driver that moves the difference most is {name} ({share}); {winner} stays ahead for every value "
            f"of it from {found.low - 3 * (found.high - found.low):,.6g} to {found.high + 3 * (found.high - found.low):,.6g}."
        )
    side = "above" if found.a_better_above else "below"
    where = "inside" if found.within_range else "outside"
    return (
        f"The driver that moves the difference most is {name} ({share}). With the other drivers at their likely "
        f"values, {a} and {b} are worth the same at {name} = {found.value:,.6g} ({where} its range "
        f"{found.low:,.6g} to {found.high:,.6g}, likely {found.likely:,.6g}); {a} is worth more {side} it."
    )


def comparison_blocks(comparison: Comparison, *, charted: bool = True) -> list[Block]:
    """The pair compared: incremental NPV, P(A beats B), regret and break-even."""
    a, b = comparison.pair
    spread = comparison.incremental_npv
    status: Status = "success" if comparison.p_a_beats_b >= 0.5 else "warning"
    blocks: list[Block] = [
        Heading(f"{a} against {b}"),
        Verdict(
            status,
            f"{a} beats {b} in {comparison.p_a_beats_b:.0%} of simulated futures",
            f"Incremental NPV ({a} minus {b}): P10 {money(spread.p10)}, P50 {money(spread.p50)}, P90 "
            f"{money(spread.p90)}, mean {money(spread.mean)}.",
        ),
        KeyFigures(
            (
                ("P(A beats B)", f"{comparison.p_a_beats_b:.1%}"),
                ("P10 of A - B", money(spread.p10)),
                ("P50 of A - B", money(spread.p50)),
                ("P90 of A - B", money(spread.p90)),
            )
        ),
        Paragraph(
            f"{comparison.method} {comparison.n_sim:,} futures (seed {comparison.seed}). Expected regret is how much "
            "worse than the best option of each future a choice does, on average: the option with the least regret is "
            "the safest bet. " + break_even_text(comparison)
        ),
        table("regret", regret_table(comparison), title="Expected regret", formats={"expected regret ($)": MONEY}),
    ]
    if charted and comparison.n_sim > 1:
        blocks.append(
            Chart(
                "incremental_npv",
                _charts().comparison_histogram(comparison),
                f"NPV of {a} minus {b}",
                f"How often each difference came up; orange bars are futures where {b} does better.",
            )
        )
    return blocks


def options_report(result: OptionsResult) -> Report:
    """Options compared: the table, the comparison when asked, the NPV chart, then each option.

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
    formats.update({"NPV ($)": MONEY, "P10 NPV ($)": MONEY, "chance of loss": ".1%", "PV of costs ($)": MONEY})
    blocks: list[Block | None] = [
        Verdict(
            "info",
            f"Highest NPV: {best.name}",
            f"{money(best.npv)} at a {best.discount_rate:.2%} yearly discount rate. "
            "Period 0 is today and is not discounted.",
        ),
        table("options", frame, title="Options compared", formats=formats, caption=PV_COST),
        *(comparison_blocks(result.comparison) if result.comparison is not None else []),
        Chart("npv_by_option", _charts().npv_by_option_chart(result), "NPV by option", "Each option's NPV in dollars."),
    ]
    for i, option in enumerate(result.options):
        blocks += [
            Heading(option.name),
            _case_figures(option),
            *_model_blocks(option, key=f"option_{i}_"),
            table(
                f"option_{i}_cash_flows",
                cash_flow_table(option),
                title=f"Cash flows of {option.name} per {option.period}",
                formats={"net flow ($)": MONEY, "cumulative ($)": MONEY},
            ),
            *_uncertainty_blocks(option, key=f"option_{i}_", charted=False),
        ]
    return report("Investment options compared", blocks, result=result)
