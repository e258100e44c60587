"""Helpers for tests on the analysis contract: comparing results across runs and processes."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

# Keys that legitimately differ between two runs of the same spec.
VOLATILE = frozenset({"created_at"})


def comparable(value: Any) -> Any:
    """A result's JSON without the keys that change from run to run (timestamps)."""
    if isinstance(value, Mapping):
        return {k: comparable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


def assert_close(left: Any, right: Any, *, tolerance: float = 1e-9, path: str = "$") -> None:
    """Assert two JSON values are equal, numbers within ``tolerance`` (relative or absolute)."""
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        assert set(left) == set(right), f"{path}: keys differ: {sorted(set(left) ^ set(right))}"
        for key in left:
            assert_close(left[key], right[key], tolerance=tolerance, path=f"{path}.{key}")
    elif isinstance(left, list) and isinstance(right, list):
        assert len(left) == len(right), f"{path}: lengths {len(left)} and {len(right)}"
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            assert_close(a, b, tolerance=tolerance, path=f"{path}[{i}]")
    elif isinstance(left, float) or isinstance(right, float):
        assert isinstance(left, (int, float)) and isinstance(right, (int, float)), f"{path}: {left!r} vs {right!r}"
        assert math.isclose(left, right, rel_tol=tolerance, abs_tol=tolerance), f"{path}: {left!r} vs {right!r}"
    else:
        assert left == right, f"{path}: {left!r} vs {right!r}"
