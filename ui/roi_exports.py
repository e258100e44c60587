"""Download buttons for any ROI & Cost report (Markdown, HTML, CSV; provenance included)."""

from __future__ import annotations

import streamlit as st

from lib.roi import Report


def export_buttons(report: Report, *, key: str, stem: str) -> None:
    """Three download buttons side by side."""
    md_col, html_col, csv_col = st.columns(3)
    md_col.download_button(
        "Download Markdown", report.to_markdown(), file_name=f"{stem}.md", mime="text/markdown", key=f"{key}_md"
    )
    html_col.download_button(
        "Download HTML", report.to_html(), file_name=f"{stem}.html", mime="text/html", key=f"{key}_html"
    )
    csv_col.download_button("Download CSV", report.to_csv(), file_name=f"{stem}.csv", mime="text/csv", key=f"{key}_csv")
