"""Provenance of a run on a log: the engine, its version and its memory limit are part of how it was made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from lib.analysis import DataSource, Spec, provenance_for
from lib.logs._source import LogSource
from lib.provenance import Provenance


def log_provenance(spec: Spec, sources: Mapping[str, DataSource]) -> Provenance:
    """The usual provenance, with each log's engine among the library versions.

    Each log input is described by name, fingerprint, engine, engine version, memory
    limit, threads and file count (see :meth:`LogSource.describe`).
    """
    provenance = provenance_for(spec, sources)
    versions = dict(provenance.library_versions)
    for source in sources.values():
        if isinstance(source, LogSource):
            versions[source.engine.name if source.settings.engine == "duckdb" else "pyspark"] = source.engine.version
    return replace(provenance, library_versions=versions)
