"""Follow-up questions: chosen from what the first answer missed, then scored like a short answer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lib.practice import _rules as rules
from lib.practice._substance import (
    PointMatch,
    ScenarioReader,
    _unit,
    answer_relevance,
    committed_pitfalls,
    judge_relevance,
    match_points,
    point_share,
    relevance_share,
)
from lib.practice._text import has_action, meaning_units

MAX_FOLLOW_UPS = 2
# A question probes a missed point when it shares this much of the point's meaning (units plus wording).
PROBES_POINT = 0.45
WEAK_DIMENSION = 0.6  # a dimension below this share of its points is one a follow-up may probe
# Which rubric dimension a follow-up question probes, by the way it is asked.
PROBES_DIMENSION: dict[str, re.Pattern[str]] = {
    "ownership": re.compile(r"\b(differently|wrong|mistake|learn|taught|regret|again)\w*", re.I),
    "stakeholders": re.compile(
        r"\b(convince|notify|tell|explain|cfo|leadership|escalat|trust|sponsor|relationship|boss|peers|refuses"
        r"|morale|customer|operations|regulator|who owns|who should)\w*",
        re.I,
    ),
    "quantified_result": re.compile(
        r"\b(measure|metric|number|how do you know|sample size|volume|utilisation|utilization|break even|breaks even"
        r"|target|estimate)\w*",
        re.I,
    ),
    "trade_off": re.compile(
        r"\b(would you ever|keep the slower|simpler model|what if|stop first|only hire|halves|what changes|when would"
        r"|rather than|is there any version|switch later)\w*",
        re.I,
    ),
    "guardrails": re.compile(r"\b(alert|stop the launch|release gate|prevent|deprecate|kill|pause|unnoticed)\w*", re.I),
}
FOLLOW_UP_WEIGHTS = {"answers the question": 40, "fills the gap": 30, "specifics": 30}
FOLLOW_UP_PITFALL_PENALTY = 10


@dataclass(frozen=True)
class FollowUpPick:
    """A follow-up question to ask, why it was chosen, and what it probes."""

    question: str
    reason: str
    points: tuple[int, ...]  # indices of the key points it probes
    dimensions: tuple[str, ...]


@dataclass(frozen=True)
class FollowUpScore:
    """A follow-up answer's score out of 100, with its parts, quotes and what would earn more."""

    score: float
    parts: dict[str, float]
    evidence: tuple[str, ...]
    missing: str
    relevance: float
    pitfalls: tuple[tuple[str, str], ...]


def choose_follow_ups(
    scenario_reader: ScenarioReader, matches: list[PointMatch], fractions: dict[str, float]
) -> tuple[FollowUpPick, ...]:
    """One or two of the scenario's follow-ups, those that probe most of what the answer missed.

    A question probes a missed key point when it shares its meaning (units and wording), and a weak
    dimension when it is asked that way (e.g. 'what would you do differently?' probes ownership).
    With nothing missed, the first follow-up is asked to go deeper.
    """
    from lib.practice._model import embed

    questions = scenario_reader.scenario.follow_ups
    missed = [m.point for m in matches if not m.quote]
    vectors = embed(list(questions))
    weak = [d for d, f in fractions.items() if f < WEAK_DIMENSION and d in PROBES_DIMENSION]
    ranked = []
    for q, question in enumerate(questions):
        units = meaning_units(question)
        probed = []
        for point in missed:
            wording = float(vectors[q] @ scenario_reader.point_vectors[point.index])
            if point_share(point, units) + max(0.0, wording) >= PROBES_POINT:
                probed.append(point.index)
        dims = tuple(d for d in weak if PROBES_DIMENSION[d].search(question))
        strength = len(probed) + 0.75 * len(dims)
        ranked.append(
            (strength, -q, FollowUpPick(question, _reason(scenario_reader, probed, dims), tuple(probed), dims))
        )
    ranked.sort(key=lambda item: (item[0], item[1]), reverse=True)
    chosen = [pick for strength, _, pick in ranked if strength > 0][:MAX_FOLLOW_UPS]
    if not chosen:
        chosen = [FollowUpPick(questions[0], "Your answer covered the reference points; this goes deeper.", (), ())]
    return tuple(chosen)


def _reason(scenario_reader: ScenarioReader, points: list[int], dims: tuple[str, ...]) -> str:
    parts = []
    if points:
        texts = [f"'{scenario_reader.points[i].text}'" for i in points[:2]]
        parts.append("your answer did not cover " + " or ".join(texts))
    if dims:
        parts.append("it was thin on " + " and ".join(rules.LABELS[d].lower() for d in dims))
    return ("Asked because " + "; ".join(parts) + ".") if parts else ""


def score_follow_up(scenario_reader: ScenarioReader, pick: FollowUpPick, sentences: list[str]) -> FollowUpScore:
    """Score a follow-up answer: does it answer the question, fill the gap it probed, and say specific things.

    Parameters
    ----------
    scenario_reader : ScenarioReader
    pick : FollowUpPick
        The question and what it probes.
    sentences : list of str
        The follow-up answer's sentences.

    Returns
    -------
    FollowUpScore
        40 points for answering the question (share of on-topic words), 30 for filling the gap (the probed
        key points made, or the probed dimension's check), 30 for specifics (an action, a figure with a unit,
        a reason or trade-off; 10 each), less 10 for each pitfall committed.
    """
    from lib.practice._model import embed

    if not sentences:
        return FollowUpScore(
            0.0, dict.fromkeys(FOLLOW_UP_WEIGHTS, 0.0), (), "Answer the question in two or three sentences.", 0.0, ()
        )
    vectors = embed(sentences)
    question_units = meaning_units(pick.question)
    question_vector = embed([pick.question])[0]
    anchored = {
        i
        for i, s in enumerate(sentences)
        if len(question_units & meaning_units(s)) >= 2 or float(vectors[i] @ question_vector) >= 0.45
    }
    judged = judge_relevance(sentences, vectors, scenario_reader, anchored)
    # A follow-up answer is short and answers the question, not the whole scenario: the whole answer is read
    # against the question or the scenario, whichever is nearer.
    this, other = scenario_reader.topicality(vectors)
    asked = float(_unit(vectors.sum(axis=0)) @ question_vector)
    whole = answer_relevance(max(this, asked), other)
    share = max(relevance_share(judged), whole)
    on_topic = sentences if whole >= 0.5 else [j.sentence for j in judged if j.label != "off"]
    evidence: list[str] = []
    gap = _gap_share(scenario_reader, pick, on_topic, evidence)
    specifics = [
        any(has_action(s) for s in on_topic),
        any(rules.NUMBER.search(s) and rules.UNIT.search(s) for s in on_topic),
        any(rules.REASON.search(s) or rules.TRADE_OFF.search(s) for s in on_topic),
    ]
    parts = {
        "answers the question": round(FOLLOW_UP_WEIGHTS["answers the question"] * share, 1),
        "fills the gap": round(FOLLOW_UP_WEIGHTS["fills the gap"] * gap, 1),
        "specifics": 10.0 * sum(specifics),
    }
    hits = committed_pitfalls(scenario_reader.rules, on_topic)
    total = max(0.0, sum(parts.values()) - FOLLOW_UP_PITFALL_PENALTY * len(hits))
    missing = []
    if share < 0.8:
        missing.append("stay on the question asked")
    if gap < 1:
        missing.append(
            "say what your first answer left out"
            + (f": {scenario_reader.points[pick.points[0]].text}" if pick.points else "")
        )
    labels = ("an action you would take", "a figure with its unit", "a reason or the trade-off")
    missing += [f"add {label}" for label, present in zip(labels, specifics, strict=True) if not present]
    return FollowUpScore(
        round(total, 1),
        parts,
        tuple(dict.fromkeys(evidence)),
        ("To earn more: " + "; ".join(missing) + ".") if missing else "",
        round(share, 2),
        tuple((h.rule.pitfall, h.quote) for h in hits),
    )


def _gap_share(scenario_reader: ScenarioReader, pick: FollowUpPick, sentences: list[str], evidence: list[str]) -> float:
    from lib.practice._model import embed

    shares = []
    if pick.points:
        vectors = embed(sentences)
        points = tuple(scenario_reader.points[i] for i in pick.points)
        made = match_points(points, scenario_reader.point_vectors[list(pick.points)], sentences, vectors, listed=set())
        shares.append(sum(m.strength for m in made) / len(made))
        evidence += [m.quote for m in made if m.quote]
    checks = {
        "ownership": rules.check_ownership,
        "stakeholders": rules.check_stakeholders,
        "quantified_result": rules.check_quantified,
        "trade_off": rules.check_trade_off,
        "guardrails": rules.check_guardrails,
    }
    for dim in pick.dimensions:
        check = checks[dim](sentences)
        shares.append(check.fraction)
        evidence += list(check.evidence[:2])
    if not shares:  # a question that goes deeper: judged on substance alone
        shares.append(1.0 if sentences else 0.0)
    return float(max(shares))
