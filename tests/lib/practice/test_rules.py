"""Every rubric check with sentences that pass it and sentences that fail it."""

from __future__ import annotations

import pytest

from lib.practice import _rules as rules


def _fraction(check, sentence: str) -> float:
    return check([sentence]).fraction


FULL = {
    rules.check_quantified: [
        ["Quantising the model cut p95 latency from 180 ms to 95 ms.", "AUC rose to 0.87 on the holdout set."],
        ["We saved 1,200 GPU-hours a month.", "Cost per 1,000 predictions dropped to $0.19."],
    ],
    rules.check_baseline: [
        ["Cost went from $0.42 to $0.19 per 1,000 predictions.", "Recall moved 0.80 → 0.65 in two weeks."],
        ["Latency is 95 ms, down from 180 ms.", "Missed commitments fell from three a month to none."],
    ],
    rules.check_trade_off: [
        ["We accepted a 0.3% offline drop to cut p99 by 45 ms."],
        ["I chose batch scoring rather than real time because nobody reads the scores before 9am."],
    ],
    rules.check_guardrails: [
        ["We shipped behind a canary with a rollback rule and alerts on p95 latency."],
        [
            "We ran it alongside the old model for a week, then switched over gradually, kept an eye on the error rate and could go back to the old one."
        ],
    ],
    rules.check_ownership: [
        ["I missed a data lag in one region.", "I added a freshness check to the pipeline."],
        ["Looking back, I assumed traffic was uniform; since then we load-test with the nightly spike."],
    ],
    rules.check_stakeholders: [
        ["I agreed the targets with finance and the product manager."],
        ["Legal and compliance reviewed the audit, and I briefed our VP every week."],
    ],
}
NOTHING = {
    rules.check_quantified: ["It got much better.", "I led the team, aligned stakeholders and improved performance."],
    rules.check_baseline: ["It got much better.", "We shipped it."],
    rules.check_trade_off: ["We made it faster.", "I led the team, aligned stakeholders and improved performance."],
    rules.check_guardrails: ["We shipped it.", "The model is good."],
    rules.check_ownership: ["Everything went to plan.", "I led the team and improved performance."],
    rules.check_stakeholders: ["I wrote the code.", "The model shipped on time."],
}
# One step below full: what the sentence shows, and what depth is missing.
PARTIAL = [
    (rules.check_quantified, ["p95 latency fell to 95 ms after the change."], 0.75),  # one figure, tied to a change
    (rules.check_quantified, ["Our p95 latency is 95 ms."], 0.5),  # one figure, not tied to anything done
    (rules.check_quantified, ["It was 3x faster."], 0.25),  # a figure without its metric
    (rules.check_quantified, ["Latency mattered most to us."], 0.25),  # a metric without a figure
    (rules.check_baseline, ["Cost went from $0.42 to $0.19 per 1,000 predictions."], 0.8),  # one before/after
    (rules.check_baseline, ["The baseline AUC was 0.78."], 0.6),  # a start without an end
    (rules.check_baseline, ["I would agree a baseline with finance."], 0.4),  # named, no figure
    (rules.check_trade_off, ["The trade-off was two sprints of platform work."], 0.6),  # named, no reason
    (rules.check_trade_off, ["It was a two-way door, so we moved fast."], 0.6),
    (rules.check_trade_off, ["Trade-off."], 0.3),  # the word alone
    (rules.check_guardrails, ["We added a canary."], 0.4),  # one kind
    (rules.check_guardrails, ["We added a canary and a rollback rule."], 0.7),  # two kinds
    (rules.check_guardrails, ["Canary, rollback, shadow, alerts, dashboards, guardrails."], 0.7),  # listed: half each
    (rules.check_ownership, ["I missed a data lag in one region."], 0.6),  # owned, no fix
    (rules.check_ownership, ["I owned the launch."], 0.3),  # a claim, no failure
    (rules.check_stakeholders, ["I agreed the targets with finance."], 0.8),  # one group and what was agreed
    (rules.check_stakeholders, ["Finance flagged the bill."], 0.5),  # named only
    (rules.check_stakeholders, ["I aligned stakeholders."], 0.25),  # generic
]


@pytest.mark.parametrize(("check", "sentences"), [(c, s) for c, ss in FULL.items() for s in ss])
def test_full_depth_earns_full_points_with_quotes(check, sentences):
    result = check(sentences)
    assert result.fraction == 1.0
    assert result.evidence and all(any(quote in s or s in quote for s in sentences) for quote in result.evidence)


@pytest.mark.parametrize(("check", "sentence"), [(c, s) for c, ss in NOTHING.items() for s in ss])
def test_failing_sentence_earns_nothing(check, sentence):
    assert _fraction(check, sentence) == 0.0


@pytest.mark.parametrize(("check", "sentences", "fraction"), PARTIAL)
def test_partial_depth_earns_its_step(check, sentences, fraction):
    assert check(sentences).fraction == pytest.approx(fraction)


def test_us_and_uk_spellings_score_alike():
    uk = [
        "We quantised the model and GPU utilisation rose from 30% to 70%; we analysed the cost per 1,000 predictions."
    ]
    us = [
        "We quantized the model and GPU utilization rose from 30% to 70%; we analyzed the cost per 1,000 predictions."
    ]
    for check in (rules.check_quantified, rules.check_baseline, rules.check_structure):
        assert check(uk).fraction == check(us).fraction


def test_structure_needs_a_shape_and_a_causal_thread():
    star = [
        "Situation: our churn model plateaued.",
        "My goal was better precision.",
        "I built sequence features.",
        "As a result, AUC rose from 0.78 to 0.83.",
    ]
    assert rules.check_structure(star).fraction == 1.0  # STAR parts and action -> measured change
    assert rules.check_structure(star[:3]).fraction == pytest.approx(0.6)  # shape, no measured change
    plan = ["Week 1: audit spend.", "Weeks 2-3: quick wins.", "Months 2-3: platform changes."]
    assert rules.check_structure(plan).fraction == pytest.approx(0.6)
    assert rules.check_structure(plan[:2]).fraction == pytest.approx(0.3)
    ordinal = ["First, I would stop the model.", "Then I'd measure selection rates.", "Finally, prevent it."]
    assert rules.check_structure(ordinal).fraction == pytest.approx(0.6)
    assert rules.check_structure(["We did some things.", "It was good."]).fraction == 0.0


def test_length_range_hand_worked():
    # 5 minutes: 25 x 5 = 125 to 130 x 5 = 650 words; half points from 62.5 to 975.
    assert rules.word_range(5) == (125, 650)
    assert rules.check_length(125, 5).fraction == 1.0
    assert rules.check_length(650, 5).fraction == 1.0
    assert rules.check_length(124, 5).fraction == 0.5
    assert rules.check_length(63, 5).fraction == 0.5
    assert rules.check_length(62, 5).fraction == 0.0
    assert rules.check_length(975, 5).fraction == 0.5
    assert rules.check_length(976, 5).fraction == 0.0


def test_weights_add_up_to_100_and_substance_weighs_most():
    assert sum(rules.WEIGHTS.values()) == 100
    assert rules.WEIGHTS["coverage"] == max(rules.WEIGHTS.values())
