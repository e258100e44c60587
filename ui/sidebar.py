"""The sidebar every page shares: current dataset and workspace."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from lib.store import default_home
from ui.state import current_data
from ui.workspace import workspace


def _short(path: Path) -> str:
    """The path with the home folder written as ~, as people read it."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def render_sidebar(slot: DeltaGenerator) -> None:
    """Show the current dataset, its key roles, and the workspace in a sidebar container."""
    with slot:
        st.markdown("**Current dataset**")
        data = current_data()
        if data is None:
            st.caption("None yet. Choose one on the Datasets page.")
        else:
            d = data.dataset
            st.caption(f"{d.name} · {d.n_rows:,} rows × {d.n_columns} columns")
            roles = data.roles
            shown = [f"{r}: `{getattr(roles, r)}`" for r in ("label", "prediction", "score") if getattr(roles, r)]
            if roles.sensitive:
                shown.append("sensitive: " + ", ".join(f"`{c}`" for c in roles.sensitive))
            if shown:
                st.caption(" · ".join(shown))
        st.markdown("**Workspace**")
        space = workspace()
        if space is not None:
            st.caption(f"{space.count()} saved analyses in `{_short(default_home())}`")
