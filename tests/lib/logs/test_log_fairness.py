"""A log's audit and sweep equal the in-memory ones on the same data (same JSON apart from provenance)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.analysis import TableSource, run
from lib.errors import InputError
from lib.fairness import AuditSpec, SweepSpec
from lib.logs import open_log
from tests.lib.logs.conftest import make_log_frame


def _json_without_provenance(result) -> dict:
    data = result.to_dict()
    data.pop("provenance")
    return data


def _both(spec, frame: pd.DataFrame, path) -> tuple[dict, dict]:
    in_memory = run(spec, {"data": TableSource(frame, "log.parquet", "0" * 64)})
    log = open_log(path, memory_limit="256MB", threads=2)
    try:
        return _json_without_provenance(in_memory), _json_without_provenance(run(spec, {"data": log}))
    finally:
        log.close()


SPECS = [
    AuditSpec(label="label", prediction="prediction", sensitive=("sex", "race"), n_boot=200),
    AuditSpec(label="label", prediction="prediction", sensitive=("sex", "race"), intersectional=True, n_boot=200),
    AuditSpec(label="label", score="score", threshold=0.4, sensitive=("race",), n_boot=200, seed=7),
    AuditSpec(label="label", score="score", sensitive=("sex", "race"), intersectional=True, n_boot=100),
    SweepSpec(label="label", score="score", sensitive=("sex", "race")),
    SweepSpec(label="label", score="score", sensitive=("race",), thresholds=(0.1, 0.25, 0.5, 0.9)),
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.kind}-{'-'.join(s.sensitive)}")
def test_a_log_gives_the_in_memory_result(spec, log_frame, log_file):
    expected, found = _both(spec, log_frame, log_file)
    assert found == expected


def test_hive_partitions_give_the_same_audit_as_one_file(log_frame, log_file, partitioned):
    spec = SPECS[3]
    one = open_log(log_file, memory_limit="256MB", threads=1)
    parts = open_log(partitioned, memory_limit="256MB", threads=2)
    assert _json_without_provenance(run(spec, {"data": parts})) == _json_without_provenance(run(spec, {"data": one}))


def test_scores_of_any_value_agree_to_the_last_digits_and_counts_exactly(tmp_path):
    frame = make_log_frame(3, n=2_000, dyadic=False)
    frame.to_parquet(tmp_path / "log.parquet")
    spec = AuditSpec(label="label", score="score", sensitive=("race",), n_boot=100)
    expected, found = _both(spec, frame, tmp_path / "log.parquet")
    # Counts, rates, intervals, AUC and verdicts are exact; only sums of scores (calibration) may differ in
    # the last bits, because a database adds them in another order.
    assert found["groups"] == expected["groups"]
    assert found["disparities"] == expected["disparities"]
    for mine, theirs in zip(found["calibration"]["groups"], expected["calibration"]["groups"], strict=True):
        assert mine.keys() == theirs.keys()
        for key, value in mine.items():
            if isinstance(value, float):
                assert math.isclose(value, theirs[key], rel_tol=1e-12, abs_tol=1e-15)
            else:
                assert value == theirs[key]


def test_many_distinct_scores_are_binned_with_a_note_and_exact_counts(tmp_path, monkeypatch):
    import lib.logs._fairness as module

    frame = make_log_frame(4, n=3_000, dyadic=False)
    frame.to_parquet(tmp_path / "log.parquet")
    monkeypatch.setattr(module, "EXACT_SCORES", 100)
    spec = AuditSpec(label="label", score="score", sensitive=("sex", "race"), n_boot=100)
    expected, found = _both(spec, frame, tmp_path / "log.parquet")
    assert [g["counts"] for g in found["groups"]] == [g["counts"] for g in expected["groups"]]
    exact = [{k: v for k, v in g.items() if k != "auc"} for g in found["groups"]]
    assert exact == [{k: v for k, v in g.items() if k != "auc"} for g in expected["groups"]]
    assert found["disparities"] == expected["disparities"]
    assert any("equal-width score bins" in note for note in found["notes"])
    for mine, theirs in zip(found["groups"], expected["groups"], strict=True):
        assert mine["auc"] == pytest.approx(theirs["auc"], abs=2e-3)
    cells = [(g["group"], g["bin_low"], g["rows"]) for g in found["calibration"]["bins"]]
    assert cells == [(g["group"], g["bin_low"], g["rows"]) for g in expected["calibration"]["bins"]]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(60, 400),
    groups=st.integers(2, 4),
    intersectional=st.booleans(),
)
def test_law_the_log_and_the_table_agree_on_any_data(tmp_path_factory, seed, n, groups, intersectional):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "label": rng.integers(0, 2, n),
            "score": rng.integers(0, 17, n) / 16,
            "g": rng.choice([f"g{i}" for i in range(groups)], n),
            "h": rng.choice(["x", "y"], n),
        }
    )
    path = tmp_path_factory.mktemp("law") / "log.parquet"
    frame.to_parquet(path)
    spec = AuditSpec(label="label", score="score", sensitive=("g", "h"), intersectional=intersectional, n_boot=50)
    try:
        expected, found = _both(spec, frame, path)
    except InputError as error:  # e.g. one group only: the log must refuse it the same way
        with pytest.raises(InputError) as again:
            run(spec, {"data": open_log(path, memory_limit="256MB", threads=1)})
        assert again.value.problem == error.problem
        return
    assert found == expected


def test_bad_logs_are_refused_with_the_numbers(tmp_path):
    frame = make_log_frame(5, n=500)
    text = frame.assign(score=frame["score"].astype(str))
    text.to_parquet(tmp_path / "text.parquet")
    spec = AuditSpec(label="label", score="score", sensitive=("race",), n_boot=100)
    with pytest.raises(InputError, match=r"score column must hold numbers.*found a column of type VARCHAR"):
        run(spec, {"data": open_log(tmp_path / "text.parquet", memory_limit="256MB", threads=1)})
    holes = frame.assign(label=frame["label"].where(frame.index % 50 != 0))
    holes.to_parquet(tmp_path / "holes.parquet")
    with pytest.raises(InputError, match=r"label column has missing values.*found 10 empty rows"):
        run(spec, {"data": open_log(tmp_path / "holes.parquet", memory_limit="256MB", threads=1)})
    ids = frame.assign(user=[f"u{i}" for i in range(len(frame))])
    ids.to_parquet(tmp_path / "ids.parquet")
    wide = AuditSpec(label="label", score="score", sensitive=("user",), n_boot=100)
    with pytest.raises(InputError, match=r"column 'user'.*too many distinct values.*found about"):
        run(wide, {"data": open_log(tmp_path / "ids.parquet", memory_limit="256MB", threads=1)})
    capped = open_log(tmp_path / "ids.parquet", memory_limit="256MB", threads=1, max_rows=100)
    with pytest.raises(InputError, match=r"more rows than the limit.*at most 100 rows.*found 500 rows"):
        run(spec, {"data": capped})
    few = open_log(tmp_path / "ids.parquet", memory_limit="256MB", threads=1, max_groups=4)
    two = AuditSpec(label="label", score="score", sensitive=("race", "region"), intersectional=True, n_boot=100)
    with pytest.raises(InputError, match=r"too many groups.*at most 4 groups.*found 9 combinations"):
        run(two, {"data": few})
    missing = AuditSpec(label="outcome", score="score", sensitive=("race",), n_boot=100)
    with pytest.raises(InputError, match=r"column 'outcome'.*does not have"):
        run(missing, {"data": capped})
