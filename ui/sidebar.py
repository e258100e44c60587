"""The sidebar every page shares: current dataset and workspace."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from lib.analysis import escape_markdown
from lib.store import WorkspaceError, default_home, set_aside
from ui.state import current_data
from ui.workspace import open_workspace


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
            # File and column names are data: escaped, so a name cannot become a link or markup.
            st.caption(f"{escape_markdown(d.name)} · {d.n_rows:,} rows × {d.n_columns} columns")
            roles = data.roles
            shown = [
                f"{r}: {escape_markdown(getattr(roles, r))}"
                for r in ("label", "prediction", "score")
                if getattr(roles, r)
            ]
            if roles.sensitive:
                shown.append("sensitive: " + ", ".join(escape_markdown(c) for c in roles.sensitive))
            if shown:
                st.caption(" · ".join(shown))
        st.markdown("**Workspace**")
        space, problem = open_workspace()
        if space is not None:
            count = space.count()
            st.caption(f"{count:,} saved {'analysis' if count == 1 else 'analyses'} in `{_short(default_home())}`")
        elif problem is not None:
            st.warning(f"The workspace cannot be used, so saving is off. {problem}")
            damaged = isinstance(problem, WorkspaceError) and problem.damaged and problem.path.exists()
            if damaged and st.button("Set the damaged file aside and start a new workspace", key="sidebar_set_aside"):
                moved = set_aside(problem.path)
                st.toast(f"The damaged workspace was moved to {_short(moved)}; nothing was deleted.")
                st.rerun()
