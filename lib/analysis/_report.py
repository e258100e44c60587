"""Reports: an analysis's findings as a list of blocks that every renderer understands.

A feature builds a :class:`Report` from its result with these blocks only; the
renderers (:mod:`lib.analysis._render`, :mod:`lib.analysis._notebook`) turn it
into Markdown, HTML, JSON or a notebook, escaping every piece of text on the way.
Text in blocks is plain text, never markup, so a column name or a file name
cannot inject anything into an export.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from lib.analysis._provenance import Provenance

Status = Literal["pass", "fail", "insufficient", "info", "warning", "error", "success"]


@dataclass(frozen=True)
class Heading:
    """A section title (level 2 or 3; the report's title is level 1)."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A bulleted list of plain-text items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class KeyFigures:
    """A row of headline numbers: ``(label, value as text)`` pairs."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Verdict:
    """A verdict or notice with its status and the reason in words."""

    status: Status
    title: str
    text: str = ""


@dataclass(frozen=True, eq=False)
class Table:
    """A table.

    Attributes
    ----------
    key : str
        Stable name of the table within its report (notebooks show blocks by key).
    frame : pandas.DataFrame
        The values; numbers stay numbers.
    title : str, optional
    caption : str, optional
        A sentence under the table saying how to read it.
    formats : mapping
        Column -> Python format spec for numbers (e.g. ``".3f"``, ``",.0f"``, ``".1%"``).
    max_rows : int
        Rows shown in Markdown and HTML (the rest are counted, not shown).
    """

    key: str
    frame: pd.DataFrame
    title: str | None = None
    caption: str | None = None
    formats: Mapping[str, str] = field(default_factory=dict)
    max_rows: int = 200


@dataclass(frozen=True, eq=False)
class Chart:
    """A chart built by one of lib's pure chart functions.

    Attributes
    ----------
    key : str
        Stable name within the report.
    chart : altair.Chart or dict
        The chart, or its Vega-Lite specification.
    title : str
    description : str
        What the chart shows, in words (the image's alternative text).
    """

    key: str
    chart: Any
    title: str
    description: str = ""


@dataclass(frozen=True)
class ProvenanceBlock:
    """How the result was made (inputs, hashes, parameters, software, seed, time)."""

    provenance: Provenance


Block = Heading | Paragraph | Bullets | KeyFigures | Verdict | Table | Chart | ProvenanceBlock


@dataclass(frozen=True, eq=False)
class Report:
    """A titled list of blocks, with the result it describes.

    Attributes
    ----------
    title : str
    blocks : tuple of Block
    result : object, optional
        The result the report was built from; the JSON renderer writes its ``to_dict()``.
    kind : str, optional
        The analysis kind.
    """

    title: str
    blocks: tuple[Block, ...]
    result: Any = None
    kind: str | None = None

    def block(self, key: str) -> Table | Chart:
        """The table or chart with this key.

        Raises
        ------
        KeyError
            When no table or chart has that key.
        """
        for item in self.blocks:
            if isinstance(item, (Table, Chart)) and item.key == key:
                return item
        raise KeyError(key)

    def keyed_blocks(self) -> list[Table | Chart]:
        """Tables and charts in order (what a notebook shows cell by cell)."""
        return [b for b in self.blocks if isinstance(b, (Table, Chart))]

    def show(self, key: str) -> Any:
        """Display one table or chart in Jupyter (returns an object with rich reprs)."""
        from lib.analysis._render import DisplayBlock

        return DisplayBlock(self.block(key))

    def to_markdown(self) -> str:
        """The report as Markdown."""
        from lib.analysis._render import render_markdown

        return render_markdown(self)

    def to_html(self) -> str:
        """The report as a standalone HTML page."""
        from lib.analysis._render import render_html

        return render_html(self)

    def _repr_html_(self) -> str:
        from lib.analysis._render import render_html_fragment

        return render_html_fragment(self)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def report(
    title: str,
    blocks: Sequence[Block | None],
    *,
    result: Any = None,
    kind: str | None = None,
    provenance: Provenance | None = None,
) -> Report:
    """Assemble a report, dropping ``None`` blocks and ending with provenance.

    Parameters
    ----------
    title : str
    blocks : sequence of Block or None
        ``None`` entries (optional sections left out) are skipped.
    result : object, optional
    kind : str, optional
    provenance : Provenance, optional
        Defaults to ``result.provenance`` when the result has one.

    Returns
    -------
    Report
    """
    kept = [b for b in blocks if b is not None]
    provenance = provenance or getattr(result, "provenance", None)
    if provenance is not None and not any(isinstance(b, ProvenanceBlock) for b in kept):
        kept.append(ProvenanceBlock(provenance))
    return Report(title=title, blocks=tuple(kept), result=result, kind=kind)


def table(
    key: str,
    frame: pd.DataFrame | Sequence[Mapping[str, Any]],
    *,
    title: str | None = None,
    caption: str | None = None,
    formats: Mapping[str, str] | None = None,
    max_rows: int = 200,
) -> Table:
    """A :class:`Table` from a frame or a list of row mappings.

    Returns
    -------
    Table
    """
    data = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(list(frame))
    return Table(key=key, frame=data, title=title, caption=caption, formats=dict(formats or {}), max_rows=max_rows)
