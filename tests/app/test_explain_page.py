"""The Explain page driven through AppTest: train, outputs, upload and its approvals, bad input, reopening."""

from __future__ import annotations

import pickle
from pathlib import Path

import skops.io as sio
from sklearn.ensemble import HistGradientBoostingClassifier
from streamlit.testing.v1 import AppTest

from tests.lib.explain.fixtures import make_table

APP = Path(__file__).resolve().parents[2] / "app.py"


def _open() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception
    at.switch_page("pages/explain.py").run()
    assert not at.exception
    return at


def _open_with_upload(table_bytes: bytes, name: str = "table.csv") -> AppTest:
    at = _open()
    at.radio(key="explain_source").set_value("Upload a file").run()
    assert not at.exception
    at.file_uploader(key="explain_upload").set_value((name, table_bytes, "text/csv")).run()
    assert not at.exception
    return at


def _table_csv() -> bytes:
    return make_table(300).to_csv(index=False).encode()


def _save(at: AppTest, title: str) -> None:
    at.text_input(key="explain_save_title").set_value(title)
    at.button(key="explain_save_submit").click().run()
    assert not at.exception
    assert any("Saved as" in s.value for s in at.success)


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
    _save(at, "Loans explained")
    from lib.store import Workspace

    saved = Workspace().list()
    assert saved[0].kind == "explain"
    spec = Workspace().open(saved[0].id).spec
    assert spec["cohort"] == "group" and spec["gap_a"] == "a" and spec["gap_b"] == "b"


def test_outputs_way_reports_fidelity():
    at = _open_with_upload(make_table(300).assign(score=lambda t: (t.x1 > 0) * 0.5 + 0.25).to_csv(index=False).encode())
    at.radio(key="explain_way").set_value("outputs").run()
    assert not at.exception
    at.selectbox(key="explain_outputs").set_value("score").run()
    assert not at.exception
    at.selectbox(key="explain_fidelity_by").set_value("group").run()
    assert not at.exception
    at.multiselect(key="explain_features").set_value(["x1", "x2", "group"]).run()
    assert not at.exception
    at.button(key="explain_run").click().run()
    assert not at.exception
    assert any("Surrogate fidelity" in m.value for m in at.markdown)


def test_one_class_target_is_a_clear_error():
    at = _open_with_upload(make_table(100).assign(outcome="yes").to_csv(index=False).encode())
    at.selectbox(key="explain_target").set_value("outcome").run()
    assert not at.exception
    at.multiselect(key="explain_features").set_value(["x1", "x2"]).run()
    assert not at.exception
    at.button(key="explain_run").click().run()
    assert not at.exception
    assert any("only one class" in e.value for e in at.error)


def _model_bytes(iterations: int) -> bytes:
    table = make_table(300)
    model = HistGradientBoostingClassifier(max_iter=iterations, random_state=0)
    return sio.dumps(model.fit(table[["x1", "x2"]], table["outcome"]))


def _upload_model(at: AppTest, name: str, data: bytes) -> None:
    at.file_uploader(key="explain_model_file").set_value((name, data, "application/octet-stream")).run()
    assert not at.exception


def test_uploaded_model_needs_approval_and_pickle_is_refused():
    at = _open_with_upload(_table_csv())
    at.radio(key="explain_way").set_value("upload").run()
    assert not at.exception
    _upload_model(at, "model.pkl", pickle.dumps({"a": 1}))
    assert any("arbitrary code" in e.value and "model.pkl" in e.value for e in at.error)
    data = _model_bytes(10)
    _upload_model(at, "model.skops", data)
    at.button(key="explain_run").click().run()
    assert not at.exception
    assert any("not approved" in e.value for e in at.error)
    needed = sio.get_untrusted_types(data=data)
    at.multiselect(key="explain_trust").set_value(needed).run()
    assert not at.exception
    at.selectbox(key="explain_upload_target").set_value("outcome").run()
    assert not at.exception
    at.button(key="explain_run").click().run()
    assert not at.exception
    assert not at.error
    assert any("add up" in s.value for s in at.success)


def test_approving_one_model_file_does_not_approve_another():
    at = _open_with_upload(_table_csv())
    at.radio(key="explain_way").set_value("upload").run()
    assert not at.exception
    first = _model_bytes(10)
    _upload_model(at, "model_a.skops", first)
    at.multiselect(key="explain_trust").set_value(sio.get_untrusted_types(data=first)).run()
    assert not at.exception
    at.button(key="explain_run").click().run()
    assert not at.exception
    assert any("add up" in s.value for s in at.success)
    _upload_model(at, "model_b.skops", _model_bytes(12))
    assert at.multiselect(key="explain_trust").value == []
    assert not any("add up" in s.value for s in at.success)  # no result until B gets its own click
    at.button(key="explain_run").click().run()
    assert not at.exception
    refused = [e.value for e in at.error if "not approved" in e.value]
    assert refused and "model_b.skops" in refused[0] and "model_a.skops" not in refused[0]


def test_a_saved_explanation_of_a_sample_reopens_with_its_settings():
    at = _open()
    at.selectbox(key="explain_sample").set_value("german_credit_predictions").run()
    assert not at.exception
    at.radio(key="explain_way").set_value("outputs").run()
    assert not at.exception
    at.number_input(key="explain_max_rows").set_value(200).run()
    at.button(key="explain_run").click().run()
    assert not at.exception
    at.selectbox(key="explain_group_column").set_value("age_group").run()
    assert not at.exception
    _save(at, "Credit scores explained")
    from lib.store import Workspace

    saved_id = Workspace().list()[0].id
    again = AppTest.from_file(str(APP), default_timeout=120).run()
    again.session_state["dd_reopen"] = {"id": saved_id, "kind": "explain"}
    again.switch_page("pages/explain.py").run()
    assert not again.exception
    assert any(f"Reopened #{saved_id}" in i.value for i in again.info)
    assert again.radio(key="explain_way").value == "outputs"
    assert again.number_input(key="explain_max_rows").value == 200
    assert again.selectbox(key="explain_group_column").value == "age_group"
    assert any("add up" in s.value for s in again.success)


def test_a_saved_upload_is_shown_read_only():
    from lib.analysis import TableSource, file_source
    from lib.explain import ExplainSpec, run_explain, untrusted_types
    from lib.store import Workspace

    data = _model_bytes(10)
    model = file_source(data, "model.skops")
    spec = ExplainSpec(
        way_in="upload", target="outcome", trusted=tuple(untrusted_types(data, "model.skops")),
        model_sha256=model.sha256,
    )  # fmt: skip
    result = run_explain(spec, {"data": TableSource(make_table(300), "table.csv", "4" * 64), "model": model})
    saved_id = Workspace().save_analysis(title="Uploaded model", spec=spec, result=result)
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.session_state["dd_reopen"] = {"id": saved_id, "kind": "explain"}
    at.switch_page("pages/explain.py").run()
    assert not at.exception
    assert any("read-only" in w.value for w in at.warning)
    assert any("re-run the analysis" in m.value for m in at.markdown)


def test_sensitive_attributes_can_be_left_out_of_the_features():
    at = _open()
    at.selectbox(key="explain_sample").set_value("german_credit_predictions").run()
    assert not at.exception
    box = at.checkbox(key="explain_drop_sensitive")
    assert "sex" in box.label and "sex" in at.multiselect(key="explain_features").value
    box.check().run()
    assert not at.exception
    assert "sex" not in at.multiselect(key="explain_features").value
    assert "sex" not in at.multiselect(key="explain_features").options


def test_the_gap_opens_on_the_two_largest_groups_of_the_chosen_column():
    at = _open()
    at.selectbox(key="explain_sample").set_value("german_credit_predictions").run()
    assert not at.exception
    at.radio(key="explain_way").set_value("outputs").run()
    assert not at.exception
    at.button(key="explain_run").click().run()
    assert not at.exception
    at.selectbox(key="explain_group_column").set_value("purpose").run()
    assert not at.exception
    # By hand (value counts of the 1,000 rows): radio/television 280, car (new) 234, then 181 and fewer.
    assert at.selectbox(key="explain_gap_a").value == "radio/television"
    assert at.selectbox(key="explain_gap_b").value == "car (new)"
    at.selectbox(key="explain_gap_b").set_value("business").run()
    assert not at.exception
    assert at.selectbox(key="explain_gap_b").value == "business"  # the user's pick stays
    at.selectbox(key="explain_group_column").set_value("age_group").run()
    assert not at.exception
    assert (at.selectbox(key="explain_gap_a").value, at.selectbox(key="explain_gap_b").value) == (
        "25 and over",
        "under 25",
    )
