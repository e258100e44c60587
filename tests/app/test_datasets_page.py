"""Datasets: samples, uploads, every bad file, and role corrections."""

from __future__ import annotations

import io
import json

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

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


# ---- the size limit, the summary cache and missing values ----


def _upload(at, name: str, data: bytes):
    ok(at.radio(key="datasets_source").set_value("Upload a file").run())
    return ok(at.file_uploader(key="datasets_upload").set_value((name, data, "application/octet-stream")).run())


def test_the_uploader_states_the_size_limit(datasets):
    ok(datasets.radio(key="datasets_source").set_value("Upload a file").run())
    assert any("Files up to 1,024 MB" in c.value for c in datasets.caption)


def test_a_lowered_limit_is_stated_and_applied_but_samples_still_load(monkeypatch):
    from tests.app.conftest import APP

    monkeypatch.setenv("DECISION_DESK_MAX_UPLOAD_MB", "1")
    at = ok(AppTest.from_file(str(APP), default_timeout=30).run())
    at = ok(at.switch_page("pages/datasets.py").run())
    assert _metrics(at)["Rows"] == "16,281"  # the 1.8 MB default sample is not held to the 1 MB limit
    _upload(at, "big.csv", b"a,b\n" + b"1,2\n" * int(1.3 * 1024 * 1024 / 4))
    assert any("Files up to 1 MB" in c.value for c in at.caption)
    assert len(at.error) == 1 and "at most 1 MB; found 1.3 MB" in at.error[0].value


@pytest.mark.parametrize("raw", ["abc", "nan", "inf", "0", "-1"])
def test_an_unusable_limit_is_shown_as_an_error_naming_the_variable(monkeypatch, raw):
    from tests.app.conftest import APP

    monkeypatch.setenv("DECISION_DESK_MAX_UPLOAD_MB", raw)
    at = ok(AppTest.from_file(str(APP), default_timeout=30).run())
    at = ok(at.switch_page("pages/datasets.py").run())
    ok(at.radio(key="datasets_source").set_value("Upload a file").run())
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("The setting DECISION_DESK_MAX_UPLOAD_MB is not a usable")
    assert "from 1 to 1,024" in errors[0] and repr(raw) in errors[0]
    # A file dropped anyway is refused with the same reason, said once.
    ok(at.file_uploader(key="datasets_upload").set_value(("t.csv", b"a,b\n1,2\n", "text/csv")).run())
    assert [e.value.lower() for e in at.error] == [errors[0].lower()]
    assert at.session_state["dd_current_data"].source == "sample:adult_predictions"


def test_the_summary_is_computed_once_per_file_and_roles(datasets, monkeypatch):
    import ui.loading

    calls = []
    original = ui.loading.summarise

    def counting(*args, **kwargs):
        calls.append(args[1].sha256)
        return original(*args, **kwargs)

    monkeypatch.setattr(ui.loading, "summarise", counting)
    ui.loading._summary.clear()
    for _ in range(3):
        ok(datasets.run())
    assert len(calls) == 1
    ok(datasets.selectbox(key="datasets_sample").set_value("german_credit").run())
    ok(datasets.run())
    assert len(calls) == 2 and calls[0] != calls[1]


def test_class_balance_shows_missing_values_as_a_bar(datasets):
    values = ["Grvl"] * 5 + ["Pave"] * 2 + [""] * 93
    data = ("id,alley,price\n" + "".join(f"{i},{v},{100 + i}\n" for i, v in enumerate(values))).encode()
    _upload(datasets, "ames.csv", data)
    assert not datasets.error
    captions = [c.value for c in datasets.caption]
    assert "93 of 100 rows (93%) have no value in alley; they are the bar (missing)." in captions
    (chart,) = [c for c in datasets.get("vega_lite_chart") if "alley" in json.loads(c.proto.spec)["title"]]
    (data,) = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.proto.datasets]
    assert dict(zip(data["value"], data["rows"], strict=True)) == {"Grvl": 5, "Pave": 2, "(missing)": 93}
    assert data.set_index("value")["share"]["(missing)"] == pytest.approx(0.93)


def test_names_from_the_file_are_shown_as_written_never_as_markup(datasets):
    name = "[report](javascript:alert(1)) <b>q3</b>.csv"
    _upload(datasets, name, b"price $,cost $\n1,x\n2,3\n")
    assert not datasets.error
    heading = datasets.subheader[0].value
    assert "](" not in heading and "<b>" not in heading and "&lt;b&gt;" in heading
    notes = [i.value for i in datasets.info if "mixes numbers" in i.value]
    assert notes and all("\\$" in n and " $" not in n.replace("\\$", "") for n in notes)
