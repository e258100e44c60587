"""Risk-tier triage: five questions and a checklist mapped to a tier and an EU AI Act category, with reasons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lib.analysis import Record, check_text, coerce_sequences
from lib.errors import InputError
from lib.governance._policy import LEVELS, AuditGate, Level, Option, Policy

EuCategory = Literal["prohibited", "high_risk", "transparency", "minimal"]
SINGLE_QUESTIONS: tuple[str, ...] = ("use_case", "affected", "impact", "automation", "domain")
MAX_DESCRIPTION = 2_000

_EU_LABELS = {
    "prohibited": "Prohibited practice (Art. 5)",
    "high_risk": "High-risk (Art. 6)",
    "transparency": "Transparency obligations (Art. 50)",
    "minimal": "Minimal risk (no specific obligations)",
}
_ANNEX_III = {
    "1": "biometrics",
    "2": "critical infrastructure",
    "3": "education and vocational training",
    "4": "employment and the management of workers",
    "5": "access to essential private and public services and benefits",
    "6": "law enforcement",
    "7": "migration, asylum and border control",
    "8": "administration of justice and democratic processes",
}


@dataclass(frozen=True)
class TierAnswers(Record):
    """The answers to the triage questionnaire: one option id per question, and the practices that apply.

    Attributes
    ----------
    use_case, affected, impact, automation, domain : str
        Option ids of the policy's questions of the same names.
    practices : tuple of str
        Option ids of the ``practices`` checklist that apply (may be empty).
    description : str
        The use case in the team's own words.
    """

    use_case: str
    affected: str
    impact: str
    automation: str
    domain: str
    practices: tuple[str, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        """Lists become tuples."""
        coerce_sequences(self)

    def chosen(self, policy: Policy) -> list[tuple[str, Option]]:
        """Each answer as ``(question id, option)``, checked against the policy.

        Raises
        ------
        InputError
            For an answer the policy does not offer, or a practice listed twice.
        """
        out = [(q, policy.question(q).option(getattr(self, q))) for q in SINGLE_QUESTIONS]
        if len(set(self.practices)) != len(self.practices):
            raise InputError("a practice is listed twice", found=", ".join(self.practices))
        out += [("practices", policy.question("practices").option(p)) for p in self.practices]
        return out

    def check(self, policy: Policy) -> None:
        """Check every answer against the policy, and the description's length."""
        for question in SINGLE_QUESTIONS:
            check_text(getattr(self, question), field=question, max_length=100)
        if not isinstance(self.description, str):
            raise InputError("'description' must be text", found=type(self.description).__name__)
        if len(self.description) > MAX_DESCRIPTION:
            raise InputError(
                "'description' is too long",
                expected=f"at most {MAX_DESCRIPTION:,} characters",
                found=f"{len(self.description):,}",
            )
        self.chosen(policy)


@dataclass(frozen=True)
class EuAssessment(Record):
    """Where the answers place the system under the EU AI Act (an aid, not a legal opinion).

    Attributes
    ----------
    category : str
        ``prohibited``, ``high_risk``, ``transparency`` or ``minimal``.
    label : str
    basis : tuple of str
        The articles and annex points the answers point to.
    transparency : bool
        Art. 50 duties apply as well (they can come on top of high-risk obligations).
    notes : tuple of str
    """

    category: EuCategory
    label: str
    basis: tuple[str, ...]
    transparency: bool
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Lists become tuples."""
        coerce_sequences(self)


@dataclass(frozen=True)
class TierResult(Record):
    """The tier the answers give, why, and what the tier asks.

    Attributes
    ----------
    level : str
        ``low``, ``medium``, ``high`` or ``prohibited``.
    label : str
    eu_ai_act : EuAssessment
    reasons : tuple of str
        The answers that set the tier, in words, most demanding first.
    required : tuple of str
        Requirement ids the tier asks for.
    approval : str
    approvals : int
        Distinct reviewers who must approve.
    review_days : int
        Default time to the next review, in days.
    max_evidence_age_days : int
        Evidence older than this is flagged stale.
    audit_gate : AuditGate or None
        The limits a bias audit must meet at this tier.
    """

    level: Level
    label: str
    eu_ai_act: EuAssessment
    reasons: tuple[str, ...]
    required: tuple[str, ...]
    approval: str
    approvals: int
    review_days: int
    max_evidence_age_days: int
    audit_gate: AuditGate | None = None

    def __post_init__(self) -> None:
        """Lists become tuples."""
        coerce_sequences(self)


def _basis(code: str) -> str:
    if code.startswith("art5:"):
        return f"Art. 5(1)({code.split(':')[1]})"
    if code.startswith("annex3:"):
        point = code.split(":")[1]
        letter = f"({point[1]})" if len(point) > 1 else ""
        return f"Art. 6(2) and Annex III, point {point[0]}{letter}: {_ANNEX_III[point[0]]}"
    if code == "art6_1":
        return "Art. 6(1) and Annex I, when it is a safety component of, or itself, a regulated product such as a medical device"
    return f"Art. 50({code.split(':')[1]})"


def eu_assessment(codes: list[str]) -> EuAssessment:
    """The EU AI Act category that a set of answer codes points to.

    Parameters
    ----------
    codes : list of str
        The ``eu`` codes of the chosen answers.

    Returns
    -------
    EuAssessment

    Examples
    --------
    >>> eu_assessment(["annex3:4"]).category
    'high_risk'
    >>> eu_assessment(["art50:1"]).label
    'Transparency obligations (Art. 50)'
    """
    prohibited = [c for c in codes if c.startswith("art5:")]
    high = [c for c in codes if c.startswith("annex3:") or c == "art6_1"]
    transparency = [c for c in codes if c.startswith("art50:")]
    notes: list[str] = []
    if prohibited:
        category: EuCategory = "prohibited"
        basis = [_basis(c) for c in prohibited]
    elif high:
        category = "high_risk"
        basis = [_basis(c) for c in high]
        if any(c.startswith("annex3:") for c in high):
            if "profiling" in codes:
                notes.append(
                    "The system profiles people, so the Art. 6(3) exemption for Annex III systems cannot apply."
                )
            elif "art6_3" in codes:
                notes.append(
                    "Art. 6(3) can lift the high-risk status of an Annex III system that only performs a narrow "
                    "procedural or preparatory task and does not materially influence decisions; the assessment "
                    "must be documented before relying on it."
                )
    elif transparency:
        category = "transparency"
        basis = []
    else:
        category, basis = "minimal", []
    basis += [_basis(c) for c in transparency]
    if transparency and category in ("prohibited", "high_risk"):
        notes.append("Art. 50 transparency duties apply on top of the category above.")
    return EuAssessment(
        category=category,
        label=_EU_LABELS[category],
        basis=tuple(dict.fromkeys(basis)),
        transparency=bool(transparency),
        notes=tuple(notes),
    )


def triage(answers: TierAnswers, policy: Policy) -> TierResult:
    """Map the answers to a tier (the highest floor any answer sets) and an EU AI Act category.

    Parameters
    ----------
    answers : TierAnswers
    policy : Policy

    Returns
    -------
    TierResult

    Raises
    ------
    InputError
        For an answer the policy does not offer.
    """
    chosen = answers.chosen(policy)
    level: Level = max((option.tier for _, option in chosen), key=LEVELS.index, default="low")
    tier = policy.tier(level)
    labels = {t.level: t.label for t in policy.tiers}
    if level == "low":
        reasons = [option.reason for _, option in chosen]
    else:
        raising = sorted(
            (item for item in chosen if item[1].tier != "low"), key=lambda item: -LEVELS.index(item[1].tier)
        )
        reasons = [f"At least {labels[option.tier]}: {option.reason}" for _, option in raising]
    codes = [option.eu for _, option in chosen if option.eu]
    return TierResult(
        level=level,
        label=tier.label,
        eu_ai_act=eu_assessment(codes),
        reasons=tuple(dict.fromkeys(reasons)),
        required=tier.required,
        approval=tier.approval,
        approvals=tier.approvals,
        review_days=tier.review_days,
        max_evidence_age_days=tier.max_evidence_age_days,
        audit_gate=tier.audit_gate,
    )
