"""The scenario bank: a JSON file inside the package, loaded and checked field by field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lib.analysis import Record
from lib.errors import InputError

BANK_FILE = Path(__file__).resolve().parent / "scenarios.json"

TRACKS: dict[str, str] = {
    "l6_manager": "L6 engineering manager",
    "l7_leader": "L7 senior leader",
    "mle_behavioural": "MLE behavioural",
    "responsible_ai": "Responsible-AI incident",
    "cost": "Cost optimisation",
    "degradation": "Model performance degradation",
    "platform": "ML platform strategy",
    "llm": "LLM integration and security",
    "team": "Team building and hiring",
}
LEVELS: tuple[str, ...] = ("MLE", "L6", "L7")

_TEXT_FIELDS = ("id", "title", "track", "level", "prompt", "tests")
_LIST_FIELDS = ("pitfalls", "follow_ups", "key_terms")


@dataclass(frozen=True)
class Phase(Record):
    """One step of a reference answer framework."""

    name: str
    time: str | None
    points: str


@dataclass(frozen=True)
class RubricItem(Record):
    """A rubric dimension a scenario stresses, with what a strong answer shows."""

    dimension: str
    strong: str


@dataclass(frozen=True)
class Scenario(Record):
    """One interview scenario with its reference framework and rubric.

    Its JSON (``practice show``, and inside every score result) is its fields in order.
    """

    id: str
    title: str
    track: str
    level: str
    prompt: str
    tests: str
    framework: tuple[Phase, ...]
    rubric: tuple[RubricItem, ...]
    pitfalls: tuple[str, ...]
    follow_ups: tuple[str, ...]
    key_terms: tuple[str, ...]
    numbers: dict[str, float]

    @property
    def track_title(self) -> str:
        """The track's name as people read it."""
        return TRACKS[self.track]

    @property
    def is_money(self) -> bool:
        """True when the scenario carries figures a cost calculator can use."""
        return bool(self.numbers)

    def summary(self) -> dict[str, str]:
        """The four fields the scenario list shows."""
        return {"id": self.id, "title": self.title, "track": self.track, "level": self.level}


def _fail(problem: str, *, file: str, where: str, expected: str, found: str) -> InputError:
    return InputError(f"{where}: {problem}", file=file, expected=expected, found=found)


def _text(entry: dict[str, Any], name: str, *, file: str, where: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip():
        raise _fail(
            f"field '{name}' is missing or empty", file=file, where=where, expected="non-empty text", found=repr(value)
        )
    return value.strip()


def _text_list(entry: dict[str, Any], name: str, *, file: str, where: str) -> tuple[str, ...]:
    value = entry.get(name)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(
            f"field '{name}' must be a non-empty list of text",
            file=file,
            where=where,
            expected='a list such as ["..."]',
            found=type(value).__name__ if not isinstance(value, list) else f"{len(value)} items",
        )
    return tuple(v.strip() for v in value)


def _scenario(entry: Any, index: int, *, file: str, known_dimensions: frozenset[str]) -> Scenario:
    where = f"scenario {index + 1}"
    if not isinstance(entry, dict):
        raise _fail("is not an object", file=file, where=where, expected="a JSON object", found=type(entry).__name__)
    texts = {name: _text(entry, name, file=file, where=where) for name in _TEXT_FIELDS}
    where = f"scenario '{texts['id']}'"
    if texts["track"] not in TRACKS:
        raise _fail("unknown track", file=file, where=where, expected=", ".join(TRACKS), found=texts["track"])
    if texts["level"] not in LEVELS:
        raise _fail("unknown level", file=file, where=where, expected=", ".join(LEVELS), found=texts["level"])
    lists = {name: _text_list(entry, name, file=file, where=where) for name in _LIST_FIELDS}
    phases = entry.get("framework")
    if not isinstance(phases, list) or len(phases) < 2:
        raise _fail(
            "the reference framework needs at least two phases",
            file=file,
            where=where,
            expected="a list of {name, time, points}",
            found=repr(phases)[:60],
        )
    framework = []
    for phase in phases:
        if not isinstance(phase, dict):
            raise _fail(
                "a phase is not an object",
                file=file,
                where=where,
                expected="{name, time, points}",
                found=repr(phase)[:60],
            )
        time = phase.get("time")
        if time is not None and not isinstance(time, str):
            raise _fail("a phase time is not text", file=file, where=where, expected="text or null", found=repr(time))
        framework.append(
            Phase(_text(phase, "name", file=file, where=where), time, _text(phase, "points", file=file, where=where))
        )
    rubric_entries = entry.get("rubric")
    if not isinstance(rubric_entries, list) or not rubric_entries:
        raise _fail(
            "rubric is missing",
            file=file,
            where=where,
            expected="a list of {dimension, strong}",
            found=repr(rubric_entries)[:60],
        )
    rubric = []
    for item in rubric_entries:
        dimension = _text(item if isinstance(item, dict) else {}, "dimension", file=file, where=where)
        if dimension not in known_dimensions:
            raise _fail(
                "unknown rubric dimension",
                file=file,
                where=where,
                expected=", ".join(sorted(known_dimensions)),
                found=dimension,
            )
        rubric.append(RubricItem(dimension, _text(item, "strong", file=file, where=where)))
    numbers = entry.get("numbers", {})
    if not isinstance(numbers, dict) or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in numbers.values()
    ):
        raise _fail(
            "numbers must map names to numbers",
            file=file,
            where=where,
            expected='{"monthly_spend": 500000}',
            found=repr(numbers)[:60],
        )
    return Scenario(
        id=texts["id"],
        title=texts["title"],
        track=texts["track"],
        level=texts["level"],
        prompt=texts["prompt"],
        tests=texts["tests"],
        framework=tuple(framework),
        rubric=tuple(rubric),
        pitfalls=lists["pitfalls"],
        follow_ups=lists["follow_ups"],
        key_terms=lists["key_terms"],
        numbers={str(k): float(v) for k, v in numbers.items()},
    )


def parse_bank(data: bytes | str, *, name: str = "scenarios.json") -> tuple[Scenario, ...]:
    """Parse and check a scenario bank.

    Parameters
    ----------
    data : bytes or str
        The JSON text: ``{"version": 1, "scenarios": [...]}``.
    name : str
        File name used in error messages.

    Returns
    -------
    tuple of Scenario

    Raises
    ------
    InputError
        When the text is not JSON, a field is missing or has the wrong type,
        a track, level or rubric dimension is unknown, or two scenarios share an id.
    """
    from lib.analysis import read_json_text
    from lib.practice._rules import DIMENSIONS

    document = read_json_text(data, file=name, what="scenario bank")
    if not isinstance(document, dict) or not isinstance(document.get("scenarios"), list):
        raise InputError(
            "the scenario bank has no scenario list",
            file=name,
            expected='an object with a "scenarios" list',
            found=type(document).__name__,
        )
    known = frozenset(DIMENSIONS)
    scenarios = tuple(
        _scenario(entry, i, file=name, known_dimensions=known) for i, entry in enumerate(document["scenarios"])
    )
    if not scenarios:
        raise InputError("the scenario bank is empty", file=name, expected="at least one scenario", found="none")
    seen: set[str] = set()
    for scenario in scenarios:
        if scenario.id in seen:
            raise InputError("two scenarios share an id", file=name, expected="unique ids", found=scenario.id)
        seen.add(scenario.id)
    return scenarios


def load_bank(path: str | Path | None = None) -> tuple[Scenario, ...]:
    """Load the scenario bank (the bundled one by default)."""
    source = Path(path) if path is not None else BANK_FILE
    try:
        data = source.read_bytes()
    except OSError as error:
        raise InputError("the scenario bank cannot be read", file=source.name, found=error.strerror) from error
    return parse_bank(data, name=source.name)


def get_scenario(scenarios: tuple[Scenario, ...], scenario_id: str) -> Scenario:
    """The scenario with this id, or an InputError listing a few valid ids."""
    for scenario in scenarios:
        if scenario.id == scenario_id:
            return scenario
    raise InputError(
        "no scenario with this id",
        expected="an id from `practice list`, e.g. " + ", ".join(s.id for s in scenarios[:3]),
        found=scenario_id,
    )


def filter_scenarios(
    scenarios: tuple[Scenario, ...], *, track: str | None = None, level: str | None = None
) -> tuple[Scenario, ...]:
    """Scenarios of one track and/or level (unknown values are an InputError)."""
    if track is not None and track not in TRACKS:
        raise InputError("unknown track", expected=", ".join(TRACKS), found=track)
    if level is not None and level not in LEVELS:
        raise InputError("unknown level", expected=", ".join(LEVELS), found=level)
    return tuple(s for s in scenarios if (track is None or s.track == track) and (level is None or s.level == level))


def framework_as_answer(scenario: Scenario) -> str:
    """The reference framework written out as one answer (used to check the rubric)."""
    sentences = []
    for phase in scenario.framework:
        head = f"{phase.name} ({phase.time})" if phase.time else phase.name
        sentences.append(f"{head}: {phase.points.rstrip('.')}.")
    return " ".join(sentences)
