"""A reviewer opens Bias Audit, audits the bundled predictions, then uploads a file of their own."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLES
from tests.e2e.conftest import no_exception

pytestmark = pytest.mark.e2e


def test_sample_audit_shows_gate_and_verdicts(page, app_url, artifacts):
    page.goto(f"{app_url}/bias_audit")
    page.get_by_role("heading", name="Bias Audit").wait_for()
    page.get_by_text("Release gate").first.wait_for()
    page.get_by_test_id("stMetric").first.wait_for()
    assert page.get_by_test_id("stMetric").count() == 11
    assert page.get_by_text("fail", exact=True).count() >= 1
    no_exception(page)
    page.screenshot(path=str(artifacts / "bias_audit.png"), full_page=True)
    page.get_by_role("tab", name="Charts").click()
    page.locator(".vega-embed").first.wait_for()
    page.locator(".vega-embed").first.scroll_into_view_if_needed()
    no_exception(page)
    page.screenshot(path=str(artifacts / "bias_audit_charts.png"), full_page=True)
    page.get_by_role("tab", name="Calibration and criteria").click()
    page.get_by_text("Which fairness criterion?").wait_for()
    no_exception(page)
    page.get_by_role("tab", name="Export and save").click()
    notebook_button = page.locator('button:has-text("Notebook (.ipynb)"):visible').first
    notebook_button.wait_for()
    with page.expect_download() as download:
        notebook_button.click()
    assert download.value.suggested_filename == "bias_audit.ipynb"
    notebook = download.value.path().read_text()
    assert '"parameters"' in notebook and "application/json" in notebook
    no_exception(page)


def test_upload_audit_and_mitigation(page, app_url, artifacts, tmp_path):
    upload = tmp_path / "credit_outputs.csv"
    upload.write_bytes((SAMPLES / "german_credit_predictions.csv").read_bytes())
    page.goto(f"{app_url}/bias_audit")
    page.get_by_role("heading", name="Bias Audit").wait_for()
    page.get_by_text("Upload a file").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload))
    page.get_by_test_id("stMainBlockContainer").get_by_text("credit_outputs.csv ·").wait_for()
    page.get_by_text("Audit done: 1,000 rows").wait_for()
    # The previous run's elements fade out after the new run; wait until one set of tabs remains.
    page.wait_for_function("document.querySelectorAll('[data-testid=stTab]').length === 7")
    no_exception(page)
    page.get_by_role("tab", name="Mitigation").click()
    page.get_by_text("restricted or forbidden by law").wait_for()
    page.get_by_text("Download mitigated predictions (CSV)").wait_for()
    no_exception(page)
    page.screenshot(path=str(artifacts / "bias_audit_mitigation.png"), full_page=True)
