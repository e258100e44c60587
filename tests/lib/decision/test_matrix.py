"""Matrix validation, ranking, several scorers, presets and the ROI link."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.decision import build_matrix, decide
from lib.decision.presets import PRESETS, TOTAL_COST_CRITERION, get_preset
from lib.decision.ranking import rank
from lib.decision.roi_link import latest_roi_scores, npv_from_results, scores_from_npv
from lib.errors import InputError
from lib.store import Workspace


def test_weighted_sum_by_hand():
    # Build: 0.5*5 + 0.3*2 + 0.2*3 = 3.7; Buy: 0.5*2 + 0.3*5 + 0.2*4 = 3.3; Partner: 0.5*3 + 0.3*3 + 0.2*3 = 3.0
    m = build_matrix(
        ["Build", "Buy", "Partner"], ["edge", "speed", "cost"], [5, 3, 2], [[5, 2, 3], [2, 5, 4], [3, 3, 3]]
    )
    result = decide(m, n_sim=10)
    assert [r.option for r in result.ranking] == ["Build", "Buy", "Partner"]
    np.testing.assert_allclose([r.score for r in result.ranking], [3.7, 3.3, 3.0])
    assert result.margin == pytest.approx(0.4)
    assert result.winner == "Build"


matrices = st.integers(min_value=2, max_value=5).flatmap(
    lambda k: st.integers(min_value=1, max_value=6).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.integers(1, 5), min_size=n, max_size=n), min_size=k, max_size=k),
            st.lists(st.integers(0, 10), min_size=n, max_size=n).filter(lambda w: sum(w) > 0),
        )
    )
)


@settings(max_examples=60, deadline=None)
@given(matrices, st.floats(min_value=1e-3, max_value=1e3))
def test_ranking_unchanged_when_weights_are_scaled(case, factor):
    scores, weights = case
    options = [f"o{i}" for i in range(len(scores))]
    criteria = [f"c{j}" for j in range(len(weights))]
    base = build_matrix(options, criteria, weights, scores)
    scaled = build_matrix(options, criteria, [w * factor for w in weights], scores)
    total_a, order_a = rank(base)
    total_b, order_b = rank(scaled)
    np.testing.assert_allclose(total_a, total_b, atol=1e-12)
    # Exact ties may be broken either way by rounding; compare orders only where totals differ.
    assert [round(total_a[i], 9) for i in order_a] == [round(total_b[i], 9) for i in order_b]


def test_several_scorers_mean_spread_and_disagreement():
    sheets = {
        "Ana": [[5, 2], [3, 3]],
        "Ben": [[3, 2], [3, 4]],
        "Chi": [[4, 2], [3, 5]],
    }
    m = build_matrix(["Build", "Buy"], ["edge", "cost"], [1, 1], sheets=sheets)
    np.testing.assert_allclose(m.scores, [[4, 2], [3, 4]])
    np.testing.assert_allclose(m.spread, [[2, 0], [0, 2]])
    assert m.disputed_criteria() == ["edge", "cost"]
    assert {(d["option"], d["criterion"]) for d in m.disagreements()} == {("Build", "edge"), ("Buy", "cost")}
    calm = build_matrix(["Build", "Buy"], ["edge"], [1], sheets={"a": [[4], [2]], "b": [[5], [3]]})
    assert calm.disagreements() == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": [0, 0]}, "all weights are zero"),
        ({"weights": [1, -2]}, "weight of criterion 'cost'"),
        ({"scores": [[6, 1], [1, 1]]}, "outside 1-5"),
        ({"scores": [[0, 1], [1, 1]]}, "outside 1-5"),
        ({"scores": [[None, 1], [1, 1]]}, "missing"),
        ({"scores": [["x", 1], [1, 1]]}, "missing"),
        ({"options": ["Build", "Build"]}, "option names must be unique"),
        ({"criteria": ["cost", "cost"]}, "criterion names must be unique"),
        ({"options": ["Build"], "scores": [[3, 3]]}, "at least two options"),
        ({"options": ["Build", " "]}, "has no name"),
    ],
)
def test_bad_input_is_one_clear_message(kwargs, message):
    args = {"options": ["Build", "Buy"], "criteria": ["edge", "cost"], "weights": [1, 1], "scores": [[3, 3], [3, 3]]}
    args.update(kwargs)
    with pytest.raises(InputError, match=message) as caught:
        build_matrix(args["options"], args["criteria"], args["weights"], args["scores"], source="MATRIX.csv")
    assert "MATRIX.csv" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_presets_are_valid_and_follow_the_typical_judgements():
    assert {p.key for p in PRESETS} >= {
        "blank",
        "core_logic",
        "foundation_models",
        "specialised_models",
        "ml_infrastructure",
        "llm_sourcing",
    }
    for preset in PRESETS:
        preset.matrix()  # validates
    winners = {
        key: decide(get_preset(key).matrix(), n_sim=10).winner
        for key in ("core_logic", "foundation_models", "specialised_models", "ml_infrastructure")
    }
    assert winners["core_logic"] == "Build"
    assert winners["foundation_models"] != "Build"
    assert winners["specialised_models"] == "Build"
    assert winners["ml_infrastructure"] == "Buy / License"
    assert TOTAL_COST_CRITERION in get_preset("blank").criteria
    with pytest.raises(InputError, match="unknown preset"):
        get_preset("nope")


def test_npv_maps_linearly_onto_one_to_five():
    assert scores_from_npv({"Build": -100.0, "Buy": 100.0, "Partner": 0.0}) == {
        "Build": 1.0,
        "Buy": 5.0,
        "Partner": 3.0,
    }
    assert scores_from_npv({"a": 7.0, "b": 7.0}) == {"a": 3.0, "b": 3.0}
    assert npv_from_results({"options": {"a": {"npv": 1}, "b": {"npv": "x"}, "c": 3}}) == {"a": 1.0}
    assert npv_from_results({"something": "else"}) == {}


def test_roi_link_reads_the_newest_fitting_roi_analysis():
    space = Workspace()
    assert latest_roi_scores(["Build", "Buy"], workspace=space) is None
    space.save(kind="roi", title="no options", parameters={}, results={"npv": 5}, data_hash=None)
    assert latest_roi_scores(["Build", "Buy"], workspace=space) is None
    space.save(
        kind="roi",
        title="three-year NPV",
        parameters={},
        results={"options": {"Build": {"npv": 1_000_000}, "Buy": {"npv": 3_000_000}, "Other": {"npv": 9e9}}},
        data_hash=None,
    )
    found = latest_roi_scores(["Build", "Buy", "Partner"], workspace=space)
    assert found is not None and found.title == "three-year NPV"
    assert found.scores == {"Build": 1.0, "Buy": 5.0}
