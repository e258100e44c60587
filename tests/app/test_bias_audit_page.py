"""The Bias Audit page driven by AppTest: sample data, settings, tabs, upload and bad input."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from .. import conftest as shared


def open_page() -> AppTest:
    at = AppTest.from_file(str(shared.ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    at.switch_page("pages/bias_audit.py").run()
    assert not at.exception
    return at


def open_tab(at: AppTest, name: str) -> AppTest:
    """Open one of the audit's tabs (only the open tab is drawn), as a click on it does."""
    at.session_state["bias_audit_tab"] = name
    at.run()
    assert not at.exception
    return at


def choose_german_sample(at: AppTest) -> AppTest:
    at.radio(key="bias_audit_origin").set_value("Choose or upload here").run()
    assert not at.exception
    at.selectbox(key="bias_audit_data_sample").set_value("german_credit_predictions").run()
    assert not at.exception
    at.number_input(key="bias_audit_n_boot").set_value(100).run()
    assert not at.exception
    return at


def test_sample_audit_shows_verdicts_and_every_tab():
    at = choose_german_sample(open_page())
    assert at.title[0].value == "Bias Audit"
    assert at.multiselect(key="bias_audit_sensitive").value == ["sex", "age_group"]
    assert any("Release gate" in e.value for e in [*at.success, *at.warning, *at.error])
    labels = [m.label for m in at.metric]
    assert "demographic parity difference" in labels and "equalized odds ratio" in labels
    assert len(at.dataframe) == 2  # the Groups tab: per-group metrics, ratios to the reference
    at.selectbox(key="bias_audit_reference").set_value("female").run()
    assert not at.exception
    assert set(at.dataframe[1].value["reference"]) == {"female"}
    at.toggle(key="bias_audit_intersectional").set_value(True).run()
    assert not at.exception
    assert any("×" in str(df.value.to_dict()) for df in at.dataframe)
    open_tab(at, "Calibration and criteria")
    texts = " ".join(m.value for m in at.markdown)
    assert "Which fairness criterion" in texts and "Calibration" in texts
    open_tab(at, "Charts")
    at.selectbox(key="bias_audit_chart_metric").set_value("true_positive_rate").run()
    assert not at.exception
    open_tab(at, "Mitigation")
    at.selectbox(key="bias_audit_constraint").set_value("equalized_odds").run()
    assert not at.exception
    assert any("restricted" in w.value for w in at.warning)
    open_tab(at, "Glossary and guide")
    at.radio(key="bias_audit_guide_decision").set_value("punitive").run()
    assert not at.exception
    assert any("false_positive_rate_difference" in m.value for m in at.markdown)
    # Choices made in a tab are still there after visiting the others.
    open_tab(at, "Charts")
    assert at.selectbox(key="bias_audit_chart_metric").value == "true_positive_rate"
    open_tab(at, "Mitigation")
    assert at.selectbox(key="bias_audit_constraint").value == "equalized_odds"


def test_only_the_open_tab_is_drawn_and_the_mitigation_waits_for_its_tab():
    at = choose_german_sample(open_page())
    assert not any("restricted" in w.value for w in at.warning)  # no mitigation fitted yet
    assert not at.get("vega_lite_chart") and not at.get("arrow_vega_lite_chart")
    open_tab(at, "Mitigation")
    assert any("restricted" in w.value for w in at.warning)


def test_prediction_column_hides_score_only_tools():
    at = choose_german_sample(open_page())
    at.radio(key="bias_audit_kind").set_value("prediction").run()
    assert not at.exception
    at.selectbox(key="bias_audit_output_prediction").set_value("prediction").run()
    assert not at.exception
    open_tab(at, "Threshold explorer")
    assert any("needs a score column" in i.value for i in at.info)
    open_tab(at, "Mitigation")
    assert any("needs a score column" in i.value for i in at.info)


def test_save_to_workspace():
    at = open_tab(choose_german_sample(open_page()), "Export and save")
    # A form sends its fields with the submit, so the title is typed and submitted in one run.
    at.text_input(key="bias_audit_save_title").set_value("German credit audit")
    at.button(key="bias_audit_save_submit").click().run()
    assert not at.exception
    assert any("Saved as #1" in s.value for s in at.success)
    from lib.store import Workspace

    saved = Workspace().list()
    assert saved[0].kind == "bias_audit" and saved[0].title == "German credit audit"


def test_a_label_that_is_not_binary_shows_one_error():
    at = choose_german_sample(open_page())
    at.multiselect(key="bias_audit_sensitive").set_value(["age_group"]).run()
    assert not at.exception
    at.selectbox(key="bias_audit_label").set_value("housing").run()
    assert not at.exception
    assert len(at.error) == 1 and "label must be binary" in at.error[0].value


def test_a_label_of_two_words_asks_which_is_positive_then_audits():
    at = choose_german_sample(open_page())
    at.multiselect(key="bias_audit_sensitive").set_value(["age_group"]).run()
    assert not at.exception
    at.selectbox(key="bias_audit_label").set_value("sex").run()
    assert not at.exception
    assert not at.error and not at.metric
    assert [i.value for i in at.info] == ["Choose which value of 'sex' is the positive outcome."]
    positive = at.selectbox(key="bias_audit_positive")
    assert positive.value is None and sorted(positive.options) == ["female", "male"]
    positive.set_value("female").run()
    assert not at.exception
    assert [e.value.split(":")[0] for e in at.error] == ["Release gate failed"] and at.metric


def test_upload_then_audit():
    at = open_page()
    at.radio(key="bias_audit_origin").set_value("Choose or upload here").run()
    assert not at.exception
    at.radio(key="bias_audit_data_source").set_value("Upload a file").run()
    assert not at.exception
    data = (shared.SAMPLES / "german_credit_predictions.csv").read_bytes()
    at.file_uploader(key="bias_audit_data_upload").set_value(("credit.csv", data, "text/csv")).run()
    assert not at.exception
    assert any("credit.csv" in c.value for c in at.caption)
    assert at.metric
