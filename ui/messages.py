"""Errors on a page: one sentence, capitalised, with text from files shown as written."""

from __future__ import annotations

import streamlit as st

from lib.analysis import escape_markdown


def sentence(error: BaseException | str) -> str:
    """An error as a sentence for the page: Markdown from names and values escaped, first letter a capital.

    Examples
    --------
    >>> sentence(ValueError("file 'a.csv': no rows. Expected at least one row."))
    "File 'a.csv': no rows. Expected at least one row."
    >>> sentence("column '[x](javascript:y)' costs $5")
    "Column '[x]\\\\(javascript:y)' costs \\\\$5"
    """
    text = escape_markdown(error)
    return text[:1].upper() + text[1:]


def show_error(error: BaseException | str, *, lead: str = "") -> None:
    """Show ``error`` in an error box, after ``lead`` (our own words, not escaped) when given."""
    st.error(lead + escape_markdown(error) if lead else sentence(error))
