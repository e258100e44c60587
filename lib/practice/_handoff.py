"""A money scenario's figures, handed to ROI & Cost under the input names that page reads."""

from __future__ import annotations

from collections.abc import Mapping

from lib.practice._bank import Scenario

# Scenario figure -> ROI & Cost input name, for figures that pass over unchanged.
_SAME_FIGURE = {
    "predictions_per_month": "predictions_per_month",
    "cost_per_1000_before": "cost_before",
    "cost_per_1000_after": "cost_after",
    "requests_per_hour": "requests_per_hour",
    "capex": "build_cost",
}
_SPEND_CATEGORIES = ("training", "inference", "data")


def roi_inputs_from_numbers(numbers: Mapping[str, float]) -> dict[str, float | str]:
    """Translate a scenario's figures into the input names ROI & Cost accepts.

    A monthly spend is split into training, inference and data by the scenario's
    ``<category>_share`` figures (all training when it gives none) and also becomes
    the monthly budget; an hourly rate fills both the GPU and the on-demand price.

    Parameters
    ----------
    numbers : mapping
        A scenario's ``numbers``.

    Returns
    -------
    dict
        ROI & Cost input name -> value (empty when no figure applies).

    Examples
    --------
    >>> roi_inputs_from_numbers({"monthly_spend": 1000.0, "training_share": 0.6, "inference_share": 0.4})
    {'baseline_training': 600.0, 'baseline_inference': 400.0, 'baseline_data': 0.0, 'monthly_budget': 1000.0}
    """
    inputs: dict[str, float | str] = {}
    if "monthly_spend" in numbers:
        spend = float(numbers["monthly_spend"])
        shares = {c: numbers.get(f"{c}_share") for c in _SPEND_CATEGORIES}
        if any(v is not None for v in shares.values()):
            for category, share in shares.items():
                inputs[f"baseline_{category}"] = spend * float(share or 0.0)
        else:  # a spend with no split is training spend in the bank's scenarios
            inputs["baseline_training"] = spend
        inputs["monthly_budget"] = spend
    for name, target in _SAME_FIGURE.items():
        if name in numbers:
            inputs[target] = numbers[name]
    if "hourly_rate" in numbers:
        inputs["gpu_hourly"] = inputs["on_demand_hourly"] = numbers["hourly_rate"]
    return inputs


def roi_handoff(scenario: Scenario) -> dict[str, float | str] | None:
    """What Interview Practice puts in ``st.session_state["roi_prefill"]`` for a scenario, or None.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    dict or None
        ROI & Cost input name -> value for a money scenario whose figures ROI & Cost reads;
        None for any other scenario.
    """
    if not scenario.is_money:
        return None
    return roi_inputs_from_numbers(scenario.numbers) or None
