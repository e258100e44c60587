"""Every rubric check with sentences that pass it and sentences that fail it."""

from __future__ import annotations

import pytest

from lib.practice import _rules as rules


def _fraction(check, sentence: str) -> float:
    return check([sentence]).fraction


PASSING = {
    rules.check_quantified: [
        "p95 latency fell to 95 ms after the change.",
        "AUC rose to 0.87 on the holdout set.",
        "NDCG@10 went up by 2%.",
        "Cost per 1,000 predictions dropped to $0.19.",
        "We saved 1,200 GPU-hours a month.",
    ],
    rules.check_baseline: [
        "Cost went from $0.42 to $0.19 per 1,000 predictions.",
        "Latency is 95 ms, down from 180 ms.",
        "Recall moved 0.80 → 0.65 in two weeks.",
        "The baseline AUC was 0.78.",
    ],
    rules.check_trade_off: [
        "We accepted a 0.3% offline drop to cut p99 by 45 ms.",
        "The trade-off was two sprints of platform work.",
        "I chose batch scoring rather than real time.",
        "It was a two-way door, so we moved fast.",
        "We shipped it, accepting more false positives for a week.",
    ],
    rules.check_ownership: [
        "I missed a data lag in one region.",
        "I assumed traffic was uniform, and it was not.",
        "In hindsight I should have load-tested first.",
        "We wrote a post-mortem and changed the pipeline.",
    ],
    rules.check_stakeholders: [
        "I agreed the targets with finance.",
        "The product manager signed off on the trade.",
        "Legal and compliance reviewed the audit.",
        "I briefed our VP every week.",
        "Each team lead agreed the showback numbers.",
    ],
}
FAILING = {
    rules.check_quantified: ["It got much better.", "I led the team, aligned stakeholders and improved performance."],
    rules.check_baseline: ["It got much better.", "Cost fell to $0.19."],
    rules.check_trade_off: ["We made it faster.", "I led the team, aligned stakeholders and improved performance."],
    rules.check_ownership: [
        "Everything went to plan.",
        "I led the team, aligned stakeholders and improved performance.",
    ],
    rules.check_stakeholders: ["I wrote the code.", "The model shipped on time."],
}


@pytest.mark.parametrize(("check", "sentence"), [(c, s) for c, ss in PASSING.items() for s in ss])
def test_passing_sentence_earns_full_points(check, sentence):
    result = check([sentence])
    assert result.fraction == 1.0
    assert result.evidence == (sentence,)


@pytest.mark.parametrize(("check", "sentence"), [(c, s) for c, ss in FAILING.items() for s in ss])
def test_failing_sentence_earns_nothing(check, sentence):
    assert _fraction(check, sentence) == 0.0


@pytest.mark.parametrize(
    ("check", "sentence"),
    [
        (rules.check_quantified, "Latency mattered most to us."),  # metric, no figure
        (rules.check_quantified, "It was 3x faster."),  # figure, no metric
        (rules.check_baseline, "Before the change it was slow."),  # baseline word, no figure
        (rules.check_ownership, "I owned the launch."),  # a claim, no failure
        (rules.check_stakeholders, "I aligned stakeholders."),  # generic group
        (rules.check_guardrails, "We added a canary."),  # one kind of safety net
    ],
)
def test_partial_sentence_earns_half(check, sentence):
    assert _fraction(check, sentence) == 0.5


def test_guardrails_need_two_kinds():
    assert rules.check_guardrails(["We shipped behind a canary with a rollback rule."]).fraction == 1.0
    assert rules.check_guardrails(["Monitoring dashboards and alerts on p95 latency."]).fraction == 1.0
    assert rules.check_guardrails(["We shipped it."]).fraction == 0.0


def test_structure_star_and_phases():
    star = [
        "Situation: our churn model plateaued.",
        "My goal was better precision.",
        "I built sequence features.",
        "As a result, AUC rose.",
    ]
    assert rules.check_structure(star).fraction == 1.0
    assert rules.check_structure(star[:2]).fraction == 0.5
    plan = ["Week 1: audit spend.", "Weeks 2-3: quick wins.", "Months 2-3: platform changes."]
    assert rules.check_structure(plan).fraction == 1.0
    assert rules.check_structure(plan[:2]).fraction == 0.5
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


def test_coverage_half_the_terms_is_full():
    terms = ("audit", "spot", "batch", "governance")
    assert rules.check_coverage(["We audit spend and use spot instances."], terms).fraction == 1.0
    assert rules.check_coverage(["We audit spend."], terms).fraction == 0.5
    assert rules.check_coverage(["Nothing relevant."], terms).fraction == 0.0


def test_weights_add_up_to_100():
    assert sum(rules.WEIGHTS.values()) == 100
