"""The release gate: which checks fail a build, with or without ``--strict``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lib.fairness._results import AuditResult
from lib.fairness._verdict import FAIL, INSUFFICIENT


@dataclass(frozen=True)
class GateCheck:
    """One gated disparity on one view of the groups."""

    name: str
    attribute: str
    limit: float
    value: float | None
    ci: tuple[float | None, float | None]
    verdict: str
    reason: str
    blocks: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "name": self.name,
            "attribute": self.attribute,
            "limit": self.limit,
            "value": self.value,
            "ci": list(self.ci),
            "verdict": self.verdict,
            "reason": self.reason,
            "blocks": self.blocks,
        }


@dataclass(frozen=True)
class GateResult:
    """Whether the audit lets a release through.

    Attributes
    ----------
    passed : bool
        False when any check failed (or, with ``strict``, lacked evidence).
    strict : bool
    checks : tuple of GateCheck
    """

    passed: bool
    strict: bool
    checks: tuple[GateCheck, ...]

    @property
    def failed(self) -> tuple[GateCheck, ...]:
        """Checks with a fail verdict."""
        return tuple(c for c in self.checks if c.verdict == FAIL)

    @property
    def insufficient(self) -> tuple[GateCheck, ...]:
        """Checks the data could not settle."""
        return tuple(c for c in self.checks if c.verdict == INSUFFICIENT)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "passed": self.passed,
            "strict": self.strict,
            "failed": len(self.failed),
            "insufficient_evidence": len(self.insufficient),
            "checks": [c.to_dict() for c in self.checks],
        }


def release_gate(result: AuditResult, *, strict: bool = False) -> GateResult:
    """Gate every disparity of every view: differences on the maximum difference, ratios on the minimum ratio.

    Parameters
    ----------
    result : AuditResult
    strict : bool
        Also block on insufficient evidence.
    """
    checks = []
    for item in result.disparities:
        blocks = item.verdict == FAIL or (strict and item.verdict == INSUFFICIENT)
        checks.append(
            GateCheck(item.name, item.attribute, item.limit, item.value, item.ci, item.verdict, item.reason, blocks)
        )
    return GateResult(passed=not any(c.blocks for c in checks), strict=strict, checks=tuple(checks))
