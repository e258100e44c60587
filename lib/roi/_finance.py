"""Optional finance lines of a case: inflation, tax, straight-line depreciation and a terminal value.

Each is off unless the case sets it, and each is stated in the output when used:

- **inflation** (yearly): a line's amounts are in today's dollars and grow by (1 + i) ** (t / periods
  per year) to period t; lines marked ``inflation: false`` stay flat (a fixed-price contract).
- **tax** (a rate on profit): tax in a period is the rate times benefit minus running and one-time
  costs minus depreciation. A negative tax is a saving on the company's other profits (the case
  assumes there are some to offset).
- **depreciation** (periods): capital lines are not deducted when paid but in equal parts over
  this many periods, starting the period after the spend; parts falling after the horizon are
  not counted. Without it capital is deducted when paid. Depreciation is not cash: it only moves tax.
- **terminal value** (a yearly growth rate g): the last period's net flow is taken to continue
  for ever, growing at g: it is worth net × (1 + g) / (r - g) at the horizon (Gordon's formula,
  r and g per period), booked in the last period. The discount rate must stay above g.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Booked:
    """A case's money per draw and period (shape (n, periods)), split the way finance reads it.

    Attributes
    ----------
    benefit, running, one_time, capital : numpy.ndarray
        Money in, recurring costs, one-time costs, capital spending (positive numbers).
    depreciation, tax, terminal : numpy.ndarray
        Deducted for tax, tax paid (negative: saved), terminal value (last period only).
    net : numpy.ndarray
        What the case's NPV discounts: benefit - running - one-time - capital - tax + terminal.
    """

    benefit: np.ndarray
    running: np.ndarray
    one_time: np.ndarray
    capital: np.ndarray
    depreciation: np.ndarray
    tax: np.ndarray
    terminal: np.ndarray
    net: np.ndarray


def inflation_factors(inflation: float | None, n_periods: int, periods_per_year: int) -> np.ndarray:
    """(1 + i) ** (t / periods per year) for t = 0..n_periods-1 (ones without inflation).

    Examples
    --------
    >>> inflation_factors(0.1, 3, 1).round(4).tolist()
    [1.0, 1.1, 1.21]
    """
    t = np.arange(n_periods, dtype=float)
    if not inflation:
        return np.ones(n_periods)
    return np.asarray((1.0 + inflation) ** (t / periods_per_year))


def straight_line(capital: np.ndarray, periods: int) -> np.ndarray:
    """Depreciation per period: each spend in equal parts over ``periods`` periods, from the next period on.

    Examples
    --------
    >>> straight_line(np.array([[90.0, 0, 0, 0, 0]]), 3).tolist()
    [[0.0, 30.0, 30.0, 30.0, 0.0]]
    """
    total = np.cumsum(capital, axis=-1)
    lagged = np.zeros_like(total)
    lagged[..., 1:] = total[..., :-1]  # spent up to the period before
    older = np.zeros_like(total)
    if periods + 1 < total.shape[-1]:
        older[..., periods + 1 :] = total[..., : -(periods + 1)]  # spent long enough ago to be written off
    return np.asarray((lagged - older) / periods)


def book(
    *,
    benefit: np.ndarray,
    running: np.ndarray,
    one_time: np.ndarray,
    capital: np.ndarray,
    tax_rate: float | None,
    depreciation_periods: int | None,
    terminal_growth: float | None,
    rates: np.ndarray,
    periods_per_year: int,
) -> Booked:
    """Net flows after tax and terminal value from the booked lines (inflation already applied).

    Parameters
    ----------
    benefit, running, one_time, capital : numpy.ndarray
        Shape (n, periods), positive amounts.
    tax_rate : float or None
    depreciation_periods : int or None
    terminal_growth : float or None
        Yearly growth after the horizon.
    rates : numpy.ndarray
        Per-period discount rate of each draw, shape (n,) or (1,).
    periods_per_year : int

    Returns
    -------
    Booked
    """
    depreciation = capital if not depreciation_periods else straight_line(capital, depreciation_periods)
    zero = np.zeros_like(benefit)
    tax = zero if not tax_rate else tax_rate * (benefit - running - one_time - depreciation)
    net = benefit - running - one_time - capital - tax
    terminal = zero.copy()
    if terminal_growth is not None:
        growth = (1.0 + terminal_growth) ** (1.0 / periods_per_year) - 1.0
        rate = np.asarray(rates, dtype=float).reshape(-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            terminal[:, -1] = net[:, -1] * (1.0 + growth) / (rate - growth)
        net = net + terminal
    return Booked(benefit, running, one_time, capital, depreciation, tax, terminal, net)
