"""Build vs Buy reads the NPVs that ROI & Cost saves."""

from __future__ import annotations

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
