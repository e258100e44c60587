"""Running analyses from pages: cached by spec and input hashes, never by the data's cells."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from lib.analysis import DataSource, Spec, TableSource, run
from ui.state import CurrentData


def table_of(data: CurrentData) -> TableSource:
    """The current dataset as the ``data`` input of an analysis."""
    location = data.source.split(":", 1)[1] if data.source.startswith("sample:") else data.dataset.name
    return TableSource(data.frame, data.dataset.name, data.dataset.sha256, location=location, roles=data.roles)


@st.cache_data(show_spinner=False, max_entries=32)
def _cached(fingerprint: str, input_hashes: tuple[tuple[str, str | None], ...], _spec: Spec, _sources: Any) -> Any:
    return run(_spec, _sources)


def run_cached(spec: Spec, sources: Mapping[str, DataSource] | None = None) -> Any:
    """Run ``spec`` on ``sources`` once per (spec, input hashes); later calls return the same result.

    Raises
    ------
    InputError
        As :func:`lib.analysis.run` does (errors are not cached).
    """
    given = dict(sources or {})
    hashes = tuple(sorted((role, source.sha256) for role, source in given.items()))
    return _cached(spec.fingerprint(), hashes, spec, given)
