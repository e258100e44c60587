"""The log source: row count, schema, a seeded sample, distinct counts, settings and the memory limit."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.analysis import DataSource
from lib.errors import InputError
from lib.logs import EngineSettings, distinct_counts, inspect_log, memory_bytes, open_log


def _open(location, **options):
    return open_log(location, memory_limit="256MB", threads=1, **options)


def test_a_log_is_a_data_source_that_names_its_engine(log_file):
    log = _open(log_file)
    assert isinstance(log, DataSource)
    described = log.describe()
    assert described["engine"] == "duckdb" and described["memory_limit"] == "256MB" and described["threads"] == "1"
    assert described["sha256"] == log.sha256 and len(log.sha256) == 64


def test_row_count_schema_and_sample(log_file, log_frame):
    log = _open(log_file)
    assert log.row_count() == len(log_frame)
    assert log.column_names() == list(log_frame.columns)
    first = log.sample(25, seed=4)
    assert len(first) == 25 and list(first.columns) == list(log_frame.columns)
    # The same rows whatever the threads; another seed, other rows; every sampled row is a row of the log.
    again = open_log(log_file, memory_limit="256MB", threads=3).sample(25, seed=4)
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(log.sample(25, seed=5))
    keys = ["label", "score", "race", "income", "region"]
    merged = first[keys].merge(log_frame[keys].drop_duplicates(), on=keys, how="left", indicator=True)
    assert (merged["_merge"] == "both").all()


def test_a_csv_log_reads_like_the_parquet_one(tmp_path, log_frame):
    path = tmp_path / "log.csv"
    log_frame.to_csv(path, index=False)
    log = _open(path)
    assert log.row_count() == len(log_frame) and log.files.format == "csv"
    assert log.query("SELECT sum(label) AS s FROM log")["s"].iloc[0] == log_frame["label"].sum()


def test_distinct_counts_are_close_to_exact(log_file, log_frame):
    counts = distinct_counts(_open(log_file), ["race", "income"])
    assert counts["race"] == 3
    assert counts["income"] == pytest.approx(log_frame["income"].nunique(), rel=0.1)


def test_inspection_needs_no_rows_loaded(partitioned, log_frame):
    inspection = inspect_log(_open(partitioned), sample_rows=3)
    data = inspection.to_dict()
    assert data["rows"] == len(log_frame) and data["files"] == 3 and data["partitions"] == ["month"]
    assert len(data["sample_rows"]) == 3 and "sample" not in data


def test_settings_are_checked():
    assert memory_bytes("1.5GiB") == int(1.5 * 1024**3)
    with pytest.raises(InputError, match="not a size"):
        EngineSettings(memory_limit="plenty")
    with pytest.raises(InputError, match="too small to query a log"):
        EngineSettings(memory_limit="1MB")
    with pytest.raises(InputError, match="thread count"):
        EngineSettings(threads=0)
    with pytest.raises(InputError, match="unknown engine"):
        EngineSettings(engine="oracle")  # type: ignore[arg-type]


def test_a_query_over_the_memory_limit_says_what_limit_would_do(log_file):
    log = open_log(log_file, memory_limit="32MB", threads=1)
    with pytest.raises(InputError) as caught:
        log.query("SELECT list(range) AS l FROM range(50000000)")
    text = str(caught.value)
    assert (
        "memory limit is too small" in text and "--memory-limit 0.5GB" in text and "found --memory-limit 32MB" in text
    )
