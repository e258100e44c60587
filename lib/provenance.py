"""Provenance: what every result and every export says about how it was made."""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import lib

_TRACKED_PACKAGES = ("numpy", "pandas", "scikit-learn", "scipy", "fairlearn", "shap", "altair", "streamlit")


def library_versions() -> dict[str, str]:
    """Versions of Python, Decision Desk and the numeric libraries in use."""
    versions = {"python": platform.python_version(), "decision-desk": lib.__version__}
    for package in _TRACKED_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return versions


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Provenance:
    """How a result was made: input, parameters, software, seed and time.

    Attributes
    ----------
    input_sha256 : str or None
        SHA-256 of the input file's bytes (None for results with no file input).
    input_name : str or None
        Name of the input file.
    parameters : dict
        The parameters the computation ran with.
    library_versions : dict
        Package -> version.
    seed : int or None
        Random seed, when the computation draws random numbers.
    created_at : str
        UTC timestamp, ISO 8601.
    """

    input_sha256: str | None
    input_name: str | None
    parameters: dict[str, Any]
    library_versions: dict[str, str] = field(default_factory=library_versions)
    seed: int | None = None
    created_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat())

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "input_sha256": self.input_sha256,
            "input_name": self.input_name,
            "parameters": self.parameters,
            "library_versions": self.library_versions,
            "seed": self.seed,
            "created_at": self.created_at,
        }

    def to_markdown(self) -> str:
        """A short Markdown block for the end of a report."""
        lines = ["## Provenance", ""]
        if self.input_name or self.input_sha256:
            lines.append(f"- Input: {self.input_name or 'unnamed'} (sha256 `{self.input_sha256}`)")
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
) -> Provenance:
    """Record the provenance of a computation that is running now."""
    return Provenance(input_sha256=input_sha256, input_name=input_name, parameters=dict(parameters), seed=seed)
