"""The Monitor page driven by AppTest: two samples, one file split by date, performance, save, reopen, bad input."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from .. import conftest as shared


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page() -> AppTest:
    at = ok(AppTest.from_file(str(shared.ROOT / "app.py"), default_timeout=90).run())
    ok(at.switch_page("pages/monitor.py").run())
    return at


def use_sample(at: AppTest, key: str) -> AppTest:
    ok(at.selectbox(key="monitor_data_sample").set_value(key).run())
    buttons = [b for b in at.button if b.key == "monitor_data_switch"]
    if buttons:
        ok(buttons[0].click().run())
    return at


def fast(at: AppTest) -> AppTest:
    return ok(at.number_input(key="monitor_n_boot").set_value(50).run())


def texts(at: AppTest) -> str:
    return " ".join(e.value for e in [*at.success, *at.warning, *at.error, *at.info])


def test_two_samples_show_verdicts_every_tab_and_the_gate():
    at = fast(open_page())
    assert at.title[0].value == "Monitor"
    # The default pair: the predictions sample against the census it came from.
    assert at.selectbox(key="monitor_current_sample").value == "adult"
    assert "workclass" in at.multiselect(key="monitor_columns").value
    assert "Drift: workclass" in texts(at)
    labels = [m.label for m in at.metric]
    assert "workclass" in labels and "age" in labels
    assert len(at.dataframe) >= 3
    # The predictions file writes a missing workclass as "unknown"; the census leaves it empty: skew, found.
    overview = at.dataframe[0].value
    assert overview.loc[overview["column"] == "workclass", "missing (ref → cur)"].item() == "0.0% → 5.7%"
    ok(at.selectbox(key="monitor_column_pick").set_value("workclass").run())
    statistics = at.dataframe[1].value
    assert {"psi", "chi2", "chi2_pvalue_adjusted", "js"} <= set(statistics["statistic"])
    assert any("categories bins" in c.value for c in at.caption)
    assert any("Choose a date column" in i.value for i in at.info)


def test_prediction_drift_and_label_free_performance():
    at = fast(open_page())
    ok(at.selectbox(key="monitor_current_sample").set_value("german_credit_predictions").run())
    ok(at.multiselect(key="monitor_columns").set_value(["age", "score", "label"]).run())
    ok(at.multiselect(key="monitor_sensitive").set_value(["sex"]).run())
    assert at.selectbox(key="monitor_score").value == "score"
    assert "Label-free estimate estimated" in texts(at)
    assert any("Fairness without labels" in m.value for m in at.markdown)


def test_one_file_split_by_date_with_monthly_chunks():
    at = fast(open_page())
    use_sample(at, "ml_spend")
    ok(at.radio(key="monitor_mode").set_value("One table split by a date").run())
    ok(at.selectbox(key="monitor_date").set_value("date").run())
    ok(at.date_input(key="monitor_split_date").set_value(dt.date(2025, 12, 1)).run())
    ok(at.multiselect(key="monitor_columns").set_value(["cost", "gpu_utilisation", "category"]).run())
    ok(at.selectbox(key="monitor_chunk").set_value("month").run())
    ok(at.number_input(key="monitor_min_rows").set_value(5).run())
    assert "Drift done: 144 reference and 144 current rows" in " ".join(s.label for s in at.status)
    ok(at.radio(key="monitor_time_statistic").set_value("js").run())


def test_bad_input_shows_one_error():
    at = fast(open_page())
    use_sample(at, "ml_spend")
    ok(at.radio(key="monitor_mode").set_value("One table split by a date").run())
    ok(at.selectbox(key="monitor_date").set_value("team").run())
    assert any("values that are not dates" in e.value for e in at.error)
    ok(at.selectbox(key="monitor_date").set_value("date").run())
    ok(at.date_input(key="monitor_split_date").set_value(dt.date(2030, 1, 1)).run())
    assert any("no rows fall on or after the split date" in e.value for e in at.error)


def test_save_then_reopen_from_home():
    at = fast(open_page())
    ok(at.multiselect(key="monitor_columns").set_value(["age", "workclass"]).run())
    at.text_input(key="monitor_save_title").set_value("Census drift")
    ok(next(b for b in at.button if b.label == "Save to workspace").click().run())
    assert any("Saved as #1" in s.value for s in at.success)
    from lib.store import Workspace

    saved = Workspace().list()
    assert saved[0].kind == "drift" and saved[0].title == "Census drift"
    ok(at.switch_page("pages/home.py").run())
    ok(next(b for b in at.button if b.key == "home_reopen").click().run())
    assert "Reopened #1 'Census drift'" in texts(at)
    assert "Drift: workclass" in texts(at)
    ok(next(b for b in at.button if b.key == "monitor_new").click().run())
    assert "Reopened #1" not in texts(at)
