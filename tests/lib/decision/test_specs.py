"""The decision and AHP specs: every bad field is refused by name; JSON round-trips; runs follow the spec."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest

from lib.analysis import spec_from_dict
from lib.decision import (
    AhpSpec,
    Criterion,
    DecisionNote,
    DecisionSpec,
    Judgement,
    ScoreSheet,
    ahp_weights,
    build_matrix,
    get_preset,
    run_ahp,
    run_decision,
    spec_from_matrix,
    with_record,
)
from lib.decision.weights import pairwise_from_judgements
from lib.errors import InputError


def _spec(**changes) -> DecisionSpec:
    base = {
        "options": ("Build", "Buy"),
        "criteria": (Criterion("edge", 3.0), Criterion("cost", 1.0)),
        "sheets": (ScoreSheet("Ana", ((5.0, 2.0), (2.0, 5.0))),),
        "n_sim": 100,
    }
    base.update(changes)
    return DecisionSpec(**base)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"options": ("Build",)}, "'options'"),
        ({"options": ("Build", "Build")}, "'options'"),
        ({"options": ("Build", " ")}, "'options[1]'"),
        ({"options": ("Build", "Weight")}, "'options[1]'"),
        ({"options": tuple(f"o{i}" for i in range(9))}, "'options'"),
        ({"criteria": ()}, "'criteria'"),
        ({"criteria": (Criterion("edge", 1e308), Criterion("cost", 1.0))}, "'criteria[0].weight'"),
        ({"criteria": (Criterion("edge", -1.0), Criterion("cost", 1.0))}, "'criteria[0].weight'"),
        ({"criteria": (Criterion("edge", math.nan), Criterion("cost", 1.0))}, "'criteria[0].weight'"),
        ({"criteria": (Criterion("edge", 0.0), Criterion("cost", 0.0))}, "criteria[].weight"),
        ({"criteria": (Criterion("edge", 1.0), Criterion("edge", 1.0))}, "'criteria'"),
        ({"sheets": ()}, "'sheets'"),
        ({"sheets": (ScoreSheet("Ana", ((5.0, 2.0),)),)}, "'sheets[0].scores'"),
        ({"sheets": (ScoreSheet("Ana", ((5.0, 2.0), (2.0,))),)}, "'sheets[0].scores[1]'"),
        ({"sheets": (ScoreSheet("Ana", ((5.0, 6.0), (2.0, 5.0))),)}, "'sheets[0].scores[0][1]'"),
        ({"sheets": (ScoreSheet("Ana", ((5.0, math.inf), (2.0, 5.0))),)}, "'sheets[0].scores[0][1]'"),
        ({"weighting": "vote"}, "'weighting'"),
        ({"judgements": (Judgement("edge", "speed", 3.0),)}, "'judgements[0].second'"),
        ({"judgements": (Judgement("edge", "edge", 3.0),)}, "'judgements[0]'"),
        ({"judgements": (Judgement("edge", "cost", 3.0), Judgement("cost", "edge", 0.5))}, "'judgements[1]'"),
        ({"judgements": (Judgement("edge", "cost", 12.0),)}, "'judgements[0].times'"),
        ({"judgements": (Judgement("edge", "cost", 0.0),)}, "'judgements[0].times'"),
        ({"n_sim": 0}, "'n_sim'"),
        ({"n_sim": 50_001}, "'n_sim'"),
        ({"n_sim": True}, "'n_sim'"),
        ({"concentration": math.inf}, "'concentration'"),
        ({"concentration": 0.0}, "'concentration'"),
        ({"concentration": 2e6}, "'concentration'"),
        ({"seed": -1}, "'seed'"),
        ({"seed": 2**32}, "'seed'"),
        ({"swing": 0.0}, "'swing'"),
        ({"record": DecisionNote(chosen="Partner")}, "'record.chosen'"),
        ({"record": DecisionNote(review_date="next spring")}, "'record.review_date'"),
        ({"record": DecisionNote(context="x" * 10_001)}, "'record.context'"),
    ],
)
def test_a_bad_field_is_refused_by_name(changes, field):
    with pytest.raises(InputError) as caught:
        _spec(**changes)
    assert field in str(caught.value)
    assert "\n" not in str(caught.value)


def test_bad_ahp_spec_fields():
    with pytest.raises(InputError, match="'criteria'"):
        AhpSpec(criteria=("a",), judgements=())
    with pytest.raises(InputError, match="'criteria'"):
        AhpSpec(criteria=("a", "a"), judgements=())
    with pytest.raises(InputError, match=r"'judgements\[0\]\.first'"):
        AhpSpec(criteria=("a", "b"), judgements=(Judgement("z", "b", 2.0),))
    # 0.11 typed for 1/9 is accepted; 0.1 is below Saaty's scale.
    AhpSpec(criteria=("a", "b"), judgements=(Judgement("a", "b", 0.11),))
    with pytest.raises(InputError, match="Saaty"):
        AhpSpec(criteria=("a", "b"), judgements=(Judgement("a", "b", 0.1),))


def test_json_never_takes_true_for_a_number_and_names_the_field():
    payload = _spec().to_dict()
    payload["criteria"][0]["weight"] = True
    with pytest.raises(InputError, match=r"criteria\[0\]\.weight"):
        spec_from_dict(payload)
    payload = _spec().to_dict()
    payload["n_sim"] = True
    with pytest.raises(InputError, match="n_sim"):
        spec_from_dict(payload)


def test_specs_round_trip_through_json_whatever_python_types_were_given():
    spec = DecisionSpec(
        options=["Build", "Buy"],
        criteria=[Criterion("edge", 3), Criterion("cost", 1)],
        sheets=[ScoreSheet("Ana", [[5, 2], [2, 5]]), ScoreSheet("Ben", [[4, 2], [3, 5]])],
        weighting="ahp",
        judgements=[Judgement("edge", "cost", 3)],
        concentration=20,
        record=DecisionNote(title="T", chosen="Buy", review_date="2027-01-01"),
    )
    again = spec_from_dict(json.loads(json.dumps(spec.to_dict())))
    assert again == spec and again.fingerprint() == spec.fingerprint()
    assert isinstance(spec.criteria[0].weight, float) and isinstance(spec.sheets[0].scores[0], tuple)
    ahp = AhpSpec(criteria=["a", "b"], judgements=[Judgement("a", "b", 3)])
    assert spec_from_dict(json.loads(ahp.to_json())) == ahp


def test_spec_from_matrix_keeps_every_sheet_and_the_run_matches_the_matrix():
    m = build_matrix(["A", "B"], ["x", "y"], [2, 1], sheets={"ann": [[5, 1], [1, 5]], "bo": [[3, 1], [1, 5]]})
    spec = spec_from_matrix(m, n_sim=50)
    assert [s.scorer for s in spec.sheets] == ["ann", "bo"]
    back = spec.matrix()
    np.testing.assert_allclose(back.sheets, m.sheets)
    np.testing.assert_allclose(back.weights, m.weights)
    one = spec_from_matrix(build_matrix(["A", "B"], ["x"], [1], [[4], [2]]))
    assert [s.scorer for s in one.sheets] == ["Scorer 1"]


def test_ahp_weighting_recomputes_the_weights_from_the_judgements():
    core = get_preset("core_logic")
    judgements = (
        Judgement(core.criteria[0], core.criteria[1], 3.0),
        Judgement(core.criteria[2], core.criteria[0], 2.0),
    )
    spec = spec_from_matrix(core.matrix(), weighting="ahp", judgements=judgements, n_sim=50)
    result = run_decision(spec)
    pairs = [(j.first, j.second, j.times) for j in judgements]
    oracle = ahp_weights(pairwise_from_judgements(core.criteria, pairs), core.criteria)
    assert result.ahp is not None
    np.testing.assert_allclose(list(result.weights.values()), oracle.weight_vector, atol=1e-12)
    direct = run_decision(spec_from_matrix(core.matrix().with_weights(list(oracle.weight_vector)), n_sim=50))
    assert [r.option for r in result.ranking] == [r.option for r in direct.ranking]
    np.testing.assert_allclose([r.score for r in result.ranking], [r.score for r in direct.ranking], atol=1e-12)


def test_a_tie_declares_no_winner_and_simulations_break_it_at_random():
    result = run_decision(spec_from_matrix(get_preset("blank").matrix(), n_sim=20_000, seed=3))
    assert result.winner is None and result.runner_up is None and result.tie
    assert result.tied == ("Build", "Buy / License", "Partner")
    assert result.margin == 0.0
    assert all(change is None for change in result.flip_by_criterion().values())
    for probabilities in result.p_rank.values():
        assert probabilities[0] == pytest.approx(1 / 3, abs=0.015)
    payload = result.to_dict()
    assert payload["winner"] is None and payload["tie"] is True


def test_the_simulation_agrees_with_the_winner_at_huge_concentration():
    spec = _spec(concentration=1_000_000.0, n_sim=2_000)
    result = run_decision(spec)
    assert result.winner == "Build"
    assert result.p_first("Build") == 1.0


def test_weights_near_the_limit_still_rank_by_their_ratios():
    big = run_decision(_spec(criteria=(Criterion("edge", 1_000_000.0), Criterion("cost", 1_000_000.0))))
    small = run_decision(_spec(criteria=(Criterion("edge", 1.0), Criterion("cost", 1.0))))
    assert [r.score for r in big.ranking] == pytest.approx([r.score for r in small.ranking])
    assert big.tie and small.tie
    heavy = run_decision(_spec(criteria=(Criterion("edge", 1_000_000.0), Criterion("cost", 1e-6))))
    assert heavy.winner == "Build" and heavy.ranking[0].score == pytest.approx(5.0, abs=1e-6)


def test_with_record_adds_the_record_without_changing_the_figures():
    spec = _spec()
    result = run_decision(spec)
    note = DecisionNote(title="Engine", chosen="Buy")
    noted_spec, noted = with_record(spec, result, note)
    assert noted.record == note and noted_spec.record == note
    assert noted.provenance.parameters == noted_spec.to_dict()
    rerun = run_decision(noted_spec).to_dict()
    for key in ("ranking", "p_rank", "flip", "swings", "record"):
        assert noted.to_dict()[key] == rerun[key]
    assert dataclasses.replace(noted, record=None).to_dict()["ranking"] == result.to_dict()["ranking"]


def test_ahp_result_keeps_the_documented_keys():
    result = run_ahp(AhpSpec(criteria=("a", "b", "c"), judgements=(Judgement("a", "b", 3.0),)))
    payload = result.to_dict()
    assert {
        "method",
        "weights",
        "lambda_max",
        "consistency_index",
        "consistency_ratio",
        "acceptable",
        "worst_pair",
        "worst_judgement",
        "implied_judgement",
        "provenance",
    } <= set(payload)
    assert payload["method"] == "AHP principal eigenvector"
    assert sum(payload["weights"].values()) == pytest.approx(1.0)
    assert type(result).from_dict(json.loads(json.dumps(payload))).to_dict() == payload
