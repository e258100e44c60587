"""The model card's pre-fill and the risk register's ratings."""

from __future__ import annotations

import dataclasses

import pytest

from lib.errors import InputError
from lib.governance import ModelCard, Risk, prefill_card, preset_risks, risk_rating, risk_score
from lib.governance._risks import check_risks, register_gaps

from .conftest import WRITTEN_CARD


def test_empty_sections_are_filled_from_the_evidence_and_written_ones_kept(evidence, results):
    card = prefill_card(ModelCard(limitations="Ours."), evidence)
    assert card.limitations == "Ours."
    assert "Overall accuracy" in card.evaluation and card.data.startswith(f"#{evidence[1].id} dataset summary")
    assert "Feature 1 by mean |SHAP|" in card.explanations and card.model_type.startswith("surrogate")
    assert "Audited for differences between groups of age_group" in card.ethical_considerations
    assert card.datasets[0].name == "german_credit_predictions.csv"
    assert card.datasets[0].sha256 == results["summary"][1].provenance.input_sha256
    # The group sentence names the lowest and highest accuracy among groups with enough data.
    _, audit = results["strict_audit"]
    rates = {g.name: g.metrics["accuracy"] for g in audit.groups if not g.small}
    worst, best = min(rates, key=rates.get), max(rates, key=rates.get)
    assert (
        f"from {rates[worst]:.3f} (age_group = {worst}) to {rates[best]:.3f} (age_group = {best})"
        in card.group_performance
    )
    assert prefill_card(card, evidence) == card  # nothing left to fill


def test_no_evidence_fills_nothing():
    assert prefill_card(WRITTEN_CARD, ()) == WRITTEN_CARD


def test_card_checks_name_the_section():
    with pytest.raises(InputError, match="'name' is too long"):
        ModelCard(name="x" * 201).check()
    from lib.governance import DatasetRef

    with pytest.raises(InputError, match="no valid SHA-256"):
        ModelCard(datasets=(DatasetRef("a.csv", "abc"),)).check()


@pytest.mark.parametrize(
    ("probability", "impact", "score", "rating"),
    [
        ("low", "low", 1, "low"),
        ("low", "medium", 2, "low"),
        ("medium", "low", 2, "low"),
        ("low", "high", 3, "medium"),
        ("high", "low", 3, "medium"),
        ("medium", "medium", 4, "medium"),
        ("medium", "high", 6, "high"),
        ("high", "medium", 6, "high"),
        ("high", "high", 9, "high"),
    ],
)
def test_every_cell_of_the_matrix_by_hand(probability, impact, score, rating):
    assert risk_score(probability, impact) == score and risk_rating(score) == rating
    assert Risk("r", probability, impact).rating == rating


def test_the_preset_has_no_owners_so_the_register_does_not_count_until_someone_owns_each_risk(policy):
    risks = preset_risks(policy)
    assert len(risks) == 8 and all(r.mitigation and not r.owner for r in risks)
    assert register_gaps(risks)[0].startswith("8 of 8 risks have no owner")
    owned = tuple(dataclasses.replace(r, owner="Ana") for r in risks)
    assert register_gaps(owned) == [] and register_gaps(()) == ["the risk register is empty"]


def test_risk_checks_name_the_risk():
    with pytest.raises(InputError, match="same title"):
        check_risks((Risk("Data", "low", "low"), Risk("data", "high", "high")))
    with pytest.raises(InputError, match="'risk 1' has an unknown probability"):
        check_risks((Risk("Data", "often", "low"),))  # type: ignore[arg-type]
    with pytest.raises(InputError, match="'risk 1' has an unknown status"):
        check_risks((Risk("Data", "low", "low", status="done"),))  # type: ignore[arg-type]
