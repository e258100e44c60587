"""Streamlit helpers shared by the pages: session state, data picking, workspace widgets.

Nothing here computes; it reads widgets, calls :mod:`lib`, and renders.
"""
