"""Which requirements the evidence meets, and the crosswalk to the EU AI Act and the NIST AI RMF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from lib.analysis import Record, coerce_sequences
from lib.governance._card import SECTION_TITLES, ModelCard
from lib.governance._evidence import EvidenceItem
from lib.governance._policy import AuditGate, Policy, Requirement
from lib.governance._risks import Risk, register_gaps
from lib.governance._triage import TierResult

Status = Literal["filled", "missing", "waived"]
# Limits are compared with a little slack, so 0.05 typed in a form equals the policy's 0.05.
_SLACK = 1e-9


class _Part(Record):
    def __post_init__(self) -> None:
        """Lists become tuples."""
        coerce_sequences(self)


@dataclass(frozen=True)
class RequirementStatus(_Part):
    """Whether a requirement is filled (and by what), waived (by whom, why) or missing (and what is lacking).

    Attributes
    ----------
    id, text : str
    status : str
        ``filled``, ``missing`` or ``waived``.
    by : tuple of str
        The evidence, card sections or register that fill it, or the waiver.
    note : str
        What is lacking, or what a reader should know about the evidence (stale, failed gate).
    """

    id: str
    text: str
    status: Status
    by: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class CrosswalkStatus(_Part):
    """One row of the crosswalk: what an article or function asks, whether it binds here, and what answers it.

    Attributes
    ----------
    framework, ref, title, asks : str
    applies : str
        In words: required for this category, good practice, or voluntary.
    binding : bool
        Whether the row binds the system under the category the triage found.
    status : str
        ``filled`` (every need met), ``waived`` (met or waived) or ``missing``.
    by : tuple of str
        The requirements that answer it, with the evidence ids behind them.
    missing : tuple of str
        The needs not met, in words.
    """

    framework: str
    ref: str
    title: str
    asks: str
    applies: str
    binding: bool
    status: Status
    by: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Waiver(_Part):
    """A reviewer's decision to sign without a required piece of evidence, with the reason."""

    requirement: str
    reason: str


def gate_problem(parameters: Mapping[str, Any], gate: AuditGate) -> str | None:
    """Why a bias audit run with these parameters is looser than the tier's gate (None when it is as strict).

    Examples
    --------
    >>> gate = AuditGate(max_difference=0.05, min_ratio=0.8, strict=True)
    >>> gate_problem({"max_difference": 0.05, "min_ratio": 0.8, "strict": True}, gate) is None
    True
    >>> gate_problem({"max_difference": 0.1, "min_ratio": 0.8, "strict": False}, gate)
    'max difference 0.1 (the tier asks at most 0.05), without --strict (the tier asks for it)'
    """
    problems = []
    difference, ratio = parameters.get("max_difference"), parameters.get("min_ratio")
    if not isinstance(difference, (int, float)) or not isinstance(ratio, (int, float)):
        return "its limits are not recorded"
    if difference > gate.max_difference + _SLACK:
        problems.append(f"max difference {difference:g} (the tier asks at most {gate.max_difference:g})")
    if ratio < gate.min_ratio - _SLACK:
        problems.append(f"min ratio {ratio:g} (the tier asks at least {gate.min_ratio:g})")
    if gate.strict and not parameters.get("strict"):
        problems.append("without --strict (the tier asks for it)")
    return ", ".join(problems) or None


def _stale_note(items: Sequence[EvidenceItem], stale: Mapping[int, Sequence[str]]) -> str:
    flagged = [item for item in items if stale.get(item.id)]
    if not flagged:
        return ""
    return "Stale: " + "; ".join(f"#{item.id} {stale[item.id][0]}" for item in flagged) + "."


def _evaluate(
    requirement: Requirement,
    *,
    tier: TierResult,
    card: ModelCard,
    evidence: Sequence[EvidenceItem],
    risks: Sequence[Risk],
    stale: Mapping[int, Sequence[str]],
) -> tuple[list[str], list[str], str]:
    """What fills a requirement, what is lacking, and a note."""
    by: list[str] = []
    lacking: list[str] = []
    notes: list[str] = []
    if requirement.evidence:
        kinds = " or ".join(k.replace("_", " ") for k in requirement.evidence)
        candidates = [e for e in evidence if e.kind in requirement.evidence]
        usable = candidates
        if requirement.gate and tier.audit_gate is not None:
            usable = []
            for item in candidates:
                problem = gate_problem(item.provenance.parameters, tier.audit_gate)
                if problem is None:
                    usable.append(item)
                else:
                    lacking.append(f"#{item.id} was run with {problem}; re-run it under the {tier.label} tier's limits")
        if usable:
            by += [item.reference for item in usable]
            failed = [f"#{i.id}" for i in usable if any(v.status == "fail" for v in i.verdicts)]
            if failed:
                notes.append(f"{', '.join(failed)} reached a fail verdict.")
            notes.append(_stale_note(usable, stale))
        elif not candidates:
            lacking.append(f"no {kinds} is attached")
    empty = [SECTION_TITLES[name].lower() for name in requirement.card if not card.filled(name)]
    if empty:
        lacking.append("model card sections not written: " + ", ".join(empty))
    elif requirement.card:
        by.append("model card: " + ", ".join(SECTION_TITLES[name].lower() for name in requirement.card))
    if requirement.risks:
        gaps = register_gaps(risks)
        if gaps:
            lacking += gaps
        else:
            by.append(f"risk register ({len(risks)} risks, each with a mitigation and an owner)")
    return by, lacking, " ".join(n for n in notes if n)


def evaluate_requirements(
    policy: Policy,
    tier: TierResult,
    *,
    card: ModelCard,
    evidence: Sequence[EvidenceItem],
    risks: Sequence[Risk],
    waivers: Mapping[str, tuple[Waiver, str]],
    stale: Mapping[int, Sequence[str]],
) -> dict[str, RequirementStatus]:
    """The status of every requirement of the policy (the tier's required ones and the rest).

    Parameters
    ----------
    policy : Policy
    tier : TierResult
    card : ModelCard
    evidence : sequence of EvidenceItem
    risks : sequence of Risk
    waivers : mapping
        Requirement id -> (waiver, who recorded it and when, in words).
    stale : mapping
        Evidence id -> reasons it is stale.

    Returns
    -------
    dict
        Requirement id -> status, in the policy's order.
    """
    out = {}
    for requirement in policy.requirements:
        by, lacking, note = _evaluate(requirement, tier=tier, card=card, evidence=evidence, risks=risks, stale=stale)
        if not lacking:
            out[requirement.id] = RequirementStatus(requirement.id, requirement.text, "filled", tuple(by), note)
        elif requirement.id in waivers:
            waiver, who = waivers[requirement.id]
            out[requirement.id] = RequirementStatus(
                requirement.id, requirement.text, "waived", (f"waiver by {who}: {waiver.reason}",), "; ".join(lacking)
            )
        else:
            out[requirement.id] = RequirementStatus(requirement.id, requirement.text, "missing", (), "; ".join(lacking))
    return out


def _applies(applies: str, tier: TierResult) -> tuple[str, bool]:
    eu = tier.eu_ai_act
    if applies == "eu_high_risk":
        if eu.category == "high_risk":
            return "required: the triage places the system in the EU high-risk category", True
        return "not required for this EU category; shown as good practice", False
    if applies == "eu_transparency":
        if eu.transparency:
            return "required: an Art. 50 transparency duty applies", True
        return "not required: no Art. 50 duty applies; shown as good practice", False
    return "voluntary framework", False


def crosswalk(
    policy: Policy,
    tier: TierResult,
    statuses: Mapping[str, RequirementStatus],
    *,
    signoffs: Sequence[str],
) -> tuple[CrosswalkStatus, ...]:
    """Each row of the policy's crosswalk, marked filled (by what), waived or missing (what is lacking).

    Parameters
    ----------
    policy : Policy
    tier : TierResult
    statuses : mapping
        Requirement id -> status (every requirement of the policy).
    signoffs : sequence of str
        The pack's sign-offs, in words (empty when unsigned).

    Returns
    -------
    tuple of CrosswalkStatus
    """
    rows = []
    for row in policy.crosswalk:
        by: list[str] = []
        missing: list[str] = []
        waived = False
        for need in row.needs:
            if need == "triage":
                by.append(f"triage: tier {tier.label}, {tier.eu_ai_act.label}")
            elif need == "signoff":
                if signoffs:
                    by.append(f"sign-off by {signoffs[-1]}")
                else:
                    missing.append("no sign-off yet")
            else:
                status = statuses[need]
                if status.status == "filled":
                    refs = [item.split(" ", 1)[0] for item in status.by if item.startswith("#")]
                    by.append(need + (f" ({', '.join(refs)})" if refs else ""))
                elif status.status == "waived":
                    waived = True
                    by.append(f"{need}: waived")
                else:
                    missing.append(f"{need}: {status.note}")
        applies, binding = _applies(row.applies, tier)
        state: Status = "missing" if missing else "waived" if waived else "filled"
        rows.append(
            CrosswalkStatus(
                framework=row.framework,
                ref=row.ref,
                title=row.title,
                asks=row.asks,
                applies=applies,
                binding=binding,
                status=state,
                by=tuple(by),
                missing=tuple(missing),
            )
        )
    return tuple(rows)


def staleness(
    evidence: Sequence[EvidenceItem], *, card: ModelCard, as_of: dt.date, max_age_days: int
) -> dict[int, list[str]]:
    """Why each evidence item is stale: made from a file the card does not declare, or too old.

    Parameters
    ----------
    evidence : sequence of EvidenceItem
    card : ModelCard
    as_of : datetime.date
        The date the pack is judged on.
    max_age_days : int
        The tier's limit on the age of evidence.

    Returns
    -------
    dict
        Evidence id -> reasons (empty list when it is current).
    """
    declared = {ref.sha256 for ref in card.datasets}
    out: dict[int, list[str]] = {}
    for item in evidence:
        reasons = []
        if declared:
            for role, sha in item.input_hashes.items():
                if role == "data" and sha not in declared:
                    name = (item.provenance.inputs.get(role) or {}).get("name") or role
                    reasons.append(f"was made from {name} (sha256 {sha[:12]}…), not a dataset the model card declares")
        made = item.made_on
        if made is None:
            reasons.append("has no readable date")
        elif (as_of - made).days > max_age_days:
            reasons.append(
                f"is {(as_of - made).days} days old on {as_of.isoformat()}, older than the tier's {max_age_days} days"
            )
        out[item.id] = reasons
    return out
