"""Bundled samples load offline and are what the README says."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from lib.errors import InputError
from lib.samples import SAMPLE_DIR, SAMPLES, get_sample, load_sample, sample_keys


@pytest.mark.parametrize("key", sample_keys())
def test_every_sample_loads_and_is_documented(key):
    frame, dataset, data = load_sample(key)
    assert len(frame) > 100 and dataset.sha256 == hashlib.sha256(data).hexdigest()
    readme = (SAMPLE_DIR / "README.md").read_text()
    sample = get_sample(key)
    assert (sample.file or key) in readme


def test_the_audit_samples_have_what_an_audit_needs():
    for key, sensitive in (("adult_predictions", "sex"), ("german_credit_predictions", "age_group")):
        _, dataset, _ = load_sample(key)
        roles = dataset.roles
        assert (roles.label, roles.score, roles.prediction, roles.id) == ("label", "score", "prediction", "id")
        assert sensitive in roles.sensitive


def test_known_sizes():
    keys = ("adult", "adult_predictions", "german_credit", "ml_spend", "prediction_log")
    sizes = {key: load_sample(key)[1].n_rows for key in keys}
    assert sizes == {
        "adult": 48842,
        "adult_predictions": 16281,
        "german_credit": 1000,
        "ml_spend": 288,
        "prediction_log": 24000,
    }


def test_the_prediction_log_carries_its_planted_drift_and_late_labels():
    frame, dataset, _ = load_sample("prediction_log")
    month = frame["date"].astype(str).str[:7]
    south = frame["region"] == "south"
    before, after = frame[south & (month < "2025-09")], frame[south & (month >= "2025-09")]
    assert after["income"].median() > 1.25 * before["income"].median()
    assert frame.loc[month >= "2025-11", "label"].isna().all() and frame.loc[month < "2025-11", "label"].notna().all()
    assert dataset.roles.date == "date" and dataset.roles.score == "score" and dataset.roles.label == "label"


def test_unknown_sample():
    with pytest.raises(InputError, match="no bundled sample"):
        get_sample("nope")


@pytest.mark.slow
def test_make_samples_reproduces_the_committed_files_byte_for_byte(tmp_path):
    generated = ["adult_predictions.csv", "german_credit_predictions.csv", "ml_spend.csv", "prediction_log.csv"]
    before = {name: (SAMPLE_DIR / name).read_bytes() for name in generated}
    # Run a copy of the script in a scratch folder holding the committed sources.
    for name in ("make_samples.py", "adult.parquet", "german_credit.csv"):
        (tmp_path / name).write_bytes((SAMPLE_DIR / name).read_bytes())
    subprocess.run([sys.executable, str(tmp_path / "make_samples.py")], check=True, cwd=tmp_path)
    for name in generated:
        assert (tmp_path / name).read_bytes() == before[name], name
    assert len(SAMPLES) >= 3
