"""How the scorer works and what it cannot judge, in the words the page, the report and the README use."""

from __future__ import annotations

from lib.practice._rules import WEIGHTS


def how_scoring_works() -> tuple[str, ...]:
    """The scoring rules in plain words, one per line.

    Examples
    --------
    >>> any("Off-topic sentences earn nothing" in line for line in how_scoring_works())
    True
    """
    from lib.practice._scoring import FULL_RELEVANCE, PITFALL_PENALTY

    return (
        "Relevance first: every sentence is compared with this scenario's question, reference points, pitfalls and "
        "follow-ups by a small word-embedding model that runs on this machine (WordLlama, shipped inside its Python "
        "package; nothing is downloaded). Off-topic sentences earn nothing, and when less than "
        f"{FULL_RELEVANCE:.0%} of the answer is about the scenario, the total is capped (at 25 when half of that).",
        f"Key points ({WEIGHTS['coverage']} points): the reference framework is split into the points a strong "
        "answer makes. A point counts when a sentence carries most of its meaning, in your own words: US and UK "
        "spellings both count, and so do plain-English paraphrases ('ran it alongside the old model' is a shadow "
        "test, 'switched over gradually' a staged rollout). Each phase of the framework weighs the same and needs "
        "about 70% of its points for full weight. Every point made is quoted.",
        "Craft (70 points): structure with a causal thread (what you did, what changed, how you measured it), "
        "results as numbers with a metric and unit, a before/after baseline, a trade-off with its size or reason, "
        "safety nets (staged rollout, rollback, monitoring, alerts), a miss you own with its fix, the stakeholders "
        "you agreed things with, and a length that fits the time box. Depth earns the top of each: one safety net "
        "earns a share, three kinds earn all of it.",
        f"Pitfalls: each of the scenario's listed pitfalls that the answer commits is quoted with why it is one, "
        f"costs {PITFALL_PENALTY:g} points, and caps the dimensions it touches at half. Saying you avoided it "
        "('rather than dropping the gender column ...') does not count against you.",
        "Stuffing is not substance: a sentence that only lists terms earns half for the key points it names and "
        "a quarter on the craft checks; numbers without a unit or metric earn little, and a result without a "
        "starting figure earns no baseline points; a term said again earns nothing more.",
        "Headroom: a competent answer lands around 60-75, a strong one 80-90; 95 and above needs depth on every "
        "dimension.",
        "Follow-ups: after your answer, one or two of the scenario's follow-up questions are chosen from what the "
        "answer missed. Each is timed and scored out of 100: 40 for answering the question, 30 for filling the gap "
        "it probed, 30 for specifics (an action, a figure with its unit, a reason or trade-off).",
    )


def what_it_cannot_judge() -> str:
    """The limits of the scorer, said plainly."""
    return (
        "It reads words, so it cannot judge delivery (pace, clarity out loud, eye contact), tone or presence, and it "
        "cannot tell whether your story is true: a confident invented figure scores like a real one. It reads English "
        "only. It knows each scenario's reference answer, so a good idea the reference does not list may go unrewarded "
        "in key points while still earning craft points. Use it to practise substance and structure, and practise "
        "delivery with a person."
    )
