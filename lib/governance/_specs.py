"""Specs of the governance analyses: the review pack, and the dataset summary it can cite."""

from __future__ import annotations

from dataclasses import dataclass, field

from lib.analysis import DATA_TABLE, NO_INPUTS, Spec, check_count, check_text
from lib.errors import InputError
from lib.governance._card import ModelCard
from lib.governance._evidence import EvidenceItem
from lib.governance._policy import Policy, check_policy
from lib.governance._risks import Risk, check_risks
from lib.governance._signoff import DECISIONS, SignOff, parse_date
from lib.governance._triage import TierAnswers

MAX_EVIDENCE = 50
MAX_SIGNOFFS = 100
MAX_CONDITIONS = 20


def _check_signoff(signoff: SignOff, index: int) -> None:
    where = f"sign-off {index}"
    check_text(signoff.reviewer, field=f"{where} reviewer", max_length=200)
    check_text(signoff.role, field=f"{where} role", max_length=200)
    if signoff.decision not in DECISIONS:
        raise InputError(
            f"'{where}' has an unknown decision", expected=", ".join(DECISIONS), found=repr(signoff.decision)[:40]
        )
    parse_date(signoff.expires, field=f"{where} expires")
    if len(signoff.conditions) > MAX_CONDITIONS:
        raise InputError(f"'{where}' has too many conditions", expected=f"at most {MAX_CONDITIONS}")
    for condition in signoff.conditions:
        check_text(condition, field=f"{where} condition", max_length=2_000)
    for waiver in signoff.waivers:
        check_text(waiver.requirement, field=f"{where} waiver", max_length=100)
        check_text(waiver.reason, field=f"{where} waiver reason", max_length=2_000)


@dataclass(frozen=True)
class PackSpec(Spec):
    """A review pack: everything the reviewers saw and decided, so the pack re-runs and verifies anywhere.

    The tier, the requirement statuses, the crosswalk and the verification are
    computed from these fields by the run; nothing else is read.

    Attributes
    ----------
    title : str
    as_of : str
        The date the pack is judged on (YYYY-MM-DD): evidence age and staleness count to it.
    policy : Policy
        The review policy the pack is judged under (a copy, so later edits of the file change nothing).
    answers : TierAnswers
        The triage questionnaire.
    card : ModelCard
    evidence : tuple of EvidenceItem
        Saved analyses as embedded (at most 50).
    risks : tuple of Risk
        The risk register (at most 100).
    signoffs : tuple of SignOff
        The sign-offs, oldest first, each chained to the one before.
    """

    kind = "review_pack"
    inputs = NO_INPUTS

    title: str
    as_of: str
    policy: Policy
    answers: TierAnswers
    card: ModelCard = field(default_factory=ModelCard)
    evidence: tuple[EvidenceItem, ...] = ()
    risks: tuple[Risk, ...] = ()
    signoffs: tuple[SignOff, ...] = ()

    def validate(self) -> None:
        """Check the title, the date, the policy, the answers against it, the card, evidence, risks and sign-offs."""
        check_text(self.title, field="title", max_length=200)
        parse_date(self.as_of, field="as_of")
        check_policy(self.policy)
        self.answers.check(self.policy)
        self.card.check()
        if len(self.evidence) > MAX_EVIDENCE:
            raise InputError(
                "too much evidence", expected=f"at most {MAX_EVIDENCE} analyses", found=f"{len(self.evidence)}"
            )
        ids = [item.id for item in self.evidence]
        if len(set(ids)) != len(ids):
            raise InputError("an analysis is attached twice", found=", ".join(f"#{i}" for i in ids))
        for item in self.evidence:
            check_count(item.id, field="evidence id", low=1, high=2**62)
            check_text(item.title, field=f"evidence #{item.id} title", max_length=200)
        check_risks(self.risks)
        if len(self.signoffs) > MAX_SIGNOFFS:
            raise InputError("too many sign-offs", expected=f"at most {MAX_SIGNOFFS}")
        for index, signoff in enumerate(self.signoffs, start=1):
            _check_signoff(signoff, index)


@dataclass(frozen=True)
class DatasetSummarySpec(Spec):
    """A schema and quality summary of a table, to attach to a review pack as data evidence.

    Attributes
    ----------
    max_columns : int
        Columns listed in the report (1 to 1,000); every column is counted.
    """

    kind = "dataset_summary"
    inputs = DATA_TABLE

    max_columns: int = 200

    def validate(self) -> None:
        """Check the number of columns listed."""
        check_count(self.max_columns, field="max_columns", low=1, high=1_000, what="columns")
