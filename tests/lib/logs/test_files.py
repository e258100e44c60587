"""Finding a log's files: folders, globs, hive partitions, and every way the files can disagree."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.errors import InputError
from lib.logs import find_log_files, open_log


def test_a_folder_with_hive_partitions_reads_the_keys_as_columns(partitioned, log_frame):
    files = find_log_files(partitioned)
    assert files.format == "parquet" and files.partitions == ("month",)
    assert len(files.paths) == 3 and files.columns[-1] == ("month", "partition")
    log = open_log(partitioned, memory_limit="256MB", threads=1)
    assert log.row_count() == len(log_frame)
    months = log.query('SELECT "month" AS m, count(*) AS n FROM log GROUP BY 1 ORDER BY 1')
    expected = log_frame["day"].dt.strftime("%Y-%m").value_counts().sort_index()
    assert months["n"].tolist() == expected.tolist()


def test_a_glob_matches_the_same_files(partitioned):
    files = find_log_files(f"{partitioned}/*/*.parquet")
    assert len(files.paths) == 3 and files.partitions == ("month",)


def test_a_glob_matching_nothing_says_so(tmp_path):
    with pytest.raises(InputError, match=r"no file matches this pattern.*found 0 files"):
        find_log_files(f"{tmp_path}/*.parquet")


def test_a_missing_path_and_an_empty_folder_are_named(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        find_log_files(tmp_path / "nowhere")
    with pytest.raises(InputError, match="holds no Parquet file"):
        find_log_files(tmp_path)


def test_files_with_different_schemas_name_the_file_and_the_column(tmp_path):
    pd.DataFrame({"label": [0, 1], "score": [0.1, 0.9]}).to_parquet(tmp_path / "a.parquet")
    pd.DataFrame({"label": [0, 1], "score": ["0.1", "0.9"]}).to_parquet(tmp_path / "b.parquet")
    with pytest.raises(InputError) as caught:
        find_log_files(tmp_path)
    text = str(caught.value)
    assert "different schemas" in text and "b.parquet" in text and "column 'score'" in text
    assert "double" in text and "string" in text


def test_a_column_missing_in_some_partitions_is_named(tmp_path):
    for day, frame in (("1", {"label": [0], "score": [0.2]}), ("2", {"label": [1]})):
        (tmp_path / f"day={day}").mkdir()
        pd.DataFrame(frame).to_parquet(tmp_path / f"day={day}" / "p.parquet")
    with pytest.raises(InputError) as caught:
        find_log_files(tmp_path)
    text = str(caught.value)
    assert "missing in some of the log's files" in text and "day=2" in text and "column 'score'" in text


def test_an_extra_column_and_mixed_partitions_are_refused(tmp_path):
    pd.DataFrame({"a": [1]}).to_parquet(tmp_path / "1.parquet")
    pd.DataFrame({"a": [1], "b": [2]}).to_parquet(tmp_path / "2.parquet")
    with pytest.raises(InputError, match="extra column 'b'"):
        find_log_files(tmp_path)
    other = tmp_path / "other"
    (other / "day=1").mkdir(parents=True)
    pd.DataFrame({"a": [1]}).to_parquet(other / "day=1" / "p.parquet")
    pd.DataFrame({"a": [1]}).to_parquet(other / "loose.parquet")
    with pytest.raises(InputError, match="partition folders differ"):
        find_log_files(other)


def test_a_file_that_is_not_parquet_is_refused(tmp_path):
    (tmp_path / "bad.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(InputError, match="not a readable Parquet file"):
        find_log_files(tmp_path / "bad.parquet")
    (tmp_path / "notes.json").write_text("{}")
    with pytest.raises(InputError, match="neither Parquet nor CSV"):
        find_log_files(tmp_path / "notes.json")


def test_the_fingerprint_changes_with_a_file_not_with_a_reread(tmp_path):
    path = tmp_path / "log.parquet"
    pd.DataFrame({"a": [1, 2]}).to_parquet(path)
    first = find_log_files(path).fingerprint
    assert find_log_files(path).fingerprint == first
    pd.DataFrame({"a": [1, 2, 3]}).to_parquet(path)
    assert find_log_files(path).fingerprint != first
