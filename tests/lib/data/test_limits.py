"""Limits on input: the size-limit variable, sizes written so they differ, cells and unpacked bytes."""

from __future__ import annotations

import io
import zipfile

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lib.data import CEILING_MB, LIMIT_VARIABLE, MAX_CELLS, check_file_size, format_size, load_table, max_upload_bytes
from lib.data._limits import size_pair
from lib.errors import InputError

MB = 1024 * 1024


@pytest.mark.parametrize("raw", ["abc", "nan", "NaN", "inf", "-inf", "0", "-1", "0.5", "1025", "1e9", "12 MB"])
def test_unusable_limits_are_refused_naming_the_variable_and_what_it_accepts(monkeypatch, raw):
    monkeypatch.setenv(LIMIT_VARIABLE, raw)
    with pytest.raises(InputError) as caught:
        max_upload_bytes()
    message = str(caught.value)
    assert LIMIT_VARIABLE in message
    assert "a number of megabytes from 1 to 1,024" in message
    assert f"found '{raw}'" in message


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", MB), ("1024", 1024 * MB), (" 512 ", 512 * MB), ("1.5", int(1.5 * MB))]
)
def test_usable_limits(monkeypatch, raw, expected):
    monkeypatch.setenv(LIMIT_VARIABLE, raw)
    assert max_upload_bytes() == expected


def test_unset_or_empty_means_the_ceiling(monkeypatch):
    monkeypatch.delenv(LIMIT_VARIABLE, raising=False)
    assert max_upload_bytes() == CEILING_MB * MB
    monkeypatch.setenv(LIMIT_VARIABLE, "")
    assert max_upload_bytes() == CEILING_MB * MB


def test_a_refused_limit_refuses_the_upload_too(monkeypatch):
    monkeypatch.setenv(LIMIT_VARIABLE, "nan")
    with pytest.raises(InputError, match=LIMIT_VARIABLE):
        load_table(b"a,b\n1,2\n", name="small.csv")


@pytest.mark.parametrize(
    ("n_bytes", "shown"),
    [
        (0, "0 bytes"),
        (1023, "1,023 bytes"),
        (1024, "1 KB"),
        (1536, "1.5 KB"),
        (MB, "1 MB"),
        (int(1.3 * MB), "1.3 MB"),
        (int(12.34 * MB), "12.3 MB"),
        (int(512.4 * MB), "512 MB"),
        (1024 * MB, "1,024 MB"),
        (1025 * MB, "1 GB"),
        (int(5.87 * 1024 * MB), "5.87 GB"),
    ],
)
def test_sizes_read_as_people_write_them(n_bytes, shown):
    assert format_size(n_bytes) == shown


def test_a_size_just_over_the_limit_is_given_in_bytes_so_the_numbers_differ():
    assert size_pair(MB + 1, MB) == ("1 MB (1,048,576 bytes)", "1,048,577 bytes")
    assert size_pair(int(1.0004 * MB), MB) == ("1 MB (1,048,576 bytes)", "1,048,995 bytes")
    assert size_pair(int(1.04 * MB), MB) == ("1 MB", "1.04 MB")
    assert size_pair(int(1.3 * MB), MB) == ("1 MB", "1.3 MB")


def test_file_size_message_has_both_sizes_and_they_differ():
    with pytest.raises(InputError) as caught:
        check_file_size(int(1.3 * MB), name="big.csv", limit=MB)
    assert str(caught.value) == "file 'big.csv': the file is too large. Expected at most 1 MB; found 1.3 MB."
    check_file_size(MB, name="exact.csv", limit=MB)  # the limit itself is accepted


def _nulls_parquet(n_rows: int, n_columns: int = 2) -> bytes:
    buffer = io.BytesIO()
    table = pa.table({f"c{i}": pa.nulls(n_rows) for i in range(n_columns)})
    pq.write_table(table, buffer, row_group_size=max(n_rows, 1))
    return buffer.getvalue()


def test_parquet_over_the_cell_cap_is_refused_from_its_footer_without_reading_a_row(monkeypatch):
    data = _nulls_parquet(20_000)
    monkeypatch.setattr(pq.ParquetFile, "read", lambda *a, **k: pytest.fail("rows were read"))
    with pytest.raises(InputError) as caught:
        load_table(data, name="log.parquet", max_cells=10_000)
    message = str(caught.value)
    assert "the Parquet file holds 20,000 rows in 2 columns, more than fits in memory" in message
    assert "at most 10,000 cells" in message and "found 40,000 cells" in message
    assert "damaged" not in message


@pytest.mark.slow
def test_three_hundred_million_rows_in_a_small_parquet_file_are_refused_with_the_count_and_the_cap():
    data = _nulls_parquet(300_000_000)
    assert len(data) < 6 * MB
    with pytest.raises(InputError) as caught:
        load_table(data, name="huge.parquet")
    message = str(caught.value)
    assert "holds 300,000,000 rows in 2 columns" in message
    assert f"at most {MAX_CELLS // 1_000_000} million cells" in message and "found 600 million cells" in message


def test_parquet_that_unpacks_beyond_the_byte_cap_is_refused(monkeypatch):
    import lib.data._binary as binary

    buffer = io.BytesIO()
    # Distinct long strings: 50 kB unpacked from a file a seventh of that (compressed).
    pq.write_table(pa.table({"a": [f"{i:04d}" + "x" * 996 for i in range(50)], "b": list(range(50))}), buffer)
    monkeypatch.setattr(binary, "MAX_UNPACKED_BYTES", 10_000)
    monkeypatch.setattr(pq.ParquetFile, "read", lambda *a, **k: pytest.fail("rows were read"))
    with pytest.raises(
        InputError,
        match=r"rows unpack to more than fits in memory. Expected at most 9.77 KB once unpacked; found 51.6 KB",
    ):
        load_table(buffer.getvalue(), name="wide.parquet")


def test_text_table_over_the_cell_cap_is_refused_before_it_becomes_a_frame():
    data = b"a,b,c\n" + b"1,2,3\n" * 5000
    with pytest.raises(InputError, match=r"the table holds 5,000 rows in 3 columns.*at most 10,000 cells"):
        load_table(data, name="rows.csv", max_cells=10_000)
    frame, _ = load_table(data, name="rows.csv", max_cells=15_000)
    assert frame.shape == (5000, 3)


def test_workbook_that_unpacks_beyond_the_cap_is_refused_from_its_zip_directory(monkeypatch):
    import lib.data._binary as binary

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<c>0</c>" * 200_000)
    monkeypatch.setattr(binary, "MAX_WORKBOOK_UNPACKED_BYTES", MB)
    with pytest.raises(InputError) as caught:
        load_table(buffer.getvalue(), name="bomb.xlsx")
    assert "workbook unpacks to more than" in str(caught.value)
    assert "at most 1 MB once unpacked" in str(caught.value) and "found 1.53 MB" in str(caught.value)


def test_out_of_memory_while_reading_is_one_clear_error(monkeypatch):
    def exhausted(*args, **kwargs):
        raise pa.ArrowMemoryError("malloc of size 536870912 failed")

    monkeypatch.setattr(pq.ParquetFile, "read", exhausted)
    buffer = io.BytesIO()
    pq.write_table(pa.table({"a": [1, 2], "b": [3, 4]}), buffer)
    with pytest.raises(InputError) as caught:
        load_table(buffer.getvalue(), name="log.parquet")
    assert "not enough memory to read this file" in str(caught.value)
    assert "damaged" not in str(caught.value)
