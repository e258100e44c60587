"""Reports: Markdown, HTML and CSV for every ROI & Cost result, provenance included."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.export import escape, html_document, html_table, markdown_table, to_csv_bytes
from lib.provenance import Provenance
from lib.roi._case import InvestmentResult
from lib.roi._savings import SavingsPlan
from lib.roi._simulate import SimulationResult, TornadoBar
from lib.roi._spend import SpendAnalysis


@dataclass(frozen=True)
class Section:
    """A heading with a paragraph and/or a table."""

    heading: str
    text: str = ""
    table: pd.DataFrame | None = None


@dataclass(frozen=True)
class Report:
    """A titled list of sections with the provenance of the result."""

    title: str
    sections: tuple[Section, ...]
    provenance: Provenance

    def to_markdown(self) -> str:
        """Markdown with tables and a provenance block."""
        parts = [f"# {self.title}", ""]
        for section in self.sections:
            parts += [f"## {section.heading}", ""]
            if section.text:
                parts += [section.text, ""]
            if section.table is not None and len(section.table):
                rows = [[_cell(v) for v in row] for row in section.table.itertuples(index=False)]
                parts += [markdown_table([str(c) for c in section.table.columns], rows), ""]
        return "\n".join(parts) + "\n" + self.provenance.to_markdown()

    def to_html(self) -> str:
        """A standalone HTML page; every piece of text is escaped."""
        body = []
        for section in self.sections:
            body.append(f"<h2>{escape(section.heading)}</h2>")
            if section.text:
                body.append(f"<p>{escape(section.text)}</p>")
            if section.table is not None and len(section.table):
                body.append(html_table(section.table.map(_cell)))
        return html_document(self.title, "".join(body), provenance_markdown=self.provenance.to_markdown())

    def to_csv(self) -> bytes:
        """All tables stacked in one CSV (a ``section`` column says which), then provenance rows."""
        frames = [s.table.assign(section=s.heading) for s in self.sections if s.table is not None and len(s.table)]
        table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        if "section" in table.columns:
            table = table[["section", *[c for c in table.columns if c != "section"]]]
        prov = pd.DataFrame(
            {
                "section": "provenance",
                "field": list(self.provenance.to_dict()),
                "value": [str(v) for v in self.provenance.to_dict().values()],
            }
        )
        return to_csv_bytes(pd.concat([table, prov], ignore_index=True))


def _cell(value: object) -> object:
    if isinstance(value, float | np.floating):
        if np.isnan(value):
            return ""
        return f"{value:,.4g}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m")
    return "" if value is None else value


def _money(value: float | None) -> str:
    return "n/a" if value is None else f"${value:,.0f}"


def investment_report(
    result: InvestmentResult,
    *,
    simulation: SimulationResult | None = None,
    tornado_bars: Sequence[TornadoBar] = (),
    options: Sequence[InvestmentResult] = (),
) -> Report:
    """The investment case (and its uncertainty, when simulated) as a report."""
    irr = "none (the flows never change sign)" if result.irr is None else f"{result.irr:.2%} per {result.period}"
    payback = (
        "not within the horizon" if result.payback_periods is None else f"{result.payback_periods:.2f} {result.period}s"
    )
    roi = "n/a" if result.roi_pct is None else f"{result.roi_pct:.1f} %"
    summary = (
        f"NPV {_money(result.npv)} at a {result.discount_rate:.2%} yearly discount rate; IRR {irr}; "
        f"payback {payback}; ROI {roi}. Period 0 is today and is not discounted."
    )
    flows = np.asarray(result.cash_flows)
    sections = [
        Section("Summary", summary),
        Section(
            "Cash flows",
            table=pd.DataFrame({"period": range(len(flows)), "net_flow": flows, "cumulative": np.cumsum(flows)}),
        ),
    ]
    if options:
        sections.append(
            Section(
                "Options compared",
                table=pd.DataFrame(
                    [
                        {
                            "option": o.name,
                            "npv": o.npv,
                            "irr": o.irr,
                            "payback": o.payback_periods,
                            "roi_pct": o.roi_pct,
                        }
                        for o in options
                    ]
                ),
            )
        )
    if simulation is not None:
        sections.append(
            Section(
                "Uncertainty",
                f"{simulation.n_sim:,} draws (seed {simulation.seed}): P10 {_money(simulation.p10)}, "
                f"P50 {_money(simulation.p50)}, P90 {_money(simulation.p90)}; chance of losing money "
                f"{simulation.p_loss:.1%}.",
            )
        )
    if tornado_bars:
        sections.append(Section("Sensitivity (tornado)", table=pd.DataFrame([b.to_dict() for b in tornado_bars])))
    return Report(
        f"Investment case: {result.name}", tuple(sections), simulation.provenance if simulation else result.provenance
    )


def breakeven_report(title: str, result: object) -> Report:
    """Any break-even result (its ``to_dict``) as a two-column table."""
    data = result.to_dict()  # type: ignore[attr-defined]
    notes = data.pop("notes", []) or []
    model = data.pop("model", "")
    data.pop("provenance", None)
    table = pd.DataFrame({"quantity": list(data), "value": [str(_cell(v)) for v in data.values()]})
    text = " ".join([*notes, model]).strip()
    return Report(title, (Section("Result", text, table),), result.provenance)  # type: ignore[attr-defined]


def savings_report(plan: SavingsPlan) -> Report:
    """The savings plan as a report."""
    text = (
        f"Monthly saving {_money(plan.total_likely)} (range {_money(plan.total_low)} to {_money(plan.total_high)}) "
        f"on a baseline of {_money(plan.total_baseline)}. Levers on the same spend are combined, not added: "
        "each cuts what the levers before it left."
    )
    return Report(
        "Savings plan",
        (
            Section("Summary", text),
            Section("By category", table=plan.by_category),
            Section("Levers", table=plan.levers),
        ),
        plan.provenance,
    )


def spend_report(analysis: SpendAnalysis) -> Report:
    """The spend analysis as a report."""
    text = f"{analysis.n_months} months, total {_money(analysis.total_cost)}. " + " ".join(analysis.notes)
    sections = [
        Section("Summary", text.strip()),
        Section("Split against typical ranges", table=analysis.split),
        Section("Budget alerts", table=analysis.budget),
        Section("GPU utilisation under 70 %", table=analysis.gpu_flags),
        Section("Idle resources", table=analysis.idle),
        Section("Month-over-month anomalies", table=analysis.anomalies),
        Section("Cost per 1,000 predictions", table=analysis.cost_per_prediction),
    ]
    return Report("Spend analysis", tuple(sections), analysis.provenance)
