"""Triage: each tier from a worked example, the EU AI Act category, reasons, and the laws a tier obeys."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.errors import InputError
from lib.governance import LEVELS, TierAnswers, eu_assessment, triage

from .conftest import HIRING, LOG_SUMMARISER


def answers(**changes) -> TierAnswers:
    return dataclasses.replace(LOG_SUMMARISER, **changes)


def test_a_hiring_screen_is_high_and_eu_high_risk_under_annex_iii_employment(policy):
    tier = triage(HIRING, policy)
    assert tier.level == "high" and tier.label == "High"
    assert tier.eu_ai_act.category == "high_risk"
    assert any("Annex III, point 4" in b for b in tier.eu_ai_act.basis)
    assert any("Art. 6(3)" in n and "cannot apply" in n for n in tier.eu_ai_act.notes)
    assert all(r.startswith("At least") for r in tier.reasons) and any("Employment" in r for r in tier.reasons)
    assert tier.audit_gate is not None and tier.audit_gate.strict
    assert "explanations" in tier.required and "human_oversight" in tier.required


def test_an_internal_log_summariser_is_low_and_minimal_risk(policy):
    tier = triage(LOG_SUMMARISER, policy)
    assert tier.level == "low" and tier.eu_ai_act.category == "minimal"
    assert tier.required == ("model_card", "risk_register") and tier.audit_gate is None
    assert len(tier.reasons) == 5  # why nothing raised it: one sentence per answer


def test_a_customer_support_chatbot_is_medium_with_a_transparency_duty(policy):
    tier = triage(answers(use_case="support_chatbot", affected="customers", impact="low", domain="commerce"), policy)
    assert tier.level == "medium" and tier.eu_ai_act.category == "transparency"
    assert tier.eu_ai_act.basis == ("Art. 50(1)",) and "bias_audit" in tier.required


def test_social_scoring_is_prohibited_under_article_5(policy):
    tier = triage(answers(affected="public", practices=("social_scoring", "chatbot")), policy)
    assert tier.level == "prohibited" and tier.eu_ai_act.category == "prohibited"
    assert tier.eu_ai_act.basis[0] == "Art. 5(1)(c)" and tier.eu_ai_act.transparency
    assert tier.reasons[0].startswith("At least Prohibited")


def test_a_use_against_company_values_is_prohibited_without_an_eu_category(policy):
    tier = triage(answers(practices=("against_company_values",)), policy)
    assert tier.level == "prohibited" and tier.eu_ai_act.category == "minimal"


def test_lending_and_healthcare(policy):
    assert triage(answers(domain="credit"), policy).eu_ai_act.basis[0].startswith("Art. 6(2) and Annex III, point 5(b)")
    health = triage(answers(domain="healthcare", affected="vulnerable"), policy)
    assert health.level == "high" and health.eu_ai_act.basis[0].startswith("Art. 6(1)")


def test_a_narrow_task_in_an_annex_iii_area_mentions_the_exemption_it_may_have(policy):
    tier = triage(answers(domain="employment"), policy)
    assert tier.eu_ai_act.category == "high_risk"
    assert any("Art. 6(3) can lift" in n for n in tier.eu_ai_act.notes)


def test_an_unknown_answer_lists_the_choices(policy):
    with pytest.raises(InputError) as error:
        triage(answers(domain="hiring"), policy)
    assert "'domain' has no answer 'hiring'" in str(error.value) and "employment" in str(error.value)
    with pytest.raises(InputError, match="listed twice"):
        triage(answers(practices=("chatbot", "chatbot")), policy)


def test_the_description_is_optional_but_bounded(policy):
    assert triage(answers(description=""), policy).level == "low"
    with pytest.raises(InputError, match="'description' is too long"):
        answers(description="x" * 2_001).check(policy)


def test_eu_assessment_by_hand():
    assert eu_assessment([]).category == "minimal"
    both = eu_assessment(["annex3:5b", "art50:1"])
    assert both.category == "high_risk" and both.transparency and both.basis[-1] == "Art. 50(1)"
    assert eu_assessment(["art5:a", "annex3:4"]).category == "prohibited"


def _options(policy, question):
    return [o.id for o in policy.question(question).options]


@st.composite
def any_answers(draw, policy):
    single = {
        q: draw(st.sampled_from(_options(policy, q)))
        for q in ("use_case", "affected", "impact", "automation", "domain")
    }
    practices = draw(st.lists(st.sampled_from(_options(policy, "practices")), unique=True, max_size=4))
    return TierAnswers(**single, practices=tuple(practices))


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_tier_is_the_highest_floor_and_adding_a_practice_never_lowers_it(policy, data):
    chosen = data.draw(any_answers(policy))
    tier = triage(chosen, policy)
    floors = [o.tier for _, o in chosen.chosen(policy)]
    assert tier.level == max(floors, key=LEVELS.index)
    extra = data.draw(st.sampled_from(_options(policy, "practices")))
    if extra not in chosen.practices:
        more = triage(dataclasses.replace(chosen, practices=(*chosen.practices, extra)), policy)
        assert LEVELS.index(more.level) >= LEVELS.index(tier.level)
    # The tier's required evidence is exactly what the policy lists for that level.
    assert tier.required == policy.tier(tier.level).required
