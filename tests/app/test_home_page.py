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
    ok(app.checkbox(key="home_confirm_delete").check().run())
    ok(app.button(key="home_delete").click().run())
    assert [a.id for a in space.list()] == [first]
