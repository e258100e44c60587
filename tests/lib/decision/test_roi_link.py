"""Build vs Buy scores its cost criterion from the present value of costs that ROI & Cost saves, never from NPV."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.analysis import run
from lib.decision.roi_link import (
    default_ceiling,
    latest_cost_scores,
    latest_roi_scores,
    npv_from_results,
    score_costs,
    value_function_text,
)
from lib.errors import InputError
from lib.roi import CaseSpec, OptionSpec, OptionsSpec, pv_cost_of
from lib.store import Workspace

OPTIONS = OptionsSpec(
    discount_rate=0.0,
    horizon=3,
    options=(
        OptionSpec(name="Build", build_cost=600_000, run_cost=100_000, benefit=500_000),
        OptionSpec(name="Buy / License", build_cost=50_000, run_cost=250_000, benefit=480_000),
        OptionSpec(name="Partner", build_cost=0, run_cost=300_000, benefit=400_000),
    ),
)


def test_costs_not_npv_score_the_criterion_through_the_stated_value_function():
    space = Workspace()
    space.save_analysis(title="Options", spec=OPTIONS, result=run(OPTIONS))
    found = latest_cost_scores(["Build", "Buy / License", "Partner"], workspace=space)
    assert found is not None and found.title == "Options"
    # At 0 % the PV of costs is the costs added up (benefits left out): hand-worked.
    assert found.pv_cost == {"Build": 900_000.0, "Buy / License": 800_000.0, "Partner": 900_000.0}
    assert found.ceiling == 2_000_000.0  # 1.5 × 900K = 1.35M, rounded up to 2 × 10^6
    assert found.scores == {"Build": 3.2, "Buy / License": 3.4, "Partner": 3.2}
    assert found.mapping == value_function_text(2_000_000.0)
    # Build has the highest NPV yet costs the same as Partner: its benefit does not improve its cost score.
    assert found.npv["Build"] > found.npv["Partner"] and found.scores["Build"] == found.scores["Partner"]


def test_two_options_ten_thousand_dollars_apart_score_nearly_the_same():
    scores = score_costs({"a": 1_000_000.0, "b": 1_010_000.0}, ceiling=2_000_000.0)
    assert scores["a"] - scores["b"] == pytest.approx(0.02)
    assert score_costs({"free": 0.0, "dear": 5e6}, ceiling=1e6) == {"free": 5.0, "dear": 1.0}
    with pytest.raises(InputError, match="ceiling"):
        score_costs({"a": 1.0}, ceiling=0.0)


@settings(max_examples=60, deadline=None)
@given(
    costs=st.dictionaries(
        st.text(min_size=1, max_size=5), st.floats(min_value=0, max_value=1e12), min_size=1, max_size=6
    ),
    ceiling=st.floats(min_value=1, max_value=1e13),
)
def test_the_value_function_is_bounded_and_never_rewards_a_dearer_option(costs, ceiling):
    scores = score_costs(costs, ceiling=ceiling)
    assert all(1.0 <= s <= 5.0 for s in scores.values())
    for a in costs:
        for b in costs:
            if costs[a] <= costs[b]:
                assert scores[a] >= scores[b]
    assert default_ceiling(costs) >= 1.5 * max(costs.values()) * (1 - 1e-12)


def test_a_ceiling_can_be_stated():
    space = Workspace()
    space.save_analysis(title="Options", spec=OPTIONS, result=run(OPTIONS))
    found = latest_cost_scores(["Build", "Partner"], workspace=space, ceiling=1_800_000.0)
    assert found is not None and found.scores == {"Build": 3.0, "Partner": 3.0}


def test_results_saved_before_the_cost_key_are_scored_from_their_spec():
    space = Workspace()
    result = run(OPTIONS).to_dict()
    result.pop("pv_cost_by_option")
    space.save(kind="roi_options", title="older", parameters=OPTIONS.to_dict(), results=result, spec=OPTIONS.to_dict())
    found = latest_cost_scores(["Build", "Partner"], workspace=space)
    assert found is not None and found.pv_cost == {"Build": 900_000.0, "Partner": 900_000.0}


def test_single_cases_are_combined_newest_first():
    space = Workspace()
    build = CaseSpec(name="Build", discount_rate=0.1, build_cost=100.0, run_cost=10.0, benefit=90.0, horizon=2)
    buy = CaseSpec(name="Buy", discount_rate=0.1, cash_flows=(-20.0, -30.0, 60.0))
    space.save_analysis(title="Build", spec=build, result=run(build))
    assert latest_cost_scores(["Build", "Buy"], workspace=space) is None
    space.save_analysis(title="Buy", spec=buy, result=run(buy))
    found = latest_cost_scores(["Build", "Buy"], workspace=space)
    assert found is not None and found.title == "Buy + Build"
    assert found.pv_cost["Build"] == pytest.approx(100 + 10 / 1.1 + 10 / 1.21)
    assert found.pv_cost["Buy"] == pytest.approx(20 + 30 / 1.1) == pytest.approx(pv_cost_of(buy))


def test_npv_only_analyses_cannot_score_cost_but_are_still_read_as_npv():
    space = Workspace()
    space.save(kind="roi", title="legacy", parameters={}, results={"npv": {"Build": 120_000.0, "Buy": 40_000.0}})
    assert latest_cost_scores(["Build", "Buy"], workspace=space) is None
    legacy = latest_roi_scores(["Build", "Buy"], workspace=space)
    assert legacy is not None and legacy.npv == {"Build": 120_000.0, "Buy": 40_000.0}
    assert npv_from_results({"options": {"A": {"npv": 1.0}, "B": {"npv": "x"}}}) == {"A": 1.0}


def test_unusable_saved_costs_are_skipped():
    space = Workspace()
    space.save(kind="roi_options", title="bad", parameters={}, results={"pv_cost_by_option": {"Build": "x", "Buy": -1}})
    assert latest_cost_scores(["Build", "Buy"], workspace=space) is None
