"""Investment cases built from drivers and lines: the records, their checks, and the flows they make.

A **driver** is a named quantity with a unit and, when uncertain, a range (PERT, triangular or
normal); a driver is drawn once per simulated future and that value holds in every period. A
**line** is a formula over drivers, other lines and ``t`` (the period number: 0 today, 1 the
first period), of one kind:

- ``benefit``: money in every period (dollars per unit of time), ramped up by default;
- ``cost``: money out every period (dollars per unit of time);
- ``one_time``: money out in the periods listed (dollars; period 0 unless told);
- ``capital``: like ``one_time``, but depreciated straight-line for tax when the case says so;
- ``memo``: a quantity other lines read (replicas, tokens), never booked.

Recurring lines run in periods 1 to the horizon unless ``periods`` lists others. A yearly
driver in a monthly case is booked per month (one twelfth); every unit is checked first. A
formula of plain numbers (``5000``) is read in its line's unit: dollars, or dollars per period.

Ramp convention: a period's benefit is the average of the ramp over that period. The ramp
rises in a straight line from 0 at the start of period 1 to full after ``ramp_up_periods``,
so a one-period ramp books half the benefit in period 1 and all of it from period 2.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from lib.analysis import Record, json_field
from lib.errors import InputError
from lib.roi._checks import MAX_AMOUNT, check_amount
from lib.roi._formula import PERIOD_NAME, RESERVED, Node, evaluate, names_in, parse, unit_of
from lib.roi._ranges import Distribution, Range, Value
from lib.roi._units import DOLLARS, NONE, Unit, money_per_time, parse_unit, per_period

LineKind = Literal["benefit", "cost", "one_time", "capital", "memo"]
LINE_KINDS: tuple[str, ...] = ("benefit", "cost", "one_time", "capital", "memo")
RECURRING = ("benefit", "cost")
ONCE = ("one_time", "capital")
MAX_DRIVERS = 200
MAX_LINES = 200
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
RAMP_CONVENTION = (
    "A period's benefit is the average of the ramp over that period: the ramp rises in a straight line from 0 "
    "at the start of period 1 to full after the ramp-up, so a one-period ramp books half the benefit in period 1."
)


@dataclass(frozen=True)
class DriverRange(Record):
    """How far a driver may plausibly sit from its value.

    Attributes
    ----------
    low, high : float
        Smallest and largest plausible value (for ``normal``, the 10th and 90th percentiles).
    shape : {"pert", "triangular", "normal"}
        PERT (a beta distribution weighted towards the value), triangular, or normal
        (symmetric: the value must sit midway between low and high).
    """

    low: float
    high: float
    shape: Distribution = "pert"


@dataclass(frozen=True)
class Driver(Record):
    """A named quantity of a case: its most likely value, its unit, and its range when uncertain.

    Attributes
    ----------
    value : float
        The most likely value (within ±1e15).
    unit : str
        E.g. ``"requests/month"``, ``"$/request"``, ``"share"`` (see :mod:`lib.roi._units`).
    range : DriverRange, optional
        Written ``"range": {"low", "high", "shape"}``.
    """

    value: float
    unit: str = ""
    range: DriverRange | None = json_field(default=None)

    def as_value(self) -> Value:
        """The driver as a number or a :class:`Range` (its value is the likely point)."""
        if self.range is None:
            return self.value
        return Range(low=self.range.low, likely=self.value, high=self.range.high, distribution=self.range.shape)


@dataclass(frozen=True)
class Line(Record):
    """One line of a case: a formula over drivers, other lines and ``t``.

    Attributes
    ----------
    name : str
        A name formulas can use (letters, digits and ``_``, starting with a letter).
    formula : str
        Arithmetic over names (see :mod:`lib.roi._formula`).
    kind : {"benefit", "cost", "one_time", "capital", "memo"}
    periods : tuple of int, optional
        Periods the line falls in (0 = today); recurring lines default to 1..horizon,
        one-time and capital lines to period 0, memo lines to every period.
    ramp : bool, optional
        Whether the ramp-up applies (default: for benefit lines only).
    inflation : bool
        Whether the case's inflation applies (default true; false for a fixed-price contract).
    """

    name: str
    formula: str
    kind: LineKind
    periods: tuple[int, ...] | None = None
    ramp: bool | None = None
    inflation: bool = True


def ramp_factors(ramp_up_periods: float, n_periods: int) -> np.ndarray:
    """Each period's share of the full benefit: the average of a straight-line ramp over the period.

    Examples
    --------
    >>> ramp_factors(1.0, 3).tolist()
    [0.0, 0.5, 1.0]
    >>> ramp_factors(2.0, 4).tolist()
    [0.0, 0.25, 0.75, 1.0]
    """
    t = np.arange(n_periods, dtype=float)
    if ramp_up_periods <= 0:
        return np.ones(n_periods)
    start, end, length = t - 1, t, ramp_up_periods
    rising = (start + end) / (2 * length)
    crossing = (length**2 - start**2) / (2 * length) + (end - length)
    out = np.where(end <= length, rising, np.where(start >= length, 1.0, crossing))
    out[0] = 0.0
    return out


def check_name(name: object, *, what: str) -> str:
    """A driver or line name formulas can use, or an error naming it."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise InputError(
            f"{what} name {name!r} cannot be used in formulas"[:200],
            expected="letters, digits and _ , starting with a letter (at most 64 characters), e.g. 'unit_price'",
        )
    if name in RESERVED:
        raise InputError(f"{what} name '{name}' is reserved", expected="a name other than " + ", ".join(RESERVED))
    return name


def check_driver(name: str, driver: Driver, *, where: str = "") -> Unit:
    """Refuse a driver whose name, value, unit or range is unusable; return its unit."""
    check_name(name, what=f"{where}driver")
    label = f"{where}driver '{name}'"
    if not isinstance(driver, Driver):
        raise InputError(f"{label} must be an object", expected='{"value", "unit", "range"}')
    check_amount(driver.value, field=f"drivers.{name}.value", low=-MAX_AMOUNT)
    unit = parse_unit(driver.unit, field=label)
    spread = driver.range
    if spread is not None:
        for end in ("low", "high"):
            check_amount(getattr(spread, end), field=f"drivers.{name}.range.{end}", low=-MAX_AMOUNT)
        if not spread.low <= driver.value <= spread.high:
            raise InputError(
                f"{label}: its value lies outside its range", expected="low <= value <= high",
                found=f"low={spread.low:g}, value={driver.value:g}, high={spread.high:g}",
            )  # fmt: skip
        value = driver.as_value()
        assert isinstance(value, Range)  # a driver with a range is a Range
        value.check(field=f"drivers.{name}.range", low=-MAX_AMOUNT)
    return unit


@dataclass(frozen=True)
class LineModel:
    """Lines checked and ordered, ready to evaluate on draws.

    Attributes
    ----------
    order : tuple of str
        Lines in the order they are computed (every line after the lines it reads).
    lines : dict
        Name -> :class:`Line`.
    trees : dict
        Name -> parsed formula.
    units : dict
        Name -> unit of every driver and line.
    scale : dict
        Driver -> factor from its unit to base units (dollars, single items, time in periods).
    masks, ramps : dict
        Line -> per-period 0/1 mask and ramp share.
    """

    order: tuple[str, ...]
    lines: Mapping[str, Line]
    trees: Mapping[str, Node]
    units: Mapping[str, Unit]
    scale: Mapping[str, float]
    masks: Mapping[str, np.ndarray]
    ramps: Mapping[str, np.ndarray]

    def evaluate(self, draws: Mapping[str, np.ndarray], n_periods: int) -> dict[str, np.ndarray]:
        """Every line's value per draw and period, shape (n, periods), in base units.

        Parameters
        ----------
        draws : mapping
            Driver -> values (length n, or 1 for a fixed driver), in the driver's own unit.
        n_periods : int

        Returns
        -------
        dict
            Line -> array.

        Raises
        ------
        InputError
            When a line is not a finite number somewhere (a division by zero, an overflow).
        """
        size = max((np.asarray(v).size for v in draws.values()), default=1)
        env: dict[str, np.ndarray] = {
            name: np.asarray(draws[name], dtype=float).reshape(-1, 1) * factor for name, factor in self.scale.items()
        }
        env[PERIOD_NAME] = np.arange(n_periods, dtype=float)[None, :]
        out: dict[str, np.ndarray] = {}
        for name in self.order:
            raw = np.broadcast_to(evaluate(self.trees[name], env), (size, n_periods))
            booked = self.masks[name] > 0
            # Only the periods a line falls in must be finite; the others are set to zero, never multiplied.
            with np.errstate(invalid="ignore", over="ignore"):
                value = np.where(booked, raw * self.ramps[name], 0.0)
            if not np.all(np.isfinite(raw[:, booked])):
                bad = np.argwhere(~np.isfinite(raw) & booked)[0]
                raise InputError(
                    f"line '{name}' is not a finite number in period {int(bad[1])} (a division by zero or a number "
                    "too large to hold)",
                    expected="a formula that stays finite for every value in the drivers' ranges",
                    found=self.lines[name].formula[:80],
                )
            env[name] = out[name] = value
        return out


def _suggest(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _order(lines: Mapping[str, Line], reads: Mapping[str, set[str]]) -> tuple[str, ...]:
    """Lines sorted so each comes after the lines it reads; a circle is refused naming it."""
    done: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            circle = [*path[path.index(name) :], name]
            raise InputError(
                "lines refer to each other in a circle: " + " → ".join(f"'{n}'" for n in circle),
                expected="lines that can be computed one after another (no line may depend on itself)",
            )
        state[name] = 1
        for other in sorted(reads[name] & set(lines)):
            visit(other, [*path, name])
        state[name] = 2
        done.append(name)

    for name in lines:
        visit(name, [])
    return tuple(done)


def _mask(line: Line, *, horizon: int) -> np.ndarray:
    periods = line.periods
    if periods is None:
        periods = tuple(range(1, horizon + 1)) if line.kind in RECURRING else (0,) if line.kind in ONCE else None
    mask = np.zeros(horizon + 1)
    if periods is None:
        mask[:] = 1.0
        return mask
    for p in periods:
        if isinstance(p, bool) or not isinstance(p, int) or not 0 <= p <= horizon:
            raise InputError(
                f"line '{line.name}': period {p!r} is outside the case", expected=f"periods from 0 to {horizon}"
            )
        if mask[p]:
            raise InputError(f"line '{line.name}' lists period {p} twice", expected="each period once")
        mask[p] = 1.0
    return mask


def compile_lines(
    units: Mapping[str, Unit],
    lines: Sequence[Line],
    *,
    period: str,
    horizon: int,
    ramp_up_periods: float,
) -> LineModel:
    """Check drivers and lines (names, units, references, circles) and order the lines.

    Parameters
    ----------
    units : mapping
        Driver name -> its unit (see :func:`check_driver`).
    lines : sequence of Line
    period : {"month", "year"}
    horizon : int
        Periods after today.
    ramp_up_periods : float

    Returns
    -------
    LineModel

    Raises
    ------
    InputError
        An unknown name, a circle of lines, a unit mismatch or a bad name, period or kind,
        naming the line or driver.
    """
    drivers = units
    if len(drivers) > MAX_DRIVERS:
        raise InputError("too many drivers", expected=f"at most {MAX_DRIVERS}", found=f"{len(drivers)}")
    if not 1 <= len(lines) <= MAX_LINES:
        raise InputError(
            "'lines' must list the case's lines", expected=f"1 to {MAX_LINES} lines", found=f"{len(lines)}"
        )
    scale = {name: unit.in_period(period) for name, unit in units.items()}
    by_name: dict[str, Line] = {}
    for i, line in enumerate(lines):
        if not isinstance(line, Line):
            raise InputError(f"'lines[{i}]' must be a line", expected='{"name", "formula", "kind"}')
        check_name(line.name, what="line")
        if line.kind not in LINE_KINDS:
            raise InputError(
                f"line '{line.name}' has an unknown kind", expected=", ".join(LINE_KINDS), found=repr(line.kind)
            )
        if line.name in by_name or line.name in drivers:
            raise InputError(
                f"the name '{line.name}' is used twice", expected="each driver and line named once", found=f"lines[{i}]"
            )
        by_name[line.name] = line
    trees = {name: parse(line.formula, where=f"line '{name}'") for name, line in by_name.items()}
    reads = {name: names_in(tree) for name, tree in trees.items()}
    known = [*drivers, *by_name, PERIOD_NAME]
    for name, used in reads.items():
        for other in sorted(used):
            if other not in known:
                raise InputError(
                    f"line '{name}' uses '{other}', which is not a driver or a line{_suggest(other, known)}",
                    expected="names from " + ", ".join(repr(k) for k in known[:20]),
                )
    order = _order(by_name, reads)
    all_units: dict[str, Unit] = {**units, PERIOD_NAME: NONE}
    for name in order:
        line = by_name[name]
        unit = unit_of(trees[name], all_units.__getitem__, where=f"line '{name}'", period=period)
        if not reads[name] - {PERIOD_NAME} and line.kind != "memo":
            # A formula of plain numbers (5000) is read in the line's own unit: dollars, or dollars per period.
            unit = per_period(period) if line.kind in RECURRING else DOLLARS
        _check_line_unit(line, unit, period=period)
        all_units[name] = unit
    ramp = ramp_factors(ramp_up_periods, horizon + 1)
    ones = np.ones(horizon + 1)
    return LineModel(
        order=order,
        lines=by_name,
        trees=trees,
        units=all_units,
        scale=scale,
        masks={name: _mask(line, horizon=horizon) for name, line in by_name.items()},
        ramps={name: ramp if (line.kind == "benefit" if line.ramp is None else line.ramp) else ones
               for name, line in by_name.items()},
    )  # fmt: skip


def _check_line_unit(line: Line, unit: Unit, *, period: str) -> None:
    if line.kind in RECURRING and not money_per_time(unit):
        raise InputError(
            f"line '{line.name}' ({line.kind}) must give dollars per unit of time, but its formula gives {unit.text(period)}",
            expected=f"a formula in $/{period} (an amount per year, month or hour is converted to $/{period})",
            found=line.formula[:80],
        )
    if line.kind in ONCE and unit.dims != DOLLARS.dims:
        raise InputError(
            f"line '{line.name}' ({line.kind}) must give dollars, but its formula gives {unit.text(period)}",
            expected="a formula in $ (a one-time amount)",
            found=line.formula[:80],
        )
