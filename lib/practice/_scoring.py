"""Score an answer against the published rubric, with quoted evidence for every point."""

from __future__ import annotations

import dataclasses
import re

from lib.analysis import provenance_for
from lib.practice import _rules as rules
from lib.practice._bank import Scenario
from lib.practice._results import RUBRIC_VERSION, DimensionScore, ScoreResult
from lib.practice._self_rubric import make_self_rubric, self_ratings
from lib.practice._specs import PracticeScoreSpec
from lib.provenance import Provenance

MAX_SCORED_CHARS = 20_000  # far beyond any 10-minute answer; keeps scoring instant on a huge paste
# Minutes past the time box before the clock earns a note: finishing the last sentence is fine.
GRACE_MINUTES = 0.5
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def split_sentences(text: str) -> list[str]:
    """Sentences (and lines) of an answer, trimmed, without empty pieces."""
    return [piece.strip() for piece in _SENTENCE_END.split(text) if piece and piece.strip()]


def looks_english(text: str) -> bool:
    """Rough test: mostly Latin letters and some common English words."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    latin = sum(c.isascii() for c in letters) / len(letters)
    words = re.findall(r"[A-Za-z']+", text.lower())
    if latin < 0.6:
        return False
    if len(words) < 12:
        return True
    common = sum(w in rules.ENGLISH_WORDS for w in words) / len(words)
    return common >= 0.08


def _missing(name: str, scenario: Scenario, minutes: float) -> str:
    if name == "length":
        low, high = rules.word_range(minutes)
        return (
            f"Aim for {low}-{high} words for {minutes:g} minutes: enough to show the steps, short enough to say aloud."
        )
    if name == "coverage":
        return "Touch the points this scenario is about: " + ", ".join(scenario.key_terms) + "."
    return rules.MISSING[name]


def _time_note(spec: PracticeScoreSpec, minutes: float) -> str | None:
    elapsed = spec.elapsed_minutes
    if elapsed is None or spec.minutes is None or elapsed <= minutes + GRACE_MINUTES:
        return None
    return (
        f"The clock ran {elapsed:.1f} minutes against a {minutes:g}-minute time box. Length is judged against the "
        "time box; in the interview, land the result before time runs out."
    )


def score(spec: PracticeScoreSpec, scenario: Scenario, *, provenance: Provenance) -> ScoreResult:
    """Score the answer a spec holds against its scenario.

    Parameters
    ----------
    spec : PracticeScoreSpec
    scenario : Scenario
        The scenario ``spec.scenario_id`` names; its key terms feed the coverage dimension.
    provenance : Provenance
        How the run was made (see :func:`lib.analysis.provenance_for`).

    Returns
    -------
    ScoreResult
        Deterministic: the same spec and scenario give the same scores, evidence and notes.

    Notes
    -----
    Length is judged by words against ``spec.minutes`` (the time box, default 5): an answer
    drafted elsewhere and pasted scores the same as one typed against the clock.
    """
    answer = spec.text
    used = rules.DEFAULT_MINUTES if spec.minutes is None else float(spec.minutes)
    notes: list[str] = []
    text = answer.replace("\r\n", "\n")
    if len(text) > MAX_SCORED_CHARS:
        notes.append(
            f"The answer has {len(text):,} characters; only the first {MAX_SCORED_CHARS:,} were scored. "
            "In an interview, a shorter answer lands better."
        )
        text = text[:MAX_SCORED_CHARS]
    sentences = split_sentences(text)
    words = len(text.split())
    if not sentences:
        notes.append(
            "The answer is empty, so it scores zero. Try the STAR boxes or write three sentences: "
            "what the situation was, what you did, and what changed (with a number)."
        )
    elif not looks_english(text):
        notes.append("The rubric looks for English words, so an answer in another language scores low on most checks.")
    time_note = _time_note(spec, used)
    if time_note:
        notes.append(time_note)
    checks = {
        "structure": rules.check_structure(sentences),
        "quantified_result": rules.check_quantified(sentences),
        "baseline": rules.check_baseline(sentences),
        "trade_off": rules.check_trade_off(sentences),
        "guardrails": rules.check_guardrails(sentences),
        "ownership": rules.check_ownership(sentences),
        "stakeholders": rules.check_stakeholders(sentences),
        "length": rules.check_length(words, used) if sentences else rules.Check(0.0, ()),
        "coverage": rules.check_coverage(sentences, scenario.key_terms) if sentences else rules.Check(0.0, ()),
    }
    dimensions = tuple(
        DimensionScore(
            name=name,
            label=rules.LABELS[name],
            score=check.fraction * rules.WEIGHTS[name],
            max_score=rules.WEIGHTS[name],
            evidence=check.evidence,
            missing="" if check.fraction >= 1 else _missing(name, scenario, used),
            detail=check.detail,
        )
        for name, check in checks.items()
    )
    result = ScoreResult(
        scenario_id=scenario.id,
        total=round(sum(d.score for d in dimensions), 1),
        dimensions=dimensions,
        notes=tuple(notes),
        words=words,
        minutes=used,
        scenario=scenario,
        answer=answer,
        provenance=provenance,
        rubric_version=RUBRIC_VERSION,
        elapsed_minutes=spec.elapsed_minutes,
    )
    if spec.self_rubric is None:
        return result
    return dataclasses.replace(result, self_rating=self_ratings(make_self_rubric(spec.self_rubric), result))


def score_answer(answer: str, scenario: Scenario, *, minutes: float | None = None) -> ScoreResult:
    """Score an answer to a scenario (a shortcut for a :class:`PracticeScoreSpec` run).

    Parameters
    ----------
    answer : str
        The candidate's answer (free text or STAR boxes joined).
    scenario : Scenario
        The scenario answered; its key terms feed the coverage dimension.
    minutes : float, optional
        The time box the answer's length is judged against (default 5).

    Returns
    -------
    ScoreResult
        Deterministic: the same answer, scenario and minutes give the same scores.

    Raises
    ------
    InputError
        When the answer is not text or too long, or the minutes are out of range.

    Examples
    --------
    >>> from lib.practice import get_scenario, load_bank
    >>> scenario = get_scenario(load_bank(), "mle-reduced-cost")
    >>> score_answer("I led the team, aligned stakeholders and improved performance.", scenario).total
    5.0
    """
    spec = PracticeScoreSpec(scenario_id=scenario.id, answer=answer, minutes=minutes)
    return score(spec, scenario, provenance=provenance_for(spec))
