"""A person opens Build vs Buy, picks a preset, sees the winner and its robustness, then imports a matrix."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import no_exception

pytestmark = pytest.mark.e2e


def _winner(page) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text="Winner")
    metric.get_by_test_id("stMetricValue").wait_for()
    return metric.get_by_test_id("stMetricValue").inner_text()


def test_preset_then_import(page, app_url, artifacts, tmp_path):
    page.goto(f"{app_url}/build_vs_buy")
    page.get_by_role("heading", name="Build vs Buy").wait_for()
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="Core business logic").click()
    page.get_by_text("What sets the company apart").wait_for()
    page.get_by_test_id("stMetric").filter(has_text="Winner").filter(has_text="Build").wait_for()
    assert _winner(page) == "Build"
    no_exception(page)
    page.screenshot(path=str(artifacts / "build_vs_buy_top.png"))
    page.get_by_role("tab", name="Weight swings").click()
    page.locator("[data-testid=stVegaLiteChart]:visible").first.wait_for()
    page.screenshot(path=str(artifacts / "build_vs_buy.png"), full_page=True)
    page.get_by_role("tab", name="Rank acceptability").click()
    page.locator("[data-testid=stVegaLiteChart]:visible").first.wait_for()
    page.screenshot(path=str(artifacts / "build_vs_buy_acceptability.png"))

    matrix = tmp_path / "MATRIX.csv"
    matrix.write_text("criterion,weight,In-house,Vendor API\nquality,2,4,3\nspeed,3,2,5\ncost,1,3,4\n")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(matrix))
    page.get_by_test_id("stMetric").filter(has_text="Vendor API").first.wait_for()
    assert _winner(page) == "Vendor API"
    no_exception(page)
    page.screenshot(path=str(artifacts / "build_vs_buy_import.png"), full_page=True)


def test_editing_a_score_changes_the_winner(page, app_url, artifacts):
    page.goto(f"{app_url}/build_vs_buy")
    page.get_by_role("heading", name="Build vs Buy").wait_for()
    # The blank preset scores every cell 3: a tie, so no option is declared the winner.
    page.get_by_test_id("stMetric").filter(has_text="Winner").filter(has_text="No winner").wait_for()
    assert _winner(page) == "No winner (tie)"
    sheet = page.get_by_test_id("stDataFrame").nth(2)
    sheet.scroll_into_view_if_needed()
    box = sheet.bounding_box()
    # Partner is the last column; the first criterion is the first row under the header.
    page.mouse.click(box["x"] + box["width"] - 40, box["y"] + 35 + 17)
    page.keyboard.press("Enter")  # open the cell editor; its text is selected, so typing replaces it
    page.keyboard.type("5")
    # The grid's cell editor opens in an overlay: wait until it holds the typed score, then commit it.
    expect(page.locator("#portal .gdg-input")).to_have_value("5")
    page.keyboard.press("Enter")
    page.get_by_test_id("stMetric").filter(has_text="Winner").filter(has_text="Partner").wait_for()
    assert _winner(page) == "Partner"
    no_exception(page)
    page.screenshot(path=str(artifacts / "build_vs_buy_edit.png"))
