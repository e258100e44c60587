"""Datasets: samples, uploads, every bad file, and role corrections."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from tests.app.conftest import ok
from tests.lib.data.test_parse import BAD_INPUTS


@pytest.fixture
def datasets(app):
    return ok(app.switch_page("pages/datasets.py").run())


def _metrics(at):
    return {m.label: m.value for m in at.metric}


def test_default_sample_loads_with_summary(datasets):
    assert datasets.title[0].value == "Datasets"
    assert _metrics(datasets)["Rows"] == "16,281"
    assert datasets.session_state["dd_current_data"].dataset.name == "adult_predictions.csv"


@pytest.mark.parametrize("key", ["german_credit", "adult", "breast_cancer", "ml_spend"])
def test_each_sample_can_be_picked(datasets, key):
    ok(datasets.selectbox(key="datasets_sample").set_value(key).run())
    assert datasets.session_state["dd_current_data"].source == f"sample:{key}"
    assert not datasets.error


def test_upload_good_files(datasets):
    ok(datasets.radio(key="datasets_source").set_value("Upload a file").run())
    frame = pd.DataFrame({"id": range(40), "gender": ["f", "m"] * 20, "hired": ["yes", "no", "no", "yes"] * 10})
    ok(
        datasets.file_uploader(key="datasets_upload")
        .set_value(("hiring.csv", frame.to_csv(index=False).encode(), "text/csv"))
        .run()
    )
    assert _metrics(datasets)["Rows"] == "40"
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    ok(
        datasets.file_uploader(key="datasets_upload")
        .set_value(("hiring.xlsx", buffer.getvalue(), "application/octet-stream"))
        .run()
    )
    assert datasets.session_state["dd_current_data"].dataset.file_format == "xlsx"
    assert not datasets.error


@pytest.mark.parametrize("case", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_each_bad_file_shows_one_error_and_keeps_the_previous_data(datasets, case):
    name, data, phrase = case
    ok(datasets.radio(key="datasets_source").set_value("Upload a file").run())
    ok(datasets.file_uploader(key="datasets_upload").set_value((name, data, "application/octet-stream")).run())
    assert len(datasets.error) == 1
    assert phrase in datasets.error[0].value and name in datasets.error[0].value
    # nothing is lost: the dataset loaded before stays current
    assert datasets.session_state["dd_current_data"].dataset.name == "adult_predictions.csv"


def test_mixed_types_are_shown_as_a_note(datasets):
    ok(datasets.radio(key="datasets_source").set_value("Upload a file").run())
    ok(datasets.file_uploader(key="datasets_upload").set_value(("m.csv", b"a,b\n1,x\n2,3\n", "text/csv")).run())
    assert not datasets.error
    assert any("mixes numbers" in i.value for i in datasets.info)


def test_changing_a_column_role_is_kept_for_later_pages(datasets):
    ok(datasets.selectbox(key="datasets_sample").set_value("german_credit_predictions").run())
    current = datasets.session_state["dd_current_data"]
    editor_key = f"datasets_roles_{current.dataset.sha256[:12]}"
    position = list(current.frame.columns).index("age")
    datasets.session_state[editor_key] = {
        "edited_rows": {position: {"role": "sensitive"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    ok(datasets.run())
    assert datasets.session_state["dd_current_data"].roles.sensitive == ("sex", "age_group", "age")
    # two labels: refused with a message, roles unchanged
    label_position = list(current.frame.columns).index("prediction")
    datasets.session_state[editor_key] = {
        "edited_rows": {position: {"role": "sensitive"}, label_position: {"role": "label"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    ok(datasets.run())
    assert any("only one column can be the label" in e.value for e in datasets.error)
    assert datasets.session_state["dd_current_data"].roles.label == "label"
