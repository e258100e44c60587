"""The investment case and the options compared: specs in, NPV, IRR, payback, ROI and uncertainty out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from lib.analysis import Provenance, Record, Result, json_field, json_meta, provenance_for
from lib.roi._cashflow import (
    discount_factors,
    discounted_payback_periods,
    irr,
    is_finite_or_none,
    npv,
    payback_periods,
)
from lib.roi._compare import Comparison, best_two, compare_pair
from lib.roi._drivers import RAMP_CONVENTION, Driver, DriverRange
from lib.roi._finance import Booked
from lib.roi._ranges import Range, likely_of
from lib.roi._sensitivity import METHOD as SENSITIVITY_METHOD
from lib.roi._sensitivity import SensitivityRow, sensitivity
from lib.roi._simulate import (
    SimulationResult,
    Tornado,
    check_finite_npv,
    dependence_of,
    draw_inputs,
    npv_of,
    simulate_draws,
    summarise,
    tornado,
)
from lib.roi._specs import PERIODS_PER_YEAR, STRUCTURED_KEYS, CaseSpec, OptionsSpec

CONVENTION = "period 0 is today and is not discounted (numpy-financial's convention)"
PV_COST = (
    "Present value of costs: running, one-time and capital costs discounted at the case's rate, at likely values "
    "(benefits and tax left out; for bare cash flows, the money-out flows)."
)


@dataclass(frozen=True)
class DriverSensitivity(Record):
    """Which drivers the NPV's spread comes from.

    Attributes
    ----------
    method : str
        The estimator in words.
    by_driver : tuple of SensitivityRow
        Largest share of variance first.
    """

    method: str
    by_driver: tuple[SensitivityRow, ...]


@dataclass(frozen=True)
class Breakdown(Record):
    """A case's money per period at likely values (dollars), and each line's values.

    Attributes
    ----------
    benefit, running, one_time, capital, depreciation, tax, terminal : tuple of float
        Per period, period 0 first (see :class:`lib.roi._finance.Booked`).
    lines : dict
        Line -> its value per period (money lines in dollars per period or dollars; memo lines in ``units``).
    units : dict
        Line -> its unit in words.
    """

    benefit: tuple[float, ...]
    running: tuple[float, ...]
    one_time: tuple[float, ...]
    capital: tuple[float, ...]
    depreciation: tuple[float, ...]
    tax: tuple[float, ...]
    terminal: tuple[float, ...]
    lines: dict[str, tuple[float, ...]] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FinanceTerms(Record):
    """The finance lines a case used, each stated in words.

    Attributes
    ----------
    tax_rate, depreciation_periods, terminal_growth, inflation : optional
        As set on the case.
    terminal_value : float or None
        Worth of the flows after the horizon, at the horizon (dollars, likely values).
    terminal_value_pv : float or None
        The same discounted to today.
    notes : tuple of str
    """

    tax_rate: float | None
    depreciation_periods: int | None
    terminal_growth: float | None
    inflation: float | None
    terminal_value: float | None
    terminal_value_pv: float | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class InvestmentResult(Result):
    """NPV, IRR, payback and ROI of a case at its likely values, and its uncertainty when it has ranges.

    Attributes
    ----------
    name, period : str
    discount_rate : float
        The yearly rate used (the likely value of a range).
    npv : float
        Net present value in dollars (period 0 undiscounted).
    irr : float or None
        Internal rate of return per period (per year for yearly periods).
    irr_annual : float or None
        IRR converted to a yearly rate.
    payback_periods : float or None
        Periods until cumulative undiscounted flows reach zero, interpolated.
    discounted_payback_periods : float or None
        The same on discounted flows.
    roi_pct : float or None
        Net gain over money spent, undiscounted, in percent (see :meth:`CaseSpec.roi_pct_at_likely`).
    cash_flows : tuple of float
        The flows used, period 0 first.
    provenance : Provenance
    uncertainty : dict
        With ranges: ``simulation`` (:class:`SimulationResult`) and ``tornado``
        (:class:`Tornado`), written at the top level of the JSON; empty otherwise.
    pv_cost : float or None
        Present value of costs only (see ``PV_COST``); what Build vs Buy scores cost from.
    drivers : dict of Driver or None
        The drivers (the preset's three amounts for the cost-and-benefit form); absent for cash flows.
    sensitivity : DriverSensitivity or None
        Share of the NPV's variance each ranged driver explains (with ranges).
    breakdown : Breakdown or None
        Money per period by kind, and every line (absent for cash flows).
    finance : FinanceTerms or None
        Tax, depreciation, terminal value and inflation, when the case uses any.
    """

    json_extras = ("convention", "ramp_convention")
    convention: ClassVar[str] = CONVENTION

    name: str
    period: str
    discount_rate: float
    npv: float
    irr: float | None
    irr_annual: float | None
    payback_periods: float | None
    discounted_payback_periods: float | None
    roi_pct: float | None
    cash_flows: tuple[float, ...]
    provenance: Provenance = json_field(compare=False)
    uncertainty: dict[str, Any] = json_field(flatten=True, default_factory=dict)
    pv_cost: float | None = field(default=None, metadata=json_meta(omit_none=True))
    drivers: dict[str, Driver] | None = field(default=None, metadata=json_meta(omit_none=True))
    sensitivity: DriverSensitivity | None = field(default=None, metadata=json_meta(omit_none=True))
    breakdown: Breakdown | None = field(default=None, metadata=json_meta(omit_none=True))
    finance: FinanceTerms | None = field(default=None, metadata=json_meta(omit_none=True))

    def __post_init__(self) -> None:
        # Read back from JSON the parts arrive as mappings; hold them as records either way.
        parts = dict(self.uncertainty)
        if isinstance(parts.get("simulation"), Mapping):
            parts["simulation"] = SimulationResult.from_dict(parts["simulation"])
        if isinstance(parts.get("tornado"), Mapping):
            parts["tornado"] = Tornado.from_dict(parts["tornado"])
        object.__setattr__(self, "uncertainty", parts)

    @property
    def ramp_convention(self) -> str | None:
        """How a ramp-up is booked (None for bare cash flows, which have no ramp)."""
        return None if self.breakdown is None else RAMP_CONVENTION

    @property
    def simulation(self) -> SimulationResult | None:
        """The Monte Carlo summary, when the case has ranges."""
        return self.uncertainty.get("simulation")

    @property
    def tornado(self) -> Tornado | None:
        """The tornado of the ranged inputs, when the case has ranges."""
        return self.uncertainty.get("tornado")


@dataclass(frozen=True)
class OptionsResult(Result):
    """Several options evaluated on the same simulated futures; ``npv_by_option`` and more are added to the JSON.

    Attributes
    ----------
    options : tuple of InvestmentResult
        One per option, in the spec's order.
    provenance : Provenance
    comparison : Comparison or None
        A against B (incremental NPV, P(A beats B), regret, break-even), when the spec asks to compare.
    """

    json_extras = ("npv_by_option", "best_option", "pv_cost_by_option")

    options: tuple[InvestmentResult, ...]
    provenance: Provenance = json_field(compare=False)
    comparison: Comparison | None = field(default=None, metadata=json_meta(omit_none=True))

    @property
    def npv_by_option(self) -> dict[str, float]:
        """Option name -> NPV in dollars."""
        return {o.name: o.npv for o in self.options}

    @property
    def pv_cost_by_option(self) -> dict[str, float | None]:
        """Option name -> present value of its costs only, in dollars (what the cost criterion reads)."""
        return {o.name: o.pv_cost for o in self.options}

    @property
    def best_option(self) -> str:
        """The option with the highest NPV (the first one listed on a tie)."""
        return max(self.options, key=lambda o: o.npv).name


def _pv_cost(case: CaseSpec, booked: Booked, rate: float) -> float:
    factors = discount_factors(rate, case.n_periods)
    costs = booked.running + booked.one_time + booked.capital
    return float((costs[0] * factors).sum())


def pv_cost_of(case: CaseSpec) -> float:
    """Present value of a case's costs only, at likely values (see ``PV_COST``).

    Examples
    --------
    >>> pv_cost_of(CaseSpec(discount_rate=0.0, build_cost=100.0, run_cost=10.0, benefit=50.0, horizon=3))
    130.0
    """
    rate = float(case.rate_for(np.array(likely_of(case.discount_rate))))
    return _pv_cost(case, case.booked(case.likely_draws()), rate)


def _drivers_of(case: CaseSpec) -> dict[str, Driver] | None:
    if case.form == "drivers":
        return dict(case.drivers or {})
    if case.form == "cash_flows":
        return None
    out = {}
    for key in STRUCTURED_KEYS:
        value = getattr(case, key)
        unit = "$" if key == "build_cost" else f"$/{case.period}"
        if isinstance(value, Range):
            low, likely, high = value.points()
            out[key] = Driver(likely, unit, DriverRange(low, high, value.distribution))
        else:
            out[key] = Driver(float(value), unit)
    return out


def _breakdown(case: CaseSpec, booked: Booked) -> Breakdown | None:
    if case.form == "cash_flows":
        return None
    values = case.model.evaluate(case.likely_draws(), case.n_periods)
    units = {}
    for name in values:
        line = case.model.lines[name]
        units[name] = f"$/{case.period}" if line.kind in ("benefit", "cost") else "$" if line.kind != "memo" else ""
        if line.kind == "memo":
            units[name] = case.model.units[name].text(case.period)
    row = {k: tuple(float(x) for x in getattr(booked, k)[0]) for k in ("benefit", "running", "one_time", "capital")}
    return Breakdown(
        **row,
        depreciation=tuple(float(x) for x in booked.depreciation[0]),
        tax=tuple(float(x) for x in booked.tax[0]),
        terminal=tuple(float(x) for x in booked.terminal[0]),
        lines={name: tuple(float(x) for x in v[0]) for name, v in values.items()},
        units=units,
    )


def _finance(case: CaseSpec, booked: Booked, rate: float) -> FinanceTerms | None:
    used = [case.tax_rate, case.depreciation_periods, case.terminal_growth, case.inflation]
    if all(v is None for v in used):
        return None
    notes = []
    if case.inflation is not None:
        notes.append(
            f"Inflation {case.inflation:.2%} a year: each line's amounts are in today's dollars and grow by "
            f"(1 + {case.inflation:g}) to the power of the years elapsed (lines marked inflation: false stay flat)."
        )
    if case.tax_rate is not None:
        notes.append(
            f"Tax at {case.tax_rate:.2%} of profit (benefit minus costs minus depreciation) each {case.period}; a "
            "negative tax is a saving on the company's other profits."
        )
    if case.depreciation_periods is not None:
        notes.append(
            f"Capital is depreciated straight-line over {case.depreciation_periods} {case.period}s from the {case.period} "
            "after it is spent (parts after the horizon are not counted); depreciation only moves tax"
            + ("." if case.tax_rate else ", and there is no tax rate, so it changes nothing here.")
        )
    terminal = pv = None
    if case.terminal_growth is not None:
        terminal = float(booked.terminal[0, -1])
        pv = float(terminal * discount_factors(rate, case.n_periods)[-1])
        notes.append(
            f"Terminal value: the last {case.period}'s net flow continues for ever, growing {case.terminal_growth:.2%} "
            f"a year (Gordon's formula), worth ${terminal:,.0f} at the horizon, ${pv:,.0f} today, booked in the last "
            f"{case.period}."
        )
    return FinanceTerms(
        case.tax_rate, case.depreciation_periods, case.terminal_growth, case.inflation, terminal, pv, tuple(notes)
    )


def evaluate_case(
    case: CaseSpec,
    *,
    provenance: Provenance | None = None,
    simulated: tuple[np.ndarray, Mapping[str, np.ndarray], str] | None = None,
) -> InvestmentResult:
    """Metrics of a case at its likely values, plus a simulation, a tornado and sensitivity when it has ranges.

    Parameters
    ----------
    case : CaseSpec
    provenance : Provenance, optional
        Defaults to the case's own (no input files).
    simulated : (numpy.ndarray, mapping, str), optional
        NPV per future, the input draws and how they were drawn, when the futures were drawn
        for several options at once; otherwise the case draws its own.

    Returns
    -------
    InvestmentResult

    Raises
    ------
    InputError
        When the NPV is too large to compute (a rate near -100 % over many periods).

    Examples
    --------
    >>> result = evaluate_case(CaseSpec(discount_rate=0.0, cash_flows=(-100.0, 60.0, 60.0)))
    >>> result.npv, round(result.payback_periods, 4), result.roi_pct
    (20.0, 1.6667, 20.0)
    """
    draws = case.likely_draws()
    booked = case.booked(draws)
    flows = booked.net[0]
    annual = likely_of(case.discount_rate)
    rate = float(case.rate_for(np.array(annual)))
    value = float(npv(rate, flows))
    check_finite_npv(np.array([value]))
    rate_of_return = is_finite_or_none(irr(flows))
    per_year = PERIODS_PER_YEAR[case.period]
    irr_annual = None if rate_of_return is None else is_finite_or_none((1 + rate_of_return) ** per_year - 1)
    uncertainty: dict[str, Any] = {}
    spread = None
    if case.ranged_inputs():
        if simulated is None:
            summary, drawn = simulate_draws(case)
        else:
            values, given, dependence = simulated
            drawn = dict(given)
            summary = summarise(values, seed=case.seed, ranged=list(case.ranged_inputs()), dependence=dependence)
        uncertainty["simulation"] = summary
        base, bars = tornado(case)
        uncertainty["tornado"] = Tornado(base_npv=base, bars=bars)
        assert summary.npv_draws is not None  # a fresh simulation always holds its draws
        spread = DriverSensitivity(SENSITIVITY_METHOD, sensitivity(drawn, summary.npv_draws))
    return InvestmentResult(
        name=case.name,
        period=case.period,
        discount_rate=float(annual),
        npv=value,
        irr=rate_of_return,
        irr_annual=irr_annual,
        payback_periods=payback_periods(flows),
        discounted_payback_periods=is_finite_or_none(discounted_payback_periods(rate, flows)),
        roi_pct=case.roi_pct_at_likely(),
        cash_flows=tuple(float(x) for x in flows),
        provenance=provenance or provenance_for(case),
        uncertainty=uncertainty,
        pv_cost=_pv_cost(case, booked, rate),
        drivers=_drivers_of(case),
        sensitivity=spread,
        breakdown=_breakdown(case, booked),
        finance=_finance(case, booked, rate),
    )


def _joint_draws(spec: OptionsSpec) -> tuple[dict[str, np.ndarray], list[dict[str, np.ndarray]]]:
    """Every ranged input drawn once (shared ones first), and each option's inputs read from those draws."""
    joint = spec.joint_inputs()
    rng = np.random.default_rng(spec.seed)
    shared = {k for k in joint if k in spec.shared_inputs()}
    correlations = [c for c in spec.correlations if c[0] in shared and c[1] in shared]
    drawn = draw_inputs(joint, correlations, spec.n_sim, rng) if joint else {}
    per_option = []
    for option, case in zip(spec.options, spec.cases(), strict=True):
        own = {}
        for name, value in case.inputs_by_name().items():
            key = spec.joint_name(option, case, name)
            own[name] = drawn[key] if key in drawn else np.array([likely_of(value)])
        per_option.append(own)
    return drawn, per_option


def compare_options(spec: OptionsSpec, *, provenance: Provenance | None = None) -> OptionsResult:
    """Evaluate every option of ``spec`` on the same simulated futures, and compare a pair when asked.

    Parameters
    ----------
    spec : OptionsSpec
    provenance : Provenance, optional

    Returns
    -------
    OptionsResult
    """
    cases = spec.cases()
    drawn, per_option = _joint_draws(spec)
    size = spec.n_sim if drawn else 1
    npvs = {case.name: np.broadcast_to(npv_of(case, own), (size,)) for case, own in zip(cases, per_option, strict=True)}
    shared = set(spec.shared_inputs())
    dependence = dependence_of([c for c in spec.correlations if c[0] in shared and c[1] in shared])
    results = tuple(
        evaluate_case(case, simulated=(npvs[case.name], own, dependence if case.correlations else dependence_of(())))
        for case, own in zip(cases, per_option, strict=True)
    )
    comparison = None
    if spec.compare is not False:
        names = [case.name for case in cases]
        pair = spec.pair_names(names) or best_two(npvs, names)
        comparison = _comparison(spec, npvs, drawn, pair)
    return OptionsResult(options=results, provenance=provenance or provenance_for(spec), comparison=comparison)


def _comparison(
    spec: OptionsSpec, npvs: Mapping[str, np.ndarray], drawn: Mapping[str, np.ndarray], pair: tuple[str, str]
) -> Comparison:
    by_name = {case.name: (option, case) for option, case in zip(spec.options, spec.cases(), strict=True)}
    ranges = {k: v.points() for k, v in spec.joint_inputs().items()}

    def npv_with(name: str, key: str, values: np.ndarray) -> np.ndarray:
        option, case = by_name[name]
        draws = case.likely_draws()
        for own in case.inputs_by_name():
            if spec.joint_name(option, case, own) == key:
                draws[own] = np.asarray(values, dtype=float)
        return npv_of(case, draws)

    def difference_at(key: str, values: np.ndarray) -> np.ndarray:
        size = np.asarray(values).size
        a, b = (np.broadcast_to(npv_with(n, key, values), (size,)) for n in pair)
        return np.asarray(a - b)

    return compare_pair(npvs, pair, draws=drawn, ranges=ranges, difference_at=difference_at, seed=spec.seed)


def case_from_spec(spec: Mapping[str, Any], *, file: str | None = None) -> CaseSpec:
    """Read one investment case from its JSON mapping (the ``roi`` command's SPEC.json).

    Parameters
    ----------
    spec : mapping
    file : str, optional
        The file it came from, for messages.

    Returns
    -------
    CaseSpec

    Raises
    ------
    InputError
        Unknown or mistyped fields, missing discount rate, negative costs, a range with
        low above high, a rate at or below -100 %, a driver or line that cannot be used,
        naming the field.
    """
    return CaseSpec.from_dict(spec, file=file)
