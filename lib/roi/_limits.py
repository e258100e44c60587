"""Limits and shared checks of the ROI & Cost specs: periods, simulations, rates.

Every number has a documented range; anything outside it is refused before work starts,
with a message naming the field.
"""

from __future__ import annotations

from typing import Literal

from lib.analysis import check_count, check_seed
from lib.errors import InputError
from lib.roi._checks import MAX_AMOUNT
from lib.roi._ranges import Value, check_value, lowest_of

Period = Literal["year", "month"]
PERIODS_PER_YEAR = {"year": 1, "month": 12}
STRUCTURED_KEYS = ("build_cost", "run_cost", "benefit")
# Documented limits of an investment case.
MAX_PERIODS = 600
MIN_SIMULATIONS = 10_000
MAX_SIMULATIONS = 2_000_000
# Draws held in memory at once: simulations × ranged inputs (160 MB of numbers).
MAX_DRAWS = 20_000_000
MAX_OPTIONS = 50
# Months are 730 hours (365 × 24 / 12) throughout.
HOURS_PER_MONTH = 730.0
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
MAX_DISCOUNT_RATE = 10.0  # 1,000 % a year
DEFAULT_N_SIM = 10_000


def check_rate(value: Value | None, *, field: str) -> None:
    """A yearly rate (number or range) above -1 (-100 %) and at most 10 (1,000 %), naming ``field``."""
    if value is None:
        return
    check_value(value, field=field, low=-MAX_AMOUNT, high=MAX_DISCOUNT_RATE)
    if lowest_of(value) <= -1:
        raise InputError(
            f"'{field}' must be above -1 (-100 %)", expected="a yearly rate such as 0.08 for 8 %",
            found=f"{lowest_of(value):g}",
        )  # fmt: skip


def check_simulation(n_sim: int, seed: int, n_ranged: int) -> None:
    """Draws within 10,000..2,000,000, a valid seed, and at most 20,000,000 numbers drawn at once."""
    check_count(n_sim, field="n_sim", low=MIN_SIMULATIONS, high=MAX_SIMULATIONS, what="draws")
    check_seed(seed)
    if n_sim * n_ranged > MAX_DRAWS:
        raise InputError(
            "too many draws for one simulation: 'n_sim' × ranged inputs is too large",
            expected=f"at most {MAX_DRAWS:,} draws (e.g. {MAX_DRAWS // max(n_ranged, 1):,} simulations here)",
            found=f"{n_sim:,} × {n_ranged} = {n_sim * n_ranged:,}",
        )
