"""Drivers, lines and correlations edited as tables, turned into a spec and back.

The ROI & Cost page edits a case from drivers as three tables: drivers (name, value, unit,
low, high, shape), lines (option, name, formula, kind, periods, ramp, inflation) and
correlations (driver, driver, rho). These functions read the tables into an
:class:`OptionsSpec` (one option per option name in the lines table) with one clear message
per bad cell, and write a saved spec back into tables when it fits that form. A cell left
empty counts as "not given"; ranges are written as ``low / likely / high`` text where a table
holds one cell per value (the savings levers).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from lib.errors import InputError
from lib.roi._case_specs import FINANCE_KEYS, OptionSpec, OptionsSpec
from lib.roi._drivers import Driver, DriverRange, Line
from lib.roi._ranges import Range, Value

DRIVER_COLUMNS = ("driver", "value", "unit", "low", "high", "shape")
LINE_COLUMNS = ("option", "line", "formula", "kind", "periods", "ramp", "inflation")
CORRELATION_COLUMNS = ("driver_a", "driver_b", "rho")


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (isinstance(value, str) and not value.strip())
    )


def _text(value: Any) -> str:
    return "" if _blank(value) else str(value).strip()


def _number(value: Any, *, where: str) -> float:
    if isinstance(value, bool) or _blank(value):
        raise InputError(f"{where} must be a number", found="an empty cell" if _blank(value) else repr(value))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{where} must be a number", found=repr(value)[:40]) from None
    if not math.isfinite(number):
        raise InputError(f"{where} must be a finite number", found=repr(value)[:40])
    return number


def drivers_from_rows(rows: Sequence[Mapping[str, Any]]) -> dict[str, Driver]:
    """The drivers table as drivers; rows without a name are skipped, empty low and high mean no range.

    Raises
    ------
    InputError
        Naming the row and the cell.
    """
    out: dict[str, Driver] = {}
    for i, row in enumerate(rows):
        name = _text(row.get("driver"))
        if not name:
            continue
        where = f"drivers table, row {i + 1} ('{name}')"
        if name in out:
            raise InputError(f"{where}: the driver is listed twice", expected="each driver once")
        value = _number(row.get("value"), where=f"{where}: value")
        low, high = row.get("low"), row.get("high")
        spread = None
        if not (_blank(low) and _blank(high)):
            spread = DriverRange(
                _number(low, where=f"{where}: low"),
                _number(high, where=f"{where}: high"),
                _text(row.get("shape")) or "pert",  # type: ignore[arg-type]  # Driver's check names a bad shape
            )
        out[name] = Driver(value, _text(row.get("unit")), spread)
    return out


def periods_from_text(text: Any, *, where: str) -> tuple[int, ...] | None:
    """``"0"``, ``"1, 2, 3"`` or ``"1-12"`` as periods; empty means the line kind's default."""
    written = _text(text)
    if not written:
        return None
    periods: list[int] = []
    for part in re.split(r"[,\s;]+", written):
        if not part:
            continue
        span = re.fullmatch(r"(\d+)\s*-\s*(\d+)", part)
        if span:
            periods += list(range(int(span.group(1)), int(span.group(2)) + 1))
        elif part.isdigit():
            periods.append(int(part))
        else:
            raise InputError(
                f"{where}: periods cannot be read",
                expected="period numbers such as 0 or 1, 2 or 1-12",
                found=repr(part),
            )
    return tuple(periods)


def periods_text(periods: Sequence[int] | None) -> str:
    """Periods as the lines table writes them (runs of consecutive periods as ``a-b``)."""
    if not periods:
        return ""
    parts, start = [], None
    ordered = list(periods)
    for i, p in enumerate(ordered):
        start = p if start is None else start
        if i + 1 == len(ordered) or ordered[i + 1] != p + 1:
            parts.append(str(p) if start == p else f"{start}-{p}")
            start = None
    return ", ".join(parts)


def _flag(value: Any, default: bool | None) -> bool | None:
    # Tables write flags as true / false, or as "yes" / "no" / "default" where a third choice is needed.
    if _blank(value) or (isinstance(value, str) and value.strip().lower() == "default"):
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("yes", "true", "1")
    return bool(value)


def ramp_text(ramp: bool | None) -> str:
    """A line's ramp setting as the lines table shows it."""
    return "default" if ramp is None else "yes" if ramp else "no"


def lines_from_rows(rows: Sequence[Mapping[str, Any]]) -> dict[str, tuple[Line, ...]]:
    """The lines table as option -> its lines, options in the order they first appear.

    Raises
    ------
    InputError
        Naming the row and the cell.
    """
    out: dict[str, list[Line]] = {}
    for i, row in enumerate(rows):
        name = _text(row.get("line"))
        if not name:
            continue
        where = f"lines table, row {i + 1} ('{name}')"
        option = _text(row.get("option")) or "option 1"
        formula = _text(row.get("formula"))
        if not formula:
            raise InputError(f"{where}: the formula is empty", expected="a formula such as volume * price")
        kind = _text(row.get("kind")) or "cost"
        line = Line(
            name=name,
            formula=formula,
            kind=kind,  # type: ignore[arg-type]  # the case names an unknown kind
            periods=periods_from_text(row.get("periods"), where=where),
            ramp=_flag(row.get("ramp"), None),
            inflation=bool(_flag(row.get("inflation"), True)),
        )
        out.setdefault(option, []).append(line)
    return {option: tuple(lines) for option, lines in out.items()}


def correlations_from_rows(rows: Sequence[Mapping[str, Any]]) -> tuple[tuple[str, str, float], ...]:
    """The correlations table as ``(a, b, rho)``; rows missing a driver are skipped."""
    out = []
    for i, row in enumerate(rows):
        a, b = _text(row.get("driver_a")), _text(row.get("driver_b"))
        if not a or not b:
            continue
        out.append((a, b, _number(row.get("rho"), where=f"correlations table, row {i + 1} ('{a}'–'{b}'): rho")))
    return tuple(out)


def options_from_tables(
    shared: Mapping[str, Any],
    *,
    drivers: Sequence[Mapping[str, Any]],
    lines: Sequence[Mapping[str, Any]],
    correlations: Sequence[Mapping[str, Any]] = (),
    finance: Mapping[str, Any] | None = None,
    compare: bool | tuple[str, str] = False,
    n_sim: int = 10_000,
    seed: int = 0,
) -> OptionsSpec:
    """The three tables and the shared settings as an options spec over shared drivers.

    Parameters
    ----------
    shared : mapping
        ``discount_rate`` (yearly share), ``period``, ``horizon`` and ``ramp_up_periods``.
    drivers, lines, correlations : sequence of mapping
        Table rows (see the module's columns).
    finance : mapping, optional
        Any of ``tax_rate``, ``depreciation_periods``, ``terminal_growth``, ``inflation`` (None: not used).
    compare : bool or (str, str)
    n_sim, seed : int

    Returns
    -------
    OptionsSpec

    Raises
    ------
    InputError
        A bad cell (naming the table, row and column) or anything the spec refuses.
    """
    by_option = lines_from_rows(lines)
    if not by_option:
        raise InputError("the lines table has no lines", expected="at least one line with a name and a formula")
    options = tuple(OptionSpec(name=name, lines=option_lines) for name, option_lines in by_option.items())
    chosen = compare if len(options) > 1 else False
    return OptionsSpec(
        options=options,
        drivers=drivers_from_rows(drivers),
        correlations=correlations_from_rows(correlations),
        compare=chosen,
        n_sim=n_sim,
        seed=seed,
        **{
            k: shared[k] for k in ("discount_rate", "period", "horizon", "ramp_up_periods") if shared.get(k) is not None
        },
        **{k: v for k, v in (finance or {}).items() if k in FINANCE_KEYS and v is not None},
    )


def tables_from_options(spec: OptionsSpec) -> dict[str, Any] | None:
    """A saved options spec as the page's tables and settings, when it fits that form.

    It fits when every option has lines, options have no drivers or settings of their own, and the
    shared discount rate is a plain number.

    Returns
    -------
    dict or None
        ``shared``, ``drivers``, ``lines``, ``correlations``, ``finance``, ``compare``, ``n_sim``, ``seed``.
    """
    own = ("discount_rate", "period", "horizon", "ramp_up_periods", "drivers", "cash_flows", *FINANCE_KEYS)
    if any(o.lines is None or any(getattr(o, k) is not None for k in own) for o in spec.options):
        return None
    if isinstance(spec.discount_rate, Range) or spec.discount_rate is None:
        return None
    drivers = []
    for name, driver in (spec.drivers or {}).items():
        spread = driver.range
        drivers.append({
            "driver": name, "value": driver.value, "unit": driver.unit,
            "low": None if spread is None else spread.low, "high": None if spread is None else spread.high,
            "shape": None if spread is None else spread.shape,
        })  # fmt: skip
    lines = [
        {"option": o.name, "line": x.name, "formula": x.formula, "kind": x.kind, "periods": periods_text(x.periods),
         "ramp": ramp_text(x.ramp), "inflation": x.inflation}
        for o in spec.options for x in (o.lines or ())
    ]  # fmt: skip
    return {
        "shared": {
            "discount_rate": spec.discount_rate, "period": spec.period, "horizon": spec.horizon,
            "ramp_up_periods": spec.ramp_up_periods,
        },
        "drivers": drivers,
        "lines": lines,
        "correlations": [{"driver_a": a, "driver_b": b, "rho": rho} for a, b, rho in spec.correlations],
        "finance": {k: getattr(spec, k) for k in FINANCE_KEYS},
        "compare": spec.compare,
        "n_sim": spec.n_sim,
        "seed": spec.seed,
    }  # fmt: skip


def value_text(value: Value) -> str:
    """A number or a range as one cell: ``40000`` or ``25000 / 40000 / 70000`` (low / likely / high)."""
    if isinstance(value, Range):
        return " / ".join(f"{v:g}" for v in value.points())
    return f"{float(value):g}"


def value_from_text(text: Any, *, where: str, default: float) -> Value:
    """A cell written as a number or ``low / likely / high`` (a PERT range); empty means ``default``."""
    if _blank(text):
        return default
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return _number(text, where=where)
    parts = [p for p in re.split(r"\s*/\s*", str(text).strip()) if p]
    if len(parts) == 1:
        return _number(parts[0], where=where)
    if len(parts) != 3:
        raise InputError(
            f"{where} cannot be read", expected="a number, or low / likely / high", found=repr(str(text))[:40]
        )
    low, likely, high = (_number(p, where=where) for p in parts)
    return Range(low=low, likely=likely, high=high)
