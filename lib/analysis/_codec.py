"""One JSON codec for every spec and result: dataclass fields in, plain JSON out, and back.

A record class never writes its own ``to_dict``. Its fields say everything:
the type hints tell :func:`decode` how to rebuild each value, and a few
per-field options (see :func:`json_field`) shape the JSON where a documented
format asks for it:

- ``omit``: the field stays out of the JSON (large per-row arrays); it needs a
  default, which :meth:`Record.from_dict` uses.

Options are given as ``dataclasses.field(metadata=json_meta(...))``.
- ``flatten``: a mapping whose items sit in the parent object (e.g. a group's
  metrics next to its name).
- ``keyed_by``: a tuple of records written as an object keyed by one of their
  fields (e.g. rubric dimensions keyed by name).
- ``name``: the JSON key when it differs from the field name.

Read-only values derived from the fields (``json_extras``) are added on the way
out and ignored on the way in, so ``from_dict(to_dict(r)).to_dict() == to_dict(r)``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import types
from collections.abc import Mapping
from typing import Any, ClassVar, Literal, Union, get_args, get_origin, get_type_hints

import numpy as np
import pandas as pd

from lib.errors import InputError

_OPTIONS = "json"


def json_meta(
    *,
    omit: bool = False,
    flatten: bool = False,
    keyed_by: str | None = None,
    name: str | None = None,
    omit_none: bool = False,
) -> dict[str, Any]:
    """Field metadata with JSON options, for ``dataclasses.field(metadata=json_meta(...))``.

    Parameters
    ----------
    omit : bool
        Leave the field out of the JSON; give the field a default, which ``from_dict`` uses.
    flatten : bool
        Write a mapping's items into the parent object.
    keyed_by : str, optional
        Write a tuple of records as an object keyed by this field of each record.
    name : str, optional
        JSON key to use instead of the field name.
    omit_none : bool
        Leave the key out when the value is None (a section that only some results have).

    Returns
    -------
    dict

    Examples
    --------
    >>> json_meta(name="rows")["json"]["name"]
    'rows'
    """
    return {_OPTIONS: {"omit": omit, "flatten": flatten, "keyed_by": keyed_by, "name": name, "omit_none": omit_none}}


def json_field(
    *,
    omit: bool = False,
    flatten: bool = False,
    keyed_by: str | None = None,
    name: str | None = None,
    default: Any = dataclasses.MISSING,
    default_factory: Any = dataclasses.MISSING,
    compare: bool = True,
) -> Any:
    """A dataclass field with JSON options (see :func:`json_meta`, which type checkers follow better).

    Parameters
    ----------
    omit : bool
        Leave the field out of the JSON; it then needs a default.
    flatten : bool
        Write a mapping's items into the parent object.
    keyed_by : str, optional
        Write a tuple of records as an object keyed by this field of each record.
    name : str, optional
        JSON key to use instead of the field name.
    default, default_factory, compare
        As for :func:`dataclasses.field`.

    Returns
    -------
    dataclasses.Field
    """
    if omit and default is dataclasses.MISSING and default_factory is dataclasses.MISSING:
        default = None
    options = {"omit": omit, "flatten": flatten, "keyed_by": keyed_by, "name": name}
    return dataclasses.field(
        default=default, default_factory=default_factory, compare=compare, metadata={_OPTIONS: options}
    )


def _options(f: dataclasses.Field[Any]) -> dict[str, Any]:
    return dict(f.metadata.get(_OPTIONS, {}))


def _json_name(f: dataclasses.Field[Any]) -> str:
    return _options(f).get("name") or f.name


class Record:
    """Base of frozen dataclasses that travel as JSON (specs, results and their parts).

    Subclasses are ``@dataclass(frozen=True)``; :meth:`to_dict` and
    :meth:`from_dict` work from their fields. ``json_extras`` names properties
    or no-argument methods whose values are added to the JSON for readers; an entry
    ``(key, attribute)`` writes the attribute under another JSON key.
    """

    json_extras: ClassVar[tuple[str | tuple[str, str], ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready mapping of this record (see :func:`encode`)."""
        return encode(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Any:
        """Rebuild a record from :meth:`to_dict`'s output.

        Parameters
        ----------
        data : mapping
            The JSON object.

        Returns
        -------
        Record
        """
        return decode(cls, data)


def encode(record: Any) -> dict[str, Any]:
    """JSON-ready mapping of a dataclass record: its fields, shaped by their options, plus extras.

    Parameters
    ----------
    record : dataclass instance

    Returns
    -------
    dict
    """
    out: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        options = _options(f)
        if options.get("omit") or (options.get("omit_none") and getattr(record, f.name) is None):
            continue
        value = encode_value(getattr(record, f.name))
        keyed_by = options.get("keyed_by")
        if keyed_by:
            value = {str(item[keyed_by]): {k: v for k, v in item.items() if k != keyed_by} for item in value}
        if options.get("flatten"):
            out.update(value)
        else:
            out[_json_name(f)] = value
    for key, attribute in _extras(type(record)).items():
        value = getattr(record, attribute)
        out[key] = encode_value(value() if callable(value) else value)
    return out


def _extras(cls: type) -> dict[str, str]:
    # Each entry is an attribute name, or a (JSON key, attribute name) pair.
    out = {}
    for item in getattr(cls, "json_extras", ()):
        key, attribute = item if isinstance(item, tuple) else (item, item)
        out[key] = attribute
    return out


def _frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    data = frame.copy()
    for column in data.columns:
        if pd.api.types.is_datetime64_any_dtype(data[column]):
            data[column] = data[column].dt.strftime("%Y-%m-%d")
    data.columns = [str(c) for c in data.columns]
    return [{k: encode_value(v) for k, v in row.items()} for row in data.to_dict(orient="records")]


def encode_value(value: Any) -> Any:
    """Plain JSON value of anything a record may hold (NaN and infinities become null).

    Parameters
    ----------
    value : object

    Returns
    -------
    object
        ``dict``, ``list``, ``str``, ``int``, ``float``, ``bool`` or ``None``.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else number
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value.to_dict() if hasattr(value, "to_dict") else encode(value)
    if isinstance(value, pd.DataFrame):
        return _frame_records(value)
    if isinstance(value, pd.Series):
        return [encode_value(v) for v in value.tolist()]
    if isinstance(value, np.ndarray):
        return [encode_value(v) for v in value.tolist()]
    if isinstance(value, Mapping):
        return {str(k): encode_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [encode_value(v) for v in value]
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        return value.isoformat()
    if value is pd.NA or value is pd.NaT:
        return None
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    # Resolving string annotations is slow; each class is resolved once.
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def decode(cls: type, data: Mapping[str, Any]) -> Any:
    """Rebuild a dataclass record of type ``cls`` from its JSON mapping (trusted input).

    Parameters
    ----------
    cls : type
        A dataclass whose JSON was made by :func:`encode`.
    data : mapping

    Returns
    -------
    object
        An instance of ``cls``.
    """
    hints = _hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.init]
    extras = set(_extras(cls))
    named = {_json_name(f) for f in fields if not _options(f).get("flatten")}
    kwargs: dict[str, Any] = {}
    for f in fields:
        options = _options(f)
        if options.get("omit"):
            continue
        if options.get("flatten"):
            raw: Any = {k: v for k, v in data.items() if k not in named and k not in extras}
        else:
            key = _json_name(f)
            if key not in data:
                continue  # the default applies
            raw = data[key]
        keyed_by = options.get("keyed_by")
        if keyed_by and isinstance(raw, Mapping):
            raw = [{keyed_by: k, **v} for k, v in raw.items()]
        kwargs[f.name] = decode_value(hints[f.name], raw)
    return cls(**kwargs)


def _is_optional(tp: Any) -> tuple[bool, list[Any]]:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        arms = list(get_args(tp))
        return type(None) in arms, [a for a in arms if a is not type(None)]
    return False, [tp]


def decode_value(tp: Any, raw: Any) -> Any:
    """Rebuild one value of type ``tp`` from JSON (lenient: for JSON this package wrote).

    Parameters
    ----------
    tp : type hint
    raw : object
        The JSON value.

    Returns
    -------
    object
    """
    optional, arms = _is_optional(tp)
    if raw is None:
        if optional:
            return None
        if arms and arms[0] is float:
            return math.nan
        return None
    if len(arms) > 1:
        for arm in arms:
            if _matches(arm, raw):
                return decode_value(arm, raw)
        return raw
    tp = arms[0]
    origin = get_origin(tp)
    if tp is Any or origin is Literal:
        return raw
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return tp.from_dict(raw) if hasattr(tp, "from_dict") else decode(tp, raw)
    if tp is pd.DataFrame:
        return pd.DataFrame.from_records(list(raw)) if raw else pd.DataFrame()
    if tp is np.ndarray:
        return np.asarray(raw, dtype=float if _all_numbers(raw) else object)
    if tp is float:
        return float(raw)
    if tp is int:
        return int(raw)
    if tp in (str, bool):
        return raw
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode_value(args[0], v) for v in raw)
        return tuple(decode_value(a, v) for a, v in zip(args, raw, strict=False))
    if origin is list:
        (item,) = get_args(tp) or (Any,)
        return [decode_value(item, v) for v in raw]
    if origin in (dict, Mapping) or tp is dict:
        args = get_args(tp)
        value_type = args[1] if len(args) == 2 else Any
        return {k: decode_value(value_type, v) for k, v in raw.items()}
    return raw


def _all_numbers(raw: Any) -> bool:
    flat = np.asarray(raw, dtype=object).ravel()
    return all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in flat)


def _matches(tp: Any, raw: Any) -> bool:
    origin = get_origin(tp) or tp
    if origin in (tuple, list):
        return isinstance(raw, list)
    if origin in (dict, Mapping) or (isinstance(origin, type) and dataclasses.is_dataclass(origin)):
        return isinstance(raw, Mapping)
    if origin is float:
        return isinstance(raw, (int, float)) and not isinstance(raw, bool)
    if origin is int:
        return isinstance(raw, int) and not isinstance(raw, bool)
    if origin is bool:
        return isinstance(raw, bool)
    if origin is str:
        return isinstance(raw, str)
    if get_origin(tp) is Literal:
        return raw in get_args(tp)
    return True


# --- strict reading of specs: every value checked against its field's type --------------------------

_MAX_INT = 2**63 - 1


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, (int, float)):
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return text if len(text) <= 40 else f"a number with {len(text)} digits"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _expected(tp: Any) -> str:
    optional, arms = _is_optional(tp)
    if len(arms) > 1:
        text = " or ".join(_expected(a) for a in arms)
    else:
        tp = arms[0]
        origin = get_origin(tp)
        if origin is Literal:
            text = "one of " + ", ".join(repr(a) for a in get_args(tp))
        elif tp is float:
            text = "a finite number"
        elif tp is int:
            text = "a whole number"
        elif tp is bool:
            text = "true or false"
        elif tp is str:
            text = "text"
        elif origin in (tuple, list):
            args = get_args(tp)
            text = f"a list of {_expected(args[0])}" if args else "a list"
            text = text.replace("a list of a ", "a list of ").replace("a list of an ", "a list of ")
        elif origin in (dict, Mapping) or tp is dict or (isinstance(tp, type) and dataclasses.is_dataclass(tp)):
            text = "an object"
        else:
            text = "a value"
    return text + (" or null" if optional else "")


def strict_value(tp: Any, raw: Any, *, path: str, file: str | None) -> Any:
    """Check a JSON value against a type hint and convert it, naming ``path`` when it does not fit.

    Parameters
    ----------
    tp : type hint
        The field's type.
    raw : object
        The JSON value.
    path : str
        Where the value sits, for the message (e.g. ``criteria[2].weight``).
    file : str, optional
        The file the spec came from.

    Returns
    -------
    object

    Raises
    ------
    InputError
        When the value does not have the expected type.
    """

    def refuse() -> InputError:
        return InputError(
            f"the spec field '{path}' has the wrong type", file=file, expected=_expected(tp), found=_describe(raw)
        )

    optional, arms = _is_optional(tp)
    if raw is None:
        if optional or tp is Any:
            return None
        raise refuse()
    if len(arms) > 1:
        for arm in arms:
            if _matches(arm, raw):
                return strict_value(arm, raw, path=path, file=file)
        raise refuse()
    tp = arms[0]
    origin = get_origin(tp)
    if tp is Any:
        return raw
    if origin is Literal:
        if raw not in get_args(tp) or isinstance(raw, bool) != any(isinstance(a, bool) for a in get_args(tp)):
            raise refuse()
        return raw
    if tp is float:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise refuse()
        if isinstance(raw, int) and abs(raw) > _MAX_INT:
            raise refuse()
        number = float(raw)
        if not math.isfinite(number):
            raise refuse()
        return number
    if tp is int:
        if isinstance(raw, float) and raw.is_integer() and abs(raw) <= _MAX_INT:
            return int(raw)
        if isinstance(raw, bool) or not isinstance(raw, int) or abs(raw) > _MAX_INT:
            raise refuse()
        return raw
    if tp is bool:
        if not isinstance(raw, bool):
            raise refuse()
        return raw
    if tp is str:
        if not isinstance(raw, str):
            raise refuse()
        return raw
    if origin in (tuple, list):
        if not isinstance(raw, list):
            raise refuse()
        args = get_args(tp)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return tuple(strict_value(args[0], v, path=f"{path}[{i}]", file=file) for i, v in enumerate(raw))
        if origin is tuple and args:
            if len(raw) != len(args):
                raise refuse()
            return tuple(
                strict_value(a, v, path=f"{path}[{i}]", file=file)
                for i, (a, v) in enumerate(zip(args, raw, strict=True))
            )
        item = args[0] if args else Any
        return [strict_value(item, v, path=f"{path}[{i}]", file=file) for i, v in enumerate(raw)]
    if origin in (dict, Mapping) or tp is dict:
        if not isinstance(raw, Mapping):
            raise refuse()
        args = get_args(tp)
        value_type = args[1] if len(args) == 2 else Any
        return {str(k): strict_value(value_type, v, path=f"{path}.{k}", file=file) for k, v in raw.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(raw, Mapping):
            raise refuse()
        return strict_record(tp, raw, path=path, file=file)
    return raw


def strict_record(cls: type, data: Mapping[str, Any], *, path: str = "", file: str | None = None) -> Any:
    """Build a record from untrusted JSON, refusing unknown, missing or mistyped fields.

    Parameters
    ----------
    cls : type
        A dataclass.
    data : mapping
    path : str
        Where the record sits in the spec ('' for the top level).
    file : str, optional
        The file the spec came from.

    Returns
    -------
    object

    Raises
    ------
    InputError
        Naming the field that is unknown, missing or of the wrong type.
    """
    hints = _hints(cls)
    fields = {_json_name(f): f for f in dataclasses.fields(cls) if f.init}
    prefix = f"{path}." if path else ""
    unknown = [k for k in data if k not in fields]
    if unknown:
        raise InputError(
            f"the spec has an unknown field '{prefix}{unknown[0]}'",
            file=file,
            expected="one of " + ", ".join(repr(f"{prefix}{k}") for k in fields),
        )
    kwargs = {}
    for key, f in fields.items():
        if key not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise InputError(f"the spec is missing the field '{prefix}{key}'", file=file)
            continue
        kwargs[f.name] = strict_value(hints[f.name], data[key], path=f"{prefix}{key}", file=file)
    try:
        return cls(**kwargs)
    except InputError as error:
        if not path or path in error.problem:
            raise
        # A nested record's own check does not know where it sits in the spec: say so.
        raise InputError(
            f"in '{path}': {error.problem}", file=error.file or file, column=error.column,
            expected=error.expected, found=error.found,
        ) from None  # fmt: skip


def coerce_sequences(record: Any) -> None:
    """Normalise values as JSON would return them (call from ``__post_init__`` of frozen records).

    Lists held by tuple-typed fields become tuples, and whole numbers held by
    float-typed fields become floats, so a record built in Python and the same
    record read back from JSON are equal and share a fingerprint.

    Parameters
    ----------
    record : dataclass instance
    """
    hints = _hints(type(record))
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        _, arms = _is_optional(hints[f.name])
        if isinstance(value, list) and any(get_origin(a) is tuple for a in arms):
            object.__setattr__(record, f.name, tuple(value))
        elif isinstance(value, int) and not isinstance(value, bool) and float in arms and int not in arms:
            object.__setattr__(record, f.name, float(value))
