"""The shared save form: its title follows the page's default until edited; it is off when the workspace is not."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from lib.store import Workspace
from tests.app.conftest import ok


def _script() -> None:
    import streamlit as st

    from lib.analysis import run
    from lib.roi import PerPredictionSpec
    from ui.workspace import save_form

    choice = st.selectbox("option", ["Alpha", "Beta"], key="choice")
    spec = PerPredictionSpec(cost_before=0.42, cost_after=0.19, predictions_per_month=1e6)
    save_form(spec=spec, result=run(spec), default_title=f"Plan {choice}", key="demo")


def test_title_follows_default_until_edited_then_saves():
    at = ok(AppTest.from_function(_script, default_timeout=30).run())
    assert at.text_input(key="demo_save_title").value == "Plan Alpha"
    ok(at.selectbox(key="choice").set_value("Beta").run())
    assert at.text_input(key="demo_save_title").value == "Plan Beta"
    # A form sends its fields with the submit, so the title is typed and submitted in one run.
    at.text_input(key="demo_save_title").set_value("My own title")
    ok(at.button(key="demo_save_submit").click().run())
    saved = Workspace().list()
    assert [a.title for a in saved] == ["My own title"] and saved[0].kind == "breakeven_per_prediction"
    assert any("Saved as #1" in s.value for s in at.success)
    # Once the user has their own title, a new default does not replace it.
    ok(at.selectbox(key="choice").set_value("Alpha").run())
    assert at.text_input(key="demo_save_title").value == "My own title"


def test_a_damaged_workspace_turns_saving_off_and_the_sidebar_offers_to_set_it_aside(isolated_workspace):
    (isolated_workspace / "workspace.sqlite3").write_bytes(b"not a database" * 100)
    at = ok(AppTest.from_function(_script, default_timeout=30).run())
    assert at.button(key="demo_save_submit").disabled
    assert any("Saving is off" in c.value and "damaged" in c.value for c in at.caption)
