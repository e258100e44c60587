"""The investment case: a spec (numbers or ranges) turned into cash flows and metrics."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from lib.errors import InputError
from lib.provenance import Provenance, make_provenance
from lib.roi._cashflow import (
    discounted_payback_periods,
    irr,
    is_finite_or_none,
    npv,
    payback_periods,
    periodic_rate,
    roi_pct,
)
from lib.roi._checks import finite, non_negative
from lib.roi._ranges import Range, Value, likely_of, parse_value, value_to_dict

Period = Literal["year", "month"]
PERIODS_PER_YEAR = {"year": 1, "month": 12}
STRUCTURED_KEYS = ("build_cost", "run_cost", "benefit")
SPEC_KEYS = {
    "name",
    "discount_rate",
    "period",
    "cash_flows",
    "build_cost",
    "run_cost",
    "benefit",
    "ramp_up_periods",
    "horizon",
}
MAX_PERIODS = 600


@dataclass(frozen=True)
class InvestmentCase:
    """What an investment costs and returns, period by period.

    Either ``cash_flows`` is given (period 0 = today), or the flows are built
    from ``build_cost`` (spent at period 0), ``run_cost`` and ``benefit`` per
    period for periods 1..``horizon``, the benefit rising in a straight line
    over ``ramp_up_periods`` periods before reaching its full level.

    ``discount_rate`` is per year; with monthly periods it is converted to the
    equivalent monthly rate ``(1 + r) ** (1 / 12) - 1``.
    """

    discount_rate: Value
    period: Period = "year"
    cash_flows: tuple[Value, ...] | None = None
    build_cost: Value = 0.0
    run_cost: Value = 0.0
    benefit: Value = 0.0
    ramp_up_periods: float = 0.0
    horizon: int = 5
    name: str = "investment"

    @property
    def n_periods(self) -> int:
        """Number of cash-flow points, period 0 included."""
        return len(self.cash_flows) if self.cash_flows is not None else self.horizon + 1

    def inputs(self) -> dict[str, Value]:
        """Every input that can be a range, by name."""
        values: dict[str, Value] = {"discount_rate": self.discount_rate}
        if self.cash_flows is not None:
            values.update({f"cash_flows[{t}]": v for t, v in enumerate(self.cash_flows)})
        else:
            values.update({k: getattr(self, k) for k in STRUCTURED_KEYS})
        return values

    def ranged_inputs(self) -> dict[str, Range]:
        """The inputs given as ranges."""
        return {k: v for k, v in self.inputs().items() if isinstance(v, Range)}

    def flows_for(self, draws: Mapping[str, np.ndarray]) -> np.ndarray:
        """Cash flows, shape (n, periods), for arrays of input values of shape (n,)."""
        if self.cash_flows is not None:
            return np.stack([np.asarray(draws[f"cash_flows[{t}]"], float) for t in range(self.n_periods)], axis=-1)
        t = np.arange(1, self.horizon + 1)
        ramp = np.minimum(1.0, t / self.ramp_up_periods) if self.ramp_up_periods > 0 else np.ones_like(t, float)
        benefit = np.asarray(draws["benefit"], float)[:, None] * ramp
        running = benefit - np.asarray(draws["run_cost"], float)[:, None]
        return np.concatenate([-np.asarray(draws["build_cost"], float)[:, None], running], axis=1)

    def rate_for(self, annual: np.ndarray) -> np.ndarray:
        """Per-period rates from annual rates."""
        return periodic_rate(annual, PERIODS_PER_YEAR[self.period])

    def roi_pct_at_likely(self) -> float | None:
        """Undiscounted ROI in percent at likely values.

        With cost and benefit lines it is (total benefit - total cost) / total
        cost, counting the build cost and every period's run cost. With bare
        cash flows only net amounts are known, so money out is the sum of the
        negative flows.
        """
        if self.cash_flows is not None:
            return roi_pct(self.likely_flows())
        t = np.arange(1, self.horizon + 1)
        ramp = np.minimum(1.0, t / self.ramp_up_periods) if self.ramp_up_periods > 0 else np.ones(self.horizon)
        benefit = likely_of(self.benefit) * ramp.sum()
        cost = likely_of(self.build_cost) + likely_of(self.run_cost) * self.horizon
        return None if cost == 0 else float((benefit - cost) / cost * 100)

    def likely_flows(self) -> np.ndarray:
        """The cash flows with every input at its likely value."""
        draws = {k: np.array([likely_of(v)]) for k, v in self.inputs().items()}
        return self.flows_for(draws)[0]

    def to_dict(self) -> dict[str, Any]:
        """The spec, JSON-ready (round-trips through :func:`case_from_spec`)."""
        spec: dict[str, Any] = {
            "name": self.name,
            "discount_rate": value_to_dict(self.discount_rate),
            "period": self.period,
        }
        if self.cash_flows is not None:
            spec["cash_flows"] = [value_to_dict(v) for v in self.cash_flows]
        else:
            spec.update({k: value_to_dict(getattr(self, k)) for k in STRUCTURED_KEYS})
            spec.update({"ramp_up_periods": self.ramp_up_periods, "horizon": self.horizon})
        return spec


def case_from_spec(spec: Mapping[str, Any], *, file: str | None = None) -> InvestmentCase:
    """Validate a spec mapping (the ``roi`` command's JSON) into an :class:`InvestmentCase`.

    Raises
    ------
    InputError
        Unknown keys, missing discount rate, negative costs, a range with
        low above high, a rate at or below -100 %.
    """
    try:
        return _case_from_spec(spec)
    except InputError as error:
        raise error.with_file(file) if file else error from None


def _case_from_spec(spec: Mapping[str, Any]) -> InvestmentCase:
    if not isinstance(spec, Mapping):
        raise InputError("the spec must be a JSON object", expected="{...}", found=type(spec).__name__)
    unknown = sorted(set(spec) - SPEC_KEYS)
    if unknown:
        raise InputError("the spec has unknown keys", expected=", ".join(sorted(SPEC_KEYS)), found=", ".join(unknown))
    if "discount_rate" not in spec:
        raise InputError("the spec has no 'discount_rate'", expected="a yearly rate such as 0.08 for 8 %")
    rate = parse_value(spec["discount_rate"], name="discount_rate")
    lowest_rate = rate.low if isinstance(rate, Range) else rate
    if lowest_rate <= -1:
        raise InputError("'discount_rate' must be above -1 (-100 %)", expected="e.g. 0.08", found=f"{lowest_rate:g}")
    period = spec.get("period", "year")
    if period not in PERIODS_PER_YEAR:
        raise InputError("'period' is not known", expected="'year' or 'month'", found=repr(period))
    name = str(spec.get("name", "investment"))
    if "cash_flows" in spec:
        extra = sorted(set(spec) & {*STRUCTURED_KEYS, "ramp_up_periods", "horizon"})
        if extra:
            raise InputError("give either 'cash_flows' or the cost and benefit lines, not both", found=", ".join(extra))
        raw = spec["cash_flows"]
        if not isinstance(raw, list) or len(raw) < 2 or len(raw) > MAX_PERIODS:
            raise InputError(
                "'cash_flows' must be a list of period amounts",
                expected=f"2 to {MAX_PERIODS} numbers or ranges, period 0 = today",
                found=repr(raw)[:80],
            )
        flows = tuple(parse_value(v, name=f"cash_flows[{t}]") for t, v in enumerate(raw))
        return InvestmentCase(discount_rate=rate, period=period, cash_flows=flows, name=name)
    if not any(k in spec for k in STRUCTURED_KEYS):
        raise InputError(
            "the spec has no cash flows", expected="'cash_flows' or 'build_cost', 'run_cost' and 'benefit'"
        )
    lines = {}
    for key in STRUCTURED_KEYS:
        value = parse_value(spec.get(key, 0.0), name=key)
        low = value.low if isinstance(value, Range) else value
        non_negative(low, name=key, unit=" dollars")
        lines[key] = value
    horizon_raw = finite(spec.get("horizon", 5), name="horizon")
    if horizon_raw != int(horizon_raw) or not 1 <= horizon_raw <= MAX_PERIODS:
        raise InputError(
            "'horizon' must be a whole number of periods", expected=f"1 to {MAX_PERIODS}", found=f"{horizon_raw:g}"
        )
    ramp = non_negative(spec.get("ramp_up_periods", 0.0), name="ramp_up_periods", unit=" periods")
    return InvestmentCase(
        discount_rate=rate, period=period, ramp_up_periods=ramp, horizon=int(horizon_raw), name=name, **lines
    )


@dataclass(frozen=True)
class InvestmentResult:
    """NPV, IRR, payback and ROI of a case at its likely values.

    Attributes
    ----------
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
        Net gain over money spent, undiscounted, in percent (see
        :meth:`InvestmentCase.roi_pct_at_likely`).
    cash_flows : tuple of float
        The flows used, period 0 first.
    """

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
    provenance: Provenance = field(compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "name": self.name,
            "period": self.period,
            "discount_rate": self.discount_rate,
            "npv": self.npv,
            "irr": self.irr,
            "irr_annual": self.irr_annual,
            "payback_periods": self.payback_periods,
            "discounted_payback_periods": self.discounted_payback_periods,
            "roi_pct": self.roi_pct,
            "cash_flows": list(self.cash_flows),
            "convention": "period 0 is today and is not discounted (numpy-financial's convention)",
            "provenance": self.provenance.to_dict(),
        }


def evaluate_case(case: InvestmentCase) -> InvestmentResult:
    """Metrics of a case with every input at its likely value."""
    flows = case.likely_flows()
    annual = likely_of(case.discount_rate)
    rate = float(case.rate_for(np.array(annual)))
    rate_of_return = is_finite_or_none(irr(flows))
    per_year = PERIODS_PER_YEAR[case.period]
    irr_annual = None if rate_of_return is None else is_finite_or_none((1 + rate_of_return) ** per_year - 1)
    return InvestmentResult(
        name=case.name,
        period=case.period,
        discount_rate=annual,
        npv=float(npv(rate, flows)),
        irr=rate_of_return,
        irr_annual=irr_annual,
        payback_periods=payback_periods(flows),
        discounted_payback_periods=discounted_payback_periods(rate, flows),
        roi_pct=case.roi_pct_at_likely(),
        cash_flows=tuple(float(x) for x in flows),
        provenance=make_provenance(parameters=case.to_dict()),
    )
