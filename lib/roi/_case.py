"""The investment case and the options compared: specs in, NPV, IRR, payback, ROI and uncertainty out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from lib.analysis import Provenance, Result, json_field, provenance_for
from lib.roi._cashflow import (
    discounted_payback_periods,
    irr,
    is_finite_or_none,
    npv,
    payback_periods,
)
from lib.roi._ranges import likely_of
from lib.roi._simulate import SimulationResult, Tornado, check_finite_npv, simulate_npv, tornado
from lib.roi._specs import PERIODS_PER_YEAR, CaseSpec, OptionsSpec

CONVENTION = "period 0 is today and is not discounted (numpy-financial's convention)"


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
    """

    json_extras = ("convention",)
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

    def __post_init__(self) -> None:
        # Read back from JSON the parts arrive as mappings; hold them as records either way.
        parts = dict(self.uncertainty)
        if isinstance(parts.get("simulation"), Mapping):
            parts["simulation"] = SimulationResult.from_dict(parts["simulation"])
        if isinstance(parts.get("tornado"), Mapping):
            parts["tornado"] = Tornado.from_dict(parts["tornado"])
        object.__setattr__(self, "uncertainty", parts)

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
    """Several options evaluated the same way; ``npv_by_option`` and ``best_option`` are added to the JSON.

    Attributes
    ----------
    options : tuple of InvestmentResult
        One per option, in the spec's order.
    provenance : Provenance
    """

    json_extras = ("npv_by_option", "best_option")

    options: tuple[InvestmentResult, ...]
    provenance: Provenance = json_field(compare=False)

    @property
    def npv_by_option(self) -> dict[str, float]:
        """Option name -> NPV in dollars."""
        return {o.name: o.npv for o in self.options}

    @property
    def best_option(self) -> str:
        """The option with the highest NPV (the first one listed on a tie)."""
        return max(self.options, key=lambda o: o.npv).name


def evaluate_case(case: CaseSpec, *, provenance: Provenance | None = None) -> InvestmentResult:
    """Metrics of a case at its likely values, plus a simulation and a tornado when it has ranges.

    Parameters
    ----------
    case : CaseSpec
    provenance : Provenance, optional
        Defaults to the case's own (no input files).

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
    flows = case.likely_flows()
    annual = likely_of(case.discount_rate)
    rate = float(case.rate_for(np.array(annual)))
    value = float(npv(rate, flows))
    check_finite_npv(np.array([value]))
    rate_of_return = is_finite_or_none(irr(flows))
    per_year = PERIODS_PER_YEAR[case.period]
    irr_annual = None if rate_of_return is None else is_finite_or_none((1 + rate_of_return) ** per_year - 1)
    uncertainty: dict[str, Any] = {}
    if case.ranged_inputs():
        uncertainty["simulation"] = simulate_npv(case)
        base, bars = tornado(case)
        uncertainty["tornado"] = Tornado(base_npv=base, bars=bars)
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
    )


def compare_options(spec: OptionsSpec, *, provenance: Provenance | None = None) -> OptionsResult:
    """Evaluate every option of ``spec`` (see :func:`evaluate_case`).

    Parameters
    ----------
    spec : OptionsSpec
    provenance : Provenance, optional

    Returns
    -------
    OptionsResult
    """
    return OptionsResult(
        options=tuple(evaluate_case(case) for case in spec.cases()),
        provenance=provenance or provenance_for(spec),
    )


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
        low above high, a rate at or below -100 %, naming the field.
    """
    return CaseSpec.from_dict(spec, file=file)
