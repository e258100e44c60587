"""Team plans: specs refuse bad input by name, rosters are read with clear errors, mix and flags, JSON keys."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.analysis import make_provenance, run
from lib.errors import InputError
from lib.roi import Range
from lib.team import (
    PAY_BANDS,
    PRESETS,
    Hire,
    RolePlan,
    TeamPlanResult,
    TeamPlanSpec,
    canonical_role,
    default_role_plans,
    plan_spec_from_json,
    preset_headcount,
    read_roster,
    run_plan,
)
from lib.team.analyses import EXAMPLE_ROSTER

PROVENANCE = make_provenance(parameters={})


def _plan(spec: TeamPlanSpec, roster: pd.DataFrame | None = None) -> TeamPlanResult:
    return run_plan(spec, roster, roster_name="roster.csv", provenance=PROVENANCE)


# --- presets and roles -------------------------------------------------------------------------------


def test_preset_mixes_are_the_reference_figures_and_add_up_to_100_percent():
    assert dict(PRESETS["l6_team"].shares) == {
        "ml_engineer": 0.40, "data_engineer": 0.30, "software_engineer": 0.20, "applied_scientist": 0.10,
    }  # fmt: skip
    assert dict(PRESETS["l7_org"].shares) == {
        "ml_engineer": 0.35, "data_engineer": 0.25, "software_engineer": 0.20, "applied_scientist": 0.15,
        "research_scientist": 0.05,
    }  # fmt: skip
    for preset in PRESETS.values():
        assert sum(preset.shares.values()) == pytest.approx(1.0)
        assert preset.source.as_of and preset.source.text


def test_pay_bands_are_labelled_with_source_and_year():
    assert (PAY_BANDS["L6"].low, PAY_BANDS["L6"].high) == (400_000.0, 530_000.0)
    assert (PAY_BANDS["L7"].low, PAY_BANDS["L7"].high) == (600_000.0, 825_000.0)
    assert all(b.source.as_of == "2025" for b in PAY_BANDS.values())
    l7 = {p.role: p.cost for p in default_role_plans("L7")}
    assert l7["ml_engineer"] == Range(600_000.0, 712_500.0, 825_000.0)
    with pytest.raises(InputError, match="unknown pay band"):
        default_role_plans("L9")


@settings(max_examples=200, deadline=None)
@given(preset=st.sampled_from(sorted(PRESETS)), size=st.integers(1, 5_000))
def test_preset_headcount_adds_up_and_stays_within_one_person_of_each_share(preset, size):
    counts = preset_headcount(preset, size)
    assert sum(counts.values()) == size
    for role, share in PRESETS[preset].shares.items():
        assert abs(counts[role] - share * size) < 1.0 and counts[role] >= 0


@pytest.mark.parametrize(
    ("text", "role"),
    [("ML Engineer", "ml_engineer"), ("MLEs", "ml_engineer"), ("data-engineer", "data_engineer"),
     ("SWE", "software_engineer"), ("Data Scientist", "applied_scientist"), ("ML Platform Engineer", "mlops_engineer"),
     ("EM", "engineering_manager"), ("Research Scientists", "research_scientist"), ("chef", None)],
)  # fmt: skip
def test_role_spellings(text, role):
    assert canonical_role(text) == role


# --- the spec refuses bad input by name --------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quarters": 0}, "'quarters' is out of range"),
        ({"quarters": 21}, "'quarters' is out of range"),
        ({"team_size": 0}, "'team_size' is out of range"),
        ({"n_sim": 999}, "'n_sim' is out of range"),
        ({"seed": -1}, "'seed' is out of range"),
        ({"mlops_ratio": -1.0}, "'mlops_ratio' is out of range"),
        ({"mix_tolerance": 1.5}, "'mix_tolerance' is out of range"),
        ({"hires": (Hire("ml_engineer", 5),)}, "a requisition opens after the plan ends"),
        ({"roles": ()}, "'roles' is empty"),
        ({"roles": (RolePlan("ml_engineer", cost=1.0),)}, "has no cost or hiring figures in 'roles'.*data_engineer"),
        ({"roles": (*default_role_plans(), RolePlan("MLE", cost=1.0))}, "a role has two plans in 'roles'.*ml_engineer"),
        ({"team_size": 5_000, "n_sim": 10_000}, "too many people to simulate"),
        ({"mlops_roles": ("wizard",)}, "unknown roles in 'mlops_roles'"),
    ],
)
def test_bad_plans_are_refused_naming_the_field(changes, message):
    with pytest.raises(InputError, match=message):
        TeamPlanSpec(**changes)


def test_unknown_roles_are_listed_with_the_known_ones():
    with pytest.raises(InputError) as caught:
        Hire("astronaut", 1)
    text = str(caught.value)
    assert "unknown roles" in text and "'astronaut'" in text and "ml_engineer" in text and "product_manager" in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cost": -1.0}, r"'roles\[ml_engineer\].cost' is out of range"),
        ({"cost": Range(500.0, 100.0, 50.0)}, "low is above high"),
        ({"time_to_hire": 40.0}, r"'roles\[ml_engineer\].time_to_hire' is out of range"),
        ({"attrition": 1.0}, r"'roles\[ml_engineer\].attrition' is out of range"),
        ({"ramp_start": 1.5}, r"'roles\[ml_engineer\].ramp_start' is out of range"),
    ],
)
def test_bad_role_figures_name_the_role(changes, message):
    with pytest.raises(InputError, match=message):
        RolePlan("ml_engineer", **{"cost": 1.0, **changes})


def test_role_names_are_read_in_their_usual_spellings():
    spec = TeamPlanSpec(hires=(Hire("MLOps", 1, 2),))
    assert spec.hires[0].role == "mlops_engineer"
    assert TeamPlanSpec.from_dict(json.loads(spec.to_json())) == spec


def test_plan_json_with_options_and_errors_naming_the_option():
    spec = plan_spec_from_json(b'{"quarters": 2, "hires": [{"role": "ML engineer", "quarter": 1}]}', file="plan.json")
    assert spec.quarters == 2 and spec.hires == (Hire("ml_engineer", 1, 1),)
    assert plan_spec_from_json("{}", file="p.json", overrides={"quarters": 8, "seed": None}).quarters == 8
    with pytest.raises(InputError, match="--n-sim is out of range"):
        plan_spec_from_json("{}", file="p.json", overrides={"n_sim": 3})
    with pytest.raises(InputError, match=r"file 'p.json'.*unknown field 'quaters'"):
        plan_spec_from_json('{"quaters": 3}', file="p.json")
    with pytest.raises(InputError, match=r"file 'p.json'.*not valid JSON"):
        plan_spec_from_json("{", file="p.json")


# --- rosters -----------------------------------------------------------------------------------------


def test_the_example_roster_is_counted_by_role_level_and_location():
    summary = read_roster(pd.read_csv(EXAMPLE_ROSTER), file="example_roster.csv")
    assert (
        summary.people == 12 and summary.headcount["ml_engineer"] == 4 and summary.headcount["engineering_manager"] == 1
    )
    assert summary.by_level == {"L4": 2, "L5": 7, "L6": 3}
    assert summary.by_location == {"Berlin": 4, "London": 6, "Remote": 2}
    assert summary.people_without_cost == 4 and summary.yearly_cost_known == 2_800_000.0
    assert summary.known_costs["ml_engineer"] == (310_000.0, 420_000.0, 240_000.0)


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (
            pd.DataFrame({"title": ["MLE"], "cost": [1]}),
            "file 'r.csv': the roster has no role column.*found columns title, cost",
        ),
        (
            pd.DataFrame({"Role": ["MLE", "chef", "pilot", "chef"]}),
            "column 'Role': unknown roles in the roster.*'chef', 'pilot'",
        ),
        (pd.DataFrame({"role": ["MLE", " "]}), "column 'role': empty roles in row 3"),
        (pd.DataFrame({"role": ["MLE", "DE"], "cost": [1, -5]}), "column 'cost': negative costs in row 3"),
        (
            pd.DataFrame({"role": ["MLE", "DE"], "cost": ["lots", 5]}),
            "column 'cost': costs that are not numbers in row 2",
        ),
        (pd.DataFrame({"role": pd.Series([], dtype=str)}), "the roster has no people"),
    ],
)
def test_bad_rosters_get_one_clear_message(frame, message):
    with pytest.raises(InputError, match=message):
        read_roster(frame, file="r.csv")


def test_a_roster_role_without_figures_is_refused_by_name():
    spec = TeamPlanSpec(start="roster", roles=(RolePlan("ml_engineer", cost=1.0),))
    with pytest.raises(InputError, match=r"no cost or hiring figures.*data_engineer"):
        _plan(spec, pd.DataFrame({"role": ["MLE", "DE"]}))


def test_roster_start_through_the_contract_records_the_roster():
    spec = TeamPlanSpec(start="roster", n_sim=1_000)
    assert spec.required_inputs() == {"data": "table"} and TeamPlanSpec().required_inputs() == {}
    result = run(spec, {"data": str(EXAMPLE_ROSTER)})
    assert result.starting_headcount["applied_scientist"] == 3 and result.roster.people == 12
    assert result.provenance.inputs["data"]["name"] == "example_roster.csv"
    assert "known_costs" not in result.to_dict()["roster"]
    with pytest.raises(InputError, match="needs its 'data' input"):
        run(spec, {})


# --- results: figures, mix, flags, JSON --------------------------------------------------------------


def _fixed_roles(**overrides):
    # No uncertainty: costs fixed, nobody leaves, requisitions filled in one month.
    return tuple(
        RolePlan(p.role, cost=120_000.0, time_to_hire=1.0, ramp_months=0.0, attrition=0.0, **overrides)
        for p in default_role_plans()
    )


def test_a_plan_without_uncertainty_is_exact():
    spec = TeamPlanSpec(
        team_size=10, quarters=2, roles=_fixed_roles(), hires=(Hire("data_engineer", 2, 2),), n_sim=1_000
    )
    result = _plan(spec)
    q1, q2 = result.quarters
    assert q1.headcount["total"].p10 == q1.headcount["total"].p90 == 10
    assert q2.headcount["total"].p50 == 12 and q2.headcount["data_engineer"].mean == 5
    assert q1.cost["total"].mean == pytest.approx(10 * 30_000.0)
    assert q2.cost["total"].mean == pytest.approx(10 * 30_000.0 + 2 * 20_000.0)  # hires start a month into Q2
    assert q2.effective_fte["total"].mean == pytest.approx(10 + 2 * 2 / 3)
    assert result.total_cost.mean == pytest.approx(640_000.0) and result.people_cost_per_month.mean == pytest.approx(
        640_000.0 / 6
    )
    assert result.roi_prefill() == {
        "option": "Team plan",
        "run_cost": pytest.approx(640_000.0 / 6, abs=0.01),
        "period": "month",
    }
    assert result.requisitions == {"ml_engineer": 0, "data_engineer": 2, "software_engineer": 0, "applied_scientist": 0}
    assert not [f for f in result.flags if f.code in ("shrinking", "open_requisitions")]


def test_mix_compares_with_the_reference_and_flags_gaps():
    spec = TeamPlanSpec(
        start="blank", quarters=1, roles=_fixed_roles(),
        hires=(Hire("applied_scientist", 1, 4), Hire("ml_engineer", 1, 4), Hire("software_engineer", 1, 2)),
        data_heavy=True, n_sim=1_000,
    )  # fmt: skip
    result = _plan(spec)
    mix = {m.role: m for m in result.mix}
    assert mix["applied_scientist"].end_share == pytest.approx(0.4) and mix["applied_scientist"].gap == pytest.approx(
        0.3
    )
    assert (
        mix["data_engineer"].end_count == 0
        and mix["data_engineer"].to_match == 3
        and mix["applied_scientist"].to_match == -3
    )
    assert mix["ml_engineer"].start_share is None  # the team starts empty
    codes = [f.code for f in result.flags]
    assert codes.count("mix") == 2 and "mlops_ratio" in codes and "data_engineers" in codes and "team_size" not in codes
    ratio = next(f for f in result.flags if f.code == "mlops_ratio")
    assert "1.00 MLOps-capable engineers" in ratio.message and result.mlops_per_scientist == pytest.approx(1.0)
    assert "no data engineers" in next(f for f in result.flags if f.code == "data_engineers").message


def test_mlops_engineers_count_with_ml_engineers_in_the_mix():
    spec = TeamPlanSpec(
        start="blank",
        quarters=1,
        roles=_fixed_roles(),
        hires=(Hire("mlops_engineer", 1, 4), Hire("ml_engineer", 1, 4)),
        n_sim=1_000,
    )
    (row,) = [m for m in _plan(spec).mix if m.role == "ml_engineer"]
    assert row.end_count == 8 and row.title == "ML and MLOps engineer"


def test_a_shrinking_team_and_turning_the_ratio_check_off():
    roles = tuple(RolePlan(p.role, cost=1.0, attrition=0.9) for p in default_role_plans())
    result = _plan(TeamPlanSpec(team_size=20, quarters=8, roles=roles, backfill=False, mlops_ratio=0.0, n_sim=1_000))
    codes = {f.code for f in result.flags}
    assert "shrinking" in codes and "mlops_ratio" not in codes


def test_json_keys_other_tools_read():
    result = _plan(TeamPlanSpec(hires=(Hire("mlops_engineer", 1, 2),), n_sim=1_000))
    payload = json.loads(result.to_json())
    assert {"quarters", "mix", "flags", "total_cost", "people_cost_per_month", "sources", "provenance"} <= set(payload)
    first = payload["quarters"][0]
    assert set(first) == {"quarter", "headcount", "cost", "effective_fte"}
    assert set(first["headcount"]["total"]) == {"p10", "p50", "p90", "mean"} and "mlops_engineer" in first["cost"]
    assert {"role", "reference_share", "start_share", "end_share", "gap"} <= set(payload["mix"][0])
    assert all(set(f) == {"code", "severity", "message"} for f in payload["flags"])
    assert TeamPlanResult.from_dict(payload).to_dict() == payload


def test_same_seed_same_plan():
    spec = TeamPlanSpec(hires=(Hire("ml_engineer", 2, 3),), n_sim=2_000, seed=3)
    assert _plan(spec).to_dict()["quarters"] == _plan(spec).to_dict()["quarters"]
    assert _plan(spec.replace(seed=4)).to_dict()["quarters"] != _plan(spec).to_dict()["quarters"]


@settings(max_examples=25, deadline=None)
@given(
    size=st.integers(1, 40),
    hires=st.lists(
        st.tuples(
            st.sampled_from(["ml_engineer", "data_engineer", "mlops_engineer"]), st.integers(1, 4), st.integers(1, 5)
        ),
        max_size=4,
    ),
    attrition=st.floats(0.0, 0.95),
    backfill=st.booleans(),
)
def test_headcount_never_negative_and_percentiles_in_order(size, hires, attrition, backfill):
    roles = tuple(RolePlan(p.role, cost=Range(1.0, 2.0, 4.0), attrition=attrition) for p in default_role_plans())
    spec = TeamPlanSpec(
        team_size=size, roles=roles, hires=tuple(Hire(*h) for h in hires), backfill=backfill, n_sim=1_000
    )
    result = _plan(spec)
    for row in result.quarters:
        for measure in (row.headcount, row.cost, row.effective_fte):
            for value in measure.values():
                assert 0 <= value.p10 <= value.p50 <= value.p90
        assert row.headcount["total"].p90 <= size + sum(h[2] for h in hires)
    assert np.isfinite(result.total_cost.mean)
