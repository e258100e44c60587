"""Reading an answer for meaning: spellings, plain-English paraphrases, stems and negation.

Both sides of every comparison (the scenario's reference points and the candidate's sentences)
go through :func:`meaning_units`, so "utilization" meets "utilisation", "ran it alongside the old
model" meets "shadow", and "switched over gradually" meets "canary". The paraphrase list is
general ML-leadership vocabulary, not tied to any one scenario or answer.
"""

from __future__ import annotations

import re
from functools import lru_cache

# --- spelling: US and UK forms meet on the UK form -------------------------------------------------

_US_WORDS = {
    "behavior": "behaviour",
    "behaviors": "behaviours",
    "color": "colour",
    "favor": "favour",
    "honor": "honour",
    "labor": "labour",
    "center": "centre",
    "centers": "centres",
    "defense": "defence",
    "license": "licence",
    "catalog": "catalogue",
    "program": "programme",
    "modeling": "modelling",
    "modeled": "modelled",
    "labeled": "labelled",
    "labeling": "labelling",
    "canceled": "cancelled",
    "canceling": "cancelling",
    "traveled": "travelled",
    "signaled": "signalled",
    "leveled": "levelled",
    "fueled": "fuelled",
    "judgment": "judgement",
    "enrollment": "enrolment",
    "fulfill": "fulfil",
    "distill": "distil",
    "distills": "distils",
    "skeptical": "sceptical",
}
_US_WORD = re.compile(r"\b(" + "|".join(_US_WORDS) + r")\b")
# -ize/-ization/-yze: three letters before the ending keep 'size' and 'prize' as they are.
_IZE = re.compile(r"\b([a-z]{3,})iz(e|es|ed|ing|er|ers|ation|ations|able)\b")
_YZE = re.compile(r"\b([a-z]{2,})yz(e|es|ed|ing|er|ers)\b")


def uk_spelling(text: str) -> str:
    """Lower-case text with US spellings turned into UK ones ('utilization' -> 'utilisation').

    Examples
    --------
    >>> uk_spelling("We quantized the model and analyzed GPU utilization at the center.")
    'we quantised the model and analysed gpu utilisation at the centre.'
    """
    text = text.lower().replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", " - ")
    text = _IZE.sub(r"\1is\2", text)
    text = _YZE.sub(r"\1ys\2", text)
    return _US_WORD.sub(lambda m: _US_WORDS[m.group(1)], text)


# --- paraphrases: plain English meets the term of art ----------------------------------------------

_OLD = r"(?:old|current|existing|live|previous|production|incumbent)"
_SHARE = r"(?:share|slice|fraction|percentage|portion|subset|group|handful|sample)"
_TRAFFIC = r"(?:traffic|users|requests|customers|sessions|queries|calls)"
# (pattern, concept token). The token is what the matcher compares; the quote is the answer's own words.
PARAPHRASES: tuple[tuple[str, str], ...] = (
    # guardrails
    (r"\bshadow(?:ed|ing|s)?\b|\bdark launch\w*", " shadowmode "),
    (
        r"\b(?:ran|run|running|runs|kept|keep|tested|test)\b[^.;]{0,40}?\b(?:alongside|in parallel with|side by side with"
        r"|next to|beside)\b[^.;]{0,20}?\b" + _OLD,
        " shadowmode ",
    ),
    (r"\bin parallel\b[^.;]{0,30}\bwithout\b[^.;]{0,20}\b(?:serving|using|acting)", " shadowmode "),
    (
        r"\bwithout (?:serving|showing|acting on|using) (?:its|their|the new model's|the) (?:predictions|scores|results|output)",
        " shadowmode ",
    ),
    (
        r"\bcanar(?:y|ies|ied|ying)\b|\bstaged (?:rollout|roll-out|release)\b|\bphased (?:rollout|roll-out|release)\b",
        " canaryrollout ",
    ),
    (
        r"\b(?:switch|switched|switching|move|moved|moving|shift|shifted|shifting|migrat\w*|roll\w* out|ramp\w*)"
        r"\b[^.;]{0,25}?\b(?:gradually|slowly|in stages|step by step|in steps|bit by bit|a bit at a time|incrementally)\b",
        " canaryrollout ",
    ),
    (r"\bgradual(?:ly)? (?:rollout|roll-out|ramp|ramp-up|switch|shift|migration|release|increase)", " canaryrollout "),
    (r"\bramp(?:ed|ing)? (?:it )?up\b|\bramp(?:ed|ing)? (?:traffic|to|from)\b", " canaryrollout "),
    (r"\b(?:a |one )?(?:small|tiny|limited) " + _SHARE + r" of " + _TRAFFIC, " canaryrollout "),
    (r"\b\d{1,2}(?:\.\d+)? ?(?:%|percent) of (?:the )?" + _TRAFFIC, " canaryrollout "),
    (r"\b(?:to|at|for) \d{1,2} ?(?:%|percent)(?: first)?,? then\b", " canaryrollout "),
    (r"\broll(?:ed|ing|s)?[ -]?back\b|\brollbacks?\b|\brevert(?:ed|ing|s)?\b|\bback(?:ed)? out\b", " rollback "),
    (r"\b(?:switch|switched|go|went|going|fall|fell) back to (?:the )?" + _OLD, " rollback "),
    (r"\bundo (?:it|the change)\b|\bway back\b|\bexit (?:plan|path|route)\b", " rollback "),
    (r"\bkill[- ]switch\w*|\b(?:feature )?flag(?:s|ged)?\b|\btoggle\w*", " featureflag "),
    (
        r"\bkept an eye on\b|\bkeep an eye on\b|\bkeeping an eye on\b|\bwatch(?:ed|ing|es)?\b|\bdashboards?\b"
        r"|\bobservability\b|\bmonitor\w*",
        " monitoring ",
    ),
    (
        r"\breview(?:ed|ing)? (?:progress |it |them |the numbers )?(?:weekly|monthly|every week|every month|each week)\b"
        r"|\b(?:weekly|monthly) (?:review|check-in|checkin|status)s?\b|\bcheck-ins?\b",
        " monitoring ",
    ),
    (
        r"\balert\w*|\balarm\w*|\bpag(?:e|ed|es|ing)\b (?:\w+ )?(?:if|when|whenever)\b|\bon-call\b|\bpager\w*",
        " alerting ",
    ),
    (r"\bguardrails?\b|\bsafety nets?\b|\bslos?\b|\bslas?\b|\berror budget\w*", " guardrail "),
    # measuring
    (
        r"\bbaselines?\b|\bwhere we start(?:ed)?\b|\bstarting point\b|\breference point\b|\bbefore[- ]and[- ]after\b",
        " baseline ",
    ),
    (
        r"\ba/b\b|\bab test\w*|\bsplit test\w*|\b(?:randomi[sz]ed|controlled) (?:experiment|trial|test)\w*|\bholdouts?\b",
        " abtest ",
    ),
    (r"\bp(?:50|90|95|99)\b|\btail latency\b|\bresponse times?\b", " latency "),
    (
        r"\bunit cost\b|\bcost per (?:1,?000|1k|thousand|million|single )?\s*(?:predictions?|requests?|inferences?|calls?"
        r"|queries|query|conversations?|models?)\b|\bper 1,?000 (?:predictions|requests)\b",
        " unitcost ",
    ),
    (
        r"\butili[sz]\w*|\bbusy\b|\bsat idle\b|\bsitting idle\b|\bidle\b|\bunused\b|\bnobody (?:was )?using\b",
        " utilisation ",
    ),
    (r"\bdrift\w*|\bdistribution shift\w*|\bdata shift\w*|\bpsi\b|\bpopulation stability\b", " drift "),
    (r"\bretrain\w*|\btrain(?:ed)? (?:it |the model )?again\b|\brefresh(?:ed)? the model\b", " retrain "),
    (
        r"\bpost[- ]?mortems?\b|\bpost-incident reviews?\b|\bincident reviews?\b|\bblameless reviews?\b|\bretro(?:spective)?s?\b",
        " postmortem ",
    ),
    (
        r"\blabels? (?:delay|lag)\w*|\bdelayed labels\b|\blabels? (?:arrive|come in|came in|land|show up)\b[^.;]{0,25}\b(?:late|later|weeks|days)\b"
        r"|\bmatured? labels\b|\bwait(?:ed|ing)? for (?:the )?labels\b",
        " labeldelay ",
    ),
    (r"\btraining[- ]serving skew\b|\bonline[- ]offline skew\b|\bskew\b", " servingskew "),
    # cost levers
    (r"\bspot\b|\bpre-?emptible\b|\binterruptible\b", " spotcapacity "),
    (
        r"\bright[- ]?si[sz]\w*|\bdown-?si[sz]\w*|\bover-?provision\w*|\bsmaller instances\b|\btoo big instances\b",
        " rightsize ",
    ),
    (r"\bquanti[sz]\w*|\bint8\b|\b8-bit\b|\bfp16\b|\bhalf precision\b|\blower precision\b", " quantise "),
    (r"\bdistil\w*|\bstudent model\b|\bsmaller (?:student )?model\b|\bcompress(?:ed|ing)? the model\b", " distil "),
    (
        r"\bcach(?:e|es|ed|ing)\b|\bmemoi[sz]\w*|\breus(?:e|ed|ing) (?:repeated|earlier|previous) (?:results|predictions|inputs|answers)",
        " caching ",
    ),
    (
        r"\bshowback\b|\bchargeback\b|\bbill(?:ed|ing)? (?:each|every|per) team\b|\bcosts? (?:per|by) team\b",
        " showback ",
    ),
    (r"\bbudget alert\w*|\bspend alert\w*|\bcost alert\w*", " budgetalert alerting "),
    # people and process
    (
        r"\bone[- ]to[- ]ones?\b|\bone[- ]on[- ]ones?\b|\b1[:-]1s?\b|\b1-on-1s?\b|\bprivate (?:chat|conversation|talk)s?\b",
        " onetoone ",
    ),
    (r"\bcfo\b|\bfinance\b|\bfp&a\b|\bcontroller\b|\baccountants?\b", " finance "),
    (r"\blawyers?\b|\bcounsel\b|\blegal\b", " legal "),
    (r"\bproduct (?:manager|managers|lead|leads|partner|partners|owner|owners|team|teams)\b|\bpms?\b", " product "),
    (
        r"\bvps?\b|\bdirectors?\b|\bexecutives?\b|\bexecs\b|\bleadership\b|\bc-suite\b|\bceo\b|\bcto\b|\bsvp\b",
        " leadership ",
    ),
    (
        r"\bhuman(?:s)? in the loop\b|\bhuman review\w*|\bmanual(?:ly)? review\w*|\bpeople (?:review|check|screen)\w*"
        r"|\b(?:recruiters|reviewers|people|humans) (?:review|screen|check|decide)\w*|\bback to (?:people|humans|recruiters)\b",
        " humanreview ",
    ),
    (
        r"\b(?:switch|switched|switching|turn|turned|turning|shut|shutting)\b (?:it |the model |the feature |them )?(?:off|down)\b"
        r"|\btook (?:it|the model|the feature) (?:offline|out of (?:use|service|the loop))|\bsuspend\w*|\bhalt\w*|\bpaus(?:e|ed|es|ing)\b"
        r"|\bstop(?:ped|ping)? (?:using|the automated|automated|the model|the feature)|\bdisabl\w*",
        " pausemodel ",
    ),
    (
        r"\bproxy\b|\bproxies\b|\bstand-ins? for\b|\bcorrelat\w* with (?:gender|sex|race|age|ethnicity)",
        " proxyfeature ",
    ),
    (
        r"\bselection rates?\b|\bpass rates?\b|\bshortlist(?:ing)? rates?\b|\bacceptance rates?\b|\bapproval rates?\b",
        " selectionrate ",
    ),
    (r"\bfairness\b|\bbias(?:ed|es)?\b|\bdisparit\w*|\bdemographic parity\b|\bequal opportunity\b", " fairness "),
    (r"\btwo-way doors?\b|\breversible\b|\beasy to (?:undo|reverse)\b|\bcan be (?:undone|reversed)\b", " twowaydoor "),
    (r"\bone-way doors?\b|\birreversible\b|\bhard to (?:undo|reverse)\b", " onewaydoor "),
    (r"\bred[- ]team\w*|\badversarial test\w*|\bjailbreak test\w*|\battack(?:ed|ing)? our own\b", " redteam "),
    (r"\bprompt injection\w*|\binjected prompts?\b|\binjection\b", " promptinjection "),
    (
        r"\bleast[- ]privilege\b|\bminimum (?:access|permissions)\b|\bnarrow(?:er|ed)? (?:tool )?permissions\b",
        " leastprivilege ",
    ),
    (r"\bhallucinat\w*|\bmade[- ]up answers?\b|\bmakes things up\b|\bunfaithful\b|\bfabricat\w*", " hallucination "),
    (r"\bfaithful\w*|\bgrounded\w*|\bsticks? to the (?:source|document)", " faithfulness "),
    (r"\bstructured interviews?\b|\bscorecards?\b|\brubrics?\b|\bsame questions for every\b", " rubric "),
    (r"\bmodel cards?\b|\bdatasheets?\b|\bdata sheets?\b", " modelcard "),
    (r"\bshap\b|\breason codes?\b|\bfeature contributions?\b|\bper-decision explanations?\b", " reasoncode "),
    (r"\baudit trail\w*|\bdecision logs?\b|\blog(?:ged)? every decision\b", " audittrail "),
    (r"\bfeature stores?\b|\bshared features?\b|\bfeature platform\b", " featurestore "),
    (r"\btime to production\b|\bidea to production\b|\blead time\b|\bdays to (?:ship|deploy)\b", " timetoproduction "),
    (r"\bnet present value\b|\bnpv\b|\bdiscounted cash\w*", " npv "),
    (
        r"\battrition\b|\bregretted (?:leavers|departures|losses)\b|\bpeople (?:leaving|left|quit)\b|\bquit\w*|\bturnover\b",
        " attrition ",
    ),
    (r"\bonboard\w*|\bramp-up plan\b|\bbuddy\b|\bbuddies\b|\b30/60/90\b", " onboarding "),
    (
        r"\bexpected value\b|\bimpact (?:times|x|×) (?:probability|confidence|odds)\b|\bodds of success\b",
        " expectedvalue ",
    ),
    (r"\bhypothes\w*|\bpre-?regist\w*|\bwrote down what we expected\b", " hypothesis "),
)
_PARAPHRASES = tuple((re.compile(pattern), token) for pattern, token in PARAPHRASES)
CONCEPTS: frozenset[str] = frozenset(token.strip() for _, tokens in PARAPHRASES for token in tokens.split())


@lru_cache(maxsize=4096)
def with_concepts(text: str) -> str:
    """UK-spelled text with each paraphrase followed by its concept token.

    The original words stay (so they still match), and the concept token is added, so
    'we ran it alongside the old model' also reads as 'shadowmode'.

    Examples
    --------
    >>> "shadowmode" in with_concepts("We ran it alongside the old model for a week.")
    True
    >>> "canaryrollout" in with_concepts("Then we switched over gradually.")
    True
    """
    text = uk_spelling(text)
    for pattern, token in _PARAPHRASES:
        text = pattern.sub(r"\g<0>" + token, text)
    return text


def as_concepts(text: str) -> str:
    """UK-spelled text with each paraphrase replaced by its concept token (what key points are matched on).

    Replacing, not adding, lets a paraphrase weigh the same as the term of art it stands for.

    Examples
    --------
    >>> as_concepts("We ran it alongside the old model.")
    'we  shadowmode  model.'
    """
    text = uk_spelling(text)
    for pattern, token in _PARAPHRASES:
        text = pattern.sub(token, text)
    return text


# --- words, stems and stop words -------------------------------------------------------------------

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "down",
        "during",
        "each",
        "either",
        "else",
        "even",
        "ever",
        "every",
        "few",
        "for",
        "from",
        "further",
        "get",
        "gets",
        "getting",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "least",
        "let",
        "like",
        "made",
        "make",
        "makes",
        "making",
        "many",
        "may",
        "me",
        "might",
        "more",
        "most",
        "much",
        "must",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "per",
        "quite",
        "rather",
        "really",
        "said",
        "same",
        "say",
        "says",
        "see",
        "seen",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "through",
        "thus",
        "to",
        "too",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "use",
        "used",
        "using",
        "very",
        "via",
        "was",
        "way",
        "we",
        "well",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yes",
        "yet",
        "you",
        "your",
        "yours",
        "e",
        "g",
        "eg",
        "ie",
        "etc",
        "new",
        "first",
        "next",
        "last",
        "each",
        "week",
        "weeks",
        "month",
        "months",
        "day",
        "days",
        "year",
        "years",
        "time",
        "times",
    ]
)
_WORD = re.compile(r"[a-z][a-z0-9]*(?:['’-][a-z0-9]+)*|\d+(?:[.,]\d+)*")
_SUFFIXES = (
    "isations",
    "isation",
    "ational",
    "ations",
    "ation",
    "ising",
    "ised",
    "ises",
    "ise",
    "ments",
    "ment",
    "nesses",
    "ness",
    "ities",
    "ity",
    "ings",
    "ing",
    "edly",
    "ed",
    "ies",
    "es",
    "ers",
    "er",
    "ly",
    "s",
)


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """A light suffix-stripping stem, the same for a word's common forms.

    Examples
    --------
    >>> [stem(w) for w in ("monitoring", "monitored", "budgets", "quantised", "distilled", "planned", "changes", "change")]
    ['monitor', 'monitor', 'budget', 'quant', 'distil', 'plan', 'chang', 'chang']
    """
    if not word.isalpha() or len(word) <= 3:
        return word
    root = word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            root = word[: -len(suffix)]
            if suffix == "ies":
                root += "y"
            # 'planned' -> 'plann' -> 'plan'; 'distilled' -> 'distil'
            if len(root) > 3 and root[-1] == root[-2] and root[-1] not in "aeiousz":
                root = root[:-1]
            break
    # 'change' and 'changes', 'move' and 'moving' meet on 'chang' and 'mov'.
    return root[:-1] if len(root) > 4 and root.endswith("e") else root


def words(text: str) -> list[str]:
    """The words of a text, lower-case, UK-spelled (numbers kept as written)."""
    return _WORD.findall(uk_spelling(text))


@lru_cache(maxsize=4096)
def meaning_units(text: str) -> frozenset[str]:
    """The stems and concept tokens a sentence or a reference point is made of (stop words left out).

    Examples
    --------
    >>> sorted(meaning_units("We quantized the heaviest models."))
    ['heaviest', 'model', 'quantise']
    """
    tokens = _WORD.findall(as_concepts(text))
    return frozenset(stem(t) if t not in CONCEPTS else t for t in tokens if t not in STOP_WORDS and not t.isdigit())


# --- negation and action -----------------------------------------------------------------------------

_NEGATION = re.compile(
    r"\b(?:not|never|no|didn't|didnt|don't|dont|doesn't|won't|wouldn't|shouldn't|can't|cannot|couldn't|isn't|wasn't"
    r"|aren't|weren't|without|avoid\w*|instead of|rather than|refus\w*|resist\w*|skip(?:ped)? the|no longer|nor"
    r"|mistake to|wrong to|temptation to|tempting to|pressure to)\b"
)


def negated_before(sentence: str, start: int, *, window: int = 6) -> bool:
    """True when a negation stands in the few words before position ``start`` of ``sentence`` (same clause).

    Examples
    --------
    >>> s = "We did not drop the gender column."
    >>> negated_before(s, s.index("drop"))
    True
    >>> s = "We dropped the gender column."
    >>> negated_before(s, s.index("dropped"))
    False
    """
    before = re.split(r"[,;:]|\bbut\b|\bso\b|\bthen\b|\band then\b", sentence[:start].lower())[-1]
    tail = " ".join(before.split()[-window:])
    return bool(_NEGATION.search(tail))


ACTION = re.compile(
    r"\b(?:i|we|you|they|team|would|will|i'd|we'd|i'll|we'll|to|should|must|can|could)\s+"
    r"(?:\w+\s+){0,2}?"
    r"(?:\w+(?:ed|ise|ised|ize|ized)|ran|run|built|set|put|cut|split|made|wrote|sent|led|took|gave|kept|moved|met|held|"
    r"began|chose|found|brought|bought|sold|told|got|shut|spent|sought|thought|stopped|move|measure|check|ask|tell|pick|"
    r"build|write|ship|launch|stop|pause|start|agree|add|test|track|audit|profile|fix|map|plan|hire|train|review|"
    r"compare|estimate|decide|share|talk|interview|meet|route|define|tag|switch|rank|score|list|pilot|cap|hold|"
    r"keep|find|look|send|take|give|bring|replace|roll|ramp|turn|reduce|lower|raise|remove|drop|scope|freeze|"
    r"retrain|canary|shadow|monitor|alert|document|run|report|own|lead|set up|sit|call|page|pair)\b"
)
_IMPERATIVE = re.compile(
    r"^(?:[\w ,()'-]{0,40}:\s*)?(?:first,?\s+|second,?\s+|third,?\s+|then,?\s+|next,?\s+|finally,?\s+)?(?:\w+\s+){0,1}"
    r"(?:\w+ise|split|measure|check|ask|tell|pick|build|write|ship|launch|stop|pause|start|agree|add|test|track|audit|"
    r"profile|fix|map|plan|hire|train|review|compare|estimate|decide|share|talk|interview|meet|route|define|tag|"
    r"switch|move|score|list|pilot|cap|hold|keep|find|look|send|take|give|bring|replace|roll|ramp|turn|reduce|"
    r"lower|raise|remove|drop|scope|freeze|retrain|canary|shadow|monitor|alert|document|run|report|set|put|cut|"
    r"form|collect|provide|state|weigh|store|search|separate|disable|forecast|organise|retire|migrate|explain|"
    r"revisit|prioritise|celebrate|recognise|sample|prepare|go|buy|rent|stabilise|prevent|contain|assess|"
    r"identify|confirm|slice|segment|mitigate|inventory|choose|select|pair|set up|write down|count)(?=\s+[a-z0-9$£€])"
)


def has_action(sentence: str) -> bool:
    """True when a sentence says something was (or will be) done, not just names terms.

    Examples
    --------
    >>> has_action("We moved training to spot instances.")
    True
    >>> has_action("Canary, rollback threshold, shadow, SLOs, governance.")
    False
    """
    lowered = uk_spelling(sentence)
    return bool(ACTION.search(lowered) or _IMPERATIVE.search(lowered.strip()))


_FINITE_VERB = re.compile(
    r"\b(is|was|were|are|be|been|went|fell|rose|had|has|have|came|became|showed|dropped|grew|doubled"
    r"|halved|took|made|gets|got|needs|needed|means|meant|helps|helped|works|worked|lands|stays|stayed)\b"
)
MAX_LIST_SEGMENT_WORDS = 3.5  # a list of terms: comma-separated pieces this short on average, and no verb


def is_term_list(sentence: str) -> bool:
    """True when a sentence only names terms: no verb, and short comma-separated pieces.

    Examples
    --------
    >>> is_term_list("Canary, shadow, rollback threshold, SLOs, governance, cost per 1,000 predictions.")
    True
    >>> is_term_list("Governance: budget alerts at 50%, 80% and 100%, showback per team, and a monthly review with finance.")
    False
    >>> is_term_list("We moved training to spot instances.")
    False
    >>> is_term_list("Trade-off.")
    True
    """
    lowered = uk_spelling(sentence)
    if has_action(sentence) or _FINITE_VERB.search(lowered):
        return False
    body = lowered.split(":", 1)[-1]
    split = re.split(r",(?!\d{3})|;|\band\b|\bor\b|\bversus\b", body)
    pieces = [p for p in split if re.search(r"[a-z]", p)]
    if len(body.split()) < 6:  # 'Trade-off.' or 'Cost per business outcome.' names, it does not say
        return True
    if len(pieces) < 3:
        return False
    return sum(len(p.split()) for p in pieces) / len(pieces) < MAX_LIST_SEGMENT_WORDS
