"""Specs: strict reading with one clear error naming the field, and schema versions."""

from __future__ import annotations

import json

import pytest

from lib.analysis import read_json_text, spec_from_dict
from lib.errors import InputError
from lib.fairness import AuditSpec

GOOD = {"kind": "bias_audit", "schema_version": 1, "label": "label", "prediction": "p", "sensitive": ["sex"]}


def test_a_spec_round_trips_and_lists_become_tuples():
    spec = spec_from_dict(GOOD)
    assert isinstance(spec, AuditSpec) and spec.sensitive == ("sex",)
    assert spec_from_dict(spec.to_dict()) == spec
    assert AuditSpec(label="l", prediction="p", sensitive=["a", "b"]).sensitive == ("a", "b")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"n_boot": True}, "'n_boot' has the wrong type. Expected a whole number; found true"),
        ({"max_difference": "0.1"}, "'max_difference' has the wrong type"),
        ({"max_difference": 1e999}, "'max_difference' has the wrong type. Expected a finite number"),
        ({"seed": 2**70}, "'seed' has the wrong type"),
        ({"seed": -1}, "'seed' is out of range. Expected a whole number from 0 to 4,294,967,295"),
        ({"seed": 2**32}, "'seed' is out of range"),
        ({"sensitive": "sex"}, "'sensitive' has the wrong type. Expected a list of text"),
        ({"sensitive": [1]}, "'sensitive[0]' has the wrong type"),
        ({"n_boot": 10**7}, "'n_boot' is out of range. Expected a whole number from 50 to 20,000 resamples"),
        ({"threshold": 0.5}, "a threshold applies to a score column"),
        ({"colour": "red"}, "unknown field 'colour'"),
        ({"schema_version": 99}, "written by a newer version of Decision Desk. Expected schema_version 1 or older"),
        ({"schema_version": "1"}, "invalid schema_version"),
        ({"kind": "explainx"}, "unknown analysis kind"),
    ],
)
def test_bad_specs_name_the_field(change, words):
    with pytest.raises(InputError) as error:
        spec_from_dict({**GOOD, **change}, file="spec.json")
    assert words in str(error.value)
    assert str(error.value).count("\n") == 0


def test_a_missing_field_and_a_missing_kind_are_named():
    with pytest.raises(InputError, match="missing the field 'label'"):
        spec_from_dict({k: v for k, v in GOOD.items() if k != "label"})
    with pytest.raises(InputError, match="does not say its kind"):
        spec_from_dict({k: v for k, v in GOOD.items() if k != "kind"})


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xff\xfe{", "not UTF-8 text"),
        (b"{", "not valid JSON (line 1, column 2"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"a": ' + b"9" * 5000 + b"}", "cannot be read"),
        (b"[" * 50 + b"]" * 50, "nested too deeply"),
    ],
)
def test_unreadable_json_gets_one_line(data, words):
    with pytest.raises(InputError) as error:
        read_json_text(data, file="spec.json")
    assert words in str(error.value) and "spec.json" in str(error.value)


def test_a_byte_order_mark_is_accepted():
    assert read_json_text(b"\xef\xbb\xbf" + json.dumps(GOOD).encode(), file="spec.json") == GOOD
