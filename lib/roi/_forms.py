"""The page's forms as specs and back: an options table, and ranges set as percentages of likely values.

The ROI & Cost page edits options as table rows (build, run and benefit lines) with a shared
period, discount rate and horizon, and uncertainty as swings around one option's likely values.
These functions turn those inputs into specs, and a saved spec back into them when it fits.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from lib.errors import InputError
from lib.roi._ranges import Distribution, Range, Value, likely_of
from lib.roi._specs import DEFAULT_N_SIM, FINANCE_KEYS, STRUCTURED_KEYS, CaseSpec, OptionSpec, OptionsSpec

# The columns of the options table after the option's name.
CASE_LINES = (*STRUCTURED_KEYS, "ramp_up_periods")


def _cell(value: Any) -> Any:
    # An empty cell of an edited table counts as zero.
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 0.0
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


def case_from_row(
    shared: Mapping[str, Any], row: Mapping[str, Any], *, n_sim: int = DEFAULT_N_SIM, seed: int = 0
) -> CaseSpec:
    """One row of the options table (``option`` and the :data:`CASE_LINES`) as a case.

    Parameters
    ----------
    shared : mapping
        ``discount_rate`` (a yearly share), ``period`` and ``horizon``.
    row : mapping
        ``option`` (the name) and each line; empty cells count as zero.
    n_sim, seed : int

    Returns
    -------
    CaseSpec

    Raises
    ------
    InputError
        For a value the case refuses.
    """
    return CaseSpec(
        name=str(row.get("option") or "").strip(),
        discount_rate=shared["discount_rate"],
        period=shared["period"],
        horizon=shared["horizon"],
        n_sim=n_sim,
        seed=seed,
        **{line: _cell(row.get(line)) for line in CASE_LINES},
    )


def options_from_rows(
    shared: Mapping[str, Any], rows: Sequence[Mapping[str, Any]], *, n_sim: int = DEFAULT_N_SIM, seed: int = 0
) -> tuple[OptionsSpec | None, list[str]]:
    """The options table as a spec, keeping the rows that make a valid case.

    Parameters
    ----------
    shared : mapping
        ``discount_rate``, ``period`` and ``horizon``.
    rows : sequence of mapping
        Rows of the table; rows without a name are skipped.
    n_sim, seed : int

    Returns
    -------
    (OptionsSpec or None, list of str)
        The spec of the valid rows (None when there are none), and one message per row left out
        (a value the case refuses, or a name used twice).
    """
    options, problems, names = [], [], set()
    for row in rows:
        name = str(row.get("option") or "").strip()
        if not name or name.lower() == "nan":
            continue
        if name in names:
            problems.append(f"Option '{name}' is listed twice; only the first row is compared.")
            continue
        try:
            case = case_from_row(shared, row, n_sim=n_sim, seed=seed)
        except InputError as error:
            problems.append(f"Option '{name}': {error}")
            continue
        names.add(name)
        options.append(OptionSpec(name=name, **{line: getattr(case, line) for line in CASE_LINES}))
    if not options:
        return None, problems
    spec = OptionsSpec(
        options=tuple(options),
        discount_rate=shared["discount_rate"],
        period=shared["period"],
        horizon=shared["horizon"],
        n_sim=n_sim,
        seed=seed,
    )
    return spec, problems


def options_rows(spec: OptionsSpec) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """A saved options spec as the page's shared inputs and table rows, when it fits that form.

    It fits when every option has cost and benefit lines as plain numbers and all share one
    plain discount rate, period and horizon.

    Parameters
    ----------
    spec : OptionsSpec

    Returns
    -------
    (dict, list of dict) or None
        ``{"discount_rate", "period", "horizon"}`` and one row per option; None when it does not fit.
    """
    cases = spec.cases()
    first = cases[0]
    shared = {"discount_rate": first.discount_rate, "period": first.period, "horizon": first.horizon}
    rows = []
    for case in cases:
        if case.form != "cost_benefit" or case.correlations or any(getattr(case, k) is not None for k in FINANCE_KEYS):
            return None
        values = [case.discount_rate, *(getattr(case, line) for line in STRUCTURED_KEYS)]
        if any(isinstance(v, Range) for v in values):
            return None
        if (case.discount_rate, case.period, case.horizon) != tuple(shared.values()):
            return None
        rows.append({"option": case.name, **{line: getattr(case, line) for line in CASE_LINES}})
    return shared, rows


def _ranged(likely: float, low_pct: float, high_pct: float, distribution: Distribution) -> Range:
    return Range(low=likely * low_pct / 100, likely=likely, high=likely * high_pct / 100, distribution=distribution)


def ranged_case(
    case: CaseSpec,
    *,
    swings: Mapping[str, tuple[float, float]],
    rate_points: tuple[float, float],
    distribution: Distribution = "pert",
    n_sim: int = DEFAULT_N_SIM,
    seed: int = 0,
) -> CaseSpec:
    """A case with ranges around its likely values, as the page's uncertainty tab sets them.

    Parameters
    ----------
    case : CaseSpec
        A case with cost and benefit lines.
    swings : mapping
        Line (``build_cost``, ``run_cost``, ``benefit``) -> (low, high) as percentages of its likely value.
    rate_points : (float, float)
        Percentage points below and above the likely discount rate.
    distribution : {"pert", "triangular"}
        Shape of the lines' ranges (the rate's is PERT).
    n_sim, seed : int

    Returns
    -------
    CaseSpec

    Raises
    ------
    InputError
        For a range with low above high, or another value the case refuses.
    """
    rate = likely_of(case.discount_rate)
    below, above = rate_points
    lines = {line: _ranged(likely_of(getattr(case, line)), *swings[line], distribution) for line in swings}
    return case.replace(
        discount_rate=Range(low=rate - below / 100, likely=rate, high=rate + above / 100),
        n_sim=n_sim,
        seed=seed,
        **lines,
    )


def _swing(value: Value) -> tuple[float, float] | None:
    if not isinstance(value, Range):
        return (100.0, 100.0)
    low, likely, high = value.points()
    if likely == 0:
        return None if low or high else (100.0, 100.0)
    return (low / likely * 100, high / likely * 100)


def uncertainty_form(spec: CaseSpec) -> dict[str, Any] | None:
    """A saved ranged case as the page's uncertainty inputs, when it fits that form.

    Parameters
    ----------
    spec : CaseSpec

    Returns
    -------
    dict or None
        ``shared`` (rate, period, horizon at likely), ``row`` (the option at likely values),
        ``swings`` (line -> (low %, high %)), ``rate_points`` (below, above), ``distribution``,
        ``n_sim`` and ``seed``; None for cash flows, or ranges that are not swings around a likely value.
    """
    if spec.form != "cost_benefit" or spec.correlations or any(getattr(spec, k) is not None for k in FINANCE_KEYS):
        return None
    swings = {line: _swing(getattr(spec, line)) for line in STRUCTURED_KEYS}
    if any(s is None for s in swings.values()):
        return None
    shapes = {getattr(spec, line).distribution for line in STRUCTURED_KEYS if isinstance(getattr(spec, line), Range)}
    if len(shapes) > 1:
        return None
    rate = spec.discount_rate
    likely_rate = likely_of(rate)
    points = (0.0, 0.0)
    if isinstance(rate, Range):
        low, _, high = rate.points()
        points = ((likely_rate - low) * 100, (high - likely_rate) * 100)
    return {
        "shared": {"discount_rate": likely_rate, "period": spec.period, "horizon": spec.horizon},
        "row": {"option": spec.name, **{k: likely_of(getattr(spec, k)) for k in CASE_LINES}},
        "swings": swings,
        "rate_points": points,
        "distribution": shapes.pop() if shapes else "pert",
        "n_sim": spec.n_sim,
        "seed": spec.seed,
    }
