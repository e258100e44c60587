"""Roles, the reference team mixes, and the default figures of a hiring plan, each with its source.

The mixes and the MLOps ratio come from public ML-leadership guides; the pay bands from 2025
industry pay reporting. Figures with no published source (time to hire, ramp-up, attrition) are
marked as Decision Desk's placeholders, to be replaced with the organisation's own numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from lib.errors import InputError

ROLES: tuple[str, ...] = (
    "ml_engineer",
    "data_engineer",
    "software_engineer",
    "applied_scientist",
    "research_scientist",
    "mlops_engineer",
    "engineering_manager",
    "product_manager",
)
ROLE_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "ml_engineer": "ML engineer",
        "data_engineer": "Data engineer",
        "software_engineer": "Software engineer",
        "applied_scientist": "Applied scientist",
        "research_scientist": "Research scientist",
        "mlops_engineer": "MLOps engineer",
        "engineering_manager": "Engineering manager",
        "product_manager": "Product manager",
    }
)
SCIENTIST_ROLES: tuple[str, ...] = ("applied_scientist", "research_scientist")
# The reference mixes describe the engineers and scientists of a team; managers are counted in
# headcount and cost but left out of the mix comparison.
MIX_EXCLUDED: tuple[str, ...] = ("engineering_manager", "product_manager")
# The reference mixes have no separate MLOps role, so MLOps engineers are compared as ML engineers.
MIX_GROUPS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "ml_engineer": ("ml_engineer", "mlops_engineer"),
        "data_engineer": ("data_engineer",),
        "software_engineer": ("software_engineer",),
        "applied_scientist": ("applied_scientist",),
        "research_scientist": ("research_scientist",),
    }
)
MIX_TITLES: Mapping[str, str] = MappingProxyType(
    {**{r: ROLE_TITLES[r] for r in MIX_GROUPS}, "ml_engineer": "ML and MLOps engineer"}
)

# Other spellings people write in a roster, after lower-casing and joining words with "_".
_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "mle": "ml_engineer",
        "machine_learning_engineer": "ml_engineer",
        "ml_eng": "ml_engineer",
        "de": "data_engineer",
        "swe": "software_engineer",
        "software_developer": "software_engineer",
        "backend_engineer": "software_engineer",
        "data_scientist": "applied_scientist",
        "applied_ml_scientist": "applied_scientist",
        "scientist": "applied_scientist",
        "research_engineer": "research_scientist",
        "mlops": "mlops_engineer",
        "ml_ops_engineer": "mlops_engineer",
        "ml_platform_engineer": "mlops_engineer",
        "platform_engineer": "mlops_engineer",
        "em": "engineering_manager",
        "manager": "engineering_manager",
        "pm": "product_manager",
    }
)


@dataclass(frozen=True)
class Source:
    """Where a default figure comes from, and when it was current.

    Attributes
    ----------
    text : str
        The source in words.
    as_of : str
        The year (or date) the figure describes.
    """

    text: str
    as_of: str

    def label(self) -> str:
        """The source as one phrase, e.g. ``"public ML-leadership guides (2025)"``."""
        return f"{self.text} ({self.as_of})"


GUIDES = Source("typical figures in public ML-leadership and interview guides", "gathered 2025")
PAY_REPORTING = Source("total-compensation bands in industry pay reporting", "2025")
PLACEHOLDER = Source("Decision Desk placeholder with no published source: replace it with your own figure", "2025")


@dataclass(frozen=True)
class Preset:
    """A reference team mix.

    Attributes
    ----------
    key : str
    title : str
    shares : mapping
        Role -> share of the team's engineers and scientists (adds up to 1).
    size_low, size_high : int or None
        The team size the mix is meant for (None: no upper bound).
    source : Source
    """

    key: str
    title: str
    shares: Mapping[str, float]
    size_low: int
    size_high: int | None
    source: Source

    def size_text(self) -> str:
        """The team size the mix describes, in words."""
        if self.size_high is None:
            return f"{self.size_low}+ people"
        return f"{self.size_low}–{self.size_high} people"


PRESETS: Mapping[str, Preset] = MappingProxyType(
    {
        "l6_team": Preset(
            key="l6_team",
            title="L6 team (10–25 people)",
            shares=MappingProxyType(
                {"ml_engineer": 0.40, "data_engineer": 0.30, "software_engineer": 0.20, "applied_scientist": 0.10}
            ),
            size_low=10,
            size_high=25,
            source=GUIDES,
        ),
        "l7_org": Preset(
            key="l7_org",
            title="L7 organisation (50+ people)",
            shares=MappingProxyType(
                {
                    "ml_engineer": 0.35,
                    "data_engineer": 0.25,
                    "software_engineer": 0.20,
                    "applied_scientist": 0.15,
                    "research_scientist": 0.05,
                }
            ),
            size_low=50,
            size_high=None,
            source=GUIDES,
        ),
    }
)

# Two MLOps-capable engineers per scientist where ML systems are still immature.
DEFAULT_MLOPS_RATIO = 2.0
MLOPS_RATIO_SOURCE = GUIDES
# Share of experiments expected to succeed: about 70 % fail.
DEFAULT_SUCCESS_PRIOR = 0.30
SUCCESS_PRIOR_SOURCE = GUIDES


@dataclass(frozen=True)
class PayBand:
    """A level's yearly total-compensation band in dollars, with its source."""

    level: str
    low: float
    high: float
    source: Source

    @property
    def midpoint(self) -> float:
        """Halfway between low and high."""
        return (self.low + self.high) / 2


PAY_BANDS: Mapping[str, PayBand] = MappingProxyType(
    {
        "L6": PayBand("L6", 400_000.0, 530_000.0, PAY_REPORTING),
        "L7": PayBand("L7", 600_000.0, 825_000.0, PAY_REPORTING),
    }
)
# Placeholders (see PLACEHOLDER): months from opening a requisition to the first day,
# months until a new person works at full speed and their speed on day one, yearly attrition.
DEFAULT_TIME_TO_HIRE = (2.0, 3.0, 5.0)
DEFAULT_RAMP_MONTHS = 3.0
DEFAULT_RAMP_START = 0.25
DEFAULT_ATTRITION = 0.12
# A person-week of an experiment at the L6 band's midpoint over 52 weeks ($465K / 52, rounded).
DEFAULT_COST_PER_PERSON_WEEK = 9_000.0


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text).strip().lower()).strip("_")


def canonical_role(text: str) -> str | None:
    """The role a roster's spelling means, or None when it is not a known role.

    Parameters
    ----------
    text : str
        ``"ML Engineer"``, ``"mle"``, ``"data-engineers"``...

    Returns
    -------
    str or None

    Examples
    --------
    >>> canonical_role("ML Engineers")
    'ml_engineer'
    >>> canonical_role("SWE")
    'software_engineer'
    >>> canonical_role("astronaut") is None
    True
    """
    key = _key(text)
    for candidate in (key, key[:-1] if key.endswith("s") else key):
        if candidate in ROLES:
            return candidate
        if candidate in _ALIASES:
            return _ALIASES[candidate]
    return None


def known_roles_text() -> str:
    """The known roles, for messages."""
    return ", ".join(ROLES)


def check_roles(values: Iterable[str], *, field: str, file: str | None = None, column: str | None = None) -> list[str]:
    """Canonical role names for ``values``, or one error listing every unknown one.

    Parameters
    ----------
    values : iterable of str
    field : str
        What holds the roles, for the message.
    file, column : str, optional
        Where they were read from.

    Returns
    -------
    list of str

    Raises
    ------
    InputError
        Listing the unknown roles and the known ones.
    """
    items = [str(v) for v in values]
    out = [canonical_role(v) for v in items]
    unknown = list(dict.fromkeys(v for v, c in zip(items, out, strict=True) if c is None))
    if unknown:
        shown = ", ".join(repr(u) for u in unknown[:10]) + (
            f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        )
        raise InputError(
            f"unknown roles in {field}", file=file, column=column, expected="one of " + known_roles_text(), found=shown
        )
    return [c for c in out if c is not None]


def preset_headcount(preset: str, team_size: int) -> dict[str, int]:
    """Whole people per role for a preset mix at a team size (largest remainders, so they add up).

    Parameters
    ----------
    preset : str
        ``l6_team`` or ``l7_org``.
    team_size : int

    Returns
    -------
    dict
        Role -> people, every role of the preset listed.

    Examples
    --------
    >>> preset_headcount("l6_team", 15)
    {'ml_engineer': 6, 'data_engineer': 5, 'software_engineer': 3, 'applied_scientist': 1}
    """
    shares = PRESETS[preset].shares
    exact = {role: share * team_size for role, share in shares.items()}
    counts = {role: int(value) for role, value in exact.items()}
    left = team_size - sum(counts.values())
    # Ties go to the role listed first, so the result does not depend on float noise.
    order = sorted(exact, key=lambda r: (-(round(exact[r] - counts[r], 9)), list(shares).index(r)))
    for role in order[:left]:
        counts[role] += 1
    return counts
