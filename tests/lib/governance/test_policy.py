"""The review policy: the bundled file loads, and every way an edited file can be wrong is named."""

from __future__ import annotations

import tomllib

import pytest

from lib.errors import InputError
from lib.governance import (
    BUNDLED_POLICY,
    LEVELS,
    bundled_policy_text,
    default_policy_path,
    load_policy,
    read_policy_text,
)


def edited(old: str, new: str) -> str:
    text = bundled_policy_text()
    assert old in text, old
    return text.replace(old, new, 1)


def test_bundled_policy_has_the_four_tiers_six_questions_and_the_preset(policy):
    assert [t.level for t in policy.tiers] == list(LEVELS)
    assert [q.id for q in policy.questions] == ["use_case", "affected", "impact", "automation", "domain", "practices"]
    assert policy.question("practices").multiple
    # The project-risk preset of the domain facts: eight risks with their probability and impact.
    preset = {(r.title, r.probability, r.impact) for r in policy.risk_preset}
    assert preset == {
        ("Data quality", "high", "high"),
        ("Model complexity", "medium", "medium"),
        ("Infrastructure scaling", "medium", "high"),
        ("Unclear requirements", "high", "high"),
        ("ROI uncertainty", "medium", "high"),
        ("Ethical concerns", "medium", "high"),
        ("Talent shortage", "high", "medium"),
        ("Technology debt", "medium", "medium"),
    }
    assert all(r.mitigation for r in policy.risk_preset)


def test_tiers_ask_more_as_they_rise(policy):
    low, medium, high = (set(policy.tier(level).required) for level in ("low", "medium", "high"))
    assert low < medium < high
    assert "bias_audit" in medium and {"explanations", "human_oversight", "monitoring_plan"} <= high
    strict, loose = policy.tier("high").audit_gate, policy.tier("medium").audit_gate
    assert strict.strict and not loose.strict and strict.max_difference < loose.max_difference
    assert policy.tier("high").approvals == 2 and policy.tier("prohibited").approvals == 0


def test_obligation_dates_name_their_source(policy):
    dates = {o.date: o.source for o in policy.obligations}
    assert dates["2025-02-02"].endswith("Art. 113(a)") and dates["2026-08-02"].startswith("Regulation (EU) 2024/1689")
    assert "not legal advice" in policy.disclaimer


def test_crosswalk_covers_the_articles_and_functions_the_review_needs(policy):
    refs = {row.ref for row in policy.crosswalk}
    for article in ("Art. 9", "Art. 10", "Art. 11 and Annex IV", "Art. 12", "Art. 13", "Art. 14", "Art. 15", "Art. 72"):
        assert article in refs
    assert {"Govern", "Map", "Measure", "Manage"} <= refs


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'required = ["model_card", "risk_register"]',
            'required = ["model_card", "bias_adit"]',
            "unknown requirement 'bias_adit'",
        ),
        ("[tiers.prohibited]", "[tiers.forbidden]", "entry 'tiers[3].level' has the wrong type"),
        ('eu = "annex3:4"', 'eu = "annex9:4"', "unknown EU AI Act code"),
        ("approvals = 2", 'approvals = "two"', "'tiers[2].approvals' has the wrong type"),
        ("review_days = 180", "review_days = 0", "review_days out of range"),
        ('card = ["human_oversight"]', 'card = ["oversight"]', "unknown model card section 'oversight'"),
        ('needs = ["logging"]', 'needs = ["loging"]', "needs an unknown requirement 'loging'"),
        ('date = "2025-02-02"', 'date = "2025-02-30"', "obligation date that is not a date"),
        ("multiple = true", "multiple = false", "must allow several answers"),
        ('applies = "voluntary"', 'applies = "sometimes"', "unknown 'applies'"),
    ],
)
def test_a_wrong_entry_is_named(old, new, message):
    with pytest.raises(InputError) as error:
        read_policy_text(edited(old, new), file="ours.toml")
    assert message in str(error.value) and "ours.toml" in str(error.value)


def test_a_missing_question_and_an_unknown_key_are_named():
    text = bundled_policy_text()
    data = tomllib.loads(text)
    del data["questions"]["domain"]
    from lib.governance._policy import policy_from_toml

    with pytest.raises(InputError, match="no question 'domain'"):
        policy_from_toml(data, file="p.toml")
    data = tomllib.loads(text)
    del data["tiers"]["prohibited"]
    with pytest.raises(InputError, match="exactly the four tiers"):
        policy_from_toml(data, file="p.toml")
    with pytest.raises(InputError, match="unknown entry 'colour'"):
        read_policy_text('colour = "blue"\n' + text, file="p.toml")
    with pytest.raises(InputError) as error:
        read_policy_text(text + '\ncolour = "blue"\n', file="p.toml")
    assert "unknown entry 'risk_preset[7].colour'. Expected one of 'risk_preset[7].title'" in str(error.value)


def test_not_toml_not_utf8_and_no_file_are_one_clear_error(tmp_path):
    with pytest.raises(InputError, match="not valid TOML"):
        read_policy_text("name = [", file="p.toml")
    with pytest.raises(InputError, match="not UTF-8"):
        read_policy_text(b"\xff\xfe\x00", file="p.toml")
    with pytest.raises(InputError, match="no such file"):
        load_policy(tmp_path / "missing.toml")


def test_an_edited_policy_changes_the_tier_and_its_hash(tmp_path, policy):
    path = tmp_path / "ours.toml"
    path.write_text(
        edited(
            'label = "Retail, marketing, media or entertainment"\nreason', 'label = "Retail"\ntier = "medium"\nreason'
        )
    )
    ours = load_policy(path)
    assert ours.sha256 != policy.sha256
    assert next(o for o in ours.question("domain").options if o.id == "commerce").tier == "medium"


def test_the_workspace_folder_may_hold_the_organisations_policy(isolated_workspace):
    assert default_policy_path() == BUNDLED_POLICY
    own = isolated_workspace / "review_policy.toml"
    own.write_text(edited('version = "2026.1"', 'version = "ours-1"'))
    assert default_policy_path() == own and load_policy().version == "ours-1"
