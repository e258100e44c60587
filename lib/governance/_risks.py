"""The risk register: risks rated by probability × impact, each with a mitigation, an owner and a status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from lib.analysis import Record, check_text
from lib.errors import InputError
from lib.governance._policy import Policy

Likelihood = Literal["low", "medium", "high"]
RiskStatus = Literal["open", "mitigating", "accepted", "closed"]
LIKELIHOODS: tuple[str, ...] = ("low", "medium", "high")
RISK_STATUSES: tuple[str, ...] = ("open", "mitigating", "accepted", "closed")
MAX_RISKS = 100
_WEIGHT = {"low": 1, "medium": 2, "high": 3}


def risk_score(probability: str, impact: str) -> int:
    """Probability × impact on a 1-3 scale each (low 1, medium 2, high 3): 1 to 9.

    Examples
    --------
    >>> risk_score("high", "medium")
    6
    """
    return _WEIGHT[probability] * _WEIGHT[impact]


def risk_rating(score: int) -> str:
    """The rating of a score: high from 6 (high × medium or worse), medium at 3 or 4, low at 1 or 2.

    Examples
    --------
    >>> [risk_rating(s) for s in (1, 2, 3, 4, 6, 9)]
    ['low', 'low', 'medium', 'medium', 'high', 'high']
    """
    return "high" if score >= 6 else "medium" if score >= 3 else "low"


@dataclass(frozen=True)
class Risk(Record):
    """One risk of the register (``score`` and ``rating`` are derived; a judged pack writes them beside it).

    Attributes
    ----------
    title : str
    probability, impact : str
        ``low``, ``medium`` or ``high``.
    mitigation : str
    owner : str
        Who answers for it (a register counts only when every risk has one).
    status : str
        ``open``, ``mitigating``, ``accepted`` or ``closed``.
    """

    title: str
    probability: Likelihood
    impact: Likelihood
    mitigation: str = ""
    owner: str = ""
    status: RiskStatus = "open"

    @property
    def score(self) -> int:
        """Probability × impact, 1 to 9."""
        return risk_score(self.probability, self.impact)

    @property
    def rating(self) -> str:
        """``high``, ``medium`` or ``low`` (see :func:`risk_rating`)."""
        return risk_rating(self.score)

    def check(self, *, where: str = "risk") -> None:
        """Check the title, the levels, the status and the text lengths.

        Raises
        ------
        InputError
            Naming the risk and the field.
        """
        check_text(self.title, field=f"{where} title", max_length=200)
        for name in ("probability", "impact"):
            if getattr(self, name) not in LIKELIHOODS:
                raise InputError(
                    f"'{where}' has an unknown {name}", expected="low, medium or high", found=repr(getattr(self, name))
                )
        if self.status not in RISK_STATUSES:
            raise InputError(
                f"'{where}' has an unknown status", expected=", ".join(RISK_STATUSES), found=repr(self.status)
            )
        for name, limit in (("mitigation", 5_000), ("owner", 200)):
            if len(getattr(self, name)) > limit:
                raise InputError(f"the {name} of '{where}' is too long", expected=f"at most {limit:,} characters")

    @property
    def complete(self) -> bool:
        """Whether the risk has both a mitigation and an owner."""
        return bool(self.mitigation.strip() and self.owner.strip())


def preset_risks(policy: Policy) -> tuple[Risk, ...]:
    """The policy's starting register (owners empty: someone must take each risk)."""
    return tuple(
        Risk(title=p.title, probability=p.probability, impact=p.impact, mitigation=p.mitigation)  # type: ignore[arg-type]
        for p in policy.risk_preset
        if p.probability in LIKELIHOODS and p.impact in LIKELIHOODS
    )


def check_risks(risks: Sequence[Risk]) -> None:
    """Check every risk, their number and that no title repeats.

    Raises
    ------
    InputError
        Naming the risk at fault.
    """
    if len(risks) > MAX_RISKS:
        raise InputError("the risk register is too long", expected=f"at most {MAX_RISKS} risks", found=f"{len(risks)}")
    titles: set[str] = set()
    for index, risk in enumerate(risks, start=1):
        risk.check(where=f"risk {index}")
        key = risk.title.strip().casefold()
        if key in titles:
            raise InputError("two risks have the same title", found=risk.title[:80])
        titles.add(key)


def register_gaps(risks: Sequence[Risk]) -> list[str]:
    """What keeps a register from counting, in words (empty when every risk has a mitigation and an owner)."""
    if not risks:
        return ["the risk register is empty"]
    gaps = []
    no_owner = [r.title for r in risks if not r.owner.strip()]
    no_mitigation = [r.title for r in risks if not r.mitigation.strip()]
    if no_owner:
        gaps.append(
            f"{len(no_owner)} of {len(risks)} risks have no owner ({', '.join(no_owner[:4])}{'...' if len(no_owner) > 4 else ''})"
        )
    if no_mitigation:
        gaps.append(
            f"{len(no_mitigation)} risks have no mitigation ({', '.join(no_mitigation[:4])}{'...' if len(no_mitigation) > 4 else ''})"
        )
    return gaps
