"""Team plans: the starting team, the simulated quarters, the mix against a reference, and flagged gaps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from lib.analysis import Record, Result
from lib.provenance import Provenance
from lib.team._roles import (
    MIX_GROUPS,
    MIX_TITLES,
    MLOPS_RATIO_SOURCE,
    PAY_REPORTING,
    PLACEHOLDER,
    PRESETS,
    ROLE_TITLES,
    SCIENTIST_ROLES,
    preset_headcount,
)
from lib.team._roster import RosterSummary, read_roster
from lib.team._simulate import simulate_role
from lib.team._specs import TeamPlanSpec, check_person_draws

TOTAL = "total"


@dataclass(frozen=True)
class Band(Record):
    """A simulated quantity's P10, P50 (median), P90 and mean."""

    p10: float
    p50: float
    p90: float
    mean: float


def band(values: np.ndarray, *, whole: bool = False) -> Band:
    """P10 / P50 / P90 and mean of draws.

    Parameters
    ----------
    values : numpy.ndarray
    whole : bool
        Counts of people: percentiles are values the draws took (the inverted-CDF rule, as
        ``scipy.stats`` quantiles of a discrete distribution), never halves.

    Returns
    -------
    Band
    """
    method: Literal["inverted_cdf", "linear"] = "inverted_cdf" if whole else "linear"
    p10, p50, p90 = np.percentile(values, [10, 50, 90], method=method)
    return Band(float(p10), float(p50), float(p90), float(np.mean(values)))


@dataclass(frozen=True)
class QuarterRow(Record):
    """One quarter of the plan: headcount at its end, cost paid in it, effective FTE, by role and in total."""

    quarter: int
    headcount: dict[str, Band]
    cost: dict[str, Band]
    effective_fte: dict[str, Band]


@dataclass(frozen=True)
class MixRow(Record):
    """One role's share of the team against the reference mix.

    Attributes
    ----------
    role, title : str
    reference_share : float
        The role's share in the reference mix.
    start_count : int
    start_share : float or None
        None when the team starts empty.
    end_count : float
        Expected people at the end of the plan (mean over the simulated futures).
    end_share : float or None
    gap : float or None
        ``end_share - reference_share``.
    to_match : int
        People to add (negative: fewer) for the expected end team to match the reference mix at its size.
    """

    role: str
    title: str
    reference_share: float
    start_count: int
    start_share: float | None
    end_count: float
    end_share: float | None
    gap: float | None
    to_match: int


@dataclass(frozen=True)
class Flag(Record):
    """A gap worth a look: ``code`` names the check, ``severity`` is ``warning`` or ``info``."""

    code: str
    severity: str
    message: str


@dataclass(frozen=True)
class TeamPlanResult(Result):
    """A simulated team plan.

    ``quarters`` holds headcount (end of quarter), cost (paid in the quarter, dollars) and
    effective FTE by role and in ``total``, each with P10 / P50 / P90 and mean; ``mix`` compares
    the team with the reference mix; ``flags`` lists gaps. ``people_cost_per_month`` is the plan's
    average monthly cost, ready to be an ROI case's running cost.
    """

    start: str
    preset: str
    n_quarters: int
    n_sim: int
    seed: int
    starting_headcount: dict[str, int]
    quarters: tuple[QuarterRow, ...]
    mix: tuple[MixRow, ...]
    flags: tuple[Flag, ...]
    total_cost: Band
    people_cost_per_month: Band
    requisitions: dict[str, int]
    open_at_end: float
    leavers: float
    mlops_per_scientist: float | None
    sources: dict[str, str]
    provenance: Provenance
    roster: RosterSummary | None = None

    def roles(self) -> list[str]:
        """Roles with anyone in them during the plan, in the table's order."""
        return [r for r in self.quarters[0].headcount if r != TOTAL] if self.quarters else []

    def quarters_frame(self, measure: str = "headcount") -> pd.DataFrame:
        """One row per quarter and role (``total`` included): P10, P50, P90 and mean of a measure.

        Parameters
        ----------
        measure : {"headcount", "cost", "effective_fte"}
        """
        rows = []
        for row in self.quarters:
            for role, value in getattr(row, measure).items():
                rows.append({"quarter": row.quarter, "role": role, **value.to_dict()})
        return pd.DataFrame(rows, columns=["quarter", "role", "p10", "p50", "p90", "mean"])

    def mix_frame(self) -> pd.DataFrame:
        """The mix table, one row per role."""
        return pd.DataFrame([m.to_dict() for m in self.mix])

    def roi_prefill(self) -> dict[str, object]:
        """What an ROI case needs to carry this plan as its people cost: dollars per month (P50)."""
        return {"option": "Team plan", "run_cost": round(self.people_cost_per_month.p50, 2), "period": "month"}


def starting_team(spec: TeamPlanSpec, roster: RosterSummary | None) -> dict[str, int]:
    """People per role on day one: the preset at its size, nobody, or the roster's count."""
    if spec.start == "preset":
        return preset_headcount(spec.preset, spec.team_size)
    if spec.start == "roster" and roster is not None:
        return dict(roster.headcount)
    return {}


def _openings(spec: TeamPlanSpec) -> dict[str, dict[int, int]]:
    out: dict[str, dict[int, int]] = {}
    for hire in spec.hires:
        by_quarter = out.setdefault(hire.role, {})
        by_quarter[hire.quarter] = by_quarter.get(hire.quarter, 0) + hire.count
    return out


def run_plan(
    spec: TeamPlanSpec, roster_frame: pd.DataFrame | None = None, *, roster_name: str = "roster", provenance: Provenance
) -> TeamPlanResult:
    """Simulate a team plan.

    Parameters
    ----------
    spec : TeamPlanSpec
    roster_frame : pandas.DataFrame, optional
        The roster, when the plan starts from one.
    roster_name : str
        The roster's file name, for messages.
    provenance : Provenance

    Returns
    -------
    TeamPlanResult
    """
    roster = (
        read_roster(roster_frame, file=roster_name) if spec.start == "roster" and roster_frame is not None else None
    )
    start = starting_team(spec, roster)
    openings = _openings(spec)
    check_person_draws(spec.n_sim, sum(start.values()) + sum(h.count for h in spec.hires))
    roles = [p.role for p in spec.roles if start.get(p.role, 0) or p.role in openings]
    for role in start:
        spec.plan_for(role)  # a roster's role without figures is refused by name
    rng = np.random.default_rng(spec.seed)
    draws = {}
    for role in roles:
        draws[role] = simulate_role(
            spec.plan_for(role),
            starting=start.get(role, 0),
            starting_costs=roster.known_costs.get(role, ()) if roster else (),
            openings=openings.get(role, {}),
            quarters=spec.quarters,
            n_sim=spec.n_sim,
            backfill=spec.backfill,
            rng=rng,
        )
    zeros = np.zeros((spec.n_sim, spec.quarters))
    total = {m: sum((getattr(d, m) for d in draws.values()), zeros) for m in ("headcount", "cost", "fte")}
    rows = []
    for q in range(spec.quarters):
        rows.append(
            QuarterRow(
                quarter=q + 1,
                headcount={
                    **{r: band(d.headcount[:, q], whole=True) for r, d in draws.items()},
                    TOTAL: band(total["headcount"][:, q], whole=True),
                },
                cost={**{r: band(d.cost[:, q]) for r, d in draws.items()}, TOTAL: band(total["cost"][:, q])},
                effective_fte={**{r: band(d.fte[:, q]) for r, d in draws.items()}, TOTAL: band(total["fte"][:, q])},
            )
        )
    plan_cost = total["cost"].sum(axis=1)
    end_mean = {r: float(d.headcount[:, -1].mean()) for r, d in draws.items()}
    mix = mix_rows(spec, start, end_mean)
    ratio = mlops_ratio(spec, end_mean)
    flags = plan_flags(spec, start, end_mean, mix, ratio)
    open_at_end = float(sum(d.open_at_end.mean() for d in draws.values()))
    if open_at_end >= 0.5:
        flags.append(
            Flag(
                "open_requisitions",
                "info",
                f"On average {open_at_end:.1f} requisitions (new or backfills) are still unfilled when the plan ends.",
            )
        )
    return TeamPlanResult(
        start=spec.start,
        preset=spec.preset,
        n_quarters=spec.quarters,
        n_sim=spec.n_sim,
        seed=spec.seed,
        starting_headcount={r: start[r] for r in roles if r in start},
        quarters=tuple(rows),
        mix=tuple(mix),
        flags=tuple(flags),
        total_cost=band(plan_cost),
        people_cost_per_month=band(plan_cost / (3 * spec.quarters)),
        requisitions={r: sum(openings.get(r, {}).values()) for r in roles},
        open_at_end=open_at_end,
        leavers=float(sum(d.leavers.mean() for d in draws.values())),
        mlops_per_scientist=ratio,
        sources=plan_sources(spec),
        provenance=provenance,
        roster=roster,
    )


def plan_sources(spec: TeamPlanSpec) -> dict[str, str]:
    """Where each default figure of a plan comes from, with its date."""
    preset = PRESETS[spec.preset]
    return {
        "reference mix": f"{preset.title}: {preset.source.label()}",
        "MLOps engineers per scientist (default 2, where ML systems are still immature)": MLOPS_RATIO_SOURCE.label(),
        "default yearly cost": f"L6 band $400K–$530K and L7 band $600K–$825K: {PAY_REPORTING.label()}",
        "time to hire, ramp-up and attrition defaults": PLACEHOLDER.label(),
    }


def _share(count: float, total: float) -> float | None:
    return count / total if total > 0 else None


def mix_rows(spec: TeamPlanSpec, start: Mapping[str, int], end: Mapping[str, float]) -> list[MixRow]:
    """The team's mix at the start and (expected) at the end against the reference mix.

    Managers are left out (the reference mixes describe engineers and scientists), and MLOps
    engineers count with ML engineers (the reference mixes have no separate MLOps role).
    """
    shares = PRESETS[spec.preset].shares
    start_by = {g: sum(start.get(r, 0) for r in members) for g, members in MIX_GROUPS.items()}
    end_by = {g: sum(end.get(r, 0.0) for r in members) for g, members in MIX_GROUPS.items()}
    start_total, end_total = sum(start_by.values()), sum(end_by.values())
    rows = []
    for group in MIX_GROUPS:
        reference = float(shares.get(group, 0.0))
        if not reference and not start_by[group] and not end_by[group]:
            continue
        end_share = _share(end_by[group], end_total)
        rows.append(
            MixRow(
                role=group,
                title=MIX_TITLES[group],
                reference_share=reference,
                start_count=int(start_by[group]),
                start_share=_share(start_by[group], start_total),
                end_count=float(end_by[group]),
                end_share=end_share,
                gap=None if end_share is None else end_share - reference,
                to_match=round(reference * end_total - end_by[group]),
            )
        )
    return rows


def mlops_ratio(spec: TeamPlanSpec, end: Mapping[str, float]) -> float | None:
    """Expected MLOps-capable engineers per scientist at the end of the plan (None without scientists)."""
    scientists = sum(end.get(r, 0.0) for r in SCIENTIST_ROLES)
    if scientists <= 0:
        return None
    return sum(end.get(r, 0.0) for r in spec.mlops_roles) / scientists


def plan_flags(
    spec: TeamPlanSpec,
    start: Mapping[str, int],
    end: Mapping[str, float],
    mix: list[MixRow],
    ratio: float | None,
) -> list[Flag]:
    """Gaps in a plan: mix far from the reference, too few MLOps engineers, too few data engineers, size."""
    preset = PRESETS[spec.preset]
    flags: list[Flag] = []
    for row in mix:
        if row.end_share is None or row.gap is None or abs(row.gap) <= spec.mix_tolerance + 1e-12:
            continue
        if row.end_count < 0.5 and row.reference_share > 0:
            text = f"Almost no {row.title.lower()}s by the end of the plan; the {preset.title} mix has {row.reference_share:.0%}."
        else:
            text = (
                f"{row.title}s are {row.end_share:.0%} of the team at the end of the plan against "
                f"{row.reference_share:.0%} in the {preset.title} mix ({row.gap * 100:+.0f} points; "
                f"{abs(row.to_match)} {'more' if row.to_match > 0 else 'fewer'} would match it)."
            )
        flags.append(Flag("mix", "warning", text))
    if spec.mlops_ratio > 0 and ratio is not None and ratio < spec.mlops_ratio - 1e-12:
        roles = ", ".join(ROLE_TITLES[r] + "s" for r in spec.mlops_roles) or "no roles"
        flags.append(
            Flag(
                "mlops_ratio",
                "warning",
                f"{ratio:.2f} MLOps-capable engineers ({roles}) per scientist at the end of the plan, "
                f"below the {spec.mlops_ratio:g} wanted: scientists will wait on platform work.",
            )
        )
    if spec.data_heavy:
        data = next((m for m in mix if m.role == "data_engineer"), None)
        if data is None or data.end_count < 0.5:
            flags.append(
                Flag("data_engineers", "warning", "The roadmap is data-heavy but the team has no data engineers.")
            )
        elif data.end_share is not None and data.end_share < data.reference_share - 1e-12:
            flags.append(
                Flag(
                    "data_engineers",
                    "warning",
                    f"The roadmap is data-heavy but data engineers are {data.end_share:.0%} of the team, "
                    f"under the {data.reference_share:.0%} of the {preset.title} mix.",
                )
            )
    end_total, start_total = sum(end.values()), sum(start.values())
    if end_total < start_total - 0.5:
        flags.append(
            Flag(
                "shrinking",
                "warning",
                f"Expected headcount falls from {start_total} to {end_total:.1f}: people leave faster than the plan hires.",
            )
        )
    too_small = end_total < preset.size_low
    too_large = preset.size_high is not None and end_total > preset.size_high
    if end_total > 0 and (too_small or too_large):
        flags.append(
            Flag(
                "team_size",
                "info",
                f"The team ends at about {end_total:.0f} people; the {preset.title} mix is meant for {preset.size_text()}.",
            )
        )
    return flags
