"""lib.data.load_table: good files in every format, and every bad file gives one clear InputError."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.data import load_table
from lib.errors import InputError

GOOD = pd.DataFrame({"id": [1, 2, 3], "sex": ["f", "m", "f"], "label": [0, 1, 1], "score": [0.2, 0.7, 0.9]})


def _xlsx(frame: pd.DataFrame, header: list[str] | None = None) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, header=header if header is not None else True, engine="openpyxl")
    return buffer.getvalue()


def _parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("good.csv", GOOD.to_csv(index=False).encode()),
        ("good.tsv", GOOD.to_csv(index=False, sep="\t").encode()),
        ("semicolons.csv", GOOD.to_csv(index=False, sep=";").encode()),
        ("pipes.txt", GOOD.to_csv(index=False, sep="|").encode()),
        ("bom.csv", b"\xef\xbb\xbf" + GOOD.to_csv(index=False).encode()),
        ("crlf.csv", GOOD.to_csv(index=False, lineterminator="\r\n").encode()),
        ("good.parquet", _parquet(GOOD)),
        ("good.xlsx", _xlsx(GOOD)),
    ],
)
def test_good_files_in_every_format_parse_to_the_same_table(name, data):
    frame, dataset = load_table(data, name=name)
    assert list(frame.columns) == list(GOOD.columns)
    assert frame["label"].tolist() == [0, 1, 1]
    assert frame["score"].tolist() == pytest.approx([0.2, 0.7, 0.9])
    assert frame["sex"].tolist() == ["f", "m", "f"]
    assert (dataset.n_rows, dataset.n_columns) == (3, 4)
    assert dataset.roles.label == "label"
    assert dataset.roles.score == "score"
    assert dataset.roles.sensitive == ("sex",)


def test_sha256_is_of_the_bytes_and_the_record_describes_the_table():
    import hashlib

    data = GOOD.to_csv(index=False).encode()
    _, dataset = load_table(data, name="good.csv")
    assert dataset.sha256 == hashlib.sha256(data).hexdigest()
    assert dataset.columns == ("id", "sex", "label", "score")
    assert dataset.dtypes["score"].startswith("float")
    assert dataset.file_format == "csv"


def test_latin1_is_accepted_and_noted():
    data = "name;town\nJosé;Málaga\nRenée;Besançon\n".encode("latin-1")
    frame, dataset = load_table(data, name="towns.csv")
    assert frame["town"].tolist() == ["Málaga", "Besançon"]
    assert any("Latin-1" in note for note in dataset.notes)


def test_utf8_with_bom_keeps_the_first_column_name_clean():
    frame, _ = load_table("\ufeffcity,n\nKöln,1\n".encode(), name="bom.csv")
    assert list(frame.columns) == ["city", "n"]
    assert frame["city"].iloc[0] == "Köln"


def test_quoted_fields_with_separators_and_newlines():
    frame, _ = load_table(b'a,b\n"x,y",2\n"two\nlines",3\n', name="q.csv")
    assert frame["a"].tolist() == ["x,y", "two\nlines"]


def test_reads_from_a_path(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(GOOD.to_csv(index=False).encode())
    frame, dataset = load_table(path)
    assert dataset.name == "data.csv"
    assert len(frame) == 3


def test_unnamed_index_column_gets_a_name():
    frame, dataset = load_table(b",a,b\n0,1,2\n1,3,4\n", name="r.csv")
    assert frame.columns[0] == "rownames"
    assert any("Unnamed" in n for n in dataset.notes)


def test_mixed_types_are_reported_not_fatal():
    frame, dataset = load_table(b"a,b\n1,x\n2,3\n4,5\n", name="mixed.csv")
    assert len(frame) == 3
    (note,) = [n for n in dataset.notes if "mixes numbers" in n]
    assert "'b'" in note and "2 values" in note and "1 value," in note


def test_extension_and_content_disagree_content_wins_with_a_note():
    frame, dataset = load_table(_parquet(GOOD), name="actually_parquet.csv")
    assert len(frame) == 3
    assert dataset.file_format == "parquet"
    assert any("holds PARQUET" in n for n in dataset.notes)


def test_excel_reads_first_sheet_and_notes_the_others():
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        GOOD.to_excel(writer, sheet_name="data", index=False)
        GOOD.to_excel(writer, sheet_name="other", index=False)
    frame, dataset = load_table(buffer.getvalue(), name="two.xlsx")
    assert frame["label"].tolist() == [0, 1, 1]
    assert any("2 sheets" in n for n in dataset.notes)


# ---- every bad input from the issue, each with a message naming the file and what was expected ----

BAD_INPUTS = {
    "empty file": ("empty.csv", b"", "is empty"),
    "whitespace only": ("blank.csv", b"\n \n", "is empty"),
    "header only": ("header.csv", b"a,b,c\n", "header but no data rows"),
    "binary garbage": ("garbage.csv", bytes(range(256)) * 8, "binary data"),
    "wrong extension": ("report.pdf", b"%PDF-1.4 ...", "not supported"),
    "pickle": ("model.pkl", b"\x80\x04\x95", "not supported"),
    "legacy excel": ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
    "duplicate names csv": ("dup.csv", b"a,b,a\n1,2,3\n", "repeated names 'a'"),
    "duplicate names xlsx": ("dup.xlsx", _xlsx(pd.DataFrame([[1, 2]]), header=["x", "x"]), "repeated names 'x'"),
    "single column": ("one.csv", b"a\n1\n2\n", "single column"),
    "corrupt xlsx": ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 64, "workbook is damaged"),
    "xlsx that is text": ("text.xlsx", b"a,b\n1,2\n", "workbook is damaged"),
    "truncated parquet": ("cut.parquet", _parquet(GOOD)[:-40], "truncated or damaged"),
    "damaged parquet": ("bad.parquet", b"PAR1" + b"\x00" * 50 + b"PAR1", "damaged"),
    "ragged long row": ("ragged.csv", b"a,b\n1,2\n3,4,5\n", "3 fields on line 3"),
    "ragged short row": ("ragged.csv", b"a,b,c\n1,2,3\n4,5\n", "2 fields on line 3"),
    "unterminated quote": ("quote.csv", b'a,b\n"1,2\n', "never closed"),
}


@pytest.mark.parametrize("case", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_each_bad_input_gives_one_clear_message(case):
    name, data, phrase = case
    with pytest.raises(InputError) as caught:
        load_table(data, name=name)
    message = str(caught.value)
    assert f"file '{name}'" in message
    assert phrase in message
    assert "\n" not in message and "Traceback" not in message


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path):
    data = GOOD.to_csv(index=False).encode() * 100
    with pytest.raises(InputError, match=r"too large. Expected at most 1,000 bytes; found 4.79 KB"):
        load_table(data, name="big.csv", max_bytes=1000)
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    with pytest.raises(InputError, match="too large"):
        load_table(path, max_bytes=1000)


def test_size_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DECISION_DESK_MAX_UPLOAD_MB", "1")
    row = b"1,2\n"
    data = b"a,b\n" + row * int(1.3 * 1024 * 1024 / len(row))
    with pytest.raises(InputError, match=r"too large. Expected at most 1 MB; found 1.3 MB"):
        load_table(data, name="big.csv")


def test_missing_path():
    with pytest.raises(InputError, match="no such file"):
        load_table("/nonexistent/file.csv")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2048), extension=st.sampled_from([".csv", ".tsv", ".parquet", ".xlsx", ".txt", ""]))
def test_arbitrary_bytes_raise_nothing_but_input_error(data, extension):
    try:
        frame, dataset = load_table(data, name=f"fuzz{extension}")
    except InputError:
        return
    assert dataset.n_rows == len(frame) >= 1
    assert dataset.n_columns >= 2


_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(_cell, min_size=0, max_size=4), min_size=0, max_size=6),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_arbitrary_small_csvs_raise_nothing_but_input_error(rows, delimiter):
    text = "\n".join(delimiter.join(row) for row in rows)
    try:
        frame, dataset = load_table(text.encode("utf-8"), name="fuzz.csv")
    except InputError:
        return
    assert list(frame.columns) == list(dataset.columns)


# ---- encodings: read, or named ----

TEXT = "label,score,town\n1,0.5,Málaga\n0,0.25,Köln\n"


@pytest.mark.parametrize(
    ("encoded", "note"),
    [
        (TEXT.encode("utf-16"), "UTF-16"),  # with a byte-order mark
        (TEXT.encode("utf-16-le"), "UTF-16"),  # without one: recognised by its zero bytes
        (TEXT.encode("utf-16-be"), "UTF-16"),
        (TEXT.encode("utf-32"), "UTF-32"),
        (TEXT.encode("cp1252"), "Latin-1"),
    ],
)
def test_utf16_utf32_and_latin1_text_is_read_and_noted(encoded, note):
    frame, dataset = load_table(encoded, name="towns.csv")
    assert frame["town"].tolist() == ["Málaga", "Köln"]
    assert frame["score"].tolist() == [0.5, 0.25]
    assert any(note in n for n in dataset.notes)


def test_windows_1252_punctuation_is_read():
    frame, _ = load_table("item;price\nTea;3 €\n“Quoted”;2 €\n".encode("cp1252"), name="shop.csv")
    assert frame["price"].tolist() == ["3 €", "2 €"]
    assert frame["item"].tolist() == ["Tea", "“Quoted”"]


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (
            b"a,b\n1,\x002\n3,4\n",
            "holds NUL bytes, which a text table never does (it may be damaged). Expected a text table",
        ),
        (b"a,b\n1,\x002\n3,4\n", "found 1 NUL byte, the first on line 2"),
        (b"\x1f\x8b\x08\x00" + bytes(range(200)), "this is a gzip-compressed file; decompress it first, not a table"),
        (b"SQLite format 3\x00" + bytes(200), "this is an SQLite database"),
        (b"\xff\xfe" + b"\x00\xd8" * 4, "marked as UTF-16 text but cannot be read as UTF-16"),
    ],
)
def test_files_that_are_not_text_are_named_for_what_they_are(data, phrase):
    with pytest.raises(InputError) as caught:
        load_table(data, name="x.csv")
    assert phrase in str(caught.value)
    assert "binary data" not in str(caught.value)


def test_a_row_longer_than_a_parse_block_is_read(monkeypatch):
    import lib.data._text as text

    monkeypatch.setattr(text, "BLOCK_SIZE", 1024)
    frame, _ = load_table(b"a,b\n1," + b"x" * 5000 + b"\n2,y\n", name="long.csv")
    assert frame["b"].str.len().tolist() == [5000, 1]


# ---- Parquet columns every later step can compare ----


def test_nested_parquet_columns_become_text_with_a_note():
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(
        pa.table({"tags": [[1, 2], None, [3]], "meta": [{"k": "v"}, {"k": "w"}, None], "n": [1, 2, 3]}), buffer
    )
    frame, dataset = load_table(buffer.getvalue(), name="nested.parquet")
    assert frame["tags"].tolist()[::2] == ["[1, 2]", "[3]"] and frame["tags"].isna().tolist() == [False, True, False]
    assert frame["meta"].tolist()[:2] == ['{"k": "v"}', '{"k": "w"}']
    assert any("Column 'tags' holds nested values" in n for n in dataset.notes)


def test_dictionary_encoded_parquet_columns_are_plain_values():
    frame = pd.DataFrame({"group": pd.Categorical(["a", "b", "a"], categories=["a", "b", "unused"]), "n": [1, 2, 3]})
    loaded, _ = load_table(_parquet(frame), name="cat.parquet")
    assert not isinstance(loaded["group"].dtype, pd.CategoricalDtype)
    assert loaded["group"].value_counts().to_dict() == {"a": 2, "b": 1}


def test_long_names_and_values_are_cut_in_messages():
    name = "n" * 500
    with pytest.raises(InputError) as caught:
        load_table(f"{name},{name}\n1,2\n".encode(), name="dup.csv")
    assert len(str(caught.value)) < 200 and "..." in str(caught.value)
