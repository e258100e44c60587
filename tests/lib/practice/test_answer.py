"""Reading an answer file: UTF-8 in, and for anything else a message that names what the file holds."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.errors import InputError
from lib.practice import MAX_ANSWER_BYTES, decode_answer

TEXT = "Situation: our ranking service cost $0.42 per 1,000 predictions — café, naïve, 95 ms."


@pytest.mark.parametrize("data", [TEXT.encode("utf-8"), codecs.BOM_UTF8 + TEXT.encode("utf-8")])
def test_utf8_with_or_without_bom(data):
    assert decode_answer(data, name="a.txt") == TEXT


def test_empty_file_is_an_empty_answer():
    assert decode_answer(b"", name="a.txt") == ""


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (TEXT.encode("utf-16"), "UTF-16 text (little-endian)"),  # Python writes a byte-order mark
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "UTF-16 text (big-endian)"),
        (TEXT.encode("utf-16-le"), "UTF-16 text (little-endian, no byte-order mark)"),
        ("Plain ASCII in UTF-16".encode("utf-16-be"), "UTF-16 text (big-endian, no byte-order mark)"),
        (TEXT.encode("utf-32"), "UTF-32 text (little-endian)"),
        ("Café costs fell to 95 ms; naïve estimates.".encode("latin-1"), "Latin-1 (Windows-1252) text"),
        ("“Curly quotes” – and a dash.".encode("cp1252"), "Latin-1 (Windows-1252) text"),
        (bytes(range(256)) * 4, "binary data"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xd2\x8b", "binary data"),
    ],
)
def test_not_utf8_names_the_encoding(data, found):
    with pytest.raises(InputError, match="the answer is not UTF-8 text") as caught:
        decode_answer(data, name="answer.txt")
    message = str(caught.value)
    assert f"found {found}" in message and "answer.txt" in message and "save it again choosing UTF-8" in message
    assert "\n" not in message


@pytest.mark.parametrize("size", [1, 4096])
def test_a_file_of_zero_bytes_says_so(size):
    with pytest.raises(InputError, match=r"only zero \(NUL\) bytes") as caught:
        decode_answer(bytes(size), name="blank.txt")
    assert f"{size:,} NUL bytes" in str(caught.value)


def test_too_large_is_refused_before_decoding():
    with pytest.raises(InputError, match="too large"):
        decode_answer(b"a" * (MAX_ANSWER_BYTES + 1), name="huge.txt")


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300))
def test_law_any_utf8_text_without_nul_comes_back_unchanged(text):
    assert decode_answer(text.encode("utf-8"), name="a.txt") == text.removeprefix("\ufeff")
