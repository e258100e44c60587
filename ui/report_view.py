"""Show any report in Streamlit: how a saved analysis is read when it cannot be re-run."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from lib.analysis import (
    Block,
    Bullets,
    Chart,
    Heading,
    KeyFigures,
    Paragraph,
    ProvenanceBlock,
    Report,
    Table,
    Verdict,
    escape_markdown,
    formatted_frame,
    provenance_items,
)

_VERDICT_BOX = {
    "pass": st.success,
    "success": st.success,
    "fail": st.error,
    "error": st.error,
    "insufficient": st.warning,
    "warning": st.warning,
    "info": st.info,
}


def render_report(report: Report, *, key: str) -> None:
    """Draw every block of a report with Streamlit widgets (text escaped, charts interactive).

    Parameters
    ----------
    report : Report
    key : str
        Prefix for element keys.
    """
    st.subheader(report.title)
    render_blocks(report.blocks, key=key)


def render_blocks(blocks: Sequence[Block | None], *, key: str) -> None:
    """Draw report blocks with Streamlit widgets (``None`` entries skipped)."""
    for index, block in enumerate(b for b in blocks if b is not None):
        if isinstance(block, Heading):
            st.markdown(("#### " if block.level >= 3 else "### ") + escape_markdown(block.text))
        elif isinstance(block, Paragraph):
            st.markdown(escape_markdown(block.text))
        elif isinstance(block, Bullets):
            st.markdown("\n".join(f"- {escape_markdown(item)}" for item in block.items))
        elif isinstance(block, KeyFigures):
            for column, (label, value) in zip(st.columns(len(block.items)), block.items, strict=True):
                column.metric(label, value)
        elif isinstance(block, Verdict):
            box = _VERDICT_BOX.get(block.status, st.info)
            box(f"**{escape_markdown(block.title)}** {escape_markdown(block.text)}".strip())
        elif isinstance(block, Table):
            if block.title:
                st.markdown(f"**{escape_markdown(block.title)}**")
            st.dataframe(formatted_frame(block), hide_index=True, width="stretch", key=f"{key}_table_{index}")
            if block.caption:
                st.caption(escape_markdown(block.caption))
        elif isinstance(block, Chart):
            st.altair_chart(block.chart, width="stretch", key=f"{key}_chart_{index}")
        elif isinstance(block, ProvenanceBlock):
            with st.expander("Provenance"):
                st.markdown("\n".join(f"- {escape_markdown(item)}" for item in provenance_items(block)))
