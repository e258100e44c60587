"""A reviewer opens Explain, explains a bundled sample's outputs, trains on an uploaded CSV, downloads the report."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import no_exception
from tests.lib.explain.fixtures import make_table

pytestmark = pytest.mark.e2e


def test_explain_sample_outputs_then_upload_and_train(page, app_url, artifacts, tmp_path):
    page.goto(f"{app_url}/explain")
    page.get_by_role("heading", name="Explain").first.wait_for()
    page.get_by_text("Explain outputs (no model)").click()
    page.get_by_text("Fidelity by group of").wait_for()
    page.get_by_role("button", name="Explain", exact=True).click()
    page.get_by_text("Explained 16,281 rows").wait_for(timeout=180_000)
    page.get_by_role("tab", name="Performance").click()
    page.get_by_text("Surrogate fidelity").wait_for()
    page.get_by_role("tab", name="Global").click()
    no_exception(page)
    page.screenshot(path=str(artifacts / "explain.png"), full_page=True)

    csv_file = tmp_path / "loans.csv"
    make_table(300).to_csv(csv_file, index=False)
    page.get_by_text("Upload a file").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(csv_file))
    page.get_by_text("loans.csv").first.wait_for()
    page.get_by_text("Train a model here").click()
    page.get_by_text("Target column").wait_for()
    page.get_by_role("button", name="Explain", exact=True).click()
    # The earlier result stays on screen while the page reruns: wait for this one's own status.
    try:
        page.get_by_text("Explained 300 rows").wait_for(timeout=120_000)
    finally:
        page.screenshot(path=str(artifacts / "explain_upload.png"), full_page=True)
    page.get_by_text("SHAP values add up").wait_for()
    page.get_by_role("tab", name="Beeswarm").click()
    page.get_by_text("SHAP values per row").first.wait_for()
    no_exception(page)
    page.screenshot(path=str(artifacts / "explain_beeswarm.png"), full_page=True)
    page.get_by_role("tab", name="Cohorts and gap").click()
    page.get_by_role("tab", name="Explain the gap").click()
    page.get_by_text("sum to the gap exactly").wait_for()
    no_exception(page)
    page.screenshot(path=str(artifacts / "explain_gap.png"), full_page=True)
    page.get_by_role("tab", name="Local").click()
    page.get_by_text("Row 1000: base").first.wait_for()
    page.screenshot(path=str(artifacts / "explain_upload.png"), full_page=True)

    # The HTML report comes from the core renderer: charts as images, no script.
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Report (HTML)").click()
    html = download.value.path().read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "<script" not in html.lower()
    assert "data:image/png;base64," in html and "sum to the gap exactly" in html
