"""The story bank and the competencies it does not cover yet."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.errors import InputError
from lib.practice import COMPETENCIES, StoryBank, competencies_without_story, load_bank, make_story, score_answer
from lib.store import Workspace

NOW = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)


def _story(**changes):
    fields = {
        "title": "Cheaper ranking",
        "situation": "Serving cost $0.42 per 1,000 predictions.",
        "task": "I owned cutting it.",
        "action": "I quantised the model and ran a canary with a rollback rule.",
        "result": "Cost went from $0.42 to $0.19 per 1,000 predictions.",
        "tags": ["Cost discipline", " ownership ", "ownership"],
    }
    return make_story(**(fields | changes))


def test_story_round_trip_and_gaps(tmp_path):
    bank = StoryBank(Workspace(tmp_path / "w.sqlite3"))
    story_id = bank.add(_story(), now=NOW)
    (saved,) = bank.all()
    assert saved.id == story_id and saved.tags == ("cost discipline", "ownership")
    gaps = competencies_without_story(bank.all())
    assert "ownership" not in gaps and "cost discipline" not in gaps
    assert gaps == [c for c in COMPETENCIES if c not in {"ownership", "cost discipline"}]
    bank.delete(story_id)
    assert bank.all() == []
    with pytest.raises(InputError, match="no story"):
        bank.delete(story_id)


def test_story_as_answer_has_star_structure():
    result = score_answer(_story().as_answer(), load_bank()[0])
    assert result.dimension("structure").fraction == 1.0


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"title": "  "}, "title"), ({"action": ""}, "action is empty"), ({"tags": [" "]}, "at least one tag")],
)
def test_bad_story_is_input_error(changes, message):
    with pytest.raises(InputError, match=message):
        _story(**changes)
