"""The release gate: which checks fail a build, with or without ``--strict``."""

from __future__ import annotations

from dataclasses import dataclass

from lib.analysis import Record
from lib.fairness._results import AuditResult
from lib.fairness._verdict import FAIL, INSUFFICIENT


@dataclass(frozen=True)
class GateCheck(Record):
    """One gated disparity on one view of the groups."""

    name: str
    attribute: str
    limit: float
    value: float | None
    ci: tuple[float | None, float | None]
    verdict: str
    reason: str
    blocks: bool


@dataclass(frozen=True)
class GateResult(Record):
    """Whether the audit lets a release through.

    Attributes
    ----------
    passed : bool
        False when any check failed (or, with ``strict``, lacked evidence).
    strict : bool
    checks : tuple of GateCheck

    The JSON adds ``failed`` and ``insufficient_evidence``: how many checks had each verdict.
    """

    json_extras = (("failed", "n_failed"), ("insufficient_evidence", "n_insufficient"))

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

    @property
    def n_failed(self) -> int:
        """How many checks failed."""
        return len(self.failed)

    @property
    def n_insufficient(self) -> int:
        """How many checks lacked evidence."""
        return len(self.insufficient)


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
