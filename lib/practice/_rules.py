"""The published rubric: what each dimension looks for, sentence by sentence, and how much depth earns.

Every check reads the answer's on-topic sentences with plain regular expressions (plus the
paraphrase list of :mod:`lib.practice._text`), so a candidate can read why a point was given
(the sentence is quoted) or withheld (the miss says what would have earned it). Points come in
steps that need depth: one guardrail earns a share, three kinds earn all of it.

Stuffing is not substance (the rules the page states):

- a sentence that only lists terms, with no action, earns half of what it would otherwise earn;
- a number without a unit or a metric earns little, and a result without a baseline earns no baseline points;
- a term said many times counts once;
- full marks for structure need a causal thread: what was done, what changed, how it was measured.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lib.practice._text import has_action, is_term_list, uk_spelling, with_concepts

# Points per dimension; they add up to 100. Key points of the scenario weigh most: substance first.
WEIGHTS: dict[str, int] = {
    "coverage": 30,
    "structure": 10,
    "quantified_result": 10,
    "baseline": 10,
    "trade_off": 10,
    "guardrails": 10,
    "stakeholders": 10,
    "ownership": 5,
    "length": 5,
}
DIMENSIONS: tuple[str, ...] = (
    "structure",
    "quantified_result",
    "baseline",
    "trade_off",
    "guardrails",
    "ownership",
    "stakeholders",
    "length",
    "coverage",
)

LABELS: dict[str, str] = {
    "structure": "Structure and causal thread",
    "quantified_result": "Quantified result",
    "baseline": "Baseline and before/after",
    "trade_off": "Trade-off stated",
    "guardrails": "Guardrails, rollback, monitoring",
    "ownership": "Ownership of a failure or missed assumption",
    "stakeholders": "Stakeholders named",
    "length": "Length for the time box",
    "coverage": "Key points of this scenario",
}

MISSING: dict[str, str] = {
    "structure": (
        "Walk through Situation, Task, Action and Result, or lay out phases with time frames, and connect them: "
        "what you did, what changed, and how you measured it."
    ),
    "quantified_result": (
        "Give two results as numbers with their metric and unit, tied to what you did, e.g. 'quantising the model "
        "cut p95 latency from 180 ms to 95 ms'."
    ),
    "baseline": "State where you started and where you ended, e.g. 'from $0.42 to $0.19 per 1,000 predictions'.",
    "trade_off": (
        "Say what you gave up, how much, and why it was worth it, e.g. 'we accepted a 0.3% offline drop to cut p99 "
        "by 45 ms because checkout times out at 200 ms'."
    ),
    "guardrails": (
        "Say how you kept the change safe, with three kinds of safety net: a shadow or staged rollout, a rollback "
        "rule, and monitoring or alerts."
    ),
    "ownership": ("Own something that went wrong: the assumption you missed, how you found out, and the durable fix."),
    "stakeholders": (
        "Name who you worked with (product, finance, legal, security, leadership) and what you agreed with them."
    ),
    "length": "",  # filled in with the word range for the time box
    "coverage": "",  # filled in with the key points not yet made
}

SPEAKING_WORDS_PER_MINUTE = 130  # a calm spoken pace; above it the answer cannot be said in the time
MIN_WORDS_PER_MINUTE = 25  # below this the answer is too thin for the time it took
DEFAULT_MINUTES = 5.0


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_WORD_NUMBER = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred"
    r"|half|a third|a quarter|twice|none|zero)"
)
STAR_CUES: dict[str, re.Pattern[str]] = {
    "situation": _rx(
        r"\b(situation|context|background|at the time|when i joined|at my (last|previous) (job|company|role)"
        r"|our (team|model|system|service|ranking|fraud|churn|pricing)\b.{0,40}\b(was|had|were|cost|ran)|we were|we had)\b"
    ),
    "task": _rx(
        r"\b(task|my goal|the goal|our goal|objective|i was (asked|responsible|accountable)|i owned"
        r"|responsible for|needed to|had to|my job was|i was given)\b"
    ),
    "action": _rx(
        r"\b(action|actions|i (built|designed|decided|proposed|ran|wrote|introduced|set up|started|moved|changed"
        r"|audited|rolled|added|replaced|split|pushed|negotiated|hired|created|migrated|analysed|analyzed|cut|reduced"
        r"|fixed|profiled|quantised|quantized|shipped|launched|led|chose|paired|trained|retrained|paused|measured"
        r"|called|met|asked|checked|tested|compared|benchmarked|documented|routed|stopped|agreed|took)"
        r"|we (built|shipped|ran|moved|introduced|added|replaced|migrated|rolled|paused|measured|tested|stopped))\b"
    ),
    "result": _rx(
        r"\b(result|results|outcome|as a result|in the end|which (cut|reduced|raised|improved|saved|lifted)"
        r"|this (cut|reduced|raised|improved|saved|lifted)|that (cut|reduced|raised|improved|saved|lifted)"
        r"|(fell|dropped|rose|went|came) (from|to|down|up))\b"
    ),
}
PHASE = _rx(
    r"\b((weeks?|days?|hours?|months?|quarters?|phase|step|stage)\s+\d+"
    r"|first\s+(\d+\s+|two\s+|three\s+)?(hours?|days?|weeks?|months?|quarter)"
    r"|\d+\s*(\+|-|–|to)\s*\d*\s*(hours?|days?|weeks?|months?)"
    r"|(week|day|month|phase|step) (one|two|three|four)|immediately|long[- ]term|short[- ]term|ongoing|after that"
    r"|by the end of|in parallel)\b"
    r"|^(first|firstly|second|secondly|third|thirdly|then|next|finally|lastly|after that|once that|to start"
    r"|i'd start|i would start|i'll start|start by|going forward|straight away|right away|afterwards|longer term"
    r"|meanwhile|in parallel|at the same time)\b"
)
METRIC = _rx(
    r"(\bp\d{2}\b|latency|\bauc\b|roc|ndcg|precision|recall|\bf1\b|\bctr\b|click-through|conversion|accuracy"
    r"|\brmse\b|\bmae\b|error rate|cost per|per 1,?000|gpu[- ]hours?|throughput|revenue|churn|adoption|spend|bill"
    r"|uptime|retention|time to (production|hire|productivity)|\bqps\b|utili[sz]ation|false positive|calibration"
    r"|selection rate|headcount|attrition|incidents?|savings?|saved|cost|budget|resolution rate|escalation|complaints?"
    r"|default rate|approval rate|deploy(s|ment)? (frequency|per)|lead time|offer acceptance|morale|engagement"
    r"|commitments|goals|deadlines|tickets|satisfaction|\bnps\b|collisions|crash rate|sessions|conversations)"
)
UNIT = _rx(
    r"(\b"
    + _WORD_NUMBER
    + r"\s+(a |per |of )?(weeks?|months?|days?|quarters?|years?|goals|commitments|people|engineers"
    r"|teams|models|points|percent|hires|incidents)\b|\d\s*%|\$\s*\d|€\s*\d|£\s*\d|\d\s*(ms|s|x|×|k|m|bn|hours?|days?|weeks?|months?|minutes?|seconds?|people"
    r"|engineers|teams|models|gpus?|nodes?|points?|pp|percentage points?)\b|\bpercent\b|\b0\.\d+\b)"
)
NUMBER = re.compile(r"\d|\b" + _WORD_NUMBER + r"\b", re.IGNORECASE)
CHANGE = _rx(
    r"\b(fell|dropped|drop|rose|raised|went (from|up|down)|came down|cut|reduced|improved|increased|decreased|saved"
    r"|lifted|halved|doubled|down|up|moved from|brought|lowered|grew|shrank|recovered|back to|so that|which|to (cut"
    r"|reduce|raise|bring|keep|get|hit|save|lower)|measured by|target|tracked|track)\b"
)
BEFORE_AFTER = _rx(
    r"(\bfrom\s+"
    + _WORD_NUMBER
    + r"\b.{0,30}?\bto\s+("
    + _WORD_NUMBER
    + r"|\d)"
    + r"|\bfrom\s+\S*"
    + _NUMBER
    + r".{0,60}?\bto\s+\S*"
    + _NUMBER
    + r"|"
    + _NUMBER
    + r"\S*\s*(→|->|=>)\s*\S*"
    + _NUMBER
    + r"|\b(down|up)\s+from\s+\S*"
    + _NUMBER
    + r"|"
    + _NUMBER
    + r"\S*\s+(versus|vs\.?|against)\s+\S*"
    + _NUMBER
    + r")"
)
BASELINE_WORD = _rx(
    r"\b(baseline|before|previously|compared (with|to)|used to|prior to|starting point|was at|where we start(ed)?"
    r"|today's|current (level|figure|rate|cost|spend|value)|last (month|quarter|year)'s)\b"
)
TRADE_OFF = _rx(
    r"(trade[- ]?offs?|at the (cost|expense|price) of|in exchange|in return|we accepted|i accepted"
    r"|accept(ing|ed)? (a|an|the|some|more|less|fewer|under|up to|slower|lower|higher|two)"
    r"|rather than|instead of|the downside|gave up|giving up|give up|cost us|\bversus\b|\bvs\.?\b"
    r"|balanc(e|ed|ing) .* against|one-way door|two-way door|worth (it|the)|we chose .* over|i chose .* over"
    r"|the price (was|is)|we lost|we'd lose|we would lose|we paid)"
)
REASON = _rx(
    r"\b(because|so that|since|worth|in exchange|in return|to (cut|keep|get|hit|save|bring|protect|ship))\b|\d"
)
GUARDRAIL_KINDS: dict[str, re.Pattern[str]] = {
    "rollback": _rx(r"\brollback\b"),
    "staged or shadow rollout": _rx(r"\b(canaryrollout|shadowmode|featureflag)\b"),
    "monitoring": _rx(r"\bmonitoring\b"),
    "alerts": _rx(r"\balerting\b"),
    "gate or threshold": _rx(
        r"\b(guardrail|threshold|abtest|gate|quality bar|release check|budgetalert|audit|kill switch|human ?review"
        r"|humanreview|red-?team|redteam|test suite|regression suite)\b"
    ),
}
OWNERSHIP_FAILURE = _rx(
    r"\b(i missed|we missed|my mistake|i was wrong|i got .{1,40} wrong|i assumed|we assumed|wrong assumption"
    r"|in hindsight|looking back|should have|post-?mortem|lesson|i learned|we learned|my fault|i failed|we failed"
    r"|it failed|went wrong|i underestimated|we underestimated|i overestimated|i misjudged|i overlooked|blind spot"
    r"|did(n't| not) (anticipate|expect|foresee|check|notice|catch|see)|my call was|i own(ed)? (the|that|my) (miss|mistake"
    r"|error|failure)|i take the blame|on me\b|i should)"
)
OWNERSHIP_FIX = _rx(
    r"\b(added|changed|now|since then|fixed|so that|introduced|built|put in place|from then on|ever since|i now"
    r"|we now|next time|made .{1,30} (a rule|standard|part of)|wrote|set up|started)\b"
)
OWNERSHIP_CLAIM = _rx(r"\b(i owned|i took ownership|i was accountable|i take responsibility|my responsibility)\b")
STAKEHOLDER_NAMED = _rx(
    r"\b(product (manager|managers|team|lead|leads|partner|partners|owner)|pms?|finance|cfo|legal|privacy|security"
    r"|compliance|leadership|executives?|vps?|director|ceo|cto|sales|support team|customer support|operations|ops team"
    r"|data owners?|platform team|partner teams?|design|marketing|policy team|regulators?|auditors?|hiring managers?"
    r"|recruiters?|my manager|skip[- ]level|team leads?|product teams?|hr|people team|risk team|communications"
    r"|comms|on-call|the board|business leaders?|sponsors?|checkout team|fraud operations|analysts|peers"
    r"|(?<=with )product|(?<=keep )product|(?<=tell )product|(?<=told )product|(?<=brief )product|(?<=and )product"
    r"|senior engineers?|mentors?|support lead|operations lead|interviewers)\b"
)
STAKEHOLDER_AGREED = _rx(
    r"\b(agreed?|signed off|sign-off|aligned|briefed|brief|told|tell|took .{1,40} to|decided with|decide with"
    r"|review(ed)? with|reviewed by|consulted|consult|presented|present|explained|explain|negotiated|shared"
    r"|share|asked|ask|involve|involved|escalated|informed|inform|notif(y|ied)|met with|walked .{1,30} through)\b"
)
STAKEHOLDER_GENERIC = _rx(r"\b(stakeholders?|aligned|alignment|cross-functional|communicat\w*)\b")

ENGLISH_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "to",
        "of",
        "in",
        "on",
        "for",
        "with",
        "we",
        "i",
        "our",
        "my",
        "was",
        "were",
        "is",
        "are",
        "it",
        "this",
        "that",
        "at",
        "by",
        "from",
        "as",
        "be",
        "had",
        "have",
        "not",
        "but",
        "so",
        "which",
        "then",
        "when",
    ]
)


@dataclass(frozen=True)
class Check:
    """The result of one rubric dimension on one answer."""

    fraction: float  # share of the dimension's points, 0 to 1, in explainable steps
    evidence: tuple[str, ...]
    detail: str = ""


def _matching(sentences: list[str], pattern: re.Pattern[str]) -> list[str]:
    return [s for s in sentences if pattern.search(uk_spelling(s))]


def _first(*groups: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for group in groups for s in group))


def _measured(sentence: str) -> bool:
    """A number with its unit and the metric it measures."""
    return bool(NUMBER.search(sentence) and UNIT.search(sentence) and METRIC.search(uk_spelling(sentence)))


def causal_threads(sentences: list[str]) -> list[str]:
    """Sentences that tie an action to a measured change (in the same or the next sentence).

    What was done -> what changed -> how it was measured: the thread a claim needs to count.
    """
    threads = []
    for i, sentence in enumerate(sentences):
        if not has_action(sentence):
            continue
        for other in sentences[i : i + 2]:
            if (_measured(other) or METRIC.search(uk_spelling(other))) and CHANGE.search(uk_spelling(other)):
                threads += [sentence] if other is sentence else [sentence, other]
                break
    return threads


def check_structure(sentences: list[str]) -> Check:
    """STAR parts or a phased plan (up to 0.6), and a causal thread (0.4)."""
    phases = _matching(sentences, PHASE)
    parts = {name: _matching(sentences, cue) for name, cue in STAR_CUES.items()}
    found = [name for name, hits in parts.items() if hits]
    threads = causal_threads(sentences)
    thread_part = 0.4 if threads else 0.0
    if len(phases) >= 3 or len(found) >= 3:
        shape = (
            f"a phased plan with {len(phases)} time-framed steps"
            if len(phases) >= 3
            else "STAR parts: " + ", ".join(found)
        )
        evidence = phases if len(phases) >= 3 else [hits[0] for hits in parts.values() if hits]
        base = 0.6
    elif len(phases) == 2 or len(found) == 2:
        shape = "two time-framed steps" if len(phases) == 2 else "STAR parts: " + ", ".join(found)
        evidence = phases if len(phases) == 2 else [hits[0] for hits in parts.values() if hits]
        base = 0.3
    else:
        shape, evidence, base = "no clear shape", [], 0.0
    detail = shape + ("; a causal thread from action to measured change" if threads else "; no causal thread yet")
    fraction = base + thread_part
    return Check(fraction, _first(evidence, threads[:2]), detail if fraction else "")


def check_quantified(sentences: list[str]) -> Check:
    """Results as numbers with metric and unit; more for two, and for one tied to an action."""
    measured = [s for s in sentences if _measured(s)]
    tied = [s for s in measured if has_action(s) or CHANGE.search(uk_spelling(s))]
    if len(measured) >= 2 and tied:
        return Check(1.0, _first(tied, measured), f"{len(measured)} measured figures, tied to actions")
    if len(measured) >= 2 or tied:
        return Check(0.75, _first(tied, measured), "a second measured figure tied to an action would earn the rest")
    if measured:
        return Check(0.5, tuple(measured), "one figure with its metric; say what you did to move it")
    loose = [s for s in sentences if NUMBER.search(s) and UNIT.search(s)]
    named = _matching(sentences, METRIC)
    if loose or named:
        detail = "numbers without the metric they measure" if loose else "a metric named but no figure"
        return Check(0.25, _first(loose, named), detail)
    return Check(0.0, ())


def check_baseline(sentences: list[str]) -> Check:
    """A starting point and an end point, with figures."""
    moves = _matching(sentences, BEFORE_AFTER)
    if len(moves) >= 2:
        return Check(1.0, tuple(moves), f"{len(moves)} before/after figures")
    if moves:
        return Check(0.8, tuple(moves), "one before/after figure; a second (e.g. the quality metric) earns the rest")
    with_number = [s for s in sentences if BASELINE_WORD.search(uk_spelling(s)) and NUMBER.search(s)]
    if with_number:
        return Check(0.6, tuple(with_number), "a baseline figure; say where it ended")
    words = [s for s in _matching(sentences, BASELINE_WORD) if has_action(s)] or _matching(
        [with_concepts(s) for s in sentences], _rx(r"\bbaseline\b")
    )
    if words:
        quotes = [s for s in sentences if BASELINE_WORD.search(uk_spelling(s)) or "baseline" in with_concepts(s)]
        return Check(0.4, tuple(quotes), "a baseline mentioned without its figure")
    return Check(0.0, ())


def check_trade_off(sentences: list[str]) -> Check:
    """A cost accepted for a gain: full with its size or reason, less when only named."""
    hits = _matching(sentences, TRADE_OFF)
    reasoned = [s for s in hits if REASON.search(uk_spelling(s)) and not is_term_list(s)]
    if reasoned:
        return Check(1.0, _first(reasoned, hits), "what was given up, with its size or reason")
    acted = [s for s in hits if not is_term_list(s)]
    if acted:
        return Check(0.6, _first(acted, hits), "a trade-off named; say how much was given up and why")
    if hits:
        return Check(0.3, tuple(hits), "the word without a decision: say what you gave up and why")
    return Check(0.0, ())


def check_guardrails(sentences: list[str]) -> Check:
    """Kinds of safety net: one earns 0.4, two 0.7, three or more all; listed without an action, half each."""
    weight: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    for sentence in sentences:
        text = with_concepts(sentence)
        acted = not is_term_list(sentence)
        for name, pattern in GUARDRAIL_KINDS.items():
            if pattern.search(text):
                weight[name] = max(weight.get(name, 0.0), 1.0 if acted else 0.5)
                evidence.setdefault(name, []).append(sentence)
    kinds = sum(weight.values())
    quotes = _first(*evidence.values())
    names = ", ".join(evidence)
    if kinds >= 3:
        return Check(1.0, quotes, "kinds: " + names)
    if kinds >= 2:
        return Check(0.7, quotes, "kinds: " + names + "; a third kind earns the rest")
    if kinds >= 1:
        return Check(0.4, quotes, "kinds: " + names + "; add a rollback rule, a staged rollout or alerts")
    if kinds > 0:
        return Check(0.2, quotes, "safety nets listed without saying what was done")
    return Check(0.0, ())


def check_ownership(sentences: list[str]) -> Check:
    """A failure or missed assumption owned, with the fix; owning without a fix earns 0.6, a bare claim 0.3."""
    failures = _matching(sentences, OWNERSHIP_FAILURE)
    for failure in failures:
        i = sentences.index(failure)
        fixes = [s for s in sentences[i : i + 2] if OWNERSHIP_FIX.search(uk_spelling(s))]
        if fixes:
            return Check(1.0, _first([failure], fixes), "a miss owned, with the fix that followed")
    if failures:
        return Check(0.6, tuple(failures), "a miss owned; say what you changed because of it")
    claims = _matching(sentences, OWNERSHIP_CLAIM)
    if claims:
        return Check(0.3, tuple(claims), "ownership claimed; name what went wrong and what you changed")
    return Check(0.0, ())


def check_stakeholders(sentences: list[str]) -> Check:
    """Named groups and what was agreed with them; 'stakeholders' in general earns a quarter."""
    named = _matching(sentences, STAKEHOLDER_NAMED)
    agreed = [s for s in named if STAKEHOLDER_AGREED.search(uk_spelling(s))]
    groups = {m.group(0).lower() for s in named for m in STAKEHOLDER_NAMED.finditer(uk_spelling(s))}
    if agreed and len(groups) >= 2:
        return Check(1.0, _first(agreed, named), "named: " + ", ".join(sorted(groups)))
    if agreed:
        return Check(0.8, _first(agreed, named), "one group named with what was agreed; who else had a say?")
    if named:
        return Check(0.5, tuple(named), "named: " + ", ".join(sorted(groups)) + "; say what you agreed with them")
    generic = _matching(sentences, STAKEHOLDER_GENERIC)
    if generic:
        return Check(0.25, tuple(generic), "stakeholders mentioned in general; say which ones")
    return Check(0.0, ())


def word_range(minutes: float) -> tuple[int, int]:
    """Words that fit the time: at least a thin outline, at most what can be said aloud."""
    return round(MIN_WORDS_PER_MINUTE * minutes), round(SPEAKING_WORDS_PER_MINUTE * minutes)


def check_length(words: int, minutes: float) -> Check:
    """Full points inside the range; half within half / one and a half times its ends."""
    low, high = word_range(minutes)
    detail = f"{words} words for {minutes:g} minutes (aim for {low}-{high})"
    if low <= words <= high:
        return Check(1.0, (), detail)
    if low / 2 <= words <= high * 1.5:
        return Check(0.5, (), detail)
    return Check(0.0, (), detail)
