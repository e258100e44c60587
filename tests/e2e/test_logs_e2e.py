"""A person opens a folder of Parquet files by path on Datasets, then audits the whole log on Bias Audit."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import no_exception
from tests.lib.logs.conftest import make_log_frame

pytestmark = pytest.mark.e2e


def _settled(page) -> None:
    page.wait_for_function(
        "document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'"
    )


def test_open_a_log_by_path_then_audit_it(page, app_url, artifacts, tmp_path):
    frame = make_log_frame(21, n=4_000)
    root = tmp_path / "predictions"
    for month, part in frame.groupby(frame["day"].dt.strftime("%Y-%m")):
        (root / f"month={month}").mkdir(parents=True)
        part.to_parquet(root / f"month={month}" / "part.parquet", index=False)

    page.goto(f"{app_url}/datasets")
    page.get_by_role("heading", name="Datasets").wait_for()
    _settled(page)
    page.get_by_test_id("stRadioGroup").get_by_text("Open a log by path", exact=True).click()
    box = page.get_by_label(re.compile(r"^Path of a log on this machine"))
    box.fill(str(root))
    box.press("Enter")
    _settled(page)
    page.get_by_role("button", name="Open the log").click()
    page.get_by_text("Partition columns (from folder names): month").wait_for()
    metrics = page.get_by_test_id("stMetricValue").all_inner_texts()
    assert metrics[:2] == ["3", "4,000"], metrics
    _settled(page)
    # The sidebar names the log as the current dataset once the page has run.
    page.get_by_test_id("stSidebarUserContent").get_by_text(re.compile(r"predictions · 4,000 rows")).wait_for()
    no_exception(page)
    page.screenshot(path=str(artifacts / "datasets_log.png"), full_page=True)

    page.get_by_test_id("stSidebarNavLink").filter(has=page.get_by_text("Bias Audit", exact=True)).click()
    page.get_by_role("heading", name="Bias Audit").wait_for()
    page.get_by_text(re.compile(r"Audit done: 4,000 rows")).wait_for(timeout=120_000)
    _settled(page)
    no_exception(page)
    page.screenshot(path=str(artifacts / "bias_audit_log.png"), full_page=True)
