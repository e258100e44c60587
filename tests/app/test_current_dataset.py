"""One current dataset per session: visiting pages never replaces it; switching elsewhere asks first."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, ok

PAGES = ("pages/bias_audit.py", "pages/explain.py", "pages/roi_cost.py", "pages/build_vs_buy.py",
         "pages/interview_practice.py", "pages/home.py")  # fmt: skip


def current_name(at: AppTest) -> str | None:
    data = at.session_state["dd_current_data"] if "dd_current_data" in at.session_state else None  # noqa: SIM401 - AppTest state has no get()
    return None if data is None else data.dataset.name


def test_visiting_every_page_keeps_the_chosen_sample():
    at = ok(AppTest.from_file(str(APP), default_timeout=60).run())
    ok(at.switch_page("pages/datasets.py").run())
    ok(at.selectbox(key="datasets_sample").set_value("german_credit_predictions").run())
    assert current_name(at) == "german_credit_predictions.csv"
    for page in PAGES:
        ok(at.switch_page(page).run())
        assert current_name(at) == "german_credit_predictions.csv", page
    ok(at.switch_page("pages/datasets.py").run())
    assert at.selectbox(key="datasets_sample").value == "german_credit_predictions"
    assert current_name(at) == "german_credit_predictions.csv"


def test_an_upload_stays_current_across_pages_and_the_datasets_page_shows_it(tmp_path):
    at = ok(AppTest.from_file(str(APP), default_timeout=60).run())
    ok(at.switch_page("pages/datasets.py").run())
    data = (Path(__file__).resolve().parents[2] / "sample_data" / "german_credit_predictions.csv").read_bytes()
    ok(at.radio(key="datasets_source").set_value("Upload a file").run())
    ok(at.file_uploader(key="datasets_upload").set_value(("mine.csv", data, "text/csv")).run())
    assert current_name(at) == "mine.csv"
    for page in PAGES:
        ok(at.switch_page(page).run())
        assert current_name(at) == "mine.csv", page
    ok(at.switch_page("pages/datasets.py").run())
    assert at.radio(key="datasets_source").value == "Upload a file"
    assert current_name(at) == "mine.csv"


def test_choosing_another_sample_on_an_analysis_page_asks_first():
    at = ok(AppTest.from_file(str(APP), default_timeout=60).run())
    ok(at.switch_page("pages/datasets.py").run())
    ok(at.selectbox(key="datasets_sample").set_value("german_credit_predictions").run())
    ok(at.switch_page("pages/bias_audit.py").run())
    ok(at.radio(key="bias_audit_origin").set_value("Choose or upload here").run())
    assert current_name(at) == "german_credit_predictions.csv"
    ok(at.selectbox(key="bias_audit_data_sample").set_value("adult_predictions").run())
    assert current_name(at) == "german_credit_predictions.csv"  # not yet: the page asks
    assert any("Switch every page to adult_predictions.csv" in i.value for i in at.info)
    ok(at.button(key="bias_audit_data_switch").click().run())
    assert current_name(at) == "adult_predictions.csv"
