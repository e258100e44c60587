"""Inputs by role: loaded from a path or a sample key, checked against the recorded hash."""

from __future__ import annotations

import pytest

from lib.analysis import open_inputs, run, sha256_of, table_source
from lib.errors import InputError
from lib.fairness import AuditSpec
from tests.conftest import SAMPLES

SPEC = AuditSpec(label="label", prediction="prediction", sensitive=("sex",), n_boot=60)


def test_a_sample_key_and_its_file_are_the_same_input():
    by_key = table_source("german_credit_predictions")
    by_path = table_source(SAMPLES / "german_credit_predictions.csv")
    assert by_key.sha256 == by_path.sha256 == sha256_of((SAMPLES / "german_credit_predictions.csv").read_bytes())
    assert by_key.location == "german_credit_predictions" and len(by_key.frame) == 1000


def test_a_file_that_changed_is_refused_naming_it_and_both_hashes(tmp_path):
    original = (SAMPLES / "german_credit_predictions.csv").read_bytes()
    changed = tmp_path / "german.csv"
    changed.write_bytes(original.replace(b"male", b"Male", 1))
    with pytest.raises(InputError) as error:
        open_inputs(SPEC, {"data": str(changed)}, expected_sha256={"data": sha256_of(original)})
    text = str(error.value)
    assert "german.csv" in text and sha256_of(original) in text and sha256_of(changed.read_bytes()) in text


def test_missing_inputs_are_named():
    with pytest.raises(InputError, match="needs its 'data' input"):
        run(SPEC, {})
    with pytest.raises(InputError, match="no such file"):
        run(SPEC, {"data": "nowhere.csv"})


def test_provenance_records_every_input_by_role():
    result = run(SPEC, {"data": "adult_predictions"})
    inputs = result.provenance.inputs
    assert list(inputs) == ["data"] and inputs["data"]["name"] == "adult_predictions.csv"
    assert result.provenance.parameters == SPEC.to_dict() and result.provenance.seed == 0
