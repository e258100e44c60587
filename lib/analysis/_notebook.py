"""Notebook export: an analysis as a Jupyter notebook that re-runs it through lib.

The notebook holds the spec in a cell tagged ``parameters`` (papermill's
convention), loads each input by path and stops when its SHA-256 differs from
the recorded one, runs the analysis, shows the report's tables and charts, and
ends with the result's JSON under ``application/json``. Outputs are filled in
from the run that made the export, so the figures show before any cell runs.
"""

from __future__ import annotations

import pprint
from collections.abc import Mapping
from typing import Any

from lib.analysis._render import escape_markdown, mime_bundle, provenance_items
from lib.analysis._report import ProvenanceBlock, Report
from lib.analysis._spec import Spec

_FIND_PACKAGE = '''import os
import sys
from pathlib import Path


def find_decision_desk():
    """The Decision Desk folder: $DECISION_DESK_ROOT, this folder, or one above it."""
    for folder in (os.environ.get("DECISION_DESK_ROOT"), Path.cwd(), *Path.cwd().parents):
        if folder and (Path(folder) / "lib" / "analysis" / "__init__.py").is_file():
            return str(Path(folder).resolve())
    return None


root = find_decision_desk()
if root and root not in sys.path:
    sys.path.insert(0, root)
from lib.analysis import open_inputs, report_of, run, show_json  # noqa: E402'''


def _literal(value: Any) -> str:
    return pprint.pformat(value, width=100, sort_dicts=False)


def _intro(report: Report, spec: Spec, locations: Mapping[str, str | None]) -> str:
    lines = [f"# {escape_markdown(report.title)}", ""]
    lines.append(
        f"This notebook re-runs a Decision Desk analysis of kind `{spec.kind}` through the `lib` package. "
        "The figures below were filled in when it was exported; *Run All* recomputes them."
    )
    if locations:
        lines += [
            "",
            "To re-run it, keep each input file beside this notebook (or edit `DATA` below). "
            "The notebook stops if a file's SHA-256 differs from the one recorded when the analysis ran. "
            "It finds the `lib` package in this folder, a folder above it, or `$DECISION_DESK_ROOT`.",
        ]
    provenance = next((b for b in report.blocks if isinstance(b, ProvenanceBlock)), None)
    if provenance is not None:
        lines += ["", "**Provenance**", "", *[f"- {escape_markdown(i)}" for i in provenance_items(provenance)]]
    return "\n".join(lines)


def build_notebook(
    report: Report,
    spec: Spec,
    *,
    locations: Mapping[str, str] | None = None,
    expected_sha256: Mapping[str, str | None] | None = None,
) -> Any:
    """The notebook (nbformat 4) for an analysis, outputs filled in from ``report``.

    Parameters
    ----------
    report : Report
        The report of the run being exported (its ``result`` gives the JSON).
    spec : Spec
    locations : mapping, optional
        Role -> path (relative to the notebook) or bundled sample key of each input.
    expected_sha256 : mapping, optional
        Role -> SHA-256 recorded for each input.

    Returns
    -------
    nbformat.NotebookNode
    """
    import nbformat
    from nbformat import v4

    needed = spec.required_inputs()
    data = {role: (locations or {}).get(role) for role in needed}
    hashes = {role: (expected_sha256 or {}).get(role) for role in needed}
    cells = [v4.new_markdown_cell(_intro(report, spec, data))]
    parameters = "\n".join(
        [
            "# The analysis exactly as it ran; edit to re-run with other settings.",
            f"SPEC = {_literal(spec.to_dict())}",
            "# Each input: a path (relative to this notebook) or the name of a bundled sample.",
            f"DATA = {_literal(data)}",
            "# The SHA-256 each input had when the analysis ran (None skips the check).",
            f"EXPECTED_SHA256 = {_literal(hashes)}",
        ]
    )
    cells.append(v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}))
    cells.append(v4.new_code_cell(_FIND_PACKAGE))
    cells.append(
        v4.new_code_cell(
            "# Loads each input and stops with a clear message if its bytes are not the recorded ones.\n"
            "sources = open_inputs(SPEC, DATA, expected_sha256=EXPECTED_SHA256)\n"
            "result = run(SPEC, sources)\n"
            "report = report_of(result)"
        )
    )
    for block in report.keyed_blocks():
        title = getattr(block, "title", None) or block.key
        cells.append(v4.new_markdown_cell(f"### {escape_markdown(title)}"))
        output = v4.new_output("display_data", data=mime_bundle(block))
        cells.append(v4.new_code_cell(f"report.show({block.key!r})", outputs=[output]))
    cells.append(v4.new_markdown_cell("### The result as JSON (the same as the command line's `--format json`)"))
    payload = report.result.to_dict() if report.result is not None else {}
    json_output = v4.new_output("display_data", data={"application/json": payload, "text/plain": "<result JSON>"})
    cells.append(v4.new_code_cell("show_json(result)", outputs=[json_output]))
    notebook = v4.new_notebook(cells=cells)
    notebook.metadata.update(
        {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "decision_desk": {"kind": spec.kind, "schema_version": spec.schema_version},
        }
    )
    nbformat.validate(notebook)
    return notebook


def notebook_text(notebook: Any) -> str:
    """The notebook as ``.ipynb`` JSON text."""
    import nbformat

    return nbformat.writes(notebook)


def percent_script(notebook: Any) -> str:
    """The jupytext ``py:percent`` twin of a notebook (code and Markdown, no outputs), for code review."""
    import jupytext

    return jupytext.writes(notebook, fmt="py:percent")


def show_json(result: Any) -> None:
    """Display a result's JSON in Jupyter under ``application/json`` (the notebook's last cell)."""
    from IPython.display import display

    display({"application/json": result.to_dict(), "text/plain": "<result JSON>"}, raw=True)
