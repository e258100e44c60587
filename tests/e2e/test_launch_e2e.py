"""A leader opens Launch, sizes an A/B test, reads out results, plans the rollout and downloads its checklist."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import no_exception

pytestmark = pytest.mark.e2e


def _metric(page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text=label).first
    metric.get_by_test_id("stMetricValue").wait_for()
    return metric.get_by_test_id("stMetricValue").inner_text()


def test_plan_readout_and_rollout(page, app_url, artifacts, tmp_path):
    page.goto(f"{app_url}/launch")
    page.get_by_role("heading", name="Launch").wait_for()
    page.get_by_text("Write the product goal").wait_for()
    no_exception(page)

    page.get_by_text("A/B plan", exact=True).click()
    page.get_by_test_id("stMetric").filter(has_text="Units per arm").wait_for()
    assert _metric(page, "Units per arm") == "31,218"
    page.locator(".vega-embed").first.wait_for()
    page.screenshot(path=str(artifacts / "launch_ab_plan.png"), full_page=True)
    no_exception(page)

    page.get_by_text("A/B readout", exact=True).click()
    page.get_by_text("Decision: ship").first.wait_for()
    assert _metric(page, "p-value") == "0.025"
    no_exception(page)

    page.get_by_text("Rollout", exact=True).click()
    page.get_by_test_id("stMetric").filter(has_text="Total time").wait_for()
    page.get_by_text("Stage canary 1 %").wait_for()
    page.screenshot(path=str(artifacts / "launch_rollout.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Report (Markdown)").click()
    saved = tmp_path / "rollout.md"
    download.value.save_as(saved)
    text = saved.read_text()
    assert text.startswith("# Rollout plan") and "Checklist" in text and "Roll back" in text
    no_exception(page)


def test_model_value_on_a_sample(page, app_url, artifacts):
    # The Datasets page makes a sample current; the sidebar link keeps the session (a new URL would not).
    page.goto(f"{app_url}/datasets")
    page.get_by_role("heading", name="Datasets").wait_for()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Launch").click()
    page.get_by_role("heading", name="Launch").wait_for()
    page.get_by_text("Model value", exact=True).click()
    page.get_by_test_id("stMetric").filter(has_text="Value per month").wait_for()
    page.get_by_text("For the ROI case").wait_for()
    page.get_by_role("button", name="Use as the benefit in ROI & Cost").wait_for()
    page.screenshot(path=str(artifacts / "launch_value.png"), full_page=True)
    no_exception(page)
