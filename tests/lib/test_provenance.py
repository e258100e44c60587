"""Provenance records what produced a result."""

from __future__ import annotations

import datetime as dt

from lib.provenance import library_versions, make_provenance


def test_provenance_records_input_parameters_versions_seed_and_time():
    record = make_provenance(parameters={"limit": 0.1}, input_sha256="ab" * 32, input_name="a.csv", seed=7)
    payload = record.to_dict()
    assert payload["input_sha256"] == "ab" * 32 and payload["seed"] == 7
    assert payload["parameters"] == {"limit": 0.1}
    assert {"python", "decision-desk", "numpy", "pandas"} <= set(payload["library_versions"])
    assert dt.datetime.fromisoformat(payload["created_at"]).tzinfo is not None
    markdown = record.to_markdown()
    assert "Seed: 7" in markdown and "a.csv" in markdown


def test_library_versions_are_real_versions():
    import numpy

    assert library_versions()["numpy"] == numpy.__version__
