"""The analysis contract: every analysis is a spec that re-runs anywhere.

- A :class:`Spec` per analysis kind holds every parameter of a run; it is frozen,
  validated, and round-trips through JSON with a ``schema_version``.
- A result (:class:`Result`) gets ``to_dict`` / ``from_dict`` from its fields.
- A :class:`Report` is a list of blocks with one renderer per format: Markdown,
  HTML, JSON and a Jupyter notebook (plus its py:percent twin).
- A :class:`DataSource` is an input by role (``data``, ``model``) with its hash.
- The registry maps each kind to ``run(spec, sources)``, ``report(result)``
  and examples; :func:`code_for` writes the Python that reproduces a run.

Feature packages register their kinds in their ``analyses`` module.
"""

from lib.analysis._checks import MAX_SEED, check_count, check_number, check_seed, check_text
from lib.analysis._codec import (
    Record,
    coerce_sequences,
    decode,
    encode,
    encode_value,
    json_field,
    json_meta,
    strict_record,
)
from lib.analysis._export import EXPORT_FORMATS, FILE_SUFFIX, MIME_TYPE, export_analysis, file_name, recorded_inputs
from lib.analysis._notebook import build_notebook, notebook_text, percent_script, show_json
from lib.analysis._provenance import Provenance, library_versions, make_provenance, sha256_of
from lib.analysis._registry import (
    AnalysisKind,
    Example,
    as_spec,
    code_for,
    get_kind,
    kind_of,
    kinds,
    open_inputs,
    provenance_for,
    register,
    report_of,
    result_from_dict,
    run,
    spec_from_dict,
)
from lib.analysis._render import (
    chart_png,
    escape_html,
    escape_markdown,
    format_number,
    formatted_frame,
    provenance_items,
    render_html,
    render_html_fragment,
    render_json,
    render_markdown,
)
from lib.analysis._report import (
    Block,
    Bullets,
    Chart,
    Heading,
    KeyFigures,
    Paragraph,
    ProvenanceBlock,
    Report,
    Status,
    Table,
    Verdict,
    report,
    table,
)
from lib.analysis._result import Result
from lib.analysis._saved import saved_parts
from lib.analysis._sources import (
    DataSource,
    FileSource,
    TableSource,
    describe_sources,
    file_source,
    open_sources,
    raw_file_source,
    table_source,
)
from lib.analysis._spec import DATA_TABLE, NO_INPUTS, Spec, check_schema_version, read_json_text
from lib.lazy import lazy_exports

__all__ = [
    "DATA_TABLE",
    "EXPORT_FORMATS",
    "FILE_SUFFIX",
    "MAX_SEED",
    "MIME_TYPE",
    "NO_INPUTS",
    "AnalysisKind",
    "Block",
    "Bullets",
    "Chart",
    "DataSource",
    "Example",
    "FileSource",
    "Heading",
    "KeyFigures",
    "Paragraph",
    "Provenance",
    "ProvenanceBlock",
    "Record",
    "Report",
    "Result",
    "Spec",
    "Status",
    "Table",
    "TableSource",
    "Verdict",
    "as_spec",
    "build_notebook",
    "chart_png",
    "check_count",
    "check_number",
    "check_schema_version",
    "check_seed",
    "check_text",
    "code_for",
    "coerce_sequences",
    "decode",
    "describe_sources",
    "encode",
    "encode_value",
    "escape_html",
    "escape_markdown",
    "export_analysis",
    "file_name",
    "file_source",
    "format_number",
    "formatted_frame",
    "get_kind",
    "json_field",
    "json_meta",
    "kind_of",
    "kinds",
    "lazy_exports",
    "library_versions",
    "make_provenance",
    "notebook_text",
    "open_inputs",
    "open_sources",
    "percent_script",
    "provenance_for",
    "provenance_items",
    "raw_file_source",
    "read_json_text",
    "recorded_inputs",
    "register",
    "render_html",
    "render_html_fragment",
    "render_json",
    "render_markdown",
    "report",
    "report_of",
    "result_from_dict",
    "run",
    "saved_parts",
    "sha256_of",
    "show_json",
    "spec_from_dict",
    "strict_record",
    "table",
    "table_source",
]
