"""Specs of the Team & Portfolio analyses: the team plan, the experiment portfolio and the quality gates.

Every number has a documented range (see each spec's attributes); anything outside it is refused
before work starts, with a message naming the field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from lib.analysis import DATA_TABLE, Record, Spec, check_count, check_number, check_seed, check_text, coerce_sequences
from lib.errors import InputError
from lib.roi import Range
from lib.team._roles import (
    DEFAULT_ATTRITION,
    DEFAULT_COST_PER_PERSON_WEEK,
    DEFAULT_MLOPS_RATIO,
    DEFAULT_RAMP_MONTHS,
    DEFAULT_RAMP_START,
    DEFAULT_SUCCESS_PRIOR,
    DEFAULT_TIME_TO_HIRE,
    PAY_BANDS,
    PRESETS,
    ROLES,
    check_roles,
)

Start = Literal["preset", "blank", "roster"]
PresetKey = Literal["l6_team", "l7_org"]
Value = float | Range

# Documented limits of a team plan.
MAX_QUARTERS = 20
MAX_TEAM_SIZE = 5_000
MAX_HIRES = 5_000
MIN_SIMULATIONS = 1_000
MAX_SIMULATIONS = 200_000
DEFAULT_N_SIM = 10_000
# Simulated people at once: draws × (starting team + requisitions).
MAX_PERSON_DRAWS = 20_000_000
MAX_YEARLY_COST = 1e9
MAX_TIME_TO_HIRE = 36.0
MAX_RAMP_MONTHS = 36.0
MAX_ATTRITION = 0.95
MAX_MLOPS_RATIO = 20.0
# Documented limits of a portfolio.
MAX_HYPOTHESES = 1_000
MAX_AMOUNT = 1e12
MAX_PEOPLE_WEEKS = 10_000.0
MAX_WEEKS = 520.0
MAX_MIN_WINS = 10_000
MAX_HISTORY = 1_000_000
MAX_PRIOR_STRENGTH = 10_000.0
# Quality gates.
GATES: tuple[str, ...] = ("experiment_to_validation", "validation_to_production")
GATE_TITLES = {
    "experiment_to_validation": "Experiment → validation",
    "validation_to_production": "Validation → production",
}
STATUSES: tuple[str, ...] = ("open", "done", "waived")
Gate = Literal["experiment_to_validation", "validation_to_production"]
Status = Literal["open", "done", "waived"]
MAX_GATE_ITEMS = 100


def check_value(value: Value, *, field: str, low: float, high: float, unit: str = "") -> None:
    """Check a number or a low / likely / high range against bounds, naming ``field``."""
    if isinstance(value, Range):
        value.check(field=field, low=low, high=high, unit=unit)
    else:
        check_number(value, field=field, low=low, high=high)


def likely(value: Value) -> float:
    """The single best guess of a number or a range."""
    return value.points()[1] if isinstance(value, Range) else float(value)


def _one_role(text: str, *, field: str) -> str:
    check_text(text, field=field, max_length=100)
    return check_roles([text], field=f"'{field}'")[0]


@dataclass(frozen=True)
class RolePlan(Record):
    """What one role costs and how its people come and go.

    Attributes
    ----------
    role : str
        One of the known roles (other spellings such as "MLE" are read as the role they mean).
    cost : float or Range
        Fully loaded yearly cost of one person in dollars (0 to 1e9); a range is drawn once per
        simulated future, so every person of the role shares the market's price in that future.
    time_to_hire : float or Range
        Months from opening a requisition to the person's first day (0 to 36); drawn per requisition.
    ramp_months : float
        Months until a new person works at full speed (0 to 36); speed rises in a straight line.
    ramp_start : float
        Share of full speed on the first day (0 to 1).
    attrition : float
        Share of the role's people who leave in a year (0 to 0.95); leaving is spread evenly over time.
    """

    role: str
    cost: float | Range
    time_to_hire: float | Range = field(default_factory=lambda: Range(*DEFAULT_TIME_TO_HIRE))
    ramp_months: float = DEFAULT_RAMP_MONTHS
    ramp_start: float = DEFAULT_RAMP_START
    attrition: float = DEFAULT_ATTRITION

    def __post_init__(self) -> None:
        """Read the role's name, then check every figure."""
        coerce_sequences(self)
        object.__setattr__(self, "role", _one_role(self.role, field="roles.role"))
        where = f"roles[{self.role}]"
        check_value(self.cost, field=f"{where}.cost", low=0.0, high=MAX_YEARLY_COST, unit=" dollars a year")
        check_value(self.time_to_hire, field=f"{where}.time_to_hire", low=0.0, high=MAX_TIME_TO_HIRE, unit=" months")
        check_number(self.ramp_months, field=f"{where}.ramp_months", low=0.0, high=MAX_RAMP_MONTHS)
        check_number(self.ramp_start, field=f"{where}.ramp_start", low=0.0, high=1.0)
        check_number(self.attrition, field=f"{where}.attrition", low=0.0, high=MAX_ATTRITION)


def default_role_plans(level: str = "L6") -> tuple[RolePlan, ...]:
    """One plan per known role, costed at a level's pay band (low / midpoint / high, PERT).

    Parameters
    ----------
    level : {"L6", "L7"}

    Returns
    -------
    tuple of RolePlan
    """
    if level not in PAY_BANDS:
        raise InputError("unknown pay band", expected="one of " + ", ".join(PAY_BANDS), found=repr(level))
    band = PAY_BANDS[level]
    return tuple(RolePlan(role=role, cost=Range(band.low, band.midpoint, band.high)) for role in ROLES)


@dataclass(frozen=True)
class Hire(Record):
    """Requisitions for one role, opened at the start of a quarter.

    Attributes
    ----------
    role : str
    quarter : int
        The quarter the requisitions open (1 = the plan's first quarter).
    count : int
        How many people (1 to 5,000).
    """

    role: str
    quarter: int
    count: int = 1

    def __post_init__(self) -> None:
        """Read the role's name and check the numbers."""
        object.__setattr__(self, "role", _one_role(self.role, field="hires.role"))
        check_count(self.quarter, field="hires.quarter", low=1, high=MAX_QUARTERS, what="(the quarter it opens)")
        check_count(self.count, field="hires.count", low=1, high=MAX_HIRES, what="people")


@dataclass(frozen=True)
class TeamPlanSpec(Spec):
    """A team's starting shape, a hiring plan over quarters, and how uncertain both are.

    The team starts from a reference mix at ``team_size`` people, from nobody, or from a roster
    (the ``data`` input: a table with a ``role`` column and optional ``level``, ``location`` and
    ``cost``). Each requisition is filled after a drawn time to hire; new people ramp up; people
    leave at their role's attrition rate and, with ``backfill``, are replaced through a new
    requisition. The run simulates ``n_sim`` futures and reports headcount, cost and effective
    FTE by quarter with P10 / P50 / P90, the mix against the reference, and flagged gaps.

    Attributes
    ----------
    start : {"preset", "blank", "roster"}
    preset : {"l6_team", "l7_org"}
        The reference mix: the starting team when ``start`` is ``preset``, and the comparison always.
    team_size : int
        People in a preset start (1 to 5,000).
    quarters : int
        Quarters planned (1 to 20).
    roles : tuple of RolePlan
        One plan per role the team uses (cost, time to hire, ramp-up, attrition).
    hires : tuple of Hire
        Requisitions by role and quarter (at most 5,000 people in all).
    mlops_ratio : float
        MLOps-capable engineers wanted per scientist (0 to 20; 0 turns the check off).
    mlops_roles : tuple of str
        Roles counted as MLOps-capable (the reference mixes have no separate MLOps role, so ML
        engineers count by default).
    data_heavy : bool
        The roadmap leans on data pipelines: flag a team short of data engineers.
    mix_tolerance : float
        Largest gap between a role's share and the reference share before it is flagged (0 to 1).
    backfill : bool
        Replace people who leave.
    n_sim : int
        Simulated futures, 1,000 to 200,000 (and at most 20,000,000 simulated people in all).
    seed : int
    """

    kind = "team_plan"

    start: Start = "preset"
    preset: PresetKey = "l6_team"
    team_size: int = 15
    quarters: int = 4
    roles: tuple[RolePlan, ...] = field(default_factory=default_role_plans)
    hires: tuple[Hire, ...] = ()
    mlops_ratio: float = DEFAULT_MLOPS_RATIO
    mlops_roles: tuple[str, ...] = ("mlops_engineer", "ml_engineer")
    data_heavy: bool = False
    mix_tolerance: float = 0.10
    backfill: bool = True
    n_sim: int = DEFAULT_N_SIM
    seed: int = 0

    def __post_init__(self) -> None:
        """Read role names in their canonical spelling, then validate."""
        coerce_sequences(self)
        if self.mlops_roles:
            names = check_roles(self.mlops_roles, field="'mlops_roles'")
            object.__setattr__(self, "mlops_roles", tuple(dict.fromkeys(names)))
        super().__post_init__()

    def required_inputs(self) -> dict[str, str]:
        """A roster start reads the roster table; the others read nothing."""
        return dict(DATA_TABLE) if self.start == "roster" else {}

    def validate(self) -> None:
        """Check the start, sizes, roles, hires and the simulation's size."""
        if self.start not in ("preset", "blank", "roster"):
            raise InputError("'start' is not known", expected="'preset', 'blank' or 'roster'", found=repr(self.start))
        if self.preset not in PRESETS:
            raise InputError("'preset' is not known", expected="one of " + ", ".join(PRESETS), found=repr(self.preset))
        check_count(self.team_size, field="team_size", low=1, high=MAX_TEAM_SIZE, what="people")
        check_count(self.quarters, field="quarters", low=1, high=MAX_QUARTERS, what="quarters")
        planned = [plan.role for plan in self.roles]
        if not planned:
            raise InputError("'roles' is empty", expected="a plan (cost, time to hire...) for each role the team uses")
        twice = sorted({r for r in planned if planned.count(r) > 1})
        if twice:
            raise InputError("a role has two plans in 'roles'", found=", ".join(twice))
        needed = {h.role for h in self.hires}
        if self.start == "preset":
            needed |= set(PRESETS[self.preset].shares)
        missing = sorted(needed - set(planned))
        if missing:
            raise InputError(
                "a role in the plan has no cost or hiring figures in 'roles'",
                expected="an entry in 'roles' for every role hired or in the starting team",
                found=", ".join(missing),
            )
        late = [h for h in self.hires if h.quarter > self.quarters]
        if late:
            raise InputError(
                "a requisition opens after the plan ends",
                expected=f"'hires.quarter' from 1 to {self.quarters} (the plan's quarters)",
                found=f"{late[0].role} in quarter {late[0].quarter}",
            )
        total = sum(h.count for h in self.hires)
        if total > MAX_HIRES:
            raise InputError("too many requisitions", expected=f"at most {MAX_HIRES:,} people", found=f"{total:,}")
        check_number(self.mlops_ratio, field="mlops_ratio", low=0.0, high=MAX_MLOPS_RATIO)
        check_number(self.mix_tolerance, field="mix_tolerance", low=0.0, high=1.0)
        check_count(self.n_sim, field="n_sim", low=MIN_SIMULATIONS, high=MAX_SIMULATIONS, what="simulated futures")
        check_seed(self.seed)
        starting = self.team_size if self.start == "preset" else 0
        check_person_draws(self.n_sim, starting + total)

    def plan_for(self, role: str) -> RolePlan:
        """The plan of one role.

        Raises
        ------
        InputError
            When the role has no plan (a roster's role missing from ``roles``).
        """
        for plan in self.roles:
            if plan.role == role:
                return plan
        raise InputError(
            "a role in the roster has no cost or hiring figures in 'roles'",
            expected="an entry in 'roles' for every role of the roster",
            found=role,
        )


def check_person_draws(n_sim: int, people: int) -> None:
    """Refuse a simulation of more than 20,000,000 people in all (draws × people)."""
    if n_sim * max(people, 1) > MAX_PERSON_DRAWS:
        raise InputError(
            "too many people to simulate: 'n_sim' × (starting team + requisitions) is too large",
            expected=f"at most {MAX_PERSON_DRAWS:,} (e.g. {MAX_PERSON_DRAWS // max(people, 1):,} simulations here)",
            found=f"{n_sim:,} × {people:,} = {n_sim * people:,}",
        )


@dataclass(frozen=True)
class Hypothesis(Record):
    """One experiment the team could run.

    Attributes
    ----------
    name : str
    compute_cost : float
        Dollars of compute and tools (0 to 1e12).
    people_weeks : float
        Person-weeks of work (0 to 10,000), priced at the portfolio's cost per person-week.
    value : float
        Dollars the result is worth if the experiment succeeds (0 to 1e12).
    p_success : float or None
        Chance of success, 0 to 1; None uses the team's success rate (prior and history).
    weeks_to_result : float
        Weeks until the result is known (above 0, at most 520).
    """

    name: str
    compute_cost: float = 0.0
    people_weeks: float = 0.0
    value: float = 0.0
    p_success: float | None = None
    weeks_to_result: float = 4.0

    def __post_init__(self) -> None:
        """Check every figure, naming the hypothesis."""
        coerce_sequences(self)
        check_text(self.name, field="hypotheses.name", max_length=200)
        where = f"hypotheses[{self.name}]"
        _not_negative(self.compute_cost, field=f"{where}.compute_cost", unit="dollars")
        _not_negative(self.people_weeks, field=f"{where}.people_weeks", unit="person-weeks")
        _not_negative(self.value, field=f"{where}.value", unit="dollars")
        check_number(self.compute_cost, field=f"{where}.compute_cost", low=0.0, high=MAX_AMOUNT)
        check_number(self.people_weeks, field=f"{where}.people_weeks", low=0.0, high=MAX_PEOPLE_WEEKS)
        check_number(self.value, field=f"{where}.value", low=0.0, high=MAX_AMOUNT)
        check_number(self.p_success, field=f"{where}.p_success", low=0.0, high=1.0, allow_none=True)
        check_number(self.weeks_to_result, field=f"{where}.weeks_to_result", low=0.0, high=MAX_WEEKS, low_open=True)


def _not_negative(value: object, *, field: str, unit: str) -> None:
    # A negative cost or value is a typing mistake worth its own words, not just "out of range".
    number = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if number and float(value) < 0:  # type: ignore[arg-type]
        raise InputError(f"'{field}' is negative", expected=f"0 {unit} or more", found=f"{value:g}")


@dataclass(frozen=True)
class PortfolioSpec(Spec):
    """A list of experiments, the team's track record, and the number of wins wanted.

    Experiments without their own chance of success use the team's success rate: a Beta prior
    centred on ``prior_mean`` (about 70 % of experiments fail) worth ``prior_strength``
    experiments, updated with ``history_wins`` out of ``history_trials`` past experiments.

    Attributes
    ----------
    hypotheses : tuple of Hypothesis
        1 to 1,000 experiments with distinct names.
    cost_per_person_week : float
        Dollars per person-week (0 to 1e12; default $9,000: the L6 band's midpoint over 52 weeks).
    prior_mean : float
        Success rate before the team's own history (strictly between 0 and 1; default 0.30).
    prior_strength : float
        How many experiments the prior is worth (above 0, at most 10,000; default 10).
    history_wins, history_trials : int
        The team's past experiments: successes out of attempts (0 to 1,000,000).
    min_wins : int
        Wins wanted (k, 1 to 10,000).
    confidence : float
        Required chance of at least ``min_wins`` wins (strictly between 0 and 1; default 0.8).
    interval : float
        Level of the success rate's credible interval (0.5 to below 1; default 0.9).
    """

    kind = "portfolio"

    hypotheses: tuple[Hypothesis, ...]
    cost_per_person_week: float = DEFAULT_COST_PER_PERSON_WEEK
    prior_mean: float = DEFAULT_SUCCESS_PRIOR
    prior_strength: float = 10.0
    history_wins: int = 0
    history_trials: int = 0
    min_wins: int = 1
    confidence: float = 0.8
    interval: float = 0.9

    def validate(self) -> None:
        """Check the list, the costs, the prior, the history and the target."""
        if not 1 <= len(self.hypotheses) <= MAX_HYPOTHESES:
            raise InputError(
                "'hypotheses' has the wrong length",
                expected=f"1 to {MAX_HYPOTHESES:,} experiments",
                found=f"{len(self.hypotheses):,}",
            )
        names = [h.name for h in self.hypotheses]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise InputError("two experiments share a name", expected="distinct names", found=", ".join(twice[:5]))
        check_number(self.cost_per_person_week, field="cost_per_person_week", low=0.0, high=MAX_AMOUNT)
        for h in self.hypotheses:
            if self.cost_of(h) <= 0:
                raise InputError(
                    f"experiment '{h.name}' costs nothing",
                    expected="compute_cost or people_weeks above 0 (value per dollar needs a cost)",
                    found="0 dollars",
                )
        check_number(self.prior_mean, field="prior_mean", low=0.0, high=1.0, low_open=True, high_open=True)
        check_number(self.prior_strength, field="prior_strength", low=0.0, high=MAX_PRIOR_STRENGTH, low_open=True)
        check_count(self.history_trials, field="history_trials", low=0, high=MAX_HISTORY, what="experiments")
        check_count(self.history_wins, field="history_wins", low=0, high=MAX_HISTORY, what="experiments")
        if self.history_wins > self.history_trials:
            raise InputError(
                "'history_wins' is above 'history_trials'",
                expected="wins at most the number of past experiments",
                found=f"{self.history_wins} wins out of {self.history_trials}",
            )
        check_count(self.min_wins, field="min_wins", low=1, high=MAX_MIN_WINS, what="wins")
        check_number(self.confidence, field="confidence", low=0.0, high=1.0, low_open=True, high_open=True)
        check_number(self.interval, field="interval", low=0.5, high=1.0, high_open=True)

    def cost_of(self, hypothesis: Hypothesis) -> float:
        """Dollars one experiment costs: compute plus person-weeks at the portfolio's rate."""
        return hypothesis.compute_cost + hypothesis.people_weeks * self.cost_per_person_week


@dataclass(frozen=True)
class GateItem(Record):
    """One check on a quality-gate checklist.

    Attributes
    ----------
    gate : {"experiment_to_validation", "validation_to_production"}
    check : str
        What must be true (e.g. ``fairness_audit``, or any check the team adds).
    status : {"open", "done", "waived"}
    analysis_id : int or None
        A saved analysis in the workspace that shows it (e.g. a bias audit).
    evidence : str or None
        How that analysis is shown (``"#12 bias audit: Adult by sex"``).
    note : str
        Why a check is waived (required then), or anything a reviewer should know.
    """

    gate: Gate
    check: str
    status: Status = "open"
    analysis_id: int | None = None
    evidence: str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        """Check the gate, the status, the link and the waiver's reason."""
        if self.gate not in GATES:
            raise InputError("unknown quality gate", expected="one of " + ", ".join(GATES), found=repr(self.gate))
        check_text(self.check, field="items.check", max_length=200)
        if self.status not in STATUSES:
            raise InputError(
                f"unknown status for check '{self.check}'", expected="one of " + ", ".join(STATUSES),
                found=repr(self.status),
            )  # fmt: skip
        if self.analysis_id is not None:
            check_count(self.analysis_id, field="items.analysis_id", low=1, high=2**62, what="(a workspace id)")
        check_text(self.evidence, field="items.evidence", allow_none=True, max_length=300)
        if not isinstance(self.note, str) or len(self.note) > 2_000:
            raise InputError("'items.note' must be text of at most 2,000 characters", found=repr(self.note)[:40])
        if self.status == "waived" and not self.note.strip():
            raise InputError(
                f"check '{self.check}' is waived without a reason", expected="a note saying why it is waived"
            )


@dataclass(frozen=True)
class QualityGateSpec(Spec):
    """Quality-gate checklists for one model: experiment → validation → production.

    A gate is passed when every one of its checks is done or waived with a reason; a done check
    without a linked analysis is passed but listed, so a reviewer can ask for the evidence.

    Attributes
    ----------
    name : str
        The model or project the checklists are for.
    items : tuple of GateItem
        1 to 100 checks; each (gate, check) once.
    """

    kind = "quality_gate"

    name: str
    items: tuple[GateItem, ...]

    def validate(self) -> None:
        """Check the name and that every (gate, check) appears once."""
        check_text(self.name, field="name", max_length=200)
        if not 1 <= len(self.items) <= MAX_GATE_ITEMS:
            raise InputError(
                "'items' has the wrong length", expected=f"1 to {MAX_GATE_ITEMS} checks", found=f"{len(self.items)}"
            )
        seen: set[tuple[str, str]] = set()
        for item in self.items:
            key = (item.gate, item.check.strip().lower())
            if key in seen:
                raise InputError("a check is listed twice on one gate", found=f"{item.check} ({item.gate})")
            seen.add(key)
