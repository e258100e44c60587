"""Reports of an explanation: Markdown and HTML summaries, the values CSV, charts as HTML."""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib.explain._results import ExplanationResult
from lib.export import escape, html_document, html_table, markdown_table, to_csv_bytes

_SPACE_WORDS = {
    "log-odds": "log-odds of the positive class",
    "probability": "probability of the positive class",
    "raw": "the model's raw output",
}


def values_csv(result: ExplanationResult) -> bytes:
    """The SHAP values per explained row, with ``base_value`` and ``model_output``, as safe CSV."""
    return to_csv_bytes(result.values_frame())


def additivity_sentence(result: ExplanationResult) -> str:
    """One sentence saying whether the values add up, and how closely."""
    verdict = "add up" if result.additivity_ok else "DO NOT add up"
    return (
        f"SHAP values {verdict}: base value + sum of SHAP values matches the model output "
        f"({_SPACE_WORDS.get(result.output_space, result.output_space)}) within "
        f"{result.additivity_max_error:.2e} on every explained row."
        if result.additivity_ok
        else f"SHAP values {verdict}: the largest gap between base value + sum of SHAP values and the model "
        f"output is {result.additivity_max_error:.3g} ({result.output_space}). Treat these explanations with care."
    )


def _importance_rows(result: ExplanationResult, top: int = 15) -> list[list[object]]:
    return [[feature, f"{value:.4f}"] for feature, value in list(result.global_importance.items())[:top]]


def summary_markdown(result: ExplanationResult) -> str:
    """A Markdown report: what was explained, how, its quality and the top features."""
    lines = [
        "# Explanation",
        "",
        f"- Model: {result.model} ({result.task})",
        f"- Explainer: {result.explainer}; output space: {result.output_space}",
        f"- Rows explained: {result.n_explained:,} of {result.n_rows:,}",
        f"- Base value: {result.base_value:.4f}",
        f"- {additivity_sentence(result)}",
    ]
    if result.metrics:
        lines.append("- Metrics: " + ", ".join(f"{k} {v:.3f}" for k, v in result.metrics.items()))
    if result.fidelity:
        overall = result.fidelity["overall"]
        lines.append(
            f"- Surrogate fidelity ({result.fidelity['measured_on']}): "
            + ", ".join(f"{k} {v:.3f}" for k, v in overall.items() if v is not None)
        )
    lines += [f"- Warning: {w}" for w in result.fidelity_warnings()]
    lines += [f"- Note: {n}" for n in result.notes]
    lines += [
        "",
        "## Global importance (mean |SHAP|)",
        "",
        markdown_table(["feature", "mean |SHAP|"], _importance_rows(result)),
    ]
    return "\n".join(lines) + "\n\n" + result.provenance.to_markdown()


def summary_html(result: ExplanationResult, *, charts: dict[str, alt.Chart] | None = None) -> str:
    """A standalone HTML report, user text escaped, charts embedded as Vega-Lite."""
    items = [
        f"Model: {result.model} ({result.task})",
        f"Explainer: {result.explainer}; output space: {result.output_space}",
        f"Rows explained: {result.n_explained:,} of {result.n_rows:,}",
        f"Base value: {result.base_value:.4f}",
    ]
    if result.metrics:
        items.append("Metrics: " + ", ".join(f"{k} {v:.3f}" for k, v in result.metrics.items()))
    body = "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"
    status = "pass" if result.additivity_ok else "fail"
    body += f'<p class="{status}">{escape(additivity_sentence(result))}</p>'
    body += "".join(f'<p class="warn">{escape(w)}</p>' for w in result.fidelity_warnings())
    body += "".join(f"<p>{escape(n)}</p>" for n in result.notes)
    table = pd.DataFrame(_importance_rows(result), columns=["feature", "mean |SHAP|"])
    body += "<h2>Global importance (mean |SHAP|)</h2>" + html_table(table)
    for title, chart in (charts or {}).items():
        body += f"<h2>{escape(title)}</h2>" + chart_fragment(chart)
    return html_document("Explanation", body, provenance_markdown=result.provenance.to_markdown())


def chart_fragment(chart: alt.Chart) -> str:
    """An altair chart as an HTML fragment (Vega-Lite JSON plus the loader)."""
    return chart.to_html(fullhtml=False)


def chart_html(chart: alt.Chart, *, title: str) -> str:
    """One chart as a standalone HTML file."""
    return html_document(title, chart_fragment(chart))
