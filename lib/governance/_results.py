"""Results of the governance analyses: the review pack as judged, and the dataset summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lib.analysis import Record, Result, coerce_sequences, json_meta
from lib.governance._card import ModelCard
from lib.governance._evidence import EvidenceItem, GroupMetric
from lib.governance._policy import Policy
from lib.governance._requirements import CrosswalkStatus, RequirementStatus
from lib.governance._risks import Risk
from lib.governance._signoff import SignOff, Verification
from lib.governance._triage import TierAnswers, TierResult
from lib.provenance import Provenance


@dataclass(frozen=True)
class LinkedEvidence(Record):
    """An evidence item with what the pack found about it: whether it is stale, and why."""

    item: EvidenceItem = field(metadata=json_meta(flatten=True))
    stale: bool = False
    stale_reasons: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Lists become tuples."""
        coerce_sequences(self)


@dataclass(frozen=True)
class RatedRisk(Record):
    """A risk of the register with its score (probability × impact, 1 to 9) and rating written beside it."""

    json_extras = ("score", "rating")

    risk: Risk = field(metadata=json_meta(flatten=True))

    @property
    def score(self) -> int:
        """Probability × impact, 1 to 9."""
        return self.risk.score

    @property
    def rating(self) -> str:
        """``high``, ``medium`` or ``low``."""
        return self.risk.rating


@dataclass(frozen=True)
class ReviewPack(Result):
    """A review pack as judged: the tier, the card, the evidence with staleness, gaps, risks and sign-offs.

    The JSON is the pack file (``pack new`` / ``pack sign`` write it, without the
    provenance): ``tier`` (``level``, ``eu_ai_act``, ``reasons``...), ``card``,
    ``evidence`` (``id``, ``kind``, ``title``, ``sha256``, ``verdicts``, ``figures``,
    ``provenance``, ``stale``...), ``requirements`` (``id``, ``text``, ``status``, ``by``),
    ``crosswalk``, ``risks``, ``signoffs``, ``verification`` and ``status``.

    Attributes
    ----------
    title, as_of : str
    tier : TierResult
    answers : TierAnswers
    card : ModelCard
    evidence : tuple of LinkedEvidence
    requirements : tuple of RequirementStatus
        The tier's required evidence, in the tier's order.
    crosswalk : tuple of CrosswalkStatus
    risks : tuple of RatedRisk
    signoffs : tuple of SignOff
    verification : Verification
    policy : Policy
    provenance : Provenance
    """

    json_extras = ("status",)

    title: str
    as_of: str
    tier: TierResult
    answers: TierAnswers
    card: ModelCard
    evidence: tuple[LinkedEvidence, ...]
    requirements: tuple[RequirementStatus, ...]
    crosswalk: tuple[CrosswalkStatus, ...]
    risks: tuple[RatedRisk, ...]
    signoffs: tuple[SignOff, ...]
    verification: Verification
    policy: Policy
    provenance: Provenance

    @property
    def status(self) -> str:
        """Where the pack stands: draft, changed since signing, rejected, awaiting approvals, or approved."""
        check = self.verification
        if not check.signed:
            return "draft"
        if not check.intact:
            return "changed since signing"
        if "reject" in check.current_decisions:
            return "rejected"
        if check.approvals < self.tier.approvals:
            return f"awaiting approvals ({check.approvals} of {self.tier.approvals})"
        if "approve-with-conditions" in check.current_decisions:
            return "approved with conditions"
        return "approved"

    @property
    def missing(self) -> tuple[RequirementStatus, ...]:
        """Required evidence neither filled nor waived."""
        return tuple(r for r in self.requirements if r.status == "missing")

    def group_performance(self) -> tuple[tuple[EvidenceItem, GroupMetric], ...]:
        """Every per-group rate with its interval, with the audit it comes from."""
        return tuple((linked.item, g) for linked in self.evidence for g in linked.item.groups)


@dataclass(frozen=True)
class ColumnQuality(Record):
    """One column's type, role and quality figures."""

    name: str
    dtype: str
    role: str
    missing: int
    missing_pct: float
    distinct: int


@dataclass(frozen=True)
class DatasetSummaryResult(Result):
    """Schema and quality of a table: size, duplicates, missing values per column, class balance.

    Attributes
    ----------
    name : str
        The file's name.
    rows, column_count, duplicate_rows : int
    columns : tuple of ColumnQuality
    class_balance : dict
        Likely label column -> value -> rows.
    notes : tuple of str
        What the reader noticed (encoding, mixed types...).
    max_columns : int
        Columns listed in the report.
    provenance : Provenance
    """

    name: str
    rows: int
    column_count: int
    duplicate_rows: int
    columns: tuple[ColumnQuality, ...]
    class_balance: dict[str, dict[str, int]]
    notes: tuple[str, ...]
    max_columns: int
    provenance: Provenance

    @property
    def columns_with_missing(self) -> int:
        """Columns with at least one missing value."""
        return sum(1 for c in self.columns if c.missing)

    def summary(self) -> dict[str, Any]:
        """The headline figures as a mapping."""
        return {
            "rows": self.rows,
            "columns": self.column_count,
            "duplicate_rows": self.duplicate_rows,
            "columns_with_missing": self.columns_with_missing,
        }
