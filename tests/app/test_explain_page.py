"""The Explain page driven through AppTest: train, outputs, upload, bad input."""

from __future__ import annotations

import pickle
from pathlib import Path

import skops.io as sio
from sklearn.ensemble import HistGradientBoostingClassifier
from streamlit.testing.v1 import AppTest

from tests.lib.explain_fixtures import make_table

APP = Path(__file__).resolve().parents[2] / "app.py"


def _open_with_upload(table_bytes: bytes, name: str = "table.csv") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception
    at.switch_page("pages/explain.py").run()
    assert not at.exception
    at.radio(key="explain_source").set_value("Upload a file").run()
    assert not at.exception
    at.file_uploader(key="explain_upload").set_value((name, table_bytes, "text/csv")).run()
    assert not at.exception
    return at


def _table_csv() -> bytes:
    return make_table(300).to_csv(index=False).encode()


def test_train_here_shows_results_and_saves():
    at = _open_with_upload(_table_csv())
    assert at.title[0].value == "Explain"
    at.selectbox(key="explain_target").set_value("outcome").run()
    assert not at.exception
    at.selectbox(key="explain_model").set_value("linear").run()
    assert not at.exception
    at.multiselect(key="explain_features").set_value(["x1", "x2", "colour", "group"]).run()
    assert not at.exception
    at.button(key="explain_run").click().run()
    assert not at.exception
    assert not at.error
    assert any("add up" in s.value for s in at.success)
    labels = [m.label for m in at.metric]
    assert "Output space" in labels
    assert at.metric[labels.index("Output space")].value == "log-odds"
    at.text_input(key="explain_row").set_value("5").run()
    assert not at.exception
    at.selectbox(key="explain_group_column").set_value("group").run()
    assert not at.exception
    assert any("sum to the gap exactly" in m.value for m in at.markdown)
    at.text_input(key="explain_row").set_value("nope").run()
    assert not at.exception
    assert any("no explained row" in e.value for e in at.error)
    at.button(key="FormSubmitter:explain_save_form-Save to workspace").click().run()
    assert not at.exception
    assert any("Saved as" in s.value for s in at.success)


def test_outputs_way_reports_fidelity():
    at = _open_with_upload(make_table(300).assign(score=lambda t: (t.x1 > 0) * 0.5 + 0.25).to_csv(index=False).encode())
    at.radio(key="explain_way").set_value("outputs").run()
    assert not at.exception
    at.selectbox(key="explain_outputs").set_value("score").run()
    at.selectbox(key="explain_fidelity_by").set_value("group").run()
    at.multiselect(key="explain_features").set_value(["x1", "x2", "group"]).run()
    assert not at.exception
    at.button(key="explain_run").click().run()
    assert not at.exception
    assert any("Surrogate fidelity" in m.value for m in at.markdown)


def test_one_class_target_is_a_clear_error():
    at = _open_with_upload(make_table(100).assign(outcome="yes").to_csv(index=False).encode())
    at.selectbox(key="explain_target").set_value("outcome").run()
    at.multiselect(key="explain_features").set_value(["x1", "x2"]).run()
    at.button(key="explain_run").click().run()
    assert not at.exception
    assert any("only one class" in e.value for e in at.error)


def test_uploaded_model_needs_approval_and_pickle_is_refused():
    table = make_table(300)
    at = _open_with_upload(table.to_csv(index=False).encode())
    at.radio(key="explain_way").set_value("upload").run()
    assert not at.exception
    at.file_uploader(key="explain_model_file").set_value(
        ("model.pkl", pickle.dumps({"a": 1}), "application/octet-stream")
    ).run()
    assert not at.exception
    assert any("arbitrary code" in e.value for e in at.error)
    model = HistGradientBoostingClassifier(max_iter=10).fit(table[["x1", "x2"]], table["outcome"])
    at.file_uploader(key="explain_model_file").set_value(
        ("model.skops", sio.dumps(model), "application/octet-stream")
    ).run()
    assert not at.exception
    at.button(key="explain_run").click().run()
    assert not at.exception
    assert any("not approved" in e.value for e in at.error)
    needed = sio.get_untrusted_types(data=sio.dumps(model))
    at.multiselect(key="explain_trust").set_value(needed).run()
    at.selectbox(key="explain_upload_target").set_value("outcome").run()
    at.button(key="explain_run").click().run()
    assert not at.exception
    assert not at.error
    assert any("add up" in s.value for s in at.success)
