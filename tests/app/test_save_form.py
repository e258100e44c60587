"""The shared save form: its title follows the page's default until the user edits it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from lib.store import Workspace
from tests.app.conftest import ok


def _script() -> None:
    import streamlit as st

    from ui.workspace import save_form

    choice = st.selectbox("option", ["Alpha", "Beta"], key="choice")
    save_form(
        kind="demo",
        default_title=f"Plan {choice}",
        parameters={"choice": choice},
        results={},
        data_hash=None,
        key="demo",
    )


def test_title_follows_default_until_edited_then_saves():
    at = ok(AppTest.from_function(_script, default_timeout=30).run())
    assert at.text_input(key="demo_save_title").value == "Plan Alpha"
    ok(at.selectbox(key="choice").set_value("Beta").run())
    assert at.text_input(key="demo_save_title").value == "Plan Beta"
    # A form sends its fields with the submit, so the title is typed and submitted in one run.
    at.text_input(key="demo_save_title").set_value("My own title")
    ok(at.button(key="FormSubmitter:demo_save_form-Save to workspace").click().run())
    assert [a.title for a in Workspace().list()] == ["My own title"]
    assert any("Saved as #1" in s.value for s in at.success)
    # Once the user has their own title, a new default does not replace it.
    ok(at.selectbox(key="choice").set_value("Alpha").run())
    assert at.text_input(key="demo_save_title").value == "My own title"
