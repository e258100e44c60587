"""The story bank: STAR stories tagged with the competencies they show."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lib.errors import InputError
from lib.store import Workspace

COMPETENCIES: tuple[str, ...] = (
    "ownership",
    "measurable impact",
    "decision with incomplete information",
    "technical depth",
    "failure and learning",
    "influence without authority",
    "conflict",
    "hiring and developing people",
    "customer focus",
    "responsible AI",
    "cost discipline",
    "delivering under pressure",
)
_PARTS = ("situation", "task", "action", "result")


@dataclass(frozen=True)
class Story:
    """One STAR story."""

    title: str
    situation: str
    task: str
    action: str
    result: str
    tags: tuple[str, ...]
    id: int | None = None
    created_at: str | None = None

    def as_answer(self) -> str:
        """The story as one answer, for scoring."""
        return " ".join(f"{part.capitalize()}: {getattr(self, part).rstrip('.')}." for part in _PARTS)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "id": self.id,
            "title": self.title,
            **{part: getattr(self, part) for part in _PARTS},
            "tags": list(self.tags),
            "created_at": self.created_at,
        }


def make_story(*, title: str, situation: str, task: str, action: str, result: str, tags: Sequence[str]) -> Story:
    """A checked story: a title, all four STAR parts and at least one tag."""
    clean_title = " ".join(str(title).split())
    if not clean_title:
        raise InputError("a story needs a title", expected="a short title", found="an empty one")
    parts = {"situation": situation, "task": task, "action": action, "result": result}
    for name, text in parts.items():
        if not str(text).strip():
            raise InputError(f"the story's {name} is empty", expected=f"a sentence or two for {name}", found="nothing")
    clean_tags = tuple(dict.fromkeys(" ".join(str(t).split()).lower() for t in tags if str(t).strip()))
    if not clean_tags:
        raise InputError("a story needs at least one tag", expected="a competency such as 'ownership'", found="none")
    clean = {name: str(parts[name]).strip() for name in _PARTS}
    return Story(clean_title, clean["situation"], clean["task"], clean["action"], clean["result"], tags=clean_tags)


def competencies_without_story(stories: Sequence[Story], *, competencies: Sequence[str] = COMPETENCIES) -> list[str]:
    """Competencies no saved story is tagged with, in the list's order."""
    covered = {tag for story in stories for tag in story.tags}
    return [c for c in competencies if c.lower() not in covered]


class StoryBank:
    """Stories stored in the workspace's SQLite file."""

    def __init__(self, workspace: Workspace | None = None) -> None:
        self.workspace = workspace if workspace is not None else Workspace()

    def add(self, story: Story, *, now: dt.datetime) -> int:
        """Save a story; return its id."""
        with self.workspace._connect(write=True) as connection:
            cursor = connection.execute(
                "INSERT INTO practice_stories (title, situation, task, action, result, tags, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    story.title,
                    story.situation,
                    story.task,
                    story.action,
                    story.result,
                    json.dumps(list(story.tags)),
                    now.isoformat(),
                ),
            )
            return int(cursor.lastrowid or 0)  # an INSERT always sets it

    def all(self) -> list[Story]:
        """Every saved story, oldest first."""
        with self.workspace._connect() as connection:
            rows = connection.execute(
                "SELECT id, title, situation, task, action, result, tags, created_at FROM practice_stories ORDER BY id"
            ).fetchall()
        return [Story(r[1], r[2], r[3], r[4], r[5], tuple(json.loads(r[6])), id=r[0], created_at=r[7]) for r in rows]

    def delete(self, story_id: int) -> None:
        """Remove a story."""
        with self.workspace._connect(write=True) as connection:
            if connection.execute("DELETE FROM practice_stories WHERE id = ?", (int(story_id),)).rowcount == 0:
                raise InputError("no story with this id", expected="an id from the story list", found=str(story_id))
