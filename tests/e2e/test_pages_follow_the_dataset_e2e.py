"""In a real browser: a dataset chosen on Datasets stays current on every page, and a page's boxes follow a new one.

For each of the pages below: choose a sample on Datasets, open the page, visit every other page of the
menu (the current dataset never changes), come back, choose another sample on Datasets, and check that
the page's boxes now hold the new dataset's columns. No exception box may appear at any step.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lib.samples import get_sample
from tests.e2e.conftest import live, no_exception

pytestmark = pytest.mark.e2e

FIRST, SECOND = "german_credit_predictions", "adult_predictions"
PAGES = ("Bias Audit", "Explain", "ROI & Cost", "Build vs Buy", "Interview Practice")


def _settled(page) -> None:
    page.wait_for_function(
        "document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'"
    )


def _go(page, link: str) -> None:
    """Open a page from the menu (same session) and wait until it has run."""
    page.get_by_test_id("stSidebarNavLink").filter(has_text=re.compile(rf"{re.escape(link)}$")).click()
    # Each page's title is its menu name (Home's is the app's); it appears once the page's run has begun.
    title = "Decision Desk" if link == "Home" else link
    page.locator("h1").filter(has_text=re.compile(rf"^{re.escape(title)}$")).first.wait_for()
    _settled(page)
    no_exception(page)


def _menu(page) -> list[str]:
    names = page.get_by_test_id("stSidebarNavLink").all_inner_texts()
    return [name.split("\n")[-1].strip() for name in names]


def _current_is(page, sample: str) -> None:
    name = get_sample(sample).file or f"{sample}.csv"
    page.get_by_test_id("stSidebar").get_by_text(re.compile(rf"^{re.escape(name)} · ")).wait_for()


def _unchanged(page, sample: str) -> None:
    """The sidebar names ``sample`` as current (a page that stops early draws no sidebar: nothing to read there)."""
    sidebar = page.get_by_test_id("stSidebar").inner_text()
    if "Current dataset" in sidebar:
        assert f"{get_sample(sample).file or sample + '.csv'} · " in sidebar


def _choose_on_datasets(page, sample: str) -> None:
    _go(page, "Datasets")
    box = page.get_by_test_id("stSelectbox").filter(has_text="Sample")
    box.click()
    page.get_by_role("option", name=get_sample(sample).title).click()
    _current_is(page, sample)
    _settled(page)
    no_exception(page)


def _box(page, label: str):
    return page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))


def _value(page, label: str) -> str:
    """What a selectbox shows as chosen."""
    return page.get_by_role("combobox", name=label, exact=True).input_value()


def _chips(page, label: str) -> str:
    return page.get_by_test_id("stMultiSelect").filter(has=page.get_by_text(label, exact=True)).inner_text()


def _first_state(page, link: str) -> None:
    """The page on the first dataset; for the data pages, also a choice the second dataset must not keep."""
    if link == "Bias Audit":
        page.get_by_text("Release gate").first.wait_for()
        assert "age_group" in _chips(page, "Sensitive columns")
        assert _value(page, "Actual outcome (label)") == "label"
        _box(page, "Reference group for ratios").click()
        page.get_by_role("option", name="female").click()
        page.get_by_text("Ratios to the female group").wait_for()
    elif link == "Explain":
        _box(page, "Target column").click()
        page.get_by_role("option", name="housing", exact=True).click()
        page.wait_for_function("document.querySelector('input[aria-label=\"Target column\"]').value === 'housing'")
    _settled(page)
    no_exception(page)


def _second_state(page, link: str) -> None:
    """The page's boxes hold the second dataset's columns and its confirmed roles."""
    if link == "Bias Audit":
        page.get_by_text("Release gate").first.wait_for()
        assert _value(page, "Actual outcome (label)") == "label"
        assert _value(page, "Score column") == "score"
        chips = _chips(page, "Sensitive columns")
        assert all(c in chips for c in ("marital_status", "race", "sex")) and "age_group" not in chips
        assert _value(page, "Reference group for ratios") == "largest"
        page.get_by_text("Ratios to the largest group").wait_for()
    elif link == "Explain":
        assert _value(page, "Target column") == "label"
        features = _chips(page, "Features")
        assert "education_num" in features and "duration_months" not in features
        page.get_by_text("Leave out the sensitive attributes (marital_status, race, sex, native_country)").wait_for()
    elif link == "ROI & Cost":
        page.get_by_role("tab", name="Spend analyser").click()
        page.get_by_text("Showing the bundled sample spend export").wait_for()
    no_exception(page)


@pytest.mark.parametrize("link", PAGES)
def test_the_dataset_stays_and_the_page_follows_a_new_one(page, app_url, artifacts, link):
    page.goto(f"{app_url}/datasets")
    page.get_by_role("heading", name="Datasets").wait_for()
    _settled(page)
    _choose_on_datasets(page, FIRST)
    _go(page, link)
    _current_is(page, FIRST)
    _first_state(page, link)
    for other in _menu(page):
        if other not in (link, "Datasets"):
            _go(page, other)
            _unchanged(page, FIRST)
    _go(page, link)
    _current_is(page, FIRST)

    _choose_on_datasets(page, SECOND)
    _go(page, link)
    _current_is(page, SECOND)
    _second_state(page, link)
    page.screenshot(path=str(artifacts / f"follows_{link.split()[0].lower()}.png"), full_page=True)


@pytest.mark.parametrize(
    ("link", "box", "expected", "stale"),
    [
        ("Explain", "Features", ("sex", "age_group", "duration_months"), "education_num"),
        ("Bias Audit", "Sensitive columns", ("sex", "age_group"), "marital_status"),
    ],
)
def test_a_dataset_chosen_on_the_page_itself_replaces_its_boxes(page, app_url, link, box, expected, stale):
    # The boxes stay on screen while the dataset changes under them: the browser must show the new choices.
    page.goto(f"{app_url}/datasets")
    page.get_by_role("heading", name="Datasets").wait_for()
    _settled(page)
    _choose_on_datasets(page, FIRST)
    _choose_on_datasets(page, SECOND)  # chosen by the person, so a page asks before replacing it
    _go(page, link)
    assert stale in _chips(page, box)
    if link == "Bias Audit":
        page.get_by_text("Choose or upload here").click()
        _settled(page)
    page.get_by_role("combobox", name="Sample", exact=True).click()
    page.get_by_role("option", name=get_sample(FIRST).title).click()
    switch = page.get_by_role("button", name=re.compile(r"^Use german_credit_predictions\.csv on every page$"))
    switch.click()
    _current_is(page, FIRST)
    _settled(page)
    # The page may run once more after the switch: wait for the box to show the new dataset's choices.
    chosen = live(page, page.get_by_test_id("stMultiSelect").filter(has=page.get_by_text(box, exact=True)))
    for chip in expected:
        expect(chosen).to_contain_text(chip, timeout=30_000)
    expect(chosen).not_to_contain_text(stale, timeout=30_000)
    no_exception(page)
