"""Building, judging, signing, reading and verifying review packs.

A pack's *inputs* (title, date, policy, answers, card, evidence, risks, sign-offs)
are a :class:`PackSpec`; :func:`judge` computes everything else (tier, required
evidence, crosswalk, staleness, verification). The pack file is the judged pack's
JSON (:func:`pack_document`); reading it back (:func:`spec_from_document`) keeps
the inputs and recomputes the rest, so :func:`verify_document` can say exactly
what no longer matches.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lib.analysis import Record, check_text, coerce_sequences, make_provenance
from lib.errors import InputError
from lib.governance._card import ModelCard, prefill_card
from lib.governance._evidence import EvidenceItem
from lib.governance._policy import Policy
from lib.governance._requirements import (
    RequirementStatus,
    Waiver,
    crosswalk,
    evaluate_requirements,
    staleness,
)
from lib.governance._results import LinkedEvidence, RatedRisk, ReviewPack
from lib.governance._risks import Risk, preset_risks
from lib.governance._signoff import (
    DECISIONS,
    SignOff,
    chain_problems,
    evidence_problems,
    manifest,
    parse_date,
    signoff_hash,
    verify,
)
from lib.governance._specs import MAX_CONDITIONS, PackSpec
from lib.governance._triage import TierAnswers, TierResult, triage
from lib.provenance import Provenance

PACK_KIND = "review_pack"
INPUT_KEYS: tuple[str, ...] = ("title", "as_of", "policy", "answers", "card", "evidence", "risks", "signoffs")
REQUIRED_KEYS: tuple[str, ...] = ("schema_version", "tier", "card", "evidence", "requirements", "risks", "signoffs")
# Keys the run computes; a pack file may carry them, and verify compares them with the recomputed ones.
DERIVED_KEYS: tuple[str, ...] = ("tier", "requirements", "crosswalk")
_STATE_KEYS: tuple[str, ...] = ("kind", "schema_version", "verification", "status", "provenance")
_EVIDENCE_DERIVED = ("stale", "stale_reasons")
_RISK_DERIVED = ("score", "rating")
MAX_EXPIRY_DAYS = 5 * 366


class SignOffRefusedError(InputError):
    """The pack cannot be signed as it stands (required evidence missing, a prohibited use approved...).

    The command line exits 1 on it (a gate), not 2: the input is well formed, the pack is not ready.
    """


def waivers_in(signoffs: Sequence[SignOff]) -> dict[str, tuple[Waiver, str]]:
    """Requirement id -> (the latest waiver of it, who recorded it) over all sign-offs."""
    out: dict[str, tuple[Waiver, str]] = {}
    for signoff in signoffs:
        for waiver in signoff.waivers:
            out[waiver.requirement] = (waiver, f"{signoff.reviewer} ({signoff.role}) on {signoff.signed_at[:10]}")
    return out


@dataclass(frozen=True)
class _Judged:
    tier: TierResult
    stale: dict[int, list[str]]
    statuses: dict[str, RequirementStatus]
    required: tuple[RequirementStatus, ...]
    manifest: dict[str, str]


def _judge_parts(spec: PackSpec, signoffs: Sequence[SignOff]) -> _Judged:
    tier = triage(spec.answers, spec.policy)
    as_of = parse_date(spec.as_of, field="as_of")
    stale = staleness(spec.evidence, card=spec.card, as_of=as_of, max_age_days=tier.max_evidence_age_days)
    statuses = evaluate_requirements(
        spec.policy,
        tier,
        card=spec.card,
        evidence=spec.evidence,
        risks=spec.risks,
        waivers=waivers_in(signoffs),
        stale=stale,
    )
    required = tuple(statuses[r] for r in tier.required)
    current = manifest(
        title=spec.title,
        as_of=spec.as_of,
        policy=spec.policy,
        answers=spec.answers,
        tier=tier,
        card=spec.card,
        evidence=spec.evidence,
        requirements=required,
        risks=spec.risks,
    )
    return _Judged(tier, stale, statuses, required, current)


def judge(spec: PackSpec, *, provenance: Provenance | None = None) -> ReviewPack:
    """Judge a pack: tier, required evidence, crosswalk, staleness and verification of its sign-offs.

    Parameters
    ----------
    spec : PackSpec
    provenance : Provenance, optional
        Defaults to one recording the spec.

    Returns
    -------
    ReviewPack
    """
    parts = _judge_parts(spec, spec.signoffs)
    return ReviewPack(
        title=spec.title,
        as_of=spec.as_of,
        tier=parts.tier,
        answers=spec.answers,
        card=spec.card,
        evidence=tuple(
            LinkedEvidence(item, bool(parts.stale[item.id]), tuple(parts.stale[item.id])) for item in spec.evidence
        ),
        requirements=parts.required,
        crosswalk=crosswalk(spec.policy, parts.tier, parts.statuses, signoffs=[s.who for s in spec.signoffs]),
        risks=tuple(RatedRisk(r) for r in spec.risks),
        signoffs=spec.signoffs,
        verification=verify(spec.signoffs, spec.evidence, parts.manifest),
        policy=spec.policy,
        provenance=provenance or make_provenance(parameters=spec.to_dict()),
    )


def new_pack(
    *,
    title: str,
    answers: TierAnswers,
    policy: Policy,
    evidence: Sequence[EvidenceItem] = (),
    card: ModelCard | None = None,
    risks: Sequence[Risk] | None = None,
    as_of: dt.date | None = None,
) -> PackSpec:
    """A new, unsigned pack: the card pre-filled from the evidence, the register started from the policy's preset.

    Parameters
    ----------
    title : str
    answers : TierAnswers
    policy : Policy
    evidence : sequence of EvidenceItem
    card : ModelCard, optional
        Sections already written (kept); empty sections are filled from the evidence.
    risks : sequence of Risk, optional
        Defaults to the policy's preset.
    as_of : datetime.date, optional
        Defaults to today (UTC).

    Returns
    -------
    PackSpec

    Raises
    ------
    InputError
        For answers the policy does not offer, or any invalid part.
    """
    day = as_of or dt.datetime.now(dt.UTC).date()
    return PackSpec(
        title=title,
        as_of=day.isoformat(),
        policy=policy,
        answers=answers,
        card=prefill_card(card or ModelCard(), evidence),
        evidence=tuple(evidence),
        risks=tuple(preset_risks(policy) if risks is None else risks),
    )


def _check_waivers(waivers: Sequence[Waiver], parts: _Judged, earlier: Mapping[str, Any]) -> None:
    seen: set[str] = set()
    for waiver in waivers:
        check_text(waiver.reason, field=f"waiver reason for '{waiver.requirement}'", max_length=2_000)
        if waiver.requirement in seen:
            raise InputError("a requirement is waived twice", found=waiver.requirement)
        seen.add(waiver.requirement)
        if waiver.requirement not in parts.tier.required:
            raise InputError(
                f"'{waiver.requirement}' is not required at the {parts.tier.label} tier, so there is nothing to waive",
                expected="one of " + (", ".join(parts.tier.required) or "none (this tier requires nothing)"),
            )
        status = parts.statuses[waiver.requirement].status
        if status == "filled":
            raise InputError(f"'{waiver.requirement}' is already filled; there is nothing to waive")
        if waiver.requirement in earlier:
            raise InputError(f"'{waiver.requirement}' is already waived by an earlier sign-off")


def sign_pack(
    spec: PackSpec,
    *,
    reviewer: str,
    role: str,
    decision: str,
    conditions: Sequence[str] = (),
    expires: str | None = None,
    waivers: Sequence[Waiver] = (),
    now: dt.datetime | None = None,
) -> PackSpec:
    """Add a sign-off, chained to the last one and covering the pack as it stands.

    Parameters
    ----------
    spec : PackSpec
    reviewer, role : str
    decision : {"approve", "approve-with-conditions", "reject"}
    conditions : sequence of str
        Required for ``approve-with-conditions``, refused for ``approve``.
    expires : str, optional
        YYYY-MM-DD after the signing date; defaults to the tier's review interval.
    waivers : sequence of Waiver
        Required evidence signed without (each with a reason).
    now : datetime, optional
        The signing time (UTC); defaults to now.

    Returns
    -------
    PackSpec
        The pack with the new sign-off last.

    Raises
    ------
    SignOffRefusedError
        When required evidence is missing and not waived, a prohibited use is approved, evidence that
        reached a fail verdict is approved without conditions, or the pack's evidence or earlier
        sign-offs were altered.
    InputError
        For malformed options (an unknown decision, a bad date, a waiver of something not missing).
    """
    check_text(reviewer, field="reviewer", max_length=200)
    check_text(role, field="role", max_length=200)
    if decision not in DECISIONS:
        raise InputError("unknown decision", expected=", ".join(DECISIONS), found=repr(decision)[:40])
    conditions = tuple(c.strip() for c in conditions if c.strip())
    if decision == "approve-with-conditions" and not conditions:
        raise InputError("an approval with conditions needs at least one condition", expected="--condition TEXT")
    if decision == "approve" and conditions:
        raise InputError("a plain approval takes no conditions", expected="--decision approve-with-conditions")
    if len(conditions) > MAX_CONDITIONS:
        raise InputError("too many conditions", expected=f"at most {MAX_CONDITIONS}")
    signed = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    # Edits since the last sign-off are what a new sign-off is for; an altered chain or evidence is not.
    broken = chain_problems(spec.signoffs) + evidence_problems(spec.evidence)
    if broken:
        raise SignOffRefusedError(f"the pack cannot be signed: {broken[0]}")
    parts = _judge_parts(spec, spec.signoffs)
    earlier = waivers_in(spec.signoffs)
    _check_waivers(waivers, parts, earlier)
    if parts.tier.level == "prohibited" and decision != "reject":
        raise SignOffRefusedError(
            f"the triage places this use in the {parts.tier.label} tier: it can only be rejected",
            expected="--decision reject",
        )
    failing = [f"#{e.id} '{v.title}'" for e in spec.evidence for v in e.verdicts if v.status == "fail"]
    if decision == "approve" and failing:
        raise SignOffRefusedError(
            f"attached evidence reached a fail verdict ({', '.join(failing[:3])}), so a plain approval cannot be signed",
            expected="--decision approve-with-conditions with conditions that say how it is handled, or reject",
        )
    day = parse_date(expires, field="expires") if expires else signed.date() + dt.timedelta(days=parts.tier.review_days)
    if not signed.date() < day <= signed.date() + dt.timedelta(days=MAX_EXPIRY_DAYS):
        raise InputError(
            "the expiry date must fall after the signing date and within five years",
            expected=f"a date from {(signed.date() + dt.timedelta(days=1)).isoformat()}",
            found=day.isoformat(),
        )
    draft = SignOff(
        reviewer=reviewer.strip(),
        role=role.strip(),
        decision=decision,  # type: ignore[arg-type]
        expires=day.isoformat(),
        signed_at=signed.isoformat(),
        hash="",
        conditions=conditions,
        waivers=tuple(Waiver(w.requirement, w.reason.strip()) for w in waivers),
        previous_hash=spec.signoffs[-1].hash if spec.signoffs else None,
    )
    after = _judge_parts(spec, (*spec.signoffs, draft))
    missing = [s for s in after.required if s.status == "missing"]
    if missing:
        names = "; ".join(f"{s.id} ({s.note})" for s in missing)
        raise SignOffRefusedError(
            f"required evidence is missing, so the pack cannot be signed: {names}",
            expected="the evidence attached, or a waiver with a reason for each (--waive "
            + ",".join(s.id for s in missing[:1])
            + "=REASON)",
        )
    covered = dataclasses.replace(draft, covers=after.manifest)
    final = dataclasses.replace(covered, hash=signoff_hash(covered))
    return dataclasses.replace(spec, signoffs=(*spec.signoffs, final))


def pack_document(result: ReviewPack) -> dict[str, Any]:
    """The pack file: the judged pack's JSON with its kind and schema version, without the run's provenance."""
    body = {k: v for k, v in result.to_dict().items() if k != "provenance"}
    return {"kind": PACK_KIND, "schema_version": ReviewPack.schema_version, **body}


def _without(items: Any, keys: tuple[str, ...]) -> Any:
    if not isinstance(items, list):
        return items
    return [{k: v for k, v in item.items() if k not in keys} if isinstance(item, dict) else item for item in items]


def spec_from_document(data: Any, *, file: str | None = None) -> PackSpec:
    """The pack's inputs read back from a pack file, strictly (every field's type checked).

    Parameters
    ----------
    data : object
        The parsed JSON.
    file : str, optional

    Returns
    -------
    PackSpec

    Raises
    ------
    InputError
        When the file is not a review pack, is written by a newer release, lacks a key, or has a
        field of the wrong type (the message names it).
    """
    from lib.analysis import check_schema_version

    if not isinstance(data, dict):
        raise InputError("a review pack must be a JSON object", file=file, found=type(data).__name__)
    if data.get("kind", PACK_KIND) != PACK_KIND:
        raise InputError(
            "this file is not a review pack",
            file=file,
            expected=f"kind '{PACK_KIND}'",
            found=repr(data.get("kind"))[:40],
        )
    missing = [key for key in (*REQUIRED_KEYS, *INPUT_KEYS) if key not in data]
    if missing:
        raise InputError(
            f"the review pack has no '{missing[0]}'", file=file, expected="a file written by `pack new` or `pack sign`"
        )
    check_schema_version(data["schema_version"], current=ReviewPack.schema_version, what="review pack", file=file)
    unknown = [key for key in data if key not in (*INPUT_KEYS, *DERIVED_KEYS, *_STATE_KEYS)]
    if unknown:
        raise InputError(f"the review pack has an unknown key '{unknown[0]}'", file=file)
    body = {key: data[key] for key in INPUT_KEYS}
    body["evidence"] = _without(body["evidence"], _EVIDENCE_DERIVED)
    body["risks"] = _without(body["risks"], _RISK_DERIVED)
    try:
        spec: PackSpec = PackSpec.from_dict(body, file=file)
    except InputError as error:
        problem = error.problem.replace("the spec", "the pack")
        raise InputError(problem, file=error.file, expected=error.expected, found=error.found) from None
    return spec


def _first_difference(stored: Any, fresh: Any, path: str) -> str | None:
    if isinstance(stored, dict) and isinstance(fresh, dict):
        for key in list(fresh) + [k for k in stored if k not in fresh]:
            if key not in stored or key not in fresh:
                return f"{path}.{key}"
            found = _first_difference(stored[key], fresh[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(stored, list) and isinstance(fresh, list):
        for index, (a, b) in enumerate(zip(stored, fresh, strict=False)):
            found = _first_difference(a, b, f"{path}[{index}]")
            if found:
                return found
        return None if len(stored) == len(fresh) else f"{path} (length)"
    return None if stored == fresh else path


def derived_problems(data: Mapping[str, Any], fresh: Mapping[str, Any]) -> list[str]:
    """Stored values a pack computes (tier, requirements, crosswalk, staleness, risk ratings) that no longer follow."""
    problems = []
    for key in DERIVED_KEYS:
        if key in data:
            where = _first_difference(data[key], fresh[key], key)
            if where:
                problems.append(f"the stored {where} does not follow from the pack's contents")
    for key, derived in (("evidence", _EVIDENCE_DERIVED), ("risks", _RISK_DERIVED)):
        for index, (stored, item) in enumerate(zip(data[key], fresh[key], strict=False)):
            for name in derived:
                if isinstance(stored, dict) and name in stored and stored[name] != item[name]:
                    problems.append(f"the stored {key}[{index}].{name} does not follow from the pack's contents")
    return problems


@dataclass(frozen=True)
class PackCheck(Record):
    """The outcome of verifying a pack file.

    Attributes
    ----------
    intact : bool
        Nothing changed since signing, and every stored value follows from the pack's contents.
    first_change : str or None
    problems : tuple of str
    status : str
        The pack's status (draft, approved, ...) as recomputed.
    signed : bool
    latest_hash : str or None
    expires : str or None
        The last sign-off's expiry date.
    expired : bool
        The last sign-off's expiry date has passed (the review is due; not a change).
    summary : str
        One line saying all of it.
    """

    intact: bool
    first_change: str | None
    problems: tuple[str, ...]
    status: str
    signed: bool
    latest_hash: str | None
    expires: str | None
    expired: bool
    summary: str

    def __post_init__(self) -> None:
        """Lists become tuples."""
        coerce_sequences(self)


def check_result(
    result: ReviewPack,
    *,
    stored: Mapping[str, Any] | None = None,
    today: dt.date | None = None,
    expect_hash: str | None = None,
) -> PackCheck:
    """Verify a judged pack (and, given the stored file, that its computed values still follow).

    Parameters
    ----------
    result : ReviewPack
    stored : mapping, optional
        The pack file as read, to compare its stored tier, requirements and crosswalk.
    today : datetime.date, optional
        For the expiry (default: today, UTC).
    expect_hash : str, optional
        The last sign-off's hash as recorded elsewhere.

    Returns
    -------
    PackCheck
    """
    problems = list(result.verification.problems)
    latest = result.signoffs[-1] if result.signoffs else None
    if expect_hash is not None:
        found = latest.hash if latest else "no sign-off"
        if found != expect_hash.strip().lower():
            problems.insert(0, f"the last sign-off's hash is {found}, not the expected {expect_hash.strip()}")
    if stored is not None:
        problems += derived_problems(stored, pack_document(result))
    day = today or dt.datetime.now(dt.UTC).date()
    expired = latest is not None and dt.date.fromisoformat(latest.expires) < day
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        summary = f"changed: {problems[0]}{more}"
    elif latest is None:
        summary = f"intact, not signed yet: {len(result.missing)} required items missing"
    else:
        summary = (
            f"intact: {result.status}; last sign-off by {latest.who}, expires {latest.expires}; hash {latest.hash}"
            + (f"; the review is overdue since {latest.expires}" if expired else "")
        )
    return PackCheck(
        intact=not problems,
        first_change=problems[0] if problems else None,
        problems=tuple(problems),
        status=result.status,
        signed=latest is not None,
        latest_hash=latest.hash if latest else None,
        expires=latest.expires if latest else None,
        expired=expired,
        summary=summary,
    )


def verify_document(
    data: Any, *, file: str | None = None, today: dt.date | None = None, expect_hash: str | None = None
) -> PackCheck:
    """Read a pack file, recompute everything, and name the first thing that changed.

    Parameters
    ----------
    data : object
        The parsed JSON of the pack file.
    file : str, optional
    today : datetime.date, optional
    expect_hash : str, optional

    Returns
    -------
    PackCheck

    Raises
    ------
    InputError
        When the file is not a readable review pack (malformed).
    """
    spec = spec_from_document(data, file=file)
    return check_result(judge(spec), stored=data, today=today, expect_hash=expect_hash)
