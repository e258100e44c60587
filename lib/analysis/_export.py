"""One way out for every analysis: JSON, Markdown, HTML, notebook or its py:percent twin."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from lib.analysis._notebook import build_notebook, notebook_text, percent_script
from lib.analysis._registry import report_of
from lib.analysis._render import render_html, render_markdown
from lib.analysis._report import Report
from lib.analysis._spec import Spec

ExportFormat = Literal["json", "md", "html", "ipynb", "py"]
EXPORT_FORMATS: tuple[str, ...] = ("json", "md", "html", "ipynb", "py")
FILE_SUFFIX = {"json": ".json", "md": ".md", "html": ".html", "ipynb": ".ipynb", "py": ".py"}
MIME_TYPE = {
    "json": "application/json",
    "md": "text/markdown",
    "html": "text/html",
    "ipynb": "application/x-ipynb+json",
    "py": "text/x-python",
}


def recorded_inputs(result: Any) -> dict[str, dict[str, str | None]]:
    """Role -> ``{"name", "sha256"}`` of the inputs a result was made from."""
    provenance = getattr(result, "provenance", None)
    if provenance is None:
        return {}
    if provenance.inputs:
        return dict(provenance.inputs)
    if provenance.input_sha256:
        return {"data": {"name": provenance.input_name, "sha256": provenance.input_sha256}}
    return {}


def export_analysis(
    spec: Spec,
    result: Any,
    output_format: str,
    *,
    locations: Mapping[str, str] | None = None,
    report: Report | None = None,
) -> str:
    """The analysis in one export format.

    Parameters
    ----------
    spec : Spec
        The spec that made ``result``.
    result : Result
    output_format : {"json", "md", "html", "ipynb", "py"}
        ``py`` is the notebook's jupytext ``py:percent`` twin.
    locations : mapping, optional
        Role -> path or bundled sample key of each input, written into notebooks
        (default: each input's file name, to be kept beside the notebook).
    report : Report, optional
        The report, when already built.

    Returns
    -------
    str
    """
    if output_format not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {output_format!r}")
    if output_format == "json":
        return result.to_json() + "\n"
    report = report or report_of(result)
    if output_format == "md":
        return render_markdown(report)
    if output_format == "html":
        return render_html(report)
    inputs = recorded_inputs(result)
    where = {role: item.get("name") or role for role, item in inputs.items()}
    where.update(locations or {})
    hashes = {role: item.get("sha256") for role, item in inputs.items()}
    notebook = build_notebook(report, spec, locations=where, expected_sha256=hashes)
    return notebook_text(notebook) if output_format == "ipynb" else percent_script(notebook)


def file_name(stem: str, output_format: str) -> str:
    """A download file name for an export (``stem`` plus the format's suffix)."""
    return stem + FILE_SUFFIX[output_format]
