"""Make a page run inside the app's navigation, whatever the first request was.

Streamlit keeps an older multipage mode for apps with a ``pages/`` folder: until
``app.py`` has called ``st.navigation`` in a server process, a request straight
to ``/datasets`` runs ``pages/datasets.py`` on its own, without the app's
navigation and sidebar. When that happens, this runs ``app.py`` in the same
script run (so clicks and uploads of this run are kept), which shows the page
normally, and then stops the stand-alone run.
"""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import NoReturn

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

APP = Path(__file__).resolve().parent.parent / "app.py"


def ensure_app_navigation() -> None:
    """Run ``app.py`` instead when Streamlit ran this page without it."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()


class PageStopped(BaseException):
    """A page has shown all it has to show; ``app.py`` catches it and still draws the shared sidebar.

    A ``BaseException``, so that no ``except Exception`` on a page swallows it.
    """


def stop_page() -> NoReturn:
    """End the page here, like ``st.stop()``, but leave the sidebar to be drawn after it.

    ``st.stop()`` stops every later Streamlit call of the run, the sidebar's included, so the
    sidebar would keep showing the dataset of an earlier run.
    """
    raise PageStopped
