"""A manager opens ROI & Cost, reads the investment case, then analyses a spend export they upload."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import SAMPLES
from tests.e2e.conftest import no_exception

pytestmark = pytest.mark.e2e


def _drawn(page):
    """Wait until the charts have been laid out again (two animation frames) and no placeholder is left."""
    page.wait_for_function("document.querySelectorAll('[data-testid=stSkeleton]').length === 0")
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def _tall_screenshot(page, path):
    # Streamlit scrolls inside its own container, so a taller window is what shows the whole tab.
    page.set_viewport_size({"width": 1400, "height": 2600})
    _drawn(page)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_investment_case_and_uncertainty(page, app_url, artifacts):
    page.goto(f"{app_url}/roi_cost")
    page.get_by_role("heading", name="ROI & Cost").wait_for()
    page.get_by_text("Highest NPV").wait_for()
    page.get_by_text("Period 0 is today").wait_for()
    page.locator(".vega-embed").first.wait_for()
    page.get_by_test_id("stDataFrame").first.wait_for()
    page.wait_for_function("document.querySelectorAll('[data-testid=stSkeleton]').length === 0")
    # The Drivers tab has a rate box of the same name; the investment case's comes first.
    assert page.get_by_label("Discount rate (% per year)").first.input_value() == "8.00"
    no_exception(page)
    _tall_screenshot(page, artifacts / "roi_cost.png")
    page.get_by_role("tab", name="Uncertainty").click()
    page.get_by_text("Chance NPV < 0").wait_for()
    page.locator(".vega-embed").nth(2).wait_for()
    no_exception(page)
    _tall_screenshot(page, artifacts / "roi_cost_uncertainty.png")
    page.get_by_role("tab", name="Drivers").click()
    page.get_by_text("P10 of A − B").wait_for()
    page.wait_for_function("document.querySelectorAll('[data-testid=stSkeleton]').length === 0")
    no_exception(page)
    _tall_screenshot(page, artifacts / "roi_cost_drivers.png")
    page.get_by_role("tab", name="Break-even").click()
    page.get_by_text("$460,000").first.wait_for()
    no_exception(page)
    _tall_screenshot(page, artifacts / "roi_cost_breakeven.png")
    page.get_by_role("tab", name="Savings plan").click()
    page.get_by_text("Likely saving ($/month)").wait_for()
    page.wait_for_function("document.querySelectorAll('[data-testid=stSkeleton]').length === 0")
    no_exception(page)
    _tall_screenshot(page, artifacts / "roi_cost_savings.png")


def test_spend_analyser_with_an_upload(page, app_url, artifacts, tmp_path):
    upload = tmp_path / "october_spend.csv"
    shutil.copy(SAMPLES / "ml_spend.csv", upload)
    page.goto(f"{app_url}/roi_cost")
    page.get_by_role("heading", name="ROI & Cost").wait_for()
    page.get_by_role("tab", name="Spend analyser").click()
    page.get_by_text("Idle resources", exact=True).first.wait_for()
    page.get_by_text("Choose or upload a spend file").click()
    page.get_by_text("Upload a file").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload))
    page.get_by_text("october_spend.csv", exact=True).first.wait_for()
    page.get_by_text("GPU utilisation under 70 %").first.wait_for()
    page.locator(".vega-embed").first.wait_for()
    metrics = page.get_by_test_id("stMetricValue").all_inner_texts()
    assert "$6,669,342" in metrics
    page.get_by_text("Anomalies count only changes of at least $1,000").wait_for()
    no_exception(page)
    _tall_screenshot(page, artifacts / "roi_cost_spend.png")
