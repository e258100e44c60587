"""Make a page run inside the app's navigation even on the very first request.

Streamlit keeps an older multipage mode for apps with a ``pages/`` folder: until
``app.py`` has called ``st.navigation`` once in a server process, a first
request straight to ``/datasets`` would run the page without the app's
navigation and sidebar. Switching that mode off and rerunning hands the request
to ``app.py``, which then shows the requested page normally.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_app_navigation() -> None:
    """Rerun through ``app.py`` when Streamlit ran this page on its own."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
