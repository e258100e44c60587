"""The explanation spec: every bad field is an InputError naming it; specs round-trip through JSON."""

from __future__ import annotations

import json

import pytest

from lib.analysis import spec_from_dict
from lib.errors import InputError
from lib.explain import MAX_ROWS, ExplainSpec

SHA = "ab" * 32


@pytest.mark.parametrize(
    "spec",
    [
        ExplainSpec(target="outcome"),
        ExplainSpec(way_in="outputs", outputs="score", fidelity_by="sex", features=("a", "b"), max_rows=50),
        ExplainSpec(way_in="upload", target="y", trusted=("pkg.Type",), model_sha256=SHA, positive="yes"),
        ExplainSpec(target="y", model="rf", task="regression", seed=2**32 - 1, cohort="g", gap_a="a", gap_b="b"),
    ],
)
def test_spec_round_trips_through_json(spec):
    text = json.dumps(spec.to_dict())
    again = spec_from_dict(json.loads(text))
    assert again == spec and again.fingerprint() == spec.fingerprint()


def test_an_upload_needs_the_model_file_as_well_as_the_data():
    assert ExplainSpec(target="y").required_inputs() == {"data": "table"}
    assert ExplainSpec(way_in="upload").required_inputs() == {"data": "table", "model": "file"}


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"target": "y", "seed": -1}, "'seed'"),
        ({"target": "y", "seed": 2**32}, "'seed'"),
        ({"target": "y", "max_rows": 0}, "'max_rows'"),
        ({"target": "y", "max_rows": MAX_ROWS + 1}, "'max_rows'"),
        ({"way_in": "sideways", "target": "y"}, "way in"),
        ({"target": "y", "model": "svm"}, "model family"),
        ({}, "'target'"),
        ({"way_in": "outputs"}, "'outputs'"),
        ({"way_in": "outputs", "outputs": "s", "target": "y"}, "choose one way in"),
        ({"target": "y", "fidelity_by": "sex"}, "'fidelity_by'"),
        ({"target": "y", "outputs": "s"}, "'outputs'"),
        ({"way_in": "outputs", "outputs": "s", "task": "regression"}, "'task'"),
        ({"way_in": "outputs", "outputs": "s", "positive": "1"}, "'positive'"),
        ({"target": "y", "trusted": ("a.B",)}, "'trusted'"),
        ({"way_in": "upload", "trusted": ("a.B",)}, "model_sha256"),
        ({"way_in": "upload", "model_sha256": "not a hash"}, "'model_sha256'"),
        ({"target": "y", "features": ()}, "'features'"),
        ({"target": "y", "features": ("a", "a")}, "'features'"),
        ({"target": "y", "features": ("a", " ")}, "'features'"),
        ({"target": "y", "gap_a": "a", "gap_b": "b"}, "'gap_a'"),
        ({"target": "y", "cohort": "g", "gap_a": "a"}, "two groups"),
        ({"target": "y", "cohort": "g", "gap_a": "a", "gap_b": "a"}, "two different groups"),
        ({"target": " "}, "'target'"),
    ],
)
def test_a_bad_field_is_an_input_error_naming_it(fields, named):
    with pytest.raises(InputError) as error:
        ExplainSpec(**fields)
    assert named in str(error.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [("max_rows", True), ("seed", True), ("max_rows", 1.5), ("seed", "3"), ("features", "a,b"), ("trusted", "x")],
)
def test_json_values_of_the_wrong_type_are_refused_by_name(field, value):
    with pytest.raises(InputError, match=f"'{field}'"):
        spec_from_dict({"kind": "explain", "target": "y", field: value})


def test_an_unknown_field_is_refused():
    with pytest.raises(InputError, match="unknown field 'model_file'"):
        spec_from_dict({"kind": "explain", "target": "y", "model_file": "m.skops"})


def test_without_groups_keeps_everything_else():
    spec = ExplainSpec(target="y", seed=4, cohort="g", gap_a="a", gap_b="b")
    assert spec.without_groups() == ExplainSpec(target="y", seed=4)
