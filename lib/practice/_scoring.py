"""Score an answer against the published rubric, with quoted evidence for every point."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from lib.errors import InputError
from lib.practice import _rules as rules
from lib.practice._bank import Scenario
from lib.provenance import Provenance, make_provenance

MAX_SCORED_CHARS = 20_000  # far beyond any 10-minute answer; keeps scoring instant on a huge paste
RUBRIC_VERSION = 1
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


@dataclass(frozen=True)
class DimensionScore:
    """Points on one rubric dimension, with the sentences that earned them."""

    name: str
    label: str
    score: float
    max_score: int
    evidence: tuple[str, ...]
    missing: str
    detail: str = ""

    @property
    def fraction(self) -> float:
        """Score as a share of the dimension's points."""
        return self.score / self.max_score if self.max_score else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "score": self.score,
            "max": self.max_score,
            "evidence": list(self.evidence),
            "missing": self.missing,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class ScoreResult:
    """An answer's rubric score: total 0-100 and each dimension explained."""

    scenario_id: str
    total: float
    dimensions: tuple[DimensionScore, ...]
    notes: tuple[str, ...]
    words: int
    minutes: float
    provenance: Provenance = field(compare=False)

    def dimension(self, name: str) -> DimensionScore:
        """One dimension by name."""
        return next(d for d in self.dimensions if d.name == name)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping (the command line's JSON)."""
        return {
            "scenario_id": self.scenario_id,
            "total": self.total,
            "dimensions": {d.name: d.to_dict() for d in self.dimensions},
            "notes": list(self.notes),
            "words": self.words,
            "minutes": self.minutes,
            "rubric_version": RUBRIC_VERSION,
            "provenance": self.provenance.to_dict(),
        }


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


def score_answer(answer: str, scenario: Scenario, *, minutes: float | None = None) -> ScoreResult:
    """Score an answer to a scenario.

    Parameters
    ----------
    answer : str
        The candidate's answer (free text or STAR boxes joined).
    scenario : Scenario
        The scenario answered; its key terms feed the coverage dimension.
    minutes : float, optional
        Minutes the answer took (or the time box); default 5.

    Returns
    -------
    ScoreResult
        Deterministic: the same answer, scenario and minutes give the same scores.
    """
    if not isinstance(answer, str):
        raise InputError("the answer must be text", expected="text", found=type(answer).__name__)
    used = rules.DEFAULT_MINUTES if minutes is None else float(minutes)
    if not 0 < used <= 120:
        raise InputError("minutes out of range", expected="a number of minutes between 0 and 120", found=f"{minutes}")
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
    provenance = make_provenance(
        parameters={"scenario_id": scenario.id, "minutes": used, "rubric_version": RUBRIC_VERSION},
        input_sha256=hashlib.sha256(answer.encode("utf-8")).hexdigest(),
    )
    if not sentences:
        notes.append(
            "The answer is empty, so it scores zero. Try the STAR boxes or write three sentences: "
            "what the situation was, what you did, and what changed (with a number)."
        )
    elif not looks_english(text):
        notes.append("The rubric looks for English words, so an answer in another language scores low on most checks.")
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
    total = round(sum(d.score for d in dimensions), 1)
    return ScoreResult(scenario.id, total, dimensions, tuple(notes), words, used, provenance)
