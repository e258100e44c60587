"""A person opens Datasets, uploads a CSV through the file input and sees its summary."""

from __future__ import annotations

import os
import shutil

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, no_exception, settled

pytestmark = pytest.mark.e2e


def test_upload_csv_shows_summary(page, app_url, artifacts, tmp_path):
    csv_file = tmp_path / "hiring.csv"
    csv_file.write_text(
        "applicant,gender,years,hired\n"
        + "".join(f"{i},{'f' if i % 3 else 'm'},{i % 11},{'yes' if i % 4 else 'no'}\n" for i in range(1, 121))
    )
    page.goto(f"{app_url}/datasets")
    page.get_by_text("Upload a file").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(csv_file))
    page.get_by_role("heading", name="hiring.csv").wait_for()
    page.get_by_text("Schema and quality").click()
    page.get_by_test_id("stMetricValue").first.wait_for()
    metrics = page.get_by_test_id("stMetricValue").all_inner_texts()
    assert metrics[:2] == ["120", "4"]
    page.screenshot(path=str(artifacts / "datasets.png"), full_page=True)
    if os.environ.get("DECISION_DESK_UPDATE_SCREENSHOTS"):
        shutil.copy(artifacts / "datasets.png", ROOT / "docs" / "screenshots" / "datasets.png")


def test_home_lists_three_audiences(page, app_url, artifacts):
    page.goto(app_url)
    page.get_by_role("heading", name="Decision Desk").wait_for()
    for audience in ("Planning reviews", "Responsible-AI audits", "Interview practice"):
        page.get_by_role("heading", name=audience).wait_for()
    page.screenshot(path=str(artifacts / "home.png"), full_page=True)


def test_upload_limit_hostile_names_and_missing_values(page, app_url, artifacts, tmp_path):
    page.goto(f"{app_url}/datasets")
    page.get_by_text("Upload a file").click()
    page.get_by_text("Files up to 1,024 MB").wait_for()
    no_exception(page)

    # A damaged workbook: one error naming it, the page otherwise intact.
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(broken))
    page.get_by_test_id("stAlertContentError").filter(has_text="broken.xlsx").wait_for()
    no_exception(page)

    # Markup in names and cells stays text; formula cells are data.
    name = "<img src=x onerror=alert(1)> [x](javascript:alert(1)).csv"
    hostile = tmp_path / name
    hostile.write_text(
        "id,<script>alert(1)</script>,alley\n"
        + "".join(f"{i},=cmd|' /C calc'!A0,{'Grvl' if i < 5 else ('Pave' if i < 7 else '')}\n" for i in range(100))
    )
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(hostile))
    page.get_by_role("heading", name=name).wait_for()
    assert page.locator("h3 img").count() == 0 and page.locator('a[href^="javascript"]').count() == 0
    no_exception(page)

    settled(page)
    # The previous file's tabs fade out after the run: click once only one set is left.
    balance = page.get_by_role("tab", name="Class balance")
    expect(balance).to_have_count(1, timeout=30_000)
    balance.click()
    page.get_by_text("93 of 100 rows (93%) have no value in alley").wait_for()
    page.get_by_test_id("stVegaLiteChart").first.wait_for()
    no_exception(page)
    page.screenshot(path=str(artifacts / "datasets_missing.png"), full_page=True)
