"""Build vs Buy reads the NPVs that ROI & Cost saves."""

from __future__ import annotations

import pytest

from lib.decision.roi_link import latest_roi_scores, npv_from_results
from lib.store import Workspace


def test_reads_the_shape_the_roi_page_saves():
    space = Workspace()
    space.save(
        kind="roi",
        title="ROI",
        parameters={},
        results={"npv": {"Build": 120_000.0, "Buy": 40_000.0, "Partner": 80_000.0}, "best_option": "Build"},
    )
    found = latest_roi_scores(["Build", "Buy", "Partner"], workspace=space)
    assert found is not None and found.npv == {"Build": 120_000.0, "Buy": 40_000.0, "Partner": 80_000.0}
    assert found.scores == {"Build": 5.0, "Buy": 1.0, "Partner": 3.0}


def test_reads_the_nested_shape_and_ignores_bad_values():
    results = {"options": {"A": {"npv": 1.0}, "B": {"npv": "x"}, "C": {"npv": float("nan")}, "D": 3}}
    assert npv_from_results(results) == {"A": 1.0}
    assert npv_from_results({"npv": None}) == {}
    assert npv_from_results([]) == {}


def test_nothing_offered_without_a_matching_roi_analysis():
    space = Workspace()
    space.save(kind="roi", title="other options", parameters={}, results={"npv": {"X": 1.0, "Y": 2.0}})
    assert latest_roi_scores(["Build", "Buy"], workspace=space) is None


def test_reads_the_typed_roi_options_kind():
    space = Workspace()
    space.save(
        kind="roi_options",
        title="Options compared",
        parameters={},
        results={"npv_by_option": {"Build": 3e5, "Buy": 1e5, "Partner": None}, "best_option": "Build"},
    )
    found = latest_roi_scores(["Build", "Buy", "Partner"], workspace=space)
    assert found is not None and found.title == "Options compared"
    assert found.npv == {"Build": 3e5, "Buy": 1e5}
    assert found.scores == {"Build": 5.0, "Buy": 1.0}


def test_combines_the_newest_roi_case_per_option():
    space = Workspace()
    old = space.save(kind="roi_case", title="Build, first try", parameters={}, results={"name": "Build", "npv": 1.0})
    space.save(kind="roi_case", title="Unrelated", parameters={}, results={"name": "Moonshot", "npv": 9e9})
    assert latest_roi_scores(["Build", "Buy"], workspace=space) is None
    build = space.save(kind="roi_case", title="Build", parameters={}, results={"name": "Build", "npv": -5e5})
    buy = space.save(kind="roi_case", title="Buy", parameters={}, results={"name": "Buy", "npv": 5e5})
    found = latest_roi_scores(["Build", "Buy"], workspace=space)
    assert found is not None
    assert found.npv == {"Buy": 5e5, "Build": -5e5}
    assert set(found.analysis_ids) == {build, buy} and old not in found.analysis_ids
    assert found.scores == {"Buy": 5.0, "Build": 1.0}


def test_the_newest_evidence_wins_across_kinds():
    space = Workspace()
    space.save(kind="roi", title="legacy", parameters={}, results={"npv": {"Build": 1.0, "Buy": 2.0}})
    space.save(kind="roi_options", title="typed", parameters={}, results={"npv_by_option": {"Build": 5.0, "Buy": 1.0}})
    found = latest_roi_scores(["Build", "Buy"], workspace=space)
    assert found is not None and found.title == "typed"
    assert npv_from_results({"npv_by_option": {"a": 1}}, kind="roi") == {}
    assert npv_from_results({"name": "", "npv": 1.0}, kind="roi_case") == {}


def test_reads_what_the_roi_kinds_really_save():
    from lib.analysis import get_kind, run

    space = Workspace()
    example = get_kind("roi_options").examples()[0]
    result = run(example.spec, example.locations)
    space.save_analysis(title="ROI options", spec=example.spec, result=result)
    npv = result.to_dict()["npv_by_option"]
    found = latest_roi_scores(list(npv), workspace=space)
    assert found is not None and found.npv == pytest.approx(npv)
    assert max(found.scores.values()) == 5.0 and min(found.scores.values()) == 1.0
