"""The export bar every page shows under a result: Markdown, HTML, JSON, notebook, and extra files."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from lib.analysis import MIME_TYPE, Spec, export_analysis, file_name
from ui.state import CurrentData

_BUTTONS = (
    ("md", "Report (Markdown)"),
    ("html", "Report (HTML)"),
    ("json", "Results (JSON)"),
    ("ipynb", "Notebook (.ipynb)"),
)


def data_locations(data: CurrentData | None) -> dict[str, str]:
    """Where a notebook finds the current dataset again: a sample's key, or the uploaded file's name."""
    if data is None:
        return {}
    if data.source.startswith("sample:"):
        return {"data": data.source.split(":", 1)[1]}
    return {"data": data.dataset.name}


def export_bar(
    spec: Spec,
    result: Any,
    *,
    key: str,
    stem: str,
    locations: Mapping[str, str] | None = None,
    extra: Mapping[str, tuple[Callable[[], bytes | str], str, str]] | None = None,
) -> None:
    """Download buttons for one analysis, each file built only when clicked.

    Parameters
    ----------
    spec : Spec
        The spec that made ``result``.
    result : Result
    key : str
        Widget key prefix (the page's name).
    stem : str
        File name without suffix.
    locations : mapping, optional
        Role -> where the notebook loads each input from (see :func:`data_locations`).
    extra : mapping, optional
        More buttons: label -> (function returning the bytes, file name, MIME type), e.g. a CSV.
    """
    where = dict(locations or {})
    buttons = list(_BUTTONS) + [(label, label) for label in (extra or {})]
    columns = st.columns(len(buttons))
    for column, (fmt, label) in zip(columns, buttons, strict=True):
        if extra and fmt in extra:
            build, name, mime = extra[fmt]
            column.download_button(
                label, build, file_name=name, mime=mime, key=f"{key}_export_{name}", on_click="ignore"
            )
            continue
        column.download_button(
            label,
            lambda fmt=fmt: export_analysis(spec, result, fmt, locations=where),
            file_name=file_name(stem, fmt),
            mime=MIME_TYPE[fmt],
            key=f"{key}_export_{fmt}",
            # No rerun on download: the page stays as it is and the file is built once.
            on_click="ignore",
        )
    if spec.required_inputs():
        st.caption(
            "The notebook re-runs this analysis through Decision Desk's `lib` package and checks the input file's "
            "SHA-256; keep the input file beside it."
        )
    else:
        st.caption("The notebook re-runs this analysis through Decision Desk's `lib` package.")
