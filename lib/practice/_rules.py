"""The published rubric: what each dimension looks for, sentence by sentence.

Every check is a plain regular expression over one sentence, so a candidate can
read why a point was given (the sentence is quoted) or withheld (the miss says
what would have earned it). No model, no service: same text, same score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Points per dimension; they add up to 100.
WEIGHTS: dict[str, int] = {
    "structure": 15,
    "quantified_result": 15,
    "baseline": 10,
    "trade_off": 10,
    "guardrails": 10,
    "ownership": 10,
    "stakeholders": 10,
    "length": 10,
    "coverage": 10,
}
DIMENSIONS: tuple[str, ...] = tuple(WEIGHTS)

LABELS: dict[str, str] = {
    "structure": "Structure (STAR or phased plan)",
    "quantified_result": "Quantified result",
    "baseline": "Baseline and before/after",
    "trade_off": "Trade-off stated",
    "guardrails": "Guardrails, rollback, monitoring",
    "ownership": "Ownership of a failure or missed assumption",
    "stakeholders": "Stakeholders named",
    "length": "Length for the time box",
    "coverage": "Covers the scenario's key points",
}

MISSING: dict[str, str] = {
    "structure": (
        "Walk through Situation, Task, Action and Result, or lay out phases with time frames "
        "(e.g. 'Week 1: audit spend. Weeks 2-3: quick wins. Months 2-3: platform changes.')."
    ),
    "quantified_result": (
        "Give a number with its metric, e.g. 'p95 latency fell to 95 ms', 'AUC rose to 0.87' "
        "or 'cost per 1,000 predictions dropped to $0.19'."
    ),
    "baseline": "State where you started and where you ended, e.g. 'from $0.42 to $0.19 per 1,000 predictions'.",
    "trade_off": (
        "Say what you gave up and why it was worth it, e.g. 'we accepted a 0.3% offline drop to cut p99 by 45 ms'."
    ),
    "guardrails": (
        "Say how you kept the change safe: shadow or canary rollout, a rollback criterion, alerts and monitoring."
    ),
    "ownership": (
        "Own something that went wrong: the assumption you missed, how you detected it, and the durable fix."
    ),
    "stakeholders": "Name who you worked with (product, finance, legal, security, leadership) and what you agreed.",
    "length": "",  # filled in with the word range for the time box
    "coverage": "",  # filled in with the scenario's key points
}

SPEAKING_WORDS_PER_MINUTE = 130  # a calm spoken pace; above it the answer cannot be said in the time
MIN_WORDS_PER_MINUTE = 25  # below this the answer is too thin for the time it took
DEFAULT_MINUTES = 5.0


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_NUMBER = r"\d[\d,]*(?:\.\d+)?"
STAR_CUES: dict[str, re.Pattern[str]] = {
    "situation": _rx(
        r"\b(situation|context|background|at the time|when i joined|at my (last|previous) (job|company|role)"
        r"|our (team|model|system|service) (was|had)|we were)\b"
    ),
    "task": _rx(
        r"\b(task|my goal|the goal|our goal|objective|i was (asked|responsible|accountable)|i owned"
        r"|responsible for|needed to|had to)\b"
    ),
    "action": _rx(
        r"\b(action|actions|i (built|designed|decided|proposed|ran|wrote|introduced|set up|started|moved|changed"
        r"|audited|rolled|added|replaced|split|pushed|negotiated|hired|created|migrated|analysed|analyzed|cut|reduced"
        r"|fixed|profiled|quantised|quantized|shipped|launched|led|wrote|chose|paired|trained|retrained)"
        r"|we (built|shipped|ran|moved|introduced|added|replaced|migrated|rolled))\b"
    ),
    "result": _rx(
        r"\b(result|results|outcome|as a result|in the end|which (cut|reduced|raised|improved|saved|lifted)"
        r"|this (cut|reduced|raised|improved|saved|lifted)|that (cut|reduced|raised|improved|saved|lifted))\b"
    ),
}
PHASE = _rx(
    r"\b((weeks?|days?|hours?|months?|quarters?|phase|step|stage)\s+\d+"
    r"|first\s+(\d+\s+)?(hours?|days?|weeks?|months?)"
    r"|\d+\s*(\+|-|–|to)\s*\d*\s*(hours?|days?|weeks?|months?)"
    r"|(week|day|month) (one|two|three)|immediately|long[- ]term|short[- ]term)\b"
)
METRIC = _rx(
    r"(\bp\d{2}\b|latency|\bauc\b|roc|ndcg|precision|recall|\bf1\b|\bctr\b|click-through|conversion|accuracy"
    r"|\brmse\b|\bmae\b|error rate|cost per|per 1,?000|gpu[- ]hours?|throughput|revenue|churn|adoption"
    r"|uptime|retention|time to production|\bqps\b|utili[sz]ation|false positive|calibration|selection rate"
    r"|headcount|attrition|incidents?)"
)
UNIT = _rx(r"(\d\s*%|\$\s*\d|€\s*\d|£\s*\d|\d\s*(ms|s|x|×|k|m|bn|hours?|days?|weeks?)\b|\bpercent\b|\bpoints?\b)")
NUMBER = re.compile(_NUMBER)
BEFORE_AFTER = _rx(
    r"(\bfrom\s+\S*"
    + _NUMBER
    + r".{0,60}?\bto\s+\S*"
    + _NUMBER
    + r"|"
    + _NUMBER
    + r"\S*\s*(→|->|=>)\s*\S*"
    + _NUMBER
    + r"|\b(down|up)\s+from\s+\S*"
    + _NUMBER
    + r")"
)
BASELINE_WORD = _rx(r"\b(baseline|before|previously|compared (with|to)|used to|prior to|starting point|was at)\b")
TRADE_OFF = _rx(
    r"(trade[- ]?offs?|at the (cost|expense) of|in exchange|we accepted|i accepted"
    r"|accept(ing|ed)? (a|an|the|some|more|less|fewer|under|up to)"
    r"|rather than|instead of|the downside|gave up|giving up|cost us|\bversus\b|\bvs\.?\b|balanc(e|ed|ing) .* against"
    r"|one-way door|two-way door)"
)
GUARDRAIL_TERMS: dict[str, re.Pattern[str]] = {
    "rollback": _rx(r"\broll(ed|ing)?[ -]?back\b|\brollbacks?\b|\brevert"),
    "staged rollout": _rx(
        r"\bcanary\b|\bshadow\b|staged rollout|blue[- ]green|\b1 ?% ?(→|->|to)|feature flag|kill switch"
    ),
    "monitoring": _rx(r"\bmonitor(ing|ed|s)?\b|\bdashboards?\b|\bobservability\b"),
    "alerts": _rx(r"\balert(s|ing)?\b|\bpag(e|ed|ing)\b|\bon-call\b"),
    "guardrail": _rx(r"\bguardrails?\b|\bslos?\b|\bsla\b|threshold|\ba/b\b|holdout|budget alerts?|audit"),
}
OWNERSHIP_FAILURE = _rx(
    r"\b(i missed|we missed|my mistake|i was wrong|i got .* wrong|i assumed|we assumed|assumption|in hindsight"
    r"|should have|post-?mortem|lesson|i learned|we learned|my fault|i failed|we failed|it failed|went wrong"
    r"|i underestimated|we underestimated|blind spot)\b"
)
OWNERSHIP_CLAIM = _rx(r"\b(i owned|i took ownership|i was accountable|i take responsibility|my responsibility)\b")
STAKEHOLDER_NAMED = _rx(
    r"\b(product (manager|managers|team|lead|leads)|\bpm\b|pms|finance|cfo|legal|privacy|security team|compliance"
    r"|leadership|executives?|\bvp\b|director|ceo|cto|sales|support team|customer support|customers?"
    r"|data owners?|platform team|partner teams?|design|marketing|policy team|regulators?|auditors?|hiring managers?"
    r"|recruiters?|my manager|skip[- ]level|team leads?|product teams?)\b"
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

    fraction: float  # 0, 0.5 or 1 of the dimension's points
    evidence: tuple[str, ...]
    detail: str = ""


def _matching(sentences: list[str], pattern: re.Pattern[str]) -> list[str]:
    return [s for s in sentences if pattern.search(s)]


def check_structure(sentences: list[str]) -> Check:
    """STAR parts present, or a phased plan with time frames."""
    phases = _matching(sentences, PHASE)
    parts = {name: _matching(sentences, cue) for name, cue in STAR_CUES.items()}
    found = [name for name, hits in parts.items() if hits]
    star_evidence = [hits[0] for hits in parts.values() if hits]
    if len(phases) >= 3:
        return Check(1.0, tuple(phases), f"a phased plan with {len(phases)} time-framed steps")
    if len(found) >= 3:
        return Check(1.0, tuple(dict.fromkeys(star_evidence)), "STAR parts: " + ", ".join(found))
    if len(phases) == 2:
        return Check(0.5, tuple(phases), "two time-framed steps; a third would make the plan clear")
    if len(found) == 2:
        return Check(0.5, tuple(dict.fromkeys(star_evidence)), "STAR parts: " + ", ".join(found))
    return Check(0.0, ())


def check_quantified(sentences: list[str]) -> Check:
    """A number together with its metric or unit."""
    strong = [s for s in sentences if NUMBER.search(s) and ((METRIC.search(s) and UNIT.search(s)) or METRIC.search(s))]
    if strong:
        return Check(1.0, tuple(strong))
    partial = [s for s in sentences if NUMBER.search(s) and UNIT.search(s)]
    if partial:
        return Check(0.5, tuple(partial), "numbers without the metric they measure")
    named = _matching(sentences, METRIC)
    if named:
        return Check(0.5, tuple(named), "a metric named but no figure")
    return Check(0.0, ())


def check_baseline(sentences: list[str]) -> Check:
    """A starting point and an end point, with figures."""
    moves = _matching(sentences, BEFORE_AFTER)
    if moves:
        return Check(1.0, tuple(moves))
    with_number = [s for s in sentences if BASELINE_WORD.search(s) and NUMBER.search(s)]
    if with_number:
        return Check(1.0, tuple(with_number))
    words = _matching(sentences, BASELINE_WORD)
    if words:
        return Check(0.5, tuple(words), "a baseline mentioned without its figure")
    return Check(0.0, ())


def check_trade_off(sentences: list[str]) -> Check:
    """A cost accepted for a gain, said out loud."""
    hits = _matching(sentences, TRADE_OFF)
    return Check(1.0, tuple(hits)) if hits else Check(0.0, ())


def check_guardrails(sentences: list[str]) -> Check:
    """Safety nets: two kinds for full points, one for half."""
    kinds = {name: _matching(sentences, pattern) for name, pattern in GUARDRAIL_TERMS.items()}
    found = [name for name, hits in kinds.items() if hits]
    evidence = tuple(dict.fromkeys(s for hits in kinds.values() for s in hits))
    if len(found) >= 2:
        return Check(1.0, evidence, "kinds: " + ", ".join(found))
    if found:
        return Check(0.5, evidence, f"only {found[0]}; add a second safety net")
    return Check(0.0, ())


def check_ownership(sentences: list[str]) -> Check:
    """A failure or missed assumption owned; a bare claim of ownership earns half."""
    failures = _matching(sentences, OWNERSHIP_FAILURE)
    if failures:
        return Check(1.0, tuple(failures))
    claims = _matching(sentences, OWNERSHIP_CLAIM)
    if claims:
        return Check(0.5, tuple(claims), "ownership claimed; name what went wrong and what you changed")
    return Check(0.0, ())


def check_stakeholders(sentences: list[str]) -> Check:
    """Named groups earn full points; 'stakeholders' in general earns half."""
    named = _matching(sentences, STAKEHOLDER_NAMED)
    if named:
        return Check(1.0, tuple(named))
    generic = _matching(sentences, STAKEHOLDER_GENERIC)
    if generic:
        return Check(0.5, tuple(generic), "stakeholders mentioned in general; say which ones")
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


def check_coverage(sentences: list[str], key_terms: tuple[str, ...]) -> Check:
    """Share of the scenario's key points mentioned; half the list earns full points."""
    if not key_terms:
        return Check(1.0, ())
    hits: dict[str, str] = {}
    for term in key_terms:
        pattern = _rx(r"\b" + re.escape(term))
        for sentence in sentences:
            if pattern.search(sentence):
                hits[term] = sentence
                break
    needed = max(1, -(-len(key_terms) // 2))
    fraction = min(1.0, len(hits) / needed)
    # Round to halves so every score stays explainable in words.
    fraction = 1.0 if fraction >= 1 else 0.5 if fraction >= 0.5 else 0.0
    detail = "mentioned: " + ", ".join(hits) if hits else ""
    return Check(fraction, tuple(dict.fromkeys(hits.values())), detail)
