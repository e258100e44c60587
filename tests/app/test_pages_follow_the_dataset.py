"""Every page opens on a runnable default or a clear prompt, and its boxes follow the current dataset.

The dataset is chosen on Datasets; visiting the other pages never changes it, and choosing another
one (or other roles) starts every column box again from the new dataset's confirmed roles.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from lib.samples import SAMPLES
from tests.app.conftest import APP, ok

OTHER_PAGES = ("pages/bias_audit.py", "pages/explain.py", "pages/roi_cost.py", "pages/build_vs_buy.py",
               "pages/interview_practice.py", "pages/home.py")  # fmt: skip

# What Bias Audit asks for first on each sample (None: it audits straight away).
AUDIT_PROMPTS = {
    "adult_predictions": None,
    "german_credit_predictions": None,
    "adult": "Choose which value of 'income' is the positive outcome.",
    "german_credit": "Choose which value of 'credit_risk' is the positive outcome.",
    "ml_spend": "Choose the label: the column holding the actual outcome (what really happened).",
    "breast_cancer": "Choose the score column: the model's output to audit.",
    "diabetes": "Choose the label: the column holding the actual outcome (what really happened).",
    "prediction_log": None,
}
# Samples whose data the audit refuses as it stands, with the one clear message it gives.
AUDIT_ERRORS = {
    "prediction_log": "column 'label': the label column has missing values",
}
# What Explain asks for first (train a model here, the page's default way in).
EXPLAIN_PROMPTS = {
    "ml_spend": "Choose the target column: the outcome the model learns to predict.",
    "diabetes": "Choose the target column: the outcome the model learns to predict.",
}


def _app() -> AppTest:
    return ok(AppTest.from_file(str(APP), default_timeout=90).run())


def _choose_on_datasets(at: AppTest, sample: str) -> None:
    ok(at.switch_page("pages/datasets.py").run())
    ok(at.selectbox(key="datasets_sample").set_value(sample).run())


def _current(at: AppTest) -> str:
    return at.session_state["dd_current_data"].dataset.name


def _errors_besides_the_gate(at: AppTest) -> list[str]:
    return [e.value for e in at.error if not e.value.startswith("Release gate")]


def _options_are_columns(at: AppTest, keys: tuple[str, ...], columns: set[str]) -> None:
    for key in keys:
        box = at.selectbox(key=key)
        assert set(box.options) <= columns, key
        assert box.value is None or box.value in columns, key


def test_every_sample_keeps_its_place_and_opens_every_page_on_a_default_or_a_prompt():
    assert set(AUDIT_PROMPTS) == {s.key for s in SAMPLES}
    at = _app()
    for sample in SAMPLES:
        _choose_on_datasets(at, sample.key)
        name = _current(at)
        for page in OTHER_PAGES:
            ok(at.switch_page(page).run())
            assert _current(at) == name, (sample.key, page)
            if page == "pages/bias_audit.py" and sample.key in AUDIT_ERRORS:
                errors = _errors_besides_the_gate(at)
                assert len(errors) == 1 and AUDIT_ERRORS[sample.key] in errors[0], sample.key
            elif page == "pages/bias_audit.py":
                assert not _errors_besides_the_gate(at), sample.key
                prompt = AUDIT_PROMPTS[sample.key]
                assert (prompt in [i.value for i in at.info]) if prompt else at.metric, sample.key
            if page == "pages/explain.py":
                assert not at.error, sample.key
                prompt = EXPLAIN_PROMPTS.get(sample.key)
                infos = [i.value for i in at.info]
                assert prompt in infos if prompt else not any(i.startswith("Choose") for i in infos), sample.key


def test_bias_audit_boxes_start_again_from_the_new_datasets_roles():
    at = _app()
    _choose_on_datasets(at, "german_credit_predictions")
    ok(at.switch_page("pages/bias_audit.py").run())
    assert at.multiselect(key="bias_audit_sensitive").value == ["sex", "age_group"]
    ok(at.selectbox(key="bias_audit_reference").set_value("female").run())
    at.session_state["bias_audit_tab"] = "Charts"
    ok(at.run())
    ok(at.selectbox(key="bias_audit_chart_attribute").set_value("age_group").run())
    ok(at.selectbox(key="bias_audit_label").set_value("housing").run())
    assert _errors_besides_the_gate(at)  # 'housing' is no binary label: one clear error

    _choose_on_datasets(at, "adult_predictions")
    ok(at.switch_page("pages/bias_audit.py").run())
    assert _current(at) == "adult_predictions.csv"
    columns = set(at.session_state["dd_current_data"].frame.columns)
    assert at.selectbox(key="bias_audit_label").value == "label"
    assert at.selectbox(key="bias_audit_output_score").value == "score"
    # native_country has 41 groups: left for the user to add, and said so.
    assert at.multiselect(key="bias_audit_sensitive").value == ["marital_status", "race", "sex"]
    assert set(at.multiselect(key="bias_audit_sensitive").options) <= columns
    assert at.selectbox(key="bias_audit_reference").value == "largest"
    at.session_state["bias_audit_tab"] = "Charts"
    ok(at.run())
    assert at.selectbox(key="bias_audit_chart_attribute").value == "marital_status"
    _options_are_columns(at, ("bias_audit_label", "bias_audit_output_score"), columns)
    assert not _errors_besides_the_gate(at) and at.metric


def test_bias_audit_follows_roles_confirmed_on_datasets():
    at = _app()
    _choose_on_datasets(at, "german_credit_predictions")
    ok(at.switch_page("pages/bias_audit.py").run())
    assert at.multiselect(key="bias_audit_sensitive").value == ["sex", "age_group"]
    data = at.session_state["dd_current_data"]
    at.session_state["dd_current_data"] = replace(data, roles=replace(data.roles, sensitive=["age_group"]))
    ok(at.run())
    assert at.multiselect(key="bias_audit_sensitive").value == ["age_group"]


def test_a_file_without_a_label_opens_bias_audit_on_choose_the_label():
    rows = "race,sex,tenure,spend\n" + "".join(f"{'abc'[i % 3]},{'fm'[i % 2]},{i % 7},{i * 3}\n" for i in range(60))
    at = _app()
    ok(at.switch_page("pages/datasets.py").run())
    ok(at.radio(key="datasets_source").set_value("Upload a file").run())
    ok(at.file_uploader(key="datasets_upload").set_value(("people.csv", rows.encode(), "text/csv")).run())
    ok(at.switch_page("pages/bias_audit.py").run())
    assert not at.error
    assert at.selectbox(key="bias_audit_label").value is None
    assert "Choose the label" in at.info[0].value
    # The label cannot be offered as a sensitive attribute too: choosing it removes it there.
    ok(at.selectbox(key="bias_audit_label").set_value("race").run())
    assert "race" not in at.multiselect(key="bias_audit_sensitive").options
    assert not any("both an outcome and a sensitive" in e.value for e in at.error)


def test_explain_boxes_start_again_from_the_new_datasets_roles():
    at = _app()
    _choose_on_datasets(at, "german_credit_predictions")
    ok(at.switch_page("pages/explain.py").run())
    assert at.selectbox(key="explain_target").value == "label"
    ok(at.multiselect(key="explain_features").set_value(["duration_months", "housing"]).run())
    ok(at.radio(key="explain_way").set_value("outputs").run())
    assert at.selectbox(key="explain_fidelity_by").value == "sex"

    _choose_on_datasets(at, "adult_predictions")
    ok(at.switch_page("pages/explain.py").run())
    columns = set(at.session_state["dd_current_data"].frame.columns)
    assert at.selectbox(key="explain_target").value == "label"
    ok(at.radio(key="explain_way").set_value("outputs").run())
    assert at.selectbox(key="explain_outputs").value == "score"
    assert at.selectbox(key="explain_fidelity_by").value == "marital_status"
    features = at.multiselect(key="explain_features")
    assert "age" in features.value and "duration_months" not in features.options
    assert set(features.value) <= columns and set(features.options) <= columns


def test_an_empty_features_box_says_every_usable_column_is_used():
    at = _app()
    _choose_on_datasets(at, "german_credit_predictions")
    ok(at.switch_page("pages/explain.py").run())
    ok(at.multiselect(key="explain_features").set_value([]).run())
    assert any(c.value.startswith("No feature chosen, so every usable column is used (14:") for c in at.caption)
    # Leaving out the sensitive attributes still holds when the box is empty.
    ok(at.checkbox(key="explain_drop_sensitive").check().run())
    assert any(c.value.startswith("No feature chosen, so every usable column is used (12:") for c in at.caption)


@pytest.mark.parametrize("page", ["pages/roi_cost.py", "pages/build_vs_buy.py", "pages/interview_practice.py"])
def test_planning_and_practice_pages_never_touch_the_dataset(page):
    at = _app()
    _choose_on_datasets(at, "adult")
    ok(at.switch_page(page).run())
    assert _current(at) == "adult.parquet"
    assert not at.error
