"""Packs round-trip, signing needs the evidence or a waiver, and verify names the first thing that changed."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.errors import InputError
from lib.governance import (
    ReviewPack,
    SignOffRefusedError,
    Waiver,
    judge,
    load_evidence,
    new_pack,
    pack_document,
    sign_pack,
    spec_from_document,
    verify_document,
)
from lib.store import Workspace
from tests.contract import comparable

from .conftest import DAY, HIRING, LOG_SUMMARISER

T1 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2026, 3, 3, 16, 30, tzinfo=dt.UTC)


def signed_twice(pack):
    first = sign_pack(
        pack, reviewer="Ana Ruiz", role="Responsible-AI lead", decision="approve-with-conditions",
        conditions=("Re-audit after a month of live data.",), now=T1,
    )  # fmt: skip
    return sign_pack(
        first, reviewer="Bo Chen", role="Committee chair", decision="approve-with-conditions",
        conditions=("Tell recruiters about the gap for applicants under 25.",), now=T2,
    )  # fmt: skip


def document(pack) -> dict:
    return json.loads(json.dumps(pack_document(judge(pack))))


def test_a_pack_from_a_saved_audit_and_explanation_round_trips(policy, saved):
    evidence = load_evidence((saved["loose_audit"], saved["explain"]), Workspace())
    pack = new_pack(title="Credit model", answers=HIRING, policy=policy, evidence=evidence, as_of=DAY)
    stored = document(pack)
    assert {"schema_version", "tier", "card", "evidence", "requirements", "risks", "signoffs"} <= set(stored)
    assert set(stored["tier"]) >= {"level", "eu_ai_act", "reasons"}
    assert set(stored["evidence"][0]) >= {"id", "kind", "title", "sha256", "verdicts", "figures", "provenance"}
    assert set(stored["requirements"][0]) == {"id", "text", "status", "by", "note"}
    again = spec_from_document(stored)
    assert again == pack and again.fingerprint() == pack.fingerprint()
    assert comparable(document(again)) == comparable(stored)
    result = judge(pack)
    assert ReviewPack.from_dict(json.loads(result.to_json())).to_dict() == result.to_dict()
    assert [e["kind"] for e in stored["evidence"]] == ["bias_audit", "explain"]


def test_the_sign_off_hash_is_sha256_over_canonical_json_chained_to_the_one_before(complete_pack):
    pack = signed_twice(complete_pack)
    first, second = pack.signoffs
    for signoff in (first, second):
        body = {k: v for k, v in signoff.to_dict().items() if k != "hash"}
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert signoff.hash == hashlib.sha256(text.encode()).hexdigest()
    assert first.previous_hash is None and second.previous_hash == first.hash
    assert first.covers == second.covers  # nothing changed between the two
    result = judge(pack)
    assert result.verification.intact and result.verification.approvals == 2
    assert result.status == "approved with conditions"
    assert first.expires == (T1.date() + dt.timedelta(days=180)).isoformat()  # the High tier's review interval


def test_one_approval_is_not_enough_at_high(complete_pack):
    once = sign_pack(
        complete_pack, reviewer="Ana", role="lead", decision="approve-with-conditions", conditions=("x",), now=T1
    )
    assert judge(once).status == "awaiting approvals (1 of 2)"
    again = sign_pack(once, reviewer="ana", role="lead", decision="approve-with-conditions", conditions=("y",), now=T2)
    assert judge(again).status == "awaiting approvals (1 of 2)"  # the same person twice counts once


def _figure_paths(stored):
    for index, item in enumerate(stored["evidence"]):
        for position, figure in enumerate(item["figures"]):
            yield index, position, item["id"], figure["label"]


def _flip(text: str, at: int = 0) -> str:
    at = at % len(text)
    replacement = "7" if text[at] != "7" else "8"
    return text[:at] + replacement + text[at + 1 :]


def test_flipping_any_embedded_figure_fails_verify_naming_it(complete_pack):
    stored = document(signed_twice(complete_pack))
    assert verify_document(stored).intact
    checked = 0
    for index, position, item_id, label in _figure_paths(stored):
        tampered = copy.deepcopy(stored)
        figure = tampered["evidence"][index]["figures"][position]
        figure["value"] = _flip(figure["value"])
        check = verify_document(tampered)
        assert not check.intact
        assert check.first_change.startswith(
            f"evidence #{item_id} figure '{label}' changed since the sign-off by Bo Chen"
        )
        checked += 1
    assert checked >= 20


def test_flipping_any_card_section_fails_verify_naming_it(complete_pack):
    stored = document(signed_twice(complete_pack))
    for name, text in stored["card"].items():
        if not isinstance(text, str) or not text:
            continue
        tampered = copy.deepcopy(stored)
        tampered["card"][name] = _flip(text, at=len(text) // 2)
        check = verify_document(tampered)
        assert (
            check.first_change
            == f"model card section '{name}' changed since the sign-off by Bo Chen (Committee chair), approve-with-conditions, 2026-03-03"
        )


def test_per_group_figures_provenance_verdicts_and_risks_are_covered_too(complete_pack):
    stored = document(signed_twice(complete_pack))
    audit = stored["evidence"][0]
    edits = {
        f"evidence #{audit['id']} per-group figures": lambda d: d["evidence"][0]["groups"][0].update(value=0.5),
        f"evidence #{audit['id']} provenance": lambda d: d["evidence"][0]["provenance"].update(seed=1),
        f"evidence #{audit['id']} verdict 1": lambda d: d["evidence"][0]["verdicts"][0].update(status="pass"),
        "risk 3": lambda d: d["risks"][2].update(owner="Nobody"),
        "answer 'domain'": lambda d: d["answers"].update(domain="commerce"),
        "policy": lambda d: d["policy"].update(version="edited"),
    }
    for name, edit in edits.items():
        tampered = copy.deepcopy(stored)
        edit(tampered)
        assert verify_document(tampered).first_change.startswith(f"{name} changed since the sign-off")


def test_an_altered_removed_or_reordered_sign_off_breaks_the_chain(complete_pack):
    stored = document(signed_twice(complete_pack))
    altered = copy.deepcopy(stored)
    altered["signoffs"][0]["reviewer"] = "Someone else"
    assert "sign-off 1 by Someone else" in verify_document(altered).first_change
    assert "altered after signing" in verify_document(altered).first_change
    removed = copy.deepcopy(stored)
    del removed["signoffs"][0]
    assert "does not follow the sign-off before it" in verify_document(removed).first_change
    swapped = copy.deepcopy(stored)
    swapped["signoffs"].reverse()
    assert not verify_document(swapped).intact


def test_the_expected_hash_catches_a_chain_recomputed_from_scratch(complete_pack):
    pack = signed_twice(complete_pack)
    last = pack.signoffs[-1].hash
    assert verify_document(document(pack), expect_hash=last).intact
    forged = signed_twice(dataclasses.replace(complete_pack, title="Another title"))
    check = verify_document(document(forged), expect_hash=last)
    assert not check.intact and check.first_change.startswith("the last sign-off's hash is")


def test_an_edit_then_a_new_sign_off_is_intact_and_the_history_shows_the_edit(complete_pack):
    pack = signed_twice(complete_pack)
    edited = dataclasses.replace(pack, card=dataclasses.replace(pack.card, limitations="Rewritten."))
    assert judge(edited).status == "changed since signing"
    resigned = sign_pack(
        edited, reviewer="Ana Ruiz", role="lead", decision="approve-with-conditions", conditions=("z",), now=T2
    )
    result = judge(resigned)
    assert result.verification.intact and result.status == "awaiting approvals (1 of 2)"
    assert "model card section 'limitations' changed" in result.verification.history[-1]


def test_stored_values_that_no_longer_follow_are_named(complete_pack):
    stored = document(complete_pack)
    stored["tier"]["level"] = "low"
    assert verify_document(stored).first_change == "the stored tier.level does not follow from the pack's contents"
    stored = document(complete_pack)
    stored["risks"][0]["rating"] = "low"
    assert "risks[0].rating" in verify_document(stored).first_change


def test_missing_required_evidence_cannot_be_signed_without_a_waiver(policy, saved):
    evidence = load_evidence((saved["strict_audit"],), Workspace())
    pack = new_pack(title="Hiring", answers=HIRING, policy=policy, evidence=evidence, as_of=DAY)
    for decision, conditions in (("approve-with-conditions", ("x",)), ("reject", ())):
        with pytest.raises(SignOffRefusedError) as refused:
            sign_pack(pack, reviewer="Ana", role="lead", decision=decision, conditions=conditions, now=T1)
        assert "required evidence is missing" in str(refused.value) and "explanations" in str(refused.value)
    missing = [r.id for r in judge(pack).missing]
    waivers = [Waiver(r, f"Reviewed outside this pack: {r}.") for r in missing]
    with pytest.raises(SignOffRefusedError, match=missing[-1]):
        sign_pack(pack, reviewer="Ana", role="lead", decision="reject", waivers=waivers[:-1], now=T1)
    signed = sign_pack(pack, reviewer="Ana", role="lead", decision="reject", waivers=waivers, now=T1)
    result = judge(signed)
    assert {r.status for r in result.requirements} <= {"filled", "waived"} and result.status == "rejected"
    waived = next(r for r in result.requirements if r.id == "explanations")
    assert waived.by == ("waiver by Ana (lead) on 2026-03-02: Reviewed outside this pack: explanations.",)
    assert verify_document(document(signed)).intact


def test_waivers_are_checked(complete_pack, policy):
    with pytest.raises(InputError, match="already filled"):
        sign_pack(
            complete_pack, reviewer="A", role="r", decision="reject", waivers=(Waiver("bias_audit", "no"),), now=T1
        )
    with pytest.raises(InputError, match="not required at the High tier"):
        sign_pack(
            complete_pack, reviewer="A", role="r", decision="reject", waivers=(Waiver("disclosure", "no"),), now=T1
        )
    with pytest.raises(InputError, match="reason"):
        sign_pack(complete_pack, reviewer="A", role="r", decision="reject", waivers=(Waiver("logging", " "),), now=T1)


def test_decisions_and_dates_are_checked(complete_pack, policy):
    with pytest.raises(InputError, match="needs at least one condition"):
        sign_pack(complete_pack, reviewer="A", role="r", decision="approve-with-conditions", now=T1)
    with pytest.raises(InputError, match="takes no conditions"):
        sign_pack(complete_pack, reviewer="A", role="r", decision="approve", conditions=("x",), now=T1)
    with pytest.raises(InputError, match="unknown decision"):
        sign_pack(complete_pack, reviewer="A", role="r", decision="maybe", now=T1)
    with pytest.raises(InputError, match="after the signing date"):
        sign_pack(complete_pack, reviewer="A", role="r", decision="reject", expires="2026-03-02", now=T1)
    with pytest.raises(InputError, match="not a date"):
        sign_pack(complete_pack, reviewer="A", role="r", decision="reject", expires="03/04/2026", now=T1)
    with pytest.raises(InputError, match="'reviewer' must be non-empty"):
        sign_pack(complete_pack, reviewer=" ", role="r", decision="reject", now=T1)


def test_a_failed_audit_cannot_be_approved_without_conditions(complete_pack):
    assert any(v.status == "fail" for v in complete_pack.evidence[0].verdicts)
    with pytest.raises(SignOffRefusedError, match="fail verdict"):
        sign_pack(complete_pack, reviewer="A", role="r", decision="approve", now=T1)


def test_a_prohibited_use_can_only_be_rejected(policy):
    pack = new_pack(
        title="Score citizens",
        answers=dataclasses.replace(LOG_SUMMARISER, practices=("social_scoring",)),
        policy=policy,
        as_of=DAY,
    )
    with pytest.raises(SignOffRefusedError, match="can only be rejected"):
        sign_pack(pack, reviewer="A", role="r", decision="approve-with-conditions", conditions=("x",), now=T1)
    assert judge(sign_pack(pack, reviewer="A", role="r", decision="reject", now=T1)).status == "rejected"


def test_tampered_evidence_cannot_be_signed(complete_pack):
    item = complete_pack.evidence[0]
    tampered = dataclasses.replace(
        complete_pack, evidence=(dataclasses.replace(item, title="Edited"), *complete_pack.evidence[1:])
    )
    with pytest.raises(SignOffRefusedError, match="no longer matches its own digest"):
        sign_pack(tampered, reviewer="A", role="r", decision="reject", now=T1)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.pop("answers"), "has no 'answers'"),
        (lambda d: d.update(schema_version=99), "newer version"),
        (lambda d: d.update(kind="bias_audit"), "not a review pack"),
        (lambda d: d.update(extra=1), "unknown key 'extra'"),
        (lambda d: d["evidence"][0]["figures"][0].update(value=5), "'evidence[0].figures[0].value' has the wrong type"),
        (lambda d: d["signoffs"].append({"reviewer": "x"}), "missing the field 'signoffs[0].role'"),
    ],
)
def test_a_malformed_pack_is_one_clear_error(complete_pack, edit, message):
    stored = document(complete_pack)
    edit(stored)
    with pytest.raises(InputError) as error:
        verify_document(stored, file="pack.json")
    assert message in str(error.value)


_SIGNED: dict[str, dict] = {}
_LEAVES = st.sampled_from(["card", "evidence", "risks", "answers", "title"])


def _string_leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _string_leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _string_leaves(item, (*path, index))
    elif isinstance(value, str) and value:
        yield path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(part=_LEAVES, pick=st.integers(min_value=0, max_value=10_000), at=st.integers(min_value=0, max_value=10_000))
def test_any_one_character_change_to_what_was_signed_is_caught(complete_pack, part, pick, at):
    key = complete_pack.fingerprint()
    if key not in _SIGNED:
        _SIGNED[key] = document(signed_twice(complete_pack))
    stored = _SIGNED[key]
    leaves = [p for p in _string_leaves(stored[part], (part,)) if p[-1] not in ("stale_reasons", "score", "rating")]
    path = leaves[pick % len(leaves)]
    tampered = copy.deepcopy(stored)
    holder = tampered
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = _flip(holder[path[-1]], at)
    try:
        check = verify_document(tampered)
    except InputError:
        return  # the change made the file malformed (an answer the policy does not offer): exit 2, also caught
    assert not check.intact
