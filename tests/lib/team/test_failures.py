"""The failure log: checked entries, search, exports that neutralise and escape, STAR stories."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest

from lib.errors import InputError
from lib.store import Workspace
from lib.team import FailureLog, clean_tags, export_failures, make_failure, search_failures, star_parts


def _entry(**changes):
    fields = {
        "title": "Offline gain did not hold online",
        "what_happened": "The ranker gained 2 % NDCG offline and lost 0.5 % CTR in the A/B test.",
        "why": "The offline set left out cold-start users.",
        "detection": "The new-user guardrail in the A/B test.",
        "mitigation": "Rolled back within a day.",
        "durable_fix": "Evaluation sets are stratified by user tenure.",
        "tags": "Evaluation, A/B test",
        "occurred_on": dt.date(2025, 3, 4),
    }
    return make_failure(**{**fields, **changes})


def test_a_full_entry_is_complete_and_tags_are_cleaned():
    entry = _entry()
    assert entry.complete and entry.missing_parts() == []
    assert entry.tags == ("evaluation", "a/b test") and entry.occurred_on == "2025-03-04"
    assert entry.to_dict()["complete"] is True


def test_an_entry_without_its_fix_is_kept_but_incomplete():
    entry = _entry(detection="", durable_fix="  ")
    assert not entry.complete and entry.missing_parts() == ["How it was detected", "Durable fix"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "the failure's title is empty"),
        ({"what_happened": ""}, "the failure's what happened is empty"),
        ({"why": None}, "the failure's why is empty"),
        ({"occurred_on": "last Tuesday"}, "the failure's date is not a date"),
        ({"analysis_id": 0}, "the linked analysis id is not valid"),
        ({"mitigation": "x" * 5_001}, "the failure's mitigation is too long"),
        ({"tags": [f"t{i}" for i in range(21)]}, "too many tags"),
    ],
)
def test_bad_entries_get_one_clear_message(changes, message):
    with pytest.raises(InputError, match=message):
        _entry(**changes)


def test_search_needs_every_word_in_any_case_and_the_tag():
    log = [
        _entry(),
        _entry(
            title="Label leak", what_happened="AUC of 0.99 in validation", why="A column from the future", tags="data"
        ),
    ]
    assert [e.title for e in search_failures(log, text="COLD start")] == ["Offline gain did not hold online"]
    assert [e.title for e in search_failures(log, text="future auc")] == ["Label leak"]
    assert search_failures(log, text="future cold") == []
    assert [e.title for e in search_failures(log, tag="Data")] == ["Label leak"]
    assert len(search_failures(log)) == 2
    assert clean_tags(["  Data  Quality", "data quality"]) == ("data quality",)


def test_the_log_lives_in_the_workspace(tmp_path):
    log = FailureLog(Workspace(tmp_path / "w.sqlite3"))
    first = log.add(_entry())
    second = log.add(_entry(title="Label leak", tags=["data"], analysis_id=4))
    assert [e.id for e in log.all()] == [second, first]
    assert log.all()[0].analysis_id == 4 and log.tags() == ["a/b test", "data", "evaluation"]
    log.update(first, _entry(durable_fix="Stratified sets and a cold-start guardrail."))
    assert log.all()[0].durable_fix == "Stratified sets and a cold-start guardrail."
    assert [e.id for e in log.search(text="leak")] == [second]
    log.delete(second)
    assert [e.id for e in log.all()] == [first]


def test_exports_neutralise_formulas_and_escape_markup():
    hostile = _entry(title='=HYPERLINK("http://x")', what_happened="<script>alert(1)</script> happened")
    csv = export_failures([hostile], "csv")
    frame = pd.read_csv(io.BytesIO(csv))
    assert frame.loc[0, "title"].startswith("'=")
    html = export_failures([hostile], "html")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    markdown = export_failures([hostile], "md")
    assert "<script>" not in markdown and "Durable fix: Evaluation sets" in markdown
    assert json.loads(export_failures([hostile], "json"))[0]["what_happened"].startswith("<script>")
    assert "No failures logged." in export_failures([], "md")
    with pytest.raises(InputError, match="unknown export format"):
        export_failures([], "pdf")


def test_a_complete_failure_becomes_a_star_story_for_practice():
    from lib.practice import make_story

    parts = star_parts(_entry())
    story = make_story(**parts)
    assert story.situation.startswith("The ranker gained") and story.result.startswith("Evaluation sets")
    assert "failure and learning" in story.tags and "ownership" in story.tags and "evaluation" in story.tags
    assert "Rolled back" in story.action and "cold-start" in story.task
    with pytest.raises(InputError, match=r"not a full story yet.*Durable fix"):
        star_parts(_entry(durable_fix=""))
