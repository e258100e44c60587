"""Score an answer: relevance first, then the scenario's key points, the rubric's craft checks and its pitfalls.

The total is the sum of the dimensions' points (a committed pitfall caps each dimension it touches at
half), less :data:`PITFALL_PENALTY` per pitfall, and never above what the answer's relevance allows
(:func:`relevance_cap`). Every point quotes the sentence that earned it.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from typing import TYPE_CHECKING

from lib.analysis import provenance_for
from lib.errors import InputError
from lib.practice import _rules as rules
from lib.practice._bank import Scenario
from lib.practice._results import (
    RUBRIC_VERSION,
    DimensionScore,
    FollowUpResult,
    KeyPointResult,
    PitfallResult,
    Relevance,
    ScoreResult,
)
from lib.practice._self_rubric import make_self_rubric, self_ratings
from lib.practice._specs import PracticeScoreSpec
from lib.practice._text import is_term_list, stem, words
from lib.provenance import Provenance

if TYPE_CHECKING:
    from lib.practice._followups import FollowUpPick
    from lib.practice._substance import ScenarioReader

MAX_SCORED_WORDS = 3_000  # more than twice a 10-minute answer said aloud; keeps scoring fast on a huge paste
MAX_SCORED_CHARS = 20_000  # the same guard in characters, for text with few spaces
# Minutes past the time box before the clock earns a note: finishing the last sentence is fine.
GRACE_MINUTES = 0.5
PITFALL_PENALTY = 8.0  # points off the total for each pitfall committed
PITFALL_CAP = 0.5  # a committed pitfall caps each dimension it touches at this share of its points
FULL_RELEVANCE = 0.7  # from this share of on-topic words up, relevance does not cap the total
MIN_WHOLE_WORDS = 40  # from this length the whole answer's topic counts towards relevance
REPEATED_WORD_SHARE = 0.06  # a content word above this share of the answer's words (and 5 times) is flagged
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def split_sentences(text: str) -> list[str]:
    """Sentences (and lines) of an answer, trimmed, without empty pieces."""
    return [piece.strip() for piece in _SENTENCE_END.split(text) if piece and piece.strip()]


# The commonest short words of languages an answer might be written in instead of English.
_OTHER_LANGUAGES = {
    "French": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "est",
            "des",
            "une",
            "un",
            "du",
            "que",
            "qui",
            "pour",
            "pas",
            "dans",
            "nous",
            "avec",
            "sur",
            "ce",
            "au",
        ]
    ),
    "German": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "ein",
            "eine",
            "mit",
            "den",
            "von",
            "zu",
            "wir",
            "auf",
            "dem",
            "sich",
            "auch",
        ]
    ),
    "Spanish": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "y",
            "es",
            "que",
            "de",
            "en",
            "un",
            "una",
            "por",
            "para",
            "con",
            "no",
            "se",
            "del",
            "lo",
        ]
    ),
    "Italian": frozenset(
        [
            "il",
            "lo",
            "la",
            "gli",
            "le",
            "e",
            "di",
            "che",
            "un",
            "una",
            "per",
            "con",
            "non",
            "sono",
            "del",
            "della",
            "abbiamo",
        ]
    ),
    "Portuguese": frozenset(
        ["o", "os", "as", "e", "de", "que", "um", "uma", "para", "com", "não", "do", "da", "em", "no", "na", "nós"]
    ),
    "Dutch": frozenset(
        ["de", "het", "een", "en", "is", "van", "dat", "niet", "op", "met", "voor", "wij", "zijn", "ook"]
    ),
}


def looks_english(text: str) -> bool:
    """Rough test: mostly Latin letters, and no more of another language's common words than English ones.

    A list of English terms has few common words, so it still counts as English.

    Examples
    --------
    >>> looks_english("Nous avons réduit le coût de la plateforme et nous avons mesuré la latence.")
    False
    >>> looks_english("Canary, shadow, rollback, governance.")
    True
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    latin = sum(c.isascii() or c in "àâäçéèêëîïôöùûüÿñßœæãõ" for c in letters.__iter__()) / len(letters)
    if latin < 0.6:
        return False
    found = re.findall(r"[^\W\d_]+", text.lower())
    english = sum(w in rules.ENGLISH_WORDS for w in found)
    other = max(sum(w in common for w in found) for common in _OTHER_LANGUAGES.values())
    return not (other >= 3 and other > english)


def relevance_cap(share: float) -> float:
    """The highest total an answer can reach when ``share`` of it is about the scenario.

    ``100 * min(1, (share / 0.7) ** 2)``: an answer mostly about something else cannot score well
    however polished it is.

    Examples
    --------
    >>> relevance_cap(0.7), relevance_cap(0.35), relevance_cap(0.0)
    (100.0, 25.0, 0.0)
    """
    return round(100.0 * min(1.0, (share / FULL_RELEVANCE) ** 2), 1)


def _missing(name: str, minutes: float, missed_points: list[str]) -> str:
    if name == "length":
        low, high = rules.word_range(minutes)
        return (
            f"Aim for {low}-{high} words for {minutes:g} minutes: enough to show the steps, short enough to say aloud."
        )
    if name == "coverage":
        shown = "; ".join(missed_points[:4]) + (" …" if len(missed_points) > 4 else "")
        return f"Make the points this scenario is about, in your own words. Not yet made: {shown}."
    return rules.MISSING[name]


def _time_note(spec: PracticeScoreSpec, minutes: float) -> str | None:
    elapsed = spec.elapsed_minutes
    if elapsed is None or spec.minutes is None or elapsed <= minutes + GRACE_MINUTES:
        return None
    return (
        f"The clock ran {elapsed:.1f} minutes against a {minutes:g}-minute time box. Length is judged against the "
        "time box; in the interview, land the result before time runs out."
    )


def cut_to_scored(text: str) -> tuple[str, list[str]]:
    """The part of an answer that is scored (the first 3,000 words), and a note when it was cut."""
    notes = []
    count = len(text.split())
    if count > MAX_SCORED_WORDS or len(text) > MAX_SCORED_CHARS:
        kept = " ".join(text.split()[:MAX_SCORED_WORDS])[:MAX_SCORED_CHARS]
        notes.append(
            f"The answer has {count:,} words ({len(text):,} characters); only the first "
            f"{len(kept.split()):,} words were scored. In an interview, a shorter answer lands better."
        )
        text = kept
    return text, notes


def _repetition_note(text: str) -> str | None:
    counts = Counter(stem(w) for w in words(text) if len(w) > 3 and w.isalpha())
    total = sum(counts.values())
    repeated = [w for w, n in counts.most_common(3) if n >= 5 and n / max(total, 1) > REPEATED_WORD_SHARE]
    if not repeated:
        return None
    return "Saying a term again earns nothing extra: " + ", ".join(f"'{w}' ({counts[w]} times)" for w in repeated) + "."


LISTED_SHARE = 0.25  # what a dimension earns when only a list of terms shows it


def _checks(sentences: list[str], words_count: int, minutes: float) -> dict[str, rules.Check]:
    """The craft checks: what lists of terms add on top of the sentences that say something earns a quarter.

    Structure reads every sentence (a plan's headers are its shape); its causal thread needs actions anyway.
    """
    said = [s for s in sentences if not is_term_list(s)]
    checks = _checks_on(said, words_count, minutes)
    if len(said) == len(sentences):
        return checks
    everything = _checks_on(sentences, words_count, minutes)
    checks["structure"] = everything["structure"]
    for name, check in everything.items():
        if name in ("length", "structure") or check.fraction <= checks[name].fraction:
            continue
        extra = LISTED_SHARE * (check.fraction - checks[name].fraction)
        checks[name] = rules.Check(
            checks[name].fraction + extra,
            _dedupe(checks[name].evidence + check.evidence),
            (checks[name].detail + "; " if checks[name].detail else "") + "named in a list of terms: " + check.detail,
        )
    return checks


def _dedupe(quotes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(quotes))


def _checks_on(sentences: list[str], words_count: int, minutes: float) -> dict[str, rules.Check]:
    if not sentences:
        empty = rules.Check(0.0, ())
        return {name: empty for name in rules.DIMENSIONS if name != "coverage"} | {
            "length": rules.check_length(words_count, minutes) if words_count else empty
        }
    return {
        "structure": rules.check_structure(sentences),
        "quantified_result": rules.check_quantified(sentences),
        "baseline": rules.check_baseline(sentences),
        "trade_off": rules.check_trade_off(sentences),
        "guardrails": rules.check_guardrails(sentences),
        "ownership": rules.check_ownership(sentences),
        "stakeholders": rules.check_stakeholders(sentences),
        "length": rules.check_length(words_count, minutes),
    }


def score(spec: PracticeScoreSpec, scenario: Scenario, *, provenance: Provenance) -> ScoreResult:
    """Score the answer a spec holds against its scenario (and its follow-up answers, if any).

    Parameters
    ----------
    spec : PracticeScoreSpec
    scenario : Scenario
        The scenario ``spec.scenario_id`` names; its reference framework gives the key points.
    provenance : Provenance
        How the run was made (see :func:`lib.analysis.provenance_for`).

    Returns
    -------
    ScoreResult
        Deterministic: the same spec and scenario give the same scores, evidence and notes.

    Raises
    ------
    InputError
        When a follow-up answer names a question the scenario does not ask.

    Notes
    -----
    Length is judged by words against ``spec.minutes`` (the time box, default 5): an answer
    drafted elsewhere and pasted scores the same as one typed against the clock.
    """
    from lib.practice._followups import choose_follow_ups
    from lib.practice._model import MODEL_NAME, embed
    from lib.practice._substance import (
        answer_relevance,
        committed_pitfalls,
        judge_relevance,
        match_points,
        phase_coverage,
        reader,
        relevance_share,
    )

    used = rules.DEFAULT_MINUTES if spec.minutes is None else float(spec.minutes)
    notes: list[str] = []
    if spec.original_bytes is not None:
        notes.append(
            f"The answer held {spec.original_bytes:,} bytes of text; it was cut to its first "
            f"{len(spec.text):,} characters before scoring."
        )
    text, cut_notes = cut_to_scored(spec.text.replace("\r\n", "\n"))
    notes += cut_notes
    sentences = split_sentences(text)
    word_count = len(text.split())
    english = looks_english(text)
    if not sentences:
        notes.append(
            "The answer is empty, so it scores zero. Try the STAR boxes or write three sentences: "
            "what the situation was, what you did, and what changed (with a number)."
        )
    elif not english:
        notes.append(
            "The scorer reads English only. This answer looks like another language, so its substance could not be "
            "judged and it scores low; answer in English to practise against the rubric."
        )
    time_note = _time_note(spec, used)
    if time_note:
        notes.append(time_note)
    scenario_reader = reader(scenario, bundled=spec.bank == "bundled")
    judged_sentences = sentences if english else []
    vectors = embed(judged_sentences)
    listed = {i for i, s in enumerate(judged_sentences) if is_term_list(s)}
    matches = match_points(
        scenario_reader.points, scenario_reader.point_vectors, judged_sentences, vectors, listed=listed
    )
    anchored = {i for m in matches for i in m.indices}
    judged = judge_relevance(judged_sentences, vectors, scenario_reader, anchored)
    # The whole answer's topic is read from its mean vector, which needs some length to be steady.
    whole = answer_relevance(*scenario_reader.topicality(vectors)) if word_count >= MIN_WHOLE_WORDS else 1.0
    share = min(relevance_share(judged), whole) if english else 0.0
    usable = [j.sentence for j in judged if j.label != "off"]
    checks = _checks(usable, word_count, used) if sentences else _checks([], 0, used)
    coverage = phase_coverage(matches)
    missed = [m.point.text for m in matches if not m.quote]
    made = [m.quote for m in matches if m.quote]
    checks["coverage"] = rules.Check(
        round(coverage, 3),
        tuple(dict.fromkeys(made)),
        f"{len(made)} of {len(matches)} key points made, across {len({m.point.phase for m in matches if m.quote})} "
        f"of {len({m.point.phase for m in matches})} phases",
    )
    hits = committed_pitfalls(scenario_reader.rules, usable)
    capped: dict[str, list[str]] = {}
    for hit in hits:
        for name in hit.rule.touches:
            capped.setdefault(name, []).append(hit.rule.pitfall)
    dimensions = []
    for name in rules.DIMENSIONS:
        check = checks[name]
        fraction = min(check.fraction, PITFALL_CAP) if name in capped else check.fraction
        detail = check.detail
        if name in capped and check.fraction > PITFALL_CAP:
            detail = (detail + "; " if detail else "") + "capped at half by a pitfall: " + " ".join(capped[name])
        dimensions.append(
            DimensionScore(
                name=name,
                label=rules.LABELS[name],
                score=round(fraction * rules.WEIGHTS[name], 1),
                max_score=rules.WEIGHTS[name],
                evidence=check.evidence,
                missing="" if fraction >= 1 else _missing(name, used, missed),
                detail=detail,
            )
        )
    listed_points = sum(1 for m in matches if m.quote and m.strength < 1)
    if listed_points:
        notes.append(
            f"{listed_points} key point(s) came from sentences that only list terms, so they earned half: "
            "say what you did and what it changed."
        )
    repetition = _repetition_note(text) if sentences else None
    if repetition:
        notes.append(repetition)
    cap = relevance_cap(share) if sentences else 100.0
    off = tuple(j.sentence for j in judged if j.label == "off")
    if sentences and english and cap < 100:
        notes.append(
            f"Only {share:.0%} of the answer is about this scenario, so the total is capped at {cap:g}. "
            "Sentences judged off-topic earn nothing; they are listed under Relevance."
        )
    penalty = PITFALL_PENALTY * len(hits)
    raw = sum(d.score for d in dimensions)
    total = round(max(0.0, min(cap, raw - penalty)), 1)
    fractions = {d.name: d.fraction for d in dimensions}
    picks = choose_follow_ups(scenario_reader, matches, fractions)
    result = ScoreResult(
        scenario_id=scenario.id,
        total=total,
        dimensions=tuple(dimensions),
        notes=tuple(notes),
        words=word_count,
        minutes=used,
        scenario=scenario,
        answer=spec.text,
        provenance=provenance,
        rubric_version=RUBRIC_VERSION,
        elapsed_minutes=spec.elapsed_minutes,
        relevance=Relevance(
            score=round(share, 3),
            off_topic=off,
            unclear=tuple(j.sentence for j in judged if j.label == "unclear"),
            cap=cap,
            model=MODEL_NAME,
        ),
        pitfalls=tuple(PitfallResult(h.rule.pitfall, h.quote, h.rule.why, h.rule.touches) for h in hits),
        key_points=tuple(
            KeyPointResult(m.point.text, bool(m.quote), m.quote, m.point.phase, m.strength) for m in matches
        ),
        penalty=penalty,
        follow_ups=_follow_ups(spec, scenario, scenario_reader, picks),
    )
    if spec.self_rubric is None:
        return result
    return dataclasses.replace(result, self_rating=self_ratings(make_self_rubric(spec.self_rubric), result))


def _follow_ups(
    spec: PracticeScoreSpec, scenario: Scenario, scenario_reader: ScenarioReader, picks: tuple[FollowUpPick, ...]
) -> tuple[FollowUpResult, ...]:
    """The exchange: each chosen (or answered) follow-up question, with its answer scored when given."""
    from lib.practice._followups import FollowUpPick, score_follow_up

    answers = {a.question.strip(): a for a in spec.follow_up_answers}
    unknown = [q for q in answers if q not in scenario.follow_ups]
    if unknown:
        raise InputError(
            "a follow-up answer names a question this scenario does not ask",
            expected="one of: " + " | ".join(scenario.follow_ups),
            found=unknown[0][:80],
        )
    asked = list(picks) + [
        FollowUpPick(q, "Answered by choice.", (), ()) for q in answers if q not in {p.question for p in picks}
    ]
    out = []
    for pick in asked:
        given = answers.get(pick.question)
        if given is None:
            out.append(FollowUpResult(pick.question, pick.reason))
            continue
        text, _ = cut_to_scored(given.answer)
        judged = score_follow_up(scenario_reader, pick, split_sentences(text) if looks_english(text) else [])
        out.append(
            FollowUpResult(
                question=pick.question,
                reason=pick.reason,
                answer=given.answer,
                score=judged.score,
                parts=judged.parts,
                evidence=judged.evidence,
                missing=judged.missing,
                relevance=judged.relevance,
                pitfalls=tuple(PitfallResult(p, q) for p, q in judged.pitfalls),
                elapsed_minutes=given.elapsed_minutes,
            )
        )
    return tuple(out)


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
    >>> generic = score_answer("I led the team, aligned stakeholders and improved performance.", scenario)
    >>> generic.total, generic.relevance.score
    (0.0, 0.0)
    >>> story = score_answer(
    ...     "I profiled our ranking service and quantised the model to int8, so cost per 1,000 predictions fell "
    ...     "from $0.42 to $0.19 while NDCG@10 held at 0.41.",
    ...     scenario,
    ... )
    >>> story.total > 30, [k.point for k in story.key_points if k.found][1:3]
    (True, ['I profiled the service', 'Quantised the model to int8'])
    """
    spec = PracticeScoreSpec(scenario_id=scenario.id, answer=answer, minutes=minutes)
    return score(spec, scenario, provenance=provenance_for(spec))
