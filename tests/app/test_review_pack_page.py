"""The Review Pack page driven by AppTest: triage, evidence, card, gaps, risks, sign-off, save, reopen, verify."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from lib.analysis import run
from lib.fairness import AuditSpec
from lib.governance import (
    DatasetSummarySpec,
    TierAnswers,
    Waiver,
    bundled_policy_text,
    judge,
    load_policy,
    new_pack,
    pack_document,
    sign_pack,
    spec_from_document,
)
from lib.store import Workspace
from tests.app.conftest import APP, ok

HIRING = {
    "use_case": "scoring_people",
    "affected": "public",
    "impact": "significant",
    "automation": "human_review",
    "domain": "employment",
}
LOGS = {
    "use_case": "summarisation",
    "affected": "internal_staff",
    "impact": "none",
    "automation": "assistive",
    "domain": "internal_operations",
}
CARD = {
    "name": "Applicant ranking",
    "version": "1.0",
    "owners": "Talent analytics",
    "intended_use": "Ordering applications for recruiters.",
    "out_of_scope_use": "Automatic rejection.",
    "limitations": "Learned from past decisions.",
    "human_oversight": "Recruiters read every application.",
    "monitoring": "Weekly drift check.",
    "logging": "Every score is logged for two years.",
}


@pytest.fixture
def saved_ids() -> dict[str, int]:
    """A strict audit and a data summary of the German credit sample, saved in this test's workspace."""
    data = {"data": "german_credit_predictions"}
    audit = AuditSpec(
        label="label", score="score", threshold=0.5, sensitive=("age_group",), n_boot=100, max_difference=0.05,
        strict=True,
    )  # fmt: skip
    space = Workspace()
    return {
        "audit": space.save_analysis(title="Strict audit", spec=audit, result=run(audit, data), locations=data),
        "summary": space.save_analysis(
            title="Data summary", spec=DatasetSummarySpec(), result=run(DatasetSummarySpec(), data), locations=data
        ),
    }


def open_page() -> AppTest:
    at = ok(AppTest.from_file(str(APP), default_timeout=60).run())
    return ok(at.switch_page("pages/review_pack.py").run())


def answer(at: AppTest, answers: dict[str, str]) -> AppTest:
    for question, option in answers.items():
        ok(at.selectbox(key=f"review_pack_q_{question}").set_value(option).run())
    return at


def risk_table(at: AppTest):
    return next(d.value for d in at.dataframe if "rating" in d.value.columns)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_nothing_is_judged_until_the_five_questions_are_answered():
    at = open_page()
    assert at.title[0].value == "Review Pack"
    assert any("Answer the five questions" in i.value for i in at.info)
    assert not at.metric


def test_an_internal_log_summariser_is_low_and_a_hiring_screen_high():
    at = answer(open_page(), LOGS)
    assert metric(at, "Risk tier") == "Low" and metric(at, "EU AI Act") == "Minimal risk"
    assert metric(at, "Required evidence in place") == "0 of 2"
    ok(at.multiselect(key="review_pack_q_practices").set_value(["chatbot"]).run())
    assert metric(at, "EU AI Act") == "Transparency obligations"
    answer(at, HIRING)
    assert metric(at, "Risk tier") == "High" and metric(at, "EU AI Act") == "High-risk"
    texts = " ".join(m.value for m in at.markdown)
    assert "Annex III, point 4" in texts and "Why this tier" in texts


def test_a_full_review_from_evidence_to_two_sign_offs_then_save_and_reopen(saved_ids):
    at = answer(open_page(), HIRING)
    ok(at.text_input(key="review_pack_title").set_value("Hiring screen").run())
    ok(at.multiselect(key="review_pack_evidence_ids").set_value([saved_ids["audit"], saved_ids["summary"]]).run())
    assert len(at.dataframe) >= 3
    # Pre-fill: empty card sections are filled from the evidence.
    ok(at.button(key="review_pack_prefill").click().run())
    assert "Overall accuracy" in at.text_area(key="review_pack_card_evaluation").value
    for name, text in CARD.items():
        box = at.text_input(key=f"review_pack_card_{name}") if name in ("name", "version", "owners") else None
        (box or at.text_area(key=f"review_pack_card_{name}")).set_value(text)
    ok(at.run())
    # Signing is refused while risks have no owner.
    at.text_input(key="review_pack_reviewer").set_value("Ana Ruiz")
    at.text_input(key="review_pack_role").set_value("Responsible-AI lead")
    # A form sends its fields with the submit, so they are set and submitted in one run.
    at.radio(key="review_pack_decision").set_value("approve-with-conditions")
    at.text_area(key="review_pack_conditions").set_value("Re-audit after a month")
    ok(at.button(key="review_pack_sign").click().run())
    assert any("Not signed: required evidence is missing" in e.value and "risk_register" in e.value for e in at.error)
    # A waiver with a reason lets the pack be signed; the requirement shows as waived.
    at.text_input(key="review_pack_reviewer").set_value("Ana Ruiz")
    at.text_input(key="review_pack_role").set_value("Responsible-AI lead")
    at.radio(key="review_pack_decision").set_value("approve-with-conditions")
    at.text_area(key="review_pack_conditions").set_value("Re-audit after a month")
    at.text_input(key="review_pack_waive_risk_register").set_value("Owners are named at the kick-off next week.")
    at.text_input(key="review_pack_waive_explanations").set_value("Explained with live data next month.")
    ok(at.button(key="review_pack_sign").click().run())
    assert any(s.value.startswith("Signed by Ana Ruiz: hash ") for s in at.success)
    assert metric(at, "Status") == "awaiting approvals (1 of 2)"
    # A second reviewer completes the committee.
    at.text_input(key="review_pack_reviewer").set_value("Bo Chen")
    at.text_input(key="review_pack_role").set_value("Chair")
    at.radio(key="review_pack_decision").set_value("approve-with-conditions")
    at.text_area(key="review_pack_conditions").set_value("Brief the recruiters")
    ok(at.button(key="review_pack_sign").click().run())
    assert metric(at, "Status") == "approved with conditions"
    # An edit after signing shows at once.
    ok(at.text_area(key="review_pack_card_limitations").set_value("Changed after signing.").run())
    assert metric(at, "Status") == "changed since signing"
    assert any("model card section 'limitations' changed" in e.value for e in at.error)
    ok(at.text_area(key="review_pack_card_limitations").set_value(CARD["limitations"]).run())
    assert metric(at, "Status") == "approved with conditions"
    # Save, then reopen from Home: everything comes back, sign-offs included.
    at.text_input(key="review_pack_save_title").set_value("Hiring screen pack")
    ok(at.button(key="review_pack_save_submit").click().run())
    saved = Workspace().list(kind="review_pack")
    assert [a.title for a in saved] == ["Hiring screen pack"]
    fresh = ok(AppTest.from_file(str(APP), default_timeout=60).run())
    ok(fresh.selectbox(key="home_open").set_value(saved[0].id).run())
    ok(fresh.button(key="home_reopen").click().run())
    ok(fresh.run())
    assert fresh.text_input(key="review_pack_title").value == "Hiring screen"
    assert metric(fresh, "Status") == "approved with conditions"
    assert fresh.radio(key="review_pack_policy_source").value == "The loaded pack's policy"


def test_attached_analyses_stay_attached_when_the_workspace_changes(saved_ids):
    at = answer(open_page(), LOGS)
    ok(at.multiselect(key="review_pack_evidence_ids").set_value([saved_ids["summary"]]).run())
    # A new analysis saved elsewhere, and another renamed, change the list of choices.
    audit = Workspace().open(saved_ids["audit"])
    Workspace().save(kind="bias_audit", title="Later audit", parameters={}, results={}, spec=audit.spec)
    Workspace().rename(saved_ids["audit"], "Renamed audit")
    ok(at.run())
    assert at.multiselect(key="review_pack_evidence_ids").value == [saved_ids["summary"]]
    ok(at.multiselect(key="review_pack_evidence_ids").set_value([]).run())
    ok(at.run())
    assert at.multiselect(key="review_pack_evidence_ids").value == []


def test_the_risk_register_starts_from_the_preset_and_edits_one_risk(saved_ids):
    at = answer(open_page(), LOGS)
    table = risk_table(at)
    assert len(table) == 8 and set(table["owner"]) == {""}
    ok(at.selectbox(key="review_pack_risk_pick").set_value("Data quality").run())
    form = next(t for t in at.text_input if t.label == "Owner")
    form.set_value("Head of data")
    ok(next(b for b in at.button if b.label == "Save the risk").click().run())
    table = risk_table(at)
    assert table.set_index("title").loc["Data quality", "owner"] == "Head of data"
    ok(at.selectbox(key="review_pack_risk_pick").set_value("New risk").run())
    next(t for t in at.text_input if t.label == "Risk").set_value("Data quality")
    ok(next(b for b in at.button if b.label == "Save the risk").click().run())
    assert any("same title" in e.value for e in at.error)


def test_a_dataset_summary_of_the_current_dataset_is_saved_and_attached():
    at = ok(AppTest.from_file(str(APP), default_timeout=60).run())
    ok(at.switch_page("pages/datasets.py").run())
    ok(at.selectbox(key="datasets_sample").set_value("german_credit_predictions").run())
    ok(at.switch_page("pages/review_pack.py").run())
    answer(at, HIRING)
    ok(at.button(key="review_pack_summary").click().run())
    ok(at.run())
    assert Workspace().list()[0].kind == "dataset_summary"
    assert at.multiselect(key="review_pack_evidence_ids").value == [Workspace().list()[0].id]
    ok(at.button(key="review_pack_prefill").click().run())
    assert "german_credit_predictions.csv" in at.text_area(key="review_pack_card_data").value


def test_verify_an_uploaded_pack_names_what_changed_and_opens_an_intact_one(saved_ids, tmp_path):
    at = answer(open_page(), LOGS)
    pack = new_pack(title="Logs", answers=TierAnswers(**LOGS), policy=load_policy())
    pack = sign_pack(
        pack, reviewer="Ana", role="lead", decision="reject",
        waivers=tuple(Waiver(r.id, "later") for r in judge(pack).missing),
    )  # fmt: skip
    document = pack_document(judge(pack))
    ok(
        at.file_uploader(key="review_pack_verify_upload")
        .set_value(("pack.json", json.dumps(document).encode(), "application/json"))
        .run()
    )
    assert any(s.value.startswith("intact: rejected") for s in at.success)
    document["card"]["limitations"] = "edited"
    ok(
        at.file_uploader(key="review_pack_verify_upload")
        .set_value(("pack.json", json.dumps(document).encode(), "application/json"))
        .run()
    )
    assert any("model card section 'limitations' changed" in e.value for e in at.error)
    ok(
        at.file_uploader(key="review_pack_verify_upload")
        .set_value(("pack.json", b"{not json", "application/json"))
        .run()
    )
    assert any("Not a readable review pack" in e.value for e in at.error)
    # An intact pack can be opened on the page to continue the review.
    document["card"]["limitations"] = ""
    ok(
        at.file_uploader(key="review_pack_verify_upload")
        .set_value(("pack.json", json.dumps(document).encode(), "application/json"))
        .run()
    )
    ok(at.button(key="review_pack_open_uploaded").click().run())
    ok(at.run())
    assert at.text_input(key="review_pack_title").value == "Logs"
    assert spec_from_document(document).title == "Logs"


def test_an_uploaded_policy_is_checked_and_a_bad_one_named():
    at = open_page()
    ok(at.radio(key="review_pack_policy_source").set_value("Upload a policy file").run())
    assert any("Upload your organisation's policy file" in i.value for i in at.info)
    bad = bundled_policy_text().replace("approvals = 2", "approvals = -2")
    ok(
        at.file_uploader(key="review_pack_policy_upload")
        .set_value(("ours.toml", bad.encode(), "application/toml"))
        .run()
    )
    assert any("The policy cannot be used" in e.value and "approvals out of range" in e.value for e in at.error)
    ours = bundled_policy_text().replace(
        'label = "Retail, marketing, media or entertainment"\nreason', 'label = "Retail"\ntier = "medium"\nreason'
    )
    ok(
        at.file_uploader(key="review_pack_policy_upload")
        .set_value(("ours.toml", ours.encode(), "application/toml"))
        .run()
    )
    answer(at, {**LOGS, "domain": "commerce"})
    assert metric(at, "Risk tier") == "Medium"
