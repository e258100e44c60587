"""Scoring: the labelled calibration set's ordering, relevance, key points by meaning, pitfalls, stuffing, laws."""

from __future__ import annotations

import json
import re
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.errors import InputError
from lib.practice import (
    DIMENSIONS,
    MAX_SCORED_WORDS,
    PITFALL_PENALTY,
    FollowUpAnswer,
    PracticeScoreSpec,
    framework_as_answer,
    get_scenario,
    load_bank,
    relevance_cap,
    score_answer,
    split_sentences,
)
from lib.practice._model import embed
from lib.practice._substance import match_points, reader
from lib.practice.analyses import STRONG_ANSWER
from tests.conftest import ROOT

BANK = load_bank()
CALIBRATION = json.loads((ROOT / "lib" / "practice" / "calibration.json").read_text())["answers"]
LABELS = ("strong", "mediocre", "stuffed", "off_topic", "pitfall")
SCENARIOS = sorted({a["scenario_id"] for a in CALIBRATION})
UK_TO_US = {
    "utilisation": "utilization",
    "quantise": "quantize",
    "quantised": "quantized",
    "prioritise": "prioritize",
    "organisation": "organization",
    "organisations": "organizations",
    "analyse": "analyze",
    "analysed": "analyzed",
    "behaviour": "behavior",
    "modelling": "modeling",
    "labelled": "labeled",
    "optimise": "optimize",
    "recognise": "recognize",
    "distil": "distill",
    "colour": "color",
    "centre": "center",
    "organise": "organize",
}


def _us(text: str) -> str:
    return re.sub(r"\b(" + "|".join(UK_TO_US) + r")\b", lambda m: UK_TO_US[m.group(1)], text)


def _scores(scenario_id: str) -> dict[str, float]:
    scenario = get_scenario(BANK, scenario_id)
    return {
        a["label"]: score_answer(a["text"], scenario, minutes=a["minutes"]).total
        for a in CALIBRATION
        if a["scenario_id"] == scenario_id
    }


def test_calibration_set_covers_ten_scenarios_across_the_tracks():
    assert len(SCENARIOS) >= 10
    assert len({get_scenario(BANK, s).track for s in SCENARIOS}) >= 8
    for scenario_id in SCENARIOS:
        labels = [a["label"] for a in CALIBRATION if a["scenario_id"] == scenario_id]
        assert sorted(set(labels) - {"competent"}) == sorted(LABELS) and len(labels) == len(set(labels))


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_calibration_ordering(scenario_id):
    s = _scores(scenario_id)
    assert s["strong"] >= s["stuffed"] + 20, s
    assert s["strong"] >= s["mediocre"] + 20, s
    assert s["off_topic"] <= 30, s
    assert s["pitfall"] <= 45, s


@pytest.mark.parametrize("scenario_id", sorted({a["scenario_id"] for a in CALIBRATION if a["label"] == "competent"}))
def test_a_competent_answer_lands_between_mediocre_and_strong(scenario_id):
    s = _scores(scenario_id)
    assert s["mediocre"] + 10 <= s["competent"] <= s["strong"] - 10, s


def test_calibration_headroom():
    strong = [_scores(s)["strong"] for s in SCENARIOS]
    # Strong answers land around 80-90: no ceiling pile-up, and most sit in the band.
    assert 75 <= statistics.median(strong) <= 92
    assert sum(score >= 99.5 for score in strong) <= 1


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_us_and_uk_spellings_score_within_five_points(scenario_id):
    scenario = get_scenario(BANK, scenario_id)
    for answer in (a for a in CALIBRATION if a["scenario_id"] == scenario_id and a["label"] == "strong"):
        uk = score_answer(answer["text"], scenario, minutes=answer["minutes"]).total
        us = score_answer(_us(answer["text"]), scenario, minutes=answer["minutes"]).total
        assert abs(uk - us) <= 5


def test_bakery_answer_built_from_star_phrases_stays_low():
    bakery = next(a for a in CALIBRATION if a["scenario_id"] == "cost-500k-roi" and a["label"] == "off_topic")
    result = score_answer(bakery["text"], get_scenario(BANK, "cost-500k-roi"))
    assert result.total <= 30 and result.relevance.score < 0.5 and result.relevance.cap <= 30
    assert any("about this scenario" in note for note in result.notes)


def test_committing_both_hiring_pitfalls_is_quoted_and_penalised():
    answer = next(a for a in CALIBRATION if a["scenario_id"] == "rai-hiring-model" and a["label"] == "pitfall")
    result = score_answer(answer["text"], get_scenario(BANK, "rai-hiring-model"))
    found = {p.pitfall: p.quote for p in result.pitfalls}
    assert set(found) == set(get_scenario(BANK, "rai-hiring-model").pitfalls)
    assert all(quote in answer["text"] for quote in found.values())
    assert result.penalty == 2 * PITFALL_PENALTY
    for name in ("coverage", "guardrails", "stakeholders"):
        assert result.dimension(name).fraction <= 0.5


def test_saying_you_avoided_a_pitfall_does_not_count_against_you():
    scenario = get_scenario(BANK, "rai-hiring-model")
    avoided = (
        "I would pause the model and route every CV to recruiters. Rather than dropping the gender column and calling "
        "it fixed, I'd measure selection rates by group and look for proxies like women's colleges."
    )
    assert score_answer(avoided, scenario).pitfalls == ()


@pytest.mark.parametrize(
    ("scenario_id", "paraphrase", "point"),
    [
        (
            "mle-high-stakes",
            "We ran the new model alongside the old one for four weeks before it decided anything.",
            "Shadow",
        ),
        ("llm-support-bot", "We switched over gradually, starting with a small share of customers.", "5%"),
        (
            "cost-500k-roi",
            "In week 1 I'd look at GPU utilization and the cost per 1,000 predictions of each model.",
            "GPU",
        ),
        (
            "rai-hiring-model",
            "First we'd switch off the automated screening and have recruiters read every CV.",
            "Stop",
        ),
    ],
)
def test_plain_english_and_us_spelling_make_key_points(scenario_id, paraphrase, point):
    result = score_answer(paraphrase, get_scenario(BANK, scenario_id))
    made = [k for k in result.key_points if k.found]
    assert any(point.lower() in k.point.lower() for k in made), [k.point for k in made]
    assert all(k.quote in paraphrase for k in made)


def test_a_negated_key_point_is_not_made():
    scenario = get_scenario(BANK, "mle-reduced-cost")
    scenario_reader = reader(scenario, bundled=True)
    sentences = ["We never ran it in shadow before a canary rollout."]
    matches = match_points(
        scenario_reader.points, scenario_reader.point_vectors, sentences, embed(sentences), listed=set()
    )
    assert not any(m.quote for m in matches if "shadow" in m.point.text)


def test_term_lists_earn_little_and_repetition_earns_nothing():
    scenario = get_scenario(BANK, "cost-500k-roi")
    listed = score_answer(
        "Audit, utilisation, spot, right-sizing, batch, quantisation, governance, showback.", scenario
    )
    said = score_answer(
        "I'd audit spend by team, move training to spot instances, switch scoring to batch and quantise the "
        "heaviest models.",
        scenario,
    )
    assert said.dimension("coverage").score > 2 * listed.dimension("coverage").score
    repeated = score_answer("We moved training to spot instances. " + "Spot spot spot spot spot spot. ", scenario)
    once = score_answer("We moved training to spot instances.", scenario)
    assert repeated.dimension("coverage").score == once.dimension("coverage").score
    assert any("earns nothing extra" in note for note in repeated.notes)


def test_reference_frameworks_beat_off_topic_answers():
    off = next(a["text"] for a in CALIBRATION if a["label"] == "off_topic")
    totals = []
    for scenario in BANK:
        reference = score_answer(framework_as_answer(scenario), scenario).total
        totals.append(reference)
        assert reference > score_answer(off, scenario).total
    assert statistics.median(totals) >= 45


def test_strong_example_hand_worked():
    # mle-reduced-cost in 2 minutes: every dimension quoted; the figures below are read off the rubric steps.
    result = score_answer(STRONG_ANSWER, get_scenario(BANK, "mle-reduced-cost"), minutes=2)
    points = {d.name: d.score for d in result.dimensions}
    assert points == {
        "structure": 10.0,  # STAR parts and a causal thread
        "quantified_result": 10.0,  # three measured figures tied to actions
        "baseline": 8.0,  # one before/after figure: 0.8 of 10
        "trade_off": 10.0,  # 'a 0.5% NDCG drop as the trade-off'
        "guardrails": 10.0,  # shadow/canary, rollback, alert
        "ownership": 3.0,  # a miss owned without the fix: 0.6 of 5
        "stakeholders": 5.0,  # finance named, nothing agreed: 0.5 of 10
        "length": 5.0,  # 78 words in 50-260
        "coverage": 27.0,  # 4 of 5 phases full, the fifth at 2 of 3 points: 0.9 of 30
    }
    assert result.total == 88.0 and result.penalty == 0 and result.relevance.score == 1.0


def test_empty_answer_scores_zero_with_a_note():
    for text in ("", "   \n  "):
        result = score_answer(text, BANK[0])
        assert result.total == 0
        assert any("empty" in note for note in result.notes)


def test_huge_paste_is_cut_to_the_first_words_with_a_note():
    text = "I cut p95 latency from 180 ms to 95 ms. " * 2000
    result = score_answer(text, BANK[0])
    assert result.words <= MAX_SCORED_WORDS
    assert any("only the first" in note and "words were scored" in note for note in result.notes)


@pytest.mark.parametrize(
    "text",
    [
        "Wir haben die Kosten pro Vorhersage gesenkt und die Latenz verbessert, und das Team hat viel gelernt dabei.",
        "Nous avons réduit le coût par prédiction et nous avons mesuré la latence avec les équipes de la finance.",
        "我们把每千次预测的成本从0.42美元降到了0.19美元，并且延迟也下降了。",
    ],
)
def test_another_language_is_told_the_scorer_reads_english(text):
    result = score_answer(text, BANK[0])
    assert any("reads English" in note for note in result.notes)
    assert result.total <= 10


def test_english_answer_has_no_language_note():
    assert not any("English" in n for n in score_answer(STRONG_ANSWER, BANK[0]).notes)


def test_bad_minutes_is_input_error():
    with pytest.raises(InputError, match="minutes"):
        score_answer("text", BANK[0], minutes=0)


def test_split_sentences_keeps_money_and_decimals():
    assert split_sentences("Cost fell to $0.19. AUC was 0.87!\nDone") == [
        "Cost fell to $0.19.",
        "AUC was 0.87!",
        "Done",
    ]


def test_relevance_cap_hand_worked():
    assert [relevance_cap(s) for s in (1.0, 0.7, 0.35, 0.0)] == [100.0, 100.0, 25.0, 0.0]


def test_follow_ups_are_chosen_from_what_was_missed_and_scored():
    from lib.analysis import run

    scenario = get_scenario(BANK, "cost-500k-roi")
    first = run(PracticeScoreSpec(scenario_id=scenario.id, answer="I'd cut idle clusters and report to finance."))
    assert 1 <= len(first.follow_ups) <= 2 and all(f.score is None for f in first.follow_ups)
    assert all(f.question in scenario.follow_ups and f.reason for f in first.follow_ups)
    question = first.follow_ups[0].question
    good = "I'd agree with the team lead to move one job to spot with checkpoints every 15 minutes, because it cut 60% of its cost."
    answered = run(
        PracticeScoreSpec(
            scenario_id=scenario.id,
            answer=first.answer,
            follow_up_answers=(FollowUpAnswer(question, good, 1.5),),
        )
    )
    scored = next(f for f in answered.follow_ups if f.question == question)
    assert scored.answer == good and scored.elapsed_minutes == 1.5
    penalty = 10 * len(scored.pitfalls)
    assert 0 < scored.score <= 100 and scored.score == pytest.approx(max(0, sum(scored.parts.values()) - penalty))
    assert answered.total == first.total  # follow-ups are scored beside the first answer, not into it
    with pytest.raises(InputError, match="does not ask"):
        run(PracticeScoreSpec(scenario_id=scenario.id, follow_up_answers=(FollowUpAnswer("Why?", "x"),)))


SENTENCE_POOL = [
    "Week 1: audit spend by team and model.",
    "Weeks 2-3: move training to spot instances.",
    "Months 2-3: quantise the heaviest models.",
    "p95 latency fell from 180 ms to 95 ms.",
    "We accepted a 1% AUC drop to cut cost by 40%.",
    "A canary with a rollback rule and alerts.",
    "I missed an assumption about traffic.",
    "Finance agreed the target.",
    "I led the team.",
    "It was fine.",
    "Our bakery sold more cakes.",
    "Wir haben viel gelernt.",
    "I cut every team's budget by 20% across the board in week 1.",
]
sentences = st.lists(st.sampled_from(SENTENCE_POOL), max_size=12)


@settings(max_examples=40, deadline=None)
@given(sentences, st.sampled_from([1.0, 2.0, 5.0, 10.0]))
def test_laws_bounds_total_rule_quotes_and_determinism(parts, minutes):
    text = " ".join(parts)
    first = score_answer(text, BANK[0], minutes=minutes)
    again = score_answer(text, BANK[0], minutes=minutes)
    assert first == again  # provenance is excluded from equality; scores and evidence are not
    assert 0 <= first.total <= 100
    raw = sum(d.score for d in first.dimensions)
    assert first.total == pytest.approx(round(max(0.0, min(first.relevance.cap, raw - first.penalty)), 1))
    for dimension in first.dimensions:
        assert 0 <= dimension.score <= dimension.max_score
        for quote in dimension.evidence:
            assert quote in text
    for point in first.key_points:
        assert point.found == bool(point.quote) and (not point.quote or point.quote in text)
    for pitfall in first.pitfalls:
        assert pitfall.quote in text
        for name in pitfall.touches:
            assert first.dimension(name).fraction <= 0.5


def test_every_dimension_is_scored():
    assert {d.name for d in score_answer(STRONG_ANSWER, BANK[0]).dimensions} == set(DIMENSIONS)
