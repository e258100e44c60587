"""Hand-offs from the launch planner to other pages: the model's value as an ROI benefit range.

Other features read these plain dicts; nothing here imports them.
"""

from __future__ import annotations

from typing import Any

from lib.errors import InputError
from lib.launch._value import ValueResult


def roi_prefill(result: ValueResult, *, option: str = "Deploy the model") -> dict[str, Any]:
    """The figures ROI & Cost takes from ``st.session_state["roi_prefill"]``: a monthly benefit and its range.

    ``benefit`` is the likely monthly benefit over the status quo (never below 0: ROI benefits are
    gains); ``benefit_low_pct`` and ``benefit_high_pct`` give the P10 and P90 as percentages of it,
    the form of the ROI page's uncertainty inputs.

    Parameters
    ----------
    result : ValueResult
    option : str
        The name of the option in the ROI table.

    Returns
    -------
    dict
    """
    roi = result.roi_benefit
    likely = max(float(roi["likely"]), 0.0)
    prefill: dict[str, Any] = {"period": "month", "option": option, "benefit": round(likely, 2)}
    if likely > 0:
        prefill["benefit_low_pct"] = round(100 * max(float(roi["low"]), 0.0) / likely, 1)
        prefill["benefit_high_pct"] = round(100 * float(roi["high"]) / likely, 1)
    return prefill


def roi_case_spec(
    result: ValueResult,
    *,
    discount_rate: float,
    build_cost: float = 0.0,
    run_cost: float = 0.0,
    horizon_months: int = 36,
    ramp_up_months: float = 0.0,
    name: str = "Deploy the model",
) -> dict[str, Any]:
    """A ``roi_case`` spec (JSON mapping) whose monthly benefit is the model's value range.

    Parameters
    ----------
    result : ValueResult
    discount_rate : float
        Per year (0.08 for 8 %).
    build_cost, run_cost : float
        One-off dollars today, and dollars per month.
    horizon_months : int
    ramp_up_months : float
    name : str

    Returns
    -------
    dict
        ``{"kind": "roi_case", "period": "month", "benefit": {"low", "likely", "high", "distribution"}, ...}``;
        a benefit whose whole range is a loss is refused (no ROI case has negative benefit).

    Raises
    ------
    InputError
        When even the high end of the range is not a gain.
    """
    roi = result.roi_benefit
    if roi["high"] <= 0:
        raise InputError(
            "the model adds no value over the status quo, so it cannot seed an ROI benefit",
            expected="a benefit range above 0",
            found=f"high end {roi['high']:,.0f} dollars per month",
        )
    low, likely, high = (max(float(roi[k]), 0.0) for k in ("low", "likely", "high"))
    return {
        "kind": "roi_case",
        "name": name,
        "period": "month",
        "discount_rate": discount_rate,
        "build_cost": build_cost,
        "run_cost": run_cost,
        "benefit": {"low": low, "likely": likely, "high": high, "distribution": "pert"},
        "ramp_up_periods": ramp_up_months,
        "horizon": horizon_months,
    }
