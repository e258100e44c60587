"""Evidence: verdicts and figures come from the saved analysis, numbers match its JSON, digests are sha256."""

from __future__ import annotations

import hashlib
import json

import pytest

from lib.errors import InputError
from lib.governance import canonical_json, evidence_digest, evidence_from_saved, load_evidence, parse_ids
from lib.store import Workspace


def test_an_audit_is_embedded_with_its_gate_verdict_figures_groups_and_provenance(saved, results):
    _, audit = results["strict_audit"]
    item = evidence_from_saved(Workspace().open(saved["strict_audit"]))
    assert item.kind == "bias_audit" and item.id == saved["strict_audit"]
    assert item.verdicts[0].title.startswith(("Release gate", "No verdict"))
    figures = {f.label: f.value for f in item.figures}
    assert figures["Rows"] == "1,000"
    # The overall accuracy and its interval are the audit's own numbers, rounded to 3 places.
    low, high = audit.overall_ci["accuracy"]
    assert figures["Overall accuracy"] == f"{audit.overall['accuracy']:.3f} (95% interval {low:.3f} to {high:.3f})"
    headline = audit.headline()["demographic_parity_difference"]
    assert figures["demographic parity difference"].startswith(f"{headline.value_large_groups:.3f} (")
    assert f"limit {headline.limit}" in figures["demographic parity difference"]
    # Four rates per group, each with the audit's interval bounds.
    assert len(item.groups) == 4 * len(audit.groups)
    first = next(g for g in item.groups if g.metric == "accuracy")
    group = next(g for g in audit.groups if g.name == first.group)
    assert (first.value, first.low, first.high) == (group.metrics["accuracy"], *group.ci["accuracy"])
    assert item.provenance.input_sha256 == audit.provenance.input_sha256
    assert item.provenance.parameters == audit.provenance.parameters and item.provenance.seed == 0


def test_an_explanation_brings_its_model_and_strongest_features(saved, results):
    _, explained = results["explain"]
    item = evidence_from_saved(Workspace().open(saved["explain"]))
    figures = {f.label: f.value for f in item.figures}
    top = next(iter(explained.global_importance))
    assert figures["Feature 1 by mean |SHAP|"].startswith(top + " (")
    assert figures["Model"] == explained.model
    assert any(v.title == "Additivity" and v.status == "pass" for v in item.verdicts)


def test_the_digest_is_sha256_of_the_items_canonical_json_without_itself(evidence):
    for item in evidence:
        body = {k: v for k, v in item.to_dict().items() if k != "sha256"}
        oracle = hashlib.sha256(
            json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        ).hexdigest()
        assert item.sha256 == oracle == evidence_digest(item)


def test_canonical_json_sorts_keys_and_refuses_nan():
    assert canonical_json({"b": [1, {"d": 2, "c": "é"}], "a": None}) == '{"a":null,"b":[1,{"c":"é","d":2}]}'.encode()
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})


def test_ids_are_read_and_checked():
    assert parse_ids("3, 7,12,") == (3, 7, 12)
    for bad in ("3,x", "0", "-1", "2,2"):
        with pytest.raises(InputError):
            parse_ids(bad)


def test_an_unknown_id_is_one_clear_error():
    with pytest.raises(InputError, match="no saved analysis with this id"):
        load_evidence((99,), Workspace())


def test_an_analysis_saved_before_specs_existed_cannot_be_evidence():
    space = Workspace()
    old = space.save(kind="bias_audit", title="old", parameters={}, results={})
    with pytest.raises(InputError, match="saved before analyses kept their spec"):
        evidence_from_saved(space.open(old))
