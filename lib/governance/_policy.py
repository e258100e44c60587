"""The review policy: the questionnaire, the tiers and what each asks, the crosswalk and the risk preset.

The policy is a data file (TOML) an organisation edits; :func:`load_policy` reads it and
checks it before anything uses it, naming the entry that is wrong. A pack keeps the
policy it was judged under (as JSON), so editing the file later never changes an old pack.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lib.analysis import Record, Spec, coerce_sequences
from lib.errors import InputError

Level = Literal["low", "medium", "high", "prohibited"]
LEVELS: tuple[str, ...] = ("low", "medium", "high", "prohibited")
QUESTIONS: tuple[str, ...] = ("use_case", "affected", "impact", "automation", "domain", "practices")
CARD_FIELDS: tuple[str, ...] = (
    "name",
    "version",
    "owners",
    "model_type",
    "description",
    "intended_use",
    "out_of_scope_use",
    "data",
    "evaluation",
    "group_performance",
    "explanations",
    "limitations",
    "ethical_considerations",
    "caveats",
    "human_oversight",
    "monitoring",
    "logging",
    "disclosure",
)
SPECIAL_NEEDS: tuple[str, ...] = ("triage", "signoff")
APPLIES: tuple[str, ...] = ("eu_high_risk", "eu_transparency", "voluntary")
BUNDLED_POLICY = Path(__file__).resolve().parent / "policy.toml"
POLICY_FILE_NAME = "review_policy.toml"
MAX_POLICY_BYTES = 1024 * 1024
_EU_CODE = re.compile(r"^(art5:[a-h]|annex3:[1-8][a-d]?|art6_1|art6_3|art50:[1-4]|profiling)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Part(Record):
    """A record inside the policy: lists become tuples, so a policy read back from JSON compares equal."""

    def __post_init__(self) -> None:
        """Lists become tuples."""
        coerce_sequences(self)


@dataclass(frozen=True)
class Option(_Part):
    """One answer to a question: the tier floor it sets, its EU AI Act meaning, and why."""

    id: str
    label: str
    reason: str
    tier: Level = "low"
    eu: str | None = None


@dataclass(frozen=True)
class Question(_Part):
    """A triage question and its answers (``multiple`` for choose-all-that-apply)."""

    id: str
    text: str
    options: tuple[Option, ...]
    multiple: bool = False

    def option(self, option_id: str) -> Option:
        """The answer with this id.

        Raises
        ------
        InputError
            For an id the question does not offer, listing the ones it does.
        """
        for item in self.options:
            if item.id == option_id:
                return item
        raise InputError(
            f"'{self.id}' has no answer '{option_id}'",
            expected="one of " + ", ".join(o.id for o in self.options),
            found=repr(option_id)[:60],
        )


@dataclass(frozen=True)
class AuditGate(_Part):
    """The limits a bias audit must be run with to count at a tier (a stricter audit counts too)."""

    max_difference: float
    min_ratio: float
    strict: bool = False


@dataclass(frozen=True)
class TierPolicy(_Part):
    """What a tier asks: required evidence, approvals, review interval, staleness and the audit gate."""

    level: Level
    label: str
    description: str
    required: tuple[str, ...]
    approval: str
    approvals: int
    review_days: int
    max_evidence_age_days: int
    audit_gate: AuditGate | None = None


@dataclass(frozen=True)
class Requirement(_Part):
    """A piece of evidence a tier may require, and the conditions that meet it."""

    id: str
    text: str
    evidence: tuple[str, ...] = ()
    card: tuple[str, ...] = ()
    risks: bool = False
    gate: bool = False


@dataclass(frozen=True)
class CrosswalkRow(_Part):
    """What one article or function asks, and the requirements that answer it."""

    framework: str
    ref: str
    title: str
    asks: str
    needs: tuple[str, ...]
    applies: str = "voluntary"


@dataclass(frozen=True)
class Obligation(_Part):
    """A date from which an obligation applies, with its source."""

    date: str
    what: str
    source: str


@dataclass(frozen=True)
class RiskPreset(_Part):
    """A typical project risk to start a register from."""

    title: str
    probability: Level
    impact: Level
    mitigation: str


@dataclass(frozen=True)
class Policy(_Part):
    """A whole review policy (see ``policy.toml`` for what each part means).

    Attributes
    ----------
    name, version, disclaimer : str
    questions : tuple of Question
        ``use_case``, ``affected``, ``impact``, ``automation``, ``domain`` and ``practices``.
    tiers : tuple of TierPolicy
        One per level: low, medium, high, prohibited.
    requirements : tuple of Requirement
    crosswalk : tuple of CrosswalkRow
    obligations : tuple of Obligation
    risk_preset : tuple of RiskPreset
    """

    name: str
    version: str
    disclaimer: str
    questions: tuple[Question, ...]
    tiers: tuple[TierPolicy, ...]
    requirements: tuple[Requirement, ...]
    crosswalk: tuple[CrosswalkRow, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    risk_preset: tuple[RiskPreset, ...] = field(default=())

    def question(self, question_id: str) -> Question:
        """The question with this id."""
        return next(q for q in self.questions if q.id == question_id)

    def tier(self, level: str) -> TierPolicy:
        """What the tier at this level asks."""
        return next(t for t in self.tiers if t.level == level)

    def requirement(self, requirement_id: str) -> Requirement:
        """The requirement with this id."""
        return next(r for r in self.requirements if r.id == requirement_id)

    @property
    def sha256(self) -> str:
        """SHA-256 of the policy's canonical JSON: which policy a pack was judged under."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _refuse(problem: str, *, expected: str | None = None, found: str | None = None) -> InputError:
    return InputError(f"the policy {problem}", expected=expected, found=found)


def _unique(ids: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise _refuse(f"lists the {what} '{item}' twice")
        seen.add(item)


def _check_questions(policy: Policy) -> None:
    ids = [q.id for q in policy.questions]
    _unique(ids, "question")
    missing = [q for q in QUESTIONS if q not in ids]
    if missing:
        raise _refuse(f"has no question '{missing[0]}'", expected="the questions " + ", ".join(QUESTIONS))
    for question in policy.questions:
        if not question.options:
            raise _refuse(f"question '{question.id}' offers no answers", expected="at least one option")
        _unique([o.id for o in question.options], f"answer of '{question.id}'")
        for option in question.options:
            if option.eu is not None and not _EU_CODE.match(option.eu):
                raise _refuse(
                    f"answer '{question.id}.{option.id}' has an unknown EU AI Act code",
                    expected="art5:a to art5:h, annex3:1 to annex3:8 (with a letter for point 5), art6_1, art6_3, "
                    "art50:1 to art50:4 or profiling",
                    found=repr(option.eu)[:40],
                )
    if not policy.question("practices").multiple:
        raise _refuse("question 'practices' must allow several answers", expected="multiple = true")


def _check_tiers(policy: Policy, requirement_ids: set[str]) -> None:
    levels = [t.level for t in policy.tiers]
    _unique(levels, "tier")
    if sorted(levels, key=LEVELS.index) != list(LEVELS):
        raise _refuse("must define exactly the four tiers", expected=", ".join(LEVELS), found=", ".join(levels))
    for tier in policy.tiers:
        for requirement in tier.required:
            if requirement not in requirement_ids:
                raise _refuse(
                    f"tier '{tier.level}' requires an unknown requirement '{requirement}'",
                    expected="one of " + ", ".join(sorted(requirement_ids)),
                )
        _unique(list(tier.required), f"requirement of tier '{tier.level}'")
        for name, value, low in (
            ("approvals", tier.approvals, 0),
            ("review_days", tier.review_days, 1),
            ("max_evidence_age_days", tier.max_evidence_age_days, 1),
        ):
            if isinstance(value, bool) or not low <= value <= 3650:
                raise _refuse(
                    f"tier '{tier.level}' has {name} out of range", expected=f"{low} to 3650", found=str(value)
                )
        gate = tier.audit_gate
        if gate is not None and not (0.0 <= gate.max_difference <= 1.0 and 0.0 <= gate.min_ratio <= 1.0):
            raise _refuse(f"tier '{tier.level}' has audit limits out of range", expected="numbers from 0 to 1")


def _check_requirements(policy: Policy) -> None:
    _unique([r.id for r in policy.requirements], "requirement")
    for requirement in policy.requirements:
        if requirement.id in SPECIAL_NEEDS:
            raise _refuse(f"uses the reserved name '{requirement.id}' for a requirement")
        for name in requirement.card:
            if name not in CARD_FIELDS:
                raise _refuse(
                    f"requirement '{requirement.id}' names an unknown model card section '{name}'",
                    expected="one of " + ", ".join(CARD_FIELDS),
                )
        if not (requirement.evidence or requirement.card or requirement.risks):
            raise _refuse(
                f"requirement '{requirement.id}' has no condition", expected="evidence, card sections or risks = true"
            )


def _check_crosswalk(policy: Policy, requirement_ids: set[str]) -> None:
    for row in policy.crosswalk:
        for need in row.needs:
            if need not in requirement_ids and need not in SPECIAL_NEEDS:
                raise _refuse(
                    f"crosswalk row '{row.framework} {row.ref}' needs an unknown requirement '{need}'",
                    expected="a requirement id, triage or signoff",
                )
        if row.applies not in APPLIES:
            raise _refuse(
                f"crosswalk row '{row.framework} {row.ref}' has an unknown 'applies'",
                expected="one of " + ", ".join(APPLIES),
                found=repr(row.applies),
            )
    for obligation in policy.obligations:
        try:
            valid = bool(_DATE.match(obligation.date)) and dt.date.fromisoformat(obligation.date) is not None
        except ValueError:
            valid = False
        if not valid:
            raise _refuse(
                f"has an obligation date that is not a date ('{obligation.what[:40]}')", expected="YYYY-MM-DD"
            )


def check_policy(policy: Policy) -> None:
    """Check a policy as a whole: the six questions, the four tiers, and every id they refer to.

    Parameters
    ----------
    policy : Policy

    Raises
    ------
    InputError
        Naming the entry that is wrong.
    """
    _check_questions(policy)
    requirement_ids = {r.id for r in policy.requirements}
    _check_requirements(policy)
    _check_tiers(policy, requirement_ids)
    _check_crosswalk(policy, requirement_ids)


@dataclass(frozen=True)
class _PolicyFile(Spec):
    """A policy as the one field of a spec, so it is read with the contract's strict, path-naming reader."""

    kind = "review_policy"

    policy: Policy


def _strict_policy(body: Any, *, file: str | None) -> Policy:
    try:
        policy: Policy = _PolicyFile.from_dict({"policy": body}).policy
    except InputError as error:
        problem = error.problem.replace("the spec field 'policy.", "the policy entry '").replace(
            "the spec field 'policy'", "the policy"
        )
        problem = problem.replace("the spec is missing the field 'policy.", "the policy is missing the entry '")
        problem = problem.replace("the spec has an unknown field 'policy.", "the policy has an unknown entry '")
        expected = error.expected.replace("'policy.", "'") if error.expected else None
        raise InputError(problem, file=file, expected=expected, found=error.found) from None
    try:
        check_policy(policy)
    except InputError as error:
        raise error.with_file(file) if file else error from None
    return policy


def _keyed(table: Any, key: str, *, where: str) -> list[Any]:
    # TOML reads best as keyed tables ([tiers.high]); the record wants a list with the key inside.
    if not isinstance(table, dict):
        raise _refuse(f"entry '{where}' must be a table of named entries", found=type(table).__name__)
    return [{key: name, **body} if isinstance(body, dict) else body for name, body in table.items()]


def policy_from_toml(data: dict[str, Any], *, file: str | None = None) -> Policy:
    """Build a policy from the parsed TOML document, checking types and references.

    Parameters
    ----------
    data : dict
        ``tomllib``'s output.
    file : str, optional
        The file name, for messages.

    Returns
    -------
    Policy

    Raises
    ------
    InputError
        Naming the entry that is missing, unknown or of the wrong type.
    """
    body = dict(data)
    try:
        questions = []
        for question in _keyed(body.get("questions", {}), "id", where="questions"):
            if isinstance(question, dict) and "options" in question:
                where = f"questions.{question.get('id')}.options"
                question = {**question, "options": _keyed(question["options"], "id", where=where)}
            questions.append(question)
        body["questions"] = questions
        body["tiers"] = _keyed(body.get("tiers", {}), "level", where="tiers")
        body["requirements"] = _keyed(body.get("requirements", {}), "id", where="requirements")
    except InputError as error:
        raise error.with_file(file) if file else error from None
    return _strict_policy(body, file=file)


def policy_from_dict(data: Any, *, file: str | None = None) -> Policy:
    """Read a policy from its JSON form (as kept inside a pack), checking it.

    Raises
    ------
    InputError
        When it is not a valid policy.
    """
    if not isinstance(data, dict):
        raise InputError("the policy must be an object", file=file, found=type(data).__name__)
    return _strict_policy(data, file=file)


def read_policy_text(text: str | bytes, *, file: str) -> Policy:
    """Parse and check a policy file's TOML text.

    Parameters
    ----------
    text : str or bytes
    file : str
        The file name, for messages.

    Returns
    -------
    Policy

    Raises
    ------
    InputError
        Not UTF-8, not TOML, too large, or not a valid policy.
    """
    if isinstance(text, bytes):
        if len(text) > MAX_POLICY_BYTES:
            raise InputError("the policy file is too large", file=file, expected="at most 1 MB")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("the policy file is not UTF-8 text", file=file, expected="a TOML file") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"the policy file is not valid TOML ({error})", file=file) from None
    return policy_from_toml(data, file=file)


def default_policy_path() -> Path:
    """The policy used when none is given: ``review_policy.toml`` in the workspace folder, else the bundled one."""
    from lib.store import default_home

    own = default_home() / POLICY_FILE_NAME
    return own if own.is_file() else BUNDLED_POLICY


def load_policy(path: str | os.PathLike[str] | None = None) -> Policy:
    """Load and check a policy file (default: :func:`default_policy_path`).

    Parameters
    ----------
    path : str or Path, optional

    Returns
    -------
    Policy

    Raises
    ------
    InputError
        When the file is missing or not a valid policy (the message names the entry).
    """
    where = Path(path) if path is not None else default_policy_path()
    if not where.is_file():
        raise InputError("no such file", file=str(where), expected="a review policy file (TOML)")
    return read_policy_text(where.read_bytes(), file=where.name)


def bundled_policy_text() -> str:
    """The bundled policy file's text (a starting point to edit)."""
    return BUNDLED_POLICY.read_text(encoding="utf-8")
