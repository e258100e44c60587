"""Specs: every parameter an analysis needs, frozen, validated, and round-tripped through JSON."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar

from lib.analysis._codec import Record, coerce_sequences, encode, strict_record
from lib.errors import InputError

# The inputs most analyses read: one table, named "data".
DATA_TABLE: Mapping[str, str] = MappingProxyType({"data": "table"})
NO_INPUTS: Mapping[str, str] = MappingProxyType({})

# Deeper nesting than this is not a spec anyone wrote by hand; refusing it early keeps
# the parser from running out of stack on crafted files.
MAX_SPEC_DEPTH = 40
MAX_SPEC_BYTES = 20 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Spec(Record):
    """Base of every analysis spec.

    Subclasses are frozen dataclasses with a ``kind`` and a ``schema_version``
    (class variables). ``to_dict`` writes ``{"kind", "schema_version", ...fields}``;
    ``from_dict`` refuses unknown fields, wrong types, another kind and newer
    schema versions, naming the field. :meth:`validate` holds the checks that
    go beyond types (ranges, combinations) and runs on every construction.
    """

    kind: ClassVar[str] = ""
    schema_version: ClassVar[int] = 1
    # The inputs an analysis reads, by role ("data" -> "table", "model" -> "file").
    inputs: ClassVar[Mapping[str, str]] = NO_INPUTS

    def __post_init__(self) -> None:
        """Normalise list fields to tuples, then validate."""
        coerce_sequences(self)
        self.validate()

    def validate(self) -> None:
        """Check values beyond their types; raise :class:`InputError` naming the field."""

    def required_inputs(self) -> dict[str, str]:
        """Inputs this spec needs, by role (``table`` or ``file``); may depend on the spec's fields."""
        return dict(self.inputs)

    @property
    def seed_value(self) -> int | None:
        """The spec's random seed, when it has one."""
        return getattr(self, "seed", None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping: ``kind``, ``schema_version`` and every field."""
        return {"kind": self.kind, "schema_version": self.schema_version, **encode(self)}

    def to_json(self) -> str:
        """The spec as indented JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)

    def fingerprint(self) -> str:
        """SHA-256 of the canonical JSON: equal specs, equal fingerprints (a cache key)."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), allow_nan=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def replace(self, **changes: Any) -> Any:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, file: str | None = None) -> Any:
        """Read a spec from its JSON mapping, checking kind, schema version, fields and types.

        Parameters
        ----------
        data : mapping
            ``{"kind", "schema_version", ...fields}``; ``kind`` and ``schema_version`` may be left out.
        file : str, optional
            The file the spec came from, for messages.

        Returns
        -------
        Spec

        Raises
        ------
        InputError
            For another kind, a newer schema version, an unknown or missing field, or a wrong value.
        """
        if not isinstance(data, Mapping):
            raise InputError("a spec must be a JSON object", file=file, expected="{...}", found=type(data).__name__)
        body = dict(data)
        kind = body.pop("kind", cls.kind)
        if kind != cls.kind:
            raise InputError(
                "the spec is for another kind of analysis", file=file, expected=repr(cls.kind), found=repr(kind)
            )
        version = body.pop("schema_version", cls.schema_version)
        check_schema_version(version, current=cls.schema_version, what=f"{cls.kind} spec", file=file)
        try:
            return strict_record(cls, body, file=file)
        except InputError as error:
            raise error.with_file(file) if file else error from None


def check_schema_version(version: Any, *, current: int, what: str, file: str | None = None) -> int:
    """Refuse a schema version this release cannot read.

    Parameters
    ----------
    version : object
        The version found.
    current : int
        The newest version this release writes.
    what : str
        What carries the version (for the message).
    file : str, optional

    Returns
    -------
    int
        The version, when readable.

    Raises
    ------
    InputError
        When it is not a positive whole number or newer than ``current``.
    """
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputError(
            f"the {what} has an invalid schema_version", file=file, expected="a whole number of at least 1",
            found=repr(version)[:40],
        )  # fmt: skip
    if version > current:
        raise InputError(
            f"the {what} was written by a newer version of Decision Desk",
            file=file,
            expected=f"schema_version {current} or older",
            found=f"schema_version {version}",
        )
    return version


def _depth(value: Any, limit: int) -> int:
    # Iterative, so a crafted file cannot exhaust the stack while being measured.
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def read_json_text(text: str | bytes, *, file: str, what: str = "spec") -> Any:
    """Parse JSON from a file's text with one clear error for every way it can be bad.

    Parameters
    ----------
    text : str or bytes
        The file's content (bytes are read as UTF-8, a byte-order mark allowed).
    file : str
        The file's name, for messages.
    what : str
        What the file holds, for messages.

    Returns
    -------
    object

    Raises
    ------
    InputError
        Not UTF-8, not JSON, too deep, numbers too long, or too large.
    """
    if isinstance(text, bytes):
        if len(text) > MAX_SPEC_BYTES:
            raise InputError(
                f"the {what} file is too large", file=file, expected=f"at most {MAX_SPEC_BYTES // 2**20} MB of JSON"
            )
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"the {what} is not UTF-8 text", file=file, expected="a JSON file") from None
    text = text.lstrip("\ufeff")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"the {what} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})", file=file
        ) from None
    except RecursionError:
        raise InputError(
            f"the {what} is nested too deeply", file=file, expected=f"at most {MAX_SPEC_DEPTH} levels"
        ) from None
    except ValueError as error:  # e.g. an integer with thousands of digits
        first = (str(error).splitlines() or [""])[0][:120]
        raise InputError(f"the {what} cannot be read ({first})", file=file, expected="a JSON file") from None
    if _depth(value, MAX_SPEC_DEPTH) > MAX_SPEC_DEPTH:
        raise InputError(f"the {what} is nested too deeply", file=file, expected=f"at most {MAX_SPEC_DEPTH} levels")
    return value
