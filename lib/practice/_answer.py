"""Reading an answer from a file: UTF-8 text, or one clear message that names what the file holds."""

from __future__ import annotations

import codecs

from lib.errors import InputError
from lib.practice._specs import MAX_ANSWER_CHARS

# UTF-8 spends at most four bytes on a character, so a longer file cannot hold an answer the spec accepts.
MAX_ANSWER_BYTES = 4 * MAX_ANSWER_CHARS
_EXPECTED = "a plain UTF-8 text file (save it again choosing UTF-8)"
# A UTF-16 file of English text has a zero byte in every other position.
_UTF16_NUL_SHARE = 0.9
# Latin-1 text has almost no control characters; arbitrary bytes have about one in eight.
_TEXT_CONTROL_SHARE = 0.02
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 text (little-endian)"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 text (big-endian)"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 text (little-endian)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 text (big-endian)"),
)


def _printable(text: str) -> bool:
    return all(c.isprintable() or c in "\t\r\n" for c in text)


def _unicode_without_bom(data: bytes) -> str | None:
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, letters, name in ((odd, even, "little-endian"), (even, odd, "big-endian")):
        if zeros.count(0) >= _UTF16_NUL_SHARE * len(zeros) and letters.count(0) == 0:
            return f"UTF-16 text ({name}, no byte-order mark)"
    return None


def _latin1(data: bytes) -> bool:
    # Windows-1252 is Latin-1 with curly quotes and dashes in 0x80-0x9F; five bytes there are unused.
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text if (ord(c) < 32 and c not in "\t\r\n") or c in "\x7f\ufffd")
    return any(c.isalpha() for c in text) and controls <= _TEXT_CONTROL_SHARE * len(text)


def _what_it_holds(data: bytes) -> str:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                if _printable(data[len(bom) :].decode(codec)):
                    return name
            except UnicodeDecodeError:
                pass
            break
    utf16 = _unicode_without_bom(data)
    if utf16:
        return utf16
    if 0 not in data and _latin1(data):
        return "Latin-1 (Windows-1252) text"
    return "binary data, not text in UTF-8, UTF-16 or Latin-1"


def decode_answer(data: bytes, *, name: str) -> str:
    """The text of an answer file, which must be UTF-8 (a byte-order mark is allowed).

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        The file's name, for messages.

    Returns
    -------
    str

    Raises
    ------
    InputError
        When the file is too large, holds only zero bytes, or is not UTF-8; the message names
        what it holds instead (UTF-16, UTF-32, Latin-1 text, or binary data).

    Examples
    --------
    >>> decode_answer("Week 1: audit spend.".encode(), name="a.txt")
    'Week 1: audit spend.'
    >>> decode_answer("café".encode("latin-1"), name="a.txt")
    Traceback (most recent call last):
    ...
    lib.errors.InputError: file 'a.txt': the answer is not UTF-8 text. Expected a plain UTF-8 text file (save it again choosing UTF-8); found Latin-1 (Windows-1252) text.
    """
    if len(data) > MAX_ANSWER_BYTES:
        raise InputError(
            "the answer file is too large",
            file=name,
            expected=f"at most {MAX_ANSWER_CHARS:,} characters of text",
            found=f"{len(data):,} bytes",
        )
    if data and data.count(0) == len(data):
        raise InputError(
            "the answer file holds only zero (NUL) bytes, no text",
            file=name,
            expected=_EXPECTED,
            found=f"{len(data):,} NUL bytes",
        )
    # Zero bytes are valid UTF-8, but text never holds them: a file with them is UTF-16 or binary.
    if 0 not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    raise InputError("the answer is not UTF-8 text", file=name, expected=_EXPECTED, found=_what_it_holds(data))


def decode_answer_prefix(data: bytes, *, name: str) -> tuple[str, int | None]:
    """The text of an answer file of any size: all of it, or its first part when it is too large to score whole.

    Parameters
    ----------
    data : bytes
        The file's content (or its first ``MAX_ANSWER_BYTES`` bytes and a few more).
    name : str
        The file's name, for messages.

    Returns
    -------
    (str, int or None)
        The text, and the file's size in bytes when only its first part was kept (None otherwise).

    Raises
    ------
    InputError
        When the (kept part of the) file is not UTF-8 text, as :func:`decode_answer`.

    Examples
    --------
    >>> text, size = decode_answer_prefix(("é" * 300_000).encode(), name="big.txt")
    >>> len(text), size
    (100000, 600000)
    """
    if len(data) <= MAX_ANSWER_BYTES:
        return decode_answer(data, name=name), None
    return cut_answer(decode_answer(_utf8_prefix(data[:MAX_ANSWER_BYTES]), name=name)), len(data)


def cut_answer(text: str) -> str:
    """At most ``MAX_ANSWER_CHARS`` characters, ending at a word when one ends near the limit."""
    if len(text) <= MAX_ANSWER_CHARS:
        return text
    kept = text[:MAX_ANSWER_CHARS]
    space = kept.rfind(" ", MAX_ANSWER_CHARS - 200)
    return kept[:space] if space > 0 else kept


def _utf8_prefix(data: bytes) -> bytes:
    # A cut can split a character's bytes: drop the partial character at the end (at most three bytes).
    for drop in range(4):
        try:
            (data[: len(data) - drop] if drop else data).decode("utf-8")
            return data[: len(data) - drop] if drop else data
        except UnicodeDecodeError as error:
            if error.start < len(data) - 4:
                return data  # an error well before the end: let decode_answer name what the file holds
    return data
