"""A reviewer opens Monitor, reads the drift of the bundled predictions against the census, then uploads newer data."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLES
from tests.e2e.conftest import no_exception

pytestmark = pytest.mark.e2e


def test_sample_drift_shows_the_gate_tabs_and_downloads_a_notebook(page, app_url, artifacts):
    page.goto(f"{app_url}/monitor")
    page.get_by_role("heading", name="Monitor").wait_for()
    page.get_by_text("Drift: workclass").first.wait_for()
    page.get_by_test_id("stMetric").first.wait_for()
    assert page.get_by_text("drift", exact=True).count() >= 1
    no_exception(page)
    page.screenshot(path=str(artifacts / "monitor.png"), full_page=True)
    page.get_by_role("tab", name="Column").click()
    page.get_by_text("fine bins for KS and Wasserstein").first.wait_for()
    page.locator(".vega-embed:visible").first.wait_for()
    no_exception(page)
    page.get_by_role("tab", name="Glossary").click()
    page.get_by_text("How conventions change the numbers").wait_for()
    page.get_by_role("tab", name="Export and save").click()
    notebook_button = page.locator('button:has-text("Notebook (.ipynb)"):visible').first
    notebook_button.wait_for()
    with page.expect_download() as download:
        notebook_button.click()
    assert download.value.suggested_filename == "drift.ipynb"
    notebook = download.value.path().read_text()
    assert '"parameters"' in notebook and '"kind": "drift"' in notebook
    no_exception(page)


def test_upload_current_data_and_read_label_free_performance(page, app_url, artifacts, tmp_path):
    upload = tmp_path / "credit_scores.csv"
    upload.write_bytes((SAMPLES / "german_credit_predictions.csv").read_bytes())
    page.goto(f"{app_url}/monitor")
    page.get_by_role("heading", name="Monitor").wait_for()
    page.get_by_text("Drift done").first.wait_for()
    page.locator('[data-testid="stRadio"]', has_text="Current data from").get_by_text("Upload a file").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload))
    page.get_by_text("Drift done: 16,281 reference and 1,000 current rows").wait_for()
    no_exception(page)
    page.wait_for_function("document.querySelectorAll('[data-testid=stTab]').length === 7")
    page.get_by_role("tab", name="Performance").click()
    page.get_by_text("Label-free estimate").first.wait_for()
    no_exception(page)
    page.screenshot(path=str(artifacts / "monitor_performance.png"), full_page=True)
