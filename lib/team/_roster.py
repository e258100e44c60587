"""Reading a team roster: one row per person with a role, and optionally level, location and cost."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from lib.analysis import Record, json_meta
from lib.errors import InputError
from lib.team._roles import check_roles
from lib.team._specs import MAX_TEAM_SIZE, MAX_YEARLY_COST

ROSTER_COLUMNS = ("role", "level", "location", "cost")


@dataclass(frozen=True)
class RosterSummary(Record):
    """Who is on a roster.

    Attributes
    ----------
    name : str
        The roster's file name.
    people : int
    headcount : dict
        Role -> people.
    by_level, by_location : dict
        Level (or location) -> people; empty when the roster has no such column.
    yearly_cost_known : float
        Sum of the costs given, dollars a year.
    people_without_cost : int
        People whose cost cell is empty (or every person, without a cost column); they are
        costed at their role's figure.
    known_costs : dict
        Role -> the yearly costs given for that role's people (used by the simulation; not in the JSON).
    """

    name: str
    people: int
    headcount: dict[str, int]
    by_level: dict[str, int]
    by_location: dict[str, int]
    yearly_cost_known: float
    people_without_cost: int
    known_costs: dict[str, tuple[float, ...]] = field(default_factory=dict, metadata=json_meta(omit=True))


def _find(frame: pd.DataFrame, name: str) -> str | None:
    for column in frame.columns:
        if str(column).strip().lower() == name:
            return str(column)
    return None


def _rows(mask: pd.Series) -> str:
    # Row numbers as a person sees them in a spreadsheet: the header is row 1.
    numbers = [i + 2 for i, hit in enumerate(mask.tolist()) if hit][:5]
    more = int(mask.sum()) - len(numbers)
    shown = ", ".join(map(str, numbers)) + (f" and {more} more" if more > 0 else "")
    return ("rows " if len(numbers) > 1 or more > 0 else "row ") + shown


def _costs(frame: pd.DataFrame, column: str, *, file: str) -> pd.Series:
    raw = frame[column]
    text = raw.astype("string").str.strip().str.replace(r"[$,\s]", "", regex=True)
    blank = raw.isna() | (text == "")
    values = pd.to_numeric(text.where(~blank), errors="coerce")
    bad = values.isna() & ~blank
    if bad.any():
        first = raw[bad].iloc[0]
        raise InputError(
            f"costs that are not numbers in {_rows(bad)}",
            file=file, column=column, expected="dollars a year per person, e.g. 465000 (or an empty cell)",
            found=repr(first)[:40],
        )  # fmt: skip
    negative = values < 0
    if negative.any():
        raise InputError(
            f"negative costs in {_rows(negative)}",
            file=file, column=column, expected="a cost of 0 dollars a year or more",
            found=f"{values[negative].iloc[0]:g}",
        )  # fmt: skip
    large = values > MAX_YEARLY_COST
    if large.any():
        raise InputError(
            f"costs too large in {_rows(large)}",
            file=file, column=column, expected=f"at most {MAX_YEARLY_COST:,.0f} dollars a year",
            found=f"{values[large].iloc[0]:,.0f}",
        )  # fmt: skip
    return values


def _counts(frame: pd.DataFrame, column: str | None) -> dict[str, int]:
    if column is None:
        return {}
    values = frame[column].astype("string").str.strip().fillna("not given").replace("", "not given")
    return {str(k): int(v) for k, v in values.value_counts().sort_index().items()}


def read_roster(frame: pd.DataFrame, *, file: str) -> RosterSummary:
    """Check a roster and count its people by role, level and location.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per person; a ``role`` column (any capitalisation) is required, ``level``,
        ``location`` and ``cost`` (dollars a year) are used when present.
    file : str
        The roster's name, for messages.

    Returns
    -------
    RosterSummary

    Raises
    ------
    InputError
        No role column, empty or unknown roles (all listed), costs that are not numbers or are
        negative, or more than 5,000 people.
    """
    role_column = _find(frame, "role")
    if role_column is None:
        found = ", ".join(map(str, list(frame.columns)[:12])) or "no columns"
        raise InputError(
            "the roster has no role column",
            file=file,
            expected="a column named 'role' (and, if known, 'level', 'location' and 'cost')",
            found=f"columns {found}",
        )
    if len(frame) == 0:
        raise InputError("the roster has no people", file=file, expected="one row per person")
    if len(frame) > MAX_TEAM_SIZE:
        raise InputError(
            "the roster is too long", file=file, expected=f"at most {MAX_TEAM_SIZE:,} people", found=f"{len(frame):,}"
        )
    text = frame[role_column].astype("string").str.strip()
    empty = text.isna() | (text == "")
    if empty.any():
        raise InputError(
            f"empty roles in {_rows(empty)}", file=file, column=role_column, expected="a role for every person"
        )
    roles = check_roles(text.tolist(), field="the roster", file=file, column=role_column)
    role_series = pd.Series(roles, index=frame.index)
    cost_column = _find(frame, "cost")
    costs = _costs(frame, cost_column, file=file) if cost_column else pd.Series(math.nan, index=frame.index)
    known: dict[str, tuple[float, ...]] = {}
    for role in dict.fromkeys(roles):
        given = costs[(role_series == role) & costs.notna()]
        if len(given):
            known[role] = tuple(float(v) for v in given)
    headcount = {str(k): int(v) for k, v in role_series.value_counts().items()}
    return RosterSummary(
        name=file,
        people=len(frame),
        headcount=dict(sorted(headcount.items())),
        by_level=_counts(frame, _find(frame, "level")),
        by_location=_counts(frame, _find(frame, "location")),
        yearly_cost_known=float(costs.sum(skipna=True)),
        people_without_cost=int(costs.isna().sum()),
        known_costs=known,
    )
