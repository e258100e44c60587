"""Specs of investment cases and of options compared: three forms, one way to compute them.

A case takes one of three forms:

- **cash flows**: ``cash_flows`` given directly (period 0 = today), the minimal spec;
- **cost and benefit** (the simple preset): ``build_cost`` today, ``run_cost`` and ``benefit``
  per period, the benefit ramped up over ``ramp_up_periods``;
- **drivers and lines**: named ``drivers`` (value, unit, range) and ``lines`` that are formulas
  over them (see :mod:`lib.roi._drivers`).

The last two are computed the same way (the simple preset is three drivers and three lines),
so both accept the finance lines (tax, depreciation, inflation, terminal value; see
:mod:`lib.roi._finance`). Any ranged inputs may be correlated (``correlations``: pairs with a
rank correlation; see :mod:`lib.roi._correlate`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar, NamedTuple

import numpy as np

from lib.analysis import Record, Spec, check_count, check_text, strict_record
from lib.errors import InputError
from lib.roi._cashflow import periodic_rate, roi_pct
from lib.roi._checks import MAX_AMOUNT, check_amount, check_fraction, coerce_floats
from lib.roi._correlate import check_correlations
from lib.roi._drivers import Driver, Line, LineModel, check_driver, compile_lines
from lib.roi._finance import Booked, book, inflation_factors
from lib.roi._limits import (
    DEFAULT_N_SIM,
    MAX_DISCOUNT_RATE,
    MAX_DRAWS,
    MAX_OPTIONS,
    MAX_PERIODS,
    PERIODS_PER_YEAR,
    STRUCTURED_KEYS,
    Period,
    check_rate,
    check_simulation,
)
from lib.roi._ranges import Range, Value, check_value, likely_of, lowest_of
from lib.roi._units import DOLLARS, per_period

FINANCE_KEYS = ("tax_rate", "depreciation_periods", "terminal_growth", "inflation")
Pair = tuple[str, str, float]
# The simple preset as lines: the build is capital spent today, the run cost and the benefit recur.
PRESET_LINES = (
    Line(name="build", formula="build_cost", kind="capital"),
    Line(name="run", formula="run_cost", kind="cost"),
    Line(name="gain", formula="benefit", kind="benefit"),
)


class _Lines(NamedTuple):
    """The cost-and-benefit form of a case, every field filled in."""

    build_cost: Value
    run_cost: Value
    benefit: Value
    ramp_up_periods: float
    horizon: int


def records(owner: Any) -> None:
    """Turn mappings written in Python (``{"value": 3, "unit": "$"}``) into drivers and lines, as JSON is read."""
    drivers = getattr(owner, "drivers", None)
    if isinstance(drivers, Mapping):
        converted = {
            name: strict_record(Driver, d, path=f"drivers.{name}") if isinstance(d, Mapping) else d
            for name, d in drivers.items()
        }
        object.__setattr__(owner, "drivers", converted)
    lines = getattr(owner, "lines", None)
    if isinstance(lines, (list, tuple)):
        converted_lines = tuple(
            strict_record(Line, x, path=f"lines[{i}]") if isinstance(x, Mapping) else x for i, x in enumerate(lines)
        )
        object.__setattr__(owner, "lines", converted_lines)


def _pairs(correlations: Any) -> Any:
    # Lists from Python become tuples, whole-number correlations floats (bools are left for the check to refuse).
    if not isinstance(correlations, (list, tuple)):
        return correlations
    out = []
    for item in correlations:
        if isinstance(item, (list, tuple)):
            item = tuple(float(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in item)
        out.append(item)
    return tuple(out)


@dataclass(frozen=True)
class CaseSpec(Spec):
    """One investment case: what it costs and returns, period by period, and how sure that is.

    Either ``cash_flows`` is given (period 0 = today); or the flows are built from
    ``build_cost`` (spent at period 0), ``run_cost`` and ``benefit`` per period for
    periods 1..``horizon``, the benefit ramped up over ``ramp_up_periods``; or from
    ``drivers`` and ``lines``. A period's benefit is the average of the ramp over that
    period (a one-period ramp books half the benefit in period 1). Any amount, driver
    (through its ``range``) and the discount rate may be uncertain; then the run adds a
    Monte Carlo simulation of NPV, a tornado and a variance-based sensitivity table.

    Attributes
    ----------
    discount_rate : float or Range
        Per year, above -1 (-100 %) and at most 10 (1,000 %); with monthly periods the
        equivalent monthly rate ``(1 + r) ** (1 / 12) - 1`` is used.
    name : str
    period : {"year", "month"}
    cash_flows : tuple of (float or Range), optional
        2 to 600 net amounts in dollars, period 0 first; each within ±1e15.
    build_cost, run_cost, benefit : float or Range, optional
        Dollars (0 to 1e15); 0 when left out in the cost-and-benefit form.
    ramp_up_periods : float, optional
        0 to 600 periods (default 0).
    horizon : int, optional
        Periods after today, 1 to 600 (default 5).
    n_sim : int
        Monte Carlo draws, 10,000 to 2,000,000 (and at most 20,000,000 draws over all ranged inputs).
    seed : int
        Seed of the draws, 0 to 2**32 - 1.
    drivers : dict of Driver, optional
        Name -> ``{"value", "unit", "range": {"low", "high", "shape"}}`` (at most 200).
    correlations : tuple of (str, str, float)
        ``[a, b, rho]``: the rank correlation of two ranged inputs, -1 to 1.
    lines : tuple of Line, optional
        ``{"name", "formula", "kind", "periods", "ramp", "inflation"}`` (1 to 200).
    tax_rate : float, optional
        Share of profit paid as tax, 0 to 1.
    depreciation_periods : int, optional
        Capital is depreciated straight-line over this many periods (1 to 600).
    terminal_growth : float, optional
        Yearly growth of the last period's net flow after the horizon (above -1, below the discount rate).
    inflation : float, optional
        Yearly inflation of the lines (above -1, at most 10).
    """

    kind: ClassVar[str] = "roi_case"

    discount_rate: float | Range
    name: str = "investment"
    period: Period = "year"
    cash_flows: tuple[float | Range, ...] | None = None
    build_cost: float | Range | None = None
    run_cost: float | Range | None = None
    benefit: float | Range | None = None
    ramp_up_periods: float | None = None
    horizon: int | None = None
    n_sim: int = DEFAULT_N_SIM
    seed: int = 0
    drivers: dict[str, Driver] | None = None
    correlations: tuple[tuple[str, str, float], ...] = ()
    lines: tuple[Line, ...] | None = None
    tax_rate: float | None = None
    depreciation_periods: int | None = None
    terminal_growth: float | None = None
    inflation: float | None = None

    def __post_init__(self) -> None:
        """Check which form the case takes, fill in that form's defaults, then validate."""
        for key in ("cash_flows", "lines"):
            if isinstance(getattr(self, key), list):
                object.__setattr__(self, key, tuple(getattr(self, key)))
        object.__setattr__(self, "correlations", _pairs(self.correlations))
        records(self)
        coerce_floats(self)
        structured = [k for k in (*STRUCTURED_KEYS, "ramp_up_periods", "horizon") if getattr(self, k) is not None]
        line_form = self.lines is not None or self.drivers is not None
        if self.cash_flows is not None:
            extra = [k for k in structured if k in STRUCTURED_KEYS or k in ("ramp_up_periods", "horizon")]
            extra += [k for k in ("drivers", "lines") if getattr(self, k) is not None]
            if extra:
                raise InputError(
                    "give either 'cash_flows' or the cost and benefit lines, not both", found=", ".join(extra)
                )
            netted = [k for k in ("tax_rate", "depreciation_periods", "inflation") if getattr(self, k) is not None]
            if netted:
                raise InputError(
                    f"'{netted[0]}' needs cost and benefit lines: bare cash flows are already net amounts",
                    expected="'build_cost', 'run_cost' and 'benefit', or 'drivers' and 'lines'",
                )
        elif line_form:
            mixed = [k for k in STRUCTURED_KEYS if getattr(self, k) is not None]
            if mixed:
                raise InputError(
                    "give either 'drivers' and 'lines' or the build, run and benefit amounts, not both",
                    expected="the amounts as drivers with lines over them", found=", ".join(mixed),
                )  # fmt: skip
            if self.lines is None:
                raise InputError(
                    "the case has drivers but no 'lines'", expected="lines that are formulas over the drivers"
                )
            if self.drivers is None:
                object.__setattr__(self, "drivers", {})
            self._fill_shape()
        else:
            if not any(getattr(self, k) is not None for k in STRUCTURED_KEYS):
                raise InputError(
                    "the spec has no cash flows",
                    expected="'cash_flows', 'build_cost', 'run_cost' and 'benefit', or 'drivers' and 'lines'",
                )
            for key in STRUCTURED_KEYS:
                if getattr(self, key) is None:
                    object.__setattr__(self, key, 0.0)
            self._fill_shape()
        super().__post_init__()

    def _fill_shape(self) -> None:
        if self.ramp_up_periods is None:
            object.__setattr__(self, "ramp_up_periods", 0.0)
        if self.horizon is None:
            object.__setattr__(self, "horizon", 5)

    @property
    def form(self) -> str:
        """``cash_flows``, ``cost_benefit`` (the simple preset) or ``drivers``."""
        if self.cash_flows is not None:
            return "cash_flows"
        return "drivers" if self.lines is not None else "cost_benefit"

    def validate(self) -> None:
        """Check the rate, every amount and driver, the lines, finance, correlations and the simulation's size."""
        check_text(self.name, field="name", max_length=200)
        check_rate(self.discount_rate, field="discount_rate")
        if self.period not in PERIODS_PER_YEAR:
            raise InputError("'period' is not known", expected="'year' or 'month'", found=repr(self.period))
        if self.cash_flows is not None:
            if not 2 <= len(self.cash_flows) <= MAX_PERIODS:
                raise InputError(
                    "'cash_flows' must be a list of period amounts",
                    expected=f"2 to {MAX_PERIODS} numbers or ranges, period 0 = today",
                    found=f"{len(self.cash_flows)} amounts",
                )
            for t, value in enumerate(self.cash_flows):
                check_value(value, field=f"cash_flows[{t}]", low=-MAX_AMOUNT, unit=" dollars")
        else:
            lines = self._lines()
            if self.form == "cost_benefit":
                for key in STRUCTURED_KEYS:
                    check_value(getattr(lines, key), field=key, low=0.0, unit=" dollars")
            check_count(lines.horizon, field="horizon", low=1, high=MAX_PERIODS, what="periods")
            check_amount(lines.ramp_up_periods, field="ramp_up_periods", high=MAX_PERIODS, unit=" periods")
            _ = self.model  # compiles the lines: names, references, circles and units
        self._check_finance()
        inputs = self.inputs_by_name()
        ranged = self.ranged_inputs()
        check_correlations(self.correlations, ranged=list(ranged), known=list(inputs))
        check_simulation(self.n_sim, self.seed, len(ranged))

    def _check_finance(self) -> None:
        if self.tax_rate is not None:
            check_fraction(self.tax_rate, field="tax_rate")
        if self.depreciation_periods is not None:
            check_count(
                self.depreciation_periods, field="depreciation_periods", low=1, high=MAX_PERIODS, what="periods"
            )
        if self.inflation is not None:
            check_amount(self.inflation, field="inflation", low=-0.99, high=MAX_DISCOUNT_RATE)
        if self.terminal_growth is not None:
            check_amount(self.terminal_growth, field="terminal_growth", low=-0.99, high=MAX_DISCOUNT_RATE)
            if self.terminal_growth >= lowest_of(self.discount_rate):
                raise InputError(
                    "'terminal_growth' must stay below the discount rate, or the terminal value is infinite",
                    expected=f"a yearly growth below {lowest_of(self.discount_rate):g} (the lowest discount rate)",
                    found=f"{self.terminal_growth:g}",
                )

    def _lines(self) -> _Lines:
        """The cost-and-benefit fields (zero for the drivers form), ramp and horizon of a case without cash flows."""
        ramp_up_periods, horizon = self.ramp_up_periods, self.horizon
        # Without cash flows, __post_init__ fills the ramp (0) and the horizon (5), and each amount (0) in the preset.
        assert ramp_up_periods is not None and horizon is not None
        build_cost, run_cost, benefit = (
            getattr(self, k) if getattr(self, k) is not None else 0.0 for k in STRUCTURED_KEYS
        )
        return _Lines(build_cost, run_cost, benefit, ramp_up_periods, horizon)

    @cached_property
    def model(self) -> LineModel:
        """The lines compiled: the preset's three lines, or the case's own (cases without cash flows only).

        Raises
        ------
        InputError
            A driver or line that cannot be used, naming it.
        """
        shape = self._lines()
        if self.form == "cost_benefit":
            units = {"build_cost": DOLLARS, "run_cost": per_period(self.period), "benefit": per_period(self.period)}
            lines: tuple[Line, ...] = PRESET_LINES
        else:
            units = {name: check_driver(name, driver) for name, driver in (self.drivers or {}).items()}
            lines = self.lines or ()
        return compile_lines(
            units, lines, period=self.period, horizon=shape.horizon, ramp_up_periods=shape.ramp_up_periods
        )

    @property
    def n_periods(self) -> int:
        """Number of cash-flow points, period 0 included."""
        return len(self.cash_flows) if self.cash_flows is not None else self._lines().horizon + 1

    def inputs_by_name(self) -> dict[str, Value]:
        """Every input that can be a range, by name (the order the simulation draws them in)."""
        values: dict[str, Value] = {"discount_rate": self.discount_rate}
        if self.cash_flows is not None:
            values.update({f"cash_flows[{t}]": v for t, v in enumerate(self.cash_flows)})
        elif self.form == "cost_benefit":
            values.update({k: getattr(self, k) for k in STRUCTURED_KEYS})
        else:
            values.update({name: driver.as_value() for name, driver in (self.drivers or {}).items()})
        return values

    def ranged_inputs(self) -> dict[str, Range]:
        """The inputs given as ranges."""
        return {k: v for k, v in self.inputs_by_name().items() if isinstance(v, Range)}

    def rate_for(self, annual: np.ndarray) -> np.ndarray:
        """Per-period rates from annual rates."""
        return periodic_rate(annual, PERIODS_PER_YEAR[self.period])

    def booked(self, draws: dict[str, np.ndarray]) -> Booked:
        """Money per draw and period, split into benefit, costs, capital, tax and terminal value.

        Parameters
        ----------
        draws : dict
            Input name -> values (length n, or 1 for fixed inputs); see :meth:`inputs_by_name`.

        Returns
        -------
        Booked
        """
        size = max(np.asarray(v).size for v in draws.values())
        annual = np.asarray(draws["discount_rate"], dtype=float).reshape(-1)
        rates = np.broadcast_to(np.asarray(self.rate_for(annual), dtype=float), (size,))
        if self.cash_flows is not None:
            flows = np.stack(
                [np.broadcast_to(np.asarray(draws[f"cash_flows[{t}]"], dtype=float).reshape(-1), (size,))
                 for t in range(self.n_periods)], axis=-1,
            )  # fmt: skip
            zero = np.zeros_like(flows)
            return book(
                benefit=np.where(flows > 0, flows, 0.0), running=np.where(flows < 0, -flows, 0.0), one_time=zero,
                capital=zero, tax_rate=None, depreciation_periods=None, terminal_growth=self.terminal_growth,
                rates=rates, periods_per_year=PERIODS_PER_YEAR[self.period],
            )  # fmt: skip
        model = self.model
        values = model.evaluate(draws, self.n_periods)
        prices = inflation_factors(self.inflation, self.n_periods, PERIODS_PER_YEAR[self.period])
        sums = {kind: np.zeros((size, self.n_periods)) for kind in ("benefit", "cost", "one_time", "capital")}
        for name, value in values.items():
            line = model.lines[name]
            if line.kind in sums:
                sums[line.kind] = sums[line.kind] + (value * prices if line.inflation else value)
        return book(
            benefit=sums["benefit"], running=sums["cost"], one_time=sums["one_time"], capital=sums["capital"],
            tax_rate=self.tax_rate, depreciation_periods=self.depreciation_periods,
            terminal_growth=self.terminal_growth, rates=rates, periods_per_year=PERIODS_PER_YEAR[self.period],
        )  # fmt: skip

    def flows_for(self, draws: dict[str, np.ndarray]) -> np.ndarray:
        """Net cash flows, shape (n, periods), for arrays of input values (length n, or 1 for fixed inputs)."""
        return self.booked(draws).net

    def likely_draws(self) -> dict[str, np.ndarray]:
        """Every input at its likely value, as one-element arrays."""
        return {k: np.array([likely_of(v)]) for k, v in self.inputs_by_name().items()}

    def likely_flows(self) -> np.ndarray:
        """The cash flows with every input at its likely value."""
        return self.flows_for(self.likely_draws())[0]

    def roi_pct_at_likely(self) -> float | None:
        """Undiscounted ROI in percent at likely values.

        With lines it is (total benefit - total cost) / total cost, counting every cost,
        capital spend and tax (a terminal value is left out). With bare cash flows only
        net amounts are known, so money out is the sum of the negative flows.
        """
        if self.cash_flows is not None:
            return roi_pct(self.likely_flows())
        booked = self.booked(self.likely_draws())
        cost = float((booked.running + booked.one_time + booked.capital + booked.tax).sum())
        gain = float(booked.benefit.sum())
        return None if cost <= 0 else float((gain - cost) / cost * 100)


@dataclass(frozen=True)
class OptionSpec(Record):
    """One option of an :class:`OptionsSpec`: any field of a case, overriding the shared ones.

    Attributes
    ----------
    name : str, optional
        Defaults to "option N".
    discount_rate, period, cash_flows, build_cost, run_cost, benefit, ramp_up_periods, horizon
        As in :class:`CaseSpec`; a field left out takes the shared value.
    lines : tuple of Line, optional
        The option's lines over the shared drivers and its own.
    drivers : dict of Driver, optional
        Drivers only this option has (names must differ from the shared ones).
    tax_rate, depreciation_periods, terminal_growth, inflation
        As in :class:`CaseSpec`; a field left out takes the shared value.
    """

    name: str | None = None
    discount_rate: float | Range | None = None
    period: Period | None = None
    cash_flows: tuple[float | Range, ...] | None = None
    build_cost: float | Range | None = None
    run_cost: float | Range | None = None
    benefit: float | Range | None = None
    ramp_up_periods: float | None = None
    horizon: int | None = None
    lines: tuple[Line, ...] | None = None
    drivers: dict[str, Driver] | None = None
    tax_rate: float | None = None
    depreciation_periods: int | None = None
    terminal_growth: float | None = None
    inflation: float | None = None

    def __post_init__(self) -> None:
        for key in ("cash_flows", "lines"):
            if isinstance(getattr(self, key), list):
                object.__setattr__(self, key, tuple(getattr(self, key)))
        records(self)
        coerce_floats(self)


@dataclass(frozen=True)
class OptionsSpec(Spec):
    """Several investment options compared on NPV, IRR, payback and ROI, on common random numbers.

    Shared fields apply to every option that leaves them out (``horizon`` and
    ``ramp_up_periods`` only to options without cash flows; ``drivers`` to options with
    lines). Option names must differ: they key the NPVs other pages read. Every
    uncertain input is drawn once per simulated future and shared by the options that
    use it, so the options are compared on the same futures.

    Attributes
    ----------
    options : tuple of OptionSpec
        1 to 50 options.
    discount_rate : float or Range, optional
    period : {"year", "month"}, optional
    horizon : int, optional
    ramp_up_periods : float, optional
    n_sim, seed : int
        As in :class:`CaseSpec`, for every option with ranges.
    drivers : dict of Driver, optional
        Drivers every option with lines can use.
    correlations : tuple of (str, str, float)
        Rank correlations of shared drivers (and the shared discount rate).
    tax_rate, depreciation_periods, terminal_growth, inflation : optional
        Finance lines for every option (see :class:`CaseSpec`).
    compare : bool or (str, str)
        ``true`` compares the two options with the highest mean NPV; two names compare that pair.
    """

    kind: ClassVar[str] = "roi_options"

    options: tuple[OptionSpec, ...]
    discount_rate: float | Range | None = None
    period: Period | None = None
    horizon: int | None = None
    ramp_up_periods: float | None = None
    n_sim: int = DEFAULT_N_SIM
    seed: int = 0
    drivers: dict[str, Driver] | None = None
    correlations: tuple[tuple[str, str, float], ...] = ()
    tax_rate: float | None = None
    depreciation_periods: int | None = None
    terminal_growth: float | None = None
    inflation: float | None = None
    compare: bool | tuple[str, ...] = False

    def __post_init__(self) -> None:
        """Ints become floats where the fields hold floats, then validate."""
        if isinstance(self.options, list):
            object.__setattr__(self, "options", tuple(self.options))
        if isinstance(self.compare, list):
            object.__setattr__(self, "compare", tuple(self.compare))
        object.__setattr__(self, "correlations", _pairs(self.correlations))
        records(self)
        coerce_floats(self)
        super().__post_init__()

    def validate(self) -> None:
        """Every option must make a valid case, option names must differ, and the joint draws must fit."""
        check_simulation(self.n_sim, self.seed, 0)
        if not 1 <= len(self.options) <= MAX_OPTIONS:
            raise InputError(
                "'options' must list the options to compare",
                expected=f"1 to {MAX_OPTIONS} options",
                found=f"{len(self.options)}",
            )
        cases = self.cases()
        names = [case.name for case in cases]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise InputError(
                "two options have the same name", expected="a different name for each option", found=repeated[0]
            )
        shared: dict[str, Value] = {name: d.as_value() for name, d in (self.drivers or {}).items()}
        if self.discount_rate is not None:
            shared = {"discount_rate": self.discount_rate, **shared}
        ranged = [name for name, value in shared.items() if isinstance(value, Range)]
        check_correlations(self.correlations, ranged=ranged, known=list(shared))
        if self.compare is not False:
            self.pair_names(names)
        count = len(self.joint_inputs())
        if self.n_sim * count > MAX_DRAWS:
            check_simulation(self.n_sim, self.seed, count)

    def pair_names(self, names: list[str]) -> tuple[str, str] | None:
        """The pair named in ``compare`` (None when ``compare`` is true: the two best are chosen after the run)."""
        if self.compare is True:
            if len(names) < 2:
                raise InputError("'compare' needs at least two options", found=f"{len(names)} option")
            return None
        pair = tuple(self.compare) if isinstance(self.compare, tuple) else ()
        if len(pair) != 2 or pair[0] == pair[1]:
            raise InputError(
                "'compare' must be true or two option names",
                expected='true or ["A", "B"]',
                found=repr(self.compare)[:60],
            )
        for name in pair:
            if name not in names:
                raise InputError(
                    f"'compare' names '{name}', which is not an option",
                    expected="one of " + ", ".join(repr(n) for n in names),
                )
        return pair[0], pair[1]

    def cases(self) -> tuple[CaseSpec, ...]:
        """Each option as a full case: its own fields, else the shared ones.

        Raises
        ------
        InputError
            Naming the option and the field that is wrong.
        """
        return self._cases

    @cached_property
    def _cases(self) -> tuple[CaseSpec, ...]:
        out = []
        for i, option in enumerate(self.options):
            if not isinstance(option, OptionSpec):
                raise InputError(f"'options[{i}]' must be an option", found=type(option).__name__)
            values = self._case_fields(option, default_name=f"option {i + 1}")
            if "discount_rate" not in values:
                raise InputError(
                    f"option '{values['name']}' has no 'discount_rate'",
                    expected="a shared 'discount_rate' or one in each option",
                )
            try:
                out.append(CaseSpec(**values, n_sim=self.n_sim, seed=self.seed))
            except InputError as error:
                raise InputError(
                    f"option '{values['name']}' (options[{i}]): {error.problem}",
                    expected=error.expected,
                    found=error.found,
                ) from None
        return tuple(out)

    def _case_fields(self, option: OptionSpec, *, default_name: str) -> dict[str, Any]:
        """The option's own fields, else the shared ones; fields set nowhere are left out."""
        name = default_name if option.name is None else option.name
        values: dict[str, Any] = {"name": name}
        for key in ("discount_rate", "period", *FINANCE_KEYS):
            own = getattr(option, key)
            chosen = getattr(self, key) if own is None else own
            if chosen is not None:
                values[key] = chosen
        for key in ("cash_flows", *STRUCTURED_KEYS, "lines"):
            if getattr(option, key) is not None:
                values[key] = getattr(option, key)
        if option.lines is not None:
            shared = dict(self.drivers or {})
            clash = sorted(set(shared) & set(option.drivers or {}))
            if clash:
                raise InputError(
                    f"option '{name}' defines driver '{clash[0]}' again",
                    expected="option drivers with names of their own (shared drivers are the same in every option)",
                )
            values["drivers"] = {**shared, **(option.drivers or {})}
            known = set(values["drivers"]) | {"discount_rate"}
            values["correlations"] = tuple(c for c in self.correlations if c[0] in known and c[1] in known)
        elif option.drivers is not None:
            values["drivers"] = option.drivers
        ramp_up_periods, horizon = option.ramp_up_periods, option.horizon
        if option.cash_flows is None:  # the shared horizon and ramp apply to options without cash flows
            ramp_up_periods = self.ramp_up_periods if ramp_up_periods is None else ramp_up_periods
            horizon = self.horizon if horizon is None else horizon
        if ramp_up_periods is not None:
            values["ramp_up_periods"] = ramp_up_periods
        if horizon is not None:
            values["horizon"] = horizon
        return values

    def shared_inputs(self) -> set[str]:
        """Inputs drawn once for every option: the spec's drivers and its discount rate."""
        return {"discount_rate", *(self.drivers or {})} if self.discount_rate is not None else {*(self.drivers or {})}

    def joint_name(self, option: OptionSpec, case: CaseSpec, name: str) -> str:
        """The name an option's input has in the joint draw: shared ones keep theirs, others get the option's."""
        own_rate = name == "discount_rate" and option.discount_rate is not None
        own_driver = name in (option.drivers or {})
        if name in self.shared_inputs() and not own_rate and not own_driver:
            return name
        return f"{case.name}: {name}"

    def joint_inputs(self) -> dict[str, Range]:
        """Every ranged input of the comparison once, shared first, by joint name (the draw order)."""
        out: dict[str, Range] = {}
        if isinstance(self.discount_rate, Range):
            out["discount_rate"] = self.discount_rate
        for name, driver in (self.drivers or {}).items():
            value = driver.as_value()
            if isinstance(value, Range):
                out[name] = value
        for option, case in zip(self.options, self.cases(), strict=True):
            for name, value in case.ranged_inputs().items():
                out.setdefault(self.joint_name(option, case, name), value)
        used = {
            self.joint_name(o, c, n) for o, c in zip(self.options, self.cases(), strict=True) for n in c.ranged_inputs()
        }
        return {k: v for k, v in out.items() if k in used}
