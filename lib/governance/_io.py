"""Reading the files a pack is made from: triage answers, a model card, a risk register, a pack, waivers.

Every reader checks the file strictly (unknown fields, wrong types, answers the
policy does not offer) and raises one :class:`InputError` naming the file and the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lib.analysis import Spec, read_json_text
from lib.errors import InputError
from lib.governance._card import ModelCard
from lib.governance._pack import spec_from_document
from lib.governance._policy import Policy
from lib.governance._requirements import Waiver
from lib.governance._risks import Risk, check_risks
from lib.governance._specs import PackSpec
from lib.governance._triage import TierAnswers

MAX_PACK_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class _Parts(Spec):
    """The parts of a pack that arrive as files, so each is read by the contract's strict reader."""

    kind = "review_pack_parts"

    answers: TierAnswers | None = None
    card: ModelCard | None = None
    risks: tuple[Risk, ...] | None = None


def _strict(what: str, data: Any, *, file: str) -> Any:
    try:
        return getattr(_Parts.from_dict({what: data}, file=file), what)
    except InputError as error:
        problem = error.problem.replace("the spec field '", "the field '").replace("the spec", "the file")
        raise InputError(problem, file=file, expected=error.expected, found=error.found) from None


def _read(path: str | Path, *, what: str) -> tuple[Any, str]:
    file = Path(path)
    if not file.is_file():
        raise InputError("no such file", file=str(path), expected=f"a JSON file ({what})")
    if file.stat().st_size > MAX_PACK_BYTES:
        raise InputError(f"the {what} file is too large", file=file.name, expected="at most 20 MB")
    return read_json_text(file.read_bytes(), file=file.name, what=what), file.name


def answers_from_dict(data: Any, *, policy: Policy, file: str = "answers") -> TierAnswers:
    """Triage answers from their JSON object, checked against the policy.

    Examples
    --------
    >>> from lib.governance._policy import load_policy, BUNDLED_POLICY
    >>> answers = answers_from_dict(
    ...     {"use_case": "summarisation", "affected": "internal_staff", "impact": "none",
    ...      "automation": "assistive", "domain": "internal_operations"},
    ...     policy=load_policy(BUNDLED_POLICY),
    ... )
    >>> answers.domain
    'internal_operations'

    Raises
    ------
    InputError
        For a missing or unknown field, or an answer the policy does not offer.
    """
    answers: TierAnswers = _strict("answers", data, file=file)
    try:
        answers.check(policy)
    except InputError as error:
        raise error.with_file(file) from None
    return answers


def read_answers(path: str | Path, *, policy: Policy) -> TierAnswers:
    """Read ``ANSWERS.json`` (see :func:`answers_from_dict`)."""
    data, name = _read(path, what="triage answers")
    return answers_from_dict(data, policy=policy, file=name)


def read_card(path: str | Path) -> ModelCard:
    """Read a model card's sections from ``CARD.json`` (any subset of the sections)."""
    data, name = _read(path, what="model card")
    card: ModelCard = _strict("card", data, file=name)
    try:
        card.check()
    except InputError as error:
        raise error.with_file(name) from None
    return card


def read_risks(path: str | Path) -> tuple[Risk, ...]:
    """Read a risk register from ``RISKS.json`` (a list of risks)."""
    data, name = _read(path, what="risk register")
    risks: tuple[Risk, ...] = _strict("risks", data, file=name)
    try:
        check_risks(risks)
    except InputError as error:
        raise error.with_file(name) from None
    return risks


def read_pack(path: str | Path) -> tuple[dict[str, Any], PackSpec]:
    """Read a pack file: its JSON as stored, and its inputs as a spec.

    Raises
    ------
    InputError
        When the file is missing, not JSON, or not a readable review pack.
    """
    data, name = _read(path, what="review pack")
    return data, spec_from_document(data, file=name)


def parse_waivers(items: Sequence[str]) -> tuple[Waiver, ...]:
    """Waivers from ``REQUIREMENT=REASON`` texts (the command line's ``--waive``).

    Examples
    --------
    >>> parse_waivers(["logging=Reviewed by the platform team"])
    (Waiver(requirement='logging', reason='Reviewed by the platform team'),)

    Raises
    ------
    InputError
        For an item without ``=``, or with an empty requirement or reason.
    """
    out = []
    for item in items:
        requirement, sep, reason = item.partition("=")
        if not sep or not requirement.strip() or not reason.strip():
            raise InputError(
                "a waiver needs a requirement and a reason",
                expected="--waive REQUIREMENT=REASON",
                found=repr(item)[:60],
            )
        out.append(Waiver(requirement.strip(), reason.strip()))
    return tuple(out)
