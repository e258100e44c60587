"""A reviewer builds a review pack in a real browser: triage, data evidence, card, sign-off, export, verify."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from lib.samples import get_sample
from tests.e2e.conftest import live, no_exception

pytestmark = pytest.mark.e2e

TITLE = "Log summariser <b>v2</b>"
CARD = {
    "Model name": "Log summariser",
    "Version": "2.0",
    "Owners": "SRE tooling",
    "Intended use": "Summarise overnight logs for the on-call engineer, who reads the raw logs when in doubt.",
    "Out-of-scope use": "Deciding anything about people.",
    "Limitations": "Misses rare error codes it has not seen.",
}
TRIAGE = {
    "What does the system do?": "Summarises, translates or drafts text that a person then reads",
    "Who is affected by its outputs?": "Only our own staff, as users of an internal tool",
    "What can its output change for a person?": "Nothing about any person: a narrow or preparatory task",
    "How automated is the decision?": "A person decides; the system only suggests",
    "In which domain is it used?": "Internal operations (engineering, IT, logistics, finance back office)",
}


def _settled(page) -> None:
    page.wait_for_function(
        "document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'"
    )


def _go(page, link: str, title: str) -> None:
    page.get_by_test_id("stSidebarNavLink").filter(has=page.get_by_text(link, exact=True)).click()
    page.locator("h1").filter(has_text=re.compile(rf"^{re.escape(title)}$")).first.wait_for()
    _settled(page)
    no_exception(page)


def _choose(page, label: str, option: str) -> None:
    page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True)).click()
    page.get_by_role("option", name=option, exact=True).click()
    _settled(page)


def _tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    _settled(page)


def _click(page, label: str) -> None:
    live(page, page.locator(f'button:has-text("{label}"):visible')).first.click()
    _settled(page)


def _download(page, label: str):
    button = page.locator(f'button:has-text("{label}"):visible').first
    button.wait_for()
    with page.expect_download() as download:
        button.click()
    return download.value


def test_a_low_tier_pack_from_triage_to_a_verified_sign_off(page, app_url, artifacts, tmp_path):
    page.goto(app_url)
    page.locator("h1").filter(has_text="Decision Desk").first.wait_for()
    _go(page, "Datasets", "Datasets")
    page.get_by_test_id("stSelectbox").filter(has_text="Sample").click()
    page.get_by_role("option", name=get_sample("german_credit_predictions").title).click()
    page.get_by_test_id("stSidebar").get_by_text(re.compile(r"^german_credit_predictions\.csv · ")).wait_for()
    _settled(page)
    _go(page, "Review Pack", "Review Pack")
    page.get_by_text("Answer the five questions").wait_for()
    page.get_by_label("Pack title").fill(TITLE)
    page.get_by_label("Pack title").press("Enter")
    _settled(page)
    for label, option in TRIAGE.items():
        _choose(page, label, option)
    page.get_by_text("Tier: Low.").wait_for()
    page.get_by_test_id("stMetric").filter(has_text="Risk tier").filter(has_text="Low").wait_for()
    no_exception(page)
    page.screenshot(path=str(artifacts / "review_pack_triage.png"), full_page=True)

    _tab(page, "3 · Evidence")
    _click(page, "Save and attach a summary of german_credit_predictions.csv")
    page.get_by_text("Data summary of german_credit_predictions.csv", exact=False).first.wait_for()
    no_exception(page)

    _tab(page, "2 · Model card")
    _click(page, "empty sections from the evidence")
    expect(page.get_by_label("Data", exact=True)).to_have_value(re.compile("Rows: 1,000"))
    for label, text in CARD.items():
        field = page.get_by_label(label, exact=True)
        field.fill(text)
        field.press("Tab")
        _settled(page)
    no_exception(page)

    _tab(page, "3 · Evidence")
    _tab(page, "6 · Sign-off")
    # Fill the form's live fields (a rerun can leave a stale copy on screen for a moment), check, then sign.
    # A rerun landing between the fills and the click can reset the form; a person fills it again, and so does this.
    fields = {
        "Reviewer": "Ana Ruiz",
        "Role": "Engineering manager",
        re.compile(r"^Waive 'risk_register'"): "Owners are named at Monday's kick-off.",
    }
    signed = page.get_by_text(re.compile(r"^Signed by Ana Ruiz: hash [0-9a-f]{64}$"))
    for attempt in range(2):
        _settled(page)
        for label, text in fields.items():
            field = live(page, page.get_by_label(label))
            expect(field).to_have_count(1, timeout=30_000)
            field.fill(text)
            expect(field).to_have_value(text)
        _click(page, "Sign the pack")
        try:
            signed.wait_for(timeout=60_000)
            break
        except Exception:
            if attempt:
                errors = page.get_by_test_id("stAlert").all_inner_texts()
                raise AssertionError(f"not signed; the page says: {errors}") from None
    page.get_by_test_id("stMetric").filter(has_text="Status").filter(has_text="approved").first.wait_for()
    no_exception(page)
    page.screenshot(path=str(artifacts / "review_pack_signed.png"), full_page=True)

    _tab(page, "Export and verify")
    pack_file = _download(page, "Pack file (JSON)")
    pack = json.loads(pack_file.path().read_text())
    print("PACK", pack.get("status"), len(pack["signoffs"]), pack["title"], pack_file.suggested_filename)
    assert {"schema_version", "tier", "card", "evidence", "requirements", "risks", "signoffs"} <= set(pack)
    assert pack["tier"]["level"] == "low" and pack["signoffs"][0]["reviewer"] == "Ana Ruiz"
    assert pack["evidence"][0]["kind"] == "dataset_summary"
    html = _download(page, "Report (HTML)").path().read_text()
    assert "&lt;b&gt;v2&lt;/b&gt;" in html and "<b>v2</b>" not in html and "<script" not in html.lower()

    intact = tmp_path / "pack.json"
    intact.write_text(json.dumps(pack))
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Pack file to verify")
    uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(intact))
    page.get_by_text(re.compile(r"^intact: approved")).wait_for()
    no_exception(page)

    pack["evidence"][0]["figures"][0]["value"] = pack["evidence"][0]["figures"][0]["value"].replace("1", "7", 1)
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(pack))
    uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(tampered))
    label = pack["evidence"][0]["figures"][0]["label"]
    page.get_by_text(re.compile(rf"^changed: evidence #\d+ figure '{re.escape(label)}' changed since")).wait_for()
    no_exception(page)
    page.screenshot(path=str(artifacts / "review_pack_verify.png"), full_page=True)
