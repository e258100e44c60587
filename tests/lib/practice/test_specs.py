"""Practice specs: every bad field is an InputError naming it; JSON round-trips; the strict reader."""

from __future__ import annotations

import json

import pytest

from lib.analysis import spec_from_dict
from lib.errors import InputError
from lib.practice import (
    DIMENSIONS,
    MAX_ANSWER_CHARS,
    MAX_ATTEMPTS,
    SELF_DIMENSIONS,
    AttemptRecord,
    PracticeProgressSpec,
    PracticeScoreSpec,
    StarAnswer,
)

RATINGS = dict.fromkeys(SELF_DIMENSIONS, 3)
ATTEMPT = AttemptRecord("mle-reduced-cost", "2026-01-05T09:00:00+00:00", 55.0, dict.fromkeys(DIMENSIONS, 0.5), 5.0, 1)


@pytest.mark.parametrize(
    "spec",
    [
        PracticeScoreSpec(scenario_id="cost-500k-roi"),
        PracticeScoreSpec(scenario_id="cost-500k-roi", answer="Week 1: audit spend.", minutes=2, elapsed_minutes=0.4),
        PracticeScoreSpec(
            scenario_id="x", star=StarAnswer(situation="We were late.", result="We shipped."), minutes=10
        ),
        PracticeScoreSpec(scenario_id="x", answer="text", self_rubric=RATINGS, bank="file"),
        PracticeProgressSpec(today="2026-01-09"),
        PracticeProgressSpec(
            today="2026-01-09", attempts=(ATTEMPT, AttemptRecord("a", "2026-01-06T10:00:00Z", 80, {}))
        ),
    ],
)
def test_specs_round_trip_through_json(spec):
    text = json.dumps(spec.to_dict())
    again = spec_from_dict(json.loads(text))
    assert again == spec and again.fingerprint() == spec.fingerprint()
    assert json.loads(text)["kind"] == spec.kind


def test_star_boxes_join_into_the_scored_text_and_need_no_free_text():
    spec = PracticeScoreSpec(scenario_id="x", star=StarAnswer(situation=" We were late. ", result="We shipped."))
    assert spec.text == "Situation: We were late. Result: We shipped."
    assert PracticeScoreSpec(scenario_id="x", answer="Free text.").text == "Free text."
    assert spec.required_inputs() == {} and spec.replace(bank="file").required_inputs() == {"bank": "file"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"scenario_id": ""}, "'scenario_id'"),
        ({"scenario_id": "x" * 101}, "'scenario_id' is too long"),
        ({"answer": 42}, "'answer' must be text"),
        ({"answer": "x" * (MAX_ANSWER_CHARS + 1)}, "'answer' is too long"),
        ({"answer": "text", "star": StarAnswer(situation="s")}, "either as text or in STAR boxes"),
        ({"star": StarAnswer(action="x" * (MAX_ANSWER_CHARS + 1))}, "'star.action' is too long"),
        ({"minutes": 0}, "'minutes' is out of range"),
        ({"minutes": 120.5}, "'minutes' is out of range"),
        ({"minutes": float("nan")}, "'minutes' must be a finite number"),
        ({"minutes": True}, "'minutes' must be a finite number"),
        ({"elapsed_minutes": -1.0}, "'elapsed_minutes' is out of range"),
        ({"elapsed_minutes": 1441.0}, "'elapsed_minutes' is out of range"),
        ({"self_rubric": {"clarity": 3}}, "'self_rubric' must rate each"),
        ({"self_rubric": RATINGS | {"charm": 3}}, "unknown charm"),
        ({"self_rubric": RATINGS | {"ownership": 6}}, "'self_rubric.ownership' is out of range"),
        ({"self_rubric": RATINGS | {"ownership": True}}, "'self_rubric.ownership' is out of range"),
        ({"bank": "cloud"}, "'bank'"),
    ],
)
def test_bad_score_field_is_named(changes, field):
    with pytest.raises(InputError) as caught:
        PracticeScoreSpec(**({"scenario_id": "cost-500k-roi"} | changes))
    assert field in str(caught.value)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"today": "2026-02-30"}, "'today' is not a date"),
        ({"today": "tomorrow"}, "'today' is not a date"),
        ({"attempts": (AttemptRecord("", ATTEMPT.created_at, 1.0, {}),)}, "attempts[0].scenario_id"),
        ({"attempts": (AttemptRecord("a", "yesterday", 1.0, {}),)}, "'attempts[0].created_at' is not a time"),
        (
            {"attempts": (AttemptRecord("a", "2026-01-05T09:00:00", 1.0, {}),)},
            "'attempts[0].created_at' has no time zone",
        ),
        ({"attempts": (ATTEMPT, AttemptRecord("a", ATTEMPT.created_at, 101.0, {}))}, "'attempts[1].total'"),
        ({"attempts": (AttemptRecord("a", ATTEMPT.created_at, 1.0, {"charm": 0.5}),)}, "unknown dimension"),
        (
            {"attempts": (AttemptRecord("a", ATTEMPT.created_at, 1.0, {"length": 1.5}),)},
            "'attempts[0].fractions.length'",
        ),
        ({"attempts": (AttemptRecord("a", ATTEMPT.created_at, 1.0, {}, minutes=0.0),)}, "'attempts[0].minutes'"),
        ({"attempts": (AttemptRecord("a", ATTEMPT.created_at, 1.0, {}, id=-1),)}, "'attempts[0].id'"),
        ({"attempts": (ATTEMPT,) * (MAX_ATTEMPTS + 1)}, "at most 5,000"),
    ],
)
def test_bad_progress_field_is_named(changes, field):
    with pytest.raises(InputError) as caught:
        PracticeProgressSpec(**({"today": "2026-01-09"} | changes))
    assert field in str(caught.value)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "practice_score", "scenario_id": "x", "minutes": True}, "'minutes' has the wrong type"),
        ({"kind": "practice_score", "scenario_id": "x", "answer": ["a"]}, "'answer' has the wrong type"),
        ({"kind": "practice_score", "scenario_id": "x", "star": {"plot": "x"}}, "unknown field 'star.plot'"),
        ({"kind": "practice_score", "scenario_id": "x", "self_rubric": {"clarity": "4"}}, "'self_rubric.clarity'"),
        ({"kind": "practice_score", "answer": "x"}, "missing the field 'scenario_id'"),
        (
            {"kind": "practice_progress", "today": "2026-01-09", "attempts": [{"scenario_id": "a"}]},
            "attempts[0].created_at",
        ),
        (
            {"kind": "practice_progress", "today": "2026-01-09", "attempts": [{**ATTEMPT.to_dict(), "total": True}]},
            "attempts[0].total",
        ),
        ({"kind": "practice_progress", "today": "2026-01-09", "schema_version": 2}, "newer version"),
    ],
)
def test_strict_reader_names_the_field(data, field):
    with pytest.raises(InputError) as caught:
        spec_from_dict(data)
    assert field in str(caught.value)
