"""Which fairness criterion: what the data's base rates allow, which ones this model meets, what to gate on.

When groups differ in their base rates (the share of real positives), a model
that is not perfect cannot be calibrated within every group and have equal
false positive and false negative rates at once (Chouldechova 2017; Kleinberg,
Mullainathan and Raghavan 2016). That was the COMPAS debate: ProPublica showed
unequal error rates, Northpointe answered with equal predictive values. The
summary below says which side of that trade-off this model sits on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lib.analysis import Record
from lib.fairness._verdict import FAIL, PASS


@dataclass(frozen=True)
class CriterionCheck(Record):
    """One fairness criterion: whether this model meets it, and on what evidence."""

    criterion: str
    meets: bool | None
    evidence: str


@dataclass(frozen=True)
class CriteriaSummary(Record):
    """Base rates, the criteria checked, and what to gate on for a punitive or an assistive decision."""

    base_rates_differ: bool | None
    base_rates: str
    checks: tuple[CriterionCheck, ...]
    explanation: str
    gate_punitive: tuple[str, ...]
    gate_assistive: tuple[str, ...]


def _base_rates(result: Any) -> tuple[bool | None, str]:
    parts, differ = [], None
    for attribute in result.attributes:
        groups = [g for g in result.groups if g.attribute == attribute and not g.small]
        rates = [
            (g.metrics["base_rate"], g.ci["base_rate"], g.name) for g in groups if g.metrics["base_rate"] is not None
        ]
        if len(rates) < 2:
            continue
        low = min(rates, key=lambda r: r[0])
        high = max(rates, key=lambda r: r[0])
        apart = bool(low[1][1] is not None and high[1][0] is not None and low[1][1] < high[1][0])
        differ = apart if differ is None else (differ or apart)
        parts.append(
            f"{attribute}: from {low[0]:.1%} ({low[2]}) to {high[0]:.1%} ({high[2]})"
            + (", intervals apart" if apart else ", intervals overlap")
        )
    return differ, "; ".join(parts) or "not enough data per group"


def _verdict_check(result: Any, criterion: str, names: tuple[str, ...]) -> CriterionCheck:
    headline = result.headline()
    verdicts = [headline[n].verdict for n in names if n in headline]
    meets = False if FAIL in verdicts else (True if verdicts and all(v == PASS for v in verdicts) else None)
    evidence = ", ".join(f"{n}: {headline[n].verdict}" for n in names if n in headline)
    return CriterionCheck(criterion, meets, evidence)


def criteria_summary(result: Any) -> CriteriaSummary:
    """The criteria trade-off for one audit result.

    Parameters
    ----------
    result : AuditResult

    Returns
    -------
    CriteriaSummary
    """
    differ, base_text = _base_rates(result)
    checks = [
        _verdict_check(result, "equal error rates (equalized odds)", ("equalized_odds_difference",)),
        _verdict_check(result, "equal selection rates (demographic parity)", ("demographic_parity_difference",)),
        _verdict_check(result, "equal precision (predictive parity)", ("predictive_parity_difference",)),
    ]
    if result.calibration is not None:
        groups = [g for g in result.calibration.groups if g.rows >= result.parameters.get("min_group_size", 30)]
        worst = max(groups, key=lambda g: g.ece, default=None)
        checks.append(
            CriterionCheck(
                "calibration within groups",
                None if worst is None else all(g.calibrated for g in groups),
                "no group with enough rows"
                if worst is None
                else f"largest expected calibration error {worst.ece:.3f} ({worst.attribute} = {worst.group}); "
                f"read as calibrated under {result.calibration.tolerance:g}",
            )
        )
    if differ:
        explanation = (
            "Base rates differ between groups, so this model cannot be calibrated in every group and have equal "
            "error rates too (unless it is perfect): choose the criterion that matches the harm."
        )
    elif differ is False:
        explanation = "Base rates are similar across groups, so calibration and equal error rates can hold together."
    else:
        explanation = "Too few large groups to compare base rates."
    return CriteriaSummary(
        base_rates_differ=differ,
        base_rates=base_text,
        checks=tuple(checks),
        explanation=explanation,
        gate_punitive=("false_positive_rate_difference", "equalized_odds_difference"),
        gate_assistive=("equal_opportunity_difference", "predictive_parity_difference", "four_fifths_rule"),
    )
