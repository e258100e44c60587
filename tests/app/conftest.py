"""AppTest helpers: start the app, go to a page, check for exceptions after every step."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"


def ok(at: AppTest) -> AppTest:
    """Assert the last run raised nothing, and return the test app for chaining."""
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def app() -> AppTest:
    """The whole app, run once, on its default page."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    return ok(at.run())
