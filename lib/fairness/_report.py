"""Audit reports: Markdown, HTML and JSON, each ending with provenance."""

from __future__ import annotations

from typing import Any

import pandas as pd

from lib.export import escape, html_document, html_table, markdown_table, to_json
from lib.fairness._gate import GateResult, release_gate
from lib.fairness._results import AuditResult

_REPORT_METRICS = ("selection_rate", "true_positive_rate", "false_positive_rate", "precision", "accuracy")


def _fmt(value: float | None, digits: int = 3) -> str:
    return "undefined" if value is None else f"{value:.{digits}f}"


def _interval(ci: Any) -> str:
    low, high = ci
    return "—" if low is None or high is None else f"[{low:.3f}, {high:.3f}]"


def audit_json(result: AuditResult, *, strict: bool = False) -> dict[str, Any]:
    """The JSON document of an audit: the result plus its release gate."""
    out = result.to_dict()
    out["gate"] = release_gate(result, strict=strict).to_dict()
    return out


def _disparity_rows(result: AuditResult) -> list[list[object]]:
    return [
        [d.name, d.attribute, _fmt(d.value), _interval(d.ci), f"{d.limit:g}", d.verdict, d.reason]
        for d in result.disparities
    ]


def _group_rows(result: AuditResult) -> list[list[object]]:
    rows = []
    for g in result.groups:
        cells: list[object] = [g.attribute, g.name, f"{g.count:,}", "yes" if g.small else ""]
        for metric in _REPORT_METRICS:
            cells.append(f"{_fmt(g.metrics[metric])} {_interval(g.ci[metric])}")
        rows.append(cells)
    return rows


_DISPARITY_HEADERS = ["disparity", "groups of", "value", "95% interval", "limit", "verdict", "why"]
_GROUP_HEADERS = ["groups of", "group", "rows", "small", *[m.replace("_", " ") for m in _REPORT_METRICS]]


def audit_markdown(result: AuditResult, *, gate: GateResult | None = None, title: str = "Bias audit") -> str:
    """A Markdown report: gate, disparities, groups, notes and provenance."""
    gate = gate or release_gate(result)
    lines = [f"# {title}", ""]
    verdict = "passed" if gate.passed else "failed"
    lines.append(
        f"Release gate **{verdict}**: {len(gate.failed)} checks fail, "
        f"{len(gate.insufficient)} lack evidence ({'blocking' if gate.strict else 'not blocking'}). "
        f"{result.n_rows:,} rows, sensitive columns: {', '.join(result.parameters['sensitive'])}."
    )
    lines += ["", "## Disparities", "", markdown_table(_DISPARITY_HEADERS, _disparity_rows(result)), ""]
    lines += ["## Groups", "", markdown_table(_GROUP_HEADERS, _group_rows(result)), ""]
    if result.notes:
        lines += ["## Notes", "", *[f"- {n}" for n in result.notes], ""]
    lines.append(result.provenance.to_markdown())
    return "\n".join(lines)


def _frame(headers: list[str], rows: list[list[object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=headers)


def audit_html(result: AuditResult, *, gate: GateResult | None = None, title: str = "Bias audit") -> str:
    """A standalone HTML report with every user-supplied text escaped."""
    gate = gate or release_gate(result)
    css = "pass" if gate.passed else "fail"
    body = (
        f'<p class="{css}"><strong>Release gate {"passed" if gate.passed else "failed"}</strong>: '
        f"{len(gate.failed)} checks fail, {len(gate.insufficient)} lack evidence. "
        f"{result.n_rows:,} rows; sensitive columns: {escape(', '.join(result.parameters['sensitive']))}.</p>"
        "<h2>Disparities</h2>"
        + html_table(_frame(_DISPARITY_HEADERS, _disparity_rows(result)))
        + "<h2>Groups</h2>"
        + html_table(_frame(_GROUP_HEADERS, _group_rows(result)))
    )
    if result.notes:
        body += "<h2>Notes</h2><ul>" + "".join(f"<li>{escape(n)}</li>" for n in result.notes) + "</ul>"
    return html_document(title, body, provenance_markdown=result.provenance.to_markdown())


def render_audit(result: AuditResult, *, output_format: str, strict: bool = False) -> str:
    """The report in ``json``, ``md`` or ``html``."""
    gate = release_gate(result, strict=strict)
    if output_format == "json":
        return to_json(audit_json(result, strict=strict))
    if output_format == "md":
        return audit_markdown(result, gate=gate)
    return audit_html(result, gate=gate)
