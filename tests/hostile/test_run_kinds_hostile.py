"""`python -m lib run KIND --spec SPEC.json` over hostile specs, for every registered kind.

Each kind starts from its own runnable example; the hostile specs are whole documents
that are wrong (nested 100,000 deep, a 5,000-digit number, NaN, duplicate keys...) and
the example with one field at a time replaced by a hostile value.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lib.analysis import kinds
from lib.samples import load_sample
from tests.hostile import corpus
from tests.hostile.harness import run_in_process

KINDS = sorted(kinds())
# Hostile values for one field, as JSON text (some are not JSON that json.dumps can write).
FIELD_VALUES = {
    "null": "null",
    "huge integer": "9" * 400,
    "NaN": "NaN",
    "-Infinity": "-Infinity",
    "negative": "-1",
    "HTML": json.dumps(corpus.HTML),
    "empty list": "[]",
    "object": '{"a": [1, {"b": null}]}',
    "nested 60 levels": "[" * 60 + "]" * 60,
    "true": "true",
}


def _example(kind: str):
    return kinds()[kind].examples()[0]


def _fields(kind: str) -> list[str]:
    return list(_example(kind).spec.to_dict())


@pytest.fixture(scope="module")
def small_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The first 400 rows of each sample an example reads, as CSV: the same columns, a fraction of the work."""
    folder = tmp_path_factory.mktemp("inputs")
    paths = {}
    for kind in KINDS:
        for key in _example(kind).locations.values():
            if key not in paths:
                frame, _, _ = load_sample(key)
                paths[key] = folder / f"{key}.csv"
                frame.head(400).to_csv(paths[key], index=False)
    return paths


def _run(kind: str, spec_text: bytes, folder: Path, inputs: dict[str, Path]) -> None:
    spec = folder / "spec.json"
    spec.write_bytes(spec_text)
    data = []
    for role, key in _example(kind).locations.items():
        data += ["--data", f"{role}={inputs[key]}"]
    run_in_process(["run", kind, "--spec", str(spec), *data]).check()


def test_every_kind_runs_from_its_example_spec(small_inputs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(KINDS) >= 16
    for kind in KINDS:
        spec = json.dumps(_example(kind).spec.to_dict()).encode()
        spec_path = tmp_path / "spec.json"
        spec_path.write_bytes(spec)
        data = [x for role, key in _example(kind).locations.items() for x in ("--data", f"{role}={small_inputs[key]}")]
        outcome = run_in_process(["run", kind, "--spec", str(spec_path), *data])
        assert outcome.code in (0, 1), (kind, outcome.err)


@pytest.mark.parametrize("case", sorted(corpus.HOSTILE_JSON))
@pytest.mark.parametrize("kind", KINDS)
def test_hostile_spec_document(kind, case, small_inputs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _run(kind, corpus.HOSTILE_JSON[case](_example(kind).spec.to_dict()), tmp_path, small_inputs)


@pytest.mark.parametrize(
    ("kind", "field"), [(kind, field) for kind in KINDS for field in _fields(kind)], ids=lambda v: str(v)
)
def test_hostile_value_in_each_field(kind, field, small_inputs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    base = _example(kind).spec.to_dict()
    for value in FIELD_VALUES.values():
        if value in ("null", "true") and json.loads(value) == base[field]:
            continue  # the example's own value: already run by the test above
        marker = "__HOSTILE_FIELD__"
        text = json.dumps({**base, field: marker}).replace(f'"{marker}"', value)
        _run(kind, text.encode(), tmp_path, small_inputs)
