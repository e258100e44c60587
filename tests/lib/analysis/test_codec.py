"""The generic JSON codec: records round-trip, documented shapes come from field options."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.analysis import Record, json_field, json_meta
from lib.analysis._codec import decode_value, encode_value


@dataclass(frozen=True)
class Part(Record):
    name: str
    value: float | None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group(Record):
    json_extras = ("total", ("label", "describe"))

    name: str
    metrics: dict[str, float | None] = field(metadata=json_meta(flatten=True))
    ci: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(v for v in self.metrics.values() if v is not None)

    def describe(self) -> str:
        return f"group {self.name}"


@dataclass(frozen=True, eq=False)
class Whole(Record):
    rows: int = field(metadata=json_meta(name="n_rows"))
    parts: tuple[Part, ...] = field(metadata=json_meta(keyed_by="name"))
    groups: tuple[Group, ...] = ()
    table: pd.DataFrame = field(default_factory=pd.DataFrame)
    values: np.ndarray | None = json_field(omit=True)
    extra: dict[str, Any] = field(default_factory=dict)


def whole() -> Whole:
    return Whole(
        rows=3,
        parts=(Part("a", 1.5, ("x",)), Part("b", None)),
        groups=(Group("g", {"rate": 0.25, "gap": None}, {"rate": (0.1, 0.4)}),),
        table=pd.DataFrame({"month": pd.to_datetime(["2024-01-01", "2024-02-01"]), "cost": [1.0, np.nan]}),
        values=np.ones((2, 2)),
        extra={"nested": [1, 2.5, None], "flag": True},
    )


def test_field_options_shape_the_json():
    payload = whole().to_dict()
    assert payload["n_rows"] == 3 and "rows" not in payload
    assert payload["parts"] == {"a": {"value": 1.5, "tags": ["x"]}, "b": {"value": None, "tags": []}}
    group = payload["groups"][0]
    assert group["rate"] == 0.25 and group["gap"] is None and "metrics" not in group
    assert group["total"] == 0.25 and group["label"] == "group g"
    assert "values" not in payload
    assert payload["table"] == [{"month": "2024-01-01", "cost": 1.0}, {"month": "2024-02-01", "cost": None}]
    json.dumps(payload, allow_nan=False)


def test_from_dict_inverts_to_dict_and_ignores_extras():
    payload = whole().to_dict()
    again = Whole.from_dict(json.loads(json.dumps(payload)))
    assert again.to_dict() == payload
    assert again.values is None
    assert again.parts[0] == Part("a", 1.5, ("x",))
    assert again.groups[0].metrics == {"rate": 0.25, "gap": None}
    assert again.groups[0].ci == {"rate": (0.1, 0.4)}


def test_non_finite_numbers_become_null():
    assert encode_value([math.nan, math.inf, -math.inf, np.float32(2.0)]) == [None, None, None, 2.0]
    assert math.isnan(decode_value(float, None))
    assert decode_value(float | None, None) is None


floats = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=64))
texts = st.text(max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(min_value=-(2**40), max_value=2**40),
    parts=st.dictionaries(texts, st.tuples(floats, st.lists(texts, max_size=3)), max_size=4),
    metrics=st.dictionaries(
        st.text(min_size=1, max_size=8).filter(lambda k: k not in {"name", "ci"}), floats, max_size=4
    ),
    extra=st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), texts, floats),
        lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3)),
        max_leaves=8,
    ),
)
def test_round_trip_law_holds_for_any_values(rows, parts, metrics, extra):
    record = Whole(
        rows=rows,
        parts=tuple(Part(name, value, tuple(tags)) for name, (value, tags) in parts.items()),
        groups=(Group("g", metrics),),
        extra={"x": extra},
    )
    payload = record.to_dict()
    assert Whole.from_dict(json.loads(json.dumps(payload))).to_dict() == payload
