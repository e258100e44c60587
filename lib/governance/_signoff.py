"""Sign-off as a hash chain: each sign-off's SHA-256 covers the pack's contents and the previous sign-off.

A sign-off records a *manifest* of the pack: one SHA-256 per part (each card section,
each evidence item's verdicts, figures and provenance, each requirement's status, each
risk...), keyed by a name a person can read. Its own hash is taken over the canonical
JSON of its fields, the manifest and the previous sign-off's hash. Verifying recomputes
all of it; the first manifest entry that differs names what changed.

The hashes make edits visible; they are not a signature with a secret key. Someone who
edits a pack and recomputes every hash makes a consistent new chain, so keep the last
sign-off's hash somewhere else as well (meeting minutes, a ticket) and check it with
``pack verify --expect-hash``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from lib.analysis import Record, coerce_sequences
from lib.governance._card import ModelCard
from lib.governance._evidence import EvidenceItem, digest, evidence_digest
from lib.governance._policy import CARD_FIELDS, Policy
from lib.governance._requirements import RequirementStatus, Waiver
from lib.governance._risks import Risk
from lib.governance._triage import SINGLE_QUESTIONS, TierAnswers, TierResult

Decision = Literal["approve", "approve-with-conditions", "reject"]
DECISIONS: tuple[str, ...] = ("approve", "approve-with-conditions", "reject")
DECISION_WORDS = {"approve": "approved", "approve-with-conditions": "approved with conditions", "reject": "rejected"}


@dataclass(frozen=True)
class SignOff(Record):
    """One reviewer's decision on the pack as it stood, chained to the sign-off before it.

    Attributes
    ----------
    reviewer, role : str
    decision : str
        ``approve``, ``approve-with-conditions`` or ``reject``.
    conditions : tuple of str
        What must happen for the approval to hold (or, for a rejection, what would change it).
    expires : str
        The date the decision lapses and the next review is due (YYYY-MM-DD).
    waivers : tuple of Waiver
        Required evidence signed without, each with the reason.
    signed_at : str
        UTC time of signing, ISO 8601.
    previous_hash : str or None
        The hash of the sign-off before this one (None for the first).
    hash : str
        SHA-256 of this sign-off's canonical JSON (see :func:`signoff_hash`).
    covers : dict
        The manifest of the pack at signing: part name -> SHA-256.
    """

    reviewer: str
    role: str
    decision: Decision
    expires: str
    signed_at: str
    hash: str
    conditions: tuple[str, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    previous_hash: str | None = None
    covers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Lists become tuples."""
        coerce_sequences(self)

    @property
    def who(self) -> str:
        """``Name (role), decision, date``: how messages name a sign-off."""
        return f"{self.reviewer} ({self.role}), {self.decision}, {self.signed_at[:10]}"


def signoff_hash(signoff: SignOff) -> str:
    """SHA-256 over the sign-off's canonical JSON without its ``hash`` (so it covers the manifest and the chain)."""
    return digest({k: v for k, v in signoff.to_dict().items() if k != "hash"})


def manifest(
    *,
    title: str,
    as_of: str,
    policy: Policy,
    answers: TierAnswers,
    tier: TierResult,
    card: ModelCard,
    evidence: Sequence[EvidenceItem],
    requirements: Sequence[RequirementStatus],
    risks: Sequence[Risk],
) -> dict[str, str]:
    """One SHA-256 per part of the pack, keyed by a name a reviewer can read, in reading order.

    Returns
    -------
    dict
        Part name (e.g. ``evidence #12 figure 'Rows'``) -> SHA-256 of its canonical JSON.
    """
    parts: dict[str, Any] = {"title": title, "as-of date": as_of, "policy": policy.to_dict()}
    for question in (*SINGLE_QUESTIONS, "practices", "description"):
        parts[f"answer '{question}'"] = getattr(answers, question)
    parts["tier"] = tier.to_dict()
    for name in CARD_FIELDS:
        parts[f"model card section '{name}'"] = getattr(card, name)
    parts["model card datasets"] = [ref.to_dict() for ref in card.datasets]
    for item in evidence:
        where = f"evidence #{item.id}"
        parts[f"{where} record"] = {"kind": item.kind, "title": item.title, "saved_at": item.saved_at}
        parts[f"{where} digest"] = item.sha256
        for index, verdict in enumerate(item.verdicts, start=1):
            parts[f"{where} verdict {index}"] = verdict.to_dict()
        for figure in item.figures:
            parts[f"{where} figure '{figure.label}'"] = figure.value
        parts[f"{where} per-group figures"] = [g.to_dict() for g in item.groups]
        parts[f"{where} provenance"] = item.provenance.to_dict()
    for status in requirements:
        parts[f"requirement '{status.id}'"] = status.to_dict()
    for index, risk in enumerate(risks, start=1):
        parts[f"risk {index}"] = risk.to_dict()
    return {name: digest(value) for name, value in parts.items()}


def manifest_changes(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """What differs between two manifests, in words, in reading order (changed, removed, then added).

    Examples
    --------
    >>> manifest_changes({"title": "a", "risk 1": "b"}, {"title": "a", "risk 1": "c", "risk 2": "d"})
    ['risk 1 changed', 'risk 2 was added']
    """
    out = []
    for name, value in before.items():
        if name not in after:
            out.append(f"{name} was removed")
        elif after[name] != value:
            out.append(f"{name} changed")
    out += [f"{name} was added" for name in after if name not in before]
    return out


@dataclass(frozen=True)
class Verification(Record):
    """What verifying the pack found.

    Attributes
    ----------
    intact : bool
        Nothing changed since the last sign-off, the chain holds, and every evidence item matches its digest.
    signed : bool
    first_change : str or None
        The first thing that changed, in words (None when intact).
    problems : tuple of str
        Every problem found, the first one first.
    history : tuple of str
        What changed between consecutive sign-offs (edits that were re-signed).
    latest_hash : str or None
        The last sign-off's hash (keep it elsewhere to detect a recomputed chain).
    approvals : int
        Distinct reviewers who approved the pack as it stands.
    current_decisions : tuple of str
        The decisions of the sign-offs made on the pack as it stands.
    """

    intact: bool
    signed: bool
    first_change: str | None
    problems: tuple[str, ...]
    history: tuple[str, ...]
    latest_hash: str | None
    approvals: int
    current_decisions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Lists become tuples."""
        coerce_sequences(self)


def chain_problems(signoffs: Sequence[SignOff]) -> list[str]:
    """Breaks in the chain: a sign-off altered after signing, or removed, reordered or inserted.

    Returns
    -------
    list of str
        In chain order; empty when the chain holds.
    """
    problems = []
    previous: str | None = None
    for index, signoff in enumerate(signoffs, start=1):
        if signoff.previous_hash != previous:
            problems.append(
                f"sign-off {index} by {signoff.who} does not follow the sign-off before it "
                "(a sign-off was removed, reordered or altered)"
            )
        if signoff_hash(signoff) != signoff.hash:
            problems.append(f"sign-off {index} by {signoff.who} was altered after signing")
        previous = signoff.hash
    return problems


def evidence_problems(evidence: Sequence[EvidenceItem]) -> list[str]:
    """Evidence items whose content no longer matches the digest they recorded of themselves."""
    return [
        f"evidence #{item.id} '{item.title}' no longer matches its own digest"
        for item in evidence
        if evidence_digest(item) != item.sha256
    ]


def verify(signoffs: Sequence[SignOff], evidence: Sequence[EvidenceItem], current: Mapping[str, str]) -> Verification:
    """Recompute the chain, the evidence digests and the manifest, and name the first thing that changed.

    Parameters
    ----------
    signoffs : sequence of SignOff
    evidence : sequence of EvidenceItem
    current : mapping
        The manifest of the pack as it stands (:func:`manifest`).

    Returns
    -------
    Verification
    """
    problems = chain_problems(signoffs)
    if signoffs:
        last = signoffs[-1]
        problems += [f"{change} since the sign-off by {last.who}" for change in manifest_changes(last.covers, current)]
    problems += evidence_problems(evidence)
    history = []
    for index in range(1, len(signoffs)):
        changes = manifest_changes(signoffs[index - 1].covers, signoffs[index].covers)
        if changes:
            history.append(
                f"between sign-off {index} and {index + 1} ({signoffs[index].who}): "
                + "; ".join(changes[:20])
                + (f" and {len(changes) - 20} more" if len(changes) > 20 else "")
            )
    current_signoffs = [s for s in signoffs if dict(s.covers) == dict(current)]
    approvers = {s.reviewer.strip().casefold() for s in current_signoffs if s.decision != "reject"}
    return Verification(
        intact=not problems,
        signed=bool(signoffs),
        first_change=problems[0] if problems else None,
        problems=tuple(problems),
        history=tuple(history),
        latest_hash=signoffs[-1].hash if signoffs else None,
        approvals=len(approvers),
        current_decisions=tuple(s.decision for s in current_signoffs),
    )


def parse_date(text: str, *, field: str) -> dt.date:
    """A YYYY-MM-DD date.

    Raises
    ------
    InputError
        Naming the field, when the text is not such a date.
    """
    from lib.errors import InputError

    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise InputError(f"'{field}' is not a date", expected="YYYY-MM-DD", found=repr(text)[:40]) from None
