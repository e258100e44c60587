"""The failure log: documented failures with their ownership story, searchable and exportable.

A failure is logged with what happened and why; how it was detected, how it was mitigated and
the durable fix complete the story that reviews and interviews ask for. Complete entries can
become STAR stories for interview practice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lib.analysis import Block, Bullets, Heading, Paragraph, Record, Report, render_html, render_markdown, report
from lib.errors import InputError
from lib.export import to_csv_bytes, to_json
from lib.store import Workspace

STORY_PARTS = ("what_happened", "why", "detection", "mitigation", "durable_fix")
PART_TITLES = {
    "what_happened": "What happened",
    "why": "Why",
    "detection": "How it was detected",
    "mitigation": "Mitigation",
    "durable_fix": "Durable fix",
}
MAX_TEXT = 5_000
MAX_TAGS = 20


@dataclass(frozen=True)
class FailureEntry(Record):
    """One logged failure.

    Attributes
    ----------
    title : str
    what_happened, why : str
        Required.
    detection, mitigation, durable_fix : str
        How it was found, how the harm was contained, and what keeps it from happening again.
    tags : tuple of str
        Lower-case labels (``evaluation``, ``data quality``...).
    analysis_id : int or None
        A saved analysis in the workspace about it.
    occurred_on : str or None
        ``YYYY-MM-DD``.
    id : int or None
        The workspace id (None before saving).
    created_at, updated_at : str or None
    """

    json_extras = ("complete",)

    title: str
    what_happened: str
    why: str
    detection: str = ""
    mitigation: str = ""
    durable_fix: str = ""
    tags: tuple[str, ...] = ()
    analysis_id: int | None = None
    occurred_on: str | None = None
    id: int | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def complete(self) -> bool:
        """Every part of the story is written, the durable fix included."""
        return all(getattr(self, part).strip() for part in STORY_PARTS)

    def missing_parts(self) -> list[str]:
        """The parts of the story still empty, in words."""
        return [PART_TITLES[p] for p in STORY_PARTS if not getattr(self, p).strip()]

    def fields(self) -> dict[str, Any]:
        """The stored fields (what :meth:`lib.store.Workspace.add_failure` takes)."""
        return {
            "title": self.title,
            **{part: getattr(self, part) for part in STORY_PARTS},
            "tags": list(self.tags),
            "analysis_id": self.analysis_id,
            "occurred_on": self.occurred_on,
        }


def _clean(text: Any, *, part: str, required: bool) -> str:
    value = " ".join(str(text or "").split()) if part == "title" else str(text or "").strip()
    if required and not value:
        raise InputError(f"the failure's {PART_TITLES.get(part, part).lower()} is empty", expected="a sentence or two")
    if len(value) > MAX_TEXT:
        raise InputError(
            f"the failure's {PART_TITLES.get(part, part).lower()} is too long",
            expected=f"at most {MAX_TEXT:,} characters",
            found=f"{len(value):,}",
        )
    return value


def clean_tags(tags: Iterable[str] | str) -> tuple[str, ...]:
    """Tags as lower-case labels, each once; a string is split at commas.

    Examples
    --------
    >>> clean_tags("Evaluation, data quality,  evaluation")
    ('evaluation', 'data quality')
    """
    items = tags.split(",") if isinstance(tags, str) else list(tags)
    out = tuple(dict.fromkeys(" ".join(str(t).split()).lower() for t in items if str(t).strip()))
    if len(out) > MAX_TAGS:
        raise InputError("too many tags", expected=f"at most {MAX_TAGS}", found=f"{len(out)}")
    if any(len(t) > 60 for t in out):
        raise InputError("a tag is too long", expected="at most 60 characters")
    return out


def make_failure(
    *,
    title: str,
    what_happened: str,
    why: str,
    detection: str = "",
    mitigation: str = "",
    durable_fix: str = "",
    tags: Iterable[str] | str = (),
    analysis_id: int | None = None,
    occurred_on: str | dt.date | None = None,
) -> FailureEntry:
    """A checked failure entry: a title, what happened and why are required.

    Raises
    ------
    InputError
        An empty required part, text or tags too long, a date that is not YYYY-MM-DD, an id below 1.
    """
    if isinstance(occurred_on, dt.date):
        occurred_on = occurred_on.isoformat()
    if occurred_on:
        try:
            dt.date.fromisoformat(str(occurred_on))
        except ValueError:
            raise InputError(
                "the failure's date is not a date", expected="YYYY-MM-DD", found=repr(occurred_on)[:30]
            ) from None
    if analysis_id is not None and (
        isinstance(analysis_id, bool) or not isinstance(analysis_id, int) or analysis_id < 1
    ):
        raise InputError(
            "the linked analysis id is not valid", expected="a workspace id (1 or more)", found=str(analysis_id)
        )
    return FailureEntry(
        title=_clean(title, part="title", required=True),
        what_happened=_clean(what_happened, part="what_happened", required=True),
        why=_clean(why, part="why", required=True),
        detection=_clean(detection, part="detection", required=False),
        mitigation=_clean(mitigation, part="mitigation", required=False),
        durable_fix=_clean(durable_fix, part="durable_fix", required=False),
        tags=clean_tags(tags),
        analysis_id=analysis_id,
        occurred_on=str(occurred_on) if occurred_on else None,
    )


def search_failures(entries: Sequence[FailureEntry], *, text: str = "", tag: str | None = None) -> list[FailureEntry]:
    """Entries whose words contain ``text`` (any case, every word somewhere) and that carry ``tag``.

    Examples
    --------
    >>> log = [make_failure(title="Label leak", what_happened="AUC 0.99", why="a future column")]
    >>> [e.title for e in search_failures(log, text="FUTURE leak")]
    ['Label leak']
    >>> search_failures(log, tag="evaluation")
    []
    """
    words = text.casefold().split()
    wanted = " ".join(str(tag).split()).lower() if tag else None
    found = []
    for entry in entries:
        haystack = " ".join([entry.title, *(getattr(entry, p) for p in STORY_PARTS), *entry.tags]).casefold()
        if all(w in haystack for w in words) and (wanted is None or wanted in entry.tags):
            found.append(entry)
    return found


def failures_frame(entries: Sequence[FailureEntry]) -> pd.DataFrame:
    """One row per failure: id, date, title, the five parts, tags (joined), linked analysis, complete."""
    columns = ["id", "occurred_on", "title", *STORY_PARTS, "tags", "analysis_id", "complete"]
    rows = [
        {
            "id": e.id,
            "occurred_on": e.occurred_on,
            "title": e.title,
            **{p: getattr(e, p) for p in STORY_PARTS},
            "tags": ", ".join(e.tags),
            "analysis_id": e.analysis_id,
            "complete": e.complete,
        }
        for e in entries
    ]
    return pd.DataFrame(rows, columns=columns)


def failures_report(entries: Sequence[FailureEntry], *, title: str = "Failure log") -> Report:
    """The log as a report: a summary, then each failure's story (text escaped by every renderer)."""
    complete = sum(e.complete for e in entries)
    blocks: list[Block] = [
        Paragraph(
            f"{len(entries)} failures logged, {complete} with the whole story (what happened, why, detection, "
            "mitigation and a durable fix). Documenting a failure is what turns it into learning."
        )
    ]
    if not entries:
        blocks.append(Paragraph("No failures logged."))
    for e in entries:
        heading = e.title + (f" ({e.occurred_on})" if e.occurred_on else "")
        items = [f"{PART_TITLES[p]}: {getattr(e, p) or 'not written yet'}" for p in STORY_PARTS]
        if e.tags:
            items.append("Tags: " + ", ".join(e.tags))
        if e.analysis_id is not None:
            items.append(f"Linked analysis: #{e.analysis_id}")
        blocks += [Heading(heading, level=3), Bullets(tuple(items))]
    return report(title, blocks)


def export_failures(entries: Sequence[FailureEntry], fmt: str) -> str | bytes:
    """The log as ``csv`` (bytes; formula cells neutralised), ``md``, ``html`` or ``json`` text.

    Raises
    ------
    InputError
        For another format.
    """
    if fmt == "csv":
        return to_csv_bytes(failures_frame(entries))
    if fmt == "json":
        return to_json([e.to_dict() for e in entries])
    if fmt == "md":
        return render_markdown(failures_report(entries))
    if fmt == "html":
        return render_html(failures_report(entries))
    raise InputError("unknown export format for the failure log", expected="csv, md, html or json", found=repr(fmt))


def star_parts(entry: FailureEntry) -> dict[str, Any]:
    """A complete failure as the parts of a STAR story (for the practice story bank).

    Situation: what happened; task: finding out why; action: detection and mitigation;
    result: the durable fix. Tagged "failure and learning" and "ownership", plus its own tags.

    Raises
    ------
    InputError
        When the story is not complete yet (naming the empty parts).
    """
    if not entry.complete:
        raise InputError(
            f"the failure '{entry.title}' is not a full story yet",
            expected="every part written, the durable fix included",
            found="empty: " + ", ".join(entry.missing_parts()),
        )
    return {
        "title": entry.title,
        "situation": entry.what_happened,
        "task": f"Find out why it happened: {entry.why}",
        "action": f"{entry.detection.rstrip('.')}. {entry.mitigation}",
        "result": entry.durable_fix,
        "tags": ["failure and learning", "ownership", *entry.tags],
    }


def _entry(row: dict[str, Any]) -> FailureEntry:
    return FailureEntry(
        title=row["title"],
        what_happened=row["what_happened"],
        why=row["why"],
        detection=row["detection"],
        mitigation=row["mitigation"],
        durable_fix=row["durable_fix"],
        tags=tuple(row["tags"]),
        analysis_id=row["analysis_id"],
        occurred_on=row["occurred_on"],
        id=row["id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class FailureLog:
    """The failure log kept in the workspace's SQLite file."""

    def __init__(self, workspace: Workspace | None = None) -> None:
        self.workspace = workspace if workspace is not None else Workspace()

    def add(self, entry: FailureEntry) -> int:
        """Log a failure; return its id."""
        return self.workspace.add_failure(entry.fields())

    def update(self, failure_id: int, entry: FailureEntry) -> None:
        """Replace a logged failure's text, tags and link."""
        self.workspace.update_failure(failure_id, entry.fields())

    def delete(self, failure_id: int) -> None:
        """Remove a logged failure."""
        self.workspace.delete_failure(failure_id)

    def all(self) -> list[FailureEntry]:
        """Every logged failure, most recently updated first."""
        return [_entry(row) for row in self.workspace.failures()]

    def search(self, *, text: str = "", tag: str | None = None) -> list[FailureEntry]:
        """Logged failures matching ``text`` and ``tag`` (see :func:`search_failures`)."""
        return search_failures(self.all(), text=text, tag=tag)

    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        return sorted({t for e in self.all() for t in e.tags})
