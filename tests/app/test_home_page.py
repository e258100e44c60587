"""Home: the three audiences, the tour and the workspace list."""

from __future__ import annotations

from lib.store import Workspace
from tests.app.conftest import ok


def test_home_shows_audiences_and_empty_workspace(app):
    assert app.title[0].value == "Decision Desk"
    headings = [h.value for h in app.subheader]
    assert any("Planning reviews" in h for h in headings)
    assert any("Responsible-AI audits" in h for h in headings)
    assert any("Interview practice" in h for h in headings)
    assert any("Nothing saved yet" in c.value for c in app.caption)


def test_home_lists_opens_renames_and_deletes_saved_analyses(app):
    space = Workspace()
    first = space.save(kind="bias_audit", title="Adult audit", parameters={"limit": 0.1}, results={"passed": False})
    second = space.save(kind="roi", title="Ranker ROI", parameters={}, results={"npv": 12.5})
    ok(app.run())
    table = app.dataframe[0].value
    assert table["title"].tolist() == ["Ranker ROI", "Adult audit"]
    ok(app.selectbox(key="home_open").set_value(first).run())
    ok(app.text_input(key=f"home_new_title_{first}").set_value("Adult audit, final").run())
    ok(app.button(key="home_rename").click().run())
    assert space.open(first).title == "Adult audit, final"
    ok(app.selectbox(key="home_open").set_value(second).run())
    ok(app.checkbox(key=f"home_confirm_delete_{second}").check().run())
    ok(app.button(key="home_delete").click().run())
    assert [a.id for a in space.list()] == [first]
    # The confirmation does not carry over: the next analysis needs its own tick.
    assert app.button(key="home_delete").disabled


def saved_audit() -> int:
    from lib.analysis import run
    from lib.fairness import AuditSpec

    spec = AuditSpec(label="label", score="score", threshold=0.5, sensitive=("age_group",), n_boot=100, seed=7)
    result = run(spec, {"data": "german_credit_predictions"})
    return Workspace().save_analysis(
        title="German audit", spec=spec, result=result, locations={"data": "german_credit_predictions"}
    )


def test_a_typed_analysis_shows_its_report_and_reopens_in_its_page(app):
    analysis_id = saved_audit()
    ok(app.run())
    ok(app.selectbox(key="home_open").set_value(analysis_id).run())
    assert any("German credit" in h.value or "Bias audit" in h.value for h in app.subheader)
    ok(app.button(key="home_reopen").click().run())
    assert app.title[0].value == "Bias Audit"
    assert any(f"Reopened #{analysis_id}" in i.value for i in app.info)
    assert app.number_input(key="bias_audit_seed").value == 7
    assert app.multiselect(key="bias_audit_sensitive").value == ["age_group"]
    assert any("Release gate" in e.value or "No verdict" in e.value for e in [*app.success, *app.warning, *app.error])


def test_an_analysis_whose_file_is_not_loaded_opens_read_only(app):
    from lib.analysis import run
    from lib.fairness import AuditSpec

    spec = AuditSpec(label="label", prediction="prediction", sensitive=("sex",), n_boot=100)
    result = run(spec, {"data": "adult_predictions"})
    analysis_id = Workspace().save_analysis(title="Upload audit", spec=spec, result=result, locations={"data": "x.csv"})
    ok(app.run())
    ok(app.selectbox(key="home_open").set_value(analysis_id).run())
    ok(app.button(key="home_reopen").click().run())
    assert any("shown read-only" in w.value for w in app.warning)
    assert any("Bias audit of adult_predictions.csv" in h.value for h in app.subheader)


def test_a_damaged_workspace_never_takes_the_app_down(isolated_workspace):
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    damaged = isolated_workspace / "workspace.sqlite3"
    damaged.write_bytes(b"not a database" * 100)
    at = ok(AppTest.from_file(str(APP), default_timeout=30).run())
    assert at.title[0].value == "Decision Desk"
    assert any("cannot be used" in w.value and "damaged" in w.value for w in at.sidebar.warning)
    ok(at.switch_page("pages/datasets.py").run())
    ok(at.button(key="sidebar_set_aside").click().run())
    assert [p.name for p in isolated_workspace.iterdir() if ".damaged-" in p.name]
    assert Workspace().count() == 0
    assert not at.sidebar.warning
