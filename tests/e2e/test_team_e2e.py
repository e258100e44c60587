"""A manager plans a team from their own roster, funds an experiment portfolio, logs a failure and checks the gates."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import no_exception

pytestmark = pytest.mark.e2e

ROSTER = """role,level,location,cost
ML engineer,L5,London,310000
ML engineer,L6,Berlin,420000
Data engineer,L5,London,280000
Software engineer,L5,Remote,
Applied scientist,L6,London,450000
Applied scientist,L5,Berlin,
Engineering manager,L6,London,480000
"""


def _tall_screenshot(page, path):
    # Streamlit scrolls inside its own container: a taller window shows the whole tab.
    page.set_viewport_size({"width": 1400, "height": 3000})
    _settled(page)
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})


def _settled(page):
    page.wait_for_function("document.querySelectorAll('[data-testid=stSkeleton]').length === 0")
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)


def test_team_plan_from_an_uploaded_roster(page, app_url, artifacts, tmp_path):
    roster = tmp_path / "our_team.csv"
    roster.write_text(ROSTER)
    page.goto(f"{app_url}/team_portfolio")
    page.get_by_role("heading", name="Team & Portfolio").wait_for()
    page.get_by_text("People on day one").first.wait_for()
    page.locator(".vega-embed").first.wait_for()
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("15")
    _settled(page)
    no_exception(page)
    _tall_screenshot(page, artifacts / "team_planner.png")

    page.get_by_text("Our roster", exact=True).click()
    page.get_by_text("made-up example roster").wait_for()
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("12")
    page.get_by_text("Choose or upload a roster").click()
    page.get_by_text("Upload a file").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(roster))
    page.get_by_text("our_team.csv", exact=True).first.wait_for()
    # Nothing was current in this session, so the upload becomes the current dataset without asking.
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("7", timeout=60_000)
    _settled(page)
    no_exception(page)
    # Settings survive the reruns the upload caused.
    page.get_by_text(re.compile(r"over 10,000 simulated futures")).wait_for()
    page.get_by_text("Tables by quarter, mix, method and sources").click()
    page.get_by_text("Roster our_team.csv: 7 people").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Results (JSON)").first.click()
    payload = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert payload["start"] == "roster" and payload["roster"]["people"] == 7
    assert {"quarters", "mix", "flags"} <= set(payload)
    _tall_screenshot(page, artifacts / "team_planner_roster.png")


def test_portfolio_failure_log_and_gates(page, app_url, artifacts):
    page.goto(f"{app_url}/team_portfolio")
    page.get_by_role("heading", name="Team & Portfolio").wait_for()
    page.get_by_role("tab", name="Experiment portfolio").click()
    page.get_by_text("Expected wins").wait_for()
    page.get_by_text("1.90 of 5").wait_for()
    page.get_by_text("does not reach 2 wins with 80% confidence").wait_for()
    page.locator(".vega-embed").first.wait_for()
    _settled(page)
    no_exception(page)
    _tall_screenshot(page, artifacts / "team_portfolio.png")
    with page.expect_download() as download:
        page.get_by_role("button", name="Notebook (.ipynb)").first.click()
    notebook = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert notebook["metadata"]["decision_desk"]["kind"] == "portfolio"

    page.get_by_role("tab", name="Failure log").click()
    page.get_by_label("Title").first.fill("Offline gain vanished online")
    page.get_by_label("What happened").fill("NDCG rose 2 % offline, CTR fell 0.5 % in the A/B test.")
    page.get_by_label("Why it happened").fill("The offline set left out cold-start users.")
    page.get_by_label("How it was detected").fill("The new-user guardrail.")
    page.get_by_label("How the harm was contained").fill("Rolled back within a day.")
    page.get_by_label("Durable fix: how it will be avoided").fill("Evaluation sets stratified by tenure.")
    page.get_by_label("Tags (commas between)").fill("evaluation, a/b test")
    page.get_by_role("button", name="Log the failure").click()
    page.get_by_text("Logged as failure #1.").wait_for()
    page.get_by_text("1 of 1 failures shown.").wait_for()
    page.get_by_role("button", name="Add to the interview story bank").click()
    page.get_by_text(re.compile(r"Added as STAR story #\d+")).wait_for()
    no_exception(page)
    _tall_screenshot(page, artifacts / "team_failure_log.png")

    page.get_by_role("tab", name="Quality gates").click()
    page.get_by_text("may move to experiment, not further").wait_for()
    page.get_by_role("button", name="Save to workspace").click()
    page.get_by_text(re.compile(r"Saved as #\d+ 'Quality gates: Our model'")).wait_for()
    no_exception(page)
    _tall_screenshot(page, artifacts / "team_quality_gates.png")
