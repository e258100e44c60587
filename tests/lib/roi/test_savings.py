"""Savings plan: levers on the same spend combine, never add; totals stay within spend."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.errors import InputError
from lib.roi import (
    CATEGORIES,
    DEFAULT_BASELINE,
    DEFAULT_LEVERS,
    Lever,
    Range,
    combined_saving_share,
    levers_from_records,
    savings_plan,
)


def test_two_half_cuts_on_the_same_spend_save_three_quarters_not_all():
    levers = [Lever("a", "training", 1.0, 0.5, 0.5, 0.5), Lever("b", "training", 1.0, 0.5, 0.5, 0.5)]
    plan = savings_plan({"training": 1000.0}, levers)
    assert plan.total_likely == pytest.approx(750.0)
    assert plan.levers["saving_likely"].tolist() == [500.0, 250.0]
    assert combined_saving_share([0.5, 0.5]) == pytest.approx(0.75)


def test_reach_scales_a_lever_and_categories_stay_separate():
    levers = [Lever("spot", "training", 0.5, 0.6, 0.7, 0.8), Lever("batch", "inference", 1.0, 0.1, 0.2, 0.3)]
    plan = savings_plan({"training": 1000.0, "inference": 500.0, "data": 100.0}, levers)
    assert plan.total_low == pytest.approx(1000 * 0.5 * 0.6 + 500 * 0.1)
    assert plan.total_likely == pytest.approx(1000 * 0.5 * 0.7 + 500 * 0.2)
    assert plan.total_high == pytest.approx(1000 * 0.5 * 0.8 + 500 * 0.3)
    data_row = plan.by_category.set_index("category").loc["data"]
    assert data_row["saving_likely"] == 0 and data_row["spend_after_likely"] == 100


lever_strategy = st.builds(
    lambda cat, reach, a, b, c: Lever("x", cat, reach, *sorted((a, b, c))),
    st.sampled_from(CATEGORIES),
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0, max_value=1),
)


@settings(max_examples=80, deadline=None)
@given(
    levers=st.lists(lever_strategy, max_size=12),
    spends=st.lists(st.floats(min_value=0, max_value=1e7), min_size=4, max_size=4),
)
def test_savings_never_exceed_spend_and_combine_multiplicatively(levers, spends):
    baseline = dict(zip(CATEGORIES, spends, strict=True))
    plan = savings_plan(baseline, levers)
    for row in plan.by_category.itertuples():
        assert 0 <= row.saving_low <= row.saving_likely + 1e-6 <= row.saving_high + 2e-6
        assert row.saving_high <= row.spend * (1 + 1e-12)
        cuts = [lv.applies_to * lv.likely for lv in levers if lv.category == row.category]
        assert row.saving_likely == pytest.approx(row.spend * combined_saving_share(cuts), rel=1e-9, abs=1e-6)
    assert plan.levers["saving_likely"].sum() == pytest.approx(plan.total_likely, rel=1e-9, abs=1e-6)
    assert plan.total_high <= plan.total_baseline * (1 + 1e-12)


def test_default_levers_use_the_published_ranges():
    by_name = {lv.name: lv for lv in DEFAULT_LEVERS}
    spot = next(lv for name, lv in by_name.items() if name.startswith("Spot"))
    assert (spot.low, spot.high) == (0.6, 0.8)
    mixed = next(lv for name, lv in by_name.items() if name.startswith("Mixed"))
    assert (mixed.low, mixed.high) == (0.3, 0.5)
    plan = savings_plan({"training": 2e6}, DEFAULT_LEVERS)
    assert 0 < plan.total_likely < 2e6


def test_levers_from_edited_rows():
    rows = [{"name": "Spot", "category": " Training ", "applies_to": 1, "low": 0.6, "likely": 0.7, "high": 0.8}]
    assert levers_from_records(rows)[0] == Lever("Spot", "training", 1.0, 0.6, 0.7, 0.8)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: Lever("x", "training", 1, 0.8, 0.7, 0.6), "low <= likely <= high"),
        (lambda: Lever("x", "training", 1.5, 0.1, 0.2, 0.3), "out of range"),
        (lambda: Lever("x", "training", 1, -0.1, 0.2, 0.3), "out of range"),
        (lambda: Lever("x", "marketing", 1, 0.1, 0.2, 0.3), "unknown category"),
        (lambda: savings_plan({"training": -5}, []), "cannot be negative"),
        (lambda: savings_plan({"hr": 5}, []), "unknown spend category"),
        (lambda: levers_from_records([{"name": "x", "category": "data", "applies_to": "all"}]), "must be a number"),
    ],
)
def test_bad_levers_and_baselines(make, words):
    with pytest.raises(InputError, match=words):
        make()


def test_plan_tables_are_json_ready():
    plan = savings_plan({"training": 10.0, "inference": 5.0}, DEFAULT_LEVERS)
    data = plan.to_dict()
    assert set(data["total_saving"]) == {"low", "likely", "high"}
    assert np.isclose(sum(r["saving_likely"] for r in data["levers"]), data["total_saving"]["likely"])


def test_adoption_delay_and_implementation_cost_by_hand():
    lever = Lever(
        "spot", "training", 1.0, 0.5, 0.5, 0.5, implementation_cost=1_500.0, start_delay_months=1.5, adoption=0.8
    )
    plan = savings_plan({"training": 1000.0}, [lever], months=4)
    # Cut 1.0 × 0.5 × 0.8 = 40 % of $1,000: $400 a month once live; live from half-way through month 2.
    assert plan.total_likely == pytest.approx(400.0)
    assert plan.by_month["saving"].tolist() == pytest.approx([0.0, 200.0, 400.0, 400.0])
    assert plan.by_month["cumulative_net"].tolist() == pytest.approx([-1500.0, -1300.0, -900.0, -500.0])
    assert plan.net_saving == pytest.approx(-500.0) and plan.payback_month is None
    assert plan.implementation_cost == 1_500.0
    longer = savings_plan({"training": 1000.0}, [lever], months=6)
    assert longer.payback_month == 6  # -500 + 400 + 400 = 300 at month 6, -100 at month 5


def test_adoption_ranges_widen_the_low_and_high_totals():
    sure = Lever("x", "inference", 1.0, 0.2, 0.3, 0.4)
    unsure = Lever("x", "inference", 1.0, 0.2, 0.3, 0.4, adoption=Range(0.5, 0.8, 1.0))
    a, b = savings_plan({"inference": 100.0}, [sure]), savings_plan({"inference": 100.0}, [unsure])
    assert (a.total_low, a.total_likely, a.total_high) == pytest.approx((20.0, 30.0, 40.0))
    assert (b.total_low, b.total_likely, b.total_high) == pytest.approx((10.0, 24.0, 40.0))


def test_the_default_plan_counts_what_it_takes():
    plan = savings_plan(DEFAULT_BASELINE, DEFAULT_LEVERS)
    assert plan.implementation_cost > 0 and plan.total_likely < 0.45 * sum(DEFAULT_BASELINE.values())
    sim = plan.simulation
    assert sim.net_saving.p10 <= sim.net_saving.p50 <= sim.net_saving.p90
    assert sim.run_rate.p90 <= plan.total_high and sim.run_rate.p10 >= plan.total_low
    assert sim.sensitivity[0].share_of_variance > 0
    again = savings_plan(DEFAULT_BASELINE, DEFAULT_LEVERS)
    assert again.simulation == sim  # seeded


def test_a_plan_saved_before_timing_still_reads():
    from lib.roi import SavingsSpec

    old = {"kind": "savings_plan", "baseline": {"training": 10.0}, "levers": [
        {"name": "a", "category": "training", "applies_to": 1, "low": 0.1, "likely": 0.2, "high": 0.3}]}  # fmt: skip
    spec = SavingsSpec.from_dict(old)
    assert spec.months == 24 and spec.levers[0].adoption == 1.0


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: Lever("x", "data", 1, 0.1, 0.2, 0.3, adoption=1.5), "x: adoption"),
        (lambda: Lever("x", "data", 1, 0.1, 0.2, 0.3, start_delay_months=-1), "x: start_delay_months"),
        (lambda: Lever("x", "data", 1, 0.1, 0.2, 0.3, implementation_cost=-5), "x: implementation_cost"),
        (lambda: savings_plan({"data": 1.0}, [], months=0), "'months' is out of range"),
    ],
)
def test_bad_timing_is_named(make, words):
    with pytest.raises(InputError, match=words):
        make()
