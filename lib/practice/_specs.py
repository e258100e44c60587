"""Specs of the practice analyses: scoring one answer, and progress over many attempts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from lib.analysis import NO_INPUTS, Record, Spec, check_count, check_number, check_text
from lib.errors import InputError
from lib.practice._rules import DIMENSIONS
from lib.practice._self_rubric import SELF_DIMENSIONS

# Documented maxima of what a user controls (checked before any scoring starts).
MAX_ANSWER_CHARS = 100_000  # about 15,000 words; scoring reads the first 20,000 characters
MAX_MINUTES = 120.0  # the longest time box an answer is judged against
MAX_ELAPSED_MINUTES = 24 * 60.0  # a clock left running for a day is still recorded
MAX_ATTEMPTS = 5_000  # attempts in one progress run (the latest are used)
MAX_ID_CHARS = 100
MAX_FOLLOW_UP_ANSWERS = 3  # a scenario lists two or three follow-up questions
MAX_QUESTION_CHARS = 500
STAR_PARTS: tuple[str, ...] = ("situation", "task", "action", "result")
Bank = Literal["bundled", "file"]


def _floats(record: Any, *names: str) -> None:
    # A whole number given for a float field (minutes=2) is stored as 2.0, as reading the JSON
    # back gives, so equal specs have equal fingerprints. Booleans are left for validation to refuse.
    for name in names:
        value = getattr(record, name)
        if type(value) is int:
            object.__setattr__(record, name, float(value))
        elif isinstance(value, dict) and all(type(v) in (int, float) for v in value.values()):
            object.__setattr__(record, name, {k: float(v) for k, v in value.items()})


@dataclass(frozen=True)
class StarAnswer(Record):
    """An answer written in the four STAR boxes (any box may be empty).

    Attributes
    ----------
    situation, task, action, result : str
    """

    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""

    def as_text(self) -> str:
        """The boxes joined into one answer, each labelled (``Situation: ... Result: ...``), empty ones left out."""
        return " ".join(
            f"{part.capitalize()}: {getattr(self, part).strip()}" for part in STAR_PARTS if getattr(self, part).strip()
        )


@dataclass(frozen=True)
class FollowUpAnswer(Record):
    """The answer to one follow-up question (one of the scenario's ``follow_ups``).

    Attributes
    ----------
    question : str
        The question, word for word as the scenario lists it.
    answer : str
        The answer (at most 100,000 characters).
    elapsed_minutes : float or None
        Minutes on the clock when it was submitted, when a clock ran (reported, never scored).
    """

    question: str
    answer: str = ""
    elapsed_minutes: float | None = None

    def __post_init__(self) -> None:
        """Store whole minutes as floats."""
        _floats(self, "elapsed_minutes")


def _check_answer_text(value: Any, *, field: str) -> None:
    if not isinstance(value, str):
        raise InputError(f"'{field}' must be text", expected="the answer as text", found=type(value).__name__)
    if len(value) > MAX_ANSWER_CHARS:
        raise InputError(
            f"'{field}' is too long", expected=f"at most {MAX_ANSWER_CHARS:,} characters", found=f"{len(value):,}"
        )


def _check_self_rubric(ratings: Mapping[str, int]) -> None:
    unknown = [name for name in ratings if name not in SELF_DIMENSIONS]
    missing = [name for name in SELF_DIMENSIONS if name not in ratings]
    if unknown or missing:
        raise InputError(
            "'self_rubric' must rate each of its six dimensions once",
            expected="a rating for " + ", ".join(SELF_DIMENSIONS),
            found=("unknown " + ", ".join(unknown)) if unknown else "none for " + ", ".join(missing),
        )
    for name, value in ratings.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise InputError(
                f"'self_rubric.{name}' is out of range", expected="a whole number from 1 to 5", found=repr(value)[:40]
            )


@dataclass(frozen=True)
class PracticeScoreSpec(Spec):
    """One answer to one scenario, scored against the published rubric.

    Attributes
    ----------
    scenario_id : str
        The scenario answered (an id from ``practice list``).
    answer : str
        The answer as free text (at most 100,000 characters; an empty answer scores zero).
    star : StarAnswer or None
        The answer as STAR boxes instead of free text.
    minutes : float or None
        The time box the answer's length is judged against, in minutes (above 0, at most 120;
        default 5). Length is judged by words for this time, never by how long the typing took.
    elapsed_minutes : float or None
        Minutes on the clock when the answer was submitted (0 to 1,440), when a clock ran;
        reported beside the score, never scored.
    self_rubric : dict or None
        The candidate's own 1-5 rating of each self-rubric dimension, set beside the rubric.
    bank : {"bundled", "file"}
        Score against the bundled scenario bank, or a bank file given as the ``bank`` input.
    follow_up_answers : tuple of FollowUpAnswer
        Answers to follow-up questions (at most three), each scored beside the first answer.
    original_bytes : int or None
        The size in bytes of the pasted text or file before it was cut to fit the answer limit,
        when it was cut; the result's notes say so.
    """

    kind = "practice_score"
    inputs = NO_INPUTS

    scenario_id: str
    answer: str = ""
    star: StarAnswer | None = None
    minutes: float | None = None
    elapsed_minutes: float | None = None
    self_rubric: dict[str, int] | None = None
    bank: Bank = "bundled"
    follow_up_answers: tuple[FollowUpAnswer, ...] = ()
    original_bytes: int | None = None

    def __post_init__(self) -> None:
        """Store whole minutes as floats, then validate."""
        _floats(self, "minutes", "elapsed_minutes")
        super().__post_init__()

    def validate(self) -> None:
        """Check the scenario id, the answer's length, the minutes and the ratings."""
        check_text(self.scenario_id, field="scenario_id", max_length=MAX_ID_CHARS)
        _check_answer_text(self.answer, field="answer")
        if self.star is not None:
            if not isinstance(self.star, StarAnswer):
                raise InputError("'star' must hold the four STAR boxes", found=type(self.star).__name__)
            if self.answer.strip():
                raise InputError(
                    "give the answer either as text or in STAR boxes, not both",
                    expected="'answer' or 'star'",
                    found="both",
                )
            for part in STAR_PARTS:
                _check_answer_text(getattr(self.star, part), field=f"star.{part}")
            _check_answer_text(self.star.as_text(), field="star")
        check_number(self.minutes, field="minutes", low=0.0, high=MAX_MINUTES, low_open=True, allow_none=True)
        check_number(self.elapsed_minutes, field="elapsed_minutes", low=0.0, high=MAX_ELAPSED_MINUTES, allow_none=True)
        if self.self_rubric is not None:
            if not isinstance(self.self_rubric, Mapping):
                raise InputError("'self_rubric' must map dimensions to ratings", found=type(self.self_rubric).__name__)
            _check_self_rubric(self.self_rubric)
        if self.bank not in ("bundled", "file"):
            raise InputError(
                "'bank' is not a known scenario bank", expected="'bundled' or 'file'", found=repr(self.bank)
            )
        self._check_follow_ups()
        if self.original_bytes is not None:
            check_count(self.original_bytes, field="original_bytes", low=0, high=2**63 - 1)

    def _check_follow_ups(self) -> None:
        if len(self.follow_up_answers) > MAX_FOLLOW_UP_ANSWERS:
            raise InputError(
                "'follow_up_answers' holds too many answers",
                expected=f"at most {MAX_FOLLOW_UP_ANSWERS}",
                found=f"{len(self.follow_up_answers)}",
            )
        for i, item in enumerate(self.follow_up_answers):
            where = f"follow_up_answers[{i}]"
            if not isinstance(item, FollowUpAnswer):
                raise InputError(f"'{where}' is not a follow-up answer", found=type(item).__name__)
            check_text(item.question, field=f"{where}.question", max_length=MAX_QUESTION_CHARS)
            _check_answer_text(item.answer, field=f"{where}.answer")
            check_number(
                item.elapsed_minutes,
                field=f"{where}.elapsed_minutes",
                low=0.0,
                high=MAX_ELAPSED_MINUTES,
                allow_none=True,
            )

    def required_inputs(self) -> dict[str, str]:
        """None for the bundled bank; a ``bank`` file otherwise."""
        return {"bank": "file"} if self.bank == "file" else {}

    @property
    def text(self) -> str:
        """The answer that is scored: the free text, or the STAR boxes joined."""
        return self.star.as_text() if self.star is not None else self.answer


def parse_time(text: str, *, field: str) -> dt.datetime:
    """An ISO 8601 time with its time zone, or an :class:`InputError` naming ``field``."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise InputError(
            f"'{field}' is not a time", expected="an ISO 8601 time such as 2026-01-05T09:00:00+00:00", found=repr(text)
        ) from None
    if moment.tzinfo is None:
        raise InputError(f"'{field}' has no time zone", expected="a time ending in +00:00 or Z", found=repr(text))
    return moment


def parse_day(text: str, *, field: str) -> dt.date:
    """An ISO 8601 date (``YYYY-MM-DD``), or an :class:`InputError` naming ``field``."""
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise InputError(f"'{field}' is not a date", expected="a date such as 2026-01-05", found=repr(text)) from None


@dataclass(frozen=True)
class AttemptRecord(Record):
    """One scored attempt as the progress analysis reads it (the answer's text stays in the workspace).

    Attributes
    ----------
    scenario_id : str
    created_at : str
        When it was scored: ISO 8601 with a time zone.
    total : float
        Rubric total, 0 to 100.
    fractions : dict
        Dimension -> share of its points earned, 0 to 1.
    minutes : float or None
        The time box it was judged against.
    id : int or None
        The workspace's id, which orders attempts made in the same instant.
    """

    scenario_id: str
    created_at: str
    total: float
    fractions: dict[str, float]
    minutes: float | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        """Store whole numbers given for the total, shares and minutes as floats."""
        _floats(self, "total", "fractions", "minutes")


def _check_attempt(attempt: AttemptRecord, index: int) -> None:
    where = f"attempts[{index}]"
    check_text(attempt.scenario_id, field=f"{where}.scenario_id", max_length=MAX_ID_CHARS)
    parse_time(attempt.created_at, field=f"{where}.created_at")
    check_number(attempt.total, field=f"{where}.total", low=0.0, high=100.0)
    for name, share in attempt.fractions.items():
        if name not in DIMENSIONS:
            raise InputError(
                f"'{where}.fractions' names an unknown dimension", expected=", ".join(DIMENSIONS), found=repr(name)
            )
        check_number(share, field=f"{where}.fractions.{name}", low=0.0, high=1.0)
    check_number(attempt.minutes, field=f"{where}.minutes", low=0.0, high=MAX_MINUTES, low_open=True, allow_none=True)
    if attempt.id is not None:
        check_count(attempt.id, field=f"{where}.id", low=0, high=2**63 - 1)


@dataclass(frozen=True)
class PracticeProgressSpec(Spec):
    """Scores over time, the weakest dimension, spaced reviews and what to practise next.

    Attributes
    ----------
    today : str
        The day reviews are judged on (``YYYY-MM-DD``), so a review schedule can be reproduced.
    attempts : tuple of AttemptRecord
        The attempts, in any order (at most 5,000; read from the workspace by the page and the command line).
    """

    kind = "practice_progress"
    inputs = NO_INPUTS

    today: str
    attempts: tuple[AttemptRecord, ...] = ()

    def validate(self) -> None:
        """Check the day and every attempt."""
        if not isinstance(self.today, str):
            raise InputError("'today' must be a date", expected="a date such as 2026-01-05", found=repr(self.today))
        parse_day(self.today, field="today")
        if len(self.attempts) > MAX_ATTEMPTS:
            raise InputError(
                "'attempts' holds too many attempts",
                expected=f"at most {MAX_ATTEMPTS:,}",
                found=f"{len(self.attempts):,}",
            )
        for index, attempt in enumerate(self.attempts):
            if not isinstance(attempt, AttemptRecord):
                raise InputError(f"'attempts[{index}]' is not an attempt", found=type(attempt).__name__)
            _check_attempt(attempt, index)

    @property
    def day(self) -> dt.date:
        """``today`` as a date."""
        return dt.date.fromisoformat(self.today)
