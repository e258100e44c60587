"""Reading Team & Portfolio inputs from files: an experiment list (CSV) and a plan (JSON)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from lib.analysis import read_json_text
from lib.errors import InputError
from lib.team._specs import MAX_HYPOTHESES, Hypothesis, TeamPlanSpec

# Column -> other names people give it (compared in lower case, spaces and dashes as "_").
PORTFOLIO_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "name": ("name", "hypothesis", "experiment", "title"),
    "compute_cost": ("compute_cost", "cost", "compute"),
    "people_weeks": ("people_weeks", "person_weeks", "effort_weeks"),
    "value": ("value", "value_if_success", "value_if_it_succeeds"),
    "p_success": ("p_success", "probability", "p", "chance", "success_probability"),
    "weeks_to_result": ("weeks_to_result", "weeks", "time_to_result"),
}
_NEGATIVE_WORDS = {
    "compute_cost": "costs",
    "people_weeks": "person-weeks",
    "value": "values",
    "weeks_to_result": "weeks",
}


def _key(text: object) -> str:
    return "_".join(str(text).strip().lower().replace("-", " ").replace("(", " ").replace(")", " ").split())


def _column(frame: pd.DataFrame, field: str) -> str | None:
    names = PORTFOLIO_COLUMNS[field]
    for column in frame.columns:
        if _key(column) in names:
            return str(column)
    return None


def _rows(mask: pd.Series) -> str:
    # Row numbers as a spreadsheet shows them: the header is row 1.
    positions = [i + 2 for i, hit in enumerate(mask.tolist()) if hit][:5]
    more = int(mask.sum()) - len(positions)
    shown = ", ".join(map(str, positions)) + (f" and {more} more" if more > 0 else "")
    return ("rows " if len(positions) > 1 or more > 0 else "row ") + shown


def _numbers(frame: pd.DataFrame, column: str, *, file: str, what: str) -> pd.Series:
    raw = frame[column]
    text = raw.astype("string").str.strip().str.replace(r"[$,\s]", "", regex=True)
    blank = raw.isna() | (text == "")
    values = pd.to_numeric(text.where(~blank), errors="coerce")
    bad = values.isna() & ~blank
    if bad.any():
        raise InputError(
            f"cells that are not numbers in {_rows(bad)}",
            file=file, column=column, expected=what, found=repr(raw[bad].iloc[0])[:40],
        )  # fmt: skip
    return values.astype(float)


def hypotheses_from_frame(frame: pd.DataFrame, *, file: str) -> tuple[Hypothesis, ...]:
    """The experiments of a table: one row each.

    Columns (any capitalisation): ``name``, ``value`` (dollars if it succeeds), ``compute_cost``
    (dollars) and/or ``people_weeks``, and optionally ``p_success`` (0 to 1; an empty cell uses
    the team's rate) and ``weeks_to_result`` (default 4).

    Parameters
    ----------
    frame : pandas.DataFrame
    file : str
        The table's name, for messages.

    Returns
    -------
    tuple of Hypothesis

    Raises
    ------
    InputError
        A missing column, an empty name, a cell that is not a number, a negative cost or value,
        a chance outside [0, 1], or a non-positive number of weeks (naming the file, column and rows).
    """
    found = {field: _column(frame, field) for field in PORTFOLIO_COLUMNS}
    columns = ", ".join(map(str, list(frame.columns)[:12])) or "no columns"
    for required in ("name", "value"):
        if found[required] is None:
            raise InputError(
                f"the experiment list has no {required} column",
                file=file,
                expected="columns name, value, compute_cost and/or people_weeks, and optionally p_success and weeks_to_result",
                found=f"columns {columns}",
            )
    if found["compute_cost"] is None and found["people_weeks"] is None:
        raise InputError(
            "the experiment list has no cost column", file=file,
            expected="compute_cost (dollars) or people_weeks, or both", found=f"columns {columns}",
        )  # fmt: skip
    if len(frame) == 0:
        raise InputError("the experiment list is empty", file=file, expected="one row per experiment")
    if len(frame) > MAX_HYPOTHESES:
        raise InputError(
            "the experiment list is too long", file=file, expected=f"at most {MAX_HYPOTHESES:,} experiments",
            found=f"{len(frame):,} rows",
        )  # fmt: skip
    name_column = str(found["name"])
    names = frame[name_column].astype("string").str.strip()
    empty = names.isna() | (names == "")
    if empty.any():
        raise InputError(f"experiments without a name in {_rows(empty)}", file=file, column=name_column)
    twice = names.duplicated(keep=False)
    if twice.any():
        raise InputError(
            f"experiments share a name in {_rows(twice)}", file=file, column=name_column,
            expected="a different name for each experiment", found=repr(names[twice].iloc[0])[:60],
        )  # fmt: skip
    values: dict[str, pd.Series] = {}
    for field in ("compute_cost", "people_weeks", "value", "p_success", "weeks_to_result"):
        column = found[field]
        if column is None:
            continue
        series = _numbers(frame, column, file=file, what="a number in every cell (or an empty cell)")
        if field == "value" and series.isna().any():
            raise InputError(
                f"empty values in {_rows(series.isna())}", file=file, column=column, expected="dollars if it succeeds"
            )
        if field == "p_success":
            outside = (series < 0) | (series > 1)
            if outside.any():
                raise InputError(
                    f"chances of success outside [0, 1] in {_rows(outside)}",
                    file=file, column=column, expected="a probability from 0 to 1 (0.3 for 30 %), or an empty cell",
                    found=f"{series[outside].iloc[0]:g}",
                )  # fmt: skip
        elif field == "weeks_to_result":
            not_positive = series <= 0
            if not_positive.any():
                raise InputError(
                    f"weeks to result of 0 or less in {_rows(not_positive)}", file=file, column=column,
                    expected="a number of weeks above 0", found=f"{series[not_positive].iloc[0]:g}",
                )  # fmt: skip
        else:
            negative = series < 0
            if negative.any():
                raise InputError(
                    f"negative {_NEGATIVE_WORDS[field]} in {_rows(negative)}", file=file, column=column,
                    expected="0 or more", found=f"{series[negative].iloc[0]:g}",
                )  # fmt: skip
        values[field] = series
    out = []
    try:
        for position in range(len(frame)):
            kwargs: dict[str, Any] = {"name": str(names.iloc[position])}
            for field, series in values.items():
                cell = series.iloc[position]
                if not pd.isna(cell):
                    kwargs[field] = float(cell)
            out.append(Hypothesis(**kwargs))
    except InputError as error:
        raise error.with_file(file) from None
    return tuple(out)


def hypotheses_from_rows(
    rows: Sequence[Mapping[str, Any]], *, name: str = "the experiment table"
) -> tuple[Hypothesis, ...]:
    """The experiments of an edited table's rows (blank rows skipped); see :func:`hypotheses_from_frame`."""
    kept = [r for r in rows if any(v is not None and str(v).strip() and not pd.isna(v) for v in r.values())]
    frame = pd.DataFrame(list(kept), columns=list(PORTFOLIO_COLUMNS))
    return hypotheses_from_frame(frame, file=name)


# Command-line options -> the spec fields they set, for messages in the words a person typed.
PLAN_OPTIONS = {"quarters": "--quarters", "n_sim": "--n-sim", "seed": "--seed"}


def plan_spec_from_json(text: str | bytes, *, file: str, overrides: Mapping[str, Any] | None = None) -> TeamPlanSpec:
    """A team plan from its JSON file (a ``team_plan`` spec, ``kind`` optional), with options applied.

    Parameters
    ----------
    text : str or bytes
        The file's content.
    file : str
        Its name, for messages.
    overrides : mapping, optional
        Spec fields to replace (from command-line options); None values are ignored.

    Returns
    -------
    TeamPlanSpec

    Raises
    ------
    InputError
        Bad JSON, an unknown or mistyped field, or a value out of range (naming the field or option).
    """
    data = read_json_text(text, file=file, what="plan")
    spec = TeamPlanSpec.from_dict(data, file=file)
    changes = {k: v for k, v in (overrides or {}).items() if v is not None}
    if not changes:
        return spec
    try:
        return spec.replace(**changes)
    except InputError as error:
        problem = error.problem
        for field, option in PLAN_OPTIONS.items():
            if field in changes:
                problem = problem.replace(f"'{field}'", option)
        raise InputError(
            problem, file=error.file, column=error.column, expected=error.expected, found=error.found
        ) from None
