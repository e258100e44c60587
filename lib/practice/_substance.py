"""Substance: is the answer about this scenario, which of its key points does it make, which pitfalls does it commit.

- **Relevance**: each sentence is compared (cosine of static embeddings, :mod:`lib.practice._model`) with
  the scenario's own text (prompt, reference points, pitfalls, follow-ups) and with every other scenario
  in the bundled bank. A sentence far from this scenario, or much nearer another one, is off-topic.
- **Key points**: the reference framework's points (one per ``;``-separated clause). A point is made
  when a sentence shares enough of its meaning units (stems and paraphrase concepts, weighted by how
  rare they are in the bank) and does not negate them; near-synonymous wording (high embedding
  similarity with some shared units) counts too.
- **Pitfalls**: the cues of ``pitfalls.json``, written for each listed pitfall: what committing it sounds
  like, and what shows the answer avoided it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from lib.errors import InputError
from lib.practice._bank import Scenario, load_bank
from lib.practice._text import meaning_units, negated_before, with_concepts, words

if TYPE_CHECKING:
    from numpy.typing import NDArray

PITFALLS_FILE = Path(__file__).resolve().parent / "pitfalls.json"

# Relevance bands on the cosine of a sentence with its nearest scenario text (mean of the two nearest).
ON_TOPIC = 0.33  # at or above: about this scenario
OFF_TOPIC = 0.22  # below (and no key point made): not about it
NEARER_ELSEWHERE = 0.15  # this much nearer another scenario, and below ON_TOPIC: about that one instead
MIN_JUDGED_WORDS = 4  # shorter sentences ("Result:") are not judged either way
# Relevance of the whole answer: cosine of its mean vector with the scenario's centroid, mapped linearly
# from 0 (at or below UNRELATED) to 1 (at or above RELATED).
UNRELATED = 0.25
RELATED = 0.45
NEARER_OTHER_SCENARIO = 0.08  # the answer's centroid this much nearer another scenario's halves its relevance
# Key points: share of a point's (rarity-weighted) meaning a sentence must carry.
POINT_SHARE = 0.45
POINT_SHARE_WITH_SIMILAR_WORDING = 0.3
SIMILAR_WORDING = 0.62
PHASE_FULL = 0.7  # share of a phase's points that earns the phase in full


@dataclass(frozen=True)
class KeyPoint:
    """One point of the reference framework: what a strong answer says at this step."""

    index: int
    phase: str
    text: str
    units: frozenset[str]


@dataclass(frozen=True)
class PitfallRule:
    """How one listed pitfall is recognised (see ``pitfalls.json``)."""

    pitfall: str
    why: str
    touches: tuple[str, ...]
    commit: tuple[tuple[re.Pattern[str], ...], ...]
    unless: tuple[tuple[re.Pattern[str], ...], ...] = ()
    unless_before: tuple[tuple[re.Pattern[str], ...], ...] = ()


@dataclass(frozen=True)
class SentenceRelevance:
    """How one sentence was judged: ``on``, ``unclear``, ``off`` or ``short`` (too short to judge)."""

    sentence: str
    label: str
    similarity: float
    nearest_other: float


@dataclass(frozen=True)
class PointMatch:
    """A key point and the sentence that made it (``quote`` is empty when it was not made)."""

    point: KeyPoint
    quote: str
    strength: float  # 1 for a sentence that says something, 0.5 for one that only lists terms
    indices: tuple[int, ...] = ()  # the sentence (or two neighbouring sentences) quoted


@dataclass(frozen=True)
class PitfallHit:
    """A pitfall the answer commits, the sentence that commits it and why it is one."""

    rule: PitfallRule
    quote: str


def split_points(scenario: Scenario) -> tuple[KeyPoint, ...]:
    """The reference framework as key points: every ``;``-separated clause of every phase."""
    points: list[KeyPoint] = []
    for phase in scenario.framework:
        head = f"{phase.name} ({phase.time})" if phase.time else phase.name
        for clause in phase.points.split(";"):
            text = clause.strip().rstrip(".")
            if text:
                points.append(KeyPoint(len(points), head, text[0].upper() + text[1:], meaning_units(text)))
    return tuple(points)


def _scenario_texts(scenario: Scenario) -> list[str]:
    texts = [scenario.title, scenario.prompt, scenario.tests]
    texts += [p.text for p in split_points(scenario)]
    texts += [*scenario.pitfalls, *scenario.follow_ups, *(r.strong for r in scenario.rubric)]
    return texts


@lru_cache(maxsize=1)
def _bundled_bank() -> tuple[Scenario, ...]:
    return load_bank()


@lru_cache(maxsize=1)
def unit_weights() -> tuple[dict[str, float], float]:
    """Rarity weight of each meaning unit over the bundled bank (inverse document frequency), and the default."""
    bank = _bundled_bank()
    counts: Counter[str] = Counter()
    for scenario in bank:
        counts.update(set().union(*(meaning_units(t) for t in _scenario_texts(scenario))))
    n = len(bank)
    weights = {unit: math.log((n + 1) / (df + 1)) + 1.0 for unit, df in counts.items()}
    return weights, math.log(n + 1) + 1.0


def _weight(unit: str) -> float:
    weights, default = unit_weights()
    return weights.get(unit, default)


def _key(scenario: Scenario) -> str:
    text = json.dumps(scenario.to_dict(), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


@lru_cache(maxsize=1)
def _other_texts() -> tuple[list[str], list[str]]:
    ids, texts = [], []
    for scenario in _bundled_bank():
        for text in _scenario_texts(scenario):
            ids.append(scenario.id)
            texts.append(text)
    return ids, texts


@lru_cache(maxsize=1)
def _bank_vectors() -> tuple[NDArray[np.str_], NDArray[np.float32]]:
    from lib.practice._model import embed

    ids, texts = _other_texts()
    return np.asarray(ids), embed(texts)


class ScenarioReader:
    """What the scorer knows about one scenario: its key points, texts, vectors and pitfall rules."""

    def __init__(self, scenario: Scenario, *, bundled: bool) -> None:
        from lib.practice._model import embed

        self.scenario = scenario
        self.points = split_points(scenario)
        self.point_vectors = embed([p.text for p in self.points])
        self.vectors = embed(_scenario_texts(scenario))
        self.centroid = _unit(self.vectors.mean(axis=0))
        self.rules = pitfall_rules(scenario) if bundled else ()

    def topicality(self, vectors: NDArray[np.float32]) -> tuple[float, float]:
        """The whole answer's similarity with this scenario's centroid, and the highest with another's."""
        if not len(vectors):
            return 0.0, 0.0
        answer = _unit(vectors.sum(axis=0))
        ids, bank = _bank_vectors()
        others = [float(_unit(bank[ids == o].mean(axis=0)) @ answer) for o in np.unique(ids) if o != self.scenario.id]
        return float(self.centroid @ answer), max(others, default=0.0)

    def nearest(self, vectors: NDArray[np.float32]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Per sentence vector: similarity with this scenario, and the highest with any other bank scenario.

        A sentence is also read with its neighbours (half weight each), so a short follow-on sentence
        ('They were not.') keeps the topic of the answer around it; the higher similarity counts.
        """
        if not len(vectors):
            return np.zeros(0), np.zeros(0)
        window = vectors.copy()
        window[1:] += 0.5 * vectors[:-1]
        window[:-1] += 0.5 * vectors[1:]
        window /= np.maximum(np.linalg.norm(window, axis=1, keepdims=True), 1e-9)
        this = np.maximum(_top_mean(vectors @ self.vectors.T), _top_mean(window @ self.vectors.T))
        ids, bank = _bank_vectors()
        others = [_top_mean(vectors @ bank[ids == other].T) for other in np.unique(ids) if other != self.scenario.id]
        other = np.max(np.vstack(others), axis=0) if others else np.zeros(len(vectors))
        return this, other


def _unit(vector: NDArray[np.float32]) -> NDArray[np.float32]:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _top_mean(similarities: NDArray[np.float32]) -> NDArray[np.float64]:
    top = np.sort(similarities, axis=1)[:, -2:]
    return np.asarray(top.mean(axis=1), dtype=np.float64)


_READERS: dict[tuple[str, bool], ScenarioReader] = {}


def reader(scenario: Scenario, *, bundled: bool) -> ScenarioReader:
    """The (cached) reader of a scenario; ``bundled`` says its pitfall rules can be looked up by id."""
    key = (_key(scenario), bundled)
    if key not in _READERS:
        if len(_READERS) > 64:  # a long-running app reads a few dozen scenarios at most
            _READERS.clear()
        _READERS[key] = ScenarioReader(scenario, bundled=bundled)
    return _READERS[key]


# --- pitfall rules -----------------------------------------------------------------------------------


def _cues(raw: Any, *, where: str) -> tuple[tuple[re.Pattern[str], ...], ...]:
    if not isinstance(raw, list) or not all(isinstance(c, str) and c.strip() for c in raw):
        raise InputError(f"{where} must be a list of cues", file=PITFALLS_FILE.name, found=repr(raw)[:60])
    try:
        return tuple(tuple(re.compile(r"\b(?:" + group.strip() + ")") for group in cue.split(" + ")) for cue in raw)
    except re.error as error:
        raise InputError(
            f"{where} holds a cue that is not a pattern", file=PITFALLS_FILE.name, found=str(error)
        ) from None


@lru_cache(maxsize=1)
def _pitfall_document() -> dict[str, Any]:
    from lib.analysis import read_json_text

    document = read_json_text(PITFALLS_FILE.read_bytes(), file=PITFALLS_FILE.name, what="pitfall rules")
    if not isinstance(document, dict) or not isinstance(document.get("scenarios"), dict):
        raise InputError("the pitfall rules have no scenario map", file=PITFALLS_FILE.name)
    return document


def pitfall_rules(scenario: Scenario) -> tuple[PitfallRule, ...]:
    """The rules for a bundled scenario's pitfalls (none for a scenario the rules do not cover)."""
    from lib.practice._rules import DIMENSIONS

    entries = _pitfall_document()["scenarios"].get(scenario.id, [])
    rules = []
    for i, entry in enumerate(entries):
        where = f"scenario '{scenario.id}' pitfall {i + 1}"
        touches = tuple(entry.get("touches", ()))
        if any(t not in DIMENSIONS for t in touches):
            raise InputError(f"{where} touches an unknown dimension", file=PITFALLS_FILE.name, found=repr(touches))
        rules.append(
            PitfallRule(
                pitfall=str(entry["pitfall"]),
                why=str(entry["why"]),
                touches=touches,
                commit=_cues(entry.get("commit"), where=where),
                unless=_cues(entry.get("unless", []), where=where),
                unless_before=_cues(entry.get("unless_before", []), where=where),
            )
        )
    return tuple(rules)


def _cue_at(cue: tuple[re.Pattern[str], ...], text: str) -> int | None:
    """Where a cue's first group matches in ``text`` when every group matches and none is negated."""
    starts = []
    for group in cue:
        match = next((m for m in group.finditer(text) if not negated_before(text, m.start())), None)
        if match is None:
            return None
        starts.append(match.start())
    return min(starts)


def committed_pitfalls(rules: tuple[PitfallRule, ...], sentences: list[str]) -> list[PitfallHit]:
    """The pitfalls the sentences commit, each with the first sentence that commits it."""
    texts = [with_concepts(s) for s in sentences]
    hits = []
    for rule in rules:
        if any(_cue_at(cue, t) is not None for cue in rule.unless for t in texts):
            continue
        for i, text in enumerate(texts):
            if not any(_cue_at(cue, text) is not None for cue in rule.commit):
                continue
            if any(_cue_at(cue, t) is not None for cue in rule.unless_before for t in texts[: i + 1]):
                break
            hits.append(PitfallHit(rule, sentences[i]))
            break
    return hits


# --- relevance -----------------------------------------------------------------------------------------


def judge_relevance(
    sentences: list[str], vectors: NDArray[np.float32], scenario_reader: ScenarioReader, anchored: set[int]
) -> list[SentenceRelevance]:
    """Label each sentence on-topic, unclear, off-topic or too short to judge.

    ``anchored`` holds the indices of sentences that make one of the scenario's key points: they are on-topic.
    """
    this, other = scenario_reader.nearest(vectors)
    out = []
    for i, sentence in enumerate(sentences):
        similarity, nearest_other = float(this[i]), float(other[i])
        if len([w for w in words(sentence) if len(w) > 2]) < MIN_JUDGED_WORDS:
            label = "short"
        elif i in anchored or similarity >= ON_TOPIC:
            label = "on"
        elif similarity < OFF_TOPIC or nearest_other - similarity >= NEARER_ELSEWHERE:
            label = "off"
        else:
            label = "unclear"
        out.append(SentenceRelevance(sentence, label, round(similarity, 3), round(nearest_other, 3)))
    return out


def answer_relevance(this: float, other: float) -> float:
    """0 to 1 from the whole answer's similarity with the scenario (``this``) and with its nearest other (``other``)."""
    share = min(1.0, max(0.0, (this - UNRELATED) / (RELATED - UNRELATED)))
    return share / 2 if other - this >= NEARER_OTHER_SCENARIO else share


def relevance_share(judged: list[SentenceRelevance]) -> float:
    """Share of the judged words in on-topic sentences (unclear ones count half); 1 when nothing was judged."""
    weights = {"on": 1.0, "unclear": 0.5, "off": 0.0}
    total = sum(len(j.sentence.split()) for j in judged if j.label in weights)
    if not total:
        return 1.0
    return sum(weights[j.label] * len(j.sentence.split()) for j in judged if j.label in weights) / total


# --- key points ----------------------------------------------------------------------------------------


def point_share(point: KeyPoint, units: frozenset[str]) -> float:
    """Share of a key point's rarity-weighted meaning units that a sentence carries."""
    total = sum(_weight(u) for u in point.units)
    if not total:
        return 0.0
    return sum(_weight(u) for u in point.units & units) / total


def _negated_units(sentence: str, shared: frozenset[str]) -> bool:
    """True when the first shared unit of a sentence stands after a negation ('we did not pause')."""
    text = with_concepts(sentence)
    for match in re.finditer(r"[a-z][a-z0-9]*(?:['’-][a-z0-9]+)*", text):
        if meaning_units(match.group(0)) & shared:
            return negated_before(text, match.start())
    return False


def match_points(
    points: tuple[KeyPoint, ...],
    point_vectors: NDArray[np.float32],
    sentences: list[str],
    vectors: NDArray[np.float32],
    *,
    listed: set[int],
) -> list[PointMatch]:
    """Each key point with the sentence (or two neighbouring sentences) that makes it best, or no quote.

    A sentence in ``listed`` only names terms, so the points it makes count half.
    """
    spans: list[tuple[int, ...]] = [(i,) for i in range(len(sentences))]
    spans += [(i, i + 1) for i in range(len(sentences) - 1)]
    texts = [" ".join(sentences[i] for i in span) for span in spans]
    units = [meaning_units(t) for t in texts]
    span_vectors = np.zeros((len(spans), point_vectors.shape[1]), dtype=np.float32)
    for k, span in enumerate(spans):
        summed = vectors[list(span)].sum(axis=0)
        span_vectors[k] = summed / max(float(np.linalg.norm(summed)), 1e-9)
    similarity = span_vectors @ point_vectors.T if spans else np.zeros((0, len(points)))
    out = []
    for j, point in enumerate(points):
        best, best_score = -1, 0.0
        for k, span in enumerate(spans):
            share = point_share(point, units[k])
            similar = float(similarity[k, j]) >= SIMILAR_WORDING
            if share >= POINT_SHARE or (similar and share >= POINT_SHARE_WITH_SIMILAR_WORDING):
                if _negated_units(texts[k], point.units & units[k]):
                    continue
                # A single sentence is preferred to a pair that makes the point equally well.
                score = share + float(similarity[k, j]) - 0.05 * (len(span) - 1)
                if score > best_score:
                    best, best_score = k, score
        if best < 0:
            out.append(PointMatch(point, "", 0.0))
        else:
            span = spans[best]
            strength = 0.5 if all(i in listed for i in span) else 1.0
            out.append(PointMatch(point, texts[best], strength, span))
    return out


def phase_coverage(matches: list[PointMatch]) -> float:
    """Share of the framework covered: each phase weighs the same, and makes full weight with 70% of its points.

    A phase of four points needs three of them; a phase of two needs both; a phase of one needs that one.
    """
    phases: dict[str, list[float]] = {}
    for m in matches:
        phases.setdefault(m.point.phase, []).append(m.strength)
    if not phases:
        return 0.0
    shares = [min(1.0, sum(made) / math.ceil(PHASE_FULL * len(made))) for made in phases.values()]
    return float(np.mean(shares))
