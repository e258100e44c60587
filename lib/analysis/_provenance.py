"""Provenance: what every result and every export says about how it was made."""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from typing import Any

from lib import __version__
from lib.analysis._codec import Record

_TRACKED_PACKAGES = ("numpy", "pandas", "scikit-learn", "scipy", "fairlearn", "shap", "altair", "streamlit")


@cache
def _versions() -> tuple[tuple[str, str], ...]:
    # Looked up once per process: reading package metadata costs milliseconds per package,
    # which added up to minutes when a run made thousands of results.
    versions = [("python", platform.python_version()), ("decision-desk", __version__)]
    for package in _TRACKED_PACKAGES:
        try:
            versions.append((package, metadata.version(package)))
        except metadata.PackageNotFoundError:
            continue
    return tuple(versions)


def library_versions() -> dict[str, str]:
    """Versions of Python, Decision Desk and the numeric libraries in use.

    Returns
    -------
    dict
        Package name -> version.
    """
    return dict(_versions())


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of some bytes.

    Examples
    --------
    >>> sha256_of(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Provenance(Record):
    """How a result was made: inputs, parameters, software, seed and time.

    Attributes
    ----------
    input_sha256 : str or None
        SHA-256 of the main input file's bytes (None for results with no file input).
    input_name : str or None
        Name of the main input file.
    parameters : dict
        The parameters the computation ran with (an analysis's whole spec).
    library_versions : dict
        Package -> version.
    seed : int or None
        Random seed, when the computation draws random numbers.
    created_at : str
        UTC timestamp, ISO 8601.
    inputs : dict
        Every input by its role (``data``, ``model``, ...): ``{"name", "sha256"}``.
    """

    input_sha256: str | None
    input_name: str | None
    parameters: dict[str, Any]
    library_versions: dict[str, str] = field(default_factory=library_versions)
    seed: int | None = None
    created_at: str = field(default_factory=_now)
    inputs: dict[str, dict[str, str | None]] = field(default_factory=dict)

    def to_markdown(self) -> str:
        """A short Markdown block for the end of a report."""
        lines = ["## Provenance", ""]
        for role, item in (self.inputs or {"data": {"name": self.input_name, "sha256": self.input_sha256}}).items():
            if item.get("name") or item.get("sha256"):
                lines.append(f"- Input ({role}): {item.get('name') or 'unnamed'} (sha256 `{item.get('sha256')}`)")
        if self.seed is not None:
            lines.append(f"- Seed: {self.seed}")
        lines.append(f"- Created: {self.created_at}")
        if self.parameters:
            params = ", ".join(f"{k}={v!r}" for k, v in self.parameters.items())
            lines.append(f"- Parameters: {params}")
        lines.append("- Software: " + ", ".join(f"{k} {v}" for k, v in self.library_versions.items()))
        return "\n".join(lines) + "\n"


def make_provenance(
    *,
    parameters: dict[str, Any],
    input_sha256: str | None = None,
    input_name: str | None = None,
    seed: int | None = None,
    inputs: dict[str, dict[str, str | None]] | None = None,
) -> Provenance:
    """Record the provenance of a computation that is running now.

    Parameters
    ----------
    parameters : dict
        What the computation ran with.
    input_sha256, input_name : str, optional
        The main input file; taken from ``inputs["data"]`` (or the first input) when not given.
    seed : int, optional
        The random seed.
    inputs : dict, optional
        Every input by role: ``{"name", "sha256"}``.

    Returns
    -------
    Provenance
    """
    inputs = dict(inputs or {})
    if inputs and input_sha256 is None and input_name is None:
        main = inputs.get("data") or next(iter(inputs.values()))
        input_sha256, input_name = main.get("sha256"), main.get("name")
    elif not inputs and (input_sha256 or input_name):
        inputs = {"data": {"name": input_name, "sha256": input_sha256}}
    return Provenance(
        input_sha256=input_sha256, input_name=input_name, parameters=dict(parameters), seed=seed, inputs=inputs
    )
